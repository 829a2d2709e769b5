// `archipel/sloView` (issue #82) over LSP, on a copy of the example: the prediction service's Deployments carry its
// two objectives (the spec's lines), the other components none, no SLO without its component.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { SloViewRequest } from '../../../src/protocol/slo';
import { repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

describe('archipel/sloView: the SLO view of the System Map', function () {
  this.timeout(180_000);

  it("the example: the prediction service's Deployments with its two objectives, the other components with none", async () => {
    const workspace = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
    const client = await TestLspClient.startInWorkspace(workspace.root, {});
    try {
      const root = pathToFileURL(workspace.root).href;
      await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined));
      const view = await client.connection.sendRequest(SloViewRequest, {});
      const spec = `${root}/monitoring/slo/stock-predictor.slo.yml`;
      const covered = view.components.filter((c) => c.objectives.length > 0);
      assert.deepEqual(
        covered.map((c) => [c.id, c.objectives.map((o) => `${o.slo} ${o.objective}% ${o.uri === spec ? 'spec' : o.uri}:${o.range.start.line + 1}`)]),
        [
          ['k8s:Deployment/stock-prediction-staging/stock-predictor', ['predict-availability 99.5% spec:13', 'predict-latency 99% spec:33']],
          ['k8s:Deployment/stock-prediction/stock-predictor', ['predict-availability 99.5% spec:13', 'predict-latency 99% spec:33']],
        ],
      );
      const without = view.components.filter((c) => c.objectives.length === 0).map((c) => c.name);
      assert.ok(without.includes('mlflow') && without.includes('fraud-scoring'), without.join(', '));
      assert.deepEqual(view.unmatched, []);
    } finally {
      await client.stop();
      workspace.remove();
    }
  });
});
