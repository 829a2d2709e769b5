import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import { sameNamespace } from '../model/objects';
import { get, isObject, podSpecPath } from '../model/workloads';
import { describe, finding, kubernetesRule, type KubernetesRule } from './context';
import { autoscaledTargets, percent } from './references';
import { workloadsMatching } from './selectors';

/** Workspace checks kube-linter makes that Archipel lacked (issue #19): objects that name others. */

export const networkPolicyNoMatchRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-netpol-no-match', severity: 'warning', scope: 'workspace', kinds: ['NetworkPolicy'], description: "A NetworkPolicy's podSelector matches the pods of no workload in its namespace: it protects nothing." },
  (object, { graph }) => {
    const selector = get(object.value, ['spec', 'podSelector']);
    // An empty selector selects every pod of the namespace, on purpose.
    if (!isObject(selector) || Object.keys(selector).every((k) => { const v = selector[k]; return v === null || (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0); })) return [];
    if (workloadsMatching(selector, graph).some(({ object: w }) => sameNamespace(w.namespace, object.namespace))) return [];
    return [finding(object, networkPolicyNoMatchRule, ['spec', 'podSelector'], t('The podSelector matches no workload\'s pods{0}: this policy applies to nothing.', object.namespace ? t(' in namespace "{0}"', object.namespace) : ''), { part: 'key' })];
  },
  ['dangling-networkpolicy'],
);

export const serviceAccountRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-service-account', severity: 'warning', scope: 'workspace', description: 'A pod runs as a serviceAccountName that no ServiceAccount of the workspace defines in its namespace (checked only when the workspace defines ServiceAccounts).' },
  (object, { graph }) => {
    const spec = podSpecPath(object.kind);
    if (!spec) return [];
    const field = get(object.value, [...spec, 'serviceAccountName']) !== undefined ? 'serviceAccountName' : 'serviceAccount';
    const name = get(object.value, [...spec, field]);
    if (typeof name !== 'string' || name === 'default' || name.includes('{{')) return [];
    // By name through the graph's index, not a scan of every ServiceAccount: 100,000 workloads × 100,000 accounts.
    if (graph.ofKind('ServiceAccount').length === 0 || graph.find('ServiceAccount', name, object.namespace).length > 0) return [];
    return [finding(object, serviceAccountRule, [...spec, field], t('ServiceAccount "{0}" is not defined in this workspace{1}: the pods are not created until it exists.', name, object.namespace ? t(' in namespace "{0}"', object.namespace) : ''))];
  },
  ['non-existent-service-account'],
);

export const pdbReplicasRule: KubernetesRule = kubernetesRule(
  { id: 'k8s-pdb-replicas', severity: 'warning', scope: 'workspace', kinds: ['PodDisruptionBudget'], description: 'A PodDisruptionBudget allows no eviction: maxUnavailable 0, or minAvailable at least the replicas of its workload (without an autoscaler); node drains block.' },
  (object, { graph }) => {
    const scaled = autoscaledTargets(graph);
    const maxUnavailable = get(object.value, ['spec', 'maxUnavailable']);
    if (maxUnavailable === 0 || maxUnavailable === '0' || maxUnavailable === '0%') {
      // For an autoscaled workload, k8s-pdb-hpa says it.
      if (workloadsMatching(get(object.value, ['spec', 'selector']), graph).some(({ object: target }) => scaled.has(target))) return [];
      return [finding(object, pdbReplicasRule, ['spec', 'maxUnavailable'], t('maxUnavailable {0} lets no pod be evicted: node drains block. Allow at least 1.', String(maxUnavailable)))];
    }
    const minAvailable = get(object.value, ['spec', 'minAvailable']);
    if (minAvailable === undefined) return [];
    const findings: Finding[] = [];
    // An autoscaled workload is k8s-pdb-hpa's (its autoscaler's minReplicas, not spec.replicas).
    for (const { object: target } of workloadsMatching(get(object.value, ['spec', 'selector']), graph)) {
      if (!sameNamespace(target.namespace, object.namespace) || scaled.has(target) || target.kind === 'DaemonSet' || target.kind === 'Job') continue;
      const replicas = get(target.value, ['spec', 'replicas']) ?? 1;
      if (typeof replicas !== 'number') continue;
      const needed = percent(minAvailable, replicas);
      if (needed !== undefined && needed >= replicas) {
        findings.push(finding(object, pdbReplicasRule, ['spec', 'minAvailable'], t('minAvailable {0} is at least the {1} replica(s) of {2}: no pod can be evicted. Lower it, or run more replicas.', String(minAvailable), replicas, describe(target))));
      }
    }
    return findings;
  },
  ['pdb-min-available', 'pdb-max-unavailable'],
);

export const linkRules: KubernetesRule[] = [networkPolicyNoMatchRule, serviceAccountRule, pdbReplicasRule];
