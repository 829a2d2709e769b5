import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { diagnoseWorkspace, repoRoot, testToday } from '../helpers';

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

/** Expands a VS Code snippet body the way accepting every default does: `${1:x}` → x, choices → the first. */
export function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('snippets', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };

  it('every snippet file in snippets/ is contributed', () => {
    const contributed = manifest.contributes.snippets.map((s) => path.normalize(s.path));
    for (const file of readdirSync(path.join(repoRoot, 'snippets'))) assert.ok(contributed.includes(path.normalize(`./snippets/${file}`)), file);
  });

  describe('Kubernetes snippets', () => {
    const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'kubernetes.json'), 'utf8')) as Record<string, Snippet>;
    const files: Record<string, string> = {};
    for (const [name, snippet] of Object.entries(snippets)) files[`k8s/${name.replace(/\W+/g, '-').toLowerCase()}.yaml`] = expandSnippet(snippet.body);

    it('cover the kinds the issue names', () => {
      const kinds = Object.values(files).map((text) => /^kind: (\w+)/m.exec(text)?.[1]).sort();
      assert.deepEqual(kinds, ['Application', 'ConfigMap', 'CronJob', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'Job', 'NetworkPolicy', 'Secret', 'Service']);
    });

    for (const file of Object.keys(files)) {
      it(`${file} passes every error-level rule once filled`, () => {
        const errors = diagnoseWorkspace(files, file).filter((d) => d.severity === DiagnosticSeverity.Error);
        assert.deepEqual(errors.map((d) => `${d.range.start.line}: ${d.message} [${String(d.code)}]`), []);
      });
    }
  });

  describe('governance snippets', () => {
    const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'governance-yaml.json'), 'utf8')) as Record<string, Snippet>;
    const pad = (n: number) => String(n).padStart(2, '0');
    /** The snippet with its defaults, the date variables as VS Code fills them on the test day, indented. */
    const fill = (name: string, indent: number) =>
      expandSnippet(snippets[name].body)
        .replace(/\$CURRENT_YEAR/g, String(testToday.getFullYear()))
        .replace(/\$CURRENT_MONTH/g, pad(testToday.getMonth() + 1))
        .replace(/\$CURRENT_DATE/g, pad(testToday.getDate()))
        .split('\n')
        .map((line) => (line ? ' '.repeat(indent) + line : line))
        .join('\n');

    it('are the RACI activity, AMDEC risk and AMDEC action', () => {
      assert.deepEqual(Object.values(snippets).map((s) => s.prefix), ['raci-activity', 'amdec-risk', 'amdec-action']);
    });

    it('expand into RACI and AMDEC files that pass every rule', () => {
      const files = {
        'governance/team.raci.yaml': `kind: raci\nroles:\n  - {id: accountable-role}\n  - {id: responsible-role}\nactivities:\n${fill('RACI activity', 2)}`,
        'governance/risks.amdec.yaml': `kind: amdec\nthreshold: 100\nrisks:\n${fill('AMDEC risk', 2)}    actions:\n${fill('AMDEC action', 6)}\n`,
      };
      assert.match(files['governance/risks.amdec.yaml'], /due: 2026-06-15, status: open\}/);
      for (const file of Object.keys(files)) assert.deepEqual(diagnoseWorkspace(files, file).map((d) => `${d.range.start.line}: ${d.message}`), [], files[file as keyof typeof files]);
    });
  });
});
