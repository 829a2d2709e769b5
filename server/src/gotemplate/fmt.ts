/**
 * Go's fmt as templates use it: Sprintf's verbs, flags, width and precision, with fmt's own
 * marks for a wrong type (`%!d(string=a)`), a missing operand (`%!s(MISSING)`) and extra ones;
 * Sprint's spacing; strconv.Quote. Sprintf's output past `limit` characters throws a RangeError
 * before the piece that would pass it is added.
 */
import { visited } from './tree';
import { GoObject, formatFloat, formatValue, goTypeName, type GoValue } from './values';

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** fmt.Sprint: operands side by side, a space between two that are not strings. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((arg, k) => {
    if (k > 0 && typeof arg !== 'string' && typeof args[k - 1] !== 'string') out += ' ';
    out += formatValue(arg);
  });
  return out;
}

/** fmt.Sprintln: operands separated by spaces, then a newline. */
export function sprintln(args: readonly GoValue[]): string {
  return `${args.map(formatValue).join(' ')}\n`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  precision?: number;
}

const MAX_WIDTH = 1_000_000;

function pad(text: string, spec: Spec, numeric = false): string {
  const width = spec.width ?? 0;
  if (text.length >= width) return text;
  if (spec.minus) return text + ' '.repeat(width - text.length);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(width - text.length) + text.slice(sign.length);
  }
  return ' '.repeat(width - text.length) + text;
}

function bad(verb: string, arg: GoValue): string {
  return arg === null ? `%!${verb}(<nil>)` : `%!${verb}(${goTypeName(arg)}=${formatValue(arg)})`;
}

function signed(text: string, negative: boolean, spec: Spec): string {
  return negative ? `-${text}` : spec.plus ? `+${text}` : spec.space ? ` ${text}` : text;
}

function formatInt(v: bigint, verb: string, spec: Spec): string {
  const negative = v < 0n;
  const abs = negative ? -v : v;
  let digits: string;
  switch (verb) {
    case 'b':
      digits = abs.toString(2);
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') digits = `0o${digits}`;
      else if (spec.sharp) digits = `0${digits}`;
      break;
    case 'x':
      digits = abs.toString(16);
      if (spec.sharp) digits = `0x${digits}`;
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (spec.sharp) digits = `0X${digits}`;
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(v)), spec);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(v))}'`, spec);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, spec);
    default:
      digits = abs.toString();
  }
  if (spec.precision !== undefined) digits = digits.padStart(spec.precision, '0');
  return pad(signed(digits, negative, spec), spec.precision === undefined ? spec : { ...spec, zero: false }, true);
}

function formatFloatVerb(v: number, verb: string, spec: Spec): string {
  if (!Number.isFinite(v)) return pad(Number.isNaN(v) ? 'NaN' : v > 0 ? (spec.plus ? '+Inf' : 'Inf') : '-Inf', { ...spec, zero: false });
  const negative = v < 0 || Object.is(v, -0);
  const abs = Math.abs(v);
  let text: string;
  const exponent = (s: string) => s.replace(/e([+-])(\d)$/, 'e$10$2');
  switch (verb) {
    case 'e':
    case 'E':
      text = exponent(abs.toExponential(Math.min(spec.precision ?? 6, 100)));
      if (verb === 'E') text = text.toUpperCase();
      break;
    case 'f':
    case 'F':
      text = abs.toFixed(Math.min(spec.precision ?? 6, 100));
      break;
    case 'g':
    case 'G':
    case 'v':
      if (spec.precision === undefined) text = formatFloat(abs);
      else {
        const p = Math.max(1, Math.min(spec.precision, 100));
        const e = Math.floor(Math.log10(abs || 1));
        text = e < -4 || e >= p ? exponent(Number(abs.toExponential(p - 1)).toExponential()) : String(Number(abs.toPrecision(p)));
      }
      if (verb === 'G') text = text.toUpperCase();
      break;
    default:
      return bad(verb, v);
  }
  return pad(signed(text, negative, spec), spec, true);
}

function formatString(s: string, verb: string, spec: Spec): string {
  const cut = spec.precision !== undefined ? [...s].slice(0, spec.precision).join('') : s;
  switch (verb) {
    case 's':
    case 'v':
      return pad(cut, spec);
    case 'q':
      return pad(spec.sharp && !cut.includes('`') ? `\`${cut}\`` : goQuote(cut), spec);
    case 'x':
    case 'X': {
      const hex = [...new TextEncoder().encode(cut)].map((b) => b.toString(16).padStart(2, '0')).join(spec.space ? ' ' : '');
      return pad(verb === 'X' ? hex.toUpperCase() : hex, spec);
    }
    default:
      return bad(verb, s);
  }
}

