import { functionNodeName, functionSignature, type ValueType } from './functions';
import { FastNode, labelsOf, none, withComments } from './fastNode';
import type * as Vendor from './vendor.lazy';

/** Lezer's node, as parse.ts has it (parse.ts calls this module: no import back). */
type SyntaxNode = ReturnType<typeof Vendor.parser.parse>['topNode'];

/**
 * A single-pass reader of the PromQL most rule files hold, for the cold check of a rule file:
 * Lezer's parse and the checker of Prometheus's UI (parse.ts) cost ~300 ms CPU on a thousand
 * expressions when their code runs for the first time (the same parse is four times faster a
 * second time), and loading them another 20-60 ms.
 *
 * It answers only for an expression it fully reads and proves clean: one parse.ts would accept
 * with no problem. It then gives the tree parse.ts's readers walk (analysis.ts, the rule checks),
 * shaped node for node as Lezer's (same names, same spans, `Expr` as a group; an `offset` or a
 * range applies to all read before it at its level, as in Lezer's tree), and the vector selectors.
 * `#` comments are placed where Lezer puts them (withComments). Anything else returns undefined — a
 * syntax or type error, a construct it does not read (`@`, a sign before anything but a number,
 * a comment inside a range's brackets, escapes, a backquoted string holding `\` or a line break, quoted label names, `fill`, trim operators, hex,
 * Inf and NaN, durations as numbers or in arithmetic), any doubt — and parse.ts reads the
 * expression with Lezer and the checker as before. promql-fast-parse.test.ts holds the two equal
 * on every corpus expression and on generated and mutated ones.
 */

const aggregators = new Map(Object.entries({ avg: 'Avg', bottomk: 'Bottomk', count: 'Count', count_values: 'CountValues', group: 'Group', max: 'Max', min: 'Min', quantile: 'Quantile', limitk: 'LimitK', limit_ratio: 'LimitRatio', stddev: 'Stddev', stdvar: 'Stdvar', sum: 'Sum', topk: 'Topk' }));
/** Aggregations taking a parameter before the vector, and its type. */
const parameterType = new Map<string, ValueType>(Object.entries({ topk: 'scalar', bottomk: 'scalar', limitk: 'scalar', limit_ratio: 'scalar', quantile: 'scalar', count_values: 'string' }));

/** Binary operators: Lezer's node name, precedence (higher binds tighter), right associativity. */
interface Operator {
  node: string;
  precedence: number;
  right?: true;
}
const operators = new Map<string, Operator>(Object.entries({
  '^': { node: 'Pow', precedence: 6, right: true },
  '*': { node: 'Mul', precedence: 5 },
  '/': { node: 'Div', precedence: 5 },
  '%': { node: 'Mod', precedence: 5 },
  atan2: { node: 'Atan2', precedence: 5 },
  '+': { node: 'Add', precedence: 4 },
  '-': { node: 'Sub', precedence: 4 },
  '==': { node: 'Eql', precedence: 3 },
  '!=': { node: 'Neq', precedence: 3 },
  '<=': { node: 'Lte', precedence: 3 },
  '<': { node: 'Lss', precedence: 3 },
  '>=': { node: 'Gte', precedence: 3 },
  '>': { node: 'Gtr', precedence: 3 },
  and: { node: 'And', precedence: 2 },
  unless: { node: 'Unless', precedence: 2 },
  or: { node: 'Or', precedence: 1 },
}));
const comparisons = new Set(['Eql', 'Neq', 'Lte', 'Lss', 'Gte', 'Gtr']);
const setOperators = new Set(['And', 'Or', 'Unless']);

/** Words the grammar or Prometheus's lexer give a meaning (any case): never read as a name here. */
const keywords = new Set(['and', 'or', 'unless', 'atan2', 'bool', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'by', 'without', 'inf', 'nan', 'start', 'end', 'step', 'range', 'min_of', 'max_of', 'smoothed', 'anchored', 'fill', 'fill_left', 'fill_right']);
function special(word: string): boolean {
  const lower = word.toLowerCase();
  return keywords.has(lower) || aggregators.has(lower) || functionSignature(lower) !== undefined;
}

