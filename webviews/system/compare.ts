// "Compare with…" (issue #80, As-Is / To-Be): the System Map page draws the head's map (the To-Be) with the
// differences of `archipel/diff` marked — added boxes and arrows green (`diff-added`), removed ones red and
// dashed, drawn from the base (`diff-removed`, ghosts added to the map), changed boxes amber (`diff-changed`)
// — with the same renderer (drawing/mapSvg.ts's `classes`), and lists them below the drawing.
import { h } from '../shared/dom';
import { tr } from './l10n';
import type { Comparison, SystemMap } from './messages';

type MapEdge = SystemMap['edges'][number];
const edgeKey = (e: { from: string; to: string; kind: string; label: string }) => `${e.from}\u0000${e.to}\u0000${e.kind}\u0000${e.label}`;

/** The head's map with the base's removed components and connections put back, to be drawn as ghosts. */
export function comparedMap(map: SystemMap, diff: Comparison): SystemMap {
  const ids = new Set(map.nodes.map((n) => n.id));
  const ghosts = diff.components.removed.filter((c) => !ids.has(c.id)).map((c) => ({ id: c.id, kind: c.kind, name: c.name, family: 'removed', sources: [] }));
  for (const ghost of ghosts) ids.add(ghost.id);
  const edges = new Set(map.edges.map(edgeKey));
  const gone: MapEdge[] = diff.connections.removed.filter((e) => ids.has(e.from) && ids.has(e.to) && !edges.has(edgeKey(e))).map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: e.label, sources: [] }));
  return { ...map, nodes: [...map.nodes, ...ghosts], edges: [...map.edges, ...gone] };
}

/** The classes of a box and of an arrow (by index in `edges`) for the renderer's `classes`. */
export function comparisonClasses(diff: Comparison, edges: readonly MapEdge[]): { node: (id: string) => string | undefined; edge: (index: number) => string | undefined } {
  const nodes = new Map<string, string>();
  for (const c of diff.components.added) nodes.set(c.id, 'diff-added');
  for (const c of diff.components.removed) nodes.set(c.id, 'diff-removed');
  for (const c of diff.components.changed) nodes.set(c.id, 'diff-changed');
  const added = new Set(diff.connections.added.map(edgeKey));
  const removed = new Set(diff.connections.removed.map(edgeKey));
  return {
    node: (id) => nodes.get(id),
    edge: (index) => {
      const edge = edges[index];
      if (!edge) return undefined;
      const key = edgeKey(edge);
      return added.has(key) ? 'diff-added' : removed.has(key) ? 'diff-removed' : undefined;
    },
  };
}

/** The list of the differences (workspace names as text), under the drawing. */
export function comparisonList(diff: Comparison): HTMLElement {
  const item = (cls: string, sign: string, text: string) => h('li', { class: cls }, `${sign} ${text}`);
  const items = [
    ...diff.components.added.map((c) => item('diff-added', '+', `${c.name} (${c.kind})`)),
    ...diff.components.removed.map((c) => item('diff-removed', '−', `${c.name} (${c.kind})`)),
    ...diff.components.changed.map((c) => item('diff-changed', '~', `${c.name} (${c.changes.map((f) => `${f.field}: ${f.before} → ${f.after}`).join(', ')})`)),
    ...diff.connections.added.map((e) => item('diff-added', '+', `${e.fromName ?? e.from} → ${e.toName ?? e.to} ${e.label}`)),
    ...diff.connections.removed.map((e) => item('diff-removed', '−', `${e.fromName ?? e.from} → ${e.toName ?? e.to} ${e.label}`)),
  ];
  return h(
    'section',
    { class: 'diff-list' },
    h('h3', {}, `${diff.base.ref} → ${diff.head.ref}`),
    items.length > 0 ? h('ul', {}, ...items) : h('p', { class: 'muted' }, tr('No architectural change.')),
  );
}
