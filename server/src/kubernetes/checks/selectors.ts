import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import type { KubernetesGraph, KubernetesObject } from '../model/objects';
import { sameNamespace } from '../model/objects';
import { containersOf, get, isObject, podLabelsPath, probeTargets, selectingWorkloads, selects, stringMap, workloadSelector, type JsonObject } from '../model/workloads';
import { describe, finding, kubernetesRule, type KubernetesRule } from './context';
import { kustomizeFacts } from '../model/kustomize';
import { csvDeployments } from '../model/madeObjects';

export const selectorMismatchRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-selector-mismatch', severity: 'error', scope: 'object', description: "A workload's spec.selector does not match its own pod template's labels: the API server rejects it." },
  (object) => {
    if (!selectingWorkloads.has(object.kind)) return [];
    const selector = workloadSelector(object.kind, object.value);
    if (!selector) return [];
    const plain = selector !== get(object.value, ['spec', 'selector']);
    const labelsPath = podLabelsPath(object.kind)!;
    const labels = stringMap(get(object.value, labelsPath)) ?? {};
    if (selects(selector, labels)) return [];
    // On the label that does not match (where a user points), else on spec.selector.
    const matchLabels = stringMap(selector.matchLabels) ?? {};
    const wrongLabel = Object.keys(matchLabels).find((k) => labels[k] !== matchLabels[k]);
    const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
    const wrongExpression = wrongLabel === undefined ? expressions.findIndex((e) => !selects({ matchExpressions: [e] }, labels)) : -1;
    const path = wrongLabel !== undefined ? (plain ? ['spec', 'selector', wrongLabel] : ['spec', 'selector', 'matchLabels', wrongLabel]) : wrongExpression >= 0 ? ['spec', 'selector', 'matchExpressions', wrongExpression] : ['spec', 'selector'];
    return [
      finding(object, selectorMismatchRule, path, t('spec.selector does not match the pod template\'s labels ({0}).', formatLabels(labels)), {
        part: path.length === 2 ? 'key' : 'value',
        data: { labels },
      }),
    ];
  },
  ['mismatching-selector'],
);

export function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** An object that runs pods, with its pods' labels. */
export interface LabelledWorkload {
  object: KubernetesObject;
  labels: Record<string, string>;
}

/**
 * Each workload's pod labels, read once per object (an object is immutable: an edit makes new
 * ones): a summary's stand-in parses its JSON to read them, and each edit's new graph listed the
 * labels of every workload again (100,000 JSON parses, 0.25 s, in a monorepo).
 */
const labelled = new WeakMap<KubernetesObject, LabelledWorkload>();

/** Objects that run pods, with their pod labels (an OLM ClusterServiceVersion's Deployments among them: model/madeObjects.ts). */
export function podWorkloads(graph: KubernetesGraph): LabelledWorkload[] {
  return graph.derived(podWorkloads, () => {
    const list: LabelledWorkload[] = [];
    for (const object of [...graph.all(), ...graph.ofKind('ClusterServiceVersion').flatMap(csvDeployments)]) {
      const path = podLabelsPath(object.kind);
      if (!path) continue;
      let entry = labelled.get(object);
      if (!entry) labelled.set(object, (entry = { object, labels: stringMap(get(object.value, path)) ?? {} }));
      list.push(entry);
    }
    return list;
  });
}

/** Workloads by one `key=value` pod label, so that a selector looks at candidates only. */
function byLabel(graph: KubernetesGraph): Map<string, LabelledWorkload[]> {
  return graph.derived(byLabel, () => {
    const map = new Map<string, LabelledWorkload[]>();
    for (const entry of podWorkloads(graph)) {
      for (const [k, v] of Object.entries(entry.labels)) {
        const key = `${k}=${v}`;
        let list = map.get(key);
        if (!list) map.set(key, (list = []));
        list.push(entry);
      }
    }
    return map;
  });
}

/**
 * The workloads whose pod labels a label selector (`matchLabels` and `matchExpressions`) matches,
 * in any namespace: the candidates come from the label index when the selector names a label.
 */
