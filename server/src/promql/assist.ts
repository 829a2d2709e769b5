import type { PromQLExpression, SyntaxNode } from './parse';
import { functionOf, signature, termNamed, type PromQLTerm } from './vocabulary';

/** What the cursor is on in an expression, for hover. */
export type PromQLHoverTarget =
  | { kind: 'term'; term: PromQLTerm; signature?: string; from: number; to: number }
  | { kind: 'metric'; name: string; from: number; to: number };

function ancestor(node: SyntaxNode | null, names: readonly string[]): SyntaxNode | null {
  for (let n = node; n; n = n.parent) if (names.includes(n.name)) return n;
  return null;
}

export function hoverTarget(expression: PromQLExpression, offset: number): PromQLHoverTarget | undefined {
  const node = expression.tree.resolveInner(offset, 1);
  const identifier = ancestor(node, ['FunctionIdentifier', 'AggregateOp']);
  if (identifier) {
    const name = expression.text.slice(identifier.from, identifier.to);
    const term = termNamed(name);
    if (!term) return undefined;
    const fn = identifier.name === 'FunctionIdentifier' ? functionOf(identifier) : undefined;
    return { kind: 'term', term, ...(fn ? { signature: signature(fn) } : {}), from: identifier.from, to: identifier.to };
  }
  if (node.name === 'Identifier' && node.parent?.name === 'VectorSelector') return { kind: 'metric', name: expression.text.slice(node.from, node.to), from: node.from, to: node.to };
  return undefined;
}

/** What may be written at the cursor: a label name (in `{…}` or `by (…)`), or a function, aggregation or metric. */
export interface PromQLCompletionSite {
  kind: 'label' | 'expression';
  /** Where the word being typed starts (it ends at the cursor). */
  from: number;
  /** For labels: the metric of the selector being written, if named. */
  metric?: string;
}

export function completionSite(expression: PromQLExpression, offset: number): PromQLCompletionSite | undefined {
  const text = expression.text;
  let from = offset;
  while (from > 0 && /[A-Za-z0-9_:]/.test(text[from - 1])) from--;
  const node = expression.tree.resolveInner(offset, -1);
  if (ancestor(node, ['StringLiteral'])) return undefined;
  const labels = ancestor(node, ['LabelMatchers', 'GroupingLabels']);
  if (labels) {
    // After the operator of a matcher, a value is typed, not a label.
    if (ancestor(node, ['MatchOp'])) return undefined;
    const selector = labels.name === 'LabelMatchers' ? labels.parent?.getChild('Identifier') : null;
    return { kind: 'label', from, ...(selector ? { metric: text.slice(selector.from, selector.to) } : {}) };
  }
  if (ancestor(node, ['DurationExpr', 'NumberDurationLiteralInDurationContext', 'OffsetDurationExpr'])) return undefined;
  return { kind: 'expression', from };
}

