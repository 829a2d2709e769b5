/** `kind: List` read for the system map (issue #79): each item an object of its own, said at its place in the List. */
import type { KubernetesObject } from './model/objects';
import { clusterScoped, isObject, type Path } from './model/workloads';

/** An item of a `kind: List` (Sock Shop's jaeger): its path in the List's document, where its lines are looked up. */
export const listItems = new WeakMap<KubernetesObject, Path>();

/** A `kind: List`'s items as objects of their own (at most 1,000 of one List), each said at its place in the List. */
export function itemsOf(list: KubernetesObject): KubernetesObject[] {
  const items = list.value.items;
  if (!Array.isArray(items)) return [];
  return items.slice(0, 1000).flatMap((item, i) => {
    if (!isObject(item) || typeof item.kind !== 'string') return [];
    const metadata = isObject(item.metadata) ? item.metadata : {};
    const object: KubernetesObject = {
      uri: list.uri, document: list.document, chunk: list.chunk, offset: list.offset, range: list.range,
      apiVersion: typeof item.apiVersion === 'string' ? item.apiVersion : list.apiVersion, kind: item.kind,
      name: typeof metadata.name === 'string' ? metadata.name : undefined,
      namespace: clusterScoped.has(item.kind) || typeof metadata.namespace !== 'string' ? undefined : metadata.namespace,
      value: item,
    };
    listItems.set(object, ['items', i]);
    return [object];
  });
}
