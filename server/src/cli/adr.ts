/** `archipel adr new|supersede|link|status|index`: the editor's ADR commands, on disk. */
import path from 'node:path';
import { parseOptions } from './didYouMean';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { isIsoDate } from '../adr/dates';
import { adrByNumber, adrFolders, type AdrFolder } from '../adr/folders';
import { AdrRequestError, generateAdrIndex, linkAdrs, newAdr, setAdrStatus, supersedeAdr } from '../adr/requests';
import { normalizeAdrSettings, type AdrSettings } from '../adr/settings';
import { OutsideWorkspaceError } from '../common/containment';
import { loadAdrIndex, writeEdit } from '../platform/adrProject';
import type { WorkspaceIndex } from '../workspace/index';
import { t } from '../l10n/t';

export const adrUsage = `  adr new TITLE...     Create the next ADR of the folder (prints its path).
      --dir FOLDER               The ADR folder (default: the only one found, else docs/adr).
      --format nygard|madr       Template (default: the folder's usual format, else nygard).
      --supersedes ADR           An ADR (number or file) the new one supersedes; repeatable.
      --date YYYY-MM-DD --status STATUS
  adr supersede OLD NEW  OLD is superseded by NEW (numbers or files); writes both files.
  adr link SOURCE TARGET [--verb Amends] [--reverse "Amended by"]   Link two ADRs both ways.
  adr status ADR STATUS  Write a status everywhere the ADR states one.
  adr index [--dir FOLDER]   Write the index table into the folder's README.md (or index.md).`;

class AdrUsageError extends Error {}

interface Project {
  index: WorkspaceIndex;
  settings: AdrSettings;
  root: string;
  /** The folder --dir names, as a URI. */
  dir?: string;
}

async function project(dir: string | undefined): Promise<Project> {
  const root = process.cwd();
  const relative = dir ? path.relative(root, path.resolve(dir)).split(path.sep).join('/') : undefined;
  // --dir makes a folder an ADR folder even when nothing else says so.
  const settings = normalizeAdrSettings({ directories: relative && !relative.startsWith('..') ? [relative] : [] });
  const index = await loadAdrIndex(root, settings);
  return { index, settings, root, dir: dir ? pathToFileURL(path.resolve(dir)).href : undefined };
}

/** The folder the command works in: --dir, else the only ADR folder. */
function folderFor(p: Project): AdrFolder {
  const folders = [...adrFolders(p.index, p.settings).values()];
  if (p.dir) {
    const folder = folders.find((f) => f.uri === p.dir);
    if (!folder) throw new AdrUsageError(t('no ADRs in {0}', path.relative(p.root, fileURLToPath(p.dir)) || '.'));
    return folder;
  }
  if (folders.length === 1) return folders[0];
  throw new AdrUsageError(folders.length === 0 ? t('no ADR folder found (docs/adr, doc/adr, docs/decisions or .adr-dir)') : t('{0} ADR folders: choose one with --dir', folders.length));
}

/** An ADR given as a number (in the folder) or as a file path. */
function adrUri(p: Project, given: string): string {
  if (/^\d+$/.test(given)) {
    const adr = adrByNumber(folderFor(p), Number(given));
    if (!adr) throw new AdrUsageError(t('no ADR {0}', given));
    return adr.uri;
  }
  const uri = pathToFileURL(path.resolve(given)).href;
  if (!p.index.get(uri)) throw new AdrUsageError(t('{0} is not an ADR of an ADR folder', given));
  return uri;
}

async function write(p: Project, result: { edit: WorkspaceEdit; texts: Map<string, string> }, out: (text: string) => void): Promise<void> {
  // Where .adr-dir or the settings lead stays inside the project folder; --dir may name any folder.
  const written = await writeEdit(result.edit, result.texts, p.dir ? [p.root, fileURLToPath(p.dir)] : [p.root]);
  for (const file of written) out(file.created ? t('created {0}', path.relative(p.root, file.path)) : t('updated {0}', path.relative(p.root, file.path)));
  if (written.length === 0) out(t('nothing to change'));
}

async function run(args: string[], out: (text: string) => void): Promise<void> {
  const { values, positionals } = parseOptions('adr', {
    args, allowPositionals: true, strict: true,
    options: {
      dir: { type: 'string' },
      format: { type: 'string' },
      supersedes: { type: 'string', multiple: true },
      date: { type: 'string' },
      status: { type: 'string' },
      verb: { type: 'string' },
      reverse: { type: 'string' },
    },
  });
  const [sub, ...rest] = positionals;
  const p = await project(values.dir);
  switch (sub) {
    case 'new': {
      if (rest.length === 0) throw new AdrUsageError(t('adr new needs a title'));
      if (values.format !== undefined && values.format !== 'nygard' && values.format !== 'madr') throw new AdrUsageError(t('unknown format "{0}" (expected nygard or madr)', values.format));
      if (values.date !== undefined && !isIsoDate(values.date)) throw new AdrUsageError(t('--date expects YYYY-MM-DD, got "{0}"', values.date));
      const folder = p.dir ?? (adrFolders(p.index, p.settings).size === 0 ? pathToFileURL(path.join(p.root, 'docs', 'adr')).href : folderFor(p).uri);
      const result = newAdr(p.index, p.settings, {
        title: rest.join(' '),
        folder,
        format: values.format,
        date: values.date,
        status: values.status,
        supersedes: (values.supersedes ?? []).map((s) => adrUri(p, s)),
      });
      await write(p, result, out);
      return;
    }
    case 'supersede':
      if (rest.length !== 2) throw new AdrUsageError(t('adr supersede needs OLD and NEW'));
      return write(p, supersedeAdr(p.index, { target: adrUri(p, rest[0]), by: adrUri(p, rest[1]) }), out);
    case 'link':
      if (rest.length !== 2) throw new AdrUsageError(t('adr link needs SOURCE and TARGET'));
      return write(p, linkAdrs(p.index, { source: adrUri(p, rest[0]), target: adrUri(p, rest[1]), verb: values.verb, reverseVerb: values.reverse }), out);
    case 'status':
      if (rest.length < 2) throw new AdrUsageError(t('adr status needs an ADR and a status'));
      return write(p, setAdrStatus(p.index, { uri: adrUri(p, rest[0]), status: rest.slice(1).join(' ') }), out);
    case 'index':
      return write(p, generateAdrIndex(p.index, p.settings, { folder: folderFor(p).uri }), out);
    default:
      throw new AdrUsageError(sub ? t('unknown adr command "{0}"', sub) : t('adr needs a command: new, supersede, link, status or index'));
  }
}

/** Runs `archipel adr …`: 0 done, 1 the request could not be carried out, 2 usage error. */
export async function adrCommand(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  try {
    await run(args, out);
    return 0;
  } catch (error) {
    if (error instanceof AdrRequestError || error instanceof OutsideWorkspaceError) {
      err(`archipel adr: ${error.message}`);
      return 1;
    }
    if (error instanceof AdrUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`archipel adr: ${(error as Error).message}\n\n${adrUsage}`);
      return 2;
    }
    if ((error as { code?: string }).code === 'EEXIST') {
      err(`archipel adr: ${t('{0} (not overwritten)', (error as Error).message)}`);
      return 1;
    }
    throw error;
  }
}
