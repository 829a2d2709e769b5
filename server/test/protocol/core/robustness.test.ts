import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer } from '../sharedServer';
import { random } from '../../random';

const service = (i: number) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  labels: {app: a${i}}\nspec:\n  selector: {app: a${i}}\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n`;

describe('language server robustness', function () {
  this.timeout(180_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;

  // The shared server: file:///robust/ URIs outside every workspace folder, closed at the end.
  before(async () => {
    ({ client, leave } = await joinSharedServer());
  });

  after(() => leave());

  async function stillAnswers(uri: string, position = { line: 0, character: 0 }): Promise<void> {
    const [completion, report] = await Promise.all([
      client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }),
      client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }),
    ]);
    assert.ok(completion === null || typeof completion === 'object');
    assert.ok(Array.isArray(report.items));
    assert.equal(client.exitStatus, undefined, `server exited: ${client.stderr}`);
  }

  it('survives 400 random edits, answering every request', async () => {
    const next = random(20261121);
    const uri = 'file:///robust/edits.yaml';
    let document = TextDocument.create(uri, 'yaml', 1, Array.from({ length: 20 }, (_, i) => service(i)).join('---\n'));
    client.open(uri, document.getText(), 1);
    const alphabet = ['a', 'Z', ' ', '  ', '\n', ':', '- ', '---\n', '{', '}', '[', ']', '"', "'", '|', '>', '&a', '*a', '!', '%', '@', '\t', '#', '\u0000', '\u0007', '\ufffd', '😀', 'apiVersion: v1\n', 'kind: Pod\n', '{{ .Values }}'];
    for (let edit = 1; edit <= 400; edit++) {
      const text = document.getText();
      const start = Math.floor(next() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(next() * 12));
      let insert = '';
      for (let n = Math.floor(next() * 4); n > 0; n--) insert += alphabet[Math.floor(next() * alphabet.length)];
      const range = { start: document.positionAt(start), end: document.positionAt(end) };
      document = TextDocument.update(document, [{ range, text: insert }], edit + 1);
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: edit + 1 }, contentChanges: [{ range, text: insert }] });
      if (edit % 25 === 0) await stillAnswers(uri, document.positionAt(Math.floor(next() * document.getText().length)));
    }
    // The server's view of the text matches ours: what it reports is about the final text.
    const report = await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    const lines = document.lineCount;
    for (const d of report.items) assert.ok(d.range.end.line < lines, `diagnostic beyond the end of the text: ${JSON.stringify(d.range)}`);
    client.close(uri);
  });

  it('answers on invalid YAML, binary junk and a 5 MB file', async () => {
    const next = random(7);
    const junk = Array.from({ length: 64 * 1024 }, () => String.fromCharCode(Math.floor(next() * 256))).join('');
    const cases: Record<string, string> = {
      'file:///robust/invalid.yaml': 'apiVersion: v1\nkind: [Pod\nmetadata: {name: "x\n  - - - :\n\t\ttabs: here\n',
      'file:///robust/junk.yaml': junk,
      'file:///robust/big.yaml': Array.from({ length: 5 * 1024 * 1024 / service(0).length + 1 }, (_, i) => service(i)).join('---\n'),
      'file:///robust/empty.yaml': '',
      'file:///robust/deep.yaml': '['.repeat(5000) + ']'.repeat(5000),
      // Issue #22: these held the server's only thread for minutes.
      'file:///robust/braces.yaml': '{'.repeat(1345) + '\n',
      'file:///robust/duplicates.yaml': 'key: 1\n'.repeat(40_000),
    };
    for (const [uri, text] of Object.entries(cases)) {
      client.open(uri, text, 1);
      await stillAnswers(uri, { line: 3, character: 2 });
    }
    const big = await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: 'file:///robust/big.yaml' } });
    assert.deepEqual(big.items.map((d) => d.code), ['file-too-large']);
    const braces = await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: 'file:///robust/braces.yaml' } });
    assert.deepEqual(braces.items.map((d) => d.code), ['yaml-limit']);
    const invalid = await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: 'file:///robust/invalid.yaml' } });
    assert.ok(invalid.items.some((d) => d.code === 'yaml-syntax'));
    for (const uri of Object.keys(cases)) client.close(uri);
  });

  it('still validates correctly afterwards', async () => {
    const uri = 'file:///robust/after.yaml';
    client.open(uri, service(1).replace('targetPort', 'targetPorts'), 1);
    const diagnostics = (await client.waitForDiagnostics(uri, 1)).filter((d) => d.code === 'k8s-schema');
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`), ['10:6 k8s-schema']);
  });
});
