// The System Map in a real VS Code: the example workspace's files (copied into the test workspace as
// system-map/ by the test) mapped by the server, the panel opened on that folder by its command, its
// components and the edges between them found, each edge with the lines that make it; then the view
// exported by Archipel: Export System Map… (the text the server gives, what `archipel diagram system`
// prints; a PNG at twice the SVG's size; an existing file left alone unless replacing is asked).
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
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
    // The fraud system of kubernetes/fraud/ (issue #65) with its store and the card network it reports to.
    const expectedNames = ['Users', 'alertmanager', 'alerts.card-network.example', 'api', 'fraud-scoring', 'fraud-transactions', 'grafana', 'mlflow', 'photo-anonymiser', 'prometheus', 'stock-predictor'];
    // The server indexes the new files from their file events, which come in batches: wait until its map
    // holds every component (a map asked between two batches lacks the last folder's: seen in the vsix
    // layer) and is the same twice, a second apart (an edge a later batch settles: the map had 10 edges, the
    // panel opened after it 9, in a fresh run at load), then compare.
    const { client } = await archipelApi();
    const deadline = Date.now() + 60_000;
    const signature = (m: SystemMapResult) => JSON.stringify([m.nodes.map((n) => n.id).sort(), m.edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort()]);
    let map: SystemMapResult;
    let previous = '';
    for (;;) {
      map = (await client.languageClient!.sendRequest('archipel/systemMap', { view: 'containers', scope: folder.toString() })) as SystemMapResult;
      const have = new Set(map.nodes.map((n) => n.name));
      const complete = expectedNames.every((name) => have.has(name)) && map.edges.some((e) => e.kind === 'scrapes');
      if (complete && signature(map) === previous) break;
      previous = complete ? signature(map) : '';
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, complete ? 1000 : 200));
    }
    const names = map.nodes.map((n) => n.name).sort();
    assert.deepEqual(names, expectedNames, 'the server mapped every copied file');
    const byId = new Map(map.nodes.map((n) => [n.id, n.name]));
    const edges = map.edges.map((e) => `${byId.get(e.from)} -${e.kind}-> ${byId.get(e.to)}`).sort();
    for (const expected of ['prometheus -scrapes-> api', 'prometheus -alerts-> alertmanager', 'prometheus -depends-on-> api', 'grafana -depends-on-> prometheus', 'Users -calls-> api', 'Users -calls-> fraud-scoring', 'fraud-scoring -calls-> fraud-transactions']) assert.ok(edges.includes(expected), `${expected} in ${edges.join('; ')}`);
    const scrape = map.edges.find((e) => e.kind === 'scrapes' && byId.get(e.from) === 'prometheus')!;
    assert.deepEqual(scrape.sources.map((s) => [s.uri.slice(s.uri.indexOf('system-map/')), s.range.start.line + 1]), [['system-map/monitoring/prometheus.yml', 24]]);

    const report = await whenRendered('archipel.systemMap', (s) => s.view === 'containers' && Number(s.nodes) === map.nodes.length && Number(s.edges) === map.edges.length, () => vscode.commands.executeCommand('archipel.showSystemMap', folder));
    assert.equal(report.key, `system:${folder.toString()}`);
    assert.equal(report.summary.edges, map.edges.length);
    assert.ok(Number(report.summary.labelPx) >= 8);
    assert.equal(report.summary.outside, 0);
    assert.ok(webviewTabOpen('archipel.systemMap'));

    // Export…: the panel's view (containers) of its folder, in the format asked, where the caller says.
    const dsl = workspaceFile('system-map/exports/map.dsl');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(dsl, '..'));
    assert.equal(await vscode.commands.executeCommand('archipel.exportSystemMap', { format: 'structurizr', target: dsl.toString() }), dsl.toString());
    const expected = (await client.languageClient!.sendRequest('archipel/systemMap', { view: 'containers', scope: folder.toString(), format: 'structurizr' })) as SystemMapResult;
    assert.equal(readFileSync(dsl.fsPath, 'utf8'), expected.text);
    assert.match(expected.text!, /^workspace "system-map" /);
    const svg = workspaceFile('system-map/exports/map.svg');
    await vscode.commands.executeCommand('archipel.exportSystemMap', { format: 'svg', view: 'deployment', scope: folder.toString(), target: svg.toString() });
    const svgText = readFileSync(svg.fsPath, 'utf8');
    assert.match(svgText, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="(\d+)" height="(\d+)"/);
    assert.match(svgText, /<title>Deployment: system-map<\/title>/);
    const png = workspaceFile('system-map/exports/map.png');
    await vscode.commands.executeCommand('archipel.exportSystemMap', { format: 'png', view: 'deployment', scope: folder.toString(), target: png.toString() });
    const bytes = readFileSync(png.fsPath);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svgText)!;
    assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [2 * Number(width), 2 * Number(height)]);
    // The file exists now: an export told to leave it writes nothing.
    const before = statSync(png.fsPath).mtimeMs;
    assert.equal(await vscode.commands.executeCommand('archipel.exportSystemMap', { format: 'png', scope: folder.toString(), target: png.toString(), ifExists: 'skip' }), '');
    assert.equal(statSync(png.fsPath).mtimeMs, before);
  });
});
