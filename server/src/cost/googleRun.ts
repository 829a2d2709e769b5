/**
 * The cost of Cloud Run services (v1 and v2) and jobs, as Infracost prices them. A job bills its tasks' time (usage) at the
 * instance-based prices. With CPU throttling (the default: CPU only
 * during requests), the usage's requests × their average duration ÷ the requests an instance serves at once give the
 * vCPU-seconds (× the CPU limit) and GiB-seconds (× the memory limit, 512 MiB unless said), plus the requests. Without
 * throttling (`run.googleapis.com/cpu-throttling: false`; v2: `cpu_idle = false`), its minimum instances (0.5 unless
 * said, Infracost's default) run all month (or the usage's `instance_hrs`), at the instance-based prices. Pure.
 */
import type { ResourceBody, TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

const MEMORY_UNITS: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A Kubernetes-style memory quantity (`512Mi`, `1Gi`, `2G`) in GiB. */
function gibOf(quantity: string): number | undefined {
  const m = /^(\d{1,9}(?:\.\d{1,6})?)((?:[kMGT]i?)?)$/.exec(quantity);
  return m && m[2] !== 'ki' ? (Number(m[1]) * MEMORY_UNITS[m[2]]) / 2 ** 30 : undefined;
}

/** The CPU and memory limits of a container's `resources` block (`limits = { cpu = "2", memory = "1Gi" }`): 1 vCPU and 512 MiB unless said. */
function limitsOf(resources: ResourceBody | undefined): { cpu: number; gib: number } {
  if (resources?.written.includes('limits') && !resources.values?.limits) throw new Unpriceable('resources.limits is not literal');
  const limits = (resources?.values?.limits ?? {}) as Record<string, unknown>;
  const cpu = limits.cpu === undefined ? 1 : Math.trunc(Number(limits.cpu));
  if (!Number.isFinite(cpu) || cpu <= 0) throw new Unpriceable(`CPU limit ${String(limits.cpu)} is not read`);
  const gib = limits.memory === undefined ? 0.5 : gibOf(String(limits.memory));
  if (gib === undefined) throw new Unpriceable(`memory limit ${String(limits.memory)} is not read`);
  return { cpu, gib };
}

interface RunShape { cpu: number; gib: number; throttled: boolean; minInstances: number }

function runItems(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage, shape: RunShape): CostItem[] {
  const run = prices.cloudRun;
  if (!run) throw new Unpriceable(`no Cloud Run prices for ${r.region ?? 'its region'}`);
  const [cpuName, memoryName] = run.tier === 2 ? ['CPU allocation time (tier 2)', 'Memory allocation time (tier 2)'] : ['CPU allocation Time', 'Memory allocation time'];
  if (shape.throttled) {
    const requests = num(usage.monthly_requests);
    const ms = num(usage.average_request_duration_ms);
    const concurrent = num(usage.concurrent_requests_per_instance);
    const seconds = requests !== undefined && ms !== undefined && concurrent ? (requests * ms) / 1000 / concurrent : undefined;
    const missing = seconds === undefined ? { usageKey: 'monthly_requests' } : {};
    return [
      item(cpuName, 'vCPU-seconds', run.requestBased.vcpuSecond, seconds === undefined ? undefined : seconds * shape.cpu, run.source, missing),
      item(memoryName, 'GiB-seconds', run.requestBased.gibSecond, seconds === undefined ? undefined : seconds * shape.gib, run.source, missing),
      item('Number of requests', 'requests', run.request, requests, run.source, requests === undefined ? { usageKey: 'monthly_requests' } : {}),
    ];
  }
  const hours = num(usage.instance_hrs) || HOURS_PER_MONTH;
  const seconds = hours * 3600 * shape.minInstances;
  return [
    item(cpuName, 'vCPU-seconds', run.instanceBased.vcpuSecond, seconds * shape.cpu, run.source),
    item(memoryName, 'GiB-seconds', run.instanceBased.gibSecond, seconds * shape.gib, run.source),
  ];
}

/** v1: `metadata.annotations` say throttling and the minimum scale; `template.spec.containers.resources.limits` the limits. */
function cloudRunService(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const annotations = (r.blocks.metadata?.[0]?.values?.annotations ?? {}) as Record<string, unknown>;
  const throttling = annotations['run.googleapis.com/cpu-throttling'];
  const minScale = annotations['autoscaling.knative.dev/minScale'];
  const resources = r.blocks.template?.[0]?.blocks.spec?.[0]?.blocks.containers?.[0]?.blocks.resources?.[0];
  const minInstances = minScale === undefined ? 0.5 : Number(minScale);
  if (!Number.isFinite(minInstances)) throw new Unpriceable('autoscaling.knative.dev/minScale is not a number');
  return runItems(r, prices, usage, { ...limitsOf(resources), throttled: String(throttling) !== 'false', minInstances });
}

/** v2: `template.containers.resources` (`limits`, `cpu_idle`), `template.scaling.min_instance_count`. */
function cloudRunV2Service(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const template = r.blocks.template?.[0];
  const resources = template?.blocks.containers?.[0]?.blocks.resources?.[0];
  const scaling = template?.blocks.scaling?.[0];
  for (const [body, key] of [[resources, 'cpu_idle'], [scaling, 'min_instance_count']] as const) if (body?.written.includes(key) && body.attributes[key] === undefined) throw new Unpriceable(`${key} is not literal`);
  return runItems(r, prices, usage, { ...limitsOf(resources), throttled: resources?.attributes.cpu_idle !== 'false', minInstances: num(scaling?.attributes.min_instance_count) ?? 0.5 });
}

/** A Cloud Run job: its executions × tasks × average task minutes (usage), × its CPU and memory limits, at the instance-based prices. */
function cloudRunV2Job(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const run = prices.cloudRun;
  if (!run) throw new Unpriceable(`no Cloud Run prices for ${r.region ?? 'its region'}`);
  const template = r.blocks.template?.[0];
  if (template?.written.includes('task_count') && template.attributes.task_count === undefined) throw new Unpriceable('task_count is not literal');
  const tasks = num(template?.attributes.task_count) ?? 1;
  const { cpu, gib } = limitsOf(template?.blocks.template?.[0]?.blocks.containers?.[0]?.blocks.resources?.[0]);
  const executions = num(usage.monthly_job_executions);
  const minutes = num(usage.average_task_execution_mins);
  const seconds = executions !== undefined && minutes !== undefined ? executions * tasks * minutes * 60 : undefined;
  const missing = seconds === undefined ? { usageKey: 'monthly_job_executions' } : {};
  const [cpuName, memoryName] = run.tier === 2 ? ['CPU allocation time (tier 2)', 'Memory allocation time (tier 2)'] : ['CPU allocation time', 'Memory allocation time'];
  return [
    item(cpuName, 'vCPU-seconds', run.instanceBased.vcpuSecond, seconds === undefined ? undefined : seconds * cpu, run.source, missing),
    item(memoryName, 'GiB-seconds', run.instanceBased.gibSecond, seconds === undefined ? undefined : seconds * gib, run.source, missing),
  ];
}

export const GOOGLE_RUN_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  google_cloud_run_service: cloudRunService,
  google_cloud_run_v2_service: cloudRunV2Service,
  google_cloud_run_v2_job: cloudRunV2Job,
};
