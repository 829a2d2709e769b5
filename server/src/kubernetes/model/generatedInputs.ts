/**
 * Paths a repository's Makefiles and shell scripts write before kustomize reads them: a kustomization's entry missing on
 * disk that a recipe makes (`kustomize build … > out.yaml`, `> $@`, `tee`, `cp`/`mv`/`mkdir`, `-o`/`--output`,
 * controller-gen's `output:crd:artifacts:config=…`, `kustomize edit add resource …`) is made by that line, not missing.
 * Pure: text in, paths out.
 */
import { words } from './applyCommands';

/** A Makefile or a shell script: the files whose recipes are read for the paths they write. */
export function isGeneratorSource(uri: string): boolean {
  return /\/(GNUmakefile|[Mm]akefile|[^/]+\.mk|[^/]+\.sh)$/.test(uri);
}

/** A path a line writes, as written (`./` and a leading `$(VAR)/` removed), and the 0-based line. */
export interface GeneratedPath {
  path: string;
  line: number;
}

const separators = new Set([';', '&&', '||', '|', '&']);
const copiers = new Set(['cp', 'mv', 'install', 'ln', 'rsync']);
/** The most paths read of one file: a generated script is no reason to read without bound. */
const MAX_PATHS = 1000;

/** A written token as a path: quotes gone, a leading variable folder dropped; undefined for a variable, stdout, a device. */
function cleaned(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  let path = token.replace(/^(?:\$\([A-Za-z_][\w.-]*\)|\$\{[A-Za-z_]\w*\})\//, '').replace(/^(?:\.\/)+/, '');
  // Trailing slashes dropped without a regex (`/+$` is quadratic on a run of slashes not at the end).
  while (path.endsWith('/')) path = path.slice(0, -1);
  if (path === '' || path === '.' || path === '-' || path.startsWith('/dev/') || /[$`*?[\]{}]/.test(path) || path.startsWith('-')) return undefined;
  return path;
}

/** The paths one simple command (its words, no separator) writes; `target` is the Makefile rule's targets (`$@`). */
function written(args: readonly string[], targets: readonly string[]): string[] {
  const out: string[] = [];
  const add = (token: string | undefined) => {
    const expanded = token === '$@' ? targets : [token];
    for (const one of expanded) {
      const path = cleaned(one);
      if (path !== undefined) out.push(path);
    }
  };
  // An output flag's value is a path only with a folder or an extension: kubectl's `-o yaml` is a format.
  const addFile = (token: string | undefined) => {
    if (token !== undefined && /[./]/.test(token)) add(token);
  };
  const command = args.findIndex((a) => !/^[A-Za-z_]\w*=/.test(a) && a !== '@' && a !== '-');
  const name = command < 0 ? '' : args[command].replace(/^[@-]+/, '').replace(/^.*\//, '').replace(/^\$\((\w+)\)$/, (_, v: string) => v.toLowerCase());
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const redirect = /^\d*>>?(.*)$/.exec(arg);
    if (redirect && !redirect[1].startsWith('&')) add(redirect[1] !== '' ? redirect[1] : args[++i]);
    else if (arg === '-o' || arg === '--output' || arg === '--output-dir') addFile(args[++i]);
    else if (/^(?:-o|--output|--output-dir)=/.test(arg)) addFile(arg.slice(arg.indexOf('=') + 1));
    // controller-gen's output rules: `output:crd:artifacts:config=config/crd/bases`, `output:rbac:dir=…`.
    else if (arg.startsWith('output:') && /(?:config|dir)$/.test(arg.slice(0, Math.max(0, arg.indexOf('='))))) add(arg.slice(arg.indexOf('=') + 1));
  }
  const rest = args.slice(command + 1).filter((a) => !a.startsWith('-') && !/^\d*>/.test(a));
  if (name === 'tee' || name === 'mkdir') rest.forEach(add);
  else if (copiers.has(name) && rest.length >= 2) add(rest[rest.length - 1]);
  else if (name === 'kustomize' && rest[0] === 'edit' && rest[1] === 'add') {
    rest.slice(3).forEach(add);
    const at = args.indexOf('--path');
    if (at >= 0) add(args[at + 1]);
  }
  return out;
}

/** The paths a Makefile's recipes or a shell script's commands write, with their lines (at most 1,000). */
export function generatedPaths(text: string): GeneratedPath[] {
  const found: GeneratedPath[] = [];
  // A cheap test first: most scripts write nothing kustomize could read.
  if (!/>|\btee\b|\bcp\b|\bmv\b|\bmkdir\b|-o\b|--output|output:|kustomize/.test(text)) return found;
  const lines = text.split('\n');
  let targets: string[] = [];
  for (let i = 0; i < lines.length && found.length < MAX_PATHS; i++) {
    const line = lines[i];
    // A Makefile rule's line (`out/crds.yaml: deps`, not `X := …`) names the targets its recipe's `$@` writes.
    const rule = /^([^\s#:=][^:=]*):(?!=)/.exec(line);
    if (rule && !line.startsWith('\t')) targets = rule[1].trim().split(/\s+/).filter((t) => !t.startsWith('.'));
    if (!/>|\btee\b|\bcp\b|\bmv\b|\bmkdir\b|-o\b|--output|output:|kustomize/.test(line)) continue;
    const tokens = words(line.split(/(?:^|\s)#/, 1)[0]);
    for (let start = 0; start < tokens.length; ) {
      let end = start;
      while (end < tokens.length && !separators.has(tokens[end])) end++;
      for (const path of written(tokens.slice(start, end), targets)) if (found.length < MAX_PATHS) found.push({ path, line: i });
      start = end + 1;
    }
  }
  return found;
}

/**
 * The generator line making `target` (a path relative to the generator's scope, `/`-separated), if one does: a written
 * path that is `target`, a folder holding it, or its last parts (a recipe run after a `cd`); the longest such (the
 * redirection writing `dist/install.yaml` rather than the `mkdir -p dist` before it). A path out of the line's folder
 * (`../base`) is not placed.
 */
export function makingLine(target: string, paths: readonly GeneratedPath[]): GeneratedPath | undefined {
  const within = `/${target}/`;
  let best: GeneratedPath | undefined;
  for (const generated of paths) {
    if (generated.path.startsWith('../') || !within.includes(`/${generated.path}/`)) continue;
    if (!best || generated.path.length > best.path.length) best = generated;
  }
  return best;
}
