/**
 * The tabular model loader (issue #17): an ONNX classifier or regressor opened on engines/onnx, its
 * model card (ONNX metadata or the sidecar `<model>.model.yaml`), its sha256, and `run`, which
 * answers probabilities (or values) as a tensor whatever the exporter wrote: skl2onnx's default
 * ZipMap output (a sequence of maps, which onnxruntime-node cannot return) is removed from the
 * graph in memory, and only the tensor that fed it is fetched.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { ModelError, modelLabel, openSession, ort, readModelFile } from '../onnx/runtime';
import { DOUBLE, FLOAT, readGraph, withoutZipMap, type GraphInfo, type GraphValue } from '../onnx/graph';
import { readOnnxHeader } from '../onnx/meta';
import { modelCard, ModelCardError } from '../../predict/modelCard';
import { checkThreshold, ThresholdError } from '../../predict/decision';
import { YamlChunk } from '../../yaml/model';
import { t } from '../../l10n/t';
import type { ModelCard } from '../../protocol/predict';
import type { LoadOptions, TabularModel } from '../../predict/tabular';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

/** Operators that make a graph a classifier (skl2onnx's and onnxmltools' converters). */
const CLASSIFIER_OPS = new Set(['TreeEnsembleClassifier', 'LinearClassifier', 'SVMClassifier', 'ZipMap']);
/** Cards larger than this are not model cards: nothing unbounded reaches the YAML parser. */
const MAX_SIDECAR_BYTES = 1 << 20;

/** `<dir>/<name>.model.yaml` beside `<dir>/<name>.onnx`. */
export function sidecarPathOf(model: string): string {
  const parsed = path.parse(model);
  return path.join(parsed.dir, `${parsed.name}.model.yaml`);
}

/** The sidecar card's mapping, undefined when there is none; a ModelError when it cannot be read as one. */
export async function readSidecar(model: string): Promise<Record<string, unknown> | undefined> {
  const file = sidecarPathOf(model);
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_SIDECAR_BYTES) throw new ModelError(t('{0}: a model card is at most 1 MiB, this one is {1} bytes', path.basename(file), stat.size));
    text = await readTextBounded(file, READ_BOUNDS.config);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error instanceof ModelError ? error : new ModelError(t('{0}: cannot read it: {1}', path.basename(file), (error as Error).message));
  }
  const chunk = new YamlChunk(text, false);
  const value = chunk.value;
  if (!chunk.wellFormed || !value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ModelError(t('{0}: not a YAML mapping (expected keys features, labels, threshold, recipe, version, description)', path.basename(file)));
  }
  return value as Record<string, unknown>;
}

/** Whether the graph classifies: a classifier operator, or a non-float output (the label). */
function isClassifier(graph: GraphInfo): boolean {
  if (graph.nodes.some((n) => CLASSIFIER_OPS.has(n.opType))) return true;
  return graph.outputs.some((o) => o.kind !== 'tensor' || (o.elemType !== FLOAT && o.elemType !== DOUBLE));
}

/** The output to fetch: the probabilities (the ZipMap's input when there is one) or the regressor's value. */
function resultOutput(graph: GraphInfo, label: string): string {
  const zipMap = graph.nodes.find((n) => n.opType === 'ZipMap');
  if (zipMap?.inputs[0]) return zipMap.inputs[0];
  const floats = graph.outputs.filter((o) => o.kind === 'tensor' && (o.elemType === FLOAT || o.elemType === DOUBLE));
  if (floats.length === 0) throw new ModelError(t('{0}: no float tensor output (found {1}): expected probabilities or a value', label, describe(graph.outputs)));
  // A classifier with several float outputs: the one with a class dimension.
  return (floats.find((o) => (o.shape?.length ?? 0) === 2) ?? floats[floats.length - 1]).name;
}

function describe(values: GraphValue[]): string {
  return values.map((v) => `${v.name} (${v.kind})`).join(', ') || 'none';
}

function sha256Of(bytes: Uint8Array): Promise<string> {
  return Promise.resolve(createHash('sha256').update(bytes).digest('hex'));
}

/** Rows whose answers tell probabilities from raw scores: a probability model keeps them within [0, 1] whatever the input. */
const PROBES = [0, 1, -1, 10, -10];

/**
 * A probe row whose answer is not a probability distribution (a value outside [0, 1], or a row of
 * several classes not summing to 1 within 1e-5), with that answer; undefined when every probe is one.
 */
async function notProbabilities(infer: (features: Float32Array, rows: number) => Promise<Ort.Tensor>, width: number, outputs: number): Promise<{ row: string; values: string } | undefined> {
  const rows = [...PROBES.map((v) => new Array<number>(width).fill(v)), Array.from({ length: width }, (_, i) => (i % 2 === 0 ? 3 : -3))];
  const answer = (await infer(Float32Array.from(rows.flat()), rows.length)).data as ArrayLike<number>;
  const show = (values: ArrayLike<number>) => Array.from(values, (v) => String(Number(Number(v).toPrecision(4)))).join(', ');
  for (let r = 0; r < rows.length; r++) {
    const values = Array.from({ length: outputs }, (_, k) => Number(answer[r * outputs + k]));
    const sum = values.reduce((a, b) => a + b, 0);
    if (values.some((v) => !(v >= 0 && v <= 1)) || (outputs > 1 && Math.abs(sum - 1) > 1e-5)) return { row: show(rows[r]), values: show(values) };
  }
  return undefined;
}

