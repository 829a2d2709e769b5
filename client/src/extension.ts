import * as vscode from 'vscode';
import * as adrCommands from './commands/adr';
import * as blurCommands from './commands/blur';
import * as serverCommands from './commands/server';
import { ArchipelLanguageClient } from './lsp/client';

let client: ArchipelLanguageClient | undefined;

/** Composes the features; every Disposable goes into context.subscriptions. */
export async function activate(context: vscode.ExtensionContext): Promise<{ client: ArchipelLanguageClient }> {
  const output = vscode.window.createOutputChannel('Archipel', { log: true });
  context.subscriptions.push(output);
  client = new ArchipelLanguageClient(context, output);
  context.subscriptions.push(client);
  serverCommands.register(context, { client });
  adrCommands.register(context, { client });
  blurCommands.register(context, { client });
  await client.start();
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
