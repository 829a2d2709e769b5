import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Hover, TextEdit } from 'vscode-languageserver-types';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const pairs = path.join(fixturesDir, 'oss', 'terraform', 'hashicorp-terraform-mpl', 'internal', 'command', 'testdata', 'fmt');

/**
 * An editor without dynamic registration (Neovim's built-in client, Helix, eglot): formatting and
 * semantic tokens are offered in the answer to `initialize` (issue #83: Neovim got no formatting),
 * declaration answered,
 * and a Terraform file too large to format is refused with a message at once (issue #84: a 3.9 MB
 * file held the server 14.8 s, then answered nothing).
 */
describe('Terraform in an editor without dynamic registration', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let capabilities: { documentFormattingProvider?: boolean; semanticTokensProvider?: { full?: boolean; legend?: { tokenTypes: string[] } } };
  const registered: string[] = [];
  const input = readFileSync(path.join(pairs, 'general_in.tf'), 'utf8');
  const golden = readFileSync(path.join(pairs, 'general_out.tf'), 'utf8');
  const big = Array.from({ length: 16_000 }, (_, i) => `resource "aws_instance" "r${i}" {\n  ami    = "ami-123"\n  tags = { Name = "r${i}" }\n}\n\n`).join('');
  const workspace = makeTree({ 'infra/main.tf': input, 'big/main.tf': big, 'other/variables.tf': 'variable "region" {\n  type = string\n}\n' });
  const uri = (name: string) => pathToFileURL(path.join(workspace.root, name)).href;
  const options = { tabSize: 2, insertSpaces: true };

  before(async () => {
    client = TestLspClient.start();
    client.connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      registered.push(...params.registrations.map((r) => r.method));
      return null;
    });
    const folder = pathToFileURL(workspace.root).href;
    const answer = await client.connection.sendRequest<{ capabilities: typeof capabilities }>('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'ws' }],
      // What Neovim 0.9 declares for these two: no dynamic registration.
      capabilities: { textDocument: { publishDiagnostics: {}, formatting: { dynamicRegistration: false }, semanticTokens: { dynamicRegistration: false, requests: { full: true } } } },
    });
    capabilities = answer.capabilities;
    await client.connection.sendNotification('initialized', {});
    await client.indexReady();
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('offers formatting and semantic tokens statically, registers neither', () => {
    assert.equal(capabilities.documentFormattingProvider, true);
    assert.equal(capabilities.semanticTokensProvider?.full, true);
    assert.ok(capabilities.semanticTokensProvider?.legend?.tokenTypes.includes('enumMember'));
    assert.deepEqual(registered.filter((m) => m === 'textDocument/formatting' || m === 'textDocument/semanticTokens'), []);
  });

  it('formats terraform fmt\'s general_in.tf into its general_out.tf', async () => {
    client.open(uri('infra/main.tf'), input);
    const edits = await client.connection.sendRequest<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri: uri('infra/main.tf') }, options });
    assert.ok(edits);
    assert.equal(TextDocument.applyEdits(TextDocument.create(uri('infra/main.tf'), 'terraform', 1, input), edits), golden);
  });

  it('refuses a 1.4 MB file with a message, and answers the next file', async () => {
    client.open(uri('big/main.tf'), big);
    const before = client.notifications.length;
    const edits = await client.connection.sendRequest<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri: uri('big/main.tf') }, options });
    assert.equal(edits, null);
    const shown = await client.waitFor('the refusal', () => client.notifications.slice(before).find((n) => n.method === 'window/showMessage'));
    assert.deepEqual(shown.params, { type: 2, message: `Archipel formats Terraform files of up to 1 MB; this one has ${(big.length / 1_000_000).toFixed(1)} MB: run terraform fmt on it.` });
    client.open(uri('other/variables.tf'), 'variable "region" {\n  type = string\n}\n');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('other/variables.tf') }, position: { line: 1, character: 3 } });
    assert.ok(hover);
  });

  it('answers workspace/symbol across the files: a Terraform variable found by part of its name, with its file', async () => {
    const found = await client.connection.sendRequest<{ name: string; location: { uri: string; range: { start: { line: number } } } }[]>('workspace/symbol', { query: 'REGI' });
    const where = found.map((s) => `${s.name} ${path.relative(workspace.root, new URL(s.location.uri).pathname)}:${s.location.range.start.line}`);
    assert.ok(where.includes('variable "region" other/variables.tf:0'), where.join('\n'));
    assert.ok(found.every((s) => s.name.toLowerCase().includes('regi')));
  });

  it('answers textDocument/declaration as terraform-ls does: the declaration of a reference', async () => {
    const text = 'locals {\n  where = var.region\n}\n';
    client.open(uri('other/main.tf'), text);
    const found = await client.connection.sendRequest<{ uri: string; range: { start: { line: number } } }[] | null>('textDocument/declaration', { textDocument: { uri: uri('other/main.tf') }, position: { line: 1, character: 16 } });
    assert.deepEqual(found?.map((l) => [path.basename(new URL(l.uri).pathname), l.range.start.line]), [['variables.tf', 0]]);
  });
});
