import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, InlayHint, MarkupContent } from 'vscode-languageserver-types';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/**
 * The cost family through the server (issue #81): a Terraform file's lens with the monthly cost, its hover with the
 * breakdown in an inlay hint's tooltip, and cost-cheaper-equivalent among its diagnostics.
 */
describe('cost over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const main = 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "web" {\n  instance_type = "t2.medium"\n}\n';
  const workspace = sharedWorkspace('cost', { 'infra/main.tf': main });
  const uri = pathToFileURL(path.join(workspace.root, 'infra', 'main.tf')).href;

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
    assert.equal(value.split('\n')[0], '**aws\\_instance.web**: $34.67 a month');
    assert.ok(value.includes('| Instance usage (Linux/UNIX, on-demand, t2.medium) | 730 | hours | $0.0464 | $33.87 | https://aws.amazon.com/ec2/pricing/on-demand/ (2026-11-26) |'), value);
  });
});
