// `archipel diff` (issue #80) on a planted history of Kubernetes manifests in two namespaces: an image bump
// reads once, as the component's `image` change (no image node added and removed, no `runs` edges churned),
// and a call added from one namespace to another is a boundary crossed.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const front = (tag: string, call: boolean) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: front',
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: example/web:${tag}`,
    ...(call ? ['          env:', '            - name: API_URL', '              value: http://api.back.svc.cluster.local:3000'] : []),
    '          ports:',
    '            - containerPort: 8080',
    '',
  ].join('\n');

const back = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  '  namespace: back',
  'spec:',
  '  selector:',
  '    matchLabels: {app: api}',
  '  template:',
  '    metadata:',
  '      labels: {app: api}',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: example/api:1.0',
  '          ports:',
  '            - containerPort: 3000',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: api',
  '  namespace: back',
  'spec:',
  '  selector: {app: api}',
  '  ports:',
  '    - port: 3000',
  '',
].join('\n');

describe('archipel diff: changed fields and boundaries crossed (issue #80)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-fields-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'front.yaml'), front('1.0', false));
    writeFileSync(path.join(dir, 'back.yaml'), back);
    git('add', '-A');
    git('commit', '-q', '-m', 'two namespaces');
    writeFileSync(path.join(dir, 'front.yaml'), front('1.1', false));
    git('commit', '-q', '-am', 'web 1.1');
    writeFileSync(path.join(dir, 'front.yaml'), front('1.1', true));
    git('commit', '-q', '-am', 'web calls api');
  });

  it('an image bump: one component changed (image), nothing added or removed, no connection churned', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1', '--format', 'json'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { components: unknown; connections: unknown; boundaries: unknown };
    assert.deepEqual(diff.components, {
      added: [],
      removed: [],
      changed: [{ id: 'k8s:Deployment/front/web', kind: 'service', name: 'web', sources: [{ file: 'front.yaml', line: 4 }], changes: [{ field: 'image', before: 'example/web:1.0', after: 'example/web:1.1' }] }],
      renamed: [],
    });
    assert.deepEqual(diff.connections, { added: [], removed: [] });
    assert.deepEqual(diff.boundaries, { crossed: [], uncrossed: [] });
    const text = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1'], scratch.dir);
    assert.equal(text.out.split('\n').slice(1).join('\n'), ['components: 0 added, 0 removed, 1 changed', '  ~ service web [k8s:Deployment/front/web]: image example/web:1.0 → example/web:1.1 (front.yaml:4)', ''].join('\n'));
  });

  it('a call added from one namespace to another: the connection added and the boundary crossed; its revert uncrossed', async () => {
    const { code, out } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { connections: { added: unknown[] }; boundaries: unknown };
    assert.equal(diff.connections.added.length, 1);
    assert.deepEqual(diff.boundaries, { crossed: [{ ...(diff.connections.added[0] as object), fromBoundary: 'namespace front', toBoundary: 'namespace back' }], uncrossed: [] });
    assert.deepEqual(diff.connections.added[0], { from: 'k8s:Deployment/front/web', to: 'k8s:Service/back/api', kind: 'calls', label: 'HTTP :3000', sources: [{ file: 'front.yaml', line: 18 }], fromName: 'web', toName: 'api' });
    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], scratch.dir);
    assert.equal(
      text.out.split('\n').slice(1).join('\n'),
      ['connections: 1 added, 0 removed', '  + web calls api (HTTP :3000) (front.yaml:18)', 'boundaries: 1 crossed, 0 uncrossed', '  + web calls api (HTTP :3000) (namespace front → namespace back) (front.yaml:18)', ''].join('\n'),
    );
    const reverted = JSON.parse((await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD~1', '--format', 'json'], scratch.dir)).out) as { boundaries: { crossed: unknown[]; uncrossed: { fromBoundary: string; toBoundary: string; fromName: string; toName: string }[] } };
    assert.deepEqual(reverted.boundaries.crossed, []);
    assert.deepEqual(reverted.boundaries.uncrossed.map((e) => [e.fromName, e.fromBoundary, e.toName, e.toBoundary]), [['web', 'namespace front', 'api', 'namespace back']]);
  });
});

describe('archipel diff: replicas (issue #80)', function () {
  this.timeout(120_000);
  const deployment = (replicas: string) => back.replace('spec:\n  selector:', `spec:\n${replicas}  selector:`);
  const compose = (deploy: string) => ['services:', '  worker:', '    image: example/worker:1.0', ...(deploy ? ['    deploy:', `      replicas: ${deploy}`] : []), ''].join('\n');
  const scratch = scratchRepository('archipel-diff-replicas-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'back.yaml'), deployment(''));
    writeFileSync(path.join(dir, 'compose.yaml'), compose(''));
    git('add', '-A');
    git('commit', '-q', '-m', 'one of each');
    writeFileSync(path.join(dir, 'back.yaml'), deployment('  replicas: 3\n'));
    writeFileSync(path.join(dir, 'compose.yaml'), compose('2'));
    git('commit', '-q', '-am', 'scaled');
  });

  it('a Deployment given 3 replicas and a Compose service 2: each one component changed (replicas), nothing else', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { components: { added: unknown[]; removed: unknown[]; changed: { id: string; changes: unknown[] }[] }; connections: unknown };
    assert.deepEqual([diff.components.added, diff.components.removed], [[], []]);
    assert.deepEqual(
      diff.components.changed.map((c) => [c.id, c.changes]),
      [
        ['compose:.:worker', [{ field: 'replicas', before: '1', after: '2' }]],
        ['k8s:Deployment/back/api', [{ field: 'replicas', before: '1', after: '3' }]],
      ],
    );
    assert.deepEqual(diff.connections, { added: [], removed: [] });
  });
});
