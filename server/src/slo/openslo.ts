/**
 * OpenSLO v1 objects (`apiVersion: openslo/v1`) checked against their specification (schemas/slo/openslo-v1.schema.json,
 * from OpenSLO's README.md): the kind, the fields (unknown ones with the closest), and the objectives' ranges.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import type { SchemaBundle } from '../schema/engine';
import type { SourceNode } from '../yaml/sourceNode';
import { deepestInTree, pairOf } from '../yaml/tree';
import { unknownFields } from './schemaWalk';
import { sloOpenSloRule } from './rules';

export const OPENSLO_V1 = 'openslo/v1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a YAML document's value is an OpenSLO v1 object (whatever its kind). */
export function isOpenSlo(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value.apiVersion === OPENSLO_V1;
}

/** A target's range, as the specification gives it: `target` in [0, 1), `targetPercent` in [0, 100). */
const RANGES = { target: 1, targetPercent: 100 } as const;

/** The objectives of an SLO out of their range, or with both a target and a targetPercent, each on its value. */
function objectiveFindings(spec: unknown, tree: SourceNode | null): Finding[] {
  const findings: Finding[] = [];
  if (!isRecord(spec) || !Array.isArray(spec.objectives)) return findings;
  spec.objectives.forEach((objective: unknown, index) => {
    if (!isRecord(objective)) return;
    for (const [key, bound] of Object.entries(RANGES)) {
      const value = objective[key];
      if (value === undefined) continue;
      if (typeof value === 'number' && value >= 0 && value < bound) continue;
      const { node, depth } = deepestInTree(tree, ['spec', 'objectives', index, key]);
      if (!node || depth < 4) continue;
      findings.push({ start: node.start, end: node.end, code: sloOpenSloRule.id, message: t('{0} must be a number from 0 to less than {1}, not {2}', key, bound, String(value)) });
    }
    if (objective.target !== undefined && objective.targetPercent !== undefined) {
      const found = deepestInTree(tree, ['spec', 'objectives', index, 'targetPercent']);
      const at = found.depth === 4 ? found.key : null;
      if (at) findings.push({ start: at.start, end: at.end, code: sloOpenSloRule.id, message: t('an objective takes target or targetPercent, not both') });
    }
  });
  return findings;
}

const BUDGETING_METHODS = ['Occurrences', 'Timeslices', 'RatioTimeslices'];
const OPERATORS = ['lte', 'gte', 'lt', 'gt'];
/** A time slice's window: OpenSLO's duration shorthand (1m, 5m) or a number of seconds. */
const SLICE_WINDOW = /^[1-9][0-9]{0,8}[smhdwMQY]$/;

/**
 * The values OpenSLO v1 enumerates (an SLO's budgetingMethod, an objective's or a condition's op) and what a time-slice
 * budget needs (each objective's timeSliceWindow: a duration; its timeSliceTarget: a ratio in (0, 1]), each on its value.
 */
function enumFindings(kind: string, spec: unknown, tree: SourceNode | null): Finding[] {
  const findings: Finding[] = [];
  if (!isRecord(spec)) return findings;
  const at = (path: (string | number)[], message: string, replacement?: string): void => {
    const { node, key, depth } = deepestInTree(tree, path);
    const place = depth === path.length ? node : key;
    if (place) findings.push({ start: place.start, end: place.end, code: sloOpenSloRule.id, message, ...(replacement ? { data: { replacement } } : {}) });
  };
  const oneOf = (value: unknown, allowed: readonly string[], path: (string | number)[], name: string): void => {
    if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return;
    const near = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
    at(path, t('{0} must be one of {1}, not {2}', name, allowed.join(', '), JSON.stringify(value)), near);
  };
  if (kind === 'AlertCondition' && isRecord(spec.condition)) oneOf(spec.condition.op, OPERATORS, ['spec', 'condition', 'op'], 'op');
  if (kind !== 'SLO') return findings;
  oneOf(spec.budgetingMethod, BUDGETING_METHODS, ['spec', 'budgetingMethod'], 'budgetingMethod');
  const sliced = spec.budgetingMethod === 'Timeslices' || spec.budgetingMethod === 'RatioTimeslices';
  const objectives: unknown[] = Array.isArray(spec.objectives) ? spec.objectives : [];
  objectives.forEach((objective, index) => {
    if (!isRecord(objective)) return;
    const path = ['spec', 'objectives', index];
    oneOf(objective.op, OPERATORS, [...path, 'op'], 'op');
    const window = objective.timeSliceWindow;
    if (window !== undefined && !(typeof window === 'number' ? window > 0 : typeof window === 'string' && SLICE_WINDOW.test(window))) {
      at([...path, 'timeSliceWindow'], t('timeSliceWindow must be a duration (1m, 5m) or a number of seconds, not {0}', JSON.stringify(window)));
    } else if (window === undefined && sliced) at(path, t('budgetingMethod {0} needs each objective\'s timeSliceWindow (the slice the budget counts in)', String(spec.budgetingMethod)));
    const target = objective.timeSliceTarget;
    if (target !== undefined && !(typeof target === 'number' && target > 0 && target <= 1)) at([...path, 'timeSliceTarget'], t('timeSliceTarget must be a ratio greater than 0 and at most 1, not {0}', JSON.stringify(target)));
    else if (target === undefined && spec.budgetingMethod === 'Timeslices') at(path, t('budgetingMethod Timeslices needs each objective\'s timeSliceTarget (the share of good events that makes a slice good)'));
  });
  return findings;
}

/** The findings of one OpenSLO v1 document (chunk-relative offsets). */
export function openSloFindings(bundle: SchemaBundle, value: Record<string, unknown>, tree: SourceNode | null): Finding[] {
  const kinds = bundle['x-archipel-kinds'] ?? {};
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const definition = kinds[`${OPENSLO_V1}/${kind}`];
  if (!definition) {
    const names = Object.keys(kinds).map((key) => key.slice(OPENSLO_V1.length + 1));
    const near = kind ? closest(kind, names) : undefined;
    const hint = near !== undefined && distance(kind.toLowerCase(), near.toLowerCase()) <= 3 ? near : undefined;
    const at = pairOf(tree, 'kind');
    const node = at?.value ?? at?.keyNode ?? tree;
    if (!node) return [];
    const message = hint ? t('Unknown OpenSLO v1 kind "{0}". Did you mean "{1}"?', kind, hint) : t('Unknown OpenSLO v1 kind "{0}"; expected one of: {1}.', kind, names.join(', '));
    return [{ start: node.start, end: node.end, code: sloOpenSloRule.id, message, ...(hint ? { data: { replacement: hint } } : {}) }];
  }
  const findings = unknownFields(bundle, bundle.definitions[definition], value, tree);
  if (kind === 'SLO') findings.push(...objectiveFindings(value.spec, tree));
  findings.push(...enumFindings(kind, value.spec, tree));
  return findings;
}
