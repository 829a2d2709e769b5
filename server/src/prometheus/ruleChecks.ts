import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import { isDirectlyRead, metricReferences, outputLabels, surelyAbsent, type LabelSet, type MetricReference } from '../promql/analysis';
import { readsAsLogQL } from '../promql/logql';
import { expressionNode, parsePromQL, type SyntaxNode } from '../promql/parse';
import type { SourceNode } from '../yaml/tree';
import { durationValue, parseDuration } from './duration';
import type { MonitoringKnowledge } from './knowledge';
import { legacyLabelName, legacyMetricName, looksLikeCounter } from './names';
import type { GroupModel, RuleFileModel, RuleModel } from './ruleFile';
import { documentSummary, ruleSummary, type DocumentSummary, type KeptGroup, type KeptRule, type RuleSummary, type SummaryStore } from './ruleResults';
import * as ids from './rules';
import { serveMetricPrefix, serveMetricType, serveMetricTypes, servesMetric } from './serveMetrics';
import { readTemplate, type TemplateQuery } from './template';
import { entriesOf, field, isRecord, keySpan, scalarOffsets, spanOf, suggestionData, type Located } from './yamlValues';

// `partial_response_strategy`: Thanos Ruler's dialect of a group (pkg/rules/manager.go's configRuleAdapter), also a
// field of the prometheus-operator's ThanosRuler groups; Prometheus itself has no such field.
const groupFields = ['name', 'interval', 'query_offset', 'limit', 'rules', 'labels', 'partial_response_strategy'];
/** Thanos' storepb.PartialResponseStrategy values, read case-insensitively (an empty value is ABORT). */
const partialResponseStrategies = ['ABORT', 'WARN'];
const ruleFields = ['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'];

/** What the checks of one document need besides the document. */
export interface RuleCheckContext {
  chunkText: string;
  knowledge: MonitoringKnowledge;
  /** Metric types the workspace declares (the project's own services' metrics). */
  metricTypes?: ReadonlyMap<string, string>;
  /** Rules' own findings kept between processes (ruleResults.ts), when the host gives a store. */
  store?: SummaryStore;
  /**
   * The Loki configuration whose ruler reads this file (lokiRuler.ts), relative to the file's folder: its expressions are
   * LogQL, checked by Loki, so no PromQL reading of them is made (parse, metrics, Prometheus's scrape-minded advice).
   */
  lokiRuler?: string;
}

function finding(code: string, span: { start: number; end: number }, message: string, severity?: Finding['severity']): Finding {
  return { start: span.start, end: span.end, code, message, ...(severity ? { severity } : {}) };
}

function unknownFields(at: Located, known: readonly string[], type: string, out: Finding[]): void {
  // The usual case, every field known (no merge key among them): nothing to place.
  if (isRecord(at.value) && Object.keys(at.value).every((name) => known.includes(name))) return;
  for (const { name, at: entry } of entriesOf(at)) {
    if (known.includes(name)) continue;
    const suggestion = closestName(name, known, false);
    const message = suggestion ? t('field {0} not found in type {1}; did you mean {2}?', name, type, suggestion) : t('field {0} not found in type {1}', name, type);
    const span = keySpan(entry, at.node);
    out.push({ ...finding(ids.ruleSyntax.id, span, message), ...suggestionData(span, name, suggestion) });
  }
}

function checkDuration(at: Located | undefined, out: Finding[]): void {
  if (!at || at.value === null || at.value === undefined) return;
  if (durationValue(at.value) === undefined) out.push(finding(ids.ruleSyntax.id, spanOf(at, null), t('not a valid duration string: {0}', JSON.stringify(at.value))));
}

