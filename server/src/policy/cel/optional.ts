/**
 * CEL's optional types (cel-go's `optional` library: `a.?b`, `a[?k]`, `optional.of/none/ofNonZeroValue`, `hasValue`,
 * `value`, `orValue`, `or`, `optMap`, `optFlatMap`) on @bufbuild/cel, which has no optional value: the library parses
 * the marked text (optionalSyntax.ts), this module rewrites the marked nodes of its tree into calls of functions
 * registered in the library's environment, and the library plans and evaluates the result.
 *
 * Semantics (cel-go's interpreter, checked against cel-spec's optionals.textproto): `a.?b` is `optional.of(a.b)` when
 * `a` has `b`, else `optional.none()`; once a qualifier of a chain is optional, every later `.c` or `[k]` of that
 * chain is presence-tested too (`a.?b.c` is none when `c` is absent); a qualifier on an optional value applies to its
 * value, none staying none. `orValue`, `or`, `optMap` and `optFlatMap` evaluate their argument only when needed (a
 * comprehension over the optional's zero or one value). An optional value is a map with one reserved key, so that
 * CEL's own equality compares two optionals as cel-go does.
 */
import type * as Cel from '../cel.lazy';
import { INDEX_MARK, SELECT_MARK } from './optionalSyntax';

type Expr = ReturnType<typeof Cel.parse>['expr'];
type Kind = Expr['exprKind'];
type Call = Extract<Kind, { case: 'callExpr' }>['value'];
type Comprehension = Extract<Kind, { case: 'comprehensionExpr' }>['value'];

/** The reserved key of an optional value: `[value]` when it has one, `[]` when it is none. */
const OPTIONAL_KEY = '\u0000optional';
const SELECT = 'optional@select';
const INDEX = 'optional@index';
const VALUES = 'optional@values';
const ACCUMULATOR = '@optional';
const ELEMENT = '@element';
/** The deepest expression tree rewritten (the parser's own limit is about the same). */
const MAX_DEPTH = 250;

/** Whether a CEL value is an optional built here. */
function isOptional(library: typeof Cel, value: unknown): value is Cel.CelMap {
  return library.isCelMap(value) && value.size === 1 && value.has(OPTIONAL_KEY);
}

/** The functions of the optional library, added to the environment's. */
export function optionalFunctions(library: typeof Cel): Cel.CelFunc[] {
  const DYN = library.CelScalar.DYN;
  const none = (): Cel.CelMap => library.celMap(new Map([[OPTIONAL_KEY, library.celList([])]]));
  const of = (value: Cel.CelValue): Cel.CelMap => library.celMap(new Map<string, Cel.CelInput>([[OPTIONAL_KEY, library.celList([value])]]));
  const content = (value: unknown): Cel.CelValue | undefined => {
    if (!isOptional(library, value)) throw new Error('no such overload: an optional value was expected');
    const held = value.get(OPTIONAL_KEY);
    return library.isCelList(held) && held.size === 1 ? held.get(0) : undefined;
  };
  /** The optional's value, or the value itself; undefined for none. */
  const operand = (value: Cel.CelValue): Cel.CelValue | undefined => (isOptional(library, value) ? content(value) : value);
  const isZero = (value: Cel.CelValue): boolean => {
    if (value === null || value === false || value === '' || value === 0 || value === 0n) return true;
    if (value instanceof Uint8Array) return value.length === 0;
    if (library.isCelUint(value)) return value.value === 0n;
    if (library.isCelList(value) || library.isCelMap(value)) return isOptional(library, value) ? content(value) === undefined : value.size === 0;
    return false;
  };
  return [
    library.celFunc('optional.of', [DYN], DYN, (value) => of(value)),
    library.celFunc('optional.none', [], DYN, () => none()),
    library.celFunc('optional.ofNonZeroValue', [DYN], DYN, (value) => (isZero(value) ? none() : of(value))),
    library.celMethod('hasValue', DYN, [], DYN, function (this: Cel.CelValue) {
      return content(this) !== undefined;
    }),
    library.celMethod('value', DYN, [], DYN, function (this: Cel.CelValue) {
      const held = content(this);
      if (held === undefined) throw new Error('optional.none() dereference');
      return held;
    }),
    library.celFunc(SELECT, [DYN, DYN], DYN, (target, field) => {
      const value = operand(target);
      if (value === undefined) return none();
      if (!library.isCelMap(value)) throw new Error(`no such key: ${String(field)}`);
      const held = value.get(field as string);
      return held === undefined ? none() : of(held);
    }),
    library.celFunc(INDEX, [DYN, DYN], DYN, (target, key) => {
      const value = operand(target);
      if (value === undefined) return none();
      if (library.isCelList(value)) {
        const position = typeof key === 'bigint' ? Number(key) : library.isCelUint(key) ? Number(key.value) : typeof key === 'number' && Number.isInteger(key) ? key : undefined;
        if (position === undefined) throw new Error('no such overload: a list index must be a number');
        const held = position >= 0 && position < value.size ? value.get(position) : undefined;
        return held === undefined ? none() : of(held);
      }
      if (!library.isCelMap(value)) throw new Error('no such key');
      const held = value.get(key as string);
      return held === undefined ? none() : of(held);
    }),
    // The zero or one value of an optional: the range of the comprehensions that make orValue, or, optMap lazy. A value
    // that is no optional is its own value, as cel-go's interpreter returns the left side of orValue/or unchanged.
    library.celFunc(VALUES, [DYN], DYN, (value) => {
      const held = isOptional(library, value) ? content(value) : value;
      return library.celList(held === undefined ? [] : [held]);
    }),
  ];
}

