/**
 * `archipel exp` from a bundle of its own (dist/server/expCli.js: the experiments family's
 * `standalone` command), without the CLI's kernel: `exp show` over a warm cache is mostly the
 * start of the process, and cliMain.js's 6 MB (read, decoded, its code cache deserialised) were
 * most of that start.
 */
import { expCommand } from './experiments';
import { frExperiments } from '../experiments/fr';
import { frPipeline } from '../pipeline/fr';
import { addCatalogue } from '../l10n/t';
import { runStandalone } from './process';

// Without the family list: the French of the experiments and of the pipeline their runs drive,
// as the descriptors would install it.
addCatalogue('fr', frExperiments);
addCatalogue('fr', frPipeline);

export function runAsCommand(argv: string[]): void {
  // The process's own streams, as the family's `run` gives them through cliMain (a stage's output comes in chunks).
  runStandalone(argv, (args) => expCommand(args, { out: (text) => void process.stdout.write(text), outBytes: (bytes, done) => void process.stdout.write(bytes, done), err: (text) => void process.stderr.write(text), ...(process.stdout.isTTY ? { columns: process.stdout.columns } : {}) }));
}
