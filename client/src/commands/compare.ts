import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import type { ArchipelLanguageClient } from '../lsp/client';
import { SystemMapPanel } from '../panels/systemMapPanel';

/** How many branches, tags and recent commits the quick pick offers. */
const REFS = 200;
const COMMITS = 30;

/** git's output in `cwd` (an argument array, no shell; nothing typed by the user is among the arguments), '' when git fails. */
function gitLines(cwd: string, args: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer: 1024 * 1024, timeout: 10_000 }, (error, stdout) => resolve(error ? [] : stdout.split('\n').filter((line) => line.length > 0)));
  });
}

/**
 * "Archipel: Compare with…" (issue #80): a branch, a tag or a recent commit of the workspace folder's
 * repository, picked; the System Map panel then shows the map compared with it (`archipel/diff`: added,
 * removed and changed elements drawn and listed). The server resolves the ref (`--end-of-options`).
 */
export function registerCompare(context: vscode.ExtensionContext, client: ArchipelLanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand('archipel.compareWith', async (arg?: unknown) => {
    const folder = arg instanceof vscode.Uri ? arg : vscode.workspace.workspaceFolders?.[0]?.uri;
    let base = typeof arg === 'string' ? arg : undefined;
    if (base === undefined) {
      if (!folder || folder.scheme !== 'file') return '';
      const cwd = folder.fsPath;
      const [refs, commits] = await Promise.all([
        gitLines(cwd, ['for-each-ref', `--count=${REFS}`, '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads', 'refs/tags']),
        gitLines(cwd, ['log', `-${COMMITS}`, '--format=%h %s', '--end-of-options', 'HEAD']),
      ]);
      const items: (vscode.QuickPickItem & { ref: string })[] = [
        ...refs.map((ref) => ({ label: ref, ref })),
        ...commits.map((line) => ({ label: line.slice(0, line.indexOf(' ')), description: line.slice(line.indexOf(' ') + 1), ref: line.slice(0, line.indexOf(' ')) })),
      ];
      base = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Compare the System Map with a branch, a tag or a commit') }))?.ref;
    }
    if (!base) return '';
    const scope = arg instanceof vscode.Uri ? arg.toString() : undefined;
    await SystemMapPanel.createOrShow(context, client, scope).compareWith(base);
    return base;
  });
}
