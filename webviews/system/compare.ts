// "Compare with…" (issue #80, As-Is / To-Be): the System Map page draws the head's map (the To-Be) with the
// differences of `archipel/diff` marked — added boxes and arrows green (`diff-added`), removed ones red and
// dashed, drawn from the base (`diff-removed`, ghosts added to the map), changed boxes amber (`diff-changed`)
// — with the same renderer (drawing/mapSvg.ts's `classes`), and lists them below the drawing, each item
// opening its lines (the head's for what is added or changed, the base revision's for what is removed).
// A change across N copies of one component (N kustomize overlays of one base: the diff's `copies` on components and
// connections, issue #95, read as the answer gives them) is one item of the list with its copies' places; each copy's
// box keeps its colour and the copies mark, and a removed copy's ghost is drawn once per copy where the view draws
// copies (the deployment view), once where it draws one.
import { h } from '../shared/dom';
import { tr } from './l10n';
import { componentGroups, connectionGroups } from '../../server/src/drawing/copyGroups';
import type { ChangeSide, Comparison, DiffCost, DiffSource, SystemMap } from './messages';

/** A connection the comparison lists. */
type Connection = Comparison['connections']['added'][number];

/** Opens a line of a side of the comparison (the host resolves the file and checks it is in the workspace). */
export type OpenChange = (side: ChangeSide, source: DiffSource) => void;

type MapNode = SystemMap['nodes'][number];
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

/** Where a copy is: the kustomization folder that builds it (its id after the last `@`: `overlays/prod`), else its id. */
function copyPlace(id: string): string {
  const at = id.lastIndexOf('@');
  return at > 0 && at < id.length - 1 ? id.slice(at + 1) : id;
}

/** Where a connection's copy is: the place of its end that is a copy (its caller's first), else its ends. */
function connectionPlace(edge: Connection): string {
  const end = [edge.from, edge.to].find((id) => copyPlace(id) !== id);
  return end ? copyPlace(end) : `${edge.from} → ${edge.to}`;
}

/**
 * A list's connections to a Service (an endpoint) the view does not draw, as the view draws them (views.ts
 * `routedTargets`): to each workload the Service routes to by a `routes` connection of the same list (a Service added
 * or removed with its workloads): `web → queue AMQP :5672` in the containers view, not `web → Service queue`. The
 * connections as they are where `drawn` has the Service (the deployment view); `drawn` absent: both.
 */
function routed(list: readonly Connection[], drawn?: (id: string) => boolean): Connection[] {
  const routes = new Map<string, Connection[]>();
  for (const edge of list) if (edge.kind === 'routes') push(routes, edge.from, edge);
  return list.flatMap((edge) => {
    const through = edge.kind === 'routes' ? undefined : routes.get(edge.to);
    if (!through || drawn?.(edge.to)) return [edge];
    const resolved = through.map((route) => ({ ...edge, to: route.to, ...(route.toName !== undefined ? { toName: route.toName } : {}) }));
    return drawn ? resolved : [edge, ...resolved];
  });
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The views that draw each copy of a component (each deployment's instance, views.ts); the others draw one box for all. */
const drawsCopies = (map: SystemMap) => map.view === 'deployment';

/** How many rounds a ghost's group is looked for through other ghosts (a removed chain Service → Deployment): a bound, never a loop over the map. */
const GHOST_GROUP_ROUNDS = 8;

/**
 * The head's map with what the comparison says it does not draw put back: the base's removed components
 * of a kind the view draws (ghosts; never an image, a build or a deployment's copy the view does not
 * draw: a group of removed copies is one ghost where the view draws one box for all copies, one per copy where it
 * draws each), the connections removed between boxes drawn, and those added and not drawn by the view (an
 * operator's way in, `Users → grafana :3000`), with the Users box when the view has none. A ghost goes in the group
 * (a namespace) of the boxes its removed connections join it to, when they agree.
 */
export function comparedMap(map: SystemMap, diff: Comparison): SystemMap {
  const ids = new Set(map.nodes.map((n) => n.id));
  const kinds = drawnKinds(map);
  const removed = drawsCopies(map) ? diff.components.removed : componentGroups(diff.components.removed).map((group) => group[0]);
  const ghosts: MapNode[] = removed.filter((c) => !ids.has(c.id) && kinds.has(c.kind)).map((c) => ({ id: c.id, kind: c.kind, name: c.name, family: 'removed', sources: [] }));
  for (const ghost of ghosts) ids.add(ghost.id);
  placeGhosts(map, ghosts, diff.connections.removed);
  const entries = [...(diff.entryPoints?.opened ?? []), ...(diff.entryPoints?.closed ?? [])];
  const users = entries.filter((e) => !ids.has(e.from) && ids.has(e.to) && e.from === USERS).length > 0 ? [{ id: USERS, kind: 'person', name: usersName(entries), family: 'system', sources: [] }] : [];
  for (const person of users) ids.add(person.id);
  const edges = new Set(map.edges.map(edgeKey));
  const missing = (list: readonly Connection[]): MapEdge[] =>
    list.filter((e) => ids.has(e.from) && ids.has(e.to) && !edges.has(edgeKey(e)) && (edges.add(edgeKey(e)), true)).map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: e.label, sources: [] }));
  const drawn = (id: string) => ids.has(id);
  const gone = missing(routed(diff.connections.removed, drawn));
  const added = missing(routed(diff.connections.added, drawn));
  return { ...map, nodes: [...map.nodes, ...users, ...ghosts], edges: [...map.edges, ...added, ...gone] };
}

