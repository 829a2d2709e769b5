import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/**
 * A Dockerfile's `.hadolint.yaml` and `.dockerignore` are side files (Family.sideFiles): whether they exist is kept
 * between checks (dockerfile/sideProbes.ts, #68) until a file event tells one was created, written or deleted; the
 * open Dockerfile, untouched, is then checked again and the next check sees the disk as it is.
 */
describe('Dockerfile over LSP: its .hadolint.yaml and .dockerignore created and deleted on disk', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const dockerfile = 'FROM debian\nCOPY secrets.env /app/\nUSER 10001\n';
  const workspace = sharedWorkspace('dockerfile-side-files', { 'app/Dockerfile': dockerfile, 'app/secrets.env': 'A=1\n' });
  const uri = pathToFileURL(path.join(workspace.root, 'app', 'Dockerfile')).href;
  const config = path.join(workspace.root, '.hadolint.yaml');
  const ignore = path.join(workspace.root, 'app', '.dockerignore');
  const has = (code: string) => (d: Diagnostic[]) => d.some((x) => x.code === code);
  const hasNot = (code: string) => (d: Diagnostic[]) => !has(code)(d);
  const told = (file: string, type: 1 | 2 | 3) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type }] });

  before(async () => {
    ({ client, leave } = await joinSharedServer());
    await client.indexReady();
  });

  after(() => leave());

  it('drops and raises the findings the side files decide, the Dockerfile untouched', async () => {
    client.open(uri, dockerfile, 1);
    const first = await client.waitForDiagnostics(uri, 1, has('dl3006'));
    assert.ok(hasNot('buildkit-copy-ignored-file')(first));
    writeFileSync(config, 'ignored:\n  - DL3006\n');
    await told(config, 1);
    await client.waitForDiagnostics(uri, 1, hasNot('dl3006'));
    writeFileSync(ignore, '*.env\n');
    await told(ignore, 1);
    await client.waitForDiagnostics(uri, 1, (d) => hasNot('dl3006')(d) && has('buildkit-copy-ignored-file')(d));
    rmSync(config);
    await told(config, 3);
    await client.waitForDiagnostics(uri, 1, (d) => has('dl3006')(d) && has('buildkit-copy-ignored-file')(d));
    rmSync(ignore);
    await told(ignore, 3);
    await client.waitForDiagnostics(uri, 1, (d) => has('dl3006')(d) && hasNot('buildkit-copy-ignored-file')(d));
  });
});
