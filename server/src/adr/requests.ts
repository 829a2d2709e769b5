/**
 * The `archipel/adr…` requests as pure functions of the workspace index: the server maps each
 * request here, the CLI calls the same functions and writes the resulting edit to disk.
 */
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type {
  AdrEditResult,
  AdrFolderInfo,
  AdrFormatName,
  AdrIndexParams,
  AdrLinkParams,
  AdrListItem,
  AdrNewParams,
  AdrSetStatusParams,
  AdrSupersedeParams,
} from '../protocol/adr';
import { RequestRejection } from '../features/requests';
import type { WorkspaceIndex } from '../workspace/index';
import { today } from './dates';
import { adrOf, parseAdr, type AdrDocument } from './document';
import { adrFolders, nextNumber, type AdrFolder } from './folders';
import { reverseVerb } from './graph';
import { applyOffsetEdits, linkEdits, linkTarget, statusEdits, supersedeEdits, toTextEdits, type OffsetEdit } from './edits';
import { adrTitle, eolOf, indexBlock, indexBlockContent, indexEndMarker, indexStartMarker } from './indexTable';
import { fileNameOf, isDecisionFileName, joinUri, padNumber, slugify } from './paths';
import type { AdrSettings } from './settings';
import { newAdrText } from './templates';
import { t } from '../l10n/t';

/** A request that cannot be carried out as asked; the message is for the user. */
export class AdrRequestError extends RequestRejection {}

/** Collects edits per file, then builds one WorkspaceEdit (new files first). */
class EditBuilder {
  private readonly created = new Map<string, string>();
  private readonly changed = new Map<string, { text: string; edits: OffsetEdit[] }>();

  create(uri: string, text: string): void {
    this.created.set(uri, text);
  }

  change(uri: string, text: string, edits: readonly OffsetEdit[]): void {
    if (edits.length === 0) return;
    const entry = this.changed.get(uri) ?? { text, edits: [] };
    entry.edits.push(...edits);
    this.changed.set(uri, entry);
  }

  build(): WorkspaceEdit {
    const documentChanges: (CreateFile | TextDocumentEdit)[] = [];
    for (const [uri, text] of this.created) {
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] });
    }
    for (const [uri, { text, edits }] of this.changed) documentChanges.push({ textDocument: { uri, version: null }, edits: toTextEdits(text, edits) });
    return { documentChanges };
  }

  /** The new text of every file the edit touches (for the CLI and tests). */
  texts(): Map<string, string> {
    const result = new Map(this.created);
    for (const [uri, { text, edits }] of this.changed) result.set(uri, applyOffsetEdits(text, edits));
    return result;
  }
}

function adrAt(index: WorkspaceIndex, uri: string): AdrDocument {
  const file = index.get(uri);
  if (!file || !isDecisionFileName(fileNameOf(uri))) throw new AdrRequestError(t('{0} is not an ADR Archipel knows (is it in an ADR folder?).', fileNameOf(uri)));
  return adrOf(file);
}

function folderFormat(folder: AdrFolder | undefined): AdrFormatName {
  const madr = folder?.adrs.filter((a) => a.format === 'madr').length ?? 0;
  return madr * 2 > (folder?.adrs.length ?? 0) ? 'madr' : 'nygard';
}

/** The ADR folders, or where the first one would go. */
export function adrFolderInfos(index: WorkspaceIndex, settings: AdrSettings, workspaceFolders: readonly string[] = []): AdrFolderInfo[] {
  const infos: AdrFolderInfo[] = [...adrFolders(index, settings).values()]
    .map((f) => ({ uri: f.uri, count: f.adrs.length, nextNumber: nextNumber(f), format: folderFormat(f), exists: true }))
    .sort((a, b) => (a.uri < b.uri ? -1 : 1));
  if (infos.length === 0 && workspaceFolders.length > 0) infos.push({ uri: `${workspaceFolders[0].replace(/\/$/, '')}/docs/adr`, count: 0, nextNumber: 1, format: 'nygard', exists: false });
  return infos;
}

export function adrList(index: WorkspaceIndex, settings: AdrSettings, folder?: string): AdrListItem[] {
  const items: AdrListItem[] = [];
  for (const f of adrFolders(index, settings).values()) {
    if (folder && f.uri !== folder) continue;
    for (const adr of f.adrs) items.push({ uri: adr.uri, folder: f.uri, number: adr.number ?? null, title: adrTitle(adr), status: adr.status?.value ?? null, date: adr.date?.raw ?? null });
  }
  return items;
}

function chooseFolder(index: WorkspaceIndex, settings: AdrSettings, params: { folder?: string; workspaceFolders?: string[] }): string {
  if (params.folder) return params.folder.replace(/\/$/, '');
  const infos = adrFolderInfos(index, settings, params.workspaceFolders);
  if (infos.length === 1) return infos[0].uri;
  if (infos.length === 0) throw new AdrRequestError(t('No ADR folder yet and no workspace folder to create docs/adr in.'));
  throw new AdrRequestError(t('There are {0} ADR folders: say which one.', infos.length));
}

