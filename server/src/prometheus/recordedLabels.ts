/**
 * The labels of the series a recording rule records (issue #94: an SLO's label matchers are held against them): what its
 * expression keeps (an aggregation `by (…)` keeps those labels only; promql/analysis.ts outputLabels) and the rule's
 * `labels:`. Unknown when the expression may keep any label (a selector, `without`, a function of one). What the SLO
 * family reads of the workspace's rule files, through the Prometheus face.
 */
import { outputLabels } from '../promql/analysis';
import { expressionNode, parsePromQL } from '../promql/parse';
import type { IndexedFile } from '../workspace/index';
import { ruleGroupsHolder } from './ruleFile';
import { isRecord } from './yamlValues';

/** A recorded metric's labels (its name's `__name__` aside), or 'unknown', by metric name. */
export type RecordedLabels = ReadonlyMap<string, readonly string[] | 'unknown'>;

const RECORDED = Symbol('prometheus: the labels each recording rule keeps');

function merge(into: Map<string, readonly string[] | 'unknown'>, metric: string, labels: readonly string[] | 'unknown'): void {
  const known = into.get(metric);
  // Two rules recording one name: their series have either's labels (unknown if either's are).
  if (known === undefined) into.set(metric, labels);
  else if (known !== 'unknown') into.set(metric, labels === 'unknown' ? 'unknown' : [...new Set([...known, ...labels])]);
}

function read(file: IndexedFile): RecordedLabels {
  const recorded = new Map<string, readonly string[] | 'unknown'>();
  for (const { chunk } of file.yaml?.chunks ?? []) {
    const value = chunk.wellFormed ? chunk.value : undefined;
    const holder = ruleGroupsHolder(value, chunk.tree);
    const groups = holder && isRecord(holder.value) ? holder.value.groups : undefined;
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      const rules: unknown = isRecord(group) ? group.rules : undefined;
      if (!Array.isArray(rules)) continue;
      for (const rule of rules) {
        if (!isRecord(rule) || typeof rule.record !== 'string' || typeof rule.expr !== 'string') continue;
        const expression = parsePromQL(rule.expr, true);
        const kept = expression.problems.length === 0 ? outputLabels(expressionNode(expression), rule.expr) : undefined;
        const own = isRecord(rule.labels) ? Object.keys(rule.labels) : [];
        merge(recorded, rule.record, kept?.kind === 'only' ? [...kept.labels, ...own].filter((l) => l !== '__name__') : 'unknown');
      }
    }
  }
  return recorded;
}

/** The metrics the recording rules of a file record, with their labels, kept with the file's version; empty for any other. */
export function recordedLabels(file: IndexedFile): RecordedLabels {
  if (file.skipped || !file.isYaml || !/\brecord\s*:/.test(file.text)) return new Map();
  return file.model(RECORDED, read);
}
