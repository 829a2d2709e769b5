// The one SARIF writer (#92, common/sarif.ts): check, threats and diff write their logs through it — each rule
// once with the index its results point at, every location relative to the checkout (%SRCROOT%), and what the
// reading did not read as the run's notifications.
import assert from 'node:assert/strict';
import { sarifLog, severityLevel } from '../../../src/common/sarif';
import { formatSarif, type CliProblem } from '../../../src/cli/format';
import { diffSarif } from '../../../src/archdiff/sarif';
import { compareMaps } from '../../../src/archdiff/compare';

interface Log {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    invocations?: { toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[];
    results: { ruleId: string; ruleIndex?: number; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[] }[];
  }[];
}

/** Every result's ruleIndex names its rule; every location is relative to %SRCROOT%. */
function wellFormed(text: string): Log {
  const log = JSON.parse(text) as Log;
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  for (const run of log.runs) {
    const ids = run.tool.driver.rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'each rule once');
    for (const result of run.results) {
      assert.equal(ids[result.ruleIndex ?? -1], result.ruleId);
      for (const l of result.locations) {
        assert.equal(l.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.ok(!l.physicalLocation.artifactLocation.uri.startsWith('/'));
      }
    }
  }
  return log;
}

describe('common/sarif: the one SARIF writer', () => {
  it('rules with their index, locations with their region, files in / form', () => {
    const log = wellFormed(sarifLog({
      tool: 'archipel',
      version: '1.2.3',
      rules: [{ id: 'a', description: 'A' }, { id: 'b', description: 'B', help: 'do x', level: 'warning', tags: ['security'] }],
      results: [{ ruleId: 'b', level: 'error', message: 'm', locations: [{ file: 'k8s\\web.yaml', line: 3, column: 2, endLine: 3, endColumn: 9 }], fingerprints: { id: 'f' } }],
    }));
    const [run] = log.runs;
    assert.equal(run.results[0].ruleIndex, 1);
    assert.deepEqual(run.results[0].locations[0].physicalLocation, { artifactLocation: { uri: 'k8s/web.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 2, endLine: 3, endColumn: 9 } });
    assert.equal(run.invocations, undefined);
  });

  it('what the reading did not read: one notification each, on its file', () => {
    const log = wellFormed(sarifLog({ tool: 'archipel', rules: [], results: [], notRead: [{ file: 'big.yaml', reason: 'over maxFileSizeKb (512 KB)' }] }));
    const notes = log.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
    assert.equal(notes.length, 1);
    assert.equal(notes[0].message.text, 'not read: over maxFileSizeKb (512 KB)');
    assert.equal(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'big.yaml');
  });

  it('severity levels as threats and diff raise them', () => {
    assert.deepEqual(['critical', 'high', 'elevated', 'medium', 'low'].map(severityLevel), ['error', 'error', 'error', 'warning', 'note']);
  });

  it('archipel check --format sarif through it', () => {
    const problem: CliProblem = { file: 'k8s/web.yaml', range: { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } }, severity: 'error', code: 'k8s-schema', source: 'archipel', message: 'x' };
    const log = wellFormed(formatSarif([problem], '0.1.0'));
    assert.equal(log.runs[0].tool.driver.name, 'archipel');
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.region.startLine, 5);
  });

  it('archipel diff --format sarif through it: a risk raised and an entry point opened', () => {
    const base = { nodes: [{ id: 'compose:.:cache', kind: 'cache', name: 'cache', sources: [{ file: 'compose.yaml', line: 2 }] }], edges: [] };
    const head = {
      nodes: base.nodes,
      edges: [{ from: 'users', to: 'compose:.:cache', kind: 'calls', label: ':6379', entry: true, sources: [{ file: 'compose.yaml', line: 5 }] }],
    };
    const diff = compareMaps(base, head, { base: { ref: 'main', commit: 'a'.repeat(40) }, head: { ref: 'working tree', commit: null } });
    diff.threats.raised.push({ rule: 'threat-missing-authentication', title: 'Missing Authentication', severity: 'elevated', stride: 'spoofing', likelihood: 'likely', impact: 'medium', cwe: 306, id: 'missing-authentication@cache', pathNames: ['Internet', 'cache'], sources: [{ file: 'compose.yaml', line: 5 }] } as never);
    const log = wellFormed(diffSarif(diff, () => 'authenticate'));
    assert.ok(log.runs[0].results.some((r) => r.ruleId === 'threat-missing-authentication'));
  });
});
