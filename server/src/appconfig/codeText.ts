/**
 * What a literal of a source line is, where its words say it is no address (issue #95): a URL inside a sentence for a person
 * to read (redash's `"You must set … Visit http://redash.io/help/… for more information."` in an exception), a string used as a
 * dictionary's key (redash's `profile["email"]`, `{"email": …}`). Pure; one pass over the line, no backtracking.
 */

/** The string literal of a line around `index` (offsets of its text, quotes excluded): `"…"`, `'…'` or `` `…` ``, escapes skipped. */
function literalAround(line: string, index: number): { start: number; end: number } | undefined {
  let open: string | undefined;
  let start = 0;
  for (let at = 0; at < line.length; at++) {
    const char = line[at];
    if (open !== undefined) {
      if (char === '\\') at++;
      else if (char === open) {
        if (index >= start && index < at) return { start, end: at };
        open = undefined;
      }
    } else if (char === '"' || char === "'" || char === '`') {
      open = char;
      start = at + 1;
    }
  }
  // A literal the line does not close (a multi-line string): its text runs to the line's end.
  return open !== undefined && index >= start ? { start, end: line.length } : undefined;
}

/** Words after which a URL is one to read, not to call: `Visit http://…`, `see https://…`, `docs: …`, `more at …`. */
const pointer = /\b(?:visit|see|at|docs?|documentation|read|refer to|check|consult|go to|details|info|information)\s{0,4}(?::\s{0,4})?[(<]?$/i;

/** A word of prose: two letters at least, between spaces or punctuation. */
const proseWord = /(?:^|[\s(])[A-Za-z]{2,}(?=[\s,.;:!?)]|$)/g;

/**
 * Whether the URL at [start, end) of a line is part of a sentence: inside a string literal whose other text names a pointer
 * before it (`Visit`, `see`) or holds three words of prose or more (a message, a help text, a log line). A literal holding
 * the URL alone, or beside a command's options (`"curl -s http://api:8080/health"`), is not one.
 */
export function urlInMessage(line: string, start: number, end: number): boolean {
  const literal = literalAround(line, start);
  if (!literal) return false;
  const before = line.slice(literal.start, start);
  if (pointer.test(before.trimEnd())) return true;
  const rest = `${before} ${line.slice(Math.min(end, literal.end), literal.end)}`;
  let words = 0;
  for (const _word of rest.matchAll(proseWord)) if (++words >= 3) return true;
  return false;
}

/**
 * Whether the quoted word at [start, end) (its quotes included) is a key: a subscript's (`profile["email"]`) or an entry's of
 * a dictionary or object literal (`{"email": …}`, `email: …` is not quoted). A key names a field, never a host.
 */
export function quotedKey(line: string, start: number, end: number): boolean {
  const after = line.slice(end).trimStart();
  if (line[start - 1] === '[' && after.startsWith(']')) return true;
  return after.startsWith(':') && !after.startsWith('::') && /[{,]\s{0,20}$|^\s{0,20}$/.test(line.slice(0, start));
}
