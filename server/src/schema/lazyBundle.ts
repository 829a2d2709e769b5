import type { Buffer } from 'node:buffer';
import type { JsonSchema, SchemaBundle } from './engine';

/**
 * Reads a schema bundle whose definitions are parsed on first access. The Kubernetes bundle is
 * 1.8 MB of JSON (hundreds of definitions, with descriptions for hover); a diagnostic, a
 * completion or a hover needs a handful of them, and the validators are precompiled. Parsing it
 * whole cost 10–30 ms of every cold start.
 *
 * It relies on the layout the generators write (`JSON.stringify(bundle, null, 2)`): each
 * definition is a key at exactly four spaces of indentation inside the top-level
 * `"definitions"` object. A raw line feed cannot occur inside a JSON string, so `\n    "` marks
 * exactly those keys. Any other layout — or a definition that does not parse — is read with a
 * plain `JSON.parse` of the whole text, so the result never differs, only its cost.
 *
 * The generators also write where the definitions lie (`x-archipel-definition-spans`,
 * scripts/lib/definitionSpans.mjs: each key's and value's length in bytes, in order), so the keys are
 * not searched for through the whole 2.45 MB of both bundles at every cold start (~5 ms, #68). Every
 * span is checked against the layout (a key at four spaces, `": {`, `}` then `,` or the
 * definitions' end, the spans tiling the definitions exactly); a file whose spans do not match is
 * scanned as before. (The names are trusted from the index only when every length still tiles the
 * text with these checks: an edit of a definition changes its length; lengths summed by hand so
 * that one span covers two definitions would not be caught — the file says "Do not edit by hand".)
 */
export function readSchemaBundle(data: Buffer): SchemaBundle {
  return lazyBundle(data) ?? (JSON.parse(data.toString('utf8')) as SchemaBundle);
}

const OPEN = '\n  "definitions": {';
const KEY = '\n    "';
const CLOSE = '\n  }';
/** Printable ASCII but the quote and the backslash. */
const PLAIN_KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Works on the file's bytes, not on a decoded string: the 1.8 MB file is never decoded whole, only
 * the keys and the few definitions read.
 */
function lazyBundle(data: Buffer): SchemaBundle | undefined {
  const open = data.indexOf(OPEN);
  if (open === -1) return undefined;
  const bodyStart = open + OPEN.length;
  const indexed = indexedSpans(data, open, bodyStart);
  // The definitions object closes at the first line holding only "  }" after it (its members sit deeper).
  let close = indexed ? indexed.close : data.indexOf(CLOSE, bodyStart);
  while (close !== -1 && data[close + CLOSE.length] !== 0x0a && data[close + CLOSE.length] !== 0x2c) close = data.indexOf(CLOSE, close + 1);
  if (close === -1) return undefined;
  let head: Omit<SchemaBundle, 'definitions'>;
  try {
    head = JSON.parse(`${data.toString('utf8', 0, open)}\n  "definitions": {}${data.toString('utf8', close + CLOSE.length)}`) as Omit<SchemaBundle, 'definitions'>;
  } catch {
    return undefined;
  }
  const spans = indexed ? indexed.spans : scannedSpans(data, bodyStart, close);
  return spans && withDefinitions(data, head, spans);
}

/** The line of the generators' index of the definitions (scripts/lib/definitionSpans.mjs), in the bundle's head: a string of byte lengths. */
const SPANS_LINE = '\n  "x-archipel-definition-spans": "';
const LENGTHS = /^\d+(?: \d+)*$/;

interface Span {
  name: string;
  start: number;
  end: number;
}

