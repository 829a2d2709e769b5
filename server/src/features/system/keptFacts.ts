import type { IndexedFile } from '../../workspace/index';

/**
 * Facts of a file kept between runs (issue #84): what the system map and the checks read of a file that is not
 * checked, as plain data — a Dockerfile's build, base images and copied models (dockerfile/facts.ts) — so that a
 * check whose context holds many such files (a Compose file of one project in docker/awesome-compose, whose map
 * reads every other project's Dockerfiles) does not parse them again. Each fact is kept for one text of one file:
 * asked for another text, the store answers nothing and the fact is made again from the parse. So what is read from
 * the store is what the parse would give, exactly, whatever changed between runs.
 *
 * The store's persistence (the cache folder) is the platform's (platform/indexCache.ts KeptFactsFile): a pure
 * service only asks this module. No store is set but by the CLI's checks of files named one by one.
 */
export interface KeptFactsStore {
  /** The fact of `kind` kept for this file with exactly this text, unchecked (the caller validates its shape). */
  get(kind: string, uri: string, text: string): unknown;
  /** Keeps the fact of `kind` for this file's text (plain data: a V8 serialisation keeps it). */
  set(kind: string, uri: string, text: string, fact: unknown): void;
}

let store: KeptFactsStore | undefined;

/** Sets (or, undefined, removes) the run's store. */
export function useKeptFacts(kept: KeptFactsStore | undefined): void {
  store = kept;
}

/**
 * The fact of `kind` of this file version: the kept one when `valid` takes it, else `make`'s (then kept). Once per
 * file version (the file's models). `make` gives undefined for a file without the fact; that is kept too (null).
 */
export function keptFact<T extends object>(file: IndexedFile, kind: string, valid: (data: unknown) => data is T, make: (file: IndexedFile) => T | undefined): T | undefined {
  return file.model(keptKinds(kind), () => {
    const kept = store?.get(kind, file.uri, file.text);
    if (kept === null) return undefined;
    if (kept !== undefined && valid(kept)) return kept;
    const made = make(file);
    // A file cut short by a limit or set aside is not what its text says: nothing is kept of it.
    if (!file.skipped) store?.set(kind, file.uri, file.text, made ?? null);
    return made;
  });
}

/** One model key per kind of fact (IndexedFile.model). */
const keys = new Map<string, symbol>();
function keptKinds(kind: string): symbol {
  let key = keys.get(kind);
  if (!key) keys.set(kind, (key = Symbol(`kept-${kind}`)));
  return key;
}

/**
 * The run's store, for facts that are no single file's (a Compose project's, made from all its files' texts): undefined
 * when none is set. Prefer keptFact for a file's own.
 */
export function keptFactsStore(): KeptFactsStore | undefined {
  return store;
}
