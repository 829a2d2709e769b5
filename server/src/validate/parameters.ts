/**
 * GX's suite parameters (#41): a kwarg written `{"$PARAMETER": "EXPRESSION"}` takes its value at run
 * time from the suite's `suite_parameters` (its meta), `--param NAME=VALUE` or a params file. The
 * expression is GX's small language (core/suite_parameters.py): numbers, names, `+ - * / ^`, unary
 * minus, parentheses, PI and E, and the functions sin, cos, tan, exp, abs, trunc, round, sgn, now(),
 * datetime(…) and timedelta(…) with positional or keyword arguments. It is evaluated here by a
 * parser of that grammar: nothing from the suite becomes code. A parameter that cannot be resolved
 * is an error the run reports as the expectation's exception, never an open bound.
 */
import { t } from '../l10n/t';

export class ParameterError extends Error {}

/** A time of day with no zone (Python's naive datetime), as milliseconds of a UTC clock. */
interface DateValue { kind: 'datetime'; ms: number }
/** Python's timedelta, in milliseconds. */
interface DeltaValue { kind: 'timedelta'; ms: number }
type Value = number | DateValue | DeltaValue;

type Token = { kind: 'num' | 'name' | 'op'; text: string };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:((?:\d+|\.\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_$.]*)|([-+*/^(),=]))/y;
  let at = 0;
  // Only blanks left: read where the tokens stopped (a copy of the rest for each token was quadratic).
  const blankToEnd = /\s*$/y;
  while (at < text.length) {
    blankToEnd.lastIndex = at;
    if (blankToEnd.test(text)) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new ParameterError(t('Parse Failure: unexpected "{0}" in the suite parameter expression "{1}"', text.slice(at).trim().slice(0, 20), text));
    out.push(m[1] !== undefined ? { kind: 'num', text: m[1] } : m[2] !== undefined ? { kind: 'name', text: m[2] } : { kind: 'op', text: m[3] });
    at = re.lastIndex;
  }
  return out;
}

const isDate = (v: Value): v is DateValue => typeof v === 'object' && v.kind === 'datetime';
const isDelta = (v: Value): v is DeltaValue => typeof v === 'object' && v.kind === 'timedelta';

/** A parameter's value as an operand: a number, else a time (GX parses the text with dateutil). */
function operand(value: unknown, name: string): Value {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = String(value).trim();
  if (/^[+-]?\d+$/.test(text) || /^[+-]?(\d+(?:\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/\d{4}-\d\d-\d\d/.test(text) ? text : `${text.replace(' ', 'T')}${text.includes('T') || text.includes(' ') ? '' : 'T00:00:00'}Z`);
  if (Number.isNaN(ms)) throw new ParameterError(t('No value found for $PARAMETER {0}', name));
  return { kind: 'datetime', ms };
}

const DELTA_UNITS: Record<string, number> = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1, microseconds: 0.001 };
const DELTA_ORDER = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];

function numberOf(v: Value, what: string): number {
  if (typeof v !== 'number') throw new ParameterError(t('Error while evaluating suite parameter expression: {0} takes numbers', what));
  return v;
}

