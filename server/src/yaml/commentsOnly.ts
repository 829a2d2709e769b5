/**
 * Whether a YAML text holds nothing but blank lines, comments and document markers (`---`, `...`,
 * each at the start of its line, optionally followed by a comment). Read line by line, without a
 * regular expression over the whole text: `/^(---\s*)?(#.*\s*)*$/` took 2^N steps on a line of N
 * `#` followed by content (issue #67, a `####` banner above a manifest froze every check).
 */
export function commentsOnly(text: string): boolean {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (!blankOrComment(text, start, end)) return false;
    start = end + 1;
  }
  return true;
}

function blankOrComment(text: string, start: number, end: number): boolean {
  let at = start;
  if ((text.startsWith('---', at) || text.startsWith('...', at)) && at + 3 <= end) at += 3;
  while (at < end && isBlank(text.charCodeAt(at))) at++;
  return at === end || text.charCodeAt(at) === 0x23; // '#': the rest of the line is a comment
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0xfeff;
}
