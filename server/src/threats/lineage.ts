/**
 * Classified through model lineage (issue #78): a component serving a model trained on classified data processes
 * that data — what it answers is learnt from it (a model trained on card numbers can leak them: membership and
 * model-inversion attacks). The map knows the lineage: a component `serves` a model or `reads` one, or `runs` an
 * image a Dockerfile `builds` with the model `packages`d into it; the model's categories are those the privacy facts
 * carry from the stage that wrote it to its outputs (a `train` stage reading the card transactions). So a
 * LoadBalancer, NodePort or Ingress in front of it is rated by that classification, as a store's caller is.
 * Pure: the map and the categories in.
 */
import type { SystemEdge, SystemNode, SystemSource } from '../features/system/contributor';
import type { MapFacts } from './scan';

export interface Lineage {
  /** The component. */
  id: string;
  /** The fideslang categories of the data its models were trained on. */
  categories: string[];
  /** The model nodes. */
  models: string[];
  /** The lines that tie it to them (the serving, the COPY of the model). */
  sources: SystemSource[];
}

/** The lineage of each component that serves a classified model (`categoriesOf`: a model node's categories). */
export function lineageOf(map: MapFacts, componentIds: Iterable<string>, categoriesOf: (node: SystemNode) => readonly string[]): Lineage[] {
  const from = new Map<string, SystemEdge[]>();
  const to = new Map<string, SystemEdge[]>();
  const add = (index: Map<string, SystemEdge[]>, key: string, edge: SystemEdge) => {
    const list = index.get(key);
    if (list) list.push(edge);
    else index.set(key, [edge]);
  };
  for (const edge of map.edges) {
    if (edge.kind === 'serves' || edge.kind === 'reads' || edge.kind === 'runs') add(from, edge.from, edge);
    else if (edge.kind === 'builds' || edge.kind === 'packages') add(to, edge.to, edge);
  }
  const found: Lineage[] = [];
  for (const id of componentIds) {
    const models = new Map<string, SystemSource[]>();
    const take = (model: string, sources: readonly SystemSource[]) => {
      if (map.node(model)?.kind === 'model') models.set(model, [...(models.get(model) ?? []), ...sources]);
    };
    // One level each: the model served or read; the image run, the Dockerfiles building it, the models copied in.
    for (const edge of from.get(id) ?? []) {
      if (edge.kind !== 'runs') take(edge.to, edge.sources);
      else for (const build of to.get(edge.to) ?? []) if (build.kind === 'builds') for (const packed of to.get(build.from) ?? []) if (packed.kind === 'packages') take(packed.from, packed.sources);
    }
    const categories = new Set<string>();
    const classified: string[] = [];
    const sources: SystemSource[] = [];
    for (const [model, lines] of models) {
      const of = categoriesOf(map.node(model)!);
      if (of.length === 0) continue;
      classified.push(model);
      sources.push(...lines);
      for (const c of of) categories.add(c);
    }
    if (classified.length > 0) found.push({ id, categories: [...categories].sort(), models: classified, sources });
  }
  return found;
}
