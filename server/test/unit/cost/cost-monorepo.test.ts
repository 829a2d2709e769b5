// `archipel cost` past the summary bound (issue #81): the files `check` summarises summarised to their workloads' and
// HPAs' priced parts (cost-summary.test.ts), HPAs matched to their targets: the same JSON as the whole index's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const deployment = (i: number, requests: string) => [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  `  name: app-${i}`,
  '  namespace: shop',
  'spec:',
  `  replicas: ${(i % 3) + 1}`,
  '  selector: { matchLabels: { app: app-' + String(i) + ' } }',
  '  template:',
  '    metadata: { labels: { app: app-' + String(i) + ' } }',
  '    spec:',
  '      initContainers:',
  '        - name: sidecar',
  '          restartPolicy: Always',
  '          image: envoy:1',
  '          resources: { requests: { cpu: 50m, memory: 64Mi } }',
  '      containers:',
  '        - name: main',
  '          image: app:1',
  `          resources: ${requests}`,
  '',
].join('\n');

const hpa = (i: number) => [
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata:',
  `  name: app-${i}`,
  '  namespace: shop',
  'spec:',
  `  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: app-${i} }`,
  '  minReplicas: 2',
  '  maxReplicas: 7',
  '',
].join('\n');

const cronJob = [
  'apiVersion: batch/v1',
  'kind: CronJob',
  'metadata: { name: nightly, namespace: shop }',
  'spec:',
  '  schedule: "0 1 * * *"',
  '  jobTemplate:',
  '    spec:',
  '      parallelism: 3',
  '      template:',
  '        spec:',
  '          containers:',
  '            - { name: batch, image: batch:1, resources: { requests: { cpu: "1", memory: 1Gi } } }',
  '',
].join('\n');

function tree(): Record<string, string> {
  const files: Record<string, string> = { 'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n', 'jobs/nightly.yaml': cronJob };
  for (let i = 0; i < 12; i++) files[`apps/app-${i}/deployment.yaml`] = deployment(i, i === 5 ? '{}' : `{ requests: { cpu: ${100 * (i + 1)}m, memory: ${128 * (i + 1)}Mi } }`);
  // The HPAs in their own folder, before or after their targets: matched by (namespace, kind, name) across files.
  for (const i of [1, 4, 9]) files[`autoscaling/hpa-${i}.yaml`] = hpa(i);
  return files;
}

const daemonSet = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: { name: agent, namespace: ops }',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - { name: agent, image: agent:1, resources: { requests: { cpu: 20m, memory: 32Mi } } }',
  '',
].join('\n');

/** Terraform beside the workloads (AWS and Google Cloud: items, footprints, usage-dependent items, unpriced resources) and a Compose project. */
const terraform = [
  'provider "aws" {\n  region = "us-east-1"\n}',
  'resource "aws_nat_gateway" "egress" {}',
  'resource "aws_lb" "web" {\n  load_balancer_type = "application"\n}',
  'resource "aws_instance" "bastion" {\n  instance_type = "t3.micro"\n}',
  'resource "aws_s3_bucket" "assets" {\n  bucket = "assets"\n}',
  '',
].join('\n');
const google = [
  'provider "google" {\n  region = "us-central1"\n}',
  'resource "google_sql_database_instance" "orders" {\n  database_version = "POSTGRES_15"\n  settings {\n    tier              = "db-custom-2-7680"\n    availability_type = "REGIONAL"\n    disk_size         = 100\n  }\n}',
  'resource "google_redis_instance" "cache" {\n  memory_size_gb = 5\n  tier           = "STANDARD_HA"\n}',
  '',
].join('\n');

/** A mid-size system: 60 Deployments (a third autoscaled, one without requests), a CronJob, a DaemonSet, Terraform on two clouds, a Compose project. */
function midTree(): Record<string, string> {
  const files: Record<string, string> = {
    'archipel.yaml': 'cost:\n  kubernetes: { machineType: e2-standard-4, region: europe-west1 }\n  compose: { machineType: e2-medium, region: europe-west1 }\n',
    'jobs/nightly.yaml': cronJob,
    'ops/agent.yaml': daemonSet,
    'infra/aws/main.tf': terraform,
    'infra/gcp/main.tf': google,
    'local/compose.yaml': 'services:\n  web:\n    image: nginx:1\n  db:\n    image: postgres:16\n',
  };
  for (let i = 0; i < 60; i++) {
    files[`apps/team-${i % 7}/app-${i}/deployment.yaml`] = deployment(i, i === 17 ? '{ limits: { cpu: "1" } }' : `{ requests: { cpu: ${50 * ((i % 9) + 1)}m, memory: ${64 * ((i % 5) + 1)}Mi } }`);
    if (i % 3 === 0) files[`autoscaling/hpa-${i}.yaml`] = hpa(i);
  }
  return files;
}

