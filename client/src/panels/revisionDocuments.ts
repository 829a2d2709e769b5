import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * The lines of a comparison's sides (issue #80, "Compare with…"): a file of the working tree opens as
 * itself; a file at a revision (the base, or a head that is a revision) as a read-only document of the
 * `archipel-rev` scheme, `archipel-rev:<the file's path>?<commit>`, its text read from git's objects
 * (`git cat-file blob`, an argument array, `--end-of-options`; the commit checked to be an object id and
 * the file to be inside a workspace folder; 5 MB at most, the bound of the server's git reader).
 */
export const REVISION_SCHEME = 'archipel-rev';

/** The tab's title of a file at a revision: its name and the revision's short id (`compose.yaml @ 1a2b3c4`). */
export function revisionLabel(uri: vscode.Uri): string {
  return `${path.posix.basename(uri.path)} @ ${uri.query.slice(0, 7)}`;
}

/** The largest file read from a revision (engines/experiments/git.ts's bound). */
const MAX_BYTES = 5 * 1024 * 1024;
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** `file` (relative to `root`, a file URI) as a URI inside a workspace folder, or undefined (absolute, `..`, outside every folder). */
function fileInWorkspace(root: string, file: string): vscode.Uri | undefined {
  if (file === '' || file.includes('\0') || file.includes('\\') || path.posix.isAbsolute(file)) return undefined;
  if (file.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return undefined;
  const top = vscode.Uri.parse(root);
  if (top.scheme !== 'file') return undefined;
  const uri = vscode.Uri.joinPath(top, ...file.split('/'));
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? uri : undefined;
}

/** What a comparison's answer says of its sides: the repository's top and the commit of each (the head's null for the working tree). */
export interface ComparedSides {
  root: string;
  base: { commit: string };
  head: { commit: string | null };
}

/**
 * The document of a line of a comparison: the working tree's file for the head when it is the working tree,
 * else the file at the side's commit; undefined when the file is not inside the workspace or the commit is
 * not an object id. `file` comes from the page: it is checked here, never trusted.
 */
export function changeDocument(compared: ComparedSides, side: 'base' | 'head', file: string): vscode.Uri | undefined {
  const uri = fileInWorkspace(compared.root, file);
  if (!uri) return undefined;
  const commit = side === 'base' ? compared.base.commit : compared.head.commit;
  if (commit === null) return uri;
  return OBJECT_ID.test(commit) ? uri.with({ scheme: REVISION_SCHEME, query: commit }) : undefined;
}

/**
 * Where git runs for a file of the workspace folder `top`: the nearest folder above the file that exists in the
 * working tree (a removed file's folder may be gone), so that git finds the file's repository (one nested in
 * the workspace folder, or one around it).
 */
function existingFolder(file: string, top: string): string {
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    if (folder === top || path.relative(top, folder).startsWith('..') || folder === path.dirname(folder)) return top;
    try {
      if (statSync(folder).isDirectory()) return folder;
    } catch {
      // Not in the working tree: the folder above.
    }
  }
}

/** The text of a file at a commit (an `archipel-rev` URI), read by git in the nearest existing folder above it. */
function readAtRevision(uri: vscode.Uri): Promise<string> {
  const commit = uri.query;
  const file = uri.with({ scheme: 'file', query: '' });
  const folder = vscode.workspace.getWorkspaceFolder(file);
  const relative = folder ? path.relative(folder.uri.fsPath, file.fsPath) : '';
  if (!OBJECT_ID.test(commit) || !folder || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return Promise.reject(new Error(vscode.l10n.t('not a file of the workspace at a revision: {0}', uri.toString())));
  }
  // `<commit>:./<path>`: the path relative to git's working folder.
  const cwd = existingFolder(file.fsPath, folder.uri.fsPath);
  const object = `${commit}:./${path.relative(cwd, file.fsPath).split(path.sep).join('/')}`;
  return new Promise((resolve, reject) => {
    execFile('git', ['cat-file', 'blob', '--end-of-options', object], { cwd, maxBuffer: MAX_BYTES, timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(vscode.l10n.t('{0} at {1}: {2}', relative, commit.slice(0, 12), (stderr || error.message).trim())));
      else resolve(stdout);
    });
  });
}

/** The `archipel-rev` documents: read-only (a content provider's documents are). */
export function registerRevisionDocuments(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(REVISION_SCHEME, { provideTextDocumentContent: readAtRevision });
}
