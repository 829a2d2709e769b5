// `archipel cost` on real module examples (#93): each example calls its module from outside its folder
// (`source = "../../"`), and the module's resources are what the stack bills. terraform-aws-modules' rds and vpc
// examples (Apache-2.0, server/test/fixtures/oss/terraform-modules/SOURCES.md), priced in a copy.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { copyTree, makeTree } from '../../tempdir';

interface Priced {
  totalMonthlyCost: number;
  totalMonthlyCo2eKg: number | null;
  components: { id: string; name: string; monthlyCost?: number; items?: { name: string }[] }[];
  unpriced: { address: string; reason: string }[];
}

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', '..', 'server', 'test', 'fixtures', 'oss', 'terraform-modules');

describe('cost: module examples priced through their modules (#93)', function () {
  this.timeout(180_000);

  it('rds complete-postgres, from the example folder: both instances, Multi-AZ and Single-AZ', async () => {
    const tree = copyTree(path.join(FIXTURES, 'terraform-aws-rds'));
    try {
      const { code, out } = await runCli(['cost', 'examples/complete-postgres', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const priced = JSON.parse(out) as Priced;
      const names = priced.components.flatMap((c) => (c.items ?? []).map((i) => `${c.id}: ${i.name}`));
      assert.ok(names.some((n) => /module\.db\.module\.db_instance\.aws_db_instance\.this\[0\].*Multi-AZ, db\.t4g\.large/.test(n)), names.join('\n'));
      assert.ok(names.some((n) => /module\.db_default\.module\.db_instance\.aws_db_instance\.this\[0\].*Single-AZ, db\.t4g\.large/.test(n)), names.join('\n'));
      assert.ok(priced.totalMonthlyCost > 300, String(priced.totalMonthlyCost));
      // Nothing billable left silent: what is not priced is listed with its reason.
      for (const u of priced.unpriced) assert.ok(u.reason.length > 0);
    } finally {
      tree.remove();
    }
  });

  it('vpc complete: its NAT gateway priced', async () => {
    const tree = copyTree(path.join(FIXTURES, 'terraform-aws-vpc'));
    try {
      const { code, out } = await runCli(['cost', 'examples/complete', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const priced = JSON.parse(out) as Priced;
      assert.ok(priced.components.some((c) => c.id.includes('aws_nat_gateway') && (c.monthlyCost ?? 0) > 30), JSON.stringify(priced.components.map((c) => c.id)));
    } finally {
      tree.remove();
    }
  });

  it('eks-managed-node-group, its registry module installed as terraform init leaves it: the clusters and their nodes priced, what is not read listed', async () => {
    const tree = copyTree(path.join(FIXTURES, 'terraform-aws-eks'));
    try {
      // What `terraform init` writes: each call's copy of the registry module under .terraform/modules, and the manifest.
      const example = path.join(tree.root, 'examples', 'eks-managed-node-group');
      const keys = ['eks_al2023', 'eks_bottlerocket'];
      for (const key of keys) {
        const dir = path.join(example, '.terraform', 'modules', key);
        mkdirSync(dir, { recursive: true });
        for (const name of readdirSync(tree.root).filter((n) => n.endsWith('.tf'))) cpSync(path.join(tree.root, name), path.join(dir, name));
        for (const folder of ['modules', 'templates']) cpSync(path.join(tree.root, folder), path.join(dir, folder), { recursive: true });
      }
      const modules = [{ Key: '', Source: '', Dir: '.' }, ...keys.flatMap((k) => [
        { Key: k, Source: 'registry.terraform.io/terraform-aws-modules/eks/aws', Version: '21.0.0', Dir: `.terraform/modules/${k}` },
        { Key: `${k}.eks_managed_node_group`, Source: './modules/eks-managed-node-group', Dir: `.terraform/modules/${k}/modules/eks-managed-node-group` },
        { Key: `${k}.eks_managed_node_group.user_data`, Source: '../_user_data', Dir: `.terraform/modules/${k}/modules/_user_data` },
      ])];
      writeFileSync(path.join(example, '.terraform', 'modules', 'modules.json'), JSON.stringify({ Modules: modules }));
      const { code, out } = await runCli(['cost', 'examples/eks-managed-node-group', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const priced = JSON.parse(out) as Priced;
      const cost = (name: string) => priced.components.find((c) => c.id.endsWith(name))?.monthlyCost;
      for (const key of keys) {
        // The control plane (its version past standard support at the price date), and two m6i.large nodes in eu-west-1.
        assert.equal(cost(`module.${key}.aws_eks_cluster.this[0]`), 438, JSON.stringify(priced.components.map((c) => c.id)));
        assert.equal(cost(`module.${key}.module.eks_managed_node_group["example"].aws_eks_node_group.this[0]`), 156.22);
      }
      const reasons = new Map(priced.unpriced.map((u) => [u.address, u.reason]));
      // The VPC module is a registry module the test did not install: listed by source and version, never a silent 0.
      assert.equal(reasons.get('module.vpc'), 'a registry module not fetched (terraform-aws-modules/vpc/aws ~> 6.0): what it creates is not priced');
      assert.match(reasons.get('module.eks_al2023.module.kms') ?? '', /^a registry module not fetched \(terraform-aws-modules\/kms\/aws/);
      // Free types (IAM roles and policies, security groups, launch templates) are neither priced nor listed.
      assert.deepEqual(priced.unpriced.filter((u) => /aws_(iam|security_group|launch_template)/.test(u.address)), []);
      for (const u of priced.unpriced) assert.ok(u.reason.length > 0);
    } finally {
      tree.remove();
    }
  });

  it('--var-file: the variables file named on the command line wins over the defaults and terraform.tfvars', async () => {
    const tree = makeTree({
      'stack/main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nvariable "type" {\n  default = "t3.micro"\n}\nvariable "nodes" {\n  default = 1\n}\nresource "aws_instance" "web" {\n  count         = var.nodes\n  instance_type = var.type\n}\n',
      'stack/terraform.tfvars': 'type = "t3.small"\n',
      'prod.tfvars': 'type  = "m5.large"\nnodes = 2\n',
    });
    try {
      const run = async (...extra: string[]) => {
        const { code, out } = await runCli(['cost', 'stack', '--format', 'json', ...extra], tree.root);
        assert.equal(code, 0);
        return (JSON.parse(out) as Priced).components.flatMap((c) => (c.items ?? []).map((i) => `${c.name}: ${i.name}`)).filter((n) => n.includes('Instance usage'));
      };
      assert.deepEqual(await run(), ['aws_instance.web[0]: Instance usage (Linux/UNIX, on-demand, t3.small)']);
      assert.deepEqual(await run('--var-file', 'prod.tfvars'), ['aws_instance.web[0]: Instance usage (Linux/UNIX, on-demand, m5.large)', 'aws_instance.web[1]: Instance usage (Linux/UNIX, on-demand, m5.large)']);
      const missing = await runCli(['cost', 'stack', '--var-file', 'nowhere.tfvars'], tree.root);
      assert.equal(missing.code, 2);
    } finally {
      tree.remove();
    }
  });

  it('a local module outside the repository, by its path or through a link, is not read and is listed as such', async () => {
    const instance = 'resource "aws_instance" "o" {\n  instance_type = "m5.large"\n}\n';
    const tree = makeTree({
      'repo/stack/main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nmodule "linked" {\n  source = "./m"\n}\nmodule "far" {\n  source = "../../outside"\n}\nmodule "near" {\n  source = "../near"\n}\n',
      'repo/near/main.tf': 'resource "aws_nat_gateway" "nat" {}\n',
      'outside/main.tf': instance,
    });
    try {
      mkdirSync(path.join(tree.root, 'repo', '.git'));
      symlinkSync(path.join('..', '..', 'outside'), path.join(tree.root, 'repo', 'stack', 'm'));
      const { code, out } = await runCli(['cost', 'stack', '--format', 'json'], path.join(tree.root, 'repo'));
      assert.equal(code, 0);
      const priced = JSON.parse(out) as Priced;
      // The module inside the repository is priced; nothing of the folder outside is.
      assert.deepEqual(priced.components.map((c) => c.name), ['module.near.aws_nat_gateway.nat']);
      assert.deepEqual(priced.unpriced.map((u) => [u.address, u.reason]).sort(), [
        ['module.far', 'a local module outside the workspace (links resolved): not read (../../outside): what it creates is not priced'],
        ['module.linked', 'a local module outside the workspace (links resolved): not read (./m): what it creates is not priced'],
      ]);
    } finally {
      tree.remove();
    }
  });

  it('JSON: totalMonthlyCo2eKg is null, not 0, when no component with a cost has a known footprint', async () => {
    const tree = makeTree({ 'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_nat_gateway" "nat" {}\n' });
    try {
      const { code, out } = await runCli(['cost', '.', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const priced = JSON.parse(out) as Priced;
      assert.deepEqual([priced.totalMonthlyCost, priced.totalMonthlyCo2eKg], [32.85, null]);
    } finally {
      tree.remove();
    }
  });
});
