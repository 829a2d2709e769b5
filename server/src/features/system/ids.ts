/**
 * One id scheme for what leaves the process (issue #92): the system map's ids hold the URIs of the files and folders
 * they come from (`compose:file:///home/u/repo/deploy:api`, `k8s:Deployment/ns/api@file:///home/u/repo/apps/a`); every
 * answer — `archipel/systemMap`, `archipel/costView`, `archipel/diff`, `archipel diagram system --format json`,
 * `archipel threats`, `archipel diff` — names them with each URI relative to the repository holding it
 * (`compose:deploy:api`, the repository itself `.`), identical on any clone at any path and whatever folder a command
 * runs from. The repository is the folder holding `.git` above the paths read (disk/repositoryRoot.ts), found by the
 * caller: this module is pure, URIs in, strings out.
 */
import { pathToFileURL } from 'node:url';

/** A file URI inside an id: it ends where the id's own separators start (`:`, a space, a fragment). */
const URI_IN_ID = /file:\/\/[^:\s#]*/g;

/** The URI without its trailing slashes (a loop: a regex's `/+$` moves quadratically on a run of slashes). */
export function trimmedUri(uri: string): string {
  let end = uri.length;
  while (end > 0 && uri[end - 1] === '/') end--;
  return uri.slice(0, end);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A URI as compared with a root: decoded, a Windows drive letter in lower case (VS Code sends
 * `file:///c%3A/x`, Node's pathToFileURL writes `file:///C:/x`).
 */
function comparable(uri: string): string {
  const text = decoded(trimmedUri(uri));
  return /^file:\/\/\/[A-Za-z]:/.test(text) ? `file:///${text[8].toLowerCase()}${text.slice(9)}` : text;
}

/** A file URI relative to the longest root holding it (`.` for the root itself); outside every root, from the first with `..`. */
export function relativeUri(uri: string, roots: readonly string[]): string {
  if (roots.length === 0) return uri;
  const trimmed = comparable(uri);
  roots = roots.map(comparable);
  let best: string | undefined;
  for (const root of roots) if ((trimmed === root || trimmed.startsWith(`${root}/`)) && (best === undefined || root.length > best.length)) best = root;
  if (best !== undefined) return trimmed === best ? '.' : trimmed.slice(best.length + 1);
  const root = roots[0];
  if (root === undefined || !trimmed.startsWith('file://')) return uri;
  const from = root.slice('file://'.length).split('/').filter((p) => p !== '');
  const to = trimmed.slice('file://'.length).split('/').filter((p) => p !== '');
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** Roots (file URIs, or paths: the editor's workspace folders) as file URIs without a trailing slash. */
export const rootUris = (roots: readonly string[]): string[] => roots.map((r) => trimmedUri(r.startsWith('file:') ? r : pathToFileURL(r).href));

/** The id with every file URI in it relative to the repositories `roots` (paths or URIs); no root: the id as it is. */
export function repositoryIdOf(roots: readonly string[]): (id: string) => string {
  const uris = rootUris(roots);
  if (uris.length === 0) return (id) => id;
  return (id) => (id.includes('file://') ? id.replace(URI_IN_ID, (uri) => relativeUri(uri, uris)) : id);
}
