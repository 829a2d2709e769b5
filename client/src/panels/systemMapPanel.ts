import * as vscode from 'vscode';
import { DiffRequest, type DiffResult } from '../../../server/src/protocol/diff';
import { SystemMapRequest } from '../../../server/src/protocol/system';
import { SecurityViewRequest } from '../../../server/src/protocol/threats';
import { CostViewRequest } from '../../../server/src/protocol/cost';
import { SloViewRequest } from '../../../server/src/protocol/slo';
import { ContinuityViewRequest } from '../../../server/src/protocol/continuity';
import { SystemState, SystemToHost, type PanelView, type SystemToPage } from '../../../webviews/system/messages';
import type { ArchipelLanguageClient } from '../lsp/client';
import { PanelRegistry, registerSerializer, revealRange, WebviewPanelHost } from './base';
import { changeDocument, REVISION_SCHEME, revisionLabel } from './revisionDocuments';
import { exportSystemMap, type SystemExport } from './systemMapExport';

const viewType = 'archipel.systemMap';
/** How long edits settle before the map is asked again. */
const REFRESH_DELAY_MS = 400;

/**
 * The System Map panel (webviews/system): one view of the system map at a time, asked of the server
 * (`archipel/systemMap`; the Security view: `archipel/securityView`) when the page loads or asks for
 * another view, and again after edits and file changes; the page's Export… writes the view to a file the user picks (systemMapExport.ts: the page
 * never writes). One panel per folder (the workspace when none).
 */
