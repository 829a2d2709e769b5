/**
 * The input modes of `archipel check` (issue #92: decided once, here, not inline in cliMain.ts), strategies of the one
 * runner (families/checkRunner.ts):
 * - a tree (folders named, or none): the folders' listings kept between runs, the whole context, the index cache;
 * - files named one by one: their context and families from the stamp table of the last such check when none of its
 *   stamps moved (platform/oneFileTable.ts), else listed; in a summarised tree only what their findings can read
 *   (platform/oneFile.ts, `direct`); the facts of their context's files kept (features/system/keptFacts.ts);
 * - `--changed`: git's changes (platform/changed.ts, loaded only then) select what is diagnosed and which summaries
 *   the index needs.
 */
import path from 'node:path';
import { statSync } from 'node:fs';
import type { Family, FamilyEntry } from './descriptor';
import { filesOf } from './select';
import { filePath } from '../common/fileSelector';
import { contextRoot } from '../disk/contextRoot';
import { readTextSync } from '../disk/readText';
import { useKeptFacts } from '../features/system/keptFacts';
import { t } from '../l10n/t';
import type { GitChanges } from '../platform/changed';
import { IndexCache, KeptFactsFile, ListingCache } from '../platform/indexCache';
import type { OneFileInputs } from '../platform/oneFileTable';
import { OneFileTable } from '../platform/oneFileTable';
import { contextRoots, type CheckOptions } from '../platform/project';
import { fileUri } from '../platform/scan';
import type { ArchipelSettings } from '../settings';
import { indexOptions } from '../service';
import { composeMapContext } from '../system/context';
import { UsageError } from '../cli/usage';

/** What a mode keeps of the last runs for its paths: the folders' listings, or the one-file table and its stamps. */
export interface KeptInputs {
  readonly root: string;
  readonly started: number;
  readonly listings: ListingCache | undefined;
  readonly table?: { readonly key: string; readonly kept: OneFileInputs | undefined; readonly stamps: ReturnType<ListingCache['keepStamps']> | undefined };
}

/** One input mode of `check`. */
export interface InputMode {
  /** Whether the files were named one by one (their kept facts read and written). */
  readonly filesNamed: boolean;
  /** Whether the run says it builds the index when most of its context is not in the cache. */
  readonly saysBuilding: boolean;
  /** What is kept for `paths` (`tableSettings`: the settings a stamp table is keyed by; undefined: none kept, a test's families). */
  keep(paths: readonly string[], tableSettings: object | undefined): Promise<KeptInputs>;
  /** The context of `checked`: kept, or listed (`listed`) and narrowed (`compose`: the families whose Compose selector narrows it). */
  context(checked: readonly string[], kept: KeptInputs, listed: () => Promise<string[]>, compose: readonly (Family | FamilyEntry)[], settings: ArchipelSettings): Promise<string[]>;
  /**
   * What the index reads, decided before it is opened (`summarised`: a tree of summaries): git's changes awaited; a
   * one-file context's scopes, when only what their findings can read is indexed (`direct`: no index threads then).
   */
  scope(checked: readonly string[], summarised: boolean): Promise<{ direct: ReadonlySet<string> | undefined }>;
  /** The options' cache (`summarised`: kept only for a tree of summaries) and selection. */
  select(options: CheckOptions, checked: readonly string[], kept: KeptInputs, settings: ArchipelSettings, summarised: boolean): void;
  /** The files indexed beside the checked ones (`families`: those a one-file table is written with). */
  indexed(checked: readonly string[], context: string[], kept: KeptInputs, options: CheckOptions, settings: ArchipelSettings, families: (indexed: readonly string[]) => readonly string[]): string[];
  /** The families the stamp table kept for the same named files, if any. */
  keptFamilies(checked: readonly string[], kept: KeptInputs): readonly string[] | undefined;
  /** How many files the summary line says were checked. */
  counted(results: number, checked: number): number;
}

/** The folders' listings kept for `paths`' repository. */
function keptListings(paths: readonly string[]): KeptInputs {
  const started = Date.now();
  const root = contextRoot(path.resolve(paths[0]), true);
  return { root, started, listings: ListingCache.open(root) };
}

/** A tree's index cache: below SUMMARY_THRESHOLD files every file is kept whole, read and parsed when used, and no cache would save more than the reads. */
function treeCache(root: string, settings: ArchipelSettings, summarised: boolean): IndexCache | undefined {
  return summarised ? IndexCache.open(root, 'summaries', indexOptions(settings).maxBytes) : undefined;
}

/** What every mode but one does: the listing's context, all of it indexed, nothing kept of the families. */
const wholeContext = {
  context: (_checked: readonly string[], _kept: KeptInputs, listed: () => Promise<string[]>) => listed(),
  indexed: (_checked: readonly string[], context: string[]) => context,
  keptFamilies: () => undefined,
};

/** Folders named (or none): the whole tree. */
export function treeMode(): InputMode {
  return {
    ...wholeContext,
    filesNamed: false,
    saysBuilding: true,
    keep: (paths) => Promise.resolve(keptListings(paths)),
    scope: () => Promise.resolve({ direct: undefined }),
    select: (options, _checked, kept, settings, summarised) => void (options.cache = treeCache(kept.root, settings, summarised)),
    counted: (_results, checked) => checked,
  };
}

