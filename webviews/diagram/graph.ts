/**
 * Generated diagrams (Kubernetes topology, workflow jobs, ADR graph) drawn by the page from the
 * graph the server sends with their Mermaid text, without Mermaid: every label measured in one
 * batch (canvas text metrics: no layout of the page at all), the graph laid out by dagre (the
 * layout Mermaid's flowcharts use), the SVG built in one go with DOM calls (labels are text nodes:
 * a `<script>` name is shown, never parsed). Same vocabulary as the Mermaid text: a shape per kind,
 * groups as boxes, broken references red and dashed. For a 200-node topology this is several times
 * faster than Mermaid, whose drawing measures each label in the page and reflows for each.
 *
 * Colours come from the theme's `--vscode-*` variables in the panel; an export gets fixed light
 * colours (outside the webview there are no variables). The result has the shape of a Mermaid
 * drawing (`Rendered`: an SVG with its scoped CSS), so the drawing cache, zoom, clicks and export
 * handle both alike.
 */
import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };
import { curveBasis, line } from 'd3-shape';
import { BROKEN_COLOUR, EXTERNAL_COLOUR, type DiagramGraph, type DiagramGraphNode, type DiagramShape } from '../../server/src/protocol/diagrams';
import { adoptStyles, s } from '../shared/dom';
import type { ThemeKind } from '../shared/theme';
import { FONT_FAMILY, nextDrawingId, type Rendered } from './render';

const FONT_SIZE = 16;
const LABEL_FONT_SIZE = 14;
const LINE_HEIGHT = 1.25 * FONT_SIZE;
const PAD_X = 15;
const PAD_Y = 8;
const GROUP_LABEL = 26;
/** Nodes and edges beyond which the layout ranks by a tight tree (see drawGraph). */
const TIGHT_TREE_ABOVE = 150;

let dagre: Promise<typeof Dagre> | undefined;
let loadedAt: number | undefined;

/** dagre (its own small chunk, fetched from the webview folder): asked for as the page starts when it will draw a graph. */
export function loadLayout(): Promise<typeof Dagre> {
  dagre ??= import('@dagrejs/dagre').then((m) => {
    loadedAt = performance.now();
    return m;
  });
  return dagre;
}

/** When dagre finished loading, on the page's clock. */
export function layoutLoadedAt(): number | undefined {
  return loadedAt;
}

/** What `Rendered.diagramType` says of these drawings. */
export const GRAPH_DIAGRAM_TYPE = 'graph';

/** Text widths for a font, measured by a canvas: no element, no page layout. */
class TextMeasure {
  private readonly context = document.createElement('canvas').getContext('2d')!;
  private readonly widths = new Map<string, number>();

  constructor(size: number) {
    this.context.font = `${size}px ${FONT_FAMILY}`;
  }

  width(text: string): number {
    let width = this.widths.get(text);
    if (width === undefined) this.widths.set(text, (width = this.context.measureText(text).width));
    return width;
  }
}

interface Box {
  width: number;
  height: number;
}

/** The outer size of a node's shape around its label. */
function shapeSize(shape: DiagramShape, label: Box): Box {
  const { width, height } = label;
  switch (shape) {
    case 'subroutine':
      return { width: width + 16, height };
    case 'cylinder':
      return { width, height: height + 16 };
    case 'hexagon':
    case 'parallelogram':
    case 'asymmetric':
      return { width: width + height / 2, height };
    case 'circle': {
      const d = Math.max(width, height);
      return { width: d, height: d };
    }
    default:
      return { width, height };
  }
}

/** The node's outline, centred on (0, 0). */
function shapeElement(shape: DiagramShape, { width: w, height: h }: Box): SVGElement {
  const x = w / 2;
  const y = h / 2;
  const points = (list: number[][]) => s('polygon', { class: 'shape', attrs: { points: list.map((p) => p.join(',')).join(' ') } });
  switch (shape) {
    case 'round':
      return s('rect', { class: 'shape', attrs: { x: -x, y: -y, width: w, height: h, rx: 10, ry: 10 } });
    case 'subroutine':
      return s(
        'g',
        { class: 'shape' },
        s('rect', { attrs: { x: -x, y: -y, width: w, height: h } }),
        s('path', { attrs: { d: `M${-x + 8},${-y}V${y}M${x - 8},${-y}V${y}` } }),
      );
    case 'cylinder': {
      const ry = 8;
      const top = -y + ry;
      const bottom = y - ry;
      return s('path', { class: 'shape', attrs: { d: `M${-x},${top}A${x},${ry} 0 0 0 ${x},${top}A${x},${ry} 0 0 0 ${-x},${top}V${bottom}A${x},${ry} 0 0 0 ${x},${bottom}V${top}` } });
    }
    case 'hexagon':
      return points([[-x, 0], [-x + h / 4, -y], [x - h / 4, -y], [x, 0], [x - h / 4, y], [-x + h / 4, y]]);
    case 'parallelogram':
      return points([[-x + h / 2, -y], [x, -y], [x - h / 2, y], [-x, y]]);
    case 'asymmetric':
      return points([[-x, -y], [x, -y], [x, y], [-x, y], [-x + h / 2, 0]]);
    case 'circle':
      return s('circle', { class: 'shape', attrs: { r: x } });
    default:
      return s('rect', { class: 'shape', attrs: { x: -x, y: -y, width: w, height: h } });
  }
}

