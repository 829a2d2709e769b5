/**
 * The cost of Kubernetes workloads by what they reserve: each pod's requests (its containers' and
 * native sidecars' sum, or its largest init container's when larger, as the scheduler counts them)
 * × its replicas (an HPA's minimum, and its maximum beside), on a node type (the cluster's node pool
 * priced in the same run, or the one the settings name). A pod takes the share of a node its larger
 * request takes (CPU of the node's vCPUs or memory of its memory): what no other pod can use. Pure.
 */
import type { KubernetesObject } from '../kubernetes/api';
import { HOURS_PER_MONTH, Unpriceable, item, round, type CostItem, type RegionPrices, type ResourceUsage, type Usage } from './model';

/** A node type and where it is: the machine of a priced node pool, or of the settings. */
export interface NodeType {
  machine: string;
  region: string;
  /** What names it: a node pool's address or `settings`. */
  from: string;
  /** The node pool's component id when it is priced in the same run: the workloads are shares of its bill, not added to the total. */
  includedIn?: string;
  /** The pool's nodes (a DaemonSet runs one pod on each). */
  nodes?: number;
}

export interface PricedWorkload {
  id: string;
  name: string;
  uri: string;
  /** The 1-based line of its `kind`. */
  line: number;
  items: CostItem[];
  monthlyCost: number;
  /** At the HPA's maximum replicas. */
  maxMonthlyCost?: number;
  includedIn?: string;
}

export interface UnpricedWorkload {
  address: string;
  uri: string;
  reason: string;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'DeploymentConfig']);

const CPU = /^(\d{1,9}(?:\.\d{1,9})?)(m?)$/;
const MEMORY = /^(\d{1,15}(?:\.\d{1,9})?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const BYTES: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** `250m` → 0.25, `2` → 2 cores; undefined when not a plain quantity. */
export function cores(value: unknown): number | undefined {
  const m = CPU.exec(String(value ?? ''));
  return m ? Number(m[1]) / (m[2] ? 1000 : 1) : undefined;
}

/** `256Mi` → 0.25 GiB; undefined when not a plain quantity. */
export function gibibytes(value: unknown): number | undefined {
  const m = MEMORY.exec(String(value ?? ''));
  return m ? (Number(m[1]) * BYTES[m[2] ?? '']) / 1024 ** 3 : undefined;
}

const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

interface Requests { cpu: number; memory: number; missing: string[] }

/** A pod's requests as the scheduler counts them. */
function podRequests(spec: Record<string, unknown>): Requests {
  const missing: string[] = [];
  const of = (c: unknown): [number, number] => {
    const container = record(c) ?? {};
    const requests = record(record(container.resources)?.requests) ?? {};
    const cpu = cores(requests.cpu);
    const memory = gibibytes(requests.memory);
    if (cpu === undefined || memory === undefined) missing.push(String(container.name ?? '?'));
    return [cpu ?? 0, memory ?? 0];
  };
  const list = (key: string): unknown[] => (Array.isArray(spec[key]) ? (spec[key] as unknown[]) : []);
  const sidecars = list('initContainers').filter((c) => record(c)?.restartPolicy === 'Always');
  const inits = list('initContainers').filter((c) => record(c)?.restartPolicy !== 'Always');
  const running = [...list('containers'), ...sidecars].map(of);
  const sum: [number, number] = [running.reduce((s, r) => s + r[0], 0), running.reduce((s, r) => s + r[1], 0)];
  const init = inits.map(of);
  return { cpu: Math.max(sum[0], ...init.map((r) => r[0])), memory: Math.max(sum[1], ...init.map((r) => r[1])), missing };
}

const at = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, key) => record(v)?.[key], value);
const POD_SPEC: Record<string, readonly string[]> = { CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] };

/** The HPAs' replica bounds by the workload they scale (`Deployment/namespace/name`). */
function autoscaled(objects: readonly KubernetesObject[]): Map<string, { min: number; max: number }> {
  const out = new Map<string, { min: number; max: number }>();
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const target = record(at(o.value, ['spec', 'scaleTargetRef']));
    const max = Number(at(o.value, ['spec', 'maxReplicas']));
    const min = Number(at(o.value, ['spec', 'minReplicas']) ?? 1);
    if (target && typeof target.kind === 'string' && typeof target.name === 'string' && Number.isFinite(max)) out.set(`${target.kind}/${o.namespace ?? ''}/${target.name}`, { min: Number.isFinite(min) ? min : 1, max });
  }
  return out;
}

