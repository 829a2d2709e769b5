/**
 * The architecture of a change (issue #80): two system maps, as `archipel diagram system --format json`
 * prints them (system/json.ts's contract, read here as data), compared. Pure: maps in, the diff out.
 *
 * Identity is the map's: a node is the same node on both sides when its `id` is the same (whatever the
 * system family makes ids of); a connection is the same when its ends, kind and label are. `sources`
 * (files and lines) never make a difference: a line moved is not an architectural change. The analyses
 * of each side (analyses.ts: the threat model's risks, the privacy flows) are compared alongside.
 */
import { compareFlows, compareRisks, type DiffFlow, type DiffRisk } from './analyses';
import { carbon, carbonMoved, compareCost, money, unpricedChange, type CostSide, type DiffCost } from './cost';
import { compareContinuity, type ContinuityChange, type ContinuityFact } from './continuity';
import { comparePolicy, type PolicyChanges, type PolicyFact } from './policy';
import { evidenceOf, renamedIds } from './renames';
import { withCauses } from './causes';
import { sharedAddressMoves } from './shared';
import { componentGroups, connectionGroups } from '../drawing/copyGroups';
import { changesWithCopies, componentsWithCopies, connectionsWithCopies, type ConnectionCopy } from './copies';
import { terminalText } from '../common/escape';

/** Where a node or a connection is written (a file as the CLI names it, a 1-based line). */
export interface MapSource {
  file: string;
  line: number;
}

export interface MapNode {
  id: string;
  kind: string;
  name: string;
  sources: MapSource[];
}

export interface MapEdge {
  from: string;
  to: string;
  kind: string;
  label: string;
  sources: MapSource[];
}

/** The system map's JSON (system/json.ts: `{nodes, edges}`). */
export interface MapJson {
  nodes: MapNode[];
  edges: MapEdge[];
}

/** What identifies a component beyond its id, kind and name (the system model's): its pod template's name label, its deployment tool. */
export interface NodeIdentity {
  /** `app.kubernetes.io/name`, else `app`: the same on a workload of plain manifests and of a Helm render. */
  label?: string;
  /** How it is deployed: `compose`, `manifests`, `helm`, `kustomize`… */
  tool?: string;
  /** What it runs (the model's technology: `Go`, `PostgreSQL`). */
  technology?: string;
  /** The images it runs as written (`example/api:1.1`: identity.ts writtenImage), sorted. */
  images?: string[];
  /** Its component's deployment instances (`compose .`, `kustomize overlays/staging`), sorted. */
  instances?: string[];
  /** How many copies run, as declared (the system model's `replicas`). */
  replicas?: number;
  /** The trust boundary it sits in (`namespace shop`, `environment shop`: a Compose project, `Internet`). */
  boundary?: string;
  /** The named volumes it keeps its data in (a Compose service's `dbdata:/var/lib/…`), sorted: what a store renamed keeps (renames.ts). */
  volumes?: string[];
}

/** A side of a change: its map, and the analyses run on it (absent: none run, nothing compared). */
export interface SideView extends MapJson {
  /** Each node's identity beyond the map's JSON (absent: the ids, kinds, names and edges only). */
  identities?: Record<string, NodeIdentity>;
  risks?: DiffRisk[];
  flows?: DiffFlow[];
  cost?: CostSide;
  /** The continuity analysis's gaps and backups (continuity.ts; absent: none run). */
  continuity?: ContinuityFact[];
  /** The violations of the side's own policies (policy.ts; absent: none run). */
  policy?: PolicyFact[];
}

/** A field of a node whose value differs between the sides. */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** A node added or removed; `copies`: the ids of the other copies of the same component the same change made (copies.ts), when there are any. */
export interface DiffComponent extends MapNode {
  copies?: string[];
}

/** A node on both sides that differs: its head's id, name, kind and sources, and what changed. */
export interface ChangedComponent extends DiffComponent {
  changes: FieldChange[];
}

/** A node whose id changed with its file's place (renames.ts): its head's id, kind, name and sources, and its base's id. */
export interface RenamedComponent extends MapNode {
  from: string;
}

