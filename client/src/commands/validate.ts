/**
 * Archipel: Validate Data (issue #29). Thin: the server runs the validation in its validate process
 * (`archipel/validate`) and places the failures on the suite; the client picks the suite or the
 * data file, shows progress with Cancel, puts the failures in the Problems view and opens Data Docs.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { ValidateRequest, type ValidateParams, type ValidateResponse } from '../../../server/src/protocol/validate';
import type { ArchipelLanguageClient } from '../lsp/client';
import { DataDocsPanel } from '../panels/dataDocsPanel';
import { withServerProgress } from './blur';

export interface ValidateDeps {
  client: ArchipelLanguageClient;
}

const SUITES = '**/{*.expectations.json,*.expectations.yaml,*.expectations.yml,expectations/**/*.json}';
const isSuite = (uri: vscode.Uri) => /\.expectations\.(json|ya?ml)$/i.test(uri.path) || /\/expectations\/.+\.json$/i.test(uri.path);
const isData = (uri: vscode.Uri) => /\.(csv|parquet)$/i.test(uri.path);
const cancelled = (error: unknown) => (error as { code?: number } | undefined)?.code === -32800;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const missingData = (error: unknown) => (error as { data?: { missingData?: unknown } } | undefined)?.data?.missingData === true;

function targetOf(uri: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  if (typeof uri === 'string') return vscode.Uri.parse(uri);
  return vscode.window.activeTextEditor?.document.uri;
}

async function pickSuite(data: vscode.Uri): Promise<vscode.Uri | undefined> {
  const suites = await vscode.workspace.findFiles(SUITES, '**/node_modules/**', 500);
  if (suites.length === 1) return suites[0];
  if (suites.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the workspace has no expectation suite (*.expectations.json or .yaml, or gx/expectations/*.json).'));
    return undefined;
  }
  const items = suites.map((file) => ({ label: path.basename(file.fsPath), description: vscode.workspace.asRelativePath(file, true), file })).sort((a, b) => a.description.localeCompare(b.description));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Archipel: validate {0} against which suite?', path.basename(data.fsPath)), matchOnDescription: true });
  return picked?.file;
}

async function pickData(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectMany: false, openLabel: vscode.l10n.t('Validate'), filters: { [vscode.l10n.t('Data')]: ['csv', 'parquet'] } });
  return picked?.[0];
}

/** Archipel: Validate Data on a data file or a suite; answers the response (the tests read it). */
async function validateCommand(context: vscode.ExtensionContext, deps: ValidateDeps, collection: vscode.DiagnosticCollection, uri: unknown): Promise<ValidateResponse | undefined> {
  const client = deps.client.languageClient;
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the language server is not running.'));
    return undefined;
  }
  const target = targetOf(uri);
  let suite: vscode.Uri | undefined;
  let data: vscode.Uri | undefined;
  if (target && isSuite(target)) suite = target;
  else if (target && isData(target)) {
    data = target;
    suite = await pickSuite(target);
  } else {
    void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: Validate Data works on a CSV or Parquet file, or on an expectation suite.'));
    return undefined;
  }
  if (!suite) return undefined;
  // An open suite is validated as the editor shows it: saved first so the run reads the same text.
  await vscode.workspace.textDocuments.find((d) => d.uri.toString() === suite.toString() && d.isDirty)?.save();
  for (let attempt = 0; attempt < 2; attempt++) {
    const params: Omit<ValidateParams, 'workDoneToken'> = { suite: suite.toString(), ...(data ? { data: data.toString() } : {}) };
    try {
      const title = vscode.l10n.t('Archipel: validating {0}', path.basename((data ?? suite).fsPath));
      const response = await withServerProgress(client, title, true, async (token, cancellation) => {
        try {
          return await client.sendRequest(ValidateRequest, { ...params, workDoneToken: token }, cancellation);
        } catch (error) {
          if (cancellation.isCancellationRequested || cancelled(error)) return undefined;
          throw error;
        }
      });
      if (!response) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: validation cancelled.'));
        return undefined;
      }
      report(context, deps, collection, suite, response);
      return response;
    } catch (error) {
      if (!data && missingData(error)) {
        data = await pickData();
        if (data) continue;
        return undefined;
      }
      deps.client.output.error(`validate ${suite.fsPath}: ${messageOf(error)}`);
      void vscode.window.showErrorMessage(`Archipel: ${messageOf(error)}`);
      return undefined;
    }
  }
  return undefined;
}

function report(context: vscode.ExtensionContext, deps: ValidateDeps, collection: vscode.DiagnosticCollection, suite: vscode.Uri, response: ValidateResponse): void {
  const converter = deps.client.languageClient?.protocol2CodeConverter;
  collection.set(suite, converter ? response.diagnostics?.map((d) => converter.asDiagnostic(d)) ?? [] : []);
  if (response.error !== undefined || !response.result) {
    void vscode.window.showErrorMessage(`Archipel: ${response.error ?? ''}`);
    return;
  }
  const { result } = response;
  const s = result.statistics;
  const name = path.basename(result.meta.data);
  deps.client.output.info(`validate: ${name}: ${s.successful_expectations} of ${s.evaluated_expectations} expectations met`);
  DataDocsPanel.show(context, deps.client.output, { result, data: response.data ?? vscode.Uri.file(result.meta.data).toString() });
  if (result.success) void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: {0} meets its {1} expectations.', name, s.evaluated_expectations));
  else void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: {0} fails {1} of {2} expectations (see Problems and Data Docs).', name, s.unsuccessful_expectations, s.evaluated_expectations));
}

export function register(context: vscode.ExtensionContext, deps: ValidateDeps): void {
  const collection = vscode.languages.createDiagnosticCollection('archipel-validate');
  context.subscriptions.push(
    collection,
    vscode.commands.registerCommand('archipel.validateData', (uri?: unknown) => validateCommand(context, deps, collection, uri)),
    vscode.commands.registerCommand('archipel.showDataDocs', () => DataDocsPanel.show(context, deps.client.output).key),
    DataDocsPanel.registerSerializer(context, deps.client.output),
    // A changed suite's old failures no longer point at the right lines: they go until the next run.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && collection.has(event.document.uri)) collection.delete(event.document.uri);
    }),
  );
}
