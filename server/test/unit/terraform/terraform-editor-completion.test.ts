// Completion and signature help on real modules (server/test/fixtures/oss/terraform), from the
// provider schemas the checks read: a resource's arguments from the aws, google and azurerm schemas,
// a type label, what a reference reads (exported attributes, nested blocks, module outputs,
// variables), Terraform's functions and their signatures.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { terraformCompletion } from '../../../src/terraform/editor/completion';
import { terraformFeature } from '../../../src/terraform/feature';
import { functionsFor, schemasFor } from '../../../src/terraform/host';
import type { WorkspaceIndex } from '../../../src/workspace/index';
import { cursor, repoRoot } from '../../helpers';
import { contextOf, indexOf, loadParser } from '../../terraform';
import { editorData as data, moduleFiles, ossTerraform as oss } from './terraform-editor-fixtures';

/** Completion in `name` of `files` once `needle` is replaced by `marked` (`|` the cursor). */
function complete(files: Record<string, string>, name: string, needle: string, marked: string): { items: CompletionItem[]; index: WorkspaceIndex } {
  assert.ok(files[name].includes(needle), `${name} holds ${needle}`);
  const { text, offset } = cursor(files[name].replace(needle, marked));
  const index = indexOf({ ...files, [name]: text });
  return { items: terraformCompletion(index, index.get(`file:///w/${name}`)!, offset, data), index };
}

const byLabel = (items: CompletionItem[]) => new Map(items.map((i) => [i.label, i]));