/** How deep printf follows a slice or map into its items (a template's value may nest as deep as its loop makes it). */
const MAX_PRINT_DEPTH = 100;

/** One operand under one verb; a slice's or map's items under the same verb, each visited charged to the render (tree.ts). */
function formatOne(arg: GoValue, verb: string, spec: Spec, depth = 0): string {
  if (verb === 'T') return pad(arg === null ? '<nil>' : goTypeName(arg), spec);
  if (arg === null) return verb === 'v' || verb === 's' ? pad(verb === 'v' ? '<nil>' : bad(verb, arg), spec) : bad(verb, arg);
  if (typeof arg === 'boolean') return verb === 't' || verb === 'v' ? pad(String(arg), spec) : bad(verb, arg);
  if (typeof arg === 'bigint') return 'bcdoOqxXUv'.includes(verb) ? formatInt(arg, verb, spec) : bad(verb, arg);
  if (typeof arg === 'number') return 'eEfFgGv'.includes(verb) ? formatFloatVerb(arg, verb, spec) : bad(verb, arg);
  if (typeof arg === 'string') return formatString(arg, verb, spec);
  const listed = Array.isArray(arg) || (arg instanceof GoObject && arg.items);
  if (listed || arg instanceof Map) {
    if (!(verb === 'v' || verb === 's' || verb === 'd' || verb === 'q' || verb === 'x')) return bad(verb, arg);
    if (depth >= MAX_PRINT_DEPTH) throw new RangeError(`printf: a value nested more than ${MAX_PRINT_DEPTH} levels deep`);
    visited();
    if (arg instanceof Map) return pad(`map[${[...arg.keys()].sort().map((k) => `${formatOne(k, verb, {} as Spec, depth + 1)}:${formatOne(arg.get(k) ?? null, verb, {} as Spec, depth + 1)}`).join(' ')}]`, spec);
    const items = Array.isArray(arg) ? arg : (arg.items ?? []);
    return pad(`[${items.map((item) => formatOne(item, verb, { ...spec, width: undefined }, depth + 1)).join(' ')}]`, spec);
  }
  return verb === 'v' || verb === 's' ? pad(formatValue(arg), spec) : bad(verb, arg);
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[], limit = MAX_WIDTH * 4): string {
  let out = '';
  let argIndex = 0;
  let reordered = false;
  const add = (piece: string) => {
    if (out.length + piece.length > limit) throw new RangeError(`printf: output longer than ${limit} characters`);
    out += piece;
  };
  for (let i = 0; i < format.length; ) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      add(format.slice(i));
      break;
    }
    add(format.slice(i, percent));
    i = percent + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    const index = /^\[(\d+)\]/.exec(format.slice(i));
    if (index) {
      argIndex = Number(index[1]) - 1;
      reordered = true;
      i += index[0].length;
    }
    const readNumber = (): number | undefined => {
      if (format[i] === '*') {
        i++;
        const arg = args[argIndex++];
        return typeof arg === 'bigint' ? Number(arg) : undefined;
      }
      const digits = /^\d+/.exec(format.slice(i));
      if (!digits) return undefined;
      i += digits[0].length;
      return Number(digits[0]);
    };
    spec.width = readNumber();
    if (format[i] === '.') {
      i++;
      spec.precision = readNumber() ?? 0;
    }
    if ((spec.width ?? 0) > MAX_WIDTH || (spec.precision ?? 0) > MAX_WIDTH) throw new RangeError(`printf: width or precision over ${MAX_WIDTH}`);
    const verb = format[i];
    if (verb === undefined) {
      add('%!(NOVERB)');
      break;
    }
    i += verb.length;
    if (verb === '%') {
      add('%');
      continue;
    }
    if (argIndex >= args.length || argIndex < 0) {
      add(`%!${verb}(MISSING)`);
      continue;
    }
    add(formatOne(args[argIndex++], verb, spec));
  }
  if (!reordered && argIndex < args.length) out += `%!(EXTRA ${args.slice(argIndex).map((a) => (a === null ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`)).join(', ')})`;
  return out;
}
