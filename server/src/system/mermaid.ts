/**
 * A view of the system as Mermaid: C4 (C4Context, C4Container, C4Deployment) for the C4 views, a
 * flowchart for the delivery view (C4 has no diagram for a delivery path), and the flowchart graph
 * the diagram panel draws. Every string goes through the flowchart's escaping (Mermaid's entity codes):
 * no workspace name can end a string or start a directive.
 */
import type { DiagramResult } from '../protocol/diagrams';
import { Flowchart, labelText, type Shape } from '../features/diagram/flowchart';
import type { SystemViewGraph, ViewGroup, ViewNode } from './views';
import { aliases } from './aliases';
import { storeKinds } from '../features/system/contributor';
import { appendTo } from './lists';

/** The C4 element of a node (Mermaid's and PlantUML's macros share these names). */
export function c4Element(node: ViewNode, view: string): string {
  if (node.kind === 'person') return 'Person';
  if (node.kind === 'external') return view === 'context' ? 'System_Ext' : 'Container_Ext';
  if (node.kind === 'system') return 'System';
  if (view === 'context') return 'System';
  if (storeKinds.has(node.kind)) return 'ContainerDb';
  if (node.kind === 'broker') return 'ContainerQueue';
  return 'Container';
}

/**
 * A workspace string as Mermaid C4 text: the flowchart's escaping, and `;` as its entity code too —
 * C4's lexer ends a title at `;` (and Mermaid reads `#…;` before any diagram's grammar does).
 */
function c4Text(text: string): string {
  return text.split(';').map(labelText).join('#59;');
}

function quoted(text: string | undefined): string {
  return `"${c4Text(text ?? '')}"`;
}

/** The groups of the deployment view, nested by parent, each with its nodes. */
export function nestedGroups(graph: SystemViewGraph): { roots: ViewGroup[]; children: Map<string, ViewGroup[]>; members: Map<string, ViewNode[]>; loose: ViewNode[] } {
  const children = new Map<string, ViewGroup[]>();
  const members = new Map<string, ViewNode[]>();
  const known = new Set(graph.groups.map((g) => g.id));
  const roots: ViewGroup[] = [];
  for (const group of graph.groups) {
    if (group.parent && known.has(group.parent) && group.parent !== group.id) appendTo(children, group.parent, group);
    else roots.push(group);
  }
  const loose: ViewNode[] = [];
  for (const node of graph.nodes) {
    if (node.group && known.has(node.group)) appendTo(members, node.group, node);
    else loose.push(node);
  }
  // A group holding nothing is not drawn (an empty block does not parse in Mermaid's C4): a group is kept when it or a group under it holds a node.
  const parents = new Map(graph.groups.map((g) => [g.id, g.parent]));
  const filled = new Set<string>();
  for (const id of members.keys()) {
    let at: string | undefined = id;
    for (let depth = 0; at !== undefined && known.has(at) && !filled.has(at) && depth < 64; depth++) {
      filled.add(at);
      at = parents.get(at);
    }
  }
  for (const [id, list] of children) children.set(id, list.filter((g) => filled.has(g.id)));
  return { roots: roots.filter((g) => filled.has(g.id)), children, members, loose };
}

/**
 * The nodes in the order Mermaid's C4 should place them (it fills rows in the order elements are
 * written): along the calls, callers before what they call — the people, what they reach, then
 * breadth first down the calls — so that most arrows point the same way; what nothing reaches after.
 */
