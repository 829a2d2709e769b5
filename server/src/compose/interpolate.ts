/**
 * Compose's variable interpolation (compose-go's template package, read November 2026): `$$` is a
 * literal `$`; `$VAR` and `${VAR}` substitute; `${VAR:-d}` / `${VAR-d}` default when unset or
 * empty / unset; `${VAR:?msg}` / `${VAR?msg}` fail when unset or empty / unset; `${VAR:+r}` /
 * `${VAR+r}` replace when set and non-empty / set. Defaults and replacements are interpolated in
 * turn. Names are case-insensitive in their pattern (`[_a-z][_a-z0-9]*`) but looked up as written.
 */

/** A variable read by a template, with where its `$` starts and its reference ends in the template. */
export interface VariableUse {
  name: string;
  start: number;
  end: number;
  /** Whether the reference gives a value when the variable is unset (a default, a `+` form). */
  hasDefault: boolean;
  /** `:?`/`?`: Compose refuses to start without it; the message given, if any. */
  required?: string;
}

export interface Interpolated {
  value: string;
  uses: VariableUse[];
  /** A malformed reference (`${`, `${1X}`): Compose refuses the file. `limit`: nested past MAX_NESTING, not read further. */
  invalid?: { start: number; end: number; limit?: true };
}

/** How deep `${A:-${B:-…}}` references nest before Archipel stops reading them (compose-limit): each level is a pass over its text. */
export const MAX_NESTING = 32;

export type Lookup = (name: string) => string | undefined;

const namePattern = /^[_a-zA-Z][_a-zA-Z0-9]*/;
/** A name where a `$` stands (sticky: no copy of the rest of the text per `$`). */
const nameAt = /[_a-zA-Z][_a-zA-Z0-9]*/y;

/** The end (exclusive) of the `${…}` opened at `open` (the `$`), nested references counted; -1 when unclosed. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '{' && i === open + 1) {
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Interpolates one string; `base` is added to the offsets reported, `depth` counts the enclosing references (for nested defaults). */
export function interpolate(template: string, lookup: Lookup, base = 0, depth = 0): Interpolated {
  if (!template.includes('$')) return { value: template, uses: [] };
  const uses: VariableUse[] = [];
  let invalid: Interpolated['invalid'];
  let out = '';
  let i = 0;
  while (i < template.length) {
    const at = template.indexOf('$', i);
    if (at === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, at);
    const next = template[at + 1];
    if (next === '$') {
      out += '$';
      i = at + 2;
      continue;
    }
    if (next !== '{') {
      nameAt.lastIndex = at + 1;
      const name = nameAt.exec(template)?.[0];
      if (!name) {
        out += '$';
        i = at + 1;
        continue;
      }
      const value = lookup(name);
      uses.push({ name, start: base + at, end: base + at + 1 + name.length, hasDefault: false });
      out += value ?? '';
      i = at + 1 + name.length;
      continue;
    }
    const close = closingBrace(template, at);
    const inner = close === -1 ? '' : template.slice(at + 2, close - 1);
    const name = namePattern.exec(inner)?.[0];
    if (close === -1 || !name) {
      invalid ??= { start: base + at, end: base + (close === -1 ? template.length : close) };
      out += template.slice(at, close === -1 ? template.length : close);
      i = close === -1 ? template.length : close;
      continue;
    }
    const rest = inner.slice(name.length);
    const operator = /^:?[-+?]/.exec(rest)?.[0];
    if (rest.length > 0 && !operator) {
      invalid ??= { start: base + at, end: base + close };
      out += template.slice(at, close);
      i = close;
      continue;
    }
    const wordOffset = at + 2 + name.length + (operator?.length ?? 0);
    const word = operator ? rest.slice(operator.length) : '';
    const value = lookup(name);
    const emptyCounts = operator?.startsWith(':') ?? false;
    const unset = value === undefined || (emptyCounts && value === '');
    const use: VariableUse = { name, start: base + at, end: base + close, hasDefault: operator !== undefined && !operator.endsWith('?') };
    const kind = operator?.slice(-1);
    if (kind === '?') use.required = word;
    uses.push(use);
    const nests = (kind === '-' && unset) || (kind === '+' && !unset);
    if (nests && depth >= MAX_NESTING && word.includes('$')) {
      invalid ??= { start: base + at, end: base + close, limit: true };
    } else if (kind === '-' && unset) {
      const nested = interpolate(word, lookup, base + wordOffset, depth + 1);
      uses.push(...nested.uses);
      invalid ??= nested.invalid;
      out += nested.value;
    } else if (kind === '+') {
      if (!unset) {
        const nested = interpolate(word, lookup, base + wordOffset, depth + 1);
        uses.push(...nested.uses);
        invalid ??= nested.invalid;
        out += nested.value;
      }
    } else {
      out += value ?? '';
    }
    i = close;
  }
  return invalid ? { value: out, uses, invalid } : { value: out, uses };
}

/**
 * A template's value when it is known: every variable it reads set, or given a default or a replacement (`${VAR:-d}`,
 * `${VAR:+r}`), and no reference malformed; undefined otherwise (an unset variable's value is the shell's, unknown here).
 * `emptyIsUnset`: a variable set to the empty string counts as unset too (a `.env`'s `TAG=` says no tag).
 */
export function knownInterpolation(template: string, lookup: Lookup, options: { emptyIsUnset?: boolean } = {}): string | undefined {
  const done = interpolate(template, lookup);
  const unset = (name: string) => {
    const value = lookup(name);
    return value === undefined || (options.emptyIsUnset === true && value === '');
  };
  return done.invalid || done.uses.some((use) => !use.hasDefault && unset(use.name)) ? undefined : done.value;
}

/** A `.env` line as Compose reads it: its key, and its value unless the line is `KEY` alone; undefined for a blank, a comment or another line. */
export interface DotEnvLine {
  key: string;
  /** Quotes removed (single literal, double with escapes), an unquoted value's ` # comment` left out, `${…}` read by the lookup. */
  value?: string;
}

/** One line of a `.env` file (compose-go's dotenv): `KEY=VALUE`, `export` allowed; `read` gives earlier variables. */
export function dotEnvLine(raw: string, read: Lookup): DotEnvLine | undefined {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=(.*))?$/.exec(line);
  if (!match) return undefined;
  const [, key, rawValue] = match;
  if (rawValue === undefined) return { key };
  let value = rawValue.trimStart();
  if (value.startsWith("'")) {
    const end = value.indexOf("'", 1);
    value = end === -1 ? value.slice(1) : value.slice(1, end);
  } else if (value.startsWith('"')) {
    const end = value.lastIndexOf('"');
    value = (end > 0 ? value.slice(1, end) : value.slice(1)).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    value = interpolate(value, read).value;
  } else {
    value = interpolate(value.replace(/(?<!\s)\s+#.*$/, '').trim(), read).value;
  }
  return { key, value };
}

/**
 * Reads a `.env` file as Compose does (compose-go's dotenv, dotEnvLine): values may reference earlier variables; `KEY` alone
 * takes the value from the environment Compose runs in (`lookup`: known, value unknown). Only the names and plain values matter here.
 */
export function parseDotEnv(text: string, lookup: Lookup = () => undefined): Map<string, string> {
  const vars = new Map<string, string>();
  const read: Lookup = (name) => vars.get(name) ?? lookup(name);
  for (const raw of text.split(/\r?\n/)) {
    const line = dotEnvLine(raw, read);
    if (line) vars.set(line.key, line.value ?? lookup(line.key) ?? '');
  }
  return vars;
}
