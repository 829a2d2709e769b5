/**
 * What the Prometheus family reads from the host (its descriptor, families/prometheus.ts, hands it
 * to the feature and the lenses): whether promtool is on the PATH, and the rules' own findings kept
 * between processes.
 */
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { buildIdentity, cacheDirectory, replaceCacheFile, sweepCacheFolder } from '../disk/cacheFolder';
import { onPath } from '../disk/onPath';
import { readFileBoundedSync } from '../disk/readText';
import type { DocumentSummary, RuleSummary, SummaryStore } from './ruleResults';

let promtool: boolean | undefined;
/** promtool on the PATH, looked up once per process (the "Run rule tests" lens appears only then). */
export const promtoolOnPath = (): boolean => (promtool ??= onPath('promtool'));

/** The files' layout: a new one reads no older file. */
const FORMAT = 1;
/** Bounds: a larger file is not read; a store holding more keeps this run's summaries first. */
const MAX_BYTES = 32 << 20;
const MAX_ENTRIES = 50_000;
const MAX_DOCUMENTS = 5_000;
/**
 * The characters of the keys a file keeps (a key is a rule's or a document's text): past them the older entries are
 * let go, so that the versions of a large file a language server saw (each edit a new document) do not fill the file
 * past MAX_BYTES, which would keep it from being written at all.
 */
const MAX_KEY_CHARS = 8 << 20;

interface Stored<T> {
  format: number;
  build: string;
  entries: [string, T][];
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function findingOk(f: unknown): boolean {
  return isObject(f) && isNumber(f.start) && isNumber(f.end) && typeof f.code === 'string' && typeof f.message === 'string';
}

function referenceOk(r: unknown): boolean {
  return isObject(r) && isNumber(r.start) && isNumber(r.end) && isObject(r.reference) && typeof r.reference.name === 'string' && isNumber(r.reference.from) && isNumber(r.reference.to);
}

function findingsOk(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) if (!findingOk(list[i])) return false;
  return true;
}

function referencesOk(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) if (!referenceOk(list[i])) return false;
  return true;
}

/**
 * What a kept summary must look like to be used (the CRC already refused a damaged file; this refuses another shape).
 * Asked of every summary a run uses (954 in awesome-prometheus-alerts): plain loops and module-level tests, no closure per call (#68).
 */
function wellFormed(value: unknown): value is RuleSummary {
  return isObject(value) && findingsOk(value.findings) && referencesOk(value.references);
}

function keptRuleOk(rule: unknown): boolean {
  return isObject(rule) && findingsOk(rule.own) && findingsOk(rule.counters) && referencesOk(rule.references) && (rule.duplicate === undefined || findingOk(rule.duplicate));
}

function keptGroupOk(group: unknown): boolean {
  if (!isObject(group) || !findingsOk(group.head) || !Array.isArray(group.rules)) return false;
  const { interval } = group;
  if (interval !== undefined && !(isObject(interval) && typeof interval.name === 'string' && isNumber(interval.ms) && isNumber(interval.start) && isNumber(interval.end))) return false;
  const rules: unknown[] = group.rules;
  for (let i = 0; i < rules.length; i++) if (!keptRuleOk(rules[i])) return false;
  return true;
}

/** A kept document's summary, the same way (ruleResults.ts DocumentSummary). */
function documentOk(value: unknown): value is DocumentSummary {
  if (!isObject(value) || !findingsOk(value.top) || !Array.isArray(value.groups)) return false;
  const groups: unknown[] = value.groups;
  for (let i = 0; i < groups.length; i++) if (!keptGroupOk(groups[i])) return false;
  return true;
}

/**
 * One kind of summaries kept in a file of its own: a header line, the CRC-32 of the body and the body (V8's serializer
 * of { format, build, entries }). Read whole at its first `get`; written by `save`, merged with the file as it is then.
 */
class KeptFile<T> {
  private entries: Map<string, T> | undefined;
  /** Summaries put by this process, and those it read and used: kept first when the file is full. */
  private readonly added = new Map<string, T>();
  private readonly used = new Set<string>();
  readonly counts = { hits: 0, misses: 0 };

  constructor(
    readonly file: string,
    private readonly magic: string,
    private readonly build: string,
    private readonly max: number,
    private readonly ok: (value: unknown) => value is T,
  ) {}

  private read(): Map<string, T> {
    const entries = new Map<string, T>();
    try {
      // A larger file, or one that is not a regular file, is refused (and ignored).
      const bytes = readFileBoundedSync(this.file, MAX_BYTES);
      const magic = Buffer.from(this.magic);
      if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return entries;
      const body = bytes.subarray(magic.length + 4);
      if (crc32(body) !== bytes.readUInt32LE(magic.length)) return entries;
      const stored = deserialize(body) as Stored<T>;
      if (stored.format !== FORMAT || stored.build !== this.build || !Array.isArray(stored.entries)) return entries;
      for (const entry of stored.entries) if (Array.isArray(entry) && typeof entry[0] === 'string') entries.set(entry[0], entry[1]);
    } catch {
      // Missing, unreadable or not ours: nothing kept.
    }
    return entries;
  }

  get(key: string): T | undefined {
    const found = (this.entries ??= this.read()).get(key);
    if (found === undefined || !this.ok(found)) {
      this.counts.misses++;
      return undefined;
    }
    this.counts.hits++;
    this.used.add(key);
    return found;
  }

  /** Whether `summary` is taken (what a process adds is bounded as the file is). */
  put(key: string, summary: T): boolean {
    if (this.added.size >= this.max) return false;
    this.added.set(key, summary);
    return true;
  }