function call(name: string, args: Value[], kwargs: Map<string, Value>, now: Date): Value {
  const one = () => numberOf(args[0], name);
  switch (name) {
    case 'sin': return Math.sin(one());
    case 'cos': return Math.cos(one());
    case 'tan': return Math.tan(one());
    case 'exp': return Math.exp(one());
    case 'abs': return Math.abs(one());
    case 'trunc': return Math.trunc(one());
    case 'round': {
      // Python's round: half to even.
      const x = one();
      const r = Math.round(x);
      return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
    case 'sgn': return one() < -1e-12 ? -1 : one() > 1e-12 ? 1 : 0;
    case 'now': {
      // datetime.now(): local time with no zone.
      return { kind: 'datetime', ms: now.getTime() - now.getTimezoneOffset() * 60_000 };
    }
    case 'timedelta': {
      let ms = 0;
      args.forEach((a, i) => { ms += numberOf(a, name) * DELTA_UNITS[DELTA_ORDER[i] ?? 'days']; });
      for (const [k, v] of kwargs) {
        if (!(k in DELTA_UNITS)) throw new ParameterError(t('Error while evaluating suite parameter expression: timedelta has no argument {0}', k));
        ms += numberOf(v, name) * DELTA_UNITS[k];
      }
      return { kind: 'timedelta', ms };
    }
    case 'datetime': {
      const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
      const parts = names.map((n, i) => (kwargs.has(n) ? numberOf(kwargs.get(n)!, name) : args[i] !== undefined ? numberOf(args[i], name) : i < 3 ? NaN : 0));
      if (parts.slice(0, 3).some((p) => Number.isNaN(p))) throw new ParameterError(t('Error while evaluating suite parameter expression: datetime needs a year, a month and a day'));
      return { kind: 'datetime', ms: Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], parts[6] / 1000) };
    }
    default:
      throw new ParameterError(t('Error while evaluating suite parameter expression: unknown function {0}', name));
  }
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (b === 0) throw new ParameterError(t('Error while evaluating suite parameter expression: division by zero'));
        return a / b;
      default: return a ** b;
    }
  }
  if (op === '+' && isDate(a) && isDelta(b)) return { kind: 'datetime', ms: a.ms + b.ms };
  if (op === '+' && isDelta(a) && isDate(b)) return { kind: 'datetime', ms: a.ms + b.ms };
  if (op === '-' && isDate(a) && isDelta(b)) return { kind: 'datetime', ms: a.ms - b.ms };
  if (op === '-' && isDate(a) && isDate(b)) return { kind: 'timedelta', ms: a.ms - b.ms };
  if ((op === '+' || op === '-') && isDelta(a) && isDelta(b)) return { kind: 'timedelta', ms: op === '+' ? a.ms + b.ms : a.ms - b.ms };
  if (op === '*' && isDelta(a) && typeof b === 'number') return { kind: 'timedelta', ms: a.ms * b };
  if (op === '*' && typeof a === 'number' && isDelta(b)) return { kind: 'timedelta', ms: a * b.ms };
  throw new ParameterError(t('Error while evaluating suite parameter expression: unsupported operand types for {0}', op));
}

/** GX's JSON form of a value: a time as Python's isoformat(), a timedelta as its seconds. */
function serializable(v: Value): unknown {
  if (typeof v === 'number') return v;
  if (isDelta(v)) return v.ms / 1000;
  const iso = new Date(v.ms).toISOString().replace('Z', '');
  return iso.endsWith('.000') ? iso.slice(0, -4) : `${iso}000`;
}

