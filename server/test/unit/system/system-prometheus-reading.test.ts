// The Prometheus family's part of the system map reads no document opening with a rule file's `groups:` key
// (prometheus/system.ts opensWithGroups, #68): such a document is a rule file's, which is no configuration, or
// does not parse. The model and the findings are the same as when every document that passed the key pre-test
// is parsed, on the corpora the system's and Prometheus's tests read, and such a document is left unparsed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { isPrometheusConfig } from '../../../src/prometheus/knowledge';
import { opensWithGroups, readEveryDocument } from '../../../src/prometheus/system';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemFindings } from '../../../src/system/checks';
import { buildSystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir, repoRoot as repositoryRoot } from '../../helpers';
import { contextIndex as indexOf } from './repositories';


const corpora = [
  path.join(fixturesDir, 'oss', 'prometheus'),
  path.join(fixturesDir, 'oss', 'system'),
  path.join(fixturesDir, 'oss', 'compose'),
  path.join(repositoryRoot, 'examples', 'portfolio'),
];

async function modelJson(folder: string, every: boolean): Promise<{ json: string; unparsed: number; opening: number }> {
  const index = indexOf(folder);
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  readEveryDocument(every);
  try {
    const model = buildSystemModel(index, contributors);
    const findings = [...systemFindings(model, index)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let unparsed = 0;
    let opening = 0;
    for (const file of index.files()) {
      if (!file.isYaml || file.skipped || !/scrape_configs|alertmanagers|rule_files/.test(file.text)) continue;
      for (const { chunk } of file.yaml?.chunks ?? []) {
        if (!opensWithGroups(chunk.text)) continue;
        opening++;
        if (chunk.knownWellFormed === undefined) unparsed++;
      }
    }
    return { json: JSON.stringify({ nodes: model.nodes, edges: model.edges, unresolved: model.unresolved, entries: model.entries, findings }), unparsed, opening };
  } finally {
    readEveryDocument(false);
  }
}

describe('system map: the Prometheus part skips rule files unread (#68)', () => {
  it('reads a document as opening with `groups:` only when the key is at the first column past blank and comment lines', () => {
    assert.equal(opensWithGroups('groups:\n- name: a\n'), true);
    assert.equal(opensWithGroups('# rules\n\n  # more\n---\ngroups: []\n'), true);
    assert.equal(opensWithGroups('groups:'), true);
    assert.equal(opensWithGroups('groups:\r\n- name: a\r\n'), true);
    assert.equal(opensWithGroups('--- # first\ngroups:\n'), true);
    assert.equal(opensWithGroups('global:\n  scrape_interval: 15s\ngroups:\n'), false);
    assert.equal(opensWithGroups('  groups:\n'), false);
    assert.equal(opensWithGroups('groups :\n'), false);
    assert.equal(opensWithGroups('groups:x\n'), false);
    assert.equal(opensWithGroups('"groups": []\n'), false);
    assert.equal(opensWithGroups('\uFEFFgroups:\n'), false);
    assert.equal(opensWithGroups('%YAML 1.2\n---\ngroups:\n'), false);
    assert.equal(opensWithGroups('--- groups:\n'), false);
    assert.equal(opensWithGroups(''), false);
  });

  it('a document so opening is never a configuration: no value, or a mapping holding `groups` (every corpus document)', function () {
    this.timeout(120_000);
    let seen = 0;
    for (const folder of [...corpora, path.join(fixturesDir, 'oss', 'grafana'), path.join(fixturesDir, 'oss', 'helm')]) {
      for (const file of indexOf(folder).files()) {
        if (!file.isYaml || file.skipped) continue;
        for (const { chunk } of file.yaml?.chunks ?? []) {
          if (!opensWithGroups(chunk.text)) continue;
          seen++;
          const value = chunk.wellFormed ? chunk.value : undefined;
          assert.equal(isPrometheusConfig(file.uri, value), false, file.uri);
          if (value !== undefined) assert.ok(typeof value === 'object' && value !== null && 'groups' in value, file.uri);
        }
      }
    }
    assert.ok(seen > 100, `documents opening with groups: ${seen}`);
  });

  for (const folder of corpora) {
    it(`the same model and findings as reading every document: ${path.relative(repositoryRoot, folder)}`, async function () {
      this.timeout(120_000);
      const every = await modelJson(folder, true);
      const skipping = await modelJson(folder, false);
      assert.equal(skipping.json, every.json);
      // Read whole, every document that opens with `groups:` and names a configuration key was parsed; now none is.
      assert.equal(every.unparsed, 0);
      assert.equal(skipping.unparsed, skipping.opening);
      if (folder.endsWith('prometheus')) assert.ok(skipping.opening > 0, 'the rule files naming alertmanagers');
    });
  }

  it('rule files naming alertmanagers in an expression, beside a configuration, are left unparsed and the configuration read', async () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const rules = 'groups:\n- name: p\n  rules:\n  - alert: NoAlertmanager\n    expr: prometheus_notifications_alertmanagers_discovered < 1\n';
    index.update('file:///w/monitoring/rules.yml', rules, { context: true });
    index.update('file:///w/monitoring/prometheus.yml', 'rule_files:\n  - rules.yml\nscrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ["api:8080"]\n', { context: true });
    const contributors = systemContributors(families);
    await prepareContributors(contributors, index);
    const model = buildSystemModel(index, contributors);
    assert.equal(index.get('file:///w/monitoring/rules.yml')!.yaml!.chunks[0].chunk.knownWellFormed, undefined);
    assert.ok(model.edges.some((e) => e.kind === 'alerts' && e.to === 'file:file:///w/monitoring/rules.yml'), JSON.stringify(model.edges));
  });
});
