// Problems for the whole workspace in the real editor: a cross-file finding on a file no editor
// has open appears without opening it (as `archipel check` lists it) and disappears when fixed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const noMatch = (d: vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === 'k8s-service-no-match');

describe('Problems for closed files', () => {
  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("changing a Deployment's labels shows the closed Service's k8s-service-no-match, and fixing it clears it", async () => {
    const serviceUri = workspaceFile('closed/orders-service.yaml');
    const isOpen = () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === serviceUri.toString());
    assert.equal(isOpen(), false, 'the Service file must stay closed for this test');

    const deploymentUri = workspaceFile('closed/orders-deployment.yaml');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(deploymentUri), { preview: false });
    const text = editor.document.getText();
    const start = text.indexOf('      labels:\n        app: orders');
    assert.ok(start >= 0, 'the fixture deployment has template labels app: orders');
    const valueOffset = start + '      labels:\n        app: '.length;
    const labelRange = new vscode.Range(editor.document.positionAt(valueOffset), editor.document.positionAt(valueOffset + 'orders'.length));
    // The selector too, so that the Deployment itself stays valid: only the Service is broken.
    const selectorOffset = text.indexOf('    matchLabels:\n      app: orders') + '    matchLabels:\n      app: '.length;
    const selectorRange = new vscode.Range(editor.document.positionAt(selectorOffset), editor.document.positionAt(selectorOffset + 'orders'.length));
    assert.ok(await editor.edit((b) => {
      b.replace(selectorRange, 'ordering');
      b.replace(labelRange, 'ordering');
    }));

    const [diagnostic] = noMatch(await waitForDiagnostics(serviceUri, (d) => noMatch(d).length === 1));
    assert.match(diagnostic.message, /matches no workload's pods/);
    assert.equal(diagnostic.range.start.line, 6, 'on the selector value app: orders');
    assert.equal(isOpen(), false, 'the Service was never opened');

    // Undo restores the saved text (the editor is clean again, nothing to save when closing).
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), text);
    await waitForDiagnostics(serviceUri, (d) => noMatch(d).length === 0);
    assert.equal(isOpen(), false);
  });
});
