import type * as JsYaml from 'js-yaml';
import { jsYaml } from './jsYaml';

/** The scalars of the block reader (yaml/blockReader.ts): where a plain one may start, how it resolves, a double-quoted one's escapes. */

/** Characters a plain scalar may not start with in this subset (YAML indicators, and `-`/`?`/`:` for simplicity when followed by a space). */
export function plainStartOk(code: number, next: number): boolean {
  switch (code) {
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case 0x27: // '
    case 0x22: // "
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case 0x3f: // ?
    case 0x3a: // :
      return false;
    case 0x2d: // "-x" is plain; "- " is a sequence entry, "-" alone too (NaN: the text's end)
      // (nor is "-" before a flow indicator in js-yaml's flow context)
      return next !== 0x20 && next !== 0x0a && next !== 0x2c && next !== 0x5b && next !== 0x5d && next !== 0x7b && next !== 0x7d && next === next;
    default:
      return true;
  }
}

/** js-yaml's core schema implicit types, in its order (exported by js-yaml 4 as `types`, absent from its typings); js-yaml is read on the first use (issue #68). */
let implicitTypes: JsYaml.Type[] | undefined;

/** Reads js-yaml's types (once): only for a plain scalar that may be a number (`mayBeNumber`), never for a name or a key. */
function coreTypes(): JsYaml.Type[] {
  const { types } = jsYaml() as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', JsYaml.Type> };
  return (implicitTypes = [types.null, types.bool, types.int, types.float]);
}

/**
 * The plain words that resolve to null or a boolean (core schema: js-yaml's null and bool types
 * resolve exactly these); every other plain scalar starting with a letter is a string. Written
 * out rather than built from js-yaml's types, so that a manifest of names and keys never loads
 * js-yaml (~5 ms of a cold open, #68); a unit test holds them to js-yaml's types.
 */
const words: ReadonlyMap<string, null | boolean> = new Map<string, null | boolean>([
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);

/**
 * Whether a plain scalar may resolve to null (`~`), an integer or a float in js-yaml's core
 * schema. Those are written with digits, signs, `_`, one dot at most, `~`, hexadecimal digits,
 * the `x`/`o` of a base and the letters of `.inf`/`.nan`: any other character, or a second dot
 * (`1.19.9`, `512Mi`, `25%`, `100m`), makes a string, with no type to ask. True is not certain.
 */
function mayBeNumber(text: string): boolean {
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) continue; // 0-9 a-f A-F
    switch (c) {
      case 0x2e: // .
        if (++dots > 1) return false;
        continue;
      case 0x2b: // +
      case 0x2d: // -
      case 0x5f: // _
      case 0x7e: // ~
      case 0x78: // x
      case 0x6f: // o
      case 0x69: // i
      case 0x6e: // n
      case 0x49: // I
      case 0x4e: // N
        continue;
      default:
        return false;
    }
  }
  return true;
}

/** Escapes of double-quoted scalars that stand for one character (YAML 1.2's table, as js-yaml reads them). */
const simpleEscapes: Readonly<Record<string, string>> = { '0': '\x00', a: '\x07', b: '\x08', t: '\t', n: '\n', v: '\x0B', f: '\x0C', r: '\r', e: '\x1B', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xA0', L: '\u2028', P: '\u2029' };

/** The escape after a backslash at `at` (before `end`): its character and the offset after it; undefined for anything else (left to js-yaml). */
export function readEscape(text: string, at: number, end: number): { value: string; end: number } | undefined {
  const letter = text[at];
  if (at < end && Object.hasOwn(simpleEscapes, letter)) return { value: simpleEscapes[letter], end: at + 1 };
  const digits = letter === 'x' ? 2 : letter === 'u' ? 4 : 0;
  const hex = text.slice(at + 1, at + 1 + digits);
  if (digits === 0 || at + digits >= end || !/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) return undefined;
  return { value: String.fromCharCode(parseInt(hex, 16)), end: at + 1 + digits };
}

/** A plain decimal integer (no sign but "-", no leading zero, not "-0", which js-yaml reads as 0): most numbers in manifests. */
const plainInteger = /^(?:0|-?[1-9][0-9]{0,14})$/;

/** A plain scalar's value, resolved as js-yaml's core schema resolves it. */
export function resolvePlain(text: string): unknown {
  const first = text.charCodeAt(0);
  // Letters: only the null and boolean words resolve (names and keys are most scalars).
  if ((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a)) {
    const word = words.get(text);
    return word === undefined ? text : word;
  }
  // Numbers (digits, sign, dot), .inf/.nan and ~ need the type tests; every other first character
  // makes a string.
  if (first === 0x7e || first === 0x2b || first === 0x2d || first === 0x2e || (first >= 0x30 && first <= 0x39)) {
    if (plainInteger.test(text)) return Number(text);
    if (!mayBeNumber(text)) return text;
    for (const type of implicitTypes ?? coreTypes()) if (type.resolve(text)) return type.construct(text);
  }
  return text;
}

/** An escape that can spell a letter in a double-quoted YAML scalar (`\x61`, `\u0061`, `\U…`), or an escaped line break. */
const SPELLING_ESCAPE = /\\(?:[xuU]|\r?\n)/;

/**
 * Whether a YAML text may hold a mapping key spelt `key`: written as such, or in a double-quoted key
 * through an escape that spells one of its letters or breaks it across lines. False is certain: a
 * question about that key needs no parse of the text.
 */
export function mayHoldKey(text: string, key: string): boolean {
  // No backslash, no escape: one native search instead of the expression's scan (a Compose file's edit asked it of the whole text, #68).
  return text.includes(key) || (text.includes('\\') && SPELLING_ESCAPE.test(text));
}
