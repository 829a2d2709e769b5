import * as vscode from 'vscode';
import * as adrCommands from './commands/adr';
import * as blurCommands from './commands/blur';
import * as dashboardCommands from './commands/dashboards';
import * as diagramCommands from './commands/diagrams';
import * as experimentsCommands from './commands/experiments';
import * as predictCommands from './commands/predict';
import * as ruleTestCommands from './commands/ruleTests';
import * as serveCommands from './commands/serve';
import * as validateCommands from './commands/validate';
import * as pipelineCommands from './commands/pipeline';
import * as serverCommands from './commands/server';
import * as walkthroughCommands from './commands/walkthrough';
import { ArchipelLanguageClient } from './lsp/client';
import { panelEvents } from './panels/base';
import * as terminalPath from './terminalPath';

let client: ArchipelLanguageClient | undefined;

/** Composes the features; every Disposable goes into context.subscriptions. */
export async function activate(context: vscode.ExtensionContext): Promise<{ client: ArchipelLanguageClient; panels: typeof panelEvents; walkthroughSteps: typeof walkthroughCommands.walkthroughSteps }> {
  const output = vscode.window.createOutputChannel('Archipel', { log: true });
  context.subscriptions.push(output);
  client = new ArchipelLanguageClient(context, output);
  context.subscriptions.push(client);
  serverCommands.register(context, { client });
  adrCommands.register(context, { client });
  blurCommands.register(context, { client });
  dashboardCommands.register(context, { client });
  diagramCommands.register(context, { client });
  predictCommands.register(context, { client });
  experimentsCommands.register(context, { client });
  pipelineCommands.register(context, { client });
  walkthroughCommands.register(context);
  terminalPath.register(context);
  serveCommands.register(context, { client });
  ruleTestCommands.register(context);
  validateCommands.register(context, { client });
  await client.start();
  // First activation: Archipel's walkthrough, in VS Code and code-server alike.
  await walkthroughCommands.openWalkthroughOnce(context).catch((error: unknown) => output.warn(`the walkthrough could not open: ${String(error)}`));
  // Panels report what they drew: the extension-host tests wait on these reports.
  return { client, panels: panelEvents, walkthroughSteps: walkthroughCommands.walkthroughSteps };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
