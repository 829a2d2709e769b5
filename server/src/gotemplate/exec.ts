/**
 * Executes parsed Go templates with text/template's semantics (as Helm configures it: a missing
 * map key is the zero value): pipelines, fields and methods, variables, if/with/range/else,
 * break/continue, template calls, functions with Go's argument conversions and their errors.
 *
 * Bounded by a Budget (budget.ts: steps, output, string length, work, nesting), passing one
 * throwing a `limit` TemplateError naming it.
 * Each piece of the output remembers where it came from (segments): text at its exact place,
 * an action's output at the action, anything written while in a template called from the root
 * file at that call.
 */
import type { Arg, Command, Pipe, TemplateNode } from './ast';
import { isFloatLiteral } from './numbers';
import { Budget, defaultLimits, type Limits, type RenderPool } from './budget';
import { metered } from './tree';
import { GoError, GoObject, formatValue, goTypeName, isTrue, type GoMethod, type GoValue, type ParamType } from './values';

/** A place in a template file. */
export interface Site {
  file: string;
  start: number;
  end: number;
}

export type TemplateErrorKind = 'error' | 'unsupported' | 'limit';

/** Why a render stopped: a template error (Helm's too), something this renderer does not do, or a bound. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly kind: TemplateErrorKind,
    readonly at: Site,
    /** The calls that led there, outermost first. */
    readonly trace: readonly Site[],
  ) {
    super(message);
  }
}

/** Thrown by a function this renderer does not implement (Helm has it): the template is not checked. */
export class Unsupported extends Error {}

/** A `required` that found no value or a `fail`: Helm's install would stop with the message. */
export interface TemplateEvent {
  kind: 'required' | 'fail';
  message: string;
  at: Site;
  trace: readonly Site[];
}

/** What a function can ask of the running template. */
export interface CallContext {
  include(name: string, data: GoValue): string;
  tpl(text: string, data: GoValue): string;
  event(kind: TemplateEvent['kind'], message: string): void;
  /** Before a function builds a string (or list) of `length`: throws the limit error past maxString or the work budget, else charges it. */
  reserve(length: number): void;
  /** Charges `units` of work (characters read or built, values visited); throws the limit error past the budget. */
  charge(units: number): void;
  /** The longest string a function may build. */
  readonly maxString: number;
}

export interface GoFunction {
  params: readonly ParamType[];
  variadic?: ParamType;
  call(args: GoValue[], context: CallContext): GoValue;
}

/** What a render can call: the named templates (files and defines) and the functions. */
export interface TemplateSet {
  template(name: string): { file: string; list: TemplateNode[] } | undefined;
  functions: ReadonlyMap<string, GoFunction>;
  /** Parses a `tpl` text (cached by the caller); its error message, or its body. */
  parseText(text: string): { list: TemplateNode[] } | { error: string };
}

/** One piece of output and where it came from in the root file. */
export interface Segment {
  out: number;
  length: number;
  src: number;
  srcEnd: number;
  /** Text copied from the template: offsets map one to one. */
  exact: boolean;
}

class Output {
  private readonly parts: string[] = [];
  length = 0;
  readonly segments: Segment[] = [];
  constructor(readonly mapped: boolean) {}
  add(text: string, segment?: Omit<Segment, 'out' | 'length'>): void {
    if (text.length === 0) return;
    if (this.mapped && segment) this.segments.push({ out: this.length, length: text.length, ...segment });
    this.parts.push(text);
    this.length += text.length;
  }
  get text(): string {
    return this.parts.join('');
  }
}

interface Variable {
  name: string;
  value: GoValue;
}

interface Scope {
  file: string;
  vars: Variable[];
}

/** A value not given (no final piped value): distinct from nil. */
const MISSING = Symbol('missing');
type Maybe = GoValue | typeof MISSING;

/** `{{break}}` and `{{continue}}` unwind to their range: one instance each, made once. */
class LoopSignal extends Error {}
const BREAK = new LoopSignal('break');
const CONTINUE = new LoopSignal('continue');

