/**
 * Kyverno's wildcards (`*` any run of characters, `?` one character), as minio's wildcard.Match that Kyverno uses: matched
 * by a linear two-pointer walk with one backtrack point, never a regular expression built from policy text.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === '' || pattern === '*') return pattern === '*' || text === '';
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether a string holds a wildcard. */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
