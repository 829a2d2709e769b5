import * as vscode from 'vscode';
import type * as v from 'valibot';
import {
  ExperimentsActionRequest,
  ExperimentsChangedNotification,
  ExperimentsHistoryRequest,
  ExperimentsLiveRequest,
  ExperimentsLocateRequest,
  ExperimentsTableRequest,
  type ExperimentsAction,
  type ExperimentsActionResult,
} from '../../../server/src/protocol/experiments';
import { ExperimentsState, ExperimentsToHost, type ExperimentsToPage } from '../../../webviews/experiments/messages';
import type { ArchipelLanguageClient } from '../lsp/client';
import { PanelRegistry, registerSerializer, revealRange, WebviewPanelHost } from './base';

/** How long file events settle before the live rows or the table are asked again. */
const SETTLE_MS = 250;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const title = (folder: vscode.Uri) => vscode.l10n.t('Experiments: {0}', vscode.workspace.getWorkspaceFolder(folder)?.name ?? folder.path.split('/').pop() ?? '');

/**
 * The Experiments panel (webviews/experiments): the table the server computes (`archipel/experimentsTable`,
 * the rows of `archipel exp show`), relayed to the page with the histories it asks for; the rows of the
 * queue follow their metrics files as the stages write them (a watcher on the temporary workspaces: only
 * those rows are read again); the page's actions are relayed to the server. One panel per folder.
 */
export class ExperimentsPanel extends WebviewPanelHost<typeof ExperimentsToHost, ExperimentsToPage> {
  static readonly viewType = 'archipel.experiments';
  private static registry: PanelRegistry<ExperimentsPanel> | undefined;
  private tableTimer: NodeJS.Timeout | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  private version = 0;
  private root: string | undefined;

  private static panels(context: vscode.ExtensionContext): PanelRegistry<ExperimentsPanel> {
    ExperimentsPanel.registry ??= new PanelRegistry<ExperimentsPanel>(context);
    return ExperimentsPanel.registry;
  }

  static createOrShow(context: vscode.ExtensionContext, client: ArchipelLanguageClient, folder: vscode.Uri): ExperimentsPanel {
    return ExperimentsPanel.panels(context).show(folder.toString(), ExperimentsPanel.viewType, title(folder), (panel) => new ExperimentsPanel(panel, context, client, folder), vscode.ViewColumn.Active);
  }

  static get open(): readonly ExperimentsPanel[] {
    return ExperimentsPanel.registry?.all() ?? [];
  }

  static register(context: vscode.ExtensionContext, client: ArchipelLanguageClient): vscode.Disposable {
    const changed = client.onNotification(ExperimentsChangedNotification, (params) => {
      for (const panel of ExperimentsPanel.open) if (!panel.root || panel.root === params.root) panel.schedule(params.live ? 'live' : 'table');
    });
    const serializer = registerSerializer(ExperimentsPanel.viewType, ExperimentsState, (panel, state) => void ExperimentsPanel.panels(context).add(new ExperimentsPanel(panel, context, client, vscode.Uri.parse(state.folder))), client.output);
    return vscode.Disposable.from(changed, serializer);
  }

