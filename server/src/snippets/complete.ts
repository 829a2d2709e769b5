/**
 * Snippet completion: a snippet is offered only in a file of its family and only where it can be
 * inserted: a whole-document snippet on an empty line of an empty document (YAML: between `---`
 * separators), an entry snippet on a line of its own directly under its key (`activities:`,
 * `jobs:`…). Never after a key's colon, never inside a value (a RACI letter, an enum).
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver-types';
import type { IndexedFile } from '../workspace/index';
import type { Snippet, SnippetFamily } from './catalogue';

/** The file's lines, read on demand from its line index (kept with the file): a request reads the lines it walks, not the whole text. */
interface Lines {
  readonly length: number;
  text(at: number): string;
  start(at: number): number;
}

function linesOf(file: IndexedFile): Lines {
  const { text } = file;
  const starts = file.lines.starts;
  return {
    length: starts.length,
    start: (at) => starts[at],
    text: (at) => {
      let end = at + 1 < starts.length ? starts[at + 1] : text.length;
      if (end > starts[at] && text.charCodeAt(end - 1) === 10 /* \n */) end--;
      if (end > starts[at] && text.charCodeAt(end - 1) === 13 /* \r */) end--;
      return text.slice(starts[at], end);
    },
  };
}

const blank = (line: string, markdown: boolean) => /^\s*$/.test(line) || (!markdown && /^\s*#/.test(line));
const indentOf = (line: string) => /^ */.exec(line)![0].length;

/** Whether the line holding the cursor is the only content of its document. */
function aloneInDocument(lines: Lines, at: number, markdown: boolean): boolean {
  const separator = (line: string) => !markdown && /^(---|\.\.\.)\s*(#.*)?$/.test(line);
  for (let i = at - 1; i >= 0 && !separator(lines.text(i)); i--) if (!blank(lines.text(i), markdown)) return false;
  for (let i = at + 1; i < lines.length && !separator(lines.text(i)); i++) if (!blank(lines.text(i), markdown)) return false;
  return true;
}

/** Whether the cursor's line, indented `indent`, is an entry directly under `key:` (a sequence item or a mapping key). */
function directlyUnder(lines: Lines, at: number, indent: number, key: string, item: boolean): boolean {
  const isKey = new RegExp(`^\\s*(- )?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*(#.*)?$`);
  for (let i = at - 1; i >= 0; i--) {
    const line = lines.text(i);
    if (blank(line, false)) continue;
    const lineIndent = indentOf(line);
    if (lineIndent < indent) return isKey.test(line);
    // A compact sequence (`activities:` then `- id:` at the same column) has its key at the item's column.
    if (lineIndent === indent && item && isKey.test(line)) return true;
    if (lineIndent === indent && !item && line.trimStart().startsWith('- ')) return false;
  }
  return false;
}

/** The snippets of `family` that fit at `offset` of the file, as completion items replacing the word typed. */
export function snippetCompletions(file: IndexedFile, offset: number, snippets: readonly Snippet[], family: SnippetFamily): CompletionItem[] {
  const text = file.text;
  const lines = linesOf(file);
  const at = file.lines.positionAt(offset).line;
  const before = text.slice(lines.start(at), offset);
  const typed = /^( *)([\w-]*)$/.exec(before);
  if (!typed) return [];
  const after = lines.text(at).slice(before.length);
  if (after.trim() !== '') return [];
  const indent = typed[1].length;
  const markdown = family === 'adr';
  const fitting = snippets.filter((snippet) => {
    if (snippet.family !== family) return false;
    if (snippet.under === undefined) return indent === 0 && aloneInDocument(lines, at, markdown);
    return directlyUnder(lines, at, indent, snippet.under, snippet.body.trimStart().startsWith('-'));
  });
  const range = { start: file.lines.positionAt(offset - typed[2].length), end: file.lines.positionAt(offset) };
  return fitting.flatMap((snippet) =>
    snippet.prefixes.map((prefix, i) => ({
      label: prefix,
      kind: CompletionItemKind.Snippet,
      detail: snippet.name,
      documentation: { kind: MarkupKind.Markdown, value: `${snippet.description}\n\n\`\`\`${markdown ? 'markdown' : 'yaml'}\n${snippet.body}\n\`\`\`` },
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: snippet.body },
      filterText: prefix,
      // After the schema's and the workspace's own completions.
      sortText: `~${prefix}${i}`,
    })),
  );
}
