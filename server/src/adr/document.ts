import { isMap, isScalar, type Node as YamlNode } from 'yaml';
import type { IndexedFile } from '../workspace/index';
import { endOf, markdownOf, parseMarkdown, plainText, sectionsAt, startOf, type MarkdownFile, type MarkdownLink, type MarkdownSection, type Span } from '../markdown/markdown';
import { adrFileName, fileNameOf, folderOf, numberFromFileName } from './paths';
import { inlineLinks, linkRef, nameRefs, parseStatusLine, type AdrRef, type LinkSpan } from './references';

export type AdrFormat = 'nygard' | 'madr';

/** Where a status or date was written: MADR front matter, a `## Status` section, or a `Status:` field line. */
export type ValueSource = 'front-matter' | 'section' | 'field';

export interface AdrStatus {
  /** Normalised: lowercase, `superseded` for any "superseded by …". */
  value: string;
  raw: string;
  span: Span;
  source: ValueSource;
  successors: AdrRef[];
}

export interface AdrDate {
  raw: string;
  span: Span;
  source: ValueSource;
}

export interface AdrRelation {
  /** Normalised verb: `supersedes`, `superseded by`, `amends`, `amended by`, or any other phrase. */
  verb: string;
  refs: AdrRef[];
  span: Span;
}

export interface AdrTitle extends Span {
  text: string;
  /** The number written in the title (`# 5. Title`, `# ADR-0005: Title`), if any. */
  number?: number;
  numberSpan?: Span;
  /** The title without its number. */
  name: string;
  nameSpan: Span;
}

export interface AdrOption extends Span {
  text: string;
}

/** One Architecture Decision Record, as read from its Markdown file. */
export interface AdrDocument {
  uri: string;
  folder: string;
  fileName: string;
  /** From the file name, when it starts with a number. */
  number?: number;
  slug?: string;
  /** Whether the file name is `NNNN-slug.md`. */
  wellNamed: boolean;
  format: AdrFormat;
  markdown: MarkdownFile;
  title?: AdrTitle;
  /** Every status the file states, in file order; `status` is the one that counts (front matter first). */
  statuses: AdrStatus[];
  status?: AdrStatus;
  dates: AdrDate[];
  date?: AdrDate;
  sections: MarkdownSection[];
  relations: AdrRelation[];
  /** Every reference to another ADR of the folder (relations, links, `ADR-0005` in prose). */
  references: AdrRef[];
  links: MarkdownLink[];
  placeholders: Span[];
  consideredOptions: AdrOption[];
  chosenOption?: AdrOption;
  /** Where a problem about the whole file is shown: the title, else the start of the file. */
  anchor: Span;
}

const madrKeys = ['status', 'date', 'decision-makers', 'deciders', 'consulted', 'informed'];
const madrSections = ['context and problem statement', 'considered options', 'considered alternatives', 'decision outcome'];

/** MADR 1.x called the options "Considered Alternatives" (and the chosen one "Chosen Alternative"). */
export function consideredSection(doc: { sections: MarkdownSection[] }): MarkdownSection | undefined {
  return sectionNamed(doc, 'considered options') ?? sectionNamed(doc, 'considered alternatives');
}
/** Sentences of the adr-tools template that mean the section was never written. */
const templateSentences = [
  'the issue motivating this decision, and any context that influences or constrains the decision.',
  "the change that we're proposing or have agreed to implement.",
  "what is the change that we're proposing and/or doing?",
  'what becomes easier or more difficult to do and any risks introduced by the change that will need to be mitigated.',
];
/**
 * Template placeholders such as `{problem statement}`: a `{`, then on the same line text with a letter
 * and no other brace, then `}`. Scanned by hand: the regular expression that says the same
 * (`\{[^{}\n]*[A-Za-z][^{}\n]*\}`) backtracks quadratically on a long unclosed brace (a 200 KB line
 * took 18 s).
 */
