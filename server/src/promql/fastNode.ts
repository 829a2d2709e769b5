/**
 * The nodes of fastParse.ts's trees: the part of Lezer's SyntaxNode that analysis.ts and the rule checks read,
 * small, since a cold check of a rule folder keeps a thousand trees (parse.ts keeps parsed expressions).
 */

/** Lezer's `Expr` group: what `getChild('Expr')` matches. */
const exprGroup = new Set(['AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'OffsetExpr', 'AnchoredExpr', 'SmoothedExpr', 'ParenExpr', 'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector', 'StepInvariantExpr']);
const notError = { isError: false } as const;
/** The children of a leaf: one list for all (never changed). */
export const none: FastNode[] = [];

/** A node of the tree, with the part of Lezer's SyntaxNode the tree's readers use. */
export class FastNode {
  parent: FastNode | null = null;
  index = 0;
  /** The depth of its subtree, counted as parse.ts counts Lezer's nodes. */
  depth = 1;
  constructor(
    readonly name: string,
    readonly from: number,
    public to: number,
    public children: FastNode[] = none,
  ) {
    for (let i = 0; i < children.length; i++) {
      children[i].parent = this;
      children[i].index = i;
      if (children[i].depth >= this.depth) this.depth = children[i].depth + 1;
    }
  }
  /** Takes `child` (a comment, a leaf) as its child at `at`. */
  adopt(at: number, child: FastNode): void {
    this.children = [...this.children.slice(0, at), child, ...this.children.slice(at)];
    for (let i = 0; i < this.children.length; i++) {
      this.children[i].parent = this;
      this.children[i].index = i;
    }
  }
  /** On the prototype, not on each node: a cold check keeps a thousand trees. */
  get type(): typeof notError {
    return notError;
  }
  get node(): FastNode {
    return this;
  }
  get firstChild(): FastNode | null {
    return this.children[0] ?? null;
  }
  get lastChild(): FastNode | null {
    return this.children[this.children.length - 1] ?? null;
  }
  get nextSibling(): FastNode | null {
    return this.parent?.children[this.index + 1] ?? null;
  }
  get prevSibling(): FastNode | null {
    return this.index > 0 ? (this.parent?.children[this.index - 1] ?? null) : null;
  }
  getChild(name: string): FastNode | null {
    // An index, not for…of: a cold check runs this in V8's baseline tiers, where for…of makes an iterator and a result per child.
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i].name === name || (name === 'Expr' && exprGroup.has(children[i].name))) return children[i];
    return null;
  }
  getChildren(name: string): FastNode[] {
    return this.children.filter((child) => child.name === name || (name === 'Expr' && exprGroup.has(child.name)));
  }
}

/** Labels of a GroupingLabels node. */
export function labelsOf(node: FastNode | undefined, text: string): string[] {
  return node ? node.children.map((label) => text.slice(label.from, label.to)) : [];
}

/**
 * The comments placed as Lezer places its skipped LineComment nodes: in the smallest node that holds the tokens on
 * both sides of it, among that node's children in order. A comment before or after the whole expression is beside it,
 * under Lezer's `PromQL` top node, and a comment first is then `topNode.firstChild` (what the readers are given, as
 * parse.ts gives Lezer's). Returns that first node.
 */
export function withComments(expression: FastNode, comments: readonly number[], length: number): FastNode {
  const outside: FastNode[] = [];
  for (let i = 0; i < comments.length; i += 2) {
    const comment = new FastNode('LineComment', comments[i], comments[i + 1]);
    if (comment.to <= expression.from || comment.from >= expression.to) {
      outside.push(comment);
      continue;
    }
    let holder = expression;
    for (let inner = holder.children.find((c) => c.from <= comment.from && c.to >= comment.to); inner; inner = holder.children.find((c) => c.from <= comment.from && c.to >= comment.to)) holder = inner;
    const at = holder.children.findIndex((c) => c.from >= comment.to);
    holder.adopt(at < 0 ? holder.children.length : at, comment);
  }
  if (outside.length === 0) return expression;
  const before = outside.filter((c) => c.to <= expression.from);
  new FastNode('PromQL', 0, length, [...before, expression, ...outside.slice(before.length)]);
  return before[0] ?? expression;
}
