/**
 * Which files are Compose files (the family's selector, families/compose.ts): by name, by the user's globs, and by
 * content whatever the name (claims.ts, issue #95).
 */
import { FileMatcher, type FileSelector } from '../common/fileSelector';
import { COMPOSE_SNIFF_BYTES, composeHeadClaims } from './claims';

/**
 * Compose files by name: compose-go's default names, their override, the `-f` variants dotted or dashed (`compose.prod.yaml`,
 * `docker-compose-single-kafka.yml`: #95); and by content, whatever the name (`compose/infrastructure.yml`, #95): a YAML file
 * whose first 16 KB hold a top-level `services:` mapping of images and builds (claims.ts composeHeadClaims).
 */
export const composeFiles: FileSelector = {
  globs: ['compose.{yaml,yml}', 'compose.*.{yaml,yml}', 'compose-*.{yaml,yml}', 'docker-compose.{yaml,yml}', 'docker-compose.*.{yaml,yml}', 'docker-compose-*.{yaml,yml}'],
  sniff: { candidates: { extensions: ['.yml', '.yaml'] }, bytes: COMPOSE_SNIFF_BYTES, claims: composeHeadClaims },
};

// The names alone: a sniff is asked of the text (isComposeContent), never of the path.
const defaultMatcher = new FileMatcher([{ globs: composeFiles.globs }]);
const matchers = new Map<string, FileMatcher>();

/** The answers of the default names by path (each file is asked several times a check: the glob matched each time, #68). */
const byDefaultNames = new Map<string, boolean>();

/** What each default name starts with: its glob's last segment up to its first special character (`compose.`, `docker-compose.`). */
const defaultStarts = [...new Set(composeFiles.globs!.map((glob) => /^[^*?[\]{}()!+@|\\]*/.exec(glob.slice(glob.lastIndexOf('/') + 1).toLowerCase())![0]))];

/** Paths whose answer is kept at most (cleared when full: a 100,000-file check asks of every file). */
const MAX_KEPT_ANSWERS = 4096;

/** A file as isComposeFile asks of it: its URI, and its text (an indexed file) for a sniff of its content. */
export interface ComposeCandidate {
  readonly uri: string;
  readonly text?: string;
}

/**
 * Whether a file is a Compose file by its name, by one of the user's globs (`archipel.compose.files`), or — given with its
 * text (an indexed file) — by its content: a `.yml`/`.yaml` file whose first bytes composeHeadClaims takes.
 */
export function isComposeFile(file: string | ComposeCandidate, userGlobs: readonly string[] = []): boolean {
  const uri = typeof file === 'string' ? file : file.uri;
  if (isComposeName(uri, userGlobs)) return true;
  return typeof file !== 'string' && file.text !== undefined && isComposeContent(file, file.text);
}

/** Whether a file is a Compose file by its name, or by one of the user's globs. */
function isComposeName(uri: string, userGlobs: readonly string[]): boolean {
  if (userGlobs.length > 0) {
    const key = userGlobs.join('\n');
    const matcher = matchers.get(key) ?? new FileMatcher([{ globs: composeFiles.globs }], userGlobs);
    if (matchers.size < 16) matchers.set(key, matcher);
    return matcher.match(uri) === 'yes';
  }
  // Every default name starts with its glob's literal start (the matcher's own first test, after lowercasing the whole path: FileMatcher.match).
  const base = uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf('\\')) + 1).toLowerCase();
  if (!defaultStarts.some((start) => base.startsWith(start))) return false;
  let answer = byDefaultNames.get(uri);
  if (answer === undefined) {
    answer = defaultMatcher.match(uri) === 'yes';
    if (byDefaultNames.size >= MAX_KEPT_ANSWERS) byDefaultNames.clear();
    byDefaultNames.set(uri, answer);
  }
  return answer;
}

/** The sniff's answers by file version (an indexed file is one version of a file: asked several times a check). */
const byContent = new WeakMap<ComposeCandidate, boolean>();

/** Whether a YAML file's first bytes read as Compose (claims.ts), kept for this version of the file. */
function isComposeContent(file: ComposeCandidate, text: string): boolean {
  if (!/\.ya?ml$/i.test(file.uri)) return false;
  let answer = byContent.get(file);
  if (answer === undefined) {
    try {
      answer = composeHeadClaims(text.slice(0, COMPOSE_SNIFF_BYTES));
    } catch {
      answer = false;
    }
    byContent.set(file, answer);
  }
  return answer;
}