/** A connection with the names of its ends (as the side that has it names them); `copies`: the ends of the other copies of the same connection the same change made (copies.ts), when there are any. */
export interface DiffConnection extends MapEdge {
  fromName: string;
  toName: string;
  copies?: ConnectionCopy[];
}

/** A connection added or removed whose ends sit in different trust boundaries (a namespace, a Compose project, a cloud network, the Internet). */
export interface BoundaryConnection extends DiffConnection {
  fromBoundary: string;
  toBoundary: string;
}

/** A revision compared: the ref as given and its commit; the head's commit is null for the working tree. */
export interface DiffSide {
  ref: string;
  commit: string | null;
}

/** `archipel diff --format json`: the contract (docs/diff.md). */
export interface ArchDiff {
  base: { ref: string; commit: string };
  head: DiffSide;
  /** `renamed`: the same component under another id (its file moved, its deployment changed form, its name changed: renames.ts); a move alone is no architectural change. */
  components: { added: DiffComponent[]; removed: DiffComponent[]; changed: ChangedComponent[]; renamed: RenamedComponent[] };
  connections: { added: DiffConnection[]; removed: DiffConnection[] };
  entryPoints: { opened: DiffConnection[]; closed: DiffConnection[] };
  /** The connections added (`crossed`) and removed (`uncrossed`) whose ends sit in different trust boundaries. */
  boundaries: { crossed: BoundaryConnection[]; uncrossed: BoundaryConnection[] };
  /** The threat model's risks on each side (threats/): raised by the change, resolved by it. */
  threats: { raised: DiffRisk[]; resolved: DiffRisk[] };
  /** The personal data flows on each side (privacy/): added, removed. */
  privacy: { added: DiffFlow[]; removed: DiffFlow[] };
  /** What the change does to continuity (continuity.ts: a gap raised, a backup removed, replicas dropped), each at its file and line. */
  continuity: ContinuityChange[];
  /** The team's policies newly violated by the change, and those no longer violated (policy.ts), each at its file and line. */
  policy: PolicyChanges;
  /** The monthly cost before and after (cost/: the Terraform resources priced), when either side prices any. */
  cost?: DiffCost;
}

/** The kind of node the map draws outside the system, whose connections into it are its entry points (an Ingress's or a published port's users). */
const OUTSIDE_USERS = 'person';

/** The fields of a node compared (its id is its identity; its sources are where, not what). */
const NODE_FIELDS = ['kind', 'name'] as const;

