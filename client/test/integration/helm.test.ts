// A Helm chart in a real VS Code: the rendered Deployment's misspelt field shown on its template
// line, hover of a .Values read with its value and file, and the rename of a value key changing the
// values file and the template together. The chart is written into the test workspace's copy by the
// test (and removed after it).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { webChartYaml, webDeployment, webHelpers } from '../../../server/test/helmChart';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const root = 'helm-chart';
const deployment = webDeployment('  replica: {{ .Values.replicaCount }}');
const files: Record<string, string> = {
  'Chart.yaml': webChartYaml,
  'values.yaml': 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.27"\n',
  'templates/_helpers.tpl': webHelpers,
  'templates/deployment.yaml': deployment,
};

describe('Helm charts in the editor', () => {
  const uri = (name: string) => workspaceFile(`${root}/${name}`);

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
    for (const [name, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(uri(name), new TextEncoder().encode(text));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(workspaceFile(root), { recursive: true, useTrash: false });
  });

  it('shows the misspelt field of the rendered Deployment on its template line, and hovers a .Values read', async () => {
    const template = uri('templates/deployment.yaml');
    const document = await vscode.workspace.openTextDocument(template);
    await vscode.window.showTextDocument(document);
    // The chart's files were written just before: the server may diagnose the template before its
    // file events have indexed values.yaml and _helpers.tpl (undefined values and template then);
    // the refresh those events trigger must bring the rendered Deployment's finding.
    const [diagnostic, ...others] = await waitForDiagnostics(template, (d) => d.some((x) => codeOf(x) === 'k8s-schema'));
    assert.deepEqual(others.map(codeOf), []);
    assert.equal(codeOf(diagnostic), 'k8s-schema');
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character], [5, 2, 9]);
    assert.match(diagnostic.message, /Unknown field "replica"/);
    const at = document.positionAt(deployment.indexOf('.image.tag') + '.image.t'.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', template, at);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /1\.27/);
    assert.match(text, /values\.yaml:4/);
  });

  it('renames a value key in the values file and the template reading it', async () => {
    const template = uri('templates/deployment.yaml');
    const document = await vscode.workspace.openTextDocument(template);
    await vscode.window.showTextDocument(document);
    const at = document.positionAt(deployment.indexOf('.image.tag') + '.image.t'.length);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', template, at, 'version');
    assert.deepEqual(edit.entries().map(([u]) => u.toString()).sort(), [uri('templates/deployment.yaml').toString(), uri('values.yaml').toString()].sort());
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(document.getText(), /\{\{ \.Values\.image\.version \}\}/);
    const values = await vscode.workspace.openTextDocument(uri('values.yaml'));
    assert.equal(values.getText(), 'replicaCount: 2\nimage:\n  repository: nginx\n  version: "1.27"\n');
    // Renamed together: the server reads the renamed key from the values file.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', template, document.positionAt(document.getText().indexOf('.image.version') + '.image.v'.length));
    assert.match(hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /1\.27[\s\S]*values\.yaml:4/);
    assert.ok(await vscode.workspace.saveAll(false));
  });
});
