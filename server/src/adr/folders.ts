import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { adrOf, type AdrDocument } from './document';
import { fileNameOf, folderOf, isDecisionFileName, isIndexFileName } from './paths';
import type { AdrSettings } from './settings';

/** The folders adr-tools, MADR and log4brains use when nothing says otherwise. */
export const conventionalFolders = ['docs/adr', 'doc/adr', 'docs/decisions'];

/** One folder of decisions: its ADRs (by number) and its index file (README.md or index.md), if any. */
export interface AdrFolder {
  uri: string;
  adrs: AdrDocument[];
  byNumber: Map<number, AdrDocument[]>;
  indexFile?: IndexedFile;
  /** Why this folder holds ADRs: a `.adr-dir` file, a conventional name, or the setting. */
  reason: 'adr-dir' | 'convention' | 'setting';
}

function decodedPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** The folder an adr-tools `.adr-dir` file names (its first line, relative to the file's folder). */
export function adrDirTarget(file: IndexedFile): string | undefined {
  const relative = file.text.split(/\r?\n/, 1)[0].trim().replace(/\\/g, '/').replace(/(?<!\/)\/+$/, '');
  if (!relative) return undefined;
  try {
    return new URL(`${relative}/`, `${folderOf(file.uri)}/`).href.replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

/** Why a folder holds ADRs (named by a `.adr-dir`, a conventional name, the setting), or undefined. */
export function adrFolderReason(folder: string, named: ReadonlySet<string>, settings: AdrSettings): AdrFolder['reason'] | undefined {
  if (named.has(folder)) return 'adr-dir';
  const path = decodedPath(folder);
  if (conventionalFolders.some((c) => path.endsWith(`/${c}`))) return 'convention';
  if (settings.directories.some((d) => path.endsWith(`/${d}`) || path === d)) return 'setting';
  return undefined;
}

interface Cached {
  generation: number;
  settingsKey: string;
  folders: Map<string, AdrFolder>;
}
const cache = new WeakMap<WorkspaceIndex, Cached>();

/** Every ADR folder of the workspace with its decisions, computed once per index generation. */
export function adrFolders(index: WorkspaceIndex, settings: AdrSettings): Map<string, AdrFolder> {
  const settingsKey = settings.directories.join('\n');
  const cached = cache.get(index);
  if (cached && cached.generation === index.generation && cached.settingsKey === settingsKey) return cached.folders;
  const named = new Set<string>();
  for (const file of index.files()) {
    if (fileNameOf(file.uri) !== '.adr-dir') continue;
    const target = adrDirTarget(file);
    if (target) named.add(target);
  }
  const folders = new Map<string, AdrFolder>();
  const reasons = new Map<string, AdrFolder['reason'] | undefined>();
  for (const file of index.files()) {
    const name = fileNameOf(file.uri);
    if (!name.toLowerCase().endsWith('.md') || file.skipped) continue;
    const folderUri = folderOf(file.uri);
    if (!reasons.has(folderUri)) reasons.set(folderUri, adrFolderReason(folderUri, named, settings));
    const reason = reasons.get(folderUri);
    if (!reason) continue;
    let folder = folders.get(folderUri);
    if (!folder) {
      folder = { uri: folderUri, adrs: [], byNumber: new Map(), reason };
      folders.set(folderUri, folder);
    }
    if (isIndexFileName(name)) {
      if (!folder.indexFile || /^readme\.md$/i.test(name)) folder.indexFile = file;
    } else if (isDecisionFileName(name)) {
      folder.adrs.push(adrOf(file));
    }
  }
  // A folder named by .adr-dir or the setting exists even before its first decision.
  for (const uri of named) if (!folders.has(uri)) folders.set(uri, { uri, adrs: [], byNumber: new Map(), reason: 'adr-dir' });
  for (const folder of folders.values()) {
    folder.adrs.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || (a.fileName < b.fileName ? -1 : 1));
    for (const adr of folder.adrs) {
      if (adr.number === undefined) continue;
      const list = folder.byNumber.get(adr.number) ?? [];
      list.push(adr);
      folder.byNumber.set(adr.number, list);
    }
  }
  cache.set(index, { generation: index.generation, settingsKey, folders });
  return folders;
}

/** The ADR folder a file belongs to, if it is a Markdown file of one. */
export function folderOfFile(file: IndexedFile, index: WorkspaceIndex, settings: AdrSettings): AdrFolder | undefined {
  if (!file.uri.toLowerCase().endsWith('.md')) return undefined;
  return adrFolders(index, settings).get(folderOf(file.uri));
}

/** The ADR a reference number names in a folder (the first one when the number is taken twice). */
export function adrByNumber(folder: AdrFolder, number: number): AdrDocument | undefined {
  return folder.byNumber.get(number)?.[0];
}

export function nextNumber(folder: AdrFolder | undefined): number {
  let max = 0;
  for (const adr of folder?.adrs ?? []) if (adr.number !== undefined && adr.number > max) max = adr.number;
  return max + 1;
}

/**
 * Whether a file is a decision of a conventional ADR folder (docs/adr, doc/adr, docs/decisions), by its URI alone: for
 * a family that reads what ADRs state without the ADR settings (continuity's recovery objectives).
 */
export function isConventionalDecision(uri: string): boolean {
  const folder = decodedPath(folderOf(uri));
  return isDecisionFileName(fileNameOf(uri)) && conventionalFolders.some((c) => folder === c || folder.endsWith(`/${c}`));
}
