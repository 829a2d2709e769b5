// Workflows end to end in a real VS Code: a mistake in a ${{ }} expression is underlined on its
// exact characters, and completion inside ${{ }} offers the context's properties.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

describe('GitHub Actions workflows in the editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('underlines an unknown context in an expression, with a suggestion', async () => {
    const uri = workspaceFile('.github/workflows/ci.yml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic, ...others] = await waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(others, []);
    assert.equal(codeOf(diagnostic), 'gha-unknown-context');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [9, 23, 9, 28],
    );
    assert.match(diagnostic.message, /Unknown context "githb"\. Did you mean "github"\?/);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, diagnostic.range, 'github');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('completes the properties of a context inside ${{ }}', async () => {
    const uri = workspaceFile('.github/workflows/ci.yml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    // Whatever the previous test left, make the expression "${{ github. }}" and ask right after the dot.
    const line = document.lineAt(9).text;
    const open = line.indexOf('${{');
    const close = line.indexOf('}}', open);
    assert.ok(open > 0 && close > open, line);
    await editor.edit((b) => b.replace(new vscode.Range(9, open, 9, close + 2), '${{ github. }}'));
    const position = new vscode.Position(9, open + '${{ github.'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, '.');
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('ref_name') && labels.includes('sha') && labels.includes('event_name'), labels.join(', '));
    const refName = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'ref_name')!;
    const documentation = refName.documentation instanceof vscode.MarkdownString ? refName.documentation.value : String(refName.documentation);
    assert.match(documentation, /short ref name/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
