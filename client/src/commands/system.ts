import * as vscode from 'vscode';
import type { ArchipelLanguageClient } from '../lsp/client';
import type { SystemMapView } from '../../../server/src/protocol/system';
import type { ExportFormat } from '../../../webviews/system/messages';
import type { IfExists } from '../panels/diagramExport';
import { exportChoices, exportSystemMap } from '../panels/systemMapExport';
import { SystemMapPanel } from '../panels/systemMapPanel';

/** The code action kind of the server's regeneration of a drawing (server/src/system/feature.ts). */
const REGENERATE_KIND = vscode.CodeActionKind.RefactorRewrite.append('archipel').append('regenerateDrawing');

/** What `archipel.exportSystemMap` may be given (tests, keybindings): the format, the view, the folder, the file and what to do if it exists. */
interface ExportArguments {
  format?: ExportFormat;
  view?: SystemMapView;
  scope?: string;
  target?: string;
  ifExists?: IfExists;
}

/** The system map's commands: show the map (of a folder, or the workspace), export a view of it, regenerate a hand-drawn diagram from it. */
export function register(context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }): void {
  context.subscriptions.push(
    SystemMapPanel.register(context, deps.client),
    vscode.commands.registerCommand('archipel.showSystemMap', (arg?: unknown) => {
      const scope = arg instanceof vscode.Uri ? arg.toString() : typeof arg === 'string' ? arg : undefined;
      SystemMapPanel.createOrShow(context, deps.client, scope);
      return scope ?? '';
    }),
    // The System Map in its Security view (issue #65): boundaries, entry points, classified stores, risky links, the risks and their attack paths.
    vscode.commands.registerCommand('archipel.showSecurityView', (arg?: unknown) => {
      const scope = arg instanceof vscode.Uri ? arg.toString() : typeof arg === 'string' ? arg : undefined;
      SystemMapPanel.createOrShow(context, deps.client, scope, 'security');
      return scope ?? '';
    }),
    // The System Map in its Continuity view (issue #97): each component coloured by its gaps, its SPOFs, asked vs achievable RPO/RTO.
    vscode.commands.registerCommand('archipel.showContinuityView', (arg?: unknown) => {
      const scope = arg instanceof vscode.Uri ? arg.toString() : typeof arg === 'string' ? arg : undefined;
      SystemMapPanel.createOrShow(context, deps.client, scope, 'continuity');
      return scope ?? '';
    }),
    // Export…: the open panel's view (else the containers view of the workspace), in a format picked
    // from the panel's list, to a file the save dialog asks for. Returns the file's URI, or '' when nothing was written.
    vscode.commands.registerCommand('archipel.exportSystemMap', async (args?: ExportArguments) => {
      const format = args?.format ?? (await vscode.window.showQuickPick(exportChoices.map((c) => ({ label: c.label, format: c.format })), { placeHolder: vscode.l10n.t('Export the System Map as') }))?.format;
      if (!format) return '';
      const panel = SystemMapPanel.current();
      // The Security, SLO and Cost views have no export of their own: the containers view then.
      const shown = panel?.shown.view;
      const view = args?.view ?? (shown && shown !== 'security' && shown !== 'slo' && shown !== 'cost' && shown !== 'continuity' ? shown : 'containers');
      const scope = args?.scope ?? panel?.shown.scope;
      try {
        const written = await exportSystemMap(deps.client, { format, view, ...(scope ? { scope } : {}), ...(args?.target ? { target: args.target } : {}), ...(args?.ifExists ? { ifExists: args.ifExists } : {}) });
        if (written && !args?.target) void vscode.window.showInformationMessage(vscode.l10n.t('System Map exported to {0}', vscode.workspace.asRelativePath(written)));
        return written?.toString() ?? '';
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: the System Map could not be exported: {0}', error instanceof Error ? error.message : String(error)));
        return '';
      }
    }),
    vscode.commands.registerCommand('archipel.regenerateDrawing', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return false;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, editor.selection, REGENERATE_KIND.value);
      const action = actions?.find((a) => a.kind && REGENERATE_KIND.contains(a.kind) && a.edit);
      if (!action?.edit) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: put the cursor in a Mermaid or Structurizr drawing of the system to regenerate it.'));
        return false;
      }
      return vscode.workspace.applyEdit(action.edit);
    }),
  );
}
