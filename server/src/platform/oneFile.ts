/**
 * The context of `archipel check FILE…` (files named one by one, each of Kubernetes objects) in a summarised tree (past
 * SUMMARY_THRESHOLD files): only what the named files' findings can read is indexed, cold or warm (issue #84).
 *
 * As for `--changed` (platform/changed.ts neededSummaries, the named files as the changes): a summary — a manifest
 * of the kinds the Kubernetes summarizer keeps, what other files' rules read of it — is indexed only when it shares a
 * cross-file scope with a file sharing one with a named file; every other file (kept whole: another feature may read
 * more of it) is indexed as in a whole run. A file's scopes come from the index cache when its stat is unchanged;
 * else from its lines (kubernetes/model/summaryScan.ts: no parse) when they certainly make a summary, and those
 * scopes are kept in the cache for the next run; else from a parse. So a cold check reads every file of the
 * tree once but parses only the related ones, and a warm one reads none but the related.
 *
 * One summary is indexed whatever its scopes when any is left out: a check's index holds summaries as in the whole run
 * (workspace/summaries.ts holdsSummaries turns the system map off), never by chance of what was named.
 */
import type { DecodedText } from '../common/textDecoding';
import { scanSummarised } from '../kubernetes/model/summaryScan';
import { IndexedFile, type IndexOptions } from '../workspace/index';
import { fileStats, unchangedEntry, type IndexCache } from './indexCache';
import { stampOf, type FolderStamp, type Stamped } from '../disk/kept';
import { OneFileTable, type GroupedFiles, type OneFileInputs, type StampedContextFile } from './oneFileTable';
import { objectScopes, related, scopeSet, scopesOf } from './changed';
import { fileUri } from './scan';

/** What `oneFileContext` chose, and how it knew each file's scopes (tests and the CLI's message count them). */
export interface OneFileContext {
  /** The context files to index (the others are left out). */
  context: string[];
  /** Files whose scopes the cache gave, read from their lines (scanned), parsed: of all the context files. */
  cached: number;
  scanned: number;
  parsed: number;
  /** Context files left out (not indexed). */
  left: number;
  /** What was known of each context file but the named ones (the stamp table's: oneFileTable.ts OneFileTable). */
  known: Known[];
}

/** The bounded reader, telling the stamp of the file read from its descriptor (disk/readText.ts readTextSync). */
export type OneFileReader = (file: string, opened?: (stats: { size: number; mtimeMs: number }) => void) => DecodedText;

interface Known {
  file: string;
  scopes: readonly string[];
  /** Whether it is certainly a summary (the cache's, or its lines'): only those may be left out. */
  summary: boolean;
  /** Its stats, when the cache gave it (a summary left out is kept in the cache with them). */
  hit?: { size: number; mtimeMs: number };
  /** Its stamp as it was read or found in the cache (none: unreadable), for the stamp table (oneFileTable.ts OneFileTable). */
  stamp?: { size: number; mtimeMs: number };
}

/**
 * The cross-file scopes of the named files (absolute paths) when their findings read their scopes alone: files of
 * Kubernetes objects (a namespace or the cluster among their scopes). Undefined otherwise — another file's findings
 * may read summaries of any scope (a Dockerfile's, the Kubernetes containers running its image): its context is the
 * whole tree — or when one of them relates to everything (`archipel.yaml`).
 */
export function namedScopes(named: readonly string[], read: (file: string) => DecodedText): Set<string> | undefined {
  const direct = new Set<string>();
  for (const file of named) {
    let scopes: string[] = [];
    try {
      const { text, problem } = read(file);
      scopes = scopesOf(new IndexedFile(fileUri(file), text, undefined, undefined, false, problem));
    } catch {
      // Unreadable: its own finding says so; it relates to nothing.
    }
    if (!scopes.some((scope) => scope.startsWith('ns:') || scope === 'cluster')) return undefined;
    for (const scope of scopes) direct.add(scope);
  }
  return scopeSet(direct).all ? undefined : direct;
}

