/**
 * "Why is this arrow here" on a value a kustomize patch wrote (issue #79): the patch file's line that writes it, not
 * the kustomization's `patches:`.
 */
import type { SystemBuilder, SystemSource } from '../features/system/contributor';
import { sourceAt } from '../features/system/source';
import { locate } from './checks/context';
import { KubernetesGraph, type KubernetesObject } from './model/objects';
import { get, type Path } from './model/workloads';

/** Where a patch file of `patcher`'s folder (or below) writes `path` of the object to the value it renders with: a strategic merge patch naming the same object. */
export function patchLine(builder: SystemBuilder, patcher: KubernetesObject, origin: KubernetesObject | undefined, object: KubernetesObject, path: Path, part: 'key' | 'value'): SystemSource | undefined {
  if (!origin?.name) return undefined;
  const folder = patcher.uri.slice(0, patcher.uri.lastIndexOf('/') + 1);
  const rendered = JSON.stringify(get(object.value, path) ?? null);
  for (const patch of KubernetesGraph.of(builder.index).named(origin.kind, origin.name)) {
    if (patch === origin || !patch.uri.startsWith(folder) || JSON.stringify(get(patch.value, path) ?? null) !== rendered) continue;
    const file = builder.index.get(patch.uri);
    const [start, end] = locate(patch, path, part);
    if (file && (start !== 0 || end !== 0)) return sourceAt(file, patch.offset + start, patch.offset + end);
  }
  return undefined;
}
