/**
 * The cost of ECS services whose tasks run on Fargate, at the prices of schemas/cost/aws-prices.json (`fargate`): the
 * tasks' vCPUs and memory (their task definition's) by the hour, as Infracost's breakdown names them. A service on the
 * EC2 launch type costs nothing of its own (its cluster's instances bill). Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, round, type CostItem, type Linked, type RegionPrices, type ResourceUsage } from './model';

/** Fargate's ephemeral storage included with every task, in GB. */
const FREE_STORAGE_GB = 20;

/** A task definition's `cpu`: `1 vCPU`, `0.25 vcpu` or CPU units (`1024` is one vCPU). */
function vcpusOf(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^(\d{1,6}(?:\.\d{1,6})?)(?: ?(vcpu))?$/i.exec(text.trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Number(m[1]) / 1024;
}

/** A task definition's `memory`: `2 GB`, `0.5gb` or MiB (`2048`). */
function memoryGbOf(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^(\d{1,7}(?:\.\d{1,6})?)(?: ?(gb))?$/i.exec(text.trim());
  if (!m) return undefined;
  return m[2] ? Number(m[1]) : Number(m[1]) / 1024;
}

/** The capacity providers a list of strategy blocks names. */
const providersOf = (blocks: readonly { attributes: Record<string, string> }[] | undefined): string[] => (blocks ?? []).flatMap((b) => (b.attributes.capacity_provider === undefined ? [] : [b.attributes.capacity_provider]));

/**
 * Whether the service's tasks run on Fargate: its `launch_type`, else its `capacity_provider_strategy`, else its
 * cluster's capacity providers (the cluster's own, or an `aws_ecs_cluster_capacity_providers` naming it), as Infracost
 * reads them; no cluster and no launch type is the default cluster's EC2 launch type. `FARGATE_SPOT` is Fargate Spot.
 */
function launchOf(r: TerraformResource, linked: Linked): 'FARGATE' | 'FARGATE_SPOT' | 'EC2' {
  if (r.written.includes('launch_type') && r.attributes.launch_type === undefined) throw new Unpriceable('launch_type is not literal');
  const launch = r.attributes.launch_type;
  if (launch !== undefined) return launch === 'FARGATE' ? 'FARGATE' : 'EC2';
  const strategy = r.blocks.capacity_provider_strategy;
  const cluster = linked('cluster');
  if (!strategy?.length && r.written.includes('cluster') && !cluster) throw new Unpriceable('its cluster is not in the plan: its capacity providers are unknown');
  const clusterProviders = cluster
    ? [cluster, ...(linked.referrers(cluster, 'aws_ecs_cluster_capacity_providers', 'cluster_name'))].flatMap((c) => {
      const listed = c.values?.capacity_providers;
      return [...(Array.isArray(listed) ? listed.filter((p): p is string => typeof p === 'string') : []), ...providersOf(c.blocks.default_capacity_provider_strategy)];
    })
    : [];
  const providers = strategy?.length ? providersOf(strategy) : clusterProviders;
  if (providers.includes('FARGATE')) return 'FARGATE';
  return providers.includes('FARGATE_SPOT') ? 'FARGATE_SPOT' : 'EC2';
}

/**
 * An ECS service on Fargate: `desired_count` tasks (0 unless said, the provider's default) of its task definition (the
 * one `task_definition` names, else the one of a task set on the service), each its `cpu` and `memory` × 730 hours on
 * its CPU architecture (`runtime_platform`), and its ephemeral storage beyond the free 20 GB.
 */
function ecsService(r: TerraformResource, prices: RegionPrices, _usage: ResourceUsage, linked: Linked): CostItem[] {
  const launch = launchOf(r, linked);
  if (launch === 'EC2') return [];
  if (launch === 'FARGATE_SPOT') throw new Unpriceable('Fargate Spot: its prices are not in the price list');
  if (r.written.includes('desired_count') && r.attributes.desired_count === undefined) throw new Unpriceable('desired_count is not literal');
  const sets = linked.referrers(r, 'aws_ecs_task_set', 'service');
  const task = linked('task_definition') ?? (sets[0] ? linked.from(sets[0], 'task_definition') : undefined);
  if (!task) throw new Unpriceable('its task definition is not in the plan');
  const vcpus = vcpusOf(task.attributes.cpu);
  const memoryGb = memoryGbOf(task.attributes.memory);
  if (vcpus === undefined || memoryGb === undefined) throw new Unpriceable(`its task definition's ${vcpus === undefined ? 'cpu' : 'memory'} is not literal (task-level cpu and memory are read)`);
  const platform = task.blocks.runtime_platform?.[0]?.attributes;
  if (platform?.operating_system_family !== undefined && platform.operating_system_family !== 'LINUX') throw new Unpriceable(`${platform.operating_system_family}: Fargate's Windows prices are not in the price list`);
  const fargate = prices.fargate;
  if (!fargate) throw new Unpriceable(`no Fargate prices for ${r.region ?? 'its region'}`);
  const price = fargate[platform?.cpu_architecture === 'ARM64' ? 'arm64' : 'x86_64'];
  const tasks = num(r.attributes.desired_count) ?? 0;
  const items = [
    item('Per GB per hour', 'GB', round(price.gbHourly * HOURS_PER_MONTH), tasks * memoryGb, fargate.source),
    item('Per vCPU per hour', 'CPU', round(price.vcpuHourly * HOURS_PER_MONTH), tasks * vcpus, fargate.source),
  ];
  const storage = num(task.blocks.ephemeral_storage?.[0]?.attributes.size_in_gib);
  if (storage !== undefined && storage > FREE_STORAGE_GB) items.push(item('Ephemeral storage', 'GB', round(fargate.storageGbHourly * HOURS_PER_MONTH), tasks * (storage - FREE_STORAGE_GB), fargate.source));
  return items;
}

/** A task set bills through its service's tasks: neither priced nor listed. */
export const AWS_FARGATE_FREE = ['aws_ecs_task_set'];

export const AWS_FARGATE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, linked: Linked) => CostItem[]> = {
  aws_ecs_service: ecsService,
};
