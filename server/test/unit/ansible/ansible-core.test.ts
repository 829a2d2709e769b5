// ansible-core 2.14 ∪ 2.19 as Ansible runs a task (issue #66): 2.14's task `include` (known, deprecated),
// what action plugins do with arguments their module does not document (fetch ignores them, service hands
// them to the host's service manager), required arguments, argument types with Ansible's own conversions,
// task files included from nowhere, Galaxy role names of a Molecule layout, templated include_vars —
// inline texts, exact ranges, codes and messages.
import assert from 'node:assert/strict';
import { CompletionItemTag, type Diagnostic } from 'vscode-languageserver-types';
import { ansibleFeature } from '../../../src/ansible/feature';
import { loadAnsibleServices } from '../../../src/ansible/host';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, brief, repoRoot } from '../../helpers';

/** Every family's diagnostics of `name` among `files` (relative paths under file:///p/). */
function diagnose(files: Record<string, string>, name: string): Diagnostic[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [file, text] of Object.entries(files)) index.update(`file:///p/${file}`, text);
  return diagnoseFile(index.get(`file:///p/${name}`)!, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false });
}

/** `line:char-line:char code message` of each diagnostic of `name` (default: a playbook). */
function check(text: string, name = 'site.yml', others: Record<string, string> = {}): string[] {
  return diagnose({ ...others, [name]: text }, name).map((d) => `${brief(d)} ${d.message}`);
}

const play = (tasks: string, head = '- name: Play\n  hosts: all\n  tasks:\n') => `---\n${head}${tasks}`;

describe('Ansible: 2.14\'s task include, known and deprecated', () => {
  it('include is a builtin action (no unknown-module error), with ansible-lint\'s deprecated-module and fqcn', () => {
    assert.deepEqual(check(play('    - name: Old include\n      include: other.yml\n'), 'site.yml', { 'other.yml': '---\n- name: Hello\n  ansible.builtin.debug:\n    msg: hi\n' }), [
      '5:6-5:13 ansible-deprecated-module include is deprecated: removed in ansible-core 2.16, use include_tasks/import_tasks',
      '5:6-5:13 ansible-fqcn-action-core Use FQCN for builtin module actions (include): ansible.builtin.include or ansible.legacy.include.',
    ]);
  });
  it('its k=v words after the path are variables of the included tasks; the file it names is an included task file', () => {
    const files = { 'tasks/web.yml': '---\n- name: Port\n  ansible.builtin.debug:\n    msg: "{{ port }}"\n' };
    assert.deepEqual(check(play('    - name: Web\n      ansible.builtin.include: tasks/web.yml port=80\n'), 'site.yml', files).filter((d) => !/deprecated-module|no-free-form/.test(d)), []);
    assert.deepEqual(check(files['tasks/web.yml'], 'tasks/web.yml', { 'site.yml': play('    - name: Web\n      ansible.builtin.include: tasks/web.yml port=80\n') }), []);
  });
});

describe('Ansible: arguments as action plugins handle them', () => {
  it('fetch ignores what its action plugin does not read: a warning, not an error', () => {
    assert.deepEqual(check(play('    - name: Get\n      ansible.builtin.fetch:\n        src: /etc/hosts\n        dest: out/\n        flat: true\n        mode: "0644"\n')), [
      "9:8-9:12 ansible-ignored-argument ansible.builtin.fetch ignores 'mode': its action plugin reads only dest, fail_on_missing, flat, src, validate_checksum",
    ]);
    // What it does read is still required.
    assert.deepEqual(check(play('    - name: Get\n      ansible.builtin.fetch:\n        src: /etc/hosts\n')), ['5:6-5:27 ansible-args-module missing required arguments: dest']);
  });
  it('service without name: its own specification when every argument is its own; a backend\'s argument hands it over', () => {
    assert.deepEqual(check(play('    - name: Restart\n      ansible.builtin.service:\n        state: restarted\n')), ['5:6-5:29 ansible-args-module missing required arguments: name']);
    assert.deepEqual(check(play('    - name: Nothing\n      ansible.builtin.service:\n        name: nginx\n')), ['5:6-5:29 ansible-args-module one of the following is required: state, enabled']);
    // systemd's daemon_reload: the host's service manager decides (systemd needs no name for it).
    assert.deepEqual(check(play('    - name: Reload\n      ansible.builtin.service:\n        daemon_reload: true\n')), []);
    // package runs no module of its own: its backend's (apt, dnf) specification decides.
    assert.deepEqual(check(play('    - name: Pkg\n      ansible.builtin.package:\n        name: nginx\n')), []);
  });
});

