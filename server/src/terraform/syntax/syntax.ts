/**
 * The syntax of a Terraform file as Archipel reads it: HCL's bodies, blocks, attributes and
 * expressions with their offsets in the file's text (UTF-16 code units, as the line index counts),
 * the same shape for the native syntax (parse.ts, from tree-sitter) and the JSON syntax (json.ts).
 * Plain objects: a file's tree is built once per version and read by every rule.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Attribute extends Span {
  readonly kind: 'attribute';
  name: string;
  nameSpan: Span;
  expr: Expr;
}

export interface Label extends Span {
  value: string;
  /** Written as a quoted string (`"aws_instance"`) rather than an identifier. */
  quoted: boolean;
  /** A quoted label holding `${...}`: HCL refuses it. */
  template: boolean;
}

export interface Block extends Span {
  readonly kind: 'block';
  type: string;
  typeSpan: Span;
  labels: Label[];
  body: Body;
  /** The offsets of `{` and `}` (the end of the block when `}` is missing). */
  open: number;
  close: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export type Step =
  | ({ readonly kind: 'attr'; name: string } & Span)
  | ({ readonly kind: 'index'; key: Expr; legacy?: boolean } & Span)
  | ({ readonly kind: 'splat'; full: boolean } & Span);

export type TemplatePart =
  | ({ readonly kind: 'text'; value: string } & Span)
  | ({ readonly kind: 'interp'; expr: Expr } & Span)
  | ({ readonly kind: 'if'; cond: Expr; then: TemplatePart[]; else: TemplatePart[] } & Span)
  | ({ readonly kind: 'for'; names: Ident[]; collection: Expr; body: TemplatePart[] } & Span);

export interface Ident extends Span {
  name: string;
}

export interface ObjectItem {
  key: Expr;
  value: Expr;
}

export type Expr =
  | ({ readonly kind: 'literal'; type: 'string' | 'number' | 'bool' | 'null'; value: string | number | boolean | null } & Span)
  | ({ readonly kind: 'template'; parts: TemplatePart[]; heredoc: boolean } & Span)
  /** A variable and what follows it (`var.name`, `aws_instance.web[0].id`, `each.value`). */
  | ({ readonly kind: 'traversal'; root: Ident; steps: Step[] } & Span)
  /** Steps after anything else (`f(x)[0]`, `(a).b`, `[1, 2][0]`). */
  | ({ readonly kind: 'postfix'; base: Expr; steps: Step[] } & Span)
  | ({ readonly kind: 'call'; name: Ident; args: Expr[]; expand: boolean } & Span)
  | ({ readonly kind: 'tuple'; items: Expr[] } & Span)
  | ({ readonly kind: 'object'; items: ObjectItem[] } & Span)
  | ({ readonly kind: 'conditional'; cond: Expr; then: Expr; else: Expr } & Span)
  | ({ readonly kind: 'binary'; op: string; left: Expr; right: Expr } & Span)
  | ({ readonly kind: 'unary'; op: string; operand: Expr } & Span)
  | ({ readonly kind: 'for'; object: boolean; names: Ident[]; collection: Expr; key: Expr | undefined; value: Expr; cond: Expr | undefined; group: boolean } & Span)
  | ({ readonly kind: 'paren'; inner: Expr } & Span)
  /** What could not be read (inside a syntax error, or past Archipel's nesting limit). */
  | ({ readonly kind: 'invalid' } & Span);

export interface Comment extends Span {
  /** `#`, `//` or `/*`. */
  style: '#' | '//' | '/*';
  text: string;
}

/** A syntax error: where, and what HCL (or the grammar) says. */
export interface SyntaxProblem extends Span {
  message: string;
}

export interface HclFile {
  body: Body;
  comments: Comment[];
  /** At most one: after the first error the rest of the file cannot be trusted (never a cascade). */
  errors: SyntaxProblem[];
  /** Archipel's own limits met (nesting depth, parse time): said once, the rest read. */
  limits: SyntaxProblem[];
  /** Read from the JSON syntax (`*.tf.json`): bodies hold attributes whose nested blocks a schema tells apart. */
  json: boolean;
  /** Body items whose name is quoted (HCL 1's `"action" { … }`): read as the bare name, each an error the checks say (native.ts). */
  quotedNames?: Span[];
}

/**
 * The attribute of a body by name (the first, as HCL keeps one). A body's attributes are indexed
 * by name on first lookup (issue #84: rules ask every attribute's name of a `locals` block of
 * 50,000, and a linear search made that quadratic); the index follows the array it was built
 * from, rebuilt only if that array grew since (trees are built once and then only read).
 */
export function attribute(body: Body, name: string): Attribute | undefined {
  const list = body.attributes;
  if (list.length < INDEX_FROM) return list.find((a) => a.name === name);
  let index = attributeIndex.get(list);
  if (!index || index.size !== list.length) {
    const byName = new Map<string, Attribute>();
    for (const a of list) if (!byName.has(a.name)) byName.set(a.name, a);
    index = { size: list.length, byName };
    attributeIndex.set(list, index);
  }
  return index.byName.get(name);
}

/** Below this many attributes a search costs less than an index. */
const INDEX_FROM = 16;
const attributeIndex = new WeakMap<readonly Attribute[], { size: number; byName: Map<string, Attribute> }>();

/** The blocks of a body of a type. */
export function blocksOf(body: Body, type: string): Block[] {
  return body.blocks.filter((b) => b.type === type);
}

/** A literal string's value, or a template with no interpolation; undefined for anything else. */
export function staticString(expr: Expr | undefined): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'literal') return expr.type === 'string' ? (expr.value as string) : expr.type === 'number' || expr.type === 'bool' ? String(expr.value) : undefined;
  if (expr.kind === 'template' && expr.parts.every((p) => p.kind === 'text')) return expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
  return undefined;
}

