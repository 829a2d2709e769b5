// `archipel/costView` (issue #81) over LSP, on a copy of the example: the total of `archipel cost` (docs/cost.md's
// $879.31 and 34.77 kgCO2e), the node pool, the cluster's fee and the RDS instance, the map's workloads as shares of the pool (the
// chart's staging release among them), the unpriced with their reasons; the lenses on the chart's values keys.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-types';
import { CostViewRequest } from '../../../src/protocol/cost';
import { repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

describe('archipel/costView: the Cost view of the System Map, and the lenses on a chart\'s values keys', function () {
  this.timeout(180_000);
  // A server of its own: on a copy of the whole example, which the view prices as one system.
  let workspace: ReturnType<typeof copyTree>;
  let client: TestLspClient;
  let root: string;

  before(async () => {
    workspace = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
    client = await TestLspClient.startInWorkspace(workspace.root, {});
    root = pathToFileURL(workspace.root).href;
    await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined));
  });
  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('the example: the total of archipel cost, the node pool and its workloads, the unpriced with their reasons', async () => {
    {
      const view = await client.connection.sendRequest(CostViewRequest, {});
      // archipel cost's total (docs/cost.md): the node pool, the cluster's fee and the RDS instance; the workloads are shares of the pool.
      assert.deepEqual([view.currency, view.totalMonthlyCost, view.totalMonthlyCo2eKg], ['USD', 879.312002, 34.713223]);
      const rel = (uri: string) => uri.slice(root.length + 1);
      assert.deepEqual(
        view.components.map((c) => [c.id.replace(root, '.'), c.onMap, c.monthlyCost, c.band, c.includedIn ?? c.reason ?? '']),
        [
          ['module.gke.google_container_node_pool.default', false, 669.74743, 'high', ''],
          // The Compose stack's host (examples/portfolio/archipel.yaml's cost.compose: e2-standard-4 in europe-west1).
          ['compose:docker-compose.yml', false, 107.624572, 'high', ''],
          // The cluster under the map's id (the map draws it as an environment, not a component).
          ['terraform:cluster:google:portfolio-prod', false, 73, 'medium', ''],
          ['k8s:Deployment/fraud-detection/fraud-scoring', true, 40.359214, 'medium', 'module.gke.google_container_node_pool.default'],
          // RDS in eu-west-3: 730 h × $0.036 + 20 GB × $0.133 (AWS's price maps).
          ['terraform:aws_db_instance:mlflow', true, 28.94, 'medium', ''],
          ['k8s:StatefulSet/fraud-detection/fraud-transactions', true, 27.444266, 'medium', 'module.gke.google_container_node_pool.default'],
          ['k8s:Deployment/stock-prediction/stock-predictor', true, 14.529317, 'medium', 'module.gke.google_container_node_pool.default'],
          // The chart's staging release (values-staging.yaml: one replica, no HPA), rendered through the Helm family's face.
          ['k8s:Deployment/stock-prediction-staging/stock-predictor', true, 7.264659, 'low', 'module.gke.google_container_node_pool.default'],
          // The services, in the bill of their host.
          ...['alertmanager', 'api', 'grafana', 'mlflow'].map((name) => [`compose:.:${name}`, true, null, 'none', 'compose:docker-compose.yml']),
          ['k8s:CronJob/stock-prediction/photo-anonymiser', true, null, 'none', 'a CronJob runs for hours the files do not say (usage: monthly_hrs)'],
          ['compose:.:prometheus', true, null, 'none', 'compose:docker-compose.yml'],
        ],
      );
      // Each price with its own source's date (#98): RDS's of 2024-09-28, the cluster's of 2026-07-30, the bundle's date neither.
      const dates = (id: string) => (view.components.find((c) => c.id.replace(root, '.') === id)?.prices ?? []).map((p) => `${p.source} ${p.date}`);
      assert.deepEqual([dates('terraform:aws_db_instance:mlflow'), dates('module.gke.google_container_node_pool.default'), dates('compose:.:api')], [['rds-regions 2024-09-28'], ['disk 2026-07-30', 'gce 2026-07-30'], ['gce 2026-07-30']]);
      assert.deepEqual(view.prices.map((p) => `${p.source} ${p.date}`), ['disk 2026-07-30', 'gce 2026-07-30', 'gke 2026-07-30', 'rds-regions 2024-09-28']);
      assert.deepEqual(
        view.unpriced.map((u) => [u.address, rel(u.uri)]),
        [['k8s:CronJob/stock-prediction/photo-anonymiser', 'kubernetes/anonymiser-cronjob.yaml']],
      );
    }
  });

  it('values-staging.yaml of charts/stock-predictor: replicaCount drives the staging release\'s Deployment', async () => {
    {
      const found: [string, [number, number, string][]][] = [];
      for (const name of ['values-staging.yaml', 'values.yaml']) {
        const uri = pathToFileURL(path.join(workspace.root, 'charts', 'stock-predictor', name)).href;
        const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
        found.push([name, lenses.map((l) => [l.range.start.line, l.range.start.character, l.command?.title ?? ''])]);
      }
      // The Application stock-prediction-api-staging deploys the chart with values-staging.yaml over values.yaml: its
      // replicaCount (1) drives the Deployment, $7.26 (docs/cost.md); values.yaml's replicaCount is overridden there, and
      // its autoscaling bounds drive nothing (the HPA is not rendered: autoscaling.enabled is false); its requests do.
      assert.deepEqual(found, [
        ['values-staging.yaml', [[2, 0, '$7.26 a month (stock-prediction-api-staging)']]],
        ['values.yaml', [
          [14, 16, '$7.26 a month (stock-prediction-api-staging)'],
          [14, 26, '$7.26 a month (stock-prediction-api-staging)'],
          [34, 4, '$7.26 a month (stock-prediction-api-staging)'],
          [35, 4, '$7.26 a month (stock-prediction-api-staging)'],
        ]],
      ]);
    }
  });

  it('the hover of values-staging.yaml\'s replicaCount: its cost in the staging release and the breakdown of the Deployment it drives', async () => {
    const uri = pathToFileURL(path.join(workspace.root, 'charts', 'stock-predictor', 'values-staging.yaml')).href;
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 4 } });
    // The Helm family's hover of the key and the cost's, merged (lsp/hovers.ts). 0.27 vCPU of an e2-standard-4's 4 × 730 h = 49.275 node-hours.
    assert.deepEqual((hover?.contents as MarkupContent).value.split('\n\n---\n\n'), [
      '**.Values.replicaCount**\n\n```yaml\n1\n```\n\nDefined in values.yaml:3, values-staging.yaml:3',
      [
        '**replicaCount** in stock-prediction-api-staging: $7.26 a month, the cost of Deployment/stock-predictor',
        '',
        '**Deployment/stock-predictor**: $7.26 a month',
        '',
        '| item | quantity | unit | unit price | monthly | source (date) |',
        '|---|--:|---|--:|--:|---|',
        '| Pod requests (0.27 vCPU, 0.28125 GiB) × 1 on e2-standard-4 | 49.275 | node-hours | $0.1474 | $7.26 | https://cloud.google.com/compute/vm-instance-pricing (2026-07-30) |',
        '',
        "Carbon: 0.27 kgCO2e a month (Cloud Carbon Footprint's method).",
        '',
        'A share of module.gke.google_container_node_pool.default: not added to the total.',
        '',
        'On-demand prices of europe-west1 in USD, each with its source and date.',
      ].join('\n'),
    ]);
    assert.deepEqual(hover?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } });
  });
});

