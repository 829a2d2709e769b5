import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import type { KubernetesGraph, KubernetesObject } from '../model/objects';
import { sameNamespace } from '../model/objects';
import { containersOf, get, isObject, podSpecPath, stringMap, type Json, type Path } from '../model/workloads';
import { describe, finding, kubernetesRule, nameLine, type KubernetesRule } from './context';
import { workloadsMatching } from './selectors';
import { madeObjects } from '../model/madeObjects';
import { appliedByOneCommand, applyingTogether, applyUnit, commonFolder, generatedBy, kustomizeFacts } from '../model/kustomize';

/** A reference from a pod spec to a ConfigMap or Secret, with the keys it needs. */
export interface ConfigReference {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** Path of the name value. */
  path: Path;
  keys: { key: string; path: Path }[];
  optional: boolean;
}

function keyItems(items: Json | undefined, base: Path): { key: string; path: Path }[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item, i) => (isObject(item) && typeof item.key === 'string' ? [{ key: item.key, path: [...base, i, 'key'] }] : []));
}

/** Every ConfigMap and Secret a workload's pods read: env, envFrom, volumes and projected volumes. */
export function configReferences(object: KubernetesObject): ConfigReference[] {
  const refs: ConfigReference[] = [];
  for (const container of containersOf(object.value, object.kind)) {
    const env = container.container.env;
    if (Array.isArray(env)) {
      env.forEach((variable, i) => {
        for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
          const ref = get(variable, ['valueFrom', field]);
          if (isObject(ref) && typeof ref.name === 'string') {
            const base = [...container.path, 'env', i, 'valueFrom', field];
            refs.push({ kind, name: ref.name, path: [...base, 'name'], keys: typeof ref.key === 'string' ? [{ key: ref.key, path: [...base, 'key'] }] : [], optional: ref.optional === true });
          }
        }
      });
    }
    const envFrom = container.container.envFrom;
    if (Array.isArray(envFrom)) {
      envFrom.forEach((source, i) => {
        for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
          const ref = get(source, [field]);
          if (isObject(ref) && typeof ref.name === 'string') {
            refs.push({ kind, name: ref.name, path: [...container.path, 'envFrom', i, field, 'name'], keys: [], optional: ref.optional === true });
          }
        }
      });
    }
  }
  const spec = podSpecPath(object.kind);
  const volumes = spec ? get(object.value, [...spec, 'volumes']) : undefined;
  if (spec && Array.isArray(volumes)) {
    volumes.forEach((volume, i) => {
      if (!isObject(volume)) return;
      const base = [...spec, 'volumes', i];
      if (isObject(volume.configMap) && typeof volume.configMap.name === 'string') {
        refs.push({ kind: 'ConfigMap', name: volume.configMap.name, path: [...base, 'configMap', 'name'], keys: keyItems(volume.configMap.items, [...base, 'configMap', 'items']), optional: volume.configMap.optional === true });
      }
      if (isObject(volume.secret) && typeof volume.secret.secretName === 'string') {
        refs.push({ kind: 'Secret', name: volume.secret.secretName, path: [...base, 'secret', 'secretName'], keys: keyItems(volume.secret.items, [...base, 'secret', 'items']), optional: volume.secret.optional === true });
      }
      const sources = get(volume, ['projected', 'sources']);
      if (Array.isArray(sources)) {
        sources.forEach((source, j) => {
          for (const [field, kind] of [['configMap', 'ConfigMap'], ['secret', 'Secret']] as const) {
            const ref = get(source, [field]);
            if (isObject(ref) && typeof ref.name === 'string') {
              const at = [...base, 'projected', 'sources', j, field];
              refs.push({ kind, name: ref.name, path: [...at, 'name'], keys: keyItems(ref.items, [...at, 'items']), optional: ref.optional === true });
            }
          }
        });
      }
    });
  }
  return refs;
}

