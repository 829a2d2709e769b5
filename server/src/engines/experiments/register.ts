/**
 * The experiments family's requests (the Experiments panel): the table, the histories of the rows a
 * user selects, the live rows of the queue, the actions (run or queue a variant, start the queue,
 * apply, branch, remove, diff) and where a params key is. Running executes the pipeline's commands:
 * a job on the job host, refused in an untrusted workspace; the others read Git and files only.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { LineIndex } from '../../common/lineIndex';
import { cacheDirectory } from '../../disk/cacheFolder';
import { assertWithin } from '../../disk/containment';
import { RequestFailure, type RequestContext } from '../../features/requests';
import { t } from '../../l10n/t';
import { SweepError } from '../../experiments/sweep';
import { diffRows, type ExperimentRow } from '../../experiments/table';
import {
  ExperimentsActionRequest,
  ExperimentsChangedNotification,
  ExperimentsHistoryRequest,
  ExperimentsLiveRequest,
  ExperimentsLocateRequest,
  ExperimentsTableRequest,
  type ExperimentRowWire,
  type ExperimentsActionParams,
  type ExperimentsActionResult,
  type ExperimentsParams,
} from '../../protocol/experiments';
import { InThreadWorker, type JobRunner, type JobSpec } from '../core/host';
import type { ComputeRegistry } from '../core/requests';
import { repositoryRoot } from '../pipeline/repository';
import { ExperimentExistsError } from './commit';
import { GitError } from './git';
import { liveRows, rowHistories } from './history';
import { applyExperiment, branchExperiment, ExperimentRequestError, removeExperiments } from './manage';
import { planSweep } from './plan';
import { enqueue } from './queue';
import { initRepository, isFallbackAuthor, missingGit, missingMessage } from './repository';
import { experimentsJob, queueItems, type ExpRunResult, type QueueItem } from './runner';
import { findTrackingStores, showAll } from './show';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

/** The engine's row is the wire's row (checked here, where both are known). */
const wire = (rows: ExperimentRow[]): ExperimentRowWire[] => rows;

interface StartParams {
  root: string;
  jobs: number;
  ids?: string[];
  workDoneToken?: string | number;
}

const startSpec: JobSpec<StartParams, QueueItem, ExpRunResult> = {
  family: 'experiments',
  title: () => t('Running experiments'),
  executes: () => t('runs the pipeline\'s commands (dvc.yaml) for each experiment'),
  plan: async (params) => ({ items: await queueItems(params.root, params.ids), results: [] }),
  options: (params) => ({ jobs: params.jobs }),
};

function summary(results: readonly ExpRunResult[]): ExperimentsActionResult {
  const done = results.filter((r) => r.outcome === 'committed' || r.outcome === 'existed').map((r) => r.name);
  const failed = results.filter((r) => r.outcome === 'failed');
  const parts = [];
  if (done.length) parts.push(t('{0} experiment(s) committed: {1}', done.length, done.join(', ')));
  for (const f of failed) parts.push(t('{0} failed: {1}', f.name, f.reason ?? ''));
  if (parts.length === 0) parts.push(t('no experiment was waiting in the queue'));
  // `failed` only when one did, as every other action answers (the panel and its tests read its absence as success).
  return failed.length > 0 ? { message: parts.join('; '), failed: true } : { message: parts.join('; ') };
}

/** Where `key` (dotted) is in a YAML or JSON params file: the key's range, else the file's start. */
export function keyRange(text: string, key: string): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const lines = new LineIndex(text);
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  let node: YamlNode | null = parseDocument(text, { keepSourceTokens: false, logLevel: 'error' }).contents;
  let found = zero;
  const parts = key.split('.');
  for (let i = 0; i < parts.length; i++) {
    const map = node;
    if (!isMap(map)) return found;
    // A key may itself hold dots (`train.lr` under a flat map): the longest match first.
    let matched = false;
    for (let j = parts.length; j > i && !matched; j--) {
      const name = parts.slice(i, j).join('.');
      const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === name);
      if (pair && isScalar(pair.key) && pair.key.range) {
        found = lines.range(pair.key.range[0], pair.key.range[1]);
        node = pair.value as YamlNode | null;
        i = j - 1;
        matched = true;
      }
    }
    if (!matched) return found;
  }
  return found;
}

/** Initialise Git here (#52): the repository and its first commit, saying who committed it. */
async function initialise(folder: string): Promise<ExperimentsActionResult> {
  try {
    const done = await initRepository(folder);
    if (!done.created) return { message: t('{0} has a commit already: nothing to initialise', done.root) };
    const who = isFallbackAuthor(done.author) ? t('{0} (Git knows no user.name and user.email: set them to commit as yourself)', done.author) : done.author;
    return { message: t('Git initialised in {0}: first commit {1} as {2}', done.root, done.commit.slice(0, 7), who) };
  } catch (error) {
    if (error instanceof GitError) return { message: error.message, failed: true };
    throw error;
  }
}

