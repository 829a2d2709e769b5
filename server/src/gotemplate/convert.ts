/**
 * The conversions sprig makes of its arguments (spf13/cast's ToInt64 and ToFloat64, sprig's
 * strval and strslice), shared by its string, number and collection functions.
 */
import { GoObject, formatValue, isEmpty, type GoValue } from './values';

/** cast.ToInt64: numbers truncated, a string read in its base (0x, 0o, 0b, leading 0), anything else 0. */
export function toInt64(v: GoValue): bigint {
  if (v === null) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt.asIntN(64, BigInt(Math.trunc(v))) : 0n;
  if (typeof v === 'string') {
    // cast trims a zero decimal part ("10.0" → 10) and reads the rest as strconv.ParseInt(s, 0, 0).
    const s = v.replace(/\.0+$/, '').replace(/_/g, '');
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9]\d*)$/.exec(s);
    if (!m) return 0n;
    const body = m[2].replace(/^0([0-7]+)$/, '0o$1');
    const value = BigInt(body) * (m[1] === '-' ? -1n : 1n);
    return value > 9223372036854775807n || value < -9223372036854775808n ? 0n : value;
  }
  return 0n;
}

/** cast.ToFloat64. */
export function toFloat64(v: GoValue): number {
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim() === v ? v.replace(/_/g, '') : '';
    if (!/^[+-]?(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(s)) return 0;
    return /nan/i.test(s) ? NaN : /inf/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s);
  }
  return 0;
}

/** sprig's strval: a string as it is, anything else as %v prints it. */
export function strval(v: GoValue): string {
  return typeof v === 'string' ? v : formatValue(v);
}

/** The items of a slice (a list, a VersionSet), or undefined for anything else. */
export function itemsOf(v: GoValue): GoValue[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof GoObject && v.items) return v.items;
  return undefined;
}

/** sprig's strslice: each item as a string (nil items dropped), a lone value as a list of one. */
export function strslice(v: GoValue): string[] {
  const items = itemsOf(v);
  if (items) return items.filter((item) => item !== null).map(strval);
  if (v === null) return [];
  return [strval(v)];
}

export { isEmpty };
