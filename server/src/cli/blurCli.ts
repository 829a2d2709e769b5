/**
 * `archipel blur` from a bundle of its own (dist/server/blurCli.js: the blur family's `standalone`
 * command), without the CLI's kernel: the job over a few images is mostly start-up.
 */
import { blurCommand } from './blur';
import { frBlur } from '../blur/fr';
import { addCatalogue } from '../l10n/t';
import { runStandalone, writeError, writeLine } from './process';

// Without the family list: the blur family's French, as its descriptor would install it.
addCatalogue('fr', frBlur);

export function runAsCommand(argv: string[]): void {
  // Once nothing is left to do — every output written and renamed into place, the lanes closed,
  // stdout and stderr written (synchronous on Linux; a pending write keeps the loop alive) — the
  // process ends with its exit status without Node's teardown of the environment and the V8 heap
  // (and the addons' cleanup hooks: onnxruntime's environment, libvips): the OS frees all of it.
  // 'beforeExit' is only emitted when the event loop is empty; an uncaught error never gets here.
  process.once('beforeExit', () => process.exit());
  runStandalone(argv, (args) => blurCommand(args, writeLine, writeError));
}
