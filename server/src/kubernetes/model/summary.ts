import type { Range } from 'vscode-languageserver-types';
import { summaryEntry, type FileSummarizer } from '../../workspace/summaries';
import type { IndexedFile } from '../../workspace/index';
import type { YamlChunk } from '../../yaml/model';
import { locate, nameLine } from '../checks/context';
import { kubernetesObjects, readObjects, setKubernetesObjects, type KubernetesObject } from './objects';
import { isObject, podSpecPath, type Json, type JsonObject } from './workloads';

/**
 * Kinds whose files may stand in the index as summaries: what other objects' rules read of them is
 * kept (below); everything else about them is read again from disk when the file itself is checked.
 * A file holding any other kind (a Kustomization, an Argo CD Application, a custom resource) stays
 * whole, so that rules reading more of it see everything.
 */
export const summarizedKinds: ReadonlySet<string> = new Set([
  'ServiceAccount', 'ConfigMap', 'Secret', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController',
  'Job', 'CronJob', 'Pod', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'Ingress', 'Namespace',
  'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolumeClaim', 'PriorityClass', 'ResourceQuota', 'LimitRange',
]);

/** Files whose name says what they are to other features (kustomize, pipelines, CI, Archipel's own configuration). */
export const wholeByName = /(\/\.github\/|\/(kustomization\.ya?ml|Kustomization|dvc\.ya?ml|params\.ya?ml|archipel\.ya?ml|action\.ya?ml)$)/;

type Keep = true | 'keys' | { [key: string]: Keep } | { items: Keep };

// image, command and args: what says a container makes an object (model/madeObjects.ts: kube-webhook-certgen's Secret).
const containerList: Keep = { items: { name: true, image: true, command: true, args: true, ports: { items: { name: true, containerPort: true } } } };
const podSpec: Keep = { containers: containerList, initContainers: containerList, ephemeralContainers: containerList };

/** What rules read of other objects (objects.ts `facets`, plus spec.replicas for the PodDisruptionBudget rules). */
function keepFor(kind: string): { [key: string]: Keep } {
  const keep: { [key: string]: Keep } = {
    apiVersion: true,
    kind: true,
    // A Pod's own labels are its pods' labels; other kinds' metadata.labels are read by no other object.
    metadata: kind === 'Pod' ? { name: true, namespace: true, labels: true } : { name: true, namespace: true },
    data: 'keys',
    stringData: 'keys',
    binaryData: 'keys',
  };
  const spec: { [key: string]: Keep } = { replicas: true, selector: true, type: true, ports: true, scaleTargetRef: true, minReplicas: true, secretName: true, target: true, encryptedData: 'keys' };
  keep.spec = spec;
  const podPath = podSpecPath(kind);
  if (podPath && podPath.length > 1) {
    // spec.template.spec → spec.template.{metadata.labels, spec.containers}; CronJob one level deeper.
    let node = keep;
    for (const segment of podPath.slice(0, -2)) {
      const next: { [key: string]: Keep } = (node[segment as string] as { [key: string]: Keep } | undefined) ?? {};
      node[segment as string] = next;
      node = next;
    }
    node[podPath[podPath.length - 2] as string] = { metadata: { labels: true }, spec: podSpec };
  } else if (podPath) Object.assign(spec, podSpec);
  return keep;
}

function prune(value: Json | undefined, keep: Keep): Json | undefined {
  if (value === undefined) return undefined;
  if (keep === true) return value;
  if (keep === 'keys') {
    if (!isObject(value)) return value;
    // Keys with a stand-in of the same kind: strings stay strings (stringMap keeps them), numbers and booleans stay.
    const keys: JsonObject = {};
    for (const [k, v] of Object.entries(value)) keys[k] = typeof v === 'string' ? '' : typeof v === 'number' || typeof v === 'boolean' ? v : null;
    return keys;
  }
  if ('items' in keep && (keep as { items: Keep }).items) {
    if (!Array.isArray(value)) return value;
    return value.map((item) => prune(item, (keep as { items: Keep }).items) ?? null);
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, sub] of Object.entries(keep as { [key: string]: Keep })) {
    const pruned = prune(value[k], sub);
    if (pruned !== undefined) out[k] = pruned;
  }
  return out;
}

/** The most lines kept per list of an object's exposure (a Service of 1,000 ports keeps 16). */
const EXPOSURE_LINES = 16;

