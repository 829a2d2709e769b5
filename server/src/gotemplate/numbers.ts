/**
 * Go's number literals as text/template reads them: the lexer's scanNumber (a sign, a base
 * prefix, digits with `_`, a fraction, an `e` or — in hexadecimal — `p` exponent, an `i`), then
 * parse.NumberNode's reading with strconv (ParseUint, ParseInt and ParseFloat, base 0): `0x1p60`
 * is a float whose value is also an integer, `1_000` an integer, `0755` octal, `08` an "integer
 * overflow" (Go's own quirk), `'a'` a character constant (97). Linear, no regular expression
 * with nested quantifiers.
 */

const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;
const MAX_UINT64 = 18446744073709551615n;

const isDecimal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHexDigit = (c: string | undefined) => c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
const lower = (c: string | undefined) => (c === undefined ? '' : c.toLowerCase());

/**
 * The end of the number Go's lexer reads at `pos` (scanNumber), and whether it is well formed:
 * `bad` when an alphanumeric character follows (Go: "bad number syntax").
 */
export function scanNumber(text: string, pos: number, isAlphaNumeric: (c: string | undefined) => boolean): { end: number; bad: boolean } {
  let i = pos;
  if (text[i] === '+' || text[i] === '-') i++;
  let digit: (c: string | undefined) => boolean = (c) => isDecimal(c) || c === '_';
  let decimal = true;
  let hex = false;
  if (text[i] === '0') {
    i++;
    const prefix = lower(text[i]);
    if (prefix === 'x') {
      i++;
      digit = (c) => isHexDigit(c) || c === '_';
      decimal = false;
      hex = true;
    } else if (prefix === 'o') {
      i++;
      digit = (c) => (c !== undefined && c >= '0' && c <= '7') || c === '_';
      decimal = false;
    } else if (prefix === 'b') {
      i++;
      digit = (c) => c === '0' || c === '1' || c === '_';
      decimal = false;
    }
  }
  while (digit(text[i])) i++;
  if (text[i] === '.') {
    i++;
    while (digit(text[i])) i++;
  }
  if (decimal && lower(text[i]) === 'e') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    while (isDecimal(text[i]) || text[i] === '_') i++;
  }
  if (hex && lower(text[i]) === 'p') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    while (isDecimal(text[i]) || text[i] === '_') i++;
  }
  if (text[i] === 'i') i++;
  return isAlphaNumeric(text[i]) ? { end: i + 1, bad: true } : { end: i, bad: false };
}

/** strconv's underscoreOK: `_` only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1]))) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) === 'x';
  }
  for (; i < s.length; i++) {
    if (isDecimal(s[i]) || (hex && isHexDigit(s[i]))) {
      saw = '0';
      continue;
    }
    if (s[i] === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseInt/ParseUint with base 0, as an unbounded integer (the caller checks the range); undefined when not an integer literal. */
function parseInteger(text: string): bigint | undefined {
  let s = text;
  let sign = 1n;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1n;
    s = s.slice(1);
  }
  if (s === '') return undefined;
  let base = 10;
  let body = s;
  if (s[0] === '0' && s.length > 1) {
    const prefix = lower(s[1]);
    if (prefix === 'x' || prefix === 'o' || prefix === 'b') {
      base = prefix === 'x' ? 16 : prefix === 'o' ? 8 : 2;
      body = s.slice(2);
    } else {
      base = 8;
      body = s.slice(1);
    }
  }
  const digits = body.replace(/_/g, '');
  if (digits === '' && base !== 8) return undefined;
  const valid = base === 16 ? /^[0-9a-fA-F]*$/ : base === 8 ? /^[0-7]*$/ : base === 2 ? /^[01]*$/ : /^[0-9]*$/;
  if (!valid.test(digits)) return undefined;
  if (body.includes('_') && !underscoreOK(s)) return undefined;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  return sign * BigInt(digits === '' ? '0' : `${prefix}${digits}`);
}

/** strconv.ParseFloat(text, 64): decimal and hexadecimal (whose `p` exponent is required) floats with `_`; undefined when not one. */
function parseFloat64(text: string): number | undefined {
  if (text.includes('_') && !underscoreOK(text)) return undefined;
  const s = text.replace(/_/g, '');
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
  if (hex) {
    const [, sign, whole, fraction = '', exponent] = hex;
    if (whole === '' && fraction === '') return undefined;
    const mantissa = BigInt(`0x${whole}${fraction}` === '0x' ? '0' : `0x${whole}${fraction}`);
    const exp = Number(exponent) - 4 * fraction.length;
    const value = scaleByPowerOfTwo(mantissa, exp);
    // Out of float64's range is ParseFloat's ErrRange: not a number Go's parser takes.
    if (!Number.isFinite(value)) return undefined;
    return sign === '-' ? -value : value;
  }
  if (!/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s)) return undefined;
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

