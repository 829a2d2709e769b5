/**
 * POST /predict/batch's fast path (issue #42), pure: `{"instances": [[n, ...], ...]}` read from the
 * request's bytes straight into float32 rows, without building a JSON tree or an object per row.
 * It accepts only that exact shape in strict JSON (every row an array of the same number of finite
 * numbers within float32's range); anything else — objects by feature name, another key, a string,
 * NaN, a row of another length, malformed JSON — answers undefined, and the generic path
 * (JSON.parse, then validate.ts) answers it with its own messages. So the fast path can only ever
 * give the answer the generic path would have given for the same body.
 */
import { FLOAT32_MAX } from './validate';

/** Rows read by the fast path: `rows × width` values, row-major. */
export interface PackedRows {
  values: Float32Array;
  rows: number;
  width: number;
}

/**
 * A /predict/batch body the fast path read: its rows, and its JSON tree on demand (when the rows'
 * width is not the model's, the generic checks need it for their message).
 */
export class PackedInstances {
  constructor(readonly rows: PackedRows, private readonly text: () => string) {}

  json(): unknown {
    return JSON.parse(this.text());
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;

/** Exact powers of ten as doubles (10^0 … 10^22 are exact). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The value of the four ASCII digits a little-endian 32-bit word holds (first digit in its low
 * byte), or -1 when one of its bytes is no digit (#84: four digits of a mantissa per step, one
 * load and a few integer operations, instead of a load, two comparisons and a multiply-add per digit).
 */
function fourDigits(word: number): number {
  // Each byte 0x30–0x39: its high nibble 3, and still 3 once 6 is added (0x3a–0x3f become 0x40–0x45).
  if (((word & 0xf0f0f0f0) | (((word + 0x06060606) & 0xf0f0f0f0) >>> 4)) !== 0x33333333) return -1;
  const pairs = (word & 0x0f0f0f0f) * 10 + ((word & 0x0f0f0f0f) >>> 8); // bytes 0 and 2: the two pairs' values
  return (pairs & 0xff) * 100 + ((pairs >>> 16) & 0xff);
}

/** A body in bytes, read once; `at` moves forward. */
class Reader {
  at = 0;
  /** The same bytes, for fourDigits's words (any alignment). */
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The four digits at `i` (fourDigits), or -1 when fewer than four bytes are left. */
  private four(i: number): number {
    return i + 4 <= this.bytes.length ? fourDigits(this.view.getUint32(i, true)) : -1;
  }

  skipSpace(): void {
    const b = this.bytes;
    let i = this.at;
    while (i < b.length) {
      const c = b[i];
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
      i++;
    }
    this.at = i;
  }

  /** Consumes `c` (after white space) or answers false. */
  take(c: number): boolean {
    this.skipSpace();
    if (this.bytes[this.at] !== c) return false;
    this.at++;
    return true;
  }

  /** Consumes the exact bytes of `text` (ASCII) or answers false. */
  literal(text: string): boolean {
    this.skipSpace();
    const b = this.bytes;
    if (this.at + text.length > b.length) return false;
    for (let k = 0; k < text.length; k++) if (b[this.at + k] !== text.charCodeAt(k)) return false;
    this.at += text.length;
    return true;
  }

  /**
   * A JSON number, as the float32 the model gets from JSON.parse's double, or NaN when the bytes
   * are not a JSON number. Up to 15 significant digits and a decimal exponent within ±22, the
   * double itself is one exactly rounded multiplication or division of two exact doubles
   * (Clinger's fast path). Longer mantissas (a client's 17-digit doubles) are read to 19 digits,
   * within a few units in the last place of the double: rounded to float32 that is JSON.parse's
   * float32 unless it lies near the midpoint of two float32s (about one number in ten million),
   * which, like exponents beyond ±22, goes through Number() on the number's text.
   */
  number(): number {
    const b = this.bytes;
    let i = this.at;
    // One load per byte, kept in `c` (past the end: undefined, which no comparison below accepts).
    let c = b[i];
    while (c === SPACE || c === LF || c === CR || c === TAB) c = b[++i];
    const start = i;
    const negative = c === MINUS;
    if (negative) c = b[++i];
    // The first 9 significant digits in `high` (an integer that stays small), the next 10 in `low`;
    // the rest only scale the mantissa (at most 19 significant digits are read).
    let high = 0;
    let low = 0;
    let lowDigits = 0;
    let digits = 0;
    let scale = 0; // power of ten the mantissa is multiplied by
    // Each part of the mantissa in loops of their own (#84): no test of the digit count per digit.
    if (c === ZERO) c = b[++i];
    else if (c > ZERO && c <= NINE) {
      do {
        high = high * 10 + (c - ZERO);
        digits++;
        c = b[++i];
      } while (digits < 9 && c >= ZERO && c <= NINE);
      // (Tried only when a digit follows: a short number pays no failed step.)
      for (let v = digits <= 15 && c >= ZERO && c <= NINE ? this.four(i) : -1; v >= 0; v = digits <= 15 ? this.four(i) : -1) {
        low = low * 10000 + v;
        lowDigits += 4;
        digits += 4;
        i += 4;
      }
      c = b[i];
      while (digits < 19 && c >= ZERO && c <= NINE) {
        low = low * 10 + (c - ZERO);
        lowDigits++;
        digits++;
        c = b[++i];
      }
      while (c >= ZERO && c <= NINE) {
        scale++;
        c = b[++i];
      }
    } else return NaN;
    if (c === DOT) {
      c = b[++i];
      const fractionStart = i;
      // Leading zeros of a fraction (after a zero integer part) are no significant digits.
      if (high === 0) {
        while (c === ZERO) {
          scale--;
          c = b[++i];
        }
      }
      for (let v = digits <= 5 ? this.four(i) : -1; v >= 0; v = digits <= 5 ? this.four(i) : -1) {
        high = high * 10000 + v;
        digits += 4;
        scale -= 4;
        i += 4;
      }
      c = b[i];
      while (digits < 9 && c >= ZERO && c <= NINE) {
        high = high * 10 + (c - ZERO);
        digits++;
        scale--;
        c = b[++i];
      }
      for (let v = digits <= 15 && c >= ZERO && c <= NINE ? this.four(i) : -1; v >= 0; v = digits <= 15 ? this.four(i) : -1) {
        low = low * 10000 + v;
        lowDigits += 4;
        digits += 4;
        scale -= 4;
        i += 4;
      }
      c = b[i];
      while (digits < 19 && c >= ZERO && c <= NINE) {
        low = low * 10 + (c - ZERO);
        lowDigits++;
        digits++;
        scale--;
        c = b[++i];
      }
      while (c >= ZERO && c <= NINE) c = b[++i];
      if (i === fractionStart) return NaN;
    }
    if (c === 0x65 || c === 0x45) {
      c = b[++i];
      let exponentNegative = false;
      if (c === MINUS || c === PLUS) {
        exponentNegative = c === MINUS;
        c = b[++i];
      }
      const exponentStart = i;
      let exponent = 0;
      while (c >= ZERO && c <= NINE) {
        if (exponent < 100_000) exponent = exponent * 10 + (c - ZERO);
        c = b[++i];
      }
      if (i === exponentStart) return NaN;
      scale += exponentNegative ? -exponent : exponent;
    }
    this.at = i;
    if (scale >= -22 && scale <= 22) {
      // Exact up to 15 digits (below 2^53); beyond, within a few units in the last place.
      const mantissa = lowDigits === 0 ? high : high * POW10[lowDigits] + low;
      const value = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
      if (digits <= 15) return negative ? -value : value;
      const single = Math.fround(value);
      if (clearOfMidpoint(value, single)) return negative ? -single : single;
    }
    return Number(String.fromCharCode(...b.subarray(start, i)));
  }
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
/** The smallest normal float32, and a bound under the largest (near it, the range check needs the exact double). */
const NORMAL32 = 1.1754943508222875e-38;
const NEAR_MAX32 = 3.4e38;

/**
 * Whether `value` (positive, within a few double ulps of the decimal) rounds to `single` whatever
 * its error: it lies further than 16 double ulps from the midpoint between `single` and the float32
 * next to it on its side.
 */
function clearOfMidpoint(value: number, single: number): boolean {
  if (!(single >= NORMAL32 && single <= NEAR_MAX32)) return false;
  // A float32 sent as a double (a client's float32 features printed in full, the usual batch) reads
  // back within the reading's error of the float32 itself: half a float32 step (2^-25 of it at
  // least) from any midpoint. No neighbour to compute (#84).
  if (Math.abs(value - single) <= value * 3.6e-15) return true;
  F32[0] = single;
  U32[0] += value > single ? 1 : -1;
  const midpoint = (single + F32[0]) / 2;
  return Math.abs(midpoint - value) > value * 3.6e-15;
}

/** The scratch buffer of packInstances, grown as bodies need, kept up to MAX_SCRATCH values (1 MB). */
let scratch = new Float32Array(1 << 12);
const MAX_SCRATCH = 1 << 18;

/**
 * The rows of a `{"instances": [[numbers], ...]}` body, or undefined when the body has any other
 * shape or content (the generic path then answers it). At most `maxRows` rows (more: undefined).
 */
export function packInstances(body: Uint8Array, maxRows: number): PackedRows | undefined {
  // A plain view: one element kind for every access, whatever subclass (Buffer) was given.
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const r = new Reader(bytes);
  if (!r.take(0x7b) || !r.literal('"instances"') || !r.take(0x3a) || !r.take(OPEN)) return undefined;
  // Read into a scratch buffer kept between calls (the parse is synchronous), then copied out at
  // its size: a request allocates its values once, at their size, not a guess of three times it.
  let values = scratch;
  let count = 0;
  let width = -1;
  let rows = 0;
  for (;;) {
    if (!r.take(OPEN)) return undefined;
    let n = 0;
    for (;;) {
      const value = r.number();
      if (!(Math.abs(value) <= FLOAT32_MAX)) return undefined; // NaN (not a number), Infinity, beyond float32
      if (count === values.length) {
        const grown = new Float32Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[count++] = value;
      n++;
      // The common case first: a comma right after the number.
      if (bytes[r.at] === COMMA) {
        r.at++;
        continue;
      }
      if (r.take(COMMA)) continue;
      if (r.take(CLOSE)) break;
      return undefined;
    }
    if (width === -1) width = n;
    else if (n !== width) return undefined;
    rows++;
    if (rows > maxRows) return undefined;
    if (r.take(COMMA)) continue;
    if (r.take(CLOSE)) break;
    return undefined;
  }
  if (!r.take(0x7d)) return undefined;
  r.skipSpace();
  if (r.at !== bytes.length) return undefined;
  if (values.length <= MAX_SCRATCH) scratch = values;
  return { values: values.slice(0, count), rows, width };
}

