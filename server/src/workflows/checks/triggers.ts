import { isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { parseCron } from '../syntax/cron';
import { report, type CheckContext } from '../model/data';
import { get, pairs } from '../model/model';
import { cronIntervalRule, cronRule, eventRule, globRule } from './rules';
import { scalarText } from '../syntax/scalar';
import { t } from '../../l10n/t';

const filterPairs = [
  ['branches', 'branches-ignore'],
  ['tags', 'tags-ignore'],
  ['paths', 'paths-ignore'],
] as const;

function patterns(node: Node | null | undefined): Scalar<string>[] {
  if (isScalar(node) && typeof node.value === 'string') return [node as Scalar<string>];
  if (isSeq(node)) return node.items.filter((i): i is Scalar<string> => isScalar(i) && typeof i.value === 'string');
  return [];
}

/** What is wrong with one filter pattern (GitHub's filter syntax: * ** ? + [] and a leading !). */
function patternProblem(pattern: string, refs: boolean): { message: string; at: number; length: number } | undefined {
  if (pattern.trim() !== pattern) return { message: t('This pattern starts or ends with a space, so it never matches: remove the space.'), at: 0, length: pattern.length };
  const body = pattern.startsWith('!') ? 1 : 0;
  let open = -1;
  for (let i = body; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (open >= 0) {
      if (c === ']') {
        if (i === open + 1) return { message: t('An empty character class "[]" matches nothing.'), at: open, length: 2 };
        open = -1;
      }
      continue;
    }
    if (c === '[') open = i;
    else if (c === ']') return { message: t('This "]" closes no "[".'), at: i, length: 1 };
    else if (refs && (c === ' ' || c === '~' || c === ':' || c === '^')) {
      return { message: t('"{0}" cannot appear in a Git branch or tag name, so this pattern never matches.', c), at: i, length: 1 };
    }
  }
  if (open >= 0) return { message: t('This "[" is never closed: add "]" (or escape it as "\\[").'), at: open, length: pattern.length - open };
  return undefined;
}

/** Filters (branches, tags, paths and their -ignore twins), globs and cron schedules of `on:`. */
export function checkTriggers(check: CheckContext): void {
  const { model } = check;
  if (model.kind !== 'workflow') return;
  const on = get(model.doc.contents, 'on')?.value;
  for (const event of pairs(on)) {
    if (event.name === 'schedule') {
      checkSchedule(check, event.value);
      continue;
    }
    const filters = pairs(event.value);
    for (const [include, ignore] of filterPairs) {
      const a = filters.find((f) => f.name === include);
      const b = filters.find((f) => f.name === ignore);
      if (a && b) {
        const later = a.key.range![0] > b.key.range![0] ? a : b;
        const [start, end] = later.key.range!;
        report(check, eventRule.id, start, end, t('{0} cannot filter with both "{1}" and "{2}": GitHub rejects the workflow. Use "{1}" with "!" patterns instead.', event.name, include, ignore));
      }
    }
    for (const filter of filters) {
      if (!/^(branches|tags|paths)(-ignore)?$/.test(filter.name)) continue;
      const list = patterns(filter.value);
      const refs = !filter.name.startsWith('paths');
      for (const item of list) {
        const text = scalarText(item, model.chunkText);
        if (!text) continue;
        const problem = patternProblem(item.value, refs);
        if (problem) {
          const start = text.offsets[problem.at];
          const end = text.offsets[Math.min(problem.at + problem.length, text.value.length) - 1] + 1;
          report(check, globRule.id, start, end, problem.message);
        }
      }
      // `tags: ['!**']` beside `branches:` is the idiom for "branches only": the event still triggers.
      const counterpart = filter.name.startsWith('branches') ? 'tags' : filter.name.startsWith('tags') ? 'branches' : undefined;
      const otherRefs = counterpart !== undefined && filters.some((f) => f.name.startsWith(counterpart) && patterns(f.value).some((p) => !p.value.startsWith('!')));
      if (!otherRefs && !filter.name.endsWith('-ignore') && list.length > 0 && list.every((p) => p.value.startsWith('!'))) {
        const [start, end] = filter.key.range!;
        report(check, globRule.id, start, end, t('"{0}" has only "!" patterns, so nothing matches and {1} never triggers: add a pattern to include first (like "**"), or use "{0}-ignore".', filter.name, event.name));
      }
    }
  }
}

function checkSchedule(check: CheckContext, schedule: Node | null): void {
  if (!isSeq(schedule)) return;
  const gitea = check.model.flavor === 'gitea';
  for (const item of schedule.items) {
    const cron = get(item as Node, 'cron')?.value;
    const text = scalarText(cron, check.model.chunkText);
    if (!text || text.value.includes('${{')) continue;
    const result = parseCron(text.value, gitea);
    if (result.problem) {
      const { start, end, message } = result.problem;
      report(check, cronRule.id, text.offsets[start], text.offsets[Math.max(start, end - 1)] + 1, message);
    } else if (!gitea && result.interval !== undefined && result.interval < 5) {
      const [start, end] = cron!.range!;
      report(check, cronIntervalRule.id, start, end, result.interval === 1
          ? t('This schedule asks for a run every minute; GitHub runs scheduled workflows at most every 5 minutes.')
          : t('This schedule asks for a run every {0} minutes; GitHub runs scheduled workflows at most every 5 minutes.', result.interval));
    }
  }
}
