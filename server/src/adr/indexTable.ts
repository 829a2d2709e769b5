import type { Span } from '../markdown/markdown';
import type { AdrDocument } from './document';
import type { AdrFolder } from './folders';
import { padNumber } from './paths';
import { markdownText } from '../common/escape';

/** The generated index sits between these markers; text around them is the author's. */
export const indexStartMarker = '<!-- archipel:adr-index:start -->';
export const indexEndMarker = '<!-- archipel:adr-index:end -->';

/**
 * The spans of fenced code blocks (``` or ~~~, CommonMark's rules: up to three spaces of indent,
 * closed by a fence of the same character at least as long, or by the end of the text).
 */
export function fencedCodeSpans(text: string): Span[] {
  const spans: Span[] = [];
  let open: { start: number; char: string; length: number } | undefined;
  for (let at = 0; at < text.length; ) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline + 1;
    const fence = /^ {0,3}(`{3,}(?!`)|~{3,}(?!~))(.*)$/.exec(text.slice(at, end).replace(/\r?\n$/, ''));
    if (fence) {
      const char = fence[1][0];
      if (!open) {
        // A backtick fence's info string may not hold a backtick.
        if (char === '~' || !fence[2].includes('`')) open = { start: at, char, length: fence[1].length };
      } else if (char === open.char && fence[1].length >= open.length && fence[2].trim() === '') {
        spans.push({ start: open.start, end });
        open = undefined;
      }
    }
    at = end;
  }
  if (open) spans.push({ start: open.start, end: text.length });
  return spans;
}

/** The first occurrence of `marker` from `from` that is not inside fenced code (a README documenting the markers). */
function markerOutsideCode(text: string, marker: string, from: number, code: readonly Span[]): number {
  let span = 0; // spans are in text order, and so are the occurrences: one pass over both
  for (let at = text.indexOf(marker, from); at >= 0; at = text.indexOf(marker, at + marker.length)) {
    while (span < code.length && code[span].end <= at) span++;
    if (span === code.length || at < code[span].start) return at;
  }
  return -1;
}

/** The text between the markers, if the file has them (in order) outside fenced code. */
export function indexBlock(text: string): Span | undefined {
  if (!text.includes(indexStartMarker)) return undefined;
  const code = fencedCodeSpans(text);
  const start = markerOutsideCode(text, indexStartMarker, 0, code);
  if (start < 0) return undefined;
  const end = markerOutsideCode(text, indexEndMarker, start + indexStartMarker.length, code);
  return end < 0 ? undefined : { start: start + indexStartMarker.length, end };
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function adrTitle(adr: AdrDocument): string {
  return adr.title?.name || adr.title?.text || adr.fileName.replace(/\.md$/i, '');
}

/** The status as the index shows it: capitalised, with links to successors (ours; the status word, the author's, escaped). */
function statusCell(adr: AdrDocument, folder: AdrFolder): string {
  const status = adr.status;
  if (!status) return '';
  if (status.value === 'superseded' && status.successors.length > 0) {
    const links = status.successors.map((ref) => {
      const target = folder.byNumber.get(ref.number)?.[0];
      return target ? `[${padNumber(ref.number)}](${encodeURI(target.fileName)})` : padNumber(ref.number);
    });
    return `Superseded by ${links.join(', ')}`;
  }
  return markdownText(status.value.charAt(0).toUpperCase() + status.value.slice(1));
}

/** The Markdown table of a folder's decisions, one row per ADR in number order. */
export function indexTable(folder: AdrFolder, eol = '\n'): string {
  const rows = ['| ADR | Decision | Status | Date |', '| --- | --- | --- | --- |'];
  for (const adr of folder.adrs) {
    const number = adr.number !== undefined ? padNumber(adr.number) : '—';
    rows.push(`| ${number} | [${markdownText(adrTitle(adr))}](${encodeURI(adr.fileName)}) | ${statusCell(adr, folder)} | ${markdownText(adr.date?.raw ?? '')} |`);
  }
  return rows.join(eol);
}

/** What goes between the markers: the table on its own lines. */
export function indexBlockContent(folder: AdrFolder, eol: string): string {
  return `${eol}${indexTable(folder, eol)}${eol}`;
}

export function sameBlock(a: string, b: string): boolean {
  return a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();
}
