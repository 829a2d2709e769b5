/**
 * Alert labels and annotations are Go text/template templates, which Prometheus parses with
 * `$labels`, `$externalLabels`, `$externalURL` and `$value` defined (model/rulefmt's
 * testTemplateParsing). This reads what Go's parser rejects — a character no token starts with,
 * an unterminated string or action, an undefined variable or function, `else`/`end` out of place —
 * and what execution would trip on (`{{ nil }}`, `$value | first`); where each `$labels.x` or
 * `.Labels.x` and the value are read, and the PromQL the template runs with `query`, for the rules
 * that compare them with the expression (pint's alerts/template).
 */

export interface TemplateProblem {
  from: number;
  to: number;
  message: string;
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

/** Template functions taking a query's results (template/template.go's queryResult). */
const queryResultFunctions = new Set(['first', 'label', 'value', 'strvalue', 'sortByLabel']);

/** What makes a value readable (pint's hasHumanize). */
const formatting = new Set(['humanize', 'humanize1024', 'humanizePercentage', 'humanizeDuration', 'printf']);

const predefined = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];

interface Token {
  kind: 'ident' | 'keyword' | 'field' | 'variable' | 'string' | 'number' | 'punct' | 'assign';
  text: string;
  from: number;
  to: number;
}

const keywords = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'nil', 'template', 'with', 'true', 'false']);

function character(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

/** Tokens of one action's body (between the delimiters), or the first lexical error. */
function lexAction(text: string, from: number, to: number): { tokens: Token[]; problem?: TemplateProblem } {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    const push = (kind: Token['kind']) => tokens.push({ kind, text: text.slice(start, i), from: start, to: i });
    if (c === '"' || c === '`' || c === "'") {
      i++;
      while (i < to && text[i] !== c) {
        if (c !== '`' && text[i] === '\\') i++;
        if (c !== '`' && text[i] === '\n') break;
        i++;
      }
      if (i >= to || text[i] !== c) return { tokens, problem: { from: start, to, message: c === '`' ? 'unterminated raw quoted string' : c === "'" ? 'unterminated character constant' : 'unterminated quoted string' } };
      i++;
      push('string');
    } else if (c === '$') {
      i++;
      while (i < to && /[\p{L}\p{N}_]/u.test(text[i])) i++;
      push('variable');
    } else if (c === '.') {
      i++;
      if (/[0-9]/.test(text[i] ?? '')) {
        while (i < to && /[0-9a-zA-Z_.]/.test(text[i])) i++;
        push('number');
      } else {
        while (i < to && /[\p{L}\p{N}_]/u.test(text[i])) i++;
        push('field');
      }
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < to && /[0-9a-zA-Z_.+-]/.test(text[i]) && !((text[i] === '-' || text[i] === '+') && !/[eEpP]/.test(text[i - 1]))) i++;
      push('number');
    } else if (/[\p{L}_]/u.test(c)) {
      while (i < to && /[\p{L}\p{N}_]/u.test(text[i])) i++;
      push(keywords.has(text.slice(start, i)) ? 'keyword' : 'ident');
    } else if (c === ':' && text[i + 1] === '=') {
      i += 2;
      push('assign');
    } else if (c === '=') {
      i++;
      push('assign');
    } else if ('()|,'.includes(c)) {
      i++;
      push('punct');
    } else {
      return { tokens, problem: { from: start, to: start + 1, message: `bad character ${character(c)}` } };
    }
  }
  return { tokens };
}

