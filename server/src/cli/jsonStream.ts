/**
 * `JSON.stringify(value, null, 2)` of an object, written a batch of lines at a time instead of built as one string:
 * each top-level array (or iterable, e.g. a generator mapping a list lazily) is written item by item, so that a
 * report of 100,000 components never exists whole in memory, neither as objects nor as text (`archipel cost`'s
 * JSON, 77 MB on the 100,000-file monorepo). Byte for byte the one string's text. `out` ends each call with a
 * line end, as the CLI's writer does.
 */
const INDENT = '  ';

/** An item at depth `depth` (2: an item of a top-level array): its text with its own lines indented. */
const indented = (value: unknown, depth: number): string => {
  const text = (JSON.stringify(value, null, 2) as string | undefined) ?? 'null';
  return text.includes('\n') ? text.replace(/\n/g, `\n${INDENT.repeat(depth)}`) : text;
};

const streamed = (value: unknown): value is Iterable<unknown> =>
  Array.isArray(value) || (value !== null && typeof value === 'object' && typeof (value as { next?: unknown }).next === 'function' && Symbol.iterator in value);

/** `batch`: the entries (a line of the object, or a whole item of a list) written per call of `out`. */
export function writeJson(out: (text: string) => void, value: Record<string, unknown>, batch = 256): void {
  let lines: string[] = ['{'];
  const flush = () => {
    if (lines.length) out(lines.join('\n'));
    lines = [];
  };
  const push = (line: string) => {
    lines.push(line);
    if (lines.length >= batch) flush();
  };
  // What JSON.stringify writes of an object: the keys whose values are not undefined, functions or symbols.
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  entries.forEach(([key, v], n) => {
    const comma = n < entries.length - 1 ? ',' : '';
    const name = `${INDENT}${JSON.stringify(key)}: `;
    if (!streamed(v)) {
      push(`${name}${indented(v, 1)}${comma}`);
      return;
    }
    let previous: string | undefined;
    for (const item of v) {
      if (previous === undefined) push(`${name}[`);
      else push(`${previous},`);
      previous = `${INDENT.repeat(2)}${indented(item, 2)}`;
    }
    if (previous === undefined) push(`${name}[]${comma}`);
    else {
      push(previous);
      push(`${INDENT}]${comma}`);
    }
  });
  if (entries.length === 0) {
    out('{}');
    return;
  }
  push('}');
  flush();
}
