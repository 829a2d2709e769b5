// The Ansible family: which files are Ansible's (and which are not), what Ansible refuses (structure,
// actions, arguments), ansible-lint's rules with # noqa and .ansible-lint, quick fixes, variables,
// navigation, completion, hover, inventories and the Compose stack — inline texts, exact ranges.
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { ansibleFeature } from '../../../src/ansible/feature';
import { jinjaSpacing } from '../../../src/ansible/checks/jinjaSpacing';
import { ansibleFiles, kindOf, sniffKind } from '../../../src/ansible/model/kind';
import { familyEntries } from '../../../src/families/lazy.generated';
import { loadAnsibleServices } from '../../../src/ansible/host';
import type { Feature, FeatureContext } from '../../../src/features/feature';
import { codeActionsFor, diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings, type ArchipelSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, brief, cursor, repoRoot } from '../../helpers';

let feature: Feature | undefined;
const ansible = () => (feature ??= ansibleFeature(loadAnsibleServices(repoRoot)));

interface Workspace {
  index: WorkspaceIndex;
  context: FeatureContext;
  /** Every family's diagnostics of a file. */
  diagnose: (name: string) => Diagnostic[];
}

function workspace(files: Record<string, string>, settings: ArchipelSettings = defaultSettings): Workspace {
  const index = new WorkspaceIndex(indexOptions(settings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const context: FeatureContext = { index, settings, isCancelled: () => false };
  return { index, context, diagnose: (name) => diagnoseFile(index.get(`file:///p/${name}`)!, allFeatures(), context) };
}

/** Diagnostics of `name` (default: a playbook) among `others`, as `line:char-line:char code`. */
function check(text: string, name = 'site.yml', others: Record<string, string> = {}, settings?: ArchipelSettings): string[] {
  return workspace({ ...others, [name]: text }, settings).diagnose(name).map(brief);
}

function messages(text: string, name = 'site.yml', others: Record<string, string> = {}): string[] {
  return workspace({ ...others, [name]: text }).diagnose(name).map((d) => `${String(d.code)}: ${d.message}`);
}

const play = (tasks: string, head = '- name: Play\n  hosts: all\n  tasks:\n') => `---\n${head}${tasks}`;

/** Applies a code action's edits to a text. */
function apply(text: string, action: CodeAction, uri: string): string {
  const edits: TextEdit[] = [...(action.edit?.changes?.[uri] ?? [])];
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  edits.sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of edits) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

function fix(text: string, code: string, name = 'site.yml'): string {
  const ws = workspace({ [name]: text });
  const uri = `file:///p/${name}`;
  const diagnostics = ws.diagnose(name).filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `no ${code}`);
  const actions = ansible().codeActions!(ws.index.get(uri)!, diagnostics[0].range, [diagnostics[0]], ws.context);
  assert.ok(actions.length > 0, `no fix for ${code}`);
  return apply(text, actions[0], uri);
}

describe('Ansible: which files are Ansible\'s', () => {
  it('by layout: a role\'s folders, group_vars, inventories, ansible.cfg, requirements.yml', () => {
    assert.equal(kindOf('file:///r/roles/web/tasks/main.yml', []), 'tasks');
    assert.equal(kindOf('file:///r/roles/web/handlers/main.yml', []), 'handlers');
    assert.equal(kindOf('file:///r/roles/web/defaults/main.yml', { a: 1 }), 'vars');
    assert.equal(kindOf('file:///r/roles/web/meta/main.yml', { galaxy_info: {} }), 'meta');
    assert.equal(kindOf('file:///r/group_vars/all.yml', { a: 1 }), 'vars');
    assert.equal(kindOf('file:///r/inventory/hosts', undefined), 'ini-inventory');
    assert.equal(kindOf('file:///r/hosts.yml', { all: { hosts: { a: null } } }), 'inventory');
    assert.equal(kindOf('file:///r/ansible.cfg', undefined), 'config');
    assert.equal(kindOf('file:///r/requirements.yml', { collections: ['community.general'] }), 'requirements');
  });
  it('by content: plays anywhere, tasks naming Ansible\'s actions; a list of named things is not a playbook', () => {
    assert.equal(kindOf('file:///r/deploy/site.yml', [{ name: 'x', hosts: 'all' }]), 'playbook');
    assert.equal(kindOf('file:///r/x.yml', [{ import_playbook: 'a.yml' }]), 'playbook');
    assert.equal(kindOf('file:///r/setup.yml', [{ name: 'a', 'ansible.builtin.apt': { name: 'x' } }]), 'tasks');
    assert.equal(kindOf('file:///r/people.yml', [{ name: 'Ann', role: 'dev' }]), undefined);
    assert.equal(kindOf('file:///r/k8s/deploy.yml', { apiVersion: 'apps/v1', kind: 'Deployment' }), undefined);
    assert.equal(sniffKind('---\n- name: Site\n  hosts: web\n  tasks: []\n'), 'playbook');
    assert.equal(sniffKind('- name: Install\n  ansible.builtin.apt:\n    name: x\n'), 'tasks');
    assert.equal(sniffKind('on: push\njobs:\n  a:\n    steps:\n      - run: x\n'), undefined);
    assert.equal(sniffKind('- name: a\n  value: b\n'), undefined);
  });
  it("the light entry's sniff is the family's own, copied whole (issue #84: it was `() => true`, so choosing the families took every YAML file as Ansible's candidate)", () => {
    const light = familyEntries.find((entry) => entry.id === 'ansible')?.files?.sniff?.claims;
    assert.ok(light && ansibleFiles.sniff, 'both have a sniff');
    assert.notEqual(light.toString(), '() => true');
    // The keys the sniff holds inline are kindOf's (PLAY_KEYS, TASK_MARKERS): the same answer on each, and on heads that are not Ansible's.
    const heads = [
      ...['hosts', 'import_playbook', 'ansible.builtin.import_playbook', 'ansible.legacy.import_playbook', 'block', 'include_tasks', 'import_tasks', 'include_role', 'import_role', 'include_vars', 'set_fact', 'ansible.builtin.apt', 'ansible.legacy.shell', 'name', 'groups', 'rules', 'hostsx', 'ansible.community.x'].map((key) => `- ${key}: x\n`),
      'groups:\n\n- name: ApacheExporter\n  rules:\n    - alert: ApacheDown\n',
      '# comment\n---\n- name: a\n  hosts: all\n',
      'services:\n  api:\n    image: nginx\n',
      '-\n  block:\n',
    ];
    const kinds = heads.map((head) => [light(head), ansibleFiles.sniff!.claims(head), sniffKind(head) ?? null, kindOf('file:///r/x.yml', [Object.fromEntries([[/^- ([\w.]+):/.exec(head)?.[1] ?? '', 'x']])]) ?? null]);
    assert.deepEqual(kinds, [
      [true, true, 'playbook', 'playbook'],
      [true, true, 'playbook', 'playbook'],
      [true, true, 'playbook', 'playbook'],
      [true, true, 'playbook', 'playbook'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [true, true, 'tasks', 'tasks'],
      [false, false, null, null],
      [false, false, null, null],
      [false, false, null, null],
      [false, false, null, null],
      [false, false, null, null],
      [false, false, null, null],
      [true, true, 'playbook', null],
      [false, false, null, null],
      [true, true, 'tasks', null],
    ]);
  });
  it('other YAML families keep their files: a manifest, a workflow, a Compose file and a rule file get no Ansible finding', () => {
    const files = {
      'k8s/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "yes"\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo yes\n',
      'compose.yaml': 'services:\n  api:\n    image: nginx:1.27\n',
      'rules/alerts.yml': 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n',
    };
    const ws = workspace(files);
    for (const name of Object.keys(files)) assert.deepEqual(ws.diagnose(name).filter((d) => String(d.code).startsWith('ansible-')).map(brief), [], name);
  });
  it('and Ansible\'s files get no finding of the other families (a vars file with global: and groups: keys, a playbook)', () => {
    const ws = workspace({
      'group_vars/all.yml': '---\ntests: 1\nrule_files: x\nalerting: z\n',
      'site.yml': play('    - name: Ping\n      ansible.builtin.ping:\n'),
    });
    assert.deepEqual(ws.diagnose('group_vars/all.yml').map(brief), []);
    assert.deepEqual(ws.diagnose('site.yml').map(brief), []);
  });
});

describe('Ansible: what Ansible refuses', () => {
  it('a play without hosts, an unknown play keyword, a keyword of the wrong type', () => {
    assert.deepEqual(check('---\n- name: P\n  hosts: all\n  taks: []\n- name: Q\n  tasks: []\n'), ['3:2-3:6 ansible-schema-playbook', '4:2-4:6 ansible-schema-playbook']);
    assert.deepEqual(messages('---\n- name: P\n  hosts: all\n  become: {a: 1}\n'), ['ansible-schema-playbook: Expected boolean or string at [0].become, found a mapping.']);
  });
  it('an unknown module, with a did-you-mean quick fix; a collection\'s undocumented module is not judged', () => {
    assert.deepEqual(messages(play('    - name: Copy\n      ansible.builtin.cpy:\n        src: a\n        dest: b\n')), ["ansible-syntax-check-unknown-module: couldn't resolve module/action 'ansible.builtin.cpy'. Did you mean copy?"]);
    assert.deepEqual(check(play('    - name: Pod\n      kubernetes.core.k8s:\n        anything: 1\n')), []);
  });
  it('several actions, none, a keyword that is not a task\'s', () => {
    assert.deepEqual(messages(play('    - name: Two\n      ansible.builtin.ping:\n      ansible.builtin.debug:\n        msg: x\n')), ['ansible-syntax-check-specific: conflicting action statements: ansible.builtin.ping, ansible.builtin.debug']);
    assert.deepEqual(messages(play('    - name: None\n')), ['ansible-syntax-check-specific: no module/action detected in task.']);
    assert.deepEqual(messages(play('    - name: Extra\n      ansible.builtin.ping:\n      retry: 3\n')), ["ansible-syntax-check-specific: 'retry' is not a valid attribute for a Task (its action is ansible.builtin.ping)"]);
  });
  it('arguments: unknown (on its key), missing required, outside the choices (on its value), mutually exclusive, required_one_of', () => {
    assert.deepEqual(check(play('    - name: Pkg\n      ansible.builtin.apt:\n        nme: nginx\n')), ['6:8-6:11 ansible-args-module']);
    assert.deepEqual(messages(play('    - name: Git\n      ansible.builtin.git:\n        dest: /srv\n')), ['ansible-args-module: missing required arguments: repo']);
    assert.deepEqual(check(play('    - name: File\n      ansible.builtin.file:\n        path: /x\n        state: folder\n')), ['7:15-7:21 ansible-args-module', '5:6-5:26 ansible-risky-file-permissions']);
    assert.deepEqual(messages(play('    - name: Line\n      ansible.builtin.lineinfile:\n        path: /x\n        line: z\n        insertbefore: BOF\n        insertafter: EOF\n')), ['ansible-args-module: parameters are mutually exclusive: insertbefore|insertafter']);
    // A value from a template, arguments from `args: "{{ }}"` or module_defaults are not judged.
    assert.deepEqual(check(play('    - name: File\n      ansible.builtin.file:\n        path: /x\n        state: "{{ wanted }}"\n        mode: "0644"\n', '- name: Play\n  hosts: all\n  vars:\n    wanted: absent\n  tasks:\n')), []);
    assert.deepEqual(check(play('    - name: Git\n      ansible.builtin.git:\n        dest: /srv\n', '- name: Play\n  hosts: all\n  module_defaults:\n    ansible.builtin.git:\n      repo: https://example.com/r.git\n  tasks:\n')), []);
  });
  it('k=v arguments are read as Ansible\'s parse_kv does, free-form only where a module takes it', () => {
    assert.deepEqual(messages(play('    - name: Pkg\n      ansible.builtin.apt: name=nginx stat=present\n')).filter((m) => m.startsWith('ansible-args')), ['ansible-args-module: Unsupported parameters for (ansible.builtin.apt) module: stat. Did you mean state?']);
    assert.deepEqual(check(play('    - name: Echo\n      ansible.builtin.command: echo hi chdir=/tmp\n      changed_when: false\n')), []);
  });
  it('become_method must name a become plugin', () => {
    assert.deepEqual(messages('---\n- name: P\n  hosts: all\n  become: true\n  become_method: sudoo\n  tasks: []\n'), ["ansible-schema-playbook: Invalid become method specified, could not find matching plugin: 'sudoo'; did you mean sudo?"]);
  });
  it('an INI inventory\'s bad section and variables', () => {
    assert.deepEqual(check('[web\nhost1\n[web:vars]\nport\n', 'inventory/hosts'), ['0:0-0:4 ansible-inventory', '3:0-3:4 ansible-inventory']);
  });
  it('an ansible.cfg key one letter from a known one, with its fix', () => {
    assert.deepEqual(messages('[defaults]\ninventory = hosts\nforcks = 5\ncallbacks_enabled = x\n', 'ansible.cfg'), ['ansible-config: ansible.cfg: [defaults] has no key forcks; did you mean forks?']);
  });
});

describe('Ansible: ansible-lint\'s rules', () => {
  it('fqcn[action-core] with ansible-lint\'s fix, fqcn[action] for a short name routed to a collection', () => {
    const text = play('    - name: Ping\n      ping:\n');
    assert.deepEqual(check(text), ['5:6-5:10 ansible-fqcn-action-core']);
    assert.equal(fix(text, 'ansible-fqcn-action-core'), play('    - name: Ping\n      ansible.builtin.ping:\n'));
    assert.deepEqual(messages(play('    - name: Ini\n      ini_file:\n        path: /x\n        section: s\n        mode: "0644"\n')), ['ansible-fqcn-action: Use FQCN for module actions, such `community.general.ini_file`.']);
  });
  it('name[missing], name[play], name[casing] with its fix, name[template]', () => {
    assert.deepEqual(check('---\n- hosts: all\n  tasks:\n    - ansible.builtin.ping:\n'), ['3:6-3:26 ansible-name-missing', '1:2-1:7 ansible-name-play']);
    const text = play('    - name: ping it\n      ansible.builtin.ping:\n');
    assert.deepEqual(check(text), ['4:12-4:19 ansible-name-casing']);
    assert.equal(fix(text, 'ansible-name-casing'), play('    - name: Ping it\n      ansible.builtin.ping:\n'));
    assert.deepEqual(check(play('    - name: Install {{ pkg }} now\n      ansible.builtin.ping:\n', '- name: Play\n  hosts: all\n  vars:\n    pkg: x\n  tasks:\n')), ['6:12-6:33 ansible-name-template']);
  });
  it('no-changed-when, command-instead-of-shell (with its fix), command-instead-of-module, risky-shell-pipe', () => {
    const shell = play('    - name: List\n      ansible.builtin.shell: ls /tmp\n');
    assert.deepEqual(check(shell), ['5:6-5:27 ansible-no-changed-when', '5:6-5:27 ansible-command-instead-of-shell']);
    assert.equal(fix(shell, 'ansible-command-instead-of-shell'), play('    - name: List\n      ansible.builtin.command: ls /tmp\n'));
    assert.deepEqual(messages(play('    - name: Up\n      ansible.builtin.command: systemctl restart nginx\n      changed_when: true\n')), ['ansible-command-instead-of-module: systemctl used in place of systemd module']);
    assert.deepEqual(check(play('    - name: Count\n      ansible.builtin.shell: cat x | wc -l\n      changed_when: false\n')), ['5:6-5:27 ansible-risky-shell-pipe']);
    assert.deepEqual(check(play('    - name: Count\n      ansible.builtin.shell: set -o pipefail && cat x | wc -l\n      changed_when: false\n')), []);
  });
  it('risky-file-permissions, risky-octal (the value as Ansible reads it, YAML 1.1) with its fix, package-latest', () => {
    assert.deepEqual(check(play('    - name: Copy\n      ansible.builtin.copy:\n        src: a\n        dest: /b\n')), ['5:6-5:26 ansible-risky-file-permissions']);
    const octal = play('    - name: File\n      ansible.builtin.file:\n        path: /a\n        state: directory\n        mode: 755\n');
    assert.deepEqual(check(octal), ['8:14-8:17 ansible-risky-octal']);
    assert.equal(fix(octal, 'ansible-risky-octal'), octal.replace('mode: 755', 'mode: "0755"'));
    // 0755 is octal to Ansible (and yaml[octal-values] asks for quotes).
    assert.deepEqual(check(octal.replace('mode: 755', 'mode: 0755')), ['8:14-8:18 ansible-yaml-octal-values']);
    assert.deepEqual(check(play('    - name: Pkg\n      ansible.builtin.apt:\n        name: nginx\n        state: latest\n')), ['7:15-7:21 ansible-package-latest']);
  });
  it('partial-become with its fix, literal-compare, no-handler, no-jinja-when with its fix', () => {
    const become = play('    - name: As postgres\n      ansible.builtin.ping:\n      become_user: postgres\n');
    assert.deepEqual(check(become), ['6:6-6:17 ansible-partial-become']);
    assert.equal(fix(become, 'ansible-partial-become'), become.replace('      become_user', '      become: true\n      become_user'));
    assert.deepEqual(check(play('    - name: X\n      ansible.builtin.ping:\n      when: ready == True\n', '- name: Play\n  hosts: all\n  vars:\n    ready: true\n  tasks:\n')), ['8:12-8:25 ansible-literal-compare']);
    const handler = play('    - name: Write\n      ansible.builtin.copy:\n        content: x\n        dest: /a\n        mode: "0644"\n      register: written\n    - name: Then\n      ansible.builtin.ping:\n      when: written.changed\n');
    assert.deepEqual(check(handler), ['12:12-12:27 ansible-no-handler']);
    const jinja = play('    - name: X\n      ansible.builtin.ping:\n      when: "{{ ready }}"\n', '- name: Play\n  hosts: all\n  vars:\n    ready: true\n  tasks:\n');
    assert.deepEqual(check(jinja), ['8:12-8:25 ansible-no-jinja-when']);
    assert.equal(fix(jinja, 'ansible-no-jinja-when'), jinja.replace('when: "{{ ready }}"', 'when: ready'));
  });
  it('no-free-form with its fix, deprecated-local-action with its fix, deprecated-bare-vars', () => {
    const free = play('    - name: Pkg\n      ansible.builtin.apt: name=nginx state=present\n');
    assert.deepEqual(check(free), ['5:6-5:25 ansible-no-free-form']);
    assert.equal(fix(free, 'ansible-no-free-form'), play('    - name: Pkg\n      ansible.builtin.apt:\n        name: nginx\n        state: present\n'));
    const local = play('    - name: Ping\n      local_action: ansible.builtin.ping\n');
    assert.deepEqual(check(local), ['5:6-5:18 ansible-deprecated-local-action']);
    assert.equal(fix(local, 'ansible-deprecated-local-action'), play('    - name: Ping\n      ansible.builtin.ping:\n      delegate_to: localhost\n'));
    assert.deepEqual(check(play('    - name: Each\n      ansible.builtin.debug:\n        msg: "{{ item }}"\n      with_items: packages\n')), ['7:18-7:26 ansible-deprecated-bare-vars']);
  });
  it('key-order[task] with its fix', () => {
    const text = play('    - ansible.builtin.debug:\n        msg: x\n      when: true\n      name: Debug\n');
    assert.deepEqual(check(text), ['4:6-4:27 ansible-key-order-task']);
    assert.equal(fix(text, 'ansible-key-order-task'), play('    - name: Debug\n      ansible.builtin.debug:\n        msg: x\n      when: true\n'));
  });
  it('var-naming on play vars, register, set_fact and vars files', () => {
    assert.deepEqual(messages(play('    - name: Fact\n      ansible.builtin.set_fact:\n        myFact: 1\n', '- name: Play\n  hosts: all\n  vars:\n    Bad-Name: 1\n  tasks:\n')), ['ansible-var-naming-pattern: Variables names should match ^[a-z_][a-z0-9_]*$ pattern: Bad-Name', 'ansible-var-naming-pattern: Variables names should match ^[a-z_][a-z0-9_]*$ pattern: myFact']);
    assert.deepEqual(check('---\nHTTP_port: 80\n', 'group_vars/web.yml'), ['1:0-1:9 ansible-var-naming-pattern']);
  });
  it('jinja[invalid], jinja[spacing] with its fix', () => {
    const invalid = messages(play('    - name: X\n      ansible.builtin.debug:\n        msg: "{{ 1 + }}"\n'));
    assert.equal(invalid.length, 1);
    assert.match(invalid[0], /^ansible-jinja-invalid: Syntax error in jinja2 template: \{\{ 1 \+ \}\} \(/);
    const spacing = play('    - name: X\n      ansible.builtin.debug:\n        msg: "{{ 1+2 }}"\n');
    assert.deepEqual(check(spacing), ['6:13-6:24 ansible-jinja-spacing']);
    assert.equal(fix(spacing, 'ansible-jinja-spacing'), spacing.replace('1+2', '1 + 2'));
  });
  it('jinja[spacing] as ansible-lint\'s own cases', () => {
    const cases: [string, string][] = [
      ['{{-x}}{#a#}{%1%}', '{{- x }}{# a #}{% 1 %}'],
      ["{{{'dummy_2':1}|true}}", "{{ {'dummy_2': 1} | true }}"],
      ["{{ {'test': {'subtest': variable}} }}", "{{ {'test': {'subtest': variable}} }}"],
      ["{{foo(x =['server_options'])}}", "{{ foo(x=['server_options']) }}"],
      ["{{ r(a= 1,b= True,c= 0.0,d= '') }}", "{{ r(a=1, b=True, c=0.0, d='') }}"],
      ['{{ [ x ] if x is string else x }}', '{{ [x] if x is string else x }}'],
      ['{{ - 2 }}', '{{ -2 }}'],
      ['{{ foo[2: 4] }}', '{{ foo[2:4] }}'],
      ["{{ lookup('file'   ,  '/tmp/non-existent',  errors='ignore') }}", "{{ lookup('file', '/tmp/non-existent', errors='ignore') }}"],
      ['{{ x ** 2 }}', '{{ x**2 }}'],
    ];
    for (const [input, output] of cases) assert.equal(jinjaSpacing(input), output, input);
    // black refuses these as Python: ansible-lint says nothing.
    assert.equal(jinjaSpacing("{{ '-' ~ x }}"), undefined);
    assert.equal(jinjaSpacing('{{ x if y }}'), undefined);
  });
  it('yaml[truthy] with its fix, yaml[trailing-spaces], yaml[comments], yaml[line-length], # yamllint disable-line', () => {
    const truthy = play('    - name: X\n      ansible.builtin.apt:\n        update_cache: yes\n');
    assert.deepEqual(check(truthy), ['6:22-6:25 ansible-yaml-truthy']);
    assert.equal(fix(truthy, 'ansible-yaml-truthy'), truthy.replace('yes', 'true'));
    assert.deepEqual(check(play('    - name: X   \n      ansible.builtin.ping: #no space\n')), ['4:13-4:16 ansible-yaml-trailing-spaces', '5:28-5:29 ansible-yaml-comments']);
    assert.deepEqual(check(play(`    - name: X\n      ansible.builtin.debug:\n        msg: ${'a b '.repeat(45)}end\n`)), ['6:160-6:196 ansible-yaml-line-length']);
    assert.deepEqual(check(play('    - name: X\n      ansible.builtin.apt:\n        update_cache: yes # yamllint disable-line rule:truthy\n')), []);
  });
  it('# noqa: a rule, a rule with its sub-rules, on any line of the task; skip_ansible_lint', () => {
    assert.deepEqual(check(play('    - name: Ping # noqa: fqcn[action-core]\n      ping:\n')), []);
    assert.deepEqual(check(play('    - name: Ping\n      ping: # noqa fqcn\n')), []);
    assert.deepEqual(check(play('    - name: Ping\n      ping: # noqa: name\n')), ['5:6-5:10 ansible-fqcn-action-core']);
    assert.deepEqual(check(play('    - name: Ping\n      ping:\n      tags: [skip_ansible_lint]\n')), []);
  });
  it('.ansible-lint: skip_list, enable_list for opt-in rules, exclude_paths', () => {
    const text = play('    - name: Ping\n      ping:\n      when: x != ""\n', '- name: Play\n  hosts: all\n  vars:\n    x: a\n  tasks:\n');
    assert.deepEqual(check(text), ['7:6-7:10 ansible-fqcn-action-core']);
    assert.deepEqual(check(text, 'site.yml', { '.ansible-lint': 'skip_list:\n  - fqcn\nenable_list:\n  - empty-string-compare\n' }), ['8:12-8:19 ansible-empty-string-compare']);
    assert.deepEqual(check(text, 'legacy/site.yml', { '.ansible-lint': 'exclude_paths:\n  - legacy/\n' }), []);
  });
  it('# archipel-ignore takes Archipel\'s ids, and archipel.rules their severity', () => {
    assert.deepEqual(check(play('    - name: Ping\n      # archipel-ignore ansible-fqcn-action-core\n      ping:\n')), []);
    assert.deepEqual(check(play('    - name: Ping\n      ping:\n'), 'site.yml', {}, { ...defaultSettings, rules: { 'ansible-fqcn-action-core': 'off' } }), []);
  });
});

describe('Ansible: variables, roles, handlers', () => {
  const role = {
    'roles/web/defaults/main.yml': '---\nweb_port: 80\n',
    'roles/web/tasks/main.yml': '---\n- name: Listen\n  ansible.builtin.debug:\n    msg: "{{ web_port }} {{ web_host }}"\n  notify: Reload web\n',
    'roles/web/handlers/main.yml': '---\n- name: Reload web\n  ansible.builtin.debug:\n    msg: reload\n',
  };
  it('a variable defined nowhere is a warning on its name; defaults, inventories, registers, facts, magic variables and guards are known', () => {
    const ws = workspace({ ...role, 'inventory/hosts': '[web]\nw1 web_host=10.0.0.1\n' });
    assert.deepEqual(ws.diagnose('roles/web/tasks/main.yml').map(brief), []);
    assert.deepEqual(check('---\n- name: Show\n  ansible.builtin.debug:\n    msg: "{{ web_prot }} {{ ansible_hostname }} {{ inventory_hostname }} {{ maybe | default(1) }} {{ item }}"\n  when: other is defined\n', 'roles/web/tasks/extra.yml', role), ['3:13-3:21 ansible-undefined-variable']);
    // A condition testing a variable for definedness guards the task's templates and the rest of its own expression
    // (its blocks' conditions too); an `or`, or a `not … is defined`, guards nothing further.
    const guarded = '---\n- name: Guarded\n  when: proxy is defined\n  block:\n    - name: Write\n      ansible.builtin.debug:\n        msg: "{{ proxy }} {{ key }}"\n      when:\n        - key is defined\n        - token is not defined or not token\n    - name: Either\n      ansible.builtin.debug:\n        msg: "{{ other }}"\n      when: other is defined or not other\n';
    assert.deepEqual(check(guarded, 'roles/web/tasks/extra.yml', role), ['12:17-12:22 ansible-undefined-variable']);
  });
  it('go to definition: a variable, a handler from notify, a role', () => {
    const ws = workspace({ ...role, 'site.yml': '---\n- name: Site\n  hosts: all\n  roles:\n    - web\n' });
    const tasks = ws.index.get('file:///p/roles/web/tasks/main.yml')!;
    const at = (file: typeof tasks, text: string) => file.text.indexOf(text) + 1;
    assert.deepEqual(ansible().definition!(tasks, at(tasks, 'web_port'), ws.context).map((l) => `${l.uri} ${l.range.start.line}`), ['file:///p/roles/web/defaults/main.yml 1']);
    assert.deepEqual(ansible().definition!(tasks, at(tasks, 'Reload web'), ws.context).map((l) => `${l.uri} ${l.range.start.line}`), ['file:///p/roles/web/handlers/main.yml 1']);
    const site = ws.index.get('file:///p/site.yml')!;
    assert.deepEqual(ansible().definition!(site, site.text.indexOf('- web') + 3, ws.context).map((l) => l.uri), ['file:///p/roles/web/tasks/main.yml']);
  });
  it('a role nothing provides, a handler nothing answers', () => {
    assert.deepEqual(check('---\n- name: Site\n  hosts: all\n  roles:\n    - webb\n    - geerlingguy.docker\n', 'site.yml', role), ['4:6-4:10 ansible-role-not-found']);
    assert.deepEqual(check('---\n- name: X\n  ansible.builtin.ping:\n  notify: Reload wbe\n', 'roles/web/tasks/other.yml', role), ['3:10-3:20 ansible-handler-not-found']);
  });
});

describe('Ansible: completion and hover from the modules\' data', () => {
  it('modules and keywords at a task\'s keys, arguments in a module\'s mapping, choices at a value', () => {
    const complete = (marked: string) => {
      const { text, offset } = cursor(marked);
      const ws = workspace({ 'site.yml': text });
      return ansible().completion!(ws.index.get('file:///p/site.yml')!, offset, ws.context).map((item) => item.label);
    };
    const keys = complete(play('    - name: X\n      ansi|\n'));
    assert.ok(keys.includes('ansible.builtin.apt') && keys.includes('when'));
    const args = complete(play('    - name: X\n      ansible.builtin.apt:\n        |\n'));
    assert.ok(args.includes('update_cache') && args.includes('state'));
    assert.deepEqual(complete(play('    - name: X\n      ansible.builtin.apt:\n        state: |\n')), ['absent', 'build-dep', 'latest', 'present', 'fixed']);
  });
  it('hover: a module, an argument, a variable', () => {
    const text = play('    - name: X\n      ansible.builtin.apt:\n        name: "{{ pkg }}"\n', '- name: Play\n  hosts: all\n  vars:\n    pkg: nginx\n  tasks:\n');
    const ws = workspace({ 'site.yml': text });
    const file = ws.index.get('file:///p/site.yml')!;
    const hover = (at: number) => { const h = ansible().hover!(file, at, ws.context); return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : ''; };
    assert.match(hover(text.indexOf('builtin.apt') + 2), /\*\*ansible\.builtin\.apt\*\*[\s\S]*apt_module\.html/);
    assert.match(hover(text.indexOf('name: "') + 1), /\*\*name\*\* \(ansible\.builtin\.apt\): list\[str\][\s\S]*Aliases: `package`, `pkg`/);
    assert.match(hover(text.indexOf('pkg }}') + 1), /`pkg` is defined in:\n- p\/site\.yml/);
  });
});

describe('Ansible: the stack', () => {
  const compose = { 'compose.yaml': 'name: shop\nservices:\n  api:\n    image: nginx:1.27\n  db:\n    image: postgres:17\n    container_name: shop-db\n' };
  it('a Docker host\'s container must be one a Compose service runs', () => {
    const inventory = '[containers]\napi ansible_host=shop-api-1\ndb ansible_host=shop-db\nweb ansible_host=shop-web-1\nremote ansible_host=10.0.0.5 ansible_connection=ssh\n[containers:vars]\nansible_connection=community.docker.docker\n';
    assert.deepEqual(messages(inventory, 'inventory/hosts', compose), ['ansible-inventory-compose: no Compose service of the workspace runs a container named "shop-web-1"; did you mean shop-db-1?']);
    assert.deepEqual(check('all:\n  hosts:\n    shop-api-1:\n      ansible_connection: docker\n', 'inventory/hosts.yml', compose), []);
  });
});

describe('Ansible: every "did you mean" is a quick fix', () => {
  /** The texts after each quick fix the server offers for `code` in `name` (service.ts, features and the central fix alike). */
  function fixed(files: Record<string, string>, name: string, code: string): string[] {
    const ws = workspace(files);
    const uri = `file:///p/${name}`;
    const file = ws.index.get(uri)!;
    return ws.diagnose(name).filter((d) => d.code === code).flatMap((d) => codeActionsFor(file, d.range, [d], allFeatures(), ws.context).map((action) => apply(files[name], action, uri)));
  }
  const compose = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    container_name: web\n' };

  it('ansible-config: the key ansible-core reads in its section', () => {
    assert.deepEqual(fixed({ 'ansible.cfg': '[defaults]\ninventroy = hosts.ini\n' }, 'ansible.cfg', 'ansible-config'), ['[defaults]\ninventory = hosts.ini\n']);
  });
  it('ansible-schema-playbook and -tasks: the become plugin, when written plain', () => {
    const playbook = '- name: Site\n  hosts: all\n  become: true\n  become_method: sudoo\n  tasks: []\n';
    assert.deepEqual(fixed({ 'site.yml': playbook }, 'site.yml', 'ansible-schema-playbook'), [playbook.replace('sudoo', 'sudo')]);
    const tasks = '- name: Restart\n  ansible.builtin.command: /bin/true\n  changed_when: false\n  become_method: doass\n';
    assert.deepEqual(fixed({ 'roles/web/tasks/main.yml': tasks }, 'roles/web/tasks/main.yml', 'ansible-schema-tasks'), [tasks.replace('doass', 'doas')]);
    // Quoted, the span holds the quotes: no rewrite that would drop them.
    assert.deepEqual(fixed({ 'site.yml': playbook.replace('sudoo', '"sudoo"') }, 'site.yml', 'ansible-schema-playbook'), []);
  });
  it('ansible-inventory-compose: the host renamed when its name is the container, not when ansible_host names it', () => {
    assert.deepEqual(fixed({ ...compose, 'inventory/hosts': '[app]\nweeb ansible_connection=docker\n' }, 'inventory/hosts', 'ansible-inventory-compose'), ['[app]\nweb ansible_connection=docker\n']);
    assert.deepEqual(fixed({ ...compose, 'inventory/hosts.yml': 'all:\n  hosts:\n    weeb:\n      ansible_connection: docker\n' }, 'inventory/hosts.yml', 'ansible-inventory-compose'), ['all:\n  hosts:\n    web:\n      ansible_connection: docker\n']);
    assert.deepEqual(fixed({ ...compose, 'inventory/hosts': '[app]\nfront ansible_host=weeb ansible_connection=docker\n' }, 'inventory/hosts', 'ansible-inventory-compose'), []);
  });
});
