import type { Span } from './markdown';
import type { AdrDocument } from './document';
import type { AdrFolder } from './folders';
import { padNumber } from './paths';

/** The generated index sits between these markers; text around them is the author's. */
export const indexStartMarker = '<!-- archipel:adr-index:start -->';
export const indexEndMarker = '<!-- archipel:adr-index:end -->';

/** The text between the markers, if the file has them (in order). */
export function indexBlock(text: string): Span | undefined {
  const start = text.indexOf(indexStartMarker);
  if (start < 0) return undefined;
  const end = text.indexOf(indexEndMarker, start + indexStartMarker.length);
  return end < 0 ? undefined : { start: start + indexStartMarker.length, end };
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function adrTitle(adr: AdrDocument): string {
  return adr.title?.name || adr.title?.text || adr.fileName.replace(/\.md$/i, '');
}

/** The status as the index shows it: capitalised, with links to successors. */
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
  return status.value.charAt(0).toUpperCase() + status.value.slice(1);
}

/** The Markdown table of a folder's decisions, one row per ADR in number order. */
export function indexTable(folder: AdrFolder, eol = '\n'): string {
  const rows = ['| ADR | Decision | Status | Date |', '| --- | --- | --- | --- |'];
  for (const adr of folder.adrs) {
    const number = adr.number !== undefined ? padNumber(adr.number) : '—';
    rows.push(`| ${number} | [${cell(adrTitle(adr))}](${encodeURI(adr.fileName)}) | ${cell(statusCell(adr, folder))} | ${cell(adr.date?.raw ?? '')} |`);
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
