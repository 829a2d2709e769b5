/**
 * What the `archipel` command answers from its usage page alone, without running a command: one
 * command's usage (`archipel <command> [<sub>] --help`, `archipel help <command> [<sub>]`) and a
 * shell's completion script (`archipel completion bash|zsh|fish`). The page is `archipel --help`'s
 * (families/help.ts over the families' list): bin.ts answers from the copy esbuild.mjs gives it,
 * before loading any bundle; cliMain.ts from the list of its run (a test's own families included).
 */
import { completionScript, SHELLS, type Shell } from './completion';
import { helpAsked, usageFor } from './usageEntries';

/** The kernel's own commands besides the families': what `help` and `completion` know as commands. */
export const KERNEL_COMMANDS = ['check', 'rules', 'completion', 'help'] as const;

/** One command's lines as its usage: each form headed `archipel <command> …`. */
export function commandUsageText(lines: string, name: string): string {
  const head = new RegExp(`^ {2}(?=${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: |$))`, 'gm');
  return `Usage:\n${lines.replace(head, '  archipel ')}\n`;
}

/**
 * The answer to a command line (without `--lang`): text to print, or a usage error — `unknown-command`
 * (`help NAME`), `no-shell` (`completion` without one it knows) with the word given — which cliMain.ts
 * says in the user's language (bin.ts leaves errors to it: it loads no catalogue).
 */
export type Answer = { out: string } | { usageError: 'unknown-command' | 'no-shell'; given: string };

/**
 * `help COMMAND [SUB]` and `COMMAND [SUB] --help` (before any `--`): that command's usage;
 * `completion SHELL`: the script (a shell Archipel does not know, or none: a usage error).
 * `names`: every command (the kernel's and the families'). Anything else: undefined.
 */
export function answerFromPage(page: string, names: readonly string[], args: readonly string[]): Answer | undefined {
  const [command, ...rest] = args;
  if (command === undefined) return undefined;
  const usageOf = (name: string, sub: string | undefined): Answer | undefined => {
    const lines = usageFor(page, name, sub);
    return lines ? { out: commandUsageText(lines, name) } : undefined;
  };
  if (command === 'help') {
    const [name, sub] = rest.filter((a) => !a.startsWith('-'));
    if (name === undefined) return helpAsked(rest) ? usageOf('help', undefined) : undefined;
    if (!names.includes(name)) return { usageError: 'unknown-command', given: name };
    return usageOf(name, sub);
  }
  if (names.includes(command) && helpAsked(rest)) return usageOf(command, rest.find((a) => !a.startsWith('-')));
  if (command === 'completion') {
    const shell = rest[0];
    if (rest.length !== 1 || !(SHELLS as readonly string[]).includes(shell)) return { usageError: 'no-shell', given: rest.join(' ') };
    return { out: completionScript(shell as Shell, names.map((name) => ({ name, usage: page }))) };
  }
  return undefined;
}