describe('Ansible: argument types, converted as Ansible converts them', () => {
  const task = (args: string) => play(`    - name: T\n      ansible.builtin.${args}`);
  it('bool: yes/no, on/off, 1/0 and their cases are booleans; anything else is an error on the value', () => {
    assert.deepEqual(check(task('apt:\n        name: nginx\n        update_cache: "Yes"\n        install_recommends: 0\n')), []);
    assert.deepEqual(check(task('apt:\n        name: nginx\n        update_cache: maybe\n')), [
      "7:22-7:27 ansible-args-module argument 'update_cache' is of type str and we were unable to convert to bool: The value 'maybe' is not a valid boolean. Valid booleans include: y, yes, on, 1, true, t, n, no, off, 0, false, f",
    ]);
    assert.deepEqual(check(task('apt:\n        name: nginx\n        update_cache: 2\n')).map((d) => d.replace(/: The value.*$/, '')), ["7:22-7:23 ansible-args-module argument 'update_cache' is of type int and we were unable to convert to bool"]);
  });
  it('int: numeric strings and integral numbers; a word, a fraction or a list is an error', () => {
    assert.deepEqual(check(task('wait_for:\n        port: "8080"\n        timeout: 30\n        delay: 1_0\n')), []);
    assert.deepEqual(check(task('wait_for:\n        port: http\n')), ["6:14-6:18 ansible-args-module argument 'port' is of type str and we were unable to convert to int: 'http' cannot be converted to an int"]);
    assert.deepEqual(check(task('wait_for:\n        port: 80.5\n')), ["6:14-6:18 ansible-args-module argument 'port' is of type float and we were unable to convert to int: float cannot be converted to an int"]);
    assert.deepEqual(check(task('wait_for:\n        port: [80]\n')), ["6:14-6:18 ansible-args-module argument 'port' is of type list and we were unable to convert to int: list cannot be converted to an int"]);
  });
  it('list: a comma-separated string is a list, a mapping is not; elements are converted too', () => {
    assert.deepEqual(check(task('apt:\n        name: nginx,curl\n')), []);
    assert.deepEqual(check(task('apt:\n        name:\n          a: 1\n')), ["6:8-6:12 ansible-args-module argument 'name' is of type dict and we were unable to convert to list: dict cannot be converted to a list"].map((m) => m.replace('6:8-6:12', '7:10-7:14')));
    assert.deepEqual(check(task('user:\n        name: deploy\n        groups: [wheel, {a: 1}]\n')), []);
  });
  it('dict: a mapping, JSON or k=v text; a plain word is an error', () => {
    assert.deepEqual(check(task('uri:\n        url: https://example.com\n        headers: "Accept=json"\n')), []);
    assert.deepEqual(check(task('uri:\n        url: https://example.com\n        headers: json\n')), ["7:17-7:21 ansible-args-module argument 'headers' is of type str and we were unable to convert to dict: dictionary requested, could not parse JSON or key=value"]);
  });
  it('templates, tagged values and the arguments an action plugin reads itself are not judged', () => {
    assert.deepEqual(check(task('wait_for:\n        port: "{{ web_port }}"\n'), 'site.yml', { 'group_vars/all.yml': '---\nweb_port: 80\n' }), []);
    assert.deepEqual(check(task('user:\n        name: deploy\n        uid: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          3132\n')), []);
    // template has no module of its own (its plugin reads trim_blocks leniently), debug neither.
    assert.deepEqual(check(task('template:\n        src: a.j2\n        dest: /a\n        mode: "0644"\n        trim_blocks: maybe\n')), []);
  });
});

