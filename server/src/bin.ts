/**
 * The `archipel` command (dist/server/cli.js, the package's `bin`): a few lines that load the CLI
 * bundle (dist/server/cliMain.js, built from cli.ts) through a V8 code cache (startup/codeCache.ts).
 * Every command starts by compiling that 1.8 MB bundle, ~50 ms of CPU, ~20 ms from the cache;
 * `archipel blur` over a handful of images is dominated by such start-up costs. Each command has
 * its own cache, saved at the end of its first run: it then holds the functions that command ran
 * (a cache made right after loading holds little more than the top level).
 */
// First: the V8 flags are part of what a code cache is checked against, so they must be set
// before cliMain.js is loaded through its cache (see startup/v8Tuning.ts).
import './startup/tuneV8';
import path from 'node:path';
import { requireWithCodeCache } from './startup/codeCache';
import type * as Cli from './cli';

const command = process.argv[2] ?? '';
const loaded = requireWithCodeCache(path.join(__dirname, 'cliMain.js'), undefined, { variant: `command:${command}`, saveAfterLoad: false });
if (loaded.cache !== 'hit') process.once('beforeExit', () => loaded.save());
(loaded.exports as typeof Cli).runAsCommand(process.argv.slice(2));
