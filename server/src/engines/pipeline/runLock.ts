/**
 * One run at a time per pipeline folder, as DVC's repository lock (`.dvc/tmp/lock`) allows one
 * `dvc repro` per repository: `.archipel/run.lock`, created exclusively (`wx`) and holding who
 * holds it (pid, command, host, start). A second run waits a bounded time for it, then refuses,
 * naming the holder. The folder's pipelines share its `.archipel/` (kept outputs, journals, logs),
 * so they share its lock too.
 *
 * A lock whose holder is dead (kill -9, power loss) is taken over: the dead holder is known by its
 * pid (and on Linux its start time, so a reused pid is not taken for it). Taking over renames the
 * lock file to a private name first (atomic: of several waiters, one gets it) and checks that what
 * it moved is still the dead holder's lock; a live lock moved by mistake (it changed hands in
 * between) is linked back at once.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { openState } from '../core/safeWrite';
import { t } from '../../l10n/t';
import { LockError } from './lock';
import { READ_BOUNDS, readTextBounded, readTextBoundedSync } from '../../disk/readText';

export interface RunLockHolder {
  pid: number;
  command: string;
  host: string;
  started: string;
  /** Linux: the process's start time in clock ticks since boot (`/proc/<pid>/stat`, field 22). */
  ticks?: number;
  nonce: string;
}

/** A run is refused: another holds the lock, or the state folder cannot be used. */
export class RunRefusedError extends LockError {}

const POLL_MS = 100;

/**
 * A lock naming another host (a dev container restarted under a new host name, a lock committed to
 * the repository) cannot be checked from here: it is taken over once this old (its holder's start),
 * or at once with `--break-lock`; before that the refusal names its host and age.
 */
export const OTHER_HOST_STALE_MS = 24 * 3600_000;

function startTicks(pid: number): number | undefined {
  try {
    const stat = readTextBoundedSync(`/proc/${pid}/stat`, READ_BOUNDS.state);
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** The lock's age from its holder's start (else its file's time). */
function ageMs(holder: RunLockHolder, mtimeMs: number): number {
  const started = Date.parse(holder.started);
  return Date.now() - (Number.isFinite(started) ? Math.min(started, mtimeMs) : mtimeMs);
}

/** Whether the holder may still run: alive on this host (and the same process, not a reused pid); another host's counts as alive until OTHER_HOST_STALE_MS. */
function holderAlive(holder: RunLockHolder, mtimeMs: number): boolean {
  if (holder.host !== os.hostname()) return ageMs(holder, mtimeMs) < OTHER_HOST_STALE_MS;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.ticks === undefined) return true;
  const now = startTicks(holder.pid);
  return now === undefined || now === holder.ticks;
}

function parseHolder(text: string): RunLockHolder | undefined {
  try {
    const data = JSON.parse(text) as Partial<RunLockHolder>;
    return typeof data.pid === 'number' && typeof data.nonce === 'string' ? (data as RunLockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** What the lock file holds now ('' when it is gone), and when it was last changed. */
async function readLockFile(file: string): Promise<{ text: string; mtimeMs: number } | undefined> {
  try {
    const [text, stats] = await Promise.all([readTextBounded(file, READ_BOUNDS.state), fs.stat(file)]);
    return { text, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether a lock is held by a process that may still run, was left by one that is gone (killed mid-run), or is not there. */
export async function lockState(file: string): Promise<'none' | 'held' | 'abandoned'> {
  const current = await readLockFile(file).catch(() => undefined);
  if (!current) return 'none';
  const holder = parseHolder(current.text);
  if (!holder) return Date.now() - current.mtimeMs > UNNAMED_STALE_MS ? 'abandoned' : 'held';
  return holderAlive(holder, current.mtimeMs) ? 'held' : 'abandoned';
}

/** A lock file that names no holder (its writer died between creating and writing it) is stale after this. */
const UNNAMED_STALE_MS = 5000;

export class RunLock {
  private constructor(
    readonly file: string,
    readonly holder: RunLockHolder,
  ) {}

  /**
   * Takes the lock, waiting up to `waitMs` for its holder to finish; throws RunRefusedError naming
   * the holder after that.
   */
  static async acquire(file: string, waitMs: number, signal?: AbortSignal, breakLock = false): Promise<RunLock> {
    const holder: RunLockHolder = {
      pid: process.pid,
      command: process.argv.slice(1).join(' ').slice(0, 500),
      host: os.hostname(),
      started: new Date().toISOString(),
      ticks: startTicks(process.pid),
      nonce: randomBytes(8).toString('hex'),
    };
    const text = JSON.stringify(holder);
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        const handle = await openState(file, 'wx');
        try {
          await handle.writeFile(text);
        } finally {
          await handle.close();
        }
        return new RunLock(file, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readLockFile(file);
      if (!current) continue;
      const other = parseHolder(current.text);
      const elsewhere = other !== undefined && other.host !== os.hostname();
      const stale = other ? (elsewhere && breakLock) || !holderAlive(other, current.mtimeMs) : Date.now() - current.mtimeMs > UNNAMED_STALE_MS;
      if (stale) {
        await takeOver(file, current.text);
        continue;
      }
      if (Date.now() >= deadline || signal?.aborted) {
        if (elsewhere) {
          const hours = Math.round(ageMs(other, current.mtimeMs) / 360_000) / 10;
          throw new RunRefusedError(t('{0} names a run on another host, {1} (pid {2}: {3}), started {4} h ago: this host cannot tell whether it still runs. If it does not (a dev container restarted under a new name, a lock committed by mistake), run again with --break-lock; it is taken over by itself once {5} h old.', file, other.host, other.pid, other.command, hours, OTHER_HOST_STALE_MS / 3600_000));
        }
        const who = other ? t('pid {0} on {1}: {2}, since {3}', other.pid, other.host, other.command, other.started) : t('a process that has not said who it is yet');
        throw new RunRefusedError(t('another run of this pipeline folder is under way ({0}); waited {1} s. Try again when it ends; a run ended by a crash is taken over by itself, and its lock is {2}.', who, Math.round(waitMs / 1000), file));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    }
  }

  /** Lets the lock go, if it is still ours. */
  async release(): Promise<void> {
    const current = await readLockFile(this.file).catch(() => undefined);
    if (current && parseHolder(current.text)?.nonce === this.holder.nonce) await fs.rm(this.file, { force: true });
  }
}

/** Removes a dead holder's lock, unless it changed hands in the meantime. */
async function takeOver(file: string, staleText: string): Promise<void> {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another waiter took it over first
    throw error;
  }
  const moved = await readTextBounded(aside, READ_BOUNDS.state).catch(() => '');
  if (moved !== staleText) {
    // A live holder's lock: put back (link: never over a lock taken meanwhile).
    await fs.link(aside, file).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
}
