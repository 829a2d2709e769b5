// The application picture, not the CI's (issue #79): the CI/CD's infrastructure — the Terraform state's bucket, build
// caches and the delivery's artifact buckets, CI hosts and the hosts of test clusters — is drawn in the delivery view
// with its lines, and in none of the containers, context and deployment views (server/src/system/delivery.ts).
// On bank-of-anthos's Terraform (fixture) and Sock Shop's EC2 hosts (fixture), and on planted workspaces.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { systemView, type SystemViewGraph } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { calls, corpus, repository } from './repositories';

/** The boxes of a view that Terraform made, as `name [technology]`, sorted. */
function terraformBoxes(graph: SystemViewGraph): string[] {
  return graph.nodes.filter((n) => n.id.startsWith('terraform:') && n.kind !== 'environment').map((n) => `${n.name} [${n.technology ?? '-'}]`).sort();
}

/** Each node's first line, relative to the fixture (`iac/…/pipelines.tf:122`). */
function firstLines(graph: SystemViewGraph, names: readonly string[]): string[] {
  return names.map((name) => {
    const source = graph.nodes.find((n) => n.name === name)?.sources[0];
    return source ? `${decodeURIComponent(source.uri).replace(/^file:\/\/\/repo\/|^.*?\+[^/]*\//, '')}:${source.range.start.line + 1}` : `${name}: none`;
  });
}

/** Folders of the corpus indexed as one repository at `file:///repo/` (Sock Shop's deploy repository and its Terraform). */
async function joined(folders: readonly string[]): Promise<SystemModel> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const folder of folders) {
    const root = path.join(corpus, folder);
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (name !== 'LICENSE') index.update(`file:///repo/${path.relative(root, file).split(path.sep).join('/')}`, readFileSync(file, 'utf8'));
      }
    };
    walk(root);
  }
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  return buildSystemModel(index, contributors);
}

/** A planted workspace's model. */
async function planted(files: Record<string, string>): Promise<SystemModel> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///ws/${name}`, text);
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  return buildSystemModel(index, contributors);
}