/** The repository of an image as written (`example/api:1.1` → `example/api`; a digest's `@` and a port's `:` kept apart). */
function repositoryOf(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/**
 * The images of each side as compared: a repository written with a tag on one side and without on the other
 * (a Helm chart's `image.tag` in its values) is compared by repository alone; a repository or a tag changed is a change.
 */
function comparedImages(was: readonly string[], is: readonly string[]): [string, string] {
  const bare = new Set([...was, ...is].filter((image) => repositoryOf(image) === image));
  const seen = (list: readonly string[]) => [...new Set(list.map((image) => (bare.has(repositoryOf(image)) ? repositoryOf(image) : image)))].join(', ');
  return [seen(was), seen(is)];
}

/**
 * The fields of a node's identity compared when both sides give identities (platform/archDiff.ts): the images
 * it runs; its technology when both sides know it (a workload whose Dockerfile the other side does not read
 * is no change); its instances, unless it was renamed (its folder moved, its form of deployment changed: the
 * instances' folders and tools follow, a move is no change and a form is said once, as `form`).
 */
function identityChanges(was: NodeIdentity | undefined, is: NodeIdentity | undefined, renamed: boolean): FieldChange[] {
  const changes: FieldChange[] = [];
  const [imagesBefore, imagesAfter] = comparedImages(was?.images ?? [], is?.images ?? []);
  if (imagesBefore !== imagesAfter) changes.push({ field: 'image', before: imagesBefore, after: imagesAfter });
  if (was?.technology && is?.technology && was.technology !== is.technology) changes.push({ field: 'technology', before: was.technology, after: is.technology });
  if (was?.replicas !== undefined && is?.replicas !== undefined && was.replicas !== is.replicas) changes.push({ field: 'replicas', before: String(was.replicas), after: String(is.replicas) });
  const instances = (i: NodeIdentity | undefined) => (i?.instances ?? []).join(', ');
  if (!renamed && instances(was) !== instances(is)) changes.push({ field: 'instances', before: instances(was), after: instances(is) });
  return changes;
}

/** Whether users reach a node on a side: a connection from outside (OUTSIDE_USERS) into it. */
function exposedOf(map: MapJson, nodes: ReadonlyMap<string, MapNode>): Set<string> {
  return new Set(map.edges.filter((edge) => nodes.get(edge.from)?.kind === OUTSIDE_USERS).map((edge) => edge.to));
}

function edgeKey(edge: MapEdge): string {
  return JSON.stringify([edge.from, edge.to, edge.kind, edge.label]);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function named(edge: MapEdge, nodes: ReadonlyMap<string, MapNode>): DiffConnection {
  // A node without a name (an image named by a variable the map could not resolve) is named by its id.
  return { ...edge, fromName: nodes.get(edge.from)?.name || edge.from, toName: nodes.get(edge.to)?.name || edge.to };
}

/** Edges of `a` whose key `b` lacks, named by `a`'s nodes, in a stable order. */
function edgesOnlyIn(a: MapJson, b: MapJson, nodes: ReadonlyMap<string, MapNode>): DiffConnection[] {
  const other = new Set(b.edges.map(edgeKey));
  const seen = new Set<string>();
  const only: DiffConnection[] = [];
  for (const edge of a.edges) {
    const key = edgeKey(edge);
    if (other.has(key) || seen.has(key)) continue;
    seen.add(key);
    only.push(named(edge, nodes));
  }
  return only.sort((x, y) => byText(edgeKey(x), edgeKey(y)));
}

function nodesById(map: MapJson): Map<string, MapNode> {
  return new Map(map.nodes.map((node) => [node.id, node]));
}

function costOf(base: SideView, head: SideView): { cost?: DiffCost } {
  const cost = compareCost(base.cost, head.cost);
  return cost ? { cost } : {};
}

/** How a node is deployed (its tool: `compose`, `manifests`, `helm`…), else the family its id names. */
function formOf(id: string, identities: Record<string, NodeIdentity> | undefined): { before: string } {
  return { before: identities?.[id]?.tool ?? id.split(':')[0] };
}

/** A node's trust boundary on a side: the Internet for what is outside, else its identity's (`idOf`: the side's id of a node read under the head's ids). */
function boundaryOf(id: string, nodes: ReadonlyMap<string, MapNode>, identities: Record<string, NodeIdentity> | undefined, idOf = (x: string) => x): string | undefined {
  const kind = nodes.get(id)?.kind;
  if (kind === OUTSIDE_USERS || kind === 'external') return 'Internet';
  return identities?.[idOf(id)]?.boundary;
}

/** The connections whose ends' boundaries are both known and differ (an image's `runs` and a build's `builds` are no connection between places). */
function crossing(edges: readonly DiffConnection[], boundary: (id: string) => string | undefined): BoundaryConnection[] {
  const out: BoundaryConnection[] = [];
  for (const edge of edges) {
    if (edge.kind === 'runs' || edge.kind === 'builds') continue;
    const fromBoundary = boundary(edge.from);
    const toBoundary = boundary(edge.to);
    if (fromBoundary !== undefined && toBoundary !== undefined && fromBoundary !== toBoundary) out.push({ ...edge, fromBoundary, toBoundary });
  }
  return out;
}

/** What `head` changes of `base`'s architecture. */
/** `moved`: the base's ids git's rename detection carries to a head's id (moves.ts), each a rename by its place before any other pass. */
export function compareMaps(base: SideView, head: SideView, sides: { base: { ref: string; commit: string }; head: DiffSide }, moved: ReadonlyMap<string, string> = new Map()): ArchDiff {
  const after = nodesById(head);
  const original = nodesById(base);
  // A node whose file git says moved is its head's node of the carried id; what is left is paired by renames.ts.
  const carried = new Map([...moved].filter(([from, to]) => original.has(from) && !after.has(from) && after.has(to) && !original.has(to)));
  const landed = new Set(carried.values());
  // A node whose file moved keeps its identity (renames.ts): the base read under the head's ids.
  const renames = renamedIds(
    [...original.values()].filter((node) => !after.has(node.id) && !carried.has(node.id)),
    [...after.values()].filter((node) => !original.has(node.id) && !landed.has(node.id)),
    { base: evidenceOf(base.edges, base.identities), head: evidenceOf(head.edges, head.identities) },
  );
  for (const [from, to] of carried) renames.set(from, { to, by: 'place' });
  const idOf = (id: string) => renames.get(id)?.to ?? id;
  const mapped: MapJson = renames.size === 0 ? base : { nodes: base.nodes.map((node) => ({ ...node, id: idOf(node.id) })), edges: base.edges.map((edge) => ({ ...edge, from: idOf(edge.from), to: idOf(edge.to) })) };
  const before = nodesById(mapped);
  const addedAll = [...after.values()].filter((node) => !before.has(node.id)).sort((x, y) => byText(x.id, y.id));
  const removedAll = [...before.values()].filter((node) => !after.has(node.id)).sort((x, y) => byText(x.id, y.id));
  const exposedBefore = exposedOf(mapped, before);
  const exposedAfter = exposedOf(head, after);
  const renamed = [...renames].map(([from, { to }]) => ({ ...after.get(to)!, from })).sort((x, y) => byText(x.id, y.id));
  const how = new Map([...renames].map(([from, { to, by }]) => [to, { from, by }]));
  const baseIdOf = (id: string) => how.get(id)?.from ?? id;
  const changed: ChangedComponent[] = [];
  for (const node of [...after.values()].sort((x, y) => byText(x.id, y.id))) {
    const old = before.get(node.id);
    if (!old) continue;
    // A node moved with its file may be named after its new place (a Compose project after its folder): its name is no change, its kind is.
    const rename = how.get(node.id);
    const changes: FieldChange[] = NODE_FIELDS.filter((field) => old[field] !== node[field] && !(field === 'name' && rename?.by === 'place')).map((field) => ({ field, before: old[field], after: node[field] }));
    // Another form of deployment (Compose → Kubernetes): the family that deploys it, as its id names it.
    if (rename?.by === 'form') changes.push({ field: 'form', ...formOf(rename.from, base.identities), after: formOf(node.id, head.identities).before });
    // The identity's fields, when both sides give identities (a side without them says nothing of them): '' for none.
    if (base.identities && head.identities) changes.push(...identityChanges(base.identities[rename?.from ?? node.id], head.identities[node.id], rename !== undefined));
    const exposure = (set: ReadonlySet<string>) => (set.has(node.id) ? 'exposed' : 'internal');
    if (exposure(exposedBefore) !== exposure(exposedAfter)) changes.push({ field: 'exposure', before: exposure(exposedBefore), after: exposure(exposedAfter) });
    if (changes.length > 0) changed.push({ ...node, changes });
  }
  // An image bump reads once, as the component's `image` change: its `runs` edges to the old and new images, the builds into them and
  // the image nodes only they named are not said again as connections and components added and removed.
  const bumped = new Set(changed.filter((node) => node.changes.some((ch) => ch.field === 'image')).map((node) => node.id));
  const folded = (edge: MapEdge) => edge.kind === 'runs' && bumped.has(edge.from);
  const foldedImages = new Set([...edgesOnlyIn(head, mapped, after), ...edgesOnlyIn(mapped, head, before)].filter(folded).map((edge) => edge.to));
  const kept = (edge: MapEdge) => !folded(edge) && !(edge.kind === 'builds' && foldedImages.has(edge.to));
  // Addresses moved into one place several components read (a shared ConfigMap): the same calls, no change (shared.ts).
  const moves = sharedAddressMoves(edgesOnlyIn(head, mapped, after).filter(kept), edgesOnlyIn(mapped, head, before).filter(kept), mapped.edges, compareRisks(base.risks ?? [], head.risks ?? [], idOf));
  // N copies of one connection (N overlays of one base) made alike: each names the others' ends (copies.ts).
  const connectionsAdded = connectionsWithCopies(moves.added);
  const connectionsRemoved = connectionsWithCopies(moves.removed);
  const said = new Set([...connectionsAdded, ...connectionsRemoved].flatMap((edge) => [edge.from, edge.to]));
  const shown = (node: MapNode) => !(node.kind === 'image' && foldedImages.has(node.id) && !said.has(node.id));
  const entry = (nodes: ReadonlyMap<string, MapNode>) => (edge: DiffConnection) => nodes.get(edge.from)?.kind === OUTSIDE_USERS;
  const risks = { raised: moves.raised, resolved: moves.resolved };
  const added = addedAll.filter(shown);
  return {
    base: sides.base,
    head: sides.head,
    // N copies of one component (N overlays of one base) changed alike: each names the others (copies.ts).
    components: { added: componentsWithCopies(added), removed: componentsWithCopies(removedAll.filter(shown)), changed: changesWithCopies(changed), renamed },
    connections: { added: connectionsAdded, removed: connectionsRemoved },
    entryPoints: { opened: connectionsAdded.filter(entry(after)), closed: connectionsRemoved.filter(entry(before)) },
    boundaries: {
      crossed: crossing(connectionsAdded, (id) => boundaryOf(id, after, head.identities)),
      uncrossed: crossing(connectionsRemoved, (id) => boundaryOf(id, before, base.identities, baseIdOf)),
    },
    // A risk raised on a line the change did not touch says which changes on its path raise it (causes.ts).
    threats: { raised: withCauses(risks.raised, { added, changed, connections: connectionsAdded, outside: (id) => after.get(id)?.kind === OUTSIDE_USERS }), resolved: risks.resolved },
    privacy: compareFlows(base.flows ?? [], head.flows ?? []),
    continuity: compareContinuity(
      base.continuity ?? [],
      head.continuity ?? [],
      {
        base: { of: (id) => base.identities?.[id]?.replicas, place: () => undefined, name: (id) => id },
        head: { of: (id) => head.identities?.[id]?.replicas, place: (id) => after.get(id)?.sources[0], name: (id) => `${after.get(id)?.kind ?? ''} ${after.get(id)?.name ?? id}`.trim() },
        ids: [...original.keys()],
      },
      idOf,
      (id) => before.has(id) && after.has(id) && how.get(id)?.by !== 'form',
    ),
    policy: comparePolicy(base.policy ?? [], head.policy ?? []),
    ...costOf(base, head),
  };
}

/** The carbon of a change (each component whose kgCO2e moved) and what one side could not price that the other could. */
function carbonLines(cost: DiffCost): string[] {
  const lines: string[] = [];
  const moved = carbonMoved(cost);
  if (moved.length > 0 || cost.co2eKg.delta !== 0) {
    lines.push(`monthly carbon: ${carbon(cost.co2eKg.before)} → ${carbon(cost.co2eKg.after)} (${carbon(cost.co2eKg.delta, true)})`);
    for (const c of moved) lines.push(`  ${c.delta > 0 ? '+' : '-'} ${c.id}: ${carbon(c.before)} → ${carbon(c.after)} (${carbon(c.delta, true)})${where(c.sources)}`);
  }
  const unpriced = unpricedChange(cost);
  for (const u of unpriced.added) lines.push(`not priced on the head: ${u.address} (${u.file}): ${u.reason}`);
  for (const u of unpriced.removed) lines.push(`not priced on the base: ${u.address} (${u.file}): ${u.reason}`);
  return lines;
}

/** Whether the change leaves the architecture as it was. */
export function unchanged(diff: ArchDiff): boolean {
  return (
    diff.components.added.length + diff.components.removed.length + diff.components.changed.length + diff.connections.added.length + diff.connections.removed.length + diff.entryPoints.opened.length + diff.entryPoints.closed.length +
      diff.threats.raised.length + diff.threats.resolved.length + diff.privacy.added.length + diff.privacy.removed.length + diff.continuity.length + diff.policy.raised.length + diff.policy.resolved.length + (diff.cost?.components.length ?? 0) + (diff.cost?.changed.length ?? 0) ===
    0
  );
}

function where(sources: readonly MapSource[]): string {
  return sources.length > 0 ? ` (${sources.map((s) => `${s.file}:${s.line}`).join(', ')})` : '';
}

function sideName(side: DiffSide): string {
  return side.commit === null ? `${side.ref}` : `${side.ref} (${side.commit.slice(0, 12)})`;
}

/** The diff for a terminal: one line per difference, or "no architectural change". */
/** The text's lines for a terminal or a CI log: each line one line, whatever the names in it hold (a line break, an escape sequence). */
const shown = (lines: readonly string[]): string => lines.map(terminalText).join('\n');

export function diffText(diff: ArchDiff): string {
  const lines = [`${sideName(diff.base)} → ${sideName(diff.head)}`];
  // Components moved with their files are no change, said after the verdict (their ids are what a JSON consumer keys on).
  const renamed = diff.components.renamed.map((node) => `  ~ ${node.kind} ${node.name} [${node.from} → ${node.id}]${where(node.sources)}`);
  const renamedLines = renamed.length > 0 ? [`components renamed (the same component under another id): ${renamed.length}`, ...renamed] : [];
  if (unchanged(diff)) {
    lines.push('no architectural change', ...renamedLines);
    return shown(lines);
  }
  const c = diff.components;
  if (c.added.length + c.removed.length + c.changed.length > 0) {
    // A change across N copies of one component is said once, its copies (the entries' `copies`: copies.ts) listed under it.
    const added = componentGroups(c.added);
    const removed = componentGroups(c.removed);
    const changed = componentGroups(c.changed);
    const entries = c.added.length + c.removed.length + c.changed.length;
    const groups = added.length + removed.length + changed.length;
    lines.push(`components: ${added.length} added, ${removed.length} removed, ${changed.length} changed${groups < entries ? ` (${entries} with their copies)` : ''}`);
    const copies = (group: readonly MapNode[]) => (group.length > 1 ? [`      and its ${group.length - 1} cop${group.length === 2 ? 'y' : 'ies'}: ${group.slice(1).map((n) => n.id).join(', ')}`] : []);
    for (const group of added) lines.push(`  + ${group[0].kind} ${group[0].name} [${group[0].id}]${where(group[0].sources)}`, ...copies(group));
    for (const group of removed) lines.push(`  - ${group[0].kind} ${group[0].name} [${group[0].id}]${where(group[0].sources)}`, ...copies(group));
    for (const group of changed) lines.push(`  ~ ${group[0].kind} ${group[0].name} [${group[0].id}]: ${group[0].changes.map((ch) => `${ch.field} ${ch.before || '(none)'} → ${ch.after || '(none)'}`).join('; ')}${where(group[0].sources)}`, ...copies(group));
  }
  lines.push(...renamedLines);
  const said = (edge: DiffConnection) => `${edge.fromName} ${edge.kind} ${edge.toName}${edge.label && edge.label !== edge.kind ? ` (${edge.label})` : ''}`;
  // Two connections said alike (ends of the same names: a workload and its kustomize variants) are told apart by their ids.
  const counts = new Map<string, number>();
  for (const edge of [...diff.connections.added, ...diff.connections.removed]) counts.set(said(edge), (counts.get(said(edge)) ?? 0) + 1);
  const connection = (sign: string, edge: DiffConnection) => `  ${sign} ${said(edge)}${(counts.get(said(edge)) ?? 0) > 1 ? ` [${edge.from} → ${edge.to}]` : ''}${where(edge.sources)}`;
  // The same connection of N copies (the entries' `copies`: copies.ts): once, its copies' ends listed under it.
  const connections = (title: string, words: readonly [string, string], plus: readonly DiffConnection[], minus: readonly DiffConnection[]) => {
    if (plus.length + minus.length === 0) return;
    const added = connectionGroups(plus);
    const removed = connectionGroups(minus);
    const more = plus.length + minus.length > added.length + removed.length ? ` (${plus.length + minus.length} with their copies)` : '';
    lines.push(`${title}: ${added.length} ${words[0]}, ${removed.length} ${words[1]}${more}`);
    const copies = (group: readonly DiffConnection[]) => (group.length > 1 ? [`      and its ${group.length - 1} cop${group.length === 2 ? 'y' : 'ies'}: ${group.slice(1).map((e) => `${e.from} → ${e.to}`).join(', ')}`] : []);
    for (const group of added) lines.push(connection('+', group[0]), ...copies(group));
    for (const group of removed) lines.push(connection('-', group[0]), ...copies(group));
  };
  connections('connections', ['added', 'removed'], diff.connections.added, diff.connections.removed);
  connections('entry points', ['opened', 'closed'], diff.entryPoints.opened, diff.entryPoints.closed);
  const b = diff.boundaries;
  if (b.crossed.length + b.uncrossed.length > 0) {
    lines.push(`boundaries: ${b.crossed.length} crossed, ${b.uncrossed.length} uncrossed`);
    const crossing = (sign: string, edge: BoundaryConnection) => lines.push(`  ${sign} ${said(edge)} (${edge.fromBoundary} → ${edge.toBoundary})${where(edge.sources)}`);
    for (const edge of b.crossed) crossing('+', edge);
    for (const edge of b.uncrossed) crossing('-', edge);
  }
  const r = diff.threats;
  if (r.raised.length + r.resolved.length > 0) {
    lines.push(`threats: ${r.raised.length} raised, ${r.resolved.length} resolved`);
    const risk = (sign: string, k: DiffRisk) => {
      lines.push(`  ${sign} ${k.severity} ${k.rule}: ${k.title}${where(k.sources)}`);
      if (k.pathNames.length > 1) lines.push(`      ${k.pathNames.join(' → ')}`);
      for (const cause of k.cause ?? []) lines.push(`      because ${cause}`);
    };
    for (const k of r.raised) risk('+', k);
    for (const k of r.resolved) risk('-', k);
  }
  const p = diff.privacy;
  if (p.added.length + p.removed.length > 0) {
    lines.push(`personal data flows: ${p.added.length} added, ${p.removed.length} removed`);
    const flow = (sign: string, f: DiffFlow) => lines.push(`  ${sign} ${f.from} → ${f.to}${f.categories.length > 0 ? ` (${f.categories.join(', ')})` : ''}${where(f.sources)}`);
    for (const f of p.added) flow('+', f);
    for (const f of p.removed) flow('-', f);
  }
  if (diff.continuity.length > 0) {
    lines.push(`continuity: ${diff.continuity.length} change${diff.continuity.length === 1 ? '' : 's'}`);
    for (const ch of diff.continuity) lines.push(`  ${ch.change === 'gap-raised' ? '+' : '-'} ${ch.change} ${ch.rule}: ${ch.message} (${ch.file}:${ch.line})`);
  }
  const v = diff.policy;
  if (v.raised.length + v.resolved.length > 0) {
    lines.push(`policy violations: ${v.raised.length} raised, ${v.resolved.length} resolved`);
    const violation = (sign: string, f: PolicyFact) => lines.push(`  ${sign} ${f.action} ${f.rule}${f.object ? ` on ${f.object}` : ''}: ${f.message} (${f.file}:${f.line})`);
    for (const f of v.raised) violation('+', f);
    for (const f of v.resolved) violation('-', f);
  }
  const cost = diff.cost;
  if (cost && cost.components.length > 0) {
    lines.push(`monthly cost: ${money(cost.before, false, cost.currency)} → ${money(cost.after, false, cost.currency)} (${money(cost.delta, true, cost.currency)})`);
    for (const c of cost.components) lines.push(`  ${c.delta > 0 ? '+' : '-'} ${c.id}: ${money(c.before, false, cost.currency)} → ${money(c.after, false, cost.currency)} (${money(c.delta, true, cost.currency)})${where(c.sources)}`);
  }
  if (cost) lines.push(...carbonLines(cost));
  return shown(lines);
}