/**
 * Lists being read (label matchers, arguments, label names), each above the lists that enclose it: a list is
 * copied out at its exact length, where one grown by `push` would keep a backing store of 17 slots in every tree.
 */
const stack: FastNode[] = [];
let top = 0;
function take(base: number): FastNode[] {
  if (top === base) return none;
  const list = stack.slice(base, top);
  top = base;
  return list;
}

/** Not read here: the expression goes to Lezer. */
class Decline extends Error {}
const decline = new Decline();

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
/** What may not follow a number or a duration here: a letter, a digit, `_`, `.` or `:` (Lezer reads another token, or none). */
const afterLiteral = (c: number): boolean => isLetter(c) || isDigit(c) || c === 46 || c === 58;

const spaces = /[ \t\n\r]+/y;
const metricWord = /[A-Za-z_:][\w:]*/y;
const labelWord = /[A-Za-z_]\w*/y;
/** Digits, optional decimals and exponent (no `_`, hexadecimal, Inf or NaN: left to Lezer). */
const numberPattern = /(?:\d+(?:\.\d+)?|\.\d+)(?:[Ee][+-]?\d+)?/y;
/** Units in Prometheus's order, each once, a few digits each. */
const durationPattern = /(?:\d{1,6}y)?(?:\d{1,6}w)?(?:\d{1,6}d)?(?:\d{1,6}h)?(?:\d{1,6}m(?!s))?(?:\d{1,6}s)?(?:\d{1,6}ms)?/y;
const nonZero = /[1-9]/;
/** A string without escapes on one line (Prometheus's lexer checks escapes: left to Lezer). */
const stringPattern = /"[^"\\\n\r]*"|'[^'\\\n\r]*'|`[^`\\\n\r]*`/y;
/** Deeper trees are left to parse.ts (its limit is 128 levels of Lezer's nodes). */
const maxDepth = 100;

class Reader {
  at = 0;
  /** Open brackets: an expression nested deeper than parse.ts reads is left to it. */
  nesting = 0;
  readonly selectors: FastNode[] = [];
  /** The `#` comments skipped, as [from, to] pairs in order (placed in the tree once it is read). */
  readonly comments: number[] = [];
  constructor(readonly text: string) {}

