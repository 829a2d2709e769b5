// AMDEC checks in a real VS Code: a wrong stored RPN is underlined on its value, the computed
// scores show as inlay hints, and the quick fix corrects the value and clears the diagnostic.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

function hintText(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

describe('AMDEC files in the editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('flags a wrong stored RPN, shows the computed scores inline, and fixes the value', async () => {
    const uri = workspaceFile('governance/risks.amdec.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic, ...others] = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(others.map(codeOf), []);
    assert.equal(codeOf(diagnostic), 'amdec-stored-score');
    assert.equal(diagnostic.message, 'Stored rpn 200 does not match S 7 × O 6 × D 5 = 210.');
    assert.equal(document.getText(diagnostic.range), '200');

    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
      'vscode.executeInlayHintProvider',
      uri,
      new vscode.Range(0, 0, document.lineCount, 0),
    );
    assert.deepEqual(hints.map(hintText), ['RPN 210', '→ RPN 42 (was 210)']);
    assert.equal(hints[0].position.line, 11);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => a.title === 'Set rpn to 210');
    assert.ok(fix?.edit, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(12).text, '    rpn: 210');
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });
});
