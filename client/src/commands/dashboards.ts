import * as vscode from 'vscode';
import { walkthroughStepDone } from './walkthrough';
import type { ArchipelLanguageClient } from '../lsp/client';
import { riskDashboard } from '../panels/amdecPanel';
import { dashboardsOf } from '../panels/dashboard';
import { raciDashboard } from '../panels/raciPanel';

/** The file a dashboard command is about: its argument (a URI, from a menu or a test), else the active editor's. */
function targetFile(arg: unknown, pattern: RegExp, what: string): vscode.Uri | undefined {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.uri;
  if (uri && pattern.test(uri.path)) return uri;
  void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: open {0} first.', what));
  return undefined;
}

/** Commands that open the governance dashboards. */
export function register(context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }): void {
  const raci = dashboardsOf(context, deps.client, raciDashboard);
  const risks = dashboardsOf(context, deps.client, riskDashboard);
  context.subscriptions.push(
    raci,
    risks,
    vscode.commands.registerCommand('archipel.showRiskDashboard', async (arg?: unknown) => {
      const uri = targetFile(arg, /\.(amdec|fmea)\.ya?ml$/i, vscode.l10n.t('an AMDEC / FMEA file (*.amdec.yaml, *.fmea.yaml)'));
      if (uri) {
        risks.show(uri);
        await walkthroughStepDone('dashboardOpened');
      }
      return uri?.toString();
    }),
    vscode.commands.registerCommand('archipel.showRaciDashboard', (arg?: unknown) => {
      const uri = targetFile(arg, /\.raci\.ya?ml$/i, vscode.l10n.t('a RACI file (*.raci.yaml)'));
      if (uri) raci.show(uri);
      return uri?.toString();
    }),
  );
}
