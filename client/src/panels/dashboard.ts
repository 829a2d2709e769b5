import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as v from 'valibot';
import type { RequestType } from 'vscode-languageclient';
import type { ArchipelLanguageClient } from '../lsp/client';
import { PanelRegistry, registerSerializer, WebviewPanelHost, type PanelDescription } from './base';

/** How long edits settle before a dashboard asks the server again. */
const REFRESH_DELAY_MS = 300;

export interface DashboardKind<ToHost extends v.GenericSchema, State extends v.GenericSchema> {
  description: PanelDescription<ToHost>;
  state: State;
  /** `archipel/raciModel`, `archipel/amdecModel`: `{ uri }` in, the model (or null) out. */
  request: RequestType<{ uri: string }, unknown, void>;
  /** The tab title for a file. */
  title(fileName: string): string;
  /** More the page gets with the model, asked with it (the risk dashboard: the workspace's threats); a failure leaves the model shown. */
  extra?: (client: ArchipelLanguageClient) => Promise<Record<string, unknown>>;
}

/**
 * A dashboard of one governance file: the page draws the server's model of the file (never
 * parsing YAML itself) and the host asks again whenever a YAML file changes (the model may depend
 * on another file: an AMDEC file's owners come from its RACI). One panel per file.
 */
export class DashboardPanel<ToHost extends v.GenericSchema, State extends v.GenericSchema> extends WebviewPanelHost<ToHost, unknown> {
  private timer: NodeJS.Timeout | undefined;
  private version = 0;

  constructor(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly kind: DashboardKind<ToHost, State>,
    private readonly client: ArchipelLanguageClient,
    readonly uri: vscode.Uri,
  ) {
    super(panel, context, kind.description, client.output, uri.toString());
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    this.disposables.push(
      watcher,
      watcher.onDidChange(() => this.scheduleRefresh()),
      watcher.onDidCreate(() => this.scheduleRefresh()),
      watcher.onDidDelete(() => this.scheduleRefresh()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.languageId === 'yaml') this.scheduleRefresh();
      }),
      panel.onDidChangeViewState((e) => {
        // A hidden webview is discarded (retainContextWhenHidden is off): it reloads when shown.
        if (e.webviewPanel.visible) void this.refresh();
      }),
      { dispose: () => clearTimeout(this.timer) },
    );
    this.load(kind.title(path.basename(uri.fsPath)));
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  protected onReady(): Promise<void> {
    return this.refresh();
  }

  /** Asks the server for the model and sends it to the page (the latest request wins). */
  async refresh(): Promise<void> {
    const version = ++this.version;
    const fileName = path.basename(this.uri.fsPath);
    let message: { type: 'model'; model: unknown; fileName: string; error?: string };
    const extra = this.kind.extra?.(this.client).catch((error: unknown) => {
      this.client.output.warn(`${this.kind.description.viewType}: ${error instanceof Error ? error.message : String(error)}`);
      return {};
    });
    try {
      // The editor's text reaches the server first: the client sends pending changes before a request.
      const model = await this.client.request(this.kind.request, { uri: this.uri.toString() });
      message = { type: 'model', model, fileName, ...(await extra) };
    } catch (error) {
      message = { type: 'model', model: null, fileName, error: error instanceof Error ? error.message : String(error) };
    }
    if (version === this.version) await this.post(message);
  }
}

/** One registry per dashboard kind and its serializer: `show` opens (or reveals) a file's panel. */
export class Dashboards<P extends DashboardPanel<v.GenericSchema, v.GenericSchema>> implements vscode.Disposable {
  private readonly registry: PanelRegistry<P>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    private readonly kind: DashboardKind<v.GenericSchema, v.GenericSchema>,
    log: vscode.LogOutputChannel,
    private readonly create: (panel: vscode.WebviewPanel, uri: vscode.Uri) => P,
  ) {
    this.registry = new PanelRegistry(context);
    this.disposables.push(
      registerSerializer(kind.description.viewType, kind.state, (panel, state) => void this.registry.add(create(panel, vscode.Uri.parse((state as { uri: string }).uri))), log),
    );
  }

  show(uri: vscode.Uri): P {
    return this.registry.show(uri.toString(), this.kind.description.viewType, this.kind.title(path.basename(uri.fsPath)), (panel) => this.create(panel, uri));
  }

  panel(uri: vscode.Uri): P | undefined {
    return this.registry.get(uri.toString());
  }

  dispose(): void {
    this.registry.dispose();
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }
}

/** The dashboards of one kind (a panel per file, restored after a reload): the RACI and risk dashboards. */
export function dashboardsOf<ToHost extends v.GenericSchema, State extends v.GenericSchema>(context: vscode.ExtensionContext, client: ArchipelLanguageClient, kind: DashboardKind<ToHost, State>): Dashboards<DashboardPanel<ToHost, State>> {
  return new Dashboards(context, kind, client.output, (panel, uri) => new DashboardPanel(panel, context, kind, client, uri));
}
