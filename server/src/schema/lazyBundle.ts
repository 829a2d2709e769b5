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
 */
export function readSchemaBundle(data: Buffer): SchemaBundle {
  return lazyBundle(data) ?? (JSON.parse(data.toString('utf8')) as SchemaBundle);
}

/**
 * Random access to a bundle's file: `read` gives `length` bytes from `position` (fewer only at its end), `whole` the file;
 * `offsets`, the text of its offsets table when there is one (scripts/lib/bundle-offsets.mjs, `<bundle>.json.offsets`).
 */
export interface BundleFile {
  size: number;
  read(position: number, length: number): Buffer;
  whole(): Buffer;
  offsets?(): string | undefined;
}

/**
 * Reads a bundle's file only as far as the definitions: its top-level fields (`$id`, the kinds table) from the
 * file's head, and the definitions — the bulk of it, 1.8 MB for Kubernetes — when one is first read, then as
 * readSchemaBundle reads them. A Deployment that validates against its precompiled validator reads no definition,
 * so no more than the head of each bundle (argo.json included).
 *
 * It takes the generators' layout (`JSON.stringify(bundle, null, 2)`, scripts/gen-k8s-schemas.mjs) with `definitions`
 * the last top-level key: the head ends at the `"definitions"` key at two spaces, and the file with the definitions'
 * `}` at two spaces and the bundle's `}`. A file without both is read whole at once, as readSchemaBundle reads it.
 * A file with both whose definitions are not last (a top-level key at two spaces after them) cannot be told from the
 * head: its definitions' first read throws rather than leave the fields after them unread.
 */
export function openSchemaBundle(file: BundleFile): SchemaBundle {
  const found = headOf(file);
  if (!found) return readSchemaBundle(file.whole());
  let definitions: Record<string, JsonSchema> | undefined;
  let whole: Record<string, JsonSchema> | undefined;
  const read = (): Record<string, JsonSchema> => {
    if (whole) return whole;
    const data = file.whole();
    // A key at two spaces is a top-level one: the last must be the definitions' the head ended at, or the head missed fields.
    if (data.lastIndexOf(TOP_KEY) !== found.open) throw new Error(`Archipel: a schema bundle (${found.head.$id}) whose "definitions" is not its last field: write it as the generators do`);
    return (whole = readSchemaBundle(data).definitions);
  };
  return Object.defineProperty(found.head, 'definitions', { configurable: true, enumerable: true, get: () => (definitions ??= tabled(file, read) ?? read()) }) as SchemaBundle;
}

/**
 * The definitions by the bundle's offsets table (scripts/lib/bundle-offsets.mjs), each read alone where the table says,
 * when the table is for this very file (its size) and well formed; undefined otherwise. One JSON.parse of the table and
 * a proxy over it: no JavaScript per definition until one is read (the scan and its accessors were ~6 ms of a cold
 * open's first message). A span that is not its definition's in the generators' layout (its key before it, an object,
 * JSON) sends it and every later one to `whole`. The table is the generator's for this file, which writes the
 * definitions last: the whole read's check of that is not made here.
 */
function tabled(file: BundleFile, whole: () => Record<string, JsonSchema>): Record<string, JsonSchema> | undefined {
  const text = file.offsets?.();
  if (text === undefined) return undefined;
  let table: { 'archipel-offsets'?: unknown; size?: unknown; spans?: unknown };
  try {
    table = JSON.parse(text) as typeof table;
  } catch {
    return undefined;
  }
  if (typeof table !== 'object' || table === null || table['archipel-offsets'] !== 1 || table.size !== file.size) return undefined;
  const spans = table.spans;
  if (typeof spans !== 'object' || spans === null || Array.isArray(spans)) return undefined;
  const parsed = new Map<string, JsonSchema>();
  let all: Record<string, JsonSchema> | undefined;
  const read = (name: string): JsonSchema | undefined => {
    let value = parsed.get(name);
    if (value === undefined) {
      value = all ? all[name] : readSpan(file, name, (spans as Record<string, unknown>)[name]);
      if (value === undefined) value = (all ??= whole())[name];
      parsed.set(name, value);
    }
    return value;
  };
  // The table's own object is the target: its keys are the definitions' names, in the bundle's order (`in`,
  // Object.keys, enumeration); a definition's value is read on access.
  return new Proxy(spans as Record<string, JsonSchema>, {
    get: (target, key, receiver): unknown => (typeof key === 'string' && Object.hasOwn(target, key) ? read(key) : Reflect.get(target, key, receiver)),
    getOwnPropertyDescriptor: (target, key) => {
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      return own && typeof key === 'string' ? { ...own, value: read(key) } : own;
    },
  });
}

/** A definition's value at its span, read with the key before it (its own, at four spaces); undefined when it is not there. */
function readSpan(file: BundleFile, name: string, span: unknown): JsonSchema | undefined {
  if (!Array.isArray(span) || span.length !== 2) return undefined;
  const [start, end] = span as unknown[];
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end))) return undefined;
  const key = `${DEFINITION_INDENT}${JSON.stringify(name)}: `;
  const keyBytes = utf8.encode(key).length;
  const from = (start as number) - keyBytes;
  const length = (end as number) - from;
  if (from < 0 || length <= keyBytes || (end as number) > file.size) return undefined;
  const bytes = file.read(from, length);
  if (bytes.length !== length || bytes.toString('utf8', 0, keyBytes) !== key) return undefined;
  try {
    const value = JSON.parse(bytes.toString('utf8', keyBytes)) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : undefined;
  } catch {
    return undefined;
  }
}

