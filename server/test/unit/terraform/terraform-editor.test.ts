// Terraform in the editor: definition, references, rename across a module and its callers (the
// example's GKE module in a copy), hover, completion, outline, quick fixes, incremental re-parsing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { terraformInventory } from '../../../src/terraform/api';
import { terraformCompletion } from '../../../src/terraform/editor/completion';
import { terraformHover } from '../../../src/terraform/editor/editor';
import { terraformSymbols } from '../../../src/terraform/editor/symbols';
import { terraformQuickFixes } from '../../../src/terraform/editor/fixes';
import { terraformDefinition, terraformPrepareRename, terraformReferences, terraformRename } from '../../../src/terraform/editor/navigation';
import { parseHcl } from '../../../src/terraform/syntax/parse';
import { cursor, repoRoot } from '../../helpers';
import { covered, diagnose, indexOf, loadParser } from '../../terraform';

const example = path.join(repoRoot, 'examples', 'portfolio', 'infra', 'terraform');

function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else files[`${prefix}${name}`] = readFileSync(full, 'utf8');
    }
  };
  walk(example, 'infra/');
  return files;
}

/** Applies a workspace edit to the files (path under file:///w/). */
function apply(files: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  const out = { ...files };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const name = uri.slice('file:///w/'.length);
    const lines = out[name].split('\n');
    const sorted = [...(edits)].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    for (const e of sorted) {
      assert.equal(e.range.start.line, e.range.end.line);
      const line = lines[e.range.start.line];
      lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
    }
    out[name] = lines.join('\n');
  }
  return out;
}

function at(files: Record<string, string>, name: string, marked: string) {
  const { text, offset } = cursor(marked);
  const all = { ...files, [name]: text };
  const index = indexOf(all);
  return { index, file: index.get(`file:///w/${name}`)!, offset, all };
}

