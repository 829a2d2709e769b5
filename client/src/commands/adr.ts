import * as vscode from 'vscode';
import {
  AdrFoldersRequest,
  AdrIndexRequest,
  AdrLinkRequest,
  AdrListRequest,
  AdrNewRequest,
  AdrSetStatusRequest,
  AdrSupersedeRequest,
  type AdrEditResult,
  type AdrFolderInfo,
  type AdrFormatName,
  type AdrListItem,
} from '../../../server/src/protocol';
import type { ArchipelLanguageClient } from '../lsp/client';

/**
 * ADR commands. Thin: inputs come from the arguments (tests, other extensions) or from input boxes
 * and quick picks; the server computes every file edit; this file applies it, saves and shows.
 */

export interface NewAdrArgs {
  title?: string;
  format?: AdrFormatName;
  folder?: string;
  supersedes?: string[];
}
export interface SupersedeAdrArgs {
  /** The ADR that is superseded. */
  target?: string;
  /** An existing successor; or `title` to create one. */
  by?: string;
  title?: string;
  format?: AdrFormatName;
}
export interface LinkAdrsArgs {
  source?: string;
  target?: string;
  verb?: string;
  reverseVerb?: string;
}
export interface ChangeAdrStatusArgs {
  uri?: string;
  status?: string;
}
export interface GenerateAdrIndexArgs {
  folder?: string;
}

/** The user closed a picker: not an error. */
class Cancelled extends Error {}

const pad = (n: number | null) => (n === null ? '—' : String(n).padStart(4, '0'));

/** The new ADR's title: the argument, else asked. */
async function askTitle(given: string | undefined, prompt: string): Promise<string> {
  if (given) return given;
  const title = await vscode.window.showInputBox({ prompt, placeHolder: vscode.l10n.t('Use PostgreSQL for the feature store'), validateInput: (v) => (/[\p{L}\p{N}]/u.test(v) ? undefined : vscode.l10n.t('The title needs a letter or a digit.')) });
  if (!title) throw new Cancelled();
  return title;
}

/** The new ADR's format: the argument, else the folder's usual one, asked when interactive. */
async function askFormat(given: AdrFormatName | undefined, usual: AdrFormatName, interactive: boolean): Promise<AdrFormatName> {
  if (given || !interactive) return given ?? usual;
  const options = [
    { label: 'Nygard', description: vscode.l10n.t('Status, Context, Decision, Consequences (adr-tools)'), format: 'nygard' as const },
    { label: 'MADR 4', description: vscode.l10n.t('front matter, Considered Options, Decision Outcome'), format: 'madr' as const },
  ].sort((a, b) => Number(b.format === usual) - Number(a.format === usual));
  const picked = await vscode.window.showQuickPick(options, { placeHolder: vscode.l10n.t('ADR format') });
  if (!picked) throw new Cancelled();
  return picked.format;
}

/**
 * Saves a document the edit touched and checks that the disk holds what the editor does: a save
 * refused or lost while VS Code is still settling a file the edit has just created (seen under load:
 * `save()` resolving with the new file still empty on disk) is tried again, then written from the
 * editor's text; a file that still differs is an error naming it, never a silently unsaved ADR.
 * The document is asked for again on each try: VS Code may close a saved one no editor shows.
 */
async function saveAndVerify(uri: vscode.Uri): Promise<void> {
  const onDisk = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  for (let attempt = 0; ; attempt++) {
    const document = await vscode.workspace.openTextDocument(uri);
    const saved = !document.isDirty || (await document.save());
    if (saved && !document.isDirty && (await onDisk()) === document.getText()) return;
    if (attempt === 4) throw new Error(vscode.l10n.t('{0} could not be saved.', vscode.workspace.asRelativePath(uri)));
    if (!document.isDirty && attempt >= 2) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(document.getText()));
    await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
  }
}

