// The System Map panel's Export… (issue #69) writes what the CLI prints: over LSP, `archipel/systemMap`
// with a format answers, for every view of the example and every text format, the exact bytes the
// built `archipel diagram system --view V --format F` writes; and the PNG the panel gets from that SVG
// (`archipel/diagramExport`) is the CLI's `--format png`, byte for byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagramExportRequest, IndexStatusNotification, SystemMapRequest, type IndexStatus, type SystemMapFormat, type SystemMapView } from '../../../src/protocol';
import { repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
const views: SystemMapView[] = ['containers', 'context', 'deployment', 'delivery'];
const formats: SystemMapFormat[] = ['mermaid', 'structurizr', 'plantuml', 'svg'];

describe('System Map export over LSP: the CLI\'s texts', function () {
  this.timeout(120_000);
  const workspace = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
  let client: TestLspClient;

  before(async () => {
    client = TestLspClient.start();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace.root).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace.root).href, name: 'portfolio' }],
      capabilities: {},
    });
    await client.connection.sendNotification('initialized', {});
    await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined));
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  const run = (args: string[]) => spawnSync(process.execPath, [cli, 'diagram', 'system', ...args], { cwd: workspace.root, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });

  for (const view of views) {
    it(`the ${view} view in each format is what the CLI prints`, async () => {
      for (const format of formats) {
        const answer = await client.connection.sendRequest(SystemMapRequest, { view, format });
        const printed = run(['--view', view, '--format', format]);
        assert.equal(printed.status, 0, printed.stderr.toString());
        assert.ok(answer.text !== undefined && answer.text.length > 100, `${view} ${format}: ${answer.text}`);
        assert.equal(answer.text, printed.stdout.toString('utf8'), `${view} ${format}`);
      }
      // Without a format, no text: the panel's map stays as it was.
      assert.equal((await client.connection.sendRequest(SystemMapRequest, { view })).text, undefined);
    });
  }

  it("the panel's PNG (the server's SVG, rasterised by archipel/diagramExport) is the CLI's --format png", async () => {
    const svg = (await client.connection.sendRequest(SystemMapRequest, { view: 'containers', format: 'svg' })).text!;
    const png = Buffer.from((await client.connection.sendRequest(DiagramExportRequest, { svg, format: 'png' })).data, 'base64');
    const file = path.join(workspace.root, 'map.png');
    const printed = run(['--format', 'png', '--output', file]);
    assert.equal(printed.status, 0, printed.stderr.toString());
    assert.equal(printed.stdout.length, 0);
    assert.ok(png.equals(readFileSync(file)), 'the same bytes');
    // Twice the SVG's size.
    const [width, height] = [Number(/ width="(\d+)"/.exec(svg)![1]), Number(/ height="(\d+)"/.exec(svg)![1])];
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2 * width, 2 * height]);
  });
});
