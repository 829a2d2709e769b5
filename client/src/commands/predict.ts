/**
 * Archipel: Predict and Archipel: Show Prediction Dashboard. Thin: the server reads the CSV, runs
 * the model and writes the predictions (`archipel/predict`); the client picks the input (and the
 * model when none is configured), shows progress with Cancel, and the summary.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { walkthroughStepDone } from './walkthrough';
import { PredictionResultNotification, PredictRequest, type PredictParams, type PredictResponse } from '../../../server/src/protocol/predict';
import type { ArchipelLanguageClient } from '../lsp/client';
import { PredictionDashboard } from '../panels/predictPanel';
import { withServerProgress } from './blur';

export interface PredictDeps {
  client: ArchipelLanguageClient;
}

/** What the command sends: `model` is left out to use the `predict` section of the nearest archipel.yaml. */
type PredictArgs = Omit<PredictParams, 'workDoneToken'>;

const isCsv = (uri: vscode.Uri) => uri.scheme === 'file' && uri.path.toLowerCase().endsWith('.csv');

/** The CSV files a run applies to: the explorer selection, else the CSV open in the editor, else a picker. */
async function csvTargets(uri: unknown, uris: unknown): Promise<vscode.Uri[]> {
  const selected: unknown[] = Array.isArray(uris) && uris.length > 0 ? (uris as unknown[]) : uri !== undefined ? [uri] : [];
  const given = selected.map((u) => (typeof u === 'string' ? vscode.Uri.parse(u) : u)).filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  if (given.length > 0) return given.filter(isCsv);
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
  if (active && isCsv(active)) return [active];
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectMany: false, openLabel: vscode.l10n.t('Predict'), filters: { CSV: ['csv'] } });
  return picked ?? [];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
/**
 * The server's refusals the command can settle by asking: no model (its error's `data.missingModel`,
 * else its message), an existing output (its message names `--force`, in English or French).
 */
const dataOf = (error: unknown) => (error as { data?: { missingModel?: unknown } } | undefined)?.data;
const noModelConfigured = (error: unknown) => dataOf(error)?.missingModel === true || /\bno model\b|\bmodel\b.+\bnot configured\b|aucun modèle|modèle n'est configuré/i.test(messageOf(error));
const outputExists = (error: unknown) => /\balready exists\b|existe déjà|--force\b/i.test(messageOf(error));
/** The file the server refused to overwrite, named by its message ("<path> already exists: …"). */
const existingOutput = (error: unknown) => /^(.+?) (?:already exists|existe déjà)\b/.exec(messageOf(error))?.[1];
const cancelled = (error: unknown) => (error as { code?: number } | undefined)?.code === -32800;

/** A QuickPick of the workspace's ONNX models (the picked one is used for this run only). */
async function pickModel(): Promise<string | undefined> {
  const files = await vscode.workspace.findFiles('**/*.onnx', '**/node_modules/**', 500);
  if (files.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: no model is configured and the workspace has no .onnx file. Add a predict section with a model to archipel.yaml.'));
    return undefined;
  }
  const items = files
    .map((file) => ({ label: path.basename(file.fsPath), description: vscode.workspace.asRelativePath(file, true), file }))
    .sort((a, b) => a.description.localeCompare(b.description));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Archipel: no model is configured for this CSV'), placeHolder: vscode.l10n.t('Pick the ONNX model to predict with'), matchOnDescription: true });
  return picked?.file.fsPath;
}

/** Sends archipel/predict under a cancellable progress notification. */
async function send(client: NonNullable<ArchipelLanguageClient['languageClient']>, args: PredictArgs): Promise<PredictResponse | undefined> {
  const title = vscode.l10n.t('Archipel: predicting {0}', path.basename(args.input));
  return withServerProgress(client, title, true, async (token, cancellation) => {
    try {
      // Without `model` the server reads the predict section of the input's nearest archipel.yaml.
      const params: PredictParams = { ...args, workDoneToken: token };
      return await client.sendRequest(PredictRequest, params, cancellation);
    } catch (error) {
      if (cancellation.isCancellationRequested || cancelled(error)) return undefined;
      throw error;
    }
  });
}

/**
 * One input: runs, and resolves what the server refuses and the user can settle: no model
 * configured (pick one), an existing output (replace it). Anything else is shown as it is.
 */
