// Hover on real modules as terraform-ls shows it, from the provider schemas the checks read: an
// argument (its flags, type and description), a nested block, a resource type label, a step of a
// reference past the object it names, a function; a declared name stays described by its declaration.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { terraformHover } from '../../../src/terraform/editor/editor';
import { indexOf, loadParser } from '../../terraform';
import { editorData as data, moduleFiles, ossTerraform } from './terraform-editor-fixtures';

const gke = path.join(ossTerraform, 'terraform-google-kubernetes-engine');
const aks = path.join(ossTerraform, 'terraform-azurerm-aks');

/** The hover `inside` characters into the first `needle` of `name`, and the text its range covers. */
function hoverAt(files: Record<string, string>, name: string, needle: string, inside: number): { value?: string; covered?: string } {
  const text = files[name];
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${name} holds ${needle}`);
  const index = indexOf(files);
  const file = index.get(`file:///w/${name}`)!;
  const hover = terraformHover(index, file, at + inside, data);
  if (!hover) return {};
  const range = hover.range!;
  return { value: (hover.contents as MarkupContent).value, covered: text.slice(file.lines.offsetAt(range.start), file.lines.offsetAt(range.end)) };
}

describe('Terraform hover from the provider schemas', () => {
  before(loadParser);
  const files = moduleFiles(gke);

  it('an argument: its flags, type and the schema\'s description', () => {
    const { value, covered } = hoverAt(files, 'm/cluster.tf', '  min_master_version', 5);
    assert.equal(covered, 'min_master_version');
    assert.match(String(value), /^\*\*min_master_version\*\* _optional, string_\n\nThe minimum version of the master\. GKE will auto-update the master/);
    // A nested block's argument, described by its path.
    assert.match(String(hoverAt(files, 'm/cluster.tf', 'machine_type', 3).value), /^\*\*machine_type\*\* _optional, string_\n\nThe name of a Google Compute Engine machine type/);
  });

  it('a nested block, a resource type label with its registry page', () => {
    assert.deepEqual(hoverAt(files, 'm/cluster.tf', '  addons_config {', 4), { value: '**addons_config** _Block, list, max: 1_', covered: 'addons_config' });
    const label = hoverAt(files, 'm/cluster.tf', 'resource "google_container_cluster" "primary"', 14);
    assert.equal(label.covered, '"google_container_cluster"');
    assert.match(String(label.value), /^`google_container_cluster` hashicorp\/google (\d+\.\d+\.\d+)\n\n\[`google_container_cluster` on registry\.terraform\.io\]\(https:\/\/registry\.terraform\.io\/providers\/hashicorp\/google\/\1\/docs\/resources\/container_cluster\)$/);
  });

  it('a step of a reference past the object: what the resource exports, from azurerm and google', () => {
    assert.deepEqual(hoverAt(files, 'm/firewall.tf', 'google_container_cluster.primary.tpu_ipv4_cidr_block', 40), { value: '`google_container_cluster.primary.tpu_ipv4_cidr_block`\n_string_', covered: 'google_container_cluster.primary.tpu_ipv4_cidr_block' });
    const aksFiles = moduleFiles(aks);
    const fqdn = hoverAt(aksFiles, 'm/outputs.tf', 'azurerm_kubernetes_cluster.main.fqdn', 35);
    assert.equal(fqdn.value, '`azurerm_kubernetes_cluster.main.fqdn`\n_string_');
  });

  it('a function: its signature and description; a declared name: its declaration', () => {
    assert.equal(hoverAt(files, 'm/cluster.tf', 'length(var.master_authorized_networks)', 2).value, '```terraform\nlength(value any type) number\n```\n\n`length` determines the length of a given list, map, or string.');
    const variable = hoverAt(files, 'm/main.tf', 'var.project_id', 6);
    assert.equal(variable.covered, 'project_id');
    assert.match(String(variable.value), /^\*\*variable "project_id"\*\*\n\ntype: `string`\n\nrequired: no default\n\nThe project ID to host the cluster in \(required\)\n\ndeclared in variables\.tf, line \d+$/);
  });
});

describe('Terraform hover in a block being typed (issue #83)', () => {
  before(loadParser);

  it('one incomplete line: the block\'s other arguments, its nested blocks and its type label still hovered', () => {
    const files = {
      'm/main.tf': 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n\nresource "aws_s3_bucket" "logs" {\n  bucket        = "logs"\n  force_destroy =\n  versioning {\n    enabled = true\n  }\n}\n',
    };
    assert.match(String(hoverAt(files, 'm/main.tf', '  bucket ', 4).value), /^\*\*bucket\*\* _optional, string_/);
    assert.equal(hoverAt(files, 'm/main.tf', '  bucket ', 4).covered, 'bucket');
    assert.match(String(hoverAt(files, 'm/main.tf', 'versioning', 3).value), /^\*\*versioning\*\* _Block, list/);
    assert.match(String(hoverAt(files, 'm/main.tf', '"aws_s3_bucket"', 3).value), /^`aws_s3_bucket`/);
  });
});