/**
 * Chooses the context of `named` (absolute paths of the files checked, whose scopes are `direct`: namedScopes) among
 * `context` (every file of their context roots). `read`: the bounded reader; `cache`: the index cache, whose unchanged
 * entries give their scopes (a summary left out is kept in it; a file scanned is recorded with its scopes).
 */
export function oneFileContext(direct: ReadonlySet<string>, named: readonly string[], context: readonly string[], options: { cache?: IndexCache; read: OneFileReader; index: IndexOptions }): OneFileContext {
  const { cache, read } = options;
  const counts = { cached: 0, scanned: 0, parsed: 0 };
  const given = new Set(named);
  const known: Known[] = [];
  for (const file of context) {
    if (given.has(file)) continue;
    // Only a file the cache holds is stat'ed apart; another's stamp is its descriptor's, taken as it is read.
    const stored = cache?.peek(file);
    const now = stored && fileStats(file);
    if (stored && now && unchangedEntry(stored, now)) {
      counts.cached++;
      known.push({ file, scopes: stored[4], summary: stored[2] === null, hit: now, stamp: now });
      continue;
    }
    const one = readKnown(file, read, options.index);
    known.push(one);
    if (one.summary) {
      counts.scanned++;
      if (cache && one.stamp) cache.recordScopes(file, one.stamp, [...one.scopes]);
    } else if (one.stamp) counts.parsed++;
  }
  return { ...chooseContext(direct, known, cache), ...counts, known };
}

/** A file's scopes read from it (its lines when they certainly make a summary, else a parse) and its stamp as read; none when unreadable. */
export function readKnown(file: string, read: OneFileReader, index: IndexOptions): Known {
  let decoded: DecodedText;
  let stamp: { size: number; mtimeMs: number } | undefined;
  try {
    decoded = read(file, (opened) => (stamp = stampOf(opened)));
  } catch {
    // Indexed as in a whole run, which reports nothing of an unreadable context file; it relates to nothing.
    return { file, scopes: [], summary: false };
  }
  const uri = fileUri(file);
  const objects = decoded.problem ? undefined : scanSummarised(uri, decoded.text, index.maxBytes, index.isTemplate);
  if (objects) return { file, scopes: objectScopes(uri, objects), summary: true, stamp };
  return { file, scopes: scopesOf(new IndexedFile(uri, decoded.text, undefined, undefined, false, decoded.problem)), summary: false, stamp };
}

/**
 * The context files to index among `known` (every context file but the named ones, each with its scopes and whether it
 * is certainly a summary) for named files of scopes `direct`: chooseGrouped's choice, the files grouped by their scopes'
 * array (the stamp table's files of the same scopes share one). A summary left out that the cache gave is kept in it for
 * the next run.
 */
export function chooseContext(direct: ReadonlySet<string>, known: readonly Omit<Known, 'stamp'>[], cache?: IndexCache): { context: string[]; left: number } {
  const ids = new Map<readonly string[], number>();
  const lists: (readonly string[])[] = [];
  const listOf = new Uint32Array(known.length);
  const summary = new Uint8Array(known.length);
  known.forEach((one, at) => {
    let id = ids.get(one.scopes);
    if (id === undefined) ids.set(one.scopes, (id = lists.push(one.scopes) - 1));
    listOf[at] = id;
    summary[at] = one.summary ? 1 : 0;
  });
  const files = known.map((one) => one.file);
  return chooseGrouped(direct, { lists, files, listOf, summary }, (at) => {
    // Left out, kept in the cache for the next run (one scanned was recorded by oneFileContext).
    const { hit } = known[at];
    if (hit) cache?.lookup(files[at], hit);
  });
}

/**
 * The context files to index for named files of scopes `direct` among `grouped`'s (but those `skip` marks: the named
 * ones): the summaries related to them (two hops, as neededSummaries), every file not certainly a summary, and one
 * witness summary when all are left out; `leftOut` told each summary left out. Each scope list is asked once, each file
 * only its list's answer (the stamp table's 20,000 files in 4,000 lists: no object made per file, issue #84).
 */
