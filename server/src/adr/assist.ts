/** Editing help in ADRs: completion of statuses and references, hover, links, code lenses, definition. */
import { CompletionItemKind, MarkupKind, type CodeLens, type CompletionItem, type DocumentLink, type Hover, type Location, type Range } from 'vscode-languageserver-types';
import type { LineIndex } from '../common/lineIndex';
import { sectionNamed, type AdrDocument } from './document';
import { adrByNumber, type AdrFolder } from './folders';
import { related } from './graph';
import { adrTitle } from './indexTable';
import type { Span } from '../markdown/markdown';
import { padNumber } from './paths';
import type { AdrRef } from './references';
import type { AdrSettings } from './settings';
import { adrLink, capitalize } from './templates';
import { linkTarget } from './edits';

/** The command code lenses run: the client opens the URI given as argument. */
export const openAdrCommand = 'archipel.openAdr';

const relationVerbs = /(?:^|\s)((?:superseded|superceded|amended|clarified|extended)\s+by|supersedes|supercedes|amends|clarifies|extends|relates\s+to)\s+$/i;

function describe(adr: AdrDocument): string {
  const status = adr.status ? capitalize(adr.status.value === 'superseded' ? `superseded by ${adr.status.successors.map((r) => padNumber(r.number)).join(', ')}` : adr.status.value) : 'no status';
  return `${status}${adr.date ? ` · ${adr.date.raw}` : ''}`;
}

function others(folder: AdrFolder, adr: AdrDocument): AdrDocument[] {
  return folder.adrs.filter((a) => a !== adr && a.number !== undefined);
}

function item(label: string, range: Range, newText: string, detail: string, kind: CompletionItemKind, sortText: string, filterText?: string): CompletionItem {
  return { label, kind, detail, sortText, filterText: filterText ?? label, textEdit: { range, newText } };
}

