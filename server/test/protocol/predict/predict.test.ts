// archipel/predict over LSP: the model from archipel.yaml's predict section (or the request), the
// run in the predict process with progress, archipel/predictionResult after it, a clear error
// when no model is configured, and a refusal in an untrusted workspace.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PredictionResultNotification, PredictRequest, type PredictParams, type PredictResponse } from '../../../src/protocol/predict';
import { WorkspaceTrustNotification } from '../../../src/protocol';
import { repoRoot } from '../../helpers';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

const example = path.join(repoRoot, 'examples', 'portfolio', 'prediction');

describe('archipel/predict over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  // The shared server, untrusted as every file finds it; this file grants trust, `leave()` takes it back.
  const workspace = sharedWorkspace('predict', {
    'prediction/archipel.yaml': 'predict:\n  model: models/model.onnx\n  recipe: ohlcv-22\n  reference: reference.csv\n  outputFolder: out\n',
    'elsewhere/readme.md': '# no configuration here\n',
  });
  const at = (name: string) => path.join(workspace.root, name);

  before(async () => {
    mkdirSync(at('prediction/models'));
    copyFileSync(path.join(example, 'model.onnx'), at('prediction/models/model.onnx'));
    for (const f of ['prices.csv', 'reference.csv']) copyFileSync(path.join(example, f), at(`prediction/${f}`));
    copyFileSync(path.join(example, 'prices.csv'), at('elsewhere/prices.csv'));
    // An editor that says nothing about trust: the server assumes the workspace is not trusted.
    ({ client, leave } = await joinSharedServer());
    await client.waitFor('index ready', () => client.notifications.find((n) => n.method === 'archipel/indexStatus' && (n.params as { state: string }).state === 'ready'));
  });

  after(() => leave());

  it('is refused in an untrusted workspace, saying why, and writes nothing', async () => {
    await assert.rejects(client.connection.sendRequest(PredictRequest, { input: at('prediction/prices.csv') } satisfies PredictParams), (error: Error) =>
      error.message === 'Predicting prices.csv refused: this workspace is not trusted, and the job runs a prediction model (.onnx file) from the workspace. Trust the workspace (Workspaces: Manage Workspace Trust) to run it.');
    assert.equal(existsSync(at('prediction/out')), false);
  });

  it('trusted: runs with the predict section, reports progress, and notifies the dashboard', async () => {
    await client.connection.sendNotification(WorkspaceTrustNotification, { trusted: true });
    const progress = client.watchProgress('p-1');
    const response = await client.connection.sendRequest(PredictRequest, { input: at('prediction/prices.csv'), workDoneToken: 'p-1' } satisfies PredictParams);
    assert.equal(response.output, at('prediction/out/prices.predictions.csv'));
    assert.ok(existsSync(response.output));
    assert.deepEqual(response.rows, { read: 360, predicted: 262, skipped: 98 });
    assert.equal(response.drift!.features.length, 22);
    assert.equal(response.series!.date.length, 262);
    const notified = await client.waitFor('predictionResult', () => client.notifications.find((n) => n.method === PredictionResultNotification.method));
    assert.equal((notified.params as PredictResponse).output, response.output);
    await client.waitFor('progress end', () => (progress.some((v) => v.kind === 'end') ? true : undefined));
    assert.equal(progress[0].kind, 'begin');
  });

  it('a second run is refused while its output exists, unless forced', async () => {
    await assert.rejects(client.connection.sendRequest(PredictRequest, { input: at('prediction/prices.csv') } satisfies PredictParams), /prices\.predictions\.csv already exists/);
    const forced = await client.connection.sendRequest(PredictRequest, { input: at('prediction/prices.csv'), force: true } satisfies PredictParams);
    assert.equal(forced.rows.predicted, 262);
  });

  it('without a model named or configured: an error that says so, with data.missingModel', async () => {
    await assert.rejects(client.connection.sendRequest(PredictRequest, { input: at('elsewhere/prices.csv') } satisfies PredictParams), (error: Error & { data?: unknown }) =>
      /^No model for prices\.csv: name one, or add a predict section with a model to archipel\.yaml/.test(error.message) && (error.data as { missingModel: boolean }).missingModel === true);
    const named = await client.connection.sendRequest(PredictRequest, { input: at('elsewhere/prices.csv'), model: at('prediction/models/model.onnx'), recipe: 'ohlcv-22' } satisfies PredictParams);
    assert.equal(named.output, at('elsewhere/prices.predictions.csv'));
  });
});
