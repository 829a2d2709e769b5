/**
 * Which stages a run considers, in an order that respects the DAG, as `dvc repro` picks them: no
 * stage named, every stage; stages named, them and what they depend on (upstream), or with
 * `--downstream` them and what depends on them.
 */
import type { Pipeline, Stage } from '../../pipeline/model';
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

/** The stages to consider, in topological order (file order among independent ones). */
export function selectStages(pipeline: Pipeline, targets: readonly string[] = [], downstream = false): Stage[] {
  let chosen: Set<string>;
  if (targets.length === 0) chosen = new Set(pipeline.stages.map((s) => s.name));
  else {
    chosen = new Set();
    const next = neighbours(pipeline, downstream ? 'down' : 'up');
    const queue: string[] = [];
    for (const target of targets) {
      const found = matching(pipeline, target);
      if (!found.length) throw new StageSelectionError(t('no stage named `{0}` in {1}', target, pipeline.file));
      queue.push(...found.map((s) => s.name));
    }
    while (queue.length) {
      const name = queue.pop()!;
      if (chosen.has(name)) continue;
      chosen.add(name);
      queue.push(...(next.get(name) ?? []));
    }
  }
  return topological(pipeline).filter((s) => chosen.has(s.name));
}

/** Every stage after the stages it depends on (Kahn's algorithm, file order among ready ones); a cycle's stages come last. */
export function topological(pipeline: Pipeline): Stage[] {
  const up = neighbours(pipeline, 'up');
  const down = neighbours(pipeline, 'down');
  const waiting = new Map(pipeline.stages.map((s) => [s.name, new Set(up.get(s.name) ?? []).size]));
  const order: Stage[] = [];
  const byName = new Map(pipeline.stages.map((s) => [s.name, s]));
  const ready = pipeline.stages.filter((s) => waiting.get(s.name) === 0);
  const placed = new Set<string>();
  while (ready.length) {
    const stage = ready.shift()!;
    if (placed.has(stage.name)) continue;
    placed.add(stage.name);
    order.push(stage);
    for (const next of new Set(down.get(stage.name) ?? [])) {
      const left = (waiting.get(next) ?? 1) - 1;
      waiting.set(next, left);
      if (left === 0 && byName.has(next)) ready.push(byName.get(next)!);
    }
  }
  return [...order, ...pipeline.stages.filter((s) => !placed.has(s.name))];
}

/** For each stage, the stages it depends on directly. */
export function upstreamOf(pipeline: Pipeline): Map<string, string[]> {
  return neighbours(pipeline, 'up');
}