/** Keys a ConfigMap or Secret provides, or undefined when they are not known from Git (generated). */
export function providedKeys(object: KubernetesObject): Set<string> | undefined {
  if (object.kind === 'ConfigMap') return new Set([...Object.keys(stringMap(object.value.data) ?? {}), ...Object.keys(isObject(object.value.binaryData) ? object.value.binaryData : {})]);
  if (object.kind === 'Secret') return new Set([...Object.keys(isObject(object.value.data) ? object.value.data : {}), ...Object.keys(isObject(object.value.stringData) ? object.value.stringData : {})]);
  if (object.kind === 'SealedSecret') return new Set(Object.keys(isObject(get(object.value, ['spec', 'encryptedData'])) ? (get(object.value, ['spec', 'encryptedData']) as object) : {}));
  return undefined;
}

/** Objects that produce a Secret of a name: Secrets, Bitnami SealedSecrets, ExternalSecrets, cert-manager Certificates. */
export function secretProviders(graph: KubernetesGraph, name: string, namespace: string | undefined): KubernetesObject[] {
  const found = [...graph.find('Secret', name, namespace), ...graph.find('SealedSecret', name, namespace)];
  for (const kind of ['ExternalSecret', 'Certificate']) {
    for (const object of graph.ofKind(kind)) {
      const target = kind === 'ExternalSecret' ? (get(object.value, ['spec', 'target', 'name']) ?? object.name) : get(object.value, ['spec', 'secretName']);
      if (target === name && sameNamespace(object.namespace, namespace)) found.push(object);
    }
  }
  return found;
}

function workspaceDefinesSecrets(graph: KubernetesGraph): boolean {
  return ['Secret', 'SealedSecret', 'ExternalSecret'].some((kind) => graph.ofKind(kind).length > 0);
}

function checkConfigReferences(object: KubernetesObject, graph: KubernetesGraph, kind: 'ConfigMap' | 'Secret', rule: KubernetesRule): Finding[] {
  const findings: Finding[] = [];
  const secretsKnown = kind === 'Secret' && workspaceDefinesSecrets(graph);
  for (const ref of configReferences(object)) {
    if (ref.kind !== kind || ref.optional) continue;
    const providers = kind === 'ConfigMap' ? graph.find('ConfigMap', ref.name, object.namespace) : secretProviders(graph, ref.name, object.namespace);
    const generated = generatedBy(graph, kind, ref.name, object.namespace);
    const made = madeObjects(graph, kind, ref.name, object.namespace);
    if (providers.length === 0 && generated.length === 0 && made.length === 0) {
      const where = object.namespace ? t(' in namespace "{0}"', object.namespace) : '';
      const message =
        kind === 'ConfigMap'
          ? t('ConfigMap "{0}" is not defined in this workspace{1}.', ref.name, where)
          : secretsKnown
            ? t('Secret "{0}" is not defined in this workspace{1}.', ref.name, where)
            : t('Secret "{0}" is not defined in this workspace{1} (Secrets are often created outside Git: this is information only until the workspace defines Secrets).', ref.name, where);
      findings.push(finding(object, rule, ref.path, message, { severity: kind === 'Secret' && !secretsKnown ? 'information' : undefined, data: { create: kind, name: ref.name, namespace: object.namespace, keys: ref.keys.map((k) => k.key) } }));
      continue;
    }
    const keySets = [...providers.map(providedKeys), ...generated.map((g) => g.keys), ...made.map((m) => m.keys)];
    if (keySets.some((k) => k === undefined)) continue;
    for (const { key, path } of ref.keys) {
      if (!keySets.some((set) => set!.has(key))) {
        const available = [...new Set(keySets.flatMap((s) => [...s!]))];
        findings.push(finding(object, rule, path, available.length ? t('{0} "{1}" has no key "{2}" (keys: {3}).', kind, ref.name, key, available.join(', ')) : t('{0} "{1}" has no key "{2}" (it has no keys).', kind, ref.name, key)));
      }
    }
  }
  return findings;
}

export const configMapRefRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-configmap-ref', severity: 'error', scope: 'workspace', description: 'A pod reads a ConfigMap (env, envFrom, volume) that the workspace does not define, or a key it does not have.' },
  (object, { graph }) => checkConfigReferences(object, graph, 'ConfigMap', configMapRefRule),
);

