/**
 * The editor's architecture diff (issue #80): `archipel/diff`, the CLI's comparison (platform/archDiff.ts)
 * of a workspace folder's repository, answered for the System Map panel's "Compare with…". Files in the
 * answer are relative to the repository's top (`root`). The head, when not a revision, is the working tree
 * as saved on disk (an unsaved edit is not in it), read as `archipel diff` reads it.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileMatcher } from '../common/fileSelector';
import type { DiagramDrawer } from '../features/diagram/drawer';
import { RequestRejection, type RequestContext } from '../features/requests';
import type { SystemContribution } from '../features/system/contributor';
import type { DiffParams, DiffResult } from '../protocol/diff';
import type { DiffCostHost } from './archDiff';
import type { ArchipelSettings } from '../settings';
import type { ThreatsHost } from '../threats/workspace';

/** What the request computes a side with: as `archipel diff` (families/diagrams.ts gives both the same). */
export interface DiffDeps {
  drawers: readonly DiagramDrawer[];
  system: readonly SystemContribution[];
  threats: ThreatsHost | undefined;
  /** The package root. */
  root: string;
  /** What each side is priced with, as `archipel cost` prices the system. */
  cost?: DiffCostHost;
  files: (settings: ArchipelSettings) => FileMatcher;
}

/** The answer of `archipel/diff` (registered by diagrams/register.ts): git and the analyses loaded on the first comparison. */
export function diffAnswer(deps: DiffDeps): (p: DiffParams, settings: ArchipelSettings, context: RequestContext) => Promise<DiffResult> {
  return async (p, settings, context) => {
    if (typeof p.base !== 'string' || p.base === '') throw new RequestRejection('a base revision is required');
    const folder = p.scope?.startsWith('file:') ? fileURLToPath(p.scope) : context.workspaceFolders[0];
    if (folder === undefined) throw new RequestRejection('no workspace folder to compare');
    context.assertInWorkspace(folder, 'the folder compared');
    const drawer = deps.drawers.find((d) => d.kind === 'system');
    if (!drawer?.formats?.json) throw new RequestRejection('the system map is not among the families of this server');
    // Loaded on the first comparison: the server's start does not pay for git and the analyses.
    const [{ archDiff, DiffRefError, repositoryTop }, { GitError }] = await Promise.all([import('./archDiff.js'), import('../engines/experiments/git.js')]);
    try {
      const top = await repositoryTop(folder);
      const diff = await archDiff({ settings, files: deps.files(settings), drawer, system: deps.system, threats: deps.threats, root: deps.root, ...(deps.cost ? { cost: deps.cost } : {}), paths: [path.resolve(folder)], scopes: [pathToFileURL(folder).href], cwd: top, base: p.base, ...(typeof p.head === 'string' && p.head !== '' ? { head: p.head } : {}) });
      return { root: pathToFileURL(top).href, ...diff };
    } catch (error) {
      if (error instanceof DiffRefError || error instanceof GitError) throw new RequestRejection(error.message);
      throw error;
    }
  };
}
