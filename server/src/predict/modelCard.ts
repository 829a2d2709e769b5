/** Model card from ONNX metadata or a parsed `<model>.model.yaml` sidecar (issue #17). Pure. */
import type { ModelCard } from '../protocol/predict';

export class ModelCardError extends Error {}

const HOW = 'add ONNX metadata_props "feature_names" (a JSON array of strings) and "labels" (a JSON object from class '
  + 'index to name, e.g. {"0": "DOWN", "1": "UP"}), or a sidecar <model>.model.yaml with features and labels';

function labelsFromObject(o: unknown, where: string): string[] {
  if (o === undefined) return [];
  const entries = Array.isArray(o) ? o.map((v, i) => [String(i), v] as const) : typeof o === 'object' && o ? Object.entries(o) : undefined;
  if (!entries) throw new ModelCardError(`${where}: labels must be an object from class index to name`);
  const out: string[] = [];
  for (const [k, v] of entries) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof v !== 'string')
      throw new ModelCardError(`${where}: labels entry ${JSON.stringify(k)} must map an index 0..${entries.length - 1} to a name`);
    out[i] = v;
  }
  return out;
}

function stringArray(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string'))
    throw new ModelCardError(`${where}: feature_names must be a non-empty array of strings`);
  return v;
}

/** `metadata`: the ONNX model's metadata_props; `sidecar`: the parsed .model.yaml (wins over metadata). */
export function modelCard(metadata: Record<string, string>, sidecar?: Record<string, unknown>): ModelCard {
  if (sidecar) {
    const card: ModelCard = {
      features: stringArray(sidecar.features, 'model card'), labels: labelsFromObject(sidecar.labels, 'model card'), source: 'sidecar',
    };
    if (sidecar.threshold !== undefined) card.threshold = Number(sidecar.threshold);
    if (sidecar.recipe === 'ohlcv-22') card.recipe = 'ohlcv-22';
    if (typeof sidecar.version === 'string') card.version = sidecar.version;
    if (typeof sidecar.description === 'string') card.description = sidecar.description;
    return card;
  }
  if (metadata.feature_names === undefined) throw new ModelCardError(`the model has no "feature_names" metadata: ${HOW}`);
  const parse = (key: string): unknown => {
    try { return JSON.parse(metadata[key]); } catch { throw new ModelCardError(`metadata "${key}" is not valid JSON: ${HOW}`); }
  };
  return {
    features: stringArray(parse('feature_names'), 'metadata'),
    labels: metadata.labels === undefined ? [] : labelsFromObject(parse('labels'), 'metadata "labels"'),
    source: 'onnx-metadata',
  };
}
