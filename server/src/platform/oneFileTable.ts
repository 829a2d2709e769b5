/**
 * The stamp table of `archipel check FILE…` (issue #84), beside the index cache (indexCache.ts): see OneFileTable.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory } from '../disk/cacheFolder';
import { keptPath, racy, readKept, stampOf, writeKept, type FolderStamp, type KeptKind, type Stamp, type Stamped } from '../disk/kept';
/**
 * One file per root (`<hash>-onefile.v8`, disk/kept.ts). 3: context files first (in the context's order), then the other
 * stamped paths; typed arrays of stamps, of each context file's scope list and of the lists' scope ids; the context and
 * families chosen for the named files. 4: whole stamps (ctime and inode too: issue #92). Bounded as a 100,000-file tree's.
 */
const ONE_FILE: KeptKind = { folder: 'index', suffix: '-onefile.v8', format: 4, maxBytes: 256 << 20 };

/** Context files grouped by their scope lists (oneFile.ts chooseGrouped): file `at` (below listOf.length) is files[at], of scopes lists[listOf[at]]. */
export interface GroupedFiles {
  lists: readonly (readonly string[])[];
  files: readonly string[];
  listOf: ArrayLike<number>;
  /** 1 when file `at` is certainly a summary (only those may be left out). */
  summary: ArrayLike<number>;
  /** 1 when file `at` is one of the named files: not among those chosen from. */
  skip?: ArrayLike<number>;
}

/** What a one-file check naming some files chose: the context files it indexed, the families of those and the named ones (by id). */
export interface Chosen {
  readonly context: readonly string[];
  readonly families: readonly string[];
}

/** What a one-file check knew of a context file (platform/oneFile.ts): its scopes, whether it is certainly a summary, its stamp. */
export interface StampedContextFile {
  file: string;
  scopes: readonly string[];
  summary: boolean;
  stamp: Stamped;
}

/** A one-file check's inputs as the last one that listed the tree saw them (OneFileTable.open: unchanged, or undefined). */
export interface OneFileInputs {
  /** Every file of the context roots, in the listing's order. */
  context: string[];
  /** Each context file's scopes and whether it is certainly a summary (the same array for files of the same scopes), made when asked. */
  readonly known: { file: string; scopes: readonly string[]; summary: boolean }[];
  /** The same, as oneFile.ts chooseGrouped takes them: each scope list once, typed arrays per file (no object per file); made when asked. */
  readonly grouped: GroupedFiles;
  /** Whether `file` is one of the context's. */
  contains(file: string): boolean;
  /**
   * What the check that wrote the table chose when it named exactly `named` (every stamp unchanged, theirs too: the same
   * scopes, the same choice): the context files it indexed (oneFile.ts chooseGrouped) and the families (families/check.ts
   * familiesFor, by id) of those and the named ones; undefined for other files (their context differs).
   */
  chosenFor(named: readonly string[]): Chosen | undefined;
  /** Whether a named file's own stamp moved (OneFileTable.open's `named`): the families are chosen again, the table written anew. */
  namedChanged: boolean;
  /** The table's stamps as OneFileTable.write takes them (the named files' entries to be replaced by what they are now). */
  stamped(): { context: StampedContextFile[]; folders: Map<string, FolderStamp>; files: Map<string, Stamp> };
}

/**
 * The stamp table of `archipel check FILE…` (issue #84): what the last one-file check that listed the tree saw — its
 * folders' mtimes (a file added, removed or renamed changes its folder's), the stamps (size, mtime) of every context
 * file, `.gitignore` and sniffed candidate, and each context file's scopes — in one file per root
 * beside the index cache (`<hash>-onefile.v8`), typed arrays of a V8 serialisation. A check whose stat of every one of
 * them gives its stamp again takes the context and the scopes from it (and, naming the same files, the context files and
 * families chosen): it neither lists the tree nor matches its paths nor opens the index cache. One that
 * finds any changed goes the whole way and writes it anew.
 * Written only when no stamp is within RACY_MS of the run's start (two changes within a file system's timestamp
 * granularity may leave a stamp the same), and keyed by the build, the root, the context roots and the settings.
 * A stamp is the whole one (disk/kept.ts Stamp): a file rewritten with its old size and mtime has another ctime.
 */
export class OneFileTable {
  private constructor() {}