function labelNameProblem(name: string, isLabel: boolean): { message: string; severity?: Finding['severity'] } | undefined {
  if (isLabel && name === '__name__') return { message: t('invalid label name: {0}', name) };
  if (name === '') return { message: isLabel ? t('invalid label name: {0}', name) : t('invalid annotation name: {0}', name) };
  // Prometheus 3 accepts UTF-8 names; 2.x and the legacy validation scheme do not.
  if (!legacyLabelName.test(name)) return { message: isLabel ? t('invalid label name: {0} (accepted by Prometheus 3 only, with UTF-8 name validation)', name) : t('invalid annotation name: {0} (accepted by Prometheus 3 only, with UTF-8 name validation)', name), severity: 'warning' };
  return undefined;
}

function checkLabels(map: Located | undefined, isLabel: boolean, out: Finding[]): void {
  // Indexed loops here and in checkAlert: in the baseline tiers a cold check runs in, a `for…of` makes an iterator
  // and a result per element (issue #68).
  const entries = entriesOf(map);
  for (let i = 0; i < entries.length; i++) {
    const problem = labelNameProblem(entries[i].name, isLabel);
    if (problem) out.push(finding(ids.ruleNames.id, keySpan(entries[i].at, map?.node ?? null), problem.message, problem.severity));
  }
}

/** Whether the rule's expression is LogQL (a Loki ruler file's): PromQL's parser rejects it and it has a log pipeline. */
function isLogQLRule(rule: RuleModel): boolean {
  const text = rule.exprAt?.value;
  // The pipeline first (no parse for a PromQL rule whose summary was kept), then PromQL's verdict.
  return typeof text === 'string' && readsAsLogQL(text) && (rule.expr?.problems.length ?? 0) > 0;
}

function promqlFindings(rule: RuleModel, out: Finding[]): void {
  if (!rule.expr || !rule.exprAt || isLogQLRule(rule)) return;
  const whole = spanOf(rule.exprAt, null);
  for (const problem of rule.expr.problems) {
    const span = rule.exprOffset ? { start: rule.exprOffset(problem.from), end: rule.exprOffset(Math.max(problem.to, problem.from + 1)) } : whole;
    out.push(problem.limit ? finding(ids.promLimit.id, span, problem.message) : finding(ids.ruleExpr.id, span, t('could not parse expression: {0}', problem.message)));
  }
}

function exprSpan(rule: RuleModel, from: number, to: number): { start: number; end: number } {
  return rule.exprOffset ? { start: rule.exprOffset(from), end: rule.exprOffset(to) } : spanOf(rule.exprAt, null);
}

