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
  runStandalone(argv, (args) => blurCommand(args, writeLine, writeError));
}
