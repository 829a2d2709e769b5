import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { walkthroughStepDone } from './walkthrough';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import { BlurRequest, BlurSaveRegionsRequest, DEFAULT_FACE_MODEL, DownloadFaceModelRequest, IMAGE_EXTENSIONS, type BlurParams, type BlurResponse } from '../../../server/src/protocol';
import type { ArchipelLanguageClient } from '../lsp/client';
import { BlurStateSchema } from '../../../webviews/shared/blurMessages';
import { registerSerializer } from '../panels/base';
import { BlurPanel, type BlurPanelDeps } from '../panels/blurPanel';

export interface BlurDeps {
  client: ArchipelLanguageClient;
}

function isImage(uri: vscode.Uri): boolean {
  return IMAGE_EXTENSIONS.some((ext) => uri.path.toLowerCase().endsWith(ext));
}

/** The downloaded default face model, if the download command has run. */
export function defaultFaceModel(context: vscode.ExtensionContext): string | undefined {
  const file = vscode.Uri.joinPath(context.globalStorageUri, 'models', DEFAULT_FACE_MODEL.name).fsPath;
  return existsSync(file) ? file : undefined;
}

/** What a command applies to: the explorer selection, else the image open in the editor, else a picker. */
async function targets(uri: unknown, uris: unknown): Promise<vscode.Uri[]> {
  if (Array.isArray(uris) && uris.length > 0 && uris.every((u) => u instanceof vscode.Uri)) return uris;
  if (uri instanceof vscode.Uri) return [uri];
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  if (active && isImage(active)) return [active];
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: vscode.l10n.t('Select images or folders'),
    filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS.map((e) => e.slice(1)) },
  });
  return picked ?? [];
}

/** Sends archipel/blur (with the downloaded default face model, if any); no UI. */
async function sendBlur(context: vscode.ExtensionContext, deps: BlurDeps, params: Omit<BlurParams, 'defaultFaceModel'>, token?: vscode.CancellationToken): Promise<BlurResponse | undefined> {
  const client = deps.client.languageClient;
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the language server is not running.'));
    return undefined;
  }
  const model = defaultFaceModel(context);
  const request = { ...params, ...(model ? { defaultFaceModel: model } : {}) };
  // An explicit `undefined` token would be sent as a second positional parameter.
  return (await (token ? client.sendRequest(BlurRequest, request, token) : client.sendRequest(BlurRequest, request)));
}

/**
 * Runs `send` under a notification that shows the server's $/progress reports on a fresh
 * work-done token (and its Cancel button when `cancellable`).
 */
