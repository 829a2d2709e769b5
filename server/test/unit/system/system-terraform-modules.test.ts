// Terraform module calls on the system map (issue #79): a registry module whose files are not read is summarised by
// what it creates (the EKS module a cluster, the VPC module the network it sits in, RDS a database of its engine, SQS
// a queue…), a module read — a local folder, or one `terraform init` installed (`.terraform/modules/modules.json`) — is
// drawn by its resources, and `module.<name>.<output>` in an environment is a call to what the output names. On
// terraform-aws-modules/terraform-aws-eks's eks-managed-node-group example (fixture with its licence,
// server/test/fixtures/oss/system/SOURCES.md), stacks written here and a planted `.terraform/modules` tree.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { emptyMap } from '../../../src/system/diagram';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { systemView, type SystemViewGraph } from '../../../src/system/views';
import { installedModulesReader } from '../../../src/terraform/host';
import { bindInstalledModules } from '../../../src/terraform/model/installedModules';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { loadParser } from '../../terraform';
import { fixturesDir } from '../../helpers';
import { repository } from './repositories';
import { runCli } from '../../cliRun';

function indexOf(files: Record<string, string>, root = 'file:///stack'): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`${root}/${name}`, text);
  return index;
}

/** The nodes Terraform adds, as `kind name (technology) in parent @file:line`. */
function nodes(model: SystemModel): string[] {
  const name = new Map(model.nodes.map((n) => [n.id, n.name]));
  return model.nodes
    .filter((n) => n.family === 'terraform' && n.kind !== 'person')
    .map((n) => `${n.kind} ${n.name} (${n.technology ?? ''})${n.parent ? ` in ${name.get(n.parent)}` : ''} @${n.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`).join(',')}`)
    .sort();
}

/** The calls of a view with their labels and lines (`from → to [label] @line`). */
function labelled(graph: SystemViewGraph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] @${e.sources.map((s) => s.range.start.line + 1).join(',')}`).sort();
}

const registryStack = `module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  name   = "shop"
}
module "db" {
  source     = "terraform-aws-modules/rds/aws"
  identifier = "orders"
  engine     = "postgres"
  subnet_ids = module.vpc.database_subnets
}
module "queue" {
  source = "terraform-aws-modules/sqs/aws"
  name   = "orders"
}
module "cache" {
  source               = "git::https://github.com/terraform-aws-modules/terraform-aws-elasticache.git?ref=v1.4.0"
  replication_group_id = "sessions"
}
module "worker" {
  source        = "terraform-aws-modules/lambda/aws"
  function_name = "worker"
  environment_variables = {
    QUEUE_URL = module.queue.queue_url
  }
}
module "unknown" {
  source = "acme/thing/aws"
}
module "alb" {
  source = "terraform-aws-modules/alb/aws"
  name   = "public"
}
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([{
    name  = "api"
    image = "ghcr.io/acme/api:1.0"
    environment = [
      { name = "DB_HOST", value = module.db.db_instance_address },
      { name = "QUEUE_URL", value = module.queue.queue_url },
      { name = "REDIS_HOST", value = module.cache.replication_group_primary_endpoint_address },
    ]
  }])
}
resource "aws_ecs_service" "api" {
  name            = "api"
  task_definition = aws_ecs_task_definition.api.arn
  network_configuration {
    subnets = module.vpc.private_subnets
  }
  load_balancer {
    target_group_arn = module.alb.target_groups["api"].arn
  }
}
`;

