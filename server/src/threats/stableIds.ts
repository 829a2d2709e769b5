/**
 * Ids that leave the process relative to the repository (issue #78): the system map names a Compose
 * service `compose:file:///home/u/repo/deploy:api` and a workflow `workflow:file:///…`; every id the
 * threats hand out — Threagile's asset ids and with them the synthetic ids the register keys on, the
 * JSON's elements, SARIF's fingerprints and files, the Threagile export — carries the file URIs in it
 * relative to the repository root instead (`compose:deploy:api`, the root itself `.`), identical on
 * any clone at any path. A register written before keeps matching: `legacyMatches` reads a key made
 * from the absolute path (at any root) as the relative id it stands for. Pure: URIs in, strings out.
 */
// The relative form of a URI is the system map's (features/system/ids.ts): one id scheme for every answer (issue #92).
import { relativeUri, rootUris, trimmedUri } from '../features/system/ids';

/** A file URI inside an id: it ends where the id's own separators start. */
const URI_IN_ID = /file:\/\/[^:\s#>@]*/g;

/** Threagile's words of an id (derive.ts threagileId): lower-case alphanumerics joined by `-`. */
export const slugOf = (text: string): string => text.toLowerCase().split(/[^a-z0-9]/).filter((w) => w !== '').join('-');

export { relativeUri, rootUris };

/** What a node's Threagile id is made from: its id relative to the roots; a node named by its file alone keeps its last segment (derive.ts threagileId). */
export function threagileNamer(roots: readonly string[]): (nodeId: string) => string {
  const stable = stableIdOf(roots);
  return (nodeId) => (nodeId.startsWith('file://') ? nodeId : stable(nodeId));
}

/** The id with every file URI in it relative to the roots; no root: the id as it is. */
export function stableIdOf(roots: readonly string[]): (id: string) => string {
  const uris = rootUris(roots);
  if (uris.length === 0) return (id) => id;
  return (id) => (id.includes('file://') ? id.replace(URI_IN_ID, (uri) => relativeUri(uri, uris)) : id);
}

/**
 * The shape an asset id had when it was made from the absolute path (before issue #78): the words
 * before the URI and `file`, then the root's words (any: the register may come from another clone),
 * then the words after the root. Undefined for an id with no URI under a root (it did not change).
 */
export interface LegacyShape {
  head: string;
  tail: string;
}

export function legacyShapeOf(nodeId: string, roots: readonly string[]): LegacyShape | undefined {
  // A node named by its file alone took its last segment (derive.ts threagileId): unchanged.
  if (nodeId.startsWith('file://')) return undefined;
  const uris = rootUris(roots);
  URI_IN_ID.lastIndex = 0;
  const match = URI_IN_ID.exec(nodeId);
  URI_IN_ID.lastIndex = 0;
  if (!match) return undefined;
  const uri = trimmedUri(match[0]);
  const root = uris.filter((r) => uri === r || uri.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return undefined;
  const head = slugOf(`${nodeId.slice(0, match.index)}file`);
  const tail = slugOf(`${uri.slice(root.length)}${nodeId.slice(match.index + match[0].length)}`);
  return { head, tail };
}

/** Whether an old key's part (an asset id made from an absolute path) stands for an asset of this shape. */
export function legacyPartMatches(part: string, shape: LegacyShape): boolean {
  const p = part.toLowerCase();
  if (!p.startsWith(`${shape.head}-`)) return false;
  // The root's words are at least one word: `<head>-<root>-<tail>`, or `<head>-<root>` for the root itself.
  if (shape.tail === '') return p.length > shape.head.length + 1;
  return p.endsWith(`-${shape.tail}`) && p.length > shape.head.length + shape.tail.length + 2;
}

/**
 * Whether `*` glob `key` matches `text` somewhere (Threagile's `risk_tracking` wildcards: `*` stands for
 * one or more characters of one `@` part, matched anywhere, case-insensitive — Go's RE2 there). Run as
 * a set of states over the key (Thompson's construction): O(key × text), whatever the key holds; a
 * backtracking RegExp built from the key was exponential (issue #84: `*a*a*a*a*a*ab`).
 */
export function globMatches(key: string, text: string): boolean {
  // Tokens: a literal character, ANY (one character of a part), ANYSTAR (zero or more of them).
  const ANY = -1;
  const ANYSTAR = -2;
  const tokens: (string | number)[] = [];
  for (const c of key.toLowerCase()) {
    if (c === '*') tokens.push(ANY, ANYSTAR);
    else tokens.push(c);
  }
  const m = tokens.length;
  const close = (set: Uint8Array) => {
    for (let j = 0; j < m; j++) if (set[j] && tokens[j] === ANYSTAR) set[j + 1] = 1;
  };
  let current = new Uint8Array(m + 1);
  current[0] = 1;
  close(current);
  if (current[m]) return true;
  for (const c of text.toLowerCase()) {
    const next = new Uint8Array(m + 1);
    // Unanchored: a match may start at every character.
    next[0] = 1;
    for (let j = 0; j < m; j++) {
      if (!current[j]) continue;
      const token = tokens[j];
      if (token === ANYSTAR) {
        if (c !== '@') next[j] = 1;
      } else if (token === ANY) {
        if (c !== '@') next[j + 1] = 1;
      } else if (token === c) next[j + 1] = 1;
    }
    close(next);
    if (next[m]) return true;
    current = next;
  }
  return false;
}
