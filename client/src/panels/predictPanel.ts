import * as vscode from 'vscode';
import type * as v from 'valibot';
import type { PredictResponse } from '../../../server/src/protocol/predict';
import { PredictState, PredictToHost, type PredictToPage } from '../../../webviews/predict/messages';
import { receive } from '../../../webviews/shared/messages';
import { PanelRegistry, registerSerializer, WebviewPanelHost } from './base';

type Result = v.InferOutput<typeof PredictState>['result'];

/** Where the window's last run is kept across reloads (the workspace's memento). */
const LATEST_KEY = 'archipel.predictionDashboard.latest';
/** Bigger results are not kept across reloads (the series are downsampled: a run is usually ~50 KB). */
const MAX_KEPT_CHARS = 4_000_000;

/** One run's identity: the same run reported twice (the request's answer and the notification) is drawn once. */
const runKey = (result: PredictResponse) => JSON.stringify([result.output, result.rows, result.ms]);

/**
 * The Prediction dashboard (webviews/predict): the latest `archipel/predict` run of this window.
 * One panel; every run's result (`archipel/predictionResult`) is forwarded to it, so it follows a
 * re-run live. The page keeps the result it shows in its state: a reload redraws it without running
 * the model again, and the serializer restores the panel from that state.
 */
export class PredictionDashboard extends WebviewPanelHost<typeof PredictToHost, PredictToPage> {
  static readonly viewType = 'archipel.predictionDashboard';
  private static readonly key = 'latest';
  private static registry: PanelRegistry<PredictionDashboard> | undefined;
  /** The last run of this window (none after a reload until Predict runs again). */
  private static latest: PredictResponse | undefined;
  private static latestKey: string | undefined;

  /** The workspace's memento: the last run survives a window reload, for a restored panel and for Show. */
  private static memento: vscode.Memento | undefined;

  private static panels(context: vscode.ExtensionContext): PanelRegistry<PredictionDashboard> {
    PredictionDashboard.registry ??= new PanelRegistry<PredictionDashboard>(context);
    PredictionDashboard.remember(context);
    return PredictionDashboard.registry;
  }

  /** After a reload: the run kept in the workspace's memento, validated as a page would validate it. */
  private static remember(context: vscode.ExtensionContext): void {
    if (PredictionDashboard.memento) return;
    PredictionDashboard.memento = context.workspaceState;
    if (PredictionDashboard.latest) return;
    const kept = receive(PredictState, context.workspaceState.get<unknown>(LATEST_KEY));
    if (kept.ok) PredictionDashboard.latest = kept.message.result;
  }

  /** Shows the dashboard (beside the editor), with the latest run if there is one. */
  static show(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): PredictionDashboard {
    return PredictionDashboard.panels(context).show(PredictionDashboard.key, PredictionDashboard.viewType, vscode.l10n.t('Prediction Dashboard'), (panel) => new PredictionDashboard(panel, context, log, undefined));
  }

  /** A run's result (from Predict's answer or the server's notification): kept, and drawn by an open dashboard. */
  static receive(result: PredictResponse): void {
    const key = runKey(result);
    if (key === PredictionDashboard.latestKey) return;
    PredictionDashboard.latest = result;
    PredictionDashboard.latestKey = key;
    const text = JSON.stringify({ result });
    if (text.length <= MAX_KEPT_CHARS) void PredictionDashboard.memento?.update(LATEST_KEY, JSON.parse(text) as unknown);
    for (const panel of PredictionDashboard.registry?.all() ?? []) {
      panel.shown = result;
      void panel.post({ type: 'result', result });
    }
  }

  static get open(): readonly PredictionDashboard[] {
    return PredictionDashboard.registry?.all() ?? [];
  }

  /** Restores the panel after a reload, from the result the page kept. */
  static registerSerializer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
    PredictionDashboard.remember(context);
    return registerSerializer(PredictionDashboard.viewType, PredictState, (panel, state) => void PredictionDashboard.panels(context).add(new PredictionDashboard(panel, context, log, state.result)), log);
  }

  /** What the page shows: the files it may ask to open are this result's. */
  private shown: Result | undefined;

  private constructor(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, log: vscode.LogOutputChannel, kept: Result | undefined) {
    super(panel, context, { viewType: PredictionDashboard.viewType, bundle: 'predict', toHost: PredictToHost }, log, PredictionDashboard.key);
    this.shown = PredictionDashboard.latest ?? kept;
    this.load(vscode.l10n.t('Prediction Dashboard'));
  }

  /**
   * The page is listening: the window's last run, else the one this panel was restored with (the host
   * sends it too, so the page need not rely on its own kept state), else nothing yet.
   */
  protected onReady(): void {
    const result = PredictionDashboard.latest ?? this.shown;
    if (result) this.shown = result;
    void this.post(result ? { type: 'result', result } : { type: 'empty' });
  }

  protected override async onMessage(message: v.InferOutput<typeof PredictToHost>): Promise<void> {
    if (message.type === 'retrain') {
      // The drift verdict's action: the folder of the predicted CSV queues its pipeline's retrain stage.
      if (this.shown) await vscode.commands.executeCommand('archipel.retrainAsExperiment', vscode.Uri.file(this.shown.input));
      return;
    }
    if (message.type !== 'open') return;
    // The page may only open the files of the result it shows, never a path it makes up.
    const shown = this.shown;
    if (!shown || ![shown.output, shown.input, shown.model].includes(message.path)) {
      this.log.warn(`${PredictionDashboard.viewType}: refused to open ${JSON.stringify(message.path)}: not a file of the result shown`);
      return;
    }
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(message.path), { viewColumn: vscode.ViewColumn.One });
  }
}
