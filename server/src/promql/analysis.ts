import { pastComments, type PromQLExpression, type SyntaxNode } from './parse';
import { functionSignature } from './functions';

/** A metric selector of an expression: `foo{job="a"}` or `{__name__="foo"}`. */
export interface MetricReference {
  name: string;
  from: number;
  to: number;
  /** The function whose range argument this selector is (`rate` in `rate(foo[5m])`). */
  rangeFunction?: string;
}

function stringValue(text: string): string {
  const quote = text[0];
  const body = text.slice(1, -1);
  return quote === '`' ? body : body.replace(/\\(.)/g, '$1');
}

function labelNameText(node: SyntaxNode, text: string): string {
  const raw = text.slice(node.from, node.to);
  return node.name === 'QuotedLabelName' ? stringValue(raw) : raw;
}

/** The metric name a vector selector selects, and where it is written. */
function selectorName(selector: SyntaxNode, text: string): { name: string; from: number; to: number } | undefined {
  const identifier = selector.getChild('Identifier');
  if (identifier) return { name: text.slice(identifier.from, identifier.to), from: identifier.from, to: identifier.to };
  const matchers = selector.getChild('LabelMatchers');
  for (let m = matchers?.firstChild ?? null; m; m = m.nextSibling) {
    // `{"my.metric"}`: a quoted name alone is the metric name.
    if (m.name === 'QuotedLabelName') return { name: stringValue(text.slice(m.from, m.to)), from: m.from, to: m.to };
    const label = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    const op = m.getChild('MatchOp')?.firstChild;
    const value = m.getChild('StringLiteral');
    if (label && op?.name === 'EqlSingle' && value && labelNameText(label, text) === '__name__') return { name: stringValue(text.slice(value.from, value.to)), from: value.from, to: value.to };
  }
  return undefined;
}

/** Every metric an expression selects by name, in source order. */
export function metricReferences(expression: PromQLExpression): MetricReference[] {
  const references: MetricReference[] = [];
  const text = expression.text;
  const read = (selector: SyntaxNode) => {
    const name = selectorName(selector, text);
    if (!name) return;
    let rangeFunction: string | undefined;
    // VectorSelector → MatrixSelector (→ OffsetExpr/StepInvariantExpr) → FunctionCallBody → FunctionCall.
    let up = selector.parent;
    if (up?.name === 'MatrixSelector') {
      up = up.parent;
      while (up && (up.name === 'OffsetExpr' || up.name === 'StepInvariantExpr' || up.name === 'ParenExpr')) up = up.parent;
      const call = up?.name === 'FunctionCallBody' ? up.parent : null;
      const identifier = call?.getChild('FunctionIdentifier');
      if (identifier) rangeFunction = text.slice(identifier.from, identifier.to);
    }
    references.push({ ...name, ...(rangeFunction ? { rangeFunction } : {}) });
  };
  // The selectors the parse's walk found (a selector holds none), else a walk of the tree.
  if (expression.selectors) for (const selector of expression.selectors) read(selector);
  else {
    expression.tree.iterate({
      enter(ref) {
        if (ref.name !== 'VectorSelector') return undefined;
        read(ref.node);
        return false;
      },
    });
  }
  return references;
}

/**
 * The labels an expression's result may carry: every label of its selectors but some (`all`,
 * `except`), or a known set (`only`). A label is surely absent when it is outside `only` or in
 * `except`: a `$labels.x` on it always renders empty.
 */
export type LabelSet = { kind: 'all'; except: ReadonlySet<string> } | { kind: 'only'; labels: ReadonlySet<string> };

const anyLabel: LabelSet = { kind: 'all', except: new Set() };
const noLabel: LabelSet = { kind: 'only', labels: new Set() };

export function surelyAbsent(set: LabelSet, label: string): boolean {
  return set.kind === 'only' ? !set.labels.has(label) : set.except.has(label);
}

function without(set: LabelSet, labels: readonly string[]): LabelSet {
  if (set.kind === 'only') return { kind: 'only', labels: new Set([...set.labels].filter((l) => !labels.includes(l))) };
  return { kind: 'all', except: new Set([...set.except, ...labels]) };
}

function keeping(set: LabelSet, labels: readonly string[]): LabelSet {
  return { kind: 'only', labels: new Set(labels.filter((l) => !surelyAbsent(set, l))) };
}

function adding(set: LabelSet, labels: readonly string[]): LabelSet {
  if (set.kind === 'only') return { kind: 'only', labels: new Set([...set.labels, ...labels]) };
  return { kind: 'all', except: new Set([...set.except].filter((l) => !labels.includes(l))) };
}

