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
// Nothing is imported at the top but types and node:path: `--version` and the usage answers below run before any module
// with an effect (the V8 flags of startup/tuneV8.ts load node:v8 and its streams, the code cache node:vm,
// node:crypto and node:module: ~500 page faults and ~10 ms of a start that asks only the version, issue #68).
// esbuild bundles each module imported below and runs it when its import() is reached. node:path is part of Node's own
// start (loaded before any script runs): imported statically, as an `import()` of it started Node's ES module loader
// (eight more internal modules, ~40 page faults, issue #68).
import path from 'node:path';
import type * as Cli from './cliMain';

/** Set by esbuild.mjs from the families' list: command name → its own bundle (families/derived.ts standaloneCommands). */
declare const ARCHIPEL_COMMAND_BUNDLES: Record<string, string>;
/** Set by esbuild.mjs: `usageOf(families)` (families/help.ts), the text of `archipel --help`. */
declare const ARCHIPEL_HELP: string;
/** Set by esbuild.mjs: the pattern of cliMain.js's requires of its chunks (cliMain-<hash>.js, its parts split off at dynamic imports). */
declare const ARCHIPEL_CLI_PARTS: string;
/** Set by esbuild.mjs: every command name the CLI knows (cliMain.ts's own and the families'). */
declare const ARCHIPEL_COMMAND_NAMES: readonly string[];

/** The exit status of a command line this file answers itself (cliMain.ts's `main` answers it the same way), else undefined. */
async function answeredHere(args: readonly string[]): Promise<number | undefined> {
  const { rest, lang } = withoutLang(args);
  // A language other than en and fr is cliMain's to refuse (cli/process.ts chooseLanguage); with en or fr,
  // the version and the usage are the same text (usage stays English).
  if (lang !== undefined && lang !== 'en' && lang !== 'fr') return undefined;
  if (rest.length === 1 && (rest[0] === '-v' || rest[0] === '--version')) {
    const { packageVersion } = await import('./cli/version.js');
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  // A command's usage (`exp show --help`, `help exp`) and a completion script, from the page: no bundle
  // loaded. An error is cliMain's to say.
  const { answerFromPage } = await import('./cli/answers.js');
  const answer = answerFromPage(ARCHIPEL_HELP, ARCHIPEL_COMMAND_NAMES, rest);
  if (answer && 'out' in answer) {
    process.stdout.write(answer.out);
    return 0;
  }
  if (rest.length > 1) return undefined;
  const [only] = rest;
  if (only === undefined || only === '-h' || only === '--help' || only === 'help') {
    process.stdout.write(`${ARCHIPEL_HELP}\n`);
    return only === undefined ? 2 : 0;
  }
  return undefined;
}

/** The arguments without `--lang X` / `--lang=X`, and the language asked last (cli/process.ts's chooseLanguage takes them anywhere, the last one wins). */
function withoutLang(args: readonly string[]): { rest: string[]; lang?: string } {
  const rest: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--lang') lang = args[++i] ?? '';
    else if (args[i].startsWith('--lang=')) lang = args[i].slice('--lang='.length);
    else rest.push(args[i]);
  }
  return { rest, lang };
}

void answeredHere(process.argv.slice(2)).then((answered) => {
  if (answered !== undefined) process.exitCode = answered;
  else return runBundle();
});

async function runBundle(): Promise<void> {
  // First: the V8 flags are part of what a code cache is checked against, so they must be set
  // before cliMain.js is loaded through its cache (see startup/v8Tuning.ts).
  await import('./startup/tuneV8.js');
  const { requireWithCodeCache } = await import('./startup/codeCache.js');
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
