import * as vscode from 'vscode';
import type { ArchipelLanguageClient } from '../lsp/client';
import { SystemMapPanel } from '../panels/systemMapPanel';
import { registerRevisionDocuments } from '../panels/revisionDocuments';
import { choicesFromGit, choicesFromGitApi, gitState, type GitRepositoryLike, type RefChoice } from './compareRefs';

/** The part of the Git extension's exports (git.d.ts) read here: its API, version 1, and whether it is enabled. */
interface GitExtensionLike {
  enabled?: boolean;
  getAPI(version: 1): { getRepository(uri: vscode.Uri): GitRepositoryLike | null };
}

/** The repository of `folder` as VS Code's Git extension knows it; undefined when the extension is absent, disabled or does not know it. */
async function gitExtensionRepository(folder: vscode.Uri): Promise<GitRepositoryLike | undefined> {
  try {
    const extension = vscode.extensions.getExtension<GitExtensionLike>('vscode.git');
    if (!extension) return undefined;
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (exports.enabled === false) return undefined;
    return exports.getAPI(1).getRepository(folder) ?? undefined;
  } catch {
    // A Git extension that fails (disabled since, no git on PATH for it): the git process lists the refs.
    return undefined;
  }
}

/** The branches, tags and recent commits of the folder's repository: VS Code's Git API when it knows it, else git itself. */
export async function refChoices(folder: vscode.Uri): Promise<RefChoice[]> {
  const repository = await gitExtensionRepository(folder);
  if (repository) {
    try {
      return await choicesFromGitApi(repository);
    } catch {
      // The API failed for this repository: git itself answers.
    }
  }
  return choicesFromGit(folder.fsPath);
}

/**
 * "Archipel: Compare with…" (issue #80): a branch, a tag or a recent commit of the workspace folder's
 * repository, picked; the System Map panel then shows the map compared with it (`archipel/diff`: added,
 * removed and changed elements drawn and listed, each opening its lines: the base's in a read-only
 * document of the file at that revision, revisionDocuments.ts). The server resolves the ref (`--end-of-options`).
 */
export function registerCompare(context: vscode.ExtensionContext, client: ArchipelLanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    registerRevisionDocuments(),
    // From the palette: the first workspace folder's refs picked; from the explorer: that folder's; `{ base, scope }`
    // (tests, a walkthrough link): that comparison without asking.
    vscode.commands.registerCommand('archipel.compareWith', async (arg?: unknown) => {
      const given = typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? (arg as { base?: unknown; scope?: unknown }) : undefined;
      const scope = arg instanceof vscode.Uri ? arg.toString() : typeof given?.scope === 'string' ? given.scope : undefined;
      const folder = scope !== undefined ? vscode.Uri.parse(scope) : vscode.workspace.workspaceFolders?.[0]?.uri;
      let base = typeof arg === 'string' ? arg : typeof given?.base === 'string' ? given.base : undefined;
      if (base === undefined) {
        if (!folder || folder.scheme !== 'file') return '';
        const items = await refChoices(folder);
        if (items.length === 0) {
          // Nothing to pick: say why (no Git repository, or no commit yet) rather than an empty list that does nothing.
          const state = await gitState(folder.fsPath);
          const name = vscode.workspace.asRelativePath(folder, true) || folder.fsPath;
          void vscode.window.showWarningMessage(
            state === 'none'
              ? vscode.l10n.t('Archipel: Compare with… compares the System Map with a revision of the folder\'s Git repository, and {0} is in none: run git init and commit, then compare.', name)
              : vscode.l10n.t('Archipel: Compare with… needs a commit to compare with, and the Git repository of {0} has none yet: commit, then compare.', name),
          );
          return '';
        }
        base = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Compare the System Map with a branch, a tag or a commit') }))?.ref;
      }
      if (!base) return '';
      await SystemMapPanel.createOrShow(context, client, scope).compareWith(base);
      return base;
    }),
  );
}
