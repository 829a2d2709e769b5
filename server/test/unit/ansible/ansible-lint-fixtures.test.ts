// ansible-lint's own rule fixtures (server/test/fixtures/ansible-lint/, GPL-3.0 test data with its
// provenance): each rule-<id>-fail.yml is flagged with the rule's id as many times as ansible-lint's
// own tests expect, each rule-<id>-pass.yml is clean of it. Where Archipel differs from ansible-lint
// on a fixture, the difference is written here with its reason (docs/ansible.md lists them too).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import '../../../src/families/index';
import { lintIdOf } from '../../../src/ansible/checks/rules';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, fixturesDir } from '../../helpers';

const folder = path.join(fixturesDir, 'ansible-lint', 'playbooks');

/** ansible-lint's id of each diagnostic of a fixture (ansible-lint's opt-in empty-string-compare turned on, as its test does). */
function lintIds(name: string): string[] {
  const settings = { ...defaultSettings, rules: { ...defaultSettings.rules, 'ansible-empty-string-compare': 'warning' as const } };
  const index = new WorkspaceIndex(indexOptions(settings));
  const file = index.update(`file:///fixtures/playbooks/${name}`, readFileSync(path.join(folder, name), 'utf8'));
  return diagnoseFile(file, allFeatures(), { index, settings, isCancelled: () => false }).map((d) => lintIdOf(String(d.code)) ?? String(d.code));
}

/** How many findings of a rule (an id, or a rule with its sub-rules) ansible-lint's tests expect of each fail fixture. */
const failures: Record<string, { rule: string; count: number }> = {
  'rule-args-module-fail.yml': { rule: 'args', count: 7 }, // ansible-lint: 6, one per task; Archipel says each of systemd's two required_by misses ('enabled' and 'masked' need name) as Ansible's validator does
  'rule-command-instead-of-module-fail.yml': { rule: 'command-instead-of-module', count: 3 },
  'rule-command-instead-of-shell-fail.yml': { rule: 'command-instead-of-shell', count: 3 },
  'rule-deprecated-bare-vars-fail.yml': { rule: 'deprecated-bare-vars', count: 11 },
  'rule-deprecated-local-action-fail.yml': { rule: 'deprecated-local-action', count: 1 },
  'rule-empty-string-compare-fail.yml': { rule: 'empty-string-compare', count: 3 },
  'rule-fqcn-fail.yml': { rule: 'fqcn', count: 3 },
  'rule-jinja-fail.yml': { rule: 'jinja', count: 2 },
  'rule-key-order-fail.yml': { rule: 'key-order', count: 6 },
  'rule-name-missing-fail.yml': { rule: 'name', count: 5 },
  'rule-name-play-fail.yml': { rule: 'name[play]', count: 1 },
  'rule-name-templated-fail.yml': { rule: 'name[template]', count: 1 },
  'rule-no-changed-when-fail.yml': { rule: 'no-changed-when', count: 3 },
  'rule-no-free-form-fail.yml': { rule: 'no-free-form', count: 6 },
  'rule-no-handler-fail.yml': { rule: 'no-handler', count: 1 },
  'rule-no-jinja-when-fail.yml': { rule: 'no-jinja-when', count: 3 },
  'rule-partial-become-without-become-fail.yml': { rule: 'partial-become', count: 3 },
  'rule-risky-file-permissions-fail.yml': { rule: 'risky-file-permissions', count: 11 },
  'rule-risky-octal-fail.yml': { rule: 'risky-octal', count: 4 },
  'rule-risky-shell-pipe-fail.yml': { rule: 'risky-shell-pipe', count: 3 },
  'rule-schema-become-method-fail.yml': { rule: 'schema[playbook]', count: 2 },
  'rule-yaml-fail.yml': { rule: 'yaml', count: 3 },
  // #83: ansible-lint's counts (its rules' own tests): no-tabs 2 or 3 (the key with a tab and its value both said here), the others exactly.
  'rule-no-tabs.yml': { rule: 'no-tabs', count: 3 },
  'no_relative_paths_fail.yml': { rule: 'no-relative-paths', count: 2 },
  'run-once-fail.yml': { rule: 'run-once', count: 2 },
  'rule-avoid-implicit-fail.yml': { rule: 'avoid-implicit', count: 1 },
  'rule-syntax-moves.yml': { rule: 'schema[moves]', count: 3 },
  'rule-role-name-path.yml': { rule: 'role-name[path]', count: 3 },
};

