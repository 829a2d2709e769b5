import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as v from 'valibot';
import {
  DiagramRequest,
  MermaidSourcesRequest,
  type MermaidSourceData,
} from '../../../server/src/protocol';
import { DrawingCache } from '../../../webviews/diagram/drawingCache';
import { DiagramState, DiagramToHost, type DiagramOrigin, type DiagramPageData, type DiagramToPage } from '../../../webviews/diagram/messages';
import type { ArchipelLanguageClient } from '../lsp/client';
import { PanelRegistry, registerSerializer, WebviewPanelHost } from './base';
import { exportTarget, writeExport, type IfExists } from './diagramExport';

/** How long typing settles before the preview redraws, and generated diagrams before they are asked again. */
const SOURCE_DELAY_MS = 150;
const GENERATED_DELAY_MS = 500;

/** This extension host's run: a page's saved state says in which run the host kept its drawing. */
const SESSION = randomBytes(8).toString('hex');

function keyOf(origin: DiagramOrigin): string {
  return origin.kind === 'file' ? `file:${origin.uri}` : `generated:${origin.diagram}:${origin.scope ?? ''}`;
}

/** The tab's title: a file's name, or a generated diagram's title (the server's, once drawn) and its scope. */
function tabTitle(origin: DiagramOrigin, title?: string): string {
  if (origin.kind === 'file') return vscode.l10n.t('Diagram: {0}', path.posix.basename(vscode.Uri.parse(origin.uri).path));
  const shown = title ?? vscode.l10n.t('Diagram');
  return origin.scope ? `${shown}: ${path.posix.basename(vscode.Uri.parse(origin.scope).path)}` : shown;
}

type ExportMessage = Extract<v.InferOutput<typeof DiagramToHost>, { type: 'export' }>;

/**
 * The diagram panel (webviews/diagram): a Mermaid file's or block's preview, live while typing, or
 * a diagram the server generates from the workspace (Kubernetes topology, workflow jobs, ADR graph),
 * redrawn when files change. Exports the current diagram to SVG and PNG next to its source.
 */
export class DiagramPanel extends WebviewPanelHost<typeof DiagramToHost, DiagramToPage> {
  static readonly viewType = 'archipel.diagram';
  private static registry: PanelRegistry<DiagramPanel> | undefined;
  /** The panel the export command acts on: the one last shown or focused. */
  private static active: DiagramPanel | undefined;
  /** Drawings the pages sent back, by text: a panel re-opened or shown again shows them at once. */
  private static readonly drawings = new DrawingCache();
  /** The text each panel (by key) last showed, by hash: a panel opened again knows whether its drawing is kept. */
  private static readonly lastShown = new Map<string, string>();
  /** The texts this panel sent its page (by hash): the only ones it takes drawings for. */
  private readonly sentTexts = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private version = 0;
  /** For Markdown: the block shown (the one under the cursor, else the last one shown). */
  private block = 0;
  private blocks: MermaidSourceData[] = [];
  /** The server's files (a generated diagram's): a changed document outside them does not redraw it. */
  private readonly selector: vscode.DocumentFilter[];
  private pendingExport: { resolve: (message: ExportMessage) => void; reject: (error: Error) => void } | undefined;
  /** The page has said it listens; until then the latest diagram waits here. */
  private pageReady = false;
  private latest: Promise<DiagramToPage> | undefined;

  private static panels(context: vscode.ExtensionContext): PanelRegistry<DiagramPanel> {
    DiagramPanel.registry ??= new PanelRegistry<DiagramPanel>(context);
    return DiagramPanel.registry;
  }

  static createOrShow(context: vscode.ExtensionContext, client: ArchipelLanguageClient, origin: DiagramOrigin): DiagramPanel {
    return DiagramPanel.open(context, client, origin).panel;
  }

