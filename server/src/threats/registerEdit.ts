/**
 * Adding threats to an AMDEC risk register whatever its shape (issue #78): `risks:` as a block list
 * (at the end of the file or not, at any indentation), as a flow list (`risks: []`, empty or not),
 * empty (`risks:`), or missing. The edit is made on the text, so every other line, comment and
 * quote stays as written; the result is parsed again and must hold the risks it held plus the new
 * ones, else nothing is written. What cannot be edited so (YAML errors, several documents, a top
 * level or a `risks:` that is not a list, an alias) is refused with the reason. Pure: text in, text out.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, type Document } from 'yaml';
import { t } from '../l10n/t';
import { amdecRisks, type RegisterRisk } from './riskRegister';

export type RegisterEdit = { text: string; ids: string[] } | { refused: string };

const quoted = (text: string) => JSON.stringify(text);

/** The risks as a block list, each line `indent` spaces in. */
function block(items: ReturnType<typeof amdecRisks>, indent: string): string {
  return items.map(({ fields }) => fields.map(([key, value], i) => `${indent}${i === 0 ? '- ' : '  '}${key}: ${value}`).join('\n')).join('\n\n');
}

/** The risks as flow mappings (`{"id": "T-01", …}`). */
function flow(items: ReturnType<typeof amdecRisks>): string {
  return items.map(({ fields }) => `{${fields.map(([key, value]) => `${quoted(key)}: ${value}`).join(', ')}}`).join(', ');
}

/** The number of entries of the document's `risks:` list (undefined when it is not one). */
function risksCount(doc: Document.Parsed): number | undefined {
  if (!isMap(doc.contents)) return undefined;
  const value = doc.contents.get('risks', true);
  return value === undefined || (isScalar(value) && value.value === null) ? 0 : isSeq(value) ? value.items.length : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line holding `offset - 1` (the next line's start), and whether a newline must be written first. */
function afterLine(text: string, offset: number): { at: number; newline: boolean } {
  if (offset > 0 && text[offset - 1] === '\n') return { at: offset, newline: false };
  const end = text.indexOf('\n', offset);
  return end < 0 ? { at: text.length, newline: true } : { at: end + 1, newline: false };
}

export function addToRegister(text: string, risks: readonly RegisterRisk[]): RegisterEdit {
  const documents = parseAllDocuments(text, { uniqueKeys: false, logLevel: 'error' });
  if (!Array.isArray(documents) || documents.length !== 1) return { refused: t('it holds {0} YAML documents, not one', Array.isArray(documents) ? documents.length : 0) };
  const doc = parseDocument(text, { uniqueKeys: false, logLevel: 'error' });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return { refused: t('it is not valid YAML (line {0}: {1})', error.linePos?.[0].line ?? 0, error.message.split('\n')[0]) };
  }
  const top = doc.contents;
  if (!isMap(top)) return { refused: t('its top level is not a mapping') };
  const pair = top.items.find((p) => isScalar(p.key) && p.key.value === 'risks');
  const value = pair?.value;
  if (isAlias(value)) return { refused: t('`risks:` is an alias') };
  const before = risksCount(doc);
  if (before === undefined) return { refused: t('`risks:` is not a list') };
  const ids = new Set<string>();
  if (isSeq(value)) for (const item of value.items) if (isMap(item) && isScalar(item.get('id', true))) ids.add(String((item.get('id', true) as { value: unknown }).value));
  const items = amdecRisks(risks, ids);
  if (items.length === 0) return { text, ids: [] };
  let edited: string;
  if (!pair || !isScalar(pair.key) || !pair.key.range) {
    const end = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
    edited = `${end}risks:\n${block(items, '  ')}\n`;
  } else {
    const keyColumn = pair.key.range[0] - lineStart(text, pair.key.range[0]);
    const indent = ' '.repeat(keyColumn + 2);
    if (isSeq(value) && value.flow && value.range) {
      const close = value.range[1] - 1;
      if (text[close] !== ']') return { refused: t('`risks:` is a flow list whose end was not found') };
      if (value.items.length === 0) edited = `${text.slice(0, value.range[0])}\n${block(items, indent)}${text.slice(value.range[1])}`;
      else {
        const last = text.slice(value.range[0] + 1, close).trimEnd();
        edited = `${text.slice(0, close)}${last.endsWith(',') ? ' ' : ', '}${flow(items)}${text.slice(close)}`;
      }
    } else if (isSeq(value) && value.range) {
      const column = value.range[0] - lineStart(text, value.range[0]);
      const { at, newline } = afterLine(text, value.range[1]);
      edited = `${text.slice(0, at)}${newline ? '\n' : ''}\n${block(items, ' '.repeat(column))}\n${text.slice(at)}`;
    } else {
      // `risks:` with nothing after it: the list starts on the next line.
      const { at, newline } = afterLine(text, pair.key.range[1]);
      edited = `${text.slice(0, at)}${newline ? '\n' : ''}${block(items, indent)}\n${text.slice(at)}`;
    }
  }
  const check = parseDocument(edited, { uniqueKeys: false, logLevel: 'error' });
  if (check.errors.length > 0 || risksCount(check) !== before + items.length) return { refused: t('the edit would not leave a valid list of risks') };
  return { text: edited, ids: items.map((i) => i.id) };
}

/**
 * Old keys rewritten to the ids they stand for (issue #78: keys made from a checkout's absolute path,
 * matched by their shape): on each `x-threat:` line naming one, the key replaced, the rest of the
 * line kept. The result must parse to the same number of risks, else the text is kept as it was.
 */
export function renameKeys(text: string, renames: ReadonlyMap<string, string>): { text: string; renamed: number } {
  if (renames.size === 0) return { text, renamed: 0 };
  let renamed = 0;
  const lines = text.split('\n').map((line) => {
    const at = line.indexOf('x-threat:');
    if (at < 0) return line;
    const value = line.slice(at + 'x-threat:'.length).trim();
    const key = /^(["'])(.*)\1$/.exec(value)?.[2] ?? value;
    const to = renames.get(key);
    if (to === undefined) return line;
    renamed++;
    return `${line.slice(0, at)}x-threat: ${quoted(to)}`;
  });
  const edited = lines.join('\n');
  const before = parseDocument(text, { uniqueKeys: false, logLevel: 'error' });
  const after = parseDocument(edited, { uniqueKeys: false, logLevel: 'error' });
  if (after.errors.length > 0 || risksCount(after) !== risksCount(before)) return { text, renamed: 0 };
  return { text: edited, renamed };
}