function union(a: LabelSet, b: LabelSet): LabelSet {
  if (a.kind === 'only' && b.kind === 'only') return { kind: 'only', labels: new Set([...a.labels, ...b.labels]) };
  const excepts = [a, b].map((s) => (s.kind === 'all' ? s.except : undefined));
  const present = [a, b].flatMap((s) => (s.kind === 'only' ? [...s.labels] : []));
  const common = [...(excepts[0] ?? excepts[1] ?? [])].filter((l) => excepts.every((e) => !e || e.has(l)) && !present.includes(l));
  return { kind: 'all', except: new Set(common) };
}

function groupingLabels(node: SyntaxNode | null, text: string): string[] {
  const labels: string[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) if (c.name === 'LabelName' || c.name === 'QuotedLabelName') labels.push(labelNameText(c, text));
  return labels;
}

/** Functions that return their argument's series without the metric name. */
const nameDropping = new Set(['abs', 'ceil', 'floor', 'round', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'clamp', 'clamp_max', 'clamp_min', 'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'predict_linear', 'changes', 'resets', 'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'quantile_over_time', 'stddev_over_time', 'stdvar_over_time', 'mad_over_time', 'present_over_time', 'holt_winters', 'double_exponential_smoothing', 'histogram_quantile', 'histogram_fraction', 'histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year', 'timestamp', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh', 'deg', 'rad']);

function args(call: SyntaxNode): SyntaxNode[] {
  const body = call.getChild('FunctionCallBody');
  const list: SyntaxNode[] = [];
  for (let c = body?.firstChild ?? null; c; c = c.nextSibling) if (!c.type.isError && c.name !== '(' && c.name !== ')' && c.name !== ',') list.push(c);
  return list;
}

/** The labels of the series `node` evaluates to, as far as the expression alone tells. */
export function outputLabels(node: SyntaxNode | null, text: string): LabelSet {
  if (!node) return anyLabel;
  switch (node.name) {
    case 'PromQL':
    case 'ParenExpr':
      return outputLabels(pastComments(node.firstChild), text);
    case 'VectorSelector':
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return anyLabel;
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'UnaryExpr':
      return outputLabels(node.getChild('Expr') ?? node.lastChild?.prevSibling ?? node.firstChild, text);
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return noLabel;
    case 'AggregateExpr': {
      const op = node.getChild('AggregateOp')?.firstChild?.name ?? '';
      const modifier = node.getChild('AggregateModifier');
      const grouping = groupingLabels(modifier?.getChild('GroupingLabels') ?? null, text);
      const body = node.getChild('FunctionCallBody');
      const operands: SyntaxNode[] = [];
      for (let c = body?.firstChild ?? null; c; c = c.nextSibling) if (!c.type.isError) operands.push(c);
      const inner = outputLabels(operands[operands.length - 1] ?? null, text);
      // topk, bottomk, limitk and limit_ratio return input series unchanged.
      if (['Topk', 'Bottomk', 'LimitK', 'LimitRatio'].includes(op)) return inner;
      let result: LabelSet;
      if (!modifier) result = noLabel;
      else if (modifier.getChild('By')) result = keeping(inner, grouping);
      else result = without(inner, [...grouping, '__name__']);
      if (op === 'CountValues' && operands[0]?.name === 'StringLiteral') result = adding(result, [stringValue(text.slice(operands[0].from, operands[0].to))]);
      return result;
    }
    case 'FunctionCall': {
      const identifier = node.getChild('FunctionIdentifier');
      const name = identifier ? text.slice(identifier.from, identifier.to) : '';
      const list = args(node);
      if (name === 'vector' || name === 'time' || name === 'scalar' || name === 'pi') return noLabel;
      if (name === 'absent' || name === 'absent_over_time') return absentLabels(list[0] ?? null, text);
      if (name === 'label_replace' || name === 'label_join') {
        const dst = list[1]?.name === 'StringLiteral' ? stringValue(text.slice(list[1].from, list[1].to)) : undefined;
        const inner = outputLabels(list[0] ?? null, text);
        return dst ? adding(inner, [dst]) : inner;
      }
      const inner = outputLabels(list.find((a) => a.name !== 'NumberDurationLiteral' && a.name !== 'StringLiteral') ?? null, text);
      if (name === 'histogram_quantile' || name === 'histogram_fraction') return without(inner, ['le', '__name__']);
      return nameDropping.has(name) ? without(inner, ['__name__']) : inner;
    }
    case 'BinaryExpr':
      return binaryLabels(node, text);
    default:
      return anyLabel;
  }
}

/** `absent(foo{job="a"})` returns `{job="a"}`: the equality matchers' labels, nothing else. */
function absentLabels(selector: SyntaxNode | null, text: string): LabelSet {
  let node = selector;
  while (node && node.name !== 'VectorSelector') node = node.name === 'MatrixSelector' || node.name === 'ParenExpr' ? node.firstChild : null;
  const labels: string[] = [];
  const matchers = node?.getChild('LabelMatchers');
  for (let m = matchers?.firstChild ?? null; m; m = m.nextSibling) {
    const label = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    if (label && m.getChild('MatchOp')?.firstChild?.name === 'EqlSingle') labels.push(labelNameText(label, text));
  }
  return { kind: 'only', labels: new Set(labels.filter((l) => l !== '__name__')) };
}

/** Whether an expression is a scalar (a number, time(), scalar(…), arithmetic on them): it has no labels. */
function isScalar(node: SyntaxNode, text: string): boolean {
  switch (node.name) {
    case 'NumberDurationLiteral':
      return true;
    case 'ParenExpr':
    case 'UnaryExpr':
      return node.lastChild ? isScalar(node.lastChild, text) : false;
    case 'FunctionCall': {
      const identifier = node.getChild('FunctionIdentifier');
      // The checker's table (functions.ts holds it, by name; the test compares the two).
      return identifier ? functionSignature(text.slice(identifier.from, identifier.to))?.returnType === 'scalar' : false;
    }
    case 'BinaryExpr':
      return node.firstChild !== null && node.lastChild !== null && isScalar(node.firstChild, text) && isScalar(node.lastChild, text);
    default:
      return false;
  }
}

const comparison = new Set(['Eql', 'Neq', 'Gtr', 'Gte', 'Lss', 'Lte']);

function binaryLabels(node: SyntaxNode, text: string): LabelSet {
  const sides: SyntaxNode[] = [];
  let op = '';
  let clause: SyntaxNode | null = null;
  let bool = false;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'MatchingModifierClause') clause = c;
    else if (c.name === 'BoolModifier') bool = true;
    else if (c.type.isError) continue;
    else if (sides.length === 1 && !op) op = c.name;
    else sides.push(c);
  }
  const [lhsNode, rhsNode] = sides;
  const lhs = outputLabels(lhsNode ?? null, text);
  const rhs = outputLabels(rhsNode ?? null, text);
  const scalarSide = (n: SyntaxNode | undefined) => (n ? isScalar(n, text) : false);
  if (op === 'Or') return union(lhs, rhs);
  if (op === 'And' || op === 'Unless') return lhs;
  // A number on one side: the vector side's labels (without the name unless a filter comparison).
  const dropName = !comparison.has(op) || bool;
  if (scalarSide(rhsNode)) return dropName ? without(lhs, ['__name__']) : lhs;
  if (scalarSide(lhsNode)) return dropName ? without(rhs, ['__name__']) : rhs;
  const on = clause?.getChild('On');
  const groupLeft = clause?.getChild('GroupLeft');
  const groupRight = clause?.getChild('GroupRight');
  const groupings = clause?.getChildren('GroupingLabels') ?? [];
  const matching = groupingLabels(groupings[0] ?? null, text);
  const included = groupingLabels(groupings[1] ?? null, text);
  if (groupLeft) return adding(dropName ? without(lhs, ['__name__']) : lhs, included);
  if (groupRight) return adding(dropName ? without(rhs, ['__name__']) : rhs, included);
  // One-to-one matching: the result keeps the `on` labels only, or drops the `ignoring` ones.
  const base = dropName ? without(lhs, ['__name__']) : lhs;
  if (on) return keeping(base, matching);
  return without(base, matching);
}

