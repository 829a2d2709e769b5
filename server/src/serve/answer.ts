/**
 * The prediction service's answers as JSON text (issue #42), pure: a /predict/batch answer written
 * straight from the model's output buffer, without an object per row, byte for byte what
 * JSON.stringify gives for the same answer built as objects (service.ts's PredictionBody). The
 * decimals of a float32 (float32Decimal) are shared with the object path.
 */
import { decideClass } from '../predict/api';

/**
 * The shortest decimal that reads back as the same float32 (0.73, not 0.7300000190734863). More
 * digits never stop a decimal from reading back, so the count is found by bisection (9 always do).
 */
export function float32Decimal(value: number): number {
  const single = Math.fround(value);
  const known = decimals.get(single);
  if (known !== undefined) return known;
  if (decimals.size >= MAX_DECIMALS) decimals.clear();
  const decimal = shortestDecimal(single);
  decimals.set(single, decimal);
  return decimal;
}

/**
 * A tree ensemble's probabilities take few distinct values (averages of its leaves): their
 * decimals (and their JSON text) are kept, up to a bound, so a 1,000-row batch mostly looks them up.
 */
const decimals = new Map<number, number>();
const texts = new Map<number, string>();
const MAX_DECIMALS = 1 << 16;

function shortestDecimal(single: number): number {
  let lo = 1;
  let hi = 9;
  let best = Number(single.toPrecision(9));
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const candidate = Number(single.toPrecision(mid));
    if (Math.fround(candidate) === single) {
      best = candidate;
      hi = mid;
    } else lo = mid + 1;
  }
  return best;
}

/** float32Decimal's JSON text. */
function decimalText(value: number): string {
  const single = Math.fround(value);
  const known = texts.get(single);
  if (known !== undefined) return known;
  if (texts.size >= MAX_DECIMALS) texts.clear();
  const text = JSON.stringify(float32Decimal(single));
  texts.set(single, text);
  return text;
}

/**
 * Writes the answers of one served model. The probabilities' keys come in the order a JS object
 * built class by class has them (integer-like names first, a repeated name once, with its last
 * value): the order JSON.stringify gives the object path's answer.
 */
export class AnswerWriter {
  /** `"name":` of each key of `probabilities`, in the object's order, and the output each takes. */
  private readonly keys: { text: string; output: number }[];
  /** Per class: its label as JSON and the output `probability` takes (its name's last). */
  private readonly labels: { text: string; output: number }[];
  private readonly versionText: string;
  /** Binary rows' text by the bits of their two probabilities (binaryRow). */
  private readonly rows = new Map<number, Map<number, string>>();
  /** False when a class name would not survive as an object key ("__proto__"): the object path then answers. */
  readonly usable: boolean;

  constructor(private readonly classes: readonly string[], private readonly threshold: number, version: string) {
    const last = new Map<string, number>();
    classes.forEach((name, k) => last.set(name, k));
    const order: Record<string, true> = {};
    for (const name of classes) order[name] = true;
    this.keys = Object.keys(order).map((name) => ({ text: `${JSON.stringify(name)}:`, output: last.get(name)! }));
    this.labels = classes.map((name) => ({ text: JSON.stringify(name), output: last.get(name)! }));
    this.versionText = JSON.stringify(version);
    this.usable = this.keys.length === last.size && !classes.includes('__proto__');
  }

  /**
   * `{"predictions": [...], "count": rows, "model_version": ...}` of `rows` rows of outputs;
   * `counts[k]` gathers how many rows got class k.
   */
  batch(outputs: Float32Array, rows: number, timestamp: string, counts: number[]): string {
    const n = this.classes.length;
    const tail = `,"model_version":${this.versionText},"timestamp":${JSON.stringify(timestamp)}}`;
    const parts = new Array<string>(rows);
    for (let i = 0; i < rows; i++) {
      const p = outputs.subarray(i * n, (i + 1) * n);
      const k = decideClass(p, this.threshold);
      counts[k] = (counts[k] ?? 0) + 1;
      parts[i] = n === 2 ? this.binaryRow(p, k) : this.row(p, k);
    }
    return `{"predictions":[${parts.join(`${tail},`)}${tail}],"count":${rows},"model_version":${this.versionText}}`;
  }

  /** A row's answer up to its model version and time (the tail every row of a request shares). */
  private row(p: Float32Array, k: number): string {
    const label = this.labels[k];
    let probabilities = '';
    for (let j = 0; j < this.keys.length; j++) {
      const key = this.keys[j];
      probabilities += (j === 0 ? '' : ',') + key.text + decimalText(p[key.output]);
    }
    return `{"prediction":${k},"prediction_label":${label.text},"probability":${decimalText(p[label.output])},"probabilities":{${probabilities}}`;
  }

  /**
   * A binary classifier's row, kept by its two probabilities: a forest's take few distinct values,
   * so most rows of a batch are looked up (bounded).
   */
  private binaryRow(p: Float32Array, k: number): string {
    F32[0] = p[0];
    const first = U32[0];
    F32[0] = p[1];
    const second = U32[0];
    let inner = this.rows.get(first);
    if (!inner) {
      if (this.rows.size >= MAX_ROWS) this.rows.clear();
      inner = new Map();
      this.rows.set(first, inner);
    }
    let text = inner.get(second);
    if (text === undefined) {
      text = this.row(p, k);
      if (inner.size < MAX_ROWS) inner.set(second, text);
    }
    return text;
  }
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const MAX_ROWS = 1 << 12;
