import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import {
  DiagramExportRequest,
  DiagramRequest,
  IndexStatusNotification,
  MermaidSourcesRequest,
  type IndexStatus,
} from '../../../src/protocol';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const mermaidOnly = (d: Diagnostic[]) => d.filter((x) => x.code === 'mermaid-syntax');

/** Mermaid diagnostics (parsed in the server's worker thread) and the diagram requests, over LSP. */
describe('diagrams over LSP', function () {
  // The Mermaid worker starts on the first diagram (jsdom + Mermaid, about a second).
  this.timeout(120_000);
  let client: TestLspClient;
  const adr = `# 1. Queue the orders\n\nDate: 2025-03-01\n\n## Status\n\nAccepted\n\n## Context\n\n\`\`\`mermaid\nflowchart LR\n  shop --> queue((\n\`\`\`\n\n## Decision\n\nA queue.\n\n## Consequences\n\nRetries.\n`;
  const workspace = makeTree({
    'docs/adr/0001-queue-the-orders.md': adr,
    'k8s/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop}\nspec:\n  selector: {matchLabels: {app: shop}}\n  template:\n    metadata: {labels: {app: shop}}\n    spec:\n      containers:\n        - name: shop\n          image: shop:1\n          envFrom: [{configMapRef: {name: shop-config}}]\n',
    'docs/flow.mmd': 'flowchart LR\n  a --> b\n',
  });
  const uri = (relative: string) => pathToFileURL(path.join(workspace.root, relative)).href;

  // A server of its own: the diagrams draw the whole workspace (one broken reference, no workflow), which must hold this tree alone.
  before(async () => {
    client = TestLspClient.start();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace.root).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace.root).href, name: 'ws' }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await client.connection.sendNotification('initialized', {});
    await client.waitFor('index ready', () =>
      client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined,
    );
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('reports a Mermaid syntax error of a .mmd file while typing, and clears it when fixed', async () => {
    const file = uri('docs/flow.mmd');
    client.open(file, 'flowchart LR\n  a --> b\n', 1);
    assert.deepEqual(mermaidOnly(await client.waitForDiagnostics(file, 1, () => true)), []);
    client.replace(file, 'flowchart LR\n  a --> b\n  b --> c((\n', 2);
    const [error] = mermaidOnly(await client.waitForDiagnostics(file, 2, (d) => mermaidOnly(d).length > 0));
    assert.deepEqual(error.range, { start: { line: 2, character: 10 }, end: { line: 2, character: 11 } });
    assert.match(String(error.message), /^Mermaid syntax error on line \d+: expected/);
    client.replace(file, 'flowchart LR\n  a --> b\n  b --> c((c))\n', 3);
    assert.deepEqual(mermaidOnly(await client.waitForDiagnostics(file, 3, (d) => mermaidOnly(d).length === 0)), []);
    client.close(file);
  });

  it('reports a broken ```mermaid block of an ADR on its line, and lists the blocks', async () => {
    const file = uri('docs/adr/0001-queue-the-orders.md');
    client.open(file, adr, 1);
    const [error] = mermaidOnly(await client.waitForDiagnostics(file, 1, (d) => mermaidOnly(d).length > 0));
    assert.equal(error.range.start.line, 12);
    const sources = await client.connection.sendRequest(MermaidSourcesRequest, { uri: file });
    assert.deepEqual(sources.sources.map((s) => [s.index, s.line, s.text]), [[0, 11, 'flowchart LR\n  shop --> queue((']]);
    client.close(file);
  });

  it('answers archipel/diagram with Mermaid text and its graph, and says why a diagram is empty', async () => {
    const k8s = await client.connection.sendRequest(DiagramRequest, { kind: 'k8s' });
    assert.equal(k8s.broken, 1);
    assert.match(k8s.mermaid, /n1\["Deployment<br\/>shop"\]/);
    assert.match(k8s.mermaid, /linkStyle 0 stroke:#e51400/);
    // The graph the panel draws, as it comes over the wire (JSON: no undefined fields).
    assert.equal(k8s.graph.nodes.length, k8s.nodes);
    assert.deepEqual(k8s.graph.nodes[0], { id: 'n1', lines: ['Deployment', 'shop'], shape: 'rect', classes: [] });
    assert.deepEqual(k8s.graph.edges.map((e) => e.style), ['broken']);
    assert.ok(k8s.graph.classes.missing);
    const adrs = await client.connection.sendRequest(DiagramRequest, { kind: 'adr', scope: uri('docs/adr') });
    assert.equal(adrs.nodes, 1);
    const workflows = await client.connection.sendRequest(DiagramRequest, { kind: 'workflow' });
    assert.match(workflows.empty ?? '', /^No workflow/);
  });

  it('archipel/diagramExport rasterises the page\'s SVG at twice its size on white, and refuses an SVG with script', async () => {
    const svg = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect x="5" y="5" width="10" height="10" fill="#e51400"/></svg>';
    const png = Buffer.from((await client.connection.sendRequest(DiagramExportRequest, { svg, format: 'png' })).data, 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [60, 40]);
    // Opaque (white background): colour type 2 (RGB), no alpha channel.
    assert.equal(png[25], 2);
    const same = Buffer.from((await client.connection.sendRequest(DiagramExportRequest, { svg, format: 'svg' })).data, 'base64');
    assert.equal(same.toString('utf8'), svg);
    await assert.rejects(client.connection.sendRequest(DiagramExportRequest, { svg: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', format: 'png' }), /holds script or HTML content/);
    await assert.rejects(client.connection.sendRequest(DiagramExportRequest, { svg: '<html></html>', format: 'svg' }), /no SVG document/);
    await assert.rejects(client.connection.sendRequest(DiagramExportRequest, { svg: '<svg xmlns="http://www.w3.org/2000/svg"><rect', format: 'png' }), /does not parse/);
  });
});
