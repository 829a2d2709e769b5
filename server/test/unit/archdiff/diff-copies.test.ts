// `copies` on connections (issue #95): a base rendered by three kustomize overlays, whose web stops calling its cache
// and calls a queue instead, on a planted history (a temporary repository, no user's Git identity or configuration).
// Each overlay's connection added and removed is an entry of the JSON naming its two copies' ends (`copies`, made by
// archdiff/copies.ts), and the text and the pull-request comment group the entries by that field: the one rule.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compareMaps, diffText, type ArchDiff, type MapJson } from '../../../src/archdiff/compare';
import { diffMarkdown } from '../../../src/archdiff/markdown';
import { diffSarif } from '../../../src/archdiff/sarif';
import type { DiffResult } from '../../../src/protocol/diff';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const workload = (kind: string, name: string, image: string, env: string[]) =>
  [
    'apiVersion: apps/v1', `kind: ${kind}`, `metadata: {name: ${name}}`, 'spec:', `  selector: {matchLabels: {app: ${name}}}`, '  template:', `    metadata: {labels: {app: ${name}}}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: ${image}`, ...env,
  ].join('\n');
const service = (name: string, port: number) => ['apiVersion: v1', 'kind: Service', `metadata: {name: ${name}}`, `spec: {selector: {app: ${name}}, ports: [{port: ${port}}]}`].join('\n');
const env = (name: string, value: string) => ['          env:', `            - name: ${name}`, `              value: ${value}`];
// web (line 1) calls the cache by CACHE_URL (line 14), then the queue by QUEUE_URL (line 14): its image is kept.
const baseApp = [workload('Deployment', 'web', 'example/web:1.0', env('CACHE_URL', 'redis://cache:6379')), service('web', 80), workload('Deployment', 'cache', 'redis:7.2', []), service('cache', 6379), workload('Deployment', 'queue', 'rabbitmq:3.13', []), service('queue', 5672)].join('\n---\n') + '\n';
const headApp = baseApp.replace('CACHE_URL', 'QUEUE_URL').replace('redis://cache:6379', 'amqp://queue:5672');
const ENVS = ['dev', 'prod', 'staging'];
const id = (kind: string, name: string, env: string) => `k8s:${kind}/${env}/${name}@overlays/${env}`;

type Connection = DiffResult['connections']['added'][number];

/** The arrows of a comment's Mermaid diagram, without their ends' node keys. */
function fenceArrows(markdown: string): string[] {
  const start = markdown.indexOf('```mermaid');
  const fence = markdown.slice(start, markdown.indexOf('```', start + 3));
  return fence.split('\n').filter((line) => / -->| -\.->/.test(line)).map((line) => line.replace(/^ {2}n\d+| n\d+$/g, ''));
}

