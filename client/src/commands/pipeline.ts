/**
 * Run Pipeline, Run Stage (also the code lenses' command, with `{uri, stage, scope}`) and Show
 * Pipeline. The server runs the stages (refusing in an untrusted workspace, as the client does
 * first); the client shows each run in its own pseudoterminal, under a cancellable progress
 * notification, and ends with a summary. Cancelling (the notification's button, or closing the
 * terminal) cancels the request: the server kills the commands' process trees.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { walkthroughStepDone } from './walkthrough';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';
import {
  PipelineDagRequest,
  PipelineEventNotification,
  PipelineStatusRequest,
  RunPipelineRequest,
  type PipelineRunResult,
  type StageStatus,
} from '../../../server/src/protocol/pipeline';
import type { ArchipelLanguageClient } from '../lsp/client';
import { PipelinePanel } from '../panels/pipelinePanel';
import { withServerProgress } from './blur';
import { PipelineRuns, type RunTerminal } from './pipelineRuns';

export interface PipelineDeps {
  client: ArchipelLanguageClient;
}

/** `dvc.yaml` anywhere, and `*.pipeline.yaml` (the same format). */
export function isPipelineFile(uri: vscode.Uri): boolean {
  const name = path.posix.basename(uri.path);
  return name === 'dvc.yaml' || name.endsWith('.pipeline.yaml');
}

/** What a stage's run takes with it: nothing (`dvc repro -s`), the stages upstream, or those downstream. */
type StageScope = 'single' | 'upstream' | 'downstream';

/**
 * A code lens's argument (`{uri, stage, scope}`; the panel's `downstream: true` means the
 * downstream scope), checked: anything else is ignored. No scope: the stage alone.
 */
function stageArgument(value: unknown): { uri: vscode.Uri; stage: string; scope: StageScope } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { uri, stage, scope, downstream } = value as Record<string, unknown>;
  const parsed = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined;
  if (!parsed || typeof stage !== 'string' || stage === '') return undefined;
  const chosen: StageScope = scope === 'upstream' || scope === 'downstream' ? scope : downstream === true ? 'downstream' : 'single';
  return { uri: parsed, stage, scope: chosen };
}

/** The pipeline a command applies to: its argument, else the active editor's, else the only one, else a picker. */
async function pipelineFile(argument: unknown): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) return argument;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isPipelineFile(active)) return active;
  const found = (await vscode.workspace.findFiles('**/{dvc.yaml,*.pipeline.yaml}', '**/{node_modules,.git,.archipel}/**', 500)).sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  if (found.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: there is no pipeline in this workspace (a dvc.yaml or a *.pipeline.yaml file).'));
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: vscode.l10n.t('Which pipeline?') },
  );
  return picked?.uri;
}

function describeStatus(status: StageStatus | undefined): string {
  if (!status) return '';
  return status.reasons.length > 0 ? `${status.state}: ${status.reasons[0]}` : status.state;
}

