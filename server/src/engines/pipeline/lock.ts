/**
 * `dvc.lock` in DVC 3's shape (`schema: '2.0'`), so one lock serves whichever tool ran the
 * pipeline: per expanded stage its `cmd` (a string, or a list for several commands), `deps` and
 * `outs` as `{path, hash: md5, md5, size}` (`nfiles` too for a folder), `params` as
 * `{file: {key: value}}`. Paths are as the pipeline file writes them (relative to the stage's wdir).
 *
 * Written atomically (temporary file, then rename) and one stage at a time: a stage that succeeds
 * replaces its own entry and leaves every other one as it was.
 */
import path from 'node:path';
import { stringify } from 'yaml';
import { t } from '../../l10n/t';
import { parseYamlFile } from '../../yaml/model';
import { writeDurably } from './durable';
import { faultPoint, killPoint } from './faults';
import type { HashName, PathHash } from './hash';
import { cachedParse, parseCacheFile } from './parseCache';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

export interface LockEntry extends PathHash {
  path: string;
  /**
   * How `md5` was computed: 'md5' (DVC 3, `hash: md5`, raw bytes), or 'md5-dos2unix' for an entry
   * DVC 2 wrote (no `hash:` key), which DVC 3 still reads with CRLF as LF in text files.
   * Undefined: 'md5' (what this runner writes).
   */
  hash?: HashName;
  /** A URL dep's or out's own record (`etag`, `checksum`, `version_id`, …), kept as DVC wrote it. */
  remote?: Record<string, unknown>;
}

const entryKeys = new Set(['path', 'hash', 'md5', 'size', 'nfiles']);

export interface LockStage {
  cmd: string[];
  /** `cmd` written as a list (DVC keeps the form the pipeline file used); a single command is a string otherwise. */
  cmdList?: boolean;
  deps: LockEntry[];
  params: Record<string, Record<string, unknown>>;
  outs: LockEntry[];
}

export interface Lock {
  stages: Map<string, LockStage>;
}

/** The lock file of a pipeline file: `dvc.lock` beside `dvc.yaml`, `x.pipeline.lock` beside `x.pipeline.yaml`. */
export function lockFileOf(pipelineFile: string): string {
  const base = path.basename(pipelineFile);
  const name = /\.pipeline\.ya?ml$/.test(base) ? base.replace(/\.ya?ml$/, '.lock') : 'dvc.lock';
  return path.join(path.dirname(pipelineFile), name);
}

function entries(value: unknown): LockEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    const e = raw as Record<string, unknown>;
    if (!e || typeof e.path !== 'string') return [];
    // DVC 2 locks have `md5` without `hash:`: DVC 3 reads them as md5-dos2unix (see hash.ts).
    const legacy = e.hash === undefined && typeof e.md5 === 'string';
    const remote = Object.fromEntries(Object.entries(e).filter(([key]) => !entryKeys.has(key)));
    return [{
      path: e.path,
      md5: typeof e.md5 === 'string' ? e.md5 : '',
      size: typeof e.size === 'number' ? e.size : 0,
      ...(typeof e.nfiles === 'number' ? { nfiles: e.nfiles } : {}),
      ...(legacy ? { hash: 'md5-dos2unix' as const } : {}),
      ...(Object.keys(remote).length ? { remote } : {}),
    }];
  });
}

/** The lock cannot be read (not YAML, or past the YAML reader's limits): the message says why. */
export class LockError extends Error {
  override readonly name = 'LockError';
}

/**
 * Reads a lock's text through the project's bounded YAML reader (limits on depth and aliases; a
 * fast path for the plain block YAML a lock is: a 1,000-stage lock in a quarter of the yaml
 * package's time). An unreadable entry is left out (its stage then runs), never guessed.
 */
export function parseLock(text: string): Lock {
  const stages = new Map<string, LockStage>();
  if (text.trim() === '') return { stages };
  const chunk = parseYamlFile(text, undefined, false).chunks[0]?.chunk;
  if (chunk && (chunk.beyondLimits || !chunk.wellFormed || chunk.valueError)) throw new LockError(t('the lock file is not well-formed YAML: {0}', chunk.valueError ?? t('fix or delete it')));
  const data = chunk?.value as { stages?: Record<string, Record<string, unknown>> } | null | undefined;
  const list = data?.stages;
  if (!list || typeof list !== 'object' || Array.isArray(list)) return { stages };
  for (const [name, raw] of Object.entries(list)) {
    if (!raw || typeof raw !== 'object') continue;
    const cmd = typeof raw.cmd === 'string' ? [raw.cmd] : Array.isArray(raw.cmd) ? raw.cmd.map(String) : [];
    const params: Record<string, Record<string, unknown>> = {};
    for (const [file, values] of Object.entries((raw.params as Record<string, unknown>) ?? {})) {
      if (values && typeof values === 'object') params[file] = values as Record<string, unknown>;
    }
    stages.set(name, { cmd, ...(Array.isArray(raw.cmd) ? { cmdList: true } : {}), deps: entries(raw.deps), params, outs: entries(raw.outs) });
  }
  return { stages };
}