export const secretRefRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-secret-ref', severity: 'warning', scope: 'workspace', description: 'A pod reads a Secret (or a key of it) that the workspace does not define; information only while the workspace defines no Secrets at all.' },
  (object, { graph }) => checkConfigReferences(object, graph, 'Secret', secretRefRule),
);

/** Ingress backends: `{service: {name, port: {number|name}}}` under defaultBackend and every rule path. */
export function ingressBackends(object: KubernetesObject): { name: string; port?: number | string; path: Path }[] {
  const backends: { name: string; port?: number | string; path: Path }[] = [];
  const add = (backend: Json | undefined, path: Path) => {
    const service = get(backend, ['service']);
    if (isObject(service) && typeof service.name === 'string') {
      const port = get(service, ['port', 'number']) ?? get(service, ['port', 'name']);
      backends.push({ name: service.name, port: typeof port === 'number' || typeof port === 'string' ? port : undefined, path: [...path, 'service'] });
    }
  };
  add(get(object.value, ['spec', 'defaultBackend']), ['spec', 'defaultBackend']);
  const rules = get(object.value, ['spec', 'rules']);
  if (Array.isArray(rules)) {
    rules.forEach((rule, i) => {
      const paths = get(rule, ['http', 'paths']);
      if (Array.isArray(paths)) paths.forEach((p, j) => add(get(p, ['backend']), ['spec', 'rules', i, 'http', 'paths', j, 'backend']));
    });
  }
  return backends;
}

export const ingressBackendRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-ingress-backend', severity: 'error', scope: 'workspace', kinds: ['Ingress'], description: 'An Ingress backend names a Service that the workspace does not define in its namespace, or a port that Service does not have.' },
  (object, { graph }) => {
    const findings: Finding[] = [];
    for (const backend of ingressBackends(object)) {
      const services = graph.find('Service', backend.name, object.namespace);
      if (services.length === 0) {
        // An operator may create it from a custom resource of the namespace (a Prometheus, a Kafka…): say so, without an error.
        const operator = customResourceIn(graph, object.namespace);
        findings.push(
          operator
            ? finding(object, ingressBackendRule, [...backend.path, 'name'], t('Service "{0}" is not defined in this workspace; the operator of {1} may create it.', backend.name, describe(operator)), { severity: 'information' })
            : finding(object, ingressBackendRule, [...backend.path, 'name'], t('Service "{0}" is not defined in this workspace{1}.', backend.name, object.namespace ? t(' in namespace "{0}"', object.namespace) : '')),
        );
        continue;
      }
      if (backend.port === undefined) continue;
      const ports = services.flatMap((s) => (Array.isArray(s.value.spec && get(s.value, ['spec', 'ports'])) ? (get(s.value, ['spec', 'ports']) as Json[]) : []));
      const matches = ports.some((p) => isObject(p) && (typeof backend.port === 'number' ? p.port === backend.port : p.name === backend.port));
      if (!matches) {
        const known = ports.filter(isObject).map((p) => (typeof p.name === 'string' ? `${p.name} (${String(p.port)})` : String(p.port)));
        const portPath = [...backend.path, 'port', typeof backend.port === 'number' ? 'number' : 'name'];
        findings.push(finding(object, ingressBackendRule, portPath, typeof backend.port === 'number'
            ? t('Service "{0}" has no port {1} (ports: {2}).', backend.name, backend.port, known.join(', ') || t('none'))
            : t('Service "{0}" has no port named "{1}" (ports: {2}).', backend.name, backend.port, known.join(', ') || t('none'))));
      }
    }
    return findings;
  },
  ['dangling-ingress'],
);

