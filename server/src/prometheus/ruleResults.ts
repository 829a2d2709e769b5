import type { Finding } from '../common/findings';
import { currentLanguage } from '../l10n/t';
import type { MetricReference } from '../promql/analysis';
import type { GroupModel, RuleModel } from './ruleFile';
import { entriesOf, field } from './yamlValues';

/**
 * What a rule's own checks found, with offsets relative to the rule's start, so that an edit
 * elsewhere in the file (which moves the rule) reuses them: an edit of a 1,000-rule file checks
 * again the one rule it touched, not the thousand.
 */
export interface RuleSummary {
  /** Findings of the rule alone (structure, PromQL, names, templates), offsets from the rule's start. */
  findings: readonly Finding[];
  /** The expression's metric selectors, with their spans from the rule's start (checked against the workspace on each run). */
  references: readonly { reference: MetricReference; start: number; end: number }[];
}

/**
 * Summaries kept between processes (the family's host gives one: prometheus/host.ts), by the same
 * key as in memory; the values have offsets from the rule's start. A store can only save the checks
 * of a rule whose text, column, group label names and language are the same: `get` returns a summary
 * `put` was given for that key (by this build), or undefined.
 */
export interface SummaryStore {
  get(key: string): RuleSummary | undefined;
  put(key: string, summary: RuleSummary): void;
  /** A rule document's summary `putDocument` was given for that key (its language and text), or undefined. */
  getDocument?(key: string): DocumentSummary | undefined;
  putDocument?(key: string, summary: DocumentSummary): void;
}

/** One rule's part of a document's summary: offsets in the chunk. */
export interface KeptRule {
  /** Its summary's findings (RuleSummary.findings). */
  own: readonly Finding[];
  /** Its expression's metric selectors: checked against what the workspace records on each run. */
  references: RuleSummary['references'];
  /** Counters its expression reads raw (archipel serve's counters). */
  counters: readonly Finding[];
  /** The finding of a rule of the same name and labels before it in the file. */
  duplicate?: Finding;
}

/** One group's part: its own findings, its interval (compared with the scrape interval on each run) and its rules. */
export interface KeptGroup {
  head: Finding[];
  interval?: { name: string; ms: number; start: number; end: number };
  rules: KeptRule[];
}

/**
 * What a rule document's checks find but for what the workspace's other files tell: by its text alone (and the
 * language of the messages). A second check of an unchanged rule file neither builds its model nor reads a rule's key.
 */
export interface DocumentSummary {
  top: Finding[];
  groups: KeptGroup[];
}

/** Summaries by rule text; bounded: cleared when full (as parse.ts's expressions). */
const summaries = new Map<string, RuleSummary>();
const maxSummaries = 20_000;

/**
 * The text a rule's own findings are a function of: the rule's source (values and offsets within it),
 * its column (a block scalar's indentation is relative to it), its group's label names (an alert's
 * templates may read them), the language of the messages and the dialect (a Loki ruler's file: its expressions are
 * LogQL, not read as PromQL). A rule with an alias (`*x`) adds its
 * value, which comes from elsewhere in the document.
 */
function keyOf(chunkText: string, rule: RuleModel, group: GroupModel, dialect: string): string | undefined {
  const node = rule.at.node;
  if (!node) return undefined;
  const source = chunkText.slice(node.start, node.end);
  const column = node.start - (chunkText.lastIndexOf('\n', node.start - 1) + 1);
  const aliased = source.includes('*') ? JSON.stringify(rule.at.value) : '';
  return `${currentLanguage()}${dialect}\u0000${column}\u0000${groupLabelNames(group)}\u0000${aliased}\u0000${source}`;
}

/** A group's label names as keys hold them: worked out once per group, not once per rule. */
const groupLabelKeys = new WeakMap<GroupModel, string>();
function groupLabelNames(group: GroupModel): string {
  let names = groupLabelKeys.get(group);
  if (names === undefined) {
    names = entriesOf(field(group.at, 'labels')).map(({ name }) => name).join('\u0001');
    groupLabelKeys.set(group, names);
  }
  return names;
}