/**
 * The workloads' cost on a node type. A workload without requests is listed (its cost is unknowable);
 * a Job or CronJob runs for hours the files do not say: the usage's `monthly_hrs` gives them.
 * `pace` is called for each workload (the CLI collects its garbage there: workspace/heapPacer.ts).
 */
export function priceWorkloads(objects: readonly KubernetesObject[], idOf: (o: KubernetesObject) => string, node: NodeType | undefined, prices: Record<string, RegionPrices>, usage: Usage = {}, lineOf: (o: KubernetesObject) => number = (o) => o.range.start.line + 1, pace: () => void = () => undefined): { workloads: PricedWorkload[]; unpriced: UnpricedWorkload[] } {
  const workloads: PricedWorkload[] = [];
  const unpriced: UnpricedWorkload[] = [];
  const hpas = autoscaled(objects);
  for (const o of objects) {
    if (!WORKLOADS.has(o.kind)) continue;
    pace();
    const id = idOf(o);
    const name = `${o.kind}/${o.name ?? ''}`;
    try {
      if (!node) throw new Unpriceable('no node type: no node pool priced in the same run, nor cost.kubernetes.machineType in archipel.yaml');
      const machine = prices[node.region]?.gce?.[node.machine];
      if (!machine) throw new Unpriceable(`no price for node type ${node.machine} in ${node.region}`);
      const spec = record(at(o.value, POD_SPEC[o.kind] ?? ['spec', 'template', 'spec']));
      if (!spec) throw new Unpriceable('no pod template');
      const requests = podRequests(spec);
      if (requests.missing.length) throw new Unpriceable(`container ${requests.missing.join(', ')} requests no CPU or memory: its cost is unknowable`);
      const share = Math.max(requests.cpu / machine.vcpus, requests.memory / machine.memoryGb);
      const own: ResourceUsage = usage[id] ?? usage[name] ?? {};
      const hpa = hpas.get(`${o.kind}/${o.namespace ?? ''}/${o.name ?? ''}`);
      let pods: number;
      let hours = HOURS_PER_MONTH;
      if (o.kind === 'DaemonSet') {
        if (node.nodes === undefined) throw new Unpriceable('a DaemonSet runs on every node: the node count is not known');
        pods = node.nodes;
      } else if (o.kind === 'Job' || o.kind === 'CronJob') {
        const h = Number(own.monthly_hrs);
        if (!Number.isFinite(h) || own.monthly_hrs === undefined) throw new Unpriceable(`a ${o.kind} runs for hours the files do not say (usage: monthly_hrs)`);
        pods = Number(at(o.value, o.kind === 'Job' ? ['spec', 'parallelism'] : ['spec', 'jobTemplate', 'spec', 'parallelism']) ?? 1) || 1;
        hours = h;
      } else {
        pods = hpa?.min ?? Number(at(o.value, ['spec', 'replicas']) ?? 1);
        if (!Number.isFinite(pods)) throw new Unpriceable('replicas is not a number');
      }
      const label = `Pod requests (${round(requests.cpu)} vCPU, ${round(requests.memory)} GiB) × ${pods} on ${node.machine}${hpa ? ' (HPA minimum)' : ''}`;
      const items = [item(label, 'node-hours', machine.hourly, pods * hours * share, machine.source)];
      const monthlyCost = items[0].monthlyCost ?? 0;
      workloads.push({
        id, name, uri: o.uri, line: lineOf(o), items, monthlyCost,
        ...(hpa ? { maxMonthlyCost: round(hpa.max * hours * share * machine.hourly) } : {}),
        ...(node.includedIn ? { includedIn: node.includedIn } : {}),
      });
    } catch (e) {
      if (!(e instanceof Unpriceable)) throw e;
      unpriced.push({ address: id, uri: o.uri, reason: e.message });
    }
  }
  return { workloads, unpriced };
}

