import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { composeFace } from '../../../src/compose/api';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { RuleSummaryStore } from '../../../src/prometheus/host';
import { forgetRuleSummaries } from '../../../src/prometheus/ruleResults';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir, repoRoot } from '../../helpers';

/**
 * The cost work on rule files (#84: 112 files against promtool) keeps their findings byte for byte: the findings of
 * awesome-prometheus-alerts' 112 rule files, as `archipel check --format json` printed them at 3c9d3e57 (before it),
 * cold and with every rule's summary read back from a store.
 */
const oss = path.join(fixturesDir, 'oss', 'prometheus');
const folder = path.join(oss, 'corpus', 'awesome-prometheus-alerts');
const files = readdirSync(folder).filter((name) => name.endsWith('.yml')).sort().map((name) => ({ name, uri: `file:///w/rules/${name}`, text: readFileSync(path.join(folder, name), 'utf8') }));
const RULES = 954;
const severities = ['', 'error', 'warning', 'information', 'hint'];

interface Printed { file: string; range: Diagnostic['range']; severity: string; code: string; message: string }

function check(store?: RuleSummaryStore): Printed[] {
  forgetRuleSummaries();
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const file of files) index.update(file.uri, file.text);
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  const feature = prometheusFeature({ compose: composeFace }, store);
  return files.flatMap((file) => diagnoseFile(index.get(file.uri)!, [feature], context).map((d) => ({ file: file.name, range: d.range, severity: severities[d.severity ?? 1], code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value })));
}

/** The CLI's order is not this test's concern: both sides sorted by place, then code and message. */
const key = (p: Printed) => `${p.file}\u0000${String(p.range.start.line).padStart(6, '0')}:${String(p.range.start.character).padStart(6, '0')}\u0000${p.code}\u0000${p.message}`;
const sorted = (list: Printed[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('awesome-prometheus-alerts\' 112 rule files: the findings recorded before the cost work', function () {
  this.timeout(120_000);
  const expected = sorted(JSON.parse(readFileSync(path.join(oss, 'awesome-prometheus-alerts.findings.json'), 'utf8')) as Printed[]);

  it('are the same, cold and with the rules\' summaries kept by a store', () => {
    assert.equal(files.length, 112);
    assert.equal(expected.length, 263);
    assert.deepEqual(sorted(check()), expected);
    const where = mkdtempSync(path.join(os.tmpdir(), 'archipel-rules-golden-'));
    try {
      const first = new RuleSummaryStore(where, 'golden');
      assert.deepEqual(sorted(check(first)), expected);
      first.save();
      const second = new RuleSummaryStore(where, 'golden');
      assert.deepEqual(sorted(check(second)), expected);
      // Every rule document's findings came from the store whole: no rule's summary asked, none checked again.
      assert.deepEqual({ ...second.counts }, { hits: 0, misses: 0, documentHits: files.length, documentMisses: 0 });
      second.save();
      // Without the documents' file, every rule's own findings come from the rules' file: none checked again.
      rmSync(path.join(where, 'prometheus', 'rule-documents.v8'));
      const third = new RuleSummaryStore(where, 'golden');
      assert.deepEqual(sorted(check(third)), expected);
      assert.deepEqual({ ...third.counts }, { hits: RULES, misses: 0, documentHits: 0, documentMisses: files.length });
      third.save();
    } finally {
      rmSync(where, { recursive: true, force: true });
      forgetRuleSummaries();
    }
  });

  // Issue #84: as a user runs it, the built CLI over the 112 files alone and beside the Compose corpus (cli-start's layout:
  // the folder it runs in is the check's context), each file's text taken from the head read to choose the families,
  // no Ansible, Terraform or cost code: the same findings.
  for (const beside of [false, true]) {
    it(`are the same through the built CLI, the rules ${beside ? 'beside awesome-compose\'s Compose files' : 'alone'}`, () => {
      const work = mkdtempSync(path.join(os.tmpdir(), 'archipel-rules-cli-'));
      try {
        cpSync(folder, path.join(work, 'rules'), { recursive: true });
        if (beside) cpSync(path.join(fixturesDir, 'oss', 'compose', 'docker+awesome-compose'), path.join(work, 'compose'), { recursive: true });
        const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'server', 'cli.js'), 'check', '--format', 'json', 'rules'], { cwd: work, env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off' }, encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const printed = (JSON.parse(run.stdout) as (Printed & { source?: string })[]).map(({ source: _source, ...p }) => ({ ...p, file: p.file.replace(/^rules\//, '') }));
        assert.deepEqual(sorted(printed), expected);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});