describe('the hover of a values key that changes the cost, in French', function () {
  this.timeout(180_000);
  // A server of its own, initialized in French (initialize's `locale`, which holds for the whole process).
  let workspace: ReturnType<typeof copyTree>;
  let client: TestLspClient;

  before(async () => {
    workspace = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
    client = await TestLspClient.startInWorkspace(workspace.root, {}, undefined, { locale: 'fr' });
    await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined));
  });
  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('values-staging.yaml\'s replicaCount: the cost in the staging release and the Deployment\'s breakdown in French', async () => {
    const uri = pathToFileURL(path.join(workspace.root, 'charts', 'stock-predictor', 'values-staging.yaml')).href;
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 4 } });
    const parts = (hover?.contents as MarkupContent).value.split('\n\n---\n\n');
    assert.equal(parts.length, 2, parts.join('\n=====\n'));
    // The items' own names are the pricing's (workloads.ts), in English as `archipel cost` writes them.
    assert.equal(parts[1], [
      '**replicaCount** dans stock-prediction-api-staging: $7.26 par mois, le coût de Deployment/stock-predictor',
      '',
      '**Deployment/stock-predictor**: $7.26 par mois',
      '',
      '| élément | quantité | unité | prix unitaire | par mois | source (date) |',
      '|---|--:|---|--:|--:|---|',
      '| Pod requests (0.27 vCPU, 0.28125 GiB) × 1 on e2-standard-4 | 49.275 | node-hours | $0.1474 | $7.26 | https://cloud.google.com/compute/vm-instance-pricing (2026-07-30) |',
      '',
      'Carbone : 0.27 kgCO2e par mois (méthode de Cloud Carbon Footprint).',
      '',
      'Une part de module.gke.google_container_node_pool.default : non ajoutée au total.',
      '',
      'Prix à la demande de europe-west1 en USD, chacun avec sa source et sa date.',
    ].join('\n'));
  });
});