describe('Ansible: included task files that exist nowhere', () => {
  const hello = '---\n- name: Hello\n  ansible.builtin.debug:\n    msg: hi\n';
  it('import_tasks and include_tasks of a missing file: an error on the path', () => {
    assert.deepEqual(check(play('    - name: Setup\n      ansible.builtin.import_tasks: tasks/setpu.yml\n    - name: More\n      ansible.builtin.include_tasks:\n        file: tasks/more.yml\n'), 'site.yml', { 'tasks/setup.yml': hello }), [
      "5:36-5:51 ansible-syntax-check-missing-file Could not find or access 'tasks/setpu.yml': no such task file beside this file nor in a playbook's folder of the workspace",
      "8:14-8:28 ansible-syntax-check-missing-file Could not find or access 'tasks/more.yml': no such task file beside this file nor in a playbook's folder of the workspace",
    ]);
  });
  it('found where Ansible looks: beside the file, in the role\'s tasks/ or folder, from a playbook\'s folder; templates are not judged', () => {
    const role = { 'roles/web/tasks/main.yml': '---\n- name: A\n  ansible.builtin.include_tasks: install.yml\n- name: B\n  ansible.builtin.import_tasks: tasks/config.yml\n- name: C\n  ansible.builtin.include_tasks: "{{ ansible_os_family }}.yml"\n- name: D\n  ansible.builtin.include_tasks: shared/common.yml\n' };
    const files = { ...role, 'roles/web/tasks/install.yml': hello, 'roles/web/tasks/config.yml': hello, 'shared/common.yml': hello, 'site.yml': '---\n- name: Site\n  hosts: all\n  roles:\n    - web\n' };
    assert.deepEqual(check(role['roles/web/tasks/main.yml'], 'roles/web/tasks/main.yml', files), []);
    assert.deepEqual(check(role['roles/web/tasks/main.yml'].replace('install.yml', 'instal.yml'), 'roles/web/tasks/main.yml', files), [
      "2:33-2:43 ansible-syntax-check-missing-file Could not find or access 'instal.yml': no such task file beside this file, in its role's tasks/ or the role's folder, nor in a playbook's folder of the workspace",
    ]);
  });
});

describe('Ansible: Galaxy role names of a Molecule layout', () => {
  const repository = {
    'meta/main.yml': '---\ngalaxy_info:\n  author: geerlingguy\n  role_name: docker\n  description: Docker\n',
    'tasks/main.yml': '---\n- name: Install\n  ansible.builtin.package:\n    name: docker\n  notify: restart docker\n',
    'handlers/main.yml': '---\n- name: Restart docker\n  ansible.builtin.service:\n    name: docker\n    state: restarted\n',
  };
  it('converge.yml\'s namespace.role_name is the repository\'s role: its handlers are checked', () => {
    const converge = '---\n- name: Converge\n  hosts: all\n  roles:\n    - role: geerlingguy.docker\n';
    assert.deepEqual(check(repository['tasks/main.yml'], 'tasks/main.yml', { ...repository, 'molecule/default/converge.yml': converge }), [
      "4:10-4:24 ansible-handler-not-found no handler named or listening to 'restart docker' in the workspace",
    ]);
    // A role from elsewhere may bring the handler, by a play's roles or by include_role: nothing is said then.
    assert.deepEqual(check(repository['tasks/main.yml'], 'tasks/main.yml', { ...repository, 'molecule/default/converge.yml': converge.replace('geerlingguy.docker', 'someone.else') }), []);
    const including = '---\n- name: Converge\n  hosts: all\n  tasks:\n    - name: Other\n      ansible.builtin.include_role:\n        name: someone.else\n';
    assert.deepEqual(check(repository['tasks/main.yml'], 'tasks/main.yml', { ...repository, 'molecule/default/converge.yml': converge, 'molecule/other/converge.yml': including }), []);
  });
  it('a role repository\'s own playbook naming {{ playbook_dir }}, and a collection\'s role by namespace.collection.role', () => {
    const site = '---\n- name: Apply\n  hosts: all\n  roles:\n    - role: "{{ playbook_dir }}"\n';
    assert.deepEqual(check(repository['tasks/main.yml'], 'tasks/main.yml', { ...repository, 'site.yml': site }).map((d) => d.split(' ')[1]), ['ansible-handler-not-found']);
    const collection = {
      'galaxy.yml': 'namespace: devsec\nname: hardening\nversion: 1.0.0\n',
      'roles/ssh/tasks/main.yml': '---\n- name: Configure\n  ansible.builtin.debug:\n    msg: x\n  changed_when: true\n  notify: restart sshd\n',
      'roles/ssh/handlers/main.yml': '---\n- name: Restart sshd\n  ansible.builtin.debug:\n    msg: restart\n',
      'molecule/ssh/converge.yml': '---\n- name: Converge\n  hosts: all\n  roles:\n    - devsec.hardening.ssh\n',
    };
    assert.deepEqual(check(collection['roles/ssh/tasks/main.yml'], 'roles/ssh/tasks/main.yml', collection).map((d) => d.split(' ')[1]), ['ansible-handler-not-found']);
  });
});

