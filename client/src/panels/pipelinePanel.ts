import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as v from 'valibot';
import { PipelineOutputsRequest } from '../../../server/src/protocol/pipelineOutputs';
import { PipelineDagRequest, PipelineStatusChangedNotification, PipelineStatusRequest, type PipelineDag, type PipelineEvent, type PipelineStatus } from '../../../server/src/protocol/pipeline';
import { PipelineState, PipelineToHost, type PipelineToPage } from '../../../webviews/pipeline/messages';
import type { PipelineRuns } from '../commands/pipelineRuns';
import { fileKey } from '../commands/pipelineRuns';
import type { ArchipelLanguageClient } from '../lsp/client';
import { PanelRegistry, registerSerializer, revealRange, WebviewPanelHost } from './base';

/** How long typing settles before the DAG is asked again. */
const TYPING_DELAY_MS = 300;
/** The largest output chunk a page gets (the terminal has it all). */
const MAX_CHUNK = 100_000;

export interface PipelinePanelDeps {
  client: ArchipelLanguageClient;
  runs: PipelineRuns;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const title = (uri: vscode.Uri) => vscode.l10n.t('Pipeline: {0}', path.basename(uri.fsPath));

/**
 * The pipeline panel (webviews/pipeline): the DAG of one pipeline file with each stage's state,
 * following the file as it is typed (the DAG asked again, debounced), the runner as it runs (the
 * run's events) and the server's status changes. One panel per file.
 */
export class PipelinePanel extends WebviewPanelHost<typeof PipelineToHost, PipelineToPage> {
  static readonly viewType = 'archipel.pipeline';
  private static registry: PanelRegistry<PipelinePanel> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private version = 0;
  private outputsVersion = 0;
  private dag: PipelineDag | undefined;
  /** The last status the server gave: its failed stages' log tails outlive the run's terminal (a reload). */
  private status: PipelineStatus | undefined;
  private pageReady = false;

  private static panels(context: vscode.ExtensionContext): PanelRegistry<PipelinePanel> {
    PipelinePanel.registry ??= new PanelRegistry<PipelinePanel>(context);
    return PipelinePanel.registry;
  }

  static createOrShow(context: vscode.ExtensionContext, deps: PipelinePanelDeps, uri: vscode.Uri): PipelinePanel {
    const registry = PipelinePanel.panels(context);
    const existing = registry.get(uri.toString());
    const panel = registry.show(uri.toString(), PipelinePanel.viewType, title(uri), (p) => new PipelinePanel(p, context, deps, uri));
    if (panel === existing) void panel.refresh();
    return panel;
  }

  /** The serializer (panels restored after a reload), and the server's status changes sent to the panel of their file. */
  static register(context: vscode.ExtensionContext, deps: PipelinePanelDeps): vscode.Disposable {
    const statusChanged = deps.client.onNotification(PipelineStatusChangedNotification, (status: PipelineStatus) => {
      for (const panel of PipelinePanel.registry?.all() ?? []) {
        if (fileKey(status.file) !== panel.uri.fsPath) continue;
        panel.status = status;
        void panel.post({ type: 'status', status });
        void panel.refreshOutputs();
      }
    });
    const serializer = registerSerializer(PipelinePanel.viewType, PipelineState, (panel, state) => void PipelinePanel.panels(context).add(new PipelinePanel(panel, context, deps, vscode.Uri.parse(state.uri))), deps.client.output);
    return vscode.Disposable.from(statusChanged, serializer);
  }

