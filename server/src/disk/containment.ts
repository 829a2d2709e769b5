/**
 * The disk side of common/containment.ts: a path is inside a folder when it is after `..` *and*
 * symbolic links are resolved, so that `outputs -> /etc` inside the workspace does not let a
 * write escape. Paths that do not exist yet (a folder about to be created) are resolved through
 * their deepest existing ancestor.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isWithin, OutsideWorkspaceError, outsideMessage } from '../common/containment';

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
