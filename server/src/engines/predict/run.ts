/**
 * One prediction run (issue #17): a CSV streamed into feature rows, inferred in batches, each class
 * decided from the probabilities with the threshold (never the runtime's label), the predictions
 * CSV written as it goes (temporary file, then put in place; an existing output refused unless
 * forced), then metrics, drift, the dashboard's series and the timings. Memory is bounded whatever
 * the file's length, but for drift, which keeps the feature columns it compares.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PredictResponse } from '../../protocol/predict';
import { checkThreshold, decideClass } from '../../predict/decision';
import { driftReport, type DriftOptions } from '../../predict/drift';
import { OHLCV22_FEATURES } from '../../predict/ohlcv22';
import { t } from '../../l10n/t';
import { readFeatureRows, type FeatureRow, type FeatureSource, type Recipe } from './features';
import { loadTabularModel } from './model';
import type { TabularModel } from './tabular';
import { Growable, Tally } from './tally';
import { CsvOutput, csvCell } from './writer';

export interface PredictJob {
  model: string;
  input: string;
  recipe?: Recipe;
  /** The output file (default: `<input>.predictions.csv`, in `outputFolder` when given). */
  out?: string;
  outputFolder?: string;
  threshold?: number;
  reference?: string;
  force?: boolean;
  drift?: DriftOptions;
  /** onnxruntime threads (default 1). */
  threads?: number;
}

export class PredictError extends Error {
  override readonly name = 'PredictError';
}

/** Rows per inference call: large enough to amortise a call, small enough to keep memory flat. */
const BATCH = 8192;

/** `<dir>/<name>.predictions.csv` for `<dir>/<name>.csv`. */
export function predictionsPath(input: string, folder?: string): string {
  const parsed = path.parse(input);
  return path.join(folder ?? parsed.dir, `${parsed.name}.predictions.csv`);
}

/**
 * Where each model feature is in the recipe's rows (by name, case-insensitively); throws naming
 * the features the recipe does not compute.
 */
function featureOrder(model: TabularModel, recipe: Recipe | undefined): { source: FeatureSource; order: number[] } {
  if (!recipe) return { source: { features: model.card.features, labels: model.card.labels }, order: model.card.features.map((_, k) => k) };
  const names = OHLCV22_FEATURES.map((n) => n.toLowerCase());
  const order = model.card.features.map((f) => names.indexOf(f.toLowerCase()));
  const missing = model.card.features.filter((_, k) => order[k] < 0);
  if (missing.length) throw new PredictError(t('the model expects {0}, which recipe {1} does not compute (it computes {2})', missing.join(', '), recipe, OHLCV22_FEATURES.join(', ')));
  return { source: { recipe, features: OHLCV22_FEATURES }, order };
}

/** The reference CSV's feature columns (model order), through the same recipe or columns. */
async function referenceColumns(file: string, source: FeatureSource, order: number[], signal?: AbortSignal): Promise<Float64Array[]> {
  const columns = order.map(() => new Growable((n) => new Float64Array(n)));
  await readFeatureRows(file, source, (row) => { for (let k = 0; k < order.length; k++) columns[k].push(row.features[order[k]]); }, { signal });
  if (columns[0].length === 0) throw new PredictError(t('the reference {0} has no row with defined features', path.basename(file)));
  return columns.map((c) => c.view());
}

export async function predictFile(job: PredictJob, signal?: AbortSignal): Promise<PredictResponse> {
  const input = path.resolve(job.input);
  const output = path.resolve(job.out ?? predictionsPath(input, job.outputFolder));
  if (output === input) throw new PredictError(t('the output {0} would replace the input', output));
  const model = await loadTabularModel(job.model, { threads: job.threads });
  try {
    return await predictWith(model, { ...job, input, out: output }, signal);
  } finally {
    await model.dispose();
  }
}

