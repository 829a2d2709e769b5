/**
 * Where Mermaid diagrams are in a file: the whole of a `.mmd` / `.mermaid` file, or each fenced
 * ```mermaid (or ~~~mermaid) block of a Markdown file, with the position of every diagram line in
 * the file (blocks may be indented or quoted: each line keeps its own prefix width).
 */
import type { Code, Nodes } from 'mdast';
import type { Range } from 'vscode-languageserver-types';
import { markdownOf } from '../markdown/markdown';
import type { IndexedFile } from '../workspace/index';

export interface MermaidSource {
  /** 0 for a `.mmd` file; the block's order among the file's Mermaid blocks otherwise. */
  index: number;
  /** The diagram text as Mermaid reads it (a block's indentation removed). */
  text: string;
  /** File line of the diagram's first line. */
  line: number;
  /** For each diagram line, how many characters of the file line come before it. */
  prefix: number[];
  /** The diagram text in the file. */
  range: Range;
  /** The whole fenced block (the diagram text for a `.mmd` file). */
  block: Range;
}

export function isMermaidFile(uri: string): boolean {
  return /\.(mmd|mermaid)$/i.test(uri);
}

export function isMarkdownFile(uri: string): boolean {
  return /\.(md|markdown)$/i.test(uri);
}

const sourcesKey = Symbol('mermaid-sources');

/** The Mermaid diagrams of a file (cached per file version). */
export function mermaidSources(file: IndexedFile): MermaidSource[] {
  return file.model(sourcesKey, (f) => {
    if (isMermaidFile(f.uri)) {
      const text = f.text;
      const lines = text.split(/\r?\n/);
      const end = f.lines.positionAt(text.length);
      const range = { start: { line: 0, character: 0 }, end };
      return [{ index: 0, text, line: 0, prefix: lines.map(() => 0), range, block: range }];
    }
    // A quick look first: most Markdown files have no Mermaid block and are never parsed for it.
    if (!isMarkdownFile(f.uri) || !/^[ \t>]*(`{3,}|~{3,})[ \t]*mermaid/im.test(f.text)) return [];
    const blocks: Code[] = [];
    const visit = (node: Nodes) => {
      if (node.type === 'code' && node.lang?.toLowerCase() === 'mermaid') blocks.push(node);
      if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
    };
    visit(markdownOf(f).root);
    return blocks.map((code, index) => blockSource(f, code, index));
  });
}

function blockSource(file: IndexedFile, code: Code, index: number): MermaidSource {
  const start = code.position!.start.offset!;
  const end = code.position!.end.offset!;
  const fenceLine = file.lines.positionAt(start).line;
  const closing = file.lines.positionAt(end);
  // micromark keeps a CRLF file's carriage returns inside the value: Mermaid reads lines either way.
  const value = code.value.replace(/\r\n?/g, '\n');
  const valueLines = value.split('\n');
  const first = fenceLine + 1;
  const prefix = valueLines.map((valueLine, i) => {
    const fileLine = file.lines.lineText(first + i).replace(/\r$/, '');
    // Only a prefix (indentation, `> `) is removed from each line of the block.
    return Math.max(0, fileLine.length - valueLine.length);
  });
  const last = first + valueLines.length - 1;
  const lastLength = valueLines[valueLines.length - 1].length;
  return {
    index,
    text: value,
    line: first,
    prefix,
    range: { start: { line: first, character: prefix[0] ?? 0 }, end: { line: last, character: (prefix[prefix.length - 1] ?? 0) + lastLength } },
    block: { start: file.lines.positionAt(start), end: closing },
  };
}
