/**
 * Where Archipel may write: inside the workspace folder (the CLI: inside the current project
 * folder), unless the user named the path on the command line. Every writer — blur outputs and
 * sidecars, ADRs and their index, exports, quick-fix files, prediction outputs, pipeline caches —
 * asks here. This file is the lexical part (pure: `..` resolved, no disk); disk/containment.ts
 * adds symbolic links, for the moment a write happens; rules/containment.ts, the finding for a
 * configured path.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { t } from '../l10n/t';

/** Whether `target` is `folder` or below it, after resolving `.` and `..` (both absolute paths). */
export function isWithin(target: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(target));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The folder of `roots` holding `target`, the deepest first; undefined when none does. */
export function rootHolding(target: string, roots: readonly string[]): string | undefined {
  return [...roots].sort((a, b) => b.length - a.length).find((root) => isWithin(target, root));
}

/** A file path from a `file:` URI or a path; undefined for other schemes. */
export function fsPathOf(uriOrPath: string): string | undefined {
  if (!uriOrPath.includes(':') || /^[a-zA-Z]:[\\/]/.test(uriOrPath)) return uriOrPath;
  if (!uriOrPath.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uriOrPath);
  } catch {
    return undefined;
  }
}

/** The sentence every refusal uses, naming the path as written, where it resolves, and the folder. */
export function outsideMessage(what: string, written: string, resolved: string, root: string): string {
  return written === resolved
    ? t('{0} "{1}" is outside the workspace folder {2}: Archipel writes only inside it, unless you name the path on the command line.', what, written, root)
    : t('{0} "{1}" ({2}) is outside the workspace folder {3}: Archipel writes only inside it, unless you name the path on the command line.', what, written, resolved, root);
}

/** Thrown by writers when a path resolves outside its folder; the message is for the user. */
export class OutsideWorkspaceError extends Error {}
