/**
 * The side files of an index built from a git revision (issue #80: `archipel diff`'s base, platform/archDiff.ts):
 * a Compose project's `.env`, a service's `env_file`, read from that revision's objects like its other files,
 * never from the working tree. A family reading side files for the system map asks here first
 * (`revisionSideFiles(builder.index)`) and falls back to its own disk reader. Pure: a registry, no I/O.
 */
import type { SideText } from '../../common/sideFile';
import type { WorkspaceIndex } from '../../workspace/index';

/** A side file's text, or why it was not read; whether a path (a file or a folder) exists. */
export interface SideFiles {
  read(absolutePath: string): SideText;
  exists(absolutePath: string): boolean;
}

const revisions = new WeakMap<WorkspaceIndex, SideFiles>();

/** Says that `index`'s side files come from `files` (a revision's), not the disk. */
export function setRevisionSideFiles(index: WorkspaceIndex, files: SideFiles): void {
  revisions.set(index, files);
}

/** The side files of an index built from a revision; undefined for the working tree's. */
export function revisionSideFiles(index: WorkspaceIndex): SideFiles | undefined {
  return revisions.get(index);
}
