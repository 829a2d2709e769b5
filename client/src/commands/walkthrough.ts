/**
 * The first-run walkthrough's commands (contributes.walkthroughs): copy the example workspace the
 * extension ships into a folder the user picks and open it; open one of its files and run a
 * command on it (the walkthrough's steps link to these).
 */
import ignore, { type Ignore } from 'ignore';
import * as vscode from 'vscode';
import { ExperimentsActionRequest } from '../../../server/src/protocol/experiments';
import type { ArchipelLanguageClient } from '../lsp/client';
import { registerWalkthroughTicks } from './walkthroughTicks';

const EXAMPLE = 'portfolio';
/** contributes.walkthroughs[0].id, with the extension's id. */
const WALKTHROUGH = 'archipel.archipel#archipel.firstRun';
/** globalState: the walkthrough was opened on a first activation once. */
const OPENED_KEY = 'archipel.walkthroughOpened';

/** The walkthrough's steps, each ticked when its action succeeded (walkthroughTicks.ts for those seen in a panel or the diagnostics). */
export type WalkthroughStep = 'exampleCopied' | 'problemFixed' | 'imageBlurred' | 'dashboardOpened' | 'predicted' | 'diagramPreviewed' | 'systemMapShown' | 'securityShown' | 'continuityShown' | 'compared' | 'serviceLevelsOpened' | 'pipelineRan' | 'experimentsSwept' | 'rulesHeld';

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

/** globalState: the example copied by Open Example, whose window opens next: { folder: its URI }. */
const EXAMPLE_KEY = 'archipel.walkthrough.exampleCopy';

/** The Welcome page's tabs: the API gives them no input type, they are known by VS Code's (English) labels. */
const welcomePage = (tab: vscode.Tab) => tab.input === undefined && (tab.label === 'Welcome' || tab.label.startsWith('Walkthrough: '));
const allTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);

/**
 * Shows Archipel's walkthrough on `step`, in place of the Welcome page the window opened at start-up
 * (code-server's "Setup VS Code Web" on a first start, its index, or ours restored on another step):
 * openWalkthrough does nothing over a walkthrough already shown. The start-up page may also come just
 * after ours: ours again in its place, once, within 30 s, and only while the user has opened nothing
 * else (#52: never over what the user opened later).
 */
async function showWalkthrough(context: vscode.ExtensionContext, step: string): Promise<void> {
  const ours = `Walkthrough: ${String((context.extension.packageJSON as { displayName?: string }).displayName ?? 'Archipel')}`;
  const open = async (pages: readonly vscode.Tab[]) => {
    if (pages.length > 0) await vscode.window.tabGroups.close(pages, true);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', { category: WALKTHROUGH, step }, false);
  };
  await open(allTabs().filter(welcomePage));
  const watch = vscode.window.tabGroups.onDidChangeTabs((event) => {
    if (event.opened.some((tab) => !welcomePage(tab))) return stop();
    const foreign = allTabs().filter((tab) => welcomePage(tab) && tab.label.startsWith('Walkthrough: ') && tab.label !== ours);
    if (foreign.length === 0) return;
    stop();
    void open(foreign);
  });
  const timer = setTimeout(() => stop(), 30_000);
  const stop = () => {
    clearTimeout(timer);
    watch.dispose();
  };
  context.subscriptions.push({ dispose: stop });
}

/** The step after `step` in the walkthrough the manifest declares (the families add theirs: no list here). */
function stepAfter(context: vscode.ExtensionContext, step: string): string {
  const walkthroughs = (context.extension.packageJSON as { contributes?: { walkthroughs?: { id: string; steps: { id: string }[] }[] } }).contributes?.walkthroughs ?? [];
  const steps = walkthroughs.find((w) => WALKTHROUGH.endsWith(`#${w.id}`))?.steps ?? [];
  const at = steps.findIndex((s) => s.id === step);
  return steps[at + 1]?.id ?? step;
}

