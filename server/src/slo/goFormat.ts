/**
 * Number and duration texts exactly as Sloth's Go code prints them, so that a generated rule is
 * identical to Sloth's: `%g`/`%v` of a float64 (shortest digits that read back the same value,
 * exponent form below 1e-4 or from 1e6), `strconv.FormatFloat(f, 'f', -1, 64)` and
 * Prometheus' `model.Duration.String()`.
 */

/** Go's `fmt.Sprintf("%g", x)` (and `%v`) for a float64. */
export function goFloatG(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // JavaScript's toExponential() without a count gives the shortest round-tripping digits, as Go's.
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 6) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const abs = Math.abs(exponent);
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  return sign + plainDecimal(digits, exponent);
}

/** Go's `strconv.FormatFloat(x, 'f', -1, 64)`: shortest digits, never an exponent. */
export function goFloatF(x: number): string {
  if (!Number.isFinite(x)) return goFloatG(x);
  if (x === 0) return '0';
  const [mantissa, exponentText] = x.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  return (negative ? '-' : '') + plainDecimal(digits, Number(exponentText));
}

/** `d.ddd × 10^exponent` written without an exponent. */
function plainDecimal(digits: string, exponent: number): string {
  const point = exponent + 1; // digits before the decimal point
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

const MS = { y: 365 * 24 * 3600_000, w: 7 * 24 * 3600_000, d: 24 * 3600_000, h: 3600_000, m: 60_000, s: 1000, ms: 1 } as const;

/** Prometheus' `model.Duration(d).String()` of a duration in milliseconds (years and weeks only when exact). */
export function promDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  const unit = (name: keyof typeof MS, exact: boolean): void => {
    const mult = MS[name];
    if (exact && rest % mult !== 0) return;
    const count = Math.floor(rest / mult);
    if (count > 0) {
      out += `${count}${name}`;
      rest -= count * mult;
    }
  };
  unit('y', true);
  unit('w', true);
  unit('d', false);
  unit('h', false);
  unit('m', false);
  unit('s', false);
  unit('ms', false);
  return out;
}

/** Milliseconds of a Prometheus duration (`5m`, `1d12h`), or undefined when it is not one. */
export function parsePromDuration(text: string): number | undefined {
  if (text.length === 0 || text.length > 64) return undefined;
  const re = /(\d+)(ms|y|w|d|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * MS[m[2] as keyof typeof MS];
    matched = re.lastIndex;
  }
  // Prometheus' model.ParseDuration refuses what passes int64 nanoseconds ("duration out of range"): promtool would refuse the rules.
  return matched === text.length && total <= MAX_PROM_DURATION_MS ? total : undefined;
}

/** The longest duration Prometheus reads (2^63-1 ns, 106751 days and a bit), in milliseconds. */
export const MAX_PROM_DURATION_MS = Math.floor((2 ** 63 - 1) / 1e6);
