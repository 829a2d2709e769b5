import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import { containersOf, get, isObject, podSpecPath, type ContainerRef } from '../model/workloads';
import { finding, kubernetesRule, type KubernetesRule } from './context';
import type { KubernetesObject } from '../model/objects';

/** Single-object checks of pod specs, warnings by default (kube-linter / Polaris territory). */

function each(object: KubernetesObject, visit: (ref: ContainerRef) => Finding | Finding[] | undefined, includeInit = true): Finding[] {
  const out: Finding[] = [];
  for (const ref of containersOf(object.value, object.kind)) {
    if (ref.kind === 'ephemeralContainers') continue;
    if (!includeInit && ref.kind === 'initContainers') continue;
    const found = visit(ref);
    if (found) out.push(...[found].flat());
  }
  return out;
}

const containerName = (ref: ContainerRef) => (typeof ref.container.name === 'string' ? `"${ref.container.name}"` : `#${String(ref.path[ref.path.length - 1])}`);

export const resourcesRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-resources', severity: 'warning', scope: 'object', absence: true, description: 'A container sets no CPU/memory requests or no memory limit, so the scheduler cannot place it well and it can starve its neighbours.' },
  (object) =>
    each(object, (ref) => {
      const resources = ref.container.resources;
      const requests = isObject(resources) ? resources.requests : undefined;
      const limits = isObject(resources) ? resources.limits : undefined;
      const missing: string[] = [];
      if (!isObject(requests) || requests.cpu === undefined) missing.push('requests.cpu');
      if (!isObject(requests) || requests.memory === undefined) missing.push('requests.memory');
      if (!isObject(limits) || limits.memory === undefined) missing.push('limits.memory');
      if (missing.length === 0) return undefined;
      const path = isObject(resources) ? [...ref.path, 'resources'] : [...ref.path, 'name'];
      return finding(object, resourcesRule, path, t('Container {0} does not set {1}.', containerName(ref), missing.join(', ')), {
        part: 'key',
        data: { containerPath: ref.path, hasResources: isObject(resources) },
      });
    }),
  ['unset-cpu-requirements', 'unset-memory-requirements'],
);

function probeRule(probe: 'livenessProbe' | 'readinessProbe', id: string, linter: string, why: string): KubernetesRule {
  const rule: KubernetesRule = kubernetesRule(
    { id, severity: 'warning', scope: 'object', absence: true, description: `A long-running container has no ${probe}: ${why}` },
    (object) =>
      object.kind === 'Job' || object.kind === 'CronJob' || object.kind === 'Pod'
        ? []
        : each(
            object,
            (ref) =>
              ref.container[probe] === undefined
                ? finding(object, rule, [...ref.path, 'name'], t('Container {0} has no {1}.', containerName(ref), probe))
                : undefined,
            false,
          ),
    [linter],
  );
  return rule;
}
export const livenessRule = probeRule('livenessProbe', 'k8s-liveness-probe', 'no-liveness-probe', 'a hung process is never restarted.');
export const readinessRule = probeRule('readinessProbe', 'k8s-readiness-probe', 'no-readiness-probe', 'traffic reaches it before it is ready.');

export const privilegedRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-privileged', severity: 'warning', scope: 'object', description: 'A container runs privileged: it has every capability of the host.' },
  (object) =>
    each(object, (ref) =>
      get(ref.container, ['securityContext', 'privileged']) === true
        ? finding(object, privilegedRule, [...ref.path, 'securityContext', 'privileged'], t('Container {0} runs privileged.', containerName(ref)))
        : undefined,
    ),
  ['privileged-container'],
);

export const privilegeEscalationRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-privilege-escalation', severity: 'warning', scope: 'object', absence: true, description: 'A container does not set securityContext.allowPrivilegeEscalation: false, so a process can gain more privileges than its parent.' },
  (object) =>
    each(object, (ref) => {
      const value = get(ref.container, ['securityContext', 'allowPrivilegeEscalation']);
      if (value === false) return undefined;
      const path = value === undefined ? [...ref.path, 'name'] : [...ref.path, 'securityContext', 'allowPrivilegeEscalation'];
      return finding(object, privilegeEscalationRule, path, t('Container {0}: set securityContext.allowPrivilegeEscalation to false.', containerName(ref)));
    }),
  ['privilege-escalation-container'],
);