export function registerExperimentsRequests(registry: ComputeRegistry): void {
  // On this thread: each experiment's stages are child processes already.
  const runner: JobRunner = new InThreadWorker([experimentsJob({ onDone: (root) => registry.notify(ExperimentsChangedNotification, { root }) })]);

  /** The request's folder, a folder of the workspace on disk. */
  const folderOf = (params: ExperimentsParams): string => {
    if (!params.folder.startsWith('file:')) throw new RequestFailure(t('experiments are read from a folder on disk: {0}', params.folder));
    const folder = fileURLToPath(params.folder);
    try {
      assertWithin(folder, registry.workspaceFolders(), t('the experiments folder'));
    } catch (error) {
      throw new RequestFailure(error instanceof Error ? error.message : String(error));
    }
    return folder;
  };
  const rootOf = (params: ExperimentsParams): string => repositoryRoot(folderOf(params));
  const trackingUri = () => process.env.MLFLOW_TRACKING_URI;
  const table = async (root: string, dvc = true) => showAll(root, { cacheDir: cacheDirectory(process.env), trackingUri: trackingUri(), ...(dvc ? {} : { dvc: false as const }) });
  /** A known error of the request (a name that does not exist, a bad override) as its failure; anything else as it is. */
  const failure = (error: unknown): never => {
    if ([GitError, ExperimentRequestError, ExperimentExistsError, SweepError].some((kind) => error instanceof kind)) throw new RequestFailure((error as Error).message);
    throw error;
  };

  registry.onRequest(ExperimentsTableRequest, async (params) => {
    const root = rootOf(params);
    // Not Git's raw `fatal: not a git repository` (#52): what is missing, and the panel offers to make it.
    // The MLflow runs need no Git (#69): listed all the same.
    const missing = await missingGit(folderOf(params));
    const stores = await findTrackingStores(root, trackingUri());
    const mlflowStore = stores.length ? stores.map((s) => s.path).join(', ') : undefined;
    const rows = wire(await table(root, !missing).catch(failure));
    return { root, rows, mlflowStore, ...(missing ? { git: { missing, message: missingMessage(missing, 'panel') } } : {}) };
  });

  registry.onRequest(ExperimentsHistoryRequest, async (params) => {
    const root = rootOf(params);
    const ids = params.rows.slice(0, 200);
    const live = ids.some((id) => !/^[0-9a-f]{40,64}$/.test(id) && id !== 'workspace') ? await liveRows(root) : { rows: [], histories: [] };
    const rows = await table(root).catch(failure);
    const histories = await rowHistories(root, rows, ids, await findTrackingStores(root, trackingUri()));
    return { histories: [...histories, ...live.histories.filter((h) => ids.includes(h.row))] };
  });

  registry.onRequest(ExperimentsLiveRequest, async (params) => {
    const live = await liveRows(rootOf(params));
    return { rows: wire(live.rows), histories: live.histories };
  });

  registry.onRequest(ExperimentsLocateRequest, async (params) => {
    const root = rootOf(params);
    const file = path.resolve(root, params.file);
    try {
      assertWithin(file, [root], t('the params file'));
    } catch {
      return null;
    }
    const text = await readTextBounded(file, READ_BOUNDS.config).catch(() => undefined);
    if (text === undefined) return null;
    return { uri: pathToFileURL(file).href, range: keyRange(text, params.key) };
  });

  registry.onRequest(ExperimentsActionRequest, async (params: ExperimentsActionParams & { workDoneToken?: string | number }, context: RequestContext): Promise<ExperimentsActionResult> => {
    const root = rootOf(params);
    if (params.action === 'init') {
      const answer = await initialise(folderOf(params));
      registry.notify(ExperimentsChangedNotification, { root: rootOf(params) });
      return answer;
    }
    const missing = await missingGit(root);
    if (missing) return { message: missingMessage(missing, 'panel'), failed: true };
    try {
      switch (params.action) {
        case 'run':
        case 'queue': {
          const plan = await planSweep(root, params.overrides.slice(0, 50), params.name);
          const targets = params.targets?.length ? params.targets.slice(0, 50) : undefined;
          const entries = await enqueue(root, plan.sets.map((set, i) => ({ name: plan.names[i], baseline: plan.baseline, params: set, targets })));
          registry.notify(ExperimentsChangedNotification, { root, live: true });
          if (params.action === 'queue') return { message: t('queued {0} experiment(s): {1}', entries.length, plan.names.join(', ')) };
          const outcome = await registry.runJob(startSpec, { root, jobs: 1, ids: entries.map((e) => e.id), workDoneToken: params.workDoneToken }, runner, context);
          return summary(outcome.results);
        }
        case 'start': {
          const outcome = await registry.runJob(startSpec, { root, jobs: params.jobs ?? 1, workDoneToken: (params as { workDoneToken?: string | number }).workDoneToken }, runner, context);
          return summary(outcome.results);
        }
        case 'apply': {
          const plan = await applyExperiment(root, params.names[0]);
          if (plan.missing.length) return { message: t('{0} not applied: not in the cache: {1} (`dvc pull`, or run the experiment again)', plan.name, plan.missing.join(', ')), failed: true };
          return { message: plan.changes.length ? t('applied {0}: {1}', plan.name, plan.changes.map((c) => c.path).join(', ')) : t('{0}: nothing changes, the workspace already holds it', plan.name) };
        }
        case 'branch': {
          const commit = await branchExperiment(root, params.name, params.branch);
          return { message: t('branch \'{0}\' created at {1} (experiment {2})', params.branch, commit.slice(0, 7), params.name) };
        }
        case 'remove':
          return { message: t('removed: {0}', (await removeExperiments(root, params.names)).join(', ')) };
        case 'diff': {
          const rows = await table(root);
          const [a, b] = params.names.map((name) => rows.find((r) => r.id === name || r.name === name));
          if (!a || !b) throw new RequestFailure(t('no experiment named {0}', params.names.join(', ')));
          const diff = diffRows(a, b);
          return { message: t('{0} and {1}: {2} difference(s)', a.name, b.name, diff.length), diff };
        }
      }
    } catch (error) {
      return failure(error);
    } finally {
      if (params.action !== 'diff') registry.notify(ExperimentsChangedNotification, { root });
    }
  });
}
