/** The Node edge of `archipel adr …`: reads the ADR folders of a project into an index, writes an edit's files. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { adrDirTarget, adrFolderReason } from '../adr/folders';
import { folderOf } from '../adr/paths';
import type { AdrSettings } from '../adr/settings';
import { indexOptions } from '../service';
import { defaultSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/index';
import { assertWithin } from '../disk/containment';
import { readText } from '../disk/readText';
import { scanFolder } from './scan';
import { t } from '../l10n/t';

/**
 * Indexes what the ADR commands need under `root`: the `.adr-dir` files, then the Markdown files
 * of ADR folders only (a large repository's other Markdown is never read).
 */
export async function loadAdrIndex(root: string, settings: AdrSettings, exclude: readonly string[] = []): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const paths = await scanFolder(root, { extensions: ['.md', '.adr-dir'], exclude });
  const named = new Set<string>();
  for (const file of paths.filter((p) => path.basename(p) === '.adr-dir')) {
    const entry = index.update(pathToFileURL(file).href, (await readText(file)).text);
    const target = adrDirTarget(entry);
    if (target) named.add(target);
  }
  for (const file of paths) {
    if (!file.toLowerCase().endsWith('.md')) continue;
    const uri = pathToFileURL(file).href;
    if (adrFolderReason(folderOf(uri), named, settings)) index.update(uri, (await readText(file)).text);
  }
  return index;
}

export interface WrittenFile {
  path: string;
  created: boolean;
}

/**
 * Writes the new texts of exactly the files an edit names: files the edit creates must not exist
 * (never overwritten), other files are rewritten in place. Nothing else is touched, and nothing
 * at all when a file resolves (symbolic links followed) outside `roots`: OutsideWorkspaceError.
 */
export async function writeEdit(edit: WorkspaceEdit, texts: ReadonlyMap<string, string>, roots: readonly string[]): Promise<WrittenFile[]> {
  for (const uri of texts.keys()) assertWithin(fileURLToPath(uri), roots, t('the ADR file'));
  const created = new Set<string>();
  for (const change of edit.documentChanges ?? []) if ('kind' in change && change.kind === 'create') created.add(change.uri);
  const written: WrittenFile[] = [];
  for (const [uri, text] of texts) {
    const file = fileURLToPath(uri);
    if (created.has(uri)) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, text, { flag: 'wx' });
    } else {
      await fs.writeFile(file, text);
    }
    written.push({ path: file, created: created.has(uri) });
  }
  return written;
}
