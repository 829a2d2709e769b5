import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Hover, InlayHint, MarkupContent } from 'vscode-languageserver-types';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/**
 * The cost family through the server (issue #81): a Terraform file's lens with the monthly cost, its breakdown in an
 * inlay hint's tooltip, and cost-cheaper-equivalent among its diagnostics; the hover of a resource's name and of a
 * Deployment's kind, where another family hovers too: both families' contents in the one hover (lsp/hovers.ts).
 */
describe('cost over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const main = 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "web" {\n  instance_type = "t2.medium"\n}\n';
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n          resources:\n            requests: { cpu: "1", memory: 4Gi }\n            limits: { cpu: "1", memory: 4Gi }\n';
  const workspace = sharedWorkspace('cost', { 'infra/main.tf': main, 'k8s/web.yaml': deployment, 'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n' });
  const uri = pathToFileURL(path.join(workspace.root, 'infra', 'main.tf')).href;
  const web = pathToFileURL(path.join(workspace.root, 'k8s', 'web.yaml')).href;
  const hoverAt = async (at: string, line: number, character: number) => (await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: at }, position: { line, character } }))?.contents as MarkupContent | undefined;

  before(async () => {
    ({ client, leave } = await joinSharedServer());
  });
  after(async () => leave());

  it('a lens, an inlay hint with the breakdown and the cheaper equivalent on a Terraform resource', async () => {
    client.open(uri, main);
    const diagnostics = await client.waitForDiagnostics(uri, 1, (d) => d.some((x) => x.code === 'cost-cheaper-equivalent'));
    assert.deepEqual(diagnostics.filter((d) => d.code === 'cost-cheaper-equivalent').map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.message]), [
      [4, 19, 28, 't2.medium is a previous generation: t3.medium has as many vCPUs and as much memory at $0.0416 an hour instead of $0.0464, $3.50 a month less (us-east-1, prices of 2026-11-26).'],
    ]);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(lenses.filter((l) => l.command?.title.includes('a month')).map((l) => [l.range.start.line, l.command?.title]), [[3, '$34.67 a month']]);
    const hints = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } } });
    const cost = hints.filter((h) => String(h.label).includes('a month'));
    assert.deepEqual(cost.map((h) => [h.position, h.label]), [[{ line: 3, character: 29 }, '$34.67 a month']]);
    const value = (cost[0].tooltip as MarkupContent).value;
    assert.equal(value.split('\n')[0], '**aws_instance.web**: $34.67 a month');
    assert.ok(value.includes('| Instance usage (Linux/UNIX, on-demand, t2.medium) | 730 | hours | $0.0464 | $33.87 | https://aws.amazon.com/ec2/pricing/on-demand/ (2026-11-26) |'), value);
  });

  it('one hover on a Terraform resource\'s name: the Terraform family\'s declaration and the cost breakdown, merged', async () => {
    client.open(uri, main);
    await client.waitForDiagnostics(uri, 1, (d) => d.some((x) => x.code === 'cost-cheaper-equivalent'));
    const hover = await hoverAt(uri, 3, 26);
    const parts = hover?.value.split('\n\n---\n\n') ?? [];
    assert.equal(parts.length, 2, hover?.value);
    assert.equal(parts[0], '**resource "aws_instance" "web"**\n\ndeclared in main.tf, line 4');
    assert.deepEqual(parts[1].split('\n').filter((l) => !l.startsWith('|')), ['**aws_instance.web**: $34.67 a month', '', '', "Carbon: 8.28 kgCO2e a month (Cloud Carbon Footprint's method).", '', 'On-demand prices of us-east-1 in USD, each with its source and date.']);
    assert.ok(parts[1].includes('| Instance usage (Linux/UNIX, on-demand, t2.medium) | 730 | hours | $0.0464 | $33.87 | https://aws.amazon.com/ec2/pricing/on-demand/ (2026-11-26) |'), parts[1]);
  });

  it('one hover on a Deployment\'s kind: the Kubernetes family\'s and the cost breakdown, merged', async () => {
    client.open(web, deployment);
    const hover = await hoverAt(web, 1, 8);
    const parts = hover?.value.split('\n\n---\n\n') ?? [];
    assert.equal(parts.length, 2, hover?.value);
    assert.equal(parts[0].split('\n\n')[0], '`kind`');
    assert.ok(parts[0].startsWith('`kind`\n\nKind is a string value representing the REST resource this object represents.'), parts[0]);
    assert.equal(parts[1], [
      '**Deployment/web**: $53.81 a month',
      '',
      '| item | quantity | unit | unit price | monthly | source (date) |',
      '|---|--:|---|--:|--:|---|',
      '| Pod requests (1 vCPU, 4 GiB) × 2 on e2-standard-4 | 365 | node-hours | $0.1474 | $53.81 | https://cloud.google.com/compute/vm-instance-pricing (2026-07-30) |',
      '',
      "Carbon: 1.98 kgCO2e a month (Cloud Carbon Footprint's method).",
      '',
      'On-demand prices of europe-west1 in USD, each with its source and date.',
    ].join('\n'));
  });
});