/** Reads a template; offsets are in `text`. */
export function readTemplate(text: string): TemplateReading {
  const problems: TemplateProblem[] = [];
  const labelReads: LabelRead[] = [];
  const valueReads: { from: number; to: number }[] = [];
  const queries: TemplateQuery[] = [];
  let valueFormatted = false;
  /** Variables holding the alert's value (`{{ $v := $value }}`). */
  const valueAliases = new Set(['$value']);
  const variables = new Set(predefined);
  /** Variables holding `$labels` (`{{ $l := $labels }}`). */
  const labelAliases = new Set(['$labels']);
  /** Open blocks; `range` and `with` set the dot (to a query's results when `query` is their pipeline). */
  const blocks: { keyword: string; from: number; to: number; query?: TemplateQuery }[] = [];
  let rebound = 0;
  /** The `range` blocks among them: `{{break}}` asks it without walking the stack (20,000 `{{if}}` deep). */
  let ranges = 0;
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    let bodyStart = open + 2;
    if (text[bodyStart] === '-' && /\s/.test(text[bodyStart + 1] ?? '')) bodyStart++;
    const afterSpace = text.slice(bodyStart).match(/^\s*/)![0].length;
    if (text.startsWith('/*', bodyStart + afterSpace) && (afterSpace === 0 || text[bodyStart - 1] === '-')) {
      const closeComment = text.indexOf('*/', bodyStart + afterSpace + 2);
      const close = closeComment < 0 ? -1 : text.indexOf('}}', closeComment + 2);
      if (closeComment < 0 || close < 0 || text.slice(closeComment + 2, close).trim().replace(/^-$/, '') !== '') {
        problems.push({ from: open, to: text.length, message: closeComment < 0 ? 'unclosed comment' : 'comment ends before closing delimiter' });
        return { problems, labelReads, valueReads, valueFormatted, queries };
      }
      i = close + 2;
      continue;
    }
    const close = findClose(text, bodyStart);
    if (close < 0) {
      problems.push({ from: open, to: text.length, message: 'unclosed action' });
      return { problems, labelReads, valueReads, valueFormatted, queries };
    }
    let bodyEnd = close;
    if (text[close - 1] === '-' && /\s/.test(text[close - 2] ?? '')) bodyEnd--;
    i = close + 2;
    const { tokens, problem } = lexAction(text, bodyStart, bodyEnd);
    if (problem) {
      problems.push(problem);
      return { problems, labelReads, valueReads, valueFormatted, queries };
    }
    if (tokens.length === 0) {
      problems.push({ from: open, to: close + 2, message: 'missing value for command' });
      continue;
    }
    const first = tokens[0];
    const actionQueries = queriesOf(tokens);
    queries.push(...actionQueries);
    if (first.kind === 'keyword' && first.text === 'nil' && tokens.length === 1) problems.push({ from: first.from, to: first.to, message: 'nil is not a command' });
    if (first.kind === 'keyword') {
      if (['if', 'range', 'with', 'define', 'block'].includes(first.text)) {
        const query = first.text === 'range' || first.text === 'with' ? actionQueries[0] : undefined;
        blocks.push({ keyword: first.text, from: open, to: close + 2, ...(query ? { query } : {}) });
        if (first.text === 'range') ranges++;
        if (['range', 'with', 'define', 'block'].includes(first.text)) rebound++;
      }
      else if (first.text === 'else') {
        const top = blocks[blocks.length - 1];
        if (!top || !['if', 'range', 'with'].includes(top.keyword)) problems.push({ from: open, to: close + 2, message: 'unexpected {{else}}' });
      } else if (first.text === 'end') {
        const ended = blocks.pop();
        if (!ended) problems.push({ from: open, to: close + 2, message: 'unexpected {{end}}' });
        else {
          if (ended.keyword === 'range') ranges--;
          if (ended.keyword !== 'if') rebound--;
        }
      } else if ((first.text === 'break' || first.text === 'continue') && ranges === 0) {
        problems.push({ from: open, to: close + 2, message: `{{${first.text}}} outside {{range}}` });
      }
    }
    // `$x := …` declares $x for the rest of the template (Go scopes it to the enclosing block; a
    // template using it after its block is rare and Go rejects it: this reading is lenient there).
    const declaring = tokens.findIndex((tk) => tk.kind === 'assign');
    if (declaring > 0) {
      const declared = tokens.slice(declaring > 2 ? 1 : 0, declaring).filter((tk) => tk.kind === 'variable');
      const rhs = tokens.slice(declaring + 1);
      for (const variable of declared) {
        if (tokens[declaring].text === ':=') variables.add(variable.text);
        if (rhs.length === 1 && rhs[0].kind === 'variable' && labelAliases.has(rhs[0].text)) labelAliases.add(variable.text);
        if (rhs.length === 1 && (valueAliases.has(rhs[0].text) || (rhs[0].text === '.Value' && rebound === 0))) valueAliases.add(variable.text);
      }
    }
    const readsValue = tokens.some((tk) => valueAliases.has(tk.text) || (tk.text === '.Value' && rebound === 0));
    if (readsValue && tokens.some((tk) => tk.kind === 'ident' && formatting.has(tk.text))) valueFormatted = true;
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k];
      const isDeclared = k < declaring && tokens[declaring].text === ':=';
      const previous = tokens[k - 1];
      const chained = previous !== undefined && previous.to === token.from && previous.kind !== 'punct' ? true : previous?.text === ')' && previous.to === token.from;
      if (token.kind === 'field' && !chained) {
        const next = tokens[k + 1];
        const labelField = token.text === '.Labels' && next?.kind === 'field' && next.from === token.to && next.text.length > 1;
        const around = innermostQuery(blocks);
        if (rebound === 0 && labelField) labelReads.push({ label: next.text.slice(1), from: next.from + 1, to: next.to });
        else if (rebound === 0 && token.text === '.Value') valueReads.push({ from: token.from, to: token.to });
        else if (around && labelField && around.keyword === 'range') around.query.reads.push({ label: next.text.slice(1), from: next.from + 1, to: next.to });
      }
      if (token.kind === 'field' && previous?.text === ')' && previous.to === token.from && token.text === '.Labels') {
        // `(query "…" | first).Labels.x`: the query of the parenthesised pipeline.
        const next = tokens[k + 1];
        const query = actionQueries[actionQueries.length - 1];
        if (query && next?.kind === 'field' && next.from === token.to) query.reads.push({ label: next.text.slice(1), from: next.from + 1, to: next.to });
      }
      if (token.kind === 'ident' && token.text === 'label' && tokens[k + 1]?.kind === 'string') {
        const around = innermostQuery(blocks);
        const key = tokens[k + 1];
        if (around) around.query.reads.push({ label: key.text.slice(1, -1), from: key.from + 1, to: key.to - 1 });
      }
      if ((token.text === '$value' || (token.text === '.Value' && !chained && rebound === 0)) && tokens[k + 1]?.text === '|' && queryResultFunctions.has(tokens[k + 2]?.text ?? '')) {
        // Go fails at execution: the alert's value is a float, not a query's result.
        problems.push({ from: token.from, to: tokens[k + 2].to, message: `error calling ${tokens[k + 2].text}: wrong type for value; expected template.queryResult; got float64` });
      }
      if (token.kind === 'variable') {
        if (valueAliases.has(token.text) && !isDeclared) valueReads.push({ from: token.from, to: token.to });
        if (!isDeclared && !variables.has(token.text)) problems.push({ from: token.from, to: token.to, message: `undefined variable "${token.text}"` });
        const next = tokens[k + 1];
        if (labelAliases.has(token.text) && next?.kind === 'field' && next.from === token.to && next.text.length > 1) labelReads.push({ label: next.text.slice(1), from: next.from + 1, to: next.to });
      } else if (token.kind === 'ident') {
        if (!functions.has(token.text)) problems.push({ from: token.from, to: token.to, message: `function "${token.text}" not defined` });
        const [target, key] = [tokens[k + 1], tokens[k + 2]];
        if (token.text === 'index' && target?.kind === 'variable' && labelAliases.has(target.text) && key?.kind === 'string' && key.text.startsWith('"')) {
          labelReads.push({ label: key.text.slice(1, -1), from: key.from + 1, to: key.to - 1 });
        }
      }
    }
  }
  const unclosed = blocks[blocks.length - 1];
  if (unclosed) problems.push({ from: unclosed.from, to: unclosed.to, message: `unexpected EOF: {{${unclosed.keyword}}} has no {{end}}` });
  return { problems, labelReads, valueReads, valueFormatted, queries };
}

