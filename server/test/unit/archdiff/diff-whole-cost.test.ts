// `archipel diff` (issue #80) with the cost and carbon of the whole system (issue #81): each side priced as `archipel cost`
// prices it (cost/whole.ts: Kubernetes workloads by requests × replicas and HPA bounds on archipel.yaml's node type, Helm
// renders, Compose hosts by setting, Terraform), one change per commit of a planted history.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';
import { money, type DiffCost } from '../../../src/archdiff/cost';
import { repoRoot } from '../../helpers';

const settings = (node: string, host: string) => `cost:\n  kubernetes: { machineType: ${node}, region: europe-west1 }\n  compose: { machineType: ${host}, region: europe-west1 }\n`;
const deployment = (name: string, replicas: string, cpu: string, memory: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n${replicas ? `  replicas: ${replicas}\n` : ''}  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers:\n        - name: app\n          image: example/${name}:1\n          resources:\n            requests: { cpu: "${cpu}", memory: ${memory} }\n            limits: { cpu: "${cpu}", memory: ${memory} }\n`;
const hpa = (min: number, max: number) => `---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: ${min}\n  maxReplicas: ${max}\n`;
const chartDeployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: {{ .Values.replicaCount }}\n  selector: { matchLabels: { app: shop } }\n  template:\n    metadata: { labels: { app: shop } }\n    spec:\n      containers:\n        - name: app\n          image: example/shop:1\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n';
const values = (replicas: number) => `replicaCount: ${replicas}\nresources:\n  requests: { cpu: "1", memory: 4Gi }\n  limits: { cpu: "1", memory: 4Gi }\n`;
const terraform = (type: string) => `provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "web" {\n  ami           = "ami-1"\n  instance_type = "${type}"\n}\n`;
const compose = 'services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n';

describe('archipel diff: the cost and carbon of the whole system on both sides (issue #81)', function () {
  this.timeout(300_000);
  const scratch = scratchRepository('archipel-diff-whole-cost-', ({ dir, git }) => {
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    const commit = (tag: string) => {
      git('add', '-A');
      git('commit', '-q', '-m', tag);
      git('tag', tag);
    };
    write('archipel.yaml', settings('e2-standard-4', 'e2-medium'));
    write('k8s/web.yaml', deployment('web', '2', '1', '4Gi'));
    write('k8s/api.yaml', deployment('api', '', '1', '4Gi') + hpa(2, 4));
    write('chart/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 1.0.0\n');
    write('chart/values.yaml', values(2));
    write('chart/templates/deployment.yaml', chartDeployment);
    write('main.tf', terraform('t3.micro'));
    write('compose.yaml', compose);
    commit('t0');
    write('k8s/web.yaml', deployment('web', '4', '1', '4Gi'));
    commit('replicas');
    write('k8s/web.yaml', deployment('web', '4', '2', '8Gi'));
    commit('requests');
    write('k8s/api.yaml', deployment('api', '', '1', '4Gi') + hpa(3, 6));
    commit('hpa');
    write('archipel.yaml', settings('n2-standard-4', 'e2-medium'));
    commit('node');
    write('chart/values.yaml', values(3));
    commit('helm');
    write('main.tf', terraform('t3.large'));
    commit('terraform');
    write('archipel.yaml', settings('n2-standard-4', 'e2-standard-2'));
    commit('compose');
  });

  async function costOf(base: string, head: string): Promise<DiffCost> {
    const { code, out, err } = await runCli(['diff', '--base', base, '--head', head, '--format', 'json'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    return (JSON.parse(out) as { cost: DiffCost }).cost;
  }

  /** Each changed component: id, status, both sides' figures, the items added and removed by name. */
  const moved = (cost: DiffCost) => cost.changed.map((c) => [c.id, c.status, c.before, c.after, c.items.added.map((x) => x.name), c.items.removed.map((x) => x.name), c.sources]);

  it('replicas 2 → 4 of a Deployment: its cost and carbon doubled, both sides\' totals, its items', async () => {
    const cost = await costOf('t0', 'replicas');
    assert.deepEqual([cost.before, cost.after, cost.delta, cost.co2eKg], [196.74, 250.55, 53.81, { before: 16.409, after: 18.387, delta: 1.978 }]);
    assert.deepEqual([cost.base, cost.head], [{ totalMonthlyCost: 196.74, totalMonthlyCo2eKg: 16.409, unpriced: [] }, { totalMonthlyCost: 250.55, totalMonthlyCo2eKg: 18.387, unpriced: [] }]);
    // The first contract's list (the components whose cost moved) kept.
    assert.deepEqual(cost.components, [{ id: 'k8s:Deployment//web', before: 53.81, after: 107.62, delta: 53.81, sources: [{ file: 'k8s/web.yaml', line: 2 }] }]);
    assert.deepEqual(cost.changed, [
      {
        id: 'k8s:Deployment//web',
        name: 'Deployment/web',
        status: 'changed',
        before: { monthlyCost: 53.81, monthlyCo2eKg: 1.979 },
        after: { monthlyCost: 107.62, monthlyCo2eKg: 3.957 },
        sources: [{ file: 'k8s/web.yaml', line: 2 }],
        items: {
          added: [{ name: 'Pod requests (1 vCPU, 4 GiB) × 4 on e2-standard-4', quantity: 730, unit: 'node-hours', unitPrice: 0.14743092, monthlyCost: 107.624572 }],
          removed: [{ name: 'Pod requests (1 vCPU, 4 GiB) × 2 on e2-standard-4', quantity: 365, unit: 'node-hours', unitPrice: 0.14743092, monthlyCost: 53.812286 }],
          changed: [],
        },
      },
    ]);
    // Doubled (to the cent and the gram: 1.9785 kg once, 3.957 kg twice).
    assert.equal(cost.changed[0].after?.monthlyCost, (cost.changed[0].before?.monthlyCost ?? 0) * 2);
    const text = await runCli(['diff', '--base', 't0', '--head', 'replicas'], scratch.dir);
    assert.deepEqual(text.out.split('\n').slice(-5), [
      'monthly cost: $196.74 → $250.55 (+$53.81)',
      '  + k8s:Deployment//web: $53.81 → $107.62 (+$53.81) (k8s/web.yaml:2)',
      'monthly carbon: 16.409 kgCO2e → 18.387 kgCO2e (+1.978 kgCO2e)',
      '  + k8s:Deployment//web: 1.979 kgCO2e → 3.957 kgCO2e (+1.978 kgCO2e) (k8s/web.yaml:2)',
      '',
    ]);
  });

  it('the pull-request comment: the summary line, the cost and carbon tables', async () => {
    const { out } = await runCli(['diff', '--base', 't0', '--head', 'replicas', '--format', 'markdown'], scratch.dir);
    const lines = out.split('\n');
    assert.equal(lines[2], '**1 component (0 added, 0 removed, 1 changed) · 0 connections (0 added, 0 removed) · 0 entry points (0 opened, 0 closed) · monthly cost $196.74 → $250.55 (+$53.81) · monthly carbon 16.409 kgCO2e → 18.387 kgCO2e (+1.978 kgCO2e)**');
    const table = (title: string) => lines.slice(lines.indexOf(`#### ${title}`) + 2, lines.indexOf(`#### ${title}`) + 5);
    assert.deepEqual(table('Monthly cost'), ['| Resource | Before | After | Delta | Where |', '| --- | --- | --- | --- | --- |', '| k8s:Deployment//web | \\$53.81 | \\$107.62 | +\\$53.81 | k8s/web.yaml:2 |']);
    assert.deepEqual(table('Monthly carbon'), ['| Component | Before | After | Delta | Where |', '| --- | --- | --- | --- | --- |', '| k8s:Deployment//web | 1.979 kgCO2e | 3.957 kgCO2e | +1.978 kgCO2e | k8s/web.yaml:2 |']);
  });

  it('a container\'s requests (1 vCPU, 4 GiB → 2 vCPU, 8 GiB): twice the node share', async () => {
    const cost = await costOf('replicas', 'requests');
    assert.deepEqual([cost.before, cost.after, cost.co2eKg], [250.55, 358.17, { before: 18.387, after: 22.344, delta: 3.957 }]);
    assert.deepEqual(moved(cost), [['k8s:Deployment//web', 'changed', { monthlyCost: 107.62, monthlyCo2eKg: 3.957 }, { monthlyCost: 215.25, monthlyCo2eKg: 7.914 }, ['Pod requests (2 vCPU, 8 GiB) × 4 on e2-standard-4'], ['Pod requests (1 vCPU, 4 GiB) × 4 on e2-standard-4'], [{ file: 'k8s/web.yaml', line: 2 }]]]);
  });

  it('an HPA\'s bounds (2–4 → 3–6): the cost at its minimum and at its maximum', async () => {
    const cost = await costOf('requests', 'hpa');
    assert.deepEqual([cost.before, cost.after, cost.co2eKg], [358.17, 385.08, { before: 22.344, after: 23.334, delta: 0.99 }]);
    assert.deepEqual(moved(cost), [
      ['k8s:Deployment//api', 'changed', { monthlyCost: 53.81, monthlyCo2eKg: 1.979, maxMonthlyCost: 107.62 }, { monthlyCost: 80.72, monthlyCo2eKg: 2.968, maxMonthlyCost: 161.44 }, ['Pod requests (1 vCPU, 4 GiB) × 3 on e2-standard-4 (HPA minimum)'], ['Pod requests (1 vCPU, 4 GiB) × 2 on e2-standard-4 (HPA minimum)'], [{ file: 'k8s/api.yaml', line: 2 }]],
    ]);
  });

  it('the node type archipel.yaml names (e2-standard-4 → n2-standard-4): every workload, read from each side\'s archipel.yaml', async () => {
    const cost = await costOf('hpa', 'node');
    assert.deepEqual([cost.before, cost.after, cost.co2eKg], [385.08, 440.94, { before: 23.334, after: 17.091, delta: -6.243 }]);
    assert.deepEqual(
      cost.changed.map((c) => [c.id, c.before, c.after]),
      [
        ['k8s:Deployment//api', { monthlyCost: 80.72, monthlyCo2eKg: 2.968, maxMonthlyCost: 161.44 }, { monthlyCost: 93.61, monthlyCo2eKg: 1.527, maxMonthlyCost: 187.22 }],
        ['k8s:Deployment//shop', { monthlyCost: 53.81, monthlyCo2eKg: 1.979 }, { monthlyCost: 62.41, monthlyCo2eKg: 1.018 }],
        ['k8s:Deployment//web', { monthlyCost: 215.25, monthlyCo2eKg: 7.914 }, { monthlyCost: 249.63, monthlyCo2eKg: 4.072 }],
      ],
    );
  });

  it('a Helm values key (replicaCount 2 → 3): the chart\'s render priced on each side', async () => {
    const cost = await costOf('node', 'helm');
    assert.deepEqual([cost.before, cost.after, cost.co2eKg], [440.94, 472.14, { before: 17.091, after: 17.6, delta: 0.509 }]);
    assert.deepEqual(moved(cost), [['k8s:Deployment//shop', 'changed', { monthlyCost: 62.41, monthlyCo2eKg: 1.018 }, { monthlyCost: 93.61, monthlyCo2eKg: 1.527 }, ['Pod requests (1 vCPU, 4 GiB) × 3 on n2-standard-4'], ['Pod requests (1 vCPU, 4 GiB) × 2 on n2-standard-4'], [{ file: 'chart/templates/deployment.yaml', line: 2 }]]]);
  });

  it('a Terraform instance type (t3.micro → t3.large): the cost moves, and the carbon (burstable vCPUs at their baselines, 10 % and 30 %: CCF)', async () => {
    const cost = await costOf('helm', 'terraform');
    assert.deepEqual([cost.before, cost.after, cost.co2eKg], [472.14, 525.29, { before: 17.6, after: 18.179, delta: 0.579 }]);
    assert.deepEqual(moved(cost), [['aws_instance.web', 'changed', { monthlyCost: 8.39, monthlyCo2eKg: 8.683 }, { monthlyCost: 61.54, monthlyCo2eKg: 9.262 }, ['Instance usage (Linux/UNIX, on-demand, t3.large)'], ['Instance usage (Linux/UNIX, on-demand, t3.micro)'], [{ file: 'main.tf', line: 4 }]]]);
  });

  it('a Compose host (e2-medium → e2-standard-2)', async () => {
    const cost = await costOf('terraform', 'compose');
    assert.deepEqual([cost.before, cost.after, cost.co2eKg], [525.29, 552.19, { before: 18.179, after: 18.367, delta: 0.188 }]);
    assert.deepEqual(moved(cost), [['compose:compose.yaml', 'changed', { monthlyCost: 26.91, monthlyCo2eKg: 1.79 }, { monthlyCost: 53.81, monthlyCo2eKg: 1.979 }, ['Instance usage (Linux/UNIX, on-demand, e2-standard-2)'], ['Instance usage (Linux/UNIX, on-demand, e2-medium)'], [{ file: 'compose.yaml', line: 1 }]]]);
  });

  it('what a side cannot price, listed on that side with its reason (the working tree without a Compose host)', async () => {
    writeFileSync(path.join(scratch.dir, 'archipel.yaml'), 'cost:\n  kubernetes: { machineType: n2-standard-4, region: europe-west1 }\n');
    try {
      const { code, out } = await runCli(['diff', '--base', 'compose', '--format', 'json'], scratch.dir);
      assert.equal(code, 0);
      const cost = (JSON.parse(out) as { cost: DiffCost }).cost;
      assert.deepEqual(cost.base.unpriced, []);
      const reason = 'a Compose project runs on a host the files do not name: cost.compose.machineType and cost.compose.region in archipel.yaml';
      assert.deepEqual(cost.head.unpriced, [{ address: 'compose:compose.yaml', reason, file: 'compose.yaml' }]);
      assert.deepEqual(moved(cost), [['compose:compose.yaml', 'removed', { monthlyCost: 53.81, monthlyCo2eKg: 1.979 }, null, [], ['Instance usage (Linux/UNIX, on-demand, e2-standard-2)'], [{ file: 'compose.yaml', line: 1 }]]]);
      const text = await runCli(['diff', '--base', 'compose'], scratch.dir);
      assert.equal(text.out.split('\n').at(-2), `not priced on the head: compose:compose.yaml (compose.yaml): ${reason}`);
    } finally {
      scratch.git('checkout', '-q', '--', 'archipel.yaml');
    }
  });
});

