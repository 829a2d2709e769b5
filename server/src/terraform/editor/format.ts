/**
 * Formatting as `terraform fmt` writes a file: HCL's canonical layout (hashicorp/hcl hclwrite's
 * Format: each line indented two spaces per bracket level it is inside, the spaces between tokens by
 * fixed rules, the `=` of consecutive one-line attributes and their trailing comments aligned), after
 * Terraform's own rewrites (hashicorp/terraform internal/command/fmt.go): block labels quoted, an
 * attribute whose value is a single `"${…}"` interpolation unwrapped, a variable's legacy types
 * (`list`, `"string"`, `"map"`…) written as today's. Only whitespace changes otherwise: a file that
 * does not parse is left as it is (so does `terraform fmt`).
 */
import { bracketChange, lexHcl, type Token, type TokenType } from './lexer';

/** A token as the formatter moves it: its text and the spaces written before it. */
interface Cell {
  type: TokenType;
  text: string;
  spaces: number;
}

/** `hclwrite.Format`: the canonical layout of HCL text, whitespace only. */
export function hclFormat(text: string): string {
  return write(layout(cellsOf(text, lexHcl(text))));
}

/** What `terraform fmt` writes for a Terraform file (the native syntax), Terraform's rewrites included. */
export function terraformFormat(text: string): string {
  const tokens = lexHcl(text);
  return write(layout(terraformRewrites(cellsOf(text, tokens))));
}

function cellsOf(text: string, tokens: readonly Token[]): Cell[] {
  const cells: Cell[] = [];
  let last = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const token of tokens) {
    if (token.type === 'EOF') break;
    cells.push({ type: token.type, text: text.slice(token.start, token.end), spaces: token.start - last });
    last = token.end;
  }
  return cells;
}

function write(cells: readonly Cell[]): string {
  let out = '';
  for (const cell of cells) out += ' '.repeat(Math.max(0, cell.spaces)) + cell.text;
  return out;
}

/** A line of tokens in hclwrite's three cells: what leads, the `=` and its value when they fit on the line, a trailing comment. */
interface Line {
  lead: Cell[];
  assign?: Cell[];
  comment?: Cell[];
}

function isNewline(cell: Cell): boolean {
  return cell.type === 'Newline' || (cell.type === 'Comment' && cell.text.endsWith('\n'));
}

function linesOf(cells: Cell[]): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < cells.length; i++) {
    if (isNewline(cells[i])) {
      lines.push({ lead: cells.slice(start, i + 1) });
      start = i + 1;
    }
  }
  lines.push({ lead: cells.slice(start) });
  for (const line of lines) {
    const lead = line.lead;
    if (lead.length === 0) continue;
    if (lead.length > 1 && lead[lead.length - 1].type === 'Comment') {
      line.comment = lead.slice(-1);
      line.lead = lead.slice(0, -1);
    }
    const equal = line.lead.findIndex((cell, i) => i > 0 && cell.type === 'Equal');
    if (equal > 0) {
      // An `=` whose value opens more brackets than it closes starts a multi-line value: not aligned.
      const net = line.lead.slice(equal).reduce((sum, cell) => sum + bracketChange(cell.type), 0);
      if (net === 0) {
        line.assign = line.lead.slice(equal);
        line.lead = line.lead.slice(0, equal);
      }
    }
  }
  return lines;
}

/** The three passes of hclwrite's format, in place: indentation, spaces, alignment. */
function layout(cells: Cell[]): Cell[] {
  const lines = linesOf(cells);
  indent(lines);
  for (const line of lines) {
    space(line.lead, false);
    if (line.assign) space(line.assign, true);
  }
  align(lines);
  return cells;
}

function indent(lines: readonly Line[]): void {
  const levels: number[] = [];
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    const first = line.lead[0];
    if (first.type === 'Newline') {
      first.spaces = 0;
      continue;
    }
    let net = 0;
    for (const cell of line.lead) {
      net += bracketChange(cell.type);
      // A heredoc's text is not the file's brackets.
      if (cell.type === 'OHeredoc') break;
    }
    for (const cell of line.assign ?? []) net += bracketChange(cell.type);
    if (net > 0) {
      first.spaces = 2 * levels.length;
      levels.push(net);
      continue;
    }
    let closed = -net;
    while (closed > 0 && levels.length > 0) {
      const top = levels[levels.length - 1];
      if (closed >= top) {
        closed -= top;
        levels.pop();
      } else {
        levels[levels.length - 1] = top - closed;
        closed = 0;
      }
    }
    first.spaces = 2 * levels.length;
  }
}

function space(cells: readonly Cell[], assign: boolean): void {
  if (assign && cells.length > 0) cells[0].spaces = 1;
  for (let i = 0; i + 1 < cells.length; i++) cells[i + 1].spaces = spaceAfter(cells[i], i > 0 ? cells[i - 1] : undefined, cells[i + 1]) ? 1 : 0;
}

