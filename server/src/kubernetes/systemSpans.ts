import type { SystemBuilder } from '../features/system/contributor';
import type { SourceNode } from '../yaml/sourceNode';
import type { KubernetesObject } from './model/objects';

/**
 * The object's spans for the map, not kept by its document: the map places values of every manifest of the
 * workspace, and a tree kept per document would hold them all at once (10,000 services: 20,000 trees). The last
 * document's tree is kept for the next value of the same document (an object's values are placed together).
 */
const lastSpans = new WeakMap<SystemBuilder, { chunk: KubernetesObject['chunk']; tree: SourceNode | null }>();
export function spansOnce(builder: SystemBuilder, object: KubernetesObject): SourceNode | null | undefined {
  if (!(object.chunk as KubernetesObject['chunk'] | undefined)) return undefined;
  const last = lastSpans.get(builder);
  if (last?.chunk === object.chunk) return last.tree;
  const tree = object.chunk.treeOnce;
  lastSpans.set(builder, { chunk: object.chunk, tree });
  return tree;
}

