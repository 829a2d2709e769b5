/**
 * What the Prometheus family reads from the host (its descriptor, families/prometheus.ts, hands it
 * to the feature and the lenses): whether promtool is on the PATH, and the rules' own findings kept
 * between processes.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { buildIdentity, cacheDirectory } from '../disk/cacheFolder';
import { onPath } from '../disk/onPath';
import { readFileBoundedSync } from '../disk/readText';
import type { RuleSummary, SummaryStore } from './ruleResults';

let promtool: boolean | undefined;
/** promtool on the PATH, looked up once per process (the "Run rule tests" lens appears only then). */
export const promtoolOnPath = (): boolean => (promtool ??= onPath('promtool'));

/** The store's layout: a new one reads no older file. */
const FORMAT = 1;
const MAGIC = 'archipel-rule-summaries\n';
/** Bounds: a larger file is not read; a store holding more keeps this run's summaries first. */
const MAX_BYTES = 32 << 20;
const MAX_ENTRIES = 50_000;
/** A temporary file this old is a killed writer's: removed by the next save. */
const STALE_TEMP_MS = 10 * 60_000;

interface Stored {
  format: number;
  build: string;
  entries: [string, RuleSummary][];
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function findingOk(f: unknown): boolean {
  return isObject(f) && isNumber(f.start) && isNumber(f.end) && typeof f.code === 'string' && typeof f.message === 'string';
}

function referenceOk(r: unknown): boolean {
  return isObject(r) && isNumber(r.start) && isNumber(r.end) && isObject(r.reference) && typeof r.reference.name === 'string' && isNumber(r.reference.from) && isNumber(r.reference.to);
}

/**
 * What a kept summary must look like to be used (the CRC already refused a damaged file; this refuses another shape).
 * Asked of every summary a run uses (954 in awesome-prometheus-alerts): plain loops and module-level tests, no closure per call (#68).
 */
function wellFormed(value: unknown): value is RuleSummary {
  if (!isObject(value)) return false;
  const { findings, references } = value;
  if (!Array.isArray(findings) || !Array.isArray(references)) return false;
  for (let i = 0; i < findings.length; i++) if (!findingOk(findings[i])) return false;
  for (let i = 0; i < references.length; i++) if (!referenceOk(references[i])) return false;
  return true;
}

/**
 * The rules' own findings (prometheus/ruleResults.ts) kept between processes: a second `archipel check`
 * of unchanged rules neither parses their PromQL nor reads their templates (Lezer's parse and the
 * checker run cold in each process: the first parse of an expression costs several times the next).
 *
 * One file, `<cache folder>/prometheus/rule-summaries.v8` (disk/cacheFolder.ts: `~/.cache/archipel`,
 * `ARCHIPEL_CACHE_DIR`; none with `ARCHIPEL_CACHE_DIR=off`), never in the workspace, of this build
 * (buildIdentity: another build reads nothing). Keyed by the
 * rule's key itself (its text, column, group label names and the language of the messages; no hash,
 * so no two rules share one): an edited rule or another language finds nothing. The file is a
 * header line, the CRC-32 of its body and the body (V8's serializer): a file cut short, damaged, of
 * another format or build, or too large is ignored whole, and an entry of another shape is ignored.
 * It is read at the first rule checked and written once when the process ends (and a few seconds after
 * the last new summary in a long-lived server), through a temporary file and a rename, merged with what
 * another process wrote meanwhile: two runs at once leave one of their files whole, a killed run or a
 * full disk leaves the previous file. It only saves time: what it gives is what the check would find.
 */
export class RuleSummaryStore implements SummaryStore {
  private readonly file: string;
  private entries: Map<string, RuleSummary> | undefined;
  /** Summaries put by this process, and those it read and used: kept first when the store is full. */
  private readonly added = new Map<string, RuleSummary>();
  private readonly used = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** What this store answered (tests read it). */
  readonly counts = { hits: 0, misses: 0 };

  constructor(
    folder: string,
    private readonly build: string,
  ) {
    this.file = path.join(folder, 'prometheus', 'rule-summaries.v8');
  }