const OPERATORS_BEFORE_NEGATION = new Set<TokenType>(['OParen', 'OBrace', 'OBrack', 'Equal', 'Colon', 'Comma', 'Question', 'Plus', 'Star', 'Slash', 'Percent', 'Minus', 'EqualOp', 'NotEqual', 'GreaterThan', 'GreaterThanEq', 'LessThan', 'LessThanEq', 'And', 'Or', 'Bang']);
const TEMPLATE_TEXT = new Set<TokenType>(['QuotedLit', 'StringLit', 'OQuote', 'OHeredoc']);
const TEMPLATE_END = new Set<TokenType>(['QuotedLit', 'StringLit', 'CQuote', 'CHeredoc']);

/** Whether a space follows `subject` (between `before` and `after`): hclwrite's rules, in their order. */
function spaceAfter(subject: Cell, before: Cell | undefined, after: Cell): boolean {
  const s = subject.type;
  const a = after.type;
  if (a === 'Newline') return false;
  if (s === 'Ident' && a === 'OParen') return false;
  if ((s === 'Ident' && a === 'DoubleColon') || (s === 'DoubleColon' && a === 'Ident')) return false;
  if (s === 'Dot' || a === 'Dot') return false;
  if (a === 'Comma' || a === 'Ellipsis') return false;
  if (s === 'Comma') return true;
  if (TEMPLATE_TEXT.has(s) || TEMPLATE_END.has(a)) return false;
  // `in` of a for expression before a tuple: `for x in [y]`, not `in[y]`.
  if (s === 'Ident' && subject.text === 'in' && before?.type === 'Ident') return true;
  if (a === 'OBrack' && (s === 'Ident' || s === 'NumberLit' || bracketChange(s) < 0)) return false;
  if (s === 'Bang') return false;
  if (s === 'Minus') return !(before === undefined || OPERATORS_BEFORE_NEGATION.has(before.type));
  if (s === 'OBrace' || a === 'CBrace') return !(s === 'OBrace' && a === 'CBrace');
  if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace') return true;
  if (s === 'CBrace' && a === 'TemplateSeqEnd') return true;
  if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl')) return false;
  if (bracketChange(s) > 0) return false;
  if (bracketChange(a) < 0) return false;
  return true;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The columns cells take: spaces, then each text's grapheme clusters. */
function columns(cells: readonly Cell[] | undefined): number {
  let total = 0;
  for (const cell of cells ?? []) {
    total += cell.spaces;
    // Printable ASCII is one column a character: the segmenter only for the rest (it was 40 % of formatting a 4 MB file).
    if (PRINTABLE_ASCII.test(cell.text)) total += cell.text.length;
    else for (const segment of segmenter.segment(cell.text)) if (segment.segment) total++;
  }
  return total;
}

/** Consecutive lines with an `=` cell align it; then consecutive lines with a trailing comment align it. */
function align(lines: readonly Line[]): void {
  const chains = (has: (line: Line) => boolean, width: (line: Line) => number, set: (line: Line, spaces: number) => void) => {
    let start = -1;
    let widest = 0;
    const close = (end: number) => {
      for (let i = start; i < end; i++) set(lines[i], widest - width(lines[i]) + 1);
      start = -1;
      widest = 0;
    };
    lines.forEach((line, i) => {
      if (!has(line)) {
        if (start !== -1) close(i);
        return;
      }
      if (start === -1) start = i;
      widest = Math.max(widest, width(line));
    });
    if (start !== -1) close(lines.length);
  };
  chains((l) => l.assign !== undefined, (l) => columns(l.lead), (l, spaces) => (l.assign![0].spaces = spaces));
  chains((l) => l.comment !== undefined, (l) => columns(l.lead) + columns(l.assign), (l, spaces) => (l.comment![0].spaces = spaces));
}

// ---------------------------------------------------------------------------------------------
// Terraform's rewrites (internal/command/fmt.go formatBody), on the body structure the tokens show.

const cell = (type: TokenType, text: string): Cell => ({ type, text, spaces: 0 });

/**
 * The file's bodies walked from the tokens: an attribute's value is rewritten (unwrapped
 * interpolation; a variable's type), a block's labels are quoted. Returns the new cells.
 */
function terraformRewrites(cells: Cell[]): Cell[] {
  const out: Cell[] = [];
  /** The block types the body being read is nested in (`[]` at the top). */
  const path: string[] = [];
  let i = 0;
  const skipBlank = () => {
    while (i < cells.length && (cells[i].type === 'Newline' || cells[i].type === 'Comment')) out.push(cells[i++]);
  };
  while (i < cells.length) {
    skipBlank();
    if (i >= cells.length) break;
    const first = cells[i];
    if (first.type === 'CBrace' && path.length > 0) {
      path.pop();
      out.push(cells[i++]);
      continue;
    }
    if (first.type !== 'Ident') {
      // Not a body item (a syntax `terraform fmt` refuses): copied as it is.
      out.push(cells[i++]);
      continue;
    }
    if (cells[i + 1]?.type === 'Equal') {
      out.push(cells[i], cells[i + 1]);
      const start = i + 2;
      let end = start;
      let depth = 0;
      while (end < cells.length) {
        const t = cells[end].type;
        if (depth === 0 && (t === 'Newline' || (t === 'Comment' && cells[end].text.endsWith('\n')) || (t === 'CBrace' && path.length > 0))) break;
        if (depth === 0 && t === 'Comment' && isLineEnd(cells, end + 1)) break;
        depth += bracketChange(t);
        if (t === 'OQuote' || t === 'OHeredoc') depth++;
        if (t === 'CQuote' || t === 'CHeredoc') depth--;
        end++;
      }
      const value = cells.slice(start, end);
      const rewritten = path.length === 1 && path[0] === 'variable' && first.text === 'type' ? typeExpression(value) : valueExpression(value);
      if (rewritten !== value && rewritten.length > 0) rewritten[0] = { ...rewritten[0], spaces: value[0]?.spaces ?? 1 };
      for (const c of rewritten) out.push(c);
      i = end;
      continue;
    }
    // A block: its type, its labels, then `{`.
    let j = i + 1;
    const labels: Cell[] = [];
    let valid = true;
    while (j < cells.length && cells[j].type !== 'OBrace') {
      const t = cells[j].type;
      if (t === 'Comment' && !cells[j].text.endsWith('\n')) {
        j++;
        continue;
      }
      if (t === 'Ident') {
        labels.push(cell('OQuote', '"'), cell('QuotedLit', cells[j].text), cell('CQuote', '"'));
        j++;
        continue;
      }
      if (t === 'OQuote') {
        let k = j + 1;
        while (k < cells.length && cells[k].type === 'QuotedLit') k++;
        if (cells[k]?.type !== 'CQuote') {
          valid = false;
          break;
        }
        for (let c = j; c <= k; c++) labels.push(cells[c]);
        j = k + 1;
        continue;
      }
      valid = false;
      break;
    }
    if (!valid || j >= cells.length) {
      // Not a block header: what was read is copied as it is (never read twice: a line of names stays linear).
      const end = Math.max(i + 1, Math.min(j, cells.length));
      while (i < end) out.push(cells[i++]);
      continue;
    }
    out.push(first);
    for (const label of labels) out.push(label);
    out.push(cells[j]);
    path.push(first.text);
    i = j + 1;
  }
  return out;
}

/** Whether the cells from `i` reach the end of the line with nothing but spaces. */
function isLineEnd(cells: readonly Cell[], i: number): boolean {
  return i >= cells.length || cells[i].type === 'Newline';
}

/** `"${expr}"` alone → `expr` (in parentheses when it spans lines), as `terraform fmt` unwraps it. */
function valueExpression(value: Cell[]): Cell[] {
  if (value.length < 5) return value;
  const [open, interp] = value;
  const seqEnd = value[value.length - 2];
  const close = value[value.length - 1];
  if (open.type !== 'OQuote' || interp.type !== 'TemplateInterp' || seqEnd.type !== 'TemplateSeqEnd' || close.type !== 'CQuote') return value;
  const inside = value.slice(2, -2);
  let quotes = 0;
  for (const c of inside) {
    if (c.type === 'OQuote') quotes++;
    else if (c.type === 'CQuote') quotes--;
    else if (quotes > 0) continue;
    else if (c.type === 'TemplateInterp' || c.type === 'TemplateSeqEnd' || c.type === 'QuotedLit') return value;
  }
  let start = 0;
  let end = inside.length;
  while (start < end && inside[start].type === 'Newline') start++;
  while (end > start && inside[end - 1].type === 'Newline') end--;
  const trimmed = inside.slice(start, end);
  const multiLine = trimmed.some((c) => c.type === 'Newline');
  const parenthesised = trimmed[0]?.type === 'OParen' && trimmed[trimmed.length - 1]?.type === 'CParen';
  return multiLine && !parenthesised ? [cell('OParen', '('), ...trimmed, cell('CParen', ')')] : trimmed;
}

/** A variable's type: bare `list`/`map`/`set` take `any`; the quoted types of Terraform 0.11 are written as today's. */
function typeExpression(value: Cell[]): Cell[] {
  const collection = (name: string, element: string) => [cell('Ident', name), cell('OParen', '('), cell('Ident', element), cell('CParen', ')')];
  if (value.length === 1 && value[0].type === 'Ident' && ['list', 'map', 'set'].includes(value[0].text)) return collection(value[0].text, 'any');
  if (value.length === 3 && value[0].type === 'OQuote' && value[1].type === 'QuotedLit' && value[2].type === 'CQuote') {
    const legacy = value[1].text;
    if (legacy === 'string') return [cell('Ident', 'string')];
    if (legacy === 'list' || legacy === 'map') return collection(legacy, 'string');
  }
  return value;
}
