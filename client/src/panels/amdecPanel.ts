import * as vscode from 'vscode';
import { AmdecModelRequest } from '../../../server/src/protocol';
import { AmdecState, AmdecToHost } from '../../../webviews/amdec/messages';
import type { ArchipelLanguageClient } from '../lsp/client';
import { DashboardPanel, Dashboards, type DashboardKind } from './dashboard';

const kind: DashboardKind<typeof AmdecToHost, typeof AmdecState> = {
  description: { viewType: 'archipel.riskDashboard', bundle: 'amdec', toHost: AmdecToHost },
  state: AmdecState,
  request: AmdecModelRequest,
  title: (fileName) => vscode.l10n.t('Risks: {0}', fileName),
};

/** The risk dashboard (webviews/amdec): matrix, Pareto, actions and revised ratings of one AMDEC/FMEA file. */
export class AmdecPanel extends DashboardPanel<typeof AmdecToHost, typeof AmdecState> {
  static readonly viewType = kind.description.viewType;

  constructor(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: ArchipelLanguageClient, uri: vscode.Uri) {
    super(panel, context, kind, client, uri);
  }

  static dashboards(context: vscode.ExtensionContext, client: ArchipelLanguageClient): Dashboards<AmdecPanel> {
    return new Dashboards(context, kind, client.output, (panel, uri) => new AmdecPanel(panel, context, client, uri));
  }
}