  /*
   * The reading of characters is done by sticky regular expressions: compiled to machine code by
   * V8's regex engine at their first use, where a loop over characters would run in the
   * interpreter for most of a cold check's expressions.
   */
  skip(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.at);
      if (c === 32 || c === 9 || c === 10 || c === 13) {
        spaces.lastIndex = this.at;
        spaces.test(this.text);
        this.at = spaces.lastIndex;
      } else if (c === 35) {
        // A comment, Lezer's LineComment: `#` to the end of the line (the `\n` not in it).
        const end = this.text.indexOf('\n', this.at);
        this.comments.push(this.at, end < 0 ? this.text.length : end);
        this.at = end < 0 ? this.text.length : end;
      } else return;
    }
  }
  peek(): number {
    this.skip();
    return this.text.charCodeAt(this.at);
  }
  /** The word at the cursor (letters, digits, `_`, and `:` when `colons`), or ''. */
  word(colons = false): string {
    this.skip();
    const pattern = colons ? metricWord : labelWord;
    pattern.lastIndex = this.at;
    return pattern.test(this.text) ? this.text.slice(this.at, pattern.lastIndex) : '';
  }
  expect(c: number): void {
    if (this.peek() !== c) throw decline;
    this.at++;
  }

  /**
   * An expression: operands and binary operators; `offset` and `[range]` apply to all read before them (as Lezer's tree has it).
   * Most expressions are one operand (a call's argument, a selector): read with no list of operands or operators.
   */
  expression(): FastNode {
    if (++this.nesting > maxDepth / 2) throw decline;
    let node = this.operand(false);
    while (this.atSuffix()) node = this.suffix(node);
    const op = this.operator();
    if (op) node = this.binary(node, op);
    this.nesting--;
    return node;
  }

  /** Whether a range, a subquery or an `offset` comes next. */
  atSuffix(): boolean {
    const c = this.peek();
    return c === 91 || ((c === 111 || c === 79) && this.word(true).toLowerCase() === 'offset');
  }

  /** The range, subquery or `offset` at the cursor, applied to `target` (atSuffix said one is there). */
  suffix(target: FastNode): FastNode {
    if (this.text.charCodeAt(this.at) === 91) {
      // `[`: a range or a subquery of what was read (a clean range is of a selector alone).
      // A comment inside the brackets is an error of Prometheus's lexer (lex.ts): left to Lezer and parse.ts.
      const comments = this.comments.length;
      this.at++;
      const duration = this.duration(true);
      const range = new FastNode('DurationExpr', duration.from, duration.to, [duration]);
      if (this.peek() === 58) {
        this.at++;
        let parts = [target, range];
        if (this.peek() !== 93) {
          const step = this.duration();
          parts = [target, range, new FastNode('DurationExpr', step.from, step.to, [step])];
        }
        this.expect(93);
        if (this.comments.length !== comments) throw decline;
        return new FastNode('SubqueryExpr', target.from, this.at, parts);
      }
      if (target.name !== 'VectorSelector') throw decline;
      this.expect(93);
      if (this.comments.length !== comments) throw decline;
      return new FastNode('MatrixSelector', target.from, this.at, [target, range]);
    }
    const keyword = new FastNode('Offset', this.at, this.at + 6);
    this.at += 6;
    const duration = this.duration();
    return new FastNode('OffsetExpr', target.from, duration.to, [target, keyword, new FastNode('OffsetDurationExpr', duration.from, duration.to, [duration])]);
  }

  /** The rest of an expression after its first operand and operator: operands reduced by precedence. */
  binary(first: FastNode, firstOp: { op: Operator; node: FastNode }): FastNode {
    const operands: FastNode[] = [first];
    const pending: { op: Operator; node: FastNode; modifiers: FastNode[] }[] = [];
    let op: { op: Operator; node: FastNode } | undefined = firstOp;
    while (op) {
      const precedence = op.op.precedence;
      reduce(operands, pending, op.op.right ? precedence : precedence - 1);
      pending.push({ op: op.op, node: op.node, modifiers: this.binaryModifiers() });
      operands.push(this.operand(pending[pending.length - 1].node.name === 'Pow'));
      while (this.atSuffix()) {
        reduce(operands, pending, 0);
        operands.push(this.suffix(operands.pop()!));
      }
      op = this.operator();
    }
    reduce(operands, pending, 0);
    return operands[0];
  }

  operator(): { op: Operator; node: FastNode } | undefined {
    const c = this.peek();
    const text = this.text;
    const from = this.at;
    let spelled: string;
    if (isLetter(c)) {
      // Keywords are read in any case, as by Lezer and Prometheus's lexer.
      const word = this.word(true);
      spelled = word.toLowerCase();
      if (!operators.has(spelled)) {
        if (special(word)) throw decline;
        return undefined;
      }
    } else {
      const next = text.charCodeAt(from + 1);
      // `</`, `>/` (trim operators), `=~`, `!~` out of braces: left to Lezer.
      if (((c === 60 || c === 62) && next === 47) || ((c === 61 || c === 33) && next === 126)) throw decline;
      spelled = next === 61 && (c === 61 || c === 33 || c === 60 || c === 62) ? text.slice(from, from + 2) : text[from];
      if (!operators.has(spelled)) return undefined;
    }
    const op = operators.get(spelled)!;
    this.at += spelled.length;
    return { op, node: new FastNode(op.node, from, this.at) };
  }

  /** `bool`, `on`/`ignoring (…)`, `group_left`/`group_right (…)`; `fill…` is not read. */
  binaryModifiers(): FastNode[] {
    let bool: FastNode | undefined;
    let word = this.word(true).toLowerCase();
    if (word === 'bool') {
      const keyword = new FastNode('Bool', this.at, this.at + 4);
      this.at += 4;
      bool = new FastNode('BoolModifier', keyword.from, keyword.to, [keyword]);
      word = this.word(true).toLowerCase();
    }
    if (word !== 'on' && word !== 'ignoring') return bool ? [bool] : none;
    const from = this.at;
    const keyword = new FastNode(word === 'on' ? 'On' : 'Ignoring', from, from + word.length);
    this.at += word.length;
    const labels = this.groupingLabels();
    let parts = [keyword, labels];
    const group = this.word(true).toLowerCase();
    if (group === 'group_left' || group === 'group_right') {
      const grouped = new FastNode(group === 'group_left' ? 'GroupLeft' : 'GroupRight', this.at, this.at + group.length);
      this.at += group.length;
      parts = this.peek() === 40 ? [keyword, labels, grouped, this.groupingLabels()] : [keyword, labels, grouped];
    }
    const clause = new FastNode('MatchingModifierClause', from, parts[parts.length - 1].to, parts);
    return bool ? [bool, clause] : [clause];
  }

  /** `(a, b)`: label names (a trailing comma allowed). */
  groupingLabels(): FastNode {
    this.expect(40);
    const from = this.at - 1;
    const base = top;
    for (;;) {
      if (this.peek() === 41) break;
      stack[top++] = this.labelName();
      if (this.peek() === 44) this.at++;
      else if (this.peek() !== 41) throw decline;
    }
    this.at++;
    return new FastNode('GroupingLabels', from, this.at, take(base));
  }

  /** A label name: any word, keywords and function names too (Lezer's LabelName token, not an Identifier). */
  labelName(): FastNode {
    const name = this.word();
    if (!name) throw decline;
    const node = new FastNode('LabelName', this.at, this.at + name.length);
    this.at += name.length;
    return node;
  }

  /** A duration literal: digits and units, units in Prometheus's order, not zero; a subquery's `:` may follow a range's. */
  duration(range = false): FastNode {
    this.skip();
    const from = this.at;
    durationPattern.lastIndex = from;
    if (!durationPattern.test(this.text)) throw decline;
    const at = durationPattern.lastIndex;
    // A range of 0 is an error; an offset of 0 is not, but is rare: both are left to Lezer.
    if (at === from || !nonZero.test(this.text.slice(from, at)) || (afterLiteral(this.text.charCodeAt(at)) && !(range && this.text.charCodeAt(at) === 58))) throw decline;
    this.at = at;
    return new FastNode('NumberDurationLiteralInDurationContext', from, at);
  }

  operand(afterPow = false): FastNode {
    const c = this.peek();
    const from = this.at;
    if (c === 45 || c === 43) return this.signed(afterPow);
    if (c === 40) {
      this.at++;
      const inner = this.expression();
      this.expect(41);
      return new FastNode('ParenExpr', from, this.at, [inner]);
    }
    if (c === 123) {
      const selector = new FastNode('VectorSelector', from, 0, [this.labelMatchers(false)]);
      selector.to = selector.children[0].to;
      this.selectors.push(selector);
      return selector;
    }
    if (isDigit(c) || c === 46) return this.number();
    if (c === 34 || c === 39 || c === 96) return this.string();
    const word = this.word(true);
    if (!word) throw decline;
    this.at += word.length;
    const end = this.at;
    const lower = word.toLowerCase();
    if (aggregators.has(lower)) return this.aggregation(lower, from);
    // Function names are read in lower case only.
    if (word !== lower && special(word)) throw decline;
    const signature = functionSignature(word);
    if (signature) {
      if (this.peek() !== 40 || word === 'info') throw decline;
      const identifier = new FastNode('FunctionIdentifier', from, end, [new FastNode(functionNodeName(word), from, end)]);
      const body = this.callBody();
      return new FastNode('FunctionCall', from, body.to, [identifier, body]);
    }
    // Lezer's keyword tables are plain objects: `constructor` is read as a keyword there (a syntax error).
    if (keywords.has(lower) || lower in Object.prototype) throw decline;
    // A metric name, then its label matchers.
    const identifier = new FastNode('Identifier', from, end);
    const parts = this.peek() === 123 ? [identifier, this.labelMatchers(true)] : [identifier];
    const selector = new FastNode('VectorSelector', from, parts[parts.length - 1].to, parts);
    this.selectors.push(selector);
    return selector;
  }

  number(): FastNode {
    const from = this.at;
    numberPattern.lastIndex = from;
    if (!numberPattern.test(this.text)) throw decline;
    const at = numberPattern.lastIndex;
    if (afterLiteral(this.text.charCodeAt(at))) throw decline;
    this.at = at;
    return new FastNode('NumberDurationLiteral', from, at);
  }

  /**
   * A sign before a number: Lezer's tree has a signed NumberDurationLiteral when the number ends the text, a UnaryExpr
   * when another operator, `)` or `,` follows. A sign before anything else, after `^`, or before `^`, `atan2`, `[`, `offset`… is Lezer's.
   */
  signed(afterPow: boolean): FastNode {
    const from = this.at;
    if (afterPow) throw decline;
    const comments = this.comments.length;
    this.at++;
    if (!isDigit(this.peek()) && this.text.charCodeAt(this.at) !== 46) throw decline;
    const number = this.number();
    const next = this.peek();
    // A comment after the sign or the number: left to Lezer.
    if (this.comments.length !== comments) throw decline;
    if (this.at === this.text.length) return new FastNode('NumberDurationLiteral', from, number.to);
    if (!unaryFollowers(next, this.text, this.at)) throw decline;
    return new FastNode('UnaryExpr', from, number.to, [new FastNode('UnaryOp', from, from + 1), number]);
  }

  /** A string in double or single quotes, with no escape and on one line. */
  string(): FastNode {
    const from = this.at;
    stringPattern.lastIndex = from;
    if (!stringPattern.test(this.text)) throw decline;
    this.at = stringPattern.lastIndex;
    return new FastNode('StringLiteral', from, this.at);
  }

  /** `(a, b)`: a call's or an aggregation's arguments (no trailing comma). */
  callBody(): FastNode {
    this.expect(40);
    const from = this.at - 1;
    const base = top;
    if (this.peek() !== 41) {
      for (;;) {
        const arg = this.expression();
        stack[top++] = arg;
        if (this.peek() !== 44) break;
        this.at++;
      }
    }
    this.expect(41);
    return new FastNode('FunctionCallBody', from, this.at, take(base));
  }

  aggregation(word: string, from: number): FastNode {
    const op = new FastNode('AggregateOp', from, this.at, [new FastNode(aggregators.get(word)!, from, this.at)]);
    const before = this.aggregateModifier();
    const body = this.callBody();
    const after = before ? undefined : this.aggregateModifier();
    const parts = before ? [op, before, body] : after ? [op, body, after] : [op, body];
    return new FastNode('AggregateExpr', from, parts[parts.length - 1].to, parts);
  }

  /** `by (…)` or `without (…)` of an aggregation, if there. */
  aggregateModifier(): FastNode | undefined {
    const keyword = this.word(true).toLowerCase();
    if (keyword !== 'by' && keyword !== 'without') return undefined;
    const node = new FastNode(keyword === 'by' ? 'By' : 'Without', this.at, this.at + keyword.length);
    this.at += keyword.length;
    const labels = this.groupingLabels();
    return new FastNode('AggregateModifier', node.from, labels.to, [node, labels]);
  }

  /** `{a="b", c=~"d"}`: unquoted label names, quoted values. */
  labelMatchers(named: boolean): FastNode {
    const from = this.at;
    this.at++;
    const base = top;
    for (;;) {
      if (this.peek() === 125) break;
      const label = this.labelName();
      // The name twice, `x{__name__="y"}`: left to Lezer (the checker's finding).
      if (named && label.to - label.from === 8 && this.text.startsWith('__name__', label.from)) throw decline;
      this.skip();
      // `=`, `=~`, `!=`, `!~` (`==` is `=` then `=`, as Lezer reads it).
      const c = this.text.charCodeAt(this.at);
      const next = this.text.charCodeAt(this.at + 1);
      const opName = c === 61 ? (next === 126 ? 'EqlRegex' : 'EqlSingle') : c === 33 && next === 61 ? 'Neq' : c === 33 && next === 126 ? 'NeqRegex' : undefined;
      if (!opName) throw decline;
      const op = new FastNode(opName, this.at, this.at + (opName === 'EqlSingle' ? 1 : 2));
      this.at = op.to;
      if (this.peek() !== 34 && this.peek() !== 39 && this.peek() !== 96) throw decline;
      const value = this.string();
      stack[top++] = new FastNode('UnquotedLabelMatcher', label.from, value.to, [label, new FastNode('MatchOp', op.from, op.to, [op]), value]);
      if (this.peek() === 44) this.at++;
      else if (this.peek() !== 125) throw decline;
    }
    this.at++;
    return new FastNode('LabelMatchers', from, this.at, take(base));
  }
}

