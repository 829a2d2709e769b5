/**
 * How far aliases expand a value. A YAML alias shares its anchor's value; a "billion laughs"
 * document nests aliases of aliases until the expanded value is astronomically large while its
 * text stays tiny. Anything that walks the value (schema validation, JSON, a rule) would then
 * walk the expansion, so such a document is refused. The size is counted once per shared value
 * (memoised by identity), in time linear in the number of distinct values.
 */
import { formatNumber, t } from '../l10n/t';

/** Values an expansion may add beyond ten times the document's own: generous for `<<` merges and shared blocks. */
const EXPANSION_ALLOWANCE = 100_000;

/** A message when `value`'s expansion exceeds ten times its distinct values plus the allowance, else undefined. */
export function expansionBeyondLimit(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let distinct = 0;
  let overflow = false;
  const limit = () => 10 * distinct + EXPANSION_ALLOWANCE;
  // An explicit stack (not recursion): a deep value must not exhaust V8's stack here either.
  const stack: { node: object; children: unknown[]; at: number; size: number }[] = [];
  const enter = (node: object) => {
    open.add(node);
    distinct++;
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), at: 0, size: 1 });
  };
  enter(value);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.at < frame.children.length) {
      const child = frame.children[frame.at++];
      if (child === null || typeof child !== 'object') frame.size++;
      else if (sizes.has(child)) frame.size += sizes.get(child)!;
      else if (open.has(child)) frame.size++; // a cycle (js-yaml cannot build one; be safe)
      else enter(child);
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    sizes.set(frame.node, frame.size);
    if (frame.size > limit()) overflow = true;
    if (stack.length > 0) stack[stack.length - 1].size += frame.size;
  }
  if (!overflow) return undefined;
  return t('aliases expand this document to {0} values, more than ten times its {1} distinct values (a "billion laughs" document). Archipel does not expand it.', formatNumber(sizes.get(value)!), formatNumber(distinct));
}
