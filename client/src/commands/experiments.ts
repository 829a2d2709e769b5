/**
 * Archipel: Show Experiments. Thin: the panel of a workspace folder (the one given, else the active
 * editor's, else a pick); the server computes the table and runs the actions.
 */
import * as vscode from 'vscode';
import type { ArchipelLanguageClient } from '../lsp/client';
import { ExperimentsPanel } from '../panels/experimentsPanel';

export interface ExperimentsDeps {
  client: ArchipelLanguageClient;
}

async function folderOf(arg: unknown): Promise<vscode.Uri | undefined> {
  const given = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : undefined;
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? (vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : undefined);
  if (folder) return folder.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('The folder whose experiments to show') }))?.uri;
}

export function register(context: vscode.ExtensionContext, deps: ExperimentsDeps): void {
  context.subscriptions.push(
    ExperimentsPanel.register(context, deps.client),
    vscode.commands.registerCommand('archipel.showExperiments', async (arg?: unknown) => {
      const folder = await folderOf(arg);
      return folder ? ExperimentsPanel.createOrShow(context, deps.client, folder) : undefined;
    }),
  );
}