describe('Ansible: a templated include_vars reads the candidates of vars/', () => {
  const role = {
    'roles/web/vars/Debian.yml': '---\nweb_package: apache2\n',
    'roles/web/vars/RedHat.yml': '---\nweb_package: httpd\nweb_selinux: true\n',
  };
  const tasks = (include: string) => `---\n- name: OS variables\n  ${include}\n- name: Install\n  ansible.builtin.package:\n    name: "{{ web_package }} {{ web_selinux }} {{ web_user }}"\n`;
  it('the variables of every file the template may name are defined; the others are still undefined', () => {
    for (const include of ['ansible.builtin.include_vars: "{{ ansible_os_family }}.yml"', 'ansible.builtin.include_vars: "vars/{{ ansible_os_family }}.yml"', 'ansible.builtin.include_vars: "{{ role_path }}/vars/{{ ansible_os_family }}.yml"', 'ansible.builtin.include_vars: "{{ item }}"\n  with_first_found:\n    - files:\n        - "{{ ansible_distribution }}.yml"\n        - "{{ ansible_os_family }}.yml"\n      paths:\n        - ../vars']) {
      const text = tasks(include);
      const line = text.split('\n').findIndex((l) => l.includes('web_user'));
      assert.deepEqual(check(text, 'roles/web/tasks/main.yml', role).map((d) => d.replace(/ '.*$/, '')), [`${line}:50-${line}:58 ansible-undefined-variable`], include);
    }
  });
  it('outside vars/: the files of the folder it names; nothing found defines nothing', () => {
    const files = { 'config/prod.yml': '---\napp_port: 80\n', 'config/test.yml': '---\napp_debug: true\n' };
    const text = play('    - name: Env\n      ansible.builtin.include_vars: "config/{{ env_name }}.yml"\n    - name: Show\n      ansible.builtin.debug:\n        msg: "{{ app_port }} {{ app_debug }} {{ app_missing }}"\n', '- name: Play\n  hosts: all\n  vars:\n    env_name: prod\n  tasks:\n');
    assert.deepEqual(check(text, 'site.yml', files).map((d) => d.replace(/ '.*$/, '')), ['10:48-10:59 ansible-undefined-variable']);
    // Forty templates against a name of 200 hyphens that ends otherwise: matched piece by piece in one pass, where a
    // pattern of forty `[^/]*-` would try every placing of the hyphens before failing.
    const hostile = { ...files, [`config/${'-'.repeat(200)}x.yml`]: '---\napp_missing: 1\n' };
    assert.deepEqual(check(text.replace('config/{{ env_name }}.yml', `config/${'{{ a }}-'.repeat(40)}{{ b }}.json`), 'site.yml', hostile).filter((d) => d.startsWith('10:')).map((d) => d.replace(/ '.*$/, '')), ['10:17-10:25 ansible-undefined-variable', '10:32-10:41 ansible-undefined-variable', '10:48-10:59 ansible-undefined-variable']);
    // A folder holding none of the names: the include loads nothing of the workspace, the check stays on.
    assert.deepEqual(check(text.replace('config/', 'settings/'), 'site.yml', files).map((d) => d.replace(/ '.*$/, '')), ['10:17-10:25 ansible-undefined-variable', '10:32-10:41 ansible-undefined-variable', '10:48-10:59 ansible-undefined-variable']);
  });
});

describe('Ansible: YAML merge keys, resolved as Ansible\'s YAML reader resolves them', () => {
  it('set_fact\'s `<<: *anchor` defines the anchor\'s keys, and `<<` is no variable name', () => {
    const tasks = '---\n- name: First\n  ansible.builtin.set_fact: &facts\n    mount_changed: true\n    mount_options: defaults\n- name: Again\n  ansible.builtin.set_fact:\n    <<: *facts\n- name: Show\n  ansible.builtin.debug:\n    msg: "{{ mount_changed }} {{ mount_options }}"\n';
    assert.deepEqual(check(tasks, 'roles/m/tasks/main.yml'), []);
  });
  it('a task merging its keys from an anchor is not a task without an action', () => {
    const tasks = '---\n- name: Base\n  ansible.builtin.command: /bin/true\n  changed_when: false\n  register: base\n- &merged\n  name: Merged\n  ansible.builtin.command: /bin/false\n  changed_when: false\n- <<: *merged\n  name: Again\n';
    assert.deepEqual(check(tasks, 'roles/m/tasks/main.yml').filter((d) => d.includes('syntax-check')), []);
  });
});

describe('Ansible: names nobody can read switch the undefined-variable warning off in their project only', () => {
  it('a vault-encrypted vars file of one project leaves another project\'s warnings on', () => {
    const files = {
      'shop/ansible.cfg': '[defaults]\ninventory = hosts\n',
      'shop/group_vars/all/vault.yml': '$ANSIBLE_VAULT;1.1;AES256\n3132\n',
      'shop/site.yml': play('    - name: Secret\n      ansible.builtin.debug:\n        msg: "{{ vault_password }}"\n'),
      'blog/site.yml': play('    - name: Typo\n      ansible.builtin.debug:\n        msg: "{{ blog_titel }}"\n'),
    };
    assert.deepEqual(diagnose(files, 'shop/site.yml').map(brief), []);
    assert.deepEqual(diagnose(files, 'blog/site.yml').map(brief), ['6:17-6:27 ansible-undefined-variable']);
  });
});

describe('Ansible: include in the editor', () => {
  it('offered after the other modules, struck through as deprecated', () => {
    const text = play('    - name: X\n      ansi\n');
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///p/site.yml', text);
    const items = ansibleFeature(loadAnsibleServices(repoRoot)).completion!(index.get('file:///p/site.yml')!, text.indexOf('ansi\n') + 4, { index, settings: defaultSettings, isCancelled: () => false });
    const include = items.find((item) => item.label === 'ansible.builtin.include');
    assert.deepEqual([include?.tags, include?.sortText], [[CompletionItemTag.Deprecated], '3include']);
    assert.equal(items.find((item) => item.label === 'ansible.builtin.include_tasks')?.tags, undefined);
  });
  it('its hover says it is deprecated, and what replaces it', () => {
    const text = play('    - name: Old\n      ansible.builtin.include: other.yml\n');
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///p/site.yml', text);
    const hover = ansibleFeature(loadAnsibleServices(repoRoot)).hover!(index.get('file:///p/site.yml')!, text.indexOf('include:') + 2, { index, settings: defaultSettings, isCancelled: () => false });
    assert.match(hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '', /\*\*ansible\.builtin\.include\*\*[\s\S]*Deprecated: removed in ansible-core 2\.16; use include_tasks, import_tasks, import_playbook\./);
  });
});
