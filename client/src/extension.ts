import * as vscode from 'vscode';
import * as serverCommands from './commands/server';
import * as walkthroughCommands from './commands/walkthrough';
import { familyClients } from './families.generated';
import { ArchipelLanguageClient } from './lsp/client';
import { panelEvents } from './panels/base';
import * as terminalPath from './terminalPath';

let client: ArchipelLanguageClient | undefined;

/** Composes the features (the kernel's, then each family's); every Disposable goes into context.subscriptions. */
export async function activate(context: vscode.ExtensionContext): Promise<{ client: ArchipelLanguageClient; panels: typeof panelEvents; walkthroughSteps: typeof walkthroughCommands.walkthroughSteps }> {
  const output = vscode.window.createOutputChannel('Archipel', { log: true });
  context.subscriptions.push(output);
  client = new ArchipelLanguageClient(context, output);
  context.subscriptions.push(client);
  serverCommands.register(context, { client });
  walkthroughCommands.register(context);
  terminalPath.register(context);
  // Each family's commands and panels, as its descriptor declares them (families.generated.ts).
  for (const family of familyClients) family.register(context, { client });
  await client.start();
  // The walkthrough on the first start, and on its next step in the example's window (VS Code and code-server alike).
  await walkthroughCommands.startWalkthrough(context, client).catch((error: unknown) => output.warn(`the walkthrough could not open: ${String(error)}`));
  // Panels report what they drew: the extension-host tests wait on these reports.
  return { client, panels: panelEvents, walkthroughSteps: walkthroughCommands.walkthroughSteps };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