export function bracePlaceholders(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let at = text.indexOf('{');
  while (at !== -1) {
    let end = at + 1;
    let letter = false;
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (c === 0x7b || c === 0x7d || c === 0x0a) break; // { } \n
      if (!letter && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) letter = true;
    }
    if (end < text.length && text.charCodeAt(end) === 0x7d && letter) {
      found.push({ start: at, end: end + 1 });
      at = text.indexOf('{', end + 1);
    } else {
      // Nothing between `at` and `end` opens a brace: the next candidate is at `end` or after.
      at = text.indexOf('{', end);
    }
  }
  return found;
}
/** `5. Title`, `0005: Title`, `5 - Title`, `ADR-0005: Title`, `ADR 5 Title`; never `2024 roadmap` (no separator). */
const titleNumber = /^(?:ADR[-\s]?(\d+)(?:\s*[.:\-–—]\s*|\s+)|(\d+)\s*[.:\-–—]\s+)(?=\S)/i;
const fieldLine = /^(\s*(?:[-*+]\s+)?(?:\*\*|__)?(status|date)(?:\*\*|__)?\s*:(?:\*\*|__)?\s*)((?:\S+(?:\s+\S+)*)?)/i;

export function sectionNamed(doc: { sections: MarkdownSection[] }, name: string): MarkdownSection | undefined {
  return doc.sections.find((s) => s.heading.text.toLowerCase() === name);
}

function lineSpans(text: string, start: number, end: number): Span[] {
  const spans: Span[] = [];
  let at = start;
  while (at < end) {
    const next = text.indexOf('\n', at);
    const stop = next < 0 || next >= end ? end : next;
    spans.push({ start: at, end: stop > at && text[stop - 1] === '\r' ? stop - 1 : stop });
    at = stop + 1;
  }
  return spans;
}

/** A front matter scalar's text and span, without quotes. */
function scalarText(file: MarkdownFile, node: YamlNode | null | undefined): { raw: string; span: Span } | undefined {
  const fm = file.frontMatter;
  if (!fm || !node?.range) return undefined;
  const start = fm.contentStart + node.range[0];
  const end = fm.contentStart + node.range[1];
  let source = file.text.slice(start, end).trimEnd();
  let offset = start;
  if (isScalar(node) && /^["']/.test(source) && source.length >= 2 && source.endsWith(source[0])) {
    source = source.slice(1, -1);
    offset++;
  }
  return { raw: source, span: { start: offset, end: offset + source.length } };
}

function frontMatterValue(file: MarkdownFile, key: string): YamlNode | undefined {
  const contents = file.frontMatter?.doc.contents;
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.value as YamlNode | null | undefined) ?? undefined;
}

function readTitle(file: MarkdownFile): AdrTitle | undefined {
  const heading = file.headings.find((h) => h.depth === 1);
  if (!heading) return undefined;
  const text = file.text.slice(heading.textStart, heading.textEnd);
  const match = titleNumber.exec(text);
  if (!match) return { ...heading, text: heading.text, name: heading.text, nameSpan: { start: heading.textStart, end: heading.textEnd } };
  const written = match[1] ?? match[2];
  const digits = match[0].indexOf(written);
  return {
    start: heading.start,
    end: heading.end,
    text: heading.text,
    number: Number(written),
    numberSpan: { start: heading.textStart + digits, end: heading.textStart + digits + written.length },
    name: text.slice(match[0].length).trim(),
    nameSpan: { start: heading.textStart + match[0].length, end: heading.textEnd },
  };
}

function detectFormat(file: MarkdownFile, sections: MarkdownSection[]): AdrFormat {
  const contents = file.frontMatter?.doc.contents;
  if (isMap(contents) && contents.items.some((p) => isScalar(p.key) && madrKeys.includes(String(p.key.value)))) return 'madr';
  return sections.some((s) => madrSections.includes(s.heading.text.toLowerCase())) ? 'madr' : 'nygard';
}

