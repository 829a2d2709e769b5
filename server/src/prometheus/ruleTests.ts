import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import { parsePromQL } from '../promql/parse';
import type { WorkspaceIndex } from '../workspace/index';
import { durationValue } from './duration';
import { ruleGroupsHolder } from './ruleFile';
import * as ids from './rules';
import { entriesOf, field, isRecord, items, keySpan, scalarOffsets, spanOf, suggestionData, type Located } from './yamlValues';

/** The fields of promtool's unit-test files (cmd/promtool/unittest.go), by Go type. */
const fields: Record<string, readonly string[]> = {
  unitTestFile: ['rule_files', 'evaluation_interval', 'group_eval_order', 'tests', 'fuzzy_compare'],
  testGroup: ['interval', 'input_series', 'alert_rule_test', 'promql_expr_test', 'external_labels', 'external_url', 'name', 'start_timestamp'],
  series: ['series', 'values'],
  alertTestCase: ['eval_time', 'alertname', 'exp_alerts'],
  alert: ['exp_labels', 'exp_annotations'],
  promqlTestCase: ['expr', 'eval_time', 'exp_samples'],
  sample: ['labels', 'value', 'histogram'],
};

function finding(span: { start: number; end: number }, message: string, code: string = ids.ruleTestStructure.id): Finding {
  return { start: span.start, end: span.end, code, message };
}

function known(at: Located, type: string, out: Finding[]): void {
  const names = fields[type] ?? [];
  for (const { name, at: entry } of entriesOf(at)) {
    if (names.includes(name)) continue;
    const suggestion = closestName(name, names, false);
    const span = keySpan(entry, at.node);
    out.push({ ...finding(span, suggestion ? t('field {0} not found in type {1}; did you mean {2}?', name, `main.${type}`, suggestion) : t('field {0} not found in type {1}', name, `main.${type}`)), ...suggestionData(span, name, suggestion) });
  }
}

function duration(at: Located | undefined, out: Finding[]): void {
  if (at && at.value !== null && durationValue(at.value) === undefined) out.push(finding(spanOf(at, null), t('not a valid duration string: {0}', JSON.stringify(at.value))));
}

function promql(at: Located | undefined, chunkText: string, out: Finding[]): void {
  if (!at || typeof at.value !== 'string') return;
  const expression = parsePromQL(at.value);
  const map = scalarOffsets(chunkText, at.node, at.value);
  for (const problem of expression.problems) {
    const span = map ? { start: map(problem.from), end: map(Math.max(problem.to, problem.from + 1)) } : spanOf(at, null);
    out.push(problem.limit ? finding(span, problem.message, ids.promLimit.id) : finding(span, t('could not parse expression: {0}', problem.message), ids.ruleExpr.id));
  }
}

/** Alert names of the rule files a test file names, from the index (paths relative to the test file). */
function alertNames(index: WorkspaceIndex, uri: string, ruleFiles: readonly string[]): Set<string> | undefined {
  const base = uri.slice(0, uri.lastIndexOf('/') + 1);
  const names = new Set<string>();
  let found = false;
  for (const path of ruleFiles) {
    const file = index.get(new URL(path, base).href);
    if (!file) return undefined; // A rule file outside the workspace (or a glob): alert names are unknown.
    found = true;
    for (const { chunk } of file.yaml?.chunks ?? []) {
      const holder = chunk.wellFormed ? ruleGroupsHolder(chunk.value, null) : undefined;
      const groups = holder && isRecord(holder.value) && Array.isArray(holder.value.groups) ? holder.value.groups : [];
      for (const group of groups) for (const rule of isRecord(group) && Array.isArray(group.rules) ? group.rules : []) if (isRecord(rule) && typeof rule.alert === 'string') names.add(rule.alert);
    }
  }
  return found ? names : undefined;
}

/** The shape of a `promtool test rules` file: fields, durations, series selectors and expressions, alert names. */
export function ruleTestFindings(root: Located, chunkText: string, uri: string, index: WorkspaceIndex): Finding[] {
  const out: Finding[] = [];
  known(root, 'unitTestFile', out);
  duration(field(root, 'evaluation_interval'), out);
  const ruleFiles = items(field(root, 'rule_files')).flatMap((entry) => (typeof entry.value === 'string' ? [entry] : []));
  for (const entry of ruleFiles) {
    const path = entry.value as string;
    if (/[*?[]/.test(path) || path.startsWith('/')) continue;
    const base = uri.slice(0, uri.lastIndexOf('/') + 1);
    if (!index.get(new URL(path, base).href)) out.push(finding(spanOf(entry, null), t('"{0}" matches no file of the workspace (relative to {1})', path, decodeURIComponent(base.replace(/^file:\/\//, ''))), ids.configRuleFiles.id));
  }
  const alerts = alertNames(index, uri, ruleFiles.map((entry) => entry.value as string));
  for (const group of items(field(root, 'tests'))) {
    if (!isRecord(group.value)) continue;
    known(group, 'testGroup', out);
    duration(field(group, 'interval'), out);
    for (const series of items(field(group, 'input_series'))) {
      known(series, 'series', out);
      promql(field(series, 'series'), chunkText, out);
    }
    for (const test of items(field(group, 'alert_rule_test'))) {
      known(test, 'alertTestCase', out);
      duration(field(test, 'eval_time'), out);
      const name = field(test, 'alertname');
      if (alerts && name && typeof name.value === 'string' && !alerts.has(name.value)) {
        const suggestion = closestName(name.value, [...alerts], false);
        // promtool reports it as a failing test, not a malformed file: a warning.
        const span = spanOf(name, null);
        out.push({ ...finding(span, suggestion ? t('no alert {0} in the rule files under test; did you mean {1}?', name.value, suggestion) : t('no alert {0} in the rule files under test', name.value)), severity: 'warning', ...suggestionData(span, name.value, suggestion) });
      }
      for (const alert of items(field(test, 'exp_alerts'))) known(alert, 'alert', out);
    }
    for (const test of items(field(group, 'promql_expr_test'))) {
      known(test, 'promqlTestCase', out);
      duration(field(test, 'eval_time'), out);
      promql(field(test, 'expr'), chunkText, out);
      for (const sample of items(field(test, 'exp_samples'))) {
        known(sample, 'sample', out);
        promql(field(sample, 'labels'), chunkText, out);
      }
    }
  }
  return out;
}
