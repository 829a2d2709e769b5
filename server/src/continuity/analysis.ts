/**
 * The continuity of a workspace (issue #97): the gaps and backups derived from the Kubernetes objects, the map's Compose
 * services and Terraform's resources, folded onto the map's components (their ids are the map's), held against the
 * objectives archipel.yaml asks — a component's own, or the tightest of the components that depend on it (a store
 * inherits the RPO of the services calling it). The achievable RPO is the shortest interval of the backups covering
 * it; the RTO's risks are what makes a recovery long or untried. One analysis per index generation.
 */
import { componentKinds, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { adrStatements, names, type AdrStatement } from './adr';
import { composeBrokerGaps } from './compose';
import { DVC_DATA, dvcContinuity } from './dvc';
import { kubernetesContinuity, type MapView } from './kubernetes';
import { formatDuration, type Backup, type Derivation, type Gap, type Place } from './model';
import { objectiveFor, objectivesOf, type Objective, type Objectives } from './objectives';
import { continuityRules as r, disruptionOf, type Disruption } from './rules';
import { terraformContinuity } from './terraform';

/** What the continuity reads of the system family: the map and its components (handed in by the descriptor). */
export interface ContinuityHost {
  mapOf: (index: WorkspaceIndex) => { nodes: readonly SystemNode[]; edges: readonly SystemEdge[]; node: (id: string) => SystemNode | undefined };
  /** The map's components (system/components.ts): the id of each (its main node's), its name, kind and member nodes. */
  componentsOf: (index: WorkspaceIndex) => readonly { id: string; name: string; kind: string; members: readonly string[] }[];
  /** A side file's text by its URI (`.dvc/config`: not indexed), read bounded and confined; undefined when missing or refused. */
  readSide?: (uri: string) => string | undefined;
  /** Loads what the map's contributors read with (Terraform's parser). */
  prepare?: (index: WorkspaceIndex) => Promise<void> | undefined;
}

export interface ComponentContinuity {
  id: string;
  name: string;
  kind: string;
  tier?: string;
  /** Minutes; asked undefined when nothing asks; achievable undefined when no backup covers it. */
  rpo: { asked?: number; achievable?: number; from?: string };
  rto: { asked?: number; risks: string[] };
  spofs: Gap[];
  backups: Backup[];
  accepted: { rule: string; reason: string }[];
  /** The disruptions of Resilience Hub's grid one occurrence of which takes it down. */
  disruptions: Disruption[];
}

export interface ContinuityAnalysis {
  asked: boolean;
  components: ComponentContinuity[];
  /** Every gap not accepted, with its component's id. */
  gaps: (Gap & { component?: string })[];
  problems: Objectives['problems'];
  derivation: Derivation;
}

const STORES = new Set(['datastore', 'cache', 'search', 'broker']);
/** The stores whose data is the system's record: a missing backup is a gap (a cache or a broker is rebuilt or replayed). */
const RECORDS = new Set(['datastore', 'search']);
const FOLLOWED = new Set(['calls', 'depends-on', 'reads', 'writes', 'routes']);
const NOT_SPOF = new Set([r.noBackup.id, r.objectiveUnmet.id]);

/** The objectives the ADRs state of a component: named on the statement's line, or in the title when the line names none. */
function adrObjective(statements: readonly AdrStatement[], name: string, all: readonly string[]): Objective | undefined {
  // A line naming another component is that one's, whatever the title says.
  const said = statements.filter((s) => names(s.line, name) || (names(s.title, name) && !all.some((other) => names(s.line, other))));
  if (said.length === 0) return undefined;
  const first = (kind: 'rpo' | 'rto') => said.find((s) => s.objective === kind && names(s.line, name)) ?? said.find((s) => s.objective === kind);
  const rpo = first('rpo');
  const rto = first('rto');
  return { key: name, accepted: new Map(), place: (rpo ?? rto)!.place, ...(rpo ? { rpo: rpo.minutes, rpoPlace: rpo.place } : {}), ...(rto ? { rto: rto.minutes } : {}) };
}

function placeOf(index: WorkspaceIndex, source: SystemSource | undefined): Place | undefined {
  const file = source && index.get(source.uri);
  if (!source || !file || file.skipped) return undefined;
  return { uri: source.uri, start: file.lines.offsetAt(source.range.start), end: file.lines.offsetAt(source.range.end) };
}

/** The gaps and backups of the index's files, before the components. */
export function deriveContinuity(index: WorkspaceIndex, host: ContinuityHost): Derivation {
  const map = host.mapOf(index);
  const callees = new Map<string, string[]>();
  for (const e of map.edges) if (e.kind === 'calls' || e.kind === 'may-call') callees.set(e.from, [...(callees.get(e.from) ?? []), e.to]);
  const stores = map.nodes.filter((n) => STORES.has(n.kind)).map((n) => ({ id: n.id, name: n.name, family: n.family, ...(n.namespace ? { namespace: n.namespace } : {}), ...(n.technology ? { technology: n.technology } : {}) }));
  const view: MapView = { kindOf: (id) => map.node(id)?.kind, technologyOf: (id) => map.node(id)?.technology, callees: (id) => callees.get(id) ?? [], stores: () => stores };
  const at = new Map<string, string>();
  for (const n of map.nodes) if (n.family === 'terraform') for (const s of n.sources) at.set(`${s.uri}#${s.range.start.line}`, n.id);
  const derivation: Derivation = { gaps: [], backups: [], restores: [], regions: new Set(), data: [] };
  kubernetesContinuity(index, view, derivation);
  terraformContinuity(index, { nodeAt: (uri, line) => at.get(`${uri}#${line}`) }, derivation);
  dvcContinuity(index, host.readSide, derivation);
  // Compose, from the map: a service's replicas (deploy.replicas, else scale, else 1), the stack's one host, a broker's replication.
  for (const n of map.nodes) {
    if (n.family !== 'compose') continue;
    const place = placeOf(index, n.sources[0]);
    if (!place) continue;
    if (n.kind === 'environment') derivation.gaps.push({ rule: r.singleHost.id, node: n.id, ...place, message: t('{0} runs on one host: every service of the stack stops with it.', n.name) });
    else if (componentKinds.has(n.kind) && n.kind !== 'job' && (n.replicas ?? 1) < 2) derivation.gaps.push({ rule: r.singleReplica.id, node: n.id, ...place, message: t('The Compose service {0} runs one container (no deploy.replicas): one crash stops it until it restarts.', n.name) });
    if (n.kind !== 'environment') composeBrokerGaps(index, { id: n.id, name: n.name, uri: place.uri }, (g) => derivation.gaps.push(g));
  }
  return derivation;
}

const kept = new WeakMap<WorkspaceIndex, { generation: number; analysis: ContinuityAnalysis }>();

/** The continuity of the index, kept for its generation. */
export function workspaceContinuity(index: WorkspaceIndex, host: ContinuityHost): ContinuityAnalysis {
  const before = kept.get(index);
  if (before && before.generation === index.generation) return before.analysis;
  const analysis = analyse(index, host);
  kept.set(index, { generation: index.generation, analysis });
  return analysis;
}

function analyse(index: WorkspaceIndex, host: ContinuityHost): ContinuityAnalysis {
  const objectives = objectivesOf(index);
  const derivation = deriveContinuity(index, host);
  const map = host.mapOf(index);

  const components = host.componentsOf(index).filter((c) => componentKinds.has(c.kind));
  const componentOf = new Map<string, string>();
  for (const c of components) for (const m of c.members) componentOf.set(m, c.id);
  const objectiveOf = new Map<string, Objective>();
  // By the map's id first (stable), then by the display name older files use; else what an ADR states of it.
  const statements = adrStatements(index);
  const nameOf = new Map<Objective, string>();
  const allNames = components.map((c) => c.name);
  for (const c of components) {
    const o = objectiveFor(objectives.list, c.id, c.name) ?? adrObjective(statements, c.name, allNames);
    if (o) objectiveOf.set(c.id, o);
    if (o && !nameOf.has(o)) nameOf.set(o, c.name);
  }
  // An objective said by its component's name, however its entry is keyed (an id keys most).
  const said = (o: Objective) => nameOf.get(o) ?? o.key;
  // The objectives each component inherits from its dependants (calls, depends-on, reads, writes), tightest first.
  const rpo = new Map<string, { minutes: number; from: Objective }>();
  const rto = new Map<string, number>();
  for (const [id, o] of objectiveOf) {
    if (o.rpo !== undefined) rpo.set(id, { minutes: o.rpo, from: o });
    if (o.rto !== undefined) rto.set(id, o.rto);
  }
  // Over the map's nodes, not its components: a call reaches a store through its Service (`calls`, then `routes`).
  const next = new Map<string, Set<string>>();
  for (const e of map.edges) {
    if (!FOLLOWED.has(e.kind) || e.from === e.to) continue;
    const set = next.get(e.from) ?? new Set<string>();
    set.add(e.to);
    next.set(e.from, set);
  }
  const nodeRpo = new Map<string, { minutes: number; from: Objective }>();
  const nodeRto = new Map<string, number>();
  for (const c of components) {
    for (const m of c.members) {
      const own = rpo.get(c.id);
      if (own) nodeRpo.set(m, own);
      const time = rto.get(c.id);
      if (time !== undefined) nodeRto.set(m, time);
    }
  }
  const work = [...new Set([...nodeRpo.keys(), ...nodeRto.keys()])];
  // Each relaxation lowers a node's value to one of the objectives' values: at most (objectives × nodes) rounds.
  while (work.length > 0) {
    const id = work.pop()!;
    for (const to of next.get(id) ?? []) {
      let changed = false;
      const mine = nodeRpo.get(id);
      if (mine && (nodeRpo.get(to)?.minutes ?? Infinity) > mine.minutes) { nodeRpo.set(to, mine); changed = true; }
      const time = nodeRto.get(id);
      if (time !== undefined && (nodeRto.get(to) ?? Infinity) > time) { nodeRto.set(to, time); changed = true; }
      if (changed) work.push(to);
    }
  }
  for (const c of components) {
    for (const m of c.members) {
      const got = nodeRpo.get(m);
      if (got && (rpo.get(c.id)?.minutes ?? Infinity) > got.minutes) rpo.set(c.id, got);
      const time = nodeRto.get(m);
      if (time !== undefined && (rto.get(c.id) ?? Infinity) > time) rto.set(c.id, time);
    }
  }
  const gapsOf = new Map<string, Gap[]>();
  const loose: Gap[] = [];
  for (const g of derivation.gaps) {
    const c = g.node ? componentOf.get(g.node) : undefined;
    if (c) gapsOf.set(c, [...(gapsOf.get(c) ?? []), g]);
    else loose.push(g);
  }
  const report: ComponentContinuity[] = [];
  const gaps: ContinuityAnalysis['gaps'] = [];
  for (const c of components) {
    const own = objectiveOf.get(c.id);
    const members = new Set(c.members);
    const backups = derivation.backups.filter((b) => b.covers.some((id) => members.has(id)));
    const list = [...(gapsOf.get(c.id) ?? [])];
    const achievable = backups.length > 0 ? Math.min(...backups.map((b) => b.minutes)) : undefined;
    const main = map.node(c.id);
    if (RECORDS.has(c.kind) && backups.length === 0 && !list.some((g) => g.rule === r.noBackup.id)) {
      const place = placeOf(index, main?.sources[0]);
      if (place) list.push({ rule: r.noBackup.id, node: c.id, ...place, message: t('No backup of the store {0} was found: no automated backups, no CronJob dumping it, no Velero Schedule of its namespace, no versioning.', c.name) });
    }
    const asked = rpo.get(c.id);
    if (asked && STORES.has(c.kind) && (achievable === undefined || achievable > asked.minutes)) {
      const place = asked.from.rpoPlace ?? asked.from.place;
      const inherited = said(asked.from) !== c.name && objectiveOf.get(c.id) !== asked.from;
      list.push({ rule: r.objectiveUnmet.id, node: c.id, ...place, message: inherited
        ? t('{0} asks an RPO of {1} and depends on {2}: the backups of {2} achieve {3}.', said(asked.from), formatDuration(asked.minutes), c.name, achievable === undefined ? t('none') : formatDuration(achievable))
        : t('{0} asks an RPO of {1}: its backups achieve {2}.', c.name, formatDuration(asked.minutes), achievable === undefined ? t('none') : formatDuration(achievable)) });
    }
    const risks: string[] = [];
    if (list.some((g) => g.rule === r.singleZone.id)) risks.push(t('one zone: a zone outage waits for the zone'));
    const oneRegion = derivation.regions.size === 1 && (c.members.some((m) => map.node(m)?.family === 'terraform') || STORES.has(c.kind));
    if (oneRegion) risks.push(t('one region ({0}): a regional outage has no failover', [...derivation.regions][0]));
    if (list.some((g) => g.rule === r.singleReplica.id || g.rule === r.singleHost.id)) risks.push(t('one instance: recovery waits for a restart or a rebuild'));
    if (STORES.has(c.kind) && derivation.restores.length === 0) risks.push(t('no restore job or test: a restore was never exercised'));
    const spofs = list.filter((g) => !NOT_SPOF.has(g.rule));
    const disruptions = (['application', 'infrastructure', 'zone'] as const).filter((d) => spofs.some((g) => disruptionOf(g.rule) === d || (d === 'zone' && disruptionOf(g.rule) === 'region')));
    const accepted = [...(own?.accepted ?? [])].map(([rule, reason]) => ({ rule, reason }));
    const acceptedRules = new Set(accepted.map((a) => a.rule));
    report.push({ id: c.id, name: c.name, kind: c.kind, ...(own?.tier !== undefined ? { tier: own.tier } : {}), rpo: { ...(asked ? { asked: asked.minutes, from: said(asked.from) } : {}), ...(achievable !== undefined ? { achievable } : {}) }, rto: { ...(rto.has(c.id) ? { asked: rto.get(c.id) } : {}), risks }, spofs, backups, accepted, disruptions: oneRegion ? [...disruptions, 'region'] : disruptions });
    for (const g of list) if (!acceptedRules.has(g.rule)) gaps.push({ ...g, component: c.id });
  }
  // A gap of a node outside every component (a Compose project's host, a cluster, a budget): its node's entry may accept it.
  for (const g of loose) {
    const node = g.node ? map.node(g.node) : undefined;
    // The DVC data is no node of the map: its entry is keyed `dvc`.
    const o = node ? objectiveFor(objectives.list, node.id, node.name) : g.node === DVC_DATA ? objectiveFor(objectives.list, DVC_DATA, DVC_DATA) : undefined;
    if (!o?.accepted.has(g.rule)) gaps.push({ ...g, ...(g.node ? { component: g.node } : {}) });
  }
  return { asked: objectives.asked, components: report, gaps, problems: objectives.problems, derivation };
}