export interface RenderResult {
  text: string;
  segments: Segment[];
}

/** One render of a template set: its budgets, its events, its call stack. */
export class Executor {
  private readonly budget: Budget;
  private readonly calls: Site[] = [];
  /** Where the root file's current action is: what the output written meanwhile maps to. */
  private site: { start: number; end: number } | undefined;
  private rootFile = '';
  private out: Output = new Output(false);
  readonly events: TemplateEvent[] = [];
  private readonly context: CallContext;

  constructor(
    private readonly set: TemplateSet,
    private readonly limits: Limits = defaultLimits,
    /** The chart's pool, when its templates share one. */
    pool?: RenderPool,
  ) {
    const budget = (this.budget = new Budget(limits, pool, (message) => this.fail(message, 'limit')));
    this.context = {
      include: (name, data) => this.include(name, data),
      tpl: (text, data) => this.tpl(text, data),
      event: (kind, message) => this.events.push({ kind, message, at: this.at, trace: [...this.calls] }),
      reserve: (length) => budget.reserve(length),
      charge: (units) => budget.spend(units),
      maxString: limits.maxString,
    };
  }

  private at: Site = { file: '', start: 0, end: 0 };

  /** Renders the template named `name` (a file) with `dot`. Throws a TemplateError. */
  render(name: string, dot: GoValue): RenderResult {
    const template = this.set.template(name);
    if (!template) throw new TemplateError(`no template ${JSON.stringify(name)}`, 'error', { file: name, start: 0, end: 0 }, []);
    this.rootFile = template.file;
    this.out = new Output(true);
    try {
      this.walkList({ file: template.file, vars: [{ name: '$', value: dot }] }, dot, template.list);
    } catch (error) {
      // The nesting bound keeps the executor's stack far from the engine's; should a smaller stack (a worker's) still run out, it is a bound too.
      if (error instanceof RangeError) this.fail(`the render's stack: ${error.message}`, 'limit');
      throw error;
    }
    return { text: this.out.text, segments: this.out.segments };
  }

  private fail(message: string, kind: TemplateErrorKind = 'error'): never {
    throw new TemplateError(message, kind, this.at, [...this.calls]);
  }

  private write(text: string, node: { start: number; end: number }, scope: Scope, exact: boolean): void {
    this.budget.write(text.length);
    if (!this.out.mapped) return this.out.add(text);
    if (this.site) this.out.add(text, { src: this.site.start, srcEnd: this.site.end, exact: false });
    else if (scope.file === this.rootFile) this.out.add(text, { src: node.start, srcEnd: node.end, exact });
    else this.out.add(text);
  }

  /** What an action prints (`<no value>` for nil, Helm then removes it), bounded by the output left. */
  private printed(value: GoValue): string {
    if (value === null) return '<no value>';
    const left = this.limits.maxOutput - this.budget.written;
    try {
      return metered(this.budget.meter, () => formatValue(value, left));
    } catch (error) {
      if (error instanceof RangeError) this.fail(`more than ${this.limits.maxOutput} bytes of output`, 'limit');
      throw error;
    }
  }

  private walkList(scope: Scope, dot: GoValue, list: readonly TemplateNode[]): void {
    this.budget.enter();
    try {
      for (const node of list) this.walk(scope, dot, node);
    } finally {
      this.budget.leave();
    }
  }

