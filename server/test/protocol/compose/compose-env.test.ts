import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/**
 * A Compose project's `.env` is a side file (Family.sideFiles): no document of any family, read by the Compose checks.
 * Its change on disk, told by a file event (the client watches the side files), checks the open Compose file again.
 */
describe("Compose over LSP: the project's .env changed on disk", function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const compose = 'services:\n  web:\n    image: nginx:${TAG}\n';
  const workspace = sharedWorkspace('compose-env', { 'stack/compose.yaml': compose, 'stack/.env': 'OTHER=1\n' });
  const uri = pathToFileURL(path.join(workspace.root, 'stack', 'compose.yaml')).href;
  const env = path.join(workspace.root, 'stack', '.env');
  const variable = (d: Diagnostic[]) => d.filter((x) => x.code === 'compose-variable');

  before(async () => {
    ({ client, leave } = await joinSharedServer());
    await client.indexReady();
  });

  after(() => leave());

  it('raises and clears the variable finding of the open Compose file, the file untouched', async () => {
    client.open(uri, compose, 1);
    const [finding] = variable(await client.waitForDiagnostics(uri, 1, (d) => variable(d).length > 0));
    assert.match(String(finding.message), /"TAG"/);
    writeFileSync(env, 'OTHER=1\nTAG=1.27\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(env).href, type: 2 }] });
    await client.waitForDiagnostics(uri, 1, (d) => variable(d).length === 0);
    writeFileSync(env, 'OTHER=1\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(env).href, type: 2 }] });
    await client.waitForDiagnostics(uri, 1, (d) => variable(d).length > 0);
  });
});
