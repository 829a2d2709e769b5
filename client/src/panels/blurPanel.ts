import path from 'node:path';
import * as vscode from 'vscode';
import type * as v from 'valibot';
import { BlurToHost, MAX_ORIGINAL_BYTES, type BlurHostMessage, type BlurOriginal, type BlurPanelData, type BlurPanelState } from '../../../webviews/shared/blurMessages';
import { type BlurFileReport, type BlurParams, type BlurResponse, type BlurSaveRegionsParams } from '../../../server/src/protocol';
import { PanelRegistry, WebviewPanelHost } from './base';

/** How the panel reaches the language server (archipel/blur runs in its blur process). */
export interface BlurPanelDeps {
  run(params: Omit<BlurParams, 'workDoneToken' | 'defaultFaceModel'>): Promise<BlurResponse | undefined>;
  /** Saves edited regions to the image's sidecar (archipel/blurSaveRegions). */
  saveRegions(params: BlurSaveRegionsParams): Promise<unknown>;
  /** The Archipel output: rejected page messages and page errors are logged there. */
  output: vscode.LogOutputChannel;
}

const PREVIEW_SIZE = 1600;

function toPanelData(uri: vscode.Uri, report: BlurFileReport): BlurPanelData | undefined {
  if (!report.preview || report.width === undefined || report.height === undefined) return undefined;
  return {
    uri: uri.toString(),
    name: path.basename(report.file),
    width: report.width,
    height: report.height,
    regions: report.regions,
    removed: report.removed ?? [],
    thresholds: report.thresholds ?? { default: 0.5 },
    stages: report.stages,
    models: report.models,
    notes: report.notes,
    preview: report.preview,
  };
}

const BROWSER_IMAGES: Record<string, BlurOriginal['mime']> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif' };

/** The image file as it is, for the page to show when the run failed (a format it can decode, not too large). */
async function originalOf(image: vscode.Uri): Promise<BlurOriginal | undefined> {
  const mime = BROWSER_IMAGES[path.extname(image.path).toLowerCase()];
  if (!mime) return undefined;
  try {
    const { size } = await vscode.workspace.fs.stat(image);
    if (size > MAX_ORIGINAL_BYTES) return undefined;
    return { mime, base64: Buffer.from(await vscode.workspace.fs.readFile(image)).toString('base64') };
  } catch {
    return undefined;
  }
}

/**
 * The before/after panel of one image: detection on open, thresholds re-run, box edits saved to
 * the sidecar (and the result re-rendered from it), Apply writes the blurred image from the sidecar.
 * A panel of the shared base (./base.ts): one per image, restored by its serializer.
 */
export class BlurPanel extends WebviewPanelHost<typeof BlurToHost, BlurHostMessage> {
  static readonly viewType = 'archipel.blurPreview';
  private static registry: PanelRegistry<BlurPanel> | undefined;
  private thresholds: Record<string, number> | undefined;
  private loaded!: (report: BlurFileReport | undefined) => void;
  /** Settles with the first run's report once the page asked for it (the page loaded) and it came back. */
  readonly firstRun = new Promise<BlurFileReport | undefined>((resolve) => (this.loaded = resolve));

  private static panels(context: vscode.ExtensionContext): PanelRegistry<BlurPanel> {
    BlurPanel.registry ??= new PanelRegistry<BlurPanel>(context);
    return BlurPanel.registry;
  }

  /** Shows the panel of an image (one per image), running the detection. */
  static createOrShow(context: vscode.ExtensionContext, deps: BlurPanelDeps, image: vscode.Uri): BlurPanel {
    const existing = BlurPanel.panels(context).get(image.toString());
    if (existing && !existing.isDisposed) {
      existing.panel.reveal();
      void existing.refresh('model');
      return existing;
    }
    return BlurPanel.panels(context).show(image.toString(), BlurPanel.viewType, vscode.l10n.t('Blur: {0}', path.basename(image.fsPath)), (panel) => new BlurPanel(panel, context, deps, image, undefined), vscode.ViewColumn.Active);
  }