describe('archipel diff: amounts in the settings\' currency (issue #81)', () => {
  it('as `archipel cost` writes them: `$` for USD, the code after the amount otherwise', () => {
    assert.deepEqual([money(1234.5), money(12, true), money(-3.1, true), money(1234.5, false, 'EUR'), money(12, true, 'EUR'), money(-3.1, true, 'EUR')], ['$1,234.50', '+$12.00', '-$3.10', '1,234.50 EUR', '+12.00 EUR', '-3.10 EUR']);
  });
});

describe('archipel diff: the example compared with itself (issue #81)', function () {
  this.timeout(300_000);
  // A copy of examples/portfolio committed in a scratch repository (nothing written into this one).
  const scratch = scratchRepository('archipel-diff-portfolio-', ({ dir, git }) => {
    cpSync(path.join(repoRoot, 'examples', 'portfolio'), dir, { recursive: true });
    git('add', '-A');
    git('commit', '-q', '-m', 'the example');
  });

  it('no cost moved, and each side\'s totals those of `archipel cost`', async () => {
    const priced = await runCli(['cost', '--format', 'json'], scratch.dir);
    assert.equal(priced.code, 0);
    const whole = JSON.parse(priced.out) as { totalMonthlyCost: number; totalMonthlyCo2eKg: number; unpriced: { address: string; reason: string; file: string }[] };
    // $879.31 and 34.77 kgCO2e today (docs/cost.md): read from the command, to the cent and the gram.
    const totals = { totalMonthlyCost: Math.round(whole.totalMonthlyCost * 100) / 100, totalMonthlyCo2eKg: Math.round(whole.totalMonthlyCo2eKg * 1000) / 1000, unpriced: whole.unpriced };
    assert.ok(whole.unpriced.length > 0);
    for (const head of [['--head', 'HEAD'], []]) {
      const { code, out, err } = await runCli(['diff', '--base', 'HEAD', ...head, '--format', 'json'], scratch.dir);
      assert.equal(err, '');
      assert.equal(code, 0);
      const cost = (JSON.parse(out) as { cost: DiffCost }).cost;
      assert.deepEqual([cost.delta, cost.co2eKg.delta, cost.components, cost.changed], [0, 0, [], []]);
      assert.deepEqual([cost.base, cost.head], [totals, totals]);
      assert.deepEqual([cost.before, cost.after, cost.co2eKg.before, cost.co2eKg.after], [totals.totalMonthlyCost, totals.totalMonthlyCost, totals.totalMonthlyCo2eKg, totals.totalMonthlyCo2eKg]);
    }
    assert.equal((await runCli(['diff', '--base', 'HEAD'], scratch.dir)).out.split('\n')[1], 'no architectural change');
  });
});
