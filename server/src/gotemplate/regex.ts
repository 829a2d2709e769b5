/**
 * Sprig's regex functions on RE2 (re2js, loaded on first use): Go's syntax and linear time
 * whatever the pattern, Go's `$1`/`${name}` expansion in replacements. A pattern RE2 refuses is
 * the template error Helm gives (must*), or no match (the lenient forms).
 */
import type * as Re2js from './re2.lazy';
import type { GoFunction } from './exec';
import { longestString, visited } from './tree';
import { GoError, type GoValue } from './values';

type RE2 = ReturnType<typeof Re2js.RE2JS.compile>;
let re2js: typeof Re2js.RE2JS | undefined;
const compiled = new Map<string, RE2 | string>();

/** RE2's JavaScript port, loaded on first use (also for values.schema.json's patterns). */
export function re2(): typeof Re2js.RE2JS {
  return (re2js ??= (require('./re2.lazy') as typeof Re2js).RE2JS);
}

/** A compiled pattern, or RE2's complaint (cached: a chart repeats its patterns). */
function compile(pattern: string): RE2 {
  const re2js = re2();
  let entry = compiled.get(pattern);
  if (entry === undefined) {
    try {
      entry = re2js.compile(pattern);
    } catch (error) {
      entry = `error parsing regexp: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, entry);
  }
  if (typeof entry === 'string') throw new GoError(entry);
  return entry;
}

interface Match {
  start: number;
  end: number;
  groups: (string | null)[];
}

/** Each match of `pattern` in `text` in turn (at most `limit`; -1: all), each charged to the render as a visited value (tree.ts): 3 MB of one letter is 3 million matches. */
function eachMatch(pattern: string, text: string, limit: number, found: (m: Match) => void): void {
  const re = compile(pattern);
  const matcher = re.matcher(text);
  let count = 0;
  let from = 0;
  while ((limit < 0 || count < limit) && from <= text.length && matcher.find(from)) {
    visited();
    const start = matcher.start();
    const end = matcher.end();
    const groups: (string | null)[] = [];
    for (let g = 0; g <= matcher.groupCount(); g++) groups.push(matcher.group(g));
    found({ start, end, groups });
    count++;
    from = end === start ? end + 1 : end;
  }
}

function matches(pattern: string, text: string, limit: number): Match[] {
  const found: Match[] = [];
  eachMatch(pattern, text, limit, (m) => found.push(m));
  return found;
}

/** Go's Regexp.Expand of a replacement template: `$1`, `${1}`, `$name`, `$$`. */
function expand(template: string, match: Match, names: Map<string, number>): string {
  return template.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (_, all: string, braced?: string, bare?: string) => {
    if (all === '$') return '$';
    const name = braced ?? bare ?? '';
    const index = /^\d+$/.test(name) ? Number(name) : names.get(name);
    return index === undefined ? '' : (match.groups[index] ?? '');
  });
}

function groupNames(pattern: string): Map<string, number> {
  const names = new Map<string, number>();
  let index = 0;
  for (const m of pattern.matchAll(/\\.|\((\?P?<(\w+)>|\?)?/g)) {
    if (m[0].startsWith('\\')) continue;
    if (m[1] === '?') continue;
    index++;
    if (m[2]) names.set(m[2], index);
  }
  return names;
}

/** Go's ReplaceAllString: the result's length checked as it grows, before each piece is added (a replacement may double a 3 MB text). */
function replaceAll(pattern: string, text: string, replacement: (m: Match) => string): string {
  const pieces: string[] = [];
  let length = 0;
  const longest = longestString();
  const add = (piece: string) => {
    length += piece.length;
    if (length > longest) throw new RangeError(`regexReplaceAll: a result longer than ${longest} characters`);
    pieces.push(piece);
  };
  let last = 0;
  eachMatch(pattern, text, -1, (m) => {
    add(text.slice(last, m.start));
    add(replacement(m));
    last = m.end;
  });
  add(text.slice(last));
  return pieces.join('');
}

/** Go's Regexp.Split(s, n). */
function split(pattern: string, text: string, n: number): string[] {
  if (n === 0) return [];
  if (pattern.length > 0 && text.length === 0) return [''];
  const found = matches(pattern, text, n > 0 ? n - 1 : -1);
  const out: string[] = [];
  let beg = 0;
  for (const m of found) {
    if (m.end === 0) continue;
    out.push(text.slice(beg, m.start));
    beg = m.end;
  }
  out.push(text.slice(beg));
  return out;
}

const s = (v: GoValue) => v as string;
type Pair = [string, GoFunction];
/** A function and its must* form: alike, as sprig's compile with MustCompile (a bad pattern fails both) but regexMatch. */
const both = (name: string, params: GoFunction['params'], body: (args: GoValue[]) => GoValue): Pair[] => [
  [name, { params, call: body }],
  [`must${name[0].toUpperCase()}${name.slice(1)}`, { params, call: body }],
];

/** regexMatch ignores a pattern RE2 refuses (regexp.MatchString's error is dropped): no match. */
function lenientMatch(args: GoValue[]): GoValue {
  try {
    return matches(s(args[0]), s(args[1]), 1).length > 0;
  } catch (error) {
    if (error instanceof GoError) return false;
    throw error;
  }
}

/** regexMatch, regexFind, regexFindAll, regexReplaceAll(Literal), regexSplit, regexQuoteMeta and their must* forms. */
export const regexFunctions: Pair[] = [
  ['regexMatch', { params: ['string', 'string'], call: lenientMatch }],
  ['mustRegexMatch', { params: ['string', 'string'], call: ([re, text]) => matches(s(re), s(text), 1).length > 0 }],
  ...both('regexFind', ['string', 'string'], ([re, text]) => matches(s(re), s(text), 1)[0]?.groups[0] ?? ''),
  ...both('regexFindAll', ['string', 'string', 'int'], ([re, text, n]) => matches(s(re), s(text), Number(n)).map((m) => m.groups[0] ?? '')),
  ...both('regexReplaceAll', ['string', 'string', 'string'], ([re, text, repl]) => replaceAll(s(re), s(text), (m) => expand(s(repl), m, groupNames(s(re))))),
  ...both('regexReplaceAllLiteral', ['string', 'string', 'string'], ([re, text, repl]) => replaceAll(s(re), s(text), () => s(repl))),
  ...both('regexSplit', ['string', 'string', 'int'], ([re, text, n]) => split(s(re), s(text), Number(n))),
  ['regexQuoteMeta', { params: ['string'], call: ([text]) => s(text).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&') }],
];
