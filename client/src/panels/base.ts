import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as v from 'valibot';
import { describeRejection, receive, type WireRange } from '../../../webviews/shared/messages';
import { REVISION_SCHEME } from './revisionDocuments';
import { webviewHtml, webviewOptions } from './webviewHtml';

/**
 * The small base every webview panel host shares: one class per panel extends it.
 *
 * - the page is `dist/webviews/<bundle>.js` (+ `.css`), the only folder the webview may read;
 * - the HTML is `webviewHtml` (./webviewHtml.ts): a fresh nonce from `crypto.randomBytes` on every
 *   load and the strict CSP first in <head>;
 * - every message from the page is validated against the panel's union before it is used;
 * - `ready`, `reveal` (open a document at a range) and `pageError` are handled here; `reveal` opens only a
 *   file inside a workspace folder (links resolved), a document already open, or a file at a revision
 *   (`archipel-rev:`, whose provider checks its own paths): a page never names what the host opens beyond that;
 * - panels are restored after a reload by a serializer (`registerSerializer`), from the state the
 *   page saved with `setState`.
 */

/** What a page reports once it has drawn something (tests and the performance probe read it). */
export interface RenderedEvent {
  viewType: string;
  key: string;
  summary: unknown;
}

/** How long a shown page may take to say `ready` before it is loaded again (doubled at each try), and how many tries. */
const PAGE_START_MS = 15_000;
const PAGE_RESTARTS = 3;

const renderedEmitter = new vscode.EventEmitter<RenderedEvent>();
const lastRendered = new Map<string, RenderedEvent>();
/** The last panel of each type made, for `deliver`. */
const lastPanel = new Map<string, { receive(data: unknown): void; isDisposed: boolean }>();

/** Panels' "rendered" reports: the extension exposes them to its tests. */
export const panelEvents = {
  onDidRender: renderedEmitter.event,
  /** The last report of a panel type (any key), if one came. */
  last(viewType: string): RenderedEvent | undefined {
    return lastRendered.get(viewType);
  },
  /** Hands the last open panel of a type a message as its page would send it (validated as the page's are): what a click in a page asks, for the extension's tests. */
  deliver(viewType: string, data: unknown): boolean {
    const panel = lastPanel.get(viewType);
    if (!panel || panel.isDisposed) return false;
    panel.receive(data);
    return true;
  },
};

export interface PanelDescription<ToHost extends v.GenericSchema> {
  /** `archipel.<name>`: also in package.json (`onWebviewPanel:` activation). */
  viewType: string;
  /** `webviews/<bundle>/main.ts`, built to `dist/webviews/<bundle>.js`. */
  bundle: string;
  /** The page → host union (including the common messages). */
  toHost: ToHost;
  /** Extra image sources (`blob:`), never remote. */
  imgSrc?: readonly string[];
}