/** Files named one by one: the stamp table's context and families, or the listing's; only what their findings read when summarised. */
export function filesMode(): InputMode {
  let selection: typeof import('../platform/oneFile') | undefined;
  let direct: ReadonlySet<string> | undefined;
  return {
    filesNamed: true,
    saysBuilding: true,
    keep: async (paths, tableSettings) => {
      const started = Date.now();
      const root = contextRoot(path.resolve(paths[0]), true);
      if (tableSettings === undefined) return { root, started, listings: ListingCache.open(root) };
      const key = JSON.stringify([tableSettings, await contextRoots(paths)]);
      // The named files' own stamps may have moved (an edit before the check): the families are then chosen again.
      const kept = OneFileTable.open(root, key, undefined, new Set(paths.map((one) => path.resolve(one))));
      const listings = kept ? undefined : ListingCache.open(root);
      return { root, started, listings, table: { key, kept, stamps: listings?.keepStamps() } };
    },
    context: async (checked, kept, listed, compose, settings) => {
      // The table's inputs serve when the checked files are of its context (a named file the listing leaves out is not).
      const fromTable = tableFor(checked, kept);
      if (fromTable) return fromTable.context;
      // Compose files named one by one read, beyond their projects, only what the map's findings on them can (system/context.ts).
      const composeFiles = filesOf(settings, compose.filter((family) => family.id === 'compose'));
      return [...composeMapContext(checked, await listed(), { uri: fileUri, isCompose: (file) => composeFiles.match(filePath(file)) === 'yes' })];
    },
    scope: async (checked, summarised) => {
      // In a tree of summaries, each of Kubernetes objects: only what their findings can read is indexed, cold or warm
      // (platform/oneFile.ts: the summaries sharing a cross-file scope with them, as `--changed` does for its changes);
      // their scopes first (undefined: the whole tree is their context).
      selection = summarised ? await import('../platform/oneFile.js') : undefined;
      direct = selection?.namedScopes(checked, readTextSync);
      return { direct };
    },
    // Not the cache when the stamp table gives a one-file context's scopes (its few files read: what the cache would give).
    select: (options, checked, kept, settings, summarised) => void (options.cache = tableFor(checked, kept) && direct ? undefined : treeCache(kept.root, settings, summarised)),
    indexed: (checked, context, kept, options, settings, families) => {
      if (!selection || !direct) return context;
      const table = kept.table;
      return selection.oneFileSelection(direct, checked, context, {
        cache: options.cache,
        read: readTextSync,
        index: indexOptions(settings),
        kept: tableFor(checked, kept),
        table: table !== undefined ? { root: kept.root, key: table.key, ...table.stamps, started: kept.started, families } : undefined,
      });
    },
    keptFamilies: (checked, kept) => (direct ? tableFor(checked, kept)?.chosenFor(checked)?.families : undefined),
    counted: (_results, checked) => checked,
  };
}

/** `--changed [--base REF]`: git walks the working tree while the folder is listed; its changes select what is diagnosed. */
export function changedMode(base: string | undefined): InputMode {
  let changing: Promise<{ changed: typeof import('../platform/changed'); changes: GitChanges } | { error: unknown }> | undefined;
  let outcome: { changed: typeof import('../platform/changed'); changes: GitChanges } | undefined;
  return {
    ...wholeContext,
    filesNamed: false,
    saysBuilding: false,
    keep: async (paths) => {
      // Loaded only for --changed (it reads the Kubernetes and workflow models); git walks the tree while the folder is listed.
      const changed = await import('../platform/changed.js');
      changing = changed.gitChanges(path.resolve(paths[0]), base).then((changes) => ({ changed, changes }), (error: unknown) => ({ error }));
      return keptListings(paths);
    },
    scope: async () => {
      const known = await changing!;
      if ('error' in known) {
        const { error } = known;
        throw new UsageError(t('--changed needs a git repository and a known --base ref: {0}', (error instanceof Error ? error.message : String(error)).trim()));
      }
      outcome = known;
      return { direct: undefined };
    },
    select: (options, _checked, kept, settings, summarised) => {
      const { changed, changes } = outcome!;
      options.select = (index, uris) => changed.affectedFiles(index, uris, changes);
      options.cache = treeCache(kept.root, settings, summarised);
      options.needed = changed.neededSummaries(changes, options.cache);
    },
    counted: (results) => results,
  };
}

/** The mode of a check of `paths` (`named`: given on the command line; `changed`: `--changed` and its base). */
export function inputMode(paths: readonly string[], named: boolean, changed: { base?: string } | undefined): InputMode {
  if (changed) return changedMode(changed.base);
  return named && paths.every((one) => statSync(one, { throwIfNoEntry: false })?.isFile()) ? filesMode() : treeMode();
}

/** The stamp table's inputs when every checked file is of its context. */
function tableFor(checked: readonly string[], kept: KeptInputs): OneFileInputs | undefined {
  const table = kept.table?.kept;
  return table && checked.every((file) => table.contains(file)) ? table : undefined;
}

/**
 * Runs `run` with the facts of the context's files kept for the same text (features/system/keptFacts.ts: a Dockerfile's
 * build and base images), read from and written to the cache folder, when `named` (files named one by one).
 */
export async function withKeptFacts<T>(named: boolean, root: string, run: () => Promise<T>): Promise<T> {
  const facts = named ? KeptFactsFile.open(root) : undefined;
  useKeptFacts(facts);
  try {
    return await run();
  } finally {
    useKeptFacts(undefined);
    facts?.save(root);
  }
}
