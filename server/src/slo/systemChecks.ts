/**
 * An SLO checked against the system (issue #82): its service is a component of the map, its queries' metrics are
 * exported by that component and their label matchers can match the labels its scrapes give; it alerts someone.
 * And, the system aside: its ratio cannot pass 1, its objective leaves a budget, its windows are durations.
 *
 * A check that needs the system says nothing when there is none (a folder of SLO files alone, Sloth's and OpenSLO's
 * examples): a workspace that deploys no component has no map to hold the SLO against.
 */
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import { scalarOffsets } from '../prometheus/api';
import type { SourceNode } from '../yaml/sourceNode';
import { deepestInTree } from '../yaml/tree';
import type { Path, SloFacts, SloQuery } from './objectives';
import { sloMatcherRule, sloMetricRule, sloNoAlertingRule, sloObjectiveRule, sloRatioRule, sloServiceRule, sloWindowRule } from './rules';
import { querySelectors, type LabelMatcher, type QuerySelector } from './selectors';
import type { SloComponent, SloSystem } from './system';

/** The chunk a document is read from: its text (for offsets inside a query) and its tree. */
export interface SloChunk {
  text: string;
  tree: SourceNode | null;
}

/** The node of the value at `path` (exactly there), or null. */
function valueAt(chunk: SloChunk, path: Path): SourceNode | null {
  const found = deepestInTree(chunk.tree, path);
  return found.depth === path.length ? found.node : null;
}

function keyAt(chunk: SloChunk, path: Path): SourceNode | null {
  const found = deepestInTree(chunk.tree, path);
  return found.depth === path.length ? (found.key ?? found.node) : null;
}

/** The place of a part of a query (`from`..`to` in its text) in the chunk: exact when the scalar allows it, else the whole value. */
function inQuery(chunk: SloChunk, query: SloQuery, from: number, to: number): { start: number; end: number; exact: boolean } | undefined {
  const node = valueAt(chunk, query.path);
  if (!node) return undefined;
  const map = scalarOffsets(chunk.text, node, query.text);
  return map ? { start: map(from), end: map(to), exact: true } : { start: node.start, end: node.end, exact: false };
}

/** The values a matcher's regex stands for when it is an alternation of plain words (`api|web`); undefined for any other. */
function literalAlternatives(value: string): string[] | undefined {
  return /^[\w:/-]+(?:\|[\w:/-]+)*$/.test(value) ? value.split('|') : undefined;
}

/** Whether a matcher can hold for a label's known value; undefined when it cannot be told (a regex beyond plain words). */
function holds(matcher: LabelMatcher, value: string): boolean | undefined {
  if (matcher.op === '=') return matcher.value === value;
  if (matcher.op === '!=') return matcher.value !== value;
  const words = literalAlternatives(matcher.value);
  if (!words) return undefined;
  return matcher.op === '=~' ? words.includes(value) : !words.includes(value);
}

/** A matcher no scrape of the component can satisfy: the values its scrapes give that label (every scrape setting it). */
function impossible(matcher: LabelMatcher, component: readonly SloComponent[]): string[] | undefined {
  const scrapes = component.flatMap((c) => c.scrapes);
  if (scrapes.length === 0) return undefined;
  const values: string[] = [];
  for (const labels of scrapes) {
    // Unknown labels, or a label the scrape does not set (the target's own series may carry it).
    const value = labels?.[matcher.label];
    if (value === undefined) return undefined;
    if (holds(matcher, value) !== false) return undefined;
    values.push(value);
  }
  return [...new Set(values)];
}

/**
 * A matcher that needs its label (`=` a non-empty value, `=~` a regex the empty value does not match) on a label no
 * series of the metric has: neither the exporter's labels (`own`) nor Prometheus's target labels (job, instance) nor
 * any label a scrape of the component sets, every scrape's labels known. Undefined when it cannot be told.
 */
function absentLabel(matcher: LabelMatcher, own: readonly string[], component: readonly SloComponent[], recorded = false): 'never' | 'always' | undefined {
  // A recorded metric's series have the labels its rule keeps and no other (no target label survives an aggregation).
  if (own.includes(matcher.label) || matcher.label === '__name__' || (!recorded && ['job', 'instance'].includes(matcher.label))) return undefined;
  // Whether the matcher holds on the label's absence (the empty value). A regex is tested on the empty value only (no
  // input to backtrack over); one JavaScript cannot compile says nothing.
  let onEmpty: boolean;
  if (matcher.op === '=' || matcher.op === '!=') onEmpty = matcher.value === '';
  else {
    try {
      onEmpty = new RegExp(`^(?:${matcher.value})$`).test('');
    } catch {
      return undefined;
    }
  }
  const negated = matcher.op === '!=' || matcher.op === '!~';
  const scrapes = component.flatMap((c) => c.scrapes);
  if (!recorded && (scrapes.length === 0 || !scrapes.every((labels) => labels !== undefined && !(matcher.label in labels)))) return undefined;
  // `=`/`=~` a value the absence is not: selects nothing; `!=`/`!~` one the absence is not: selects everything.
  if (onEmpty) return undefined;
  return negated ? 'always' : 'never';
}

