/**
 * Grafana's template variable syntax in queries and titles: `$name`, `${name}`, `${name:format}`,
 * `${name.field}` and the deprecated `[[name]]`. Built-ins start with `__` (`$__rate_interval`,
 * `$__range`, `${__from}`), plus `$timeFilter`-style macros of SQL data sources.
 */
const variablePattern = /\$\{([A-Za-z0-9_]+)(?:[.:][^}]*)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]/g;

export interface VariableUse {
  name: string;
  from: number;
  to: number;
}

/** `$1`, `${2}`: a regular expression's group in a replacement (label_replace's, a relabelling's), which Grafana leaves alone unless a variable has that name. */
const isGroupReference = (name: string) => /^\d+$/.test(name);

export function variableUses(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  for (const match of text.matchAll(variablePattern)) {
    const name = match[1] ?? match[2] ?? match[3] ?? '';
    if (!isGroupReference(name)) uses.push({ name, from: match.index, to: match.index + match[0].length });
  }
  return uses;
}

export function isBuiltin(name: string): boolean {
  return name.startsWith('__') || name === 'timeFilter' || name === 'interval' || name === 'interval_ms';
}

/**
 * The expression with each variable replaced by text PromQL accepts in its place: a duration in
 * a range or after `offset`, an identifier elsewhere (labels, metric names glued to a variable).
 * Type errors of such an expression are not reported: a variable may stand for a number.
 */
export function substituteVariables(text: string): string {
  return text.replace(variablePattern, (whole: string, ...rest: unknown[]) => {
    const name = [rest[0], rest[1], rest[2]].find((group): group is string => typeof group === 'string') ?? '';
    if (isGroupReference(name)) return whole;
    const offset = rest[rest.length - 2] as number;
    const before = text.slice(0, offset).trimEnd();
    // `offset -$__interval` (a negative offset) reads a duration too.
    const inRange = /(\[|:|\boffset(\s*-)?)$/i.test(before) || /^\s*[\]:]/.test(text.slice(offset + whole.length));
    return inRange ? '5m' : 'x';
  });
}
