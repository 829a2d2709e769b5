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
import { fileStats, type IndexCache } from './indexCache';
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
}

interface Known {
  file: string;
  scopes: readonly string[];
  /** Whether it is certainly a summary (the cache's, or its lines'): only those may be left out. */
  summary: boolean;
  /** Its stats, when the cache gave it (a summary left out is kept in the cache with them). */
  hit?: { size: number; mtimeMs: number };
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
export function oneFileContext(direct: ReadonlySet<string>, named: readonly string[], context: readonly string[], options: { cache?: IndexCache; read: (file: string, opened?: (stats: { size: number; mtimeMs: number }) => void) => DecodedText; index: IndexOptions }): OneFileContext {
  const { cache, read } = options;
  const counts = { cached: 0, scanned: 0, parsed: 0 };
  const scopesRead = (file: string, text: string, problem: DecodedText['problem']) => scopesOf(new IndexedFile(fileUri(file), text, undefined, undefined, false, problem));
  const directSet = scopeSet(direct);
  const given = new Set(named);
  const known: Known[] = [];
  for (const file of context) {
    if (given.has(file)) continue;
    // Only a file the cache holds is stat'ed apart; another's stamp is its descriptor's, taken as it is read.
    const stored = cache?.peek(file);
    const now = stored && fileStats(file);
    if (stored && now && stored[0] === now.size && stored[1] === now.mtimeMs) {
      counts.cached++;
      known.push({ file, scopes: stored[4], summary: stored[2] === null, hit: now });
      continue;
    }
    let decoded: DecodedText;
    let stats: { size: number; mtimeMs: number } | undefined;
    try {
      decoded = read(file, (opened) => (stats = { size: opened.size, mtimeMs: opened.mtimeMs }));
    } catch {
      // Indexed as in a whole run, which reports nothing of an unreadable context file; it relates to nothing.
      known.push({ file, scopes: [], summary: false });
      continue;
    }
    const uri = fileUri(file);
    const objects = decoded.problem ? undefined : scanSummarised(uri, decoded.text, options.index.maxBytes, options.index.isTemplate);
    if (objects) {
      counts.scanned++;
      const scopes = objectScopes(uri, objects);
      known.push({ file, scopes, summary: true });
      if (cache && stats) cache.recordScopes(file, stats, scopes);
    } else {
      counts.parsed++;
      known.push({ file, scopes: scopesRead(file, decoded.text, decoded.problem), summary: false });
    }
  }
  // The scopes the named files' findings read: theirs and those of the files sharing one (neededSummaries).
  const wanted = new Set(direct);
  for (const { scopes } of known) if (related(directSet, scopes)) for (const scope of scopes) wanted.add(scope);
  const needed = scopeSet(wanted);
  const chosen: string[] = [];
  let witness: string | undefined;
  let summaries = 0;
  for (const { file, scopes, summary, hit } of known) {
    if (!summary || related(needed, scopes)) {
      chosen.push(file);
      if (summary) summaries++;
      continue;
    }
    witness ??= file;
    // Left out, kept in the cache for the next run (one scanned was recorded above).
    if (hit) cache?.lookup(file, hit);
  }
  if (witness !== undefined && summaries === 0) chosen.push(witness);
  return { context: chosen, ...counts, left: known.length - chosen.length };
}
