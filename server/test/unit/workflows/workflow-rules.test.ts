// Every workflow rule has a failing and a passing case in the unit tests, and a row in docs/rules.md.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allRules } from '../../../src/rules/registry';
import '../../../src/workflows/checks/rules';
import { repoRoot } from '../../helpers';

describe('workflow rules', () => {
  const folder = path.join(repoRoot, 'server', 'test', 'unit', 'workflows');
  const sources = readdirSync(folder)
    .filter((f) => f.startsWith('workflow-') && f.endsWith('.test.ts'))
    .map((f) => readFileSync(path.join(folder, f), 'utf8'))
    .join('\n');
  const rulesPage = readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
  const rules = allRules().filter((r) => r.id.startsWith('gha-'));

  it('are all registered with the gha- prefix', () => {
    assert.ok(rules.length >= 30, `${rules.length} rules`);
  });

  for (const rule of rules) {
    it(`${rule.id}: a failing case, a passing case, a docs/rules.md row`, () => {
      assert.ok(new RegExp(`expectAt\\([^;]*'${rule.id}'`).test(sources), `no expectAt(…, '${rule.id}', …) in server/test/unit/workflows/workflow-*.test.ts`);
      assert.ok(new RegExp(`expectNone\\([^;]*'${rule.id}'\\)`).test(sources), `no expectNone(…, '${rule.id}') in server/test/unit/workflows/workflow-*.test.ts`);
      assert.ok(rulesPage.includes(`| \`${rule.id}\` | ${rule.defaultSeverity} |`), `no docs/rules.md row for ${rule.id}`);
    });
  }
});