describe('archdiff: copies on connections (issue #95)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-copies-connections-', ({ dir, git }) => {
    mkdirSync(path.join(dir, 'base'));
    writeFileSync(path.join(dir, 'base', 'app.yaml'), baseApp);
    writeFileSync(path.join(dir, 'base', 'kustomization.yaml'), 'resources:\n  - app.yaml\n');
    for (const env of ENVS) {
      mkdirSync(path.join(dir, 'overlays', env), { recursive: true });
      writeFileSync(path.join(dir, 'overlays', env, 'kustomization.yaml'), `resources:\n  - ../../base\nnamespace: ${env}\n`);
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'three overlays of one base');
    writeFileSync(path.join(dir, 'base', 'app.yaml'), headApp);
    git('commit', '-q', '-a', '-m', 'web calls the queue');
  });

  it("the JSON: each overlay's call added and removed names its two copies' ends, sorted; the text and the comment say each once", async () => {
    const json = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(json.code, 0, json.err);
    const diff = JSON.parse(json.out) as DiffResult;
    const calls = (list: Connection[], to: string) => list.filter((e) => e.kind === 'calls' && e.toName === to);
    const ends = (to: string) => ENVS.map((env) => ({ from: id('Deployment', 'web', env), to: id('Service', to, env) }));
    for (const [list, to, label] of [[diff.connections.added, 'queue', 'AMQP :5672'], [diff.connections.removed, 'cache', 'Redis :6379']] as const) {
      const entries = calls(list, to);
      assert.deepEqual(entries.map((e) => ({ from: e.from, to: e.to })), ends(to), JSON.stringify(list));
      for (const [i, e] of entries.entries()) {
        assert.equal(e.label, label);
        assert.deepEqual(e.sources, [{ file: 'base/app.yaml', line: 14 }]);
        assert.deepEqual(e.copies, ends(to).filter((_, j) => j !== i));
      }
    }
    // No component changed (the image is kept), so nothing else is said.
    assert.deepEqual([diff.components.added, diff.components.removed, diff.components.changed], [[], [], []]);
    assert.deepEqual(diff.policy, { raised: [], resolved: [] });

    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], scratch.dir);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^connections: 1 added, 1 removed \(6 with their copies\)$/m);
    const copiesOf = (to: string) => `      and its 2 copies: ${ends(to).slice(1).map((e) => `${e.from} → ${e.to}`).join(', ')}`;
    assert.ok(text.out.includes(`  + web calls queue (AMQP :5672) [${ends('queue')[0].from} → ${ends('queue')[0].to}] (base/app.yaml:14)\n${copiesOf('queue')}\n`), text.out);
    assert.ok(text.out.includes(`  - web calls cache (Redis :6379) [${ends('cache')[0].from} → ${ends('cache')[0].to}] (base/app.yaml:14)\n${copiesOf('cache')}\n`), text.out);

    const markdown = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], scratch.dir);
    assert.equal(markdown.code, 0, markdown.err);
    const summary = markdown.out.split('\n').find((line) => line.startsWith('**')) ?? '';
    assert.ok(summary.startsWith('**0 components (0 added, 0 removed, 0 changed) · 2 connections (1 added, 1 removed; 6 with their copies) · 0 entry points (0 opened, 0 closed)'), summary);
    // The Connections table: one row for each call's three copies, its number of copies beside its sign.
    assert.deepEqual(markdown.out.split('\n').filter((line) => /^\| (added|removed)/.test(line)), ['| added (3 copies) | web | calls | queue | AMQP :5672 | base/app.yaml:14 |', '| removed (3 copies) | web | calls | cache | Redis :6379 | base/app.yaml:14 |']);
    // The diagram: one arrow added, one removed, for the three copies of each.
    assert.deepEqual(fenceArrows(markdown.out), [' -->|"calls AMQP #58;5672"|', ' -.->|"calls Redis #58;6379"|']);

    // SARIF keeps working: a valid log, nothing opened or raised by a call moved between two internal stores.
    const sarif = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'sarif'], scratch.dir);
    assert.equal(sarif.code, 0, sarif.err);
    assert.equal((JSON.parse(sarif.out) as { version: string }).version, '2.1.0');
  });
});