  /** Restores a panel VS Code kept across a reload, from the page's saved state. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, deps: BlurPanelDeps, state: BlurPanelState): BlurPanel | undefined {
    let image: vscode.Uri | undefined;
    try {
      image = vscode.Uri.parse(state.uri, true);
    } catch {
      image = undefined;
    }
    if (!image || image.scheme !== 'file') {
      panel.dispose();
      return undefined;
    }
    return BlurPanel.panels(context).add(new BlurPanel(panel, context, deps, image, state.thresholds));
  }

  static get open(): readonly BlurPanel[] {
    return BlurPanel.registry?.all() ?? [];
  }

  private constructor(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly deps: BlurPanelDeps,
    readonly image: vscode.Uri,
    thresholds: Record<string, number> | undefined,
  ) {
    super(panel, context, { viewType: BlurPanel.viewType, bundle: 'blur', toHost: BlurToHost }, deps.output, image.toString());
    this.thresholds = thresholds;
    // The preview's detections and edits live in the extension's storage, not beside the image:
    // opening a preview writes nothing into the workspace (Apply writes the blurred image, asked for).
    this.sidecarFolder = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'blur-preview').fsPath;
    this.load(vscode.l10n.t('Blur: {0}', path.basename(image.fsPath)));
  }

  protected async onReady(): Promise<void> {
    try {
      await this.refresh('model');
    } catch (error) {
      this.loaded(undefined);
      await this.showFailure(error instanceof Error ? error.message : String(error));
    }
  }

  /** The error, with the original image (the page shows it even though nothing came back). */
  private async showFailure(message: string): Promise<void> {
    await this.post({ type: 'error', message, original: await originalOf(this.image) });
  }

  protected override async onMessage(message: v.InferOutput<typeof BlurToHost>): Promise<void> {
    try {
      switch (message.type) {
        case 'rerun':
          this.thresholds = message.thresholds;
          await this.refresh('model');
          break;
        case 'saveRegions': {
          if (!this.lastSize) throw new Error(vscode.l10n.t('the image has not been read yet'));
          const params: BlurSaveRegionsParams = { uri: this.image.toString(), sidecarFolder: this.sidecarFolder, ...this.lastSize, regions: message.regions, removed: message.removed };
          await this.deps.saveRegions(params);
          await this.refresh('sidecar');
          break;
        }
        case 'apply': {
          this.post({ type: 'busy', what: vscode.l10n.t('Blurring…') });
          const response = await this.deps.run({ uris: [this.image.toString()], mode: 'blur', source: 'sidecar', sidecarFolder: this.sidecarFolder });
          const report = response?.results[0];
          if (!report || report.error || !report.output) {
            this.post({ type: 'error', message: report?.error ?? vscode.l10n.t('The blur did not run.') });
            return;
          }
          this.post({ type: 'applied', output: path.basename(report.output) });
          const output = vscode.Uri.file(report.output);
          const open = vscode.l10n.t('Open');
          void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: saved {0}.', path.basename(report.output)), open).then((choice) => {
            if (choice === open) void vscode.commands.executeCommand('vscode.open', output);
          });
          break;
        }
      }
    } catch (error) {
      this.loaded(undefined);
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private readonly sidecarFolder: string;

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
      sidecarFolder: this.sidecarFolder,
      previewSize: PREVIEW_SIZE,
      ...(this.thresholds ? { thresholds: this.thresholds } : {}),
    });
    const report = response?.results[0];
    this.loaded(report);
    if (!report) {
      await this.showFailure(response ? vscode.l10n.t('No result for this image.') : vscode.l10n.t('The language server is not running.'));
      return undefined;
    }
    if (report.error) {
      await this.showFailure(report.error);
      return report;
    }
    const data = toPanelData(this.image, report);
    if (!data) {
      await this.showFailure(vscode.l10n.t('No preview came back for this image.'));
      return report;
    }
    this.lastSize = { width: data.width, height: data.height };
    this.post({ type: 'load', data });
    return report;
  }

  override dispose(): void {
    this.loaded(undefined);
    super.dispose();
  }
}
