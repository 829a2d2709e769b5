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
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import { t } from '../../l10n/t';
import { LockError } from './lock';

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

function startTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder may still run: alive on this host (and the same process, not a reused pid); unknown hosts count as alive. */
function holderAlive(holder: RunLockHolder): boolean {
  if (holder.host !== os.hostname()) return true;
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
    const [text, stats] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    return { text, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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
  static async acquire(file: string, waitMs: number, signal?: AbortSignal): Promise<RunLock> {
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
        await fs.writeFile(file, text, { flag: 'wx' });
        return new RunLock(file, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readLockFile(file);
      if (!current) continue;
      const other = parseHolder(current.text);
      const stale = other ? !holderAlive(other) : Date.now() - current.mtimeMs > UNNAMED_STALE_MS;
      if (stale) {
        await takeOver(file, current.text);
        continue;
      }
      if (Date.now() >= deadline || signal?.aborted) {
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
  const moved = await fs.readFile(aside, 'utf8').catch(() => '');
  if (moved !== staleText) {
    // A live holder's lock: put back (link: never over a lock taken meanwhile).
    await fs.link(aside, file).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
}
