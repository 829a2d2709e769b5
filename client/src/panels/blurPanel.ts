import path from 'node:path';
import * as vscode from 'vscode';
import { parseBlurPageMessage, type BlurHostMessage, type BlurPanelData, type BlurPanelState } from '../../../webviews/shared/blurMessages';
import { BlurSaveRegionsRequest, type BlurFileReport, type BlurParams, type BlurResponse, type BlurSaveRegionsParams } from '../../../server/src/protocol';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** How the panel reaches the language server (archipel/blur runs in its blur process). */
export interface BlurPanelDeps {
  run(params: Omit<BlurParams, 'workDoneToken' | 'defaultFaceModel'>): Promise<BlurResponse | undefined>;
  request<R>(method: string, params: unknown): Promise<R>;
  log(message: string): void;
}

const PREVIEW_SIZE = 1600;

function toPanelData(uri: vscode.Uri, report: BlurFileReport): BlurPanelData | undefined {
  if (!report.preview || report.width === undefined || report.height === undefined) return undefined;
  return {
    uri: uri.toString(),
    name: path.basename(report.file),
    width: report.width,
    height: report.height!,
    regions: report.regions,
    removed: report.removed ?? [],
    thresholds: report.thresholds ?? { default: 0.5 },
    stages: report.stages,
    models: report.models,
    notes: report.notes,
    preview: { ...report.preview, mime: report.preview.mime === 'image/png' ? 'image/png' : 'image/jpeg' },
  };
}

/**
 * The before/after panel of one image: detection on open, thresholds re-run, box edits saved to
 * the sidecar (and the result re-rendered from it), Apply writes the blurred image from the sidecar.
 */
export class BlurPanel {
  static readonly viewType = 'archipel.blurPreview';
  private static readonly panels = new Map<string, BlurPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private thresholds: Record<string, number> | undefined;
  private loaded!: (report: BlurFileReport | undefined) => void;
  /** Settles with the first run's report once the page asked for it (the page loaded) and it came back. */
  readonly firstRun = new Promise<BlurFileReport | undefined>((resolve) => (this.loaded = resolve));

  /** Shows the panel of an image (one per image), running the detection. */
  static createOrShow(context: vscode.ExtensionContext, deps: BlurPanelDeps, image: vscode.Uri): BlurPanel {
    const existing = BlurPanel.panels.get(image.toString());
    if (existing) {
      existing.panel.reveal();
      void existing.refresh('model');
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(BlurPanel.viewType, `Blur: ${path.basename(image.fsPath)}`, vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    return new BlurPanel(panel, context, deps, image, undefined);
  }

  /** Restores a panel VS Code kept across a reload, from the page's saved state. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, deps: BlurPanelDeps, state: unknown): BlurPanel | undefined {
    const saved = state as BlurPanelState | undefined;
    let image: vscode.Uri | undefined;
    try {
      image = saved && typeof saved.uri === 'string' ? vscode.Uri.parse(saved.uri, true) : undefined;
    } catch {
      image = undefined;
    }
    if (!image || image.scheme !== 'file') {
      panel.dispose();
      return undefined;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    return new BlurPanel(panel, context, deps, image, saved?.thresholds);
  }

  static get open(): readonly BlurPanel[] {
    return [...BlurPanel.panels.values()];
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly deps: BlurPanelDeps,
    readonly image: vscode.Uri,
    thresholds: Record<string, number> | undefined,
  ) {
    this.thresholds = thresholds;
    BlurPanel.panels.set(image.toString(), this);
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'blur', `Blur: ${path.basename(image.fsPath)}`);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
    );
  }

  private post(message: BlurHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseBlurPageMessage(raw);
    if (!message) {
      this.deps.log(`blur panel: ignored a malformed message from the page: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      switch (message.type) {
        case 'ready':
          await this.refresh('model');
          break;
        case 'rerun':
          this.thresholds = message.thresholds;
          await this.refresh('model');
          break;
        case 'saveRegions': {
          if (!this.lastSize) throw new Error('the image has not been read yet');
          const params: BlurSaveRegionsParams = { uri: this.image.toString(), ...this.lastSize, regions: message.regions, removed: message.removed };
          await this.deps.request(BlurSaveRegionsRequest, params);
          await this.refresh('sidecar');
          break;
        }
        case 'apply': {
          this.post({ type: 'busy', what: 'Blurring…' });
          const response = await this.deps.run({ uris: [this.image.toString()], mode: 'blur', source: 'sidecar' });
          const report = response?.results[0];
          if (!report || report.error || !report.output) {
            this.post({ type: 'error', message: report?.error ?? 'The blur did not run.' });
            return;
          }
          this.post({ type: 'applied', output: path.basename(report.output) });
          const output = vscode.Uri.file(report.output);
          void vscode.window.showInformationMessage(`Archipel: saved ${path.basename(report.output)}.`, 'Open').then((choice) => {
            if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', output);
          });
          break;
        }
      }
    } catch (error) {
      this.loaded(undefined);
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The image's size as the last run read it: the sidecar's boxes are in these pixels. */
  private lastSize: { width: number; height: number } | undefined;

  /** Detection (`model`, sidecar written with the user's edits kept) or the sidecar's regions, with previews. */
  async refresh(source: 'model' | 'sidecar'): Promise<BlurFileReport | undefined> {
    this.post({ type: 'busy', what: source === 'model' ? 'Detecting…' : 'Rendering…' });
    const response = await this.deps.run({
      uris: [this.image.toString()],
      mode: 'detect',
      source,
      writeSidecar: source === 'model',
      previewSize: PREVIEW_SIZE,
      ...(this.thresholds ? { thresholds: this.thresholds } : {}),
    });
    const report = response?.results[0];
    this.loaded(report);
    if (!report) {
      this.post({ type: 'error', message: response ? 'No result for this image.' : 'The language server is not running.' });
      return undefined;
    }
    if (report.error) {
      this.post({ type: 'error', message: report.error });
      return report;
    }
    const data = toPanelData(this.image, report);
    if (!data) {
      this.post({ type: 'error', message: 'No preview came back for this image.' });
      return report;
    }
    this.lastSize = { width: data.width, height: data.height };
    this.post({ type: 'load', data });
    return report;
  }

  dispose(): void {
    this.loaded(undefined);
    BlurPanel.panels.delete(this.image.toString());
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
    this.panel.dispose();
  }
}
