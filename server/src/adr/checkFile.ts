import { closest, distance } from 'fastest-levenshtein';
import type { Finding } from '../common/findings';
import { isIsoDate, isoFromWritten } from './dates';
import { consideredSection, sectionNamed, type AdrDocument, type AdrStatus } from './document';
import { hasContent, startOf } from '../markdown/markdown';
import { padNumber, slugify } from './paths';
import { t } from '../l10n/t';
import { adrRules } from './rules';
import type { AdrSettings } from './settings';

/** The sections each format requires, by heading text (compared case-insensitively). */
export const requiredSections: Record<AdrDocument['format'], string[]> = {
  nygard: ['Status', 'Context', 'Decision', 'Consequences'],
  madr: ['Context and Problem Statement', 'Considered Options', 'Decision Outcome'],
};

export interface ReplaceData {
  /** The text a quick fix puts in the finding's range. */
  replacement: string;
}

export interface RenameData {
  /** The file name a quick fix renames the ADR to. */
  rename: string;
}

function finding(rule: { id: string }, span: { start: number; end: number }, message: string, data?: unknown): Finding {
  return data === undefined ? { start: span.start, end: span.end, message, code: rule.id } : { start: span.start, end: span.end, message, code: rule.id, data };
}

/** `superseded` stands for "superseded by <ADR>" in the allowed set. */
function statusAllowed(status: AdrStatus, settings: AdrSettings): boolean {
  return settings.statuses.includes(status.value) || (status.value === 'superseded' && settings.statuses.some((s) => s.startsWith('superseded')));
}

function sameCase(model: string, word: string): string {
  return /^[A-Z]/.test(model) ? word[0].toUpperCase() + word.slice(1) : word;
}

function checkStatus(doc: AdrDocument, settings: AdrSettings, out: Finding[]): void {
  const status = doc.status;
  if (!status) {
    // MADR marks status and date as optional elements of its template (every version): a hint then.
    const optional = doc.format === 'madr' ? { severity: 'hint' as const } : {};
    out.push({ ...finding(adrRules.status, doc.anchor, doc.format === 'madr' ? t('No status: expected `status:` in the front matter with one of {0} (optional in MADR).', settings.statuses.join(', ')) : t('No status: expected a "## Status" section with one of {0}.', settings.statuses.join(', '))), ...optional });
    return;
  }
  for (const s of doc.statuses) {
    if (s.value === 'superseded' && s.successors.length === 0) {
      out.push(finding(adrRules.status, s.span, t('"{0}" does not say by which ADR: write "Superseded by ADR-0005" or link the successor\'s file.', s.raw)));
    } else if (!statusAllowed(s, settings)) {
      const suggestion = closest(s.value, settings.statuses);
      const near = s.value.length > 0 && distance(s.value, suggestion) <= Math.max(2, Math.floor(suggestion.length / 3));
      const hint = near && suggestion !== 'superseded' ? t(' Did you mean "{0}"?', sameCase(s.raw, suggestion)) : '';
      const data: ReplaceData | undefined = hint ? { replacement: sameCase(s.raw, suggestion) } : undefined;
      out.push(finding(adrRules.status, s.span, t('Unknown status "{0}": expected one of {1} (archipel.adr.statuses).{2}', s.raw, settings.statuses.join(', '), hint), data));
    }
  }
  const primary = status;
  const describe = (s: AdrStatus) => (s.value === 'superseded' ? t('superseded by {0}', s.successors.map((r) => padNumber(r.number)).join(', ')) : s.value);
  for (const s of doc.statuses) {
    if (s === primary || describe(s) === describe(primary)) continue;
    const message =
      primary.source === 'front-matter'
        ? t('Status "{0}" here disagrees with "{1}" in the front matter: write the same status in both places.', describe(s), describe(primary))
        : primary.source === 'section'
          ? t('Status "{0}" here disagrees with "{1}" in the Status section: write the same status in both places.', describe(s), describe(primary))
          : t('Status "{0}" here disagrees with "{1}" in the Status line: write the same status in both places.', describe(s), describe(primary));
    out.push(finding(adrRules.statusMismatch, s.span, message));
  }
}

function checkDate(doc: AdrDocument, out: Finding[]): void {
  if (doc.dates.length === 0) {
    const optional = doc.format === 'madr' ? { severity: 'hint' as const } : {};
    out.push({ ...finding(adrRules.date, doc.anchor, doc.format === 'madr' ? t('No date: expected `date: YYYY-MM-DD` in the front matter (optional in MADR).') : t('No date: expected a "Date: YYYY-MM-DD" line under the title.')), ...optional });
    return;
  }
  for (const date of doc.dates) {
    if (isIsoDate(date.raw)) continue;
    const iso = isoFromWritten(date.raw);
    const data: ReplaceData | undefined = iso ? { replacement: iso } : undefined;
    const span = date.raw === '' ? date.span : { start: date.span.start, end: date.span.start + date.raw.length };
    out.push(finding(adrRules.date, span, iso ? t('Date "{0}" is not an ISO-8601 date: expected YYYY-MM-DD ({1}).', date.raw, iso) : t('Date "{0}" is not an ISO-8601 date: expected YYYY-MM-DD.', date.raw), data));
  }
}