  private constructor(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: ArchipelLanguageClient,
    readonly folder: vscode.Uri,
  ) {
    super(panel, context, { viewType: ExperimentsPanel.viewType, bundle: 'experiments', toHost: ExperimentsToHost }, client.output, folder.toString());
    // The queue's temporary workspaces (metrics written as stages run), the queue, and the refs a CLI run adds.
    const work = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.archipel/experiments/{work,queue}/**'));
    const refs = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '{.git/refs/exps/**,dvc.lock,mlruns/**,mlflow.db}'));
    this.disposables.push(
      work,
      refs,
      work.onDidChange(() => this.schedule('live')),
      work.onDidCreate(() => this.schedule('live')),
      work.onDidDelete(() => this.schedule('live')),
      refs.onDidChange(() => this.schedule('table')),
      refs.onDidCreate(() => this.schedule('table')),
      refs.onDidDelete(() => this.schedule('table')),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) this.schedule('table');
      }),
      { dispose: () => (clearTimeout(this.tableTimer), clearTimeout(this.liveTimer)) },
    );
    this.load(title(folder), { folder: folder.toString(), lang: vscode.env.language });
  }

  /** The one way the panel is refreshed: the file watchers, the server's notifications and the panel shown again all come here, and a burst makes one refresh. */
  schedule(what: 'table' | 'live'): void {
    if (what === 'table') {
      clearTimeout(this.tableTimer);
      this.tableTimer = setTimeout(() => void this.refresh(), SETTLE_MS);
    } else {
      clearTimeout(this.liveTimer);
      this.liveTimer = setTimeout(() => void this.refreshLive(), SETTLE_MS);
    }
  }

  protected async onReady(): Promise<void> {
    await this.refresh();
  }

  /** The table, then the live rows (the latest request wins). */
  async refresh(): Promise<void> {
    const version = ++this.version;
    try {
      const table = await this.client.request(ExperimentsTableRequest, { folder: this.folder.toString() });
      this.root = table.root;
      if (version === this.version) await this.post({ type: 'table', ...table });
    } catch (error) {
      if (version === this.version) await this.post({ type: 'table', root: '', rows: [], error: messageOf(error) });
    }
    await this.refreshLive();
  }

  async refreshLive(): Promise<void> {
    try {
      const live = await this.client.request(ExperimentsLiveRequest, { folder: this.folder.toString() });
      await this.post({ type: 'live', ...live });
    } catch (error) {
      this.log.warn(`experiments: live rows: ${messageOf(error)}`);
    }
  }

  /** Runs an action on the server (with a progress notification when it runs experiments) and tells the page and the user. */
  async act(action: ExperimentsAction): Promise<ExperimentsActionResult> {
    const send = () => this.client.request(ExperimentsActionRequest, { folder: this.folder.toString(), ...action });
    let answer: ExperimentsActionResult;
    try {
      answer = action.action === 'run' || action.action === 'start' ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Archipel: running experiments') }, send) : await send();
    } catch (error) {
      answer = { message: messageOf(error), failed: true };
    }
    await this.post({ type: 'result', ...answer });
    if (answer.failed) void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: {0}', answer.message));
    else if (action.action !== 'diff') void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: {0}', answer.message));
    // No refresh of its own: the server's ExperimentsChanged notification after every action (and
    // the refs a run adds, seen by the watcher) schedule the one refresh, debounced (#53: one run
    // refreshed the table three times).
    return answer;
  }

  /** Selects rows (ids or names) in the page, which plots them. */
  select(rows: readonly string[]): Thenable<boolean> {
    return this.post({ type: 'select', rows: [...rows] });
  }

  protected override async onMessage(message: v.InferOutput<typeof ExperimentsToHost>): Promise<void> {
    switch (message.type) {
      case 'history': {
        const answer = await this.client.request(ExperimentsHistoryRequest, { folder: this.folder.toString(), rows: message.rows });
        await this.post({ type: 'histories', histories: answer.histories });
        return;
      }
      case 'locate': {
        const location = await this.client.request(ExperimentsLocateRequest, { folder: this.folder.toString(), file: message.file, key: message.key });
        if (location) await revealRange(vscode.Uri.parse(location.uri), location.range, this.panel.viewColumn);
        return;
      }
      case 'run':
        await this.act({ action: message.queue ? 'queue' : 'run', overrides: message.overrides, name: message.name, targets: message.targets });
        return;
      case 'start':
        await this.act({ action: 'start', jobs: message.jobs });
        return;
      case 'apply':
        await this.act({ action: 'apply', names: [message.name] });
        return;
      case 'remove':
        await this.act({ action: 'remove', names: message.names });
        return;
      case 'branch':
        await this.act({ action: 'branch', name: message.name, branch: message.branch });
        return;
      case 'diff':
        await this.act({ action: 'diff', names: message.names });
        return;
      case 'init':
        await this.act({ action: 'init' });
        return;
    }
  }
}
