import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagramRequest } from '../../../src/protocol';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

/** The Terraform module diagram over LSP (`archipel/diagram`, kind terraform): what the diagram panel receives. */
describe('Terraform diagram over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  const workspace = makeTree({
    'infra/main.tf': 'module "net" {\n  source = "./modules/net"\n}\nresource "aws_instance" "web" {\n  subnet_id = module.net.subnet_id\n}\n',
    'infra/modules/net/main.tf': 'resource "aws_subnet" "a" {\n  vpc_id     = "vpc-1"\n  cidr_block = "10.0.0.0/24"\n}\noutput "subnet_id" {\n  value = aws_subnet.a.id\n}\n',
  });
  const uri = (relative: string) => pathToFileURL(path.join(workspace.root, relative)).href;

  before(async () => {
    // A server of its own: the answer covers the whole workspace, which must hold only these files.
    client = await TestLspClient.startInWorkspace(workspace.root);
    await client.indexReady();
  });

  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('draws the modules, their declarations and references, each node opening its declaration', async () => {
    const result = await client.connection.sendRequest(DiagramRequest, { kind: 'terraform' });
    assert.equal(result.kind, 'terraform');
    assert.deepEqual(result.graph.groups.map((g) => g.label), ['Terraform module infra', 'Terraform module infra/modules/net']);
    // The module call leads to the module it calls (its entry node, in its group).
    assert.deepEqual(result.graph.nodes.map((n) => n.lines.join(' ')), ['module net ./modules/net', 'aws_instance web', 'aws_subnet a', 'module infra/modules/net']);
    assert.deepEqual(result.graph.edges.map((e) => [e.from, e.to]), [['m1n2', 'm1n1'], ['m1n1', 'm2in']]);
    const subnet = result.sources.find((s) => s.id === 'm2n1');
    assert.equal(subnet?.uri, uri('infra/modules/net/main.tf'));
    assert.deepEqual(subnet?.range.start, { line: 0, character: 22 });
    const scoped = await client.connection.sendRequest(DiagramRequest, { kind: 'terraform', scope: uri('infra/modules/net') });
    assert.deepEqual(scoped.graph.nodes.map((n) => n.lines.join(' ')), ['aws_subnet a']);
  });
});