export function workloadsMatching(selector: unknown, graph: KubernetesGraph): LabelledWorkload[] {
  const required = isObject(selector) ? stringMap(selector.matchLabels) : undefined;
  return (carrying(required, graph) ?? podWorkloads(graph)).filter(({ labels }) => selects(selector, labels));
}

/** The workloads whose pods a Service selects. */
export function selectedWorkloads(service: KubernetesObject, graph: KubernetesGraph): KubernetesObject[] {
  const selector = stringMap(get(service.value, ['spec', 'selector']));
  return (carrying(selector, graph) ?? [])
    .filter(({ object, labels }) => sameNamespace(object.namespace, service.namespace) && selects(selector, labels, true))
    .map(({ object }) => object);
}

/** The candidates for labels a selector requires: the workloads carrying the first of them (undefined when it requires none). */
function carrying(required: Record<string, string> | undefined, graph: KubernetesGraph): LabelledWorkload[] | undefined {
  const first = required && Object.entries(required)[0];
  return first ? (byLabel(graph).get(`${first[0]}=${first[1]}`) ?? []) : undefined;
}

/** A workload of the Service's namespace whose pods carry every selected label, one of them with another value. */
function nearMiss(wanted: Record<string, string>, service: KubernetesObject, graph: KubernetesGraph): { workload: KubernetesObject; key: string; value: string } | undefined {
  const keys = Object.keys(wanted);
  for (const { object, labels } of podWorkloads(graph)) {
    if (!sameNamespace(object.namespace, service.namespace) || !keys.every((k) => k in labels)) continue;
    const differing = keys.filter((k) => labels[k] !== wanted[k]);
    if (differing.length === 1) return { workload: object, key: differing[0], value: labels[differing[0]] };
  }
  return undefined;
}

export const serviceNoMatchRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-service-no-match', severity: 'warning', scope: 'workspace', description: "A Service's selector matches the pods of no workload in its namespace, so it has no endpoints." },
  (object, { graph }) => {
    if (object.kind !== 'Service' || get(object.value, ['spec', 'type']) === 'ExternalName') return [];
    const selector = get(object.value, ['spec', 'selector']);
    if (!isObject(selector) || Object.keys(selector).length === 0) return [];
    if (selectedWorkloads(object, graph).length > 0) return [];
    const wanted = stringMap(selector) ?? {};
    const near = nearMiss(wanted, object, graph);
    if (near) {
      // One label of the selector differs from a workload's pods: the fault is that value.
      const message = t('The selector matches no workload\'s pods: {0}={1} differs from the pods of {2} ({0}={3}). Did you mean "{3}"?', near.key, wanted[near.key], describe(near.workload), near.value);
      return [finding(object, serviceNoMatchRule, ['spec', 'selector', near.key], message, { data: { replacement: near.value } })];
    }
    return [finding(object, serviceNoMatchRule, ['spec', 'selector'], t('The selector ({0}) matches no workload\'s pods{1}.', formatLabels(wanted), object.namespace ? t(' in namespace "{0}"', object.namespace) : ''), { part: 'key' })];
  },
  ['dangling-service'],
);

interface PortInfo {
  names: Set<string>;
  numbers: Set<number>;
}

function containerPorts(container: JsonObject): PortInfo {
  const info: PortInfo = { names: new Set(), numbers: new Set() };
  const ports = container.ports;
  if (Array.isArray(ports)) {
    for (const port of ports) {
      if (!isObject(port)) continue;
      if (typeof port.name === 'string') info.names.add(port.name);
      if (typeof port.containerPort === 'number') info.numbers.add(port.containerPort);
    }
  }
  return info;
}

function workloadPorts(object: KubernetesObject): PortInfo {
  const info: PortInfo = { names: new Set(), numbers: new Set() };
  for (const ref of containersOf(object.value, object.kind)) {
    const ports = containerPorts(ref.container);
    ports.names.forEach((n) => info.names.add(n));
    ports.numbers.forEach((n) => info.numbers.add(n));
  }
  return info;
}

