/**
 * `archipel blur` from a bundle of its own (dist/server/blurCli.js: the blur family's `standalone`
 * command), without the CLI's kernel: the job over a few images is mostly start-up.
 */
import { blurCommand } from './blur';
import { runStandalone, writeError, writeLine } from './process';

export function runAsCommand(argv: string[]): void {
  runStandalone(argv, (args) => blurCommand(args, writeLine, writeError));
}
