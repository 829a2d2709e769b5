/**
 * One store said once (issue #95, langfuse's six-node Redis Cluster): the nodes of one cluster written in one Compose file
 * from one YAML anchor are instances of one logical store, as a program deployed several ways is (logical.ts). A cluster is
 * told by three things together, never by a name alone: the stores run the same image, their names differ only by a last
 * number (`redis-node-0` … `redis-node-5`), and each of their blocks merges the same anchor (`<<: *redis-cluster-common-env`).
 * Its main node is the lowest-numbered one. Pure: the map and each block's lines in.
 */
import { storeKinds, type SystemNode, type SystemSource } from '../features/system/contributor';
import type { MapFacts } from './scan';

/** `<<: *name`, a merge of an anchor. */
const MERGE = /^\s*<<\s*:\s*\*([\w.-]+)\s*$/;

/** A numbered name: its stem and its number (`redis-node-3` → `redis-node`, 3). */
const NUMBERED = /^(.*?[a-z])[-_]?(\d{1,3})$/i;

/**
 * The main node of each cluster member (members only: a main node and any node of no cluster are not keys), for the
 * stores of one Compose file.
 */
export function clusterMains(map: Pick<MapFacts, 'nodes'>, blockLines: (source: SystemSource) => readonly string[]): Map<string, string> {
  const groups = new Map<string, { node: SystemNode; number: number; anchors: Set<string> }[]>();
  for (const node of map.nodes) {
    const source = node.sources.find((s) => s.uri.startsWith('file:'));
    const numbered = NUMBERED.exec(node.name);
    if (!storeKinds.has(node.kind) || !node.id.startsWith('compose:') || node.image === undefined || source === undefined || numbered === null) continue;
    const anchors = new Set(blockLines(source).flatMap((line) => MERGE.exec(line)?.[1] ?? []));
    if (anchors.size === 0) continue;
    const key = `${source.uri}\n${node.image}\n${numbered[1]}`;
    const group = groups.get(key) ?? [];
    group.push({ node, number: Number(numbered[2]), anchors });
    groups.set(key, group);
  }
  const mains = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const shared = [...group[0].anchors].filter((anchor) => group.every((member) => member.anchors.has(anchor)));
    if (shared.length === 0) continue;
    const sorted = [...group].sort((a, b) => a.number - b.number);
    for (const member of sorted.slice(1)) mains.set(member.node.id, sorted[0].node.id);
  }
  return mains;
}

/** The fold of the system map (`logicalOf`) with each cluster member folded into its cluster's main node. */
export function withClusters(map: Pick<MapFacts, 'nodes'>, logicalOf: ((id: string) => string | undefined) | undefined, blockLines: (source: SystemSource) => readonly string[]): ((id: string) => string | undefined) | undefined {
  const mains = clusterMains(map, blockLines);
  if (mains.size === 0) return logicalOf;
  return (id) => {
    const logical = logicalOf?.(id);
    return mains.get(logical ?? id) ?? logical;
  };
}
