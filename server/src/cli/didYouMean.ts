/**
 * What a mistyped command or option gets: its name said back and the nearest one the command takes (`archipel chek`,
 * `--formt`), instead of node's parseArgs text (whose advice on positionals ends on an open quote).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import { UsageError } from './usage';
import { usageFor } from './usageEntries';

/** ` (did you mean X?)` when a name is close enough to be a typo of `given`, else nothing. */
function suggestion(given: string, names: readonly string[]): string {
  const near = closestName(given, names, false);
  return near && near !== given ? t(' (did you mean {0}?)', near) : '';
}

/** `unknown command "chek" (did you mean check?)`. */
export function unknownCommand(given: string, names: readonly string[]): UsageError {
  return new UsageError(t('unknown command "{0}"', given) + suggestion(given, names));
}

/** `--rule names no rule "k8s-shema" (did you mean k8s-schema?); archipel rules lists them`. */
export function unknownRule(given: string, ids: readonly string[]): UsageError {
  return new UsageError(t('--rule names no rule "{0}"', given) + suggestion(given, ids) + t('; archipel rules lists them'));
}

/** The options a command's usage names (`--format`), its subcommands' included, and `--help`. */
export function optionsOf(page: string, command: string): string[] {
  return [...new Set([...usageFor(page, command).matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((match) => match[0]).concat('--help'))];
}

/**
 * A parseArgs error of `command` said in the CLI's words: an unknown option with the nearest of `options` (`--format`);
 * any other (a missing value) as node says it. Not a parseArgs error: undefined.
 */
export function parseError(error: unknown, command: string, options: readonly string[]): UsageError | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  const option = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']{1,200})'/.exec(message)?.[1] : undefined;
  if (option === undefined) return new UsageError(message);
  // `--formt=json`: the name alone is compared.
  const equals = option.indexOf('=');
  const name = equals < 0 ? option : option.slice(0, equals);
  // node's code kept: a command that catches parseArgs's errors to print them its way (adr, diagram) prints this one.
  return Object.assign(new UsageError(t('unknown option "{0}" for archipel {1}', name, command) + suggestion(name, options)), { code });
}

/** node's parseArgs for `archipel <command>`: an unknown option said with the nearest the command takes (parseError). */
export function parseOptions<T extends ParseArgsConfig>(command: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const options = Object.entries(config.options ?? {}).map(([name]) => `--${name}`);
    throw parseError(error, command, options) ?? error;
  }
}