describe('Terraform in the editor', () => {
  before(loadParser);

  it('the example is clean, and renaming a module output flags its caller; rename updates every use', () => {
    const files = exampleFiles();
    for (const name of Object.keys(files)) assert.deepEqual(diagnose(files, name).map((d) => d.message), [], name);
    // The output renamed in the module alone: its caller's reference is flagged.
    const renamedOnly = { ...files, 'infra/modules/gke-cluster/outputs.tf': files['infra/modules/gke-cluster/outputs.tf'].replace('output "cluster_name"', 'output "name"') };
    const flagged = diagnose(renamedOnly, 'infra/outputs.tf');
    assert.deepEqual(flagged.map((d) => [d.code, d.range.start.line, d.message]), [['terraform-module-output', 2, 'Unsupported attribute: the module "gke" (modules/gke-cluster) has no output "cluster_name".']]);
    // Rename from the output's label: the declaration and the caller's reference change together.
    const { index, file, offset } = at(files, 'infra/modules/gke-cluster/outputs.tf', files['infra/modules/gke-cluster/outputs.tf'].replace('output "cluster_name"', 'output "cluster_|name"'));
    assert.deepEqual(terraformPrepareRename(index, file, offset)?.placeholder, 'cluster_name');
    const edit = terraformRename(index, file, offset, 'name')!;
    assert.deepEqual(Object.keys(edit.changes!).sort(), ['file:///w/infra/modules/gke-cluster/outputs.tf', 'file:///w/infra/outputs.tf']);
    const renamed = apply(files, edit);
    assert.match(renamed['infra/outputs.tf'], /value {7}= module\.gke\.name\n/);
    for (const name of Object.keys(renamed)) assert.deepEqual(diagnose(renamed, name).map((d) => d.message), [], name);
    // From the caller's reference, the same rename.
    const fromCaller = at(files, 'infra/outputs.tf', files['infra/outputs.tf'].replace('module.gke.cluster_name', 'module.gke.clus|ter_name'));
    assert.deepEqual(Object.keys(terraformRename(fromCaller.index, fromCaller.file, fromCaller.offset, 'name')!.changes!).length, 2);
    assert.equal(terraformRename(fromCaller.index, fromCaller.file, fromCaller.offset, 'not a name'), undefined);
  });

  it('renames a variable in its module and the module blocks that set it; a local; a resource', () => {
    const files = exampleFiles();
    const { index, file, offset } = at(files, 'infra/modules/gke-cluster/variables.tf', files['infra/modules/gke-cluster/variables.tf'].replace('variable "node_count"', 'variable "node_|count"'));
    const renamed = apply(files, terraformRename(index, file, offset, 'nodes_per_zone')!);
    assert.match(renamed['infra/main.tf'], /\n {2}nodes_per_zone = 2\n/);
    assert.match(renamed['infra/modules/gke-cluster/main.tf'], /node_count = var\.nodes_per_zone\n/);
    for (const name of Object.keys(renamed)) assert.deepEqual(diagnose(renamed, name).map((d) => d.message), [], name);
    const resource = at(files, 'infra/main.tf', files['infra/main.tf'].replace('resource "aws_db_instance" "mlflow"', 'resource "aws_db_instance" "ml|flow"'));
    const moved = apply(files, terraformRename(resource.index, resource.file, resource.offset, 'tracking')!);
    assert.match(moved['infra/outputs.tf'], /aws_db_instance\.tracking\.endpoint/);
  });

  it('goes to a definition and finds references across the module and into a local module', () => {
    const files = exampleFiles();
    const { index, file, offset } = at(files, 'infra/main.tf', files['infra/main.tf'].replace('project_id = var.project_id', 'project_id = var.proj|ect_id'));
    const [definition] = terraformDefinition(index, file, offset);
    assert.deepEqual([definition.uri, definition.range.start.line], ['file:///w/infra/variables.tf', 0]);
    const references = terraformReferences(index, file, offset).map((l) => `${l.uri.slice(10)}:${l.range.start.line}`);
    assert.deepEqual(references.sort(), ['infra/main.tf:4', 'infra/variables.tf:0', 'infra/versions.tf:22']);
    const input = at(files, 'infra/main.tf', files['infra/main.tf'].replace('  node_count = 2', '  node_co|unt = 2'));
    assert.deepEqual(terraformDefinition(input.index, input.file, input.offset).map((l) => l.uri), ['file:///w/infra/modules/gke-cluster/variables.tf']);
    const source = at(files, 'infra/main.tf', files['infra/main.tf'].replace('"./modules/gke-cluster"', '"./modules/gke|-cluster"'));
    assert.deepEqual(terraformDefinition(source.index, source.file, source.offset).map((l) => l.uri), ['file:///w/infra/modules/gke-cluster/main.tf']);
  });

  it('hovers, completes references and module inputs, outlines', () => {
    const files = exampleFiles();
    const hover = at(files, 'infra/main.tf', files['infra/main.tf'].replace('region     = var.region', 'region     = var.reg|ion'));
    const value = terraformHover(hover.index, hover.file, hover.offset)?.contents as { value: string };
    assert.equal(value.value, '**variable "region"**\n\ntype: `string`\n\ndefault: `"europe-west1"`\n\nThe Google Cloud region of the cluster.\n\ndeclared in variables.tf, line 6');
    const dot = at(files, 'infra/outputs.tf', files['infra/outputs.tf'].replace('module.gke.cluster_name', 'module.gke.|'));
    assert.deepEqual(terraformCompletion(dot.index, dot.file, dot.offset).map((i) => i.label).sort(), ['module.gke.cluster_name', 'module.gke.endpoint', 'module.gke.location']);
    const vars = at(files, 'infra/outputs.tf', files['infra/outputs.tf'].replace('module.gke.cluster_name', 'var.|'));
    assert.deepEqual(terraformCompletion(vars.index, vars.file, vars.offset).map((i) => i.label).sort(), ['var.aws_region', 'var.cluster_egress_cidr', 'var.database_subnet_ids', 'var.project_id', 'var.region', 'var.vpc_id']);
    const inputs = at(files, 'infra/main.tf', files['infra/main.tf'].replace('  node_count = 2\n', '  node_count = 2\n  ma|\n'));
    // What the editor shows once it filters by the typed "ma"; the module's own arguments come after its inputs.
    const offered = terraformCompletion(inputs.index, inputs.file, inputs.offset);
    assert.deepEqual(offered.filter((i) => i.label.startsWith('ma')).map((i) => [i.label, i.detail]), [['machine_type', 'optional, string']]);
    assert.deepEqual(offered.filter((i) => i.sortText?.startsWith('2')).map((i) => i.label), ['version', 'count', 'for_each', 'providers', 'depends_on']);
    const symbols = terraformSymbols(inputs.index.get('file:///w/infra/modules/gke-cluster/main.tf')!).map((s) => s.name);
    assert.deepEqual(symbols, ['terraform', 'resource "google_container_cluster" "this"', 'resource "google_container_node_pool" "default"']);
  });

  it('quick fixes a misspelt variable, module input and output', () => {
    const files = { 'm/main.tf': 'variable "project_id" {}\noutput "p" {\n  value = var.projectid\n}\n' };
    const index = indexOf(files);
    const diagnostics = diagnose(files, 'm/main.tf').filter((d) => d.code === 'terraform-undeclared');
    assert.deepEqual(diagnostics.map((d) => d.message), ['Reference to undeclared input variable: no variable "projectid" is declared in this module. Did you mean "var.project_id"?']);
    const [fix] = terraformQuickFixes(index.get('file:///w/m/main.tf')!, diagnostics);
    assert.equal(fix.title, 'Change to "var.project_id"');
    assert.deepEqual(Object.values(fix.edit!.changes!)[0], [{ range: { start: { line: 2, character: 10 }, end: { line: 2, character: 23 } }, newText: 'var.project_id' }]);
  });

  it('adds the version the lock file pins to a required provider without one, as ~> major.minor', () => {
    const main = 'terraform {\n  required_providers {\n    google = {\n      source = "hashicorp/google"\n    }\n  }\n}\n\nresource "google_storage_bucket" "b" {\n  name     = "b"\n  location = "EU"\n}\n';
    const lock = 'provider "registry.terraform.io/hashicorp/google" {\n  version     = "5.31.1"\n  constraints = ">= 5.0.0"\n  hashes = []\n}\n';
    const files = { 'm/main.tf': main, 'm/.terraform.lock.hcl': lock };
    const index = indexOf(files);
    const missing = diagnose(files, 'm/main.tf').filter((d) => d.code === 'terraform-required-providers');
    assert.deepEqual(missing.map((d) => d.message), ['Missing version constraint for provider "google" in `required_providers`']);
    const [fix] = terraformQuickFixes(index.get('file:///w/m/main.tf')!, missing);
    assert.equal(fix.title, 'Add version = "~> 5.31" (the lock file\'s 5.31.1)');
    assert.deepEqual(Object.values(fix.edit!.changes!)[0], [{ range: { start: { line: 3, character: 33 }, end: { line: 3, character: 33 } }, newText: '\n      version = "~> 5.31"' }]);
    // Without a lock file there is no version to write.
    const unlocked = { 'm/main.tf': main };
    assert.deepEqual(terraformQuickFixes(indexOf(unlocked).get('file:///w/m/main.tf')!, diagnose(unlocked, 'm/main.tf').filter((d) => d.code === 'terraform-required-providers')), []);
  });

  // Each rule whose message says "Did you mean": the fix writes what the message names over the
  // diagnostic's own text, in the native syntax and the JSON one.
  const suggestions: [string, Record<string, string>, string, string, string][] = [
    ['terraform-unsupported-block', { 'm/main.tf': 'resourse "random_id" "a" {\n  byte_length = 8\n}\n' }, 'm/main.tf', 'resourse', 'resource'],
    ['terraform-unsupported-argument', { 'm/modules/n/variables.tf': 'variable "name" {}\nvariable "zone" {\n  default = "a"\n}\n', 'm/main.tf': 'module "n" {\n  source = "./modules/n"\n  nmae   = "x"\n}\n' }, 'm/main.tf', 'nmae', 'name'],
    ['terraform-undeclared', { 'm/main.tf': 'resource "random_id" "this" {\n  byte_length = 8\n}\noutput "id" {\n  value = random_id.thiss.hex\n}\n' }, 'm/main.tf', 'random_id.thiss', 'random_id.this'],
    ['terraform-undeclared', { 'm/main.tf': 'data "google_project" "this" {}\nlocals {\n  n = data.google_projet.this.number\n}\n' }, 'm/main.tf', 'data.google_projet.this', 'data.google_project.this'],
    ['terraform-undeclared', { 'm/main.tf': 'locals {\n  region = "x"\n}\nmodule "vpc" {\n  source = "./vpc"\n}\noutput "o" {\n  value = [local.regoin, module.vpcc.id]\n}\n', 'm/vpc/outputs.tf': 'output "id" {\n  value = "x"\n}\n' }, 'm/main.tf', 'local.regoin|module.vpcc', 'local.region|module.vpc'],
    ['terraform-module-output', { 'm/modules/n/outputs.tf': 'output "name" {\n  value = "x"\n}\n', 'm/main.tf': 'module "n" {\n  source = "./modules/n"\n}\noutput "o" {\n  value = module.n.nmae\n}\n' }, 'm/main.tf', 'nmae', 'name'],
    ['terraform-unknown-type', { 'm/main.tf': 'resource "random_pasword" "a" {\n  length = 8\n}\n' }, 'm/main.tf', 'random_pasword', 'random_password'],
    ['terraform-unknown-type', { 'm/main.tf.json': '{"resource": {"random_pasword": {"a": {"length": 8}}}}\n' }, 'm/main.tf.json', 'random_pasword', 'random_password'],
    ['terraform-unknown-argument', { 'm/main.tf': 'resource "random_password" "a" {\n  lenght = 8\n}\n' }, 'm/main.tf', 'lenght', 'length'],
    ['terraform-unknown-argument', { 'm/main.tf.json': '{"resource": {"random_password": {"a": {"lenght": 8}}}}\n' }, 'm/main.tf.json', 'lenght', 'length'],
    ['terraform-unknown-argument', { 'm/main.tf': 'resource "google_container_cluster" "c" {\n  name     = "c"\n  location = "europe-west1"\n  dynamic "node_confg" {\n    for_each = []\n    content {}\n  }\n}\n' }, 'm/main.tf', 'node_confg', 'node_config'],
  ];
  for (const [code, files, name, typos, fixes] of suggestions) {
    it(`${code}: the "Did you mean" of ${typos} is a quick fix writing ${fixes}`, () => {
      const file = indexOf(files).get(`file:///w/${name}`)!;
      const found = diagnose(files, name).filter((d) => d.code === code).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      assert.deepEqual(found.map((d) => covered(files[name], d)), typos.split('|'));
      for (const [i, diagnostic] of found.entries()) {
        const fixed = fixes.split('|')[i];
        assert.match(String(diagnostic.message), new RegExp(`Did you mean "${fixed.replace(/\./g, '\\.')}"\\?`));
        const [fix] = terraformQuickFixes(file, [diagnostic]);
        assert.equal(fix.title, `Change to "${fixed}"`);
        assert.deepEqual(fix.edit!.changes![file.uri], [{ range: diagnostic.range, newText: fixed }]);
      }
    });
  }

  it('lists what the workspace creates for the other families: the example\'s cluster, its database', () => {
    const inventory = terraformInventory(indexOf(exampleFiles()));
    assert.deepEqual(inventory.clusters.map((c) => [c.provider, c.name, c.region, c.address]), [['google', 'portfolio-prod', 'europe-west1', 'google_container_cluster.this']]);
    assert.deepEqual(inventory.dataStores.map((d) => [d.kind, d.type, d.name]), [['database', 'aws_db_instance', 'mlflow']]);
    const releases = terraformInventory(indexOf({ 'k/main.tf': 'resource "helm_release" "api" {\n  name       = "api"\n  chart      = "./charts/api"\n  values     = [file("${path.module}/values/prod.yaml")]\n  set {\n    name  = "replicas"\n    value = "3"\n  }\n}\n' })).helmReleases;
    assert.deepEqual(releases.map((r) => [r.name, r.chart, r.valuesFiles, r.set]), [['api', './charts/api', ['values/prod.yaml'], [{ name: 'replicas', value: '3' }]]]);
  });

  it('re-parses an edited file incrementally to the same syntax as a fresh parse', () => {
    const base = readFileSync(path.join(example, 'main.tf'), 'utf8');
    parseHcl(base, 'file:///incremental/main.tf');
    for (const edited of [base.replace('node_count = 2', 'node_count = 3'), base.replace('length  = 32', 'length  = 32\n  upper   = true'), base.replace('resource "random_password"', '# a comment\nresource "random_password"')]) {
      const incremental = parseHcl(edited, 'file:///incremental/main.tf');
      assert.deepEqual(JSON.parse(JSON.stringify(incremental)), JSON.parse(JSON.stringify(parseHcl(edited))));
    }
  });
});
