// Ids and compared fields depend only on a component's own files (issue #92): adding `apps/b/k8s/d.yaml` beside
// `apps/a` used to change every one of `a`'s instances (`manifests .` → `manifests a/k8s`: the folder the map's
// components share moved up), so 20,000 components of a monorepo read "changed". On a planted repository (a temporary
// folder, the environment's identity, no user's configuration): `a`'s ids are the same before and after `b` is added,
// and `archipel diff` says `b` added and nothing else.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const workload = (name: string) =>
  [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', `    matchLabels: {app: ${name}}`, '  template:', '    metadata:', `      labels: {app: ${name}}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: example/${name}:1.0`,
    '          env:', '            - name: CACHE_URL', '              value: redis://cache:6379',
    '---', 'apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, 'spec:', `  selector: {app: ${name}}`, '  ports:', '    - port: 80', '',
  ].join('\n');

const cache = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: cache', 'spec:', '  selector:', '    matchLabels: {app: cache}', '  template:', '    metadata:', '      labels: {app: cache}', '    spec:', '      containers:', '        - name: cache', '          image: redis:7', '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: cache', 'spec:', '  selector: {app: cache}', '  ports:', '    - port: 6379', ''].join('\n');

type MapJson = { nodes: { id: string; name: string; sources: { file: string }[] }[]; edges: { from: string; to: string; kind: string; label: string }[] };

describe("archipel diff: a component's ids and fields depend only on its own files (issue #92)", function () {
  this.timeout(180_000);
  const scratch = scratchRepository('archipel-diff-own-', ({ dir, git }) => {
    mkdirSync(path.join(dir, 'apps', 'a', 'k8s'), { recursive: true });
    writeFileSync(path.join(dir, 'apps', 'a', 'k8s', 'd.yaml'), `${workload('a')}---\n${cache}`);
    git('add', '-A');
    git('commit', '-q', '-m', 'a');
  });

  it('adding apps/b beside apps/a: the ids of a unchanged; the diff says b added and nothing else', async () => {
    const mapOf = async () => {
      const run = await runCli(['diagram', 'system', '--format', 'json'], scratch.dir);
      assert.equal(run.code, 0, run.err);
      return JSON.parse(run.out) as MapJson;
    };
    const ofA = (map: MapJson) => ({
      nodes: map.nodes.filter((n) => n.sources.some((s) => s.file.startsWith('apps/a/'))).map((n) => [n.id, n.name]),
      edges: map.edges.filter((e) => !e.from.includes('/b') && !e.to.includes('/b')).map((e) => [e.from, e.to, e.kind, e.label]),
    });
    const before = await mapOf();
    assert.ok(before.nodes.some((n) => n.id === 'k8s:Deployment//a'));
    mkdirSync(path.join(scratch.dir, 'apps', 'b', 'k8s'), { recursive: true });
    writeFileSync(path.join(scratch.dir, 'apps', 'b', 'k8s', 'd.yaml'), workload('b'));
    const after = await mapOf();
    assert.deepEqual(ofA(after), ofA(before));

    const run = await runCli(['diff', '--base', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(run.code, 0, run.err);
    const diff = JSON.parse(run.out) as { components: { added: { id: string }[]; removed: unknown[]; changed: { id: string; changes: unknown[] }[]; renamed?: unknown[] }; connections: { added: { from: string; to: string }[]; removed: unknown[] } };
    assert.deepEqual(diff.components.added.map((c) => c.id).sort(), ['image:example/b', 'k8s:Deployment//b', 'k8s:Service//b']);
    assert.deepEqual(diff.components.removed, []);
    assert.deepEqual(diff.components.changed, []);
    assert.deepEqual(diff.connections.removed, []);
    for (const edge of diff.connections.added) assert.ok(edge.from.endsWith('/b') || edge.to.endsWith('/b'), `${edge.from} → ${edge.to}: b's`);
  });
});
