/**
 * MLflow's tracking data as experiment rows, whichever store wrote it: the `mlruns/` file store
 * (a run's `meta.yaml`, `params/<key>`, `metrics/<key>` as `timestamp value step` lines,
 * `tags/<key>`) and the SQLite store (`runs`, `params`, `metrics`, `latest_metrics`, `tags`). A
 * metric's latest value is MLflow's: the point with the greatest (step, timestamp, value), NaN
 * lowest. A run's `mlflow.source.git.commit` tag names the commit it ran on.
 */
import { MLFLOW_SOURCE, type ExperimentRow, type Scalar } from './table';

export interface MetricPoint {
  timestamp: number;
  value: number;
  step: number;
}

/** What a metric's history comes down to in the table (the history itself is read on demand, for plots). */
export interface MetricSummary {
  latest: MetricPoint;
  /** From the whole history, when it was read (the file store; SQLite before `latest_metrics`). */
  min?: number;
  max?: number;
  count?: number;
}

export interface MlflowRun {
  runId: string;
  experimentId: string;
  experimentName?: string;
  runName?: string;
  /** MLflow's status name: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED. */
  status?: string;
  startTime?: number;
  endTime?: number;
  lifecycleStage?: string;
  params: Record<string, string>;
  metrics: Record<string, MetricSummary>;
  tags: Record<string, string>;
}

/** The file store's `status:` numbers (mlflow/protos/service.proto, RunStatus). */
const STATUS = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];

export function statusName(value: unknown): string | undefined {
  if (typeof value === 'number') return STATUS[value] ?? String(value);
  if (typeof value === 'string' && value !== '') return /^\d+$/.test(value) ? (STATUS[Number(value)] ?? value) : value;
  return undefined;
}

/** MLflow's order of "latest": step, then timestamp, then value (NaN below everything). */
export function laterThan(a: MetricPoint, b: MetricPoint): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  const va = Number.isNaN(a.value) ? -Infinity : a.value;
  const vb = Number.isNaN(b.value) ? -Infinity : b.value;
  return va > vb;
}

/** Folds one point into a summary (created on the first). */
export function addPoint(summary: MetricSummary | undefined, point: MetricPoint): MetricSummary {
  if (!summary) return { latest: point, min: point.value, max: point.value, count: 1 };
  if (laterThan(point, summary.latest)) summary.latest = point;
  if (summary.min === undefined || point.value < summary.min || Number.isNaN(summary.min)) summary.min = point.value;
  if (summary.max === undefined || point.value > summary.max || Number.isNaN(summary.max)) summary.max = point.value;
  summary.count = (summary.count ?? 0) + 1;
  return summary;
}

/** Python's float() spellings MLflow writes: `nan`, `inf`, `-inf` as well as numbers. */
function pythonFloat(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return Number(text);
}

/**
 * One line of a file-store metric: `timestamp value step` (step absent before MLflow 1.0: 0).
 * Undefined for a blank or malformed line.
 */
export function parseMetricLine(line: string): MetricPoint | undefined {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 3 || parts[0] === '') return undefined;
  const timestamp = Number(parts[0]);
  const value = pythonFloat(parts[1]);
  const step = parts.length === 3 ? Number(parts[2]) : 0;
  if (!Number.isFinite(timestamp) || !Number.isFinite(step) || (Number.isNaN(value) && parts[1].toLowerCase() !== 'nan')) return undefined;
  return { timestamp, value, step };
}

/** A run as a table row: params and latest metrics under `MLflow`, its commit from its tag. */
export function mlflowRow(run: MlflowRun): ExperimentRow {
  const params: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(run.params)) params[key] = value;
  const metrics: Record<string, Scalar> = {};
  for (const [key, summary] of Object.entries(run.metrics)) metrics[key] = Number.isFinite(summary.latest.value) ? summary.latest.value : String(summary.latest.value);
  const row: ExperimentRow = {
    kind: 'mlflow',
    id: run.runId,
    name: run.runName ?? run.tags['mlflow.runName'] ?? run.runId.slice(0, 8),
    params: Object.keys(params).length ? { [MLFLOW_SOURCE]: params } : {},
    metrics: Object.keys(metrics).length ? { [MLFLOW_SOURCE]: metrics } : {},
  };
  const commit = run.tags['mlflow.source.git.commit'];
  if (commit && /^[0-9a-f]{7,64}$/.test(commit)) row.baseline = commit;
  if (run.startTime !== undefined) row.timestamp = new Date(run.startTime).toISOString();
  if (run.startTime !== undefined && run.endTime !== undefined && run.endTime >= run.startTime) row.duration = run.endTime - run.startTime;
  if (run.status) row.status = run.status;
  if (run.experimentName) row.experiment = run.experimentName;
  return row;
}

/**
 * Where `MLFLOW_TRACKING_URI` (or the setting) points, when it is local: a file store folder
 * (`./mlruns`, `file:///…`) or a SQLite database (`sqlite:///relative.db`, `sqlite:////abs.db`).
 * Undefined for a server (`http…`, `databricks`) or another database: those are not read.
 */
export type TrackingStore = { kind: 'file'; path: string } | { kind: 'sqlite'; path: string };

export function trackingStore(uri: string): TrackingStore | undefined {
  const text = uri.trim();
  // `databricks` (and `databricks-uc`, `databricks://profile`) names a hosted server, not a folder.
  if (text === '' || /^databricks(-uc)?$/.test(text)) return undefined;
  if (text.startsWith('sqlite:')) {
    // SQLAlchemy: sqlite:///relative/path.db (three slashes), sqlite:////absolute/path.db (four).
    const match = /^sqlite:\/\/\/(.*)$/.exec(text);
    if (!match || match[1] === '' || match[1] === ':memory:') return undefined;
    return { kind: 'sqlite', path: decodeURIComponent(match[1].split('?')[0]) };
  }
  if (text.startsWith('file:')) {
    try {
      const url = new URL(text);
      return { kind: 'file', path: decodeURIComponent(url.pathname) };
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)) return undefined;
  return { kind: 'file', path: text };
}
