// Terraform in a real VS Code: a module calling a local module; renaming the called module's output
// alone flags its caller, and the rename provider changes the output and its use together; completion
// inside a resource block offers the provider schema's arguments, and what a resource exports after
// its address and a dot.
// The files are written into the test workspace's copy by the test (and removed after it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const root = 'terraform-rename';
const files: Record<string, string> = {
  'main.tf': 'terraform {\n  required_version = ">= 1.6.0"\n}\n\nmodule "gke" {\n  source = "./modules/cluster"\n  name   = "portfolio-prod"\n}\n\noutput "cluster_name" {\n  value = module.gke.cluster_name\n}\n',
  'modules/cluster/main.tf': 'terraform {\n  required_version = ">= 1.6.0"\n}\n\nvariable "name" {\n  type = string\n}\n\noutput "cluster_name" {\n  value = var.name\n}\n',
  'format/main.tf': 'resource "google_storage_bucket" "logs" {\nname = "logs"\n  location     = "EU"\n}\n',
  'storage/main.tf': 'resource "google_storage_bucket" "logs" {\n  name     = "logs"\n  location = "EU"\n  \n}\n\noutput "url" {\n  value = google_storage_bucket.logs.\n}\n',
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

  it('completes inside a resource block from the provider schema, and what a resource exports after its address', async () => {
    const storage = uris[3];
    const document = await vscode.workspace.openTextDocument(storage);
    await vscode.window.showTextDocument(document);
    // Its diagnostics first (the reference being typed is a syntax error): the HCL parser has loaded.
    await waitForDiagnostics(storage, (d) => d.length > 0);
    const inBlock = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', storage, new vscode.Position(3, 2));
    const argument = inBlock.items.find((i) => i.label === 'storage_class');
    assert.ok(argument, inBlock.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).slice(0, 20).join(', '));
    assert.equal(argument.detail, 'optional, string');
    // Set already: not offered again.
    assert.equal(inBlock.items.some((i) => i.label === 'location'), false);
    const exported = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', storage, new vscode.Position(7, 37));
    assert.ok(exported.items.some((i) => i.label === 'google_storage_bucket.logs.url' && i.detail === 'read-only, string'), exported.items.map((i) => String(i.label)).slice(0, 20).join(', '));
  });

  it('formats as terraform fmt does, and shows a declaration\'s references from its lens', async () => {
    const formatted = uris[2];
    const document = await vscode.workspace.openTextDocument(formatted);
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(formatted, () => true);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', formatted, { tabSize: 2, insertSpaces: true });
    const edit = new vscode.WorkspaceEdit();
    edit.set(formatted, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.getText(), 'resource "google_storage_bucket" "logs" {\n  name     = "logs"\n  location = "EU"\n}\n');
    // The module call is read once (module.gke.cluster_name): its lens says so, and shows it.
    const caller = uris[0];
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(caller));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', caller);
    const lens = lenses.find((l) => l.range.start.line === 4 && l.command?.title === '1 reference');
    assert.ok(lens?.command, JSON.stringify(lenses.map((l) => [l.range.start.line, l.command?.title])));
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
  });
});