  private static fileOf(root: string, cacheDir: string | null): string | undefined {
    return cacheDir ? keptPath(ONE_FILE, path.resolve(root), cacheDir) : undefined;
  }

  /**
   * The inputs kept for `root` under `key` when every stamp is unchanged but those of the `named` context files (the
   * files checked: their content is read again anyway); undefined otherwise (or when caches are off).
   */
  static open(root: string, key: string, cacheDir: string | null = cacheDirectory() ?? null, named: ReadonlySet<string> = new Set()): OneFileInputs | undefined {
    const file = OneFileTable.fileOf(root, cacheDir);
    if (file === undefined) return undefined;
    const stored = readKept(ONE_FILE, file, `${path.resolve(root)}\0${key}`) as StoredTable | undefined;
    if (!stored) return undefined;
    const { paths, kinds, sizes, mtimes, ctimes, inos, listOf, listStarts, listIds } = stored;
    if (!Array.isArray(paths) || !(kinds instanceof Uint8Array) || kinds.length !== paths.length || ![sizes, mtimes, ctimes, inos].every((stamps) => stamps instanceof Float64Array && stamps.length === paths.length)) return undefined;
    if (!(listOf instanceof Uint32Array) || !(listStarts instanceof Uint32Array) || !(listIds instanceof Uint32Array) || listOf.length > paths.length || listStarts.length === 0 || !Array.isArray(stored.chosen?.named) || !Array.isArray(stored.chosen.families) || !Array.isArray(stored.chosen.context)) return undefined;
    // Every stamp again, the first difference ends it: a folder's mtime, ctime and inode; a file's size too (a named file's: noted).
    let namedChanged = false;
    for (let at = 0; at < paths.length; at++) {
      let stats;
      try {
        stats = statSync(paths[at], NO_THROW);
      } catch {
        return undefined;
      }
      if (!stats || (kinds[at] === FOLDER ? !stats.isDirectory() : !stats.isFile())) return undefined;
      if (stats.mtimeMs === mtimes[at] && stats.ctimeMs === ctimes[at] && stats.ino === inos[at] && (kinds[at] === FOLDER || stats.size === sizes[at])) continue;
      if (kinds[at] === FOLDER || kinds[at] === STAMPED || !named.has(paths[at])) return undefined;
      namedChanged = true;
    }
    // Each scope list made once when asked (4,000 at 20,000 files: a namespace's files share theirs; a check naming the
    // files the table chose for needs none of them), each context file given its own.
    const { scopeNames } = stored;
    let listsMade: string[][] | undefined;
    const lists = () => (listsMade ??= Array.from({ length: listStarts.length - 1 }, (_, list) => Array.from(listIds.subarray(listStarts[list], listStarts[list + 1]), (id) => scopeNames[id])));
    const count = listOf.length;
    const context = paths.slice(0, count);
    // CONTEXT is 0 and SUMMARY 1: the context files' kinds say whether each is certainly a summary.
    let groupedMade: GroupedFiles | undefined;
    const grouped = () => (groupedMade ??= { lists: lists(), files: context, listOf, summary: kinds.subarray(0, count) });
    let made: OneFileInputs['known'] | undefined;
    const known = () => (made ??= Array.from(listOf, (list, at) => ({ file: paths[at], scopes: lists()[list], summary: kinds[at] === SUMMARY })));
    const stamped = () => {
      const folders = new Map<string, FolderStamp>();
      const others = new Map<string, Stamp>();
      const stampAt = (at: number): Stamp => ({ size: sizes[at], mtimeMs: mtimes[at], ctimeMs: ctimes[at], ino: inos[at] });
      for (let at = count; at < paths.length; at++) {
        if (kinds[at] === FOLDER) folders.set(paths[at], stampAt(at));
        else others.set(paths[at], stampAt(at));
      }
      return { context: known().map((one, at) => ({ ...one, stamp: stampAt(at) })), folders, files: others };
    };
    // A named file or two looked for among the context's paths: no set of 20,000 made for them.
    const { chosen } = stored;
    const chosenFor = (checked: readonly string[]) => (!namedChanged && checked.length === chosen.named.length && checked.every((file, at) => file === chosen.named[at]) ? chosen : undefined);
    return {
      context,
      get known() {
        return known();
      },
      get grouped() {
        return grouped();
      },
      contains: (file) => context.includes(file),
      chosenFor,
      namedChanged,
      stamped,
    };
  }

