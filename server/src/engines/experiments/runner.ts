/**
 * `exp queue start`: each queued experiment in its own temporary workspace, N at once, on the job
 * layer (runItems), each run by the pipeline runner with its run safety (engines/pipeline/run.ts):
 *
 * 1. the baseline's tracked files are checked out into `.archipel/experiments/work/<id>/` through a
 *    temporary index (the workspace, its index and HEAD are never touched); what the pipeline reads
 *    or writes that Git does not track (DVC-tracked data, outputs) is copied in from the workspace
 *    (a reflink where the file system has them);
 * 2. the entry's params are set (sweep.ts: comments and order kept) and the pipeline runs there;
 * 3. its outputs go to the content-addressed cache runs keep (`.archipel/cache/<md5[0:2]>/<md5[2:]>`,
 *    a folder as its manifest), then the experiment is committed as DVC commits one (commit.ts:
 *    params files, `dvc.lock`, metrics Git tracks), and only then leaves the queue.
 *
 * An entry whose experiment already exists (a runner killed between the commit and the dequeue) is
 * just taken off the queue.
 */
import type { PipelineEvent } from '../../protocol/pipeline';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { expRefName } from '../../experiments/refs';
import { applyParams } from '../../experiments/sweep';
import { runItems, type JobFamily } from '../core/job';
import { OutputCache } from '../pipeline/backup';
import { writeDurably } from '../pipeline/durable';
import { dirMd5, fileMd5, listFiles } from '../pipeline/hash';
import { HashCache } from '../pipeline/hashCache';
import { loadPipeline } from '../pipeline/load';
import { readLock } from '../pipeline/lock';
import { runPipeline } from '../pipeline/run';
import { commitExperiment } from './commit';
import { git } from './git';
import { claim, dequeue, experimentsFolder, queuedEntries, type QueueEntry } from './queue';
import { mkdirState } from '../core/safeWrite';
import { pipelineFiles } from './store';
import { READ_BOUNDS, readFileBounded, readSideTextBounded, readTextBounded } from '../../disk/readText';

/** A step file larger than this is not committed with the experiment (DVCLive's are a few KB). */
const maxStepFileBytes = 5 * 1024 * 1024;

export interface ExpRunResult {
  name: string;
  outcome: 'committed' | 'existed' | 'failed' | 'claimed-elsewhere';
  commit?: string;
  reason?: string;
  error?: string;
}

export interface QueueOptions {
  jobs?: number;
  signal?: AbortSignal;
  /** A stage's output as it comes (the CLI prints it). */
  onOutput?: (experiment: string, stage: string, chunk: Buffer) => void;
  /** The pipeline's events as it runs (its plan, each stage's start and end): a progress line. */
  onEvent?: (experiment: string, event: PipelineEvent) => void;
  /** Author and committer of the experiment commits (tests); default: the repository's identity. */
  env?: NodeJS.ProcessEnv;
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(() => true, () => false);
}

/**
 * The outputs the experiment's lock records, into the repository's content-addressed cache: copies
 * kept as the pipeline keeps a `persist` out (engines/pipeline/backup.ts: md5-checked, renamed in),
 * where `exp apply` finds them.
 */
async function storeOutputs(work: string, root: string): Promise<void> {
  const cache = OutputCache.forRoot(root, new HashCache(), 'queue');
  const lock = await readLock(path.join(work, 'dvc.lock'));
  for (const stage of lock.stages.values()) {
    for (const out of stage.outs) {
      const target = path.join(work, out.path);
      if (out.md5.endsWith('.dir')) {
        const files = await listFiles(target);
        const entries = await Promise.all(files.map(async (f) => ({ relpath: f.relpath, md5: await fileMd5(f.file), file: f.file })));
        for (const e of entries) await cache.keepCopy(e.file, e.md5);
        await cache.keepManifest(dirMd5(entries), entries.map(({ relpath, md5 }) => ({ relpath, md5 })));
      } else if (await exists(target)) {
        await cache.keepCopy(target, out.md5);
      }
    }
  }
}

