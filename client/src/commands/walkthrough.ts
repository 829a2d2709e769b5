/**
 * The first-run walkthrough's commands (contributes.walkthroughs): copy the example workspace the
 * extension ships into a folder the user picks and open it; open one of its files and run a
 * command on it (the walkthrough's steps link to these).
 */
import ignore, { type Ignore } from 'ignore';
import * as vscode from 'vscode';

const EXAMPLE = 'portfolio';
/** contributes.walkthroughs[0].id, with the extension's id. */
const WALKTHROUGH = 'archipel.archipel#archipel.firstRun';
/** globalState: the walkthrough was opened on a first activation once. */
const OPENED_KEY = 'archipel.walkthroughOpened';

/** The walkthrough's steps whose action is one of the extension's commands. */
export type WalkthroughStep = 'exampleCopied' | 'imageBlurred' | 'dashboardOpened' | 'predicted' | 'diagramPreviewed' | 'pipelineRan';

/** The steps whose action succeeded in this window (the extension's API returns it: the extension-host tests read it). */
export const walkthroughSteps = new Set<WalkthroughStep>();

/**
 * A step's action succeeded: its context key `archipel.walkthrough.<step>` is set, which ticks the
 * step (its completionEvents are `onContext:` that key; VS Code keeps a ticked step ticked). A
 * command that failed or was cancelled leaves its step as it was.
 */
export async function walkthroughStepDone(step: WalkthroughStep): Promise<void> {
  walkthroughSteps.add(step);
  await vscode.commands.executeCommand('setContext', `archipel.walkthrough.${step}`, true);
}

/**
 * On the extension's first activation, opens its walkthrough (unless the user turned off
 * workbench.welcomePage.walkthroughs.openOnInstall). VS Code opens an extension's walkthrough when it
 * is installed from the Marketplace, not from a VSIX; code-server opens its own ("Setup VS Code
 * Web") as the window starts, in the same Welcome page, after or over ours. So a Welcome page that
 * shows another walkthrough while this first window starts is closed and ours opened in its place
 * (twice at most, within the first minute); the page has no tab input type in the API and is known by its label.
 */
export async function openWalkthroughOnce(context: vscode.ExtensionContext): Promise<boolean> {
  if (context.globalState.get<boolean>(OPENED_KEY)) return false;
  await context.globalState.update(OPENED_KEY, true);
  if (vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall') === false) return false;
  const ours = `Walkthrough: ${String((context.extension.packageJSON as { displayName?: string }).displayName ?? 'Archipel')}`;
  const foreign = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input === undefined && tab.label !== ours && tab.label.startsWith('Walkthrough: '));
  const open = async () => {
    const others = foreign();
    if (others.length > 0) await vscode.window.tabGroups.close(others, true);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', { category: WALKTHROUGH, step: 'openExample' }, false);
  };
  // The start-up page may come while ours opens, or later (its walkthrough not yet registered when the
  // first call came, the page shows another): ours is opened again in its place, twice at most.
  let replaced = 0;
  const watch = vscode.window.tabGroups.onDidChangeTabs(() => {
    if (foreign().length === 0) return;
    if (++replaced >= 2) stop();
    void open();
  });
  const timer = setTimeout(() => stop(), 60_000);
  const stop = () => {
    clearTimeout(timer);
    watch.dispose();
  };
  await open();
  context.subscriptions.push({ dispose: stop });
  return true;
}

/** Copies examples/portfolio into a new folder under the one the user picks (never over an existing one), and opens it. */
async function openExample(context: vscode.ExtensionContext): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Copy the example here') });
  if (!picked?.[0]) return undefined;
  const target = vscode.Uri.joinPath(picked[0], `archipel-${EXAMPLE}`);
  try {
    await vscode.workspace.fs.stat(target);
    void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: {0} already exists; pick another folder.', target.fsPath));
    return undefined;
  } catch {
    // Free: copied below.
  }
  await copyExample(context.extensionUri, ['examples', EXAMPLE], target);
  // Ticked now, before the window opens the copy (the walkthrough keeps the tick).
  await walkthroughStepDone('exampleCopied');
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: false });
  return target;
}

/**
 * Copies the example as git tracks it. The installed extension holds only its tracked files (the
 * VSIX is built from git's index: scripts/package.mjs); run from a development checkout, the
 * example may hold what a run wrote (.archipel/, dvc.lock, data/, metrics/, predictions, blurred
 * images), which the .gitignore files name — the checkout's, and the example's own, which the copy
 * carries — as git reads them: those are left out, so the copy starts clean.
 */
export async function copyExample(extension: vscode.Uri, example: readonly string[], target: vscode.Uri): Promise<void> {
  /** Each .gitignore met, with the depth of its folder: its patterns are relative to that folder. */
  const root = await readIgnore(vscode.Uri.joinPath(extension, '.gitignore'));
  const walk = async (relative: string[], to: vscode.Uri, rules: readonly { depth: number; ignore: Ignore }[]): Promise<void> => {
    await vscode.workspace.fs.createDirectory(to);
    const own = await readIgnore(vscode.Uri.joinPath(extension, ...relative, '.gitignore'));
    const active = own ? [...rules, { depth: relative.length, ignore: own }] : rules;
    for (const [name, type] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(extension, ...relative))) {
      const entry = [...relative, name];
      const isFolder = (type & vscode.FileType.Directory) !== 0;
      if (active.some((rule) => rule.ignore.ignores(entry.slice(rule.depth).join('/') + (isFolder ? '/' : '')))) continue;
      if (isFolder) await walk(entry, vscode.Uri.joinPath(to, name), active);
      else await vscode.workspace.fs.copy(vscode.Uri.joinPath(extension, ...entry), vscode.Uri.joinPath(to, name), { overwrite: false });
    }
  };
  await walk([...example], target, root ? [{ depth: 0, ignore: root }] : []);
}

/** The rules of a .gitignore (the extension folder's is there in a development checkout only). */
async function readIgnore(file: vscode.Uri): Promise<Ignore | undefined> {
  try {
    return ignore().add(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Opens `relative` of the first workspace folder and runs `command` on it (a walkthrough step). */
async function openExampleFile(relative: unknown, command?: unknown): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (typeof relative !== 'string' || !folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: open the example workspace first (Archipel: Open Example).'));
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: {0} is not in this workspace: open the example workspace first (Archipel: Open Example).', relative));
    return undefined;
  }
  if (/\.(ya?ml|md|mmd)$/i.test(relative)) await vscode.window.showTextDocument(uri, { preview: false });
  else await vscode.commands.executeCommand('vscode.open', uri);
  if (typeof command === 'string' && command.startsWith('archipel.')) await vscode.commands.executeCommand(command, uri);
  return uri.toString();
}

export function register(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('archipel.openExample', () => openExample(context)),
    vscode.commands.registerCommand('archipel.openExampleFile', openExampleFile),
  );
}
