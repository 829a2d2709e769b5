import type { KubernetesGraph, KubernetesObject } from './objects';
import { configReferences, hpaTarget, ingressBackends, secretProviders } from '../checks/references';
import { selectedWorkloads } from '../checks/selectors';
import { get, isObject, podLabelsPath, podSpecPath, selects, stringMap, type Path } from './workloads';
import { sameNamespace } from './objects';

/** A reference from one object to others, with the path of the value that makes it. */
export interface ObjectLink {
  path: Path;
  targets: KubernetesObject[];
  /** What the link is, for hovers: "ConfigMap", "Service", "selects". */
  label: string;
}

/**
 * Every link an object makes to others in the workspace: ConfigMaps and Secrets it reads, the
 * PersistentVolumeClaims it mounts, the Service an Ingress routes to, an autoscaler's target, the
 * pods a Service or budget selects.
 * Definition, references and hover all read this one list.
 */
export function outgoingLinks(object: KubernetesObject, graph: KubernetesGraph): ObjectLink[] {
  const links: ObjectLink[] = [];
  for (const ref of configReferences(object)) {
    const targets = ref.kind === 'ConfigMap' ? graph.find('ConfigMap', ref.name, object.namespace) : secretProviders(graph, ref.name, object.namespace);
    links.push({ path: ref.path, targets, label: ref.kind });
    for (const key of ref.keys) links.push({ path: key.path, targets, label: `${ref.kind} key` });
  }
  const spec = podSpecPath(object.kind);
  const volumes = spec ? get(object.value, [...spec, 'volumes']) : undefined;
  if (spec && Array.isArray(volumes)) {
    volumes.forEach((volume, i) => {
      const claim = get(volume, ['persistentVolumeClaim', 'claimName']);
      if (typeof claim === 'string') {
        links.push({ path: [...spec, 'volumes', i, 'persistentVolumeClaim', 'claimName'], targets: graph.find('PersistentVolumeClaim', claim, object.namespace), label: 'PersistentVolumeClaim' });
      }
    });
  }
  if (object.kind === 'Ingress') {
    for (const backend of ingressBackends(object)) links.push({ path: [...backend.path, 'name'], targets: graph.find('Service', backend.name, object.namespace), label: 'Service' });
    const tls = get(object.value, ['spec', 'tls']);
    if (Array.isArray(tls)) {
      tls.forEach((entry, i) => {
        const name = get(entry, ['secretName']);
        if (typeof name === 'string') links.push({ path: ['spec', 'tls', i, 'secretName'], targets: secretProviders(graph, name, object.namespace), label: 'Secret' });
      });
    }
  }
  if (object.kind === 'HorizontalPodAutoscaler') {
    links.push({ path: ['spec', 'scaleTargetRef', 'name'], targets: hpaTarget(object, graph) ?? [], label: 'scale target' });
  }
  if (object.kind === 'Service' && isObject(get(object.value, ['spec', 'selector']))) {
    links.push({ path: ['spec', 'selector'], targets: selectedWorkloads(object, graph), label: 'selects' });
  }
  if (object.kind === 'PodDisruptionBudget') {
    const selector = get(object.value, ['spec', 'selector']);
    const targets = [...graph.all()].filter((o) => {
      const labels = podLabelsPath(o.kind);
      return labels && sameNamespace(o.namespace, object.namespace) && selects(selector, stringMap(get(o.value, labels)));
    });
    links.push({ path: ['spec', 'selector'], targets, label: 'selects' });
  }
  return links;
}

/** Whether `path` is `prefix` or lies under it. */
export function within(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}