/** Lines of text centred on (0, 0). */
function textElement(lines: readonly string[], lineHeight: number): SVGTextElement {
  const top = (-(lines.length - 1) * lineHeight) / 2;
  return s('text', { attrs: { 'text-anchor': 'middle' } }, ...lines.map((text, i) => s('tspan', { attrs: { x: 0, y: top + i * lineHeight, dy: '0.35em' } }, text)));
}

/** A CSS class name for a node class of the graph (ids are `[A-Za-z0-9_-]`). */
const classOf = (name: string) => `c-${name}`;

interface Palette {
  text: string;
  nodeFill: string;
  nodeStroke: string;
  line: string;
  groupFill: string;
  groupStroke: string;
  labelBackground: string;
}

/** In the panel, the theme's variables (light, dark, high contrast alike); in an exported file, Mermaid's default light colours. */
function paletteFor(kind: ThemeKind | 'export'): Palette {
  if (kind === 'export') {
    return { text: '#333333', nodeFill: '#ececff', nodeStroke: '#9370db', line: '#333333', groupFill: '#ffffde', groupStroke: '#aaaa33', labelBackground: '#e8e8e8' };
  }
  return {
    text: 'var(--vscode-editor-foreground, var(--vscode-foreground))',
    nodeFill: 'color-mix(in srgb, var(--vscode-focusBorder) 14%, var(--vscode-editor-background))',
    nodeStroke: 'var(--vscode-focusBorder)',
    line: 'color-mix(in srgb, var(--vscode-editor-foreground) 75%, transparent)',
    groupFill: 'color-mix(in srgb, var(--vscode-editor-foreground) 4%, transparent)',
    groupStroke: 'var(--vscode-panel-border, rgba(128, 128, 128, 0.35))',
    labelBackground: 'var(--vscode-editor-background)',
  };
}

/** The drawing's CSS, scoped to its id. Class values passed the message schema (colours, widths, dashes only). */
function cssFor(id: string, graph: DiagramGraph, kind: ThemeKind | 'export'): string {
  const p = paletteFor(kind);
  const root = `#${id}`;
  const rules = [
    `${root} { font-family: ${FONT_FAMILY}; font-size: ${FONT_SIZE}px; }`,
    `${root} .node .shape, ${root} .node .shape rect, ${root} .node .shape path { fill: ${p.nodeFill}; stroke: ${p.nodeStroke}; stroke-width: 1px; }`,
    `${root} .node text { fill: ${p.text}; }`,
    `${root} .cluster rect { fill: ${p.groupFill}; stroke: ${p.groupStroke}; stroke-width: 1px; }`,
    `${root} .cluster text { fill: ${p.text}; font-weight: 600; }`,
    `${root} .flowchart-link { fill: none; stroke: ${p.line}; stroke-width: 1.5px; }`,
    `${root} .flowchart-link.dashed { stroke-dasharray: 3 3; }`,
    `${root} .flowchart-link.thick { stroke-width: 3.5px; }`,
    `${root} .flowchart-link.broken { stroke: ${BROKEN_COLOUR}; stroke-width: 2px; stroke-dasharray: 6 4; }`,
    `${root} .flowchart-link.external { stroke: ${EXTERNAL_COLOUR}; stroke-dasharray: 3 3; }`,
    `${root} marker path { fill: ${p.line}; stroke: none; }`,
    `${root} marker.broken path { fill: ${BROKEN_COLOUR}; }`,
    `${root} marker.external path { fill: ${EXTERNAL_COLOUR}; }`,
    `${root} .edgeLabel rect { fill: ${p.labelBackground}; opacity: 0.85; }`,
    `${root} .edgeLabel text { fill: ${p.text}; font-size: ${LABEL_FONT_SIZE}px; }`,
  ];
  if (kind === 'high-contrast' || kind === 'high-contrast-light') {
    rules.push(`${root} .node .shape, ${root} .node .shape rect, ${root} .node .shape path, ${root} .cluster rect { stroke: var(--vscode-contrastBorder, ${p.nodeStroke}); stroke-width: 2px; }`, `${root} .flowchart-link { stroke: ${p.text}; }`);
  }
  for (const [name, properties] of Object.entries(graph.classes)) {
    const shape = `${root} .node.${classOf(name)} .shape`;
    const outline = [`stroke: ${properties.stroke ?? 'inherit'}`, properties['stroke-width'] && `stroke-width: ${properties['stroke-width']}`, properties['stroke-dasharray'] && `stroke-dasharray: ${properties['stroke-dasharray']}`, properties.fill && `fill: ${properties.fill}`];
    if (properties.stroke || properties['stroke-width'] || properties['stroke-dasharray'] || properties.fill) {
      const declarations = outline.filter((d) => d && !d.endsWith('inherit')).join('; ');
      rules.push(`${shape}, ${shape} rect, ${shape} path { ${declarations}; }`);
    }
    if (properties.color) rules.push(`${root} .node.${classOf(name)} text { fill: ${properties.color}; }`);
  }
  return rules.join('\n');
}