/** A new ADR with the next free number, from the folder's usual format; superseded ADRs change too. */
export function newAdr(index: WorkspaceIndex, settings: AdrSettings, params: AdrNewParams, now: Date = new Date()): AdrEditResult & { texts: Map<string, string> } {
  const title = params.title.trim().replace(/\s+/g, ' ');
  const slug = slugify(title);
  if (!slug) throw new AdrRequestError(t('The title needs at least one letter or digit.'));
  const folderUri = chooseFolder(index, settings, params);
  const folder = adrFolders(index, settings).get(folderUri);
  const number = nextNumber(folder);
  const fileName = `${padNumber(number)}-${slug}.md`;
  const uri = joinUri(folderUri, fileName);
  if (index.get(uri)) throw new AdrRequestError(t('{0} already exists.', fileName));
  const format = params.format ?? folderFormat(folder);
  const superseded = (params.supersedes ?? []).map((u) => adrAt(index, u));
  const status = params.status ?? (superseded.length > 0 ? 'accepted' : 'proposed');
  const eol = folder?.adrs[0] ? eolOf(folder.adrs[0].markdown.text) : '\n';
  const text = newAdrText(format, { number, title, date: params.date ?? today(now), status, supersedes: superseded.map(linkTarget), eol });
  const builder = new EditBuilder();
  builder.create(uri, text);
  // The superseded ADRs say so; the new one already lists them.
  const created = parseAdr(uri, text);
  for (const old of superseded) builder.change(old.uri, old.markdown.text, supersedeEdits(old, created).target);
  return { edit: builder.build(), uri, texts: builder.texts() };
}

/** `target` is superseded by `by`: both files change (status of the one, "Supersedes" line of the other). */
export function supersedeAdr(index: WorkspaceIndex, params: AdrSupersedeParams): AdrEditResult & { texts: Map<string, string> } {
  const target = adrAt(index, params.target);
  const by = adrAt(index, params.by);
  if (target.uri === by.uri) throw new AdrRequestError(t('An ADR cannot supersede itself.'));
  if (target.folder !== by.folder) throw new AdrRequestError(t('Both ADRs must be in the same folder.'));
  const edits = supersedeEdits(target, by);
  const builder = new EditBuilder();
  builder.change(target.uri, target.markdown.text, edits.target);
  builder.change(by.uri, by.markdown.text, edits.by);
  return { edit: builder.build(), uri: by.uri, texts: builder.texts() };
}

export function linkAdrs(index: WorkspaceIndex, params: AdrLinkParams): AdrEditResult & { texts: Map<string, string> } {
  const source = adrAt(index, params.source);
  const target = adrAt(index, params.target);
  if (source.uri === target.uri) throw new AdrRequestError(t('An ADR cannot link to itself.'));
  const verb = (params.verb ?? 'Amends').trim();
  const reverse = (params.reverseVerb ?? reverseVerb(verb)).trim();
  if (!/^[A-Za-z]+(?: [A-Za-z]+){0,2}$/.test(verb) || !/^[A-Za-z]+(?: [A-Za-z]+){0,2}$/.test(reverse)) throw new AdrRequestError(t('A link verb is one to three words ("Amends", "Relates to").'));
  const edits = linkEdits(source, target, verb, reverse);
  const builder = new EditBuilder();
  builder.change(source.uri, source.markdown.text, edits.source);
  builder.change(target.uri, target.markdown.text, edits.target);
  return { edit: builder.build(), uri: source.uri, texts: builder.texts() };
}

export function setAdrStatus(index: WorkspaceIndex, params: AdrSetStatusParams): AdrEditResult & { texts: Map<string, string> } {
  const adr = adrAt(index, params.uri);
  const status = params.status.trim();
  if (!status || /[\r\n]/.test(status)) throw new AdrRequestError(t('A status is one line of text.'));
  const builder = new EditBuilder();
  builder.change(adr.uri, adr.markdown.text, statusEdits(adr, status));
  return { edit: builder.build(), uri: adr.uri, texts: builder.texts() };
}

/** The folder's README.md (or index.md) with the generated table between markers; created if missing. */
export function generateAdrIndex(index: WorkspaceIndex, settings: AdrSettings, params: AdrIndexParams): AdrEditResult & { texts: Map<string, string> } {
  const folder = adrFolders(index, settings).get(params.folder.replace(/\/$/, ''));
  if (!folder) throw new AdrRequestError(t('{0} is not an ADR folder.', params.folder));
  const builder = new EditBuilder();
  const file = folder.indexFile;
  if (!file) {
    const uri = joinUri(folder.uri, 'README.md');
    builder.create(uri, `# Architecture Decision Records\n\n${indexStartMarker}${indexBlockContent(folder, '\n')}${indexEndMarker}\n`);
    return { edit: builder.build(), uri, texts: builder.texts() };
  }
  const eol = eolOf(file.text);
  const block = indexBlock(file.text);
  const content = indexBlockContent(folder, eol);
  if (block) {
    if (file.text.slice(block.start, block.end) !== content) builder.change(file.uri, file.text, [{ ...block, newText: content }]);
  } else {
    const end = file.text.length;
    const gap = file.text.endsWith(eol) ? eol : `${eol}${eol}`;
    builder.change(file.uri, file.text, [{ start: end, end, newText: `${gap}${indexStartMarker}${content}${indexEndMarker}${eol}` }]);
  }
  return { edit: builder.build(), uri: file.uri, texts: builder.texts() };
}
