// The Terraform evaluation (issue #93): modules followed with their callers' arguments, values as `terraform plan`
// knows them offline, `count`/`for_each` expanded, instances named as Terraform names them — on inline files and on
// real examples of terraform-aws-modules (fixtures/oss/terraform-modules, Apache-2.0, SOURCES.md).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { emptyMap } from '../../../src/system/diagram';
import { buildSystemModel } from '../../../src/system/model';
import { terraformModulesNotRead, terraformResources, type TerraformResource } from '../../../src/terraform/api';
import { bindInstalledModules } from '../../../src/terraform/model/installedModules';
import type { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const oss = path.join(fixturesDir, 'oss', 'terraform-modules');

/** The Terraform files of a fixture folder (path under file:///w/ → text), recursively. */
function filesOf(folder: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(folder)) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) Object.assign(out, filesOf(full, `${prefix}${name}/`));
    else if (/\.(tf|tfvars)$/.test(name)) out[`${prefix}${name}`] = readFileSync(full, 'utf8');
  }
  return out;
}

const of = (resources: TerraformResource[], type: string) => resources.filter((r) => r.type === type);
const pick = (r: TerraformResource | undefined, ...names: string[]) => Object.fromEntries(names.map((n) => [n, r?.values?.[n]]));

/** The registry module `terraform init` installed for each call key of an example (its files the fixture's module's), as modules.json lists them. */
function installEks(index: WorkspaceIndex, example: string, module: Record<string, string>, keys: string[]): void {
  const manifest = JSON.stringify({
    Modules: [{ Key: '', Source: '', Dir: '.' }, ...keys.flatMap((k) => [
      { Key: k, Source: 'registry.terraform.io/terraform-aws-modules/eks/aws', Version: '21.0.0', Dir: `.terraform/modules/${k}` },
      { Key: `${k}.eks_managed_node_group`, Source: './modules/eks-managed-node-group', Dir: `.terraform/modules/${k}/modules/eks-managed-node-group` },
      { Key: `${k}.eks_managed_node_group.user_data`, Source: '../_user_data', Dir: `.terraform/modules/${k}/modules/_user_data` },
    ])],
  });
  const base = `file:///w/${example}`;
  bindInstalledModules(index, {
    manifest: (folder) => (folder === base ? { text: manifest } : undefined),
    moduleFiles: (folder) => {
      if (!folder.startsWith(`${base}/.terraform/modules/`)) return undefined;
      const inner = folder.slice(`${base}/.terraform/modules/`.length).split('/').slice(1).join('/');
      const prefix = inner ? `${inner}/` : '';
      const found = Object.entries(module).filter(([name]) => name.startsWith(prefix) && !name.slice(prefix.length).includes('/') && name.endsWith('.tf'));
      return found.length ? found.map(([name, text]) => ({ uri: `${folder}/${name.slice(prefix.length)}`, text })) : undefined;
    },
  }, ['file:///w']);
}

