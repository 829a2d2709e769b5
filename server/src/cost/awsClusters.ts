/**
 * The cost of AWS's node-priced clusters at the prices of schemas/cost/aws-prices.json: Amazon MSK (provisioned), Amazon
 * Redshift (provisioned), ElastiCache (clusters and replication groups) and Amazon MQ brokers, as Infracost's breakdown
 * names their components. Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type Linked, type RegionPrices, type Related, type ResourceUsage } from './model';
import { termAndPayment } from './awsReserved';

/**
 * The capacity an Application Auto Scaling target gives `r` along `dimension`: the target's usage `capacity`, else its
 * `min_capacity` (the least it scales to); undefined when no target names `r` (by a reference in `resource_id`, or the
 * literal id `resourceId` gives).
 */
function scaledCapacity(r: TerraformResource, related: Related, dimension: string, resourceId?: string): number | undefined {
  for (const { resource: t, usage } of related('aws_appautoscaling_target')) {
    if (t.attributes.scalable_dimension !== dimension) continue;
    if (t.links?.resource_id !== r.address && (resourceId === undefined || t.attributes.resource_id !== resourceId)) continue;
    const capacity = num(usage.capacity) ?? num(t.attributes.min_capacity);
    if (capacity === undefined) throw new Unpriceable(`its auto scaling target ${t.address}'s min_capacity is not literal`);
    return capacity;
  }
  return undefined;
}

/** An attribute written but not known (a reference, a function of unknowns) stops the pricing with why. */
function literal(r: { attributes: Record<string, string>; written: string[] }, keys: string[], prefix = ''): void {
  for (const key of keys) if (r.written.includes(key) && r.attributes[key] === undefined) throw new Unpriceable(`${prefix}${key} is not literal`);
}

/**
 * An MSK cluster: its `number_of_broker_nodes` brokers' hours of their `broker_node_group_info.instance_type`, and
 * their EBS storage (`storage_info.ebs_storage_info.volume_size` per broker, else the older `ebs_volume_size`; 1,000 GB
 * when none is written, the API's default); with storage auto scaling (an Application Auto Scaling target on the
 * cluster) each broker's volume is the target's capacity (usage) or its `min_capacity`.
 */
function mskCluster(r: TerraformResource, prices: RegionPrices, _usage: ResourceUsage, _linked: Linked, related: Related): CostItem[] {
  literal(r, ['number_of_broker_nodes']);
  const group = r.blocks.broker_node_group_info?.[0];
  if (!group) throw new Unpriceable('broker_node_group_info is not literal');
  literal(group, ['instance_type', 'ebs_volume_size'], 'broker_node_group_info.');
  const ebs = group.blocks.storage_info?.[0]?.blocks.ebs_storage_info?.[0];
  if (ebs) literal(ebs, ['volume_size'], 'broker_node_group_info.storage_info.ebs_storage_info.');
  const type = group.attributes.instance_type;
  if (!type) throw new Unpriceable('broker_node_group_info.instance_type is not literal');
  const p = prices.msk;
  if (!p) throw new Unpriceable(`no MSK prices for ${r.region ?? 'its region'}`);
  const hourly = p.brokerHourly[type];
  if (hourly === undefined) throw new Unpriceable(`no price for MSK broker type ${type}`);
  const brokers = num(r.attributes.number_of_broker_nodes) ?? 1;
  // Storage auto scaling: each broker's volume at its target's capacity (a usage), else at its minimum.
  const scaled = scaledCapacity(r, related, 'kafka:broker-storage:VolumeSize');
  const perBroker = scaled ?? num(ebs?.attributes.volume_size) ?? num(group.attributes.ebs_volume_size) ?? 1000;
  return [item(`Instance (${type})`, 'hours', hourly, brokers * HOURS_PER_MONTH, p.source), item(scaled === undefined ? 'Storage' : 'Storage (autoscaling)', 'GB', p.storageGbMonth, brokers * perBroker, p.source)];
}

/** The usages of a Redshift cluster whose prices the price list does not give: a usage that bills one leaves the cluster unpriced. */
const REDSHIFT_UNPRICED: Record<string, string> = { managed_storage_gb: 'RA3 managed storage', spectrum_data_scanned_tb: 'Redshift Spectrum', backup_storage_gb: 'backup storage' };

/**
 * A Redshift cluster: its nodes' on-demand hours (`number_of_nodes`, one on a single-node cluster) of its `node_type`,
 * and concurrency scaling beyond the free credits (a usage, `excess_concurrency_scaling_secs`: the scaling clusters'
 * node-seconds, whatever the main cluster's size).
 */
function redshiftCluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  literal(r, ['node_type', 'number_of_nodes', 'cluster_type']);
  const type = r.attributes.node_type;
  if (!type) throw new Unpriceable('node_type is not literal');
  const p = prices.redshift;
  if (!p) throw new Unpriceable(`no Redshift prices for ${r.region ?? 'its region'}`);
  const hourly = p.nodeHourly[type];
  if (hourly === undefined) throw new Unpriceable(`no on-demand price for Redshift node type ${type}`);
  for (const [key, what] of Object.entries(REDSHIFT_UNPRICED)) if ((num(usage[key]) ?? 0) > 0) throw new Unpriceable(`${what} (${key}): its price is not in the price list`);
  const nodes = r.attributes.cluster_type === 'single-node' ? 1 : (num(r.attributes.number_of_nodes) ?? 1);
  const items = [item(`Cluster usage (on-demand, ${type})`, 'hours', hourly, nodes * HOURS_PER_MONTH, p.source)];
  const scaling = p.concurrencyScalingNodeSecond[type];
  const seconds = num(usage.excess_concurrency_scaling_secs);
  if (scaling !== undefined) items.push(item(`Concurrency scaling (${type})`, 'node-seconds', scaling, seconds, p.source, seconds === undefined ? { usageKey: 'excess_concurrency_scaling_secs' } : {}));
  else if ((seconds ?? 0) > 0) throw new Unpriceable(`no concurrency scaling price for Redshift node type ${type}`);
  return items;
}

/**
 * ElastiCache nodes: their on-demand hours by engine and node type, or a reservation's hourly fee (the usage's
 * `reserved_instance_term` and `reserved_instance_payment_option`, its upfront fee not counted, as Infracost bills it);
 * a Redis cluster keeping more than one snapshot (`snapshot_retention_limit`, given as `retention`) bills the others'
 * backup storage (`snapshot_storage_size_gb` each). A replication group's backups are a usage whose price the list lacks.
 */
function cacheNodes(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, nodes: number, engine: string, label = '', retention?: number): CostItem[] {
  const type = r.attributes.node_type;
  if (!type) throw new Unpriceable('node_type is not literal');
  const p = prices.elasticache;
  if (!p) throw new Unpriceable(`no ElastiCache prices for ${r.region ?? 'its region'}`);
  const hourly = p.nodeHourly[engine]?.[type];
  if (hourly === undefined) throw new Unpriceable(`no price for ElastiCache ${engine} node type ${type}`);
  const extras = prices.elasticacheExtras;
  let node = item(`ElastiCache (on-demand, ${type}${label})`, 'hours', hourly, nodes * HOURS_PER_MONTH, p.source);
  if (usage.reserved_instance_term !== undefined) {
    const key = termAndPayment(usage);
    const fee = extras?.reservedHourly[type]?.[key];
    if (fee === undefined || !extras) throw new Unpriceable(`reserved nodes: no reserved price for ${type} (${key.replace(/ /g, ', ')}) in the price list`);
    node = item(`ElastiCache (reserved, ${type}${label})`, 'hours', fee, nodes * HOURS_PER_MONTH, extras.source);
  }
  const snapshot = num(usage.snapshot_storage_size_gb);
  if (retention === undefined) {
    if ((snapshot ?? 0) > 0) throw new Unpriceable('backup storage (snapshot_storage_size_gb): its price is not in the price list');
    return [node];
  }
  if (engine !== 'redis' || retention <= 1) return [node];
  if (!extras) throw new Unpriceable(`no price for ElastiCache backup storage in ${r.region ?? 'its region'}`);
  return [node, item('Backup storage', 'GB', extras.backupGbMonth, snapshot === undefined ? undefined : snapshot * (retention - 1), extras.source, snapshot === undefined ? { usageKey: 'snapshot_storage_size_gb' } : {})];
}

/**
 * An ElastiCache cluster: `num_cache_nodes` nodes (Memcached; a Redis or Valkey cluster has one) of its `node_type` and
 * `engine`. A cluster in a replication group is billed with the group.
 */
function elasticacheCluster(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  if (r.written.includes('replication_group_id')) return [];
  literal(r, ['engine', 'node_type', 'num_cache_nodes', 'snapshot_retention_limit']);
  const engine = (r.attributes.engine ?? '').toLowerCase();
  if (!engine) throw new Unpriceable('engine is not literal');
  return cacheNodes(r, prices, usage, engine === 'memcached' ? (num(r.attributes.num_cache_nodes) ?? 1) : 1, engine, '', num(r.attributes.snapshot_retention_limit) ?? 0);
}

