// `archipel diff` (issue #80) with the analyses: a planted change that publishes a data store's port (the
// entry point opened and its risks raised) and its revert (closed, resolved), the `threats` gate, SARIF
// and the comment's risk table; committed in a repository made in a temporary folder with no identity.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { md, tablesOf } from './markdownIt';
import { scratchRepository } from './scratchRepository';

const compose = (cachePorts = '') =>
  [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports: ["8080:80"]',
    '    environment:',
    '      API_URL: http://api:3000',
    '  api:',
    '    image: example/api:1.0',
    '    environment:',
    '      REDIS_URL: redis://cache:6379',
    '  cache:',
    '    image: redis:7',
    ...(cachePorts ? [cachePorts] : []),
    '',
  ].join('\n');

interface Risk {
  id: string;
  rule: string;
  severity: string;
  path: string[];
  pathNames: string[];
  sources: { file: string; line: number }[];
}

interface Diff {
  entryPoints: { opened: unknown[]; closed: unknown[] };
  threats: { raised: Risk[]; resolved: Risk[] };
  privacy: { added: unknown[]; removed: unknown[] };
}

const entry = { from: 'person:users', to: 'compose:.:cache', kind: 'calls', label: ':6379', sources: [{ file: 'compose.yaml', line: 13 }], fromName: 'Users', toName: 'cache' };

/** The risk the Internet reaching the cache directly raises (Threagile's unguarded-direct-datastore-access). */
const datastoreAccess = {
  id: 'unguarded-direct-datastore-access@internet>-6379-to-cache@internet@compose-cache',
  rule: 'threat-unguarded-direct-datastore-access',
  title: 'Unguarded Direct Datastore Access of cache by Internet via :6379 to cache',
  severity: 'elevated',
  stride: 'elevation-of-privilege',
  likelihood: 'likely',
  impact: 'medium',
  cwe: 501,
  path: ['internet', 'compose:.:cache'],
  pathNames: ['Internet', 'cache'],
  sources: [{ file: 'compose.yaml', line: 13 }],
};

