/**
 * Alert labels and annotations are Go text/template templates, which Prometheus parses after the
 * definitions of `$labels`, `$externalLabels`, `$externalURL` and `$value` (rules/alerting.go;
 * model/rulefmt's testTemplateParsing). The project's Go template parser (gotemplate/, Helm's) reads
 * them with those variables defined, and what Go's parser rejects is its first error. Over its tree, this adds
 * what execution would trip on (`{{ nil }}`, `$value | first`), where each `$labels.x` or
 * `.Labels.x` and the value are read, and the PromQL the template runs with `query`, for the rules
 * that compare them with the expression (pint's alerts/template).
 */
import type { Arg, Command, Pipe, TemplateNode } from '../gotemplate/ast';
import { parseTemplate } from '../gotemplate/parse';

export interface TemplateProblem {
  from: number;
  to: number;
  message: string;
  /** Not an error of the template: it passes a bound of the parser (nesting depth), and is not checked. */
  limit?: boolean;
}

export interface LabelRead {
  label: string;
  from: number;
  to: number;
}

/** A PromQL query the template runs (`query "…"`, `"…" | query`, `printf "…" … | query`). */
export interface TemplateQuery {
  /** The query, a printf format's verbs replaced by a sample value. */
  text: string;
  from: number;
  to: number;
  /** Labels the template reads on its results (`.Labels.x` in its range, `label "x"`, `(… | first).Labels.x`). */
  reads: LabelRead[];
}

export interface TemplateReading {
  problems: TemplateProblem[];
  /** `$labels.x`, `$labels_alias.x` and `.Labels.x` reads, and `index $labels "x"`. */
  labelReads: LabelRead[];
  /** Where `$value` or `.Value` (of the alert), or a variable holding it, is read. */
  valueReads: { from: number; to: number }[];
  /** Whether an action reading the value formats it (humanize…, printf). */
  valueFormatted: boolean;
  queries: TemplateQuery[];
}

/** Go's builtins and Prometheus's template functions (template/template.go). */
const functions = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne',
  'query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title', 'toUpper', 'toLower', 'graphLink', 'tableLink', 'sortByLabel', 'stripPort', 'stripDomain',
  'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime', 'toDuration', 'now', 'pathPrefix', 'externalURL', 'parseDuration', 'urlQueryEscape', 'tmpl',
]);
const isFunction = (name: string) => functions.has(name);

/** Template functions taking a query's results (template/template.go's queryResult). */
const queryResultFunctions = new Set(['first', 'label', 'value', 'strvalue', 'sortByLabel']);

/** What makes a value readable (pint's hasHumanize). */
const formatting = new Set(['humanize', 'humanize1024', 'humanizePercentage', 'humanizeDuration', 'printf']);

/** The variables Prometheus defines before an alert's template (rules/alerting.go's header). */
const variables = ['$labels', '$externalLabels', '$externalURL', '$value'];

/** What the dot is: the alert's data, a query's results (`range`/`with` over `query …`), or something else. */
type Dot = { kind: 'alert' } | { kind: 'query'; keyword: 'range' | 'with'; query: TemplateQuery } | { kind: 'other' };

/** What a variable holds, where it matters: the alert's labels or its value. */
type Held = 'labels' | 'value';

class Reader {
  readonly reading: TemplateReading = { problems: [], labelReads: [], valueReads: [], valueFormatted: false, queries: [] };

  constructor(private readonly text: string) {}