const spelled = (m: LabelMatcher) => `${m.label}${m.op}${JSON.stringify(m.value)}`;

/** The matchers of a recorded metric's selector on a label its recording rule does not keep (its series have no other). */
function recordedMatcherFindings(chunk: SloChunk, query: SloQuery, selector: QuerySelector, recorded: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const labels = recorded.length > 0 ? recorded.join(', ') : '∅';
  for (const matcher of selector.matchers) {
    const absent = absentLabel(matcher, recorded, [], true);
    const at = absent ? inQuery(chunk, query, matcher.from, matcher.to) : undefined;
    if (!at) continue;
    const message =
      absent === 'never'
        ? t('{0} never matches: the series of {1} have only the labels its recording rule keeps ({2}), so the query selects nothing.', spelled(matcher), selector.name, labels)
        : t('{0} always matches: the series of {1} have only the labels its recording rule keeps ({2}), so it filters nothing out.', spelled(matcher), selector.name, labels);
    findings.push({ start: at.start, end: at.end, code: sloMatcherRule.id, message });
  }
  return findings;
}

function systemFindings(slo: SloFacts, chunk: SloChunk, system: SloSystem, selectors: Map<SloQuery, QuerySelector[]>): Finding[] {
  const findings: Finding[] = [];
  if (!slo.alerting) {
    const at = keyAt(chunk, slo.at);
    if (at) findings.push({ start: at.start, end: at.end, code: sloNoAlertingRule.id, message: t('This SLO alerts no one: its page and ticket alerts are disabled, or it has no alert policy. Its error budget can run out unnoticed.') });
  }
  if (!slo.service) return findings;
  const name = slo.service.name;
  const matching = system.components.filter((c) => c.name === name || c.aliases.includes(name));
  if (matching.length === 0) {
    const node = valueAt(chunk, slo.service.path);
    if (!node) return findings;
    const names = [...new Set(system.components.flatMap((c) => [c.name, ...c.aliases]))].sort();
    const hint = closestName(name, names);
    findings.push({
      start: node.start,
      end: node.end,
      code: sloServiceRule.id,
      message: hint ? t('The service "{0}" is no component of the system map. Did you mean "{1}"?', name, hint) : t('The service "{0}" is no component of the system map; its components: {1}.', name, names.join(', ')),
      ...(hint ? { data: { replacement: hint } } : {}),
    });
    return findings;
  }
  const scraped = matching.some((c) => c.scrapes.length > 0);
  let unscrapedSaid = false;
  for (const [query, list] of selectors) {
    for (const selector of list) {
      if (!selector.name) continue;
      // A recorded metric (a recording rule of the workspace records it, or its name has the rules' colon) is Prometheus's,
      // not the component's exporter's: only its matchers are held, against the labels its rule keeps.
      const recorded = system.recordedLabels?.(selector.name);
      if (recorded !== undefined || selector.name.includes(':')) {
        if (Array.isArray(recorded)) findings.push(...recordedMatcherFindings(chunk, query, selector, recorded));
        continue;
      }
      const place = () => inQuery(chunk, query, selector.from, selector.from + selector.name.length);
      if (system.monitored && !scraped && !unscrapedSaid) {
        const at = place();
        unscrapedSaid = true;
        if (at) findings.push({ start: at.start, end: at.end, code: sloMetricRule.id, message: t('Nothing scrapes "{0}" (no scrape job, ServiceMonitor, PodMonitor or prometheus.io/scrape annotation reaches it): {1} is never collected.', matching[0].name, selector.name) });
      }
      const tests = matching.map((c) => c.exports);
      const unknownExports = tests.some((test) => test === undefined);
      const underServe = system.unknownServeMetric?.(selector.name);
      if (underServe || (!unknownExports && !tests.some((test) => test!(selector.name)))) {
        const at = place();
        const component = matching[0];
        // The nearest metric of archipel serve, as a quick fix where the name's place in the query is exact.
        const hint = underServe?.suggestion;
        const message = underServe
          ? hint
            ? t('archipel serve exports no metric "{0}". Did you mean "{1}"?', selector.name, hint)
            : t('archipel serve exports no metric "{0}" (its /metrics: the archipel_serve_ metrics).', selector.name)
          : t('"{0}" does not export {1}: it runs {2}, whose /metrics has no such metric.', component.name, selector.name, component.technology ?? '');
        if (at) findings.push({ start: at.start, end: at.end, code: sloMetricRule.id, message, ...(hint && at.exact ? { data: { replacement: hint } } : {}) });
      }
      const own = system.metricLabels?.(selector.name);
      for (const matcher of selector.matchers) {
        const absent = own ? absentLabel(matcher, own, matching) : undefined;
        if (own && absent) {
          const at = inQuery(chunk, query, matcher.from, matcher.to);
          const labels = own.length > 0 ? own.join(', ') : '∅';
          const message =
            absent === 'never'
              ? t('{0} never matches: no series of {1} has the label {2} (its exporter gives {3}; the scrapes of "{4}" add none), so the query selects nothing.', spelled(matcher), selector.name, matcher.label, labels, matching[0].name)
              : t('{0} always matches: no series of {1} has the label {2} (its exporter gives {3}; the scrapes of "{4}" add none), so it filters nothing out.', spelled(matcher), selector.name, matcher.label, labels, matching[0].name);
          if (at) findings.push({ start: at.start, end: at.end, code: sloMatcherRule.id, message });
          continue;
        }
        const values = impossible(matcher, matching);
        if (!values) continue;
        const at = inQuery(chunk, query, matcher.from, matcher.to);
        if (at) findings.push({ start: at.start, end: at.end, code: sloMatcherRule.id, message: t('{0} never matches the series of "{1}": its scrape configuration gives {2} {3}.', spelled(matcher), matching[0].name, matcher.label, values.map((v) => JSON.stringify(v)).join(', ')) });
      }
    }
  }
  return findings;
}

