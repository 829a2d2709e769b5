/**
 * Mermaid's parse errors, placed on the diagram's own lines. Mermaid reports them in two shapes:
 * the Jison parsers (flowchart, sequence, class, state, ER, …) throw an error with a `hash` whose
 * `loc` has 1-based lines and 0-based columns, the line of its message being one too far when the
 * text ends early (the end-of-text token sits past the last line); the Langium parsers (pie,
 * gitGraph, architecture, packet, radar, treemap, info) throw "Parse error on line L, column C"
 * with both 1-based. Both count lines of the text as Mermaid preprocesses it: without its YAML
 * front matter, `%%{…}%%` directives, `%%` comment lines and leading blank lines.
 */
import { t } from '../l10n/t';

/** What the worker sends back about a failed parse (a plain copy of Mermaid's error). */
export interface MermaidParseFailure {
  name: string;
  message: string;
  hash?: { token?: string | number; text?: string; line?: number; loc?: { first_line: number; last_line: number; first_column: number; last_column: number }; expected?: string[] };
}

/** A syntax error on the diagram's text (0-based lines and characters of that text). */
export interface MermaidSyntaxError {
  start: { line: number; character: number };
  end: { line: number; character: number };
  message: string;
}

/** Which original line each line of Mermaid's preprocessed text is, and how much of it was trimmed. */
export function preprocessedLines(text: string): { lines: number[]; firstTrim: number } {
  const source = text.replace(/\r\n?/g, '\n').split('\n');
  let kept = source.map((_, i) => i);
  // YAML front matter: `---` … `---` at the very start, and the blank lines after it.
  if (/^-{3}\s*$/.test(source[0] ?? '')) {
    const close = source.findIndex((line, i) => i > 0 && /^-{3}\s*$/.test(line));
    if (close > 0) {
      let next = close + 1;
      while (next < source.length && source[next].trim() === '') next++;
      kept = kept.filter((i) => i >= next);
    }
  }
  const blank = new Set<number>();
  kept = kept.filter((i) => {
    const line = source[i];
    // A directive line is emptied; a comment line is removed with its line break.
    if (/^\s*%%\{.*\}%%\s*$/.test(line)) {
      blank.add(i);
      return true;
    }
    return !/^\s*%%(?!\{)\S/.test(line) && !/^\s*%%\s+\S/.test(line);
  });
  // trimStart(): leading blank lines go, and the first line's leading spaces.
  while (kept.length > 0 && (blank.has(kept[0]) || source[kept[0]].trim() === '')) kept.shift();
  const firstTrim = kept.length > 0 ? source[kept[0]].length - source[kept[0]].trimStart().length : 0;
  return { lines: kept, firstTrim };
}

function clampPosition(lines: string[], line: number, character: number): { line: number; character: number } {
  if (line >= lines.length) {
    // Past the end (the end-of-text token): the end of the last line that has text.
    let last = lines.length - 1;
    while (last > 0 && lines[last].trim() === '') last--;
    return { line: Math.max(0, last), character: lines[Math.max(0, last)]?.length ?? 0 };
  }
  return { line: Math.max(0, line), character: Math.max(0, Math.min(character, lines[line].length)) };
}

const endTokens = new Set(['EOF', '1', 'NEWLINE', 'NL', 'EOF_IN_STRUCT']);

/** Jison token names of Mermaid's grammars, in words (a name not listed is shown lower-cased, underscores as spaces). */
const tokenWords: Record<string, string> = {
  ACTOR: 'a participant', TXT: 'a message text', SEMI: "';'", SPACE: 'a space', COLON: "':'", COMMA: "','", AMP: "'&'", PIPE: "'|'",
  ALPHA: 'a name', NODE_STRING: 'a name', ID: 'a name', idString: 'a name', UNICODE_TEXT: 'a name', STR: 'a quoted text', MD_STR: 'a quoted text', NUM: 'a number',
  PS: "'('", PE: "')'", SQS: "'['", SQE: "']'", DIAMOND_START: "'{'", DIAMOND_STOP: "'}'", TAGSTART: "'<'", TAGEND: "'>'", DOUBLECIRCLESTART: "'(('", DOUBLECIRCLEEND: "'))'",
  LINK: 'an arrow', START_LINK: 'an arrow', ARROW_POINT: 'an arrow', ARROW_CIRCLE: 'an arrow', ARROW_CROSS: 'an arrow', ARROW_OPEN: 'an arrow', SOLID_ARROW: 'an arrow', DOTTED_ARROW: 'an arrow',
  SOLID_OPEN_ARROW: 'an arrow', DOTTED_OPEN_ARROW: 'an arrow', SOLID_CROSS: 'an arrow', DOTTED_CROSS: 'an arrow', SOLID_POINT: 'an arrow', DOTTED_POINT: 'an arrow', LINK_ID: 'an arrow id',
  STYLE_SEPARATOR: "':::'", DIR: 'a direction (TB, TD, BT, RL, LR)', direction_tb: 'a direction', direction_bt: 'a direction', direction_rl: 'a direction', direction_lr: 'a direction',
  end: "'end'", subgraph: "'subgraph'", style: "'style'", classDef: "'classDef'", class: "'class'", click: "'click'", linkStyle: "'linkStyle'", CALLBACKNAME: 'a callback name', CALLBACKARGS: 'callback arguments',
  '+': "'+'", '-': "'-'", '()': "'()'", INVALID: 'an invalid character', EOF_IN_STRUCT: 'the end of the diagram inside a block',
};

function tokenName(token: string | number | undefined): string {
  if (token === undefined) return t('something else');
  const name = String(token).replace(/^'(.*)'$/, '$1');
  if (name === '1' || name === 'EOF') return t('the end of the diagram');
  if (name === 'NEWLINE' || name === 'NL') return t('the end of the line');
  return tokenWords[name] ?? (/^[A-Za-z_]+$/.test(name) ? name.toLowerCase().replace(/_/g, ' ') : `'${name}'`);
}

/** A readable message: what Mermaid expected and what it found, in words, with the diagram's line. */
function jisonMessage(failure: MermaidParseFailure, line: number): string {
  const expected = [...new Set((failure.hash?.expected ?? []).map((e) => tokenName(e)))];
  const found = tokenName(failure.hash?.token);
  const shown = expected.slice(0, 6).join(', ');
  if (expected.length === 0) return t('Mermaid syntax error on line {0}: unexpected {1}.', line, found);
  return expected.length > 6 ? t('Mermaid syntax error on line {0}: expected {1}, … ({2} possibilities); found {3}.', line, shown, expected.length, found) : t('Mermaid syntax error on line {0}: expected {1}; found {2}.', line, shown, found);
}

/** Maps a parse failure onto the diagram text; undefined when it is not a syntax error (a bug, a crash). */
export function syntaxError(failure: MermaidParseFailure, text: string): MermaidSyntaxError | undefined {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const map = preprocessedLines(text);
  const original = (processedLine: number) => map.lines[processedLine] ?? lines.length;
  const column = (processedLine: number, character: number) => character + (processedLine === 0 ? map.firstTrim : 0);

  const loc = failure.hash?.loc;
  if (loc && typeof loc.first_line === 'number') {
    const startLine = loc.first_line - 1;
    let start = clampPosition(lines, original(startLine), column(startLine, loc.first_column));
    const endLine = loc.last_line - 1;
    let end = clampPosition(lines, original(endLine), column(endLine, loc.last_column));
    // The token Mermaid stopped at: the text it names, on the start line, when it is there.
    const token = failure.hash?.text;
    const atEnd = endTokens.has(String(failure.hash?.token));
    if (token && token.trim() && !atEnd) {
      const found = lines[start.line].indexOf(token.trim(), Math.max(0, start.character));
      if (found >= 0) {
        start = { line: start.line, character: found };
        end = { line: start.line, character: found + token.trim().length };
      }
    }
    if (end.line !== start.line || end.character <= start.character) {
      // A range across lines, or empty: the rest of the start line (at least one character).
      const lineLength = lines[start.line].length;
      end = start.character < lineLength ? { line: start.line, character: lineLength } : { ...start };
      if (end.character === start.character && start.character > 0) start = { line: start.line, character: start.character - 1 };
    }
    return { start, end, message: jisonMessage(failure, start.line + 1) };
  }

  const langium = /(Parse|Lexer) error on line (\d+), column (\d+): ([\s\S]*?)(?=(?:Parse|Lexer) error on line|$)/.exec(failure.message);
  if (langium) {
    const processedLine = Number(langium[2]) - 1;
    const start = clampPosition(lines, original(processedLine), column(processedLine, Number(langium[3]) - 1));
    const found = /but found `([^`]*)`/.exec(langium[4])?.[1] ?? /unexpected character: ->(.)<-/.exec(langium[4])?.[1];
    const length = Math.max(1, found && found.length > 0 ? found.length : 1);
    const end = { line: start.line, character: Math.min(lines[start.line].length, start.character + length) };
    const detail = langium[4].replace(/(?<!\s)\s*at offset: \d+, skipped \d+ characters\.?/, '').trim().replace(/\.$/, '');
    // Langium's own words ("Expecting token of type ':' but found `2`"), with the diagram's line.
    return { start: end.character > start.character ? start : { line: start.line, character: Math.max(0, start.character - 1) }, end, message: t('Mermaid syntax error on line {0}: {1}.', start.line + 1, detail.replace(/^Expecting token of type /, 'expected ').replace(/ but found /, ', found ')) };
  }

  if (failure.name === 'UnknownDiagramError') {
    const first = map.lines[0] ?? 0;
    const word = /\S+/.exec(lines[first] ?? '');
    const character = word?.index ?? 0;
    return {
      start: { line: first, character },
      end: { line: first, character: character + (word?.[0].length ?? 0) },
      message: word
        ? t('Unknown Mermaid diagram type "{0}": a diagram starts with its type (flowchart, sequenceDiagram, classDiagram, stateDiagram-v2, erDiagram, gantt, pie, gitGraph, mindmap, …).', word[0])
        : t('Unknown Mermaid diagram type: a diagram starts with its type (flowchart, sequenceDiagram, classDiagram, stateDiagram-v2, erDiagram, gantt, pie, gitGraph, mindmap, …).'),
    };
  }
  // Other errors Mermaid raises on purpose (an edge to an undeclared architecture service) have no
  // position: shown on the diagram's first line. Programming errors (TypeError, …) are not the text's fault.
  if (failure.name === 'Error' && failure.message.trim()) {
    const first = map.lines[0] ?? 0;
    return { start: { line: first, character: 0 }, end: { line: first, character: lines[first]?.length ?? 0 }, message: t('Mermaid: {0}', failure.message.trim().split('\n')[0]) };
  }
  return undefined;
}