/**
 * An ElastiCache replication group (Redis unless said): its nodes — `num_cache_clusters` (formerly
 * `number_cache_clusters`), or in cluster mode `num_node_groups` shards of `replicas_per_node_group` replicas and their
 * primary — of its `node_type`; with auto scaling (Application Auto Scaling targets on its shards or replicas) each is the
 * target's capacity (usage) or its `min_capacity`.
 */
function elasticacheReplicationGroup(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, _linked: Linked, related: Related): CostItem[] {
  literal(r, ['engine', 'node_type', 'num_cache_clusters', 'number_cache_clusters', 'num_node_groups', 'replicas_per_node_group']);
  const a = r.attributes;
  // Auto scaling (cluster mode): a target on the shards, another on the replicas, named by reference or by the literal id.
  const id = a.replication_group_id === undefined ? undefined : `replication-group/${a.replication_group_id}`;
  const scaledShards = scaledCapacity(r, related, 'elasticache:replication-group:NodeGroups', id);
  const scaledReplicas = scaledCapacity(r, related, 'elasticache:replication-group:Replicas', id);
  const shards = scaledShards ?? num(a.num_node_groups);
  const replicas = scaledReplicas ?? num(a.replicas_per_node_group) ?? 0;
  const nodes = shards !== undefined ? shards * (replicas + 1) : (num(a.num_cache_clusters) ?? num(a.number_cache_clusters) ?? 1);
  const scaled = scaledShards !== undefined || scaledReplicas !== undefined;
  return cacheNodes(r, prices, usage, nodes, (a.engine ?? 'redis').toLowerCase(), scaled ? ', autoscaling' : '');
}

/**
 * An Amazon MQ broker: its hours by engine, instance type and deployment mode (a single instance, an ActiveMQ
 * active/standby pair, a RabbitMQ cluster of three, each priced as one), and its storage (a usage, `storage_size_gb`, per
 * broker: three in a RabbitMQ cluster) on EFS (ActiveMQ's default) or EBS (RabbitMQ's).
 */
function mqBroker(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  literal(r, ['engine_type', 'host_instance_type', 'deployment_mode', 'storage_type']);
  const a = r.attributes;
  const engineType = a.engine_type;
  const type = a.host_instance_type;
  if (!engineType || !type) throw new Unpriceable(`${engineType ? 'host_instance_type' : 'engine_type'} is not literal`);
  const engine = engineType.toLowerCase();
  if (engine !== 'activemq' && engine !== 'rabbitmq') throw new Unpriceable(`engine ${engineType} is not in the price list`);
  const mode = (a.deployment_mode ?? 'single_instance').toLowerCase();
  const p = prices.mq;
  if (!p) throw new Unpriceable(`no Amazon MQ prices for ${r.region ?? 'its region'}`);
  const kind = mode === 'single_instance' ? 'single' : engine === 'rabbitmq' && mode === 'cluster_multi_az' ? 'cluster' : engine === 'activemq' && mode === 'active_standby_multi_az' ? 'activeStandby' : undefined;
  const hourly = kind === undefined ? undefined : (p.brokerHourly[engine] as Record<string, Record<string, number> | undefined>)[kind]?.[type];
  if (hourly === undefined) throw new Unpriceable(`no price for an ${engineType} ${type} broker (${mode})`);
  const storage = (a.storage_type ?? (engine === 'rabbitmq' ? 'ebs' : 'efs')).toLowerCase();
  const gbMonth = storage === 'efs' && engine === 'activemq' ? p.efsGbMonth : p.ebsGbMonth;
  if (gbMonth === undefined) throw new Unpriceable(`no price for ${storage.toUpperCase()} broker storage in ${r.region ?? 'its region'}`);
  const gb = num(usage.storage_size_gb);
  const brokers = kind === 'cluster' ? 3 : 1;
  return [
    item(`Instance usage (${engineType}, ${type}, ${mode})`, 'hours', hourly, HOURS_PER_MONTH, p.source),
    item(`Storage (${engineType}, ${storage.toUpperCase()})`, 'GB', gbMonth, gb === undefined ? undefined : gb * brokers, p.source, gb === undefined ? { usageKey: 'storage_size_gb' } : {}),
  ];
}

export const AWS_CLUSTER_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked, related: Related) => CostItem[]> = {
  aws_msk_cluster: mskCluster,
  aws_redshift_cluster: redshiftCluster,
  aws_elasticache_cluster: elasticacheCluster,
  aws_elasticache_replication_group: elasticacheReplicationGroup,
  aws_mq_broker: mqBroker,
};