async function predictOne(deps: PredictDeps, input: vscode.Uri): Promise<PredictResponse | undefined> {
  const client = deps.client.languageClient;
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the language server is not running.'));
    return undefined;
  }
  const args: PredictArgs = { input: input.fsPath };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await send(client, args);
      if (!response) void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: prediction of {0} cancelled.', path.basename(input.fsPath)));
      return response;
    } catch (error) {
      const message = messageOf(error);
      deps.client.output.error(`predict ${input.fsPath}: ${message}`);
      if (args.model === undefined && noModelConfigured(error)) {
        args.model = await pickModel();
        if (args.model) continue;
        return undefined;
      }
      if (!args.force && outputExists(error)) {
        // The editor's words, not the CLI's: the server's message names `--force`.
        const replace = vscode.l10n.t('Replace');
        const existing = existingOutput(error);
        const question = existing ? vscode.l10n.t('{0} already exists. Replace it?', path.basename(existing)) : vscode.l10n.t('The predictions file already exists. Replace it?');
        const choice = await vscode.window.showWarningMessage(question, { modal: true }, replace);
        if (choice !== replace) return undefined;
        args.force = true;
        continue;
      }
      void vscode.window.showErrorMessage(`Archipel: ${message}`);
      return undefined;
    }
  }
  return undefined;
}

/** The summary line: rows, skipped, and the headline metrics and drift when there are some. */
function summaryOf(response: PredictResponse): string {
  const parts = [vscode.l10n.t('{0} of {1} rows of {2} predicted ({3} skipped)', response.rows.predicted, response.rows.read, path.basename(response.input), response.rows.skipped)];
  const m = response.metrics;
  if (m) parts.push(vscode.l10n.t('accuracy {0}, F1 {1}', m.accuracy.toFixed(3), m.macro.f1.toFixed(3)) + (m.rocAuc !== undefined ? vscode.l10n.t(', ROC AUC {0}', m.rocAuc.toFixed(3)) : ''));
  if (response.drift) parts.push(vscode.l10n.t('drift in {0} of {1} features', response.drift.drifted, response.drift.features.length));
  return parts.join('; ');
}

async function report(context: vscode.ExtensionContext, deps: PredictDeps, response: PredictResponse): Promise<void> {
  const summary = summaryOf(response);
  deps.client.output.info(`predict: ${summary} → ${response.output}`);
  for (const row of response.skipped) deps.client.output.info(`  ${path.basename(response.input)}:${row.line}: ${row.reason}`);
  const openResult = vscode.l10n.t('Open Result');
  const openDashboard = vscode.l10n.t('Open Dashboard');
  const choice = await vscode.window.showInformationMessage(`Archipel: ${summary}.`, openResult, openDashboard);
  if (choice === openResult) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(response.output));
  else if (choice === openDashboard) PredictionDashboard.show(context, deps.client.output);
}

/** Archipel: Predict on each selected CSV in turn; answers the responses (the tests read them). */
async function predictCommand(context: vscode.ExtensionContext, deps: PredictDeps, uri: unknown, uris: unknown): Promise<PredictResponse[] | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: Predict runs a model file from the workspace; trust this workspace first (Workspaces: Manage Workspace Trust).'));
    return undefined;
  }
  const inputs = await csvTargets(uri, uris);
  if (inputs.length === 0) {
    if (uri !== undefined || uris !== undefined) void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: Predict works on .csv files.'));
    return undefined;
  }
  const responses: PredictResponse[] = [];
  for (const input of inputs) {
    const response = await predictOne(deps, input);
    if (!response) continue;
    responses.push(response);
    // The server's notification draws it too; the dashboard draws one run once.
    PredictionDashboard.receive(response);
    void report(context, deps, response);
  }
  if (responses.length > 0) await walkthroughStepDone('predicted');
  return responses;
}

export function register(context: vscode.ExtensionContext, deps: PredictDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('archipel.predict', (uri?: unknown, uris?: unknown) => predictCommand(context, deps, uri, uris)),
    vscode.commands.registerCommand('archipel.showPredictionDashboard', () => PredictionDashboard.show(context, deps.client.output).key),
    deps.client.onNotification(PredictionResultNotification, (result) => PredictionDashboard.receive(result)),
    PredictionDashboard.registerSerializer(context, deps.client.output),
  );
}
