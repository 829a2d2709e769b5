import ignore, { type Ignore } from 'ignore';
import type { FolderStamp } from '../disk/kept';
import { Minimatch } from 'minimatch';
import { close, closeSync, type Dirent, fstat, fstatSync, open, openSync, read, readdir, readdirSync, readFile, readFileSync, readSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileMatcher } from '../common/fileSelector';
import { limiter } from '../common/limiter';
import { byCodeUnit } from '../common/order';
import { trackedIgnored, type TrackedIgnored } from './trackedFiles';

export interface ScanOptions {
  /** Glob patterns relative to the scanned root, as in VS Code's `files.exclude` (`**\/dist`). */
  exclude?: readonly string[];
  /** The files to keep: every family's selector (families/index.ts: familyFiles). */
  files?: FileMatcher;
  /** Or file name endings to keep (case-insensitive); default `.yaml`, `.yml`. */
  extensions?: readonly string[];
  /** Keep at most this many files (a guard against indexing a home folder by mistake); default 100,000. */
  maxFiles?: number;
  /** Folders' listings kept between runs (indexCache.ts ListingCache): a folder whose mtime is unchanged is not listed again. */
  listings?: KeptListings;
}

/** An entry of a folder as a scan reads it: a file or a folder (a link, a socket or a device is never listed). */
export interface ListedEntry {
  readonly name: string;
  readonly folder: boolean;
}

/**
 * Folders' entries kept from an earlier run: adding, removing or renaming an entry changes its folder's mtime, so a
 * folder whose mtime is the one its entries were kept with holds them still (what a file holds is no listing's).
 */
export interface KeptListings {
  /** The entries kept for `dir` if it had this stamp (mtime, ctime, inode: disk/kept.ts) when they were listed. */
  get(dir: string, stamp: FolderStamp): readonly ListedEntry[] | undefined;
  /** Keeps the entries of `dir`, listed after its stamp was read. */
  set(dir: string, stamp: FolderStamp, entries: readonly ListedEntry[]): void;
  /** Told the stamp of a file the listing read, taken before reading it (a `.gitignore`, a sniffed candidate: a one-file check's stamp table, oneFileTable.ts OneFileTable). */
  stamp?(file: string, stats: { size: number; mtimeMs: number }): void;
}

// The listing stays asynchronous (folders listed in parallel on libuv's threads), through fs's callbacks promisified:
// node:fs and node:util are loaded at every start, fs.promises (node's internal/fs/promises) only on first use, and a
// scan is part of every check, a one-file check's too (issue #68). No error of these reaches the scan's caller (each is a skip).
const listed = promisify(readdir);
const textOf = promisify(readFile);
const opened = promisify(open);
const statOf = promisify(fstat);
const readAt = promisify(read);
const closed = promisify(close);

/** The files and folders of `dir`, listed on libuv's threads (the editor's scan: its thread keeps answering). */
async function listFolder(dir: string): Promise<readonly ListedEntry[]> {
  return entriesOf(await listed(dir, { withFileTypes: true }));
}

/**
 * The files and folders of `dir` through `listings` (a check's, whose thread nothing else waits on), synchronously: its
 * stat, then its entries when they are not kept. Listing 4,000 folders synchronously costs a third of the CPU of
 * the same through libuv's threads and promises (40 against 120 ms, issue #84).
 */
function listFolderSync(dir: string, listings: KeptListings): readonly ListedEntry[] {
  // Its mtime read first: a change after it makes the next run list it again.
  const stamp = statSync(dir);
  const kept = listings.get(dir, stamp);
  if (kept) return kept;
  const entries = entriesOf(readdirSync(dir, { withFileTypes: true }));
  listings.set(dir, stamp, entries);
  return entries;
}