const arrowPath = 'M0,0L10,5L0,10z';

function marker(id: string, style: string): SVGMarkerElement {
  return s(
    'marker',
    { class: style, attrs: { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto' } },
    s('path', { attrs: { d: arrowPath } }),
  );
}

const curve = line<{ x: number; y: number }>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveBasis);

const round = (n: number) => Math.round(n * 10) / 10;

interface NodeLayout {
  width: number;
  height: number;
  x: number;
  y: number;
}

/** Lays out and draws `graph`; the SVG is ready to insert (its CSS adopted under its id). */
export async function drawGraph(graph: DiagramGraph, kind: ThemeKind | 'export'): Promise<Rendered> {
  const { Graph, layout } = await loadLayout();
  const started = performance.now();
  const id = nextDrawingId();
  const measure = new TextMeasure(FONT_SIZE);
  const measureLabel = new TextMeasure(LABEL_FONT_SIZE);
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const groupIds = new Set(graph.groups.map((g) => g.id));

  const g = new Graph({ compound: graph.groups.length > 0, multigraph: true });
  // Group boxes grow upwards by their label after the layout (dagre reserves no room for it): left to
  // right, groups stacked one above the other are apart by edgesep (their borders are dummy nodes).
  const labelRoom = graph.direction === 'LR' && graph.groups.length > 0;
  g.setGraph({
    rankdir: graph.direction,
    nodesep: 40,
    ranksep: 60,
    edgesep: labelRoom ? GROUP_LABEL + 14 : 15,
    marginx: 12,
    marginy: 12,
    // dagre's default ranker (network simplex) shortens edges at a cost that grows fast: three
    // quarters of a 200-node topology's layout (~220 of ~290 ms). A tight tree gives generated
    // diagrams, whose edges are short chains, the same ranks (measured: the same drawing size);
    // small diagrams keep the network simplex, which is cheap for them.
    ranker: graph.nodes.length + graph.edges.length > TIGHT_TREE_ABOVE ? 'tight-tree' : 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  // Ids apart: groups and nodes share dagre's one namespace.
  for (const group of graph.groups) g.setNode(`g:${group.id}`, { width: 0, height: 0 });
  const labels = new Map<string, Box>();
  for (const node of graph.nodes) {
    const label = { width: Math.max(...node.lines.map((t) => measure.width(t)), 20) + 2 * PAD_X, height: Math.max(node.lines.length, 1) * LINE_HEIGHT + 2 * PAD_Y };
    labels.set(node.id, label);
    g.setNode(`n:${node.id}`, shapeSize(node.shape, label));
    if (node.group !== undefined && groupIds.has(node.group)) g.setParent(`n:${node.id}`, `g:${node.group}`);
  }
  const edges = graph.edges.filter((e) => nodeIds.has(e.from) && nodeIds.has(e.to));
  edges.forEach((edge, i) => {
    const size = edge.label ? { width: measureLabel.width(edge.label) + 8, height: LABEL_FONT_SIZE + 6, labelpos: 'c' as const } : {};
    g.setEdge(`n:${edge.from}`, `n:${edge.to}`, { ...size }, `e${i}`);
  });
  const measured = performance.now();
  layout(g);
  const laidOut = performance.now();

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const extend = (x0: number, y0: number, x1: number, y1: number) => {
    minX = Math.min(minX, x0);
    minY = Math.min(minY, y0);
    maxX = Math.max(maxX, x1);
    maxY = Math.max(maxY, y1);
  };
  const clusters = graph.groups.map((group) => {
    const box = g.node(`g:${group.id}`) as NodeLayout;
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2 - GROUP_LABEL;
    const width = Math.max(box.width, measure.width(group.label) + 2 * PAD_X);
    const height = box.height + GROUP_LABEL;
    extend(x, y, x + width, y + height);
    return s(
      'g',
      { class: 'cluster', attrs: { 'data-id': group.id } },
      s('rect', { attrs: { x: round(x), y: round(y), width: round(width), height: round(height), rx: 4, ry: 4 } }),
      s('text', { attrs: { x: round(x + width / 2), y: round(y + GROUP_LABEL / 2 + 2), dy: '0.35em', 'text-anchor': 'middle' } }, group.label),
    );
  });

  const markers = new Map<string, string>();
  const markerFor = (style: string) => {
    const key = style === 'broken' || style === 'external' ? style : 'solid';
    let ref = markers.get(key);
    if (!ref) markers.set(key, (ref = `${id}-arrow-${key}`));
    return ref;
  };
  const paths: SVGPathElement[] = [];
  const edgeLabels: SVGGElement[] = [];
  edges.forEach((edge, i) => {
    const laid = g.edge({ v: `n:${edge.from}`, w: `n:${edge.to}`, name: `e${i}` }) as { points: { x: number; y: number }[]; x?: number; y?: number; width?: number; height?: number };
    for (const point of laid.points) extend(point.x, point.y, point.x, point.y);
    paths.push(
      s('path', {
        class: ['flowchart-link', edge.style],
        attrs: { d: curve(laid.points.map((p) => ({ x: round(p.x), y: round(p.y) }))) ?? '', 'marker-end': `url(#${markerFor(edge.style)})`, 'data-from': edge.from, 'data-to': edge.to },
      }),
    );
    if (edge.label && laid.x !== undefined && laid.y !== undefined) {
      const width = measureLabel.width(edge.label) + 8;
      const height = LABEL_FONT_SIZE + 6;
      edgeLabels.push(
        s(
          'g',
          { class: 'edgeLabel', attrs: { transform: `translate(${round(laid.x)},${round(laid.y)})` } },
          s('rect', { attrs: { x: round(-width / 2), y: round(-height / 2), width: round(width), height } }),
          textElement([edge.label], LABEL_FONT_SIZE),
        ),
      );
    }
  });

  const nodes = graph.nodes.map((node: DiagramGraphNode) => {
    const laid = g.node(`n:${node.id}`) as NodeLayout;
    extend(laid.x - laid.width / 2, laid.y - laid.height / 2, laid.x + laid.width / 2, laid.y + laid.height / 2);
    return s(
      'g',
      { class: ['node', ...node.classes.map(classOf)], attrs: { 'data-id': node.id, transform: `translate(${round(laid.x)},${round(laid.y)})` } },
      shapeElement(node.shape, { width: laid.width, height: laid.height }),
      textElement(node.lines, LINE_HEIGHT),
    );
  });

  if (!Number.isFinite(minX)) minX = minY = maxX = maxY = 0;
  const margin = 8;
  const width = Math.ceil(maxX - minX + 2 * margin);
  const height = Math.ceil(maxY - minY + 2 * margin);
  const svg = s(
    'svg',
    {
      attrs: {
        id,
        viewBox: `${Math.floor(minX - margin)} ${Math.floor(minY - margin)} ${width} ${height}`,
        width,
        height,
        role: 'graphics-document document',
        'aria-roledescription': GRAPH_DIAGRAM_TYPE,
      },
    },
    s('defs', undefined, ...[...markers].map(([style, ref]) => marker(ref, style))),
    s('g', { class: 'clusters' }, ...clusters),
    s('g', { class: 'edgePaths' }, ...paths),
    s('g', { class: 'edgeLabels' }, ...edgeLabels),
    s('g', { class: 'nodes' }, ...nodes),
  );
  const css = cssFor(id, graph, kind);
  adoptStyles(id, css);
  const stages = { measureMs: measured - started, layoutMs: laidOut - measured, buildMs: performance.now() - laidOut };
  return { svg, css, id, diagramType: GRAPH_DIAGRAM_TYPE, stages };
}
