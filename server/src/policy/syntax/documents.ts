/**
 * The YAML documents of a policy, test, values or resource file, through the one YAML model (yaml/model.ts): each
 * document's value and first line; a document YAML refuses is one error with its line, the others are still read.
 */
import { parseYamlFile } from '../../yaml/model';

export interface ReadDocument {
  readonly value: unknown;
  /** 0-based line of the document's first character. */
  readonly line: number;
}

export interface ReadDocuments {
  readonly documents: readonly ReadDocument[];
  readonly errors: readonly { readonly line: number; readonly message: string }[];
}

/** The documents of a YAML text (empty documents left out). */
export function readDocuments(text: string): ReadDocuments {
  const file = parseYamlFile(text, undefined, false);
  const documents: ReadDocument[] = [];
  const errors: { line: number; message: string }[] = [];
  for (const { offset, chunk } of file.chunks) {
    const line = file.lines.positionAt(offset).line;
    const error = chunk.valueError;
    if (error !== undefined) {
      errors.push({ line, message: error });
      continue;
    }
    const value = chunk.value;
    if (value === null || value === undefined) continue;
    documents.push({ value, line: line + firstContentLine(chunk.text) });
  }
  return { documents, errors };
}

/** Lines before a chunk's first content (its `---` and comments), so a document's line is its first key's. */
function firstContentLine(text: string): number {
  let line = 0;
  for (const row of text.split('\n', 200)) {
    if (/^\s*(#.*)?$/.test(row) || /^(---|\.\.\.)\s*(#.*)?$/.test(row) || row.startsWith('%')) line++;
    else break;
  }
  return line;
}
