import * as vscode from 'vscode';
import type { ArchipelLanguageClient } from '../lsp/client';
import { SystemMapPanel } from '../panels/systemMapPanel';

/** The code action kind of the server's regeneration of a drawing (server/src/system/feature.ts). */
const REGENERATE_KIND = vscode.CodeActionKind.RefactorRewrite.append('archipel').append('regenerateDrawing');

/** The system map's commands: show the map (of a folder, or the workspace), regenerate a hand-drawn diagram from it. */
export function register(context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }): void {
  context.subscriptions.push(
    SystemMapPanel.register(context, deps.client),
    vscode.commands.registerCommand('archipel.showSystemMap', (arg?: unknown) => {
      const scope = arg instanceof vscode.Uri ? arg.toString() : typeof arg === 'string' ? arg : undefined;
      SystemMapPanel.createOrShow(context, deps.client, scope);
      return scope ?? '';
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