function readOptions(doc: AdrDocument): void {
  const considered = consideredSection(doc);
  const list = considered?.nodes.find((n) => n.type === 'list');
  if (list?.type === 'list') {
    for (const item of list.children) {
      const first = item.children[0];
      if (first) doc.consideredOptions.push({ start: startOf(first), end: endOf(first), text: plainText(first).trim() });
    }
  }
  const outcome = sectionNamed(doc, 'decision outcome');
  // MADR 1.x writes "* Chosen Alternative: …" as the first item of a list.
  const paragraphs = (outcome?.nodes ?? []).flatMap((n) => (n.type === 'list' ? n.children.map((item) => item.children[0]).filter((c) => c?.type === 'paragraph') : [n]));
  for (const node of paragraphs) {
    if (node.type !== 'paragraph') continue;
    const text = plainText(node);
    const match = /^\s*chosen (?:option|alternative)(?:\s*:)?\s*(?:"([^"]+)"|“([^”]+)”|'([^']+)'|([^,.\n]+))/i.exec(text);
    if (!match) continue;
    const chosen = (match[1] ?? match[2] ?? match[3] ?? match[4]).trim();
    const source = doc.markdown.text.slice(startOf(node), endOf(node));
    const at = source.indexOf(chosen);
    doc.chosenOption = at >= 0 ? { start: startOf(node) + at, end: startOf(node) + at + chosen.length, text: chosen } : { start: startOf(node), end: endOf(node), text: chosen };
    break;
  }
}

function readPlaceholders(doc: AdrDocument): void {
  const { text } = doc.markdown;
  for (const span of doc.markdown.prose) {
    for (const m of bracePlaceholders(text.slice(span.start, span.end))) doc.placeholders.push({ start: span.start + m.start, end: span.start + m.end });
  }
  for (const section of doc.sections) {
    for (const node of section.nodes) {
      if (node.type === 'paragraph' && templateSentences.includes(plainText(node).trim().toLowerCase())) doc.placeholders.push({ start: startOf(node), end: endOf(node) });
    }
  }
  const contents = doc.markdown.frontMatter?.doc.contents;
  if (isMap(contents)) {
    for (const pair of contents.items) {
      const value = scalarText(doc.markdown, pair.value);
      // `{…}` with a letter inside (tested without a backtracking pattern: values can be long).
      const raw = value?.raw ?? '';
      if (value && raw.length >= 2 && raw.startsWith('{') && raw.endsWith('}') && /[A-Za-z]/.test(raw.slice(1, -1))) doc.placeholders.push(value.span);
    }
  }
  doc.placeholders.sort((a, b) => a.start - b.start);
}

/** Status and relations from one line of text; the relation is recorded, the status returned. */
function readStatusLine(doc: AdrDocument, line: Span, source: ValueSource, links: readonly LinkSpan[]): AdrStatus | undefined {
  const parsed = parseStatusLine(doc.uri, doc.markdown.text.slice(line.start, line.end), line.start, links, doc.markdown.code);
  if (!parsed) return undefined;
  if (parsed.relation) doc.relations.push({ verb: parsed.relation.verb, refs: parsed.relation.refs, span: { start: parsed.start, end: parsed.end } });
  return parsed.status ? { ...parsed.status, source } : undefined;
}

