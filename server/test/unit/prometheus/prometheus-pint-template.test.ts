import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';

/** One case of pint's TestTemplateCheck (internal/checks/alerts_template_test.go, Apache-2.0). */
interface TemplateCase {
  description: string;
  /** A rule list (`- alert: …`), or a whole rule file when it starts with `groups:`. */
  content: string;
  /** Whether pint's alerts/template reports a problem. */
  problems: boolean;
}

const cases = JSON.parse(readFileSync(path.join(fixturesDir, 'oss', 'pint', 'alerts-template-cases.json'), 'utf8')) as TemplateCase[];

/** The rules that read alert templates, as pint's alerts/template check does. */
const templateRules = ['prom-template', 'prom-template-label-dropped', 'prom-template-value-label', 'prom-template-humanize'];

function asRuleFile(content: string): string {
  const trimmed = content.replace(/^\n+/, '');
  if (trimmed.startsWith('groups:')) return trimmed;
  const indent = /^ */.exec(trimmed)![0].length;
  const lines = trimmed.split('\n').map((line) => (line.trim() === '' ? '' : `  ${line.slice(indent)}`));
  return `groups:\n- name: pint\n  rules:\n${lines.join('\n')}`;
}

/** Archipel's template findings on one case. */
function templateFindings(c: TemplateCase): string[] {
  const ws = new MonitoringWorkspace({ 'pint.rules.yml': asRuleFile(c.content) });
  return ws.shown('pint.rules.yml').filter((line) => templateRules.some((id) => line.split(': ')[1] === id));
}

/** The cases where Archipel and pint differ, by `#index description`, each with why. */
const differences: Record<string, string> = {
  '#21 annotation label missing from metrics (or)': "pint reports a label one side of `or` may lack; prom-template-label-dropped reports only a label the expression never has (sum by (job) … or … keeps job on one side)",
  '#86 multiple or / missing group_left()': 'a label one branch of `or` lacks (on() without group_left keeps no label of the right side), as #21',
  '#89 metric or (metric or vector)': 'a label one branch of `or` lacks (vector(0) has none), as #21',
};

describe("pint's alerts/template cases (cloudflare/pint, Apache-2.0)", () => {
  it('agrees with pint on every case but the named differences', () => {
    assert.equal(cases.length, 108);
    const differing: string[] = [];
    for (const [i, c] of cases.entries()) {
      const found = templateFindings(c);
      if ((found.length > 0) !== c.problems) differing.push(`#${i} ${c.description}${found.length ? `: ${found.join(' | ')}` : ''}`);
    }
    const named = differing.map((line) => line.replace(/: .*/, ''));
    assert.deepEqual(named, Object.keys(differences), differing.join('\n'));
    const caught = cases.filter((c, i) => c.problems && !named.includes(`#${i} ${c.description}`)).length;
    // 105 of the 108 cases agree; 56 of pint's 59 problem cases are caught, and no case pint passes is reported.
    assert.equal(cases.length - named.length, 105);
    assert.equal(caught, 56, `${caught} of ${cases.filter((c) => c.problems).length} problem cases caught`);
    assert.ok(named.every((name) => cases.find((c, i) => `#${i} ${c.description}` === name)?.problems), 'a case pint passes is reported');
  });
});
