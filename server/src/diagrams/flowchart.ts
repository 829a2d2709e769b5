/**
 * Writing Mermaid flowcharts from workspace data. Every label is escaped with Mermaid's entity
 * codes, so no workspace string can end a label, start a directive or inject markup: `<script>`
 * is drawn as the text `<script>`.
 */
import type { Range } from 'vscode-languageserver-types';
import type { DiagramNodeSource } from '../protocol/diagrams';

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
export type Shape = 'rect' | 'round' | 'subroutine' | 'cylinder' | 'hexagon' | 'parallelogram' | 'asymmetric' | 'circle';
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

export type EdgeStyle = 'solid' | 'dashed' | 'thick' | 'broken' | 'external';

interface Edge {
  from: string;
  to: string;
  label?: string;
  style: EdgeStyle;
}

interface Group {
  id: string;
  label: string;
  members: string[];
}

/** Colours every diagram may use for what the rules report: fixed, readable in light and dark themes. */
export const BROKEN_COLOUR = '#e51400';
export const EXTERNAL_COLOUR = '#8a8a8a';

export class Flowchart {
  /** Node declarations by id, in the order they were added. */
  private readonly lines = new Map<string, string>();
  private readonly edges: Edge[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly grouped = new Set<string>();
  private readonly classDefs = new Map<string, string>();
  private readonly nodeIds = new Set<string>();
  private readonly classes = new Map<string, string[]>();
  readonly sources: DiagramNodeSource[] = [];

  constructor(private readonly direction: 'LR' | 'TB' = 'LR') {}

  get nodeCount(): number {
    return this.nodeIds.size;
  }

  get edgeCount(): number {
    return this.edges.length;
  }

  has(id: string): boolean {
    return this.nodeIds.has(id);
  }

  /** A node (once per id); `lines` are drawn one per line. */
  node(id: string, lines: readonly string[], options: { shape?: Shape; classes?: string[]; source?: { uri: string; range: Range }; group?: { id: string; label: string } } = {}): void {
    if (this.nodeIds.has(id)) return;
    this.nodeIds.add(id);
    const [open, close] = shapes[options.shape ?? 'rect'];
    this.lines.set(id, `  ${id}${open}"${lines.map(labelText).join('<br/>')}"${close}`);
    if (options.classes?.length) this.classes.set(id, options.classes);
    if (options.source) this.sources.push({ id, uri: options.source.uri, range: options.source.range });
    if (options.group) {
      let group = this.groups.get(options.group.id);
      if (!group) this.groups.set(options.group.id, (group = { ...options.group, members: [] }));
      group.members.push(id);
      this.grouped.add(id);
    }
  }

  edge(from: string, to: string, label?: string, style: EdgeStyle = 'solid'): void {
    if (this.edges.some((e) => e.from === from && e.to === to && e.label === label)) return;
    this.edges.push({ from, to, label, style });
  }

  classDef(name: string, css: string): void {
    this.classDefs.set(name, css);
  }

  text(): string {
    const out = [`flowchart ${this.direction}`];
    const nodeLines = this.lines;
    for (const group of this.groups.values()) {
      out.push(`  subgraph ${group.id}["${labelText(group.label)}"]`);
      for (const member of group.members) out.push(`  ${nodeLines.get(member)!}`);
      out.push('  end');
    }
    for (const [id, line] of nodeLines) if (!this.grouped.has(id)) out.push(line);
    const arrows: Record<EdgeStyle, string> = { solid: '-->', dashed: '-.->', thick: '==>', broken: '-.->', external: '-.->' };
    for (const edge of this.edges) {
      const label = edge.label ? `|"${labelText(edge.label)}"|` : '';
      out.push(`  ${edge.from} ${arrows[edge.style]}${label} ${edge.to}`);
    }
    this.edges.forEach((edge, i) => {
      if (edge.style === 'broken') out.push(`  linkStyle ${i} stroke:${BROKEN_COLOUR},stroke-width:2px,stroke-dasharray:6 4`);
      if (edge.style === 'external') out.push(`  linkStyle ${i} stroke:${EXTERNAL_COLOUR},stroke-dasharray:3 3`);
    });
    for (const [name, css] of this.classDefs) out.push(`  classDef ${name} ${css}`);
    const byClass = new Map<string, string[]>();
    for (const [id, classes] of this.classes) for (const c of classes) byClass.set(c, [...(byClass.get(c) ?? []), id]);
    for (const [name, ids] of byClass) if (this.classDefs.has(name)) out.push(`  class ${ids.join(',')} ${name}`);
    return out.join('\n') + '\n';
  }
}