  private read(): Map<string, RuleSummary> {
    const entries = new Map<string, RuleSummary>();
    try {
      // A larger file, or one that is not a regular file, is refused (and ignored).
      const bytes = readFileBoundedSync(this.file, MAX_BYTES);
      const magic = Buffer.from(MAGIC);
      if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return entries;
      const body = bytes.subarray(magic.length + 4);
      if (crc32(body) !== bytes.readUInt32LE(magic.length)) return entries;
      const stored = deserialize(body) as Stored;
      if (stored.format !== FORMAT || stored.build !== this.build || !Array.isArray(stored.entries)) return entries;
      for (const entry of stored.entries) if (Array.isArray(entry) && typeof entry[0] === 'string') entries.set(entry[0], entry[1]);
    } catch {
      // Missing, unreadable or not ours: nothing kept.
    }
    return entries;
  }

  get(key: string): RuleSummary | undefined {
    const found = (this.entries ??= this.read()).get(key);
    if (found === undefined || !wellFormed(found)) {
      this.counts.misses++;
      return undefined;
    }
    this.counts.hits++;
    this.used.add(key);
    return found;
  }

  put(key: string, summary: RuleSummary): void {
    // This process finds its own summaries in memory (ruleResults.ts); what it adds is bounded as the file is.
    if (this.added.size >= MAX_ENTRIES) return;
    this.added.set(key, summary);
    if (!exitHooked) process.once('exit', saveAll);
    exitHooked = true;
    unsaved.add(this);
    // A long-lived process (the language server) saves a few seconds after a new summary; the CLI at its end.
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.save(), 5_000);
      this.timer.unref();
    }
  }

  /** Writes the summaries this process added, merged with the file as it is now; only time is lost when it fails. */
  save(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    unsaved.delete(this);
    if (this.added.size === 0) return;
    const merged = new Map<string, RuleSummary>();
    for (const [key, summary] of this.added) merged.set(key, summary);
    const known = this.entries ?? new Map<string, RuleSummary>();
    for (const key of this.used) {
      const summary = known.get(key);
      if (summary !== undefined && merged.size < MAX_ENTRIES) merged.set(key, summary);
    }
    // What another process wrote since this one read, then what this one read.
    for (const source of [this.read(), known]) {
      for (const [key, summary] of source) {
        if (merged.size >= MAX_ENTRIES) break;
        if (!merged.has(key)) merged.set(key, summary);
      }
    }
    this.added.clear();
    const body = serialize({ format: FORMAT, build: this.build, entries: [...merged] } satisfies Stored);
    if (body.length > MAX_BYTES) return;
    const head = Buffer.alloc(Buffer.byteLength(MAGIC) + 4);
    head.write(MAGIC);
    head.writeUInt32LE(crc32(body), Buffer.byteLength(MAGIC));
    const folder = path.dirname(this.file);
    // Unique enough with the pid (`wx` refuses an existing name: only this save is lost); not node:crypto, which the CLI
    // loads nowhere else: loaded at exit, after the check raised V8's interrupt budget, its ~20 modules compile from source.
    const temp = `${this.file}.${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      removeStaleTemps(folder, path.basename(this.file));
      writeFileSync(temp, Buffer.concat([head, body]), { flag: 'wx', mode: 0o600 });
      renameSync(temp, this.file);
    } catch {
      // A full disk, a read-only folder: the previous file stands, only time is lost.
      try {
        rmSync(temp, { force: true });
      } catch {
        // Left for the next save's sweep.
      }
    }
  }
}

/** The stores with summaries to write: saved when the process ends (one listener for all). */
const unsaved = new Set<RuleSummaryStore>();
let exitHooked = false;
function saveAll(): void {
  for (const store of [...unsaved]) store.save();
}

/** Temporary files of writers killed before their rename. */
function removeStaleTemps(folder: string, base: string): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    if (!name.startsWith(`${base}.`) || !name.endsWith('.tmp')) continue;
    try {
      const file = path.join(folder, name);
      if (now - statSync(file).mtimeMs > STALE_TEMP_MS) rmSync(file, { force: true });
    } catch {
      // Gone already, or another process's.
    }
  }
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
