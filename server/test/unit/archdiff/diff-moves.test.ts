// A moved file is not a change (issue #92): a `git mv` of one manifest read as 40 components and 46 connections
// "changed" (their instances' folder, a Compose project's id after its folder). git's own rename detection
// (`git diff --name-status -M -z`, platform/gitMoves.ts) carries the base's nodes to the head's places
// (archdiff/moves.ts). On a planted history (a temporary folder, the environment's identity, no user's configuration):
// a clean checkout is "no architectural change"; a Compose file and a manifest moved by `git mv`, in the working tree
// and committed, are no change; a move that also changes what the file says still says that change.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { carriedAcrossMoves, movesOfNameStatus } from '../../../src/archdiff/moves';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const compose = ['name: shop', 'services:', '  web:', '    image: nginx:1.27', '    ports: ["8080:80"]', '    environment:', '      API_URL: http://api:3000', '  api:', '    image: example/api:1.0', '    environment:', '      REDIS_URL: redis://cache:6379', '  cache:', '    image: redis:7', ''].join('\n');

const workload = [
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: a', 'spec:', '  selector:', '    matchLabels: {app: a}', '  template:', '    metadata:', '      labels: {app: a}', '    spec:', '      containers:', '        - name: a', '          image: example/a:1.0',
  '          env:', '            - name: API_URL', '              value: http://b:80',
  '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: b', 'spec:', '  selector:', '    matchLabels: {app: b}', '  template:', '    metadata:', '      labels: {app: b}', '    spec:', '      containers:', '        - name: b', '          image: example/b:1.0',
  '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: b', 'spec:', '  type: LoadBalancer', '  selector: {app: b}', '  ports:', '    - port: 80', '',
].join('\n');

type Diff = { components: { added: unknown[]; removed: unknown[]; changed: { id: string; changes: unknown[] }[]; renamed: { from: string; id: string }[] }; connections: { added: unknown[]; removed: unknown[] } };

