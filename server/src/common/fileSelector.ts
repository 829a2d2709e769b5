/**
 * The one file selector: which files a family reads. The workspace scan (platform/scan.ts), the
 * language server (which documents and file events it takes) and the client (its document
 * selector and file watchers, generated into package.json from the same data) all match with it,
 * so `archipel check .`, `archipel check FILE` and the editor agree on every file.
 *
 * Matching is case-insensitive throughout, as VS Code matches file extensions (`upper.YAML` is
 * YAML). Paths are '/'-separated; a pattern without '/' matches the file's base name, a pattern
 * with one matches the end of the path (`prometheus/*.yml` is `**\/prometheus/*.yml`).
 */
import { Minimatch } from 'minimatch';

/** Names, name endings and globs. */
export interface FilePatterns {
  /** Whole base names: `Dockerfile`, `Containerfile`, `.adr-dir`. */
  readonly names?: readonly string[];
  /** Name endings: `.yaml`, `.expectations.json`. */
  readonly extensions?: readonly string[];
  /** minimatch globs, extglobs included: `compose*.y?(a)ml`, `**\/prometheus/*.yml`, `gx/expectations/**\/*.json`. */
  readonly globs?: readonly string[];
}

export interface FileSelector extends FilePatterns {
  /**
   * The name of a setting of the family's section (a string array) whose globs the user adds:
   * `files` → `archipel.<section>.files`.
   */
  readonly userGlobs?: string;
  /**
   * Files matched only by `candidates` are the family's when `claims` says so of their first
   * `bytes` bytes (default 4096), decoded as UTF-8: a JSON file with `panels` and `schemaVersion`.
   * Keep it cheap: it runs on every candidate of a scan (the result is cached with the file's stat).
   */
  readonly sniff?: {
    readonly candidates: FilePatterns;
    readonly bytes?: number;
    readonly claims: (head: string) => boolean;
  };
}

/** What a path is to a selector: selected, not, or selected if its first bytes say so. */
export type Selection = 'yes' | 'no' | 'sniff';

/** The bytes a sniff reads at most, whatever a selector asks. */
export const MAX_SNIFF_BYTES = 16_384;

/** A path as the selector matches it: '/'-separated and lowercased, with its base name. */
export interface FilePath {
  readonly lower: string;
  readonly base: string;
}

/** `file` ('/' or '\\' separated) as a selector matches it: to match one path against several matchers, made once (families/check.ts). */
export function filePath(file: string): FilePath {
  const lower = file.replace(/\\/g, '/').toLowerCase();
  return { lower, base: lower.slice(lower.lastIndexOf('/') + 1) };
}

class Patterns {
  private readonly names = new Set<string>();
  private readonly endings: string[] = [];
  /**
   * Each glob compiled on its first path whose base name it may match (most never are in a check: compiling every
   * family's globs was ~6 ms of a one-file check, issue #68).
   */
  private readonly globs: { tail: string; names?: readonly NameShape[]; folders: readonly (readonly string[])[]; source: string; glob?: Minimatch }[] = [];

  add(patterns: FilePatterns): void {
    for (const name of patterns.names ?? []) this.names.add(name.toLowerCase());
    for (const ending of patterns.extensions ?? []) if (!this.endings.includes(ending.toLowerCase())) this.endings.push(ending.toLowerCase());
    // Each folder as the path must hold it, `/name/` (the path prefixed with `/`): built once, not per path and glob.
    for (const glob of patterns.globs ?? []) this.globs.push({ tail: literalTail(glob), names: nameShapes(glob), folders: folderNames(glob).map((names) => names.map((folder) => `/${folder}/`)), source: glob });
  }

  get empty(): boolean {
    return this.names.size === 0 && this.endings.length === 0 && this.globs.length === 0;
  }

  /** `lower`: the path lowercased; `base`: its base name, lowercased. */
  match({ lower, base }: FilePath): boolean {
    if (this.names.has(base)) return true;
    for (const ending of this.endings) if (base.endsWith(ending)) return true;
    // The glob's literal end first (`.json` of `expectations/**/*.json`): a scan asks of every file.
    let rooted: string | undefined;
    for (const entry of this.globs) {
      if (!lower.endsWith(entry.tail) || (entry.names && !entry.names.some((shape) => hasShape(base, shape)))) continue;
      if (entry.folders.length > 0 && !entry.folders.every((names) => names.some((folder) => (rooted ??= `/${lower}`).includes(folder)))) continue;
      if ((entry.glob ??= compileGlob(entry.source)).match(lower)) return true;
    }
    return false;
  }

  /**
   * Whether a path of this base name (lowercased) may match, whatever its folders: `match`'s tests of the base name alone
   * (a glob's literal end past its last `/`, its name shapes). False only when no such path matches.
   */
  mayMatchName(base: string): boolean {
    if (this.names.has(base)) return true;
    for (const ending of this.endings) if (base.endsWith(ending)) return true;
    for (const entry of this.globs) if (base.endsWith(entry.tail.slice(entry.tail.lastIndexOf('/') + 1)) && (!entry.names || entry.names.some((shape) => hasShape(base, shape)))) return true;
    return false;
  }
}

