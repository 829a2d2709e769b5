/**
 * What every `archipel` process does around its command, whichever bundle runs it (cliMain.js, or a
 * command's own bundle such as blurCli.js): `--lang`, a usage error's one line, the exit status, and
 * a reader that went away (`archipel … | head`).
 */
import { UsageError } from './usage';
import { OutputTargetError } from '../engines/core/output';
import { languageFromEnvironment, setLanguage, t } from '../l10n/t';

/** A line on standard output / standard error. */
export const writeLine = (text: string): void => void process.stdout.write(text + '\n');
export const writeError = (text: string): void => void process.stderr.write(text + '\n');

/**
 * Takes `--lang en|fr` (anywhere in argv) out of the arguments and sets the language of messages
 * (the check threads read ARCHIPEL_LANG too). `undefined`: a bad value, said on stderr (exit 2).
 */
export function chooseLanguage(argv: readonly string[]): string[] | undefined {
  const args: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--lang') lang = argv[++i] ?? '';
    else if (argv[i].startsWith('--lang=')) lang = argv[i].slice('--lang='.length);
    else args.push(argv[i]);
  }
  if (lang !== undefined) {
    if (lang !== 'en' && lang !== 'fr') {
      // Refused in the environment's language (a previous run in this process may have chosen another).
      setLanguage(languageFromEnvironment(process.env));
      writeError(`archipel: ${t('--lang expects en or fr, got "{0}"', lang)}`);
      return undefined;
    }
    process.env.ARCHIPEL_LANG = lang;
  }
  setLanguage(languageFromEnvironment(process.env));
  return args;
}

/** A usage error (a command's UsageError, or parseArgs' own) as its one line on stderr: exit 2. Anything else is thrown on. */
export function usageErrorExit(error: unknown): number {
  // An output path that names no file (a folder, a device, a FIFO): the path is the user's mistake, said as it is.
  if (error instanceof OutputTargetError) {
    writeError(`archipel: ${error.message}`);
    return 2;
  }
  if (error instanceof UsageError || (error as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS')) {
    // The error is the last thing said: the help is one `--help` away, not 70 lines above it.
    writeError(`archipel: ${(error as Error).message} ${t('(see archipel --help)')}`);
    return 2;
  }
  throw error;
}

/** Runs `command` as the process's command: its exit status becomes the process's (3: an internal error). */
export function runAsProcess(command: () => Promise<number>): void {
  // `archipel status | head`: once the reader has gone, what is left to print is dropped, and the
  // command still finishes its work (a pipeline run restores outputs and writes its lock) instead
  // of dying of an unhandled EPIPE in the middle of it.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // EIO: the terminal was closed (SIGHUP): the run is being cancelled and must finish putting outputs back.
      if (error.code !== 'EPIPE' && error.code !== 'EIO' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
  command().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      writeError(`archipel: ${t('internal error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 3;
    },
  );
}

/**
 * The process of a command that runs from a bundle of its own (a family command's `standalone`):
 * `argv` is the whole command line after `archipel` (`blur a.jpg --format json`), its first word the
 * command's name.
 */
export function runStandalone(argv: readonly string[], command: (args: string[]) => Promise<number>): void {
  runAsProcess(async () => {
    const args = chooseLanguage(argv);
    if (!args) return 2;
    try {
      return await command(args.slice(1));
    } catch (error) {
      return usageErrorExit(error);
    }
  });
}