export async function readLock(file: string): Promise<Lock> {
  const text = await readTextBounded(file, READ_BOUNDS.config).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  // A 1,000-stage lock parsed once per content (parseCache.ts); an empty or missing one costs nothing.
  return text.trim() === '' ? parseLock(text) : cachedParse(parseCacheFile(file, 'parsed'), text, () => parseLock(text));
}

/** An entry as DVC 3 writes it; one DVC 2 wrote (a stage this run left alone) keeps its form: no `hash:`. */
function entryData(e: LockEntry): Record<string, unknown> {
  return {
    path: e.path,
    ...(e.hash === 'md5-dos2unix' ? {} : { hash: 'md5' }),
    ...(e.md5 ? { md5: e.md5 } : {}),
    ...(e.size || e.md5 ? { size: e.size } : {}),
    ...(e.nfiles !== undefined ? { nfiles: e.nfiles } : {}),
    ...e.remote,
  };
}

/** Each stage's entry as text, made once per entry: a run rewrites the lock as stages finish. */
const stageTexts = new WeakMap<LockStage, { name: string; text: string }>();

function stageText(name: string, stage: LockStage): string {
  const known = stageTexts.get(stage);
  if (known?.name === name) return known.text;
  const data: Record<string, unknown> = { cmd: stage.cmd.length === 1 && !stage.cmdList ? stage.cmd[0] : stage.cmd };
  if (stage.deps.length) data.deps = stage.deps.map(entryData);
  if (Object.keys(stage.params).length) data.params = stage.params;
  if (stage.outs.length) data.outs = stage.outs.map(entryData);
  // Indented under `stages:` exactly as the whole document would be written.
  const text = stringify({ [name]: data }, { singleQuote: true, lineWidth: 0 })
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  stageTexts.set(stage, { name, text });
  return text;
}

/** The lock's text as DVC 3 writes it (keys in DVC's order; empty sections left out). */
export function formatLock(lock: Lock): string {
  if (lock.stages.size === 0) return stringify({ schema: '2.0', stages: {} }, { singleQuote: true });
  return `schema: '2.0'\nstages:\n${[...lock.stages].map(([name, stage]) => stageText(name, stage)).join('\n')}\n`;
}

/**
 * Records stages in a lock as they succeed (stages finish in parallel). Each write reads the lock as
 * it is on disk now and replaces only the entries this run recorded, so an entry written by anyone
 * else since the run started (DVC, an edit) is kept: the lock is merged entry by entry, never
 * rewritten from a stale read. (The run lock, runLock.ts, keeps other Archipel runs out meanwhile.)
 * Updates made while a write is under way go out together in the next one: a run of 1,000 stages
 * writes the lock a few times, not 1,000 times (each write is whole and atomic). `update` resolves
 * once a write holding that stage is on disk.
 */
export class LockWriter {
  private readonly updates = new Map<string, LockStage>();
  /** The text this writer last wrote and its parse: a lock nobody touched since is not parsed again. */
  private written: { text: string; lock: Lock } | undefined;
  private flushing = false;
  private pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private readonly rank: Map<string, number>;

  /** `order`: the pipeline's stage names, the order of the lock's entries whichever finishes first. */
  constructor(
    readonly file: string,
    order: readonly string[] = [],
  ) {
    this.rank = new Map(order.map((n, i) => [n, i]));
  }

  update(name: string, stage: LockStage): Promise<void> {
    this.updates.set(name, stage);
    const done = new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject }));
    void this.flush();
    return done;
  }

  private async current(): Promise<Lock> {
    const text = await readTextBounded(this.file, READ_BOUNDS.config).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    if (this.written?.text === text) return this.written.lock;
    const parsed = parseLock(text);
    return { stages: new Map(parsed.stages) };
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        const lock = await this.current();
        for (const [name, stage] of this.updates) lock.stages.set(name, stage);
        const entries = [...lock.stages].map((e, i) => ({ e, key: this.rank.get(e[0]) ?? this.rank.size + i }));
        lock.stages = new Map(entries.sort((a, b) => a.key - b.key).map((x) => x.e));
        const text = formatLock(lock);
        // After a crash or a power loss the lock is the old one or the new one, whole.
        await writeDurably(this.file, text, () => {
          faultPoint('lock', this.file);
          killPoint('lock-write');
        });
        this.written = { text, lock };
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.flushing = false;
  }
}
