/**
 * Archipel: Show Experiments. Thin: the panel of a workspace folder (the one given, else the active
 * editor's, else a pick); the server computes the table and runs the actions.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArchipelLanguageClient } from '../lsp/client';
import { ExperimentsPanel } from '../panels/experimentsPanel';

/** The stage the prediction dashboard's "Retrain as an experiment" queues (the example's, issue #29). */
const RETRAIN_STAGE = 'retrain';

export interface ExperimentsDeps {
  client: ArchipelLanguageClient;
}

/** The folder of the Git repository holding `file` (within its workspace folder), else its workspace folder. */
function repositoryOf(file: vscode.Uri): vscode.Uri | undefined {
  const workspace = vscode.workspace.getWorkspaceFolder(file)?.uri;
  if (!workspace) return undefined;
  for (let dir = path.dirname(file.fsPath); dir.startsWith(workspace.fsPath); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return vscode.Uri.file(dir);
    if (dir === path.dirname(dir)) break;
  }
  return workspace;
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
    // The prediction dashboard's "Retrain as an experiment": the retrain stage (and the drift stages it
    // needs, whose metrics the experiment records) queued on HEAD, in the panel of the file's folder.
    vscode.commands.registerCommand('archipel.retrainAsExperiment', async (file?: vscode.Uri) => {
      const folder = file ? repositoryOf(file) : await folderOf(undefined);
      if (!folder) return undefined;
      const panel = ExperimentsPanel.createOrShow(context, deps.client, folder);
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      return panel.act({ action: 'queue', overrides: [], targets: [RETRAIN_STAGE], name: `retrain-${stamp}` });
    }),
  );
}
