// "Compare with…" (issue #80, As-Is / To-Be): the System Map page draws the head's map (the To-Be) with the
// differences of `archipel/diff` marked — added boxes and arrows green (`diff-added`), removed ones red and
// dashed, drawn from the base (`diff-removed`, ghosts added to the map), changed boxes amber (`diff-changed`)
// — with the same renderer (drawing/mapSvg.ts's `classes`), and lists them below the drawing, each item
// opening its lines (the head's for what is added or changed, the base revision's for what is removed).
import { h } from '../shared/dom';
import { tr } from './l10n';
import type { ChangeSide, Comparison, DiffCost, DiffSource, SystemMap } from './messages';

/** Opens a line of a side of the comparison (the host resolves the file and checks it is in the workspace). */
export type OpenChange = (side: ChangeSide, source: DiffSource) => void;

type MapEdge = SystemMap['edges'][number];
/** The users' box of the system map (server/src/system/views.ts): entry points come from it. */
const USERS = 'person:users';
/**
 * An arrow's identity across the map and the diff: an entry point's without its kind — the model (the diff's side) writes
 * each as Users `calls`, the views draw a store's published port as Users `reaches` it (server/src/system/views.ts).
 */
const edgeKey = (e: { from: string; to: string; kind: string; label: string }) => `${e.from}\u0000${e.to}\u0000${e.from === USERS ? 'entry' : e.kind}\u0000${e.label}`;

/**
 * The system model's component kinds (server/src/features/system/contributor.ts `componentKinds`, which a
 * page may not import: .dependency-cruiser.cjs; webviews/test/system-compare-example.test.ts keeps them equal).
 */
export const COMPONENT_KINDS: ReadonlySet<string> = new Set(['service', 'job', 'datastore', 'cache', 'search', 'broker', 'function']);

/** The kinds of box a view draws: those its head's map holds, and every component kind in the views that draw components. */
function drawnKinds(map: SystemMap): Set<string> {
  const kinds = new Set(map.nodes.map((n) => n.kind));
  if (map.view === 'containers' || map.view === 'deployment') for (const kind of COMPONENT_KINDS) kinds.add(kind);
  return kinds;
}

/**
 * The head's map with what the comparison says it does not draw put back: the base's removed components
 * of a kind the view draws (ghosts; never an image, a build or a deployment's copy the view does not
 * draw), the connections removed between boxes drawn, and those added and not drawn by the view (an
 * operator's way in, `Users → grafana :3000`), with the Users box when the view has none.
 */
export function comparedMap(map: SystemMap, diff: Comparison): SystemMap {
  const ids = new Set(map.nodes.map((n) => n.id));
  const kinds = drawnKinds(map);
  const ghosts = diff.components.removed.filter((c) => !ids.has(c.id) && kinds.has(c.kind)).map((c) => ({ id: c.id, kind: c.kind, name: c.name, family: 'removed', sources: [] }));
  for (const ghost of ghosts) ids.add(ghost.id);
  const entries = [...(diff.entryPoints?.opened ?? []), ...(diff.entryPoints?.closed ?? [])];
  const users = entries.filter((e) => !ids.has(e.from) && ids.has(e.to) && e.from === USERS).length > 0 ? [{ id: USERS, kind: 'person', name: usersName(entries), family: 'system', sources: [] }] : [];
  for (const person of users) ids.add(person.id);
  const edges = new Set(map.edges.map(edgeKey));
  const missing = (list: readonly Comparison['connections']['added'][number][]): MapEdge[] =>
    list.filter((e) => ids.has(e.from) && ids.has(e.to) && !edges.has(edgeKey(e)) && (edges.add(edgeKey(e)), true)).map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: e.label, sources: [] }));
  const gone = missing(diff.connections.removed);
  const added = missing(diff.connections.added);
  return { ...map, nodes: [...map.nodes, ...users, ...ghosts], edges: [...map.edges, ...added, ...gone] };
}

/** The users' name as the comparison writes it. */
function usersName(entries: readonly { from: string; fromName?: string }[]): string {
  return entries.find((e) => e.from === USERS)?.fromName ?? 'Users';
}

