// Terraform in a real VS Code: a module calling a local module; renaming the called module's output
// alone flags its caller, and the rename provider changes the output and its use together.
// The files are written into the test workspace's copy by the test (and removed after it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const root = 'terraform-rename';
const files: Record<string, string> = {
  'main.tf': 'terraform {\n  required_version = ">= 1.6.0"\n}\n\nmodule "gke" {\n  source = "./modules/cluster"\n  name   = "portfolio-prod"\n}\n\noutput "cluster_name" {\n  value = module.gke.cluster_name\n}\n',
  'modules/cluster/main.tf': 'terraform {\n  required_version = ">= 1.6.0"\n}\n\nvariable "name" {\n  type = string\n}\n\noutput "cluster_name" {\n  value = var.name\n}\n',
};

describe('Terraform in the editor', () => {
  const uris: vscode.Uri[] = [];

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
    for (const [name, text] of Object.entries(files)) {
      const uri = workspaceFile(`${root}/${name}`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      uris.push(uri);
    }
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(workspaceFile(root), { recursive: true, useTrash: false });
  });

  it('a module output renamed alone flags its caller; the rename provider renames both', async () => {
    const [caller, called] = uris;
    const callerDocument = await vscode.workspace.openTextDocument(caller);
    await vscode.window.showTextDocument(callerDocument);
    await waitForDiagnostics(caller, (d) => d.length === 0);
    const calledDocument = await vscode.workspace.openTextDocument(called);
    const editor = await vscode.window.showTextDocument(calledDocument);
    const label = calledDocument.getText().indexOf('"cluster_name"') + 1;
    // Renamed in the module alone: the caller's module.gke.cluster_name is flagged.
    await editor.edit((e) => e.replace(new vscode.Range(calledDocument.positionAt(label), calledDocument.positionAt(label + 'cluster_name'.length)), 'name'));
    await vscode.window.showTextDocument(callerDocument);
    const [flagged] = await waitForDiagnostics(caller, (d) => d.some((x) => codeOf(x) === 'terraform-module-output'));
    assert.equal(flagged.range.start.line, 10);
    // Back, then renamed with the rename provider: the declaration and the caller's use change together.
    await vscode.window.showTextDocument(calledDocument);
    await vscode.commands.executeCommand('undo');
    const at = calledDocument.positionAt(calledDocument.getText().indexOf('"cluster_name"') + 3);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', called, at, 'name');
    assert.deepEqual(edit.entries().map(([uri]) => uri.toString()).sort(), [caller.toString(), called.toString()].sort());
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(callerDocument.getText(), /value = module\.gke\.name\n/);
    await waitForDiagnostics(caller, (d) => d.length === 0);
  });
});
