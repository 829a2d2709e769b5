// Folders changed outside the editor, in the real editor: `rm -r` of a folder and `mv` of another
// (what a branch switch or `git stash` does) reach the editor as one event per folder
// (microsoft/vscode#109754); the Problems of the closed files in them must follow without a
// restart of the language server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const broken = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndatas: {}\n`;
const schema = (d: vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === 'k8s-schema');

describe('Problems after folder changes on disk', () => {
  const base = workspaceFile('folder-events');

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  after(() => {
    fs.rmSync(base.fsPath, { recursive: true, force: true });
  });

  it('a folder deleted with rm -r loses its Problems, a renamed folder has its files listed under the new name', async () => {
    // Written on disk, outside the editor, and never opened: their Problems come from the closed-file channel.
    const files = { gone: 'folder-events/gone/nested/broken.yaml', old: 'folder-events/old/broken.yaml', kept: 'folder-events/kept/broken.yaml' };
    for (const [name, relative] of Object.entries(files)) {
      fs.mkdirSync(workspaceFile(relative).fsPath.replace(/[/\\]broken\.yaml$/, ''), { recursive: true });
      fs.writeFileSync(workspaceFile(relative).fsPath, broken(name));
    }
    for (const relative of Object.values(files)) await waitForDiagnostics(workspaceFile(relative), (d) => schema(d).length === 1);

    fs.rmSync(workspaceFile('folder-events/gone').fsPath, { recursive: true });
    fs.renameSync(workspaceFile('folder-events/old').fsPath, workspaceFile('folder-events/new').fsPath);

    await waitForDiagnostics(workspaceFile(files.gone), (d) => d.length === 0);
    await waitForDiagnostics(workspaceFile(files.old), (d) => d.length === 0);
    const renamed = await waitForDiagnostics(workspaceFile('folder-events/new/broken.yaml'), (d) => schema(d).length === 1);
    assert.match(renamed[0].message, /datas/);
    assert.equal(schema(vscode.languages.getDiagnostics(workspaceFile(files.kept))).length, 1, 'a folder beside them keeps its Problems');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.includes('/folder-events/')), 'no file of these folders was opened');
  });
});
