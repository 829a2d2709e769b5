import * as vscode from 'vscode';
import type * as v from 'valibot';
import { DataDocsState, type DataDocsToHost, type DataDocsToPage, type DataDocsView } from '../../../webviews/dataDocs/messages';
import { DataDocsToHost as ToHostSchema } from '../../../webviews/dataDocs/messages';
import { PanelRegistry, registerSerializer, WebviewPanelHost } from './base';

/**
 * The Data Docs panel (webviews/dataDocs): the latest `archipel/validate` run of this window, in the
 * spirit of Great Expectations' Data Docs — each expectation, its verdict, observed value,
 * unexpected values and rows. One panel; each run replaces what it shows. The page keeps the run in
 * its state: a reload redraws it, the serializer restores the panel from it.
 */
export class DataDocsPanel extends WebviewPanelHost<typeof DataDocsToHost, DataDocsToPage> {
  static readonly viewType = 'archipel.dataDocs';
  private static readonly key = 'latest';
  private static registry: PanelRegistry<DataDocsPanel> | undefined;
  private static latest: DataDocsView | undefined;

  private static panels(context: vscode.ExtensionContext): PanelRegistry<DataDocsPanel> {
    DataDocsPanel.registry ??= new PanelRegistry<DataDocsPanel>(context);
    return DataDocsPanel.registry;
  }

  /** Shows the panel (beside the editor) with `view`, the run to show (the latest when left out). */
  static show(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, view?: DataDocsView): DataDocsPanel {
    if (view) DataDocsPanel.latest = view;
    const panel = DataDocsPanel.panels(context).show(DataDocsPanel.key, DataDocsPanel.viewType, vscode.l10n.t('Data Docs'), (p) => new DataDocsPanel(p, context, log));
    if (view) void panel.post({ type: 'validation', view });
    return panel;
  }

  static registerSerializer(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
    return registerSerializer(DataDocsPanel.viewType, DataDocsState, (panel) => void DataDocsPanel.panels(context).add(new DataDocsPanel(panel, context, log)), log);
  }

  private constructor(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, log: vscode.LogOutputChannel) {
    super(panel, context, { viewType: DataDocsPanel.viewType, bundle: 'dataDocs', toHost: ToHostSchema }, log, DataDocsPanel.key);
    this.load(vscode.l10n.t('Data Docs'));
  }

  protected onReady(): void {
    const latest = DataDocsPanel.latest;
    void this.post(latest ? { type: 'validation', view: latest } : { type: 'empty' });
  }

  protected override onMessage(_message: v.InferOutput<typeof DataDocsToHost>): void {
    // Only the common messages (ready, reveal, rendered, pageError): the base handles them.
  }
}
