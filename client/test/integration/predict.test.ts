// Predictions in the real VS Code: Archipel: Predict on the example's OHLCV CSV (its archipel.yaml
// names the model, the recipe, the reference and the output folder) writes the predictions file; the
// dashboard opens on the run and follows a re-run.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PredictResponse } from '../../../server/src/protocol/predict';
import { webviewTabOpen, whenRendered } from './panels';
import { workspaceFile } from './wait';

const DASHBOARD = 'archipel.predictionDashboard';

describe('Predict in the editor', function () {
  this.timeout(120_000);
  let input: vscode.Uri;

  before(async () => {
    const extension = vscode.extensions.getExtension('archipel.archipel');
    assert.ok(extension, 'the Archipel extension is not installed in the test host');
    await extension.activate();
    // The example as a newcomer gets it (the extension ships examples/portfolio), in the test workspace.
    const example = vscode.Uri.joinPath(extension.extensionUri, 'examples', 'portfolio', 'prediction').fsPath;
    const target = workspaceFile('prediction').fsPath;
    rmSync(target, { recursive: true, force: true });
    cpSync(example, target, { recursive: true });
    input = workspaceFile('prediction/prices.csv');
    // The server learns of the copied archipel.yaml from file events, which may come after the first
    // request; an open document reaches it before any later request (the client keeps their order).
    await vscode.workspace.openTextDocument(workspaceFile('prediction/archipel.yaml'));
  });

  it('Predict on the example CSV writes the predictions into the configured output folder, with metrics and drift', async () => {
    const responses = await vscode.commands.executeCommand<PredictResponse[] | undefined>('archipel.predict', input);
    assert.ok(responses, 'the command returned no result');
    assert.equal(responses.length, 1);
    const [response] = responses;
    // archipel.yaml's outputFolder: predictions, beside it.
    assert.equal(response.output, path.join(path.dirname(input.fsPath), 'predictions', 'prices.predictions.csv'));
    assert.ok(existsSync(response.output), `${response.output} was not written`);
    const lines = readFileSync(response.output, 'utf8').trim().split(/\r?\n/);
    assert.match(lines[0], /^Date(,Ticker)?,prediction,p_DOWN,p_UP,y_true$/);
    assert.equal(lines.length - 1, response.rows.predicted);
    assert.ok(response.rows.predicted > 0 && response.rows.skipped > 0, JSON.stringify(response.rows));
    assert.ok(response.metrics, 'the ohlcv-22 target gives metrics');
    assert.deepEqual(response.metrics.labels, ['DOWN', 'UP']);
    assert.ok(response.drift, 'the reference of archipel.yaml gives drift');
    assert.equal(response.drift.features.length, 22);
  });

  it('the dashboard opens on the last run and follows a re-run', async () => {
    const first = await whenRendered(DASHBOARD, (s) => typeof s.predicted === 'number', () => vscode.commands.executeCommand('archipel.showPredictionDashboard'));
    assert.ok(webviewTabOpen(DASHBOARD));
    assert.equal(first.summary.metrics, true);
    assert.equal(first.summary.driftFeatures, 22);
    assert.equal(first.summary.price, true);
    assert.ok((first.summary.charts as number) >= 3, JSON.stringify(first.summary));
    // A re-run (the previous output removed: Predict never overwrites without asking) redraws the open panel.
    const output = workspaceFile('prediction/predictions/prices.predictions.csv').fsPath;
    rmSync(output);
    // The panel may draw the new run before the command has returned its answer: both are awaited.
    let command: Thenable<PredictResponse[] | undefined> | undefined;
    const again = await whenRendered(DASHBOARD, (s) => typeof s.predicted === 'number', () => {
      command = vscode.commands.executeCommand<PredictResponse[] | undefined>('archipel.predict', input);
      return command;
    });
    const rerun = await command;
    assert.equal(again.summary.predicted, rerun?.[0].rows.predicted);
    assert.ok(existsSync(output));
  });
});
