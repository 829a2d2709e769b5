/**
 * Generated diagrams as a graph (`graph()`, what the diagram panel draws) and as the Mermaid
 * flowchart written from it (`text()`, what the CLI prints). Every label is escaped with Mermaid's entity
 * codes, so no workspace string can end a label, start a directive or inject markup: `<script>`
 * is drawn as the text `<script>`.
 */
import type { Range } from 'vscode-languageserver-types';
// The styles' values from their own module: protocol/diagrams.ts defines the request too (the LSP protocol's code, which the CLI does not load).
import { BROKEN_COLOUR, diagramClassProperties, EXTERNAL_COLOUR, type DiagramClassProperty, type DiagramEdgeStyle, type DiagramShape } from '../../protocol/diagramStyle';
import type { DiagramGraph, DiagramGraphEdge, DiagramKind, DiagramResult, DiagramGraphNode, DiagramNodeSource } from '../../protocol/diagrams';

export { BROKEN_COLOUR, EXTERNAL_COLOUR };

/** Mermaid entity codes (`#lt;`), decoded by Mermaid when it draws the label as text. */
const entities: Record<string, string> = { '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '`': '#96;', '|': '#124;', '[': '#91;', ']': '#93;', '{': '#123;', '}': '#125;', '\\': '#92;' };

/** A workspace string as the text of a quoted Mermaid label (one line). */
export function labelText(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[#"<>&`|[\]{}\\]/g, (c) => entities[c]);
}

/**
 * The node shapes generated diagrams use. Not the stadium (`([…])`): Mermaid 11 draws it as a path
 * of ~40 KB per node (its rounded ends as many curve segments, twice), which made a 200-node
 * topology's SVG 2.5 MB and its drawing a quarter slower; every shape here is a rectangle, polygon
 * or small path.
 */
export type Shape = DiagramShape;
const shapes: Record<Shape, [string, string]> = {
  rect: ['[', ']'],
  round: ['(', ')'],
  subroutine: ['[[', ']]'],
  cylinder: ['[(', ')]'],
  hexagon: ['{{', '}}'],
  parallelogram: ['[/', '/]'],
  asymmetric: ['>', ']'],
  circle: ['((', '))'],
};

export type EdgeStyle = DiagramEdgeStyle;

interface Group {
  id: string;
  label: string;
  members: string[];
}

export class Flowchart {
  /** Nodes by id, in the order they were added. */
  private readonly nodes = new Map<string, DiagramGraphNode>();
  private readonly edges: DiagramGraphEdge[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly classDefs = new Map<string, Partial<Record<DiagramClassProperty, string>>>();
  readonly sources: DiagramNodeSource[] = [];

  constructor(private readonly direction: 'LR' | 'TB' = 'LR') {}

  get nodeCount(): number {
    return this.nodes.size;
  }

  get edgeCount(): number {
    return this.edges.length;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** A node (once per id); `lines` are drawn one per line. */
  node(id: string, lines: readonly string[], options: { shape?: Shape; classes?: string[]; source?: { uri: string; range: Range }; group?: { id: string; label: string } } = {}): void {
    if (this.nodes.has(id)) return;
    this.nodes.set(id, { id, lines: [...lines], shape: options.shape ?? 'rect', classes: options.classes ?? [], group: options.group?.id });
    if (options.source) this.sources.push({ id, uri: options.source.uri, range: options.source.range });
    if (options.group) {
      let group = this.groups.get(options.group.id);
      if (!group) this.groups.set(options.group.id, (group = { ...options.group, members: [] }));
      group.members.push(id);
    }
  }

  edge(from: string, to: string, label?: string, style: EdgeStyle = 'solid'): void {
    if (this.edges.some((e) => e.from === from && e.to === to && e.label === label)) return;
    this.edges.push({ from, to, label, style });
  }

  /** A node class: `properties` as Mermaid's classDef writes them (`stroke:#e51400,stroke-width:2px`). */
  classDef(name: string, properties: Partial<Record<DiagramClassProperty, string>>): void {
    this.classDefs.set(name, properties);
  }

  /** The diagram as the panel and the CLI receive it: the chart in both forms, its sources and counts. */
  result(kind: DiagramKind, title: string, broken: number, empty: string | undefined): DiagramResult {
    return { kind, title, mermaid: this.text(), graph: this.graph(), sources: this.sources, nodes: this.nodeCount, edges: this.edgeCount, broken, empty };
  }

  graph(): DiagramGraph {
    return {
      direction: this.direction,
      nodes: [...this.nodes.values()],
      edges: this.edges.map((e) => ({ ...e })),
      groups: [...this.groups.values()].map(({ id, label }) => ({ id, label })),
      classes: Object.fromEntries(this.classDefs),
    };
  }

  text(): string {
    const out = [`flowchart ${this.direction}`];
    const declaration = (node: DiagramGraphNode) => {
      const [open, close] = shapes[node.shape];
      return `  ${node.id}${open}"${node.lines.map(labelText).join('<br/>')}"${close}`;
    };
    for (const group of this.groups.values()) {
      out.push(`  subgraph ${group.id}["${labelText(group.label)}"]`);
      for (const member of group.members) out.push(`  ${declaration(this.nodes.get(member)!)}`);
      out.push('  end');
    }
    for (const node of this.nodes.values()) if (node.group === undefined) out.push(declaration(node));
    const arrows: Record<EdgeStyle, string> = { solid: '-->', dashed: '-.->', thick: '==>', broken: '-.->', external: '-.->' };
    for (const edge of this.edges) {
      const label = edge.label ? `|"${labelText(edge.label)}"|` : '';
      out.push(`  ${edge.from} ${arrows[edge.style]}${label} ${edge.to}`);
    }
    this.edges.forEach((edge, i) => {
      if (edge.style === 'broken') out.push(`  linkStyle ${i} stroke:${BROKEN_COLOUR},stroke-width:2px,stroke-dasharray:6 4`);
      if (edge.style === 'external') out.push(`  linkStyle ${i} stroke:${EXTERNAL_COLOUR},stroke-dasharray:3 3`);
    });
    for (const [name, properties] of this.classDefs) {
      const css = diagramClassProperties.filter((p) => properties[p] !== undefined).map((p) => `${p}:${properties[p]}`);
      out.push(`  classDef ${name} ${css.join(',')}`);
    }
    const byClass = new Map<string, string[]>();
    for (const node of this.nodes.values()) for (const c of node.classes) byClass.set(c, [...(byClass.get(c) ?? []), node.id]);
    for (const [name, ids] of byClass) if (this.classDefs.has(name)) out.push(`  class ${ids.join(',')} ${name}`);
    return out.join('\n') + '\n';
  }
}