export const runAsNonRootRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-run-as-non-root', severity: 'warning', scope: 'object', absence: true, description: 'Neither the pod nor the container sets runAsNonRoot: true (or a non-zero runAsUser): the container may run as root; or it runs with runAsGroup: 0 (the root group).' },
  (object) => {
    const spec = podSpecPath(object.kind);
    if (!spec) return [];
    const pod = get(object.value, [...spec, 'securityContext']);
    const podNonRoot = get(pod, ['runAsNonRoot']) === true || (typeof get(pod, ['runAsUser']) === 'number' && get(pod, ['runAsUser']) !== 0);
    return each(object, (ref) => {
      const context = ref.container.securityContext;
      const nonRoot = get(context, ['runAsNonRoot']);
      const user = get(context, ['runAsUser']);
      // A non-root user in the root group (runAsGroup: 0) still reads and writes what group root may.
      const group = get(context, ['runAsGroup']) ?? get(pod, ['runAsGroup']);
      const groupPath = get(context, ['runAsGroup']) !== undefined ? [...ref.path, 'securityContext', 'runAsGroup'] : [...spec, 'securityContext', 'runAsGroup'];
      const rootGroup = group === 0 ? finding(object, runAsNonRootRule, groupPath, t('Container {0} runs with runAsGroup: 0, the root group: use a non-zero group.', containerName(ref))) : undefined;
      if (nonRoot === true || (typeof user === 'number' && user !== 0)) return rootGroup;
      if (podNonRoot && nonRoot !== false && user !== 0) return rootGroup;
      return [finding(object, runAsNonRootRule, [...ref.path, 'name'], t('Container {0} may run as root: set runAsNonRoot: true in its or the pod\'s securityContext.', containerName(ref))), ...(rootGroup ? [rootGroup] : [])];
    });
  },
  ['run-as-non-root'],
);

export const hostPathRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-host-path', severity: 'warning', scope: 'object', description: 'A volume mounts a path of the host node (hostPath): the pod can read or change the node.' },
  (object) => {
    const spec = podSpecPath(object.kind);
    const volumes = spec ? get(object.value, [...spec, 'volumes']) : undefined;
    if (!spec || !Array.isArray(volumes)) return [];
    return volumes.flatMap((volume, i) =>
      isObject(volume) && isObject(volume.hostPath)
        ? [finding(object, hostPathRule, [...spec, 'volumes', i, 'hostPath'], t('Volume "{0}" mounts the host path {1}.', String(volume.name), JSON.stringify(get(volume, ['hostPath', 'path']) ?? '')), { part: 'key' })]
        : [],
    );
  },
  ['sensitive-host-mounts'],
);

export const hostNamespaceRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-host-namespace', severity: 'warning', scope: 'object', description: "The pod shares the host's network, PID or IPC namespace (hostNetwork, hostPID, hostIPC)." },
  (object) => {
    const spec = podSpecPath(object.kind);
    if (!spec) return [];
    return (['hostNetwork', 'hostPID', 'hostIPC'] as const).flatMap((key) =>
      get(object.value, [...spec, key]) === true ? [finding(object, hostNamespaceRule, [...spec, key], t('The pod sets {0}: true and shares the host\'s namespace.', key), { part: 'key' })] : [],
    );
  },
  ['host-network', 'host-pid', 'host-ipc'],
);

/** `registry:port/name:tag@digest` → its tag and digest. */
export function imageTag(image: string): { tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return { tag: colon > slash ? name.slice(colon + 1) : undefined, digest };
}

export const imageTagRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-image-tag', severity: 'warning', scope: 'object', description: 'An image has no tag or the :latest tag, so what runs changes without a change in Git.' },
  (object) =>
    each(object, (ref) => {
      const image = ref.container.image;
      if (typeof image !== 'string') return undefined;
      const { tag, digest } = imageTag(image);
      if (digest) return undefined;
      if (tag && tag !== 'latest') return undefined;
      return finding(object, imageTagRule, [...ref.path, 'image'], tag ? t('Image "{0}" uses the :latest tag: pin a version or a digest.', image) : t('Image "{0}" has no tag (it means :latest): pin a version or a digest.', image));
    }),
  ['latest-tag'],
);

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const portNameRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-port-name', severity: 'warning', scope: 'object', description: 'A container port name is longer than 15 characters or not a lowercase DNS label (IANA_SVC_NAME), so the API server rejects it.' },
  (object) =>
    each(object, (ref) => {
      const ports = ref.container.ports;
      if (!Array.isArray(ports)) return undefined;
      return ports.flatMap((port, i) => {
        const name = isObject(port) ? port.name : undefined;
        if (typeof name !== 'string') return [];
        const problems: string[] = [];
        if (name.length > 15) problems.push(t('is {0} characters long (at most 15)', name.length));
        if (!dnsLabel.test(name) || !/[a-z]/.test(name)) problems.push(t('is not a lowercase DNS label with at least one letter'));
        return problems.length > 0 ? [finding(object, portNameRule, [...ref.path, 'ports', i, 'name'], t('Port name "{0}" {1}.', name, problems.join(t(' and '))))] : [];
      });
    }),
  ['invalid-target-ports'],
);

export const hygieneRules: KubernetesRule[] = [
  resourcesRule,
  livenessRule,
  readinessRule,
  privilegedRule,
  privilegeEscalationRule,
  runAsNonRootRule,
  hostPathRule,
  hostNamespaceRule,
  imageTagRule,
  portNameRule,
];