  list(nodes: readonly TemplateNode[], dot: Dot, vars: Map<string, Held>): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'action':
          this.pipe(node.pipe, dot, vars);
          break;
        case 'if':
        case 'with':
        case 'range': {
          const inner = new Map(vars);
          const queries = this.pipe(node.pipe, dot, inner);
          const query = queries[0];
          const innerDot: Dot = node.kind === 'if' ? dot : query ? { kind: 'query', keyword: node.kind, query } : { kind: 'other' };
          this.list(node.list, innerDot, inner);
          if (node.elseList) this.list(node.elseList, dot, new Map(vars));
          break;
        }
        case 'template':
          if (node.pipe) this.pipe(node.pipe, dot, vars);
          break;
        default:
          break;
      }
    }
  }

  /** One pipeline: its queries (returned, in order), reads, declarations and execution errors. */
  private pipe(pipe: Pipe, dot: Dot, vars: Map<string, Held>): TemplateQuery[] {
    const queries = this.queriesOf(pipe);
    this.reading.queries.push(...queries);
    let readsValue = false;
    let formats = false;
    const visit = (arg: Arg, command: Command, position: number): void => {
      if (arg.kind === 'variable') {
        const held = vars.get(arg.name);
        if (held === 'value') {
          readsValue = true;
          this.reading.valueReads.push({ from: arg.start, to: arg.start + arg.name.length });
        } else if (held === 'labels' && arg.names.length > 0) this.labelRead(this.reading.labelReads, arg.names[0], arg.start + arg.name.length + 1);
      } else if (arg.kind === 'field') {
        if (dot.kind === 'alert' && arg.names[0] === 'Value') {
          readsValue = true;
          this.reading.valueReads.push({ from: arg.start, to: arg.start + '.Value'.length });
        } else if (arg.names[0] === 'Labels' && arg.names.length > 1) {
          if (dot.kind === 'alert') this.labelRead(this.reading.labelReads, arg.names[1], arg.start + '.Labels.'.length);
          else if (dot.kind === 'query' && dot.keyword === 'range') this.labelRead(dot.query.reads, arg.names[1], arg.start + '.Labels.'.length);
        }
      } else if (arg.kind === 'identifier') {
        if (formatting.has(arg.name)) formats = true;
        const next = command.args[position + 1];
        if (position === 0 && arg.name === 'label' && next?.kind === 'string' && dot.kind === 'query') dot.query.reads.push({ label: next.value, from: next.start + 1, to: next.end - 1 });
        if (position === 0 && arg.name === 'index' && next?.kind === 'variable' && next.names.length === 0 && vars.get(next.name) === 'labels') {
          const name = command.args[position + 2];
          if (name?.kind === 'string' && this.text[name.start] === '"') this.reading.labelReads.push({ label: name.value, from: name.start + 1, to: name.end - 1 });
        }
      } else if (arg.kind === 'chain' && arg.node.kind === 'pipe') {
        // `(query "…" | first).Labels.x`: a label read on the parenthesised pipeline's query.
        const inner = this.pipe(arg.node.pipe, dot, vars);
        const query = inner[inner.length - 1];
        if (query && arg.names[0] === 'Labels' && arg.names.length > 1) this.labelRead(query.reads, arg.names[1], arg.end - arg.names.slice(1).join('.').length);
        return;
      } else if (arg.kind === 'pipe') {
        this.pipe(arg.pipe, dot, vars);
      }
    };
    pipe.cmds.forEach((command, c) => {
      command.args.forEach((arg, position) => visit(arg, command, position));
      const head = command.args[0];
      if (head?.kind === 'nil') this.reading.problems.push({ from: head.start, to: head.end, message: 'nil is not a command' });
      const next = pipe.cmds[c + 1]?.args[0];
      const isValue = command.args.length === 1 && ((head?.kind === 'variable' && head.names.length === 0 && vars.get(head.name) === 'value') || (head?.kind === 'field' && dot.kind === 'alert' && head.names.length === 1 && head.names[0] === 'Value'));
      if (isValue && next?.kind === 'identifier' && queryResultFunctions.has(next.name)) {
        // Go fails at execution: the alert's value is a float, not a query's result.
        this.reading.problems.push({ from: head.start, to: next.end, message: `error calling ${next.name}: wrong type for value; expected template.queryResult; got float64` });
      }
    });
    if (readsValue && formats) this.reading.valueFormatted = true;
    this.declare(pipe, dot, vars);
    return queries;
  }

  /** `$l := $labels`, `$v := $value` (or `.Value`): the variable holds them from here; another value ends that. */
  private declare(pipe: Pipe, dot: Dot, vars: Map<string, Held>): void {
    if (pipe.decl.length === 0) return;
    const only = pipe.cmds.length === 1 && pipe.cmds[0].args.length === 1 ? pipe.cmds[0].args[0] : undefined;
    let held: Held | undefined;
    if (only?.kind === 'variable' && only.names.length === 0) held = vars.get(only.name);
    else if (only?.kind === 'field' && dot.kind === 'alert' && only.names.length === 1 && only.names[0] === 'Value') held = 'value';
    for (const variable of pipe.decl) {
      if (held) vars.set(variable.name, held);
      else vars.delete(variable.name);
    }
  }

  private labelRead(into: LabelRead[], label: string, from: number): void {
    into.push({ label, from, to: from + label.length });
  }

  /** The queries a pipeline runs on a literal: `query "…"`, `"…" | query`, `printf "…" … | query`. */
  private queriesOf(pipe: Pipe): TemplateQuery[] {
    const found: TemplateQuery[] = [];
    pipe.cmds.forEach((command, c) => {
      const [head, argument] = command.args;
      if (head?.kind !== 'identifier' || head.name !== 'query') return;
      if (argument?.kind === 'string') {
        found.push({ text: argument.value, from: argument.start, to: argument.end, reads: [] });
        return;
      }
      if (command.args.length !== 1 || c === 0) return;
      // The command before the pipe: a literal, or printf with a literal format.
      const before = pipe.cmds[c - 1].args;
      if (before.length === 1 && before[0].kind === 'string') found.push({ text: before[0].value, from: before[0].start, to: before[0].end, reads: [] });
      else if (before[0]?.kind === 'identifier' && before[0].name === 'printf' && before[1]?.kind === 'string') found.push({ text: formatted(before[1].value), from: before[1].start, to: before[1].end, reads: [] });
    });
    return found;
  }
}

