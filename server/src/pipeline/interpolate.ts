import { t } from '../l10n/t';
/**
 * `${…}` interpolation as DVC 3 does it (checked against iterative/dvc, dvc/parsing/interpolate.py
 * and context.py, November 2025):
 * - a match is `${` not preceded by `\`, up to the first `}` (KEYCRE, non-greedy); `\${` is
 *   written back as `${` after interpolation;
 * - the expression is `word(.word|[word])*`, a word being anything but `.`, `[`, `]`; `a[0].b`
 *   is normalised to `a.0.b` and looked up key by key (list items by index);
 * - a string that is exactly one `${…}` takes the value itself (a number stays a number, a list
 *   stays a list: `foreach: ${models}`); anything else is concatenated with `to_str`: booleans as
 *   `true`/`false`, None as `None`, a dict (in `cmd` only) as `--key value` arguments;
 * - a value that is not a primitive is refused, except a dict in `cmd` and anything in `foreach`
 *   and `matrix` (validate_value).
 *
 * Unlike the regular expression, the scanner here is linear: each `${` looks for its `}` with one
 * indexOf, and a text with no `}` left stops the scan.
 */

export interface Match {
  /** Offsets in the template: the whole `${…}`. */
  start: number;
  end: number;
  /** The expression between the braces. */
  inner: string;
}

/** Every `${…}` of a template, in order. */
export function findMatches(template: string): Match[] {
  const matches: Match[] = [];
  let from = 0;
  for (;;) {
    const open = template.indexOf('${', from);
    if (open < 0) return matches;
    if (open > 0 && template[open - 1] === '\\') {
      from = open + 2;
      continue;
    }
    const close = template.indexOf('}', open + 2);
    if (close < 0) return matches;
    matches.push({ start: open, end: close + 1, inner: template.slice(open + 2, close) });
    from = close + 1;
  }
}

/**
 * The offset of the first `${` no `}` closes (DVC leaves it as written: likely a typo), or -1.
 * Linear: only a `${` after the text's last `}` can be unclosed.
 */
export function unclosedAt(template: string): number {
  let open = template.indexOf('${', template.lastIndexOf('}') + 1);
  while (open > 0 && template[open - 1] === '\\') open = template.indexOf('${', open + 2);
  return open;
}

export function isInterpolated(value: unknown): value is string {
  return typeof value === 'string' && findMatches(value).length > 0;
}

export class InterpolationError extends Error {
  constructor(
    message: string,
    /** Offsets of the offending `${…}` in the template, when one is to blame. */
    public match?: Match,
  ) {
    super(message);
  }
}

/** The keys of an expression (`item.params[0]` → `item`, `params`, `0`), or an error for a malformed one. */
export function parseExpression(inner: string): string[] {
  // pyparsing's grammar: word (PERIOD word | LBRACK word RBRACK)*; words are non-empty.
  const keys: string[] = [];
  let i = 0;
  const word = (): string => {
    let j = i;
    while (j < inner.length && inner[j] !== '.' && inner[j] !== '[' && inner[j] !== ']') j++;
    if (j === i) throw new InterpolationError(t('\'{0}\' is not a valid expression: expected a name at character {1}.', `\${${inner}}`, i + 1));
    const text = inner.slice(i, j);
    i = j;
    return text;
  };
  keys.push(word());
  while (i < inner.length) {
    if (inner[i] === '.') {
      i++;
      keys.push(word());
    } else if (inner[i] === '[') {
      i++;
      keys.push(word());
      if (inner[i] !== ']') throw new InterpolationError(t('\'{0}\' is not a valid expression: expected \']\' at character {1}.', `\${${inner}}`, i + 1));
      i++;
    } else {
      throw new InterpolationError(t('\'{0}\' is not a valid expression: unexpected \'{1}\' at character {2}.', `\${${inner}}`, inner[i], i + 1));
    }
  }
  return keys;
}

/**
 * The variables `${…}` reads: the merged `params.yaml` and `vars`, under the iteration's own
 * `item` and `key` (set per generated stage, never copied into the shared variables).
 */
export class Variables {
  /** Set when a file the variables come from could not be read here (not indexed): a missing name is then not an error. */
  incomplete = false;

  constructor(
    readonly values: Record<string, unknown> = {},
    readonly locals: Readonly<Record<string, unknown>> = {},
  ) {}

