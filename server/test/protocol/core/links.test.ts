// "Regenerate the drawing" (issue #67 item 6) is a rewrite of the drawing's file the editor applies:
// the language server offers it only in a trusted workspace, and never on a file that is a link
// leading outside the workspace (the edit would be written there). The server in this process, on
// the runtime the entry composes, asked for the code actions of a drifting drawing.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { serverRuntime } from '../../../src/families/index';
import { startServer, type RunningServer } from '../../../src/lsp/server';
import { IndexStatusNotification, WorkspaceTrustNotification } from '../../../src/protocol';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const compose = 'services:\n  web:\n    image: acme/web:1\n    environment: {API: "http://payment-service:8080"}\n  payment-service:\n    image: acme/payments:1\n  db:\n    image: postgres:17\n';
const drawing = '# Architecture\n\n```mermaid\nflowchart LR\n  fe[web] --> pay[payment-service]\n  fe --> old[legacy-billing]\n```\n';
const REGENERATE = 'Regenerate the drawing from the system map';

describe('Regenerate the drawing: only in a trusted workspace, never through a link leading outside it', function () {
  this.timeout(120_000);
  const tree = makeTree({});
  const root = path.join(tree.root, 'ws');
  const outside = path.join(tree.root, 'outside');
  const uri = (name: string) => pathToFileURL(path.join(root, name)).href;
  let client: MessageConnection;
  let server: RunningServer;

  before(async () => {
    mkdirSync(path.join(root, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(root, 'compose.yaml'), compose);
    writeFileSync(path.join(root, 'docs', 'architecture.md'), drawing);
    writeFileSync(path.join(outside, 'architecture.md'), drawing);
    symlinkSync(path.join(outside, 'architecture.md'), path.join(root, 'docs', 'linked.md'));
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    server = startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), serverRuntime(path.join(repoRoot, 'dist', 'server')));
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const ready = new Promise<void>((resolve) => client.onNotification(IndexStatusNotification, (status) => {
        if (status.state === 'ready') resolve();
      }));
    client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    client.onRequest('client/registerCapability', () => null);
    client.listen();
    const folder = pathToFileURL(root).href;
    await client.sendRequest('initialize', { processId: null, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: { textDocument: { diagnostic: {} } }, initializationOptions: { workspaceTrusted: false } });
    await client.sendNotification('initialized', {});
    await ready;
    for (const name of ['docs/architecture.md', 'docs/linked.md']) await client.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'markdown', version: 1, text: drawing } });
  });

  after(async () => {
    await client.sendRequest('shutdown');
    client.dispose();
    server.dispose();
    tree.remove();
  });

  /** The titles of the code actions at the drawing's first line, with the file's diagnostics. */
  async function offered(name: string): Promise<string[]> {
    const report = await client.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uri(name) } });
    const range = { start: { line: 4, character: 2 }, end: { line: 4, character: 2 } };
    const actions = await client.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(name) }, range, context: { diagnostics: report.items } });
    return actions.map((a) => a.title);
  }

  it('untrusted: not offered; trusted: offered on the workspace file, not on the link leading outside', async () => {
    assert.ok(!(await offered('docs/architecture.md')).includes(REGENERATE), 'offered in an untrusted workspace');
    await client.sendNotification(WorkspaceTrustNotification, { trusted: true });
    assert.ok((await offered('docs/architecture.md')).includes(REGENERATE), 'the drawing drifts from the map: regenerating it is offered once trusted');
    assert.ok(!(await offered('docs/linked.md')).includes(REGENERATE), 'offered through a link leading outside the workspace');
  });
});