/** The tree rewriter of one expression: fresh node ids after the parser's. */
class Lowering {
  private next: bigint;
  /** The nodes whose value is statically an optional (a later qualifier of their chain is presence-tested). */
  private readonly optionals = new WeakSet<Expr>();

  constructor(root: Expr) {
    let highest = 0n;
    const stack = [root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.id > highest) highest = node.id;
      stack.push(...children(node));
    }
    this.next = highest + 1n;
  }

  private node(exprKind: Kind, optional = false): Expr {
    const made: Expr = { $typeName: 'cel.expr.Expr', id: this.next++, exprKind };
    if (optional) this.optionals.add(made);
    return made;
  }

  private call(fn: string, args: Expr[], target?: Expr, optional = false): Expr {
    const value: Call = { $typeName: 'cel.expr.Expr.Call', function: fn, args, ...(target ? { target } : {}) };
    return this.node({ case: 'callExpr', value }, optional);
  }

  private ident(name: string): Expr {
    return this.node({ case: 'identExpr', value: { $typeName: 'cel.expr.Expr.Ident', name } });
  }

  private string(text: string): Expr {
    return this.node({ case: 'constExpr', value: { $typeName: 'cel.expr.Constant', constantKind: { case: 'stringValue', value: text } } });
  }

  /** A comprehension over the zero or one value of `optional`: `step` with the value bound to `variable`, then `result`. */
  private overValue(optional: Expr, variable: string, step: Expr, result: Expr): Expr {
    const value: Comprehension = {
      $typeName: 'cel.expr.Expr.Comprehension',
      iterVar: variable,
      iterVar2: '',
      iterRange: this.call(VALUES, [optional]),
      accuVar: ACCUMULATOR,
      accuInit: this.call('none', [], this.ident('optional'), true),
      loopCondition: this.node({ case: 'constExpr', value: { $typeName: 'cel.expr.Constant', constantKind: { case: 'boolValue', value: true } } }),
      loopStep: step,
      result,
    };
    return this.node({ case: 'comprehensionExpr', value }, true);
  }

  private isOptional(node: Expr | undefined): boolean {
    if (!node) return false;
    if (this.optionals.has(node)) return true;
    const kind = node.exprKind;
    if (kind.case !== 'callExpr') return false;
    const target = kind.value.target?.exprKind;
    return target?.case === 'identExpr' && target.value.name === 'optional' && ['of', 'none', 'ofNonZeroValue'].includes(kind.value.function);
  }

  /** The rewritten node (its children rewritten first). */
  rewrite(node: Expr, depth = 0): Expr {
    if (depth > MAX_DEPTH) throw new Error(`an expression nested deeper than ${MAX_DEPTH} levels`);
    const kind = node.exprKind;
    switch (kind.case) {
      case 'selectExpr': {
        const operand = kind.value.operand ? this.rewrite(kind.value.operand, depth + 1) : undefined;
        const field = kind.value.field;
        const marked = field.startsWith(SELECT_MARK);
        if (!operand || (!marked && !this.isOptional(operand))) {
          kind.value.operand = operand;
          return node;
        }
        const select = this.call(SELECT, [operand, this.string(marked ? field.slice(SELECT_MARK.length) : field)], undefined, true);
        return kind.value.testOnly ? this.call('hasValue', [], select) : select;
      }
      case 'callExpr':
        return this.rewriteCall(node, kind.value, depth);
      case 'listExpr':
        kind.value.elements = kind.value.elements.map((item) => this.rewrite(item, depth + 1));
        return node;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.value) entry.value = this.rewrite(entry.value, depth + 1);
          if (entry.keyKind.case === 'mapKey') entry.keyKind.value = this.rewrite(entry.keyKind.value, depth + 1);
        }
        return node;
      case 'comprehensionExpr': {
        const value = kind.value;
        for (const key of ['iterRange', 'accuInit', 'loopCondition', 'loopStep', 'result'] as const) {
          const child = value[key];
          if (child) value[key] = this.rewrite(child, depth + 1);
        }
        return node;
      }
      default:
        return node;
    }
  }

  private rewriteCall(node: Expr, call: Call, depth: number): Expr {
    const target = call.target ? this.rewrite(call.target, depth + 1) : undefined;
    const args = call.args.map((item) => this.rewrite(item, depth + 1));
    const index = args[1]?.exprKind;
    if (call.function === '_[_]' && args[0] && args[1]) {
      const marked = index?.case === 'callExpr' && index.value.function === INDEX_MARK && !index.value.target && index.value.args.length === 1;
      if (marked || this.isOptional(args[0])) return this.call(INDEX, [args[0], marked ? index.value.args[0] : args[1]], undefined, true);
    }
    if (target && call.function === 'orValue' && args.length === 1 && args[0]) {
      // optional.hasValue() ? optional.value() : default, with the optional evaluated once and the default only when none.
      const element = this.ident(ELEMENT);
      const step = this.call('of', [element], this.ident('optional'), true);
      const result = this.call('_?_:_', [this.call('hasValue', [], this.ident(ACCUMULATOR)), this.call('value', [], this.ident(ACCUMULATOR)), args[0]]);
      const made = this.overValue(target, ELEMENT, step, result);
      this.optionals.delete(made);
      return made;
    }
    if (target && call.function === 'or' && args.length === 1 && args[0]) {
      const step = this.call('of', [this.ident(ELEMENT)], this.ident('optional'), true);
      const result = this.call('_?_:_', [this.call('hasValue', [], this.ident(ACCUMULATOR)), this.ident(ACCUMULATOR), args[0]]);
      return this.overValue(target, ELEMENT, step, result);
    }
    const variable = args[0]?.exprKind;
    if (target && (call.function === 'optMap' || call.function === 'optFlatMap') && args.length === 2 && variable?.case === 'identExpr' && args[1]) {
      const step = call.function === 'optMap' ? this.call('of', [args[1]], this.ident('optional'), true) : args[1];
      return this.overValue(target, variable.value.name, step, this.ident(ACCUMULATOR));
    }
    call.target = target;
    call.args = args;
    return node;
  }
}

function children(node: Expr): Expr[] {
  const kind = node.exprKind;
  switch (kind.case) {
    case 'selectExpr':
      return kind.value.operand ? [kind.value.operand] : [];
    case 'callExpr':
      return [...(kind.value.target ? [kind.value.target] : []), ...kind.value.args];
    case 'listExpr':
      return kind.value.elements;
    case 'structExpr':
      return kind.value.entries.flatMap((entry) => [...(entry.value ? [entry.value] : []), ...(entry.keyKind.case === 'mapKey' ? [entry.keyKind.value] : [])]);
    case 'comprehensionExpr':
      return [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result].filter((item): item is Expr => item !== undefined);
    default:
      return [];
  }
}

/** The parsed tree of a marked expression (optionalSyntax.ts) with its optional forms as the library's calls. */
export function lowerOptionals(root: Expr): Expr {
  return new Lowering(root).rewrite(root);
}
