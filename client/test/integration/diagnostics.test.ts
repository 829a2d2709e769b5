// Kubernetes validation end to end in a real VS Code: the server starts, a misspelt field is
// underlined on its key and listed in Problems, fixing it clears it, and a restart keeps it working.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { archipelApi } from './panels';
import { codeOf, waitForDiagnostics as waitForAll, workspaceFile } from './wait';

/** These tests are about schema validation; the fixtures are not meant to pass the hygiene rules. */
const waitForDiagnostics = (uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean) =>
  waitForAll(uri, (all) => accept(all.filter((d) => codeOf(d) === 'k8s-schema'))).then((all) => all.filter((d) => codeOf(d) === 'k8s-schema'));

describe('Kubernetes diagnostics in the editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('underlines a misspelt field on its key and clears it when fixed', async () => {
    const uri = workspaceFile('k8s/broken.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic, ...others] = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(others, []);
    assert.equal(codeOf(diagnostic), 'k8s-schema');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [5, 2, 5, 9],
    );
    assert.match(diagnostic.message, /Unknown field "replica" in DeploymentSpec.*Did you mean "replicas"\?/);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, diagnostic.range, 'replicas');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('keeps validating after Archipel: Restart Language Server', async () => {
    await vscode.commands.executeCommand('archipel.restartServer');
    const uri = workspaceFile('k8s/deployment.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((l) => l.includes('replicas: 2'));
    assert.ok(line >= 0);
    await editor.edit((b) => b.replace(new vscode.Range(line, 2, line, 10), 'replics'));
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'k8s-schema'));
    assert.equal(diagnostic.range.start.line, line);
    await editor.edit((b) => b.replace(new vscode.Range(line, 2, line, 9), 'replicas'));
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('Archipel: Show Output reveals the server\'s output channel', async () => {
    // The client's channel, seen through a proxy that records `show` (the channel VS Code made may be frozen).
    type Channel = { show(preserveFocus?: boolean): void };
    const { client } = (await archipelApi()) as unknown as { client: { output: Channel } };
    const channel = client.output;
    const calls: (boolean | undefined)[] = [];
    client.output = new Proxy(channel, {
      get: (target, key) =>
        key === 'show'
          ? (preserveFocus?: boolean) => {
              calls.push(preserveFocus);
              target.show(preserveFocus);
            }
          : (Reflect.get(target, key) as unknown),
    });
    try {
      await vscode.commands.executeCommand('archipel.showOutput');
    } finally {
      client.output = channel;
    }
    assert.deepEqual(calls, [true], 'the channel is shown once, keeping the focus in the editor');
  });
});
