/**
 * The disk side of common/containment.ts: a path is inside a folder when it is after `..` *and*
 * symbolic links are resolved, so that `outputs -> /etc` inside the workspace does not let a
 * write escape. Paths that do not exist yet (a folder about to be created) are resolved through
 * their deepest existing ancestor.
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { isWithin, OutsideWorkspaceError, outsideMessage } from '../common/containment';
import { t } from '../l10n/t';

/** The real path of `target`: its deepest existing ancestor's real path, with the rest appended. */
export function realPathOf(target: string): string {
  let existing = path.resolve(target);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync.native(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.join(existing, ...rest.reverse());
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Whether `target` resolves, symbolic links followed, inside `folder` (itself resolved). */
export function isReallyWithin(target: string, folder: string): boolean {
  return isWithin(realPathOf(target), realPathOf(folder));
}

/**
 * Throws an OutsideWorkspaceError naming the path unless `target` resolves inside one of `roots`.
 * `what` names the path for the user ("blur.outputFolder of archipel.yaml"); `written` is the
 * path as the configuration spelled it.
 */
export function assertWithin(target: string, roots: readonly string[], what: string, written = target): void {
  if (roots.some((root) => isReallyWithin(target, root))) return;
  throw new OutsideWorkspaceError(outsideMessage(what, written, realPathOf(target), roots.map(realPathOf).join(' or ') || '(none)'));
}

/**
 * Where a workspace path leads, for reading or writing it (issue #67: links, once, everywhere): `path`,
 * its real path, when it is lexically inside one of `roots` and no symbolic link on the way leads
 * outside them; else why not — `outside`: the path itself is outside every root (`..`, an absolute
 * path); `link`: a component of it is a link leading outside (`link`: that component, `to`: the link's
 * text as written). Walked from the root holding it down, `lstat` at each component, a link followed
 * only while it stays inside (a chain of links is resolved to its end). Components that do not exist
 * end the walk (a file about to be written): whether a file exists outside the workspace is never
 * told by the answer, which is the same for a present and an absent target. No roots: every path is inside.
 */
export type ConfinedPath = { readonly path: string } | { readonly refused: 'outside' } | { readonly refused: 'link'; readonly link: string; readonly to: string };

export function confinedPath(target: string, roots: readonly string[]): ConfinedPath {
  const resolved = path.resolve(target);
  if (roots.length === 0) return { path: resolved };
  const root = [...roots].map((r) => path.resolve(r)).sort((a, b) => b.length - a.length).find((r) => isWithin(resolved, r));
  if (root === undefined) return { refused: 'outside' };
  // The roots' real paths are asked only when a link is met: most reads meet none (one realpath per root a read, #68).
  let realRoots: string[] | undefined;
  const parts = path.relative(root, resolved).split(path.sep).filter((part) => part !== '');
  let current = realPathOf(root);
  let written = root;
  for (const [i, part] of parts.entries()) {
    const next = path.join(current, part);
    written = path.join(written, part);
    let stats;
    try {
      stats = lstatSync(next);
    } catch {
      // Not there (yet): the rest is lexical, below a real folder inside.
      return { path: path.join(next, ...parts.slice(i + 1)) };
    }
    if (!stats.isSymbolicLink()) {
      current = next;
      continue;
    }
    const real = followLink(next);
    realRoots ??= roots.map(realPathOf);
    if (!realRoots.some((r) => isWithin(real, r))) return { refused: 'link', link: written, to: linkText(next) };
    current = real;
  }
  return { path: current };
}

/** Links followed in a chain at most (Linux's own bound); past it, where the chain got to. */
const MAX_LINK_HOPS = 40;

/**
 * Where a link leads, followed link by link to its end, existing or not: the target of a dangling
 * link is where it would be (a link to a file outside that does not exist leads outside all the same).
 */
function followLink(link: string): string {
  let at = link;
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    try {
      if (!lstatSync(at).isSymbolicLink()) return at;
    } catch {
      return at;
    }
    const to = path.resolve(path.dirname(at), linkText(at));
    at = path.join(realPathOf(path.dirname(to)), path.basename(to));
  }
  return at;
}

function linkText(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return '?';
  }
}

/** The sentence for a path `confinedPath` refused, naming it (`action`: what was not done with it). */
export function confinedPathMessage(refusal: Exclude<ConfinedPath, { path: string }>, written: string, action: 'read' | 'written'): string {
  if (refusal.refused === 'link') {
    return action === 'read'
      ? t('{0} is a link leading outside the workspace (to {1}): not read', refusal.link, refusal.to)
      : t('{0} is a link leading outside the workspace (to {1}): not written', refusal.link, refusal.to);
  }
  return action === 'read' ? t('{0} is outside the workspace: not read', written) : t('{0} is outside the workspace: not written', written);
}
