/**
 * Which stages a run considers, in an order that respects the DAG, as `dvc repro` picks them: no
 * stage named, every stage; stages named, them and what they depend on (upstream), with
 * `--downstream` them and what depends on them, or with `--single-item` (`-s`) them alone.
 */
import type { Pipeline, Stage } from '../../pipeline/model';
import { reachable, topologicalOrder } from '../../common/graph';
import { t } from '../../l10n/t';

export class StageSelectionError extends Error {
  override readonly name = 'StageSelectionError';
}

function neighbours(pipeline: Pipeline, direction: 'up' | 'down'): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [from, to] of pipeline.edges) {
    const [key, value] = direction === 'up' ? [to, from] : [from, to];
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

/** Stage names matching a target: an expanded name, or a `foreach`/`matrix` definition's name (all its stages). */
function matching(pipeline: Pipeline, target: string): Stage[] {
  const exact = pipeline.stages.filter((s) => s.name === target);
  return exact.length ? exact : pipeline.stages.filter((s) => s.definition === target);
}

/** What a run of named stages takes with them: what they depend on, what depends on them, or nothing. */
export type StageScope = 'upstream' | 'downstream' | 'single';

/** The stages to consider, in topological order (file order among independent ones). */
export function selectStages(pipeline: Pipeline, targets: readonly string[] = [], scope: StageScope = 'upstream'): Stage[] {
  let chosen: Set<string>;
  if (targets.length === 0) chosen = new Set(pipeline.stages.map((s) => s.name));
  else {
    chosen = new Set();
    const next = scope === 'single' ? new Map<string, string[]>() : neighbours(pipeline, scope === 'downstream' ? 'down' : 'up');
    const starts: string[] = [];
    for (const target of targets) {
      const found = matching(pipeline, target);
      if (!found.length) throw new StageSelectionError(t('no stage named `{0}` in {1}', target, pipeline.file));
      starts.push(...found.map((s) => s.name));
    }
    chosen = reachable(starts, (name) => next.get(name) ?? []);
  }
  return topological(pipeline).filter((s) => chosen.has(s.name));
}

/**
 * Every stage after the stages it depends on, otherwise in file order (each stage in turn, its
 * upstream placed first, depth first); a stage met again while being placed (a cycle) is placed as is.
 */
export function topological(pipeline: Pipeline): Stage[] {
  const up = neighbours(pipeline, 'up');
  const byName = new Map(pipeline.stages.map((s) => [s.name, s]));
  return topologicalOrder(pipeline.stages, (stage) => (up.get(stage.name) ?? []).flatMap((name) => byName.get(name) ?? []));
}

/** For each stage, the stages it depends on directly. */
export function upstreamOf(pipeline: Pipeline): Map<string, string[]> {
  return neighbours(pipeline, 'up');
}
