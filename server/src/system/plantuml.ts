/**
 * A view of the system as C4-PlantUML (the C4 macros of PlantUML's standard library: `!include <C4/…>`,
 * nothing fetched): the same elements and relationships as the Mermaid C4 export. What the oldest
 * standard library in use lacks — the C4-PlantUML 1.0.0 that Debian's PlantUML (1.2020.02) ships has no
 * C4_Deployment, no ContainerQueue and no Container_Ext — is written here in plain PlantUML (a `node`, a
 * `queue`, a `rectangle` with C4's stereotypes and colours), so the export renders on it and on every
 * later PlantUML alike, never redefining a macro a newer library has.
 */
import { aliases } from './aliases';
import { c4Element, callOrder, nestedGroups } from './mermaid';
import type { SystemViewGraph, ViewGroup, ViewNode } from './views';

/** A workspace string as a macro argument or a label: PlantUML has no escape for a quote inside one, so it becomes an apostrophe. */
function text(value: string | undefined): string {
  return `"${(value ?? '').replace(/[\r\n\t]+/g, ' ').replace(/\\/g, '/').replace(/"/g, "'")}"`;
}

/** C4's look for what is written in plain PlantUML (C4-PlantUML's colours: a container, an external container, a deployment node). */
const STYLES = [
  'skinparam queue<<container>> {',
  '  BackgroundColor #438DD5',
  '  FontColor #FFFFFF',
  '  BorderColor #3C7FC0',
  '}',
  'skinparam rectangle<<external_container>> {',
  '  BackgroundColor #999999',
  '  FontColor #FFFFFF',
  '  BorderColor #8A8A8A',
  '}',
  'skinparam node<<deployment_node>> {',
  '  BackgroundColor #FFFFFF',
  '  FontColor #000000',
  '  BorderColor #A2A2A2',
  '}',
];

/** A C4 shape's label in plain PlantUML: the name bold, the technology in brackets below. */
function shapeLabel(name: string, technology: string | undefined): string {
  const plain = (value: string) => text(value).slice(1, -1);
  return `"==${plain(name)}${technology ? `\\n//<size:12>[${plain(technology)}]</size>//` : ''}"`;
}

/**
 * PlantUML cuts a PNG at PLANTUML_LIMIT_SIZE, 4,096 px by default (issue #79: microservices-demo's deployment view, 14,503
 * px wide, lost three quarters of its width), and no directive of the text raises it: `scale max` shrinks a drawing past it
 * to fit instead (a smaller one is left as it is), so that nothing is cut; the deployment view's groups are laid out in
 * rows (`rows`), so that what fits is rarely shrunk.
 */
export const PLANTUML_LIMIT = 4096;

/**
 * Hidden links that lay items out in rows of about the square root of their number (the first of each row below the first
 * of the row above): Graphviz otherwise puts every box of a group side by side on one line.
 */
function rows(items: readonly string[]): string[] {
  if (items.length <= 4) return [];
  const width = Math.ceil(Math.sqrt(items.length));
  const out: string[] = [];
  for (let i = 0; i + width < items.length; i++) out.push(`${items[i]} -[hidden]down- ${items[i + width]}`);
  return out;
}