export const ingressTlsSecretRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-ingress-tls-secret', severity: 'warning', scope: 'workspace', kinds: ['Ingress'], description: 'An Ingress TLS entry names a Secret that nothing in the workspace defines (a Secret, SealedSecret, ExternalSecret or cert-manager Certificate).' },
  (object, { graph }) => {
    const tls = get(object.value, ['spec', 'tls']);
    if (!Array.isArray(tls)) return [];
    const known = workspaceDefinesSecrets(graph) || graph.ofKind('Certificate').length > 0;
    return tls.flatMap((entry, i) => {
      const name = get(entry, ['secretName']);
      if (typeof name !== 'string' || secretProviders(graph, name, object.namespace).length > 0) return [];
      return [finding(object, ingressTlsSecretRule, ['spec', 'tls', i, 'secretName'], t('TLS Secret "{0}" is not defined in this workspace (no Secret, SealedSecret, ExternalSecret or Certificate produces it).', name), { severity: known ? undefined : 'information' })];
    });
  },
);

const scalable = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig']);

function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

export function hpaTarget(hpa: KubernetesObject, graph: KubernetesGraph): KubernetesObject[] | undefined {
  const ref = get(hpa.value, ['spec', 'scaleTargetRef']);
  if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  const group = groupOf(ref.apiVersion);
  return graph.find(ref.kind, ref.name, hpa.namespace).filter((o) => group === undefined || groupOf(o.apiVersion) === group);
}

/** Every autoscaler with each object it scales, computed once per graph. */
function autoscaled(graph: KubernetesGraph): { hpa: KubernetesObject; target: KubernetesObject }[] {
  return graph.derived(autoscaled, () => graph.ofKind('HorizontalPodAutoscaler').flatMap((hpa) => (hpaTarget(hpa, graph) ?? []).map((target) => ({ hpa, target }))));
}

/** Autoscaler–target pairs by target, each with its position in `autoscaled`. */
export function autoscaledTargets(graph: KubernetesGraph): Map<KubernetesObject, { hpa: KubernetesObject; target: KubernetesObject; order: number }[]> {
  return graph.derived(autoscaledTargets, () => {
    const map = new Map<KubernetesObject, { hpa: KubernetesObject; target: KubernetesObject; order: number }[]>();
    autoscaled(graph).forEach(({ hpa, target }, order) => {
      let list = map.get(target);
      if (!list) map.set(target, (list = []));
      list.push({ hpa, target, order });
    });
    return map;
  });
}

export const hpaTargetRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-hpa-target', severity: 'error', scope: 'workspace', kinds: ['HorizontalPodAutoscaler'], description: "A HorizontalPodAutoscaler's scaleTargetRef names no object of that apiVersion, kind and name in its namespace." },
  (object, { graph }) => {
    const ref = get(object.value, ['spec', 'scaleTargetRef']);
    const targets = hpaTarget(object, graph);
    if (!targets || targets.length > 0 || !isObject(ref)) return [];
    const hint = scalable.has(String(ref.kind)) ? '' : t(' ({0} is not a kind with a scale subresource)', String(ref.kind));
    const where = object.namespace ? t(' in namespace "{0}"', object.namespace) : '';
    return [finding(object, hpaTargetRule, ['spec', 'scaleTargetRef', 'name'], t('scaleTargetRef: {0} "{1}" ({2}) is not defined in this workspace{3}{4}.', String(ref.kind), String(ref.name), String(ref.apiVersion ?? '?'), where, hint))];
  },
  ['dangling-horizontalpodautoscaler'],
);

export const hpaReplicasRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-hpa-replicas', severity: 'error', scope: 'object', kinds: ['HorizontalPodAutoscaler'], description: 'A HorizontalPodAutoscaler has minReplicas greater than maxReplicas.' },
  (object) => {
    const min = get(object.value, ['spec', 'minReplicas']) ?? 1;
    const max = get(object.value, ['spec', 'maxReplicas']);
    if (typeof min !== 'number' || typeof max !== 'number' || min <= max) return [];
    return [finding(object, hpaReplicasRule, ['spec', 'minReplicas'], t('minReplicas ({0}) is greater than maxReplicas ({1}).', min, max))];
  },
);

export function percent(value: Json | undefined, of: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+%$/.test(value)) return Math.ceil((Number(value.slice(0, -1)) / 100) * of);
  return undefined;
}

