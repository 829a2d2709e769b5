import * as vscode from 'vscode';
import type { ArchipelLanguageClient } from '../lsp/client';

/** Commands about the language server itself. */
export function register(context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('archipel.restartServer', async () => {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Restarting the Archipel language server') },
        () => deps.client.restart(),
      );
    }),
    vscode.commands.registerCommand('archipel.showOutput', () => deps.client.output.show(true)),
    // A quick fix's "Copy `dvc pull …`": a command for the user's terminal (Archipel does not run DVC).
    vscode.commands.registerCommand('archipel.copyText', async (text: unknown) => {
      if (typeof text !== 'string') return;
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied: {0}', text));
    }),
  );
}
