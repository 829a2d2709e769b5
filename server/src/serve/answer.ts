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
  /** Binary rows' UTF-8 text by the bits of their two probabilities (binaryRow). */
  private readonly rows = new Map<number, Map<number, Uint8Array>>();
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
   * `{"predictions": [...], "count": rows, "model_version": ...}` of `rows` rows of outputs, as the
   * UTF-8 bytes to send (one buffer of the answer's size: no string of the whole answer, nothing
   * for the transport to measure or encode); `counts[k]` gathers how many rows got class k.
   */
  batch(outputs: Float32Array, rows: number, timestamp: string, counts: number[]): Buffer {
    const n = this.classes.length;
    const tail = Buffer.from(`,"model_version":${this.versionText},"timestamp":${JSON.stringify(timestamp)}}`);
    const end = Buffer.from(`],"count":${rows},"model_version":${this.versionText}}`);
    const parts = new Array<Uint8Array>(rows);
    let size = PREDICTIONS.length + rows * tail.length + Math.max(0, rows - 1) + end.length;
    if (n === 2) {
      // A binary classifier's rows without a view per row: class 1 from p1 ≥ threshold (decideClass).
      let first = 0;
      let second = 0;
      for (let i = 0; i < rows; i++) {
        const p1 = outputs[2 * i + 1];
        const k = p1 >= this.threshold ? 1 : 0;
        if (k === 1) second++;
        else first++;
        const part = this.binaryRow(outputs, i, k);
        parts[i] = part;
        size += part.length;
      }
      if (first > 0) counts[0] = (counts[0] ?? 0) + first;
      if (second > 0) counts[1] = (counts[1] ?? 0) + second;
    } else {
      for (let i = 0; i < rows; i++) {
        const p = outputs.subarray(i * n, (i + 1) * n);
        const k = decideClass(p, this.threshold);
        counts[k] = (counts[k] ?? 0) + 1;
        const part = Buffer.from(this.row(p, k));
        parts[i] = part;
        size += part.length;
      }
    }
    const out = Buffer.allocUnsafe(size);
    out.set(PREDICTIONS, 0);
    let at = PREDICTIONS.length;
    for (let i = 0; i < rows; i++) {
      if (i > 0) out[at++] = COMMA;
      const part = parts[i];
      out.set(part, at);
      at += part.length;
      out.set(tail, at);
      at += tail.length;
    }
    out.set(end, at);
    return out;
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
   * A binary classifier's row `i` (class `k`) as UTF-8, kept by its two probabilities: a forest's
   * take few distinct values, so most rows of a batch are looked up (bounded).
   */
  private binaryRow(outputs: Float32Array, i: number, k: number): Uint8Array {
    F32[0] = outputs[2 * i];
    const first = U32[0];
    F32[0] = outputs[2 * i + 1];
    const second = U32[0];
    let inner = this.rows.get(first);
    if (!inner) {
      if (this.rows.size >= MAX_ROWS) this.rows.clear();
      inner = new Map();
      this.rows.set(first, inner);
    }
    let bytes = inner.get(second);
    if (bytes === undefined) {
      bytes = Buffer.from(this.row(outputs.subarray(2 * i, 2 * i + 2), k));
      if (inner.size < MAX_ROWS) inner.set(second, bytes);
    }
    return bytes;
  }
}

/** The answer's first bytes, and the separator of its rows. */
const PREDICTIONS = Buffer.from('{"predictions":[');
const COMMA = 0x2c;

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const MAX_ROWS = 1 << 12;