/** The checks of one rule that depend on the rule alone (and its group's label names): cached by its text (ruleResults.ts). */
function checkOwn(rule: RuleModel, group: GroupModel, chunkText: string, loki: boolean): RuleSummary {
  const out: Finding[] = [];
  const at = rule.at;
  unknownFields(at, ruleFields, 'rulefmt.Rule', out);
  const start = keySpan(rule.record ?? rule.alert, at.node);
  const named = (x: Located | undefined) => x !== undefined && x.value !== null && x.value !== '';
  if (named(rule.record) && named(rule.alert)) out.push(finding(ids.ruleSyntax.id, keySpan(rule.alert, at.node), t('only one of \'record\' and \'alert\' must be set')));
  if (!named(rule.record) && !named(rule.alert)) out.push(finding(ids.ruleSyntax.id, spanOf(at, null), t('one of \'record\' or \'alert\' must be set')));
  const exprAt = field(at, 'expr');
  if (!exprAt || exprAt.value === null || String(exprAt.value).trim() === '') out.push(finding(ids.ruleSyntax.id, exprAt ? keySpan(exprAt, at.node) : start, t('field \'expr\' must be set in rule')));
  if (!loki) promqlFindings(rule, out);
  for (const name of ['for', 'keep_firing_for']) checkDuration(field(at, name), out);
  const labels = field(at, 'labels');
  const annotations = field(at, 'annotations');
  if (named(rule.record)) {
    const forAt = field(at, 'for');
    const keep = field(at, 'keep_firing_for');
    if (entriesOf(annotations).length > 0) out.push(finding(ids.ruleSyntax.id, keySpan(annotations, at.node), t('invalid field \'annotations\' in recording rule')));
    if (forAt && parseDuration(String(forAt.value)) !== 0) out.push(finding(ids.ruleSyntax.id, keySpan(forAt, at.node), t('invalid field \'for\' in recording rule')));
    if (keep && parseDuration(String(keep.value)) !== 0) out.push(finding(ids.ruleSyntax.id, keySpan(keep, at.node), t('invalid field \'keep_firing_for\' in recording rule')));
    const record = String(rule.record!.value);
    if (record.includes('{') || record.includes('}')) out.push(finding(ids.ruleNames.id, spanOf(rule.record, null), t('braces present in the recording rule name; should it be in expr?: {0}', record)));
    else if (!legacyMetricName.test(record)) out.push(finding(ids.ruleNames.id, spanOf(rule.record, null), t('invalid recording rule name: {0}', record), 'warning'));
  }
  checkLabels(labels, true, out);
  checkLabels(annotations, false, out);
  if (named(rule.alert)) checkAlert(rule, { labels, annotations, group: field(group.at, 'labels') }, chunkText, out, loki);
  // A LogQL expression names streams, never metrics: no reference to hold against the workspace's.
  const references = !loki && rule.expr && rule.expr.problems.length === 0 ? metricReferences(rule.expr).map((reference) => ({ reference, ...exprSpan(rule, reference.from, reference.to) })) : [];
  return { findings: out, references };
}

/** A rule's findings that depend on it alone (its summary, kept by its text) and its counters read raw; in the order a check gives them. */
function summarizeRule(rule: RuleModel, group: GroupModel, context: RuleCheckContext): KeptRule {
  const loki = context.lokiRuler !== undefined;
  const summary = ruleSummary(context.chunkText, rule, group, () => checkOwn(rule, group, context.chunkText, loki), context.store, loki ? 'loki' : '');
  const counters: Finding[] = [];
  checkCounterReads(summary.references, rule, context.metricTypes, counters);
  // Kept: the references checkReferences may find something of; without the workspace's own types, a name neither a
  // recording rule's (a colon) nor archipel serve's (its prefix) gives nothing there, whatever the workspace records.
  const references = context.metricTypes ? summary.references : summary.references.filter(({ reference }) => reference.name.includes(':') || reference.name.startsWith(serveMetricPrefix));
  return { own: summary.findings, references, counters };
}

/** Thanos' check of a group's `partial_response_strategy` (storepb's PartialResponseStrategy.UnmarshalJSON). */
function checkPartialResponse(at: Located | undefined, out: Finding[]): void {
  if (!at || at.value === null || at.value === undefined) return;
  const value = typeof at.value === 'string' ? at.value : JSON.stringify(at.value);
  if (value === '' || partialResponseStrategies.includes(value.toUpperCase())) return;
  out.push(finding(ids.ruleSyntax.id, spanOf(at, null), t('failed to unmarshal {0} as \'partial_response_strategy\'. Possible values are {1}', JSON.stringify(value), partialResponseStrategies.join(','))));
}

