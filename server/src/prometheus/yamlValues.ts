import { pairOf, type SourceNode } from '../yaml/tree';

/** A mapping's plain value and its node, walked together: values from the parse, positions from the source tree. */
export interface Located {
  value: unknown;
  node: SourceNode | null;
  /** The key's node when this value was reached through a mapping key. */
  key?: SourceNode | null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The mappings a `<<` merge key brings in (YAML 1.1 merge keys, which Prometheus's Go decoder honours). */
function merged(value: Record<string, unknown>): Record<string, unknown>[] {
  const merge = value['<<'];
  if (isRecord(merge)) return [merge];
  return Array.isArray(merge) ? merge.filter(isRecord) : [];
}

export function field(at: Located, name: string): Located | undefined {
  if (!isRecord(at.value)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(at.value, name)) {
    // A field merged in from an anchor: its value, placed on the merge key.
    const from = merged(at.value).find((m) => Object.prototype.hasOwnProperty.call(m, name));
    if (!from || name === '<<') return undefined;
    const pair = pairOf(at.node, '<<');
    return { value: from[name], node: null, key: pair?.keyNode ?? null };
  }
  const pair = pairOf(at.node, name);
  return { value: at.value[name], node: pair?.value ?? null, key: pair?.keyNode ?? null };
}

export function items(at: Located | undefined): Located[] {
  if (!at || !Array.isArray(at.value)) return [];
  const list: unknown[] = at.value;
  return list.map((value, i) => ({ value, node: at.node?.kind === 'seq' ? (at.node.items?.[i] ?? null) : null }));
}

export function entriesOf(at: Located | undefined): { name: string; at: Located }[] {
  if (!at || !isRecord(at.value)) return [];
  // Without a merge key, the names are the mapping's own (unique, in order): no set to build.
  if (!Object.prototype.hasOwnProperty.call(at.value, '<<')) return Object.keys(at.value).map((name) => ({ name, at: field(at, name)! }));
  const names = new Set(Object.keys(at.value).filter((name) => name !== '<<'));
  for (const m of merged(at.value)) for (const name of Object.keys(m)) names.add(name);
  return [...names].map((name) => ({ name, at: field(at, name)! }));
}

/** The span to report a problem of `at` on: its value, else its key, else `fallback`. */
export function spanOf(at: Located | undefined, fallback: SourceNode | null): { start: number; end: number } {
  const node = at?.node ?? at?.key ?? fallback;
  return node ? { start: node.start, end: node.end } : { start: 0, end: 0 };
}

export function keySpan(at: Located | undefined, fallback: SourceNode | null): { start: number; end: number } {
  const node = at?.key ?? at?.node ?? fallback;
  return node ? { start: node.start, end: node.end } : { start: 0, end: 0 };
}

/**
 * Maps an offset in a scalar's value to the chunk: exact for plain and quoted scalars written
 * without escapes and for literal blocks (`|`), whose lines are found in order; otherwise the
 * scalar's start (the caller then covers the whole value).
 */
export function scalarOffsets(chunkText: string, node: SourceNode | null, value: string): ((offset: number) => number) | undefined {
  if (!node) return undefined;
  const source = chunkText.slice(node.start, node.end);
  if (source === value) return (offset) => node.start + offset;
  if ((source.startsWith('"') || source.startsWith("'")) && source.slice(1, -1) === value) return (offset) => node.start + 1 + offset;
  if (source.startsWith('"') && !source.includes('\n')) return escapedOffsets(source, node.start);
  if (source.startsWith('|') || source.startsWith('>') || value.includes('\n')) {
    // Each line of the value is somewhere in the source, in order (literal blocks, plain multi-line scalars keep words).
    const starts: { valueAt: number; sourceAt: number }[] = [];
    let searchFrom = source.startsWith('|') || source.startsWith('>') ? source.indexOf('\n') + 1 : 0;
    let valueAt = 0;
    for (const line of value.split('\n')) {
      const found = line === '' ? -1 : source.indexOf(line, searchFrom);
      if (line !== '' && found < 0) return undefined;
      if (found >= 0) {
        starts.push({ valueAt, sourceAt: found });
        searchFrom = found + line.length;
      }
      valueAt += line.length + 1;
    }
    return (offset) => {
      let best = starts[0];
      for (const s of starts) if (s.valueAt <= offset) best = s;
      return node.start + (best ? best.sourceAt + offset - best.valueAt : 0);
    };
  }
  return undefined;
}

/** A one-line double-quoted scalar (YAML or JSON) with escapes: each escape is one character of the value. */
function escapedOffsets(source: string, start: number): ((offset: number) => number) | undefined {
  const positions: number[] = [];
  for (let i = 1; i < source.length - 1; i++) {
    positions.push(i);
    if (source[i] !== '\\') continue;
    const kind = source[i + 1];
    i += kind === 'u' ? 5 : kind === 'x' ? 3 : kind === 'U' ? 9 : 1;
  }
  positions.push(source.length - 1);
  return (offset) => start + (positions[Math.min(offset, positions.length - 1)] ?? 0);
}

/**
 * The quick-fix data of a "did you mean" (common/fixes.ts replaces the finding's range with it):
 * only when the span holds exactly what was written (a plain key or scalar, not quoted), so the
 * replacement is the suggestion as is.
 */
export function suggestionData(span: { start: number; end: number }, written: string, suggestion: string | undefined): { data?: { replacement: string } } {
  return suggestion !== undefined && span.end - span.start === written.length ? { data: { replacement: suggestion } } : {};
}
