/** Identifiers for a view's nodes and groups in diagram languages (Mermaid, Structurizr, PlantUML): readable, unique, safe. */
import type { SystemViewGraph } from './views';

/** `api`, `cartservice`, `stock_predictor`, `ns_stock_prediction`: the name made an identifier, numbered when taken. */
export function aliases(graph: SystemViewGraph): Map<string, string> {
  const taken = new Set<string>();
  const out = new Map<string, string>();
  const give = (id: string, name: string) => {
    if (out.has(id)) return;
    let base = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|(?<!_)_+$/g, '').slice(0, 40) || 'n';
    if (/^\d/.test(base)) base = `n${base}`;
    let alias = base;
    for (let i = 2; taken.has(alias.toLowerCase()); i++) alias = `${base}_${i}`;
    taken.add(alias.toLowerCase());
    out.set(id, alias);
  };
  for (const node of graph.nodes) give(node.id, node.name);
  for (const group of graph.groups) give(group.id, group.kind === 'namespace' ? `ns_${group.name.replace(/^namespace /, '')}` : group.name);
  give('system:boundary', `${graph.system}_system`);
  return out;
}
