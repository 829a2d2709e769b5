// `archipel cost` past the summary bound (issue #81): the index kept as `check` keeps it (summaries), the workloads
// priced from each file read whole one at a time, HPAs matched to their targets: the same JSON as the whole index's.
import assert from 'node:assert/strict';
import { runCli } from '../../cliRun';
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
  it('gives the whole index\'s JSON with the bound lowered below the tree (summaries, each file read whole one at a time)', async () => {
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
});
