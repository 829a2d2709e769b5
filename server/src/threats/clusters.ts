/**
 * One store said once (issue #95): the nodes of one cluster written in one Compose file are instances of one logical store,
 * as a program deployed several ways is (logical.ts). A cluster is told by things together, never by a name alone: the
 * stores run the same image and their names differ only by a last number (`redis-node-0` … `redis-node-5`), and either
 * - each of their blocks merges the same anchor (`<<: *redis-cluster-common-env`: langfuse's six-node Redis Cluster; in a
 *   list, `<<: [*common, *node]`, too), or
 * - each runs in Redis Cluster mode (`--cluster-enabled yes`, a `cluster-enabled yes` line, bitnami/redis-cluster's
 *   `REDIS_NODES`/`REDIS_CLUSTER_*` settings or image) and one line of the file names every one of them: the one-shot's
 *   `redis-cli --cluster create redis-node-1:6379 …`, or their own `REDIS_NODES=redis-node-0 … redis-node-5`
 *   (minghsu0107/go-random-chat).
 * Its main node is the lowest-numbered one. Pure: the map and each block's lines in.
 */
import { storeKinds, type SystemNode, type SystemSource } from '../features/system/contributor';
import { mergedAnchors } from './evidence';
import type { MapFacts } from './scan';


/** A numbered name: its stem and its number (`redis-node-3` → `redis-node`, 3). */
const NUMBERED = /^(.*?[a-z])[-_]?(\d{1,3})$/i;

/** A Redis running in cluster mode: its command, its configuration's line, bitnami/redis-cluster's settings. */
const CLUSTER_MODE = /--cluster-enabled["',\s]{1,10}yes\b|^\s*cluster-enabled\s+yes\b|\bREDIS_NODES["']?\s*[:=]|\bREDIS_CLUSTER_[A-Z_]{1,40}["']?\s*[:=]/;

/** Whether a line names the service as a word of its own (`redis-node-1:6379`, `redis-node-1 redis-node-2`), not as the stem of another (`redis-node-10`). */
function names(line: string, name: string): boolean {
  for (let at = line.indexOf(name); at !== -1; at = line.indexOf(name, at + 1)) {
    const before = at === 0 ? '' : line[at - 1];
    const after = line[at + name.length] ?? '';
    if (!/[\w.-]/.test(before) && !/[\w-]/.test(after)) return true;
  }
  return false;
}

/**
 * The main node of each cluster member (members only: a main node and any node of no cluster are not keys), for the
 * stores of one Compose file.
 */
export function clusterMains(map: Pick<MapFacts, 'nodes'>, blockLines: (source: SystemSource) => readonly string[]): Map<string, string> {
  const groups = new Map<string, { node: SystemNode; number: number; anchors: Set<string>; clustered: boolean }[]>();
  /** Every service's first block, by file: where a line naming a whole cluster is looked for. */
  const blocksOf = new Map<string, SystemSource[]>();
  for (const node of map.nodes) {
    const source = node.sources.find((s) => s.uri.startsWith('file:'));
    if (source && node.id.startsWith('compose:')) blocksOf.set(source.uri, [...(blocksOf.get(source.uri) ?? []), source]);
    const numbered = NUMBERED.exec(node.name);
    if (!storeKinds.has(node.kind) || !node.id.startsWith('compose:') || node.image === undefined || source === undefined || numbered === null) continue;
    const lines = blockLines(source).filter((line) => !/^\s*#/.test(line));
    const anchors = new Set(lines.flatMap(mergedAnchors));
    const clustered = /(?:^|\/)redis-cluster(?:[:@]|$)/.test(node.image) || lines.some((line) => CLUSTER_MODE.test(line));
    if (anchors.size === 0 && !clustered) continue;
    const key = `${source.uri}\n${node.image}\n${numbered[1]}`;
    const group = groups.get(key) ?? [];
    group.push({ node, number: Number(numbered[2]), anchors, clustered });
    groups.set(key, group);
  }
  const mains = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const shared = [...group[0].anchors].filter((anchor) => group.every((member) => member.anchors.has(anchor)));
    const uri = group[0].node.sources.find((s) => s.uri.startsWith('file:'))!.uri;
    const joined = shared.length > 0 || (group.every((member) => member.clustered) && (blocksOf.get(uri) ?? []).some((block) => blockLines(block).some((line) => !/^\s*#/.test(line) && group.every((member) => names(line, member.node.name)))));
    if (!joined) continue;
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