  withLocals(locals: Record<string, unknown>): Variables {
    const next = new Variables(this.values, locals);
    next.incomplete = this.incomplete;
    return next;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.locals, name) || Object.hasOwn(this.values, name);
  }

  /** The value an expression names; throws an InterpolationError naming the first key not found. */
  select(inner: string): unknown {
    const keys = parseExpression(inner);
    let value: unknown = Object.hasOwn(this.locals, keys[0]) ? this.locals[keys[0]] : this.values;
    const start = Object.hasOwn(this.locals, keys[0]) ? 1 : 0;
    for (let k = start; k < keys.length; k++) {
      const key = keys[k];
      if (Array.isArray(value) && /^\d+$/.test(key) && Number(key) < value.length) value = value[Number(key)];
      else if (isRecord(value) && Object.hasOwn(value, key)) value = value[key];
      else throw new MissingVariable(keys.slice(0, k + 1).join('.'));
    }
    return value;
  }
}

export class MissingVariable extends InterpolationError {
  constructor(readonly path: string) {
    super(t('\'{0}\' is not defined: not in params.yaml, vars, nor the stage\'s item/key.', path));
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const primitive = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Python's `str()` of what a YAML or JSON file holds, as DVC's to_str writes it. */
export function toStr(value: unknown): string {
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (value === null || value === undefined) return 'None';
  if (isRecord(value)) return dictToArgs(value);
  // Numbers: JavaScript's String() and Python's str() agree on integers and most decimals; they
  // differ on `1.0` (YAML reads it as the number 1: "1", where Python writes "1.0") and on
  // exponents ("0.00001" against "1e-05").
  return String(value);
}

/** DVC's `to_str(dict)`: `--key value` per flattened key (booleans as flags, lists as nargs). */
function dictToArgs(dict: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of flatten(dict, '')) {
    if (typeof value === 'boolean') {
      if (value) parts.push(`--${key}`);
    } else if (typeof value === 'string') {
      parts.push(`--${key} ${shellQuote(value)}`);
    } else if (Array.isArray(value)) {
      const items = value.map((item) => {
        if (typeof item === 'string') return shellQuote(item);
        if (typeof item === 'object' && item !== null) throw new InterpolationError(t('Cannot interpolate the nested list in \'{0}\'.', key));
        return toStr(item);
      });
      if (items.length > 0) parts.push(`--${key} ${items.join(' ')}`);
    } else {
      parts.push(`--${key} ${toStr(value)}`);
    }
  }
  return parts.join(' ');
}

function flatten(dict: Record<string, unknown>, prefix: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(dict)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isRecord(value)) out.push(...flatten(value, name));
    else out.push([name, value]);
  }
  return out;
}

/** Python's shlex.quote. */
function shellQuote(value: string): string {
  if (value === '') return "''";
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** Interpolated strings longer than this are refused: a hostile params file could grow output quadratically. */
export const maxInterpolatedLength = 100_000;

/**
 * Interpolates one string. `key` is the stage field it belongs to (`cmd`, `deps`, `foreach`, …),
 * which decides what a non-primitive value may do. Errors carry the `${…}` to blame.
 */
export function interpolate(template: string, variables: Variables, key: string | undefined): unknown {
  const matches = findMatches(template);
  if (matches.length === 0) return template.includes('\\${') ? template.replace(/\\\$\{/g, '${') : template;
  const valueOf = (match: Match): unknown => {
    try {
      const value = variables.select(match.inner);
      validate(value, key);
      return value;
    } catch (error) {
      if (error instanceof InterpolationError) error.match ??= match;
      throw error;
    }
  };
  if (matches.length === 1 && matches[0].start === 0 && matches[0].end === template.length) return valueOf(matches[0]);
  let out = '';
  let index = 0;
  for (const match of matches) {
    let text: string;
    try {
      text = toStr(valueOf(match));
    } catch (error) {
      if (error instanceof InterpolationError) error.match ??= match;
      throw error;
    }
    out += template.slice(index, match.start) + text;
    index = match.end;
    if (out.length > maxInterpolatedLength) throw new InterpolationError(t('The interpolated text is longer than {0} characters.', maxInterpolatedLength), match);
  }
  out += template.slice(index);
  return out.replace(/\\\$\{/g, '${');
}

function validate(value: unknown, key: string | undefined): void {
  if (primitive(value) || key === undefined || key.includes('foreach') || key.includes('matrix')) return;
  if (isRecord(value) && key === 'cmd') return;
  throw new InterpolationError(t('Cannot interpolate data of type \'{0}\' here: only strings, numbers and booleans (a dict in cmd).', Array.isArray(value) ? 'list' : 'dict'));
}
