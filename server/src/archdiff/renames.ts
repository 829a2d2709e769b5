/**
 * Identity across versions (issue #80): a component whose id changed only because its file moved (a
 * Compose file moved to `deploy/`: `compose:.:api` → `compose:deploy:api`), because its deployment
 * changed form (a Compose service become a Kubernetes Deployment running the same image), or because it
 * was renamed (the same image built from the same Dockerfile under another name) is the same component:
 * "renamed", not removed and added. Pure: the maps' nodes only one side has, and the edges that say what
 * each runs, in; the pairs, out.
 *
 * The evidence a node carries, read from its map's own edges: the images it `runs` (`image:example/api`,
 * by repository, tags folded) and the builds of those images (`file:api/Dockerfile`, a `builds` edge
 * into the image or into the node); and when the side gives them (compare.ts SideView.identities), its
 * pod template's name label and its deployment tool. Two nodes whose evidence disagrees (both run images, none shared;
 * both built, from different Dockerfiles) are never the same component, whatever their names.
 *
 * The passes, over the nodes only one side has:
 * 1. `place`: the same family (the id's first segment), kind and name, once on each side, the evidence
 *    not disagreeing: a pair;
 * 2. `place`: the scopes those pairs moved (the id's segments before the part they share: `compose:.` →
 *    `compose:deploy`) carry the nodes named by the scope itself or under it (the Compose project
 *    `compose:.`, named after its folder; a service that also changed kind) to the node of that id on
 *    the other side;
 * 3. `form`: a component (a node that runs or stores: service, job, datastore…) of another family or
 *    deployment tool (the system model's: compose, manifests, helm…) with the same kind and name (or pod
 *    template name label: `app.kubernetes.io/name`), an image or a build shared, once on each side
 *    (`compose:.:api` → `k8s:Deployment//api`: Compose to Kubernetes; `k8s:Deployment//api` →
 *    `k8s:Deployment//release-name-api`: plain manifests to a Helm chart's render);
 * 4. `evidence`: a component of the same family and kind under another name, running the same image
 *    built from the same Dockerfile, once on each side;
 * 5. `evidence`: a store (datastore, cache, search, broker) of the same family and kind under another name, running
 *    the same public image (no build on either side) and keeping its data in the same named volume, once on each
 *    side (issue #95: `db` renamed `database` on `postgres:16` with `dbdata` was a removal, an addition and 8–10 risk lines).
 * Anything else stays removed and added: two services swapped by name, a service replaced by another,
 * two services of one name in different projects running different images.
 */

/** What the evidence reads of a node (compare.ts MapNode). */
interface MapNode {
  id: string;
  kind: string;
  name: string;
}

/** What the evidence reads of an edge (compare.ts MapEdge). */
interface MapEdge {
  from: string;
  to: string;
  kind: string;
}

/** Why two ids are one component: its file moved, its deployment changed form, or it was renamed (same image and build). */
type RenameReason = 'place' | 'form' | 'evidence';

interface Rename {
  /** The head's id. */
  to: string;
  by: RenameReason;
}

/** The kinds of node that run or hold data (features/system/contributor.ts componentKinds): what changes form. */
const COMPONENT_KINDS: ReadonlySet<string> = new Set(['service', 'job', 'datastore', 'cache', 'search', 'broker', 'function']);

/** What a node runs and what builds it, from its map's edges; its name label and deployment tool, from its model. */
interface Evidence {
  images: ReadonlySet<string>;
  builds: ReadonlySet<string>;
  label?: string;
  tool?: string;
  /** The named volumes it keeps its data in (compare.ts NodeIdentity.volumes). */
  volumes?: readonly string[];
}

const NONE: Evidence = { images: new Set(), builds: new Set() };

/** The kinds of node that keep data: a store renamed keeps its volume. */
const STORE_KINDS: ReadonlySet<string> = new Set(['datastore', 'cache', 'search', 'broker']);

