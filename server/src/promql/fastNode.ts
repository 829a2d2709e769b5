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
    readonly children: FastNode[] = none,
  ) {
    for (let i = 0; i < children.length; i++) {
      children[i].parent = this;
      children[i].index = i;
      if (children[i].depth >= this.depth) this.depth = children[i].depth + 1;
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
    for (const child of this.children) if (child.name === name || (name === 'Expr' && exprGroup.has(child.name))) return child;
    return null;
  }
  getChildren(name: string): FastNode[] {
    return this.children.filter((child) => child.name === name || (name === 'Expr' && exprGroup.has(child.name)));
  }
}