/** The classes of a box and of an arrow (by index in `edges`) for the renderer's `classes`: an entry point opened or closed is marked as such too. */
export function comparisonClasses(diff: Comparison, edges: readonly MapEdge[]): { node: (id: string) => string | undefined; edge: (index: number) => string | undefined } {
  const nodes = new Map<string, string>();
  for (const c of diff.components.added) nodes.set(c.id, 'diff-added');
  for (const c of diff.components.removed) nodes.set(c.id, 'diff-removed');
  for (const c of diff.components.changed) nodes.set(c.id, 'diff-changed');
  const added = new Set(diff.connections.added.map(edgeKey));
  const removed = new Set(diff.connections.removed.map(edgeKey));
  const opened = new Set((diff.entryPoints?.opened ?? []).map(edgeKey));
  const closed = new Set((diff.entryPoints?.closed ?? []).map(edgeKey));
  return {
    node: (id) => nodes.get(id),
    edge: (index) => {
      const edge = edges[index];
      if (!edge) return undefined;
      const key = edgeKey(edge);
      if (opened.has(key)) return 'diff-added entry-opened';
      if (closed.has(key)) return 'diff-removed entry-closed';
      return added.has(key) ? 'diff-added' : removed.has(key) ? 'diff-removed' : undefined;
    },
  };
}

/** What a box's tooltip adds while compared: what changed in it (field: before → after), or that it is added or removed. */
export function comparisonHover(diff: Comparison, id: string): string | undefined {
  const changed = diff.components.changed.find((c) => c.id === id);
  if (changed) return `${tr('changed:')}\n${changed.changes.map((f) => `${f.field}: ${f.before || '—'} → ${f.after || '—'}`).join('\n')}`;
  if (diff.components.added.some((c) => c.id === id)) return tr('added since {0}', diff.base.ref);
  if (diff.components.removed.some((c) => c.id === id)) return tr('removed since {0}', diff.base.ref);
  return undefined;
}

/** What the marks of a compared drawing mean. */
export function comparisonLegend(): HTMLElement {
  const swatch = (cls: string, text: string) => h('span', { class: `swatch ${cls}` }, text);
  return h(
    'div',
    { class: 'legend compare-legend', attrs: { id: 'compare-legend' } },
    swatch('diff-added', tr('added')),
    swatch('diff-changed', tr('changed (hover: what)')),
    swatch('diff-removed', tr('removed (from the base)')),
    swatch('entry-opened', tr('entry point opened')),
    swatch('entry-closed', tr('entry point closed')),
  );
}

/**
 * An item of a list of differences: its text a button opening its first line on its side, and a link to
 * each further line (`file:line`); without a line, text only.
 */
export function changeItem(cls: string, text: string, side: ChangeSide, sources: readonly DiffSource[], open: OpenChange): HTMLElement {
  const [first, ...more] = sources;
  const where = (source: DiffSource) => `${source.file}:${source.line}`;
  return h(
    'li',
    { class: cls },
    first ? h('button', { class: 'link change', attrs: { title: tr(side === 'base' ? 'Open at the base revision: {0}' : 'Open: {0}', where(first)), 'data-side': side }, on: { click: () => open(side, first) } }, text) : text,
    ...more.map((source) => h('button', { class: 'link more', attrs: { 'data-side': side }, on: { click: () => open(side, source) } }, where(source))),
  );
}

/** The list of the differences (workspace names as text), under the drawing: each item opens its lines; End comparison asks the host to stop comparing. */
export function comparisonList(diff: Comparison, open: OpenChange, end: () => void): HTMLElement {
  const item = (cls: string, sign: string, text: string, side: ChangeSide, sources: readonly DiffSource[]) => changeItem(cls, `${sign} ${text}`, side, sources, open);
  const items = [
    ...diff.components.added.map((c) => item('diff-added', '+', `${c.name} (${c.kind})`, 'head', c.sources)),
    ...diff.components.removed.map((c) => item('diff-removed', '−', `${c.name} (${c.kind})`, 'base', c.sources)),
    ...diff.components.changed.map((c) => item('diff-changed', '~', `${c.name} (${c.changes.map((f) => `${f.field}: ${f.before} → ${f.after}`).join(', ')})`, 'head', c.sources)),
    ...diff.connections.added.map((e) => item('diff-added', '+', `${e.fromName ?? e.from} → ${e.toName ?? e.to} ${e.label}`, 'head', e.sources)),
    ...diff.connections.removed.map((e) => item('diff-removed', '−', `${e.fromName ?? e.from} → ${e.toName ?? e.to} ${e.label}`, 'base', e.sources)),
  ];
  return h(
    'section',
    { class: 'diff-list' },
    h('h3', {}, `${diff.base.ref} → ${diff.head.ref}`),
    h('button', { attrs: { id: 'end-compare' }, on: { click: end } }, tr('End comparison')),
    items.length > 0 ? h('ul', {}, ...items) : h('p', { class: 'muted' }, tr('No architectural change.')),
  );
}

