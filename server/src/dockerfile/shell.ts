/**
 * The commands of a RUN script, as far as the rules need them: simple commands split at `&&`,
 * `||`, `;`, `|`, `&`, newlines and parentheses, each a list of words with quotes removed, and
 * whether the script pipes one command into another. Not a shell: no expansion, no control flow
 * (a `for`/`if` keyword is just a word), which is what hadolint's rules read of ShellCheck's AST.
 */
export interface ShellCommand {
  name: string;
  args: string[];
}

export interface ShellScript {
  commands: ShellCommand[];
  /** A `|` between two commands (not `||`). */
  pipes: boolean;
  /** How many simple commands the script chains (a wrapper like `sudo x` is one). */
  count: number;
}

const MAX_SCRIPT = 200_000;

export function readShell(script: string): ShellScript {
  const text = script.length > MAX_SCRIPT ? script.slice(0, MAX_SCRIPT) : script;
  const commands: ShellCommand[] = [];
  let pipes = false;
  let count = 0;
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    // Leading assignments (A=b cmd) are not the command.
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift();
    if (words.length > 0) {
      count++;
      commands.push({ name: words[0], args: words.slice(1) });
      // `sudo apt-get install …` is also an apt-get command; same for env/exec/nice/xargs.
      let at = 0;
      while (['sudo', 'env', 'exec', 'nice', 'nohup', 'xargs', 'time', 'command'].includes(words[at]) && at + 1 < words.length) {
        at++;
        while (at < words.length && words[at].startsWith('-')) at++;
        if (at < words.length) commands.push({ name: words[at], args: words.slice(at + 1) });
      }
    }
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      if (text[i + 1] === '\n') {
        i++;
        continue;
      }
      word += text[i + 1];
      inWord = true;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end === -1 ? text.length : end);
      inWord = true;
      i = end === -1 ? text.length : end;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        j++;
      }
      word += text.slice(i + 1, j).replace(/\\(["\\$`])/g, '$1');
      inWord = true;
      i = j;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      endCommand();
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '\n' || c === ';' || c === '(' || c === ')' || c === '{' && !inWord || c === '}' && !inWord) {
      endCommand();
    } else if (c === '&' || c === '|') {
      if (c === '|' && text[i + 1] !== '|' && text[i - 1] !== '|') pipes = true;
      if (text[i + 1] === c) i++;
      if (c === '&' && (text[i - 1] === '>' || text[i + 1] === '>')) {
        word += c;
        inWord = true;
        continue;
      }
      endCommand();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return { commands, pipes, count };
}

/** The words of a command that are not options (and not an option's value, for the options named). */
export function operands(args: readonly string[], optionsWithValue: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-')) {
      if (optionsWithValue.includes(arg)) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** Whether a command has one of the flags, long (`--yes`) or in a bundle of short ones (`-qy`). */
export function hasFlag(args: readonly string[], long: readonly string[], short = ''): boolean {
  return args.some((arg) => long.includes(arg.split('=')[0]) || (short !== '' && /^-[a-zA-Z]+$/.test(arg) && [...short].some((s) => arg.includes(s))));
}