/** A QuickPick of the pipeline's stages, with their state. */
async function pickStage(deps: PipelineDeps, uri: vscode.Uri): Promise<string | undefined> {
  const params = { uri: uri.toString() };
  const [dag, status] = await Promise.all([deps.client.request(PipelineDagRequest, params), deps.client.request(PipelineStatusRequest, params).catch(() => undefined)]);
  if (dag.nodes.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: {0} has no stage.', vscode.workspace.asRelativePath(uri)));
    return undefined;
  }
  const states = new Map(status?.stages.map((s) => [s.stage, s]));
  const picked = await vscode.window.showQuickPick(
    dag.nodes.map((node) => ({ label: node.stage, description: describeStatus(states.get(node.stage)), detail: node.desc })),
    { placeHolder: vscode.l10n.t('Which stage of {0}?', vscode.workspace.asRelativePath(uri)), matchOnDescription: true },
  );
  return picked?.label;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isCancellation(error: unknown): boolean {
  return error instanceof ResponseError && (error.code === LSPErrorCodes.RequestCancelled || error.code === ErrorCodes.PendingResponseRejected);
}

/** The run's outcome in one sentence. */
function summaryOf(result: PipelineRunResult): string {
  const ran = result.stages.filter((s) => s.outcome === 'ran').length;
  const seconds = (result.ms / 1000).toFixed(1);
  if (result.failed.length > 0) return vscode.l10n.t('Archipel: {0} stage(s) failed: {1}; {2} ran.', result.failed.length, result.failed.join(', '), ran);
  if (result.cancelled) return vscode.l10n.t('Archipel: the run was cancelled; {0} stage(s) ran.', ran);
  if (ran === 0) return vscode.l10n.t('Archipel: every stage is up to date; nothing ran.');
  return vscode.l10n.t('Archipel: {0} stage(s) ran in {1} s.', ran, seconds);
}

type RunOptions = { stages?: string[]; downstream?: boolean; single?: boolean; force?: boolean };

/**
 * Runs stages of `uri` (every stale one when none is named) in a new terminal; resolves with the
 * server's result (undefined when refused or failed, after saying why).
 */
async function runPipeline(context: vscode.ExtensionContext, deps: PipelineDeps, runs: PipelineRuns, uri: vscode.Uri, options: RunOptions): Promise<PipelineRunResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: running a pipeline executes the commands its stages declare; trust this workspace first (Workspaces: Manage Workspace Trust).'));
    return undefined;
  }
  const client = deps.client.languageClient;
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the language server is not running.'));
    return undefined;
  }
  // The runner reads the file from disk, as the CLI does: unsaved edits are saved only when asked.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) {
    const save = vscode.l10n.t('Save and Run');
    const saved = vscode.l10n.t('Run the Saved File');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Archipel: {0} has unsaved changes; the run reads the file on disk.', vscode.workspace.asRelativePath(uri)), save, saved);
    if (choice === undefined) return undefined;
    if (choice === save && !(await open.save())) return undefined;
  }
  const cancellation = new vscode.CancellationTokenSource();
  const run: RunTerminal = runs.start(uri.fsPath, cancellation);
  run.terminal.show(true);
  const what = options.stages?.length ? options.stages.join(', ') : vscode.workspace.asRelativePath(uri);
  const target = !options.stages?.length
    ? vscode.l10n.t('every stale stage')
    : options.downstream
      ? vscode.l10n.t('{0} and the stages downstream', what)
      : options.single
        ? what
        : vscode.l10n.t('{0} and the stale stages upstream', what);
  run.note(`${vscode.workspace.asRelativePath(uri)}: ${target}`);
  try {
    const result = await withServerProgress(client, vscode.l10n.t('Archipel: running {0}', what), true, async (token, progressCancel) => {
      const forward = progressCancel.onCancellationRequested(() => cancellation.cancel());
      try {
        return await client.sendRequest(RunPipelineRequest, { uri: uri.toString(), ...options, workDoneToken: token }, cancellation.token);
      } finally {
        forward.dispose();
      }
    });
    const summary = summaryOf(result);
    run.finish(summary, result.failed.length > 0 || result.cancelled);
    deps.client.output.info(summary);
    void notify(context, deps, runs, uri, run, summary, result.failed.length > 0);
    if (result.failed.length === 0 && !result.cancelled) await walkthroughStepDone('pipelineRan');
    return result;
  } catch (error) {
    const message = isCancellation(error) ? vscode.l10n.t('Archipel: the run was cancelled.') : vscode.l10n.t('Archipel: the pipeline could not run: {0}', errorMessage(error));
    run.finish(message, true);
    deps.client.output.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  } finally {
    runs.settle(run);
    cancellation.dispose();
  }
}

async function notify(context: vscode.ExtensionContext, deps: PipelineDeps, runs: PipelineRuns, uri: vscode.Uri, run: RunTerminal, summary: string, failed: boolean): Promise<void> {
  const terminal = vscode.l10n.t('Show Terminal');
  const panel = vscode.l10n.t('Show Pipeline');
  const choice = await (failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(summary, terminal, panel);
  if (choice === terminal && !run.terminal.exitStatus) run.terminal.show();
  else if (choice === panel) PipelinePanel.createOrShow(context, { client: deps.client, runs }, uri);
}

/** Run Pipeline, Run Stage, Show Pipeline; the run events' subscription; the panel's serializer. */
export function register(context: vscode.ExtensionContext, deps: PipelineDeps): void {
  const runs = new PipelineRuns();
  const panelDeps = { client: deps.client, runs };
  context.subscriptions.push(
    runs,
    deps.client.onNotification(PipelineEventNotification, (event) => runs.handle(event)),
    PipelinePanel.register(context, panelDeps),
    vscode.commands.registerCommand('archipel.runPipeline', async (argument?: unknown) => {
      const uri = await pipelineFile(argument);
      return uri && runPipeline(context, deps, runs, uri, {});
    }),
    vscode.commands.registerCommand('archipel.runStage', async (argument?: unknown) => {
      const lens = stageArgument(argument);
      // "Run" runs that stage alone, even when up to date (as `dvc repro -f -s`); "Run with
      // upstream" runs what is stale above it and the stage (as `dvc repro`); "Run downstream"
      // runs what is stale from it down (as `dvc repro --downstream`).
      if (lens) {
        const scoped: RunOptions =
          lens.scope === 'single' ? { single: true, force: true } : lens.scope === 'downstream' ? { downstream: true } : {};
        return runPipeline(context, deps, runs, lens.uri, { stages: [lens.stage], ...scoped });
      }
      const uri = await pipelineFile(argument);
      if (!uri) return undefined;
      try {
        const stage = await pickStage(deps, uri);
        return stage === undefined ? undefined : runPipeline(context, deps, runs, uri, { stages: [stage], single: true, force: true });
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the stages of {0} could not be read: {1}', vscode.workspace.asRelativePath(uri), errorMessage(error)));
        return undefined;
      }
    }),
    vscode.commands.registerCommand('archipel.showPipeline', async (argument?: unknown) => {
      const uri = await pipelineFile(argument);
      return uri && PipelinePanel.createOrShow(context, panelDeps, uri).key;
    }),
  );
}
