import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { report, type CheckContext } from '../model/data';
import { get, pairs } from '../model/model';
import { matrixDuplicateRule, matrixExcludeRule } from './rules';
import { suggest } from './suggest';
import { t } from '../../l10n/t';

/** A value as GitHub compares matrix values: scalars by value, collections by their JSON. */
function valueKey(node: Node | null): string {
  if (isScalar(node)) return JSON.stringify(node.value);
  return JSON.stringify(node?.toJSON?.() ?? null);
}

/** Whether an exclude value matches a matrix value: scalars by their text, mappings by the keys the exclude names. */
function matches(exclude: Node | null, value: Node | null): boolean {
  if (isMap(exclude)) return isMap(value) && pairs(exclude).every((e) => matches(e.value, get(value, e.name)?.value ?? null));
  if (isScalar(exclude) && isScalar(value)) return String(exclude.value) === String(value.value);
  return valueKey(exclude) === valueKey(value);
}

/** Any value written as an expression below a node (its real value is unknown here). */
function hasExpression(node: Node | null): boolean {
  if (isScalar(node)) return typeof node.value === 'string' && node.value.includes('${{');
  if (isMap(node)) return pairs(node).some((e) => e.name.includes('${{') || hasExpression(e.value));
  if (isSeq(node)) return (node.items as Node[]).some(hasExpression);
  return false;
}

/** Duplicate values in a matrix dimension, and exclude entries naming keys the matrix does not have. */
export function checkMatrix(check: CheckContext): void {
  if (check.model.kind !== 'workflow') return;
  for (const job of check.model.jobs) {
    const matrix = get(get(job.node, 'strategy')?.value, 'matrix')?.value;
    if (!isMap(matrix)) continue;
    const dimensions = pairs(matrix).filter((e) => e.name !== 'include' && e.name !== 'exclude' && !e.name.includes('${{'));
    for (const dimension of dimensions) {
      if (!isSeq(dimension.value)) continue;
      const seen = new Set<string>();
      for (const item of dimension.value.items as Node[]) {
        const key = valueKey(item);
        if (seen.has(key) && item.range) {
          report(check, matrixDuplicateRule.id, item.range[0], item.range[1], isScalar(item) ? t('matrix.{0} lists "{1}" twice: the job runs twice with it.', dimension.name, String(item.value)) : t('matrix.{0} lists this value twice: the job runs twice with it.', dimension.name));
        }
        seen.add(key);
      }
    }
    const exclude = get(matrix, 'exclude')?.value;
    // A dynamic matrix (its dimensions from an expression) has keys nobody knows here.
    if (!isSeq(exclude) || dimensions.length !== pairs(matrix).filter((e) => e.name !== 'include' && e.name !== 'exclude').length) continue;
    const keys = dimensions.map((d) => d.name);
    for (const entry of exclude.items) {
      for (const key of pairs(entry as Node)) {
        const dimension = dimensions.find((d) => d.name === key.name);
        if (dimension && isSeq(dimension.value) && !hasExpression(dimension.value) && !hasExpression(key.value)) {
          const values = dimension.value.items as Node[];
          if (!values.some((v) => matches(key.value, v)) && key.value?.range) {
            const [start, end] = key.value.range;
            const shown = values.map((v) => JSON.stringify(isScalar(v) ? v.value : v.toJSON())).join(', ');
            report(check, matrixExcludeRule.id, start, end, t('This exclude value matches no value of matrix.{0} ({1}): the entry excludes nothing.', key.name, shown));
          }
        }
        if (keys.includes(key.name) || key.name.includes('${{')) continue;
        const near = suggest(key.name, keys);
        const [start, end] = key.key.range!;
        report(check, matrixExcludeRule.id, start, end, `exclude names "${key.name}", which is no key of this matrix (${keys.join(', ') || 'none'}): the entry excludes nothing.${near.hint}`, near.data);
      }
    }
  }
}