function readMetadata(doc: AdrDocument): void {
  const md = doc.markdown;
  const text = md.text;
  const bodyLinks: LinkSpan[] = md.links.map((l) => ({ start: l.start, end: l.end, url: l.url }));
  // MADR front matter: `status: "superseded by ADR-0005"`, `date: 2024-05-01`.
  const status = scalarText(md, frontMatterValue(md, 'status'));
  const fromFrontMatter = status && readStatusLine(doc, status.span, 'front-matter', inlineLinks(status.raw, status.span.start));
  if (fromFrontMatter) doc.statuses.push(fromFrontMatter);
  const date = scalarText(md, frontMatterValue(md, 'date'));
  if (date) doc.dates.push({ raw: date.raw, span: date.span, source: 'front-matter' });
  // Field lines between the title and the first section: Nygard's `Date: …`, MADR 2's `* Status: …`.
  const firstSection = doc.sections[0]?.heading.start ?? text.length;
  const preambleStart = doc.title?.end ?? md.frontMatter?.end ?? 0;
  for (const line of lineSpans(text, preambleStart, firstSection)) {
    const match = fieldLine.exec(text.slice(line.start, line.end));
    if (!match) {
      // "Supersedes [ADR-0003](0003-x.md)" under a MADR title: a relation, never a status.
      readStatusLine(doc, line, 'field', bodyLinks);
      continue;
    }
    const valueStart = line.start + match[1].length;
    const value = { start: valueStart, end: valueStart + match[3].length };
    if (match[2].toLowerCase() === 'date') doc.dates.push({ raw: match[3].replace(/<!--[\s\S]*?-->/g, '').trim(), span: value, source: 'field' });
    else {
      const field = readStatusLine(doc, value, 'field', bodyLinks);
      if (field) doc.statuses.push(field);
    }
  }
  // Nygard's `## Status` section: a status line and relation lines (adr-tools writes one per paragraph).
  const section = sectionNamed(doc, 'status');
  if (section) {
    const candidates: AdrStatus[] = [];
    for (const node of section.nodes) {
      if (node.type !== 'paragraph' && node.type !== 'list') continue;
      for (const line of lineSpans(text, startOf(node), endOf(node))) {
        const candidate = readStatusLine(doc, line, 'section', bodyLinks);
        if (candidate) candidates.push(candidate);
      }
    }
    // The first line is the status, unless a later "Superseded by" line ended it.
    const chosen = candidates.find((c) => c.value === 'superseded' && c.successors.length > 0) ?? candidates[0];
    if (chosen) doc.statuses.push(chosen);
  }
  const rank: Record<ValueSource, number> = { 'front-matter': 0, section: 1, field: 2 };
  doc.status = [...doc.statuses].sort((a, b) => rank[a.source] - rank[b.source])[0];
  doc.date = [...doc.dates].sort((a, b) => rank[a.source] - rank[b.source])[0];
}

function readReferences(doc: AdrDocument): void {
  const md = doc.markdown;
  const refs: AdrRef[] = doc.relations.flatMap((r) => r.refs);
  // A set of starts, not a search of `refs` per reference: 20,000 links made that quadratic.
  const starts = new Set(refs.map((r) => r.start));
  const add = (ref: AdrRef | undefined) => {
    if (ref && !starts.has(ref.start)) {
      starts.add(ref.start);
      refs.push(ref);
    }
  };
  for (const link of md.links) add(linkRef(doc.uri, link));
  for (const span of md.prose) for (const ref of nameRefs(md.text.slice(span.start, span.end), span.start)) add(ref);
  doc.references = refs.sort((a, b) => a.start - b.start);
}

/** Reads an ADR from its Markdown text. */
export function parseAdr(uri: string, text: string, markdown: MarkdownFile = parseMarkdown(text)): AdrDocument {
  const sections = sectionsAt(markdown, 2);
  const fileName = fileNameOf(uri);
  const parsedName = numberFromFileName(fileName);
  const title = readTitle(markdown);
  const doc: AdrDocument = {
    uri,
    folder: folderOf(uri),
    fileName,
    number: parsedName?.number,
    slug: parsedName?.slug,
    wellNamed: adrFileName.test(fileName),
    format: detectFormat(markdown, sections),
    markdown,
    title,
    statuses: [],
    dates: [],
    sections,
    relations: [],
    references: [],
    links: markdown.links,
    placeholders: [],
    consideredOptions: [],
    anchor: title ? { start: title.start, end: title.end } : { start: 0, end: 0 },
  };
  readMetadata(doc);
  readReferences(doc);
  readPlaceholders(doc);
  if (doc.format === 'madr') readOptions(doc);
  return doc;
}

const adrKey = Symbol('adr-document');
/** The ADR model of an indexed file, read once per version. */
export function adrOf(file: IndexedFile): AdrDocument {
  return file.model(adrKey, (f) => parseAdr(f.uri, f.text, markdownOf(f)));
}