/** A bare keyword (`destroy`, `string`, `TF2021`): a traversal of one name. */
export function keyword(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'traversal' && expr.steps.length === 0 ? expr.root.name : undefined;
}

/**
 * Every expression under `expr` (itself included), depth first, iteratively: a visit of a deep
 * expression never overflows the stack. Template parts and for-expression clauses included.
 */
export function* subExpressions(expr: Expr): Generator<Expr> {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    yield e;
    const children = childExpressions(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** The expressions directly under one. */
export function childExpressions(e: Expr): Expr[] {
  switch (e.kind) {
    case 'template':
      return templateExpressions(e.parts);
    case 'traversal':
      return stepExpressions(e.steps);
    case 'postfix':
      return [e.base, ...stepExpressions(e.steps)];
    case 'call':
      return e.args;
    case 'tuple':
      return e.items;
    case 'object':
      return e.items.flatMap((item) => [item.key, item.value]);
    case 'conditional':
      return [e.cond, e.then, e.else];
    case 'binary':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'for':
      return [e.collection, ...(e.key ? [e.key] : []), e.value, ...(e.cond ? [e.cond] : [])];
    case 'paren':
      return [e.inner];
    default:
      return [];
  }
}

function stepExpressions(steps: readonly Step[]): Expr[] {
  return steps.flatMap((s) => (s.kind === 'index' ? [s.key] : []));
}

function templateExpressions(parts: readonly TemplatePart[]): Expr[] {
  const out: Expr[] = [];
  const stack = [...parts].reverse();
  while (stack.length > 0) {
    const part = stack.pop()!;
    if (part.kind === 'interp') out.push(part.expr);
    else if (part.kind === 'if') {
      out.push(part.cond);
      stack.push(...[...part.then, ...part.else].reverse());
    } else if (part.kind === 'for') {
      out.push(part.collection);
      stack.push(...[...part.body].reverse());
    }
  }
  return out;
}

/** Every block under `body`, nested ones included, with its parents (outermost first), iteratively. */
export function* allBlocks(body: Body): Generator<{ block: Block; parents: Block[] }> {
  const stack: { block: Block; parents: Block[] }[] = body.blocks.map((block) => ({ block, parents: [] })).reverse();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    yield entry;
    const parents = [...entry.parents, entry.block];
    for (let i = entry.block.body.blocks.length - 1; i >= 0; i--) stack.push({ block: entry.block.body.blocks[i], parents });
  }
}