/** Each node's images (`runs`) and builds (`builds` into an image it runs, or into itself), and its identity when known. */
export function evidenceOf(edges: readonly MapEdge[], identities: Readonly<Record<string, { label?: string; tool?: string; volumes?: readonly string[] }>> = {}): ReadonlyMap<string, Evidence> {
  const buildsInto = new Map<string, Set<string>>();
  for (const edge of edges) if (edge.kind === 'builds') buildsInto.set(edge.to, (buildsInto.get(edge.to) ?? new Set()).add(edge.from));
  const out = new Map<string, { images: Set<string>; builds: Set<string> }>();
  const of = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { images: new Set(), builds: new Set(buildsInto.get(id) ?? []) }));
    return e;
  };
  for (const edge of edges) {
    if (edge.kind !== 'runs') continue;
    const e = of(edge.from);
    e.images.add(edge.to);
    for (const build of buildsInto.get(edge.to) ?? []) e.builds.add(build);
  }
  for (const id of buildsInto.keys()) if (!out.has(id)) of(id);
  const evidence = new Map<string, Evidence>(out);
  for (const [id, { label, tool, volumes }] of Object.entries(identities)) evidence.set(id, { ...(out.get(id) ?? NONE), ...(label !== undefined ? { label } : {}), ...(tool !== undefined ? { tool } : {}), ...(volumes !== undefined && volumes.length > 0 ? { volumes } : {}) });
  return evidence;
}

