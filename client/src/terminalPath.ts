/**
 * `archipel` in VS Code's integrated terminals: the folder of the extension's `archipel` shims
 * (bin/archipel, bin/archipel.cmd, running dist/server/cli.js) goes first on their PATH through the
 * extension's environmentVariableCollection, the convention for terminals, and ARCHIPEL_NODE names
 * the Node.js the shim runs the CLI with (the extension host's own, so no Node.js install is needed).
 * New terminals get it; VS Code offers to relaunch the ones already open. The pipeline runner
 * does the same for the stages it runs (server/src/disk/cliOnPath.ts).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export function register(context: vscode.ExtensionContext): void {
  const folder = vscode.Uri.joinPath(context.extensionUri, 'bin').fsPath;
  const collection = context.environmentVariableCollection;
  collection.clear();
  if (!existsSync(path.join(folder, 'archipel')) || !existsSync(vscode.Uri.joinPath(context.extensionUri, 'dist', 'server', 'cli.js').fsPath)) return;
  collection.description = vscode.l10n.t('Puts the `archipel` command of the Archipel extension on PATH.');
  collection.prepend('PATH', folder + path.delimiter);
  collection.replace('ARCHIPEL_NODE', process.execPath);
}
