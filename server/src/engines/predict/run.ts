/**
 * One prediction run (issue #17): a CSV streamed into feature rows, inferred in batches, each class
 * decided from the probabilities with the threshold (never the runtime's label), the predictions
 * CSV written as it goes (temporary file, then put in place; an existing output refused unless
 * forced), then metrics, drift, the dashboard's series and the timings. Memory is bounded whatever
 * the file's length (docs/predictions-at-scale.md): rows stream through in batches; metrics keep
 * counts, an exact sum and the exact ROC AUC's scores (8 MB in memory at most, sorted runs in a
 * temporary file beside the output past that: tally.ts); drift compares fixed-size samples; the
 * series is thinned to a screen's points.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PredictResponse } from '../../protocol/predict';
import type { ResolvedPrediction } from '../../predict/config';
import { checkThreshold } from '../../predict/decision';
import { driftReport, Reservoir } from '../../predict/drift';
import { OHLCV22_FEATURES } from '../../predict/ohlcv22';
import { t } from '../../l10n/t';
import { readFeatureBlock, readFeatureRows, withTickerEnds, type FeatureSource, type Recipe } from './features';
import { predictLaneScript, tabularModels, type TabularDescription, type TabularResult } from './lanes';
import { ThreadLane, WorkerLane } from '../onnx/lanes';
import { ort } from '../onnx/runtime';
import { DRIFT_SAMPLE, Tally } from './tally';
import { CsvOutput } from './writer';
import { Batch, BATCH, BatchLines } from './batchLines';

/** A run: what a request resolves to (predict/config.ts), and the CLI's and the bench's knobs. */
export interface PredictJob extends ResolvedPrediction {
  /** onnxruntime intra-op threads (default 1: this thread keeps the other core reading and writing). */
  threads?: number;
  /** This pod's slice of the input (ARCHIPEL_SHARD, `archipel export argo --shard`); the reference is read whole. */
  shard?: { index: number; count: number };
}

export class PredictError extends Error {
  override readonly name = 'PredictError';
}

/** Batches in the lane at once (one running, one queued): the model never waits for this thread's writing. */
const IN_LANE = 2;

/** `<dir>/<name>.predictions.csv` for `<dir>/<name>.csv`. */
export function predictionsPath(input: string, folder?: string): string {
  const parsed = path.parse(input);
  return path.join(folder ?? parsed.dir, `${parsed.name}.predictions.csv`);
}

/**
 * Where each model feature is in the recipe's rows (by name, case-insensitively); throws naming
 * the features the recipe does not compute.
 */
function featureOrder(model: TabularDescription, recipe: Recipe | undefined): { source: FeatureSource; order: number[] } {
  if (!recipe) return { source: { features: model.card.features, labels: model.card.labels }, order: model.card.features.map((_, k) => k) };
  const names = OHLCV22_FEATURES.map((n) => n.toLowerCase());
  const order = model.card.features.map((f) => names.indexOf(f.toLowerCase()));
  const missing = model.card.features.filter((_, k) => order[k] < 0);
  if (missing.length) throw new PredictError(t('the model expects {0}, which recipe {1} does not compute (it computes {2})', missing.join(', '), recipe, OHLCV22_FEATURES.join(', ')));
  return { source: { recipe, features: OHLCV22_FEATURES }, order };
}

/** A uniform sample of the reference CSV's feature rows (model order), through the same recipe or columns. */
async function referenceColumns(file: string, source: FeatureSource, order: number[], signal?: AbortSignal): Promise<Float64Array[]> {
  const sample = new Reservoir(order.length, DRIFT_SAMPLE);
  // Drift compares features only: rows need not wait for their target.
  await readFeatureRows(file, source, (row) => sample.offer(row.features, order), { signal, targets: false });
  if (sample.offered === 0) throw new PredictError(t('the reference {0} has no row with defined features', path.basename(file)));
  return sample.columns();
}

/** How far a run has read its input: bytes of the file, data rows (a progress line). */
export type ReadProgress = (bytes: number, rows: number) => void;

export async function predictFile(job: PredictJob, signal?: AbortSignal, onRead?: ReadProgress): Promise<PredictResponse> {
  const input = path.resolve(job.input);
  const output = path.resolve(job.out ?? predictionsPath(input, job.outputFolder));
  if (output === input) throw new PredictError(t('the output {0} would replace the input', output));
  // onnxruntime-node's run holds the thread that calls it: the model runs in a lane thread of its
  // own while this one reads and writes the CSV (on this thread when the lane script is missing).
  // One intra-op thread: this thread reads, computes features and writes on the other core, and a
  // second onnxruntime thread only contends with it (measured: the forest alone ran 1.5–2× slower
  // with two threads than with one on the two shared cores).
  const threads = job.threads ?? 1;
  const script = predictLaneScript();
  // This thread holds the addon too: Node unloads it when the last thread holding it exits (see ort()).
  if (script) ort();
  const lane = script ? new WorkerLane(tabularModels, threads, script) : new ThreadLane(tabularModels, threads);
  try {
    const file = path.resolve(job.model);
    const model = await lane.describe({ file });
    return await predictWith(model, (features, rows) => lane.infer({ file, features, rows }), { ...job, input, out: output }, signal, onRead);
  } finally {
    await lane.close();
  }
}

type Infer = (features: Float32Array, rows: number) => Promise<TabularResult>;

