import type * as Vendor from './vendor.lazy';
import { t } from '../l10n/t';
import { fastParse } from './fastParse';
import { prometheusSyntaxError } from './syntaxError';
import { inPrometheusWords } from './wording';

/**
 * The grammar Prometheus maintains, and the checker of its own UI (types, arity, vector matching,
 * bool, set operators, subqueries), with their terms and type table (vocabulary.ts): vendor.lazy.ts,
 * loaded with the first expression parsed.
 */
let loaded: typeof Vendor | undefined;
export function promql(): typeof Vendor {
  return (loaded ??= require('./vendor.lazy') as typeof Vendor);
}

/** Lezer's tree and node, typed as the grammar package exports them (ESM types). */
export type Tree = ReturnType<typeof Vendor.parser.parse>;
export type SyntaxNode = Tree['topNode'];

/** Longer expressions are not handed to the parser (a rule's expression is a few hundred characters). */
export const maxExpressionLength = 64 * 1024;

/**
 * Deeper syntax trees are not handed to the checker, whose work grows with the square of the depth
 * (1,500 nested parentheses in 3 kB: 40 s; a chain of 2,000 `+`: 6 s). A real rule's tree is a few
 * dozen levels deep; 128 levels check in tens of milliseconds.
 */
export const MAX_PROMQL_DEPTH = 128;

/** A problem in an expression, with offsets in the expression's text (`limit`: not checked, for a limit of Archipel). */
export interface PromQLProblem {
  from: number;
  to: number;
  message: string;
  limit?: true;
}

/**
 * Where brackets outside strings first nest deeper than MAX_PROMQL_DEPTH, read before the parser
 * (whose error recovery on 1,500 unclosed `abs(` takes seconds of garbage collection).
 */
function bracketsTooDeepAt(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_PROMQL_DEPTH) return i;
    } else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** One parsed PromQL expression: its text, its Lezer tree and what Prometheus's parser would reject. */
export interface PromQLExpression {
  readonly text: string;
  readonly tree: Tree;
  readonly problems: readonly PromQLProblem[];
  /**
   * The tree's vector selectors in source order, found by the parse's own walk (analysis.ts reads
   * them instead of walking the tree again); absent when the walk stopped (a syntax error, a limit).
   */
  readonly selectors?: readonly SyntaxNode[];
  /**
   * The expression's node (the tree's `topNode.firstChild`) when fastParse.ts read it: nodes shaped
   * as Lezer's, with the part of their API analysis.ts and the rule checks read. `tree` is then
   * Lezer's, parsed when first read (hover, completion).
   */
  readonly fast?: SyntaxNode;
}

/**
 * The expression's node: the fast reader's, or the tree's (under its `PromQL` top node), past the comments before it
 * (`# why` on the line above an expression is a LineComment beside it, its top's first child: the checks read the
 * expression, as promtool does).
 */
export function expressionNode(expression: PromQLExpression): SyntaxNode | null {
  return pastComments(expression.fast ?? expression.tree.topNode.firstChild);
}

/** `node`, or the first of its next siblings that is not a comment (a top's or a parenthesis' first child may be one). */
export function pastComments(node: SyntaxNode | null): SyntaxNode | null {
  while (node?.name === 'LineComment') node = node.nextSibling;
  return node;
}

/** Whether parsePromQL tries fastParse.ts first (the differential test and the A/B turn it off). */
export const fastPath = { enabled: true };

/**
 * The checker reads the tree from an editor state and slices text from it; this is the part of
 * `EditorState` it uses (`syntaxTree(state)` is `state.field(Language.state).tree`), so that an
 * expression is parsed once, synchronously and completely, with no editor machinery.
 */
function checkerState(text: string, tree: Tree): unknown {
  return { field: () => ({ tree }), sliceDoc: (from: number, to: number) => text.slice(from, to) };
}