/** Each ghost's group: the one group of the boxes (drawn or ghosts already placed) its removed connections join it to. */
function placeGhosts(map: SystemMap, ghosts: MapNode[], removed: readonly Connection[]): void {
  if (map.groups.length === 0 || ghosts.length === 0) return;
  const groupOf = new Map(map.nodes.flatMap((n) => (n.group !== undefined ? [[n.id, n.group] as const] : [])));
  const ghostIds = new Set(ghosts.map((g) => g.id));
  const neighbours = new Map<string, string[]>();
  for (const edge of removed) {
    if (ghostIds.has(edge.from)) push(neighbours, edge.from, edge.to);
    if (ghostIds.has(edge.to)) push(neighbours, edge.to, edge.from);
  }
  for (let round = 0; round < GHOST_GROUP_ROUNDS; round++) {
    let placed = false;
    for (const ghost of ghosts) {
      if (ghost.group !== undefined) continue;
      const groups = new Set((neighbours.get(ghost.id) ?? []).flatMap((id) => [groupOf.get(id)].filter((g): g is string => g !== undefined)));
      if (groups.size !== 1) continue;
      ghost.group = [...groups][0];
      groupOf.set(ghost.id, ghost.group);
      placed = true;
    }
    if (!placed) return;
  }
}

/** The users' name as the comparison writes it. */
function usersName(entries: readonly { from: string; fromName?: string }[]): string {
  return entries.find((e) => e.from === USERS)?.fromName ?? 'Users';
}

/** The classes of a box and of an arrow (by index in `edges`) for the renderer's `classes`: an entry point opened or closed is marked as such too. */
export function comparisonClasses(diff: Comparison, edges: readonly MapEdge[]): { node: (id: string) => string | undefined; edge: (index: number) => string | undefined } {
  const nodes = new Map<string, string>();
  // A copy of a change made across N copies: its colour and the copies mark.
  const copy = (c: { copies?: string[] }) => ((c.copies?.length ?? 0) > 0 ? ' diff-copy' : '');
  for (const c of diff.components.added) nodes.set(c.id, `diff-added${copy(c)}`);
  for (const c of diff.components.removed) nodes.set(c.id, `diff-removed${copy(c)}`);
  for (const c of diff.components.changed) nodes.set(c.id, `diff-changed${copy(c)}`);
  // A connection to a Service as the view draws it as well (the containers view: to the workloads it routes to).
  const added = new Set(routed(diff.connections.added).map(edgeKey));
  const removed = new Set(routed(diff.connections.removed).map(edgeKey));
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
  const added = diff.components.added.find((c) => c.id === id);
  const removed = diff.components.removed.find((c) => c.id === id);
  const said = changed
    ? `${tr('changed:')}\n${changed.changes.map((f) => `${f.field}: ${f.before || '—'} → ${f.after || '—'}`).join('\n')}`
    : added
      ? tr('added since {0}', diff.base.ref)
      : removed
        ? tr('removed since {0}', diff.base.ref)
        : undefined;
  // A copy: the change made alike in every copy, each copy's place (this one first).
  const copies = (changed ?? added ?? removed)?.copies ?? [];
  return said !== undefined && copies.length > 0 ? `${said}\n${tr('one change in {0} copies: {1}', String(copies.length + 1), [id, ...copies].map(copyPlace).join(', '))}` : said;
}

