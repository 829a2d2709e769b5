/**
 * The prediction service's input checks (issue #21), pure: one row of features as an array in the
 * model card's order or an object by name, turned into float32 values, or a message that says what
 * is wrong and what is expected. The HTTP layer's JSON schema checks the envelope (`features`,
 * `instances`); the values are checked here, where the card's names are known.
 */

/** A request the service refuses: `status` (400 …) and the API's `error` text (English: a contract). */
export class RequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The largest magnitude a float32 holds: a bigger number would reach the model as Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** A JSON value as a short quote for a message (bounded: a message never echoes a whole body). */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** One value, or the reason it is not a usable feature value; `name` says which feature. */
function checkValue(value: unknown, name: string): string | undefined {
  if (typeof value !== 'number') {
    return `${name} is ${kindOf(value)} (${quote(value)}); expected a finite number`;
  }
  // JSON cannot carry NaN or Infinity, but 1e999 parses to Infinity.
  if (!Number.isFinite(value)) return `${name} is not a finite number; expected a finite number`;
  if (Math.abs(value) > FLOAT32_MAX) return `${name} is ${value}, outside the float32 range the model takes (|x| <= ${FLOAT32_MAX})`;
  return undefined;
}

/**
 * Writes one row's values into `out` at `offset` (features.length values). `where` prefixes the
 * messages (`features`, `instances[3]`). Throws a RequestError(400) on the first problem.
 */
export function readRow(value: unknown, features: readonly string[], out: Float32Array, offset: number, where: string): void {
  const n = features.length;
  if (Array.isArray(value)) {
    if (value.length !== n) {
      throw new RequestError(400, `${where} has ${value.length} value(s); expected ${n} numbers in the model's feature order (${features.join(', ')})`);
    }
    for (let k = 0; k < n; k++) {
      const problem = checkValue(value[k], `${where}[${k}] (${features[k]})`);
      if (problem) throw new RequestError(400, problem);
      out[offset + k] = value[k] as number;
    }
    return;
  }
  if (typeof value !== 'object' || value === null) {
    throw new RequestError(400, `${where} is ${kindOf(value)}; expected an array of ${n} numbers or an object from feature name to number`);
  }
  const record = value as Record<string, unknown>;
  const missing = features.filter((f) => !Object.prototype.hasOwnProperty.call(record, f));
  if (missing.length > 0) {
    throw new RequestError(400, `${where} lacks ${missing.length} feature(s): ${missing.join(', ')}; expected every feature of the model: ${features.join(', ')}`);
  }
  const known = new Set(features);
  const unknown = Object.keys(record).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new RequestError(400, `${where} has unknown feature name(s): ${unknown.slice(0, 10).map((u) => quote(u)).join(', ')}; expected only: ${features.join(', ')}`);
  }
  for (let k = 0; k < n; k++) {
    const problem = checkValue(record[features[k]], `${where}.${features[k]}`);
    if (problem) throw new RequestError(400, problem);
    out[offset + k] = record[features[k]] as number;
  }
}

/** `{"features": …}` → one row. */
export function readFeatures(body: { features?: unknown }, features: readonly string[]): Float32Array {
  const row = new Float32Array(features.length);
  readRow(body.features, features, row, 0, 'features');
  return row;
}

/** `{"instances": [...]}` → rows × features, row-major; `where` names row i in messages. */
export function readInstances(body: { instances?: unknown }, features: readonly string[], maxRows: number, where = (i: number) => `instances[${i}]`): { values: Float32Array; rows: number } {
  const instances = body.instances;
  if (!Array.isArray(instances)) throw new RequestError(400, `instances is ${kindOf(instances)}; expected an array of rows`);
  if (instances.length === 0) throw new RequestError(400, 'instances is empty; expected at least one row');
  if (instances.length > maxRows) throw new RequestError(413, `instances has ${instances.length} rows; at most ${maxRows} rows per request`);
  const n = features.length;
  const values = new Float32Array(instances.length * n);
  for (let i = 0; i < instances.length; i++) readRow(instances[i], features, values, i * n, where(i));
  return { values, rows: instances.length };
}