  private constructor(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly deps: PipelinePanelDeps,
    readonly uri: vscode.Uri,
  ) {
    super(panel, context, { viewType: PipelinePanel.viewType, bundle: 'pipeline', toHost: PipelineToHost }, deps.client.output, uri.toString());
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(uri.fsPath)), path.basename(uri.fsPath)));
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.schedule()),
      watcher.onDidCreate(() => this.schedule()),
      watcher.onDidDelete(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.toString() === uri.toString()) this.schedule();
      }),
      deps.runs.onEvent((event) => this.onRunEvent(event)),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is discarded (retainContextWhenHidden is off): it reloads when shown.
        if (e.webviewPanel.visible && this.pageReady) void this.refresh();
      }),
      { dispose: () => clearTimeout(this.timer) },
    );
    this.load(title(uri));
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), TYPING_DELAY_MS);
  }

  private onRunEvent(event: PipelineEvent): void {
    if (!this.pageReady || fileKey(event.file) !== this.uri.fsPath) return;
    const text = event.text !== undefined && event.text.length > MAX_CHUNK ? event.text.slice(-MAX_CHUNK) : event.text;
    void this.post({ type: 'event', event: { ...event, text } });
    // A run rewrote the metrics and plots.
    if (event.kind === 'run-end') void this.refreshOutputs();
  }

  /** Asks the server for the metrics and plots and sends them to the page. */
  async refreshOutputs(): Promise<void> {
    if (!this.pageReady) return;
    const version = ++this.outputsVersion;
    try {
      const outputs = await this.deps.client.request(PipelineOutputsRequest, { uri: this.uri.toString() });
      if (version === this.outputsVersion) await this.post({ type: 'outputs', ...outputs });
    } catch (error) {
      if (version === this.outputsVersion) await this.post({ type: 'outputs', metrics: [], plots: [], error: messageOf(error) });
    }
  }

  protected async onReady(): Promise<void> {
    this.pageReady = true;
    await this.refresh();
    await this.refreshOutputs();
  }

  /**
   * Asks the server for the DAG and the status, and sends them to the page (the latest request
   * wins). The DAG goes first: a cold status hashes the dependencies and may take a while.
   */
  async refresh(): Promise<void> {
    const version = ++this.version;
    const params = { uri: this.uri.toString() };
    // The editor's text reaches the server first: the client sends pending changes before a request.
    const status = this.deps.client.request(PipelineStatusRequest, params).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: messageOf(error) }),
    );
    let dag: PipelineDag | null = null;
    let error: string | undefined;
    try {
      dag = await this.deps.client.request(PipelineDagRequest, params);
      this.dag = dag;
    } catch (e) {
      error = messageOf(e);
    }
    const send = (status: PipelineStatus | null, problem: string | undefined) =>
      this.post({ type: 'pipeline', uri: this.uri.toString(), fileName: path.basename(this.uri.fsPath), dag, status, logs: this.deps.runs.stagesWithLogs(this.uri.fsPath), error: problem });
    if (version !== this.version) return;
    await send(null, error);
    const answer = await status;
    if (version !== this.version || !dag) return;
    if ('value' in answer) {
      this.status = answer.value;
      await this.post({ type: 'status', status: answer.value });
    }
    else await send(null, answer.error);
  }

  protected override async onMessage(message: v.InferOutput<typeof PipelineToHost>): Promise<void> {
    if (message.type === 'run') {
      if (message.stage === undefined) await vscode.commands.executeCommand('archipel.runPipeline', this.uri);
      else await vscode.commands.executeCommand('archipel.runStage', { uri: this.uri.toString(), stage: message.stage, downstream: message.downstream ?? false });
    } else if (message.type === 'open') {
      if (message.what === 'log' && this.deps.runs.showLog(this.uri.fsPath, message.stage)) return;
      if (message.what === 'log' && (await this.openKeptLog(message.stage))) return;
      await this.openDefinition(message.stage);
    }
  }

  /**
   * The run's terminal is gone (a window reload, or a run from the CLI): the lines the runner kept of
   * the stage's last failed run (`.archipel/pipeline-runs.json`), in a read-only editor.
   */
  private async openKeptLog(stage: string): Promise<boolean> {
    const tail = this.status?.stages.find((s) => s.stage === stage)?.logTail;
    if (!tail?.length) return false;
    const header = vscode.l10n.t('Last lines of the last run of {0} (its terminal is closed)', stage);
    const document = await vscode.workspace.openTextDocument({ content: `${header}\n\n${tail.join('\n')}\n`, language: 'log' });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: true });
    return true;
  }

  /** Selects the stage's key in the pipeline file. */
  private async openDefinition(stage: string): Promise<void> {
    const node = this.dag?.nodes.find((n) => n.stage === stage);
    if (!node) return;
    const document = await vscode.workspace.openTextDocument(this.uri);
    const start = document.positionAt(node.span.start);
    const end = document.positionAt(node.span.end);
    await revealRange(this.uri, { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } }, this.panel.viewColumn);
  }
}