export function register(context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }): void {
  const workspaceFolders = () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());

  /** Applies the server's edit, saves every file it touched (both sides of a relation land together), shows `uri`. */
  const apply = async (result: AdrEditResult, show = true): Promise<string> => {
    const client = deps.client.languageClient;
    if (!client) throw new Error(vscode.l10n.t('The Archipel language server is not running.'));
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result.edit);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('VS Code refused the edit (is a file read-only?).'));
    const touched = new Set<string>();
    for (const change of result.edit.documentChanges ?? []) touched.add('textDocument' in change ? change.textDocument.uri : 'uri' in change ? change.uri : '');
    for (const uri of Object.keys(result.edit.changes ?? {})) touched.add(uri);
    for (const uri of touched) if (uri) await saveAndVerify(vscode.Uri.parse(uri));
    if (show) await vscode.window.showTextDocument(vscode.Uri.parse(result.uri), { preview: false });
    return result.uri;
  };

  const list = (folder?: string) => deps.client.request(AdrListRequest, { folder });

  /** An ADR picked from a list (the active editor's one first), or the argument when given. */
  const pickAdr = async (given: string | undefined, placeHolder: string, filter: (item: AdrListItem) => boolean = () => true): Promise<AdrListItem> => {
    const items = (await list()).filter(filter);
    if (given) {
      const found = items.find((i) => i.uri === given) ?? (await list()).find((i) => i.uri === given);
      if (!found) throw new Error(vscode.l10n.t('{0} is not an ADR Archipel knows.', given));
      return found;
    }
    if (items.length === 0) throw new Error(vscode.l10n.t('No ADR to choose from.'));
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const several = new Set(items.map((i) => i.folder)).size > 1;
    const picks = items
      .map((item) => ({ label: `${pad(item.number)} ${item.title}`, description: item.status ?? vscode.l10n.t('no status'), detail: several ? vscode.workspace.asRelativePath(vscode.Uri.parse(item.folder)) : undefined, item }))
      .sort((a, b) => Number(b.item.uri === active) - Number(a.item.uri === active));
    const picked = await vscode.window.showQuickPick(picks, { placeHolder, matchOnDescription: true });
    if (!picked) throw new Cancelled();
    return picked.item;
  };

  const pickFolder = async (given: string | undefined): Promise<AdrFolderInfo> => {
    const { folders } = await deps.client.request(AdrFoldersRequest, { workspaceFolders: workspaceFolders() });
    if (given) return folders.find((f) => f.uri === given) ?? { uri: given, count: 0, nextNumber: 1, format: 'nygard', exists: false };
    if (folders.length === 0) throw new Error(vscode.l10n.t('No ADR folder, and no workspace folder to create docs/adr in.'));
    if (folders.length === 1) return folders[0];
    const picked = await vscode.window.showQuickPick(
      folders.map((f) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri)), description: vscode.l10n.t('{0} ADRs, {1}', f.count, f.format), folder: f })),
      { placeHolder: vscode.l10n.t('ADR folder') },
    );
    if (!picked) throw new Cancelled();
    return picked.folder;
  };

  const newAdr = async (args: NewAdrArgs = {}): Promise<string> => {
    const folder = await pickFolder(args.folder);
    const title = await askTitle(args.title, vscode.l10n.t('Title of ADR {0}', pad(folder.nextNumber)));
    const format = await askFormat(args.format, folder.format, args.title === undefined);
    return apply(await deps.client.request(AdrNewRequest, { title, format, folder: folder.uri, supersedes: args.supersedes }));
  };

  const supersedeAdr = async (args: SupersedeAdrArgs = {}): Promise<string> => {
    const target = await pickAdr(args.target, vscode.l10n.t('ADR that is superseded'));
    let by = args.by;
    if (!by && !args.title) {
      const others = (await list(target.folder)).filter((i) => i.uri !== target.uri);
      const picks = [{ label: `$(add) ${vscode.l10n.t('New ADR…')}`, item: undefined as AdrListItem | undefined }, ...others.map((item) => ({ label: `${pad(item.number)} ${item.title}`, description: item.status ?? '', item }))];
      const picked = await vscode.window.showQuickPick(picks, { placeHolder: vscode.l10n.t('Superseded by…') });
      if (!picked) throw new Cancelled();
      by = picked.item?.uri;
    }
    if (by) return apply(await deps.client.request(AdrSupersedeRequest, { target: target.uri, by }));
    return newAdr({ title: args.title, format: args.format, folder: target.folder, supersedes: [target.uri] });
  };

  const linkAdrs = async (args: LinkAdrsArgs = {}): Promise<string> => {
    const source = await pickAdr(args.source, vscode.l10n.t('ADR that links'));
    const target = await pickAdr(args.target, vscode.l10n.t('{0} … which ADR?', pad(source.number)), (i) => i.uri !== source.uri && i.folder === source.folder);
    let verb = args.verb;
    if (!verb) {
      const verbs = ['Amends', 'Clarifies', 'Extends', 'Relates to', 'Depends on'];
      // The verbs are written into the files, in the ADRs' language: only "Other…" is the user's.
      const other = vscode.l10n.t('Other…');
      const picked = await vscode.window.showQuickPick([...verbs, other], { placeHolder: `${pad(source.number)} … ${pad(target.number)}` });
      if (!picked) throw new Cancelled();
      verb = picked === other ? await vscode.window.showInputBox({ prompt: vscode.l10n.t('Link verb (one to three words)') }) : picked;
      if (!verb) throw new Cancelled();
    }
    return apply(await deps.client.request(AdrLinkRequest, { source: source.uri, target: target.uri, verb, reverseVerb: args.reverseVerb }));
  };

  const changeAdrStatus = async (args: ChangeAdrStatusArgs = {}): Promise<string> => {
    const adr = await pickAdr(args.uri, vscode.l10n.t('ADR whose status changes'));
    let status = args.status;
    if (!status) {
      const statuses = vscode.workspace.getConfiguration('archipel.adr', vscode.Uri.parse(adr.uri)).get<string[]>('statuses') ?? [];
      const supersededBy = vscode.l10n.t('Superseded by…');
      const picks = statuses.map((s) => (s === 'superseded' ? supersededBy : s.charAt(0).toUpperCase() + s.slice(1)));
      const picked = await vscode.window.showQuickPick(picks, { placeHolder: vscode.l10n.t('Status of {0} (now {1})', pad(adr.number), adr.status ?? vscode.l10n.t('none')) });
      if (!picked) throw new Cancelled();
      if (picked === supersededBy) return supersedeAdr({ target: adr.uri });
      status = picked;
    }
    return apply(await deps.client.request(AdrSetStatusRequest, { uri: adr.uri, status }));
  };

  const generateAdrIndex = async (args: GenerateAdrIndexArgs = {}): Promise<string> => {
    const folder = await pickFolder(args.folder);
    return apply(await deps.client.request(AdrIndexRequest, { folder: folder.uri }));
  };

  /** Runs a command: cancelled pickers end quietly; errors are shown, and thrown to programmatic callers. */
  const command = <A>(id: string, run: (args?: A) => Promise<string>) =>
    vscode.commands.registerCommand(id, async (args?: A) => {
      try {
        // These commands write where the workspace's configuration says (`.adr-dir`,
        // archipel.adr.directories): like everything that writes from configuration, only once trusted.
        if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('the ADR commands write files where the workspace configuration says; trust this workspace first (Workspaces: Manage Workspace Trust).'));
        return await run(args);
      } catch (error) {
        if (error instanceof Cancelled) return undefined;
        const message = error instanceof Error ? error.message : String(error);
        if (args !== undefined) throw error;
        void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: {0}', message));
        return undefined;
      }
    });

  context.subscriptions.push(
    command('archipel.newAdr', newAdr),
    command('archipel.supersedeAdr', supersedeAdr),
    command('archipel.linkAdrs', linkAdrs),
    command('archipel.changeAdrStatus', changeAdrStatus),
    command('archipel.generateAdrIndex', generateAdrIndex),
    // Code lenses ("superseded by 0005") open the ADR they name.
    vscode.commands.registerCommand('archipel.openAdr', (uri: string) => vscode.window.showTextDocument(vscode.Uri.parse(uri))),
  );
}