function entriesOf(dirents: readonly Dirent[]): ListedEntry[] {
  const entries: ListedEntry[] = [];
  for (const entry of dirents) {
    if (entry.isDirectory()) entries.push({ name: entry.name, folder: true });
    else if (entry.isFile()) entries.push({ name: entry.name, folder: false });
  }
  return entries;
}

/** Folders never worth reading for manifests, whatever the ignore files say. */
const alwaysSkipped = new Set(['node_modules', '.git', '.hg', '.svn']);

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

async function readIgnoreFile(dir: string): Promise<IgnoreScope | undefined> {
  try {
    const text = await textOf(path.join(dir, '.gitignore'), 'utf8');
    return { base: dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function readIgnoreFileSync(dir: string, listings: KeptListings): IgnoreScope | undefined {
  try {
    const file = path.join(dir, '.gitignore');
    if (listings.stamp) listings.stamp(file, statSync(file));
    return { base: dir, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

function ignoredBy(scopes: readonly IgnoreScope[], absolute: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const relative = path.relative(scope.base, absolute).split(path.sep).join('/');
    if (relative && !relative.startsWith('..') && scope.rules.ignores(isDir ? `${relative}/` : relative)) return true;
  }
  return false;
}

/**
 * The one meaning of an exclude glob (`archipel.files.exclude`, archipel.yaml's `files.exclude`, the editor's own), for the
 * CLI's listing and the editor's alike (#92): relative to the folder listed, a pattern not anchored by `**\/` or `/` at any
 * depth (`generated` is every folder or file so named). Tells whether one entry's relative path ('/'-separated) matches.
 */
export function excludeMatcher(patterns: readonly string[]): (relative: string) => boolean {
  const compiled = patterns.map((pattern) => new Minimatch(pattern.startsWith('**/') || pattern.startsWith('/') ? pattern : `**/${pattern}`, { dot: true }));
  return (relative) => compiled.some((pattern) => pattern.match(relative));
}

/**
 * Whether a file at `relative` (to the folder listed) is left out by `excluded` as a scan leaves it out: itself, or one of
 * the folders it is under (the walk never enters an excluded folder). For a file met outside a walk (the editor's events).
 */
export function excludedPath(excluded: (relative: string) => boolean, relative: string): boolean {
  for (let at = relative.indexOf('/'); at > 0; at = relative.indexOf('/', at + 1)) if (excluded(relative.slice(0, at))) return true;
  return excluded(relative);
}

/**
 * Lists the files under `root` (absolute paths, sorted) the way the workspace index sees them:
 * git's rule for `.gitignore` files at every level (tracked files always, untracked ones unless ignored:
 * trackedFiles.ts), exclude globs, and no node_modules or VCS folders.
 */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<string[]> {
  return (await scanFolderCounted(root, options)).files;
}

/**
 * `scanFolder`, with the number of files found in all (`total`): past `maxFiles` the walk goes on
 * counting, so that the index can say how many files it left out.
 */
export async function scanFolderCounted(root: string, options: ScanOptions = {}): Promise<{ files: string[]; total: number }> {
  const files = options.files ?? new FileMatcher([{ extensions: options.extensions ?? ['.yaml', '.yml'] }]);
  const maxFiles = options.maxFiles ?? 100_000;
  const limit = limiter(16);
  const excluded = excludeMatcher(options.exclude ?? []);
  let count = 0;
  // Git's rule (#92): a tracked file is never ignored, whatever a `.gitignore` says (a pattern written for a binary, a
  // force-added file); only untracked files follow `.gitignore`. Git names the tracked files a `.gitignore` matches.
  const tracked: TrackedIgnored | undefined = await trackedIgnored(path.resolve(root));
  const ignored = (active: readonly IgnoreScope[], absolute: string, relative: string, isDir: boolean) =>
    ignoredBy(active, absolute, isDir) && !(isDir ? tracked?.folders.has(relative) : tracked?.files.has(relative));

  /** What an entry of a folder is to the scan: left out, a folder to walk, a file kept, or a sniff candidate. */
  const kindOf = (entry: ListedEntry, absolute: string, relative: string, active: readonly IgnoreScope[]): 'skip' | 'folder' | 'file' | 'sniff' => {
    if (entry.folder) return alwaysSkipped.has(entry.name) || excluded(relative) || ignored(active, absolute, relative, true) ? 'skip' : 'folder';
    const selection = files.match(relative);
    if (selection === 'no' || excluded(relative) || ignored(active, absolute, relative, false)) return 'skip';
    return selection === 'sniff' ? 'sniff' : 'file';
  };

  // Folders are listed several at a time (the file system answers in parallel on libuv's
  // threads); the result keeps the order of a sequential depth-first walk in name order.
  // `relativeDir`: the folder relative to the root, '/'-separated ('' for the root), built by
  // concatenation: path.join and path.relative per entry were a third of the scan's CPU.
  async function walk(dir: string, relativeDir: string, scopes: readonly IgnoreScope[]): Promise<string[]> {
    let entries: ListedEntry[];
    try {
      entries = [...(await limit(() => listFolder(dir)))];
    } catch {
      return []; // unreadable folder: skip it, the rest of the scan carries on
    }
    // Only read a .gitignore that is there: a failed read per folder costs more than the listing.
    const own = entries.some((e) => e.name === '.gitignore' && !e.folder) ? await readIgnoreFile(dir) : undefined;
    const active = own ? [...scopes, own] : scopes;
    entries.sort((a, b) => byCodeUnit(a.name, b.name));
    const parts: (string | Promise<string[]>)[] = [];
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep; // a root such as `/` ends with it already
    for (const entry of entries) {
      const absolute = prefix + entry.name;
      const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      const kind = kindOf(entry, absolute, relative, active);
      if (kind === 'folder') parts.push(walk(absolute, relative, active));
      // Kept in order: a promise of the file (or of nothing) where it belongs.
      else if (kind === 'sniff') parts.push(limit(() => sniffed(files, absolute, relative)).then((claimed) => (claimed && ++count <= maxFiles ? [absolute] : [])));
      else if (kind === 'file' && ++count <= maxFiles) parts.push(absolute);
    }
    const found: string[] = [];
    for (const part of parts) {
      if (typeof part === 'string') found.push(part);
      else for (const file of await part) found.push(file);
    }
    return found;
  }

  /**
   * The same walk, synchronous and iterative, through kept listings (a check's: nothing else waits on its thread): a
   * frame per folder being read, the same order; a third of the CPU of the walk above, and no suspended walk per folder.
   */
  function walkSync(root: string, listings: KeptListings, above: readonly IgnoreScope[]): string[] {
    const found: string[] = [];
    interface Frame { entries: ListedEntry[]; at: number; prefix: string; relativeDir: string; active: readonly IgnoreScope[] }
    const frameOf = (dir: string, relativeDir: string, scopes: readonly IgnoreScope[]): Frame | undefined => {
      let entries: ListedEntry[];
      try {
        entries = [...listFolderSync(dir, listings)];
      } catch {
        return undefined; // unreadable folder: skip it, the rest of the scan carries on
      }
      const own = entries.some((e) => e.name === '.gitignore' && !e.folder) ? readIgnoreFileSync(dir, listings) : undefined;
      entries.sort((a, b) => byCodeUnit(a.name, b.name));
      return { entries, at: 0, prefix: dir.endsWith(path.sep) ? dir : dir + path.sep, relativeDir, active: own ? [...scopes, own] : scopes };
    };
    const first = frameOf(root, '', above);
    const stack = first ? [first] : [];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.at >= frame.entries.length) {
        stack.pop();
        continue;
      }
      const entry = frame.entries[frame.at++];
      const absolute = frame.prefix + entry.name;
      const relative = frame.relativeDir === '' ? entry.name : `${frame.relativeDir}/${entry.name}`;
      const kind = kindOf(entry, absolute, relative, frame.active);
      if (kind === 'folder') {
        const next = frameOf(absolute, relative, frame.active);
        if (next) stack.push(next);
      } else if ((kind === 'file' || (kind === 'sniff' && sniffedSync(files, absolute, relative, listings))) && ++count <= maxFiles) found.push(absolute);
    }
    return found;
  }

  // The `.gitignore` files of the folders above the root, up to the repository's top, as git applies them.
  const above: IgnoreScope[] = [];
  for (const dir of tracked?.above ?? []) {
    const scope = options.listings ? readIgnoreFileSync(dir, options.listings) : await readIgnoreFile(dir);
    if (scope) above.push(scope);
  }
  const found = options.listings ? walkSync(path.resolve(root), options.listings, above) : await walk(path.resolve(root), '', above);
  return { files: found.slice(0, maxFiles), total: count };
}

/** What a sniff found, per file: kept while the file's size and modification time are the same. */
const sniffCache = new Map<string, { size: number; mtimeMs: number; claimed: boolean }>();
/** The most files the sniff cache remembers (then it starts again). */
const SNIFF_CACHE_FILES = 20_000;

/** The sniff cache's answer for a file at this size and mtime, if it has one. */
function cachedClaim(absolute: string, stat: { size: number; mtimeMs: number }): boolean | undefined {
  const cached = sniffCache.get(absolute);
  return cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs ? cached.claimed : undefined;
}

/** Whether `files` claims a file from its head, remembered in the sniff cache for this size and mtime. */
function claimHead(files: FileMatcher, absolute: string, relative: string, stat: { size: number; mtimeMs: number }, head: Buffer): boolean {
  const claimed = files.claims(relative, head.toString('utf8'));
  if (sniffCache.size >= SNIFF_CACHE_FILES) sniffCache.clear();
  sniffCache.set(absolute, { size: stat.size, mtimeMs: stat.mtimeMs, claimed });
  return claimed;
}

/** Whether `files` claims a sniff candidate from its first bytes (read once per version of the file). */
async function sniffed(files: FileMatcher, absolute: string, relative: string): Promise<boolean> {
  let fd: number | undefined;
  try {
    fd = await opened(absolute, 'r');
    const stat = await statOf(fd);
    const cached = cachedClaim(absolute, stat);
    if (cached !== undefined) return cached;
    const buffer = Buffer.alloc(Math.min(files.sniffBytes(relative), stat.size));
    const { bytesRead } = await readAt(fd, buffer, 0, buffer.length, 0);
    return claimHead(files, absolute, relative, stat, buffer.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) await closed(fd).catch(() => undefined);
  }
}

/** `sniffed`, synchronous (a check's synchronous walk), with the same cache. */
function sniffedSync(files: FileMatcher, absolute: string, relative: string, listings: KeptListings): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(absolute, 'r');
    const stat = fstatSync(fd);
    listings.stamp?.(absolute, stat);
    const cached = cachedClaim(absolute, stat);
    if (cached !== undefined) return cached;
    const buffer = Buffer.alloc(Math.min(files.sniffBytes(relative), stat.size));
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return claimHead(files, absolute, relative, stat, buffer.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A path of plain characters, absolute, normalised: its file URL is `file://` and the path as it is. */
// Segments of plain characters, none `.` or `..` (nothing to resolve).
const plainPath = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._+=,@-]+)+$/;

/**
 * `pathToFileURL(file).href` for the files a scan lists: the common POSIX path of plain characters
 * directly (a third of the time of a `check --changed` over 100,000 files went to the URL parser),
 * anything else (Windows, spaces, `%`, `#`, `~`, non-ASCII, `.` or `..` segments) through the URL parser.
 */
export function fileUri(file: string): string {
  return path.sep === '/' && plainPath.test(file) ? `file://${file}` : pathToFileURL(file).href;
}
