/**
 * A git revision's files as `archipel diff` reads them (issue #80; platform/archDiff.ts builds a side of them):
 * listed by `git ls-tree -r -z --long` (regular files only: no link, no submodule), selected as the workspace scan
 * selects files (the families' selector and sniffers, `files.exclude`), their blobs read through one
 * `git cat-file --batch` (engines/experiments/git.ts: argument arrays, names on standard input), each at most the
 * index's size bound; and its side files (`.env`, env_file) read from its blobs when asked. Never the working tree,
 * the index or `.git` written. A file whose blob the other side indexed already at the same path is not read again.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { FileMatcher } from '../common/fileSelector';
import type { SideText } from '../common/sideFile';
import type { SideFiles } from '../features/system/revision';
import { decodeText, type DecodedText } from '../common/textDecoding';
import { isWithin } from '../common/containment';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile } from '../workspace/index';
import { CatFile, git } from '../engines/experiments/git';
import { excludedPath, excludeMatcher } from './scan';

/** A file of a revision: its path from the repository's top, its blob and its size. */
interface TreeFile {
  path: string;
  oid: string;
  size: number;
}

/** The regular files of `commit` (mode 100644/100755): no link (120000), no submodule (160000). */
async function treeFiles(top: string, commit: string): Promise<TreeFile[]> {
  const { stdout } = await git(top, ['ls-tree', '-r', '-z', '--long', '--full-tree', '--end-of-options', commit]);
  const files: TreeFile[] = [];
  for (const record of stdout.split('\0')) {
    // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    const name = record.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || !/^[0-9a-f]+$/.test(oid)) continue;
    // Confined to the repository: git never lists such a path, and none is read if it did.
    if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) continue;
    files.push({ path: name, oid, size: Number(size) });
  }
  return files;
}

/**
 * A revision's side files (a Compose `.env`, an `env_file`): its blobs, never the working tree's files. Each read
 * when asked, once (`git cat-file blob <oid>`, argument arrays, the object id from the tree), bounded as a side file
 * on disk is (archipel.validation.maxSideFileKb: larger, `too-large`), confined to the repository (`outside`).
 */
export class RevisionSideFiles implements SideFiles {
  private files: Map<string, TreeFile>;
  private folders: Set<string>;
  private readonly texts = new Map<string, SideText>();
  /** The side files refused (outside the repository, over their bound): the reading's ledger (platform/notRead.ts). */
  readonly refusals = new Map<string, 'outside' | 'too-large'>();
  /** What each path asked was at this revision (its blob, a folder, nothing): what `moveTo` compares. */
  private readonly asked = new Map<string, string>();

  constructor(
    private readonly top: string,
    tree: readonly TreeFile[],
    private readonly maxBytes: number,
  ) {
    this.files = new Map(tree.map((f) => [f.path, f]));
    this.folders = foldersOf(tree);
  }

  exists(file: string): boolean {
    const rel = this.relative(file);
    return rel !== undefined && (rel === '' || this.stateOf(rel) !== 'none');
  }