  private walk(scope: Scope, dot: GoValue, node: TemplateNode): void {
    this.budget.step();
    this.at = { file: scope.file, start: node.start, end: node.end };
    switch (node.kind) {
      case 'text':
        return this.write(node.text, node, scope, true);
      case 'action': {
        const value = this.pipeline(scope, dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.at = { file: scope.file, start: node.start, end: node.end };
          this.write(this.printed(value), node, scope, false);
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = scope.vars.length;
        const value = this.pipeline(scope, dot, node.pipe);
        if (isTrue(value)) this.walkList(scope, node.kind === 'with' ? value : dot, node.list);
        else if (node.elseList) this.walkList(scope, dot, node.elseList);
        scope.vars.length = mark;
        return;
      }
      case 'range':
        return this.range(scope, dot, node);
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'template': {
        const data = node.pipe ? this.pipeline(scope, dot, node.pipe) : null;
        this.at = { file: scope.file, start: node.start, end: node.end };
        const called = this.set.template(node.name);
        if (!called) this.fail(`template ${JSON.stringify(node.name)} not defined`);
        const outer = this.site;
        if (!outer && scope.file === this.rootFile) this.site = { start: node.start, end: node.end };
        this.call({ file: scope.file, start: node.start, end: node.end }, () => this.walkList({ file: called.file, vars: [{ name: '$', value: data }] }, data, called.list));
        this.site = outer;
        return;
      }
    }
  }

  private call<T>(site: Site, run: () => T): T {
    if (this.calls.length >= this.limits.maxDepth) this.fail(`template calls nested more than ${this.limits.maxDepth} deep`, 'limit');
    this.calls.push(site);
    try {
      return run();
    } finally {
      this.calls.pop();
    }
  }

  private range(scope: Scope, dot: GoValue, node: TemplateNode & { kind: 'if' | 'with' | 'range' }): void {
    const mark = scope.vars.length;
    const value = this.pipeline(scope, dot, node.pipe);
    const items: [GoValue, GoValue][] = [];
    if (Array.isArray(value)) value.forEach((item, i) => items.push([BigInt(i), item]));
    else if (value instanceof Map) for (const key of [...value.keys()].sort()) items.push([key, value.get(key) ?? null]);
    else if (typeof value === 'bigint') {
      if (value > BigInt(this.limits.maxSteps)) this.fail(`range over ${value}: more than ${this.limits.maxSteps} steps`, 'limit');
      for (let i = 0n; i < value; i++) items.push([i, i]);
    } else if (value instanceof GoObject && value.items) value.items.forEach((item, i) => items.push([BigInt(i), item]));
    else if (value instanceof GoObject && value.entries) for (const key of [...value.entries.keys()].sort()) items.push([key, value.entries.get(key) ?? null]);
    else if (value !== null) this.fail(`range can't iterate over ${this.printed(value)}`);
    if (items.length === 0) {
      if (node.elseList) this.walkList(scope, dot, node.elseList);
      scope.vars.length = mark;
      return;
    }
    const decl = node.pipe.decl;
    for (const [key, item] of items) {
      this.budget.step();
      if (decl.length > 0) {
        if (node.pipe.assign) {
          this.setVar(scope, decl[0].name, decl.length > 1 ? key : item);
          if (decl.length > 1) this.setVar(scope, decl[1].name, item);
        } else {
          scope.vars[scope.vars.length - 1].value = item;
          if (decl.length > 1) scope.vars[scope.vars.length - 2].value = key;
        }
      }
      const inner = scope.vars.length;
      try {
        this.walkList(scope, item, node.list);
      } catch (signal) {
        scope.vars.length = inner;
        if (signal === BREAK) break;
        if (signal !== CONTINUE) throw signal;
      }
      scope.vars.length = inner;
    }
    scope.vars.length = mark;
  }

  private setVar(scope: Scope, name: string, value: GoValue): void {
    for (let k = scope.vars.length - 1; k >= 0; k--) {
      if (scope.vars[k].name === name) {
        scope.vars[k].value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private variable(scope: Scope, name: string): GoValue {
    for (let k = scope.vars.length - 1; k >= 0; k--) if (scope.vars[k].name === name) return scope.vars[k].value;
    return this.fail(`undefined variable: ${name}`);
  }

  private pipeline(scope: Scope, dot: GoValue, pipe: Pipe): GoValue {
    let value: Maybe = MISSING;
    this.budget.enter();
    try {
      for (const cmd of pipe.cmds) value = this.command(scope, dot, cmd, value);
    } finally {
      this.budget.leave();
    }
    const result = value === MISSING ? null : value;
    for (const decl of pipe.decl) {
      if (pipe.assign) this.setVar(scope, decl.name, result);
      else scope.vars.push({ name: decl.name, value: result });
    }
    return result;
  }

  private command(scope: Scope, dot: GoValue, cmd: Command, final: Maybe): GoValue {
    this.budget.step();
    const first = cmd.args[0];
    this.at = { file: scope.file, start: first.start, end: cmd.end };
    switch (first.kind) {
      case 'field':
        return this.fieldChain(scope, dot, dot, first.names, cmd.args, final);
      case 'chain': {
        // A parenthesized pipeline or a function's result, then fields.
        const base = this.evalArgAny(scope, dot, first.node);
        return this.fieldChain(scope, dot, base, first.names, cmd.args, final);
      }
      case 'identifier':
        return this.callFunction(scope, dot, first.name, cmd.args.slice(1), final);
      case 'variable': {
        const base = this.variable(scope, first.name);
        if (first.names.length === 0) {
          this.notAFunction(cmd.args, final, first.name);
          return base;
        }
        return this.fieldChain(scope, dot, base, first.names, cmd.args, final);
      }
      case 'pipe':
        this.notAFunction(cmd.args, final, 'parenthesized pipeline');
        return this.pipeline(scope, dot, first.pipe);
      case 'nil':
        return this.fail('nil is not a command');
      default:
        this.notAFunction(cmd.args, final, first.kind === 'dot' ? '.' : first.kind === 'string' ? JSON.stringify(first.value) : first.kind === 'number' ? first.text : String(first.kind === 'bool' ? first.value : ''));
        return this.literal(first, dot);
    }
  }

  private notAFunction(args: readonly Arg[], final: Maybe, what: string): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${what}`);
  }

  private literal(arg: Arg, dot: GoValue): GoValue {
    switch (arg.kind) {
      case 'dot':
        return dot;
      case 'string':
        return arg.value;
      case 'bool':
        return arg.value;
      case 'nil':
        return null;
      case 'number':
        // Go's ideal constant (exec's idealConstant): a float64 when written as one (1.5, 1e3, 0x1p60), else an int.
        if (arg.complex) return this.fail(`complex constant ${arg.text}`, 'unsupported');
        if (arg.float !== undefined && isFloatLiteral(arg.text)) return arg.float;
        if (arg.int !== undefined) return arg.int;
        return this.fail(`${arg.text} overflows int`);
      default:
        return this.fail(`unexpected ${arg.kind}`);
    }
  }

  /** `.a.b.c` from `receiver`; the last name gets the command's arguments (a method call). */
  /**
   * `.a.b.c` from `receiver`; the last name gets the command's arguments (a method call). A nil
   * receiver is Go's invalid value when it is a pipeline's result, a variable or dot (`(.a).b`:
   * nothing, no error) and a nil interface when a field gave it (`.a.b` with no `a`: an error).
   */
  private fieldChain(scope: Scope, dot: GoValue, receiver: GoValue, names: readonly string[], args: readonly Arg[], final: Maybe): GoValue {
    if (receiver === null) return null;
    let value: GoValue = receiver;
    names.forEach((name, k) => {
      const last = k === names.length - 1;
      value = this.field(scope, dot, value, name, last ? args : [], last ? final : MISSING);
    });
    return value;
  }

  private field(scope: Scope, dot: GoValue, receiver: GoValue, name: string, args: readonly Arg[], final: Maybe): GoValue {
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver === null) return this.fail(`nil pointer evaluating interface {}.${name}`);
    if (receiver instanceof GoObject) {
      const method = receiver.methods.get(name);
      if (method) return this.callMethod(scope, dot, name, method, args.slice(1), final);
      if (receiver.fields.has(name)) {
        if (hasArgs) this.fail(`${name} has arguments but cannot be invoked as function`);
        return receiver.fields.get(name) ?? null;
      }
      return this.fail(`can't evaluate field ${name} in type ${receiver.type}`);
    }
    if (receiver instanceof Map) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      return receiver.get(name) ?? null;
    }
    return this.fail(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private callMethod(scope: Scope, dot: GoValue, name: string, method: GoMethod, args: readonly Arg[], final: Maybe): GoValue {
    const values = this.arguments(scope, dot, name, method.params, undefined, args, final);
    return this.charged(name, values, () => method.call(values));
  }

  private callFunction(scope: Scope, dot: GoValue, name: string, args: readonly Arg[], final: Maybe): GoValue {
    const fn = this.set.functions.get(name);
    if (!fn) return this.fail(`function ${JSON.stringify(name)} not defined`);
    // and/or evaluate their arguments in turn and stop at the first that decides (Go 1.18).
    if (name === 'and' || name === 'or') {
      const all = final === MISSING ? args.map((a) => () => this.evalArgAny(scope, dot, a)) : [...args.map((a) => () => this.evalArgAny(scope, dot, a)), () => final];
      if (all.length === 0) this.fail(`wrong number of args for ${name}: want at least 1 got 0`);
      let value: GoValue = null;
      for (const next of all) {
        value = next();
        if (isTrue(value) !== (name === 'and')) return value;
      }
      return value;
    }
    const values = this.arguments(scope, dot, name, fn.params, fn.variadic, args, final);
    this.budget.step();
    return this.charged(name, values, () => fn.call(values, this.context));
  }

  /**
   * A function's or method's call with its work charged: the strings it is given (hashing,
   * matching, copying read them), the values its walks visit (tree.ts), and what it returns (a
   * string's characters, a list's or map's entries); a string longer than maxString is refused.
   */
  private charged(name: string, values: readonly GoValue[], call: () => GoValue): GoValue {
    let read = 1;
    for (const value of values) if (typeof value === 'string') read += value.length;
    let result: GoValue;
    try {
      this.budget.spend(read);
      result = metered(this.budget.meter, call);
    } catch (error) {
      return this.callFailure(name, error);
    }
    if (typeof result === 'string') {
      if (result.length > this.limits.maxString) this.fail(`${name} built a string longer than ${this.limits.maxString}`, 'limit');
      this.budget.spend(result.length);
    } else if (Array.isArray(result)) this.budget.spend(result.length);
    else if (result instanceof Map) this.budget.spend(result.size);
    return result;
  }

  private callFailure(name: string, error: unknown): never {
    if (error instanceof TemplateError) throw error;
    if (error instanceof Unsupported) this.fail(`${name}${error.message ? ` (${error.message})` : ''}`, 'unsupported');
    if (error instanceof GoError) this.fail(`error calling ${name}: ${error.message}`);
    if (error instanceof RangeError) this.fail(`error calling ${name}: ${error.message}`, 'limit');
    throw error;
  }

  /** The arguments of a call, converted to the parameter types as Go's reflection does, with the piped value last. */
  private arguments(scope: Scope, dot: GoValue, name: string, params: readonly ParamType[], variadic: ParamType | undefined, args: readonly Arg[], final: Maybe): GoValue[] {
    const count = args.length + (final === MISSING ? 0 : 1);
    if (variadic ? count < params.length : count !== params.length) this.fail(`wrong number of args for ${name}: want ${variadic ? 'at least ' : ''}${params.length} got ${count}`);
    const typeAt = (k: number): ParamType => (k < params.length ? params[k] : (variadic ?? 'any'));
    const values = args.map((arg, k) => this.evalArg(scope, dot, arg, typeAt(k)));
    if (final !== MISSING) values.push(this.convert(final, typeAt(count - 1)));
    return values;
  }

  private evalArgAny(scope: Scope, dot: GoValue, arg: Arg): GoValue {
    return this.evalArg(scope, dot, arg, 'any');
  }

  private evalArg(scope: Scope, dot: GoValue, arg: Arg, type: ParamType): GoValue {
    this.budget.step();
    switch (arg.kind) {
      case 'dot':
        return this.convert(dot, type);
      case 'nil':
        if (type === 'any' || type === 'map' || type === 'list') return null;
        return this.fail(`cannot assign nil to ${goParam(type)}`);
      case 'field':
        return this.convert(this.fieldChain(scope, dot, dot, arg.names, [arg], MISSING), type);
      case 'variable':
        return this.convert(arg.names.length === 0 ? this.variable(scope, arg.name) : this.fieldChain(scope, dot, this.variable(scope, arg.name), arg.names, [arg], MISSING), type);
      case 'pipe':
        return this.convert(this.pipeline(scope, dot, arg.pipe), type);
      case 'identifier':
        return this.convert(this.callFunction(scope, dot, arg.name, [], MISSING), type);
      case 'chain':
        return this.convert(this.fieldChain(scope, dot, this.evalArgAny(scope, dot, arg.node), arg.names, [arg], MISSING), type);
      case 'bool':
        if (type !== 'any' && type !== 'bool') this.fail(`expected ${goParam(type)}; found ${arg.value}`);
        return arg.value;
      case 'string':
        if (type !== 'any' && type !== 'string') this.fail(`expected ${goParam(type)}; found ${JSON.stringify(arg.value)}`);
        return arg.value;
      case 'number':
        if (type === 'int') return arg.int ?? this.fail(`expected integer; found ${arg.text}`);
        if (type === 'float') return arg.float ?? this.fail(`expected float; found ${arg.text}`);
        if (type !== 'any') this.fail(`expected ${goParam(type)}; found ${arg.text}`);
        return this.literal(arg, dot);
    }
  }

  /** A value given to a parameter of `type`: Go's assignability (an int is no float64, a float64 no int). */
  private convert(value: GoValue, type: ParamType): GoValue {
    if (assignable[type](value)) return value;
    if (type === 'list' && value instanceof GoObject && value.items) return value.items;
    if (value === null) return this.fail(`invalid value; expected ${goParam(type)}`);
    return this.fail(`wrong type for value; expected ${goParam(type)}; got ${goTypeName(value)}`);
  }

  private include(name: string, data: GoValue): string {
    const called = this.set.template(name);
    if (!called) throw new GoError(`template: no template ${JSON.stringify(name)} associated with template "gotpl"`);
    return this.captured(() => this.walkList({ file: called.file, vars: [{ name: '$', value: data }] }, data, called.list));
  }

  private tpl(text: string, data: GoValue): string {
    const parsed = this.set.parseText(text);
    if ('error' in parsed) throw new GoError(`cannot parse template ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}: ${parsed.error}`);
    const file = '<tpl>';
    return this.captured(() => this.walkList({ file, vars: [{ name: '$', value: data }] }, data, parsed.list)).replaceAll('<no value>', '');
  }

  /** Runs `body` writing into a buffer of its own (include, tpl) and gives what it wrote. */
  private captured(body: () => void): string {
    const saved = this.out;
    const savedAt = this.at;
    const savedSite = this.site;
    this.out = new Output(false);
    try {
      this.call(this.at, body);
      return this.out.text;
    } finally {
      this.out = saved;
      this.at = savedAt;
      this.site = savedSite;
    }
  }
}

/** Which values a parameter of each type takes as they are (nil is a map's or a slice's zero value). */
const assignable: Record<ParamType, (value: GoValue) => boolean> = {
  any: () => true,
  string: (value) => typeof value === 'string',
  int: (value) => typeof value === 'bigint',
  float: (value) => typeof value === 'number',
  bool: (value) => typeof value === 'boolean',
  map: (value) => value === null || value instanceof Map,
  list: (value) => value === null || Array.isArray(value),
};

function goParam(type: ParamType): string {
  return { any: 'interface {}', string: 'string', int: 'int', float: 'float64', bool: 'bool', map: 'map[string]interface {}', list: '[]interface {}' }[type];
}
