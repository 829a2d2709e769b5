import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { serverRuntime } from '../../../src/families/index';
import { startServer, type RunningServer } from '../../../src/lsp/server';
import { AdrNewRequest, IndexStatusNotification, RaciModelRequest, type IndexStatus } from '../../../src/protocol';
import { sampleDeployment } from '../../fixtures/manifests';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

/**
 * The server embedded in this process: `startServer` on a connection over in-memory streams, with
 * the same runtime the entry composes. Nothing is forked and nothing global is touched: the
 * server must work without owning stdio or the process.
 */
describe('the language server started in-process', function () {
  this.timeout(120_000);
  const workspace = makeTree({
    'k8s/deployment.yaml': sampleDeployment,
    'team.raci.yaml': 'roles:\n  - id: dev\n    name: Developer\nactivities:\n  - id: build\n    name: Build\n    raci:\n      dev: A\n',
  });
  const uri = (name: string) => pathToFileURL(path.join(workspace.root, name)).href;
  let client: MessageConnection;
  let server: RunningServer;
  let ready: Promise<IndexStatus>;

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // Message readers, not raw streams: the library exits the process when a raw input stream ends.
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    server = startServer(connection, serverRuntime(path.join(repoRoot, 'dist', 'server')));
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    ready = new Promise((resolve) =>
      client.onNotification(IndexStatusNotification, (status) => {
        if (status.state === 'ready') resolve(status);
      }),
    );
    client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    client.onRequest('client/registerCapability', () => null);
    client.listen();
    // No processId: the library would poll it on an interval that outlives the test.
    const folder = pathToFileURL(workspace.root).href;
    const result = await client.sendRequest<{ serverInfo: { name: string } }>('initialize', {
      processId: null,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'ws' }],
      capabilities: { textDocument: { diagnostic: {} } },
    });
    assert.equal(result.serverInfo.name, 'archipel');
    await client.sendNotification('initialized', {});
  });

  after(async () => {
    await client.sendRequest('shutdown');
    client.dispose();
    server.dispose();
    workspace.remove();
  });

  it('scans the workspace and reports the index with the families’ summaries (Kubernetes objects)', async () => {
    const status = await ready;
    assert.deepEqual({ files: status.files, objects: status.objects }, { files: 2, objects: 1 });
    assert.equal(server.index.size, 2);
  });

  it('answers pull diagnostics from the features the runtime gave it', async () => {
    const report = await client.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uri('k8s/deployment.yaml') } });
    assert.ok(report.items.length > 0, 'the sample deployment has findings');
    assert.ok(report.items.every((d) => d.source === 'archipel' && typeof d.code === 'string'));
  });

  it('answers the families’ custom requests: a model, and the user’s mistake as an InvalidParams error', async () => {
    const model = await client.sendRequest(RaciModelRequest, { uri: uri('team.raci.yaml') });
    assert.ok(model, 'a RACI file has a model');
    assert.deepEqual(
      model.roles.map((r) => r.id),
      ['dev'],
    );
    assert.equal(await client.sendRequest(RaciModelRequest, { uri: uri('k8s/deployment.yaml') }), null);
    await assert.rejects(client.sendRequest(AdrNewRequest, { title: '???', workspaceFolders: [pathToFileURL(workspace.root).href] }), (error: { code: number; message: string }) => {
      assert.equal(error.code, -32602);
      assert.match(error.message, /at least one letter or digit/);
      return true;
    });
  });
});
