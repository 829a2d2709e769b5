// The Terraform module diagram (server/src/terraform/diagram.ts): each module a group, its resources,
// data sources and module calls, the references between them (through locals), undeclared ones red;
// `archipel diagram terraform` on the example.
import assert from 'node:assert/strict';
import path from 'node:path';
import { terraformDiagram } from '../../../src/terraform/diagram';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

describe('Terraform module diagram', () => {
  before(loadParser);

  it('draws resources, data sources and module calls with their references, grouped by module, a module call led to the module it calls', () => {
    const index = indexOf({
      'infra/main.tf': [
        'locals {',
        '  subnet = data.aws_subnet.main.id',
        '}',
        'data "aws_subnet" "main" {',
        '  id = "subnet-1"',
        '}',
        'resource "aws_instance" "web" {',
        '  subnet_id = local.subnet',
        '  ami       = module.images.ami',
        '}',
        'module "images" {',
        '  source = "./modules/images"',
        '}',
        'resource "aws_eip" "web" {',
        '  instance = aws_instance.web.id',
        '  domain   = aws_nat.gone.id',
        '}',
        '',
      ].join('\n'),
      'infra/modules/images/main.tf': 'output "ami" {\n  value = "ami-1"\n}\nresource "null_resource" "n" {}\n',
    });
    const result = terraformDiagram(index);
    assert.equal(result.kind, 'terraform');
    assert.deepEqual(result.graph.groups, [
      { id: 'm1', label: 'Terraform module infra' },
      { id: 'm2', label: 'Terraform module infra/modules/images' },
    ]);
    assert.deepEqual(result.graph.nodes.map((n) => [n.id, n.lines.join(' / '), n.shape, n.group]), [
      ['m1n1', 'data aws_subnet / main', 'parallelogram', 'm1'],
      ['m1n2', 'aws_instance / web', 'rect', 'm1'],
      ['m1n3', 'module images / ./modules/images', 'subroutine', 'm1'],
      ['m1n4', 'aws_eip / web', 'rect', 'm1'],
      ['m1x1', 'aws_nat.gone / not declared', 'rect', 'm1'],
      ['m2n1', 'null_resource / n', 'rect', 'm2'],
      // The called module's entry (issue #69 item 8): the module call leads to it.
      ['m2in', 'module infra/modules/images', 'round', 'm2'],
    ]);
    assert.deepEqual(result.graph.edges.map((e) => `${e.from} -> ${e.to} ${e.style}`).sort(), ['m1n2 -> m1n1 solid', 'm1n2 -> m1n3 solid', 'm1n3 -> m2in thick', 'm1n4 -> m1n2 solid', 'm1n4 -> m1x1 broken'].sort());
    assert.equal(result.broken, 1);
    // A click opens the declaration's name.
    const web = result.sources.find((s) => s.id === 'm1n2')!;
    assert.deepEqual([web.uri, web.range.start], ['file:///w/infra/main.tf', { line: 6, character: 24 }]);
    assert.match(result.mermaid, /^flowchart LR\n {2}subgraph m1\["Terraform module infra"\]\n/);
  });

  it('is limited to a folder, and says so when it has nothing', () => {
    const index = indexOf({ 'a/main.tf': 'resource "null_resource" "a" {}\n', 'b/variables.tf': 'variable "x" {}\n' });
    assert.deepEqual(terraformDiagram(index, ['file:///w/a']).graph.nodes.map((n) => n.lines.join(' ')), ['null_resource a']);
    assert.match(terraformDiagram(index, ['file:///w/b']).empty ?? '', /^No Terraform resource, data source or module call/);
  });

  it('archipel diagram terraform draws the example', async () => {
    const example = path.join(repoRoot, 'examples', 'portfolio');
    const { code, out } = await runCli(['diagram', 'terraform', 'infra/terraform'], example);
    assert.equal(code, 0);
    assert.match(out, /subgraph m1\["Terraform module terraform"\]/);
    assert.match(out, /subgraph m2\["Terraform module terraform\/modules\/gke-cluster"\]/);
    assert.match(out, /aws_db_instance<br\/>mlflow/);
    assert.match(out, /google_container_node_pool<br\/>default/);
  });
});
