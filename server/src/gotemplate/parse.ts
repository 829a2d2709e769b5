/**
 * Go's text/template parser over the lexer's tokens: actions, pipelines, `if`/`with`/`range` with
 * their `else` (and `else if`, `else with`), `define`, `template`, `block`, `break`, `continue`,
 * variables in scope, functions known. Control structures are kept on an explicit stack (a
 * template nested ten thousand levels deep does not overflow the JavaScript stack); parentheses
 * recurse, bounded by MAX_PAREN_DEPTH. Like Go's, it stops at the first error.
 */
import type { Arg, Command, Definition, ParsedTemplate, ParseError, Pipe, TemplateNode } from './ast';
import { lex, unquote, type Token } from './lexer';
import { readNumber } from './numbers';

/** How deep control structures may nest; deeper is reported as a limit, not parsed. */
export const MAX_NESTING = 200;
const MAX_PAREN_DEPTH = 100;

export interface ParseOptions {
  /** Whether a function name is defined (Go refuses an unknown one when parsing). */
  isFunction: (name: string) => boolean;
  /** Variables defined before the template's text (Prometheus defines `$labels`, `$value`… for an alert's), not in a `define`. */
  variables?: readonly string[];
}

class Failure extends Error {
  constructor(
    readonly problem: ParseError,
  ) {
    super(problem.message);
  }
}

type Frame =
  | { kind: 'root'; list: TemplateNode[]; vars: number }
  | { kind: 'define'; list: TemplateNode[]; vars: number; saved: string[]; def: Definition; block?: { parent: TemplateNode[]; node: TemplateNode & { kind: 'template' } } }
  | { kind: 'control'; list: TemplateNode[]; vars: number; node: TemplateNode & { kind: 'if' | 'with' | 'range' }; inElse: boolean; chained: boolean };

class Parser {
  private i = 0;
  private vars: string[] = ['$'];
  readonly defines: Definition[] = [];
  private readonly stack: Frame[];

  constructor(
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
    readonly root: TemplateNode[],
  ) {
    if (options.variables) this.vars.push(...options.variables);
    this.stack = [{ kind: 'root', list: root, vars: this.vars.length }];
  }