async function predictWith(model: TabularModel, job: PredictJob & { out: string }, signal?: AbortSignal): Promise<PredictResponse> {
  const recipe = job.recipe ?? model.card.recipe;
  const threshold = checkThreshold(job.threshold ?? model.card.threshold ?? 0.5);
  const { source, order } = featureOrder(model, recipe);
  const classifier = model.kind === 'classifier';
  const labels = classifier ? model.card.labels : [];
  const width = order.length;
  const reference = job.reference ? await referenceColumns(job.reference, source, order, signal) : undefined;
  const ms = { read: 0, features: 0, inference: 0, write: 0 };
  const started = performance.now();
  const timed = async <T>(key: keyof typeof ms, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try { return await work(); } finally { ms[key] += performance.now() - t0; }
  };
  const out = await CsvOutput.open(job.out, job.force ?? false);
  const tally = new Tally(labels, width, reference !== undefined, recipe === 'ohlcv-22');
  const batch = new Float32Array(BATCH * width);
  const rows: FeatureRow[] = [];
  let predicted = 0;
  let keys = { date: false, ticker: false, target: false };
  const run = async () => {
    if (rows.length === 0) return;
    const p = await timed('inference', () => model.run(batch.subarray(0, rows.length * width), rows.length));
    const t0 = performance.now();
    let text = '';
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const probabilities = p.subarray(i * model.outputs, (i + 1) * model.outputs);
      const decision = classifier ? decideClass(probabilities, threshold) : -1;
      const label = classifier ? labels[decision] : String(probabilities[0]);
      const target = classifier && row.target < labels.length ? row.target : NaN;
      tally.add(row, probabilities, decision, target, label);
      if (keys.date) text += csvCell(row.date) + ',';
      if (keys.ticker) text += csvCell(row.ticker) + ',';
      text += csvCell(label);
      if (classifier) for (let k = 0; k < probabilities.length; k++) text += ',' + probabilities[k];
      if (keys.target) text += ',' + (classifier ? (Number.isNaN(target) ? '' : csvCell(labels[target])) : csvCell(row.targetText));
      text += '\n';
    }
    predicted += rows.length;
    rows.length = 0;
    await out.write(text);
    ms.write += performance.now() - t0;
  };
  let summary;
  try {
    summary = await readFeatureRows(job.input, source, async (row) => {
      const t0 = performance.now();
      const base = rows.length * width;
      for (let k = 0; k < width; k++) batch[base + k] = row.features[order[k]];
      rows.push(row);
      ms.features += performance.now() - t0;
      if (rows.length === BATCH) {
        if (signal?.aborted) throw new PredictError(t('cancelled'));
        await run();
      }
    }, {
      signal,
      timing: ms,
      onKeys: async (found) => {
        keys = found;
        const header = [...(keys.date ? ['Date'] : []), ...(keys.ticker ? ['Ticker'] : []), 'prediction', ...labels.map((l) => `p_${l}`), ...(keys.target ? ['y_true'] : [])];
        await out.write(header.map(csvCell).join(',') + '\n');
      },
    });
    await run();
    await timed('write', () => out.commit());
  } catch (error) {
    await out.abort();
    throw error;
  }
  ms.read = Math.max(0, performance.now() - started - ms.features - ms.inference - ms.write);
  const metrics = tally.metrics();
  const drift = reference && tally.columns && predicted > 0
    ? driftReport(order.map((_, k) => model.card.features[k]), reference, tally.columns.map((c) => c.view()), job.drift)
    : undefined;
  return {
    model: model.file,
    input: job.input,
    output: job.out,
    rows: { read: summary.csv.read, predicted, skipped: summary.skippedCount },
    skipped: summary.skipped,
    classes: tally.classes,
    ...(metrics ? { metrics } : {}),
    ...(drift ? { drift } : {}),
    ms: { read: Math.round(ms.read), features: Math.round(ms.features), inference: Math.round(ms.inference), write: Math.round(ms.write) },
    series: tally.seriesOut(),
    ...(classifier ? { probabilityHistogram: tally.probabilityHistogram() } : {}),
  };
}
