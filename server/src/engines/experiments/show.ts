/** Everything `exp show` lists: the DVC rows of the repository and the MLflow runs of the tracking store, in one table. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mlflowRow, trackingStore, type MlflowRun, type TrackingStore } from '../../experiments/mlflow';
import type { ExperimentRow } from '../../experiments/table';
import { readFileStore, readSqliteStore } from './mlflowStore';
import { experimentRows, type ShowInput } from './store';

export interface ShowAllInput extends ShowInput {
  /** `MLFLOW_TRACKING_URI` or the setting; undefined: `mlruns/` or `mlflow.db` at the root if there. */
  trackingUri?: string;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}

/** The local MLflow store to read: the URI's, else MLflow's defaults at the root (`mlruns/`, MLflow 3's `mlflow.db`). */
export async function findTrackingStore(root: string, uri: string | undefined): Promise<TrackingStore | undefined> {
  if (uri !== undefined && uri.trim() !== '') {
    const store = trackingStore(uri);
    return store && { ...store, path: path.resolve(root, store.path) };
  }
  if (await exists(path.join(root, 'mlruns'))) return { kind: 'file', path: path.join(root, 'mlruns') };
  if (await exists(path.join(root, 'mlflow.db'))) return { kind: 'sqlite', path: path.join(root, 'mlflow.db') };
  return undefined;
}

export async function readMlflowRuns(store: TrackingStore): Promise<MlflowRun[]> {
  return store.kind === 'file' ? readFileStore(store.path) : readSqliteStore(store.path);
}

export async function showAll(root: string, input: ShowAllInput = {}): Promise<ExperimentRow[]> {
  const store = await findTrackingStore(root, input.trackingUri);
  const [rows, runs] = await Promise.all([experimentRows(root, input), store ? readMlflowRuns(store) : Promise.resolve([])]);
  return [...rows, ...runs.map(mlflowRow)];
}
