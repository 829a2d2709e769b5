import { fileNameOf, folderOf, numberFromFileName, resolveRelative } from './paths';
import type { Span } from '../markdown/markdown';

/** A reference from one ADR to another of the same folder, by link (`[5. Title](0005-title.md)`) or by name (`ADR-0005`). */
export interface AdrRef extends Span {
  number: number;
  via: 'link' | 'name' | 'number';
  /** For links: the linked file. */
  targetUri?: string;
}

/** `ADR-0005`, `ADR 5`, `ADR0005`: how prose and MADR front matter name another decision. */
const adrName = /\bADR[-\s]?(\d{1,6})\b/g;
/** Inline Markdown links inside front matter strings, which no Markdown parser sees. */
const inlineLink = /(?<!\[)\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** A link seen in a text: where it is and where it points. */
export interface LinkSpan extends Span {
  url: string;
}

/** The links an inline text holds (for text the Markdown parser does not see, such as front matter). */
export function inlineLinks(text: string, base: number): LinkSpan[] {
  return [...text.matchAll(inlineLink)].map((m) => ({ start: base + m.index, end: base + m.index + m[0].length, url: m[2] }));
}

/** The ADR of the same folder a link points at, if any. */
export function linkRef(fromUri: string, link: LinkSpan): AdrRef | undefined {
  const target = resolveRelative(fromUri, link.url);
  if (!target || folderOf(target.uri) !== folderOf(fromUri)) return undefined;
  const parsed = numberFromFileName(fileNameOf(target.uri));
  return parsed ? { start: link.start, end: link.end, number: parsed.number, via: 'link', targetUri: target.uri } : undefined;
}

/** `ADR-0005` names in `text` (which starts at `base`), skipping those inside the given links. */
export function nameRefs(text: string, base: number, skip: readonly Span[] = []): AdrRef[] {
  const refs: AdrRef[] = [];
  for (const m of text.matchAll(adrName)) {
    const start = base + m.index;
    const end = start + m[0].length;
    if (skip.some((s) => start < s.end && end > s.start)) continue;
    refs.push({ start, end, number: Number(m[1]), via: 'name' });
  }
  return refs;
}

/** Relation verbs as the tools write them, normalised: adr-tools' "Superceded by" is "superseded by". */
export function normalizeVerb(verb: string): string {
  return verb
    .toLowerCase()
    .replace(/[*_:]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^superceded\b/, 'superseded')
    .replace(/^supercedes\b/, 'supersedes');
}

/** Status spellings normalised: case, emphasis, a trailing period. */
export function normalizeStatus(raw: string): string {
  return raw
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '')
    .toLowerCase()
    .replace(/^superceded\b/, 'superseded');
}

export interface StatusLine extends Span {
  /** Set when the line states a status ("Accepted", "Superseded by …"). */
  status?: { value: string; raw: string; span: Span; successors: AdrRef[] };
  /** Set when the line links ADRs ("Supersedes …", "Amends …", "Superseded by …"). */
  relation?: { verb: string; refs: AdrRef[] };
}

/**
 * Reads one status line of any format: `Accepted`, `Superseded by [5. Title](0005-title.md)`,
 * adr-tools' `Superceded by …`, MADR's `superseded by ADR-0005`, `Amends ADR-0002`. `text` starts at `base`.
 */
export function parseStatusLine(fromUri: string, text: string, base: number, links: readonly LinkSpan[], code: readonly Span[] = []): StatusLine | undefined {
  let start = 0;
  let end = text.length;
  const comment = text.indexOf('<!--');
  if (comment >= 0) end = comment;
  const marker = /^\s*(?:[-*+]\s+)?/.exec(text);
  start = marker ? marker[0].length : 0;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end <= start) return undefined;
  const span = { start: base + start, end: base + end };
  const inLine = links.filter((l) => l.start >= span.start && l.end <= span.end);
  const refs: AdrRef[] = [
    ...inLine.map((l) => linkRef(fromUri, l)).filter((r): r is AdrRef => r !== undefined),
    ...nameRefs(text.slice(start, end), span.start, [...inLine, ...code]),
  ].sort((a, b) => a.start - b.start);
  const lead = text.slice(start, refs.length > 0 ? refs[0].start - base : end);
  if (refs.length === 0) {
    // "superseded by 5": a bare number only counts after a supersession verb.
    const bare = /^([*_]{0,2}(?:superseded|superceded)\s+by[*_]{0,2}:?\s+)0*([1-9]\d*|0)\b/i.exec(text.slice(start, end));
    if (bare) {
      const refStart = span.start + bare[1].length;
      const ref: AdrRef = { start: refStart, end: span.start + bare[0].length, number: Number(bare[2]), via: 'number' };
      return { ...span, status: { value: 'superseded', raw: text.slice(start, end), span, successors: [ref] }, relation: { verb: 'superseded by', refs: [ref] } };
    }
    return { ...span, status: { value: normalizeStatus(text.slice(start, end)), raw: text.slice(start, end), span, successors: [] } };
  }
  const verb = normalizeVerb(lead);
  // A verb of up to three words ("Supersedes", "Amended by", "Relates to"); longer text is prose.
  if (!/^[a-z]+(?: [a-z]+){0,2}$/.test(verb)) return { ...span };
  const relation = { verb, refs };
  if (verb === 'superseded by') return { ...span, relation, status: { value: 'superseded', raw: text.slice(start, end), span, successors: refs } };
  return { ...span, relation };
}
