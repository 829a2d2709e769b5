import { parsePromQL, type PromQLExpression } from '../promql/parse';
import type { SourceNode } from '../yaml/tree';
import { parseDuration } from './duration';
import { field, isRecord, items, scalarOffsets, type Located } from './yamlValues';

/** One rule of a group: an alerting rule (`alert`) or a recording rule (`record`). */
export interface RuleModel {
  index: number;
  at: Located;
  alert?: Located;
  record?: Located;
  /** The alert's or record's name (as rulefmt names it in errors). */
  name: string;
  exprAt?: Located;
  /** The expression, parsed on first read (set exactly when `exprAt` holds a non-blank text). */
  readonly expr?: PromQLExpression;
  /** Chunk offset of an offset in the expression's text, when the scalar maps exactly (worked out on first read). */
  readonly exprOffset?: (offset: number) => number;
  forMs?: number;
}

export interface GroupModel {
  index: number;
  at: Located;
  name: string;
  intervalMs?: number;
  rules: RuleModel[];
}

/** A rule file's groups: `groups:` at the top, or under `spec:` of a PrometheusRule object. */
export interface RuleFileModel {
  /** The mapping holding `groups`. */
  holder: Located;
  groups: GroupModel[];
}

function text(at: Located | undefined): string | undefined {
  if (at === undefined || at.value === null || at.value === undefined) return undefined;
  return typeof at.value === 'string' ? at.value : typeof at.value === 'number' || typeof at.value === 'boolean' ? String(at.value) : undefined;
}

function duration(at: Located | undefined): number | undefined {
  const value = text(at);
  return value === undefined ? undefined : parseDuration(value);
}

export function ruleFileModel(chunkText: string, holder: Located): RuleFileModel {
  const groups = items(field(holder, 'groups')).map((groupAt, index): GroupModel => {
    const rules = items(field(groupAt, 'rules')).map((ruleAt, ruleIndex): RuleModel => {
      const alert = field(ruleAt, 'alert');
      const record = field(ruleAt, 'record');
      const exprAt = field(ruleAt, 'expr');
      const exprText = text(exprAt);
      const rule: RuleModel = { index: ruleIndex, at: ruleAt, name: text(alert) ?? text(record) ?? '', ...(alert ? { alert } : {}), ...(record ? { record } : {}) };
      if (exprAt && exprText !== undefined && exprText.trim() !== '') {
        rule.exprAt = exprAt;
        // Parsed when first read: a rule whose summary another run kept (ruleResults.ts) is not parsed at all.
        let parsed: PromQLExpression | undefined;
        // Its offsets too, on first read: only a finding placed in the expression asks (none for a rule whose summary was kept).
        let offsets: { map?: (offset: number) => number } | undefined;
        Object.defineProperties(rule, {
          expr: { get: () => (parsed ??= parsePromQL(exprText)), enumerable: true, configurable: true },
          exprOffset: { get: () => (offsets ??= { map: scalarOffsets(chunkText, exprAt.node, exprText) }).map, enumerable: true, configurable: true },
        });
      }
      const forMs = duration(field(ruleAt, 'for'));
      if (forMs !== undefined) rule.forMs = forMs;
      return rule;
    });
    const group: GroupModel = { index, at: groupAt, name: text(field(groupAt, 'name')) ?? '', rules };
    const intervalMs = duration(field(groupAt, 'interval'));
    if (intervalMs !== undefined) group.intervalMs = intervalMs;
    return group;
  });
  return { holder, groups };
}

/** The mapping holding a rule file's `groups`, if this document is one (plain, or a PrometheusRule). */
export function ruleGroupsHolder(value: unknown, tree: SourceNode | null): Located | undefined {
  if (!isRecord(value)) return undefined;
  const root: Located = { value, node: tree };
  if (value.kind === 'PrometheusRule' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('monitoring.coreos.com/')) {
    const spec = field(root, 'spec');
    return spec && isRecord(spec.value) ? spec : undefined;
  }
  const groups = value.groups;
  if (!Array.isArray(groups) || 'scrape_configs' in value || 'tests' in value) return undefined;
  // Other tools' files have `groups` too (Grafana alerting provisioning, Mimir namespaces): a
  // rule file's groups hold `rules` or at least a `name`, and it has no other top-level key.
  const keys = Object.keys(value);
  if (keys.some((key) => key !== 'groups')) return undefined;
  return groups.every((g) => isRecord(g) && ('rules' in g || 'name' in g) && !('folder' in g || 'orgId' in g)) ? root : undefined;
}
