/**
 * A view of the system as C4-PlantUML (the C4 macros of PlantUML's standard library: `!include <C4/…>`,
 * nothing fetched): the same elements and relationships as the Mermaid C4 export.
 */
import { aliases } from './aliases';
import { c4Element, nestedGroups, nestedLines } from './mermaid';
import type { SystemViewGraph, ViewNode } from './views';

/** A workspace string as a macro argument: PlantUML has no escape for a quote inside one, so it becomes an apostrophe. */
function text(value: string | undefined): string {
  return `"${(value ?? '').replace(/[\r\n\t]+/g, ' ').replace(/"/g, "'")}"`;
}

const libraries: Record<string, string> = { context: 'C4_Context', containers: 'C4_Container', deployment: 'C4_Deployment', delivery: 'C4_Container' };

export function systemPlantUml(graph: SystemViewGraph): string {
  const alias = aliases(graph);
  const element = (node: ViewNode, indent: string) => `${indent}${c4Element(node, graph.view)}(${alias.get(node.id)}, ${text(node.name)}${node.kind === 'person' || graph.view === 'context' ? '' : `, ${text(node.technology)}`})`;
  const out = ['@startuml', `!include <C4/${libraries[graph.view]}>`, `title ${text(`${graph.system}: ${graph.view}`).slice(1, -1)}`];
  if (graph.view === 'deployment') {
    out.push(...nestedLines(graph, 0, (group, indent) => `${indent}Deployment_Node(${alias.get(group.id)}, ${text(group.name)}, ${text(group.technology)}) {`, element, (indent) => `${indent}}`));
    for (const node of nestedGroups(graph).loose) out.push(element(node, ''));
  } else if (graph.view === 'context') {
    for (const node of graph.nodes) out.push(element(node, ''));
  } else {
    for (const node of graph.nodes) if (node.kind === 'person') out.push(element(node, ''));
    out.push(`System_Boundary(${alias.get('system:boundary')}, ${text(graph.system)}) {`);
    for (const node of graph.nodes) if (node.kind !== 'person' && node.kind !== 'external') out.push(element(node, '  '));
    out.push('}');
    for (const node of graph.nodes) if (node.kind === 'external') out.push(element(node, ''));
  }
  for (const edge of graph.edges) out.push(`Rel(${alias.get(edge.from)}, ${alias.get(edge.to)}, ${text(edge.label)}${edge.protocol ? `, ${text(edge.protocol)}` : ''})`);
  out.push('@enduml');
  return `${out.join('\n')}\n`;
}
