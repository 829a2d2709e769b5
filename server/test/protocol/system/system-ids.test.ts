// One id scheme (issue #92): the server's `archipel/systemMap`, `archipel/costView` and `archipel/diff`, and the CLI's
// JSON (`diagram system --format json`, `diff --format json`, `threats --format json`) name the same components alike —
// relative to the repository, never with the machine's path — so that the System Map's "Compare with…" colours a
// Compose box. On a git repository made at a temporary path for the suite (commits by the environment's identity, no
// user's configuration): a README first, then a Compose project in `deploy/` and a workload in `apps/a/k8s/`, uncommitted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { componentKinds } from '../../../src/features/system/contributor';
import { DiffRequest, IndexStatusNotification, SystemMapRequest, type IndexStatus } from '../../../src/protocol';
import { CostViewRequest } from '../../../src/protocol/cost';
import { gitEnv } from '../../experiments';
import { repoRoot } from '../../helpers';
import { scratchRepository } from '../../unit/archdiff/scratchRepository';
import { TestLspClient } from '../lspClient';

const compose = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    ports: ["80:80"]',
  '    environment:',
  '      API_URL: http://api:3000',
  '  api:',
  '    image: example/api:1.0',
  '    environment:',
  '      DATABASE_URL: postgres://db:5432/app',
  '  db:',
  '    image: postgres:16',
  '    ports: ["5432:5432"]',
  '',
].join('\n');

const workload = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: a',
  'spec:',
  '  selector:',
  '    matchLabels: {app: a}',
  '  template:',
  '    metadata:',
  '      labels: {app: a}',
  '    spec:',
  '      containers:',
  '        - name: a',
  '          image: example/a:1.0',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: a',
  'spec:',
  '  type: LoadBalancer',
  '  selector: {app: a}',
  '  ports: [{port: 80}]',
  '',
].join('\n');

describe('One id scheme: archipel/systemMap, archipel/diff and the CLI name components alike (issue #92)', function () {
  this.timeout(300_000);
  const scratch = scratchRepository('archipel-ids-', (repo) => {
    writeFileSync(path.join(repo.dir, 'README.md'), '# shop\n');
    repo.git('add', '-A');
    repo.git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'start');
    mkdirSync(path.join(repo.dir, 'deploy'));
    mkdirSync(path.join(repo.dir, 'apps', 'a', 'k8s'), { recursive: true });
    writeFileSync(path.join(repo.dir, 'deploy', 'compose.yaml'), compose);
    writeFileSync(path.join(repo.dir, 'apps', 'a', 'k8s', 'd.yaml'), workload);
  });
  // The command's JSON; `threats` exits 1 when it finds a risk, which it prints all the same.
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'server', 'cli.js'), ...args], { cwd: scratch.dir, env: { ...process.env, ...gitEnv() }, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `archipel ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };
  let client: TestLspClient;

  before(async () => {
    client = TestLspClient.start();
    const uri = pathToFileURL(scratch.dir).href;
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'shop' }], capabilities: {} });
    await client.connection.sendNotification('initialized', {});
    await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined), 120_000);
  });

  after(async () => {
    await client.stop();
  });

  const noMachinePath = (ids: readonly string[]) => {
    for (const id of ids) {
      assert.ok(!id.includes('file:') && !id.includes(scratch.dir), `a repository-relative id: ${id}`);
    }
  };
  const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

  it("the map's components, the diff's and the CLI's JSON: one set of ids, relative to the repository", async () => {
    const map = await client.connection.sendRequest(SystemMapRequest, { view: 'containers' });
    const mapIds = sorted(map.nodes.filter((n) => componentKinds.has(n.kind)).map((n) => n.id));
    assert.deepEqual(mapIds, ['compose:deploy:api', 'compose:deploy:db', 'compose:deploy:web', 'k8s:Deployment//a']);
    noMachinePath([...map.nodes.map((n) => n.id), ...map.edges.flatMap((e) => [e.from, e.to]), ...map.groups.map((g) => g.id)]);

    const cliMap = JSON.parse(cli('diagram', 'system', '--view', 'containers', '--format', 'json')) as { nodes: { id: string; kind: string }[]; edges: { from: string; to: string }[] };
    assert.deepEqual(sorted(cliMap.nodes.map((n) => n.id)), sorted(map.nodes.map((n) => n.id)), "the CLI's view: the panel's ids");
    assert.deepEqual(sorted(cliMap.edges.map((e) => `${e.from} ${e.to}`)), sorted(map.edges.map((e) => `${e.from} ${e.to}`)));

    const diff = await client.connection.sendRequest(DiffRequest, { base: 'HEAD' });
    const added = sorted(diff.components.added.map((c) => c.id));
    for (const id of mapIds) assert.ok(added.includes(id), `the diff names ${id} as the map does`);
    noMachinePath([...added, ...diff.connections.added.flatMap((e) => [e.from, e.to])]);
    // Every arrow the map draws between components is an arrow the diff adds, by the same ids: the page colours it.
    const addedEdges = new Set(diff.connections.added.map((e) => `${e.from} ${e.to}`));
    for (const edge of map.edges.filter((e) => mapIds.includes(e.from) && mapIds.includes(e.to))) assert.ok(addedEdges.has(`${edge.from} ${edge.to}`), `${edge.from} → ${edge.to} coloured`);

    const cliDiff = JSON.parse(cli('diff', '--base', 'HEAD', '--format', 'json')) as { components: { added: { id: string }[] } };
    assert.deepEqual(sorted(cliDiff.components.added.map((c) => c.id)), added, "the CLI's diff: the server's ids");

    const threats = JSON.parse(cli('threats', '--format', 'json')) as { risks: { elements: string[] }[] };
    const elements = sorted(threats.risks.flatMap((r) => r.elements).filter((e) => e !== 'internet'));
    assert.ok(elements.length > 0, 'risks name components');
    for (const element of elements) assert.ok(mapIds.includes(element), `the threat's element ${element} is a component of the map`);

    const cost = await client.connection.sendRequest(CostViewRequest, {});
    const priced = cost.components.filter((c) => c.onMap).map((c) => c.id);
    assert.ok(priced.length > 0);
    for (const id of priced) assert.ok(map.nodes.some((n) => n.id === id), `the Cost view's ${id} is a box of the map`);
  });
});