export function callOrder(graph: SystemViewGraph, nodes: readonly ViewNode[]): ViewNode[] {
  const wanted = new Set(nodes.map((n) => n.id));
  const out = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const edge of graph.edges) {
    if (!wanted.has(edge.from) || !wanted.has(edge.to) || edge.from === edge.to || edge.kind === 'depends-on') continue;
    appendTo(out, edge.from, edge.to);
    indegree.set(edge.to, (indegree.get(edge.to) ?? 0) + 1);
  }
  const order: ViewNode[] = [];
  const placed = new Set<string>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const starts = [...nodes.filter((n) => n.kind === 'person'), ...nodes.filter((n) => n.kind !== 'person' && !indegree.has(n.id) && out.has(n.id)), ...nodes];
  for (const start of starts) {
    if (placed.has(start.id)) continue;
    const queue = [start.id];
    placed.add(start.id);
    while (queue.length > 0) {
      const id = queue.shift()!;
      order.push(byId.get(id)!);
      for (const next of out.get(id) ?? []) {
        if (placed.has(next)) continue;
        placed.add(next);
        queue.push(next);
      }
    }
  }
  return order;
}

/**
 * Past this many elements, Mermaid's C4 diagrams (shapes in rows in the order they are written, every
 * arrow straight, labels at the arrows' middles) put labels on top of each other and arrows across
 * boxes: the view is then written as a flowchart, which Mermaid lays out by its layered engine, with
 * the C4 shapes' kinds as its own shapes. The C4 export of any size is Structurizr's or C4-PlantUML's.
 */
export const MERMAID_C4_LIMIT = 20;

/**
 * The deployment view's groups as nested blocks of lines, iteratively (a deep nesting from a hostile
 * file does not recurse): `open` a group's lines at its depth, its nodes (`member`), its children, then
 * `close`. Each exporter says how a block opens, a node reads and a block closes in its language.
 */
function nestedLines(graph: SystemViewGraph, depth: number, open: (group: ViewGroup, indent: string) => string, member: (node: ViewNode, indent: string) => string | undefined, close: (indent: string) => string): string[] {
  const { roots, children, members } = nestedGroups(graph);
  const out: string[] = [];
  const stack: { group: ViewGroup; depth: number; open: boolean }[] = roots.map((group) => ({ group, depth, open: true })).reverse();
  const seen = new Set<string>();
  while (stack.length > 0) {
    const top = stack.pop()!;
    const indent = '  '.repeat(top.depth);
    if (!top.open) {
      out.push(close(indent));
      continue;
    }
    if (seen.has(top.group.id)) continue;
    seen.add(top.group.id);
    out.push(open(top.group, indent));
    for (const node of members.get(top.group.id) ?? []) {
      const line = member(node, `${indent}  `);
      if (line !== undefined) out.push(line);
    }
    stack.push({ ...top, open: false });
    for (const child of [...(children.get(top.group.id) ?? [])].reverse()) stack.push({ group: child, depth: top.depth + 1, open: true });
  }
  return out;
}

/** Mermaid C4 (or a flowchart for the delivery view, and for a view past MERMAID_C4_LIMIT elements). */
export function systemMermaid(graph: SystemViewGraph): string {
  const text = mermaidOf(graph);
  return graph.note ? `%% ${graph.note.replace(/[\r\n]+/g, ' ')}\n${text}` : text;
}

