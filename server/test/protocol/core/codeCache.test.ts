import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanDeployment } from '../../fixtures/manifests-clean';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/**
 * The server bundle's V8 code cache (serverBin.ts): saved after the server's first work, used by
 * the next start. What a test can see of it is the cache file: made by the first session, left
 * as it is by a session that used it, remade after it was damaged.
 */
describe('language server: code cache of its own bundle', function () {
  this.timeout(120_000);
  const tree = makeTree({ 'app/deployment.yaml': cleanDeployment });
  after(() => tree.remove());
  const cacheDir = path.join(tree.root, 'cache');
  const serverCaches = () => {
    try {
      return readdirSync(path.join(cacheDir, 'v8')).filter((name) => name.startsWith('serverMain-'));
    } catch {
      return [];
    }
  };

  // Servers of their own: each session is a new process with its own ARCHIPEL_CACHE_DIR and environment.
  /** One editor session: open a manifest, pull its diagnostics, shut down. */
  async function session(env: NodeJS.ProcessEnv = {}): Promise<void> {
    const client = TestLspClient.start({ ARCHIPEL_CACHE_DIR: cacheDir, ...env });
    try {
      const folder = pathToFileURL(tree.root).href;
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { textDocument: { diagnostic: {} } } });
      await client.connection.sendNotification('initialized', {});
      const uri = pathToFileURL(path.join(tree.root, 'app', 'deployment.yaml')).href;
      client.open(uri, cleanDeployment);
      const report = await client.connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.ok(Array.isArray(report.items));
    } finally {
      await client.stop();
    }
  }

  it('is written by the first session, used as it is by the next, and remade when damaged', async () => {
    // The one switch of the start-up machinery: with it off, the same session writes no cache.
    await session({ ARCHIPEL_STARTUP_TUNING: 'off' });
    assert.deepEqual(readdirSync(tree.root).includes('cache') ? readdirSync(cacheDir) : [], [], 'ARCHIPEL_STARTUP_TUNING=off: no cache written');
    assert.deepEqual(serverCaches(), []);
    await session();
    const [made] = serverCaches();
    assert.ok(made, 'the first session saved a cache of serverMain.js');
    const file = path.join(cacheDir, 'v8', made);
    const size = statSync(file).size;
    assert.ok(size > 100_000, `the cache holds the code the session ran (${size} bytes)`);

    const before = statSync(file).mtimeMs;
    await session();
    assert.deepEqual(serverCaches(), [made]);
    assert.equal(statSync(file).mtimeMs, before, 'a session doing the same work uses the cache and leaves it alone');

    writeFileSync(file, 'not a V8 code cache');
    await session();
    assert.deepEqual(serverCaches(), [made]);
    assert.ok(statSync(file).size > 100_000, 'V8 refused the damaged cache and the server made it again');
  });
});