/**
 * Where an object is exposed, as 1-based lines (kept beside the pruned value, which other objects' rules read: it
 * stays as it was) (issue #78: the threats' summarised answer cites them): a
 * LoadBalancer or NodePort Service's `type` and each port's `nodePort` (else `port`), an Ingress's `tls` and each rule's `host`, a
 * pod template's `hostPort`s; each list bounded. Undefined when the object has none of them.
 */
export interface ExposureLines {
  type?: number;
  ports?: number[];
  tls?: number;
  /** Each rule's host and its line. */
  hosts?: [host: string, line: number][];
  /** Each hostPort and its line. */
  hostPorts?: [port: number, line: number][];
}

function exposureLines(object: KubernetesObject): ExposureLines | undefined {
  if (!(object.chunk as KubernetesObject['chunk'] | undefined)) return undefined;
  const text = object.chunk.text;
  // As nameLine counts: from the line of `kind`.
  let kindAt: number | undefined;
  const lineAt = (path: (string | number)[]) => {
    kindAt ??= locate(object, ['kind'])[0];
    const [at] = locate(object, path, 'key');
    let newlines = 0;
    for (let i = text.indexOf('\n', Math.min(kindAt, at)); i !== -1 && i < Math.max(kindAt, at); i = text.indexOf('\n', i + 1)) newlines++;
    return object.range.start.line + 1 + newlines * Math.sign(at - kindAt);
  };
  const spec = isObject(object.value.spec) ? object.value.spec : undefined;
  if (!spec) return undefined;
  const out: ExposureLines = {};
  const list = (value: Json | undefined) => (Array.isArray(value) ? value.slice(0, EXPOSURE_LINES) : []);
  if (object.kind === 'Service') {
    // A ClusterIP Service (most of them) exposes nothing outside its cluster: no line kept.
    if (spec.type !== 'LoadBalancer' && spec.type !== 'NodePort') return undefined;
    out.type = lineAt(['spec', 'type']);
    const ports = list(spec.ports).map((p, i) => lineAt(['spec', 'ports', i, isObject(p) && p.nodePort !== undefined ? 'nodePort' : 'port']));
    if (ports.length > 0) out.ports = ports;
  } else if (object.kind === 'Ingress') {
    if (spec.tls !== undefined) out.tls = lineAt(['spec', 'tls']);
    const hosts = list(spec.rules).flatMap((r, i): [string, number][] => (isObject(r) && typeof r.host === 'string' ? [[r.host, lineAt(['spec', 'rules', i, 'host'])]] : []));
    if (hosts.length > 0) out.hosts = hosts;
  } else {
    const podPath = podSpecPath(object.kind);
    let pod: Json | undefined = object.value;
    for (const segment of podPath ?? []) pod = isObject(pod) ? pod[segment as string] : undefined;
    if (podPath && isObject(pod)) {
      const hostPorts: [number, number][] = [];
      for (const field of ['containers', 'initContainers']) {
        list(pod[field]).forEach((c, i) => list(isObject(c) ? c.ports : undefined).forEach((p, j) => {
          if (isObject(p) && typeof p.hostPort === 'number' && hostPorts.length < EXPOSURE_LINES) hostPorts.push([p.hostPort, lineAt([...podPath, field, i, 'ports', j, 'hostPort'])]);
        }));
      }
      if (hostPorts.length > 0) out.hostPorts = hostPorts;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Kinds, apiVersions and namespaces repeat: one string each. */
const pool = new Map<string, string>();
function pooled(text: string): string {
  let kept = pool.get(text);
  if (kept === undefined) {
    // A copy, not a slice of the file's text (which a slice would keep alive).
    kept = (JSON.parse(JSON.stringify(text)) as string);
    pool.set(kept, kept);
  }
  return kept;
}

/**
 * A stand-in for an object: identity, position and what other objects' rules read of it, as a
 * short JSON text parsed when read (a few hundred bytes an object). While its file is checked
 * whole, `fill` gives it the parse (same object: the graph's caches keyed by object stay right).
 * The position is four small integers, made a Range when asked (a duplicate's message names it).
 */
class StandIn implements KubernetesObject {
  chunk = undefined as unknown as YamlChunk;
  /** The whole value while the file is checked (see `fill`). */
  filled: JsonObject | undefined;
  private readonly startLine: number;
  private readonly startCharacter: number;
  private readonly endLine: number;
  private readonly endCharacter: number;

  constructor(
    readonly uri: string,
    readonly document: number,
    readonly apiVersion: string,
    readonly kind: string,
    readonly name: string | undefined,
    readonly namespace: string | undefined,
    range: Range,
    public offset: number,
    /** The pruned value as JSON. */
    readonly json: string,
    readonly nameLine: number,
    /** Where it is exposed (ExposureLines as JSON), '' when nowhere. */
    readonly exposure: string = '',
  ) {
    this.startLine = range.start.line;
    this.startCharacter = range.start.character;
    this.endLine = range.end.line;
    this.endCharacter = range.end.character;
  }

  get value(): JsonObject {
    if (this.filled) return this.filled;
    // The identity is kept in fields, not twice: put back into the value.
    const rest = JSON.parse(this.json) as JsonObject;
    if (!isObject(rest.metadata)) return { apiVersion: this.apiVersion, kind: this.kind, ...rest };
    const metadata: JsonObject = rest.metadata;
    if (this.name !== undefined && metadata.name === undefined) metadata.name = this.name;
    if (this.namespace !== undefined && metadata.namespace === undefined) metadata.namespace = this.namespace;
    return { apiVersion: this.apiVersion, kind: this.kind, ...rest, metadata };
  }

  /** Where it is exposed (issue #78), undefined when nowhere. */
  get exposed(): ExposureLines | undefined {
    return this.exposure === '' ? undefined : (JSON.parse(this.exposure) as ExposureLines);
  }

  get range(): Range {
    return { start: { line: this.startLine, character: this.startCharacter }, end: { line: this.endLine, character: this.endCharacter } };
  }
}

function standIn(object: KubernetesObject): StandIn {
  const metadata = isObject(object.value.metadata) ? object.value.metadata : {};
  const pruned = (prune(object.value, keepFor(object.kind)) ?? {}) as JsonObject;
  // What the fields hold is not written twice (see `value`).
  const { apiVersion, kind, ...rest } = pruned;
  if (isObject(rest.metadata)) {
    const keptMetadata = { ...rest.metadata };
    delete keptMetadata.name;
    if (object.namespace !== undefined) delete keptMetadata.namespace;
    rest.metadata = keptMetadata;
  }
  const kept = apiVersion === object.apiVersion && kind === object.kind && (metadata.name === undefined || metadata.name === object.name) ? rest : pruned;
  // Through a buffer: one flat string (JSON.stringify makes a rope of many pieces).
  const json = Buffer.from(JSON.stringify(kept)).toString();
  const name = typeof metadata.name === 'string' && metadata.name === object.name ? (JSON.parse(JSON.stringify(object.name)) as string) : object.name;
  return new StandIn(object.uri, object.document, pooled(object.apiVersion), pooled(object.kind), name, object.namespace === undefined ? undefined : pooled(object.namespace), object.range, object.offset, json, nameLine(object), exposureOf(object));
}

/** Where an object is exposed: what its stand-in kept, else read from its parse (issue #78). */
export const exposedAt = (object: KubernetesObject): ExposureLines | undefined => (object instanceof StandIn && !object.filled ? object.exposed : exposureLines(object));

const exposureOf = (object: KubernetesObject) => {
  const lines = exposureLines(object);
  return lines ? Buffer.from(JSON.stringify(lines)).toString() : '';
};

/** A stand-in as a row of plain values (the persistent index cache); the URI is the file's. */
type StandInRow = [document: number, apiVersion: string, kind: string, name: string | null, namespace: string | null, startLine: number, startCharacter: number, endLine: number, endCharacter: number, offset: number, json: string, nameLine: number, exposure: string];

function row(s: StandIn): StandInRow {
  const { start, end } = s.range;
  return [s.document, s.apiVersion, s.kind, s.name ?? null, s.namespace ?? null, start.line, start.character, end.line, end.character, s.offset, s.json, s.nameLine, s.exposure];
}

function isRow(value: unknown): value is StandInRow {
  return Array.isArray(value) && value.length === 13 && typeof value[0] === 'number' && typeof value[1] === 'string' && typeof value[2] === 'string' && typeof value[10] === 'string' && typeof value[11] === 'number' && typeof value[12] === 'string';
}

function fromRow(uri: string, r: StandInRow): StandIn {
  const range = { start: { line: r[5], character: r[6] }, end: { line: r[7], character: r[8] } };
  return new StandIn(uri, r[0], pooled(r[1]), pooled(r[2]), r[3] ?? undefined, r[4] === null ? undefined : pooled(r[4]), range, r[9], r[10], r[11], r[12]);
}

const same = (a: KubernetesObject, b: KubernetesObject) => a.document === b.document && a.kind === b.kind && a.name === b.name && a.namespace === b.namespace && a.apiVersion === b.apiVersion;

/** The objects of a file that may stand in the index as a summary; undefined when the file stays whole. */
function summarisable(file: IndexedFile): KubernetesObject[] | undefined {
  const yaml = file.yaml;
  if (!yaml || file.textProblem || wholeByName.test(file.uri) || yaml.chunks.length === 0) return undefined;
  const objects = readObjects(file);
  // Every document an object of a summarised kind: anything else may matter to another feature.
  if (objects.length !== yaml.chunks.length || objects.some((o) => !summarizedKinds.has(o.kind) || /\{\{/.test(o.name ?? ''))) return undefined;
  return objects;
}

/**
 * The same files summarised for a run that reads nothing else of them than what `keep` makes of each object (undefined:
 * not kept), nor ever reads them again (`archipel cost`: the workloads' priced parts, issue #81): one parse per file, no
 * stand-in. What `keep` returns must share no string with the parse (a slice keeps the file's whole text alive), and
 * `keep` of what it returned must give the same (what comes back from an index thread, `thread`, is kept again: its
 * strings this thread's own). Saved as plain data, so that index threads summarise with it (platform/indexRead.ts).
 */
export function keepingSummarizer(keep: (object: KubernetesObject) => KubernetesObject | undefined, thread?: string): FileSummarizer {
  return {
    summarize(file: IndexedFile): ((summary: IndexedFile) => void) | undefined {
      const objects = summarisable(file);
      if (!objects) return undefined;
      const kept = objects.flatMap((o) => keep(o) ?? []);
      return (summary) => setKubernetesObjects(summary, kept);
    },
    fill: () => false,
    empty: () => undefined,
    save: (summary: IndexedFile): KeptRow[] => kubernetesObjects(summary).map((o) => ({ document: o.document, apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace, range: o.range, offset: o.offset, value: o.value })),
    restore(uri: string, data: unknown): IndexedFile | undefined {
      if (!Array.isArray(data) || !data.every(isKeptRow)) return undefined;
      const summary = summaryEntry(uri);
      setKubernetesObjects(summary, data.flatMap((row) => keep({ ...row, uri, chunk: undefined as unknown as YamlChunk }) ?? []));
      return summary;
    },
    ...(thread !== undefined ? { thread } : {}),
  };
}

/** A kept object as plain data (keepingSummarizer's `save`): all but its uri (the file's) and its parse. */
type KeptRow = Omit<KubernetesObject, 'uri' | 'chunk' | 'nameLine'>;

function isKeptRow(value: unknown): value is KeptRow {
  if (!isObject(value)) return false;
  return typeof value.document === 'number' && typeof value.apiVersion === 'string' && typeof value.kind === 'string' && typeof value.offset === 'number' && isObject(value.range) && isObject(value.value);
}

/** Kubernetes manifests of the common kinds, summarised to what cross-file rules read (see FileSummarizer). */
export const kubernetesSummarizer: FileSummarizer = {
  summarize(file: IndexedFile): ((summary: IndexedFile) => void) | undefined {
    const objects = summarisable(file);
    if (!objects) return undefined;
    const standIns = objects.map(standIn);
    return (summary) => setKubernetesObjects(summary, standIns);
  },
  fill(summary: IndexedFile, whole: IndexedFile): boolean {
    const standIns = kubernetesObjects(summary) as StandIn[];
    const objects = readObjects(whole);
    if (objects.length !== standIns.length || objects.some((o, i) => !same(o, standIns[i]))) return false;
    objects.forEach((object, i) => {
      const target = standIns[i];
      target.chunk = object.chunk;
      target.offset = object.offset;
      target.filled = object.value;
    });
    setKubernetesObjects(whole, standIns);
    return true;
  },
  empty(summary: IndexedFile): void {
    for (const target of kubernetesObjects(summary) as StandIn[]) {
      target.chunk = undefined as unknown as YamlChunk;
      target.filled = undefined;
    }
  },
  save(summary: IndexedFile): unknown {
    return (kubernetesObjects(summary) as StandIn[]).map(row);
  },
  restore(uri: string, data: unknown): IndexedFile | undefined {
    if (!Array.isArray(data) || data.length === 0 || !data.every(isRow)) return undefined;
    const summary = summaryEntry(uri);
    setKubernetesObjects(summary, data.map((r) => fromRow(uri, r)));
    return summary;
  },
};
