/**
 * Plain decimals read from a CSV block without a string per cell (issue #42), the same double as
 * `Number(text.slice(start, end))` — bit for bit — or undefined when this reader cannot be sure, and
 * the caller then asks Number().
 *
 * Up to 15 significant digits: the digits as an integer (exact below 2^53) divided by an exact power
 * of ten, which IEEE division rounds correctly (Clinger's fast path). 16 to 19 digits (a price
 * printed with 17, as Python's repr and most exports write them): the digits m are held exactly as
 * a sum of two doubles; a candidate z = m / 10^d is checked against m with error-free products
 * (Dekker): the residual r = m − z·10^d is computed exactly but for a rounding far below what
 * matters, and z is the correctly rounded value when r lies strictly inside half the gaps to z's
 * neighbours (times 10^d). A residual beyond them moves z to that neighbour (checked again); one
 * within a hair of the boundary (a near tie, where rounding to even would decide) is left to
 * Number(). Fuzzed against Number() on millions of values, near ties included
 * (server/test/unit/predict/predict-csv.test.ts and bench/predict/fuzz-decimal.mjs).
 */

/** Exact powers of ten (10^0 … 10^22: every one is a double exactly). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Veltkamp's split constant for doubles: 2^27 + 1. */
const SPLIT = 134217729;

/** A double's exponent is read from its bits (little-endian words; big-endian machines take Number()). */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** 2^(k − 1075) for a biased exponent k: the gap between doubles of that exponent (normal ones). */
const GAP = Float64Array.from({ length: 2047 }, (_, k) => 2 ** (k - 1075));

/** The low part of a·b: a·b = fl(a·b) + lowProduct(a, b) exactly (Dekker; no overflow here). */
function lowProduct(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** A residual this close (relatively) to half a gap is a near tie: Number() decides. */
const MARGIN = 2 ** -30;

/**
 * The correctly rounded m / q, m = big + small exactly (big ≥ 2^53, |small| < 2^12), q = 10^d
 * (1 ≤ d ≤ 22); undefined for a near tie or an unusual magnitude.
 */
function divideChecked(big: number, small: number, q: number): number | undefined {
  let z = big / q;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Normal and far from overflow: gaps and products below stay exact.
    if (!(z > 1e-290 && z < 1e290)) return undefined;
    const qh = z * q;
    const ql = lowProduct(z, q, qh);
    // big − qh is exact (Sterbenz: both are m within a few units in the last place).
    const r = ((big - qh) - ql) + small;
    // Half the gap to each neighbour, times q (exact: a power of two times q); the gap below a power of two is half the one above.
    BITS[0] = z;
    const high = WORDS[1];
    const up = GAP[high >>> 20] * 0.5 * q;
    const down = WORDS[0] === 0 && (high & 0xfffff) === 0 ? up * 0.5 : up;
    if (r < up * (1 - MARGIN) && r > -down * (1 - MARGIN)) return z;
    if (r > up * (1 + MARGIN)) z += 2 * up / q;
    else if (r < -down * (1 + MARGIN)) z -= 2 * down / q;
    else return undefined;
  }
  return undefined;
}

/**
 * `Number(text.slice(start, end))` for a plain decimal (`-`, digits, at most one `.`) of at most 19
 * significant digits and 22 decimals; undefined for anything else (more digits, an exponent, a sign
 * +, other characters, a near tie), which Number() then reads.
 */
export function plainDecimal(text: string, start: number, end: number): number | undefined {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  // The first 15 significant digits in `high`, the next ones (at most 4) in `low`.
  let high = 0, low = 0, lowDigits = 0, significant = 0, decimals = 0, dot = false, any = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (significant > 0 || c !== 48) significant++;
      if (significant <= 15) high = high * 10 + (c - 48);
      else {
        low = low * 10 + (c - 48);
        lowDigits++;
      }
      any = true;
      if (dot) decimals++;
    } else if (c === 46 && !dot) dot = true;
    else return undefined;
  }
  if (!any || decimals > 22) return undefined;
  let value: number | undefined;
  if (significant <= 15) value = decimals ? high / POW10[decimals] : high;
  else if (significant > 19 || !LITTLE) return undefined;
  else {
    // m = high · 10^lowDigits + low, exactly big + small.
    const scale = POW10[lowDigits];
    const ph = high * scale;
    const pl = lowProduct(high, scale, ph);
    const big = ph + low;
    const bb = big - ph;
    const small = (ph - (big - bb)) + (low - bb) + pl;
    // No decimals: one IEEE addition rounds m correctly.
    value = decimals ? divideChecked(big, small, POW10[decimals]) : big + small;
    if (value === undefined) return undefined;
  }
  return negative ? -value : value;
}
