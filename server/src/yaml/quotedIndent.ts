import { visit, type Document } from 'yaml';

/**
 * Multi-line quoted scalars whose continuation lines are indented no deeper than their key:
 *
 *     if: "github.event_name == 'push' &&
 *   github.ref == 'refs/heads/main'"
 *
 * YAML 1.2 wants those lines indented deeper than the key, and the `yaml` package then reads the
 * rest of the file as other keys. GitHub's parser, PyYAML and js-yaml accept it (a quoted scalar
 * runs to its closing quote whatever the indentation), and real workflows rely on it. This finds
 * such lines so that the document can be parsed again with them indented, its ranges mapped back
 * onto the original text. One pass over the text, line by line.
 */
export interface Reindented {
  text: string;
  /** Offsets (in the original text) where spaces were inserted, ascending, with how many. */
  inserts: { at: number; count: number }[];
}

const blockScalarHeader = /[|>][0-9+-]*\s*(#.*)?$/;

/** The text with under-indented quoted continuation lines indented, or undefined when there are none. */
export function reindentQuotedContinuations(text: string): Reindented | undefined {
  const inserts: Reindented['inserts'] = [];
  const lines = text.split('\n');
  let offset = 0;
  let quote: '"' | "'" | undefined;
  let quoteIndent = 0;
  let blockIndent = -1;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '';
    if (quote) {
      if (!blank && indent <= quoteIndent) inserts.push({ at: offset, count: quoteIndent + 1 - indent });
      quote = scanLine(line, indent, quote).open;
    } else if (blockIndent >= 0 && (blank || indent > blockIndent)) {
      // inside a block scalar: quotes there are text
    } else {
      blockIndent = -1;
      const scanned = scanLine(line, indent, undefined);
      quote = scanned.open;
      // The column of the key (after any "- " of sequence items) is what continuation lines pass.
      quoteIndent = indent + (/^(-\s+)*/.exec(line.slice(indent))?.[0].length ?? 0);
      if (!quote && scanned.code !== undefined && blockScalarHeader.test(scanned.code)) blockIndent = indent;
    }
    offset += line.length + 1;
  }
  if (inserts.length === 0) return undefined;
  let out = '';
  let from = 0;
  for (const { at, count } of inserts) {
    out += text.slice(from, at) + ' '.repeat(count);
    from = at;
  }
  return { text: out + text.slice(from), inserts };
}

/** Walks one line: the quote still open at its end, and its text before any comment. */
function scanLine(line: string, start: number, open: '"' | "'" | undefined): { open: '"' | "'" | undefined; code?: string } {
  let quote = open;
  for (let i = open ? 0 : start; i < line.length; i++) {
    const c = line[i];
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
    } else if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") quote = undefined;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return { open: undefined, code: line.slice(0, i).trimEnd() };
    } else if ((c === '"' || c === "'") && (i === start || /[\s:[{,-]/.test(line[i - 1]))) {
      quote = c;
    }
  }
  return { open: quote, code: quote ? undefined : line.trimEnd() };
}

/** Maps an offset in the reindented text back onto the original text. */
function originalOffset(inserts: Reindented['inserts'], at: number): number {
  let shift = 0;
  for (const insert of inserts) {
    const start = insert.at + shift;
    if (at < start) break;
    if (at < start + insert.count) return insert.at;
    shift += insert.count;
  }
  return at - shift;
}

/** Moves every range of a document parsed from the reindented text back onto the original text. */
export function mapRangesBack(doc: Document.Parsed, inserts: Reindented['inserts']): void {
  const map = (range: [number, number, number]): [number, number, number] => [originalOffset(inserts, range[0]), originalOffset(inserts, range[1]), originalOffset(inserts, range[2])];
  visit(doc, {
    // Pair keys and the document's contents are visited as nodes too.
    Node(_key, node) {
      if (node.range) node.range = map(node.range);
    },
  });
  doc.range = map(doc.range);
}