describe('Terraform completion from the provider schemas', () => {
  before(loadParser);

  it('aws: an aws_db_instance\'s arguments not yet set, with their types; its nested blocks; the meta-arguments it does not exclude', () => {
    const files = moduleFiles(path.join(oss, 'terraform-aws-rds', 'modules', 'db_instance'));
    const { items } = complete(files, 'm/main.tf', 'resource "aws_db_instance" "this" {\n', 'resource "aws_db_instance" "this" {\n  ba|\n');
    const offered = byLabel(items);
    assert.deepEqual(offered.get('backup_target')?.detail, 'optional, string');
    assert.deepEqual(offered.get('backup_target')?.textEdit, { range: { start: { line: 30, character: 2 }, end: { line: 30, character: 4 } }, newText: 'backup_target = "${1:value}"' });
    assert.equal(offered.get('warning_event_categories')?.detail, 'optional, list of string');
    assert.equal(offered.get('warning_event_categories')?.textEdit?.newText, 'warning_event_categories = [ ${1} ]');
    // Set already (engine, identifier), exported only (endpoint), or excluded by count: not offered.
    for (const name of ['engine', 'identifier', 'endpoint', 'address', 'for_each']) assert.equal(offered.has(name), false, name);
    assert.equal(offered.get('lifecycle')?.detail, 'Block, max: 1');
    assert.equal(offered.get('provisioner')?.textEdit?.newText, 'provisioner "${1:type}" {\n  ${2}\n}');
    // A list of objects an argument takes, written as generated blocks: a security group's ingress rules.
    const group = { ...files, 'm/extra.tf': 'resource "aws_security_group" "db" {\n  dynamic "ingress" {\n    for_each = []\n    content {\n      \n    }\n  }\n}\n' };
    const rule = byLabel(complete(group, 'm/extra.tf', 'content {\n      \n', 'content {\n      |\n').items);
    assert.equal(rule.get('from_port')?.detail, 'optional, number');
    const label = byLabel(complete(group, 'm/extra.tf', 'dynamic "ingress"', 'dynamic "in|"').items);
    assert.equal(label.get('ingress')?.detail, 'optional, list of object');
  });

  it('google: a new google_container_node_pool in the GKE module: cluster is required, node_config is one block', () => {
    const files = { ...moduleFiles(path.join(oss, 'terraform-google-kubernetes-engine')), 'm/extra.tf': 'resource "google_container_node_pool" "extra" {\n  \n}\n' };
    const { items } = complete(files, 'm/extra.tf', '{\n  \n', '{\n  |\n');
    const offered = byLabel(items);
    assert.equal(offered.get('cluster')?.detail, 'required, string');
    assert.equal(offered.get('node_count')?.detail, 'optional, number');
    assert.equal(offered.get('node_config')?.detail, 'Block, list, max: 1');
    assert.equal(offered.get('node_config')?.textEdit?.newText, 'node_config {\n  ${1}\n}');
    assert.equal(offered.get('count')?.detail, 'optional');
    // What the node pool exports but does not take.
    assert.equal(offered.has('instance_group_urls'), false);
    // Inside its nested block: node_config's own arguments.
    const nested = complete(files, 'm/extra.tf', '{\n  \n', '{\n  node_config {\n    ma|\n  }\n');
    assert.equal(byLabel(nested.items).get('machine_type')?.detail, 'optional, string');
    assert.match(String((byLabel(nested.items).get('machine_type')?.documentation as { value?: string } | undefined)?.value), /machine type/i);
  });

  it('google 7.x (issue #83): a node pool offers node_drain_config and a cluster\'s dns_endpoint_config offers enable_k8s_tokens_via_dns, both new in google 7', () => {
    const files = { ...moduleFiles(path.join(oss, 'terraform-google-kubernetes-engine')), 'm/extra.tf': 'resource "google_container_node_pool" "extra" {\n  \n}\n' };
    const pool = byLabel(complete(files, 'm/extra.tf', '{\n  \n', '{\n  node_d|\n').items);
    assert.equal(pool.get('node_drain_config')?.detail, 'Block, list');
    const cluster = { ...files, 'm/extra.tf': 'resource "google_container_cluster" "extra" {\n  control_plane_endpoints_config {\n    dns_endpoint_config {\n      \n    }\n  }\n}\n' };
    const dns = byLabel(complete(cluster, 'm/extra.tf', 'dns_endpoint_config {\n      \n', 'dns_endpoint_config {\n      en|\n').items);
    assert.equal(dns.get('enable_k8s_tokens_via_dns')?.detail, 'optional, bool');
  });

  it('azurerm: a resource group\'s arguments; what an AKS cluster exports (fqdn, kube_config_raw, oidc_issuer_url)', () => {
    const files = { ...moduleFiles(path.join(oss, 'terraform-azurerm-aks')), 'm/extra.tf': 'resource "azurerm_resource_group" "extra" {\n  \n}\n' };
    const group = byLabel(complete(files, 'm/extra.tf', '{\n  \n', '{\n  |\n').items);
    assert.equal(group.get('location')?.detail, 'required, string');
    assert.equal(group.get('name')?.detail, 'required, string');
    assert.equal(group.get('tags')?.detail, 'optional, map of string');
    const { items } = complete(files, 'm/extra.tf', '{\n  \n', '{\n  tags = { fqdn = azurerm_kubernetes_cluster.main.| }\n');
    const exported = byLabel(items);
    for (const name of ['fqdn', 'kube_config_raw', 'oidc_issuer_url', 'portal_fqdn']) assert.equal(exported.get(`azurerm_kubernetes_cluster.main.${name}`)?.detail, 'read-only, string', name);
    assert.equal(exported.get('azurerm_kubernetes_cluster.main.kube_config')?.detail, 'read-only, list of object');
    // The reference typed so far is what the item replaces.
    assert.deepEqual((exported.get('azurerm_kubernetes_cluster.main.fqdn')?.textEdit as TextEdit).range, { start: { line: 1, character: 18 }, end: { line: 1, character: 50 } });
  });

  it('a type label: the resource types of the providers the module uses, with the provider\'s source and version', () => {
    const files = moduleFiles(path.join(oss, 'terraform-google-kubernetes-engine'));
    const { items } = complete(files, 'm/main.tf', 'data "google_compute_zones" "available" {', 'resource "google_container_n|" "x" {}\ndata "google_compute_zones" "available" {');
    const pool = byLabel(items).get('google_container_node_pool');
    assert.match(String(pool?.detail), /^hashicorp\/google \d+\.\d+\.\d+$/);
    assert.match(String((pool?.documentation as { value: string }).value), /registry\.terraform\.io\/providers\/hashicorp\/google\/\d+\.\d+\.\d+\/docs\/resources\/container_node_pool/);
    // The providers the module requires (google, kubernetes, random; google-beta is not bundled), not every bundled one.
    assert.deepEqual([...new Set(items.map((i) => String(i.detail).split(' ')[0]))].sort(), ['hashicorp/google', 'hashicorp/kubernetes', 'hashicorp/random']);
    const data = complete(files, 'm/main.tf', 'data "google_compute_zones" "available" {', 'data "google_compute_zo|" "x" {}\ndata "google_compute_zones" "available" {');
    assert.ok(byLabel(data.items).has('google_compute_zones'));
    assert.equal(byLabel(data.items).has('google_container_node_pool'), false);
  });

  it('references: variables with their types, locals, data sources, what a nested block of a resource exports', () => {
    const files = { ...moduleFiles(path.join(oss, 'terraform-google-kubernetes-engine')), 'm/extra.tf': 'locals {\n  extra = 1\n}\n' };
    const vars = byLabel(complete(files, 'm/extra.tf', 'extra = 1', 'extra = var.|').items);
    assert.equal(vars.get('var.project_id')?.detail, 'string');
    assert.match(String((vars.get('var.project_id')?.documentation as { value: string }).value), /project/i);
    const locals = complete(files, 'm/extra.tf', 'extra = 1', 'extra = local.|').items;
    assert.ok(locals.some((i) => i.label === 'local.cluster_location'));
    const zones = byLabel(complete(files, 'm/extra.tf', 'extra = 1', 'extra = data.google_compute_zones.available.|').items);
    assert.equal(zones.get('data.google_compute_zones.available.names')?.detail, 'read-only, list of string');
    const auth = byLabel(complete(files, 'm/extra.tf', 'extra = 1', 'extra = google_container_cluster.primary.master_auth[0].|').items);
    assert.equal(auth.get('google_container_cluster.primary.master_auth[0].cluster_ca_certificate')?.detail, 'read-only, string');
    // Nothing typed yet: every address the module declares, Terraform's functions, literals.
    const all = byLabel(complete(files, 'm/extra.tf', 'extra = 1', 'extra = |').items);
    for (const label of ['var.project_id', 'local.cluster_location', 'google_container_cluster.primary', 'data.google_compute_zones.available', 'path.module', 'join', 'true', 'null']) assert.ok(all.has(label), label);
    assert.equal(all.get('join')?.detail, 'join(separator string, …lists list of string) string');
    assert.equal(all.get('join')?.textEdit?.newText, 'join(${1})');
  });

  it('signature help inside a call being typed: the signature, its parameters, the argument under the cursor', () => {
    const feature = terraformFeature({ schemas: schemasFor(repoRoot), functions: functionsFor(repoRoot) });
    const help = (marked: string) => {
      const { text, offset } = cursor(marked);
      const index = indexOf({ 'm/main.tf': text });
      return feature.signatureHelp?.(index.get('file:///w/m/main.tf')!, offset, contextOf(index));
    };
    const join = help('locals {\n  a = join(",", [var.x], |\n}\n');
    assert.equal(join?.signatures[0].label, 'join(separator string, …lists list of string) string');
    assert.deepEqual(join?.signatures[0].parameters?.map((p) => p.label), [[5, 21], [23, 44]]);
    // Past the last parameter: the variadic one stays active.
    assert.equal(join?.activeParameter, 1);
    assert.equal(help('locals {\n  a = lookup(|)\n}\n')?.activeParameter, 0);
    assert.equal(help('locals {\n  a = lookup(local.m, "k", |)\n}\n')?.activeParameter, 2);
    // Nested calls: the innermost.
    assert.equal(help('locals {\n  a = upper(format("%s", |))\n}\n')?.signatures[0].label, 'format(format string, …args any type) string');
    assert.equal(help('locals {\n  a = [1, |]\n}\n'), undefined);
  });
});