const golden = (format: string) => readFileSync(path.join(fixturesDir, 'cost', 'mid-monorepo', `cost.${format === 'markdown' ? 'md' : format}`), 'utf8');

async function costOut(root: string, threshold: string | undefined, format = 'json'): Promise<string> {
  const saved = process.env.ARCHIPEL_SUMMARY_THRESHOLD;
  if (threshold === undefined) delete process.env.ARCHIPEL_SUMMARY_THRESHOLD;
  else process.env.ARCHIPEL_SUMMARY_THRESHOLD = threshold;
  try {
    const { code, out, err } = await runCli(['cost', '.', '--format', format], root);
    assert.equal(err, '');
    assert.equal(code, 0);
    return out;
  } finally {
    if (saved === undefined) delete process.env.ARCHIPEL_SUMMARY_THRESHOLD;
    else process.env.ARCHIPEL_SUMMARY_THRESHOLD = saved;
  }
}

async function costJson(root: string, threshold: string | undefined): Promise<string> {
  const saved = process.env.ARCHIPEL_SUMMARY_THRESHOLD;
  if (threshold === undefined) delete process.env.ARCHIPEL_SUMMARY_THRESHOLD;
  else process.env.ARCHIPEL_SUMMARY_THRESHOLD = threshold;
  try {
    const { code, out, err } = await runCli(['cost', '.', '--format', 'json'], root);
    assert.equal(err, '');
    assert.equal(code, 0);
    return out;
  } finally {
    if (saved === undefined) delete process.env.ARCHIPEL_SUMMARY_THRESHOLD;
    else process.env.ARCHIPEL_SUMMARY_THRESHOLD = saved;
  }
}

describe('cost: archipel cost on a summarised workspace', () => {
  it('gives the whole index\'s JSON with the bound lowered below the tree (each manifest summarised to its priced parts)', async () => {
    const { root, remove } = makeTree(tree());
    try {
      const whole = await costJson(root, undefined);
      const summarised = await costJson(root, '3');
      assert.equal(summarised, whole);
      const report = JSON.parse(whole) as { totalMonthlyCost: number; components: { id: string; monthlyCost: number; maxMonthlyCost?: number; items: { name: string }[] }[]; unpriced: { address: string; reason: string }[] };
      assert.equal(report.components.length, 11);
      const scaled = report.components.find((c) => c.id === 'k8s:Deployment/shop/app-4');
      assert.deepEqual(scaled?.items.map((i) => i.name), ['Pod requests (0.55 vCPU, 0.6875 GiB) × 2 on e2-standard-4 (HPA minimum)']);
      assert.deepEqual(report.unpriced, [
        { address: 'k8s:Deployment/shop/app-5', reason: 'container main requests no CPU or memory: its cost is unknowable', file: 'apps/app-5/deployment.yaml' },
        { address: 'k8s:CronJob/shop/nightly', reason: 'a CronJob runs for hours the files do not say (usage: monthly_hrs)', file: 'jobs/nightly.yaml' },
      ]);
      assert.equal(scaled?.maxMonthlyCost, 103.58865);
      assert.equal(scaled?.monthlyCost, 29.596757);
      assert.equal(report.totalMonthlyCost, 449.332585);
    } finally {
      remove();
    }
  });

  it('writes, summarised or whole, every format byte for byte as before (a mid-size tree: Terraform, workloads, HPAs, a Compose host)', async () => {
    const { root, remove } = makeTree(midTree());
    try {
      for (const format of ['json', 'text', 'markdown', 'csv']) {
        const whole = await costOut(root, undefined, format);
        const summarised = await costOut(root, '5', format);
        assert.equal(summarised, whole, format);
        assert.equal(whole, golden(format), format);
      }
    } finally {
      remove();
    }
  });
});