/**
 * What a base name matched by a glob's last segment starts and ends with, lowercased, and holds between them in this order
 * when only `*` stands there: `compose.*.yml` → ['compose.', '.yml', []], `*rules*.yml` → ['', '.yml', ['rules']].
 */
type NameShape = readonly [start: string, end: string, inner: readonly string[]];

/** Whether a base name has a glob's shape (a necessary condition of the glob's match). */
function hasShape(base: string, [start, end, inner]: NameShape): boolean {
  if (base.length < start.length + end.length || !base.startsWith(start) || !base.endsWith(end)) return false;
  let at = start.length;
  for (const piece of inner) {
    const found = base.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return at <= base.length - end.length;
}

/** A glob's special characters (extglobs' `+(`, `@(`, `!(` included), and those of a brace's alternatives list. */
const GLOB_SPECIAL = /[*?[\]{}()!+@|\\]/;

/**
 * The shapes a base name matched by `glob` has, one per alternative of its last segment (`*.{yml,yaml}` → ['', '.yml'],
 * ['', '.yaml']): the literal characters before its first special character and after its last. A necessary condition,
 * tested before the glob is compiled and matched; undefined when the last segment may match more than one path segment
 * or is not plain enough to say (`**`, nested braces, ranges, a negation).
 */
function nameShapes(glob: string): NameShape[] | undefined {
  const segment = glob.toLowerCase().slice(glob.lastIndexOf('/') + 1);
  if (segment.includes('**') || segment.startsWith('!') || segment.includes('..') || /[{}][^{}]*[{}][^{}]*[{}]/.test(segment)) return undefined;
  // One brace pair at most (the test above): its alternatives, each in place of the pair.
  const brace = /\{([^{}]*)\}/.exec(segment);
  if (!brace && /[{}]/.test(segment)) return undefined;
  const alternatives = brace ? brace[1].split(',').map((choice) => segment.slice(0, brace.index) + choice + segment.slice(brace.index + brace[0].length)) : [segment];
  return alternatives.map((alternative) => {
    const first = alternative.search(GLOB_SPECIAL);
    if (first < 0) return [alternative, '', []] as const;
    let last = alternative.length - 1;
    while (!GLOB_SPECIAL.test(alternative[last])) last--;
    // Between them: the literal pieces between `*`s (each `*` any characters but `/`), when no other special character stands there.
    const middle = alternative.slice(first, last + 1);
    const inner = /^[^?[\]{}()!+@|\\]*$/.test(middle) ? middle.split('*').filter((piece) => piece !== '') : [];
    return [alternative.slice(0, first), alternative.slice(last + 1), inner] as const;
  });
}

/**
 * The folder names a path matched by `glob` holds, lowercased, each as the names one of which it holds: its segments
 * before the last without a special character (`roles/<role>/tasks/**` as a glob → [roles], [tasks]), and those that are
 * one brace of plain names (`{group_vars,host_vars}/**` → [group_vars, host_vars]). None when a brace, bracket or
 * parenthesis spans a `/` (a segment may then be one alternative's only).
 */
function folderNames(glob: string): string[][] {
  const segments = glob.toLowerCase().split('/').slice(0, -1);
  const count = (text: string, char: string) => text.split(char).length - 1;
  if (segments.some((segment) => count(segment, '{') !== count(segment, '}') || count(segment, '(') !== count(segment, ')') || count(segment, '[') !== count(segment, ']'))) return [];
  const plain = (name: string) => name !== '' && name !== '.' && name !== '..' && !GLOB_SPECIAL.test(name);
  return segments.flatMap((segment) => {
    if (plain(segment)) return [[segment]];
    const names = /^\{([^{}]*)\}$/.exec(segment)?.[1].split(',');
    // One name alone in braces is no alternative (minimatch takes `{a}` literally): no folder said.
    return names && names.length > 1 && names.every(plain) ? [names] : [];
  });
}

/** The literal characters a glob ends with (after its last special character), lowercased. */
function literalTail(glob: string): string {
  const match = /(?<![^*?[\]{}()!+@|\\])[^*?[\]{}()!+@|\\]*$/.exec(glob.toLowerCase());
  return match ? match[0] : '';
}

/** The globs compiled (a Minimatch is not changed by matching): the same families' globs compile once however many matchers hold them. */
const compiled = new Map<string, Minimatch>();

/** Globs kept compiled at most (the families' own are a few dozen; a user's settings add theirs, changing while the server runs). */
const MAX_COMPILED = 1_000;

/**
 * A glob as the selector matches it: case-insensitive, on the path's end. Compiled once: `archipel check` builds a
 * matcher of every family's selectors, then one of each family's to choose them (families/check.ts), its globs
 * compiled again each time (10 ms of a one-file check, issue #68).
 */
function compileGlob(glob: string): Minimatch {
  let matcher = compiled.get(glob);
  if (!matcher) {
    const pattern = glob.startsWith('/') || glob.startsWith('**/') ? glob : `**/${glob}`;
    matcher = new Minimatch(pattern.toLowerCase(), { dot: true, nocase: true });
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(glob, matcher);
  }
  return matcher;
}

interface Sniffer {
  candidates: Patterns;
  bytes: number;
  claims(head: string): boolean;
}

/** Several selectors compiled into one matcher (every family's, plus the user's globs). */
export class FileMatcher {
  private readonly patterns = new Patterns();
  private readonly sniffers: Sniffer[] = [];

  constructor(selectors: readonly FileSelector[], userGlobs: readonly string[] = []) {
    for (const selector of selectors) {
      this.patterns.add(selector);
      if (selector.sniff) {
        const candidates = new Patterns();
        candidates.add(selector.sniff.candidates);
        this.sniffers.push({ candidates, bytes: Math.min(selector.sniff.bytes ?? 4096, MAX_SNIFF_BYTES), claims: selector.sniff.claims });
      }
    }
    if (userGlobs.length > 0) this.patterns.add({ globs: userGlobs });
  }

  /** The path (absolute or relative, '/' or '\\' separated, or a file URI's path; or made by `filePath`) to a selector. */
  match(file: string | FilePath): Selection {
    const path = typeof file === 'string' ? filePath(file) : file;
    if (this.patterns.match(path)) return 'yes';
    for (const sniffer of this.sniffers) if (sniffer.candidates.match(path)) return 'sniff';
    return 'no';
  }

  /**
   * False when no path of this base name (lowercased: FilePath's `base`) is selected or a sniff candidate, whatever its
   * folders: a check's thousands of paths told apart by their few names before any path is matched (families/check.ts).
   */
  mayTake(base: string): boolean {
    return this.patterns.mayMatchName(base) || this.sniffers.some((sniffer) => sniffer.candidates.mayMatchName(base));
  }

  /** How many first bytes a sniff of `file` needs (0: no sniff can claim it). */
  sniffBytes(file: string | FilePath): number {
    const path = typeof file === 'string' ? filePath(file) : file;
    let bytes = 0;
    for (const sniffer of this.sniffers) if (sniffer.candidates.match(path)) bytes = Math.max(bytes, sniffer.bytes);
    return bytes;
  }

  /** Whether a candidate's first bytes (or its whole text: only the first bytes are looked at) make it selected. */
  claims(file: string | FilePath, head: string): boolean {
    const path = typeof file === 'string' ? filePath(file) : file;
    return this.sniffers.some((sniffer) => sniffer.candidates.match(path) && safeClaims(sniffer, head.slice(0, sniffer.bytes)));
  }

  /** Selected, sniffing with `text` when it takes a sniff (the editor's text of an open document). */
  selects(file: string, text?: string): boolean {
    const selection = this.match(file);
    return selection === 'yes' || (selection === 'sniff' && text !== undefined && this.claims(file, text));
  }

  get empty(): boolean {
    return this.patterns.empty && this.sniffers.length === 0;
  }
}

function safeClaims(sniffer: Sniffer, head: string): boolean {
  try {
    return sniffer.claims(head);
  } catch {
    return false;
  }
}

/** A glob VS Code matches whatever the case of the name: `*.yaml` → `*.[yY][aA][mM][lL]` (letters only). */
export function caseInsensitiveGlob(glob: string): string {
  // VS Code's globs have braces, not extglobs: `?(a|b)` → `{,a,b}`, `@(a|b)` → `{a,b}`.
  glob = glob.replace(/\?\(([^()]*)\)/g, (_, body: string) => `{,${body.split('|').join(',')}}`).replace(/@\(([^()]*)\)/g, (_, body: string) => `{${body.split('|').join(',')}}`);
  let out = '';
  let inClass = false;
  for (const char of glob) {
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    out += !inClass && lower !== upper ? `[${lower}${upper}]` : char;
  }
  return out;
}

/** The globs VS Code watches and selects documents by, for these selectors (sniff candidates included: the server decides). */
export function selectorGlobs(selectors: readonly FileSelector[]): string[] {
  const globs = new Set<string>();
  const add = (patterns: FilePatterns) => {
    for (const name of patterns.names ?? []) globs.add(`**/${caseInsensitiveGlob(name)}`);
    for (const ending of patterns.extensions ?? []) globs.add(`**/*${caseInsensitiveGlob(ending)}`);
    for (const glob of patterns.globs ?? []) globs.add(caseInsensitiveGlob(glob.startsWith('**/') ? glob : `**/${glob}`));
  };
  for (const selector of selectors) {
    add(selector);
    if (selector.sniff) add(selector.sniff.candidates);
  }
  return [...globs];
}