/** Templates of an alert's labels and annotations: Go's parser, and `$labels.x` against the expression. */
function checkAlert(rule: RuleModel, { labels, annotations, group }: { labels?: Located; annotations?: Located; group?: Located }, chunkText: string, out: Finding[], loki: boolean): void {
  // The expression's labels and a template's offsets are worked out when a template reads a label or has a finding to place.
  let labelSet: { labels?: LabelSet } | undefined;
  const produced = (): LabelSet | undefined => (labelSet ??= rule.expr && rule.expr.problems.length === 0 ? { labels: outputLabels(expressionNode(rule.expr), rule.expr.text) } : {}).labels;
  // A group's labels are the alert's too (Prometheus 3's group labels), whatever the expression keeps: read when a
  // label read is otherwise surely absent.
  let groupLabels: Set<string> | undefined;
  const inGroup = (label: string): boolean => (groupLabels ??= new Set(entriesOf(group).map(({ name }) => name))).has(label);
  for (let k = 0; k < 2; k++) {
    const kind = k === 0 ? 'label' : 'annotation';
    const entries = entriesOf(k === 0 ? labels : annotations);
    for (let e = 0; e < entries.length; e++) {
      const { name, at } = entries[e];
      if (typeof at.value !== 'string' || !at.value.includes('{{')) continue;
      const reading = readTemplate(at.value);
      const value = at.value;
      let offsets: { map?: (offset: number) => number } | undefined;
      const span = (from: number, to: number) => {
        const toChunk = (offsets ??= { map: scalarOffsets(chunkText, at.node, value) }).map;
        return toChunk ? { start: toChunk(from), end: toChunk(to) } : spanOf(at, null);
      };
      for (const problem of reading.problems) {
        if (problem.limit) out.push(finding(ids.promLimit.id, span(problem.from, problem.to), t('{0} {1}: template not checked: {2} (a limit of Archipel, docs/limits.md)', kind, JSON.stringify(name), problem.message)));
        else out.push(finding(ids.ruleTemplate.id, span(problem.from, problem.to), t('{0} {1}: template: {2}', kind, JSON.stringify(name), problem.message)));
      }
      if (reading.problems.length > 0) continue;
      if (kind === 'label' && reading.valueReads.length > 0) {
        const read = reading.valueReads[0];
        out.push(finding(ids.ruleValueLabel.id, span(read.from, read.to), t('label {0} reads the alert\'s value: each new value makes it a new alert (resolved and fired again); read $value in an annotation', JSON.stringify(name))));
      }
      checkTemplateQueries(reading.queries, kind, name, span, out);
      const rate = kind === 'annotation' && reading.valueReads.length > 0 && !reading.valueFormatted && rule.expr && rule.expr.problems.length === 0 ? rateResult(expressionNode(rule.expr), rule.expr.text) : undefined;
      if (rate) {
        const read = reading.valueReads[0];
        out.push(finding(ids.ruleHumanize.id, span(read.from, read.to), t('annotation {0} shows the value of {1}(), a rate hard to read: pass it to humanize (or humanizePercentage, printf)', JSON.stringify(name), rate)));
      }
      if (reading.labelReads.length === 0) continue;
      const labels = produced();
      if (!labels) continue;
      for (let r = 0; r < reading.labelReads.length; r++) {
        const read = reading.labelReads[r];
        if (surelyAbsent(labels, read.label) && !inGroup(read.label)) out.push(finding(ids.ruleDroppedLabel.id, span(read.from, read.to), t('$labels.{0} is always empty: the expression of alert {1} has no label {0} (aggregated or matched away)', read.label, rule.name)));
      }
    }
  }
  // Prometheus's reason (a restart or a missed scrape makes a series absent) is not Loki's: a quiet stream is what it alerts on.
  if (!loki && rule.expr && rule.expr.problems.length === 0 && rule.forMs === undefined) {
    const top = expressionNode(rule.expr);
    const call = top?.name === 'FunctionCall' ? top.getChild('FunctionIdentifier') : null;
    const fn = call ? rule.expr.text.slice(call.from, call.to) : '';
    if (fn === 'absent' || fn === 'absent_over_time') out.push(finding(ids.ruleAbsentFor.id, keySpan(rule.alert, rule.at.node), t('alert {0} fires on {1}(…) without `for`: a restart or a missed scrape fires it; add `for: 5m` or more', rule.name, fn)));
  }
}

/**
 * The function giving an alert's value when it is a per-second rate (rate, irate, deriv), through
 * parentheses, a comparison's left side and aggregations that keep the values' scale (pint's isRateResult).
 */
