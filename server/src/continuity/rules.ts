/**
 * The continuity family's rules (issue #97): single points of failure and missing backups derived from the models the
 * other families read (Kubernetes objects, the system map's Compose services, Terraform's planned resources), and
 * recovery objectives the files cannot meet. Each names the disruption it leaves the system open to (AWS Resilience
 * Hub's grid: application, infrastructure, zone, region): report.ts draws the grid from it.
 */
import { defineRule, type RuleInfo } from '../rules/registry';

export type Disruption = 'application' | 'infrastructure' | 'zone' | 'region' | 'data';

export interface ContinuityRule extends RuleInfo {
  disruption: Disruption;
}

const rule = (id: string, disruption: Disruption, description: string, defaultSeverity: RuleInfo['defaultSeverity'] = 'warning'): ContinuityRule => ({ ...defineRule({ id: `continuity-${id}`, needsIndex: true, defaultSeverity, description }), disruption });

export const continuityRules = {
  singleReplica: rule('single-replica', 'application', 'A component runs one copy: a Deployment or StatefulSet of one replica (or unset), an autoscaler whose minReplicas is 1, a Compose service without deploy.replicas. One crash or one rollout stops it.'),
  noDisruptionBudget: rule('no-disruption-budget', 'infrastructure', 'A Deployment or StatefulSet of several replicas that no PodDisruptionBudget selects in its namespace (kube-score: "has PodDisruptionBudget"): a node drain may evict every pod at once. Quick fix: a PodDisruptionBudget of maxUnavailable 1.'),
  blockingDisruptionBudget: rule('blocking-disruption-budget', 'infrastructure', 'A PodDisruptionBudget that allows no eviction (maxUnavailable 0, or minAvailable at or above the replicas): node drains and cluster upgrades stall on it.'),
  noSpread: rule('no-spread', 'infrastructure', 'Replicas with no host or zone podAntiAffinity selecting them and no topologySpreadConstraints (kube-score: "has host PodAntiAffinity"): they may all land on one node. Quick fix: a topology spread across zones.'),
  singleZone: rule('single-zone', 'zone', 'Infrastructure in one zone: a GKE cluster whose location is a zone, an EKS node group in one subnet, a Cloud SQL instance ZONAL, an RDS instance without multi_az. Quick fix (RDS): multi_az = true.'),
  ephemeralStore: rule('ephemeral-store', 'data', 'A data store whose data lives on an emptyDir, a hostPath, or in the container itself: a restart or a reschedule loses it.'),
  unreplicatedBroker: rule('unreplicated-broker', 'data', 'A broker configured with a replication factor of 1: losing its one broker loses the messages.'),
  singleHost: rule('single-host', 'infrastructure', 'A Compose stack, or a lone virtual machine (aws_instance, google_compute_instance without count): everything on it stops with its host.', 'information'),
  noBackup: rule('no-backup', 'data', 'A data store with no backup found: no automated backups (backup_retention_period 0, backup_configuration disabled), no CronJob dumping it (pg_dump, mongodump, redis-cli --rdb, restic…), no Velero Schedule of its namespace, no versioning of its bucket.'),
  backupSameHost: rule('backup-same-host', 'infrastructure', 'A backup kept on the same host as what it backs up: a DVC remote that is a local path (not s3://, gs://, azure://, ssh://, http(s)://…). The loss of the host takes the backup with it.'),
  objectiveUnmet: rule('objective-unmet', 'data', "A recovery point objective archipel.yaml's continuity section asks of a component (or of a component that depends on it) that its backups cannot meet: the achievable RPO is the shortest interval of its backups."),
  section: rule('section', 'data', "archipel.yaml's continuity section says something the family cannot read: an entry that is not a map, a duration that is not one (5m, 1h, 24h, 7d).", 'error'),
};

export const allContinuityRules: readonly ContinuityRule[] = Object.values(continuityRules);

/** The disruption a rule's gap leaves the system open to. */
export const disruptionOf = (id: string): Disruption | undefined => allContinuityRules.find((r) => r.id === id)?.disruption;