/** The first read of the head, grown ×4 until it holds the definitions' key: the Kubernetes bundle's fields before it take 27 kB, Argo's 4 kB. */
const HEAD_BYTES = 32 * 1024;
/** The file's last bytes: the definitions' close, the bundle's, and the generators' final line feed. */
const END = '\n  }\n}\n';

const TOP_KEY = '\n  "';
const utf8 = new TextEncoder();
/** What precedes a definition's key (KEY ends with its quote). */
const DEFINITION_INDENT = '\n    ';

function headOf(file: BundleFile): { head: Omit<SchemaBundle, 'definitions'>; open: number } | undefined {
  if (file.size < END.length) return undefined;
  const end = file.read(file.size - END.length, END.length).toString('latin1');
  if (end !== END && !end.endsWith(END.slice(0, -1))) return undefined;
  for (let bytes = HEAD_BYTES; ; bytes *= 4) {
    const head = file.read(0, Math.min(bytes, file.size));
    const open = head.indexOf(OPEN);
    if (open !== -1) {
      try {
        return { head: JSON.parse(`${head.toString('utf8', 0, open)}\n  "definitions": {}\n}`) as Omit<SchemaBundle, 'definitions'>, open };
      } catch {
        return undefined;
      }
    }
    if (head.length >= file.size) return undefined;
  }
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
  // The definitions object closes at the first line holding only "  }" after it (its members sit deeper).
  let close = data.indexOf(CLOSE, bodyStart);
  while (close !== -1 && data[close + CLOSE.length] !== 0x0a && data[close + CLOSE.length] !== 0x2c) close = data.indexOf(CLOSE, close + 1);
  if (close === -1) return undefined;
  const spans: Span[] = [];
  let at = data.indexOf(KEY, bodyStart);
  while (at !== -1 && at < close) {
    const keyStart = at + KEY.length - 1; // the opening quote
    const colon = data.indexOf('": ', keyStart + 1);
    if (colon === -1 || colon > close) return undefined;
    // A key of printable ASCII without an escape is its own text (every generated name is): JSON.parse only for the others.
    let name = data.toString('latin1', keyStart + 1, colon);
    if (!PLAIN_KEY.test(name)) {
      try {
        name = JSON.parse(data.toString('utf8', keyStart, colon + 1)) as string;
      } catch {
        return undefined;
      }
    }
    const next = data.indexOf(KEY, colon);
    const end = next !== -1 && next < close ? next : close;
    // The value runs to the comma that precedes the next key (none after the last one).
    const valueEnd = data[end - 1] === 0x2c ? end - 1 : end;
    // Definitions are objects: a span that is not one means the layout is not the expected one.
    if (data[colon + 3] !== 0x7b || data[valueEnd - 1] !== 0x7d) return undefined;
    spans.push({ name, start: colon + 3, end: valueEnd });
    at = next;
  }
  let head: Omit<SchemaBundle, 'definitions'>;
  try {
    head = JSON.parse(`${data.toString('utf8', 0, open)}\n  "definitions": {}${data.toString('utf8', close + CLOSE.length)}`) as Omit<SchemaBundle, 'definitions'>;
  } catch {
    return undefined;
  }
  const definitions = lazyDefinitions(spans, ({ start, end }) => data.toString('utf8', start, end), () => (JSON.parse(data.toString('utf8')) as SchemaBundle).definitions);
  return { ...head, definitions };
}

/** Where a definition's value lies in a bundle's bytes. */
interface Span {
  name: string;
  start: number;
  end: number;
}

/**
 * The definitions object over `spans`: each definition's text (`text`) parsed on first access. A text that does not
 * read or parse means the layout is not the expected one: that definition and every later one come from `whole`.
 */
function lazyDefinitions(spans: readonly Span[], text: (span: Span) => string, whole: () => Record<string, JsonSchema>): Record<string, JsonSchema> {
  const definitions: Record<string, JsonSchema> = {};
  const parsed = new Map<string, JsonSchema>();
  let failed = false;
  let all: Record<string, JsonSchema> | undefined;
  // Parsed once, if ever: after a definition fails to parse alone, every definition comes from it.
  const fromWhole = (): Record<string, JsonSchema> => (all ??= whole());
  const parse = (span: Span): JsonSchema => {
    let value = parsed.get(span.name);
    if (value === undefined) {
      try {
        value = failed ? fromWhole()[span.name] : (JSON.parse(text(span)) as JsonSchema);
        // Definitions are objects: a span that is not one means the layout is not the expected one.
        if (!failed && (typeof value !== 'object' || value === null || Array.isArray(value))) throw new Error('not an object');
      } catch {
        // Not the expected layout after all: the whole text decides.
        failed = true;
        value = fromWhole()[span.name];
      }
      parsed.set(span.name, value);
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
  for (const span of spans) {
    Object.defineProperty(definitions, span.name, { configurable: true, enumerable: true, get: () => parse(span) });
  }
  return definitions;
}
