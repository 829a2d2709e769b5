// A cross-file rule in the real editor: a Service whose selector stops matching the Deployment's
// pods gets a diagnostic as soon as the Deployment is edited, and loses it when the edit is undone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const noMatch = (d: vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === 'k8s-service-no-match');

describe('cross-file Kubernetes rules in the editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a Service diagnostic appears when the Deployment labels change and clears when restored', async () => {
    const serviceUri = workspaceFile('k8s/service.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(serviceUri), { preview: false });
    await waitForDiagnostics(serviceUri, (d) => noMatch(d).length === 0);

    const deploymentUri = workspaceFile('k8s/deployment.yaml');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(deploymentUri), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    const text = editor.document.getText();
    const start = text.indexOf('      labels:\n        app: web');
    assert.ok(start >= 0, 'the fixture deployment has template labels app: web');
    const valueOffset = start + '      labels:\n        app: '.length;
    const range = new vscode.Range(editor.document.positionAt(valueOffset), editor.document.positionAt(valueOffset + 3));
    assert.ok(await editor.edit((b) => b.replace(range, 'api')));

    const [diagnostic] = noMatch(await waitForDiagnostics(serviceUri, (d) => noMatch(d).length === 1));
    assert.equal(diagnostic.range.start.line, 6, "on the selector value (app: web) that no pod carries any more");
    assert.match(diagnostic.message, /matches no workload's pods/);

    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(range.start, range.start.translate(0, 3)), 'web')));
    await waitForDiagnostics(serviceUri, (d) => noMatch(d).length === 0);
  });
});
