// `archipel/costView` (issue #81) over LSP, on a copy of the example: the total of `archipel cost` (docs/cost.md's
// $742.75 and 23.78 kgCO2e), the node pool and the cluster's fee, the map's workloads as shares of the pool, the
// unpriced with their reasons.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { CostViewRequest } from '../../../src/protocol/cost';
import { repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

describe('archipel/costView: the Cost view of the System Map', function () {
  this.timeout(180_000);

  it('the example: the total of archipel cost, the node pool and its workloads, the unpriced with their reasons', async () => {
    const workspace = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
    const client = await TestLspClient.startInWorkspace(workspace.root, {});
    try {
      const root = pathToFileURL(workspace.root).href;
      await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined));
      const view = await client.connection.sendRequest(CostViewRequest, {});
      // archipel cost's total (docs/cost.md): the node pool and the cluster's fee; the workloads are shares of the pool.
      assert.deepEqual([view.currency, view.totalMonthlyCost, view.totalMonthlyCo2eKg], ['USD', 742.74743, 23.776592]);
      const rel = (uri: string) => uri.slice(root.length + 1);
      assert.deepEqual(
        view.components.map((c) => [c.id.replace(root, '.'), c.onMap, c.monthlyCost, c.band, c.includedIn ?? c.reason ?? '']),
        [
          ['google_container_node_pool.default', false, 669.74743, 'high', ''],
          ['google_container_cluster.this', false, 73, 'medium', ''],
          ['k8s:Deployment/fraud-detection/fraud-scoring', true, 40.359214, 'medium', 'google_container_node_pool.default'],
          ['k8s:StatefulSet/fraud-detection/fraud-transactions', true, 27.444266, 'medium', 'google_container_node_pool.default'],
          ['k8s:Deployment/stock-prediction/stock-predictor', true, 14.529317, 'medium', 'google_container_node_pool.default'],
          ...['alertmanager', 'api', 'grafana', 'mlflow'].map((name) => [`compose:.:${name}`, true, null, 'none', 'a Compose project runs on a host the files do not name: cost.compose.machineType and cost.compose.region in archipel.yaml']),
          ['terraform:aws_db_instance:mlflow', true, null, 'none', 'no price for RDS storage in eu-west-3: only its instance hours have a source (Single-AZ, $0.036 an hour)'],
          ['k8s:CronJob/stock-prediction/photo-anonymiser', true, null, 'none', 'a CronJob runs for hours the files do not say (usage: monthly_hrs)'],
          ['compose:.:prometheus', true, null, 'none', 'a Compose project runs on a host the files do not name: cost.compose.machineType and cost.compose.region in archipel.yaml'],
          // The chart's staging release: the CLI prices the Helm renders, the view not yet (the report says so).
          ['k8s:Deployment/stock-prediction-staging/stock-predictor', true, null, 'none', ''],
        ],
      );
      assert.deepEqual(
        view.unpriced.map((u) => [u.address, rel(u.uri)]),
        [['aws_db_instance.mlflow', 'infra/terraform/main.tf'], ['k8s:CronJob/stock-prediction/photo-anonymiser', 'kubernetes/anonymiser-cronjob.yaml'], ['compose:docker-compose.yml', 'docker-compose.yml']],
      );
    } finally {
      await client.stop();
      workspace.remove();
    }
  });
});
