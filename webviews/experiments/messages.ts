/**
 * The Experiments panel's messages (host ↔ page), as valibot schemas: the table (the rows of
 * `archipel exp show --format json`), the live rows of the queue, metric histories for the plots,
 * an action's result. `Exact` proves the row schema accepts exactly the protocol's row type.
 * DOM-free: the host imports it too.
 */
import * as v from 'valibot';
import type { ExperimentRowWire, MetricHistory } from '../../server/src/protocol/experiments';
import { commonToHost } from '../shared/messages';

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T | undefined => undefined;

/** Bounds on what a page takes: 20,000 rows (1,000 experiments and 10,000 MLflow runs fit), 500 keys a file. */
export const MAX_ROWS = 20_000;
const text = v.pipe(v.string(), v.maxLength(10_000));
const name = v.pipe(v.string(), v.maxLength(1_000));
type Scalar = string | number | boolean | null;
const isScalar = (x: unknown): x is Scalar => x === null || typeof x === 'string' || (typeof x === 'number' && !Number.isNaN(x)) || typeof x === 'boolean';
const scalar = v.custom<Scalar>(isScalar, 'expected a string, number, boolean or null');
const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
/**
 * A row's params or metrics, file → key → scalar, names of at most 1,000 characters, checked by one
 * type test a row and a field, not as records of schemas: a record runs a schema per key and value,
 * and a union of four builds an issue for every option it tries (a number fails string first), 30
 * times a row on 11,000 rows: the first paint of the table waited on it.
 */
const values = v.custom<Record<string, Record<string, Scalar>>>((x) => {
  if (!isPlain(x)) return false;
  for (const file in x) {
    const keys = x[file];
    if (file.length > 1_000 || !isPlain(keys)) return false;
    for (const key in keys) if (key.length > 1_000 || !isScalar(keys[key])) return false;
  }
  return true;
}, 'expected file → key → a string, number, boolean or null (names of at most 1,000 characters)');

export const RowSchema = v.object({
  kind: v.picklist(['workspace', 'baseline', 'experiment', 'mlflow', 'running', 'queued']),
  id: name,
  name,
  baseline: v.optional(name),
  timestamp: v.optional(name),
  duration: v.optional(v.number()),
  status: v.optional(name),
  params: values,
  metrics: values,
  note: v.optional(text),
  experiment: v.optional(name),
});
same<Exact<v.InferOutput<typeof RowSchema>, ExperimentRowWire>>();
export type Row = v.InferOutput<typeof RowSchema>;

const num = v.union([v.number(), v.null()]);
export const HistorySchema = v.object({ row: name, metric: name, steps: v.pipe(v.array(v.number()), v.maxLength(10_000)), values: v.pipe(v.array(num), v.maxLength(10_000)) });
same<Exact<v.InferOutput<typeof HistorySchema>, MetricHistory>>();
export type History = v.InferOutput<typeof HistorySchema>;
const histories = v.pipe(v.array(HistorySchema), v.maxLength(5_000));

const DiffSchema = v.object({ group: v.picklist(['params', 'metrics']), file: name, key: name, a: v.optional(scalar), b: v.optional(scalar), change: v.optional(v.number()) });

/** Host → page. */
export const ExperimentsToPage = v.variant('type', [
  v.object({
    type: v.literal('table'),
    root: text,
    rows: v.pipe(v.array(RowSchema), v.maxLength(MAX_ROWS)),
    mlflowStore: v.optional(text),
    error: v.optional(text),
    /** What the folder lacks for experiments (#52): the page says it and offers Initialise Git here. */
    git: v.optional(v.object({ missing: v.picklist(['git', 'repository', 'commit']), message: text })),
  }),
  v.object({ type: v.literal('live'), rows: v.pipe(v.array(RowSchema), v.maxLength(1_000)), histories }),
  v.object({ type: v.literal('histories'), histories }),
  /** Select these rows (by id or name) and plot them: the host's "compare" from a command or a test. */
  v.object({ type: v.literal('select'), rows: v.pipe(v.array(name), v.maxLength(200)) }),
  v.object({ type: v.literal('result'), message: text, failed: v.optional(v.boolean()), diff: v.optional(v.pipe(v.array(DiffSchema), v.maxLength(10_000))) }),
]);
export type ExperimentsToPage = v.InferOutput<typeof ExperimentsToPage>;

const names = v.pipe(v.array(name), v.minLength(1), v.maxLength(1_000));

/** Page → host: the common messages; histories of rows; an action; open a params key. */
export const ExperimentsToHost = v.variant('type', [
  ...commonToHost,
  v.object({ type: v.literal('history'), rows: v.pipe(v.array(name), v.maxLength(200)) }),
  v.object({ type: v.literal('run'), queue: v.boolean(), overrides: v.pipe(v.array(v.pipe(v.string(), v.maxLength(1_000))), v.maxLength(50)), name: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9][\w.-]{0,99}$/))), targets: v.optional(v.pipe(v.array(name), v.maxLength(50))) }),
  v.object({ type: v.literal('start'), jobs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8)) }),
  v.object({ type: v.literal('apply'), name }),
  v.object({ type: v.literal('remove'), names }),
  v.object({ type: v.literal('branch'), name, branch: v.pipe(v.string(), v.maxLength(200)) }),
  v.object({ type: v.literal('diff'), names: v.tuple([name, name]) }),
  v.object({ type: v.literal('locate'), file: name, key: name }),
  /** Initialise Git here (#52). */
  v.object({ type: v.literal('init') }),
]);
export type ExperimentsToHost = v.InferOutput<typeof ExperimentsToHost>;

/** What VS Code keeps for the panel: its folder and the view (columns, sort, filter, pins, selection). */
export const ExperimentsState = v.object({
  folder: v.pipe(v.string(), v.maxLength(4_096)),
  /** VS Code's display language (`vscode.env.language`): the page's words follow it. */
  lang: v.optional(v.pipe(v.string(), v.maxLength(20))),
  allParams: v.optional(v.boolean()),
  aggregate: v.optional(v.picklist(['last', 'min', 'max'])),
  sortBy: v.optional(name),
  sortDesc: v.optional(v.boolean()),
  filter: v.optional(v.pipe(v.string(), v.maxLength(1_000))),
  pinned: v.optional(v.pipe(v.array(name), v.maxLength(1_000))),
  selected: v.optional(v.pipe(v.array(name), v.maxLength(1_000))),
});
export type ExperimentsState = v.InferOutput<typeof ExperimentsState>;