describe('System map: CI/CD infrastructure goes to the delivery view (issue #79)', function () {
  this.timeout(120_000);

  it("bank-of-anthos: its delivery pipeline's Cloud Storage buckets — two per service, its module being called `for_each` service — leave the containers view (20 → 15 components) for the delivery view, with their lines", async () => {
    const { view } = await repository('GoogleCloudPlatform+bank-of-anthos');
    const containers = view('containers');
    // The application's: the Cloud SQL instances of the staging and production environments (accounts-db and ledger-db's databases) stay.
    assert.deepEqual(terraformBoxes(containers).map((b) => b.replace(/ \[.*/, '')), ['module.cloudsql_production', 'module.cloudsql_staging']);
    assert.equal(containers.nodes.filter((n) => n.kind !== 'person').length, 15);
    // `module "ci-cd-pipeline"` is called `for_each = toset(local.services)` (six services, a literal list): an instance each (issue #79).
    const services = ['accounts/contacts', 'accounts/userservice', 'frontend', 'ledger/balancereader', 'ledger/ledgerwriter', 'ledger/transactionhistory'];
    const perService = services.flatMap((s) => [`ci-cd-pipeline["${s}"] build_cache`, `ci-cd-pipeline["${s}"] release_source_staging`]);
    const buckets = [...perService, 'google_storage_bucket.build_cache_pr', 'google_storage_bucket.delivery_artifacts_production', 'google_storage_bucket.delivery_artifacts_staging'];
    const delivery = view('delivery');
    assert.deepEqual(terraformBoxes(delivery), [
      ...perService.map((b) => `${b} [Cloud Storage, ${b.endsWith('build_cache') ? 'build cache' : 'CI/CD storage'}]`),
      'google_storage_bucket.build_cache_pr [Cloud Storage, build cache]',
      'google_storage_bucket.delivery_artifacts_production [Cloud Storage, CI/CD storage]',
      'google_storage_bucket.delivery_artifacts_staging [Cloud Storage, CI/CD storage]',
    ]);
    // An instance's lines: the resource in the module and the module call making the instance.
    assert.deepEqual(
      delivery.nodes.find((n) => n.name === 'ci-cd-pipeline["frontend"] build_cache')?.sources.map((s) => `${decodeURIComponent(s.uri).replace(/^.*?\+[^/]*\//, '')}:${s.range.start.line + 1}`),
      ['iac/tf-multienv-cicd-anthos-autopilot/modules/ci-cd-pipeline/cloud-storage.tf:16', 'iac/tf-multienv-cicd-anthos-autopilot/pipelines.tf:16'],
    );
    assert.deepEqual(firstLines(delivery, buckets.slice(-3)), [
      'iac/tf-multienv-cicd-anthos-autopilot/pipelines.tf:122',
      'iac/tf-multienv-cicd-anthos-autopilot/pipelines.tf:96',
      'iac/tf-multienv-cicd-anthos-autopilot/pipelines.tf:88',
    ]);
    for (const other of [view('context'), view('deployment')]) assert.deepEqual(other.nodes.filter((n) => buckets.includes(n.name)).map((n) => n.name), [], other.view);
  });

  it("Sock Shop with its deploy repository's Terraform: its five EC2 hosts (CI, the staging cluster, minimesos) are the delivery view's, not the application's", async () => {
    const model = await joined(['microservices-demo+microservices-demo', 'microservices-demo+microservices-demo+terraform']);
    const containers = systemView(model, 'containers', 'sock-shop');
    assert.deepEqual(terraformBoxes(containers), []);
    assert.deepEqual(
      containers.nodes.filter((n) => n.kind !== 'person').map((n) => n.name).sort(),
      ['carts', 'carts-db', 'catalogue', 'catalogue-db', 'edge-router', 'front-end', 'orders', 'orders-db', 'payment', 'queue-master', 'rabbitmq', 'session-db', 'shipping', 'user', 'user-db', 'user-sim'],
    );
    // The internet-facing ELBs in front of the CI's and the staging cluster's nodes were two `Users →` arrows to them.
    assert.deepEqual(calls(containers).filter((c) => c.startsWith('Users')), ['Users → edge-router', 'Users → front-end']);
    const delivery = systemView(model, 'delivery', 'sock-shop');
    const hosts = ['aws_instance.ci-sockshop-k8s-master', 'aws_instance.ci-sockshop-k8s-node', 'aws_instance.k8s-master', 'aws_instance.k8s-node', 'aws_instance.minimesos'];
    assert.deepEqual(terraformBoxes(delivery), [
      'aws_instance.ci-sockshop-k8s-master [Amazon EC2, CI host]',
      'aws_instance.ci-sockshop-k8s-node [Amazon EC2, CI host]',
      'aws_instance.k8s-master [Amazon EC2, test cluster host]',
      'aws_instance.k8s-node [Amazon EC2, test cluster host]',
      'aws_instance.minimesos [Amazon EC2, test cluster host]',
    ]);
    assert.deepEqual(firstLines(delivery, hosts), ['deploy/kubernetes/terraform/main.tf:58', 'deploy/kubernetes/terraform/main.tf:88', 'staging/main.tf:71', 'staging/main.tf:34', 'install/aws-minimesos/main.tf:7']);
    for (const name of ['context', 'deployment'] as const) assert.deepEqual(terraformBoxes(systemView(model, name, 'sock-shop')).filter((b) => b.startsWith('aws_instance')), [], name);
  });

  it("microservices-demo: its three test kustomizations (kustomize/tests/) leave the deployment view (152 → 78 elements, 204 → 94 arrows) for the delivery view, one box each", async () => {
    const { view } = await repository('GoogleCloudPlatform+microservices-demo');
    const deployment = view('deployment');
    assert.deepEqual(deployment.groups.filter((g) => g.name.startsWith('tests/')).map((g) => g.name), []);
    assert.deepEqual(deployment.nodes.filter((n) => n.members.some((m) => m.includes('/kustomize/tests/'))).map((n) => n.id), []);
    assert.equal(deployment.nodes.length, 78);
    assert.equal(deployment.edges.length, 94);
    const delivery = view('delivery');
    const tests = delivery.nodes.filter((n) => n.id.startsWith('kustomize-test:'));
    assert.deepEqual(tests.map((n) => `${n.kind} ${n.name} [${n.technology}]`), [
      'pipeline tests/memorystore-with-all-components [kustomize test, 12 components]',
      'pipeline tests/service-mesh-istio-with-all-components [kustomize test, 13 components]',
      'pipeline tests/spanner-with-all-components [kustomize test, 12 components]',
    ]);
    // Its lines: those of what it deploys (the model holds no line of the test's own kustomization.yaml).
    assert.deepEqual(firstLines(delivery, ['tests/spanner-with-all-components']), ['kustomize/base/adservice.yaml:18']);
    // The containers view is unchanged: each test render was an instance of the components, never a box.
    assert.equal(view('containers').nodes.filter((n) => n.kind !== 'person').length, 14);
  });

  it('planted: a state bucket (by name), a runner under ci/, a bucket under .github/ go; the application\'s bucket, VM and database stay', async () => {
    const model = await planted({
      'infra/main.tf': [
        'resource "aws_s3_bucket" "state" {\n  bucket = "acme-terraform-state"\n}',
        'resource "aws_s3_bucket" "uploads" {\n  bucket = "acme-uploads"\n}',
        'resource "aws_instance" "api" {\n  ami = "ami-1"\n  tags = {\n    Name = "api"\n  }\n}',
        'resource "aws_instance" "worker_node" {\n  ami = "ami-1"\n  tags = {\n    Name = "prod-worker-node"\n  }\n}',
        'resource "aws_db_instance" "ci" {\n  identifier = "ci"\n  engine = "postgres"\n}',
      ].join('\n'),
      'ci/runners.tf': 'resource "google_compute_instance" "pool" {\n  name = "pool-1"\n}\n',
      '.github/infra/cache.tf': 'resource "google_storage_bucket" "assets" {\n  name = "assets"\n}\n',
    });
    assert.deepEqual(terraformBoxes(systemView(model, 'containers', 'ws')), ['acme-uploads [Amazon S3]', 'api [Amazon EC2]', 'ci [Amazon RDS (postgres)]', 'prod-worker-node [Amazon EC2]']);
    assert.deepEqual(terraformBoxes(systemView(model, 'delivery', 'ws')), ['acme-terraform-state [Amazon S3, Terraform state]', 'assets [Cloud Storage, CI/CD storage]', 'pool-1 [Compute Engine, CI host]']);
  });
});