/** A definition's key between its quotes, `[from, to)`: its own text when plain ASCII without an escape (every generated name), else read as JSON; undefined when not a JSON string. */
function keyName(data: Buffer, from: number, to: number): string | undefined {
  const name = data.toString('latin1', from, to);
  if (PLAIN_KEY.test(name)) return name;
  try {
    return JSON.parse(data.toString('utf8', from - 1, to + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * The definitions' spans from the bundle's index (pairs of byte lengths: key, value), each checked
 * against the layout the scan relies on, tiling the body from its start to the definitions' close;
 * undefined without an index, or when any span does not match.
 */
function indexedSpans(data: Buffer, open: number, bodyStart: number): { spans: Span[]; close: number } | undefined {
  const head = data.subarray(0, open);
  const line = head.indexOf(SPANS_LINE);
  if (line === -1) return undefined;
  const from = line + SPANS_LINE.length;
  const quote = head.indexOf(0x22, from);
  if (quote === -1) return undefined;
  const index = data.toString('latin1', from, quote);
  if (!LENGTHS.test(index)) return undefined;
  const lengths = index.split(' ');
  if (lengths.length % 2 !== 0) return undefined;
  const spans: Span[] = [];
  let at = bodyStart;
  for (let i = 0; i < lengths.length; i += 2) {
    // `\n    "` + key + `": {` … `}`, then `,` before the next key.
    if (i > 0) {
      if (data[at] !== 0x2c) return undefined;
      at++;
    }
    if (data[at] !== 0x0a || data[at + 1] !== 0x20 || data[at + 2] !== 0x20 || data[at + 3] !== 0x20 || data[at + 4] !== 0x20 || data[at + 5] !== 0x22) return undefined;
    const keyStart = at + KEY.length;
    const colon = keyStart + Number(lengths[i]);
    const start = colon + 3;
    const end = start + Number(lengths[i + 1]);
    if (end > data.length || data[colon] !== 0x22 || data[colon + 1] !== 0x3a || data[colon + 2] !== 0x20 || data[start] !== 0x7b || data[end - 1] !== 0x7d || end - start < 2) return undefined;
    const name = keyName(data, keyStart, colon);
    if (name === undefined) return undefined;
    spans.push({ name, start, end });
    at = end;
  }
  // The last definition ends at the definitions' close: a line holding only "  }".
  if (spans.length === 0 || data.indexOf(CLOSE, at) !== at || (data[at + CLOSE.length] !== 0x0a && data[at + CLOSE.length] !== 0x2c)) return undefined;
  return { spans, close: at };
}

/** The definitions' spans found by searching the body for keys at four spaces; undefined when the layout is not the expected one. */
function scannedSpans(data: Buffer, bodyStart: number, close: number): Span[] | undefined {
  const spans: Span[] = [];
  let at = data.indexOf(KEY, bodyStart);
  while (at !== -1 && at < close) {
    const keyStart = at + KEY.length - 1; // the opening quote
    const colon = data.indexOf('": ', keyStart + 1);
    if (colon === -1 || colon > close) return undefined;
    // A key of printable ASCII without an escape is its own text (every generated name is): JSON.parse only for the others.
    const name = keyName(data, keyStart + 1, colon);
    if (name === undefined) return undefined;
    const next = data.indexOf(KEY, colon);
    const end = next !== -1 && next < close ? next : close;
    // The value runs to the comma that precedes the next key (none after the last one).
    const valueEnd = data[end - 1] === 0x2c ? end - 1 : end;
    // Definitions are objects: a span that is not one means the layout is not the expected one.
    if (data[colon + 3] !== 0x7b || data[valueEnd - 1] !== 0x7d) return undefined;
    spans.push({ name, start: colon + 3, end: valueEnd });
    at = next;
  }
  return spans;
}

/** The bundle: its head, and definitions parsed from their spans on first access. */
function withDefinitions(data: Buffer, head: Omit<SchemaBundle, 'definitions'>, spans: readonly Span[]): SchemaBundle {
  const definitions: Record<string, JsonSchema> = {};
  const parsed = new Map<string, JsonSchema>();
  let failed = false;
  let all: Record<string, JsonSchema> | undefined;
  // Parsed once, if ever: after a definition fails to parse alone, every definition comes from it.
  const whole = (): Record<string, JsonSchema> => (all ??= (JSON.parse(data.toString('utf8')) as SchemaBundle).definitions);
  const parse = (name: string, start: number, end: number): JsonSchema => {
    let value = parsed.get(name);
    if (value === undefined) {
      try {
        value = failed ? whole()[name] : (JSON.parse(data.toString('utf8', start, end)) as JsonSchema);
      } catch {
        // Not the expected layout after all: the whole text decides.
        failed = true;
        value = whole()[name];
      }
      parsed.set(name, value);
    }
    return value;
  };
  // Getters that stay getters: turning each into a data property on first access would be
  // simpler, but V8 takes milliseconds per redefinition on an object with hundreds of accessors.
  // The object is put in dictionary mode before they are defined (a property added, then
  // deleted, not the last one): defining hundreds of accessors on a fast-mode object copies its
  // descriptors at every step (3 ms for the Kubernetes bundle's 932, against 0.5).
  definitions[' a'] = {};
  definitions[' b'] = {};
  delete definitions[' a'];
  delete definitions[' b'];
  for (const { name, start, end } of spans) {
    Object.defineProperty(definitions, name, { configurable: true, enumerable: true, get: () => parse(name, start, end) });
  }
  return { ...head, definitions };
}