/**
 * At start-up (activation on onStartupFinished, so in an empty window too): in the window of the
 * example Open Example copied, shows the walkthrough on the step after it and makes the copy a Git
 * repository (experiments are commits: the last step); on the extension's first start, shows the
 * walkthrough (unless workbench.welcomePage.walkthroughs.openOnInstall is off). VS Code opens an
 * extension's walkthrough when installed from the Marketplace, not from a VSIX or a command line.
 */
export async function startWalkthrough(context: vscode.ExtensionContext, client: ArchipelLanguageClient): Promise<'example' | 'first' | undefined> {
  const copied = context.globalState.get<{ folder: string }>(EXAMPLE_KEY);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (copied && folder?.toString() === copied.folder) {
    await context.globalState.update(EXAMPLE_KEY, undefined);
    await context.globalState.update(OPENED_KEY, true);
    await showWalkthrough(context, stepAfter(context, 'openExample'));
    await makeRepository(client, folder);
    return 'example';
  }
  if (context.globalState.get<boolean>(OPENED_KEY)) return undefined;
  await context.globalState.update(OPENED_KEY, true);
  if (vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall') === false) return undefined;
  await showWalkthrough(context, 'openExample');
  return 'first';
}

/** The example's copy as a Git repository with a first commit (the Experiments panel's Initialise Git here), said in a notification. */
async function makeRepository(client: ArchipelLanguageClient, folder: vscode.Uri): Promise<void> {
  const failed = (why: string) => void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: the example is not a Git repository, so its experiments (the last step) cannot run: {0}', why));
  try {
    const answer = await client.request(ExperimentsActionRequest, { folder: folder.toString(), action: 'init' });
    if (answer.failed) failed(answer.message);
    else void vscode.window.showInformationMessage(vscode.l10n.t('Archipel: the example is a Git repository (its experiments are commits): {0}', answer.message));
  } catch (error) {
    failed(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Copies examples/portfolio into a new folder under the one the user picks (never over an existing
 * one) and opens it; that window makes it a Git repository and shows the next step (startWalkthrough).
 * `parent`: the folder to copy into, without asking (a test, a script).
 */
async function openExample(context: vscode.ExtensionContext, parent?: unknown): Promise<vscode.Uri | undefined> {
  const picked = parent instanceof vscode.Uri ? [parent] : await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Copy the example here') });
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
  // The window of the copy takes it from here (startWalkthrough).
  await context.globalState.update(EXAMPLE_KEY, { folder: target.toString() });
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

/** Opens `relative` of the first workspace folder and runs `command` on it (a walkthrough step), with the link's `options` if any. */
async function openExampleFile(relative: unknown, command?: unknown, options?: unknown): Promise<string | undefined> {
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
  // Beside the walkthrough when it is the active tab: a step's link never hides the page and its other links.
  const beside = allTabs().some((tab) => tab.isActive && tab.group.isActive && welcomePage(tab));
  const column = beside ? vscode.ViewColumn.Beside : undefined;
  if (/\.(ya?ml|md|mmd)$/i.test(relative)) await vscode.window.showTextDocument(uri, { preview: false, ...(column ? { viewColumn: column } : {}) });
  else await vscode.commands.executeCommand('vscode.open', uri, column);
  if (typeof command === 'string' && command.startsWith('archipel.')) await vscode.commands.executeCommand(command, uri, ...(options === undefined ? [] : [options]));
  // The service levels' step: its action is opening the SLO spec.
  if (/\.slo\.ya?ml$/i.test(relative)) await walkthroughStepDone('serviceLevelsOpened');
  return uri.toString();
}

export function register(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('archipel.openExample', (parent?: unknown) => openExample(context, parent)),
    vscode.commands.registerCommand('archipel.openExampleFile', openExampleFile),
    registerWalkthroughTicks(walkthroughStepDone),
  );
}