/** The innermost block setting the dot, when it sets it to a query's results. */
function innermostQuery(blocks: readonly { keyword: string; query?: TemplateQuery }[]): { keyword: string; query: TemplateQuery } | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i];
    if (block.keyword === 'if') continue;
    return block.query ? { keyword: block.keyword, query: block.query } : undefined;
  }
  return undefined;
}

/** A Go string literal's value (the common escapes). */
function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  return literal.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
}

/** A printf format with each verb replaced by a value of its kind (`%s` → x, `%d` → 1). */
function formatted(format: string): string {
  return format.replace(/%[-+# 0-9.]*([a-zA-Z%])/g, (_, verb: string) => (verb === '%' ? '%' : 'dfgex'.includes(verb) ? '1' : verb === 'q' ? '"x"' : 'x'));
}

/** The queries an action runs on a literal: `query "…"`, `"…" | query`, `printf "…" … | query`. */
function queriesOf(tokens: readonly Token[]): TemplateQuery[] {
  const found: TemplateQuery[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (token.kind !== 'ident' || token.text !== 'query') continue;
    const argument = tokens[k + 1];
    if (argument?.kind === 'string') {
      found.push({ text: unquote(argument.text), from: argument.from, to: argument.to, reads: [] });
      continue;
    }
    if (tokens[k - 1]?.text !== '|') continue;
    // The command before the pipe: a literal, or printf with a literal format.
    let start = k - 2;
    while (start > 0 && tokens[start - 1].text !== '|' && tokens[start - 1].text !== '(' && tokens[start - 1].kind !== 'keyword' && tokens[start - 1].kind !== 'assign') start--;
    const head = tokens[start];
    if (head?.kind === 'string' && start === k - 2) found.push({ text: unquote(head.text), from: head.from, to: head.to, reads: [] });
    else if (head?.kind === 'ident' && head.text === 'printf' && tokens[start + 1]?.kind === 'string') {
      const format = tokens[start + 1];
      found.push({ text: formatted(unquote(format.text)), from: format.from, to: format.to, reads: [] });
    }
  }
  return found;
}

/** The `}}` closing an action opened before `from`, skipping quoted strings. */
function findClose(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === '`' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) i += c !== '`' && text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '}' && text[i + 1] === '}') return i;
    else i++;
  }
  return -1;
}
