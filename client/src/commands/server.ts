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
    // A references code lens (Terraform's "N references"): the server's locations, shown as VS Code shows references.
    vscode.commands.registerCommand('archipel.showReferences', async (uri: unknown, position: unknown, locations: unknown) => {
      if (typeof uri !== 'string' || !isPosition(position) || !Array.isArray(locations)) return;
      const found = locations.flatMap((l: { uri?: unknown; range?: { start?: unknown; end?: unknown } }) =>
        typeof l?.uri === 'string' && isPosition(l.range?.start) && isPosition(l.range?.end) ? [new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(toPosition(l.range.start), toPosition(l.range.end)))] : [],
      );
      await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), toPosition(position), found);
    }),
  );
}

function isPosition(value: unknown): value is { line: number; character: number } {
  return typeof (value as { line?: unknown })?.line === 'number' && typeof (value as { character?: unknown })?.character === 'number';
}

function toPosition(value: { line: number; character: number }): vscode.Position {
  return new vscode.Position(value.line, value.character);
}