/** The error (or good) selectors that lack a matcher every total selector of the same metric has: the ratio can pass 1. */
function ratioFindings(chunk: SloChunk, selectors: Map<SloQuery, QuerySelector[]>): Finding[] {
  const findings: Finding[] = [];
  const totals = [...selectors].filter(([query]) => query.role === 'total').flatMap(([, list]) => list);
  for (const [query, list] of selectors) {
    if (query.role !== 'error' && query.role !== 'good') continue;
    for (const selector of list) {
      const same = totals.filter((total) => total.name !== '' && total.name === selector.name);
      if (same.length === 0) continue;
      const has = (m: LabelMatcher) => selector.matchers.some((n) => n.label === m.label && n.op === m.op && n.value === m.value);
      const missing = same[0].matchers.filter((m) => same.every((total) => total.matchers.some((n) => n.label === m.label && n.op === m.op && n.value === m.value)) && !has(m));
      if (missing.length === 0) continue;
      const at = inQuery(chunk, query, selector.from, selector.from + selector.name.length);
      if (at) findings.push({ start: at.start, end: at.end, code: sloRatioRule.id, message: query.role === 'error' ? t('The error query selects {0} without {1}, which the total query selects by: it counts series the total does not, and the ratio can pass 1.', selector.name, missing.map(spelled).join(', ')) : t('The good query selects {0} without {1}, which the total query selects by: it counts series the total does not, and the ratio can pass 1.', selector.name, missing.map(spelled).join(', ')) });
    }
  }
  return findings;
}

/** OpenSLO's duration shorthand: a positive number and a unit (m, h, d, w, M, Q, Y). */
const DURATION_SHORTHAND = /^[1-9][0-9]{0,8}[mhdwMQY]$/;

/** Every finding of one SLO; `system` undefined: the workspace deploys nothing, the checks against it say nothing. */
export function sloSystemFindings(slo: SloFacts, chunk: SloChunk, system: SloSystem | undefined): Finding[] {
  const selectors = new Map(slo.queries.map((query) => [query, querySelectors(query.text)]));
  const findings = ratioFindings(chunk, selectors);
  if (slo.objective?.value === 100) {
    const node = valueAt(chunk, slo.objective.path);
    if (node) findings.push({ start: node.start, end: node.end, code: sloObjectiveRule.id, message: t('An objective of 100 leaves no error budget: every error exhausts it, and the burn rates divide by zero. Expected less than 100 (99.9).') });
  }
  for (const window of slo.windows) {
    if (typeof window.value === 'string' && DURATION_SHORTHAND.test(window.value)) continue;
    const node = valueAt(chunk, window.path) ?? keyAt(chunk, window.path.slice(0, -1));
    if (node) findings.push({ start: node.start, end: node.end, code: sloWindowRule.id, message: t('A time window needs a duration shorthand (a positive number and m, h, d, w, M, Q or Y: 28d, 1M), not {0}.', JSON.stringify(window.value ?? '')) });
  }
  if (system && system.components.length > 0) findings.push(...systemFindings(slo, chunk, system, selectors));
  return findings;
}
