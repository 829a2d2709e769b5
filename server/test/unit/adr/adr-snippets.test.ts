import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { codes, diagnoseIn } from '../../adr';
import { repoRoot } from '../../helpers';

interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
}

/**
 * Expands a snippet body as VS Code would with every default taken: `${N:default}`, the first
 * `${N|choice|}`, mirrors of a filled tab stop, the date variables and the file-name transform.
 */
function expand(body: string[], fileBase: string, date: [string, string, string]): string {
  const filled = new Map<string, string>();
  let text = body.join('\n');
  text = text.replace(/\$\{TM_FILENAME_BASE\/\^0\*\(\\d\+\)\.\*\$\/\$1\/\}/g, String(Number(/^(\d+)/.exec(fileBase)![1])));
  text = text.replace(/\$\{CURRENT_YEAR\}/g, date[0]).replace(/\$\{CURRENT_MONTH\}/g, date[1]).replace(/\$\{CURRENT_DATE\}/g, date[2]);
  text = text.replace(/\$\{(\d+)\|([^|,]*)[^|]*\|\}/g, (_m, n: string, first: string) => (filled.set(n, first), first));
  text = text.replace(/\$\{(\d+):([^}]*)\}/g, (_m, n: string, value: string) => (filled.set(n, value), value));
  return text.replace(/\$\{(\d+)\}/g, (_m, n: string) => filled.get(n) ?? 'Alice');
}

describe('ADR snippets', () => {
  const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'adr.code-snippets'), 'utf8')) as Record<string, Snippet>;

  it('are the Nygard and MADR records', () => {
    assert.deepEqual(Object.keys(snippets), ['ADR (Nygard)', 'ADR (MADR 4)']);
  });

  it('each expands into an ADR that Archipel finds clean', () => {
    const nygard = expand(snippets['ADR (Nygard)'].body, '0002-title-of-the-decision', ['2025', '03', '04']);
    assert.match(nygard, /^# 2\. Title of the decision\n\nDate: 2025-03-04\n\n## Status\n\nProposed\n/);
    const madr = expand(snippets['ADR (MADR 4)'].body, '0003-x', ['2025', '03', '04']);
    assert.match(madr, /Chosen option: "First option", because/);
    const files = { 'docs/adr/0001-x.md': '# 1. X\n', 'docs/adr/0002-title-of-the-decision.md': nygard, 'docs/adr/0003-short-title-of-the-solved-problem-and-its-solution.md': madr };
    assert.deepEqual(codes(diagnoseIn(files, 'docs/adr/0002-title-of-the-decision.md')), []);
    assert.deepEqual(codes(diagnoseIn(files, 'docs/adr/0003-short-title-of-the-solved-problem-and-its-solution.md')), []);
  });
});