/** The objects of patch files (listed by a kustomization) of the workload's kind and name: what `kubectl kustomize` merges into it. */
function patchesOf(workload: KubernetesObject, graph: KubernetesGraph): KubernetesObject[] {
  if (workload.name === undefined) return [];
  const patches = kustomizeFacts(graph).patchFiles;
  // No kustomization lists a patch file (the usual workspace): nothing to look up for each workload (a file of 800
  // copies of one Deployment made every Service's check look through 800 namesakes for each of them).
  if (patches.size === 0) return [];
  return graph.find(workload.kind, workload.name, workload.namespace).filter((o) => o !== workload && patches.has(o.uri));
}

export const serviceTargetPortRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-service-target-port', severity: 'error', scope: 'workspace', kinds: ['Service'], description: "A Service targetPort given by name is no containerPort name of the pods it selects (error); a numeric one is not declared by them (warning)." },
  (object, { graph }) => {
    const ports = get(object.value, ['spec', 'ports']);
    const workloads = selectedWorkloads(object, graph);
    if (!Array.isArray(ports) || workloads.length === 0) return [];
    // A port a kustomize patch of the workload adds (kubebuilder's kube-rbac-proxy `https`) is the built workload's.
    const exposed = workloads.flatMap((w) => [{ workload: w, ports: workloadPorts(w) }, ...patchesOf(w, graph).map((p) => ({ workload: w, ports: workloadPorts(p) }))]);
    const names = workloads.map(describe).join(', ');
    const findings: Finding[] = [];
    ports.forEach((port, i) => {
      if (!isObject(port)) return;
      const target = port.targetPort ?? port.port;
      const path = ['spec', 'ports', i, port.targetPort !== undefined ? 'targetPort' : 'port'];
      if (typeof target === 'string' && !/^\d+$/.test(target)) {
        if (!exposed.some((e) => e.ports.names.has(target))) {
          const known = [...new Set(exposed.flatMap((e) => [...e.ports.names]))];
          findings.push(finding(object, serviceTargetPortRule, path, known.length ? t('No container of {0} has a port named "{1}" (named ports: {2}).', names, target, known.join(', ')) : t('No container of {0} has a port named "{1}" (they name no ports).', names, target)));
        }
      } else {
        const number = Number(target);
        if (Number.isInteger(number) && !exposed.some((e) => e.ports.numbers.has(number))) {
          findings.push(finding(object, serviceTargetPortRule, path, t('Port {0} is not declared as a containerPort by {1}.', number, names), { severity: 'warning' }));
        }
      }
    });
    return findings;
  },
);

export const probePortRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-probe-port', severity: 'error', scope: 'object', absence: true, description: 'A probe points at a port the container does not expose: a named port that does not exist (error) or a number not among the ports it declares (warning).' },
  (object) => {
    const findings: Finding[] = [];
    for (const { ref, probe, port, path } of probeTargets(object.value, object.kind)) {
      const ports = containerPorts(ref.container);
      if (typeof port === 'string' && !/^\d+$/.test(port)) {
        if (!ports.names.has(port)) findings.push(finding(object, probePortRule, path, ports.names.size
              ? t('The {0} uses port "{1}", which container "{2}" does not name (named ports: {3}).', probe, port, String(ref.container.name), [...ports.names].join(', '))
              : t('The {0} uses port "{1}", which container "{2}" does not name.', probe, port, String(ref.container.name))));
      } else if (typeof port === 'number' && ports.numbers.size > 0 && !ports.numbers.has(port)) {
        // An undeclared port is still reachable, but a container that declares its ports and is probed
        // on another is most often a stale probe (kube-linter reports it too): a warning.
        findings.push(finding(object, probePortRule, path, t('The {0} uses port {1}, which container "{2}" does not declare (containerPorts: {3}).', probe, port, String(ref.container.name), [...ports.numbers].join(', ')), { severity: 'warning' }));
      }
    }
    return findings;
  },
  ['liveness-port', 'readiness-port', 'startup-port'],
);

export const selectorRules: KubernetesRule[] = [selectorMismatchRule, serviceNoMatchRule, serviceTargetPortRule, probePortRule];