/** mantissa × 2^exp as the nearest float64. */
function scaleByPowerOfTwo(mantissa: bigint, exp: number): number {
  if (mantissa === 0n) return 0;
  // Keep the mantissa's rounding to one step: bring it under 2^64 first, folding the shift into the exponent.
  let m = mantissa;
  let e = exp;
  while (m >= 1n << 64n) {
    m >>= 1n;
    e++;
  }
  if (e > 2000) return Infinity;
  if (e < -2200) return 0;
  let value = Number(m);
  // Powers of two are exact; apply them in steps that stay in range.
  while (e > 0) {
    const step = Math.min(e, 1000);
    value *= 2 ** step;
    e -= step;
  }
  while (e < 0) {
    const step = Math.min(-e, 1000);
    value /= 2 ** step;
    e += step;
  }
  return value;
}

/** What parse.NumberNode holds for a literal; `error` when Go's parser refuses it. */
export interface GoNumber {
  int?: bigint;
  /** Fits a uint64 (Go's IsUint), not an int64. */
  uint?: bigint;
  float?: number;
  complex?: boolean;
  error?: string;
}

/** The length of the first character or escape of a character constant's body (strconv.UnquoteChar reads one). */
function firstUnit(body: string): number {
  if (body[0] !== '\\') return body.codePointAt(0)! > 0xffff ? 2 : 1;
  const escape = body[1];
  if (escape === 'x') return 4;
  if (escape === 'u') return 6;
  if (escape === 'U') return 10;
  if (escape !== undefined && escape >= '0' && escape <= '7') return 4;
  return 2;
}

/** A character constant's value, or Go's complaint: one character or escape (`\"` is a string's escape, not a rune's), nothing after it. */
function runeValue(text: string, unquote: (s: string) => string | undefined): number | string {
  const body = text.slice(1, -1);
  if (body === '' || body.startsWith('\\"')) return 'invalid syntax';
  const length = firstUnit(body);
  const value = unquote(body.slice(0, length));
  if (value === undefined || [...value].length !== 1) return 'invalid syntax';
  if (length < body.length) return `malformed character constant: ${text}`;
  return value.codePointAt(0)!;
}

/** A number literal's value as Go's parser reads it (parse.newNumber); `unquote` reads a character constant's escapes. */
export function readNumber(text: string, unquote: (s: string) => string | undefined): GoNumber {
  if (text.startsWith("'")) {
    const code = runeValue(text, unquote);
    if (typeof code === 'string') return { error: code };
    const value = BigInt(code);
    return { int: value, uint: value, float: code };
  }
  if (text.endsWith('i')) {
    const imaginary = parseFloat64(text.slice(0, -1));
    if (imaginary !== undefined) return { complex: true };
  }
  const number: GoNumber = {};
  const integer = parseInteger(text);
  if (integer !== undefined) {
    if (integer >= 0n && integer <= MAX_UINT64 && !text.startsWith('-')) number.uint = integer;
    if (integer >= MIN_INT64 && integer <= MAX_INT64) number.int = integer;
    if (integer === 0n) number.uint = 0n;
  }
  if (number.int !== undefined) number.float = Number(number.int);
  else if (number.uint !== undefined) number.float = Number(number.uint);
  else {
    const float = parseFloat64(text);
    if (float !== undefined) {
      // Parsed as a float but written as an integer: one too large for int64.
      if (!/[.eEpP]/.test(text)) return { error: `integer overflow: ${JSON.stringify(text)}` };
      number.float = float;
      if (Number.isInteger(float) && float >= -(2 ** 63) && float < 2 ** 63) number.int = BigInt(float);
      if (Number.isInteger(float) && float >= 0 && float < 2 ** 64) number.uint = BigInt(float);
    }
  }
  if (number.int === undefined && number.uint === undefined && number.float === undefined) return { error: `illegal number syntax: ${JSON.stringify(text)}` };
  return number;
}

/** Whether an untyped constant is a float to an `interface{}` argument (exec's idealConstant): written with `.`, `e` or `p`, not a hexadecimal integer nor a character. */
export function isFloatLiteral(text: string): boolean {
  const body = text.replace(/^[+-]/, '');
  if (text.startsWith("'")) return false;
  if (/^0[xX]/.test(body) && !/[pP]/.test(body)) return false;
  return /[.eEpP]/.test(text);
}
