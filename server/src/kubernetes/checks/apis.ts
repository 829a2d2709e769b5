import { groupOf } from '../model/manifest';
import { finding, kubernetesRule, type KubernetesRule } from './context';
import { t } from '../../l10n/t';

/**
 * API versions removed from Kubernetes, from the upstream deprecation guide: apiVersion (and the
 * kinds concerned) → the release that removed it and what to use instead.
 */
interface Removal {
  apiVersion: string;
  kinds: readonly string[] | '*';
  removedIn: string;
  /** The apiVersion to migrate to; undefined when the API has no successor. */
  replacement?: string;
}

const removals: readonly Removal[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta1', kinds: '*', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: '*', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', replacement: 'policy/v1beta1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: '*', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1' },
  { apiVersion: 'batch/v2alpha1', kinds: ['CronJob'], removedIn: '1.21', replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25', replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26', replacement: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: '*', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: '*', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: '*', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
];

export function removalOf(apiVersion: string, kind: string): Removal | undefined {
  return removals.find((r) => r.apiVersion === apiVersion && (r.kinds === '*' || r.kinds.includes(kind)));
}

function minor(version: string): number {
  return Number(version.split('.')[1] ?? 0);
}

export const removedApiRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-removed-api', severity: 'error', scope: 'object', description: 'An apiVersion removed in the configured Kubernetes release (archipel.kubernetes.version) is an error; one removed in a later release is a warning. A quick fix moves to the current apiVersion.' },
  (object, { settings }) => {
    if (groupOf(object.apiVersion) === 'kustomize.config.k8s.io') return [];
    const removal = removalOf(object.apiVersion, object.kind);
    if (!removal) return [];
    const removed = minor(settings.kubernetes.version) >= minor(removal.removedIn);
    const message = removed
      ? removal.replacement
        ? t('{0} {1} was removed in Kubernetes {2} (configured: {3}): use {4}.', object.apiVersion, object.kind, removal.removedIn, settings.kubernetes.version, removal.replacement)
        : t('{0} {1} was removed in Kubernetes {2} (configured: {3}): it has no replacement.', object.apiVersion, object.kind, removal.removedIn, settings.kubernetes.version)
      : removal.replacement
        ? t('{0} {1} is deprecated and removed in Kubernetes {2}: use {3}.', object.apiVersion, object.kind, removal.removedIn, removal.replacement)
        : t('{0} {1} is deprecated and removed in Kubernetes {2}: it has no replacement.', object.apiVersion, object.kind, removal.removedIn);
    return [finding(object, removedApiRule, ['apiVersion'], message, { severity: removed ? undefined : 'warning', data: removal.replacement ? { replacement: removal.replacement } : undefined })];
  },
);