  read(file: string): SideText {
    const rel = this.relative(file);
    if (rel === undefined) {
      this.refusals.set(path.resolve(this.top, file), 'outside');
      return { refused: 'outside' };
    }
    this.stateOf(rel);
    let text = this.texts.get(rel);
    if (text) return text;
    const blob = this.files.get(rel);
    if (!blob) text = { refused: this.folders.has(rel) ? 'not-a-file' : 'missing' };
    else if (blob.size > this.maxBytes) {
      text = { refused: 'too-large' };
      this.refusals.set(path.join(this.top, ...rel.split('/')), 'too-large');
    }
    else {
      try {
        // Synchronous: a family's reader is (compose/model.ts ComposeReader); a project reads its `.env` once.
        const data = execFileSync('git', ['-C', this.top, 'cat-file', 'blob', blob.oid], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, maxBuffer: this.maxBytes + 1, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
        text = { text: decodeText(data).text };
      } catch {
        text = { refused: 'unreadable' };
      }
    }
    this.texts.set(rel, text);
    return text;
  }

  /**
   * Becomes the side files of another revision of the same repository when every path asked so far is the same there
   * (the same blob, a folder, nothing): what was read with it (a Compose file's reading, keyed by its reader) then holds
   * for that revision too. False, and unchanged, otherwise.
   */
  moveTo(tree: readonly TreeFile[]): boolean {
    const files = new Map(tree.map((f) => [f.path, f]));
    const folders = foldersOf(tree);
    for (const [rel, state] of this.asked) if (state !== stateIn(rel, files, folders)) return false;
    this.files = files;
    this.folders = folders;
    return true;
  }

  private stateOf(rel: string): string {
    const state = stateIn(rel, this.files, this.folders);
    this.asked.set(rel, state);
    return state;
  }

  private relative(file: string): string | undefined {
    const absolute = path.resolve(this.top, file);
    return isWithin(absolute, this.top) ? path.relative(this.top, absolute).split(path.sep).join('/') : undefined;
  }
}

function foldersOf(tree: readonly TreeFile[]): Set<string> {
  const folders = new Set<string>();
  for (const f of tree) for (let at = f.path.indexOf('/'); at > 0; at = f.path.indexOf('/', at + 1)) folders.add(f.path.slice(0, at));
  return folders;
}

/** A path at a revision: its blob's id, `folder`, or `none`. */
function stateIn(rel: string, files: ReadonlyMap<string, TreeFile>, folders: ReadonlySet<string>): string {
  return files.get(rel)?.oid ?? (folders.has(rel) ? 'folder' : 'none');
}

/** The entries of a side's index built from a revision, by file, with their blobs: what the other side reuses. */
export type Blobs = Map<string, { oid: string; entry: IndexedFile }>;

/**
 * A revision's files under `roots`, selected as the scan selects files on disk, with their texts (blobs over
 * `maxBytes` are not read), and its side files. A file whose blob the other side (`other`) indexed already at
 * the same path is not read again: its entry is `reused`, whatever that side parsed and modelled of it kept.
 */
export async function revisionFiles(top: string, commit: string, roots: readonly string[], settings: ArchipelSettings, files: FileMatcher, other?: { blobs: Blobs; sideFiles: RevisionSideFiles }): Promise<{ read: { file: string; text: DecodedText; oid: string }[]; reused: IndexedFile[]; sideFiles: RevisionSideFiles; tooLarge: string[] }> {
  const tree = await treeFiles(top, commit);
  // The other side's side files, when what they answered is the same here: their readings (a Compose file's, by reader) reused too.
  const sideFiles = other?.sideFiles.moveTo(tree) ? other.sideFiles : new RevisionSideFiles(top, tree, settings.validation.maxSideFileKb * 1024);
  // The scan's rule (scan.ts): a file is left out when it or a folder above it matches, as the walk never enters an excluded folder.
  const excluded = excludeMatcher(settings.files.exclude);
  const maxBytes = indexOptions(settings).maxBytes;
  const chosen: { file: string; relative: string; tree: TreeFile; sniff: boolean }[] = [];
  // The files a family would read that are over the bound: not read, said (platform/notRead.ts), as on disk.
  const tooLarge: string[] = [];
  for (const blob of tree) {
    const file = path.join(top, ...blob.path.split('/'));
    const root = roots.find((r) => isWithin(file, r));
    if (root === undefined) continue;
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (relative.split('/').some((part) => part === 'node_modules' || part === '.git')) continue;
    const selection = files.match(relative);
    if (selection === 'no' || excludedPath(excluded, relative)) continue;
    if (blob.size > maxBytes) {
      tooLarge.push(file);
      continue;
    }
    chosen.push({ file, relative, tree: blob, sniff: selection === 'sniff' });
  }
  // The other side's entry of the same blob at the same path: its text sniffed and claimed already.
  const reused: IndexedFile[] = [];
  const toRead = chosen.filter((c) => {
    const known = other?.blobs.get(c.file);
    if (known?.oid !== c.tree.oid) return true;
    reused.push(known.entry);
    return false;
  });
  if (toRead.length === 0) return { read: [], reused, sideFiles, tooLarge };
  const reader = new CatFile(top);
  let objects;
  try {
    objects = await reader.read(toRead.map((c) => c.tree.oid));
  } finally {
    reader.close();
  }
  const read: { file: string; text: DecodedText; oid: string }[] = [];
  toRead.forEach((c, i) => {
    const data = objects[i]?.type === 'blob' ? objects[i]?.data : undefined;
    if (!data) return;
    const text = decodeText(data);
    if (c.sniff && !files.claims(c.relative, text.text.slice(0, files.sniffBytes(c.relative)))) return;
    read.push({ file: c.file, text, oid: c.tree.oid });
  });
  return { read, reused, sideFiles, tooLarge };
}
