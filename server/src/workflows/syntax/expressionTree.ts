import type { Expr } from './expression';

// Walking a parsed expression: its nodes, and the context references it reads.

/** A dotted reference such as `needs.build.outputs.version`, with each segment's position. */
export interface Reference {
  segments: { name: string; start: number; end: number }[];
  node: Expr;
}

/** The reference chain of a property/index expression whose root is a context (`*` included). */
export function referenceOf(expr: Expr): Reference | undefined {
  const segments: Reference['segments'] = [];
  let node: Expr = expr;
  for (;;) {
    if (node.kind === 'context') {
      segments.unshift({ name: node.name, start: node.start, end: node.end });
      return { segments, node: expr };
    }
    if (node.kind === 'property') {
      segments.unshift({ name: node.name, start: node.nameStart, end: node.nameEnd });
      node = node.object;
    } else if (node.kind === 'index') {
      const index = node.index;
      if (index === null) segments.unshift({ name: '*', start: node.start, end: node.end });
      else if (index.kind === 'literal' && typeof index.value === 'string') segments.unshift({ name: index.value, start: index.start, end: index.end });
      // A numeric index (commits[0]) selects one element: it stands for any element.
      else if (index.kind === 'literal' && typeof index.value === 'number') segments.unshift({ name: '*', start: node.start, end: node.end });
      else return undefined;
      node = node.object;
    } else {
      return undefined;
    }
  }
}

/** The direct sub-expressions of a node. */
function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'property':
      return [expr.object];
    case 'index':
      return expr.index ? [expr.object, expr.index] : [expr.object];
    case 'call':
    case 'logical':
      return expr.args;
    case 'not':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'group':
      return [expr.expr];
    default:
      return [];
  }
}

/** Every node of the tree, parents before children (an explicit stack: a nested generator per level was quadratic in the depth). */
export function* walkExpression(expr: Expr): Generator<Expr> {
  const stack = [expr];
  for (let node = stack.pop(); node; node = stack.pop()) {
    yield node;
    const below = children(node);
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
  }
}

/** The longest reference chains of an expression (not their prefixes), in the order of the text. */
export function references(expr: Expr): Reference[] {
  const found: Reference[] = [];
  const stack = [expr];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const ref = referenceOf(node);
    if (ref) found.push(ref);
    else {
      const below = children(node);
      for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
    }
  }
  return found;
}