function shares(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** Both said and none shared: two different programs. */
function disagree(a: Evidence, b: Evidence): boolean {
  return (a.images.size > 0 && b.images.size > 0 && !shares(a.images, b.images)) || (a.builds.size > 0 && b.builds.size > 0 && !shares(a.builds, b.builds));
}

const familyOf = (id: string) => id.split(':')[0];

/**
 * Pairs of `removed` and `added` nodes each the only candidate of the other under `match` (a predicate
 * on a removed and an added node), in `removed`'s order. Only nodes sharing a bucket (`buckets`: the
 * keys a node is filed under) are matched: the work follows the candidates, not the product of the sides.
 */
function uniquePairs(removed: readonly MapNode[], added: readonly MapNode[], buckets: (n: MapNode, side: 'base' | 'head') => readonly string[], match: (a: MapNode, b: MapNode) => boolean): [MapNode, MapNode][] {
  const filed = new Map<string, MapNode[]>();
  for (const b of added) {
    for (const k of buckets(b, 'head')) {
      const list = filed.get(k);
      if (list) list.push(b);
      else filed.set(k, [b]);
    }
  }
  const candidates = new Map<string, MapNode[]>();
  const counts = new Map<string, number>();
  for (const a of removed) {
    const found = [...new Set(buckets(a, 'base').flatMap((k) => filed.get(k) ?? []))].filter((b) => match(a, b));
    candidates.set(a.id, found);
    for (const b of found) counts.set(b.id, (counts.get(b.id) ?? 0) + 1);
  }
  const pairs: [MapNode, MapNode][] = [];
  for (const a of removed) {
    const found = candidates.get(a.id)!;
    if (found.length === 1 && counts.get(found[0].id) === 1) pairs.push([a, found[0]]);
  }
  return pairs;
}

/** A base id → its head id and why, for each node renamed. `evidence`: each side's (evidenceOf its edges). */
export function renamedIds(removed: readonly MapNode[], added: readonly MapNode[], evidence: { base: ReadonlyMap<string, Evidence>; head: ReadonlyMap<string, Evidence> } = { base: new Map(), head: new Map() }): Map<string, Rename> {
  const before = (n: MapNode) => evidence.base.get(n.id) ?? NONE;
  const after = (n: MapNode) => evidence.head.get(n.id) ?? NONE;
  const pairs = new Map<string, Rename>();
  const taken = new Set<string>();
  const pair = (from: MapNode, to: MapNode, by: RenameReason) => {
    pairs.set(from.id, { to: to.id, by });
    taken.add(to.id);
  };
  // 1. The same family, kind and name, once on each side, the evidence not disagreeing.
  const key = (n: MapNode) => JSON.stringify([familyOf(n.id), n.kind, n.name]);
  for (const [a, b] of uniquePairs(removed, added, (n) => [key(n)], (a, b) => key(a) === key(b))) if (!disagree(before(a), after(b))) pair(a, b, 'place');
  // 2. The scopes moved: the segments before the longest suffix the two ids share.
  const scopes = new Map<string, string>();
  for (const [from, { to }] of pairs) {
    const a = from.split(':');
    const b = to.split(':');
    let shared = 0;
    while (shared < a.length - 1 && shared < b.length - 1 && a[a.length - 1 - shared] === b[b.length - 1 - shared]) shared++;
    if (shared === 0) continue;
    scopes.set(a.slice(0, a.length - shared).join(':'), b.slice(0, b.length - shared).join(':'));
  }
  const addedById = new Map(added.map((n) => [n.id, n]));
  for (const n of removed) {
    if (pairs.has(n.id)) continue;
    for (const [from, to] of scopes) {
      const rest = n.id === from ? '' : n.id.startsWith(`${from}:`) ? n.id.slice(from.length) : undefined;
      if (rest === undefined) continue;
      const target = addedById.get(`${to}${rest}`);
      if (target && !taken.has(target.id)) {
        pair(n, target, 'place');
        break;
      }
    }
  }
  const left = () => [removed.filter((n) => !pairs.has(n.id) && COMPONENT_KINDS.has(n.kind)), added.filter((n) => !taken.has(n.id) && COMPONENT_KINDS.has(n.kind))] as const;
  const agree = (a: MapNode, b: MapNode) => !disagree(before(a), after(b)) && (shares(before(a).images, after(b).images) || shares(before(a).builds, after(b).builds));
  // 3. Another form of deployment: another family or deployment tool, the same logical name (its name label, else its name) and kind, an image or a build shared.
  const [formFrom, formTo] = left();
  const logical = (n: MapNode, side: 'base' | 'head') => [...new Set([n.name, (side === 'base' ? before(n) : after(n)).label ?? n.name])];
  const otherForm = (a: MapNode, b: MapNode) => familyOf(a.id) !== familyOf(b.id) || (before(a).tool !== undefined && after(b).tool !== undefined && before(a).tool !== after(b).tool);
  const sameName = (a: MapNode, b: MapNode) => logical(a, 'base').some((name) => logical(b, 'head').includes(name));
  for (const [a, b] of uniquePairs(formFrom, formTo, (n, side) => logical(n, side).map((name) => JSON.stringify([n.kind, name])), (a, b) => otherForm(a, b) && sameName(a, b) && a.kind === b.kind && agree(a, b))) pair(a, b, 'form');
  // 4. Renamed: the same family and kind under another name, the same image built from the same Dockerfile.
  const [renamedFrom, renamedTo] = left();
  const built = (a: MapNode, b: MapNode) => shares(before(a).images, after(b).images) && shares(before(a).builds, after(b).builds) && !disagree(before(a), after(b));
  for (const [a, b] of uniquePairs(renamedFrom, renamedTo, (n, side) => [...(side === 'base' ? before(n) : after(n)).images].map((image) => JSON.stringify([familyOf(n.id), n.kind, image])), (a, b) => familyOf(a.id) === familyOf(b.id) && a.kind === b.kind && a.name !== b.name && built(a, b))) pair(a, b, 'evidence');
  // 5. A store renamed: the same family and kind, the same public image (built on neither side) and a named volume shared.
  const [storeFrom, storeTo] = left();
  const volumes = (e: Evidence) => new Set(e.volumes ?? []);
  const kept = (a: MapNode, b: MapNode) => before(a).builds.size === 0 && after(b).builds.size === 0 && shares(before(a).images, after(b).images) && !disagree(before(a), after(b)) && shares(volumes(before(a)), volumes(after(b)));
  const storeKey = (n: MapNode, e: Evidence) => [...e.images].map((image) => JSON.stringify([familyOf(n.id), n.kind, image]));
  for (const [a, b] of uniquePairs(storeFrom.filter((n) => STORE_KINDS.has(n.kind)), storeTo.filter((n) => STORE_KINDS.has(n.kind)), (n, side) => storeKey(n, side === 'base' ? before(n) : after(n)), (a, b) => familyOf(a.id) === familyOf(b.id) && a.kind === b.kind && a.name !== b.name && kept(a, b))) pair(a, b, 'evidence');
  return pairs;
}
