import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, Hover, MarkupContent, SignatureHelp, TextEdit } from 'vscode-languageserver-types';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/**
 * The Terraform editor over LSP: formatting and semantic tokens registered for Terraform's documents
 * alone (never a YAML file, which keeps its own formatter), signature help, completion and hover from
 * the provider schemas.
 */
describe('Terraform in the editor over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  const registrations: { method: string; registerOptions: { documentSelector?: unknown; legend?: { tokenTypes: string[] } } }[] = [];
  const main = 'resource "aws_s3_bucket" "logs" {\nbucket="logs"\n  force_destroy = true\n}\n\nlocals {\n  name = upper(aws_s3_bucket.logs.\n}\n';
  const workspace = makeTree({ 'infra/main.tf': main });
  const uri = pathToFileURL(path.join(workspace.root, 'infra/main.tf')).href;

  before(async () => {
    client = TestLspClient.start();
    client.connection.onRequest('client/registerCapability', (params: { registrations: typeof registrations }) => {
      registrations.push(...params.registrations);
      return null;
    });
    const folder = pathToFileURL(workspace.root).href;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'ws' }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, formatting: { dynamicRegistration: true }, semanticTokens: { dynamicRegistration: true } } },
    });
    await client.connection.sendNotification('initialized', {});
    await client.indexReady();
    client.open(uri, main);
    // Its diagnostics: the HCL parser, loaded on the first Terraform file, is ready.
    await client.waitForDiagnostics(uri, 1);
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('registers formatting and semantic tokens for Terraform\'s documents only', () => {
    const selectors = registrations.filter((r) => r.method === 'textDocument/formatting' || r.method === 'textDocument/semanticTokens').map((r) => [r.method, r.registerOptions.documentSelector]);
    const terraform = [{ language: 'terraform' }, { language: 'terraform-vars' }, { pattern: '**/*.{tftest,tfmock,tfquery}.hcl' }];
    assert.deepEqual(selectors, [['textDocument/formatting', terraform], ['textDocument/semanticTokens', terraform]]);
    assert.ok(registrations.find((r) => r.method === 'textDocument/semanticTokens')?.registerOptions.legend?.tokenTypes.includes('enumMember'));
  });

  it('formats, colours, completes, hovers and helps with a call\'s signature', async () => {
    const textDocument = { uri };
    const edits = await client.connection.sendRequest<TextEdit[] | null>('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } });
    // The file does not parse (the call being typed): terraform fmt refuses it, so does the server.
    assert.equal(edits, null);
    const tokens = await client.connection.sendRequest<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument });
    assert.ok(tokens.data.length >= 5 * 4, String(tokens.data.length));
    const position = { line: 6, character: 'name = upper(aws_s3_bucket.logs.'.length + 2 };
    const completion = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument, position });
    assert.ok(completion.some((i) => i.label === 'aws_s3_bucket.logs.arn' && i.detail === 'read-only, string'), completion.map((i) => i.label).slice(0, 10).join(', '));
    const help = await client.connection.sendRequest<SignatureHelp | null>('textDocument/signatureHelp', { textDocument, position });
    assert.equal(help?.signatures[0].label, 'upper(str string) string');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument, position: { line: 2, character: 4 } });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*force_destroy\*\* _optional, bool_/);
    const formatted = 'resource "aws_s3_bucket" "logs" {\nbucket="logs"\n}\n';
    client.replace(uri, formatted, 2);
    const fixed = await client.connection.sendRequest<TextEdit[] | null>('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(fixed, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 13 } }, newText: '  bucket = "logs"' }]);
  });
});