export const pdbHpaRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-pdb-hpa', severity: 'warning', scope: 'workspace', kinds: ['PodDisruptionBudget'], description: 'A PodDisruptionBudget leaves no room for a voluntary disruption when the HorizontalPodAutoscaler is at its minimum (node drains block).' },
  (object, { graph }) => {
    const selector = get(object.value, ['spec', 'selector']);
    const findings: Finding[] = [];
    // The autoscaled workloads this budget selects, found through the label index, in the order
    // of the autoscalers.
    const scaled = autoscaledTargets(graph);
    const pairs = workloadsMatching(selector, graph)
      .flatMap(({ object: target }) => scaled.get(target) ?? [])
      .sort((a, b) => a.order - b.order);
    for (const { hpa, target } of pairs) {
      if (!sameNamespace(hpa.namespace, object.namespace)) continue;
      const min = get(hpa.value, ['spec', 'minReplicas']) ?? 1;
      if (typeof min !== 'number') continue;
      {
        const minAvailable = percent(get(object.value, ['spec', 'minAvailable']), min);
        const maxUnavailable = percent(get(object.value, ['spec', 'maxUnavailable']), min);
        if (minAvailable !== undefined && minAvailable >= min) {
          findings.push(finding(object, pdbHpaRule, ['spec', 'minAvailable'], t('minAvailable {0} leaves no pod of {1} evictable at the autoscaler\'s minimum of {2} replica(s) (HorizontalPodAutoscaler "{3}").', String(get(object.value, ['spec', 'minAvailable'])), describe(target), min, hpa.name ?? '')));
        } else if (maxUnavailable === 0) {
          findings.push(finding(object, pdbHpaRule, ['spec', 'maxUnavailable'], t('maxUnavailable 0 never lets a pod of {0} be evicted.', describe(target))));
        }
      }
    }
    return findings;
  },
  ['pdb-min-available'],
);

/** Kubernetes' own API groups; any other group is a custom resource, reconciled by an operator. */
const builtinGroup = /^(v1|[a-z]+\/v\w+|[a-z.]+\.k8s\.io\/v\w+)$/;

/**
 * A custom resource of the namespace (not Argo CD's or kustomize's own files, nor the resources of the
 * operators that write only Secrets — External Secrets, Sealed Secrets, cert-manager, the Secrets
 * Store CSI driver), whose operator may create Services.
 */
