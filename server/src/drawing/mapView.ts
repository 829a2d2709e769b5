/**
 * A view of the system map (the wire's shape, protocol/system.ts) as the drawing takes it: each box's
 * lines (its name, its technology), the deployment view's groups with their parent's name, and the
 * whole view as an SVG file — `archipel diagram system --format svg` and the panel's Export… (the
 * page draws with the same layout and drawing, collapse.ts closing groups first when it must).
 */
import type { SystemMapEdge, SystemMapGroup, SystemMapNode, SystemMapView } from '../protocol/system';
import { arrange, type Room } from './mapArrange';
import type { LayoutNode } from './mapLayout';
import { mapDocument } from './mapSvg';
import { textWidth, type Measure } from './textWidth';

/** What a view holds, as the server sends it. */
export interface MapViewGraph {
  view: SystemMapView;
  system: string;
  nodes: readonly SystemMapNode[];
  edges: readonly SystemMapEdge[];
  groups: readonly SystemMapGroup[];
}

/** The label of a deployment group, with its parent's (`Kubernetes cluster / namespace shop`). */
export function groupLabel(groups: readonly SystemMapGroup[], id: string): string {
  const group = groups.find((g) => g.id === id);
  if (!group) return id;
  const parent = group.parent ? groups.find((g) => g.id === group.parent) : undefined;
  return parent ? `${parent.name} / ${group.name}` : group.name;
}

/** A box's lines: its name, then its technology. */
export function nodeLines(node: Pick<SystemMapNode, 'name' | 'technology'>): string[] {
  return [node.name, ...(node.technology ? [node.technology] : [])];
}

/** Past this many arrows, they are drawn without their labels (the page's tooltips and details give them). */
export const LABELS_UP_TO = 150;

/** The page an export is laid out for: a slide's shape. */
export const EXPORT_ROOM: Room = { width: 1600, height: 900 };

/** The whole view as an SVG document (every box, no group closed), laid out for EXPORT_ROOM. */
export function viewSvg(graph: MapViewGraph, title: string, measure: Measure = textWidth): string {
  const grouped = graph.view === 'deployment';
  const nodes: LayoutNode[] = graph.nodes.map((n) => ({ id: n.id, lines: nodeLines(n), ...(grouped && n.group ? { group: n.group } : {}) }));
  const used = new Set(nodes.map((n) => n.group));
  const groups = graph.groups.filter((g) => used.has(g.id)).map((g) => ({ id: g.id, label: groupLabel(graph.groups, g.id) }));
  const labelled = graph.edges.length <= LABELS_UP_TO;
  const edges = graph.edges.map((e) => ({ from: e.from, to: e.to, ...(labelled && e.label ? { label: e.label } : {}) }));
  const arranged = arrange({ nodes, edges, groups, grouped }, EXPORT_ROOM, measure);
  return mapDocument(arranged, graph.nodes.map((n) => ({ id: n.id, kind: n.kind })), graph.edges, title);
}
