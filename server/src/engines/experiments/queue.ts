/**
 * The experiments queue: one file per queued experiment in `.archipel/experiments/queue/`
 * (written whole, then renamed: a queue file is complete or absent). An entry leaves the queue
 * only once its experiment is committed, so a runner killed mid-run (kill -9, a full disk, a power
 * loss) loses nothing: the next `exp queue start` finds the entry still there. A runner claims an
 * entry with a run lock of its own (`running/<id>.lock`, engines/pipeline/runLock.ts): two queues
 * started at once never run the same entry, and a dead runner's claim is taken over.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ParamSet } from '../../experiments/sweep';
import { writeDurably } from '../pipeline/durable';
import { lockState, RunLock, RunRefusedError } from '../pipeline/runLock';
import { t } from '../../l10n/t';
import { ensureStateFolder } from '../pipeline/stateFolder';
import { mkdirState } from '../core/safeWrite';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

export interface QueueEntry {
  id: string;
  name: string;
  baseline: string;
  /** The params set, by file and dotted key. */
  params: ParamSet;
  /** The stages to run (and what they depend on), as `dvc exp run [targets]`; all when absent. */
  targets?: string[];
  queuedAt: string;
}

/** `.archipel/experiments/` of a repository. */
export function experimentsFolder(root: string): string {
  return path.join(root, '.archipel', 'experiments');
}

const queueFolder = (root: string) => path.join(experimentsFolder(root), 'queue');
const runningFolder = (root: string) => path.join(experimentsFolder(root), 'running');

let sequence = 0;

/** Adds entries to the queue, in order (their ids sort as they were queued). */
export async function enqueue(root: string, entries: readonly Omit<QueueEntry, 'id' | 'queuedAt'>[]): Promise<QueueEntry[]> {
  await ensureStateFolder(path.join(root, '.archipel'));
  // Never through a committed link (.archipel/experiments or its queue/ to elsewhere): refused before anything is created.
  await mkdirState(queueFolder(root));
  const out: QueueEntry[] = [];
  for (const entry of entries) {
    const id = `${Date.now().toString(36).padStart(9, '0')}-${(sequence++).toString(36).padStart(4, '0')}-${randomBytes(3).toString('hex')}`;
    const full: QueueEntry = { ...entry, id, queuedAt: new Date().toISOString() };
    await writeDurably(path.join(queueFolder(root), `${id}.json`), JSON.stringify(full));
    out.push(full);
  }
  return out;
}

/** The entries waiting (or claimed by a runner), oldest first; a file that cannot be read is skipped. */
export async function queuedEntries(root: string): Promise<QueueEntry[]> {
  const names = (await fs.readdir(queueFolder(root)).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  const entries: QueueEntry[] = [];
  for (const name of names) {
    try {
      entries.push(JSON.parse(await readTextBounded(path.join(queueFolder(root), name), READ_BOUNDS.state)) as QueueEntry);
    } catch {
      // removed meanwhile, or not ours
    }
  }
  return entries;
}

/**
 * The experiments that did not end (issue #50), as `dvc exp show` lists failed ones: each entry of
 * `failed/` with its reason, and each queued entry whose runner was killed mid-run (its claim left
 * by a process that is gone) — still queued, the next `exp queue start` runs it again.
 */
export async function failedEntries(root: string): Promise<(QueueEntry & { reason: string })[]> {
  const out: (QueueEntry & { reason: string })[] = [];
  const failedFolder = path.join(experimentsFolder(root), 'failed');
  for (const name of (await fs.readdir(failedFolder).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort().slice(0, 1000)) {
    try {
      const entry = JSON.parse(await readTextBounded(path.join(failedFolder, name), READ_BOUNDS.state)) as QueueEntry & { reason?: unknown };
      out.push({ ...entry, reason: typeof entry.reason === 'string' ? entry.reason : '' });
    } catch {
      // removed meanwhile, or not ours
    }
  }
  for (const entry of await queuedEntries(root)) {
    if ((await lockState(path.join(runningFolder(root), `${entry.id}.lock`))) === 'abandoned') out.push({ ...entry, reason: t('interrupted: its run ended without finishing (killed?); exp queue start runs it again') });
  }
  return out;
}

/** Claims an entry for this process, or undefined when a live runner holds it. */
export async function claim(root: string, entry: Pick<QueueEntry, 'id'>): Promise<RunLock | undefined> {
  await mkdirState(runningFolder(root));
  try {
    return await RunLock.acquire(path.join(runningFolder(root), `${entry.id}.lock`), 0);
  } catch (error) {
    if (error instanceof RunRefusedError) return undefined;
    throw error;
  }
}

/** Takes an entry out of the queue (its experiment is committed, or it was removed). */
export async function dequeue(root: string, id: string): Promise<void> {
  await fs.rm(path.join(queueFolder(root), `${id}.json`), { force: true });
}