/** Whether readTemplate may answer from simpleReading (the differential test turns it off). */
export const simpleTemplates = { enabled: true };

/**
 * The actions most alert templates are made of, whole: `{{ $labels }}`, `{{ $labels.x }}`,
 * `{{ $value }}`, `{{ $value | humanize }}` (or humanize1024, humanizePercentage, humanizeDuration,
 * `printf "…"`) and `{{ printf "…" $value }}`, spaces around, a string without escape or brace.
 */
const simpleAction = /\{\{ *(?:\$labels(?:\.([A-Za-z_]\w*))? *|(\$value) *(?:\| *(?:humanize(?:1024|Percentage|Duration)?|printf +"[^"\\\n{}]*") *)?|printf +"[^"\\\n{}]*" +(\$value) *)\}\}/y;

/**
 * The reading of a template whose every action is a simple one (above), found without the lexer
 * and parser: what readTemplate would give, or undefined for any other template.
 */
export function simpleReading(text: string): TemplateReading | undefined {
  const reading: TemplateReading = { problems: [], labelReads: [], valueReads: [], valueFormatted: false, queries: [] };
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', simpleAction.lastIndex)) {
    simpleAction.lastIndex = open;
    const match = simpleAction.exec(text);
    if (!match) return undefined;
    // Without the `d` flag (its index arrays doubled the cost of each match, issue #68): each group's place is found in
    // the match. The label and `$value | …` come first after `{{`; printf's `$value` is the last one (its format may
    // hold another). By index, not destructured: a cold check runs this in V8's baseline tiers, where destructuring
    // makes an iterator.
    const whole = match[0];
    const label = match[1];
    if (label !== undefined) {
      const from = open + whole.indexOf('$labels.') + 8;
      reading.labelReads.push({ label, from, to: from + label.length });
    }
    const printed = match[3] !== undefined;
    if (match[2] !== undefined || printed) {
      const from = open + (printed ? whole.lastIndexOf('$value') : whole.indexOf('$value'));
      reading.valueReads.push({ from, to: from + 6 });
      // A formatting function after `$value | `, or printf before it.
      if (printed || whole.includes('|')) reading.valueFormatted = true;
    }
  }
  return reading;
}

/** Reads a template; offsets are in `text`. */
export function readTemplate(text: string): TemplateReading {
  const simple = simpleTemplates.enabled ? simpleReading(text) : undefined;
  if (simple) return simple;
  const parsed = parseTemplate(text, { isFunction, variables });
  const reader = new Reader(text);
  const { error } = parsed;
  if (error) {
    reader.reading.problems.push({ from: error.start, to: error.end, message: error.message, ...(error.limit ? { limit: true } : {}) });
    return reader.reading;
  }
  reader.list(parsed.list, { kind: 'alert' }, new Map<string, Held>([['$labels', 'labels'], ['$value', 'value']]));
  // A `{{define}}`'s body runs with whatever dot it is given, and only `$` defined.
  for (const definition of parsed.defines) reader.list(definition.list, { kind: 'other' }, new Map());
  return reader.reading;
}

/** A printf format with each verb replaced by a value of its kind (`%s` → x, `%d` → 1). */
function formatted(format: string): string {
  return format.replace(/%[-+# 0-9.]*([a-zA-Z%])/g, (_, verb: string) => (verb === '%' ? '%' : 'dfgex'.includes(verb) ? '1' : verb === 'q' ? '"x"' : 'x'));
}
