/**
 * What `archipel exp run -S …` and the panel's "Run / Queue a variant" queue: the grid of the `-S`
 * overrides (a value list is a sweep), each set checked against the baseline's committed params
 * files before anything is queued (a misspelt key is said at once, not after a run), and a name
 * for each experiment (given, numbered in a sweep, or generated as DVC does).
 */
import { checkExpName, generatedName } from '../../experiments/refs';
import { applyParams, grid, parseOverride, SweepError, type ParamSet } from '../../experiments/sweep';
import { git, readBlobs } from './git';
import { listExperiments } from './store';
import { t } from '../../l10n/t';

export interface SweepPlan {
  baseline: string;
  sets: ParamSet[];
  names: string[];
}

/** Plans the experiments of `overrides` (`[file:]key=value[,value…]`) on HEAD; a SweepError says what is wrong. */
export async function planSweep(root: string, overrides: readonly string[], name?: string): Promise<SweepPlan> {
  const problem = name === undefined ? undefined : checkExpName(name);
  if (problem) throw new SweepError(problem);
  const parsed = overrides.map(parseOverride);
  const sets = parsed.length ? grid(parsed) : [{}];
  const baseline = (await git(root, ['rev-parse', '--verify', 'HEAD^{commit}'])).stdout.trim();
  const files = [...new Set(sets.flatMap((set) => Object.keys(set)))];
  const blobs = await readBlobs(root, files.map((f) => `${baseline}:${f}`));
  for (const set of sets) {
    for (const [i, file] of files.entries()) {
      if (!set[file]) continue;
      const text = blobs[i]?.toString('utf8');
      if (text === undefined) throw new SweepError(t('{0} is not in {1} (HEAD): -S sets keys of committed params files', file, baseline.slice(0, 7)));
      applyParams(text, file, set[file]);
    }
  }
  const taken = new Set((await listExperiments(root)).experiments.filter((e) => e.baseline === baseline).map((e) => e.name));
  const names = sets.map((_, i) => {
    if (name) return sets.length > 1 ? `${name}-${i + 1}` : name;
    const generated = generatedName(Math.random, taken);
    taken.add(generated);
    return generated;
  });
  for (const n of names) if (name && taken.has(n)) throw new SweepError(t('an experiment named \'{0}\' already exists on {1}', n, baseline.slice(0, 7)));
  return { baseline, sets, names };
}
