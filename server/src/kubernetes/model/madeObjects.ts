/**
 * ConfigMaps and Secrets no manifest declares, because the platform or a program the manifests run makes them:
 * a pod may read them, and a reference to one is not a reference to nothing.
 * - `kube-root-ca.crt`: the root CA ConfigMap the kube-controller-manager publishes in every namespace (key
 *   `ca.crt`; Kubernetes 1.21, the BoundServiceAccountTokenVolume feature); `openshift-service-ca.crt`, the one
 *   OpenShift's service-ca operator publishes in every namespace (key `service-ca.crt`).
 * - What OLM makes of a ClusterServiceVersion: the Deployments its `spec.install.spec.deployments` declare, and for each
 *   webhook or API service it names (`deploymentName`), the Secret `<deploymentName>-service-cert` holding its serving
 *   certificate (keys `tls.crt`, `tls.key`, `olmCAKey`).
 * - What a custom resource's controller makes: operators name the objects they own after their owner
 *   (`<name>-…`: the LokiStack `lokistack-dev`'s `lokistack-dev-gateway-ca-bundle`), keys not known.
 * - The Secret kube-webhook-certgen's `create` writes (`--secret-name`, in `--namespace`, keys `--ca-name`,
 *   `--cert-name`, `--key-name`: by default `ca`, `cert`, `key`): ingress-nginx's and kube-prometheus-stack's
 *   admission webhooks read their certificate from it.
 */
import type { KubernetesGraph, KubernetesObject } from './objects';
import { sameNamespace } from './objects';
import { certgenArguments, containersOf, get, isObject } from './workloads';

/** A ConfigMap or Secret made outside the manifests, with the keys it holds (undefined: not known). */
export interface MadeObject {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** Undefined: in every namespace. */
  namespace: string | undefined;
  keys: Set<string> | undefined;
  by: string;
}

const platformConfigMaps: readonly MadeObject[] = [
  { kind: 'ConfigMap', name: 'kube-root-ca.crt', namespace: undefined, keys: new Set(['ca.crt']), by: 'Kubernetes' },
  { kind: 'ConfigMap', name: 'openshift-service-ca.crt', namespace: undefined, keys: new Set(['service-ca.crt']), by: 'OpenShift' },
];

/** The value of a `--flag=value` or `--flag value` argument. */
function flag(args: readonly string[], name: string): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === name) return args[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

/** The Secrets kube-webhook-certgen containers of the workspace create. */
function certgenSecrets(graph: KubernetesGraph): MadeObject[] {
  const made: MadeObject[] = [];
  for (const kind of ['Job', 'CronJob', 'Pod']) {
    for (const object of graph.ofKind(kind)) {
      for (const { container } of containersOf(object.value, object.kind)) {
        const args = certgenArguments(container);
        const name = args && flag(args, '--secret-name');
        if (!args?.includes('create') || !name) continue;
        // `--namespace=$(POD_NAMESPACE)` (the downward API's metadata.namespace) is the Job's own.
        const given = flag(args, '--namespace');
        const namespace = given && !given.includes('$(') ? given : object.namespace;
        const keys = new Set([flag(args, '--ca-name') ?? 'ca', flag(args, '--cert-name') ?? 'cert', flag(args, '--key-name') ?? 'key']);
        made.push({ kind: 'Secret', name, namespace, keys, by: `${object.kind} "${object.name}"` });
      }
    }
  }
  return made;
}

const csvStandIns = new WeakMap<KubernetesObject, KubernetesObject[]>();

/** The Deployments a ClusterServiceVersion declares, as objects of their own (at the CSV's place in its file). */
export function csvDeployments(csv: KubernetesObject): KubernetesObject[] {
  let found = csvStandIns.get(csv);
  if (found) return found;
  found = [];
  const deployments = get(csv.value, ['spec', 'install', 'spec', 'deployments']);
  for (const deployment of Array.isArray(deployments) ? deployments : []) {
    if (!isObject(deployment) || typeof deployment.name !== 'string' || !isObject(deployment.spec)) continue;
    const metadata = { name: deployment.name, ...(csv.namespace ? { namespace: csv.namespace } : {}) };
    found.push({ ...csv, apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.name, value: { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: deployment.spec } });
  }
  csvStandIns.set(csv, found);
  return found;
}

/** The serving-certificate Secrets OLM makes for the webhooks and API services of the workspace's ClusterServiceVersions. */
function olmSecrets(graph: KubernetesGraph): MadeObject[] {
  const made: MadeObject[] = [];
  for (const csv of graph.ofKind('ClusterServiceVersion')) {
    const webhooks = get(csv.value, ['spec', 'webhookdefinitions']);
    const services = get(csv.value, ['spec', 'apiservicedefinitions', 'owned']);
    for (const entry of [...(Array.isArray(webhooks) ? webhooks : []), ...(Array.isArray(services) ? services : [])]) {
      const deployment = isObject(entry) ? entry.deploymentName : undefined;
      if (typeof deployment === 'string') made.push({ kind: 'Secret', name: `${deployment}-service-cert`, namespace: undefined, keys: new Set(['tls.crt', 'tls.key', 'olmCAKey']), by: `ClusterServiceVersion "${csv.name ?? ''}"` });
    }
  }
  return made;
}

/** A custom resource: an object of an API group of its own (a dotted group, not one of Kubernetes' `*.k8s.io`). */
function isCustomResource(object: KubernetesObject): boolean {
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io') && object.kind !== 'ClusterServiceVersion' && object.name !== undefined;
}

/** The objects made outside the manifests of that kind and name, in that namespace. */
export function madeObjects(graph: KubernetesGraph, kind: 'ConfigMap' | 'Secret', name: string, namespace: string | undefined): MadeObject[] {
  const all = graph.derived(madeObjects, () => [...platformConfigMaps, ...certgenSecrets(graph), ...olmSecrets(graph)]);
  const found = all.filter((made) => made.kind === kind && made.name === name && sameNamespace(made.namespace, namespace));
  if (found.length > 0) return found;
  const owners = graph.derived(isCustomResource, () => [...graph.all()].filter(isCustomResource));
  const owner = owners.find((o) => name.startsWith(`${o.name}-`) && sameNamespace(o.namespace, namespace));
  return owner ? [{ kind, name, namespace: owner.namespace, keys: undefined, by: `${owner.kind} "${owner.name}"` }] : [];
}
