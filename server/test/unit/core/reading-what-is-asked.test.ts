import assert from 'node:assert/strict';
import { kindIn } from '../../../src/ansible/feature';
import { ansibleWorkspace } from '../../../src/ansible/model/workspace';
import type { FeatureContext } from '../../../src/features/feature';
import { kubernetesObjects } from '../../../src/kubernetes/model/objects';
import { mayHoldKey } from '../../../src/yaml/scalars';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** A file asked something by a family is read only as far as its answer needs: what would change that answer is read all the same. */
describe('files read only as far as the question needs', () => {
  const indexOf = (files: Record<string, string>) => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const [name, text] of Object.entries(files)) index.update(`file:///ws/${name}`, text);
    return index;
  };

  it('Kubernetes objects: a file without apiVersion is not parsed for them; an escape spelling it or a kustomization still is', () => {
    const index = indexOf({
      'rules.yml': 'groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: up{job=~"a\\\\d+"} == 0\n        annotations: { summary: "down\\n" }\n',
      'hex.yaml': '"api\\x56ersion": v1\nkind: ConfigMap\nmetadata: { name: hex }\n',
      'unicode.yaml': '"\\u0061piVersion": v1\nkind: ConfigMap\nmetadata: { name: unicode }\n',
      'broken-line.yaml': '? "api\\\n  Version"\n: v1\nkind: ConfigMap\nmetadata: { name: folded }\n',
      'kustomization.yaml': 'resources: [hex.yaml]\n',
      'plain.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: { name: plain }\n',
    });
    const rules = index.get('file:///ws/rules.yml')!;
    assert.deepEqual(kubernetesObjects(rules), []);
    assert.equal(rules.parsedYaml, undefined, 'the rule file was not parsed');
    const names = (name: string) => kubernetesObjects(index.get(`file:///ws/${name}`)!).map((o) => `${o.kind}/${o.name ?? ''}`);
    assert.deepEqual(names('hex.yaml'), ['ConfigMap/hex']);
    assert.deepEqual(names('unicode.yaml'), ['ConfigMap/unicode']);
    assert.deepEqual(names('broken-line.yaml'), ['ConfigMap/folded']);
    assert.deepEqual(names('kustomization.yaml'), ['Kustomization/']);
    assert.deepEqual(names('plain.yaml'), ['Secret/plain']);
  });

  it('a key a text cannot hold: not written, and no escape in the text that could spell it (Compose\'s include, Kubernetes\'s apiVersion)', () => {
    assert.equal(mayHoldKey('services:\n  web:\n    image: nginx\n', 'include'), false);
    assert.equal(mayHoldKey('services:\n  web:\n    command: ["echo", "a\\tb\\n"]\n', 'include'), false, 'escapes that spell no letter');
    assert.equal(mayHoldKey('include:\n  - other.yaml\n', 'include'), true);
    assert.equal(mayHoldKey('"incl\\x75de":\n  - other.yaml\n', 'include'), true);
    assert.equal(mayHoldKey('"incl\\u0075de": [other.yaml]\n', 'include'), true);
    assert.equal(mayHoldKey('? "incl\\\n  ude"\n: [other.yaml]\n', 'include'), true);
    assert.equal(mayHoldKey('? "incl\\\r\n  ude"\n: [other.yaml]\n', 'include'), true);
  });

  it('Ansible: a file outside a role\'s layout that is no task list gets its kind without the workspace, which other files still get theirs from', () => {
    const index = indexOf({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'inventory.yaml': 'all:\n  hosts:\n    web1:\n',
      'site.yml': '- hosts: all\n  tasks:\n    - ansible.builtin.include_tasks: extra.yml\n',
      'extra.yml': '- name: a task\n  ansible.builtin.debug:\n    msg: hi\n',
      'roles/web/tasks/main.yml': '- name: t\n  ansible.builtin.debug:\n    msg: x\n',
      'other/playbook-like.yml': '- name: just a list\n  value: 1\n',
    });
    let built = 0;
    const context = {
      get index() {
        return index;
      },
      settings: defaultSettings,
      isCancelled: () => false,
    } as FeatureContext;
    const counting = new Proxy(context, { get: (target, key) => (key === 'index' ? (built++, index) : (target as unknown as Record<string | symbol, unknown>)[key]) });
    assert.equal(kindIn(index.get('file:///ws/compose.yaml')!, counting), undefined);
    assert.equal(kindIn(index.get('file:///ws/inventory.yaml')!, counting), 'inventory');
    assert.equal(built, 0, 'no workspace read for a mapping outside a role');
    // A task list included by a playbook, and a role's task file: the workspace decides, and is read.
    assert.equal(kindIn(index.get('file:///ws/extra.yml')!, counting), 'tasks');
    assert.equal(kindIn(index.get('file:///ws/roles/web/tasks/main.yml')!, counting), 'tasks');
    assert.equal(kindIn(index.get('file:///ws/other/playbook-like.yml')!, counting), undefined);
    assert.ok(built > 0);
    // The same answers as with the workspace read first.
    assert.ok(ansibleWorkspace(index).includedTasks.has('file:///ws/extra.yml'));
  });
});