const pick = (value: unknown, keys: readonly string[]): Record<string, unknown> | undefined => {
  const from = record(value);
  if (!from) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
  return out;
};
const containersPart = (list: unknown) => (Array.isArray(list) ? list.map((c) => ({ ...pick(c, ['name', 'restartPolicy']), resources: { requests: record(record(record(c)?.resources)?.requests) } })) : undefined);
const podPart = (spec: unknown) => (record(spec) ? { containers: containersPart(record(spec)?.containers), initContainers: containersPart(record(spec)?.initContainers) } : undefined);

/**
 * What priceWorkloads reads of an object's value (its replicas, parallelism, pod template's requests, an HPA's bounds):
 * all a run over a summarised workspace keeps of an object's value (pricedObject). Undefined for a kind it does not read.
 * A copy that shares no string with the parse: a string of 13 characters or more read from a file (an HPA target's or a
 * container's name) is a slice of the file's whole text in V8, and kept, it keeps that text alive (300 MB on the 100,000-file monorepo).
 */
function pricedPart(kind: string, value: unknown): Record<string, unknown> | undefined {
  const part = pricedFields(kind, value);
  return part === undefined ? undefined : (detached(part) as Record<string, unknown>);
}

/**
 * A workload or an HPA as pricing reads it, undefined for another kind: its identity, its place and its pricedPart, all a
 * summarised run keeps of an object (kubernetes/api keepingSummarizer; cli/cost.ts), its strings new as pricedPart's.
 */
export function pricedObject(o: KubernetesObject): KubernetesObject | undefined {
  const value = pricedPart(o.kind, o.value);
  if (value === undefined) return undefined;
  const { start, end } = o.range;
  return {
    uri: o.uri, document: o.document, apiVersion: fresh(o.apiVersion), kind: fresh(o.kind), name: o.name === undefined ? undefined : fresh(o.name), namespace: o.namespace === undefined ? undefined : fresh(o.namespace),
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    // Not the parse: what pricing reads is the value.
    chunk: undefined as unknown as KubernetesObject['chunk'], offset: o.offset, value: value as KubernetesObject['value'],
  };
}

const plain = (v: unknown): v is Record<string, unknown> | unknown[] =>
  Array.isArray(v) || (v !== null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null));

/** The strings of the kept parts, each once (`apps/v1`, `Deployment`, `250m` repeated in every workload of a monorepo); bounded. */
const interned = new Map<string, string>();
const INTERNED_MAX = 4096;
const fresh = (s: string): string => {
  const known = interned.get(s);
  if (known !== undefined) return known;
  const copy = JSON.parse(JSON.stringify(s)) as string;
  if (interned.size < INTERNED_MAX && s.length <= 64) interned.set(copy, copy);
  return copy;
};

/** A copy of a parsed value with new strings (V8 makes them, not slices), interned; arrays and plain objects copied (iteratively, shared ones once), the rest as is. */
function detached(value: unknown): unknown {
  const copies = new Map<object, Record<string, unknown> | unknown[]>();
  const copyOf = (v: unknown): unknown => {
    if (typeof v === 'string') return fresh(v);
    if (!plain(v)) return v;
    const known = copies.get(v);
    if (known) return known;
    const copy = Array.isArray(v) ? [] : {};
    copies.set(v, copy);
    stack.push([v, copy]);
    return copy;
  };
  const stack: [Record<string, unknown> | unknown[], Record<string, unknown> | unknown[]][] = [];
  const root = copyOf(value);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [from, to] = next;
    for (const [key, v] of Object.entries(from)) (to as Record<string, unknown>)[key] = copyOf(v);
  }
  return root;
}

function pricedFields(kind: string, value: unknown): Record<string, unknown> | undefined {
  if (!WORKLOADS.has(kind) && kind !== 'HorizontalPodAutoscaler') return undefined;
  const spec = record(record(value)?.spec);
  if (!spec) return {};
  if (kind === 'HorizontalPodAutoscaler') return { spec: pick(spec, ['scaleTargetRef', 'minReplicas', 'maxReplicas']) };
  if (kind === 'CronJob') {
    const job = record(record(spec.jobTemplate)?.spec);
    return { spec: { jobTemplate: { spec: { ...pick(job, ['parallelism']), template: { spec: podPart(record(job?.template)?.spec) } } } } };
  }
  return { spec: { ...pick(spec, ['replicas', 'parallelism']), template: { spec: podPart(record(spec.template)?.spec) } } };
}
