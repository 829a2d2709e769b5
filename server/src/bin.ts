/**
 * The `archipel` command (dist/server/cli.js, the package's `bin`): a few lines that load the CLI
 * bundle (dist/server/cliMain.js, built from cliMain.ts) through a V8 code cache (startup/codeCache.ts).
 * cliMain.js is the kernel; its chunks (cliMain-parts.pack) are read and compiled when required: every
 * family's descriptor is one, and `check` loads only the families its files need (families/lazy.generated.ts),
 * the other commands all of them — megabytes of code, tens of ms of CPU, far less from the cache;
 * `archipel blur` over a handful of images is dominated by such start-up costs: it runs from a
 * bundle of its own (a family command's `standalone`), without the kernel. Each command has
 * its own cache, saved at the end of its first run: it then holds the functions that command ran
 * (a cache made right after loading holds little more than the top level).
 *
 * `--version` and `--help` (alone on the command line) are answered here, without loading any
 * bundle: a CI job or a pre-commit hook that asks them pays Node's own start and no more. The help
 * is the text cliMain.ts prints (families/help.ts over the families' list), made at build time.
 */
// First: the V8 flags are part of what a code cache is checked against, so they must be set
// before cliMain.js is loaded through its cache (see startup/v8Tuning.ts).
import './startup/tuneV8';
import path from 'node:path';
import { requireWithCodeCache } from './startup/codeCache';
import type * as Cli from './cliMain';
import { packageVersion } from './cli/version';
import { answerFromPage } from './cli/answers';

/** Set by esbuild.mjs from the families' list: command name → its own bundle (families/derived.ts standaloneCommands). */
declare const ARCHIPEL_COMMAND_BUNDLES: Record<string, string>;
/** Set by esbuild.mjs: `usageOf(families)` (families/help.ts), the text of `archipel --help`. */
declare const ARCHIPEL_HELP: string;
/** Set by esbuild.mjs: the pattern of cliMain.js's requires of its chunks (cliMain-<hash>.js, its parts split off at dynamic imports). */
declare const ARCHIPEL_CLI_PARTS: string;
/** Set by esbuild.mjs: every command name the CLI knows (cliMain.ts's own and the families'). */
declare const ARCHIPEL_COMMAND_NAMES: readonly string[];

/** The exit status of a command line this file answers itself (cliMain.ts's `main` answers it the same way), else undefined. */
function answeredHere(args: readonly string[]): number | undefined {
  // A command's usage (`exp show --help`, `help exp`) and a completion script, from the page: no bundle
  // loaded. `--lang` changes no usage text (usage stays English); an error is cliMain's to say.
  const answer = answerFromPage(ARCHIPEL_HELP, ARCHIPEL_COMMAND_NAMES, withoutLang(args));
  if (answer && 'out' in answer) {
    process.stdout.write(answer.out);
    return 0;
  }
  if (args.length > 1) return undefined;
  const [only] = args;
  if (only === '-v' || only === '--version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (only === undefined || only === '-h' || only === '--help' || only === 'help') {
    process.stdout.write(`${ARCHIPEL_HELP}\n`);
    return only === undefined ? 2 : 0;
  }
  return undefined;
}

/** The arguments without `--lang X` / `--lang=X` (cli/process.ts's chooseLanguage takes them anywhere). */
function withoutLang(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--lang') i++;
    else if (!args[i].startsWith('--lang=')) out.push(args[i]);
  }
  return out;
}

const answered = answeredHere(process.argv.slice(2));
if (answered !== undefined) process.exitCode = answered;
else runBundle();

function runBundle(): void {
  const command = process.argv[2] ?? '';
  // A command with a bundle of its own (`blur`) starts without the kernel's 5 MB; the others, and a
  // command line that starts with an option (`--lang fr blur`), run from cliMain.js.
  const bundle = Object.hasOwn(ARCHIPEL_COMMAND_BUNDLES, command) ? ARCHIPEL_COMMAND_BUNDLES[command] : 'cliMain';
  // One cache per known command; anything else (an option first, a typo) shares one, so that
  // the cache folder cannot gain a file per distinct first argument.
  const variant = ARCHIPEL_COMMAND_NAMES.includes(command) ? command : '';
  const loaded = requireWithCodeCache(path.join(__dirname, `${bundle}.js`), undefined, { variant: `command:${variant}`, saveAfterLoad: false, parts: new RegExp(ARCHIPEL_CLI_PARTS), pack: bundle === 'cliMain' ? path.join(__dirname, 'cliMain-parts.pack') : undefined });
  // Saves the caches missing, the bundle's and those of the chunks it required, at any time of the run.
  process.once('beforeExit', () => loaded.save());
  (loaded.exports as typeof Cli).runAsCommand(process.argv.slice(2));
}