describe('System map: Terraform registry and path modules (issue #79)', () => {
  before(loadParser);

  it('terraform-aws-eks\'s eks-managed-node-group example: two EKS clusters named by their inputs (locals read) in the VPC module\'s network, and what Terraform provisions said by name instead of "No component found"', async () => {
    const { index, model, contributors, root } = await repository('eks-managed-node-group', path.join(fixturesDir, 'oss', 'terraform', 'terraform-aws-eks', 'examples'));
    assert.deepEqual(nodes(model), [
      'environment ex-eks-mng (Amazon VPC) @main.tf:31',
      'environment ex-eks-mng-al2023 (Amazon EKS) in ex-eks-mng @eks-al2023.tf:1',
      'environment ex-eks-mng-bottlerocket (Amazon EKS) in ex-eks-mng @eks-bottlerocket.tf:1',
    ]);
    assert.equal(
      emptyMap(index, contributors, [root]),
      'Nothing runs here yet: Terraform provisions ex-eks-mng-al2023 (Amazon EKS), ex-eks-mng-bottlerocket (Amazon EKS), ex-eks-mng (Amazon VPC), and no file read runs a program on them (a Kubernetes workload, a Helm chart, a container service, a function).',
    );
  });

  it('bank-of-anthos\'s GKE modules: each cluster in the network module\'s VPC; the kubernetes-engine sub-modules acm and asm make no cluster', async () => {
    const { model } = await repository('GoogleCloudPlatform+bank-of-anthos');
    assert.deepEqual(nodes(model).filter((n) => n.startsWith('environment ')), [
      'environment development (GKE) in shared-gke @env-development.tf:24',
      'environment module.gke (GKE) @gke.tf:17',
      'environment production (GKE) in shared-gke @env-production.tf:24',
      'environment shared-gke (VPC network) @network.tf:16',
      'environment staging (GKE) in shared-gke @env-staging.tf:24',
    ]);
  });

  it('registry modules without init summarised by what they create; `module.<name>.<output>` in an environment is a call; an unknown module draws nothing', () => {
    const model = buildSystemModel(indexOf({ 'main.tf': registryStack }), systemContributors(families));
    assert.deepEqual(nodes(model), [
      'broker orders (Amazon SQS) @main.tf:11',
      'cache sessions (Amazon ElastiCache) @main.tf:15',
      'datastore orders (Amazon RDS (postgres)) in shop @main.tf:5',
      'environment shop (Amazon VPC) @main.tf:1',
      'function worker (AWS Lambda) @main.tf:19',
      'image ghcr.io/acme/api () @main.tf:37',
      'infrastructure api (Amazon ECS task definition) @main.tf:33',
      'infrastructure public (Application Load Balancer) @main.tf:29',
      'service api (Amazon ECS service) in shop @main.tf:45',
    ]);
    const view = systemView(model, 'containers', 'stack');
    assert.deepEqual(labelled(view), [
      // The ALB module faces the Internet: the users reach the service its target group names.
      'Users → api [load-balancer] @29',
      'api → orders database [Amazon RDS (postgres)] @39',
      'api → orders queue [Amazon SQS] @40',
      'api → sessions [Amazon ElastiCache] @41',
      'worker → orders queue [Amazon SQS] @19',
    ]);
    // The RDS database and the SQS queue share a name: each is named by what it is.
    assert.deepEqual(view.nodes.map((n) => `${n.kind} ${n.name}`).sort(), ['broker orders queue', 'cache sessions', 'datastore orders database', 'function worker', 'person Users', 'service api']);
  });

  it('a local module is read: its resources are drawn with the names its caller passes, and its outputs lead to them', () => {
    const model = buildSystemModel(
      indexOf({
        'main.tf': 'module "data" {\n  source = "./modules/data"\n  name   = "billing"\n}\nresource "aws_lambda_function" "invoice" {\n  function_name = "invoice"\n  environment {\n    variables = {\n      TABLE = module.data.table_name\n    }\n  }\n}\n',
        'modules/data/main.tf': 'variable "name" {\n  type = string\n}\nresource "aws_dynamodb_table" "this" {\n  name = var.name\n}\noutput "table_name" {\n  value = aws_dynamodb_table.this.name\n}\n',
      }),
      systemContributors(families),
    );
    assert.deepEqual(nodes(model), ['datastore billing (Amazon DynamoDB) @main.tf:4', 'function invoice (AWS Lambda) @main.tf:5']);
    assert.deepEqual(labelled(systemView(model, 'containers', 'stack')), ['invoice → billing [Amazon DynamoDB] @5,9']);
  });

  it('a registry module terraform init installed is read from .terraform/modules (modules.json\'s Key and Dir), not summarised; its resources point at the call', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'archipel-tf-modules-'));
    try {
      const write = (name: string, text: string) => {
        mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        writeFileSync(path.join(folder, name), text);
      };
      write('.terraform/modules/modules.json', JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'jobs', Source: 'registry.terraform.io/terraform-aws-modules/sqs/aws', Version: '4.2.0', Dir: '.terraform/modules/jobs' }, { Key: 'jobs.dlq', Source: './modules/dlq', Dir: '.terraform/modules/jobs/modules/dlq' }] }));
      write('.terraform/modules/jobs/main.tf', 'resource "aws_sqs_queue" "this" {\n  name = var.name\n}\nmodule "dlq" {\n  source = "./modules/dlq"\n  name   = "${var.name}-dlq"\n}\n');
      write('.terraform/modules/jobs/variables.tf', 'variable "name" {\n  type = string\n}\n');
      write('.terraform/modules/jobs/outputs.tf', 'output "queue_url" {\n  value = aws_sqs_queue.this.url\n}\noutput "dlq_url" {\n  value = module.dlq.url\n}\n');
      write('.terraform/modules/jobs/modules/dlq/main.tf', 'variable "name" {\n  type = string\n}\nresource "aws_sqs_queue" "dead" {\n  name = var.name\n}\noutput "url" {\n  value = aws_sqs_queue.dead.url\n}\n');
      const main = 'module "jobs" {\n  source  = "terraform-aws-modules/sqs/aws"\n  version = "4.2.0"\n  name    = "jobs"\n}\nresource "aws_lambda_function" "worker" {\n  function_name = "worker"\n  environment {\n    variables = {\n      JOBS = module.jobs.queue_url\n      DEAD = module.jobs.dlq_url\n    }\n  }\n}\n';
      const root = pathToFileURL(folder).href;
      const index = indexOf({ 'main.tf': main }, root);
      bindInstalledModules(index, installedModulesReader, [folder]);
      const model = buildSystemModel(index, systemContributors(families));
      assert.deepEqual(nodes(model), ['broker jobs (Amazon SQS) @main.tf:1', 'broker jobs-dlq (Amazon SQS) @main.tf:1', 'function worker (AWS Lambda) @main.tf:6']);
      assert.equal(model.node('terraform:aws_sqs_queue:jobs')?.resource, 'aws_sqs_queue');
      assert.deepEqual(labelled(systemView(model, 'containers', 'stack')), ['worker → jobs [Amazon SQS] @6,10', 'worker → jobs-dlq [Amazon SQS] @6,11']);
      // `archipel diagram system` reads them too (confined to the folder's repository).
      writeFileSync(path.join(folder, 'main.tf'), main);
      const run = await runCli(['diagram', 'system', '.', '--format', 'json'], folder);
      assert.equal(run.code, 0, run.err);
      assert.deepEqual((JSON.parse(run.out) as { nodes: { id: string }[] }).nodes.map((n) => n.id).sort(), ['terraform:aws_lambda_function:worker', 'terraform:aws_sqs_queue:jobs', 'terraform:aws_sqs_queue:jobs-dlq']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