/** The rule each pass fixture must be clean of. */
const passes: Record<string, string> = {
  'rule-args-module-pass.yml': 'args',
  'rule-command-instead-of-module-pass.yml': 'command-instead-of-module',
  'rule-command-instead-of-shell-pass.yml': 'command-instead-of-shell',
  'rule-deprecated-bare-vars-pass.yml': 'deprecated-bare-vars',
  'rule-empty-string-compare-pass.yml': 'empty-string-compare',
  'rule-fqcn-pass.yml': 'fqcn',
  'rule-jinja-pass.yml': 'jinja',
  'rule-key-order-pass.yml': 'key-order',
  'rule-name-missing-pass.yml': 'name',
  'rule-no-changed-when-pass.yml': 'no-changed-when',
  'rule-no-free-form-pass.yml': 'no-free-form',
  'rule-no-handler-pass.yml': 'no-handler',
  'rule-no-jinja-when-pass.yml': 'no-jinja-when',
  'rule-partial-become-without-become-pass.yml': 'partial-become',
  'rule-risky-file-permissions-pass.yml': 'risky-file-permissions',
  'rule-risky-octal-pass.yml': 'risky-octal',
  'rule-risky-shell-pipe-pass.yml': 'risky-shell-pipe',
  'rule-schema-become-method-pass.yml': 'schema',
  'rule-yaml-pass.yml': 'yaml',
  'rule-no-tabs-block-pass.yml': 'no-tabs',
  'no_relative_paths_pass.yml': 'no-relative-paths',
  'run-once-pass.yml': 'run-once',
  'rule-avoid-implicit-pass.yml': 'avoid-implicit',
};

/**
 * The fixtures of ansible-lint rules Archipel does not have (they need Ansible's runtime, or are
 * not among the rules decidable from the files that it implements), named so that a new fixture
 * is noticed: a fixture neither here nor above fails the last test.
 */
const notImplemented: Record<string, string> = {
  'rule-complexity-fail.yml': 'complexity (tasks per play, block depth; opt-in in ansible-lint), not implemented',
  'rule-complexity-pass.yml': 'complexity, not implemented',
  'rule-deprecated-command-syntax.yml': 'deprecated-command-syntax was removed from ansible-lint',
  'rule-jinja-before.yml': "input of ansible-lint's --fix test",
  'rule-jinja-before.transformed.yml': "output of ansible-lint's --fix test",
  'rule-jinja-template-extension-fail.yml': 'jinja[template-extension] (template src without .j2), not implemented',
  'rule-jinja-template-extension-pass.yml': 'jinja[template-extension], not implemented',
  'rule-name-casing.yml': 'input of ansible-lint\'s --fix test for name[casing] (Archipel flags it: see the name[casing] test of ansible.test.ts)',
  'rule-no-prompting.yml': 'no-prompting (opt-in in ansible-lint), not implemented',
  'rule-only-builtins.yml': 'only-builtins (opt-in in ansible-lint), not implemented; Archipel says the fake module is unknown (syntax-check[unknown-module]), as ansible-lint does',
  'rule-validate-module-options-pass-2.yml': 'args on a role the workspace does not hold: Archipel says nothing of it',
};

const names = (ids: string[], rule: string) => ids.filter((id) => id === rule || id.startsWith(`${rule}[`));

describe('Ansible: ansible-lint\'s rule fixtures', () => {
  for (const [name, { rule, count }] of Object.entries(failures)) {
    it(`${name} is flagged ${count} times with ${rule}`, () => {
      assert.equal(names(lintIds(name), rule).length, count, lintIds(name).join(', '));
    });
  }
  for (const [name, rule] of Object.entries(passes)) {
    it(`${name} is clean of ${rule}`, () => {
      assert.deepEqual(names(lintIds(name), rule), []);
    });
  }
  it('every fixture is one of the above or named as not implemented, with its reason', () => {
    const all = readdirSync(folder).filter((name) => name.endsWith('.yml'));
    assert.deepEqual(all.filter((name) => !(name in failures) && !(name in passes) && !(name in notImplemented)), []);
    assert.deepEqual(Object.keys(notImplemented).filter((name) => !all.includes(name)), []);
  });
  it('the only-builtins fixture\'s fake module is unknown, as ansible-lint says', () => {
    assert.deepEqual(names(lintIds('rule-only-builtins.yml'), 'syntax-check'), ['syntax-check[unknown-module]']);
  });
});

describe('Ansible: a play-level include is one defect (#83)', () => {
  it('reports the include where a play belongs once, not its missing hosts besides', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const text = '---\n- include: other.yml\n- ansible.builtin.include_tasks: play.yml\n- name: Play\n  hosts: all\n  tasks: []\n';
    const file = index.update('file:///fixtures/playbooks/site.yml', text);
    const found = diagnoseFile(file, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false }).filter((d) => d.code === 'ansible-schema-playbook');
    assert.deepEqual(
      found.map((d) => `${d.range.start.line + 1}: ${String(d.message)}`),
      ['2: Unknown field "include" in PlayOrImport ([0]).', '3: Unknown field "ansible.builtin.include_tasks" in PlayOrImport ([1]).'],
    );
  });
});
