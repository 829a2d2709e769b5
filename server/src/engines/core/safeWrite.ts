/**
 * Writes under `.archipel/` that never go through a link (issue #37). A repository can commit
 * `.archipel` itself, or a folder or a file inside it, as a symbolic link: following it would let
 * a harmless stage's log, the cache or the journal overwrite a file outside the workspace. Every
 * state write checks the path from the folder holding `.archipel` down to the file's folder (no
 * component may be a link), and opens the file itself with O_NOFOLLOW (or exclusively, which does
 * not follow a link either). The message names the link.
 */
import { constants, lstatSync, promises as fs, readlinkSync } from 'node:fs';
import path from 'node:path';
import { t } from '../../l10n/t';

/** A write refused because a link (or a file where a folder belongs) is on its path; the message is for the user. */
export class LinkRefusedError extends Error {
  readonly code = 'ELINKREFUSED';
}

const STATE = '.archipel';

function linkMessage(link: string): string {
  let to = '?';
  try {
    to = readlinkSync(link);
  } catch {
    // Gone meanwhile: the message still names it.
  }
  return t('{0} is a symbolic link (to {1}): Archipel does not write its state through links; remove it', link, to);
}

/**
 * Throws a LinkRefusedError when a component of `target`'s path, from `.archipel` (the last one in
 * the path) down to `target` itself, is a symbolic link, or when `.archipel` is not a folder.
 * Components that do not exist yet end the check (they will be created as folders). A path with
 * no `.archipel` component is not checked.
 */
export function refuseStateLinks(target: string): void {
  const parts = path.resolve(target).split(path.sep);
  const at = parts.lastIndexOf(STATE);
  if (at < 0) return;
  let current = parts.slice(0, at).join(path.sep) || path.sep;
  for (let i = at; i < parts.length; i++) {
    current = path.join(current, parts[i]);
    let stats;
    try {
      stats = lstatSync(current);
    } catch {
      return;
    }
    if (stats.isSymbolicLink()) throw new LinkRefusedError(linkMessage(current));
    if (i === at && !stats.isDirectory()) throw new LinkRefusedError(t('{0} is a file, not a folder: Archipel keeps its state in a folder there; remove it', current));
  }
}

/** Checks `folder/.archipel` before anything runs: absent, or a real folder. */
export function checkStateFolder(folder: string): void {
  refuseStateLinks(path.join(folder, STATE));
}

/** Creates `folder` (and its parents) under `.archipel/`, refusing links on the way (checked before and after). */
export async function mkdirState(folder: string): Promise<void> {
  refuseStateLinks(folder);
  await fs.mkdir(folder, { recursive: true });
  refuseStateLinks(folder);
}

/** Opens a state file for writing (`flags` as fs.open's: 'w', 'a', 'wx'), never through a link. */
export async function openState(file: string, flags: 'w' | 'a' | 'wx'): Promise<fs.FileHandle> {
  refuseStateLinks(path.dirname(file));
  const numeric = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW
    | (flags === 'a' ? constants.O_APPEND : flags === 'wx' ? constants.O_EXCL : constants.O_TRUNC);
  try {
    return await fs.open(file, numeric, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new LinkRefusedError(linkMessage(file));
    throw error;
  }
}
