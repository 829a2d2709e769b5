// Compose files and Dockerfiles in a real VS Code: a diagnostic of each, fixed by its quick fix.
// The files are written into the test workspace's copy by the test (and removed after it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

async function fixWith(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const action = actions.find((a) => a.title === title);
  assert.ok(action?.edit, `no "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

describe('Containers in the editor', () => {
  const written: vscode.Uri[] = [];

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const uri of written) await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  async function open(relative: string, text: string): Promise<{ uri: vscode.Uri; document: vscode.TextDocument }> {
    const uri = workspaceFile(relative);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    written.push(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    return { uri, document };
  }

  it('Compose: the obsolete version is a hint, removed by its quick fix', async () => {
    const { uri, document } = await open('containers/compose.yaml', 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n');
    // The workspace has a RACI matrix naming none of this file's services: the system map's
    // system-unowned hint on web is right, and not this test's subject.
    const ours = (d: readonly vscode.Diagnostic[]) => d.filter((x) => codeOf(x) !== 'system-unowned');
    const [diagnostic, ...others] = ours(await waitForDiagnostics(uri, (d) => ours(d).length > 0));
    assert.deepEqual(others.map(codeOf), []);
    assert.equal(codeOf(diagnostic), 'compose-obsolete-version');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Hint);
    await fixWith(uri, diagnostic, 'Remove the obsolete `version`');
    assert.equal(document.getText(), 'services:\n  web:\n    image: nginx:1.27\n');
    await waitForDiagnostics(uri, (d) => ours(d).length === 0);
  });

  it("Compose: saving the project's .env raises or clears a variable's finding, the Compose file untouched", async () => {
    // A side file the Compose family reads (Family.sideFiles): the client watches its changes, the server checks the open file again.
    const env = workspaceFile('containers-env/.env');
    const write = (text: string) => vscode.workspace.fs.writeFile(env, new TextEncoder().encode(text));
    await write('OTHER=1\n');
    written.push(env);
    const { uri } = await open('containers-env/compose.yaml', 'services:\n  web:\n    image: nginx:${TAG}\n');
    const variable = (d: readonly vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === 'compose-variable');
    const [finding] = variable(await waitForDiagnostics(uri, (d) => variable(d).length > 0));
    assert.match(finding.message, /TAG/);
    await write('OTHER=1\nTAG=1.27\n');
    await waitForDiagnostics(uri, (d) => variable(d).length === 0);
    await write('OTHER=1\n');
    await waitForDiagnostics(uri, (d) => variable(d).length > 0);
  });

  it('Dockerfile: CMD in shell form (DL3025), turned into the JSON form by its quick fix', async () => {
    const { uri, document } = await open('containers/Dockerfile', 'FROM debian:12\nUSER 10001\nCMD node server.js\n');
    const [diagnostic, ...others] = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(others.map(codeOf), []);
    assert.equal(codeOf(diagnostic), 'dl3025');
    assert.equal(diagnostic.range.start.line, 2);
    await fixWith(uri, diagnostic, 'Use the JSON form');
    assert.equal(document.getText(), 'FROM debian:12\nUSER 10001\nCMD ["node", "server.js"]\n');
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });
});