/** Evaluates GX's parameter expression `text` with `parameters` (names → values). */
export function evaluateParameter(text: string, parameters: Readonly<Record<string, unknown>>, now = new Date()): unknown {
  const list = tokens(text);
  // A lone name is the parameter's value itself, whatever its type.
  if (list.length === 1 && list[0].kind === 'name' && !/^(pi|e)$/i.test(list[0].text)) {
    if (!Object.hasOwn(parameters, list[0].text)) throw new ParameterError(t('No value found for $PARAMETER {0}', list[0].text));
    return parameters[list[0].text];
  }
  let at = 0;
  // Brackets, calls and `^` nest the evaluation: counted, so that `((((…` ends in a ParameterError, not a stack overflow.
  let depth = 0;
  const deeper = <T>(work: () => T): T => {
    if (++depth > 200) throw new ParameterError(t('Parse Failure: the suite parameter expression "{0}" nests more than {1} levels deep', text.length > 80 ? `${text.slice(0, 77)}...` : text, 200));
    try {
      return work();
    } finally {
      depth--;
    }
  };
  const peek = () => list[at];
  const expect = (op: string) => {
    if (peek()?.text !== op) throw new ParameterError(t('Parse Failure: expected "{0}" in the suite parameter expression "{1}"', op, text));
    at++;
  };
  const expr = (): Value => {
    let left = term();
    while (peek()?.kind === 'op' && (peek().text === '+' || peek().text === '-')) {
      const op = list[at++].text;
      left = arithmetic(op, left, term());
    }
    return left;
  };
  const term = (): Value => {
    let left = factor();
    while (peek()?.kind === 'op' && (peek().text === '*' || peek().text === '/')) {
      const op = list[at++].text;
      left = arithmetic(op, left, factor());
    }
    return left;
  };
  const factor = (): Value => {
    const base = atom();
    if (peek()?.text === '^') {
      at++;
      return arithmetic('^', base, deeper(factor));
    }
    return base;
  };
  const atom = (): Value => {
    let negate = false;
    while (peek()?.kind === 'op' && (peek().text === '+' || peek().text === '-')) if (list[at++].text === '-') negate = !negate;
    const token = list[at++];
    if (!token) throw new ParameterError(t('Parse Failure: the suite parameter expression "{0}" ends early', text));
    let value: Value;
    if (token.kind === 'num') value = Number(token.text);
    else if (token.kind === 'op' && token.text === '(') {
      value = deeper(expr);
      expect(')');
    } else if (token.kind === 'name' && peek()?.text === '(') {
      at++;
      const args: Value[] = [];
      const kwargs = new Map<string, Value>();
      while (peek() && peek().text !== ')') {
        if (peek().kind === 'name' && list[at + 1]?.text === '=') {
          const key = list[at].text;
          at += 2;
          kwargs.set(key, deeper(expr));
        } else args.push(deeper(expr));
        if (peek()?.text === ',') at++;
        else break;
      }
      expect(')');
      value = call(token.text, args, kwargs, now);
    } else if (token.kind === 'name' && /^pi$/i.test(token.text)) value = Math.PI;
    else if (token.kind === 'name' && /^e$/i.test(token.text)) value = Math.E;
    else if (token.kind === 'name') {
      if (!Object.hasOwn(parameters, token.text)) throw new ParameterError(t('No value found for $PARAMETER {0}', token.text));
      value = operand(parameters[token.text], token.text);
    } else throw new ParameterError(t('Parse Failure: unexpected "{0}" in the suite parameter expression "{1}"', token.text, text));
    if (!negate) return value;
    if (typeof value === 'number') return -value;
    if (isDelta(value)) return { kind: 'timedelta', ms: -value.ms };
    throw new ParameterError(t('Error while evaluating suite parameter expression: bad operand type for unary -'));
  };
  const value = expr();
  if (at < list.length) throw new ParameterError(t('Parse Failure: unexpected "{0}" in the suite parameter expression "{1}"', list[at].text, text));
  return serializable(value);
}

export const isParameter = (value: unknown): value is Record<string, unknown> & { $PARAMETER: unknown } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && '$PARAMETER' in value;

/**
 * The kwargs with every `{"$PARAMETER": …}` replaced by its value (GX's build_suite_parameters: a
 * temporary value `"$PARAMETER.NAME"` given beside it wins); throws ParameterError when one cannot be
 * resolved.
 */
export function resolveParameters(kwargs: Record<string, unknown>, parameters: Readonly<Record<string, unknown>>, now?: Date): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(kwargs)) {
    if (!isParameter(value)) continue;
    const expression = value.$PARAMETER;
    if (typeof expression !== 'string') throw new ParameterError(t('the suite parameter of {0} must be a text expression', key));
    const temporary = `$PARAMETER.${expression}`;
    out ??= { ...kwargs };
    out[key] = Object.hasOwn(value, temporary) ? value[temporary] : evaluateParameter(expression, parameters, now);
  }
  return out ?? kwargs;
}
