import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PipelineOutputsRequest } from '../../../src/protocol/pipelineOutputs';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

const DVC = `stages:
  evaluate:
    cmd: node evaluate.js
    deps: [predictions.csv]
    metrics:
      - metrics/eval.json:
          cache: false
    plots:
      - plots/prices.csv
      - plots/missing.csv
  drift:
    cmd: node drift.js
    metrics: [metrics/drift.yaml]
`;

describe('archipel/pipelineOutputs over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  // The shared server, untrusted as every file finds it: the pipeline sits in this file's own folder.
  const workspace = sharedWorkspace('pipeline-outputs', {
    'dvc.yaml': DVC,
    'metrics/eval.json': JSON.stringify({ accuracy: 0.58, scores: { f1: 0.55 } }),
    'metrics/drift.yaml': 'ks: 0.12\n',
    'plots/prices.csv': 'close,predicted\n101,0.6\n102.5,0.4\n',
  });
  const uri = pathToFileURL(path.join(workspace.root, 'dvc.yaml')).href;

  before(async () => {
    ({ client, leave } = await joinSharedServer());
  });

  after(() => leave());

  it('reads the declared metrics and plots, and adds a column when the metrics change', async () => {
    const first = await client.connection.sendRequest(PipelineOutputsRequest, { uri });
    assert.deepEqual(first.metrics.map((m) => [m.file, m.rows, m.runs.length]), [
      ['metrics/drift.yaml', [{ key: 'ks', values: [0.12] }], 1],
      ['metrics/eval.json', [{ key: 'accuracy', values: [0.58] }, { key: 'scores.f1', values: [0.55] }], 1],
    ]);
    assert.deepEqual(first.plots, [
      { file: 'plots/missing.csv', x: 'step', xs: [], series: [], error: 'not there yet (its stage has not run)' },
      { file: 'plots/prices.csv', x: 'step', xs: [0, 1], series: [{ name: 'close', values: [101, 102.5] }, { name: 'predicted', values: [0.6, 0.4] }] },
    ]);
    // Asked again with nothing changed: no new column.
    const again = await client.connection.sendRequest(PipelineOutputsRequest, { uri });
    assert.deepEqual(again.metrics.map((m) => m.runs.length), [1, 1]);
    // A run rewrote the evaluation.
    writeFileSync(path.join(workspace.root, 'metrics/eval.json'), JSON.stringify({ accuracy: 0.61, scores: { f1: 0.52 } }));
    const after = await client.connection.sendRequest(PipelineOutputsRequest, { uri });
    assert.deepEqual(after.metrics[1].rows, [{ key: 'accuracy', values: [0.58, 0.61] }, { key: 'scores.f1', values: [0.55, 0.52] }]);
    assert.equal(after.metrics[0].runs.length, 1);
    // The history is kept beside the pipeline, with the runner's state.
    const kept = JSON.parse(readFileSync(path.join(workspace.root, '.archipel', 'pipeline-metrics.json'), 'utf8')) as Record<string, unknown[]>;
    assert.deepEqual(Object.keys(kept).sort(), ['metrics/drift.yaml', 'metrics/eval.json']);
    assert.equal(kept['metrics/eval.json'].length, 2);
  });

  it('refuses a pipeline outside the workspace, with the reason', async () => {
    await assert.rejects(client.connection.sendRequest(PipelineOutputsRequest, { uri: pathToFileURL('/etc/dvc.yaml').href }), /outside|not inside|workspace/i);
  });
});