async function predictWith(model: TabularDescription, infer: Infer, job: PredictJob & { out: string }, signal?: AbortSignal, onRead?: ReadProgress): Promise<PredictResponse> {
  const recipe = job.recipe ?? model.card.recipe;
  const threshold = checkThreshold(job.threshold ?? model.card.threshold ?? 0.5);
  const { source, order } = featureOrder(model, recipe);
  const reference = job.reference ? await referenceColumns(job.reference, source, order, signal) : undefined;
  // A file grouped by ticker is read twice (withTickerEnds): each attempt starts afresh.
  return withTickerEnds(job.input, source, (ends) => predictRows(model, infer, job, { recipe, threshold, source, order, reference, ends, onRead }, signal), signal);
}

interface RunPlan {
  recipe: Recipe | undefined;
  threshold: number;
  source: FeatureSource;
  order: number[];
  reference: Float64Array[] | undefined;
  ends: ReadonlyMap<string, number> | undefined;
  onRead?: ReadProgress;
}

async function predictRows(model: TabularDescription, infer: Infer, job: PredictJob & { out: string }, plan: RunPlan, signal?: AbortSignal): Promise<PredictResponse> {
  const { recipe, threshold, source, order, reference } = plan;
  const classifier = model.kind === 'classifier';
  const labels = classifier ? model.card.labels : [];
  const width = order.length;
  const ms = { read: 0, features: 0, inference: 0, write: 0 };
  const started = performance.now();
  let waited = 0;
  const out = await CsvOutput.open(job.out, job.force ?? false);
  const tally = new Tally(labels, order, reference !== undefined, recipe === 'ohlcv-22', { output: job.out });
  const features = new Float32Array(BATCH * width);
  // The batch being filled, and those free for the next (IN_LANE may be in the lane meanwhile).
  const free = Array.from({ length: IN_LANE + 1 }, () => new Batch(source.features.length, tally.sample !== undefined));
  let filling = free.pop()!;
  let predicted = 0;
  const lines = new BatchLines(model, threshold, tally, source.features.length);
  /** One batch's lines, once its outputs are back. */
  const write = async (b: Batch, p: Float32Array) => {
    const t0 = performance.now();
    const bytes = lines.of(b, p);
    predicted += b.rows;
    await out.write(bytes);
    ms.write += performance.now() - t0;
  };
  // Batches sent to the lane and not yet written, in input order, at most IN_LANE: the lane has the
  // next batch queued while this thread reads and writes (it idled through each batch's writing
  // when a batch went only once the one before it was written). Lines still go out in input order.
  interface Sent { batch: Batch; result: Promise<TabularResult>; outputs?: Float32Array }
  const sent: Sent[] = [];
  /** Writes the batches at the head whose answers are in. */
  const writeAnswered = async () => {
    while (sent.length > 0 && sent[0].outputs) {
      const head = sent.shift()!;
      await write(head.batch, head.outputs!);
      free.push(head.batch);
    }
  };
  /** Waits for the head's answer (this thread has nothing else to do), then writes what is answered. */
  const awaitHead = async () => {
    const t0 = performance.now();
    await sent[0].result;
    waited += performance.now() - t0;
    await writeAnswered();
  };
  const submit = async () => {
    const b = filling;
    if (b.rows > 0) {
      const entry: Sent = { batch: b, result: infer(features.slice(0, b.rows * width), b.rows) };
      // Noted as soon as it comes; a failure is thrown where the answer is awaited.
      entry.result.then((r) => {
        ms.inference += r.ms;
        entry.outputs = r.outputs;
      }, () => undefined);
      sent.push(entry);
    }
    await writeAnswered();
    while (sent.length > IN_LANE) await awaitHead();
    if (b.rows > 0) {
      filling = free.pop()!;
      filling.rows = 0;
    }
  };
  let summary;
  try {
    // A promise only when a batch goes (back-pressure); copying a row into the batch is not timed
    // (two clock reads a row cost more than the copy): it counts as reading.
    summary = await readFeatureBlock(job.input, source, (block, slot) => {
      const b = filling;
      const i = b.rows;
      const at = slot * block.width;
      for (let k = 0, base = i * width; k < width; k++) features[base + k] = block.features[at + order[k]];
      b.date[i] = block.date[slot];
      b.ticker[i] = block.ticker[slot];
      b.close[i] = block.close[slot];
      b.target[i] = block.target[slot];
      b.targetText[i] = block.targetText[slot];
      if (b.raw) for (let k = 0, base = i * block.width; k < block.width; k++) b.raw[base + k] = block.features[at + k];
      if (++b.rows === BATCH) {
        if (signal?.aborted) throw new PredictError(t('cancelled'));
        return submit();
      }
    }, {
      signal,
      timing: ms,
      ...(job.shard ? { shard: job.shard } : {}),
      ...(plan.ends ? { ends: plan.ends } : {}),
      ...(plan.onRead ? { onRead: plan.onRead } : {}),
      onKeys: async (found) => {
        lines.keys = found;
        await out.write(lines.header());
      },
    });
    await submit();
    while (sent.length > 0) await awaitHead();
    const t0 = performance.now();
    await out.commit();
    ms.write += performance.now() - t0;
  } catch (error) {
    await Promise.allSettled(sent.map((entry) => entry.result));
    tally.dispose();
    await out.abort();
    throw error;
  }
  // Reading is what this thread did besides features and writing, less its waits for the model.
  ms.read = Math.max(0, performance.now() - started - ms.features - ms.write - waited);
  const metrics = tally.metrics();
  const drift = reference && tally.sample && predicted > 0
    ? driftReport(order.map((_, k) => model.card.features[k]), reference, tally.sample.columns(), job.drift)
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