export function systemPlantUml(graph: SystemViewGraph): string {
  const alias = aliases(graph);
  const element = (node: ViewNode, indent: string): string => {
    const macro = c4Element(node, graph.view);
    const id = alias.get(node.id)!;
    if (macro === 'ContainerQueue') return `${indent}queue ${shapeLabel(node.name, node.technology)} <<container>> as ${id}`;
    if (macro === 'Container_Ext') return `${indent}rectangle ${shapeLabel(node.name, node.technology)} <<external_container>> as ${id}`;
    const described = macro === 'System_Ext' && node.technology ? `, ${text(node.technology)}` : '';
    return `${indent}${macro}(${id}, ${text(node.name)}${node.kind === 'person' || graph.view === 'context' ? described : `, ${text(node.technology)}`})`;
  };
  const out = ['@startuml', ...(graph.note ? [`' ${graph.note.replace(/[\r\n]+/g, ' ')}`] : []), '!include <C4/C4_Container>', ...STYLES, `scale max ${PLANTUML_LIMIT}*${PLANTUML_LIMIT}`, `title ${text(`${graph.system}: ${graph.view}`).slice(1, -1)}`];
  const ordered = callOrder(graph, graph.nodes);
  const hidden: string[] = [];
  if (graph.view === 'deployment') {
    out.push(...deploymentNodes({ ...graph, nodes: ordered }, alias, element, hidden));
    for (const node of nestedGroups({ ...graph, nodes: ordered }).loose) out.push(element(node, ''));
  } else if (graph.view === 'context') {
    for (const node of ordered) out.push(element(node, ''));
  } else {
    const inside = ordered.filter((n) => n.kind !== 'person' && n.kind !== 'external');
    for (const node of ordered) if (node.kind === 'person') out.push(element(node, ''));
    if (inside.length > 0) {
      out.push(`System_Boundary(${alias.get('system:boundary')}, ${text(graph.system)}) {`);
      for (const node of inside) out.push(element(node, '  '));
      out.push('}');
    }
    for (const node of ordered) if (node.kind === 'external') out.push(element(node, ''));
  }
  for (const edge of graph.edges) {
    const [from, to] = [alias.get(edge.from), alias.get(edge.to)];
    // A possible call and an exposure (Users reaching a store's published port) are dashed, as in the other exports (C4-PlantUML 1.0.0 has no dashed Rel).
    if (edge.kind === 'may-call' || edge.kind === 'reaches') out.push(`${from} ..> ${to} : ${text(`${edge.label}${edge.protocol ? ` [${edge.protocol}]` : ''}`).slice(1, -1)}`);
    else out.push(`Rel(${from}, ${to}, ${text(edge.label)}${edge.protocol ? `, ${text(edge.protocol)}` : ''})`);
  }
  out.push(...hidden, '@enduml');
  return `${out.join('\n')}\n`;
}

/** The deployment view's groups as nested PlantUML `node` blocks (C4's Deployment_Node), iteratively. */
function deploymentNodes(graph: SystemViewGraph, alias: Map<string, string>, element: (node: ViewNode, indent: string) => string, hidden: string[]): string[] {
  const { roots, children, members, loose } = nestedGroups(graph);
  // A group in its parent's rows stands by its first box (its own, else its first child's, down the tree).
  const first = new Map<string, string>();
  const firstOf = (group: ViewGroup): string | undefined => {
    let at: ViewGroup | undefined = group;
    for (let depth = 0; at && depth < 64; depth++) {
      const own = members.get(at.id)?.[0];
      if (own) return alias.get(own.id);
      at = children.get(at.id)?.[0];
    }
    return undefined;
  };
  const itemsOf = (nodes: readonly ViewNode[], groups: readonly ViewGroup[]) => [...nodes.map((n) => alias.get(n.id)!), ...groups.map((g) => first.get(g.id) ?? firstOf(g)).filter((a): a is string => a !== undefined)];
  for (const group of graph.groups) {
    const id = firstOf(group);
    if (id) first.set(group.id, id);
  }
  hidden.push(...rows(itemsOf(loose, roots)));
  for (const group of graph.groups) hidden.push(...rows(itemsOf(members.get(group.id) ?? [], children.get(group.id) ?? [])));
  const out: string[] = [];
  const stack: { group: ViewGroup; depth: number; open: boolean }[] = roots.map((group) => ({ group, depth: 0, open: true })).reverse();
  const seen = new Set<string>();
  while (stack.length > 0) {
    const at = stack.pop()!;
    const indent = '  '.repeat(at.depth);
    if (!at.open) {
      out.push(`${indent}}`);
      continue;
    }
    if (seen.has(at.group.id)) continue;
    seen.add(at.group.id);
    out.push(`${indent}node ${shapeLabel(at.group.name, at.group.technology)} <<deployment_node>> as ${alias.get(at.group.id)} {`);
    for (const node of members.get(at.group.id) ?? []) out.push(element(node, `${indent}  `));
    stack.push({ ...at, open: false });
    for (const child of [...(children.get(at.group.id) ?? [])].reverse()) stack.push({ group: child, depth: at.depth + 1, open: true });
  }
  return out;
}