describe('archipel diff: a moved file is not a change (issue #92)', function () {
  this.timeout(180_000);
  const scratch = scratchRepository('archipel-diff-moves-', ({ dir, git }) => {
    mkdirSync(path.join(dir, 'apps', 'a', 'k8s'), { recursive: true });
    writeFileSync(path.join(dir, 'compose.yaml'), compose);
    writeFileSync(path.join(dir, 'apps', 'a', 'k8s', 'd.yaml'), workload);
    git('add', '-A');
    git('commit', '-q', '-m', 'as it was');
  });
  const diff = async (...args: string[]) => {
    const run = await runCli(['diff', ...args], scratch.dir);
    assert.equal(run.code, 0, run.err);
    return run.out;
  };
  /** Nothing added, removed or changed; `renamed`: the ids that moved with their file (the JSON still says an id changed). */
  const nothing = (out: string, renamed: string[] = []) => {
    const json = JSON.parse(out) as Diff;
    assert.deepEqual([json.components.added, json.components.removed, json.components.changed], [[], [], []]);
    assert.deepEqual(json.components.renamed.map((n) => `${n.from} → ${n.id}`), renamed);
    assert.deepEqual(json.connections.added, []);
    assert.deepEqual(json.connections.removed, []);
  };
  const composeMoved = ['compose:. → compose:deploy', 'compose:.:api → compose:deploy:api', 'compose:.:cache → compose:deploy:cache', 'compose:.:web → compose:deploy:web'];

  it("a clean checkout's diff --base HEAD: no architectural change", async () => {
    assert.match(await diff('--base', 'HEAD'), /^no architectural change$/m);
    nothing(await diff('--base', 'HEAD', '--format', 'json'));
  });

  it('a Compose file and a manifest moved by git mv (staged, then committed): no architectural change', async () => {
    mkdirSync(path.join(scratch.dir, 'deploy'));
    mkdirSync(path.join(scratch.dir, 'apps', 'a', 'manifests'));
    scratch.git('mv', 'compose.yaml', 'deploy/compose.yaml');
    scratch.git('mv', 'apps/a/k8s/d.yaml', 'apps/a/manifests/d.yaml');
    assert.match(await diff('--base', 'HEAD'), /^no architectural change$/m);
    // The Deployments' ids name no folder: the same ids, their instances' folder carried (no `instances` change).
    nothing(await diff('--base', 'HEAD', '--format', 'json'), composeMoved);
    scratch.git('commit', '-q', '-m', 'moved');
    scratch.git('tag', 'moved');
    assert.match(await diff('--base', 'HEAD~1', '--head', 'moved'), /^no architectural change$/m);
    nothing(await diff('--base', 'HEAD~1', '--head', 'moved', '--format', 'json'), composeMoved);
  });

  it('moved and changed: the change is said, the move is not', async () => {
    const file = path.join(scratch.dir, 'deploy', 'compose.yaml');
    const before = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, before.replace('image: redis:7', 'image: redis:8'));
      const json = JSON.parse(await diff('--base', 'HEAD~1', '--format', 'json')) as Diff;
      assert.deepEqual(json.components.added, []);
      assert.deepEqual(json.components.removed, []);
      assert.deepEqual(json.components.changed.map((c) => [c.id, c.changes]), [['compose:deploy:cache', [{ field: 'image', before: 'redis:7', after: 'redis:8' }]]]);
    } finally {
      writeFileSync(file, before);
    }
  });

  it("git's name-status read: renames kept, copies, additions and deletions skipped, paths with spaces and newlines whole", () => {
    const output = ['M', 'a.yaml', 'R100', 'compose.yaml', 'deploy/compose.yaml', 'C075', 'x.yaml', 'y.yaml', 'A', 'new\nline.yaml', 'R087', 'old name.yaml', 'new name.yaml', 'D', 'gone.yaml', ''].join('\0');
    assert.deepEqual(movesOfNameStatus(output), [
      { from: 'compose.yaml', to: 'deploy/compose.yaml' },
      { from: 'old name.yaml', to: 'new name.yaml' },
    ]);
    assert.deepEqual(movesOfNameStatus(''), []);
  });

  it('a node is carried only when its main source moved, and never onto an id the base already has', () => {
    const source = (file: string) => [{ file, line: 1 }];
    const base = {
      nodes: [
        { id: 'compose:.:api', kind: 'service', name: 'api', sources: source('compose.yaml') },
        { id: 'compose:deploy:api', kind: 'service', name: 'api', sources: source('deploy/compose.yaml') },
        { id: 'compose:.:db', kind: 'datastore', name: 'db', sources: source('compose.yaml') },
        { id: 'k8s:Deployment//a', kind: 'service', name: 'a', sources: [...source('k8s/a.yaml'), ...source('k8s/hpa.yaml')] },
        { id: 'file:k8s/a.yaml', kind: 'file', name: 'a.yaml', sources: source('k8s/a.yaml') },
      ],
      edges: [{ from: 'compose:.:api', to: 'compose:.:db', kind: 'connects', label: 'x', sources: [] }],
      identities: { 'compose:.:db': { instances: ['compose .'] }, 'k8s:Deployment//a': { instances: ['manifests k8s'] } },
    };
    const moved = carriedAcrossMoves(base, [{ from: 'compose.yaml', to: 'ops/compose.yaml' }, { from: 'k8s/a.yaml', to: 'apps/a.yaml' }], (file) => file);
    assert.deepEqual([...moved.ids], [['compose:.:api', 'compose:ops:api'], ['compose:.:db', 'compose:ops:db'], ['file:k8s/a.yaml', 'file:apps/a.yaml']]);
    assert.deepEqual(moved.base.nodes, base.nodes, 'the ids are compare.ts\'s to carry');
    assert.deepEqual(moved.base.identities, { 'compose:.:db': { instances: ['compose ops'] }, 'k8s:Deployment//a': { instances: ['manifests apps'] } });
    // Onto an id the base has: not carried.
    const clash = carriedAcrossMoves(base, [{ from: 'compose.yaml', to: 'deploy/compose.yaml' }], (file) => file);
    assert.deepEqual([...clash.ids], [['compose:.:db', 'compose:deploy:db']]);
  });
});