export abstract class WebviewPanelHost<ToHost extends v.GenericSchema, ToPage> implements vscode.Disposable {
  protected readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly context: vscode.ExtensionContext,
    protected readonly description: PanelDescription<ToHost>,
    protected readonly log: vscode.LogOutputChannel,
    /** What this panel shows (a file URI, a diagram kind and folder): one panel per key. */
    readonly key: string,
  ) {
    panel.webview.options = webviewOptions(context.extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      panel.onDidDispose(() => this.dispose()),
      // A hidden page is discarded (retainContextWhenHidden is off) and starts again when shown: watched again then.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.pageStarted = false;
        this.watchStart();
      }),
      { dispose: () => clearTimeout(this.startTimer) },
    );
    lastPanel.set(description.viewType, this);
  }

  /** (Re)loads the page: a new document, so a new nonce. */
  protected load(title: string, data?: unknown): void {
    this.panel.title = title;
    this.pageLoad = { title, data };
    this.pageStarted = false;
    this.restarts = 0;
    this.setHtml();
    this.watchStart();
  }

  private setHtml(): void {
    if (!this.pageLoad) return;
    this.panel.webview.html = webviewHtml(this.panel.webview, this.context.extensionUri, this.description.bundle, this.pageLoad.title, { imgSrc: this.description.imgSrc, data: this.pageLoad.data });
  }

  /** What the page was last loaded with (`load`): what a restart loads again. */
  private pageLoad: { title: string; data: unknown } | undefined;
  /** The page said `ready` since it was last loaded or shown. */
  private pageStarted = false;
  private restarts = 0;
  private startTimer: NodeJS.Timeout | undefined;

  /**
   * A shown page that has not said `ready` within PAGE_START_MS (doubled at each try) is loaded again, up to
   * PAGE_RESTARTS times: a webview whose document never started (seen in code-server under load: the frame's
   * document never ran, no error anywhere) stays blank forever otherwise, and every answer sent to it is lost.
   */
  private watchStart(): void {
    clearTimeout(this.startTimer);
    if (this.pageStarted || this.disposed || !this.pageLoad || !this.panel.visible) return;
    const waitMs = PAGE_START_MS * 2 ** this.restarts;
    this.startTimer = setTimeout(() => {
      if (this.pageStarted || this.disposed || !this.panel.visible) return;
      if (this.restarts >= PAGE_RESTARTS) {
        this.log.error(`${this.description.viewType}: the page did not start after ${PAGE_RESTARTS} reloads; close the panel and open it again`);
        return;
      }
      this.restarts += 1;
      this.log.warn(`${this.description.viewType}: the page did not start within ${waitMs / 1000} s: loaded again (${this.restarts}/${PAGE_RESTARTS})`);
      this.setHtml();
      this.watchStart();
    }, waitMs);
  }

  /** Sends a message to the page (dropped silently when the panel is gone). */
  protected post(message: ToPage): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(message);
  }

  /** A message from the page (or `panelEvents.deliver`): validated against the panel's union, then handled. */
  receive(data: unknown): void {
    const received = receive(this.description.toHost, data);
    if (!received.ok) {
      this.log.warn(`${this.description.viewType}: ${describeRejection(data, received.issues)}`);
      return;
    }
    const message = received.message as { type: string } & Record<string, unknown>;
    try {
      switch (message.type) {
        case 'ready':
          this.pageStarted = true;
          clearTimeout(this.startTimer);
          void Promise.resolve(this.onReady()).catch((error: unknown) => this.fail(error));
          return;
        case 'reveal': {
          const uri = vscode.Uri.parse(message.uri as string);
          if (!revealable(uri)) {
            this.log.warn(`${this.description.viewType}: not opened, not a file of the workspace nor an open document: ${uri.toString()}`);
            return;
          }
          void revealRange(uri, message.range as WireRange, this.panel.viewColumn).catch((error: unknown) => this.fail(error));
          return;
        }
        case 'pageError':
          this.log.error(`${this.description.viewType} page: ${String(message.message)}`);
          return;
        case 'rendered': {
          const event = { viewType: this.description.viewType, key: this.key, summary: message.summary };
          lastRendered.set(this.description.viewType, event);
          renderedEmitter.fire(event);
          return;
        }
      }
      void Promise.resolve(this.onMessage(received.message)).catch((error: unknown) => this.fail(error));
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    this.log.error(`${this.description.viewType}: ${error instanceof Error ? (error.stack ?? text) : text}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: {0}', text));
  }

  /** The page listens: send it its data. */
  protected abstract onReady(): void | Promise<void>;

  /** A panel-specific message from the page (already validated). */
  protected onMessage(_message: v.InferOutput<ToHost>): void | Promise<void> {
    // Panels without messages of their own need nothing here.
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (lastPanel.get(this.description.viewType) === this) lastPanel.delete(this.description.viewType);
    this.panel.dispose();
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}

/**
 * One panel per key for a panel type: `show` reveals the existing one or makes a new one. The
 * registry forgets a panel when it is closed.
 */
export class PanelRegistry<P extends WebviewPanelHost<v.GenericSchema, unknown>> {
  private readonly panels = new Map<string, P>();

  constructor(private readonly context: vscode.ExtensionContext) {}

  get(key: string): P | undefined {
    return this.panels.get(key);
  }

  all(): P[] {
    return [...this.panels.values()];
  }

  add(panel: P): P {
    this.panels.get(panel.key)?.dispose();
    this.panels.set(panel.key, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(panel.key) === panel) this.panels.delete(panel.key);
    });
    return panel;
  }

  /** Reveals the panel of `key`, or creates it (a new webview panel beside the editor). */
  show(key: string, viewType: string, title: string, create: (panel: vscode.WebviewPanel) => P, column = vscode.ViewColumn.Beside): P {
    const existing = this.panels.get(key);
    if (existing && !existing.isDisposed) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(viewType, title, { viewColumn: column, preserveFocus: true }, webviewOptions(this.context.extensionUri));
    return this.add(create(panel));
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

/**
 * Restores panels of a type after a window reload, from the state the page saved. A state that
 * does not validate closes the panel (there is nothing trustworthy to show).
 */
export function registerSerializer<S extends v.GenericSchema>(
  viewType: string,
  stateSchema: S,
  revive: (panel: vscode.WebviewPanel, state: v.InferOutput<S>) => void | Promise<void>,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      const checked = receive(stateSchema, state);
      if (!checked.ok) {
        log.info(`${viewType}: not restored (${describeRejection(state, checked.issues)})`);
        panel.dispose();
        return;
      }
      await revive(panel, checked.message);
    },
  });
}

/** The real path of a file, or undefined when it cannot be resolved (missing, unreadable). */
function realPath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Whether a page may have `uri` opened: a document the editor already holds (the user opened it), a file at a
 * revision (its content provider confines it to the workspace), or a file inside a workspace folder once links
 * are resolved. Anything else a page names (another scheme, /etc/passwd, a link out of the workspace) is refused.
 */
function revealable(uri: vscode.Uri): boolean {
  const named = uri.toString();
  if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === named)) return true;
  if (uri.scheme === REVISION_SCHEME) return true;
  if (uri.scheme !== 'file') return false;
  const file = realPath(uri.fsPath);
  if (file === undefined) return false;
  return (vscode.workspace.workspaceFolders ?? []).some((folder) => {
    const top = folder.uri.scheme === 'file' ? realPath(folder.uri.fsPath) : undefined;
    if (top === undefined) return false;
    const relative = path.relative(top, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}

/** Opens a document beside the panel and selects a range (a click in a dashboard or a diagram). */
export async function revealRange(uri: vscode.Uri, range: WireRange, panelColumn: vscode.ViewColumn | undefined): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString() && e.viewColumn !== panelColumn);
  const column = visible?.viewColumn ?? (panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection, preserveFocus: false });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