describe('archipel diff: threats raised and resolved (issue #80)', function () {
  this.timeout(120_000);
  let repo = '';
  const scratch = scratchRepository('archipel-diff-threats-', ({ dir }) => {
    repo = dir;
    writeFileSync(path.join(repo, 'compose.yaml'), compose());
    git('add', '-A');
    git('commit', '-q', '-m', 'the shop');
    writeFileSync(path.join(repo, 'compose.yaml'), compose('    ports: ["6379:6379"]'));
    git('commit', '-q', '-am', 'publish the cache');
    git('revert', '--no-edit', 'HEAD');
  });
  const git = scratch.git;

  async function diffOf(base: string, head: string): Promise<Diff> {
    const { code, out, err } = await runCli(['diff', '--base', base, '--head', head, '--format', 'json'], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    return JSON.parse(out) as Diff;
  }

  it("publishing the cache's port: the entry point opened and its risks raised, each on the port's line with the attack path Internet → cache", async () => {
    const diff = await diffOf('HEAD~2', 'HEAD~1');
    assert.deepEqual(diff.entryPoints, { opened: [entry], closed: [] });
    assert.deepEqual(diff.threats.resolved, []);
    assert.deepEqual(diff.threats.raised.find((r) => r.rule === datastoreAccess.rule), datastoreAccess);
    for (const risk of diff.threats.raised) {
      assert.deepEqual(risk.pathNames, ['Internet', 'cache'], risk.id);
      assert.deepEqual(risk.sources, [{ file: 'compose.yaml', line: 13 }], risk.id);
    }
    assert.deepEqual(diff.privacy, { added: [], removed: [] });
  });

  it('its revert: the entry point closed and the same risks resolved, none raised', async () => {
    const published = await diffOf('HEAD~2', 'HEAD~1');
    const reverted = await diffOf('HEAD~1', 'HEAD');
    assert.deepEqual(reverted.entryPoints, { opened: [], closed: [entry] });
    assert.deepEqual(reverted.threats, { raised: [], resolved: published.threats.raised });
  });

  it('--fail-on threats: exit 1 on the change that raises them (the diff printed, each risk said), 0 on its revert', async () => {
    const printed = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1'], repo);
    const failed = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1', '--fail-on', 'threats'], repo);
    assert.equal(failed.code, 1);
    assert.equal(failed.out, printed.out);
    assert.match(failed.err, /^archipel diff: --fail-on threats: \d+ risks raised \(.*elevated threat-unguarded-direct-datastore-access: Internet → cache.*\)\n$/);
    const passed = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'threats,exposure'], repo);
    assert.equal(passed.err, '');
    assert.equal(passed.code, 0);
  });

  it('the text: the risks raised with their lines and attack paths', async () => {
    const { out } = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1'], repo);
    const lines = out.split('\n');
    const at = lines.findIndex((line) => line.startsWith('threats: '));
    assert.match(lines[at], /^threats: \d+ raised, 0 resolved$/);
    assert.ok(lines.includes('  + elevated threat-unguarded-direct-datastore-access: Unguarded Direct Datastore Access of cache by Internet via :6379 to cache (compose.yaml:13)'));
    assert.equal(lines[lines.indexOf('  + elevated threat-unguarded-direct-datastore-access: Unguarded Direct Datastore Access of cache by Internet via :6379 to cache (compose.yaml:13)') + 1], '      Internet → cache');
  });

  it('--format sarif: one result per risk raised and per entry point opened, on the port line', async () => {
    const { code, out } = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1', '--format', 'sarif'], repo);
    assert.equal(code, 0);
    const json = JSON.parse(out) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; partialFingerprints: Record<string, string>; locations: unknown[] }[] }[] };
    const published = await diffOf('HEAD~2', 'HEAD~1');
    assert.equal(json.version, '2.1.0');
    const run = json.runs[0];
    assert.equal(run.tool.driver.name, 'archipel diff');
    assert.deepEqual(run.results.map((r) => r.ruleId), [...published.threats.raised.map((r) => r.rule), 'entry-point-opened']);
    const location = [{ physicalLocation: { artifactLocation: { uri: 'compose.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 13 } } }];
    for (const result of run.results) assert.deepEqual(result.locations, location);
    const ruleIndex = (id: string) => run.tool.driver.rules.findIndex((r) => r.id === id);
    assert.deepEqual(run.results.find((r) => r.ruleId === datastoreAccess.rule), {
      ruleId: datastoreAccess.rule,
      ruleIndex: ruleIndex(datastoreAccess.rule),
      level: 'error',
      message: { text: 'Unguarded Direct Datastore Access of cache by Internet via :6379 to cache (raised by this change; attack path: Internet → cache)' },
      partialFingerprints: { syntheticId: datastoreAccess.id },
      properties: { stride: 'elevation-of-privilege', severity: 'elevated', likelihood: 'likely', impact: 'medium' },
      locations: location,
    });
    assert.deepEqual(run.results.at(-1), { ruleId: 'entry-point-opened', ruleIndex: ruleIndex('entry-point-opened'), level: 'warning', message: { text: 'Entry point opened by this change: Users → cache :6379' }, partialFingerprints: { connection: '["person:users","compose:.:cache","calls",":6379"]' }, locations: location });
    assert.deepEqual(new Set(run.tool.driver.rules.map((r) => r.id)), new Set(run.results.map((r) => r.ruleId)));
    // The revert raises nothing: an empty run (code scanning closes the alerts).
    const reverted = JSON.parse((await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'sarif'], repo)).out) as typeof json;
    assert.deepEqual(reverted.runs[0].results, []);
  });

  it("--format markdown: the summary counts the risks and the Risks table lists each with its path and line", async () => {
    const { out } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], repo);
    const published = await diffOf('HEAD~2', 'HEAD~1');
    const n = published.threats.raised.length;
    assert.equal(out.split('\n')[2], `**1 component (0 added, 0 removed, 1 changed) · 1 connection (0 added, 1 removed) · 1 entry point (0 opened, 1 closed) · 1 boundary crossing (0 crossed, 1 uncrossed) · ${n} risks (0 raised, ${n} resolved)**`);
    assert.ok(out.includes('\n#### Risks\n'));
    // The store no longer reached by users: its exposure changed, its users' connection no longer crosses from the Internet.
    assert.ok(out.includes('| changed | cache | cache | compose:.:cache | exposure: exposed → internal | compose.yaml:'), out);
    assert.ok(out.includes('\n#### Boundaries crossed\n'));
    // The cells as read (their backslash escapes undone).
    const risks = tablesOf(md.parse(out, {})).map((table) => table.map((row) => row.map((cell) => cell.replace(/\\(.)/g, '$1')))).find((table) => table[0][1] === 'Severity');
    assert.ok(risks);
    assert.deepEqual(risks[0], ['', 'Severity', 'Rule', 'Risk', 'Attack path', 'Where']);
    assert.equal(risks.length - 1, n);
    assert.deepEqual(
      risks.find((row) => row[2] === datastoreAccess.rule),
      ['resolved', 'elevated', datastoreAccess.rule, datastoreAccess.title, 'Internet → cache', 'compose.yaml:13'],
    );
  });
});