function checkTitleAndName(doc: AdrDocument, out: Finding[]): void {
  const title = doc.title;
  if (!title) out.push(finding(adrRules.title, doc.anchor, t('No title: an ADR starts with a level-1 heading ("# 1. Record architecture decisions").')));
  if (title?.number !== undefined && doc.number !== undefined && title.number !== doc.number && title.numberSpan) {
    const written = doc.markdown.text.slice(title.numberSpan.start, title.numberSpan.end);
    const replacement = written.length > 1 && written.startsWith('0') ? padNumber(doc.number, written.length) : String(doc.number);
    out.push(finding(adrRules.titleNumber, title.numberSpan, t('The title says {0} but the file name says {1}: the numbers must match.', title.number, doc.number), { replacement } satisfies ReplaceData));
  }
  const expectedSlug = title ? slugify(title.name) : undefined;
  if (!doc.wellNamed) {
    const number = doc.number ?? title?.number;
    const expected = `${number !== undefined ? padNumber(number) : 'NNNN'}-${expectedSlug || 'slug'}.md`;
    const data: RenameData | undefined = number !== undefined && expectedSlug ? { rename: expected } : undefined;
    out.push(finding(adrRules.fileName, doc.anchor, t('File name "{0}" is not NNNN-slug.md (four digits, then lowercase words joined by dashes): expected "{1}".', doc.fileName, expected), data));
  } else if (title && expectedSlug && doc.slug && expectedSlug !== doc.slug && doc.number !== undefined) {
    const data: RenameData = { rename: `${padNumber(doc.number, Math.max(4, doc.fileName.indexOf('-')))}-${expectedSlug}.md` };
    out.push(finding(adrRules.titleSlug, title.nameSpan, t('The title gives the slug "{0}" but the file is named "{1}": rename one so they match.', expectedSlug, doc.fileName), data));
  }
}

/** MADR 1 and 2 records put their context in paragraphs under the title, without a heading. */
function contextUnderTitle(doc: AdrDocument): boolean {
  const firstSection = doc.sections[0]?.heading.start ?? doc.markdown.text.length;
  return doc.markdown.root.children.some((n) => n.type === 'paragraph' && startOf(n) > (doc.title?.end ?? 0) && startOf(n) < firstSection);
}

function checkSections(doc: AdrDocument, out: Finding[]): void {
  const statusElsewhere = doc.statuses.some((s) => s.source !== 'section');
  for (const name of requiredSections[doc.format]) {
    if (name === 'Status' && statusElsewhere) continue;
    if (name === 'Context and Problem Statement' && !sectionNamed(doc, name.toLowerCase()) && contextUnderTitle(doc)) continue;
    const section = name === 'Considered Options' ? consideredSection(doc) : sectionNamed(doc, name.toLowerCase());
    if (!section) {
      out.push(finding(adrRules.missingSection, doc.anchor, doc.format === 'madr' ? t('Missing section "## {0}", required in a MADR ADR.', name) : t('Missing section "## {0}", required in a Nygard ADR.', name)));
    } else if (!hasContent(section)) {
      out.push(finding(adrRules.emptySection, { start: section.heading.start, end: section.heading.end }, t('Section "{0}" is empty: write its content or remove the ADR\'s template leftovers.', name)));
    }
  }
  for (const span of doc.placeholders) {
    const text = doc.markdown.text.slice(span.start, span.end);
    const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
    out.push(finding(adrRules.placeholder, span, t('Template placeholder left: "{0}". Replace it with the decision\'s own text.', shown)));
  }
}

const normalizeOption = (text: string) =>
  text
    .toLowerCase()
    .replace(/[“”"'`*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.,;:]$/, '');

/** Whether the chosen option names a considered one: the same text, or its leading part ("MADR 4" of "MADR 4 – lean"). */
export function optionMatches(chosen: string, option: string): boolean {
  const same = (c: string, o: string) => c === o || (o.startsWith(c) && c.length > 0 && !/[\p{L}\p{N}]/u.test(o[c.length]));
  // Asides in parentheses do not name another option: "X (run first) and Y (run second)" chooses "X and Y".
  const bare = (text: string) => normalizeOption(text.replace(/(?<!\s)\s*\([^()]*\)/g, ''));
  return same(normalizeOption(chosen), normalizeOption(option)) || same(bare(chosen), bare(option));
}

function checkOptions(doc: AdrDocument, out: Finding[]): void {
  if (doc.format !== 'madr' || doc.consideredOptions.length === 0) return;
  const chosen = doc.chosenOption;
  const outcome = sectionNamed(doc, 'decision outcome');
  if (!chosen) {
    if (outcome) out.push(finding(adrRules.chosenOption, { start: outcome.heading.start, end: outcome.heading.end }, t('No "Chosen option: …" line in the Decision Outcome: name one of the Considered Options.')));
    return;
  }
  if (doc.consideredOptions.some((o) => optionMatches(chosen.text, o.text))) return;
  const names = doc.consideredOptions.map((o) => `"${o.text}"`).join(', ');
  out.push(finding(adrRules.chosenOption, chosen, t('Chosen option "{0}" is not one of the Considered Options ({1}).', chosen.text, names)));
}

/** Findings about one ADR file alone (offsets are file offsets). */
export function fileFindings(doc: AdrDocument, settings: AdrSettings): Finding[] {
  const out: Finding[] = [];
  checkTitleAndName(doc, out);
  checkStatus(doc, settings, out);
  checkDate(doc, out);
  checkSections(doc, out);
  checkOptions(doc, out);
  return out;
}
