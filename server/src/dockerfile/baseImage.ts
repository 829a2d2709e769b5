/**
 * A FROM's image reference with the build arguments put in as a build without `--build-arg` would (issue #95: docker-elk's
 * `FROM docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION}` kept no base image, so Elasticsearch was typed
 * nothing). The global ARGs' defaults are put in, `${VAR:-word}` gives its word when VAR has none; what stays unknown (an
 * ARG with no default, which a build argument gives) is kept as written. Pure: the reference and the global ARGs in.
 */

/** A piece of a value: text known, or an expression whose value a build argument gives (kept as written). */
interface Piece {
  readonly text: string;
  readonly known: boolean;
}

/** The global ARGs' values, each as pieces (undefined: declared with no default, or predefined: unknown). */
export type ArgValues = ReadonlyMap<string, readonly Piece[] | undefined>;

/** Nested `${…}` deeper than this is left unknown (a bound on the work a line can ask). */
const MAX_DEPTH = 8;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

const knownText = (pieces: readonly Piece[]): string | undefined => (pieces.every((p) => p.known) ? pieces.map((p) => p.text).join('') : undefined);

/** Pieces with neighbours of the same kind joined. */
function joined(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (piece.text === '') continue;
    const last = out[out.length - 1];
    if (last && last.known && piece.known) out[out.length - 1] = { text: last.text + piece.text, known: true };
    else out.push(piece);
  }
  return out;
}

/** The end (exclusive) of the `${…}` opening at `start`, nested braces counted; -1 when it is not closed. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** One `${NAME…}` or `$NAME` expression's pieces; `inner` is what the braces hold. */
function expansion(inner: string, written: string, args: ArgValues, depth: number): Piece[] {
  const name = NAME.exec(inner)?.[0];
  if (name === undefined || depth > MAX_DEPTH) return [{ text: written, known: false }];
  const rest = inner.slice(name.length);
  const value = args.get(name);
  const text = value === undefined ? undefined : knownText(value);
  if (rest === '') return value === undefined ? [{ text: written, known: false }] : [...value];
  const operator = /^(:?[-+?])/.exec(rest)?.[1];
  if (operator === undefined) return [{ text: written, known: false }];
  const word = () => substituted(rest.slice(operator.length), args, depth + 1);
  switch (operator) {
    // The word when VAR has no value: an ARG with no default is taken as given none (the build's default).
    case ':-':
      return value === undefined || text === '' ? word() : [...value];
    case '-':
      return value === undefined ? word() : [...value];
    case ':+':
      return value === undefined ? [{ text: written, known: false }] : text === '' ? [] : word();
    case '+':
      return value === undefined ? [{ text: written, known: false }] : word();
    default:
      // `${VAR:?message}`, `${VAR?message}`: the value, or the build fails.
      return value === undefined ? [{ text: written, known: false }] : [...value];
  }
}

/** A text's pieces with `$NAME` and `${NAME…}` put in from the global ARGs (BuildKit's word expansion, as FROM uses it). */
export function substituted(text: string, args: ArgValues, depth = 0): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '$') {
      literal += '$';
      i += 2;
    } else if (c === '$' && text[i + 1] === '{') {
      const end = closingBrace(text, i + 1);
      if (end < 0) {
        literal += text.slice(i);
        break;
      }
      pieces.push({ text: literal, known: true }, ...expansion(text.slice(i + 2, end - 1), text.slice(i, end), args, depth));
      literal = '';
      i = end;
    } else if (c === '$' && NAME.test(text.slice(i + 1, i + 2))) {
      const name = NAME.exec(text.slice(i + 1))![0];
      pieces.push({ text: literal, known: true }, ...expansion(name, text.slice(i, i + 1 + name.length), args, depth));
      literal = '';
      i += 1 + name.length;
    } else {
      literal += c;
      i++;
    }
  }
  pieces.push({ text: literal, known: true });
  return joined(pieces);
}

/**
 * The global ARGs (those before the first FROM, in their order) with their defaults resolved in turn: a default may
 * use an earlier ARG (`ARG BASE=python:${PYTHON_VERSION}-slim`).
 */
export function argValues(globalArgs: ReadonlyMap<string, string | undefined>): ArgValues {
  const values = new Map<string, readonly Piece[] | undefined>();
  for (const [name, raw] of globalArgs) values.set(name, raw === undefined ? undefined : substituted(raw, values));
  return values;
}

/**
 * A FROM's image read with the build's arguments: `known`, every part known (an image, or the name of an earlier stage);
 * else its repository known and its tag or digest given by a build argument, kept as written (`mysql:${MYSQL_VERSION}`).
 */
export interface BaseReference {
  readonly reference: string;
  readonly known: boolean;
}

/**
 * A FROM's image as the build reads it without build arguments; undefined when its repository itself is unknown
 * (`FROM ${BASE_IMAGE}` with no default, `FROM build-${TARGETARCH}`).
 */
export function baseReference(written: string, args: ArgValues): BaseReference | undefined {
  const pieces = substituted(written.trim(), args);
  const text = knownText(pieces);
  if (text !== undefined) return text === '' ? undefined : { known: true, reference: text };
  // Where the repository ends, each unknown piece taken as one character that is none of `/`, `:`, `@`.
  const flat = pieces.map((p) => (p.known ? p.text : '\u0000')).join('');
  const at = flat.indexOf('@');
  const name = at < 0 ? flat : flat.slice(0, at);
  const colon = name.indexOf(':', name.lastIndexOf('/') + 1);
  const end = colon >= 0 ? colon : at >= 0 ? at : flat.length;
  if (end === 0 || flat.slice(0, end).includes('\u0000')) return undefined;
  return { known: false, reference: pieces.map((p) => p.text).join('') };
}