/** An amount as the CLI writes it: `$1,234.50` in USD, `1,234.50 EUR` in another currency; `+`/`−` with `signed`. */
function amount(currency: string, n: number, signed = false): string {
  const text = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sign = n < 0 ? '−' : signed && n > 0 ? '+' : '';
  return currency === 'USD' ? `${sign}$${text}` : `${sign}${text} ${currency}`;
}
const kg = (n: number, signed = false) => `${n < 0 ? '−' : signed && n > 0 ? '+' : ''}${Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: 3 })} kgCO2e`;

/**
 * The cost and carbon of the change (`archipel/diff`'s `cost`, docs/diff.md): both sides' monthly totals, and a
 * table of each component whose cost or carbon moved (its name opening its lines: the base's for a component
 * removed), then what each side could not price.
 */
export function costChanges(cost: DiffCost, open: OpenChange): HTMLElement {
  const money = (n: number, signed = false) => amount(cost.currency, n, signed);
  const figures = (f: { monthlyCost: number; monthlyCo2eKg: number | null } | null) => (f ? [money(f.monthlyCost), f.monthlyCo2eKg === null ? '—' : kg(f.monthlyCo2eKg)] : ['—', '—']);
  const rows = cost.changed.map((c) => {
    const side: ChangeSide = c.status === 'removed' ? 'base' : 'head';
    const [costBefore, co2Before] = figures(c.before);
    const [costAfter, co2After] = figures(c.after);
    const delta = (c.after?.monthlyCost ?? 0) - (c.before?.monthlyCost ?? 0);
    const co2 = (c.after?.monthlyCo2eKg ?? 0) - (c.before?.monthlyCo2eKg ?? 0);
    const first = c.sources[0];
    const name = first ? h('button', { class: 'link change', attrs: { title: tr(side === 'base' ? 'Open at the base revision: {0}' : 'Open: {0}', `${first.file}:${first.line}`), 'data-side': side }, on: { click: () => open(side, first) } }, c.name) : c.name;
    return h(
      'tr',
      { class: `diff-${c.status}` },
      h('td', { class: 'name' }, name),
      h('td', {}, `${costBefore} → ${costAfter}`),
      h('td', { class: 'delta' }, money(Math.round(delta * 100) / 100, true)),
      h('td', {}, `${co2Before} → ${co2After}`),
      // No footprint known on either side: no carbon to compare.
      h('td', { class: 'delta' }, (c.before?.monthlyCo2eKg ?? null) === null && (c.after?.monthlyCo2eKg ?? null) === null ? '—' : kg(Math.round(co2 * 1000) / 1000, true)),
    );
  });
  const unpriced = [...cost.base.unpriced.map((u) => ['base', u] as const), ...cost.head.unpriced.map((u) => ['head', u] as const)];
  return h(
    'section',
    { class: 'diff-cost' },
    h('h3', {}, tr('Cost and carbon')),
    h('p', { attrs: { id: 'diff-cost-total' } }, tr('Monthly cost: {0} → {1} ({2})', money(cost.before), money(cost.after), money(cost.delta, true))),
    h('p', { attrs: { id: 'diff-carbon-total' } }, tr('Monthly carbon: {0} → {1} ({2})', kg(cost.co2eKg.before), kg(cost.co2eKg.after), kg(cost.co2eKg.delta, true))),
    rows.length > 0
      ? h('table', {}, h('thead', {}, h('tr', {}, ...[tr('Component'), tr('Cost before → after'), tr('Delta'), tr('Carbon before → after'), tr('Delta')].map((t) => h('th', {}, t)))), h('tbody', {}, ...rows))
      : h('p', { class: 'muted' }, tr("No component's cost or carbon moved.")),
    unpriced.length > 0
      ? h('details', {}, h('summary', {}, tr('Not priced: {0} at the base, {1} at the head', String(cost.base.unpriced.length), String(cost.head.unpriced.length))), h('ul', {}, ...unpriced.map(([side, u]) => h('li', {}, `${tr(side === 'base' ? 'base' : 'head')}: ${u.address} (${u.file}): ${u.reason}`))))
      : undefined,
  );
}