  /** Writes the summaries this process added, merged with the file as it is now; only time is lost when it fails. */
  save(): void {
    if (this.added.size === 0) return;
    const merged = new Map<string, T>();
    let chars = 0;
    const add = (key: string, summary: T) => {
      if (merged.size >= this.max || merged.has(key) || chars + key.length > MAX_KEY_CHARS) return;
      merged.set(key, summary);
      chars += key.length;
    };
    // This process's summaries, the newest first (a language server's latest version of a file), then those it used.
    for (const [key, summary] of [...this.added].reverse()) add(key, summary);
    const known = this.entries ?? new Map<string, T>();
    for (const key of this.used) {
      const summary = known.get(key);
      if (summary !== undefined) add(key, summary);
    }
    // What another process wrote since this one read, then what this one read.
    for (const source of [this.read(), known]) for (const [key, summary] of source) add(key, summary);
    this.added.clear();
    const body = serialize({ format: FORMAT, build: this.build, entries: [...merged] } satisfies Stored<T>);
    if (body.length > MAX_BYTES) return;
    const head = Buffer.alloc(Buffer.byteLength(this.magic) + 4);
    head.write(this.magic);
    head.writeUInt32LE(crc32(body), Buffer.byteLength(this.magic));
    // The one replace of a kept file (disk/cacheFolder.ts): a full disk or a read-only folder leaves the previous file,
    // only time is lost; the temporary files of writers killed before their rename are swept first.
    sweepCacheFolder(path.dirname(this.file), []);
    replaceCacheFile(this.file, Buffer.concat([head, body]));
  }
}

/**
 * The rules' own findings (prometheus/ruleResults.ts) kept between processes: a second `archipel check`
 * of unchanged rules neither parses their PromQL nor reads their templates (the parse and the
 * checker run cold in each process: the first parse of an expression costs several times the next).
 *
 * Two files in `<cache folder>/prometheus/` (disk/cacheFolder.ts: `~/.cache/archipel`, `ARCHIPEL_CACHE_DIR`; none
 * with `ARCHIPEL_CACHE_DIR=off`), never in the workspace, of this build (buildIdentity: another build reads nothing):
 * - `rule-documents.v8`, each rule document's summary (ruleResults.ts DocumentSummary) keyed by its language and
 *   whole text: a check of unchanged rule files reads this file alone, and builds no rule's model nor key;
 * - `rule-summaries.v8`, each rule's summary keyed by the rule's key itself (its text, column, group label names and
 *   the language of the messages; no hash, so no two rules share one): an edited file's other rules come from it.
 *   Read only when a document is not in the first.
 *
 * Each is a header line, the CRC-32 of its body and the body (V8's serializer): a file cut short, damaged, of another
 * format or build, or too large is ignored whole, and an entry of another shape is ignored. They are read when first
 * asked and written once when the process ends (and a few seconds after the last new summary in a long-lived server),
 * through a temporary file and a rename, merged with what another process wrote meanwhile: two runs at once leave one
 * of their files whole, a killed run or a full disk leaves the previous file. It only saves time: what it gives is
 * what the check would find.
 */
export class RuleSummaryStore implements SummaryStore {
  private readonly rules: KeptFile<RuleSummary>;
  private readonly documents: KeptFile<DocumentSummary>;
  private timer: NodeJS.Timeout | undefined;
  /** What this store answered (tests read it). */
  readonly counts: { hits: number; misses: number; documentHits: number; documentMisses: number };

  constructor(folder: string, build: string) {
    const rules = (this.rules = new KeptFile(path.join(folder, 'prometheus', 'rule-summaries.v8'), 'archipel-rule-summaries\n', build, MAX_ENTRIES, wellFormed));
    const documents = (this.documents = new KeptFile(path.join(folder, 'prometheus', 'rule-documents.v8'), 'archipel-rule-documents\n', build, MAX_DOCUMENTS, documentOk));
    this.counts = {
      get hits() {
        return rules.counts.hits;
      },
      get misses() {
        return rules.counts.misses;
      },
      get documentHits() {
        return documents.counts.hits;
      },
      get documentMisses() {
        return documents.counts.misses;
      },
    };
  }

  get(key: string): RuleSummary | undefined {
    return this.rules.get(key);
  }

  put(key: string, summary: RuleSummary): void {
    if (this.rules.put(key, summary)) this.changed();
  }

  getDocument(key: string): DocumentSummary | undefined {
    return this.documents.get(key);
  }

  putDocument(key: string, summary: DocumentSummary): void {
    if (this.documents.put(key, summary)) this.changed();
  }

  /** Something to write: at the process's end, or a few seconds on in a long-lived one (the language server). */
  private changed(): void {
    if (!exitHooked) process.once('exit', saveAll);
    exitHooked = true;
    unsaved.add(this);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.save(), 5_000);
      this.timer.unref();
    }
  }

  /** Writes what this process added to each file; only time is lost when it fails. */
  save(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    unsaved.delete(this);
    this.rules.save();
    this.documents.save();
  }
}

/** The stores with summaries to write: saved when the process ends (one listener for all). */
const unsaved = new Set<RuleSummaryStore>();
let exitHooked = false;
function saveAll(): void {
  for (const store of [...unsaved]) store.save();
}

let shared: RuleSummaryStore | null | undefined;
/** The process's store in the user's cache folder, or undefined when speed-only caches are off. */
export function ruleSummaryStore(): RuleSummaryStore | undefined {
  if (shared === undefined) {
    const folder = cacheDirectory();
    // This build (its chunk, the pack it is read from) and the PromQL bundle, a name without a hash.
    const build = folder ? buildIdentity(__filename, [path.join(path.dirname(__filename), 'lazy', 'promql-vendor.js')]) : undefined;
    shared = folder && build ? new RuleSummaryStore(folder, build) : null;
  }
  return shared ?? undefined;
}
