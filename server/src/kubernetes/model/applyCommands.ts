/**
 * `kubectl apply` and `kubectl create` commands in a repository's own scripts — workflow steps,
 * Makefiles, shell scripts — that apply a folder: what they apply is applied together, so an object
 * defined twice there is a conflict (k8s-duplicate-object). Pure: text in, commands out.
 */

/** A file whose commands are read: a GitHub/Gitea/Forgejo workflow, a Makefile, a shell script. */
export function isApplySource(uri: string): boolean {
  return /\/\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i.test(uri) || /\/(GNUmakefile|[Mm]akefile|[^/]+\.mk|[^/]+\.sh)$/.test(uri);
}

/** A folder (or file) path a command applies, as written, and where the command is. */
export interface ApplyCommand {
  /** The path after -f / --filename (or -k / --kustomize), without quotes; one of a comma list. */
  path: string;
  recursive: boolean;
  kustomize: boolean;
  /** A file pattern (`*`, `?`, `[…]`), which kubectl expands itself (cli-runtime's expandIfFilePattern). */
  glob: boolean;
  /** 0-based line of `kubectl` in the source. */
  line: number;
  /** Which kubectl command of the text (0, 1, …): the paths of one command are applied together. */
  command: number;
  /** The command's `-n` / `--namespace`: where the objects naming none go (none when not said or a variable). */
  namespace?: string;
}

/** Splits a shell command line into words, quotes removed (`--filename="./k8s"` is one word); separators are words too. */
export function words(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/&&|\|\||[;|&]|(?:"[^"]*"|'[^']*'|[^\s"';|&])+/g)) found.push(match[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
  return found;
}

const separators = new Set([';', '&&', '||', '|', '&']);

/**
 * The arguments of each run of `tool` (`kubectl`, `helm`) in a text — a command continued over several lines (`\` at the
 * end of each) read as one, a comment cut off, up to the next `;`, `&&`, `|`… — with the 0-based line where it starts.
 */
export function toolCommands(text: string, tool: string, limit = 1000): { line: number; args: string[] }[] {
  const found: { line: number; args: string[] }[] = [];
  if (!text.includes(tool)) return found;
  const lines = text.split('\n');
  const named = (token: string) => token === tool || token.endsWith(`/${tool}`);
  for (let i = 0; i < lines.length && found.length < limit; i++) {
    if (!lines[i].includes(tool)) continue;
    // The parts joined once (a text of continued lines was quadratic, joined line by line).
    const parts = [lines[i]];
    for (let j = i; /\\\s*$/.test(lines[j]) && j + 1 < lines.length; j++) parts.push(lines[j + 1]);
    const logical = parts.map((part, p) => (p < parts.length - 1 ? part.replace(/\\\s*$/, ' ') : part)).join('');
    const tokens = words(logical.split('#', 1)[0]);
    // A line continued is read with its first line only (each line of a long continued text read it all again).
    const line = i;
    i += parts.length - 1;
    for (let k = 0; k < tokens.length; k++) {
      if (!named(tokens[k])) continue;
      let end = k + 1;
      while (end < tokens.length && !separators.has(tokens[end])) end++;
      found.push({ line, args: tokens.slice(k + 1, end) });
    }
  }
  return found;
}

/** A command's `-n x`, `--namespace x`, `--namespace=x`, `-nx` (kubectl's and helm's flag): a DNS label, or none (a variable or an expression is not followed). */
export function namespaceFlag(args: readonly string[]): string | undefined {
  const at = args.findIndex((a) => a === '-n' || a === '--namespace' || /^(--namespace=|-n)[a-z0-9]/.test(a));
  const value = at < 0 ? undefined : /^(-n|--namespace)$/.test(args[at]) ? args[at + 1] : args[at].replace(/^--namespace=|^-n/, '');
  return value !== undefined && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value) ? value : undefined;
}

/** The kubectl apply/create commands of a text, with the folder or file each applies (at most 1,000). */
export function applyCommands(text: string): ApplyCommand[] {
  const commands: ApplyCommand[] = [];
  let command = 0;
  for (const { line, args } of toolCommands(text, 'kubectl')) {
    if (commands.length >= 1000) break;
    if (!args.some((a) => a === 'apply' || a === 'create')) continue;
    const namespace = namespaceFlag(args);
    const recursive = args.some((a) => a === '-R' || a === '--recursive' || a === '--recursive=true' || /^-[a-zA-QS-Z]*R[a-zA-Z]*$/.test(a));
    for (let a = 0; a < args.length; a++) {
      const arg = args[a];
      let path: string | undefined;
      let kustomize = false;
      const long = /^--(filename|kustomize)=(.+)$/.exec(arg);
      if (long) {
        path = long[2];
        kustomize = long[1] === 'kustomize';
      } else if (arg === '--filename' || arg === '--kustomize' || /^-[a-zA-Z]*[fk]$/.test(arg)) {
        path = args[a + 1];
        kustomize = arg === '--kustomize' || arg.endsWith('k');
        a++;
      } else if (/^-[fk]./.test(arg)) {
        path = arg.slice(2).replace(/^=/, '');
        kustomize = arg[1] === 'k';
      }
      if (!path) continue;
      // -f takes a comma list (a string slice flag); -k one folder.
      for (const one of kustomize ? [path] : path.split(',')) {
        // Standard input, a URL, a variable or an expression: not a path of the repository.
        if (one === '' || one === '-' || /^[a-z]+:\/\//i.test(one) || /[$`{}]/.test(one)) continue;
        commands.push({ path: one, recursive, kustomize, glob: !kustomize && /[*?[]/.test(one), line, command, ...(namespace !== undefined ? { namespace } : {}) });
      }
    }
    command++;
  }
  return commands;
}

/** `base` joined with a relative path (`./`, `..` resolved); undefined when it leaves `base`'s root. */
export function joinPath(base: string, relative: string): string | undefined {
  if (relative.startsWith('/')) return undefined;
  const parts = base.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length <= 3) return undefined;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.join('/');
}