  private fail(start: number, end: number, message: string): never {
    throw new Failure({ start, end, message });
  }

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    const token = this.tokens[this.i];
    if (token.kind !== 'eof' && token.kind !== 'error') this.i++;
    if (token.kind === 'error') this.fail(token.start, token.end, token.value);
    return token;
  }
  private peekNonSpace(): Token {
    while (this.tokens[this.i].kind === 'space') this.i++;
    const token = this.tokens[this.i];
    if (token.kind === 'error') this.fail(token.start, token.end, token.value);
    return token;
  }
  private nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1];
  }

  run(): void {
    for (;;) {
      const token = this.next();
      if (token.kind === 'eof') break;
      if (token.kind === 'text') this.top.list.push({ kind: 'text', start: token.start, end: token.end, text: token.value });
      else if (token.kind === 'leftDelim') this.action(token);
      else this.fail(token.start, token.end, `unexpected ${describe(token)}`);
    }
    const open = this.top;
    if (open.kind === 'control') this.fail(open.node.start, open.node.start + 2, `unexpected EOF: {{${open.node.kind}}} has no {{end}}`);
    if (open.kind === 'define') this.fail(open.def.start, open.def.nameEnd, `unexpected EOF: {{define ${JSON.stringify(open.def.name)}}} has no {{end}}`);
  }

  private expectRight(context: string): Token {
    const token = this.nextNonSpace();
    if (token.kind !== 'rightDelim') this.fail(token.start, token.end, `unexpected ${describe(token)} in ${context}`);
    return token;
  }

  private push(frame: Frame): void {
    if (this.stack.length > MAX_NESTING) throw new Failure({ start: 0, end: 0, message: `nested more than ${MAX_NESTING} levels deep`, limit: true });
    this.stack.push(frame);
  }

  private action(open: Token): void {
    const token = this.peekNonSpace();
    if (token.kind !== 'keyword') {
      const pipe = this.pipeline('command', 'rightDelim', false);
      const close = this.next();
      this.top.list.push({ kind: 'action', start: open.start, end: close.end, pipe });
      return;
    }
    this.next();
    switch (token.value) {
      case 'end':
        return this.end(open, this.expectRight('end'));
      case 'else':
        return this.else(open, token);
      case 'if':
      case 'with':
      case 'range':
        return this.control(open, token.value, false);
      case 'define':
        return this.define(open, token);
      case 'block':
        return this.block(open);
      case 'template':
        return this.template(open);
      case 'break':
      case 'continue': {
        const close = this.expectRight(token.value);
        if (!this.inRange()) this.fail(open.start, close.end, `{{${token.value}}} outside {{range}}`);
        this.top.list.push({ kind: token.value, start: open.start, end: close.end });
        return;
      }
    }
  }

  private inRange(): boolean {
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const frame = this.stack[k];
      if (frame.kind === 'control' && frame.node.kind === 'range' && !frame.inElse) return true;
      if (frame.kind !== 'control') return false;
    }
    return false;
  }

  private control(open: Token, keyword: 'if' | 'with' | 'range', chained: boolean, into?: TemplateNode[]): void {
    const vars = this.vars.length;
    const pipe = this.pipeline(keyword, 'rightDelim', keyword === 'range');
    this.next();
    const node = { kind: keyword, start: open.start, end: open.end, pipe, list: [] as TemplateNode[] };
    (into ?? this.top.list).push(node);
    this.push({ kind: 'control', list: node.list, vars, node, inElse: false, chained });
  }

  private else(open: Token, token: Token): void {
    const frame = this.top;
    if (frame.kind !== 'control' || frame.inElse) this.fail(open.start, token.end, 'unexpected {{else}}');
    const after = this.peekNonSpace();
    if (after.kind === 'keyword' && (after.value === 'if' || after.value === 'with')) {
      if (after.value !== frame.node.kind) this.fail(after.start, after.end, `{{else ${after.value}}} in {{${frame.node.kind}}}`);
      this.next();
      frame.inElse = true;
      frame.node.elseList = [];
      frame.list = frame.node.elseList;
      this.control(open, after.value, true, frame.node.elseList);
      return;
    }
    this.expectRight('else');
    frame.inElse = true;
    frame.node.elseList = [];
    frame.list = frame.node.elseList;
    // Go's parser keeps every variable declared since the control began (its pipeline's and its
    // list's) until {{end}}: an {{else}} may name one its branch did not run (the executor then
    // says it is undefined, as Go's does).
  }

  private end(open: Token, close: Token): void {
    let frame = this.top;
    if (frame.kind === 'root') this.fail(open.start, close.end, 'unexpected {{end}}');
    for (;;) {
      this.stack.pop();
      this.vars.length = frame.vars;
      if (frame.kind === 'define') {
        this.vars = frame.saved;
        frame.def.end = close.end;
        this.defines.push(frame.def);
        if (frame.block) frame.block.parent.push(frame.block.node);
        return;
      }
      frame.node.end = close.end;
      if (!frame.chained) return;
      frame = this.top;
      if (frame.kind !== 'control') return;
    }
  }

  private templateName(context: string): Token {
    const name = this.nextNonSpace();
    if (name.kind !== 'string') this.fail(name.start, name.end, `unexpected ${describe(name)} in ${context}`);
    return name;
  }

  private define(open: Token, keyword: Token): void {
    if (this.top.kind !== 'root') this.fail(open.start, keyword.end, 'unexpected <define> in command');
    const name = this.templateName('define clause');
    this.expectRight('define clause');
    const list: TemplateNode[] = [];
    this.push({ kind: 'define', list, vars: 1, saved: this.vars, def: { name: name.value, nameStart: name.start, nameEnd: name.end, start: open.start, end: name.end, list } });
    this.vars = ['$'];
  }

  private block(open: Token): void {
    const name = this.templateName('block clause');
    const pipe = this.pipeline('block', 'rightDelim', false, true);
    const close = this.next();
    const node = { kind: 'template' as const, start: open.start, end: close.end, name: name.value, nameStart: name.start, nameEnd: name.end, ...(pipe ? { pipe } : {}) };
    const list: TemplateNode[] = [];
    this.push({ kind: 'define', list, vars: 1, saved: this.vars, def: { name: name.value, nameStart: name.start, nameEnd: name.end, start: open.start, end: close.end, list }, block: { parent: this.top.list, node } });
    this.vars = ['$'];
  }

  private template(open: Token): void {
    const name = this.templateName('template clause');
    const pipe = this.pipeline('template', 'rightDelim', false, true);
    const close = this.next();
    this.top.list.push({ kind: 'template', start: open.start, end: close.end, name: name.value, nameStart: name.start, nameEnd: name.end, ...(pipe ? { pipe } : {}) });
  }

  /** A pipeline up to (not including) its end token; `optional`: none at all is allowed (template, block). */
  private pipeline(context: string, endKind: 'rightDelim' | 'rightParen', isRange: boolean, optional?: false, depth?: number): Pipe;
  private pipeline(context: string, endKind: 'rightDelim' | 'rightParen', isRange: boolean, optional: true, depth?: number): Pipe | undefined;
  private pipeline(context: string, endKind: 'rightDelim' | 'rightParen', isRange: boolean, optional = false, depth = 0): Pipe | undefined {
    const first = this.peekNonSpace();
    const pipe: Pipe = { start: first.start, end: first.start, decl: [], assign: false, cmds: [] };
    if (optional && first.kind === endKind) return undefined;
    this.declarations(pipe, context, isRange);
    for (;;) {
      const token = this.peekNonSpace();
      if (token.kind === endKind) {
        if (pipe.cmds.length === 0) this.fail(token.start, token.end, `missing value for ${context}`);
        break;
      }
      if (token.kind === 'eof') this.fail(token.start, token.end, `unclosed action`);
      pipe.cmds.push(this.command(depth));
    }
    pipe.end = pipe.cmds[pipe.cmds.length - 1].end;
    pipe.cmds.forEach((cmd, k) => {
      const head = cmd.args[0];
      if (k > 0 && ['bool', 'dot', 'nil', 'number', 'string'].includes(head.kind)) this.fail(head.start, head.end, `non executable command in pipeline stage ${k + 1}`);
    });
    return pipe;
  }

  private declarations(pipe: Pipe, context: string, isRange: boolean): void {
    for (;;) {
      const variable = this.peekNonSpace();
      if (variable.kind !== 'variable') return;
      const save = this.i;
      this.next();
      const after = this.peekNonSpace();
      if (after.kind === 'declare' || after.kind === 'assign') {
        this.next();
        pipe.assign = after.kind === 'assign';
        if (pipe.assign && !this.vars.includes(variable.value)) this.fail(variable.start, variable.end, `undefined variable ${JSON.stringify(variable.value)}`);
        pipe.decl.push({ name: variable.value, start: variable.start, end: variable.end });
        if (!pipe.assign) this.vars.push(variable.value);
        return;
      }
      if (after.kind === 'char' && after.value === ',') {
        this.next();
        pipe.decl.push({ name: variable.value, start: variable.start, end: variable.end });
        this.vars.push(variable.value);
        if (!isRange || pipe.decl.length >= 2) this.fail(after.start, after.end, `too many declarations in ${context}`);
        const second = this.peekNonSpace();
        if (second.kind !== 'variable') this.fail(second.start, second.end, 'range can only initialize variables');
        continue;
      }
      if (pipe.decl.length > 0) this.fail(after.start, after.end, `missing := after the variables of ${context}`);
      this.i = save;
      return;
    }
  }

  private command(depth: number): Command {
    const first = this.peekNonSpace();
    const cmd: Command = { start: first.start, end: first.start, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand(depth);
      if (operand) {
        cmd.args.push(operand);
        cmd.end = operand.end;
      }
      const token = this.peek();
      if (token.kind === 'space') {
        this.next();
        continue;
      }
      if (token.kind === 'rightDelim' || token.kind === 'rightParen') break;
      if (token.kind === 'pipe') {
        this.next();
        break;
      }
      this.fail(token.start, token.end, `unexpected ${describe(token)} in operand`);
    }
    if (cmd.args.length === 0) this.fail(first.start, first.end, 'empty command');
    return cmd;
  }

  private operand(depth: number): Arg | undefined {
    const term = this.term(depth);
    if (!term) return undefined;
    if (this.peek().kind !== 'field') return term;
    const names: string[] = [];
    let end = term.end;
    while (this.peek().kind === 'field') {
      const field = this.next();
      names.push(field.value.slice(1));
      end = field.end;
    }
    switch (term.kind) {
      case 'field':
        return { ...term, end, names: [...term.names, ...names] };
      case 'variable':
        return { ...term, end, names: [...term.names, ...names] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.fail(term.start, end, `unexpected . after term ${JSON.stringify(this.source(term))}`);
      default:
        return { kind: 'chain', start: term.start, end, node: term, names };
    }
  }

  private source(arg: Arg): string {
    return arg.kind === 'string' ? JSON.stringify(arg.value) : arg.kind === 'number' ? arg.text : arg.kind;
  }

  private term(depth: number): Arg | undefined {
    const token = this.nextNonSpace();
    const { start, end } = token;
    switch (token.kind) {
      case 'identifier':
        if (!this.options.isFunction(token.value)) this.fail(start, end, `function ${JSON.stringify(token.value)} not defined`);
        return { kind: 'identifier', start, end, name: token.value };
      case 'dot':
        return { kind: 'dot', start, end };
      case 'nil':
        return { kind: 'nil', start, end };
      case 'variable':
        if (!this.vars.includes(token.value)) this.fail(start, end, `undefined variable ${JSON.stringify(token.value)}`);
        return { kind: 'variable', start, end, name: token.value, names: [] };
      case 'field':
        return { kind: 'field', start, end, names: [token.value.slice(1)] };
      case 'bool':
        return { kind: 'bool', start, end, value: token.value === 'true' };
      case 'number':
        return numberArg(token, (message) => this.fail(start, end, message));
      case 'string':
        return { kind: 'string', start, end, value: token.value };
      case 'leftParen': {
        if (depth >= MAX_PAREN_DEPTH) throw new Failure({ start, end, message: `parentheses nested more than ${MAX_PAREN_DEPTH} deep`, limit: true });
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen', false, false, depth + 1);
        const close = this.next();
        if (close.kind !== 'rightParen') this.fail(close.start, close.end, `unclosed right paren: unexpected ${describe(close)}`);
        return { kind: 'pipe', start, end: close.end, pipe };
      }
      default:
        this.i--;
        return undefined;
    }
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'rightDelim':
      return '"}}"';
    case 'eof':
      return 'EOF';
    case 'keyword':
      return `<${token.value}>`;
    default:
      return JSON.stringify(token.value);
  }
}

/** A number literal as Go's parse.NumberNode reads it (numbers.ts): its integer, unsigned and float values, or the parser's error. */
function numberArg(token: Token, fail: (message: string) => never): Arg {
  const { start, end, value: text } = token;
  const number = readNumber(text, unquote);
  if (number.error !== undefined) return fail(number.error);
  return { kind: 'number', start, end, text, ...(number.int !== undefined ? { int: number.int } : {}), ...(number.uint !== undefined ? { uint: number.uint } : {}), ...(number.float !== undefined ? { float: number.float } : {}), ...(number.complex ? { complex: true } : {}) };
}

/** Parses one template file. */
export function parseTemplate(text: string, options: ParseOptions): ParsedTemplate {
  const list: TemplateNode[] = [];
  const parser = new Parser(lex(text), options, list);
  try {
    parser.run();
    return { text, list, defines: parser.defines };
  } catch (error) {
    if (error instanceof Failure) return { text, list, defines: parser.defines, error: error.problem };
    throw error;
  }
}