describe('Terraform: the evaluation', () => {
  before(loadParser);

  describe('modules followed with values bound', () => {
    const module = {
      'modules/db/variables.tf': 'variable "create" {\n  type    = bool\n  default = true\n}\nvariable "class" {\n  default = "db.t3.micro"\n}\nvariable "multi_az" {\n  type     = bool\n  default  = false\n  nullable = false\n}\n',
      'modules/db/main.tf': 'resource "aws_db_instance" "this" {\n  count          = var.create ? 1 : 0\n  instance_class = var.class\n  multi_az       = var.multi_az\n}\nmodule "replica" {\n  source = "../replica"\n  class  = var.class\n}\n',
      'modules/replica/main.tf': 'variable "class" {}\nresource "aws_db_instance" "replica" {\n  instance_class = "${var.class}-replica"\n}\n',
    };

    it('binds the caller\'s arguments, the defaults, nested modules; a module called twice is two sets of instances; create = false is none', () => {
      const index = indexOf({
        ...module,
        'env/main.tf': 'provider "aws" {\n  region = var.region\n}\nvariable "region" {}\nmodule "a" {\n  source = "../modules/db"\n  class  = "db.r5.large"\n  multi_az = null\n}\nmodule "b" {\n  source   = "../modules/db"\n  multi_az = "true"\n}\nmodule "off" {\n  source = "../modules/db"\n  create = false\n}\n',
        'env/terraform.tfvars': 'region = "eu-west-3"\n',
      });
      const found = terraformResources(index).map((r) => [r.address, r.region, r.values?.instance_class, r.values?.multi_az, r.root]);
      assert.deepEqual(found, [
        ['module.a.aws_db_instance.this[0]', 'eu-west-3', 'db.r5.large', false, 'file:///w/env'],
        ['module.b.aws_db_instance.this[0]', 'eu-west-3', 'db.t3.micro', true, 'file:///w/env'],
        ['module.a.module.replica.aws_db_instance.replica', 'eu-west-3', 'db.r5.large-replica', undefined, 'file:///w/env'],
        ['module.b.module.replica.aws_db_instance.replica', 'eu-west-3', 'db.t3.micro-replica', undefined, 'file:///w/env'],
        ['module.off.module.replica.aws_db_instance.replica', 'eu-west-3', 'db.t3.micro-replica', undefined, 'file:///w/env'],
      ]);
      assert.deepEqual(terraformModulesNotRead(index), []);
    });

    it('reads terraform.tfvars, then *.auto.tfvars in name order, then the var files given; a root variable with none is unknown', () => {
      const files = {
        'main.tf': 'variable "a" {\n  default = "default"\n}\nvariable "b" {}\nvariable "c" {}\nvariable "d" {}\nresource "x_thing" "t" {\n  a = var.a\n  b = var.b\n  c = var.c\n  d = var.d\n}\n',
        'terraform.tfvars': 'a = "tfvars"\nb = "tfvars"\n',
        'b.auto.tfvars': 'b = "b.auto"\nc = "b.auto"\n',
        'a.auto.tfvars.json': '{"b": "a.auto", "c": "a.auto"}\n',
      };
      assert.deepEqual(terraformResources(indexOf(files))[0].attributes, { a: 'tfvars', b: 'b.auto', c: 'b.auto' });
      const given = terraformResources(indexOf(files), { varFiles: [{ uri: 'file:///elsewhere/prod.tfvars', text: 'c = "prod"\nd = 4\n' }] });
      assert.deepEqual(given[0].attributes, { a: 'tfvars', b: 'b.auto', c: 'prod', d: '4' });
    });

    it('lists a registry or git module not fetched with its source, version and reason; nothing of it is counted', () => {
      const index = indexOf({ 'main.tf': 'module "db" {\n  source  = "terraform-aws-modules/rds/aws"\n  version = "~> 6.0"\n}\nmodule "net" {\n  source = "git::https://github.com/acme/net.git?ref=v1"\n}\nmodule "gone" {\n  source = "./missing"\n}\n' });
      assert.deepEqual(terraformResources(index), []);
      assert.deepEqual(terraformModulesNotRead(index).map((m) => [m.address, m.source, m.version, m.reason]), [
        ['module.db', 'terraform-aws-modules/rds/aws', '~> 6.0', 'a registry module not fetched'],
        ['module.net', 'git::https://github.com/acme/net.git?ref=v1', undefined, 'a git module not fetched'],
        ['module.gone', './missing', undefined, 'a local module with no Terraform configuration'],
      ]);
    });
  });

  describe('expressions as far as terraform plan knows them offline', () => {
    it('expands count and for_each over flatten, toset and maps of known values, named as Terraform names them', () => {
      const index = indexOf({
        'main.tf': [
          'variable "create" {\n  default = true\n}',
          'locals {\n  envs = { prod = { size = "m5.large" }, dev = { size = "t3.micro" } }\n  pairs = flatten([for env, v in local.envs : [for az in ["a", "b"] : { key = "${env}-${az}", size = v.size }]])\n}',
          'resource "aws_instance" "web" {\n  for_each      = { for p in local.pairs : p.key => p }\n  instance_type = each.value.size\n  tags          = { Name = format("%s-%02d", each.key, 1) }\n}',
          'resource "aws_eip" "ip" {\n  count = var.create ? length(local.envs) : 0\n}',
          'resource "aws_s3_bucket" "b" {\n  for_each = toset(["logs", "data", "logs"])\n  bucket   = "acme-${each.key}"\n}',
          'resource "aws_eip" "unknown" {\n  count = length(data.aws_availability_zones.x.names)\n}',
        ].join('\n'),
      });
      assert.deepEqual(terraformResources(index).map((r) => [r.address, r.attributes.instance_type ?? r.attributes.bucket ?? r.unexpanded ?? '']), [
        ['aws_instance.web["dev-a"]', 't3.micro'],
        ['aws_instance.web["dev-b"]', 't3.micro'],
        ['aws_instance.web["prod-a"]', 'm5.large'],
        ['aws_instance.web["prod-b"]', 'm5.large'],
        ['aws_eip.ip[0]', ''],
        ['aws_eip.ip[1]', ''],
        ['aws_s3_bucket.b["data"]', 'acme-data'],
        ['aws_s3_bucket.b["logs"]', 'acme-logs'],
        ['aws_eip.unknown', 'count is not a literal number'],
      ]);
      assert.deepEqual(terraformResources(index)[0].values?.tags, { Name: 'dev-a-01' });
    });

    it('computes the functions of a practical set on known values; try takes its next argument where Terraform would fail', () => {
      const exprs: Record<string, string> = {
        cidr: 'cidrsubnet("10.0.0.0/16", 8, 4)',
        merged: 'jsonencode(merge({ a = 1 }, { b = 2 }, null))',
        joined: 'join(",", concat(["a"], tolist(["b"]), split("-", "c-d")))',
        keys: 'join(",", keys({ z = 1, a = 2 }))',
        lookup: 'lookup({ a = "x" }, "b", "fallback")',
        element: 'element(["a", "b", "c"], 4)',
        tried: 'try({ a = 1 }.b, "second")',
        coalesce: 'coalesce(null, "", "third")',
        cased: 'upper(replace(lower("A-B"), "-", "_"))',
        numbers: 'max(1, min(7, 5), length("abc"))',
        contains: 'contains(["a", "b"], "b")',
        range: 'jsonencode(range(1, 7, 2))',
        zipmap: 'jsonencode(zipmap(["a", "b"], [1, 2]))',
        can: 'can({ a = 1 }.b) ? "yes" : "no"',
        regex: 'replace("abc", "/b+/", "x")',
        file: 'file("secrets.txt")',
      };
      const text = `resource "x_thing" "t" {\n${Object.entries(exprs).map(([k, v]) => `  ${k} = ${v}`).join('\n')}\n}\n`;
      assert.deepEqual(terraformResources(indexOf({ 'main.tf': text }))[0].attributes, {
        cidr: '10.0.4.0/24', merged: '{"a":1,"b":2}', joined: 'a,b,c,d', keys: 'a,z', lookup: 'fallback', element: 'b', tried: 'second', coalesce: 'third', cased: 'A_B', numbers: '5', contains: 'true', range: '[1,3,5]', zipmap: '{"a":1,"b":2}', can: 'no',
      });
    });

    it('gives a Google instance its zone\'s region, and a resource its provider\'s through the call\'s providers', () => {
      const index = indexOf({
        'main.tf': 'provider "google" {\n  region = "us-central1"\n}\nprovider "aws" {\n  alias  = "paris"\n  region = "eu-west-3"\n}\nresource "google_compute_instance" "vm" {\n  zone         = "europe-west1-b"\n  machine_type = "e2-small"\n}\nresource "google_compute_address" "ip" {}\nmodule "m" {\n  source    = "./m"\n  providers = { aws = aws.paris }\n}\n',
        'm/main.tf': 'resource "aws_eip" "x" {}\n',
      });
      assert.deepEqual(terraformResources(index).map((r) => [r.address, r.region]), [['google_compute_instance.vm', 'europe-west1'], ['google_compute_address.ip', 'us-central1'], ['module.m.aws_eip.x', 'eu-west-3']]);
    });

    it('stays bounded: a cycle of locals, a deep chain and a huge range are unknown, never an overflow', () => {
      const chain = Array.from({ length: 2000 }, (_, i) => `  l${i} = local.l${i + 1}`).join('\n');
      const index = indexOf({ 'main.tf': `locals {\n  a = local.b\n  b = local.a\n${chain}\n  l2000 = "end"\n}\nresource "x_thing" "t" {\n  cycle = local.a\n  deep  = local.l0\n  big   = length(range(100000000))\n  near  = local.l1990\n}\n` });
      assert.deepEqual(terraformResources(index)[0].attributes, { near: 'end' });
    });
  });

  describe('real module examples (terraform-aws-modules)', () => {
    it('rds complete-postgres: both instances, Multi-AZ and Single-AZ, with their evaluated class and engine; the disabled one absent', () => {
      const index = indexOf(filesOf(path.join(oss, 'terraform-aws-rds')));
      const resources = terraformResources(index);
      const dbs = of(resources, 'aws_db_instance');
      assert.deepEqual(dbs.map((r) => [r.address, r.region, r.attributes.instance_class, r.attributes.engine, r.attributes.engine_version, r.attributes.multi_az, r.attributes.allocated_storage]), [
        ['module.db.module.db_instance.aws_db_instance.this[0]', 'eu-west-1', 'db.t4g.large', 'postgres', '17', 'true', '20'],
        ['module.db_default.module.db_instance.aws_db_instance.this[0]', 'eu-west-1', 'db.t4g.large', 'postgres', '17', 'false', '20'],
      ]);
      assert.ok(dbs.every((r) => r.uri === 'file:///w/modules/db_instance/main.tf' && r.root === 'file:///w/examples/complete-postgres'));
      assert.equal(resources.filter((r) => r.address.startsWith('module.db_disabled.')).length, 0);
      // The cross-region automated backups replication: the provider the call passes (aws.region2).
      assert.deepEqual(of(resources, 'aws_db_instance_automated_backups_replication').map((r) => [r.address, r.region]), [['module.db_automated_backups_replication.aws_db_instance_automated_backups_replication.this[0]', 'eu-central-1']]);
      assert.deepEqual(terraformModulesNotRead(index).map((m) => [m.address, m.source, m.version, m.reason]), [
        ['module.kms', 'terraform-aws-modules/kms/aws', '~> 1.0', 'a registry module not fetched'],
        ['module.vpc', 'terraform-aws-modules/vpc/aws', '~> 6.0', 'a registry module not fetched'],
        ['module.security_group', 'terraform-aws-modules/security-group/aws', '~> 5.0', 'a registry module not fetched'],
      ]);
    });

    it('vpc complete: its one NAT gateway (single_nat_gateway) and its subnets per zone expanded; vpc_endpoints_nocreate none', () => {
      const resources = terraformResources(indexOf(filesOf(path.join(oss, 'terraform-aws-vpc'))));
      assert.deepEqual(of(resources, 'aws_nat_gateway').map((r) => [r.address, r.region]), [['module.vpc.aws_nat_gateway.this[0]', 'eu-west-1']]);
      assert.deepEqual(of(resources, 'aws_eip').map((r) => r.address), ['module.vpc.aws_eip.nat[0]']);
      assert.deepEqual(of(resources, 'aws_subnet').filter((r) => r.address.includes('.public')).map((r) => [r.address, r.attributes.cidr_block]), [
        ['module.vpc.aws_subnet.public[0]', '10.0.4.0/24'],
        ['module.vpc.aws_subnet.public[1]', '10.0.5.0/24'],
        ['module.vpc.aws_subnet.public[2]', '10.0.6.0/24'],
      ]);
      assert.equal(of(resources, 'aws_subnet').length, 18);
      assert.deepEqual(of(resources, 'aws_vpc_endpoint').map((r) => r.address), ['dynamodb', 'ecr_api', 'ecr_dkr', 'ecs', 'rds', 's3'].map((k) => `module.vpc_endpoints.aws_vpc_endpoint.this["${k}"]`));
      assert.equal(resources.filter((r) => r.address.startsWith('module.vpc_endpoints_nocreate.')).length, 0);
    });

    it('eks managed node group: each cluster and its node group with their instance types, from the modules terraform init installed', () => {
      const example = 'examples/eks-managed-node-group';
      const index = indexOf(filesOf(path.join(oss, 'terraform-aws-eks', example), `${example}/`));
      installEks(index, example, filesOf(path.join(oss, 'terraform-aws-eks')), ['eks_al2023', 'eks_bottlerocket']);
      const resources = terraformResources(index);
      assert.deepEqual(of(resources, 'aws_eks_cluster').map((r) => [r.address, r.region, r.attributes.name, r.attributes.version]), [
        ['module.eks_al2023.aws_eks_cluster.this[0]', 'eu-west-1', 'ex-eks-mng-al2023', '1.33'],
        ['module.eks_bottlerocket.aws_eks_cluster.this[0]', 'eu-west-1', 'ex-eks-mng-bottlerocket', '1.33'],
      ]);
      const groups = of(resources, 'aws_eks_node_group');
      assert.deepEqual(groups.map((r) => [r.address, r.region, pick(r, 'instance_types', 'ami_type', 'capacity_type')]), [
        ['module.eks_al2023.module.eks_managed_node_group["example"].aws_eks_node_group.this[0]', 'eu-west-1', { instance_types: ['m6i.large'], ami_type: 'AL2023_x86_64_STANDARD', capacity_type: 'ON_DEMAND' }],
        ['module.eks_bottlerocket.module.eks_managed_node_group["example"].aws_eks_node_group.this[0]', 'eu-west-1', { instance_types: ['m6i.large'], ami_type: 'BOTTLEROCKET_x86_64', capacity_type: 'ON_DEMAND' }],
      ]);
      assert.deepEqual(groups[0].blocks.scaling_config?.map((b) => b.attributes), [{ min_size: '2', max_size: '5', desired_size: '2' }]);
      const notRead = terraformModulesNotRead(index).map((m) => [m.address, m.source, m.version, m.reason]);
      assert.deepEqual(notRead[0], ['module.vpc', 'terraform-aws-modules/vpc/aws', '~> 6.0', 'a registry module not fetched']);
      assert.deepEqual(notRead.find((m) => m[0] === 'module.eks_al2023.module.kms'), ['module.eks_al2023.module.kms', 'terraform-aws-modules/kms/aws', '4.0.0', 'a registry module not fetched']);
    });
  });

  describe('the map', () => {
    const mapOf = (files: Record<string, string>) => {
      const index = indexOf(files);
      const contributions = systemContributors(families);
      return { model: buildSystemModel(index, contributions), empty: emptyMap(index, contributions, []) };
    };

    it('eks-blueprints fargate-serverless: its Kubernetes workload is drawn in its cluster, not "Nothing runs here yet"', () => {
      const { model, empty } = mapOf(filesOf(path.join(oss, 'terraform-aws-eks-blueprints')));
      assert.equal(empty, undefined);
      const cluster = model.nodes.find((n) => n.id.startsWith('terraform:cluster:aws:'));
      assert.deepEqual(model.nodes.filter((n) => n.resource === 'kubernetes_deployment_v1').map((n) => [n.id, n.kind, n.name, n.technology, n.parent]), [['terraform:kubernetes_deployment_v1:app-2048', 'service', 'app-2048', 'Kubernetes Deployment', cluster?.id]]);
    });

    it('places a helm_release and a stateful set in the cluster their module creates', () => {
      const { model } = mapOf({
        'main.tf': 'resource "google_container_cluster" "gke" {\n  name     = "prod"\n  location = "europe-west1"\n}\nresource "helm_release" "redis" {\n  name  = "redis"\n  chart = "oci://registry-1.docker.io/bitnamicharts/redis"\n}\nresource "kubernetes_stateful_set_v1" "db" {\n  metadata {\n    name = "db"\n  }\n}\n',
      });
      assert.deepEqual(model.nodes.filter((n) => n.resource === 'helm_release' || n.resource === 'kubernetes_stateful_set_v1').map((n) => [n.id, n.parent]), [
        ['terraform:helm_release:redis', 'terraform:cluster:google:prod'],
        ['terraform:kubernetes_stateful_set_v1:db', 'terraform:cluster:google:prod'],
      ]);
    });

    it('draws no module instance whose count is known to be 0 (create = false); draws it when it is 1', () => {
      const files = (create: boolean) => ({
        'main.tf': `variable "create" {\n  default = ${String(create)}\n}\nmodule "queue" {\n  source = "./queue"\n  count  = var.create ? 1 : 0\n}\n`,
        'queue/main.tf': 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n',
      });
      assert.deepEqual(mapOf(files(false)).model.nodes.filter((n) => n.resource === 'aws_sqs_queue').map((n) => n.id), []);
      assert.deepEqual(mapOf(files(true)).model.nodes.filter((n) => n.resource === 'aws_sqs_queue').map((n) => n.id), ['terraform:aws_sqs_queue:jobs']);
    });
  });
});