/** Joins the pending operators that bind tighter than `above` with their operands into BinaryExpr nodes. */
function reduce(operands: FastNode[], pending: { node: FastNode; op: Operator; modifiers: FastNode[] }[], above: number): void {
  while (pending.length > 0 && pending[pending.length - 1].op.precedence > above) {
    const { node, modifiers } = pending.pop()!;
    const right = operands.pop()!;
    const left = operands.pop()!;
    operands.push(new FastNode('BinaryExpr', left.from, right.to, modifiers.length === 0 ? [left, node, right] : [left, node, ...modifiers, right]));
  }
}

/** What may follow a signed number read as a UnaryExpr: `)`, `,`, and the binary operators but `^` and `atan2`. */
function unaryFollowers(c: number, text: string, at: number): boolean {
  if (c === 41 || c === 44 || c === 43 || c === 45 || c === 42 || c === 47 || c === 37 || c === 60 || c === 62) return true;
  if (c === 61 || c === 33) return text.charCodeAt(at + 1) === 61;
  labelWord.lastIndex = at;
  return isLetter(c) && labelWord.test(text) && ['and', 'or', 'unless'].includes(text.slice(at, labelWord.lastIndex).toLowerCase());
}

/**
 * A selector without a metric name (`{__name__=~"a.+"}`) is clean when one of its matchers does not
 * match the empty value, for both parse.ts's walk (regexes anchored and tried) and the checker
 * (for which no regex matches it): a non-empty `=` value, or a regex `=~` that does not match ''.
 */
