/**
 * Continuity read off the Kubernetes family's objects (its face, kubernetes/api.ts; nothing parsed again): replicas and
 * autoscalers' minimums, PodDisruptionBudgets (none, or one blocking every eviction), host/zone anti-affinity and
 * topology spread (kube-score's checks of the same names, same verdicts), stores on emptyDir/hostPath, brokers of
 * replication factor 1; and the backups and restores the cluster runs: Velero Schedules, CronJobs dumping a store.
 */
import { allKubernetesObjects, containersOf, get, locate, workloadId, type KubernetesObject } from '../kubernetes/api';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { cronMinutes, type Backup, type Derivation, type Gap, type Place } from './model';
import { continuityRules as r } from './rules';

type Json = unknown;
type Path = (string | number)[];

const record = (v: Json): Record<string, Json> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : undefined);
const stringMap = (v: Json): Record<string, string> => Object.fromEntries(Object.entries(record(v) ?? {}).filter(([, x]) => typeof x === 'string' || typeof x === 'number').map(([k, x]) => [k, String(x)]));

/** A label selector (matchLabels, matchExpressions) matching labels, as metav1.LabelSelectorAsSelector does; an empty selector matches everything. */
export function selectorMatches(selector: Json, labels: Record<string, string>): boolean {
  const s = record(selector);
  if (!s) return false;
  for (const [k, v] of Object.entries(stringMap(s.matchLabels))) if (labels[k] !== v) return false;
  for (const expression of Array.isArray(s.matchExpressions) ? s.matchExpressions : []) {
    const e = record(expression);
    const key = typeof e?.key === 'string' ? e.key : undefined;
    if (!e || key === undefined) return false;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const ok = e.operator === 'In' ? has && values.includes(labels[key]) : e.operator === 'NotIn' ? !has || !values.includes(labels[key]) : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

/** The topology keys kube-score accepts for a host podAntiAffinity. */
const SPREAD_KEYS = new Set(['kubernetes.io/hostname', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone']);

/** Whether a pod template spreads its own pods: a podAntiAffinity term (preferred or required) on a host/zone key selecting its labels, or a topology spread constraint selecting them. */
export function spreads(template: Json): boolean {
  const labels = stringMap(get(template, ['metadata', 'labels']));
  const anti = record(get(template, ['spec', 'affinity', 'podAntiAffinity']));
  const terms: Json[] = [
    ...(Array.isArray(anti?.preferredDuringSchedulingIgnoredDuringExecution) ? anti.preferredDuringSchedulingIgnoredDuringExecution.map((p) => record(p)?.podAffinityTerm) : []),
    ...(Array.isArray(anti?.requiredDuringSchedulingIgnoredDuringExecution) ? (anti.requiredDuringSchedulingIgnoredDuringExecution as Json[]) : []),
  ];
  if (terms.some((term) => SPREAD_KEYS.has(String(record(term)?.topologyKey)) && selectorMatches(record(term)?.labelSelector, labels))) return true;
  const constraints = get(template, ['spec', 'topologySpreadConstraints']);
  return Array.isArray(constraints) && constraints.some((c) => typeof record(c)?.topologyKey === 'string' && selectorMatches(record(c)?.labelSelector, labels));
}

const SCALED = new Set(['Deployment', 'StatefulSet']);
const STORE_KINDS = new Set(['datastore', 'cache', 'search', 'broker']);

/** The dump and archive commands of a CronJob, with what they dump: the technology they name and how much a restore of them loses. */
const DUMPS: { pattern: RegExp; kind: 'dump' | 'wal-archive'; technology: RegExp }[] = [
  { pattern: /\bpg_receivewal\b|\bwal-g\s+wal-push\b|\bpgbackrest\s[^\n]*archive-push/, kind: 'wal-archive', technology: /postgres/i },
  { pattern: /\bpg_dump(?:all)?\b|\bpg_basebackup\b|\bwal-g\s+backup-push\b|\bpgbackrest\s[^\n]*backup/, kind: 'dump', technology: /postgres/i },
  { pattern: /\bmysqldump\b|\bmariadb-dump\b|\bxtrabackup\b/, kind: 'dump', technology: /mysql|mariadb/i },
  { pattern: /\bmongodump\b/, kind: 'dump', technology: /mongo/i },
  { pattern: /\bredis-cli\s[^\n]*--rdb\b/, kind: 'dump', technology: /redis|valkey/i },
  { pattern: /\brestic\s+(?:-\S+\s+)*backup\b|\bborg\s+create\b|\bvelero\s+backup\s+create\b/, kind: 'dump', technology: /./ },
];
const RESTORES = /\bpg_restore\b|\bmongorestore\b|\brestic\s+(?:-\S+\s+)*restore\b|\bvelero\s+restore\b|\bredis-check-rdb\b/;

export interface MapView {
  /** The kind of a map node, undefined when the map has none of that id. */
  kindOf: (id: string) => string | undefined;
  /** The technology of a map node. */
  technologyOf: (id: string) => string | undefined;
  /** The map nodes a node calls (its `calls` edges). */
  callees: (id: string) => readonly string[];
  /** Every store node (datastore, cache, search, broker) with its namespace and name. */
  stores: () => readonly { id: string; name: string; namespace?: string; technology?: string; family: string }[];
}

const placeOf = (object: KubernetesObject, path: Path, part: 'key' | 'value' = 'value'): Place => {
  const [start, end] = locate(object, path, part);
  return { uri: object.uri, start: object.offset + start, end: object.offset + end };
};

const commandText = (object: KubernetesObject): string =>
  containersOf(object.value, object.kind)
    .map((c) => [...(Array.isArray(get(object.value, [...c.path, 'command'])) ? (get(object.value, [...c.path, 'command']) as Json[]) : []), ...(Array.isArray(get(object.value, [...c.path, 'args'])) ? (get(object.value, [...c.path, 'args']) as Json[]) : [])].map(String).join(' '))
    .join('\n');

/** The stores a dump command names: by host (`-h db`, `--host=db`, a URI's host), else every store of its technology when only one has it. */
function dumpTargets(command: string, technology: RegExp, map: MapView, namespace: string | undefined, from: string): string[] {
  const stores = map.stores().filter((s) => technology.test(s.technology ?? s.name));
  const hosts = new Set<string>();
  for (const m of command.matchAll(/(?:-h|--host)[ =]([A-Za-z0-9.-]{1,253})|:\/\/(?:[^@/\s]{0,200}@)?([A-Za-z0-9.-]{1,253})/g)) hosts.add((m[1] ?? m[2]).split('.')[0]);
  const named = stores.filter((s) => hosts.has(s.name) && (namespace === undefined || s.namespace === undefined || s.namespace === namespace));
  if (named.length > 0) return named.map((s) => s.id);
  const called = map.callees(from).filter((id) => STORE_KINDS.has(map.kindOf(id) ?? ''));
  if (called.length > 0) return called;
  return stores.length === 1 ? [stores[0].id] : [];
}

/** The pods a budget's minAvailable keeps of `replicas`: a count, or a percentage rounded up as Kubernetes does (150% keeps more than all). */
function availableFloor(min: Json, replicas: number): number | undefined {
  if (typeof min === 'number') return min;
  const percent = typeof min === 'string' ? /^(\d{1,6})%$/.exec(min) : null;
  return percent ? Math.ceil((Number(percent[1]) * replicas) / 100) : undefined;
}

/** The continuity of the index's Kubernetes objects. */
export function kubernetesContinuity(index: WorkspaceIndex, map: MapView, into: Derivation): void {
  const objects = [...allKubernetesObjects(index)];
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const gap = (g: Gap) => into.gaps.push(g);
  for (const object of objects) {
    if (object.kind === 'Schedule' && object.apiVersion.startsWith('velero.io/')) veleroSchedule(object, map, into.backups);
    if (object.kind === 'CronJob' || object.kind === 'Job') jobBackups(object, map, into);
    if (!SCALED.has(object.kind) || object.name === undefined) continue;
    const node = workloadId(object);
    const kind = map.kindOf(node);
    const isStore = STORE_KINDS.has(kind ?? '');
    const written = get(object.value, ['spec', 'replicas']);
    const replicas = typeof written === 'number' ? written : undefined;
    const hpa = hpas.find((h) => get(h.value, ['spec', 'scaleTargetRef', 'kind']) === object.kind && get(h.value, ['spec', 'scaleTargetRef', 'name']) === object.name && h.namespace === object.namespace);
    const template = get(object.value, ['spec', 'template']);
    if (hpa) {
      const min = get(hpa.value, ['spec', 'minReplicas']);
      if (typeof min !== 'number' || min < 2) gap({ rule: r.singleReplica.id, node, ...placeOf(hpa, typeof min === 'number' ? ['spec', 'minReplicas'] : ['spec', 'scaleTargetRef', 'name']), message: t('{0} {1} scales down to one replica (the autoscaler\'s minReplicas is {2}): one crash or one rollout stops it. Set minReplicas to 2 or more.', object.kind, object.name, String(typeof min === 'number' ? min : 1)) });
    } else if ((replicas ?? 1) < 2) {
      const fix = replicas !== undefined && !isStore ? { title: t('Run 2 replicas'), ...placeOf(object, ['spec', 'replicas']), newText: '2' } : undefined;
      const message = isStore
        ? t('{0} {1} is a store of one replica: while it restarts or moves, what depends on it stops; a replicated store (a primary and replicas, an operator) keeps it up.', object.kind, object.name)
        : t('{0} {1} runs one replica: one crash or one rollout stops it. Run 2 or more.', object.kind, object.name);
      gap({ rule: r.singleReplica.id, node, ...placeOf(object, replicas !== undefined ? ['spec', 'replicas'] : ['metadata', 'name']), message, ...(fix ? { fix } : {}) });
    }
    // kube-score's verdicts: skipped when the replicas are written and below 2 (unset may be an autoscaler's).
    if (replicas !== undefined && replicas < 2) continue;
    const effective = hpa ? Number(get(hpa.value, ['spec', 'minReplicas']) ?? 1) : (replicas ?? 1);
    const labels = stringMap(get(template, ['metadata', 'labels']));
    const matching = budgets.filter((b) => b.namespace === object.namespace && selectorMatches(get(b.value, ['spec', 'selector']), labels));
    if (matching.length === 0) {
      gap({ rule: r.noDisruptionBudget.id, node, ...placeOf(object, ['metadata', 'name']), message: t('No PodDisruptionBudget selects the pods of {0} {1}: a node drain may evict them all at once.', object.kind, object.name), fix: budgetFix(object, labels) });
    }
    for (const budget of matching) {
      const max = get(budget.value, ['spec', 'maxUnavailable']);
      const min = get(budget.value, ['spec', 'minAvailable']);
      const floor = availableFloor(min, effective);
      const blocks = max === 0 || max === '0%' || (floor !== undefined && floor >= effective);
      if (blocks) gap({ rule: r.blockingDisruptionBudget.id, ...placeOf(budget, max !== undefined ? ['spec', 'maxUnavailable'] : ['spec', 'minAvailable']), message: t('PodDisruptionBudget {0} allows no eviction of {1} {2} ({3} replicas): node drains and cluster upgrades stall on it. Allow one (maxUnavailable: 1).', budget.name ?? '', object.kind, object.name, String(effective)) });
    }
    if (!spreads(template)) gap({ rule: r.noSpread.id, node, ...placeOf(object, ['spec', 'template', 'spec'], 'key'), message: t('The replicas of {0} {1} have no host or zone podAntiAffinity and no topologySpreadConstraints: they may all run on one node.', object.kind, object.name), fix: spreadFix(object, labels) });
  }
  for (const object of objects) if (SCALED.has(object.kind) && object.name !== undefined && STORE_KINDS.has(map.kindOf(workloadId(object)) ?? '')) storeVolumes(object, gap);
}

/** A store keeping its data on an emptyDir or a hostPath, or nowhere but its container; a broker of replication factor 1. */
function storeVolumes(object: KubernetesObject, gap: (g: Gap) => void): void {
  const node = workloadId(object);
  const volumes = get(object.value, ['spec', 'template', 'spec', 'volumes']);
  const claims = get(object.value, ['spec', 'volumeClaimTemplates']);
  const mounted = new Set<string>();
  for (const c of containersOf(object.value, object.kind)) {
    const mounts = get(object.value, [...c.path, 'volumeMounts']);
    for (const m of Array.isArray(mounts) ? mounts : []) if (typeof record(m)?.name === 'string') mounted.add(String(record(m)?.name));
    const env = get(object.value, [...c.path, 'env']);
    (Array.isArray(env) ? env : []).forEach((e, i) => {
      const name = record(e)?.name;
      const value = record(e)?.value;
      if (typeof name === 'string' && /REPLICATION_FACTOR$/i.test(name) && String(value) === '1') gap({ rule: r.unreplicatedBroker.id, node, ...placeOf(object, [...c.path, 'env', i, 'value']), message: t('{0} is set to 1 in {1}: the messages live on one broker and are lost with it. Set it to 3 with 3 brokers.', name, object.name ?? '') });
    });
  }
  const claimed = new Set((Array.isArray(claims) ? claims : []).map((c) => String(get(c, ['metadata', 'name']))));
  const list = Array.isArray(volumes) ? volumes : [];
  const used = (v: Json) => mounted.has(String(record(v)?.name));
  // A store with a persistent volume keeps its data there: its emptyDirs are scratch (a socket folder, a cache).
  const persistent = [...mounted].some((m) => claimed.has(m)) || list.some((v) => used(v) && record(v)?.persistentVolumeClaim !== undefined);
  if (persistent) return;
  let ephemeral = false;
  list.forEach((v, i) => {
    const kind = record(v)?.emptyDir !== undefined ? 'emptyDir' : record(v)?.hostPath !== undefined ? 'hostPath' : undefined;
    if (!kind || !used(v)) return;
    ephemeral = true;
    gap({ rule: r.ephemeralStore.id, node, ...placeOf(object, ['spec', 'template', 'spec', 'volumes', i, kind], 'key'), message: t('The store {0} keeps its data on a {1} volume ({2}): a reschedule loses it. Use a PersistentVolumeClaim (a StatefulSet\'s volumeClaimTemplates).', object.name ?? '', kind, String(record(v)?.name)) });
  });
  if (!ephemeral) gap({ rule: r.ephemeralStore.id, node, ...placeOf(object, ['metadata', 'name']), message: t('The store {0} mounts no persistent volume: its data lives in the container and is lost with it. Use a PersistentVolumeClaim (a StatefulSet\'s volumeClaimTemplates).', object.name ?? '') });
}

function veleroSchedule(object: KubernetesObject, map: MapView, backups: Backup[]): void {
  const schedule = get(object.value, ['spec', 'schedule']);
  const minutes = typeof schedule === 'string' ? cronMinutes(schedule) : undefined;
  if (minutes === undefined) return;
  const included = get(object.value, ['spec', 'template', 'includedNamespaces']);
  const namespaces = Array.isArray(included) ? included.map(String) : ['*'];
  const covers = map.stores().filter((s) => s.family === 'kubernetes' && (namespaces.includes('*') || (s.namespace !== undefined && namespaces.includes(s.namespace)))).map((s) => s.id);
  backups.push({ kind: 'velero', minutes, covers, ...placeOf(object, ['spec', 'schedule']) });
}

function jobBackups(object: KubernetesObject, map: MapView, into: Derivation): void {
  const command = commandText(object);
  if (RESTORES.test(command)) into.restores.push(placeOf(object, ['metadata', 'name']));
  if (object.kind !== 'CronJob') return;
  const schedule = get(object.value, ['spec', 'schedule']);
  const minutes = typeof schedule === 'string' ? cronMinutes(schedule) : undefined;
  const dump = DUMPS.find((d) => d.pattern.test(command));
  if (!dump || minutes === undefined) return;
  into.backups.push({ kind: dump.kind, minutes, covers: dumpTargets(command, dump.technology, map, object.namespace, workloadId(object)), ...placeOf(object, ['spec', 'schedule']) });
}

/** A PodDisruptionBudget of maxUnavailable 1 selecting the workload's pods, appended to its document. */
function budgetFix(object: KubernetesObject, labels: Record<string, string>): Gap['fix'] {
  if (Object.keys(labels).length === 0) return undefined;
  const end = object.offset + object.chunk.text.length;
  const indent = (n: number) => ' '.repeat(n);
  const text = [`${object.chunk.text.endsWith('\n') ? '' : '\n'}---`, 'apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', `${indent(2)}name: ${object.name}`, ...(object.namespace ? [`${indent(2)}namespace: ${object.namespace}`] : []), 'spec:', `${indent(2)}maxUnavailable: 1`, `${indent(2)}selector:`, `${indent(4)}matchLabels:`, ...Object.entries(labels).map(([k, v]) => `${indent(6)}${k}: ${JSON.stringify(v)}`), ''].join('\n');
  return { title: t('Add a PodDisruptionBudget (maxUnavailable: 1)'), uri: object.uri, start: end, end, newText: text };
}

/** A topology spread across zones on the pod template, inserted as the first key of its spec. */
function spreadFix(object: KubernetesObject, labels: Record<string, string>): Gap['fix'] {
  if (Object.keys(labels).length === 0) return undefined;
  const [keyStart, keyEnd] = locate(object, ['spec', 'template', 'spec'], 'key');
  const [valueStart] = locate(object, ['spec', 'template', 'spec']);
  const text = object.chunk.text;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const keyIndent = keyStart - lineStart;
  if (valueStart <= keyEnd || text.slice(lineStart, keyStart).trim() !== '') return undefined;
  const valueLine = text.lastIndexOf('\n', valueStart - 1) + 1;
  const inner = valueStart - valueLine;
  if (inner <= keyIndent) return undefined;
  const pad = ' '.repeat(inner);
  const lines = ['topologySpreadConstraints:', '  - maxSkew: 1', '    topologyKey: topology.kubernetes.io/zone', '    whenUnsatisfiable: ScheduleAnyway', '    labelSelector:', '      matchLabels:', ...Object.entries(labels).map(([k, v]) => `        ${k}: ${JSON.stringify(v)}`)];
  const at = object.offset + valueLine;
  return { title: t('Spread the replicas across zones (topologySpreadConstraints)'), uri: object.uri, start: at, end: at, newText: lines.map((l) => `${pad}${l}\n`).join('') };
}
