/**
 * `dvc.lock` in DVC 3's shape (`schema: '2.0'`), so one lock serves whichever tool ran the
 * pipeline: per expanded stage its `cmd` (a string, or a list for several commands), `deps` and
 * `outs` as `{path, hash: md5, md5, size}` (`nfiles` too for a folder), `params` as
 * `{file: {key: value}}`. Paths are as the pipeline file writes them (relative to the stage's wdir).
 *
 * Written atomically (temporary file, then rename) and one stage at a time: a stage that succeeds
 * replaces its own entry and leaves every other one as it was.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { limiter } from '../../common/limiter';
import type { PathHash } from './hash';

export interface LockEntry extends PathHash {
  path: string;
}

export interface LockStage {
  cmd: string[];
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
    // DVC 2 locks have `md5` without `hash:`; both are md5 (DVC 2's normalised text: see hash.ts).
    return [{ path: e.path, md5: typeof e.md5 === 'string' ? e.md5 : '', size: typeof e.size === 'number' ? e.size : 0, ...(typeof e.nfiles === 'number' ? { nfiles: e.nfiles } : {}) }];
  });
}

/** Reads a lock's text; an unreadable entry is left out (its stage then runs), never guessed. */
export function parseLock(text: string): Lock {
  const stages = new Map<string, LockStage>();
  const data = parse(text, { maxAliasCount: 100 }) as { stages?: Record<string, Record<string, unknown>> } | null;
  for (const [name, raw] of Object.entries(data?.stages ?? {})) {
    if (!raw || typeof raw !== 'object') continue;
    const cmd = typeof raw.cmd === 'string' ? [raw.cmd] : Array.isArray(raw.cmd) ? raw.cmd.map(String) : [];
    const params: Record<string, Record<string, unknown>> = {};
    for (const [file, values] of Object.entries((raw.params as Record<string, unknown>) ?? {})) {
      if (values && typeof values === 'object') params[file] = values as Record<string, unknown>;
    }
    stages.set(name, { cmd, deps: entries(raw.deps), params, outs: entries(raw.outs) });
  }
  return { stages };
}

export async function readLock(file: string): Promise<Lock> {
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return parseLock(text);
}

function entryData(e: LockEntry): Record<string, unknown> {
  return { path: e.path, hash: 'md5', md5: e.md5, size: e.size, ...(e.nfiles !== undefined ? { nfiles: e.nfiles } : {}) };
}

/** The lock's text as DVC 3 writes it (keys in DVC's order; empty sections left out). */
export function formatLock(lock: Lock): string {
  const stages: Record<string, unknown> = {};
  for (const [name, stage] of lock.stages) {
    const data: Record<string, unknown> = { cmd: stage.cmd.length === 1 ? stage.cmd[0] : stage.cmd };
    if (stage.deps.length) data.deps = stage.deps.map(entryData);
    if (Object.keys(stage.params).length) data.params = stage.params;
    if (stage.outs.length) data.outs = stage.outs.map(entryData);
    stages[name] = data;
  }
  return stringify({ schema: '2.0', stages }, { singleQuote: true, lineWidth: 0 });
}

/** Writes text to a file through a temporary file beside it and a rename: never half-written. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, text);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Records stages in a lock one at a time (stages finish in parallel): each update re-reads the
 * file, so an entry written meanwhile by another tool is kept.
 */
export class LockWriter {
  private readonly oneAtATime = limiter(1);

  /** `order`: the pipeline's stage names, the order of the lock's entries whichever finishes first. */
  constructor(
    readonly file: string,
    private readonly order: readonly string[] = [],
  ) {}

  update(name: string, stage: LockStage): Promise<void> {
    return this.oneAtATime(async () => {
      const lock = await readLock(this.file);
      lock.stages.set(name, stage);
      const rank = new Map(this.order.map((n, i) => [n, i]));
      const entries = [...lock.stages].map((e, i) => ({ e, key: rank.get(e[0]) ?? this.order.length + i }));
      lock.stages = new Map(entries.sort((a, b) => a.key - b.key).map((x) => x.e));
      await writeAtomic(this.file, formatLock(lock));
    });
  }
}
