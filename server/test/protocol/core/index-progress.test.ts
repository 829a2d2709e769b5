// The first scan's progress in the editor (#69): a workspace of PROGRESS_FILES files or more opened
// by a client that takes work-done progress (VS Code, Neovim) gets one progress the server starts —
// begun, reported as "indexing <folder>: N of M files", ended with the scan — over plain LSP; a small
// workspace, or a client without the capability, gets none.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { PROGRESS_FILES } from '../../../src/lsp/workspaceScan';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

type Progress = { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
const manifest = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {a: "1"}\n`;

/** A client that takes work-done progress and records each progress the server creates. */
async function open(root: string, progress = true): Promise<{ client: TestLspClient; created: (string | number)[]; values: Map<string | number, Progress[]> }> {
  const client = TestLspClient.start();
  const created: (string | number)[] = [];
  const values = new Map<string | number, Progress[]>();
  client.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    created.push(params.token);
    values.set(params.token, client.watchProgress<Progress>(params.token));
    return null;
  });
  const folder = pathToFileURL(root).href;
  await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { workspace: { configuration: true }, ...(progress ? { window: { workDoneProgress: true } } : {}) } });
  await client.connection.sendNotification('initialized', {});
  await client.waitFor('index ready', () => client.notifications.filter((n) => n.method === IndexStatusNotification.method).map((n) => n.params as IndexStatus).find((s) => s.state === 'ready'), 100_000);
  return { client, created, values };
}

describe('the first scan\'s progress in the editor (#69)', function () {
  this.timeout(180_000);
  const large = makeTree(Object.fromEntries(Array.from({ length: PROGRESS_FILES + 200 }, (_, i) => [`k8s/c${i}.yaml`, manifest(i)])));
  const small = makeTree(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k8s/c${i}.yaml`, manifest(i)])));
  after(() => {
    large.remove();
    small.remove();
  });

  it('a large workspace: begun, reported as files indexed of the total, ended', async function () {
    const { client, created, values } = await open(large.root);
    try {
      assert.equal(created.length, 1, 'one progress');
      const seen = await client.waitFor('the progress ended', () => {
        const list = values.get(created[0]) ?? [];
        return list.some((v) => v.kind === 'end') ? list : undefined;
      });
      assert.equal(seen[0].kind, 'begin');
      assert.equal(seen[0].title, 'Archipel');
      assert.match(seen[0].message ?? '', new RegExp(`^indexing [^:]+: \\d+ of ${PROGRESS_FILES + 200} files$`));
      assert.equal(seen.at(-1)!.kind, 'end');
      const percentages = seen.filter((v) => v.percentage !== undefined).map((v) => v.percentage!);
      assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'the percentage never goes back');
      assert.ok(percentages.every((p) => p >= 0 && p <= 100));
    } finally {
      await client.stop();
    }
  });

  it('a small workspace, or a client without work-done progress: none', async function () {
    for (const [root, progress] of [[small.root, true], [large.root, false]] as const) {
      const { client, created } = await open(root, progress);
      try {
        assert.deepEqual(created, []);
      } finally {
        await client.stop();
      }
    }
  });
});
