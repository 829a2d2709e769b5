// Diagrams in a real VS Code: the Kubernetes topology of the example workspace (examples/portfolio's
// manifests, copied into the test workspace as portfolio/ by the test) drawn in its panel; a broken
// ```mermaid block of an ADR reported in Problems on its line; a Mermaid file previewed live and
// exported to SVG and PNG next to it.
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import sharp from 'sharp';
import * as vscode from 'vscode';
import type { DiagramResult } from '../../../server/src/protocol';
import { archipelApi, webviewTabOpen, whenRendered } from './panels';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

describe('diagrams', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the Kubernetes topology of the example workspace', async () => {
    const folder = workspaceFile('portfolio/kubernetes');
    const extension = vscode.extensions.getExtension('archipel.archipel')!;
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'examples', 'portfolio', 'kubernetes'), folder, { overwrite: true });
    // The server indexes the new files from their file events: wait until it draws them.
    const { client } = await archipelApi();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const diagram = (await client.languageClient!.sendRequest('archipel/diagram', { kind: 'k8s', scope: folder.toString() })) as DiagramResult;
      if (diagram.nodes === 25) break;
      if (Date.now() > deadline) throw new Error(`the server did not index the copied manifests: ${diagram.nodes} nodes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const report = await whenRendered('archipel.diagram', (s) => s.origin === 'k8s' && s.ok === true && Number(s.nodes) > 0, () =>
      vscode.commands.executeCommand('archipel.showKubernetesDiagram', folder),
    );
    // Deployment, Service, HPA, ConfigMaps, the CronJob, the ExternalSecret of the prediction service's
    // reload token, two PersistentVolumeClaims the example mounts without defining them (9 in namespace
    // stock-prediction); the fraud system's Ingress, two Services, Deployment, StatefulSet, ConfigMap,
    // three Certificates and ExternalSecret (10 in fraud-detection, issue #65); the three Argo CD
    // Applications and the folders they deploy (kubernetes/, kubernetes/fraud/ and the Helm chart).
    assert.equal(report.summary.nodes, 25);
    // Drawn by the page from the server's graph, without loading Mermaid.
    assert.equal(report.summary.diagramType, 'graph');
    assert.equal(report.summary.clusters, 3);
    assert.equal(report.summary.mermaidAt, -1);
    assert.equal(report.key, `generated:k8s:${folder.toString()}`);
    assert.ok(webviewTabOpen('archipel.diagram'));
  });

  it('reports a broken Mermaid block of an ADR in Problems, on its line', async () => {
    const uri = workspaceFile('docs/adr/0001-record-architecture-decisions.md');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(document.positionAt(document.getText().length), '\n\n```mermaid\nflowchart LR\n  code --> decision((\n```\n'));
    const line = document.getText().split(/\r?\n/).indexOf('  code --> decision((');
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'mermaid-syntax'));
    assert.equal(codeOf(diagnostic), 'mermaid-syntax');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    // On the unclosed shape, not one line too far (where Mermaid's own message points).
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [line, 20]);
    assert.match(diagnostic.message, /^Mermaid syntax error on line \d+: expected .*found the end of the diagram\.$/);
    // Fixed in the editor: the diagnostic goes.
    await editor.edit((edit) => edit.replace(document.lineAt(line).range, '  code --> decision((Decision))'));
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'mermaid-syntax'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('previews a Mermaid file live and exports it to SVG and PNG next to it, never overwriting unasked', async () => {
    const uri = workspaceFile('diagrams/flow.mmd');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'mermaid');
    const editor = await vscode.window.showTextDocument(document);
    const first = await whenRendered('archipel.diagram', (s) => s.origin === 'flow.mmd' && s.ok === true, () => vscode.commands.executeCommand('archipel.previewDiagram'));
    assert.equal(first.summary.nodes, 3);
    // Typing redraws (no save).
    const typed = await whenRendered('archipel.diagram', (s) => s.origin === 'flow.mmd' && s.nodes === 4, () =>
      editor.edit((edit) => edit.insert(new vscode.Position(document.lineCount, 0), '  worker --> db[(Orders)]\n')),
    );
    assert.equal(typed.summary.ok, true);

    const svgUri = (await vscode.commands.executeCommand<string>('archipel.exportDiagram', { format: 'svg', ifExists: 'skip' }));
    assert.equal(svgUri, workspaceFile('diagrams/flow.svg').toString());
    const svg = readFileSync(vscode.Uri.parse(svgUri).fsPath, 'utf8');
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    const svgMeta = await sharp(Buffer.from(svg)).metadata();
    assert.equal(svgMeta.format, 'svg');
    assert.ok(svg.includes('Orders'), 'the export is of the edited text');

    const pngUri = (await vscode.commands.executeCommand<string>('archipel.exportDiagram', { format: 'png', ifExists: 'skip' }));
    const png = readFileSync(vscode.Uri.parse(pngUri).fsPath);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    // Rendered at twice the SVG's size.
    assert.equal(png.readUInt32BE(16), svgMeta.width * 2);
    assert.equal(png.readUInt32BE(20), svgMeta.height * 2);

    // The files exist now: an export that must not overwrite leaves them as they are.
    const before = statSync(vscode.Uri.parse(svgUri).fsPath).mtimeMs;
    assert.equal(await vscode.commands.executeCommand('archipel.exportDiagram', { format: 'svg', ifExists: 'skip' }), undefined);
    assert.equal(statSync(vscode.Uri.parse(svgUri).fsPath).mtimeMs, before);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