function modifierRule(name: string): string | undefined {
  if (name === 'OffsetExpr') return t('offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
  if (name === 'StepInvariantExpr') return t('@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
  return undefined;
}

/**
 * The expression an `offset`/`@` modifier applies to, through the other modifier (`x @ 1 offset 5m`).
 * Prometheus binds modifiers tighter than binary operators (`a + b @ 1` is `a + (b @ 1)`), while
 * the grammar of its UI puts the modifier on the whole binary expression: its right operand is meant.
 */
function modified(node: SyntaxNode): SyntaxNode | null {
  let inner = node.firstChild;
  for (;;) {
    if (inner && (inner.name === 'OffsetExpr' || inner.name === 'StepInvariantExpr')) {
      if (inner.name === node.name) return inner;
      inner = inner.firstChild;
    } else if (inner?.name === 'BinaryExpr') inner = inner.lastChild;
    else return inner;
  }
}

/** Prometheus's checks of a range `x[5m]`: a selector, modifiers after the range, a positive duration. */
function rangeProblem(node: SyntaxNode, text: string): string | undefined {
  const target = node.firstChild;
  if (target?.name === 'OffsetExpr') return t('no offset modifiers allowed before range');
  if (target?.name === 'StepInvariantExpr') return t('no @ modifiers allowed before range');
  if (target && target.name !== 'VectorSelector' && !target.type.isError) return t('ranges only allowed for vector selectors');
  const duration = node.getChild('DurationExpr');
  if (duration && /^-?0(?:0|(?<=0)\.|(?<=[0.])(?:ms|[smhdwy]))*$/.test(text.slice(duration.from, duration.to))) return t('duration must be greater than 0');
  return undefined;
}

/** Whether a label matcher matches the empty value (Prometheus's regexes are anchored). */
function matchesEmpty(op: string, value: string): boolean {
  if (op === 'EqlSingle') return value === '';
  if (op === 'Neq') return value !== '';
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${value})$`, 'su');
  } catch {
    return false;
  }
  return op === 'EqlRegex' ? regex.test('') : !regex.test('');
}

/** A selector without a metric name whose every matcher matches the empty value selects every series. */
function emptySelector(node: SyntaxNode, text: string): boolean {
  if (node.getChild('Identifier')) return false;
  const matchers = node.getChild('LabelMatchers');
  let count = 0;
  for (let m = matchers?.firstChild ?? null; m; m = m.nextSibling) {
    if (m.name === 'QuotedLabelName') return false;
    const op = m.getChild('MatchOp')?.firstChild?.name;
    const value = m.getChild('StringLiteral');
    if (!op || !value) continue;
    count++;
    if (!matchesEmpty(op, unquote(text.slice(value.from, value.to)))) return false;
  }
  return count > 0;
}

/** A PromQL string literal's value (double or single quotes with escapes, or backquotes). */
export function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return literal.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

/** What the parse's one walk of the tree found. */
interface Walked {
  problems: PromQLProblem[];
  /** The problems are one syntax error. */
  syntax: boolean;
  /** Where the tree first gets deeper than MAX_PROMQL_DEPTH: nothing else of the walk counts then. */
  deepAt?: number;
  selectors: SyntaxNode[];
}

/**
 * One walk of the tree: its depth (MAX_PROMQL_DEPTH, error nodes' insides included), the checks
 * Prometheus's parser makes that the shared checker leaves out (modifiers' placement, syntax errors
 * at the end), and the vector selectors (for analysis.ts).
 */
function walk(tree: Tree, text: string): Walked {
  const problems: PromQLProblem[] = [];
  const selectors: SyntaxNode[] = [];
  let errorAt: number | undefined;
  let depth = 0;
  /** The depth of the error node being walked through (its insides are walked for their depth only), 0 when none. */
  let inError = 0;
  let deepAt: number | undefined;
  tree.iterate({
    enter(ref) {
      if (deepAt !== undefined) return false;
      if (++depth > MAX_PROMQL_DEPTH) {
        deepAt = ref.from;
        return false;
      }
      if (inError > 0) return undefined;
      if (ref.type.isError) {
        errorAt ??= ref.from;
        inError = depth;
        return undefined;
      }
      if (ref.name === 'MatrixSelector') {
        const problem = rangeProblem(ref.node, text);
        if (problem) {
          // Prometheus points at the range: its `[` (after the selector), or the duration when that is wrong.
          const bracket = text.indexOf('[', ref.node.firstChild?.to ?? ref.from);
          const duration = ref.node.getChild('DurationExpr');
          const at = problem === t('duration must be greater than 0') && duration ? duration.from : bracket >= 0 ? bracket : ref.from;
          problems.push({ from: at, to: ref.to, message: problem });
        }
      }
      if (ref.name === 'VectorSelector') {
        const node = ref.node;
        selectors.push(node);
        if (emptySelector(node, text)) problems.push({ from: ref.from, to: ref.to, message: t('vector selector must contain at least one non-empty matcher') });
      }
      const rule = modifierRule(ref.name);
      if (rule) {
        const target = modified(ref.node);
        if (target?.name === ref.name) problems.push({ from: ref.from, to: ref.to, message: ref.name === 'OffsetExpr' ? t('offset may not be set multiple times') : t('@ <timestamp> may not be set multiple times') });
        else if (target && !['VectorSelector', 'MatrixSelector', 'SubqueryExpr'].includes(target.name)) problems.push({ from: ref.from, to: ref.to, message: rule });
      }
      return undefined;
    },
    leave() {
      if (inError === depth) inError = 0;
      depth--;
    },
  });
  if (deepAt !== undefined) return { problems: [], syntax: false, deepAt, selectors: [] };
  // A syntax error is all Prometheus's parser reports: what follows it in the tree is a guess.
  // Prometheus's lexer also rejects what the grammar lets through (a bad escape in a string).
  const syntaxError = prometheusSyntaxError(text, errorAt);
  return syntaxError ? { problems: [syntaxError], syntax: true, selectors: [] } : { problems, syntax: false, selectors };
}

/**
 * The checker counts every `__name__` matcher of a selector without a name; Prometheus's parser
 * accepts several (`{__name__=~"a.*", __name__!="a_b"}`) and rejects only a name given twice:
 * outside and inside the braces, or as two bare quoted names (`{"a", "b"}`).
 */
function nameSetTwice(tree: Tree, at: number): boolean {
  let selector: SyntaxNode | null = tree.resolveInner(at, 1);
  while (selector && selector.name !== 'VectorSelector') selector = selector.parent;
  if (!selector) return true;
  if (selector.getChild('Identifier')) return true;
  return (selector.getChild('LabelMatchers')?.getChildren('QuotedLabelName').length ?? 0) > 1;
}

/**
 * Parses an expression as Prometheus's UI does and lists every problem Prometheus's parser would
 * report; with `syntaxOnly`, the syntax errors alone (an expression with placeholders, such as a
 * Grafana query whose variables may stand for numbers).
 */
export function parsePromQL(text: string, syntaxOnly = false): PromQLExpression {
  // An edit of a rule file re-reads its one YAML document: its unchanged expressions are not parsed again.
  const key = syntaxOnly ? `\u0000${text}` : text;
  const cached = recent.get(key);
  if (cached) return cached;
  const parsed = parseUncached(text, syntaxOnly);
  if (recent.size >= maxRecent) recent.clear();
  recent.set(key, parsed);
  return parsed;
}

/** Parsed expressions by text (trees are immutable, so shared); bounded: cleared when full. */
const recent = new Map<string, PromQLExpression>();
const maxRecent = 20_000;

/** Forgets every parsed expression (the differential test reads each with and without the fast path). */
export function forgetParsedExpressions(): void {
  recent.clear();
}

const noProblems: readonly PromQLProblem[] = Object.freeze([]);

/** An expression fastParse.ts read, with no problem; Lezer's tree parsed when first read (a class: no getter and closure made per expression). */
class FastRead implements PromQLExpression {
  readonly problems = noProblems;
  private lezerTree: Tree | undefined;
  constructor(
    readonly text: string,
    readonly selectors: readonly SyntaxNode[],
    readonly fast: SyntaxNode,
  ) {}
  get tree(): Tree {
    return (this.lezerTree ??= promql().parser.parse(this.text));
  }
}

function parseUncached(text: string, syntaxOnly: boolean): PromQLExpression {
  // An expression fastParse.ts reads and proves clean: no problem, its selectors, Lezer's tree when asked.
  const fast = fastPath.enabled ? fastParse(text) : undefined;
  if (fast) return new FastRead(text, fast.selectors, fast.top);
  if (text.length > maxExpressionLength) {
    return { text, tree: promql().parser.parse(''), problems: [{ from: 0, to: 0, message: t('expression longer than {0} characters: not checked', maxExpressionLength), limit: true }] };
  }
  const { parser, PromQLChecker } = promql();
  const nested = bracketsTooDeepAt(text);
  const tree = parser.parse(nested === undefined ? text : '');
  if (text.trim() === '') return { text, tree, problems: [{ from: 0, to: text.length, message: t('no expression found in input') }] };
  const tooDeep = (at: number): PromQLExpression => ({ text, tree: parser.parse(''), problems: [{ from: at, to: at + 1, message: t('expression nests more than {0} levels deep: not checked (a limit of Archipel, docs/limits.md)', MAX_PROMQL_DEPTH), limit: true }] });
  if (nested !== undefined) return tooDeep(nested);
  const { problems: own, syntax, deepAt, selectors } = walk(tree, text);
  if (deepAt !== undefined) return tooDeep(deepAt);
  if (syntax) return { text, tree, problems: own };
  if (syntaxOnly) return { text, tree, problems: [], selectors };
  const checker = new PromQLChecker(checkerState(text, tree) as ConstructorParameters<typeof PromQLChecker>[0]);
  // The checker's analyze() is this and a walk reporting the tree's error nodes: it has none here
  // (the walk above found none, or the expression was a syntax error), so that walk is not made.
  // (The grammar's tree is typed from its ESM declarations, the checker's from its CommonJS ones.)
  checker.checkAST(pastComments(tree.topNode.firstChild) as unknown as Parameters<typeof checker.checkAST>[0]);
  const problems = [...own];
  for (const diagnostic of checker.getDiagnostics()) {
    if (diagnostic.severity !== 'error') continue;
    // Its generic "unexpected expression" duplicates the syntax error found above.
    if (own.length > 0 && diagnostic.message === 'unexpected expression') continue;
    if (problems.some((p) => p.from === diagnostic.from && p.message === diagnostic.message)) continue;
    if (diagnostic.message.startsWith('metric name must not be set twice') && !nameSetTwice(tree, diagnostic.from)) continue;
    const problem = inPrometheusWords({ from: diagnostic.from, to: Math.max(diagnostic.to, diagnostic.from), message: diagnostic.message }, tree, text);
    if (problem) problems.push(problem);
  }
  return { text, tree, problems, selectors };
}