/** The baseline's tracked files into `work`, through a temporary index. */
async function checkout(root: string, baseline: string, work: string): Promise<void> {
  const index = `${work}.index`;
  const env = { GIT_INDEX_FILE: index };
  try {
    await git(root, ['read-tree', `${baseline}^{tree}`], { env });
    await git(root, [`--work-tree=${work}`, 'checkout-index', '-a', '-f'], { env });
  } finally {
    await fs.rm(index, { force: true });
  }
}

/** What the pipeline reads or writes that the checkout lacks, copied from the workspace. */
async function bringUntracked(root: string, work: string): Promise<void> {
  const pipeline = await loadPipeline(path.join(work, 'dvc.yaml'));
  const paths = new Set<string>();
  for (const stage of pipeline.stages) for (const p of [...stage.deps, ...stage.outs]) if (!p.url) paths.add(p.resolved);
  for (const p of paths) {
    const from = path.join(root, p);
    const to = path.join(work, p);
    if ((await exists(to)) || !(await exists(from))) continue;
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.cp(from, to, { recursive: true, mode: constants.COPYFILE_FICLONE });
  }
}

/** Runs one queued experiment (claimed by the caller) to its commit. */
export async function runExperiment(root: string, entry: QueueEntry, options: QueueOptions = {}): Promise<ExpRunResult> {
  const ref = expRefName({ baseline: entry.baseline, name: entry.name });
  const existing = (await git(root, ['rev-parse', '--verify', '-q', ref], { allow: [1] })).stdout.trim();
  if (existing) {
    await dequeue(root, entry.id);
    return { name: entry.name, outcome: 'existed', commit: existing };
  }
  const work = path.join(experimentsFolder(root), 'work', entry.id);
  const started = Date.now();
  await fs.rm(work, { recursive: true, force: true });
  // The temporary workspace (params, .archipel/, a git index) is never written through a committed link.
  await mkdirState(work);
  try {
    await checkout(root, entry.baseline, work);
    await bringUntracked(root, work);
    const files: Record<string, string | Buffer> = {};
    for (const [file, values] of Object.entries(entry.params)) {
      const target = path.join(work, file);
      files[file] = applyParams(await readSideTextBounded(target, READ_BOUNDS.config), file, values);
      await fs.writeFile(target, files[file]);
    }
    const pipeline = await loadPipeline(path.join(work, 'dvc.yaml'));
    const run = await runPipeline(pipeline, { jobs: 1, waitMs: 0, stages: entry.targets?.length ? entry.targets : undefined }, { signal: options.signal, onOutput: options.onOutput ? (stage, chunk) => options.onOutput?.(entry.name, stage, chunk) : () => undefined, ...(options.onEvent ? { onEvent: (event: PipelineEvent) => options.onEvent?.(entry.name, event) } : {}) });
    if (run.cancelled) return { name: entry.name, outcome: 'failed', reason: 'cancelled', error: 'cancelled' };
    if (run.failed.length) return await failedEntry(root, entry, run.stages.filter((s) => s.outcome === 'failed').map((s) => `${s.stage}: ${s.reason ?? 'failed'}`).join('; '));
    await storeOutputs(work, root);
    files['dvc.lock'] = await readTextBounded(path.join(work, 'dvc.lock'), READ_BOUNDS.config);
    // Metrics Git tracks: declared metrics that are not a cached output of a stage.
    const cached = new Set(pipeline.stages.flatMap((s) => s.outs.filter((o) => o.cache).map((o) => o.resolved)));
    for (const file of pipelineFiles(await readTextBounded(path.join(work, 'dvc.yaml'), READ_BOUNDS.config), false).metrics) {
      if (!cached.has(file) && (await exists(path.join(work, file)))) files[file] = await readTextBounded(path.join(work, file), READ_BOUNDS.config);
    }
    // Step files Git tracks (uncached `plots`, as DVCLive's are by default): the panel plots them from the commit.
    for (const out of pipeline.stages.flatMap((s) => s.outs.filter((o) => o.kind === 'plots' && !o.cache && !o.url))) {
      const relative = path.relative(work, path.resolve(work, out.resolved)).split(path.sep).join('/');
      if (relative === '' || relative.startsWith('../') || !(await exists(path.join(work, relative)))) continue;
      const target = path.join(work, relative);
      const found = (await fs.stat(target)).isFile() ? [{ relpath: '', file: target }] : (await listFiles(target)).slice(0, 200);
      for (const file of found) {
        const name = file.relpath ? path.posix.join(relative, file.relpath.split(path.sep).join('/')) : relative;
        if ((await fs.stat(file.file)).size <= maxStepFileBytes) files[name] = await readFileBounded(file.file, READ_BOUNDS.config);
      }
    }
    const { commit } = await commitExperiment(root, { baseline: entry.baseline, name: entry.name, files, env: options.env });
    // The lock stays beside the cache so that no garbage collection takes the experiment's outputs.
    const locks = path.join(experimentsFolder(root), 'locks');
    await mkdirState(locks);
    await fs.writeFile(path.join(locks, `${commit}.lock`), files['dvc.lock']);
    // How long the run took, from its start to its commit: the Duration of `exp show` and the panel.
    await fs.writeFile(path.join(locks, `${commit}.duration`), String(Date.now() - started));
    await dequeue(root, entry.id);
    return { name: entry.name, outcome: 'committed', commit };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // Whatever failed (a dvc.yaml that does not load, a params file, the commit), named in the
    // user's repository rather than the temporary copy, and the entry out of the queue.
    return await failedEntry(root, entry, (error instanceof Error ? error.message : String(error)).split(work).join(root));
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** A failed experiment leaves the queue for `failed/` (with why): it would fail again as it is, and is never run twice. */
async function failedEntry(root: string, entry: QueueEntry, reason: string): Promise<ExpRunResult> {
  await mkdirState(path.join(experimentsFolder(root), 'failed'));
  await writeDurably(path.join(experimentsFolder(root), 'failed', `${entry.id}.json`), JSON.stringify({ ...entry, reason }));
  await dequeue(root, entry.id);
  return { name: entry.name, outcome: 'failed', reason, error: reason };
}

/** Claims a queued entry and runs it; left to the runner that holds it otherwise. */
export async function runClaimed(root: string, entry: QueueEntry, options: QueueOptions = {}): Promise<ExpRunResult> {
  const held = await claim(root, entry);
  if (!held) return { name: entry.name, outcome: 'claimed-elsewhere' };
  try {
    // Claimed: still queued? (another runner may have finished it just before.)
    if (!(await queuedEntries(root)).some((e) => e.id === entry.id)) return { name: entry.name, outcome: 'claimed-elsewhere' };
    return await runExperiment(root, entry, options);
  } finally {
    await held.release();
  }
}

/** A queued experiment of a repository: an item of the experiments' job. */
export interface QueueItem {
  root: string;
  entry: QueueEntry;
}

/**
 * The queue as a job family of the job layer (the CLI's `exp run` and `exp queue start`, the panel's
 * Run and Start queue): each experiment claimed and run to its commit, `jobs` at once (at most 8).
 * A failed experiment is a result (its outcome and reason say why), not an error of the job.
 * `onDone`: after each experiment, whatever its outcome (the server tells the panel).
 */
export function experimentsJob(options: Omit<QueueOptions, 'jobs' | 'signal'> & { onDone?: (root: string) => void } = {}): JobFamily<QueueItem, ExpRunResult, { jobs: number }> {
  return {
    name: 'experiments',
    label: (item) => item.entry.name,
    failed: (item, message) => ({ name: item.entry.name, outcome: 'failed', reason: message, error: undefined }),
    concurrency: (_items, { jobs }) => Math.max(1, Math.min(8, jobs)),
    run: async (item, context) => {
      try {
        return { ...(await runClaimed(item.root, item.entry, { ...options, signal: context.signal })), error: undefined };
      } finally {
        options.onDone?.(item.root);
      }
    },
  };
}

/** The queued experiments of `root` (those of `ids`, or all) as the job's items. */
export async function queueItems(root: string, ids?: readonly string[]): Promise<QueueItem[]> {
  return (await queuedEntries(root)).filter((e) => !ids || ids.includes(e.id)).map((entry) => ({ root, entry }));
}

/** Runs the queue (or the entries of `ids`), `jobs` experiments at once, on the job layer; entries another live runner holds are left to it. */
export async function startQueue(root: string, options: QueueOptions & { ids?: readonly string[] } = {}): Promise<ExpRunResult[]> {
  const run = await runItems(experimentsJob(options), await queueItems(root, options.ids), { jobs: options.jobs ?? 1 }, { signal: options.signal });
  return run.results;
}
