/**
 * A command's usage lines (`archipel --help`'s, as each family's descriptor writes them) read back as
 * entries: the lines of one form of the command (`  exp show [--only-changed] …` and the indented
 * lines under it), its subcommand when the form names one (`show`; `k8s|workflow|…` for `diagram`),
 * its options and the values an option takes when they are listed (`--format text|json`). What
 * `archipel <command> [<sub>] --help` prints and what the shell completions offer are read from the
 * one text the descriptors hold: there is no second list to keep in step.
 */

/** One form of a command in its usage. */
export interface UsageEntry {
  /** The command's name (`exp`; `status` of the pipeline family's names). */
  name: string;
  /** Its subcommands when the form names them (`show`; `k8s`, `workflow`, … for `diagram`). */
  subcommands: string[];
  /** The entry's lines, as written. */
  text: string;
  /** Its options (`--format`, `-S`), in their order. */
  options: string[];
  /** The values of the options that list theirs (`--format` → table, json, csv, md). */
  values: Record<string, string[]>;
}

/** A word that names a subcommand (lowercase, alternatives with `|`), not a placeholder (`PATH`, `[STAGE…]`). */
const SUBCOMMAND = /^[a-z][a-z0-9-]*(\|[a-z][a-z0-9-]*)*$/;
const OPTION = /(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])/g;
const OPTION_VALUES = /(?<![\w-])(--[a-z][a-z0-9-]*)[ =]([a-z0-9][a-z0-9-]*(?:\|[a-z0-9][a-z0-9-]*)+)(?![\w|-])/g;

/**
 * The part of a usage line that declares: the form's synopsis (the head line, and the lines that go on
 * with it, `[--precision N] …`) or an option's (`--out FILE`), up to the gap before its description.
 * The description is prose: an option it names (`as check --changed chooses it`, `as exp run -S`) is
 * another command's or a hint, not one this form takes.
 */
function synopsisOf(line: string, at: number): string {
  const indent = /^ */.exec(line)![0].length;
  const body = line.slice(indent);
  if (at > 0 && !(indent <= 12 && /^[-[]/.test(body))) return '';
  return body.split(/ {2,}/)[0];
}

/** The entries of `usage` for the command called `name` (a form starts with two spaces and the name). */
export function usageEntries(usage: string, name: string): UsageEntry[] {
  const entries: { head: string; lines: string[] }[] = [];
  for (const line of usage.split('\n')) {
    const head = new RegExp(`^ {2}${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?= |$)`).exec(line);
    if (head) entries.push({ head: line, lines: [line] });
    // A line under a form is indented further; a form of another command ends it.
    else if (entries.length > 0 && /^ {3,}\S/.test(line)) entries[entries.length - 1].lines.push(line);
    else if (/^ {2}\S/.test(line)) entries.push({ head: '', lines: [] });
  }
  return entries
    .filter((e) => e.head !== '')
    .map(({ head, lines }) => {
      const text = lines.join('\n');
      const word = head.trim().split(/\s+/)[1] ?? '';
      const synopsis = lines.map(synopsisOf).join('\n');
      const options = [...new Set([...synopsis.matchAll(OPTION)].map((m) => m[1]))];
      const values: Record<string, string[]> = {};
      for (const m of synopsis.matchAll(OPTION_VALUES)) values[m[1]] = [...new Set([...(values[m[1]] ?? []), ...m[2].split('|')])];
      return { name, subcommands: SUBCOMMAND.test(word) ? word.split('|') : [], text, options, values };
    });
}

/** The lines of `usage` for `name`, only those of its subcommand `sub` when it names one of them (else all). */
export function usageFor(usage: string, name: string, sub?: string): string {
  const entries = usageEntries(usage, name);
  const chosen = sub === undefined ? [] : entries.filter((e) => e.subcommands.includes(sub));
  return (chosen.length > 0 ? chosen : entries).map((e) => e.text).join('\n');
}

/**
 * Whether `args` (a command's arguments) ask for its help: `--help` or `-h` before a `--` (after it,
 * an argument of that name is a value: a file, a stage).
 */
export function helpAsked(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