// Policies (Kyverno's, their tests and reports: #96) admit or mutate objects; they create no Service.
function customResourceIn(graph: KubernetesGraph, namespace: string | undefined): KubernetesObject | undefined {
  const byNamespace = graph.derived(customResourceIn, () => new Map<string, KubernetesObject | undefined>());
  const key = namespace ?? '';
  if (!byNamespace.has(key)) {
    const custom = graph.kinds().flatMap((kind) => graph.ofKind(kind).filter((o) => !builtinGroup.test(o.apiVersion) && !/^(argoproj\.io|kustomize\.config\.k8s\.io|external-secrets\.io|generators\.external-secrets\.io|bitnami\.com|cert-manager\.io|secrets-store\.csi\.x-k8s\.io|(policies\.|cli\.|reports\.)?kyverno\.io|wgpolicyk8s\.io)\//.test(o.apiVersion)));
    byNamespace.set(key, custom.find((o) => sameNamespace(o.namespace, namespace)));
  }
  return byNamespace.get(key);
}

export const duplicateObjectRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-duplicate-object', severity: 'error', scope: 'workspace', description: 'Two manifests applied together define the same object (kind, namespace, name); the one applied last silently wins. Applied together: one multi-document file, a kustomization building both, an Argo CD or Flux application applying their folder, or a `kubectl apply -f` / `kubectl create -f` of their folder (with -R, its subfolders) in a workflow step, Makefile or shell script (the applying line is named), or one kubectl command naming both files (several -f, a comma list, a pattern kubectl expands); other files of one folder are alternatives (a hint names the other file). Patches are not duplicates.' },
  (object, { graph }) => {
    if (!object.name || object.kind === 'Kustomization' || object.kind === 'List') return [];
    const patches = kustomizeFacts(graph).patchFiles;
    if (patches.has(object.uri)) return [];
    const unit = applyUnit(object.uri, graph);
    const others = graph
      .named(object.kind, object.name)
      .filter(
        (o) =>
          o !== object &&
          (o.namespace ?? '') === (object.namespace ?? '') &&
          o.apiVersion.split('/')[0] === object.apiVersion.split('/')[0] &&
          !patches.has(o.uri) &&
          // One folder's files are alternatives or applied together; files of two units only when one kubectl command names both.
          (applyUnit(o.uri, graph) === unit || appliedByOneCommand(o.uri, object.uri, graph) !== undefined),
      );
    if (others.length === 0) return [];
    const base = commonFolder(graph);
    // At most 5 places named (a generated file may repeat one object thousands of times): each costs a lookup of its name line.
    const where = (list: readonly KubernetesObject[]) =>
      list.slice(0, 5).map((o) => `${decodeURIComponent(o.uri.startsWith(base) ? o.uri.slice(base.length) : o.uri)}:${nameLine(o)}`).join(', ') + (list.length > 5 ? t(' and {0} more', list.length - 5) : '');
    const together = others.map((o) => ({ o, how: applyingTogether(o.uri, object.uri, graph) })).filter((e) => e.how !== undefined);
    if (together.length) {
      const source = together.find((e) => e.how?.source)?.how?.source;
      if (!source) return [finding(object, duplicateObjectRule, ['metadata', 'name'], t('{0} is also defined at {1}.', describe(object), where(together.map((e) => e.o))))];
      // Applied together by a script's kubectl: that line is where the conflict comes from.
      const at = `${decodeURIComponent(source.uri.startsWith(base) ? source.uri.slice(base.length) : source.uri)}:${source.line + 1}`;
      const found = finding(object, duplicateObjectRule, ['metadata', 'name'], t('{0} is also defined at {1}, and {2} applies both.', describe(object), where(together.map((e) => e.o)), at));
      return [{ ...found, related: [{ uri: source.uri, line: source.line, message: t('applies both files') }] }];
    }
    return [finding(object, duplicateObjectRule, ['metadata', 'name'], t('{0} is also defined at {1}: alternatives, unless something applies both files together.', describe(object), where(others)), { severity: 'hint' })];
  },
);

export const argoPathRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-argocd-path', severity: 'warning', scope: 'workspace', description: "An Argo CD Application's source path names no folder of this workspace (when the Application deploys this repository)." },
  (object, { graph }) => {
    if (object.kind !== 'Application' || !object.apiVersion.startsWith('argoproj.io/')) return [];
    const findings: Finding[] = [];
    const check = (source: Json | undefined, path: Path) => {
      const sourcePath = get(source, ['path']);
      if (typeof sourcePath !== 'string' || get(source, ['chart']) !== undefined) return;
      const clean = sourcePath.replace(/^\.\/?/, '').replace(/\/$/, '');
      if (clean === '') return;
      const exists = [...graph.folders].some((folder) => folder.endsWith(`/${clean}`));
      if (!exists) findings.push(finding(object, argoPathRule, [...path, 'path'], t('Source path "{0}" is no folder of this workspace. If this Application deploys another repository, silence it with # archipel-ignore k8s-argocd-path.', sourcePath)));
    };
    check(get(object.value, ['spec', 'source']), ['spec', 'source']);
    const sources = get(object.value, ['spec', 'sources']);
    if (Array.isArray(sources)) sources.forEach((s, i) => check(s, ['spec', 'sources', i]));
    return findings;
  },
);

export const referenceRules: KubernetesRule[] = [
  configMapRefRule,
  secretRefRule,
  ingressBackendRule,
  ingressTlsSecretRule,
  hpaTargetRule,
  hpaReplicasRule,
  pdbHpaRule,
  duplicateObjectRule,
  argoPathRule,
];