export function chooseGrouped(direct: ReadonlySet<string>, grouped: GroupedFiles, leftOut?: (at: number) => void): { context: string[]; left: number } {
  const { lists, files, listOf, summary, skip } = grouped;
  const used = new Uint8Array(lists.length);
  let considered = 0;
  for (let at = 0; at < listOf.length; at++) {
    if (skip?.[at]) continue;
    used[listOf[at]] = 1;
    considered++;
  }
  const directSet = scopeSet(direct);
  // The scopes the named files' findings read: theirs and those of the files sharing one (neededSummaries).
  const wanted = new Set(direct);
  lists.forEach((scopes, list) => {
    if (used[list] && related(directSet, scopes)) for (const scope of scopes) wanted.add(scope);
  });
  const wantedSet = scopeSet(wanted);
  const needed = lists.map((scopes, list) => used[list] === 1 && related(wantedSet, scopes));
  const chosen: string[] = [];
  let witness: string | undefined;
  let summaries = 0;
  for (let at = 0; at < listOf.length; at++) {
    if (skip?.[at]) continue;
    if (!summary[at] || needed[listOf[at]]) {
      chosen.push(files[at]);
      if (summary[at]) summaries++;
      continue;
    }
    witness ??= files[at];
    leftOut?.(at);
  }
  if (witness !== undefined && summaries === 0) chosen.push(witness);
  return { context: chosen, left: considered - chosen.length };
}

/**
 * The context files to index for `named` (of scopes `direct`) among `context`: from the stamp table's inputs (`kept`:
 * every stamp unchanged, no file read) when given, else by oneFileContext, whose knowledge of every context file is
 * then written as the next check's stamp table (`table`: the listing's folders and stamps, the key, and the context chosen
 * with the families of the files checked and indexed, chosen by `families`: taken by a check naming the same files).
 */
export function oneFileSelection(direct: ReadonlySet<string>, named: readonly string[], context: readonly string[], options: { cache?: IndexCache; read: OneFileReader; index: IndexOptions; kept?: OneFileInputs; table?: { root: string; key: string; folders?: ReadonlyMap<string, FolderStamp>; files?: ReadonlyMap<string, Stamped>; started: number; cacheDir?: string; families: (indexed: readonly string[]) => readonly string[] } }): string[] {
  const given = new Set(named);
  const { kept, table } = options;
  if (kept) {
    const same = kept.chosenFor(named);
    if (same) return [...same.context];
    const skip = new Uint8Array(kept.grouped.listOf.length);
    for (const file of named) {
      const at = kept.context.indexOf(file);
      if (at >= 0) skip[at] = 1;
    }
    const chosen = chooseGrouped(direct, { ...kept.grouped, skip }).context;
    // A named file changed (and nothing else): the table written anew with what it is now.
    if (kept.namedChanged && table) {
      const stamped = kept.stamped();
      const files = stamped.context.map((one) => (given.has(one.file) ? readKnown(one.file, options.read, options.index) : one));
      if (files.every((one): one is StampedContextFile => one.stamp !== undefined)) OneFileTable.write(table.root, table.key, { ...stamped, started: table.started, context: files, chosen: { named, context: chosen, families: table.families(chosen) } }, table.cacheDir);
    }
    return chosen;
  }
  const chosen = oneFileContext(direct, named, context, options);
  if (table?.folders && table.files) {
    // Every context file's scopes and stamp (chosen.known holds them in the context's order but the named files'), the
    // named ones' read here (the next check may name another).
    let at = 0;
    const files = context.map((file) => (given.has(file) ? readKnown(file, options.read, options.index) : chosen.known[at++]));
    if (files.every((one): one is StampedContextFile => one?.stamp !== undefined)) OneFileTable.write(table.root, table.key, { ...table, folders: table.folders, files: table.files, context: files, chosen: { named, context: chosen.context, families: table.families(chosen.context) } }, table.cacheDir);
  }
  return chosen.context;
}
