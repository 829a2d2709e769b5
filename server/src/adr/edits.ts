/**
 * Pure edit computations behind the ADR commands, the quick fixes and the CLI: each takes the ADRs
 * as the index has them and returns text edits. Nothing here touches the disk.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../common/lineIndex';
import { sectionNamed, type AdrDocument, type AdrStatus } from './document';
import { related } from './graph';
import { adrTitle, eolOf } from './indexTable';
import { endOf } from '../markdown/markdown';
import { padNumber } from './paths';
import { adrLink, capitalize, type AdrLinkTarget } from './templates';

/** A text edit as offsets, turned into LSP ranges once per file. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export function toTextEdits(text: string, edits: readonly OffsetEdit[]): TextEdit[] {
  const lines = new LineIndex(text);
  return edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText }));
}

/** Applies offset edits to a text (the CLI and tests; the editor applies TextEdits itself). */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

export function linkTarget(adr: AdrDocument): AdrLinkTarget {
  return { number: adr.number ?? 0, title: adrTitle(adr), fileName: adr.fileName };
}

/** A status as each place writes it: capitalised in the body, lowercase in front matter. */
function statusText(status: AdrStatus['source'], value: string, quoted: boolean): string {
  if (status !== 'front-matter') return capitalize(value);
  const lower = value.charAt(0).toLowerCase() + value.slice(1);
  // A plain YAML scalar cannot hold ": " or " #"; quote such statuses unless they already are.
  return !quoted && /: | #|^[[{"'!&*>|%@`]/.test(lower) ? JSON.stringify(lower) : lower;
}

function isQuoted(doc: AdrDocument, status: AdrStatus): boolean {
  return /["']/.test(doc.markdown.text.charAt(status.span.start - 1));
}

/**
 * Writes `body` (body spelling) or `frontMatter` (front matter spelling) everywhere the ADR states a
 * status; when it states none, adds one where its format keeps it.
 */
export function statusEdits(doc: AdrDocument, body: string, frontMatter: string = body.toLowerCase()): OffsetEdit[] {
  const text = doc.markdown.text;
  const eol = eolOf(text);
  if (doc.statuses.length > 0) {
    return doc.statuses.map((s) => ({ ...s.span, newText: statusText(s.source, s.source === 'front-matter' ? frontMatter : body, isQuoted(doc, s)) }));
  }
  const fm = doc.markdown.frontMatter;
  if (doc.format === 'madr' && fm) {
    return [{ start: fm.contentStart, end: fm.contentStart, newText: `status: ${statusText('front-matter', frontMatter, false)}${eol}` }];
  }
  if (doc.format === 'madr') return [{ start: 0, end: 0, newText: `---${eol}status: ${statusText('front-matter', frontMatter, false)}${eol}---${eol}${eol}` }];
  // Nygard: a Status section before the first section (or after the title).
  const section = `## Status${eol}${eol}${capitalize(body)}${eol}${eol}`;
  const first = doc.sections[0];
  if (first) return [{ start: first.heading.start, end: first.heading.start, newText: section }];
  const at = doc.title?.end ?? 0;
  return [{ start: at, end: at, newText: `${eol}${eol}${section}` }];
}

/** Adds a relation line ("Supersedes [3. Title](0003-title.md)") to the Status section, or under the title. */
export function relationLineEdit(doc: AdrDocument, line: string): OffsetEdit {
  const eol = eolOf(doc.markdown.text);
  const section = sectionNamed(doc, 'status');
  if (section) {
    const content = section.nodes.filter((n) => n.type !== 'html');
    const at = content.length > 0 ? endOf(content[content.length - 1]) : section.heading.end;
    return { start: at, end: at, newText: `${eol}${eol}${line}` };
  }
  // No Status section (MADR): relation lines go between the title and the first section.
  const preambleLines = doc.relations.filter((r) => r.span.start < (doc.sections[0]?.heading.start ?? Infinity) && r.span.start > (doc.title?.end ?? 0));
  const after = preambleLines.length > 0 ? preambleLines[preambleLines.length - 1].span.end : (doc.title?.end ?? doc.markdown.frontMatter?.end ?? 0);
  return { start: after, end: after, newText: `${eol}${eol}${line}` };
}

/** Both sides of "`target` is superseded by `by`": the old ADR's status, the new ADR's "Supersedes" line. */
export function supersedeEdits(target: AdrDocument, by: AdrDocument): { target: OffsetEdit[]; by: OffsetEdit[] } {
  const byNumber = by.number ?? 0;
  const alreadySuperseded = target.status?.value === 'superseded' && related(target, 'superseded by').some((r) => r.number === byNumber);
  const targetEdits = alreadySuperseded ? [] : statusEdits(target, `Superseded by ${adrLink(target.format, linkTarget(by))}`, `superseded by ADR-${padNumber(byNumber)}`);
  const alreadySays = related(by, 'supersedes').some((r) => r.number === target.number);
  const byEdits = alreadySays ? [] : [relationLineEdit(by, `Supersedes ${adrLink(by.format, linkTarget(target))}`)];
  return { target: targetEdits, by: byEdits };
}

/** Both sides of an adr-tools link: `source` <verb> `target`, `target` <reverse> `source`. */
export function linkEdits(source: AdrDocument, target: AdrDocument, verb: string, reverse: string): { source: OffsetEdit[]; target: OffsetEdit[] } {
  const says = (doc: AdrDocument, v: string, other: AdrDocument) => related(doc, v.toLowerCase()).some((r) => r.number === other.number);
  return {
    source: says(source, verb, target) ? [] : [relationLineEdit(source, `${capitalize(verb)} ${adrLink(source.format, linkTarget(target))}`)],
    target: says(target, reverse, source) ? [] : [relationLineEdit(target, `${capitalize(reverse)} ${adrLink(target.format, linkTarget(source))}`)],
  };
}