function shifted(finding: Finding, by: number): Finding {
  const moved: Finding = { ...finding, start: finding.start + by, end: finding.end + by };
  if (finding.fix) moved.fix = { ...finding.fix, edits: finding.fix.edits.map((edit) => ({ ...edit, start: edit.start + by, end: edit.end + by })) };
  if (finding.related) moved.related = finding.related.map((place) => ('start' in place ? { ...place, start: place.start + by, end: place.end + by } : place));
  return moved;
}

/** Whether every offset a finding holds lies within [start, end]: only those move with the rule. */
function within(finding: Finding, start: number, end: number): boolean {
  const inside = (at: number) => at >= start && at <= end;
  if (!inside(finding.start) || !inside(finding.end)) return false;
  if (finding.fix?.edits.some((edit) => !inside(edit.start) || !inside(edit.end))) return false;
  return !finding.related?.some((place) => 'start' in place && (!inside(place.start) || !inside(place.end)));
}

/**
 * The rule's summary, from the cache when a rule of the same text was checked before (its offsets
 * moved to where the rule is now), else `check`ed (offsets in the chunk) and kept when every offset
 * lies within the rule. Returns the findings and references with chunk offsets.
 */
export function ruleSummary(chunkText: string, rule: RuleModel, group: GroupModel, check: () => RuleSummary, store?: SummaryStore, dialect = ''): RuleSummary {
  const key = keyOf(chunkText, rule, group, dialect);
  const start = rule.at.node?.start ?? 0;
  let cached = key === undefined ? undefined : summaries.get(key);
  if (!cached && key !== undefined && store) {
    // Kept by an earlier process: the rule's expression is not parsed (ruleFile.ts parses it when read).
    cached = store.get(key);
    if (cached) remember(key, cached);
  }
  if (cached) {
    return { findings: cached.findings.map((f) => shifted(f, start)), references: cached.references.map((r) => ({ ...r, start: r.start + start, end: r.end + start })) };
  }
  const summary = check();
  const end = rule.at.node?.end ?? 0;
  const movable = summary.findings.every((f) => within(f, start, end)) && summary.references.every((r) => r.start >= start && r.end <= end);
  if (key !== undefined && movable) {
    const relative: RuleSummary = { findings: summary.findings.map((f) => shifted(f, -start)), references: summary.references.map((r) => ({ ...r, start: r.start - start, end: r.end - start })) };
    remember(key, relative);
    store?.put(key, relative);
  }
  return summary;
}

function remember(key: string, summary: RuleSummary): void {
  if (summaries.size >= maxSummaries) summaries.clear();
  summaries.set(key, summary);
}

/**
 * Documents' summaries by language and text; bounded as the rules' are, and by their keys' characters (a language
 * server sees a new version of a large rule file at each edit: each version's text is a key).
 */
const documents = new Map<string, DocumentSummary>();
const maxDocuments = 2_000;
const maxDocumentChars = 16 << 20;
let documentChars = 0;

/**
 * A rule document's summary: in memory or the store when a document of the same text (and language) was checked
 * before, else `summarize`d and kept. `chunkText` is the document's whole text: every offset a summary holds is in it.
 */
export function documentSummary(chunkText: string, summarize: () => DocumentSummary, store?: SummaryStore, dialect = ''): DocumentSummary {
  const key = `${currentLanguage()}${dialect}\u0000${chunkText}`;
  let summary = documents.get(key);
  if (summary) return summary;
  summary = store?.getDocument?.(key);
  if (!summary) {
    summary = summarize();
    store?.putDocument?.(key, summary);
  }
  if (documents.size >= maxDocuments || documentChars + key.length > maxDocumentChars) {
    documents.clear();
    documentChars = 0;
  }
  documents.set(key, summary);
  documentChars += key.length;
  return summary;
}

/** Forgets every summary: the next check of each rule is a full one (tests compare the two). */
export function forgetRuleSummaries(): void {
  summaries.clear();
  documents.clear();
  documentChars = 0;
}
