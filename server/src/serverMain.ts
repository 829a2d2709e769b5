/**
 * The language server's composition (bundled as dist/server/serverMain.js, which server.js loads
 * through a V8 code cache: see serverBin.ts): a connection over the process's stdio, socket or
 * pipe (as the command line says), and the runtime the composition root (families/index.ts) makes
 * of every family, handed to `startServer`. Everything process-wide lives here, not in the server: a test or an
 * embedding host calls `startServer` with a connection and a runtime of its own.
 */
// First: V8 flags must be set before any code gets hot (see startup/v8Tuning.ts).
import './startup/tuneV8Server';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SpeedHooks } from './startup/hooks';
import { serverRuntime } from './families/index';
import { startServer, type Checkpoint } from './lsp/server';

export type { Checkpoint } from './lsp/server';

const checkpoints = new SpeedHooks<Checkpoint>();
/** For the loader (serverBin.ts): when to save the code cache. Listeners' errors are ignored. */
export function onCheckpoint(listener: (moment: Checkpoint) => void): void {
  checkpoints.add(listener);
}

const connection = createConnection(ProposedFeatures.all);

// A stray exception must not end the process: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

startServer(
  connection,
  serverRuntime(__dirname, (moment) => checkpoints.run(moment)),
);
