/**
 * What a container's own command line says (issue #95, held out: docker-zulip's Redis and Memcached, aks-store-demo's
 * DocumentDB): the words of its Compose `command:`/`entrypoint:` (a string, a flow list, a block list, a block scalar of
 * a shell script) and of its Kubernetes `command:`/`args:`, each with its line in the block. Pure: lines in, words out.
 */

/** A word of a command line and its line (0-based, in the block). */
export interface CommandWord {
  word: string;
  line: number;
}

const indentOf = (text: string) => text.length - text.trimStart().length;

/** A key that starts a command: Compose's `command`/`entrypoint`, Kubernetes' `command`/`args`. */
const COMMAND_KEY = /^(\s*)(?:-\s+)?(command|entrypoint|args):(.*)$/;

/**
 * The words of every command line of a block, in order: quotes, brackets and commas of a YAML list taken away, a block
 * list's items and a block scalar's lines read as the same command. A commented line says nothing.
 */
export function commandWords(lines: readonly string[]): CommandWord[] {
  const words: CommandWord[] = [];
  const add = (text: string, line: number) => {
    for (const word of text.replace(/["'[\],]/g, ' ').split(/\s+/)) if (word !== '') words.push({ word, line });
  };
  for (let i = 0; i < lines.length; i++) {
    const m = COMMAND_KEY.exec(lines[i]);
    if (!m) continue;
    const indent = indentOf(lines[i]) + (/^\s*-\s/.test(lines[i]) ? 2 : 0);
    const rest = m[3].replace(/\s#.*$/, '').trim();
    if (rest !== '' && !/^[|>][-+]?\d*$/.test(rest)) add(rest, i);
    // What follows, deeper than the key or a list at its depth (Kubernetes writes `args:` then `- "--x"` at the same indent).
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === '' || /^\s*#/.test(line)) continue;
      const deeper = indentOf(line) > indent || (indentOf(line) === indent && /^\s*-\s/.test(line) && !/^\s*-\s+[\w.-]+:/.test(line));
      if (!deeper) break;
      add(line.replace(/^\s*-\s/, ' '), j);
    }
    i = j - 1;
  }
  return words;
}

/** A value that is no password: empty, or the next option. */
const noValue = (word: string | undefined) => word === undefined || word === '' || word.startsWith('-');

/**
 * The line of a server's own login on its command line, or undefined: `--requirepass <password>` (Redis, a password file's
 * `"$(cat $REDIS_PASSWORD_FILE)"` too), `--password <password>` or `--password=<password>` (DocumentDB Local's
 * `--username … --password …`), `--auth` (mongod).
 */
export function commandLoginLine(lines: readonly string[]): number | undefined {
  const words = commandWords(lines);
  for (let k = 0; k < words.length; k++) {
    const { word, line } = words[k];
    if (word === '--auth') return line;
    const option = /^--(requirepass|password)(?:=(.*))?$/.exec(word);
    if (option && !noValue(option[2] ?? words[k + 1]?.word)) return line;
  }
  return undefined;
}
