/**
 * Generated diagrams (Kubernetes topology, workflow jobs, ADR graph) drawn by the page from the
 * graph the server sends with their Mermaid text, without Mermaid: every label measured in one
 * batch (canvas text metrics: no layout of the page at all), the graph laid out by dagre (the
 * layout Mermaid's flowcharts use; graphLayout.ts), the SVG built in one go with DOM calls (labels are text nodes:
 * a `<script>` name is shown, never parsed). Same vocabulary as the Mermaid text: a shape per kind,
 * groups as boxes, broken references red and dashed. For a 200-node topology this is several times
 * faster than Mermaid, whose drawing measures each label in the page and reflows for each.
 *
 * Colours come from the theme's `--vscode-*` variables in the panel; an export gets fixed light
 * colours (outside the webview there are no variables). The result has the shape of a Mermaid
 * drawing (`Rendered`: an SVG with its scoped CSS), so the drawing cache, zoom, clicks and export
 * handle both alike.
 */
import { curveBasis, line } from 'd3-shape';
import { BROKEN_COLOUR, EXTERNAL_COLOUR, type DiagramShape } from '../../server/src/protocol/diagramStyle';
import type { DiagramGraph, DiagramGraphNode } from '../../server/src/protocol/diagrams';
import { adoptStyles, s } from '../shared/dom';
import type { ThemeKind } from '../shared/theme';
import { layoutGraph, loadLayout, type LayoutInput, type Size } from './graphLayout';
import { FONT_FAMILY, nextDrawingId, type Rendered } from './render';

const FONT_SIZE = 16;
const LABEL_FONT_SIZE = 14;
const LINE_HEIGHT = 1.25 * FONT_SIZE;
const PAD_X = 15;
const PAD_Y = 8;
const GROUP_LABEL = 26;

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

/** The outer size of a node's shape around its label. */
function shapeSize(shape: DiagramShape, label: Size): Size {
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
function shapeElement(shape: DiagramShape, { width: w, height: h }: Size): SVGElement {
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

/** Lays out and draws `graph`; the SVG is ready to insert (its CSS adopted under its id). */
export async function drawGraph(graph: DiagramGraph, kind: ThemeKind | 'export'): Promise<Rendered> {
  const dagre = await loadLayout();
  const started = performance.now();
  const id = nextDrawingId();
  const measure = new TextMeasure(FONT_SIZE);
  const measureLabel = new TextMeasure(LABEL_FONT_SIZE);
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => nodeIds.has(e.from) && nodeIds.has(e.to));
  const labelSize = (text: string) => ({ width: measureLabel.width(text) + 8, height: LABEL_FONT_SIZE + 6 });
  const input: LayoutInput = {
    direction: graph.direction,
    nodes: graph.nodes.map((node) => {
      const label = { width: Math.max(...node.lines.map((t) => measure.width(t)), 20) + 2 * PAD_X, height: Math.max(node.lines.length, 1) * LINE_HEIGHT + 2 * PAD_Y };
      return { id: node.id, size: shapeSize(node.shape, label), group: node.group };
    }),
    edges: edges.map((edge) => ({ from: edge.from, to: edge.to, label: edge.label ? labelSize(edge.label) : undefined })),
    groups: graph.groups.map((group) => ({ id: group.id, label: { width: measure.width(group.label) + 2 * PAD_X, height: GROUP_LABEL } })),
  };
  const measured = performance.now();
  const laid = layoutGraph(dagre, input);
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
  const clusters = graph.groups.flatMap((group) => {
    const box = laid.groups.get(group.id);
    if (!box) return [];
    extend(box.x, box.y, box.x + box.width, box.y + box.height);
    return [
      s(
        'g',
        { class: 'cluster', attrs: { 'data-id': group.id } },
        s('rect', { attrs: { x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height), rx: 4, ry: 4 } }),
        s('text', { attrs: { x: round(box.x + box.width / 2), y: round(box.y + GROUP_LABEL / 2 + 2), dy: '0.35em', 'text-anchor': 'middle' } }, group.label),
      ),
    ];
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
    const { points, label } = laid.edges[i];
    for (const point of points) extend(point.x, point.y, point.x, point.y);
    paths.push(
      s('path', {
        class: ['flowchart-link', edge.style],
        attrs: { d: curve(points.map((p) => ({ x: round(p.x), y: round(p.y) }))) ?? '', 'marker-end': `url(#${markerFor(edge.style)})`, 'data-from': edge.from, 'data-to': edge.to },
      }),
    );
    if (edge.label && label) {
      const { width, height } = labelSize(edge.label);
      edgeLabels.push(
        s(
          'g',
          { class: 'edgeLabel', attrs: { transform: `translate(${round(label.x)},${round(label.y)})` } },
          s('rect', { attrs: { x: round(-width / 2), y: round(-height / 2), width: round(width), height } }),
          textElement([edge.label], LABEL_FONT_SIZE),
        ),
      );
    }
  });

  const nodes = graph.nodes.map((node: DiagramGraphNode) => {
    const placed = laid.nodes.get(node.id)!;
    extend(placed.x - placed.width / 2, placed.y - placed.height / 2, placed.x + placed.width / 2, placed.y + placed.height / 2);
    return s(
      'g',
      { class: ['node', ...node.classes.map(classOf)], attrs: { 'data-id': node.id, transform: `translate(${round(placed.x)},${round(placed.y)})` } },
      shapeElement(node.shape, { width: placed.width, height: placed.height }),
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