/** Completion at `offset` in an ADR: status values, references after ADR-, link destinations, relation targets. */
export function adrCompletion(adr: AdrDocument, folder: AdrFolder, offset: number, lines: LineIndex, settings: AdrSettings): CompletionItem[] {
  const text = adr.markdown.text;
  const position = lines.positionAt(offset);
  const lineStart = lines.lineStart(position.line);
  const before = text.slice(lineStart, offset);
  const lineText = lines.lineText(position.line);
  const lineEnd = lineStart + lineText.length;
  const range = (start: number, end = offset) => lines.range(start, end);
  const fm = adr.markdown.frontMatter;

  // Front matter: `status: |`
  if (fm && offset >= fm.contentStart && offset <= fm.end) {
    const key = /^status:\s*["']?/.exec(before);
    if (!key) return [];
    const valueRange = range(lineStart + key[0].length, lineEnd - (/["']\s*$/.test(lineText) && key[0].endsWith('"') ? 1 : 0));
    const items = settings.statuses.filter((s) => s !== 'superseded').map((s, i) => item(s, valueRange, s, 'status', CompletionItemKind.EnumMember, `0${i}`));
    for (const other of others(folder, adr)) {
      const label = `superseded by ADR-${padNumber(other.number!)}`;
      items.push(item(label, valueRange, label, adrTitle(other), CompletionItemKind.Reference, `1${padNumber(other.number!)}`));
    }
    return items;
  }

  // `ADR-00|`: a reference by name.
  const name = /\bADR[- ]?\d*$/.exec(before);
  if (name) {
    return others(folder, adr).map((o) => {
      const label = `ADR-${padNumber(o.number!)}`;
      return { ...item(label, range(offset - name[0].length), label, adrTitle(o), CompletionItemKind.Reference, padNumber(o.number!)), documentation: describe(o) };
    });
  }

  // `[text](00|`: a link destination.
  const destination = /\]\(<?([^)\s>]*)$/.exec(before);
  if (destination) {
    return others(folder, adr).map((o) => item(o.fileName, range(offset - destination[1].length), encodeURI(o.fileName), adrTitle(o), CompletionItemKind.File, padNumber(o.number!)));
  }

  // After "Superseded by ", "Amends ": the other ADRs as links in this file's format.
  if (relationVerbs.test(before)) {
    return others(folder, adr).map((o) => {
      const link = adrLink(adr.format, linkTarget(o));
      return { ...item(`${padNumber(o.number!)} ${adrTitle(o)}`, range(offset), link, describe(o), CompletionItemKind.Reference, padNumber(o.number!)), filterText: link };
    });
  }

  // The status line: in the Status section, or a `Status:` field.
  const section = sectionNamed(adr, 'status');
  const field = /^(\s*(?:[-*+]\s+)?(?:\*\*|__)?status(?:\*\*|__)?\s*:(?:\*\*|__)?\s*)/i.exec(lineText);
  // In the section, only while the first word of a line is typed: later words are prose.
  const inSection = section && offset >= section.body.start && offset <= section.body.end && /^\s*(?:[-*+]\s+)?[A-Za-z]*$/.test(before);
  if (!inSection && !field) return [];
  const valueStart = field ? lineStart + field[1].length : lineStart + (/^\s*(?:[-*+]\s+)?/.exec(lineText)?.[0].length ?? 0);
  if (offset < valueStart) return [];
  const valueRange = range(valueStart, lineEnd);
  const items = settings.statuses.filter((s) => s !== 'superseded').map((s, i) => item(capitalize(s), valueRange, capitalize(s), 'status', CompletionItemKind.EnumMember, `0${i}`));
  for (const other of others(folder, adr)) {
    const link = adrLink(adr.format, linkTarget(other));
    const label = `Superseded by ${padNumber(other.number!)} ${adrTitle(other)}`;
    items.push({ ...item(label, valueRange, `Superseded by ${link}`, describe(other), CompletionItemKind.Reference, `1${padNumber(other.number!)}`), filterText: `Superseded by ${link}` });
    if (inSection) {
      const supersedes = `Supersedes ${padNumber(other.number!)} ${adrTitle(other)}`;
      items.push({ ...item(supersedes, valueRange, `Supersedes ${link}`, describe(other), CompletionItemKind.Reference, `2${padNumber(other.number!)}`), filterText: `Supersedes ${link}` });
    }
  }
  return items;
}

function refAt(adr: AdrDocument, offset: number): AdrRef | undefined {
  return adr.references.find((r) => offset >= r.start && offset <= r.end);
}

/** Hover on a reference: the ADR's number, title, status and date. */
export function adrHover(adr: AdrDocument, folder: AdrFolder, offset: number, lines: LineIndex): Hover | undefined {
  const ref = refAt(adr, offset);
  const target = ref && adrByNumber(folder, ref.number);
  if (!ref || !target) return undefined;
  const value = [`**ADR ${padNumber(ref.number)}: ${adrTitle(target)}**`, '', `${describe(target)} · \`${target.fileName}\``].join('\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: lines.range(ref.start, ref.end) };
}

export function adrDefinition(adr: AdrDocument, folder: AdrFolder, offset: number): Location[] {
  const ref = refAt(adr, offset);
  const target = ref && adrByNumber(folder, ref.number);
  return target ? [{ uri: target.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : [];
}

/** Links on `ADR-0005` names (Markdown links are the editor's Markdown support's job). */
export function adrDocumentLinks(adr: AdrDocument, folder: AdrFolder, lines: LineIndex): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const ref of adr.references) {
    if (ref.via === 'link') continue;
    const target = adrByNumber(folder, ref.number);
    if (target) links.push({ range: lines.range(ref.start, ref.end), target: target.uri, tooltip: `ADR ${padNumber(ref.number)}: ${adrTitle(target)}` });
  }
  return links;
}

/** Code lenses on the title: "superseded by 0005", "supersedes 0003", and the other relations. */
export function adrCodeLenses(adr: AdrDocument, folder: AdrFolder, lines: LineIndex): CodeLens[] {
  const anchor: Span = adr.title ?? adr.anchor;
  const range = lines.range(anchor.start, anchor.start);
  const verbs = ['superseded by', 'supersedes', ...new Set(adr.relations.map((r) => r.verb).filter((v) => v !== 'superseded by' && v !== 'supersedes'))];
  const lenses: CodeLens[] = [];
  for (const verb of verbs) {
    for (const ref of related(adr, verb)) {
      const target = adrByNumber(folder, ref.number);
      if (!target) continue;
      lenses.push({ range, command: { title: `${verb} ${padNumber(ref.number)}`, command: openAdrCommand, arguments: [target.uri] } });
    }
  }
  return lenses;
}
