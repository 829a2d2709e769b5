import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeFace } from '../../../src/compose/api';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { forgetRuleSummaries } from '../../../src/prometheus/ruleResults';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { random } from '../../random';

/** The Prometheus feature, with the Compose family's face a run with Compose files gives it (Family.faces). */
const prometheus = prometheusFeature({ compose: composeFace });

const root = path.join(fixturesDir, 'oss', 'prometheus');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Edits as typing makes them, on line `at`: a character changed, a line inserted (moving every rule below), deleted, doubled. */
const edits: ((lines: string[], at: number, pick: () => number) => void)[] = [
  (lines, at, pick) => {
    const line = lines[at];
    const i = Math.floor(pick() * (line.length + 1));
    lines[at] = `${line.slice(0, i)}${'x1 ({$'[Math.floor(pick() * 6)]}${line.slice(i)}`;
  },
  (lines, at) => lines.splice(at, 0, '# a comment'),
  (lines, at) => lines.splice(at, 1),
  (lines, at) => lines.splice(at, 0, lines[at]),
  (lines, at) => {
    lines[at] = lines[at].replace(/sum|rate|\$labels|5m|>|job/, (m) => ({ sum: 'avg', rate: 'irate', $labels: '$label', '5m': '0m', '>': '<', job: 'instance' })[m] ?? m);
  },
];

describe('Prometheus rule files re-checked after an edit', () => {
  it('find what a full check finds, after every edit of a chain of edits to real rule files', () => {
    const files = yamlFiles(path.join(root, 'corpus')).filter((file) => /^(groups:|apiVersion: monitoring\.coreos\.com)/m.test(readFileSync(file, 'utf8')));
    assert.ok(files.length >= 100, `${files.length} rule files`);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const file of files) index.update(`file:///corpus/${path.basename(file)}`, readFileSync(file, 'utf8'));
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const pick = random(54);
    let compared = 0;
    let differing = 0;
    for (const file of files) {
      const uri = `file:///corpus/${path.basename(file)}`;
      const original = readFileSync(file, 'utf8');
      const lines = original.split('\n');
      diagnoseFile(index.get(uri)!, [prometheus], context);
      for (let step = 0; step < 6 && lines.length > 1; step++) {
        edits[Math.floor(pick() * edits.length)](lines, Math.floor(pick() * (lines.length - 1)), pick);
        const text = lines.join('\n');
        const incremental = diagnoseFile(index.update(uri, text), [prometheus], context);
        forgetRuleSummaries();
        // The same text as a new version of the file: nothing of the previous one reused.
        index.update(uri, '');
        const full = diagnoseFile(index.update(uri, text), [prometheus], context);
        assert.deepEqual(incremental, full, `${path.basename(file)} after edit ${step + 1}:\n${text}`);
        compared++;
        if (JSON.stringify(full) !== JSON.stringify(diagnoseFile(index.update(uri, original), [prometheus], context))) differing++;
        index.update(uri, text);
      }
      index.update(uri, original);
    }
    // The edits changed what is found (they are not all no-ops).
    assert.ok(compared >= 600 && differing >= compared / 4, `${compared} compared, ${differing} with other findings than the original`);
  });

  it("checks a rule again when its group's labels change (an alert's template may read them)", () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const rules = '  rules:\n  - alert: A\n    expr: sum by (job) (up)\n    annotations:\n      summary: "{{ $labels.instance }}"\n';
    const codes = (text: string) => diagnoseFile(index.update('file:///w/alerts.rules.yml', text), [prometheus], context).map((d) => `${d.range.start.line}: ${String(d.code)}`);
    assert.deepEqual(codes(`groups:\n- name: g\n  labels:\n    instance: a\n${rules}`), []);
    assert.deepEqual(codes(`groups:\n- name: g\n${rules}`), ['6: prom-template-label-dropped']);
  });
});