  /**
   * Writes the table of `root` under `key`: the context files (in order, each with its stamp, scopes and whether it is a
   * summary), the folders listed and the other files the listing read (`.gitignore`s, sniffed candidates) with their
   * stamps, the context and families chosen for the named files. Nothing is written when a stamp is within RACY_MS of
   * `started` (disk/kept.ts racy) or lacks its ctime or inode.
   * A failed write only loses speed.
   */
  static write(root: string, key: string, inputs: { context: readonly StampedContextFile[]; folders: ReadonlyMap<string, FolderStamp>; files: ReadonlyMap<string, Stamped>; started: number; chosen: Chosen & { named: readonly string[] } }, cacheDir: string | null = cacheDirectory() ?? null): boolean {
    const file = OneFileTable.fileOf(root, cacheDir);
    if (file === undefined) return false;
    const inContext = new Set(inputs.context.map((one) => one.file));
    const others = [...inputs.files].filter(([name]) => !inContext.has(name));
    const count = inputs.context.length + inputs.folders.size + others.length;
    const paths: string[] = [];
    const kinds = new Uint8Array(count);
    const sizes = new Float64Array(count);
    const mtimes = new Float64Array(count);
    const ctimes = new Float64Array(count);
    const inos = new Float64Array(count);
    const scopeNames: string[] = [];
    const scopeOf = new Map<string, number>();
    const listIds: number[] = [];
    const listStarts = [0];
    const listOfKey = new Map<string, number>();
    const listOf = new Uint32Array(inputs.context.length);
    const add = (name: string, kind: number, given: Stamped): boolean => {
      const stamp = stampOf(given);
      if (racy(stamp, inputs.started) || Number.isNaN(stamp.ctimeMs) || Number.isNaN(stamp.ino)) return false;
      kinds[paths.length] = kind;
      sizes[paths.length] = stamp.size;
      mtimes[paths.length] = stamp.mtimeMs;
      ctimes[paths.length] = stamp.ctimeMs;
      inos[paths.length] = stamp.ino;
      paths.push(name);
      return true;
    };
    for (const one of inputs.context) {
      const ids = one.scopes.map((scope) => {
        let id = scopeOf.get(scope);
        if (id === undefined) scopeOf.set(scope, (id = scopeNames.push(scope) - 1));
        return id;
      });
      const listKey = ids.join(',');
      let list = listOfKey.get(listKey);
      if (list === undefined) {
        listOfKey.set(listKey, (list = listStarts.length - 1));
        listIds.push(...ids);
        listStarts.push(listIds.length);
      }
      listOf[paths.length] = list;
      if (!add(one.file, one.summary ? SUMMARY : CONTEXT, one.stamp)) return false;
    }
    for (const [folder, stamp] of inputs.folders) if (!add(folder, FOLDER, { size: 0, ...stamp })) return false;
    for (const [name, stamp] of others) if (!add(name, STAMPED, stamp)) return false;
    const stored: StoredTable = { paths, kinds, sizes, mtimes, ctimes, inos, scopeNames, listStarts: Uint32Array.from(listStarts), listIds: Uint32Array.from(listIds), listOf, chosen: { named: [...inputs.chosen.named], families: [...inputs.chosen.families], context: [...inputs.chosen.context] } };
    return writeKept(ONE_FILE, file, `${path.resolve(root)}\0${key}`, stored);
  }
}

/** One options object for the 24,000 stats of a table's open (not one made per call). */
const NO_THROW = { throwIfNoEntry: false } as const;

/** What a table's path is: a context file (kept whole or not certainly a summary), a summary, a folder, another stamped file. */
const CONTEXT = 0;
const SUMMARY = 1;
const FOLDER = 2;
const STAMPED = 3;

interface StoredTable {
  paths: string[];
  kinds: Uint8Array;
  sizes: Float64Array;
  mtimes: Float64Array;
  ctimes: Float64Array;
  inos: Float64Array;
  scopeNames: string[];
  /** Scope list `l`'s scope ids: listIds[listStarts[l]..listStarts[l + 1]]. */
  listStarts: Uint32Array;
  listIds: Uint32Array;
  /** Context file `i`'s scope list (the context files are the first listOf.length paths). */
  listOf: Uint32Array;
  /** What the check that wrote it, naming `named`, chose: OneFileInputs.chosenFor. */
  chosen: { named: string[]; families: string[]; context: string[] };
}
