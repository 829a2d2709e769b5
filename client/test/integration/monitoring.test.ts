// Monitoring across the stack in the real editor (#39), on a copy of the example's Compose file and
// monitoring folder written into the test workspace: renaming the API's service in the open
// docker-compose.yml flags the scrape target of prometheus.yml (and undoing it clears it); a metric
// archipel serve does not expose flags the alert of alerts.yml and the dashboard's panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const exampleFiles = [
  'docker-compose.yml',
  'monitoring/prometheus.yml',
  'monitoring/alerts.yml',
  'monitoring/grafana/provisioning/datasources/prometheus.yml',
  'monitoring/grafana/provisioning/dashboards/dashboards.yml',
  'monitoring/grafana/dashboards/serving.json',
  'monitoring/grafana/dashboards/slo-stock-predictor.json',
  'monitoring/slo/stock-predictor.slo.yml',
  'monitoring/slo/stock-predictor.rules.yml',
];

const ofCode = (code: string) => (d: vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === code);

describe('Monitoring across the stack in the editor', () => {
  const copy = (relative: string) => workspaceFile(`stack/${relative}`);

  before(async () => {
    const extension = vscode.extensions.getExtension('archipel.archipel');
    assert.ok(extension, 'the extension under test is installed');
    await extension.activate();
    // The example the extension ships, copied as it is (the renamed metric goes into a second copy of the files).
    const example = vscode.Uri.joinPath(extension.extensionUri, 'examples', 'portfolio');
    for (const relative of exampleFiles) await vscode.workspace.fs.copy(vscode.Uri.joinPath(example, relative), copy(relative), { overwrite: true });
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(workspaceFile('stack'), { recursive: true, useTrash: false });
  });

  it("renaming the API's service in docker-compose.yml flags the scrape target, and undoing the rename clears it", async () => {
    const configUri = copy('monitoring/prometheus.yml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(configUri), { preview: false });
    const composeUri = copy('docker-compose.yml');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(composeUri), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    const text = editor.document.getText();
    const at = text.indexOf('\n  api:\n') + 3;
    assert.ok(at > 3, "the example's Compose file defines the api service");
    const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 3));
    assert.ok(await editor.edit((b) => b.replace(range, 'predictor')));

    const flagged = ofCode('prom-target-service');
    const [diagnostic, ...others] = flagged(await waitForDiagnostics(configUri, (d) => flagged(d).length > 0));
    assert.deepEqual(others, []);
    assert.equal(diagnostic.range.start.line, 23, 'on the target "api:5000" of the stock-predictor job');
    assert.equal(diagnostic.message, 'no service api in the Compose project (docker-compose.yml) answers "api:5000"');

    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(range.start, range.start.translate(0, 'predictor'.length)), 'api')));
    await waitForDiagnostics(configUri, (d) => flagged(d).length === 0);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a metric archipel serve does not expose flags the alert and the dashboard panel that use it', async () => {
    const renamed = async (relative: string) => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(copy(relative)));
      assert.ok(text.includes('archipel_serve_predictions_total'), `${relative} uses archipel_serve_predictions_total`);
      const uri = copy(relative.replace(/(\.\w+)$/, '-renamed$1'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text.replaceAll('archipel_serve_predictions_total', 'archipel_serve_prediction_total')));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      return uri;
    };
    const unknown = ofCode('prom-unknown-metric');
    for (const relative of ['monitoring/alerts.yml', 'monitoring/grafana/dashboards/serving.json']) {
      const uri = await renamed(relative);
      const found = unknown(await waitForDiagnostics(uri, (d) => unknown(d).length > 0));
      assert.ok(found.length > 0);
      for (const d of found) assert.equal(d.message, 'archipel serve exposes no metric archipel_serve_prediction_total; did you mean archipel_serve_predictions_total?', relative);
    }
  });
});

describe('Run rule tests (promtool test rules) in the editor', () => {
  const written = ['rules/latency.rules.yml', 'rules/latency_test.yml'].map((relative) => workspaceFile(relative));
  const rules = 'groups:\n  - name: latency\n    rules:\n      - alert: SlowApi\n        expr: api_latency_seconds > 1\n        for: 5m\n        labels:\n          severity: page\n';
  const tests = (severity: string) =>
    [
      'rule_files:',
      '  - latency.rules.yml',
      'evaluation_interval: 1m',
      'tests:',
      '  - interval: 1m',
      '    input_series:',
      "      - series: 'api_latency_seconds{job=\"api\"}'",
      "        values: '2x10'",
      '    alert_rule_test:',
      '      - eval_time: 10m',
      '        alertname: SlowApi',
      '        exp_alerts:',
      '          - exp_labels:',
      `              severity: ${severity}`,
      '              job: api',
      '',
    ].join('\n');

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
    await vscode.workspace.fs.writeFile(written[0], new TextEncoder().encode(rules));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written) await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  /** The lens the server puts on the test file, once it is there (the server may still be reading the workspace). */
  async function lensOf(uri: vscode.Uri): Promise<vscode.CodeLens> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      const lens = lenses.find((l) => l.command?.command === 'archipel.runRuleTests');
      if (lens) return lens;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`no Run rule tests lens on ${uri.fsPath}`);
  }

  it('the lens on tests: runs promtool test rules on the file: exit code 0 when the tests pass, 1 when one fails', async () => {
    const uri = written[1];
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(tests('page')));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const lens = await lensOf(uri);
    assert.equal(lens.command?.title, 'Run rule tests');
    assert.equal(lens.range.start.line, 3, 'on the tests key');
    assert.equal(await vscode.commands.executeCommand<number | undefined>(lens.command.command, ...(lens.command.arguments ?? [])), 0);

    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(tests('ticket')));
    assert.equal(await vscode.commands.executeCommand<number | undefined>(lens.command.command, ...(lens.command.arguments ?? [])), 1);
  });

  it('refuses a file outside the workspace folders', async () => {
    assert.equal(await vscode.commands.executeCommand<number | undefined>('archipel.runRuleTests', { uri: 'file:///etc/hostname' }), undefined);
  });
});
