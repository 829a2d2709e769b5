import type * as vscode from 'vscode';
import { RaciModelRequest } from '../../../server/src/protocol';
import { RaciState, RaciToHost } from '../../../webviews/raci/messages';
import type { ArchipelLanguageClient } from '../lsp/client';
import { DashboardPanel, Dashboards, type DashboardKind } from './dashboard';

const kind: DashboardKind<typeof RaciToHost, typeof RaciState> = {
  description: { viewType: 'archipel.raciDashboard', bundle: 'raci', toHost: RaciToHost },
  state: RaciState,
  request: RaciModelRequest,
  title: (fileName) => `RACI: ${fileName}`,
};

/** The RACI dashboard (webviews/raci): activities × roles of one `*.raci.yaml`, problems highlighted. */
export class RaciPanel extends DashboardPanel<typeof RaciToHost, typeof RaciState> {
  static readonly viewType = kind.description.viewType;

  constructor(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: ArchipelLanguageClient, uri: vscode.Uri) {
    super(panel, context, kind, client, uri);
  }

  static dashboards(context: vscode.ExtensionContext, client: ArchipelLanguageClient): Dashboards<RaciPanel> {
    return new Dashboards(context, kind, client.output, (panel, uri) => new RaciPanel(panel, context, client, uri));
  }
}