function rateResult(start: SyntaxNode | null, text: string): string | undefined {
  let node = start;
  while (node) {
    if (node.name === 'ParenExpr') node = node.firstChild;
    else if (node.name === 'BinaryExpr') {
      const operator = node.firstChild?.nextSibling;
      if (!operator || !['Eql', 'Neq', 'Gtr', 'Gte', 'Lss', 'Lte'].includes(operator.name) || node.getChild('BoolModifier')) return undefined;
      node = node.firstChild;
    } else if (node.name === 'AggregateExpr') {
      if (!['Sum', 'Avg', 'Min', 'Max', 'Topk', 'Bottomk'].includes(node.getChild('AggregateOp')?.firstChild?.name ?? '')) return undefined;
      node = node.getChild('FunctionCallBody')?.lastChild?.prevSibling ?? null;
    } else if (node.name === 'FunctionCall') {
      const identifier = node.getChild('FunctionIdentifier');
      const name = identifier ? text.slice(identifier.from, identifier.to) : '';
      return ['rate', 'irate', 'deriv'].includes(name) ? name : undefined;
    } else return undefined;
  }
  return undefined;
}

/** The PromQL a template runs (`query "…"`): Prometheus's parser on it, and the labels read on its results. */
function checkTemplateQueries(queries: readonly TemplateQuery[], kind: string, name: string, span: (from: number, to: number) => { start: number; end: number }, out: Finding[]): void {
  for (const query of queries) {
    const expression = parsePromQL(query.text);
    const problem = expression.problems[0];
    if (problem) {
      out.push(finding(ids.ruleTemplate.id, span(query.from, query.to), t('{0} {1}: template: {2}', kind, JSON.stringify(name), t('query {0}: could not parse expression: {1}', JSON.stringify(query.text), problem.message))));
      continue;
    }
    const labels = outputLabels(expressionNode(expression), expression.text);
    for (const read of query.reads) {
      if (surelyAbsent(labels, read.label)) out.push(finding(ids.ruleDroppedLabel.id, span(read.from, read.to), t('{0} is always empty: the results of query {1} have no label {0} (aggregated or matched away)', read.label, JSON.stringify(query.text))));
    }
  }
}

/** Metric names of the expression: recording rules defined nowhere, rates of non-counters (what the workspace's rules and types say). */
function checkReferences(references: RuleSummary['references'], context: RuleCheckContext, out: Finding[]): void {
  for (const { reference, start, end } of references) {
    const at = { start, end };
    const isRecording = reference.name.includes(':');
    // By convention a recording rule is level:metric:operations. A name starting with a colon proves
    // nothing when no rule records it: TensorFlow Serving's exporter exposes :tensorflow:serving:request_count.
    if (isRecording && !reference.name.startsWith(':') && !context.knowledge.recorded.has(reference.name)) {
      out.push(finding(ids.ruleUndefinedRecording.id, at, t('no rule of the workspace records {0}: the query returns nothing', reference.name)));
    }
    const unknown = unknownServeMetric(reference.name);
    if (unknown) out.push({ ...finding(ids.ruleUnknownServeMetric.id, at, unknown.message), ...suggestionData(at, reference.name, unknown.suggestion) });
    const recorded = !looksLikeCounter(reference.name) && isRecording && context.knowledge.recorded.has(reference.name);
    const rate = rateOfNonCounter(reference, context.metricTypes?.get(reference.name), recorded);
    if (rate) out.push(finding(ids.ruleRateCounter.id, at, rate));
  }
}

/**
 * Counters read for their raw value (pint's promql/counter). As pint goes by Prometheus's metadata, a
 * metric is a counter when the workspace declares it so (archipel serve's metrics, metricTypes), not
 * by its name: exporters name gauges `_total` too (ceph_pg_total, container_fs_inodes_total,
 * minio_cluster_nodes_offline_total in awesome-prometheus-alerts). Each metric is reported once per rule.
 * The walk up from a selector (isDirectlyRead) is made for counters only.
 */
