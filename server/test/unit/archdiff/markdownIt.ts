// markdown-it (a devDependency; it ships no types: the little the tests use, declared here) set as GitHub
// reads a comment: CommonMark with GFM tables, raw HTML allowed (then sanitised by GitHub).
import { createRequire } from 'node:module';

export interface Token {
  type: string;
  tag: string;
  info: string;
  content: string;
}

export interface MarkdownIt {
  parse(text: string, env: object): Token[];
  render(text: string): string;
  renderInline(text: string): string;
}

const MarkdownItClass = createRequire(__filename)('markdown-it') as new (preset: string, options: object) => MarkdownIt;

export const md = new MarkdownItClass('default', { html: true });

/** The rows of each table: its cells' inline text, header first. */
export function tablesOf(tokens: readonly Token[]): string[][][] {
  const tables: string[][][] = [];
  let row: string[] | undefined;
  for (const token of tokens) {
    if (token.type === 'table_open') tables.push([]);
    else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row) {
      tables[tables.length - 1].push(row);
      row = undefined;
    } else if (token.type === 'inline' && row) row.push(token.content);
  }
  return tables;
}
