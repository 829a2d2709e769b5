// The System Map in a real VS Code: the example workspace's files (copied into the test workspace as
// system-map/ by the test) mapped by the server, the panel opened on that folder by its command, its
// components and the edges between them found, each edge with the lines that make it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SystemMapResult } from '../../../server/src/protocol/system';
import { archipelApi, webviewTabOpen, whenRendered } from './panels';
import { workspaceFile } from './wait';

/** The example's files the map is made of. */
const copied = ['docker-compose.yml', 'Dockerfile', 'dvc.yaml', 'kubernetes', 'monitoring', 'governance', 'docs', '.github'];

describe('system map', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the system map of the example workspace and finds its components and edges', async () => {
    const folder = workspaceFile('system-map');
    const extension = vscode.extensions.getExtension('archipel.archipel')!;
    for (const name of copied) await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension.extensionUri, 'examples', 'portfolio', name), vscode.Uri.joinPath(folder, name), { overwrite: true });
    // The server indexes the new files from their file events: wait until its map holds them.
    const { client } = await archipelApi();
    const deadline = Date.now() + 60_000;
    let map: SystemMapResult;
    for (;;) {
      map = (await client.languageClient!.sendRequest('archipel/systemMap', { view: 'containers', scope: folder.toString() })) as SystemMapResult;
      if (map.nodes.length >= 8 && map.edges.some((e) => e.kind === 'scrapes')) break;
      if (Date.now() > deadline) throw new Error(`the server did not map the copied files: ${map.nodes.map((n) => n.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const names = map.nodes.map((n) => n.name).sort();
    assert.deepEqual(names, ['Users', 'alertmanager', 'api', 'grafana', 'mlflow', 'photo-anonymiser', 'prometheus', 'stock-predictor']);
    const byId = new Map(map.nodes.map((n) => [n.id, n.name]));
    const edges = map.edges.map((e) => `${byId.get(e.from)} -${e.kind}-> ${byId.get(e.to)}`).sort();
    for (const expected of ['prometheus -scrapes-> api', 'prometheus -alerts-> alertmanager', 'prometheus -depends-on-> api', 'grafana -depends-on-> prometheus', 'Users -calls-> api']) assert.ok(edges.includes(expected), `${expected} in ${edges.join('; ')}`);
    const scrape = map.edges.find((e) => e.kind === 'scrapes' && byId.get(e.from) === 'prometheus')!;
    assert.deepEqual(scrape.sources.map((s) => [s.uri.slice(s.uri.indexOf('system-map/')), s.range.start.line + 1]), [['system-map/monitoring/prometheus.yml', 22]]);

    const report = await whenRendered('archipel.systemMap', (s) => s.view === 'containers' && Number(s.nodes) === map.nodes.length, () => vscode.commands.executeCommand('archipel.showSystemMap', folder));
    assert.equal(report.key, `system:${folder.toString()}`);
    assert.equal(report.summary.edges, map.edges.length);
    assert.ok(Number(report.summary.labelPx) >= 10);
    assert.ok(webviewTabOpen('archipel.systemMap'));
  });
});
