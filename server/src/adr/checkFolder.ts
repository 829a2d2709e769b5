import type { Finding } from '../common/findings';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import type { AdrDocument } from './document';
import { adrByNumber, type AdrFolder } from './folders';
import { related, supersessionCycles } from './graph';
import { indexBlock, indexBlockContent, eolOf, sameBlock } from './indexTable';
import { headingAnchors, markdownOf, type MarkdownFile } from '../markdown/markdown';
import { fileNameOf, padNumber, resolveRelative } from './paths';
import { t } from '../l10n/t';
import { adrRules } from './rules';

/** The quick fix a supersession finding carries: write the missing side in `uri`. */
export interface SupersessionFixData {
  fix: 'add-supersedes' | 'set-superseded-by';
  /** The ADR to change. */
  uri: string;
  /** The ADR it must name. */
  other: string;
}

/** Link targets the index holds, so a missing one is really missing (images and other files are not indexed). */
const checkable = /\.(md|ya?ml)$/i;

/** Relative links (and `#heading` fragments) of a Markdown file of an ADR folder that lead nowhere. */
export function linkFindings(uri: string, markdown: MarkdownFile, index: WorkspaceIndex): Finding[] {
  const out: Finding[] = [];
  for (const link of markdown.links) {
    if (link.url.startsWith('#')) {
      const fragment = decodeURIComponent(link.url.slice(1));
      if (fragment && !headingAnchors(markdown).has(fragment)) {
        out.push({ ...link.urlSpan, code: adrRules.brokenLink.id, message: t('No heading "#{0}" in this file.', fragment) });
      }
      continue;
    }
    const target = resolveRelative(uri, link.url);
    if (!target || !checkable.test(target.uri)) continue;
    const file = index.get(target.uri);
    if (!file) {
      out.push({ ...link.urlSpan, code: adrRules.brokenLink.id, message: t('Link target "{0}" not found in the workspace.', link.url) });
    } else if (target.fragment && /\.md$/i.test(target.uri) && !headingAnchors(markdownOf(file)).has(target.fragment)) {
      out.push({ ...link.urlSpan, code: adrRules.brokenLink.id, message: t('No heading "#{0}" in {1}.', target.fragment, fileNameOf(target.uri)) });
    }
  }
  return out;
}

const label = (adr: AdrDocument) => (adr.number !== undefined ? padNumber(adr.number) : adr.fileName);

function checkSupersession(adr: AdrDocument, folder: AdrFolder, out: Finding[]): void {
  for (const ref of related(adr, 'superseded by')) {
    const successor = adrByNumber(folder, ref.number);
    if (!successor || successor === adr || adr.number === undefined) continue;
    if (!related(successor, 'supersedes').some((r) => r.number === adr.number)) {
      const data: SupersessionFixData = { fix: 'add-supersedes', uri: successor.uri, other: adr.uri };
      out.push({ ...ref, code: adrRules.supersession.id, message: t('{0} does not say it supersedes {1}: add "Supersedes {1}" to {2}.', label(successor), label(adr), successor.fileName), data });
    }
    const status = successor.status?.value;
    if (status === 'proposed' || status === 'rejected' || status === 'draft') {
      out.push({ ...ref, code: adrRules.successorStatus.id, message: t('{0} is superseded by {1}, which is only {2}: accept {1} first, or keep this ADR\'s status.', label(adr), label(successor), status) });
    }
  }
  for (const ref of related(adr, 'supersedes')) {
    const previous = adrByNumber(folder, ref.number);
    if (!previous || previous === adr || adr.number === undefined) continue;
    if (!related(previous, 'superseded by').some((r) => r.number === adr.number)) {
      const data: SupersessionFixData = { fix: 'set-superseded-by', uri: previous.uri, other: adr.uri };
      out.push({ ...ref, code: adrRules.supersession.id, message: t('{0} does not say it is superseded by {1}: its status should be "Superseded by {1}".', label(previous), label(adr)), data });
    }
  }
  const cycle = supersessionCycles(folder).get(adr);
  if (cycle) {
    const path = [...cycle, cycle[0]].map(label).join(' → ');
    const members = new Set(cycle.map((c) => c.number));
    for (const ref of [...related(adr, 'superseded by'), ...related(adr, 'supersedes')]) {
      if (members.has(ref.number)) out.push({ ...ref, code: adrRules.supersessionCycle.id, message: t('Supersession loops back on itself ({0}): one of these ADRs must be the latest.', path) });
    }
  }
}

function isDateNumber(n: number): boolean {
  return /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(String(n));
}

/** Findings about an ADR that need the rest of its folder: numbers, references, supersession. */
export function folderFindings(adr: AdrDocument, folder: AdrFolder): Finding[] {
  const out: Finding[] = [];
  // log4brains names records by date (20200925-…) and identifies them by slug: a shared date is no clash.
  if (adr.number !== undefined && !isDateNumber(adr.number)) {
    const others = (folder.byNumber.get(adr.number) ?? []).filter((o) => o !== adr);
    if (others.length > 0) {
      out.push({ ...adr.anchor, code: adrRules.duplicateNumber.id, message: t('Number {0} is also used by {1}: each ADR needs its own number.', padNumber(adr.number), others.map((o) => o.fileName).join(', ')) });
    }
  }
  for (const ref of adr.references) {
    if (ref.via !== 'link' && !folder.byNumber.has(ref.number)) {
      out.push({ ...ref, code: adrRules.unknownReference.id, message: t('No ADR {0} in this folder.', padNumber(ref.number)) });
    }
  }
  checkSupersession(adr, folder, out);
  return out;
}

/** The index file's generated block (between markers) matches the folder; without markers, every ADR is linked. */
export function indexFindings(file: IndexedFile, folder: AdrFolder): Finding[] {
  const text = file.text;
  const block = indexBlock(text);
  if (block) {
    const expected = indexBlockContent(folder, eolOf(text));
    if (sameBlock(text.slice(block.start, block.end), expected)) return [];
    return [{ ...block, code: adrRules.indexOutdated.id, message: t('The ADR index is out of date: regenerate it (Archipel: Generate ADR Index, or `archipel adr index`).'), data: { replacement: expected } }];
  }
  const markdown = markdownOf(file);
  const linked = new Set(markdown.links.map((l) => resolveRelative(file.uri, l.url)?.uri).filter((u): u is string => !!u));
  const missing = folder.adrs.filter((adr) => !linked.has(adr.uri));
  // A README that links no decision at all explains the folder; it is not an index.
  if (missing.length === 0 || missing.length === folder.adrs.length) return [];
  const heading = markdown.headings[0];
  const span = heading ? { start: heading.start, end: heading.end } : { start: 0, end: 0 };
  const names = missing.slice(0, 5).map((m) => m.fileName).join(', ') + (missing.length > 5 ? t(', and {0} more', missing.length - 5) : '');
  return [{ ...span, code: adrRules.indexOutdated.id, message: t('The ADR index does not link {0}: add them, or generate the index (Archipel: Generate ADR Index).', names) }];
}