/** What the marks of a compared drawing mean: the copies mark only when a change was made across copies. */
export function comparisonLegend(diff: Comparison): HTMLElement {
  const c = diff.components;
  const copied = [...c.added, ...c.removed, ...c.changed].some((n) => (n.copies?.length ?? 0) > 0);
  const swatch = (cls: string, text: string) => h('span', { class: `swatch ${cls}` }, text);
  return h(
    'div',
    { class: 'legend compare-legend', attrs: { id: 'compare-legend' } },
    swatch('diff-added', tr('added')),
    swatch('diff-changed', tr('changed (hover: what)')),
    swatch('diff-removed', tr('removed (from the base)')),
    copied ? swatch('diff-copy', tr('copies: one change in N copies, listed once')) : undefined,
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

/** How many places of a group of copies its item names; the others are in its tooltip. */
const PLACES_SHOWN = 3;

/** The copies of a change said under its item: how many and where (`in 3 copies: overlays/dev, overlays/prod, …`). */
function copiesLine(places: readonly string[]): HTMLElement {
  const shown = places.slice(0, PLACES_SHOWN).join(', ') + (places.length > PLACES_SHOWN ? ', …' : '');
  return h('span', { class: 'copies', attrs: { title: places.join('\n') } }, tr('in {0} copies: {1}', String(places.length), shown));
}

/**
 * The list of the differences (workspace names as text), under the drawing: each item opens its lines; End comparison
 * asks the host to stop comparing. A change across N copies is one item (its first copy's lines: they all render them), its copies' places under it.
 */
export function comparisonList(diff: Comparison, open: OpenChange, end: () => void): HTMLElement {
  /** A group's item: its first's text and lines, its copies' places under it. */
  function item<T extends { sources: DiffSource[] }>(cls: string, sign: string, text: (first: T) => string, side: ChangeSide, place: (member: T) => string): (group: T[]) => HTMLElement {
    return (group) => {
      const li = changeItem(cls, `${sign} ${text(group[0])}`, side, group[0].sources, open);
      if (group.length > 1) {
        li.classList.add('copied');
        li.append(copiesLine(group.map(place)));
      }
      return li;
    };
  }
  type Component = Comparison['components']['added'][number];
  type Changed = Comparison['components']['changed'][number];
  const component = (c: { id: string }) => copyPlace(c.id);
  const edge = (e: Connection) => `${e.fromName ?? e.from} → ${e.toName ?? e.to} ${e.label}`;
  const items = [
    ...componentGroups(diff.components.added).map(item<Component>('diff-added', '+', (c) => `${c.name} (${c.kind})`, 'head', component)),
    ...componentGroups(diff.components.removed).map(item<Component>('diff-removed', '−', (c) => `${c.name} (${c.kind})`, 'base', component)),
    ...componentGroups(diff.components.changed).map(item<Changed>('diff-changed', '~', (c) => `${c.name} (${c.changes.map((f) => `${f.field}: ${f.before} → ${f.after}`).join(', ')})`, 'head', component)),
    ...connectionGroups(diff.connections.added).map(item<Connection>('diff-added', '+', edge, 'head', connectionPlace)),
    ...connectionGroups(diff.connections.removed).map(item<Connection>('diff-removed', '−', edge, 'base', connectionPlace)),
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