/**
 * Opens `file` as a tabular model. Throws a ModelError naming the file and what is wrong: not an
 * ONNX model, no usable input or output, a card missing (which metadata, and how to add it), a
 * card whose features or labels do not match the graph.
 */
export async function loadTabularModel(file: string, options: LoadOptions = {}): Promise<TabularModel> {
  const absolute = path.resolve(file);
  const label = modelLabel(absolute);
  const bytes = await readModelFile(absolute);
  let graph: GraphInfo;
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxHeader(bytes).metadata;
    graph = readGraph(bytes);
  } catch (error) {
    throw new ModelError(`${label}: ${(error as Error).message}`);
  }
  let card: ModelCard;
  try {
    card = modelCard(metadata, options.sidecar ?? (await readSidecar(absolute)));
    if (card.threshold !== undefined) checkThreshold(card.threshold);
  } catch (error) {
    if (error instanceof ModelCardError || error instanceof ThresholdError) throw new ModelError(`${label}: ${error.message}`);
    throw error;
  }
  const [input, ...others] = graph.inputs;
  if (!input || others.length > 0) throw new ModelError(t('{0}: expected one input of shape [rows, features], found {1}', label, describe(graph.inputs)));
  if (input.kind !== 'tensor' || (input.elemType !== FLOAT && input.elemType !== DOUBLE)) throw new ModelError(t('{0}: input {1} is not a float tensor', label, input.name));
  const shape = input.shape ?? [-1, card.features.length];
  if (shape.length !== 2 || (shape[1] > 0 && shape[1] !== card.features.length)) {
    throw new ModelError(t('{0}: the card names {1} features but input {2} has shape [{3}]', label, card.features.length, input.name, shape.join(', ')));
  }
  // No "labels" metadata: the class names the graph itself declares (ZipMap's keys first: they name the outputs).
  if (card.labels.length === 0) {
    const declared = graph.nodes.find((n) => n.opType === 'ZipMap' && n.classLabels?.length) ?? graph.nodes.find((n) => CLASSIFIER_OPS.has(n.opType) && n.classLabels?.length);
    if (declared?.classLabels) card.labels = [...declared.classLabels];
  }
  const kind = isClassifier(graph) || card.labels.length > 0 ? 'classifier' : 'regressor';
  const fetch = resultOutput(graph, label);
  const zipMap = graph.nodes.some((n) => n.opType === 'ZipMap');
  const { session } = await openSession(absolute, options.threads ?? 1, undefined, zipMap ? { id: 'without-zipmap', apply: withoutZipMap } : undefined);
  const width = card.features.length;
  const double = input.elemType === DOUBLE;
  const infer = async (features: Float32Array, rows: number): Promise<Ort.Tensor> => {
    const data = double ? Float64Array.from(features) : features;
    const tensor = new (ort().Tensor)(double ? 'float64' : 'float32', data, [rows, width]);
    // Every output is fetched and the one wanted picked by name: onnxruntime-node 1.23 keys the
    // answer to a `fetches` list by the graph's first output names, not by the names asked for.
    const result = await session.run({ [input.name]: tensor });
    return result[fetch];
  };
  // One row of zeros tells the number of classes (or targets) whatever the graph declares.
  const probe = await infer(new Float32Array(width), 1).catch((error: Error) => {
    void session.release();
    throw new ModelError(t('{0}: onnxruntime cannot run it: {1}', label, error.message.split('\n')[0]));
  });
  const outputs = probe.dims.length === 2 ? Number(probe.dims[1]) : 1;
  if (kind === 'classifier') {
    if (card.labels.length === 0) card.labels = Array.from({ length: outputs }, (_, k) => String(k));
    if (card.labels.length !== outputs) {
      void session.release();
      throw new ModelError(t('{0}: the card names {1} classes ({2}) but the model gives {3} probabilities', label, card.labels.length, card.labels.join(', '), outputs));
    }
    const wrong = await notProbabilities(infer, width, outputs);
    if (wrong) {
      void session.release();
      throw new ModelError(t('{0}: a classifier must return probabilities (each within [0, 1], each row summing to 1), but for the row [{1}] it returns [{2}]: scores, not probabilities. Export it with an output of class probabilities (as skl2onnx writes those of predict_proba).', label, wrong.row, wrong.values));
    }
  }
  return {
    file: absolute,
    sha256: await sha256Of(bytes),
    card,
    kind,
    outputs,
    input: { name: input.name, shape },
    loadedAt: new Date().toISOString(),
    async run(features: Float32Array, rows: number): Promise<Float32Array> {
      if (features.length !== rows * width) throw new Error(t('{0}: expected {1} × {2} features, got {3} numbers', label, rows, width, features.length));
      if (rows === 0) return new Float32Array(0);
      const data = (await infer(features, rows)).data;
      return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    },
    dispose: () => session.release(),
  };
}