function checkCounterReads(references: RuleSummary['references'], rule: RuleModel, metricTypes: RuleCheckContext['metricTypes'], out: Finding[]): void {
  const seen = new Set<string>();
  for (const { reference, start, end } of references) {
    if (seen.has(reference.name)) continue;
    const type = serveMetricType(reference.name) ?? metricTypes?.get(reference.name);
    // References exist only for an expression (parsed here if a kept summary gave them).
    const expr = type === 'counter' ? rule.expr : undefined;
    if (!expr || !isDirectlyRead(expr, reference)) continue;
    seen.add(reference.name);
    out.push(finding(ids.ruleCounterDirect.id, { start, end }, t('{0} is a counter: its value only grows until the process restarts; read it through rate(), irate() or increase()', reference.name)));
  }
}

/**
 * Why rate/irate/increase over a metric is meaningless, if it is: the metric's declared type
 * (archipel serve's, or `declared`) is not counter, or, with no type, it is a recording rule.
 */
export function rateOfNonCounter(reference: MetricReference, declared?: string, recorded = false): string | undefined {
  if (!reference.rangeFunction || !['rate', 'irate', 'increase'].includes(reference.rangeFunction)) return undefined;
  const type = serveMetricType(reference.name) ?? declared;
  const why = type ? (type === 'counter' ? undefined : t('{0} is a {1}', reference.name, type)) : recorded ? t('{0} is a recording rule', reference.name) : undefined;
  return why ? t('{0}() expects a counter, but {1}', reference.rangeFunction, why) : undefined;
}

/** A message (and the metric meant, if close) when `name` is under archipel serve's prefix but not a metric the service exposes. */
export function unknownServeMetric(name: string): { message: string; suggestion?: string } | undefined {
  if (!name.startsWith(serveMetricPrefix) || servesMetric(name)) return undefined;
  const suggestion = closestName(name, [...serveMetricTypes.keys()], false);
  return suggestion ? { message: t('archipel serve exposes no metric {0}; did you mean {1}?', name, suggestion), suggestion } : { message: t('archipel serve exposes no metric {0}', name) };
}

/**
 * What a rule document's checks find, but for what the workspace's other files tell (knowledge): every finding with the
 * place where those are made (checkReferences, the group's interval against the scrape interval). Offsets in the chunk.
 */
