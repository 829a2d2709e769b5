/**
 * The whole system's cost and carbon, one component per priced thing (a Terraform resource, a
 * Kubernetes workload, a Compose host), each with its source line, its items and its emissions;
 * what cannot be priced listed with its reason. The pure API the CLI and the editor call.
 */
import type { KubernetesObject } from '../kubernetes/api';
import type { TerraformResource } from '../terraform/api';
import { awsFootprint, azureDatabaseFootprint, googleFootprint, rdsFootprint, type CarbonData, type Footprint } from './carbon';
import { HOURS_PER_MONTH, item, round, type CostItem, type PricedResource, type PriceList, type Usage } from './model';
import { priceResources } from './pricing';
import { priceWorkloads, type NodeType } from './workloads';

export interface ComponentCost {
  /** The system map's id for a Kubernetes workload (`k8s:Deployment/ns/name`), the resource's address for Terraform, `compose:<file>` for a Compose host. */
  id: string;
  name: string;
  uri: string;
  /** 1-based. */
  line: number;
  region?: string;
  items: CostItem[];
  monthlyCost: number;
  /** Undefined when the region has no grid factor. */
  footprint?: Footprint;
  /** At an HPA's maximum replicas. */
  maxMonthlyCost?: number;
  /** A share of another component's bill (a workload on a priced node pool): not added to the total. */
  includedIn?: string;
}

export interface SystemCost {
  currency: string;
  priceDate: string;
  totalMonthlyCost: number;
  /** The sum of the footprints known; `co2eUnknown` says how many counted components' footprints are not. */
  totalMonthlyCo2eKg: number;
  /** The counted components (with a cost) whose footprint is unknown: while any is, the total is a lower bound, and with none known it is unknown (`null` in JSON), never 0. */
  co2eUnknown: number;
  /** The date of each price source the components' items use (its own, else its list's): what a breakdown says its prices are of. */
  priceDates: Record<string, string>;
  components: ComponentCost[];
  unpriced: { address: string; uri: string; reason: string }[];
}

/** A host the settings name (a Compose project's, or the node type of Kubernetes workloads). */
export interface MachineSetting {
  machineType: string;
  region: string;
}

export interface SystemInput {
  resources: readonly TerraformResource[];
  /** A Terraform resource's line from its offset. */
  lineOf: (uri: string, offset: number) => number;
  objects: readonly KubernetesObject[];
  /** The objects of the charts' renders (as deployed), each with its template's line. */
  rendered?: readonly { object: KubernetesObject; line: number }[];
  workloadId: (o: KubernetesObject) => string;
  /** Compose files: their uri, their id (`compose:<file relative to the repository>`), their services' count; the host they run on is the settings'. */
  compose: readonly { uri: string; id: string; services: number }[];
  composeHost?: MachineSetting;
  nodeType?: MachineSetting;
  prices: PriceList;
  carbon: CarbonData;
  usage?: Usage;
  /** Called for each workload priced: the CLI collects its garbage there on a monorepo (workspace/heapPacer.ts). */
  pace?: () => void;
}

const INSTANCE = /^Instance usage \(Linux\/UNIX, (?:on-demand|preemptible), (.+)\)$/;
const DISK = /\((pd-[a-z]+)\)$/;

/** Cloud SQL's items (google.ts): vCPU-hours, memory GB-hours, SSD storage; a regional instance runs two of each. */
const SQL_ITEM = /^(vCPUs|Memory|Storage) \((?:[\d.]+ GB|\d+|SSD), (zonal|regional)\)$/;

/** A Google component's footprint from its items: each machine's hours, each disk's GB-months (pd-standard on HDD, the others on SSD), Cloud SQL's vCPUs, memory and storage. */
function itemsFootprint(input: Pick<SystemInput, 'prices' | 'carbon'>, region: string, items: readonly CostItem[]): Footprint | undefined {
  const gce = input.prices.regions[region]?.gce ?? {};
  // A machine whose vCPUs the list does not give (a custom type, another type) or a GPU: the footprint is unknown, not partial.
  if (items.some((i) => i.name.startsWith('Custom instance CPU') || i.name.startsWith('NVIDIA ') || (INSTANCE.test(i.name) && !gce[INSTANCE.exec(i.name)?.[1] ?? '']))) return undefined;
  const sql = items.flatMap((i) => {
    const m = SQL_ITEM.exec(i.name);
    return m && i.quantity !== undefined ? [{ kind: m[1], amount: i.quantity * (m[2] === 'regional' ? 2 : 1) }] : [];
  });
  const machines = [
    ...items.flatMap((i) => {
      const type = INSTANCE.exec(i.name)?.[1];
      return type && gce[type] && i.quantity !== undefined ? [{ type, vcpus: gce[type].vcpus, hours: i.quantity }] : [];
    }),
    ...sql.filter((x) => x.kind === 'vCPUs').map((x) => ({ type: 'cloudsql', vcpus: 1, hours: x.amount })),
  ];
  const disks = [
    ...items.flatMap((i) => {
      const type = DISK.exec(i.name)?.[1];
      return type && i.unit === 'GB' && i.quantity !== undefined ? [{ gb: i.quantity, ssd: type !== 'pd-standard' }] : [];
    }),
    ...sql.filter((x) => x.kind === 'Storage').map((x) => ({ gb: x.amount, ssd: true })),
  ];
  const memory = sql.filter((x) => x.kind === 'Memory').reduce((sum, x) => sum + x.amount, 0);
  return machines.length || disks.length ? googleFootprint(input.carbon, region, machines, disks, memory) : undefined;
}