function mermaidOf(graph: SystemViewGraph): string {
  if (graph.view === 'delivery') return systemFlowchart(graph).text();
  if (graph.nodes.length > MERMAID_C4_LIMIT) {
    const note = `%% ${graph.nodes.length} elements: past ${MERMAID_C4_LIMIT}, Mermaid's C4 layout overlaps labels and arrows, so this ${graph.view} view is a flowchart (archipel diagram system --format structurizr or plantuml for C4).`;
    return `${note}\n${systemFlowchart(graph).text()}`;
  }
  const alias = aliases(graph);
  const element = (node: ViewNode, indent: string) => `${indent}${c4Element(node, graph.view)}(${alias.get(node.id)}, ${quoted(node.name)}${node.kind === 'person' || graph.view === 'context' ? (node.kind === 'external' && node.technology ? `, ${quoted(node.technology)}` : '') : `, ${quoted(node.technology)}`})`;
  const out: string[] = [graph.view === 'context' ? 'C4Context' : graph.view === 'deployment' ? 'C4Deployment' : 'C4Container', `  title ${c4Text(`${graph.system}: ${graph.view}`)}`];
  const ordered = callOrder(graph, graph.nodes);
  if (graph.view === 'deployment') {
    out.push(...nestedLines({ ...graph, nodes: ordered }, 1, (group, indent) => `${indent}Deployment_Node(${alias.get(group.id)}, ${quoted(group.name)}, ${quoted(group.technology)}) {`, element, (indent) => `${indent}}`));
    for (const node of nestedGroups({ ...graph, nodes: ordered }).loose) out.push(element(node, '  '));
  } else if (graph.view === 'containers') {
    const inside = ordered.filter((n) => n.kind !== 'person' && n.kind !== 'external');
    for (const node of ordered) if (node.kind === 'person') out.push(element(node, '  '));
    if (inside.length > 0) {
      out.push(`  System_Boundary(${alias.get('system:boundary')}, ${quoted(graph.system)}) {`);
      for (const node of inside) out.push(element(node, '    '));
      out.push('  }');
    }
    for (const node of ordered) if (node.kind === 'external') out.push(element(node, '  '));
  } else {
    for (const node of ordered) out.push(element(node, '  '));
  }
  for (const edge of graph.edges) out.push(`  Rel(${alias.get(edge.from)}, ${alias.get(edge.to)}, ${quoted(edge.label)}${edge.protocol ? `, ${quoted(edge.protocol)}` : ''})`);
  // Rows as wide as the square root of the shapes: Mermaid's default (4 per row, 2 boundaries) stretches a large view sideways.
  const shapes = graph.nodes.length;
  if (shapes > 4) out.push(`  UpdateLayoutConfig($c4ShapeInRow="${Math.min(6, Math.max(3, Math.ceil(Math.sqrt(shapes))))}", $c4BoundaryInRow="1")`);
  return `${out.join('\n')}\n`;
}

const shapes: Record<string, Shape> = {
  person: 'circle', external: 'subroutine', datastore: 'cylinder', broker: 'parallelogram', endpoint: 'round', job: 'hexagon',
  data: 'cylinder', model: 'hexagon', stage: 'rect', image: 'parallelogram', build: 'asymmetric', pipeline: 'subroutine', monitor: 'round', system: 'rect',
};

/** The view as a flowchart: what the diagram panel draws, and the delivery view's Mermaid. */
export function systemFlowchart(graph: SystemViewGraph): Flowchart {
  const chart = new Flowchart('LR');
  const alias = aliases(graph);
  const groups = new Map(graph.groups.map((g) => [g.id, g]));
  // One level of grouping in a flowchart: a namespace says its cluster in its label.
  const groupLabel = (group: ViewGroup) => (group.parent && groups.has(group.parent) ? `${groups.get(group.parent)!.name} / ${group.name}` : group.name);
  for (const node of graph.nodes) {
    const group = node.group ? groups.get(node.group) : undefined;
    chart.node(alias.get(node.id)!, [node.name || node.id, ...(node.technology ? [node.technology] : [])], {
      shape: shapes[node.kind] ?? 'rect',
      ...(node.sources[0] ? { source: node.sources[0] } : {}),
      ...(group ? { group: { id: alias.get(group.id)!, label: groupLabel(group) } } : {}),
    });
  }
  for (const edge of graph.edges) chart.edge(alias.get(edge.from)!, alias.get(edge.to)!, edge.label, edge.kind === 'depends-on' || edge.kind === 'scrapes' || edge.kind === 'may-call' || edge.kind === 'reaches' ? 'dashed' : edge.kind === 'deploys' ? 'thick' : 'solid');
  return chart;
}

/** The view as the diagram panel's result. */
export function systemDiagram(graph: SystemViewGraph, title: string, empty: string | undefined): DiagramResult {
  const chart = systemFlowchart(graph);
  return { ...chart.result('system', title, 0, empty), mermaid: systemMermaid(graph) };
}