  /**
   * Shows the diagram full width (the walkthrough's step, #98): a new preview opens beside the text, as always, and its
   * editor group is then maximized — the whole editor area, not a third of it beside the walkthrough and the text, where
   * Fit drew the example's labels at 3.8 px. Double-clicking its tab gives the other groups back. A preview already
   * shown is only revealed: the user's layout is theirs.
   */
  static async createOrShowWide(context: vscode.ExtensionContext, client: ArchipelLanguageClient, origin: DiagramOrigin): Promise<DiagramPanel> {
    const { panel, created } = DiagramPanel.open(context, client, origin);
    if (created) {
      // The maximize command acts on the active group: the preview's, focused.
      panel.panel.reveal(panel.panel.viewColumn, false);
      // An editor without the command (before VS Code 1.85) leaves the preview beside, as Preview Diagram opens it.
      await Promise.resolve(vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup')).catch((error: unknown) => client.output.warn(`The diagram preview could not be maximized: ${error instanceof Error ? error.message : String(error)}`));
    }
    return panel;
  }

  private static open(context: vscode.ExtensionContext, client: ArchipelLanguageClient, origin: DiagramOrigin): { panel: DiagramPanel; created: boolean } {
    const registry = DiagramPanel.panels(context);
    const existing = registry.get(keyOf(origin));
    const panel = registry.show(keyOf(origin), DiagramPanel.viewType, tabTitle(origin), (p) => new DiagramPanel(p, context, client, origin));
    DiagramPanel.active = panel;
    // A new page asks for its diagram when it is ready; an existing one is brought up to date.
    if (panel === existing) void panel.refresh();
    return { panel, created: panel !== existing };
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: ArchipelLanguageClient, state: DiagramState): DiagramPanel {
    return DiagramPanel.panels(context).add(new DiagramPanel(panel, context, client, state.origin));
  }

  static current(): DiagramPanel | undefined {
    return DiagramPanel.active && !DiagramPanel.active.isDisposed ? DiagramPanel.active : DiagramPanel.registry?.all().at(-1);
  }

  static register(context: vscode.ExtensionContext, client: ArchipelLanguageClient): vscode.Disposable {
    return registerSerializer(DiagramPanel.viewType, DiagramState, (panel, state) => void DiagramPanel.revive(panel, context, client, state), client.output);
  }

  private constructor(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: ArchipelLanguageClient,
    readonly origin: DiagramOrigin,
  ) {
    super(panel, context, { viewType: DiagramPanel.viewType, bundle: 'diagram', toHost: DiagramToHost }, client.output, keyOf(origin));
    // A generated diagram may change with any file the server reads (any family's: concerns()).
    const glob = origin.kind === 'file' ? '**/*.{mmd,mermaid,md,markdown}' : '**/*';
    this.selector = origin.kind === 'file' ? [] : client.serverFiles().patterns.map((pattern) => ({ scheme: 'file', pattern }));
    const watcher = vscode.workspace.createFileSystemWatcher(glob);
    const delay = origin.kind === 'file' ? SOURCE_DELAY_MS : GENERATED_DELAY_MS;
    const onFile = (uri: vscode.Uri) => {
      if (this.concerns(uri)) this.schedule(delay);
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(onFile),
      watcher.onDidCreate(onFile),
      watcher.onDidDelete(onFile),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.concerns(e.document.uri)) this.schedule(delay);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.followCursor(e.textEditor)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) DiagramPanel.active = this;
      }),
      { dispose: () => clearTimeout(this.timer) },
    );
    const last = DiagramPanel.lastShown.get(this.key);
    this.load(tabTitle(origin), { session: SESSION, kept: last !== undefined && DiagramPanel.drawings.has(last), generated: origin.kind === 'generated' } satisfies DiagramPageData);
    // The server computes the diagram while the page loads: both are ready sooner.
    this.latest = this.compute();
  }

  /** Whether a change of this file may change the diagram: a generated one, any file the server reads (package.json's `archipel` patterns). */
  private concerns(uri: vscode.Uri): boolean {
    if (this.origin.kind === 'file') return uri.toString() === this.origin.uri;
    if (/\/(\.git|node_modules)\//.test(uri.path)) return false;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return document ? vscode.languages.match(this.selector, document) > 0 : true;
  }

  /** In Markdown, the preview shows the block the cursor is in. */
  private followCursor(editor: vscode.TextEditor): void {
    if (this.origin.kind !== 'file' || editor.document.uri.toString() !== this.origin.uri) return;
    const line = editor.selection.active.line;
    const index = this.blocks.findIndex((b) => line >= b.block.start.line && line <= b.block.end.line);
    if (index >= 0 && index !== this.block) {
      this.block = index;
      void this.refresh();
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  protected async onReady(): Promise<void> {
    this.pageReady = true;
    const first = this.latest;
    if (!first) return this.refresh();
    const version = this.version;
    const message = await first;
    if (version === this.version) await this.post(this.withDrawings(message));
  }

  /** The message with the drawings kept of its text, as they are when it is sent (a page shown again gets the drawing it made). */
  private withDrawings(message: DiagramToPage): DiagramToPage {
    if (message.type !== 'diagram' || !message.textHash) return message;
    const cached = DiagramPanel.drawings.get(message.textHash);
    return { ...message, cached: cached.length > 0 ? cached : undefined };
  }

  /** The diagram's text from the server, as the message the page draws. */
  private async compute(): Promise<DiagramToPage> {
    try {
      const message = this.origin.kind === 'file' ? await this.fileDiagram(this.origin) : await this.generated(this.origin);
      if (message.type !== 'diagram' || !message.mermaid.trim()) return message;
      const textHash = createHash('sha256').update(message.mermaid).digest('hex');
      if (this.sentTexts.size >= 16) this.sentTexts.clear();
      this.sentTexts.add(textHash);
      DiagramPanel.lastShown.set(this.key, textHash);
      return { ...message, textHash };
    } catch (error) {
      return { type: 'diagram', origin: this.origin, title: tabTitle(this.origin), mermaid: '', sources: [], notice: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Asks the server again and sends the result to the page (the latest request wins). */
  async refresh(): Promise<void> {
    const version = ++this.version;
    const pending = this.compute();
    this.latest = pending;
    const message = await pending;
    if (version === this.version && this.pageReady) await this.post(this.withDrawings(message));
  }

  private async fileDiagram(origin: Extract<DiagramOrigin, { kind: 'file' }>): Promise<DiagramToPage> {
    const uri = vscode.Uri.parse(origin.uri);
    const name = path.posix.basename(uri.path);
    const { sources } = await this.client.request(MermaidSourcesRequest, { uri: origin.uri });
    this.blocks = sources;
    if (sources.length === 0) return { type: 'diagram', origin, title: name, mermaid: '', sources: [], notice: vscode.l10n.t('{0} has no Mermaid diagram (a ```mermaid block).', name) };
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === origin.uri);
    if (editor) {
      const line = editor.selection.active.line;
      const under = sources.findIndex((b) => line >= b.block.start.line && line <= b.block.end.line);
      if (under >= 0) this.block = under;
    }
    this.block = Math.min(this.block, sources.length - 1);
    const source = sources[this.block];
    const where = sources.length > 1 || /\.(md|markdown)$/i.test(uri.path) ? vscode.l10n.t('Block {0} of {1}, line {2}', this.block + 1, sources.length, source.line) : undefined;
    return { type: 'diagram', origin, title: name, mermaid: source.text, sources: [], notice: where, firstLine: source.line };
  }

  private async generated(origin: Extract<DiagramOrigin, { kind: 'generated' }>): Promise<DiagramToPage> {
    const result = await this.client.request(DiagramRequest, { kind: origin.diagram, scope: origin.scope });
    this.panel.title = tabTitle(origin, result.title);
    const notes = [result.empty, result.broken === 1 ? vscode.l10n.t('1 broken reference (red, dashed)') : result.broken > 1 ? vscode.l10n.t('{0} broken references (red, dashed)', result.broken) : undefined].filter(Boolean);
    // The page draws the graph; the text (what the CLI prints) names the drawing the host keeps.
    if (result.empty) return { type: 'diagram', origin, title: result.title, mermaid: '', sources: [], notice: notes.join(' · ') || undefined };
    return { type: 'diagram', origin, title: result.title, mermaid: result.mermaid, graph: result.graph, sources: result.sources, notice: notes.join(' · ') || undefined };
  }

  protected override onMessage(message: v.InferOutput<typeof DiagramToHost>): void {
    const waiting = this.pendingExport;
    if (message.type === 'drawing') {
      if (this.sentTexts.has(message.textHash)) DiagramPanel.drawings.put(message.textHash, message.drawing);
    } else if (message.type === 'export') {
      this.pendingExport = undefined;
      if (waiting) waiting.resolve(message);
      else void this.write(message, 'ask').catch((error: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: {0}', error instanceof Error ? error.message : String(error))));
    } else if (message.type === 'exportFailed') {
      this.pendingExport = undefined;
      if (waiting) waiting.reject(new Error(message.message));
      else void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: {0}', message.message));
    }
  }

  /** Writes what the page exported (its toolbar buttons) next to the source. */
  private async write(message: ExportMessage, ifExists: IfExists): Promise<vscode.Uri | undefined> {
    const target = exportTarget(this.origin, this.block, message.format);
    if (!target) throw new Error(vscode.l10n.t('There is no folder to write the export to.'));
    const written = await writeExport(this.client, target, message.format, message.svg, ifExists);
    if (written && ifExists === 'ask') {
      const open = vscode.l10n.t('Open');
      void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: wrote {0}.', path.posix.basename(written.path)), open).then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('vscode.open', written);
      });
    }
    return written;
  }

  /** Exports the current diagram (the command): asks the page for its SVG, then writes it. */
  async export(format: 'svg' | 'png', ifExists: IfExists = 'ask', timeoutMs = 30_000): Promise<vscode.Uri | undefined> {
    const message = await new Promise<ExportMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingExport = undefined;
        reject(new Error(vscode.l10n.t('The diagram page did not answer the export.')));
      }, timeoutMs);
      this.pendingExport = {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      void this.post({ type: 'exportRequest', format });
    });
    return this.write(message, ifExists);
  }
}
