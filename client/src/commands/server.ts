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
  );
}
