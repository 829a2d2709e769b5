// The per-file budget at the protocol layer (issue #67): the language server, forked over stdio with
// every family and a check that never ends on one file (../budgetServer.ts), answers another file's
// documentSymbol — the hostile check is stopped at the budget, the file gets one archipel-limit — and
// a new edit of a file cancels the checks of the version it left behind. The hostile check never ends
// on its own: an answer at all shows the stop; no assertion reads a clock.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-types';
import { sampleDeployment } from '../../fixtures/manifests';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const BUDGET_MS = 5000;

describe('the per-file budget in the language server (a check that never ends on one file)', function () {
  this.timeout(180_000);
  const workspace = makeTree({ 'other.yaml': sampleDeployment });
  const talk = makeTree({});
  const uri = (name: string) => pathToFileURL(path.join(workspace.root, name)).href;
  let client: TestLspClient;

  /** Polls until the server's test feature has written `name` (../budgetServer.ts): the server sends nothing while its check is at work. */
  async function told(name: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!existsSync(path.join(talk.root, name))) {
      if (Date.now() > deadline) throw new Error(`the server never wrote ${name}: ${client.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  before(async () => {
    const script = path.join(__dirname, '..', 'budgetServer.js');
    // Pulled diagnostics: a file is checked when the test asks, and only then.
    const capabilities = { textDocument: { diagnostic: {} }, workspace: { configuration: true } };
    client = await TestLspClient.startInWorkspace(workspace.root, capabilities, undefined, {}, { ARCHIPEL_TEST_DIR: talk.root }, [], script);
    client.configuration = { archipel: { validation: { fileBudgetMs: BUDGET_MS } } };
    await client.indexReady();
  });

  after(async () => {
    await client.stop();
    workspace.remove();
    talk.remove();
  });

  const pull = (name: string) => client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uri(name) } }).then((report) => report.items);

  it("another file's documentSymbol is answered: the hostile check is stopped at the budget, and its file gets one archipel-limit naming it", async () => {
    client.open(uri('other.yaml'), sampleDeployment);
    client.open(uri('hostile.yaml'), `# spin forever\n${sampleDeployment}`);
    const hostile = pull('hostile.yaml');
    await told('spinning');
    // Asked while the hostile check runs: answered once it is stopped.
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('other.yaml') } });
    assert.ok(symbols.some((s) => s.name.includes('web')), JSON.stringify(symbols.map((s) => s.name)));
    assert.deepEqual(
      (await hostile).map((d) => [d.code, d.message]),
      [['archipel-limit', `Archipel stopped its work on this file: the hostile work took more than ${BUDGET_MS} ms (archipel.validation.fileBudgetMs; the CLI: --file-budget). The file is not checked, and no other file's rule reads it, until it changes.`]],
    );
    // Set aside: its own requests answer without running a check again; the other file's as before.
    assert.deepEqual((await pull('hostile.yaml')).map((d) => d.code), ['archipel-limit']);
    assert.deepEqual(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uri('hostile.yaml') } }), []);
    assert.deepEqual(await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('other.yaml') } }), symbols);
    assert.ok(!(await pull('other.yaml')).some((d) => d.code === 'archipel-limit'));
    assert.equal(client.exitStatus, undefined, client.stderr);
  });

  it("a preparation whose slices after its first await never end (FeatureContext.inSlices): another file's documentSymbol is answered, and the file gets one archipel-limit naming it", async () => {
    client.open(uri('preparing.yaml'), `# prepare forever\n${sampleDeployment}`);
    const preparing = pull('preparing.yaml');
    await told('preparing');
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('other.yaml') } });
    assert.ok(symbols.some((s) => s.name.includes('web')), JSON.stringify(symbols.map((s) => s.name)));
    assert.deepEqual(
      (await preparing).map((d) => [d.code, d.message]),
      [['archipel-limit', `Archipel stopped its work on this file: the preparer work took more than ${BUDGET_MS} ms (archipel.validation.fileBudgetMs; the CLI: --file-budget). The file is not checked, and no other file's rule reads it, until it changes.`]],
    );
    assert.ok(!(await pull('other.yaml')).some((d) => d.code === 'archipel-limit'));
    assert.equal(client.exitStatus, undefined, client.stderr);
  });

  it('a new edit cancels the checks of the version it left behind: the answer is the new text\'s, and no later check saw the old one', async () => {
    client.open(uri('edited.yaml'), `# wait (v1)\n${sampleDeployment}`);
    const asked = pull('edited.yaml');
    await told('waiting');
    // The edit arrives while a check of version 1 is at work; then that check is let go.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('edited.yaml'), version: 2 }, contentChanges: [{ text: `# v2\n${sampleDeployment}` }] });
    writeFileSync(path.join(talk.root, 'go'), '');
    const diagnostics = await asked;
    assert.ok(!diagnostics.some((d) => d.code === 'archipel-limit'), JSON.stringify(diagnostics));
    const recorded = readFileSync(path.join(talk.root, 'recorded'), 'utf8').split('\n').filter((line) => line.startsWith('edited.yaml'));
    assert.deepEqual(recorded, ['edited.yaml # v2']);
  });
});
