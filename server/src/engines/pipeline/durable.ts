/**
 * A small file of the runner's own (dvc.lock, a journal, a folder's manifest) written so that after a
 * crash or a power loss it is the old file or the new one, whole: the bytes go to a temporary name
 * beside it, are flushed to the disk, renamed over it, and the folder is flushed so the rename is.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { createTemp, putInPlace, writeNew } from '../core/output';
import { refuseStateLinks } from '../core/safeWrite';

/**
 * `beforeRename`: called once the temporary file is complete and flushed (the fault tests stop there).
 * The temporary file is created exclusively (never through a link) and, under `.archipel/`, its
 * folder is checked for links first; the rename replaces a link at `target` instead of following it.
 */
export async function writeDurably(target: string, text: string | Uint8Array, beforeRename?: () => void): Promise<void> {
  refuseStateLinks(path.dirname(target));
  // A temporary name of its own (createTemp: one taken by a link or another writer is left as it is, another drawn).
  const temp = await createTemp(target, (name) => writeNew(name, text, true));
  try {
    beforeRename?.();
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  // putInPlace removes the temporary file itself when the rename fails (once it failed, the name may be another writer's).
  await putInPlace(temp, target, true);
  await syncFolder(path.dirname(target));
}

async function syncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder so (nor needs to: its renames are written through). O_DIRECTORY:
  // a folder, never a file, is opened here (to sync its entries, nothing is read).
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
