// `archipel/diff` under the budget (issue #92): a comparison of a whole repository held the server's thread 95.9 s over
// 20,041 files (another file's diagnostics waited 15.2 s, a request timed out). It runs as `archipel diff` in a process
// of its own (platform/diffRequest.ts): on a generated repository of 1,500 manifests (a temporary folder, commits by
// the environment's identity, no user's configuration), files opened and a hover asked while a comparison runs are
// answered before it ends (ordering, not time), the comparison's answer is the contract, and a cancelled comparison
// is answered as cancelled and its process ends.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { DiffRequest, IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { scratchRepository } from '../../unit/archdiff/scratchRepository';
import { TestLspClient } from '../lspClient';

const FILES = 1500;

const manifest = (i: number, image = `example/s${i}:1.0`) =>
  ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: s${i}`, 'spec:', '  selector:', `    matchLabels: {app: s${i}}`, '  template:', '    metadata:', `      labels: {app: s${i}}`, '    spec:', '      containers:', `        - name: s${i}`, `          image: ${image}`, '          env:', '            - name: NEXT_URL', `              value: http://s${(i + 1) % FILES}:80`,
    '---', 'apiVersion: v1', 'kind: Service', 'metadata:', `  name: s${i}`, 'spec:', `  selector: {app: s${i}}`, '  ports:', '    - port: 80', ''].join('\n');

/** The processes the server started (Linux's /proc: each thread's children), with their command lines. */
function childrenOf(pid: number): string[] {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return [];
  const ids = readdirSync(tasks).flatMap((tid) => {
    try {
      return readFileSync(`${tasks}/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return [];
    }
  });
  return ids.flatMap((id) => {
    try {
      return [readFileSync(`/proc/${id}/cmdline`, 'utf8').split('\0').join(' ')];
    } catch {
      return [];
    }
  });
}

/** Polls `check` until it holds (the processes are not messages the client hears), rejecting at the deadline. */
async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('archipel/diff runs beside the server: other files answered meanwhile, cancellable (issue #92)', function () {
  this.timeout(600_000);
  const scratch = scratchRepository('archipel-diff-budget-', (repo) => {
    for (let i = 0; i < FILES; i++) {
      mkdirSync(path.join(repo.dir, 'apps', `s${i}`), { recursive: true });
      writeFileSync(path.join(repo.dir, 'apps', `s${i}`, 'deployment.yaml'), manifest(i));
    }
    repo.git('add', '-A');
    repo.git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'the services');
    // The working tree's change: one image bumped.
    writeFileSync(path.join(repo.dir, 'apps', 's7', 'deployment.yaml'), manifest(7, 'example/s7:2.0'));
    mkdirSync(path.join(repo.dir, 'other'));
  });
  let client: TestLspClient;
  const other = (i: number) => pathToFileURL(path.join(scratch.dir, 'other', `o${i}.yaml`)).href;

  before(async () => {
    client = TestLspClient.start();
    const uri = pathToFileURL(scratch.dir).href;
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'services' }], capabilities: {} });
    await client.connection.sendNotification('initialized', {});
    await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined), 300_000);
  });

  after(async () => {
    await client.stop();
  });

  it("files opened and a hover asked during a comparison are answered before it ends; its answer is the contract's", async () => {
    const order: string[] = [];
    const diff = client.connection.sendRequest(DiffRequest, { base: 'HEAD' }).then((answer) => {
      order.push('diff');
      return answer;
    });
    // Once the comparison's process runs (the server started it), the editor keeps working on other files.
    await until('the comparison started', () => childrenOf(client.process.pid!).some((c) => c.includes('cli.js') && c.includes(' diff ')), 120_000);
    for (let i = 0; i < 3; i++) {
      client.open(other(i), manifest(10_000 + i).replace('  name: s', '  name: other'), 1);
      await client.waitForDiagnostics(other(i), 1, () => true);
      order.push(`diagnostics ${i}`);
    }
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: other(0) }, position: { line: 1, character: 2 } });
    order.push('hover');
    const answer = await diff;
    assert.deepEqual(order, ['diagnostics 0', 'diagnostics 1', 'diagnostics 2', 'hover', 'diff'], 'the other files waited for the comparison');
    assert.equal(answer.root, pathToFileURL(scratch.dir).href);
    assert.deepEqual(answer.components.changed.map((c) => [c.id, c.changes]), [['k8s:Deployment//s7', [{ field: 'image', before: 'example/s7:1.0', after: 'example/s7:2.0' }]]]);
    client.closeAll();
  });

  it('a cancelled comparison is answered as cancelled and its process ends', async () => {
    const source = new CancellationTokenSource();
    const diff = client.connection.sendRequest(DiffRequest, { base: 'HEAD' }, source.token);
    const running = () => childrenOf(client.process.pid!).filter((c) => c.includes('cli.js') && c.includes(' diff '));
    await until('the comparison started', () => running().length > 0, 120_000);
    source.cancel();
    await assert.rejects(diff, (error: { code?: number }) => error.code === -32800);
    await until('the comparison ended', () => running().length === 0, 60_000);
  });
});