function summarizeDocument(model: RuleFileModel, context: RuleCheckContext, root: SourceNode | null): DocumentSummary {
  const top: Finding[] = [];
  if (model.holder.node === root) unknownFields(model.holder, ['groups'], 'rulefmt.RuleGroups', top);
  const seen = new Set<string>();
  const identities = new Map<string, { rule: RuleModel; group: string }>();
  const groups: KeptGroup[] = [];
  let loki = false;
  for (const group of model.groups) {
    const head: Finding[] = [];
    unknownFields(group.at, groupFields, 'rulefmt.RuleGroup', head);
    const nameAt = field(group.at, 'name');
    if (group.name === '') head.push(finding(ids.ruleSyntax.id, nameAt ? spanOf(nameAt, null) : spanOf(group.at, null), t('Groupname must not be empty')));
    else if (seen.has(group.name)) head.push(finding(ids.ruleSyntax.id, spanOf(nameAt, group.at.node), t('groupname: "{0}" is repeated in the same file', group.name)));
    seen.add(group.name);
    checkDuration(field(group.at, 'interval'), head);
    checkDuration(field(group.at, 'query_offset'), head);
    checkPartialResponse(field(group.at, 'partial_response_strategy'), head);
    checkLabels(field(group.at, 'labels'), true, head);
    const kept: KeptGroup = { head, rules: [] };
    if (group.intervalMs !== undefined && group.intervalMs > 0) kept.interval = { name: group.name, ms: group.intervalMs, ...spanOf(field(group.at, 'interval'), null) };
    const groupLabels = field(group.at, 'labels')?.value;
    for (const rule of group.rules) {
      const entry = summarizeRule(rule, group, context);
      kept.rules.push(entry);
      if (!loki && context.lokiRuler !== undefined && rule.exprAt) {
        // A file Loki's ruler reads (its configuration says so): every expression LogQL, said once per document.
        loki = true;
        head.push(finding(ids.ruleExpr.id, keySpan(rule.exprAt, rule.at.node), t('a Loki ruler file ({0} reads its folder): its expressions are LogQL, checked by Loki; they are not read as PromQL', context.lokiRuler), 'information'));
      } else if (!loki && isLogQLRule(rule)) {
        // Said once per document: Loki's ruler checks its LogQL, Archipel reads the rest of the file (rulefmt, templates).
        loki = true;
        head.push(finding(ids.ruleExpr.id, keySpan(rule.exprAt, rule.at.node), t('a LogQL expression (a Loki ruler file): Loki checks its expressions; they are not read as PromQL'), 'information'));
      }
      if (rule.name === '') continue;
      // promtool's checkDuplicates: the rule's name and its labels with the group's, across the file.
      const labels = field(rule.at, 'labels')?.value;
      const merged = { ...(groupLabels && typeof groupLabels === 'object' ? groupLabels : {}), ...(labels && typeof labels === 'object' ? labels : {}) };
      const identity = JSON.stringify([rule.name, Object.entries(merged).sort()]);
      const first = identities.get(identity);
      if (first) entry.duplicate = finding(ids.ruleDuplicate.id, keySpan(rule.record ?? rule.alert, rule.at.node), t('duplicate rule: {0} has the same name and labels as rule {1} of group {2}', rule.name, first.rule.index + 1, first.group));
      else identities.set(identity, { rule, group: group.name });
    }
    groups.push(kept);
  }
  return { top, groups };
}

/** A document's findings from its summary and what the workspace tells now, in the order the checks make them. */
function documentFindings(summary: DocumentSummary, context: RuleCheckContext): Finding[] {
  const out: Finding[] = [];
  const push = (list: readonly Finding[]) => {
    for (let i = 0; i < list.length; i++) out.push(list[i]);
  };
  push(summary.top);
  const scrape = context.knowledge.scrapeIntervalMs;
  for (const group of summary.groups) {
    push(group.head);
    const interval = group.interval;
    if (interval && scrape !== undefined && interval.ms < scrape) {
      out.push(finding(ids.ruleGroupInterval.id, interval, t('group {0} is evaluated every {1}s, more often than the scrape interval ({2}s): it evaluates the same samples again', interval.name, interval.ms / 1000, scrape / 1000)));
    }
    for (const rule of group.rules) {
      push(rule.own);
      checkReferences(rule.references, context, out);
      push(rule.counters);
      if (rule.duplicate) out.push(rule.duplicate);
    }
  }
  return out;
}

/**
 * Every check of a rule document's groups and rules. Offsets are relative to the document's chunk. A document of the
 * same text checked before (in this process, or by an earlier one through the store) is not read again: neither its
 * model (`model`, built when needed) nor its rules; only what the other files tell is asked again.
 */
export function ruleFileFindings(model: RuleFileModel | (() => RuleFileModel), context: RuleCheckContext, root: SourceNode | null): Finding[] {
  const read = () => (typeof model === 'function' ? model() : model);
  // A workspace's own metric types (metricTypes) make the counters' findings: such a summary is not kept.
  if (context.metricTypes) return documentFindings(summarizeDocument(read(), context, root), context);
  const dialect = context.lokiRuler !== undefined ? `loki\u0001${context.lokiRuler}` : '';
  return documentFindings(documentSummary(context.chunkText, () => summarizeDocument(read(), context, root), context.store, dialect), context);
}