/**
 * Functions whose result is meaningful over a counter's raw value (pint's promql/counter): they read
 * its increase, its presence, its sample count or timestamps, not its absolute value.
 */
const counterSafeFunctions = new Set(['rate', 'irate', 'increase', 'resets', 'changes', 'absent', 'absent_over_time', 'present_over_time', 'count_over_time', 'timestamp']);

/**
 * Whether the result depends on the raw value of a selector of the expression (one of its
 * metricReferences): it is not under a counter-safe function, a `count`/`group` aggregation, or the
 * right side of `unless` (which reads only labels).
 */
export function isDirectlyRead(expression: PromQLExpression, reference: MetricReference): boolean {
  const text = expression.text;
  // The selector holding the reference (selectors do not nest): from the fast reader's list, else the tree.
  let child: SyntaxNode | null = expression.fast ? (expression.selectors?.find((s) => s.from <= reference.from && reference.from < s.to) ?? null) : expression.tree.resolveInner(reference.from, 1);
  while (child && child.name !== 'VectorSelector') child = child.parent;
  for (let node = child?.parent ?? null; node; child = node, node = node.parent) {
    if (node.name === 'FunctionCall') {
      const identifier = node.getChild('FunctionIdentifier');
      if (identifier && counterSafeFunctions.has(text.slice(identifier.from, identifier.to))) return false;
    }
    if (node.name === 'AggregateExpr') {
      const op = node.getChild('AggregateOp')?.firstChild?.name;
      if (op === 'Count' || op === 'Group') return false;
    }
    if (node.name === 'BinaryExpr' && node.getChild('Unless') && child && node.lastChild && child.from === node.lastChild.from) return false;
  }
  return true;
}