describe('archdiff: the readers group by `copies`, the one rule (issue #95)', () => {
  const sides = { base: { ref: 'main', commit: 'a'.repeat(40) }, head: { ref: 'working tree', commit: null } };
  const node = (name: string, env: string) => ({ id: id('Deployment', name, env), kind: 'service', name, sources: [{ file: `base/${name}.yaml`, line: 3 }] });
  const edge = (env: string, line: number) => ({ from: node('web', env).id, to: node('db', env).id, kind: 'calls', label: 'PostgreSQL :5432', sources: [{ file: 'base/web.yaml', line }] });
  const base: MapJson = { nodes: ENVS.flatMap((env) => [node('web', env), node('db', env)]), edges: [] };

  it('connections said alike on the same lines are copies; on other lines they are not', () => {
    const alike = compareMaps(base, { ...base, edges: ENVS.map((env) => edge(env, 12)) }, sides);
    assert.deepEqual(alike.connections.added.map((e) => e.copies?.length), [2, 2, 2]);
    const apart = compareMaps(base, { ...base, edges: ENVS.map((env, i) => edge(env, 12 + i)) }, sides);
    assert.deepEqual(apart.connections.added.map((e) => e.copies), [undefined, undefined, undefined]);
    assert.match(diffText(apart), /^connections: 3 added, 0 removed$/m);
  });

  it('the text and the comment read the entries\' `copies`, not a rule of their own: entries without it are each said', () => {
    const alike = compareMaps(base, { ...base, edges: ENVS.map((env) => edge(env, 12)) }, sides);
    assert.match(diffText(alike), /^connections: 1 added, 0 removed \(3 with their copies\)$/m);
    const bare: ArchDiff = { ...alike, connections: { added: alike.connections.added.map(({ copies: _, ...e }) => e), removed: [] }, entryPoints: { opened: [], closed: [] } };
    assert.match(diffText(bare), /^connections: 3 added, 0 removed$/m);
    assert.ok(diffMarkdown(bare).includes('3 connections (3 added, 0 removed)'), diffMarkdown(bare));
    assert.ok(diffMarkdown(alike).includes('1 connection (1 added, 0 removed; 3 with their copies)'), diffMarkdown(alike));
  });

  it('an entry point opened in N copies: said once in the text, counted and listed once in the comment, one code scanning result', () => {
    const users = { id: 'person:users', kind: 'person', name: 'Users', sources: [] };
    const opened = compareMaps({ ...base, nodes: [...base.nodes, users] }, { nodes: [...base.nodes, users], edges: ENVS.map((env) => ({ from: users.id, to: node('web', env).id, kind: 'calls', label: 'HTTPS :443', sources: [{ file: 'base/ingress.yaml', line: 9 }] })) }, sides);
    assert.deepEqual(opened.entryPoints.opened.map((e) => e.copies?.length), [2, 2, 2]);
    assert.match(diffText(opened), /^entry points: 1 opened, 0 closed \(3 with their copies\)\n {2}\+ Users calls web \(HTTPS :443\) \[person:users → k8s:Deployment\/dev\/web@overlays\/dev\] \(base\/ingress\.yaml:9\)\n {6}and its 2 copies: person:users → k8s:Deployment\/prod\/web@overlays\/prod, person:users → k8s:Deployment\/staging\/web@overlays\/staging$/m);
    const markdown = diffMarkdown(opened);
    assert.ok(markdown.includes('1 entry point (1 opened, 0 closed; 3 with their copies)'), markdown);
    // Code scanning: one result on the line the copies share, naming them.
    const results = (JSON.parse(diffSarif(opened, () => '')) as { runs: { results: { ruleId: string; message: { text: string }; locations: unknown[] }[] }[] }).runs[0].results;
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.message.text, r.locations.length]),
      [['entry-point-opened', 'Entry point opened by this change: Users → web HTTPS :443 (and its 2 copies: person:users → k8s:Deployment/prod/web@overlays/prod, person:users → k8s:Deployment/staging/web@overlays/staging)', 1]],
    );
    assert.deepEqual(markdown.split('\n').filter((line) => line.startsWith('| opened')), ['| opened (3 copies) | Users | calls | web | HTTPS :443 | base/ingress.yaml:9 |']);
  });

  it('the JSON the CLI prints is the protocol\'s answer (DiffResult, without its root)', () => {
    const answer: Omit<DiffResult, 'root'> = compareMaps(base, { ...base, edges: ENVS.map((env) => edge(env, 12)) }, sides);
    assert.deepEqual(answer.policy, { raised: [], resolved: [] });
    assert.deepEqual(answer.connections.added[0].copies, [{ from: node('web', 'prod').id, to: node('db', 'prod').id }, { from: node('web', 'staging').id, to: node('db', 'staging').id }]);
  });
});