/** An EC2 instance's footprint from its items: its hours, its volumes' GB (SSD but st1, sc1 and magnetic). */
function ec2Footprint(input: Pick<SystemInput, 'prices' | 'carbon'>, region: string, items: readonly CostItem[]): Footprint | undefined {
  const machines = items.flatMap((i) => {
    const type = INSTANCE.exec(i.name)?.[1];
    return type && i.quantity !== undefined ? [{ type, hours: i.quantity }] : [];
  });
  const disks = items.filter((i) => i.name.startsWith('Storage (') && i.unit === 'GB' && i.quantity !== undefined).map((i) => ({ gb: i.quantity ?? 0, ssd: i.name.includes('SSD') }));
  return machines.length ? awsFootprint(input.carbon, region, machines, disks) : undefined;
}

/** An Azure Database flexible server's footprint: its SKU's vCores (`GP_Standard_D4s_v3`: 4) for its compute hours, its storage. */
function azureDatabase(input: Pick<SystemInput, 'prices' | 'carbon'>, r: { type: string; region: string; items: readonly CostItem[] }): Footprint | undefined {
  const compute = r.items.find((i) => i.name.startsWith('Compute ('));
  const vcores = Number(/^Compute \([A-Z]{1,3}_Standard_[A-Z]{1,3}(\d{1,3})/.exec(compute?.name ?? '')?.[1] ?? NaN);
  if (!compute?.quantity || !Number.isFinite(vcores)) return undefined;
  const storage = r.items.find((i) => i.name === 'Storage')?.quantity ?? 0;
  return azureDatabaseFootprint(input.carbon, r.region, r.type === 'azurerm_mysql_flexible_server' ? 'mysql' : 'postgresql', vcores * compute.quantity, storage);
}

/** A priced Terraform resource's footprint (Google resources, EC2 instances and EKS nodes, Azure Database flexible servers; undefined for the others, or a region without a grid factor). */
export function resourceFootprint(input: Pick<SystemInput, 'prices' | 'carbon'>, r: Pick<PricedResource, 'type' | 'region' | 'items'>): Footprint | undefined {
  if (r.type.startsWith('google_')) return itemsFootprint(input, r.region, r.items);
  // An EKS node group's nodes are EC2 instances, priced with the same items.
  if (r.type === 'aws_instance' || r.type === 'aws_eks_node_group') return ec2Footprint(input, r.region, r.items);
  if (r.type === 'aws_db_instance') return rdsFootprint(input.carbon, r.region, r.items);
  return r.type.endsWith('_flexible_server') ? azureDatabase(input, r) : undefined;
}

/** The node type of the workloads: the settings', else the one node pool priced in the run (its nodes and its bill). */
function nodeTypeOf(input: SystemInput, pools: readonly { address: string; region: string; items: CostItem[] }[]): NodeType | undefined {
  if (input.nodeType) return { machine: input.nodeType.machineType, region: input.nodeType.region, from: 'settings' };
  if (pools.length !== 1) return undefined;
  const [pool] = pools;
  const instance = pool.items.find((i) => INSTANCE.test(i.name));
  const machine = instance ? INSTANCE.exec(instance.name)?.[1] : undefined;
  if (!machine || instance?.quantity === undefined) return undefined;
  return { machine, region: pool.region, from: pool.address, includedIn: pool.address, nodes: Math.round(instance.quantity / HOURS_PER_MONTH) };
}

export function priceSystem(input: SystemInput): SystemCost {
  const report = priceResources(input.resources, input.prices, input.usage);
  const components: ComponentCost[] = report.resources.map((r) => ({
    id: r.address, name: r.address, uri: r.uri, line: input.lineOf(r.uri, r.offset), region: r.region, items: r.items, monthlyCost: r.monthlyCost,
    ...(r.type.startsWith('google_') || r.type === 'aws_instance' || r.type === 'aws_eks_node_group' || r.type === 'aws_db_instance' || r.type.endsWith('_flexible_server') ? { footprint: resourceFootprint(input, r) } : {}),
  }));
  const unpriced = [...report.unpriced];
  const pools = report.resources.filter((r) => r.type === 'google_container_node_pool');
  const node = nodeTypeOf(input, pools);
  const pace = input.pace ?? (() => undefined);
  const plain = priceWorkloads(input.objects, input.workloadId, node, input.prices.regions, input.usage, undefined, pace);
  const lines = new Map((input.rendered ?? []).map((r) => [r.object, r.line]));
  const rendered = priceWorkloads([...lines.keys()], input.workloadId, node, input.prices.regions, input.usage, (o) => lines.get(o) ?? 1);
  const workloads = [...plain.workloads, ...rendered.workloads];
  const workloadsUnpriced = [...plain.unpriced, ...rendered.unpriced];
  for (const w of workloads) {
    pace();
    components.push({ ...w, region: node?.region, footprint: node ? itemsFootprint(input, node.region, w.items.map((i) => ({ ...i, name: `Instance usage (Linux/UNIX, on-demand, ${node.machine})` }))) : undefined });
  }
  unpriced.push(...workloadsUnpriced);
  for (const c of input.compose) {
    const { id } = c;
    const host = input.composeHost;
    const price = host ? input.prices.regions[host.region]?.gce?.[host.machineType] : undefined;
    if (!host || !price) {
      unpriced.push({ address: id, uri: c.uri, reason: host ? `no price for machine type ${host.machineType} in ${host.region}` : 'a Compose project runs on a host the files do not name: cost.compose.machineType and cost.compose.region in archipel.yaml' });
      continue;
    }
    const items = [item(`Instance usage (Linux/UNIX, on-demand, ${host.machineType})`, 'hours', price.hourly, HOURS_PER_MONTH, price.source)];
    components.push({ id, name: `${c.services} Compose services on one ${host.machineType}`, uri: c.uri, line: 1, region: host.region, items, monthlyCost: items[0].monthlyCost ?? 0, footprint: itemsFootprint(input, host.region, items) });
  }
  const counted = components.filter((c) => !c.includedIn);
  return {
    currency: report.currency,
    priceDate: report.priceDate,
    totalMonthlyCost: round(counted.reduce((s, c) => s + c.monthlyCost, 0)),
    totalMonthlyCo2eKg: round(counted.reduce((s, c) => s + (c.footprint?.co2eKg ?? 0), 0)),
    co2eUnknown: counted.filter((c) => !c.footprint && c.monthlyCost > 0).length,
    priceDates: Object.fromEntries([...new Set(components.flatMap((c) => c.items.map((i) => i.source)))].sort().map((source) => [source, input.prices.sources[source]?.date ?? input.prices.priceDate])),
    components,
    unpriced,
  };
}

/** The month's total footprint as an answer says it: unknown (`null`) when no counted component's footprint is known, never 0 for "unknown". */
export const knownCo2eKg = (system: Pick<SystemCost, 'totalMonthlyCo2eKg' | 'co2eUnknown' | 'components'>): number | null =>
  system.co2eUnknown > 0 && !system.components.some((c) => !c.includedIn && c.footprint) ? null : system.totalMonthlyCo2eKg;

/** What the map gives of a node to join a Terraform component on (features/system's SystemNode has this shape). */
export interface MapNodeAt {
  readonly id: string;
  readonly sources: readonly { uri: string; range: { start: { line: number } } }[];
}

/**
 * The system map's id of each Terraform component the map draws (`terraform:cluster:google:portfolio-prod` for
 * `google_container_cluster.this`): the map's `terraform:` node declared at the component's block (its file and line),
 * the one place the map and the cost join, so that the view and `archipel diff` key both alike. A block of several
 * instances (count, for_each) keeps its addresses.
 */
export function mapIdsOf(system: Pick<SystemCost, 'components'>, nodes: readonly MapNodeAt[]): Map<string, string> {
  const at = new Map<string, string[]>();
  for (const node of nodes) {
    const source = node.sources[0];
    if (!node.id.startsWith('terraform:') || !source) continue;
    const key = `${source.uri}#${source.range.start.line + 1}`;
    at.set(key, [...(at.get(key) ?? []), node.id]);
  }
  const blocks = new Map<string, string[]>();
  for (const c of system.components) {
    if (c.id.startsWith('k8s:') || c.id.startsWith('compose:')) continue;
    const key = `${c.uri}#${c.line}`;
    blocks.set(key, [...(blocks.get(key) ?? []), c.id]);
  }
  const ids = new Map<string, string>();
  for (const [key, components] of blocks) {
    const drawn = at.get(key);
    if (components.length === 1 && drawn?.length === 1) ids.set(components[0], drawn[0]);
  }
  return ids;
}

/** The system with its Terraform components under the map's ids (mapIdsOf), and the shares that name them. */
export function keyedByMap(system: SystemCost, nodes: readonly MapNodeAt[]): SystemCost {
  const ids = mapIdsOf(system, nodes);
  if (ids.size === 0) return system;
  return {
    ...system,
    components: system.components.map((c) => ({ ...c, id: ids.get(c.id) ?? c.id, ...(c.includedIn !== undefined ? { includedIn: ids.get(c.includedIn) ?? c.includedIn } : {}) })),
  };
}
