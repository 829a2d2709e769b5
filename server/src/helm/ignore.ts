/**
 * A chart's `.helmignore` as Helm's pkg/ignore reads it: one pattern a line (blank lines and `#`
 * comments skipped), `!` negating, a trailing `/` for folders only, a leading `/` anchoring at the
 * chart's folder, a pattern with a `/` matched against the whole relative path and one without
 * against the base name, each with Go's filepath.Match (`*`, `?`, `[…]`, `\`); `**` is refused.
 * A folder that is ignored hides everything under it. Matching is a table over the pattern and
 * the name (no regular expression built from the file's text).
 */

interface Pattern {
  glob: string;
  negate: boolean;
  mustDir: boolean;
  /** `root`: from the chart's folder; `path`: the whole relative path; `base`: the base name only. */
  scope: 'root' | 'path' | 'base';
}

export interface IgnoreRules {
  patterns: readonly Pattern[];
}

/** The rules of a `.helmignore` text (a line Helm refuses, `**`, is left out: Helm stops loading the chart there). */
export function parseIgnore(text: string): IgnoreRules {
  const patterns: Pattern[] = [];
  for (const line of text.split('\n')) {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#') || rule.includes('**')) continue;
    const negate = rule.startsWith('!');
    if (negate) rule = rule.slice(1);
    const mustDir = rule.endsWith('/');
    if (mustDir) rule = rule.slice(0, -1);
    if (rule.startsWith('/')) patterns.push({ glob: rule.slice(1), negate, mustDir, scope: 'root' });
    else patterns.push({ glob: rule, negate, mustDir, scope: rule.includes('/') ? 'path' : 'base' });
  }
  return { patterns };
}

/** One character class `[…]` at `at` in `glob`: whether it holds `c`, and where it ends; undefined when it is malformed. */
function inClass(glob: string, at: number, c: string): { match: boolean; end: number } | undefined {
  let i = at + 1;
  const negated = glob[i] === '^';
  if (negated) i++;
  let matched = false;
  let first = true;
  while (i < glob.length && (glob[i] !== ']' || first)) {
    first = false;
    let low = glob[i];
    if (low === '\\') low = glob[++i];
    if (low === undefined) return undefined;
    let high = low;
    if (glob[i + 1] === '-' && glob[i + 2] !== undefined && glob[i + 2] !== ']') {
      high = glob[i + 2];
      if (high === '\\') high = glob[i + 3];
      i += glob[i + 2] === '\\' ? 3 : 2;
    }
    if (high === undefined) return undefined;
    if (low <= c && c <= high) matched = true;
    i++;
  }
  if (glob[i] !== ']') return undefined;
  return { match: matched !== negated, end: i + 1 };
}

/** Go's filepath.Match on `/`-separated paths: `*` and `?` never cross a `/`. A table of which prefixes match, O(pattern × name). */
export function globMatch(glob: string, name: string): boolean {
  // reach[j]: the glob's prefix read so far matches name[0, j).
  let reach = new Array<boolean>(name.length + 1).fill(false);
  reach[0] = true;
  let i = 0;
  while (i < glob.length) {
    const next = new Array<boolean>(name.length + 1).fill(false);
    const c = glob[i];
    let step = 1;
    if (c === '*') {
      for (let j = 0; j <= name.length; j++) next[j] = reach[j] || (j > 0 && next[j - 1] && name[j - 1] !== '/');
    } else if (c === '[') {
      const shape = inClass(glob, i, '/');
      if (!shape) return false;
      step = shape.end - i;
      for (let j = 1; j <= name.length; j++) next[j] = reach[j - 1] && name[j - 1] !== '/' && inClass(glob, i, name[j - 1])!.match;
    } else {
      let literal = c;
      if (c === '\\') {
        literal = glob[i + 1];
        if (literal === undefined) return false;
        step = 2;
      }
      for (let j = 1; j <= name.length; j++) next[j] = reach[j - 1] && (c === '?' ? name[j - 1] !== '/' : name[j - 1] === literal);
    }
    reach = next;
    i += step;
    if (!reach.some(Boolean)) return false;
  }
  return reach[name.length];
}

function matches(pattern: Pattern, path: string): boolean {
  const subject = pattern.scope === 'base' ? path.slice(path.lastIndexOf('/') + 1) : path;
  return globMatch(pattern.glob, subject);
}

/** Helm's Rules.Ignore for one path (a negated rule that does not match ignores it, as Helm's own loop says). */
function ignoredEntry(rules: IgnoreRules, path: string, isDir: boolean): boolean {
  for (const pattern of rules.patterns) {
    if (pattern.negate) {
      if (pattern.mustDir && !isDir) return true;
      if (!matches(pattern, path)) return true;
      continue;
    }
    if (pattern.mustDir && !isDir) continue;
    if (matches(pattern, path)) return true;
  }
  return false;
}

/** Whether a chart-relative file path is left out of the chart: itself, or a folder on its way. */
export function isIgnored(rules: IgnoreRules, path: string): boolean {
  if (rules.patterns.length === 0) return false;
  const parts = path.split('/');
  for (let k = 1; k < parts.length; k++) if (ignoredEntry(rules, parts.slice(0, k).join('/'), true)) return true;
  return ignoredEntry(rules, path, false);
}
