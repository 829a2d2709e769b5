import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/** Renaming a Compose service through the built server: prepareRename on a reference, the edit in the file and its override (read from the disk). */
describe('Compose rename over LSP (#38)', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const compose = 'services:\n  db:\n    image: postgres:17\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_started\n';
  const override = 'services:\n  db:\n    environment: [POSTGRES_DB=app]\n  worker:\n    image: busybox:1.36\n    network_mode: service:db\n';
  const workspace = sharedWorkspace('compose-rename', { 'stack/compose.yaml': compose, 'stack/compose.override.yaml': override });
  const uri = pathToFileURL(path.join(workspace.root, 'stack', 'compose.yaml')).href;
  const overrideUri = pathToFileURL(path.join(workspace.root, 'stack', 'compose.override.yaml')).href;

  before(async () => {
    ({ client, leave } = await joinSharedServer());
    await client.indexReady();
  });

  after(() => leave());

  it('prepares on the reference and renames the definition and every reference in both files', async () => {
    client.open(uri, compose, 1);
    await client.waitForDiagnostics(uri, 1);
    const position = { line: 6, character: 7 };
    const prepared = await client.connection.sendRequest<{ range: Range; placeholder: string } | null>('textDocument/prepareRename', { textDocument: { uri }, position });
    assert.deepEqual(prepared, { range: { start: { line: 6, character: 6 }, end: { line: 6, character: 8 } }, placeholder: 'db' });
    const edit = await client.connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri }, position, newName: 'postgres' });
    const lines = (target: string) => (edit?.changes?.[target] ?? []).map((e) => [e.range.start.line, e.range.start.character, e.range.end.character, e.newText]).sort();
    assert.deepEqual(lines(uri), [[1, 2, 4, 'postgres'], [6, 6, 8, 'postgres']]);
    assert.deepEqual(lines(overrideUri), [[1, 2, 4, 'postgres'], [5, 26, 28, 'postgres']]);
    // Off a name: nothing to rename.
    assert.equal(await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: { line: 2, character: 6 } }), null);
  });
});