export function withServerProgress<T>(
  client: NonNullable<ArchipelLanguageClient['languageClient']>,
  title: string,
  cancellable: boolean,
  send: (token: string, cancellation: vscode.CancellationToken) => Promise<T>,
): Thenable<T> {
  const token = `archipel-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, async (progress, cancellation) => {
    let reported = 0;
    const listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind !== 'report') return;
      const percentage = value.percentage ?? reported;
      progress.report({ message: value.message, increment: percentage - reported });
      reported = percentage;
    });
    try {
      return await send(token, cancellation);
    } finally {
      listener.dispose();
    }
  });
}

/**
 * Sends archipel/blur with a cancellable notification showing per-image progress; the server runs
 * the job in its blur process.
 */
export async function runBlur(context: vscode.ExtensionContext, deps: BlurDeps, params: Omit<BlurParams, 'workDoneToken' | 'defaultFaceModel'>): Promise<BlurResponse | undefined> {
  const client = deps.client.languageClient;
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the language server is not running.'));
    return undefined;
  }
  const title = params.mode === 'blur' ? vscode.l10n.t('Archipel: blurring faces and plates') : vscode.l10n.t('Archipel: detecting sensitive regions');
  return withServerProgress(client, title, true, (token, cancellation) => sendBlur(context, deps, { ...params, workDoneToken: token }, cancellation));
}

function panelDeps(context: vscode.ExtensionContext, deps: BlurDeps): BlurPanelDeps {
  return {
    run: (params) => sendBlur(context, deps, params),
    saveRegions: (params) => deps.client.request(BlurSaveRegionsRequest, params),
    output: deps.client.output,
  };
}

/** Opens the before/after panel of an image. */
function showPanel(context: vscode.ExtensionContext, deps: BlurDeps, image: vscode.Uri): BlurPanel {
  return BlurPanel.createOrShow(context, panelDeps(context, deps), image);
}

/** The archipel.yaml nearest above an image, within its workspace folder: where its blur configuration is. */
function nearestConfigFile(image: string): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(image))?.uri.fsPath;
  if (!folder) return undefined;
  for (let dir = path.dirname(image); dir.startsWith(folder); dir = path.dirname(dir)) {
    for (const name of ['archipel.yaml', 'archipel.yml']) if (existsSync(path.join(dir, name))) return vscode.Uri.file(path.join(dir, name));
    if (dir === folder || path.dirname(dir) === dir) break;
  }
  return undefined;
}

/**
 * The fixes a notification offers when every image failed (the message says why: the first
 * failure): the settings, the archipel.yaml that configures the image, the face model download.
 */
function fixesFor(response: BlurResponse): { label: string; run: () => Thenable<unknown> }[] {
  const first = response.results.find((r) => r.error);
  if (!first || response.results.some((r) => !r.error)) return [];
  const fixes = [{ label: vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'archipel.blur') }];
  const config = nearestConfigFile(first.file);
  if (config) fixes.push({ label: vscode.l10n.t('Open archipel.yaml'), run: () => vscode.window.showTextDocument(config) });
  // The server words the failure in the editor's language: "model …" in English, "modèle …" in French.
  if (/model|modèle/i.test(first.error ?? '')) fixes.push({ label: vscode.l10n.t('Download Face Model'), run: () => vscode.commands.executeCommand('archipel.downloadFaceModel') });
  return fixes;
}

/** Notification with the summary; per-image details and failure reasons go to the output channel. */
async function report(context: vscode.ExtensionContext, deps: BlurDeps, response: BlurResponse): Promise<void> {
  const summary = response.summary;
  const output = deps.client.output;
  output.info(summary.message);
  for (const line of summary.details) {
    if (line.includes(': failed: ')) output.error(line);
    else output.info(line);
  }
  const single = response.results.length === 1 ? response.results[0] : undefined;
  const details = vscode.l10n.t('Show Details');
  const openResult = vscode.l10n.t('Open Result');
  const beforeAfter = vscode.l10n.t('Before / After');
  const actions: string[] = [details];
  if (single?.output) actions.unshift(openResult);
  if (single && !single.error) actions.unshift(beforeAfter);
  const fixes = fixesFor(response);
  actions.unshift(...fixes.map((f) => f.label));
  const show = summary.failed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(vscode.l10n.t('Archipel: {0}', summary.message), ...actions);
  const fix = fixes.find((f) => f.label === choice);
  if (fix) await fix.run();
  else if (choice === details) output.show(true);
  else if (choice === openResult && single?.output) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(single.output));
  else if (choice === beforeAfter && single) showPanel(context, deps, vscode.Uri.file(single.file));
}

async function blurCommand(context: vscode.ExtensionContext, deps: BlurDeps, mode: 'detect' | 'blur', uri: unknown, uris: unknown): Promise<BlurResponse | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: blurring runs model files from the workspace; trust this workspace first (Workspaces: Manage Workspace Trust).'));
    return undefined;
  }
  const selected = await targets(uri, uris);
  if (selected.length === 0) return undefined;
  const response = await runBlur(context, deps, { uris: selected.map((u) => u.toString()), mode });
  if (!response) return undefined;
  if (mode === 'blur' && !response.cancelled && response.results.length > 0 && response.results.every((r) => !r.error)) await walkthroughStepDone('imageBlurred');
  // A single image detected opens the panel on it: that is where boxes are checked and fixed.
  const single = response.results.length === 1 && !response.results[0].error ? response.results[0] : undefined;
  if (mode === 'detect' && single) showPanel(context, deps, vscode.Uri.file(single.file));
  else void report(context, deps, response);
  return response;
}

/** Download Default Face Model: the server downloads and verifies it into the extension's storage. */
async function downloadModel(context: vscode.ExtensionContext, deps: BlurDeps): Promise<string | undefined> {
  const client = deps.client.languageClient;
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the language server is not running.'));
    return undefined;
  }
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'models').fsPath;
  try {
    const { file: target, outcome } = await withServerProgress(client, vscode.l10n.t('Archipel: downloading {0} (YuNet, {1})', DEFAULT_FACE_MODEL.name, DEFAULT_FACE_MODEL.licence), false, async (token) =>
      await client.sendRequest(DownloadFaceModelRequest, { folder, workDoneToken: token }),
    );
    deps.client.output.info(`default face model ${outcome === 'already' ? 'already present' : 'downloaded'}: ${target}`);
    void vscode.window.showInformationMessage(
      outcome === 'already'
        ? vscode.l10n.t('Archipel: the default face model is already there; it is used when no blur.faceModel is configured.')
        : vscode.l10n.t('Archipel: the default face model is downloaded and verified; it is used when no blur.faceModel is configured.'),
    );
    return target;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.client.output.error(`default face model: ${message}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Archipel: the default face model could not be downloaded: {0} You can fetch {1} (sha256 {2}) yourself and set archipel.blur.faceModel or blur.faceModel in archipel.yaml.', message, DEFAULT_FACE_MODEL.name, DEFAULT_FACE_MODEL.sha256),
    );
    return undefined;
  }
}

/** Blur Faces and Plates, Detect Sensitive Regions, Blur Preview, Download Default Face Model; the panel's serializer. */
export function register(context: vscode.ExtensionContext, deps: BlurDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('archipel.showBlurPreview', async (uri?: unknown, uris?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the blur preview runs model files from the workspace; trust this workspace first.'));
        return undefined;
      }
      const [image] = (await targets(uri, uris)).filter(isImage);
      if (!image) return undefined;
      // Resolves once the page has loaded and shown the first detection (tests wait on it).
      const report = await showPanel(context, deps, image).firstRun;
      return report && { file: report.file, regions: report.regions.length, error: report.error };
    }),
    registerSerializer(
      BlurPanel.viewType,
      BlurStateSchema,
      (panel, state) => {
        if (!vscode.workspace.isTrusted) {
          panel.dispose();
          return;
        }
        BlurPanel.revive(panel, context, panelDeps(context, deps), state);
      },
      deps.client.output,
    ),
    vscode.commands.registerCommand('archipel.blurImages', (uri?: unknown, uris?: unknown) => blurCommand(context, deps, 'blur', uri, uris)),
    vscode.commands.registerCommand('archipel.detectRegions', (uri?: unknown, uris?: unknown) => blurCommand(context, deps, 'detect', uri, uris)),
    vscode.commands.registerCommand('archipel.downloadFaceModel', () => downloadModel(context, deps)),
  );
}