function checkNameless(selector: FastNode, text: string): void {
  for (const matcher of selector.children[0].children) {
    const op = matcher.children[1].children[0].name;
    const literal = matcher.children[2];
    const value = text.slice(literal.from + 1, literal.to - 1);
    if (op === 'EqlSingle' && value !== '') return;
    if (op === 'EqlRegex') {
      let regex: RegExp;
      try {
        regex = new RegExp(`^(?:${value})$`, 'su');
      } catch {
        continue;
      }
      if (!regex.test('')) return;
    }
  }
  throw decline;
}


/**
 * Every check parse.ts makes on a tree (the checker's checkAST, the walk's ranges, modifiers and
 * selectors), reduced to whether any would report: any finding declines. Returns the node's type
 * as the checker's getType gives it.
 */
function expect(child: FastNode, want: ValueType, text: string): void {
  if (check(child, text) !== want) throw decline;
}
function check(node: FastNode, text: string): ValueType {
  switch (node.name) {
    case 'VectorSelector':
      if (!node.getChild('Identifier')) checkNameless(node, text);
      return 'vector';
    case 'SubqueryExpr':
      if (check(node.children[0], text) !== 'vector') throw decline;
      return 'matrix';
    case 'NumberDurationLiteral':
    case 'UnaryExpr':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'AggregateExpr': {
      const op = text.slice(node.from, node.children[0].to).toLowerCase();
      const params = node.getChild('FunctionCallBody')!.children;
      const wanted = parameterType.get(op);
      if (params.length !== (wanted ? 2 : 1)) throw decline;
      expect(params[params.length - 1], 'vector', text);
      if (wanted) expect(params[0], wanted, text);
      return 'vector';
    }
    case 'BinaryExpr': {
      const left = node.children[0];
      const op = node.children[1];
      const right = node.children[node.children.length - 1];
      const lt = check(left, text);
      const rt = check(right, text);
      const bool = node.getChild('BoolModifier');
      const clause = node.getChild('MatchingModifierClause');
      const comparison = comparisons.has(op.name);
      const set = setOperators.has(op.name);
      if (bool ? !comparison : lt === 'scalar' && rt === 'scalar' && comparison) throw decline;
      if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) throw decline;
      const groups = clause?.getChildren('GroupingLabels') ?? none;
      const matching = labelsOf(groups[0], text);
      const grouped = clause?.getChild('GroupLeft') ?? clause?.getChild('GroupRight');
      if (clause?.getChild('On') && grouped) {
        const included = labelsOf(groups[1], text);
        if (matching.some((label) => included.includes(label))) throw decline;
      }
      if (lt !== 'vector' || rt !== 'vector') {
        if (matching.length > 0) throw decline;
      } else if (set && grouped) throw decline;
      if (set && (lt === 'scalar' || rt === 'scalar')) throw decline;
      return lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
    }
    case 'FunctionCall': {
      const signature = functionSignature(text.slice(node.from, node.children[0].to))!;
      const args = node.children[1].children;
      const count = signature.argTypes.length;
      if (signature.variadic === 0 ? args.length !== count : args.length < count - 1 || (signature.variadic > 0 && args.length > count - 1 + signature.variadic)) throw decline;
      for (let i = 0; i < args.length; i++) expect(args[i], signature.argTypes[Math.min(i, count - 1)], text);
      return signature.returnType;
    }
    case 'ParenExpr':
      return check(node.children[0], text);
    case 'OffsetExpr': {
      const type = check(node.children[0], text);
      // The walk's `modified`: through binary expressions' right operands, a selector.
      let target = node.children[0];
      while (target.name === 'BinaryExpr') target = target.children[target.children.length - 1];
      if (target.name !== 'VectorSelector' && target.name !== 'MatrixSelector' && target.name !== 'SubqueryExpr') throw decline;
      return type;
    }
    case 'MatrixSelector':
      check(node.children[0], text);
      return 'matrix';
    default:
      throw decline;
  }
}

/** What the fast path read: the expression's node (Lezer's `topNode.firstChild`) and its vector selectors in source order. */
export interface FastExpression {
  top: SyntaxNode;
  selectors: readonly SyntaxNode[];
}

/** The tree of an expression this module reads and proves clean, or undefined (parse.ts reads it with Lezer). */
export function fastParse(text: string): FastExpression | undefined {
  if (text.length > 16 * 1024) return undefined;
  const reader = new Reader(text);
  // What a declined read left on the stack.
  top = 0;
  try {
    const node = reader.expression();
    reader.skip();
    if (reader.at !== text.length) return undefined;
    // A tree deeper than parse.ts's limit, or a string or range as the whole expression: left to Lezer.
    if (node.depth + 1 > maxDepth) return undefined;
    const type = check(node, text);
    if (type !== 'vector' && type !== 'scalar') return undefined;
    const first = reader.comments.length === 0 ? node : withComments(node, reader.comments, text.length);
    // Lezer's nodes are typed from the grammar package; these have the part of them the readers use.
    return { top: first as unknown as SyntaxNode, selectors: reader.selectors.slice() as unknown as SyntaxNode[] };
  } catch (error) {
    if (error === decline) return undefined;
    throw error;
  }
}