export class SystemMapPanel extends WebviewPanelHost<typeof SystemToHost, SystemToPage> {
  private static registry: PanelRegistry<SystemMapPanel> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** "Compare with…" (issue #80): the revision the map is compared with, across the views, until the page's End comparison. */
  private base: string | undefined;
  /** The last answer of that comparison: where its lines are (the page names a side and a file; the host resolves them). */
  private compared: DiffResult | undefined;

  private constructor(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: ArchipelLanguageClient,
    private readonly scope: string | undefined,
    private view: PanelView,
  ) {
    super(panel, context, { viewType, bundle: 'system', toHost: SystemToHost }, client.output, `system:${scope ?? ''}`);
    // Any file may change the map: every file event and every edit of a file asks for it again.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(watcher, ...[watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete].map((event) => event((uri) => {
      if (this.changesMap(uri)) this.scheduleRefresh();
    })));
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.scheme === 'file') this.scheduleRefresh();
      }),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) void this.refresh();
      }),
      { dispose: () => clearTimeout(this.timer) },
    );
    this.load(vscode.l10n.t('System Map'), { view, ...(scope ? { scope } : {}), lang: vscode.env.language });
  }

  /** Shows the map of a folder (the workspace when none), making its panel on first use; in `view` when given (the Security view's command). */
  static createOrShow(context: vscode.ExtensionContext, client: ArchipelLanguageClient, scope: string | undefined, view?: PanelView): SystemMapPanel {
    SystemMapPanel.registry ??= new PanelRegistry(context);
    let made = false;
    const shown = SystemMapPanel.registry.show(`system:${scope ?? ''}`, viewType, vscode.l10n.t('System Map'), (panel) => ((made = true), new SystemMapPanel(panel, context, client, scope, view ?? 'containers')));
    if (!made && view !== undefined && view !== shown.view) {
      shown.view = view;
      void shown.refresh();
    }
    return shown;
  }

  /** The panel's registry and its serializer (restored after a reload in the view it showed). */
  static register(context: vscode.ExtensionContext, client: ArchipelLanguageClient): vscode.Disposable {
    SystemMapPanel.registry ??= new PanelRegistry(context);
    const registry = SystemMapPanel.registry;
    return vscode.Disposable.from(
      registry,
      registerSerializer(viewType, SystemState, (panel, state) => void registry.add(new SystemMapPanel(panel, context, client, state.scope, state.view)), client.output),
    );
  }

  /** The open panel of the workspace's map, if any (tests). */
  static current(): SystemMapPanel | undefined {
    return SystemMapPanel.registry?.all().find((panel) => !panel.isDisposed);
  }

  /**
   * Whether a file event may change what the panel shows: not Archipel's own state (`.archipel/`: runs, journals,
   * caches) nor Git's object store and index, which a pipeline run or `git status` writes many times a second;
   * Git's HEAD and refs only while compared (the base may have moved).
   */
  private changesMap(uri: vscode.Uri): boolean {
    const parts = uri.path.split('/');
    if (parts.includes('.archipel')) return false;
    const git = parts.indexOf('.git');
    if (git < 0) return true;
    const inGit = parts.slice(git + 1);
    return this.base !== undefined && (inGit[0] === 'HEAD' || inGit[0] === 'refs' || inGit[0] === 'packed-refs');
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  protected onReady(): Promise<void> {
    return this.refresh();
  }

  protected override onMessage(message: SystemToHost): Promise<void> | void {
    if (message.type === 'view') {
      this.view = message.view;
      return this.refresh();
    }
    if (message.type === 'endCompare') {
      this.base = undefined;
      this.compared = undefined;
      return this.refresh();
    }
    if (message.type === 'openChange') return this.openChange(message.side, message.file, message.line).then(() => undefined);
    if (message.type === 'export') return this.exportView({ format: message.format, view: message.view }).then(() => undefined);
  }

  /** The folder the panel maps (a URI), and the view it shows: what an export without arguments takes. */
  get shown(): { scope: string | undefined; view: PanelView } {
    return { scope: this.scope, view: this.view };
  }

  /** Writes a view of this panel's map to a file (asked where, unless `target`); says where it went, or why not. */
  async exportView(request: Omit<SystemExport, 'scope'>): Promise<vscode.Uri | undefined> {
    try {
      const written = await exportSystemMap(this.client, { ...request, ...(this.scope ? { scope: this.scope } : {}) });
      if (written) void vscode.window.showInformationMessage(vscode.l10n.t('System Map exported to {0}', vscode.workspace.asRelativePath(written)));
      return written;
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the System Map could not be exported: {0}', error instanceof Error ? error.message : String(error)));
      return undefined;
    }
  }

  /** Shows the map compared with `base` (`archipel/diff`): its containers view with the differences marked, and their list. */
  compareWith(base: string): Promise<void> {
    this.base = base;
    this.compared = undefined;
    if (this.view === 'security' || this.view === 'slo' || this.view === 'cost' || this.view === 'continuity') this.view = 'containers';
    return this.refresh();
  }

  /**
   * Opens a line of the comparison (an item of the page's list, a risk of the Security view's Changes): the
   * working tree's file for the head, the file at the base revision for the base (a read-only document,
   * revisionDocuments.ts). The file must be inside the workspace; anything else is refused and logged.
   */
  async openChange(side: 'base' | 'head', file: string, line: number): Promise<vscode.TextEditor | undefined> {
    const uri = this.compared ? changeDocument(this.compared, side, file) : undefined;
    if (!uri) {
      this.client.output.warn(`${viewType}: not opened, no comparison or not a file of the workspace: ${side} ${JSON.stringify(file)}`);
      return undefined;
    }
    const at = { line: line - 1, character: 0 };
    if (uri.scheme === REVISION_SCHEME) return this.openAtRevision(uri, line - 1);
    return revealRange(uri, { start: at, end: at }, this.panel.viewColumn);
  }

  /**
   * A file at a revision, in a tab titled with it (`compose.yaml @ 1a2b3c4`), not like the working file: VS Code's
   * `vscode.open` takes the tab's label. Beside the panel, as revealRange opens the head's lines.
   */
  private async openAtRevision(uri: vscode.Uri, line: number): Promise<vscode.TextEditor | undefined> {
    const selection = new vscode.Range(line, 0, line, 0);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString() && e.viewColumn !== this.panel.viewColumn);
    const viewColumn = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const label = revisionLabel(uri);
    await vscode.commands.executeCommand('vscode.open', uri, { viewColumn, selection, preview: false }, label);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    editor?.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  /** While compared: the comparison's answer for the Security view's Changes (its risks raised and resolved), or why it could not be had. */
  private async comparedAnswer(scope: { scope?: string }): Promise<{ diff?: DiffResult; error?: string }> {
    if (this.base === undefined) return {};
    try {
      return { diff: await this.client.request(DiffRequest, { base: this.base, ...scope }) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Asks the server for the current view and sends it to the page. One question at a time, and at most one waiting
   * behind it: under a stream of file events (a pipeline writing its outputs) each answer still reaches the page, where
   * "the latest question wins" dropped every answer while a newer one was asked, and asked the server again and again.
   */
  refresh(): Promise<void> {
    if (!this.asking) {
      this.asking = this.ask().finally(() => (this.asking = undefined));
      return this.asking;
    }
    this.waiting ??= this.asking.then(() => {
      this.waiting = undefined;
      return this.refresh();
    });
    return this.waiting;
  }

  private asking: Promise<void> | undefined;
  private waiting: Promise<void> | undefined;

  /** One question for the current view (compared or not); its answer is sent unless the view or the base changed meanwhile (a newer question is then waiting). */
  private async ask(): Promise<void> {
    const asked = { view: this.view, base: this.base };
    let message: SystemToPage;
    let compared: DiffResult | undefined;
    try {
      const scope = this.scope ? { scope: this.scope } : {};
      if (this.base !== undefined && this.view !== 'security' && this.view !== 'slo' && this.view !== 'cost' && this.view !== 'continuity') {
        const [map, diff] = await Promise.all([this.client.request(SystemMapRequest, { view: this.view, ...scope }), this.client.request(DiffRequest, { base: this.base, ...scope })]);
        compared = diff;
        message = { type: 'compare', map, diff };
      } else if (this.view === 'security') {
        const [security, answer] = await Promise.all([this.client.request(SecurityViewRequest, scope), this.comparedAnswer(scope)]);
        compared = answer.diff;
        // With the comparison's components and connections: the page says what on a raised risk's path changed.
        const d = answer.diff;
        const changes = d ? { changes: { base: { ref: d.base.ref }, head: { ref: d.head.ref }, raised: d.threats.raised, resolved: d.threats.resolved, components: { added: d.components.added, removed: d.components.removed, changed: d.components.changed }, connections: d.connections, entryPoints: d.entryPoints } } : {};
        message = { type: 'security', security, ...changes, ...(answer.error !== undefined ? { changesError: answer.error } : {}) };
      } else if (this.view === 'slo') message = { type: 'slo', slo: await this.client.request(SloViewRequest, scope) };
      else if (this.view === 'continuity') message = { type: 'continuity', continuity: await this.client.request(ContinuityViewRequest, scope) };
      else if (this.view === 'cost') {
        // The containers view with it: the page colours its boxes by cost.
        const [cost, map] = await Promise.all([this.client.request(CostViewRequest, scope), this.client.request(SystemMapRequest, { view: 'containers', ...scope })]);
        message = { type: 'cost', cost, map };
      }
      else message = { type: 'map', map: await this.client.request(SystemMapRequest, { view: this.view, ...scope }) };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      message = this.base !== undefined && this.view !== 'security' && this.view !== 'slo' && this.view !== 'cost' && this.view !== 'continuity' ? { type: 'compare', map: null, diff: null, error: text } : this.view === 'security' ? { type: 'security', security: null, error: text } : this.view === 'slo' ? { type: 'slo', slo: null, error: text } : this.view === 'continuity' ? { type: 'continuity', continuity: null, error: text } : this.view === 'cost' ? { type: 'cost', cost: null, error: text } : { type: 'map', map: null, error: text };
    }
    if (asked.view !== this.view || asked.base !== this.base) return;
    // The lines the page may open are those of the comparison it shows (none once it has ended).
    if (this.base === undefined) this.compared = undefined;
    else if (compared) this.compared = compared;
    await this.post(message);
  }
}
