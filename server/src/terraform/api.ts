/**
 * What the workspace's Terraform creates, for the other families to read (the Helm family's
 * helm_release ↔ chart checks, the system map, the stack's cluster names): Helm releases, Kubernetes
 * clusters, and data stores and networks, each with the file and span it is declared at. A name given
 * by a variable is followed to its default, or to the literal a module block passes it.
 */
import type { WorkspaceIndex } from '../workspace/index';
import { PerGeneration } from '../workspace/perGeneration';
import { planWorkspace, repetition, type ModuleNotRead, type Plan, type PlanOptions } from './model/plan';
import { plannedResources, type PlannedResource } from './model/resources';
import { bindingOf, callersOf } from './model/moduleCalls';
import { declared, moduleAt, objectKey, terraformFileKind, terraformFilesByFolder, type Declaration, type TerraformModule } from './model/model';
import { hclReady } from './syntax/parse';
import { attribute, blocksOf, staticString, type Attribute, type Expr, type Span } from './syntax/syntax';

/** Whether the HCL parser has loaded (the Terraform family's feature loads it before a file's checks): until then no module is read. */
export const terraformReady = (): boolean => hclReady();

/** Whether a file is a Terraform configuration file (`.tf`, `.tf.json`), not variables, a lock, a test. */
export const isTerraformConfig = (uri: string): boolean => terraformFileKind(uri) === 'config';
/** A variables file (`terraform.tfvars`, `*.auto.tfvars`, `*.tfvars.json`): what a root's evaluation reads beside its configuration. */
export const isTerraformVariables = (uri: string): boolean => terraformFileKind(uri) === 'vars';

export interface TerraformLocation {
  uri: string;
  /** The resource's address in its module (`google_container_cluster.this`). */
  address: string;
  span: Span;
}

export interface HelmRelease extends TerraformLocation {
  name?: string;
  chart?: string;
  repository?: string;
  namespace?: string;
  /** The values files its `values` read (`file("${path.module}/values.yaml")` → `values.yaml`, relative to the module). */
  valuesFiles: string[];
  /** Its `set` entries with a literal name. */
  set: { name: string; value?: string }[];
}

export interface Cluster extends TerraformLocation {
  provider: 'google' | 'aws' | 'azurerm';
  name?: string;
  /** The region or location, when literal or a variable's default. */
  region?: string;
}

export type DataStoreKind = 'database' | 'cache' | 'bucket' | 'network';

export interface DataStore extends TerraformLocation {
  kind: DataStoreKind;
  /** The resource type, or the registry module's address for a module call (`terraform-aws-modules/rds/aws`). */
  type: string;
  name?: string;
  /** The database engine when literal (`postgres`, `POSTGRES_16`). */
  engine?: string;
  /**
   * Where it is: its own `region` or `location`, else its provider configuration's `region` (the one
   * its `provider` names, an alias; in a child module, the one its caller passes), when literal or a
   * variable's default — with the attribute that says it.
   */
  region?: TerraformRegion;
}

export interface TerraformRegion {
  value: string;
  /** The `region` / `location` attribute that gives it (its value may be a variable's). */
  uri: string;
  span: Span;
  /** `resource` (its own attribute) or the provider configuration's key (`aws`, `aws.paris`). */
  from: string;
}

export interface TerraformInventory {
  helmReleases: HelmRelease[];
  clusters: Cluster[];
  dataStores: DataStore[];
}

const CLUSTERS: Record<string, { provider: Cluster['provider']; name: string; region?: string }> = {
  google_container_cluster: { provider: 'google', name: 'name', region: 'location' },
  aws_eks_cluster: { provider: 'aws', name: 'name' },
  azurerm_kubernetes_cluster: { provider: 'azurerm', name: 'name', region: 'location' },
};

const STORES: Record<string, { kind: DataStoreKind; name: string }> = {
  aws_db_instance: { kind: 'database', name: 'identifier' },
  aws_rds_cluster: { kind: 'database', name: 'cluster_identifier' },
  google_sql_database_instance: { kind: 'database', name: 'name' },
  azurerm_postgresql_flexible_server: { kind: 'database', name: 'name' },
  aws_elasticache_cluster: { kind: 'cache', name: 'cluster_id' },
  aws_elasticache_replication_group: { kind: 'cache', name: 'replication_group_id' },
  google_redis_instance: { kind: 'cache', name: 'name' },
  aws_s3_bucket: { kind: 'bucket', name: 'bucket' },
  google_storage_bucket: { kind: 'bucket', name: 'name' },
  aws_vpc: { kind: 'network', name: 'tags' },
  aws_subnet: { kind: 'network', name: 'tags' },
  google_compute_network: { kind: 'network', name: 'name' },
  google_compute_subnetwork: { kind: 'network', name: 'name' },
};

/**
 * The well-known modules that create a cluster or a database, by their registry address (a git
 * address of their repository reads as the same): the input naming what they create, first found.
 */
const MODULE_CLUSTERS: Record<string, { provider: Cluster['provider']; name: string[]; region?: string }> = {
  'terraform-google-modules/kubernetes-engine/google': { provider: 'google', name: ['name'], region: 'region' },
  'terraform-aws-modules/eks/aws': { provider: 'aws', name: ['cluster_name', 'name'] },
  'azure/aks/azurerm': { provider: 'azurerm', name: ['cluster_name', 'prefix'], region: 'location' },
};
const MODULE_DATABASES: Record<string, { name: string[]; engine?: string }> = {
  'terraform-aws-modules/rds/aws': { name: ['identifier'], engine: 'engine' },
  'terraform-aws-modules/rds-aurora/aws': { name: ['name'], engine: 'engine' },
  'googlecloudplatform/sql-db/google': { name: ['name'], engine: 'database_version' },
  'terraform-google-modules/sql-db/google': { name: ['name'], engine: 'database_version' },
};

/**
 * A module source's registry address, lower-cased, without its host, sub-folder (`//modules/x`) or
 * query: `git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20` reads as
 * `terraform-aws-modules/eks/aws`, as the registry names that repository.
 */
export function moduleAddress(source: string): string {
  const bare = source.toLowerCase().replace(/^git::/, '').split('?', 1)[0].replace(/^registry\.terraform\.io\//, '');
  const git = /^(?:https:\/\/|ssh:\/\/git@|git@)?github\.com[/:]([^/]+)\/terraform-([a-z0-9]+)-([^/]+?)(?:\.git)?(?:\/\/.*)?$/.exec(bare);
  if (git) return `${git[1]}/${git[3]}/${git[2]}`;
  return bare.split('//', 1)[0];
}

/** A literal value of an expression: a string, or a variable whose default (or whose callers' input) is one. */
export function literalValue(index: WorkspaceIndex, module: TerraformModule, expr: Expr | undefined, depth = 0): string | undefined {
  const value = staticString(expr);
  if (value !== undefined || expr?.kind !== 'traversal') return value;
  const binding = bindingOf(module);
  // A module read as one instance of a repeated call (system map): `each.key`, `count.index`, `each.value[.name]` at its key.
  if (binding?.each && (expr.root.name === 'each' || expr.root.name === 'count') && depth <= 4) return eachValue(index, module, binding.each, expr, depth);
  if (expr.root.name !== 'var' || expr.steps[0]?.kind !== 'attr') return value;
  const name = expr.steps[0].name;
  const variable = declared(module, 'variable').get(name)?.[0];
  const fallback = staticString(attribute(variable?.block.body ?? { attributes: [], blocks: [] }, 'default')?.expr);
  // What the callers pass overrides the default (a caller that passes nothing gets the default); the value when they all agree.
  const callers = depth > 4 ? [] : binding?.caller ? [binding.caller] : callersOf(index, module.folder);
  if (!callers.length) return fallback;
  const values = new Set(callers.map(({ module: caller, call }) => { const passed = attribute(call.block.body, name); return passed ? literalValue(index, caller, passed.expr, depth + 1) : fallback; }));
  return values.size === 1 ? [...values][0] : undefined;
}

/** `each.key`, `count.index`, `each.value` or `each.value.<name>` of an instance. */
function eachValue(index: WorkspaceIndex, module: TerraformModule, each: { key: string; value?: Expr }, expr: Expr & { kind: 'traversal' }, depth: number): string | undefined {
  const [step, next] = expr.steps;
  if (step?.kind !== 'attr') return undefined;
  if ((expr.root.name === 'each' && step.name === 'key') || (expr.root.name === 'count' && step.name === 'index')) return each.key;
  if (expr.root.name !== 'each' || step.name !== 'value') return undefined;
  if (next === undefined) return literalValue(index, module, each.value, depth + 1);
  const inner = next.kind === 'attr' && each.value?.kind === 'object' ? each.value.items.find((i) => objectKey(i.key) === next.name)?.value : undefined;
  return expr.steps.length === 2 ? literalValue(index, module, inner, depth + 1) : undefined;
}

function location(d: Declaration): TerraformLocation {
  return { uri: d.uri, address: d.key, span: d.nameSpan };
}

function helmRelease(d: Declaration): HelmRelease {
  const body = d.block.body;
  const text = (name: string) => staticString(attribute(body, name)?.expr);
  const valuesFiles: string[] = [];
  const values = attribute(body, 'values');
  if (values?.expr.kind === 'tuple') {
    for (const item of values.expr.items) {
      if (item.kind !== 'call' || (item.name.name !== 'file' && item.name.name !== 'templatefile')) continue;
      const arg = item.args[0];
      const path = arg?.kind === 'template' ? arg.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('').replace(/^\//, '') : staticString(arg);
      if (path) valuesFiles.push(path);
    }
  }
  const set: { name: string; value?: string }[] = [];
  for (const block of blocksOf(body, 'set')) {
    const name = staticString(attribute(block.body, 'name')?.expr);
    if (name) set.push({ name, value: staticString(attribute(block.body, 'value')?.expr) });
  }
  const list = attribute(body, 'set');
  if (list?.expr.kind === 'tuple') {
    for (const item of list.expr.items) {
      if (item.kind !== 'object') continue;
      const entry = Object.fromEntries(item.items.map((i) => [staticString(i.key) ?? (i.key.kind === 'traversal' ? i.key.root.name : ''), staticString(i.value)]));
      if (entry.name) set.push({ name: entry.name, value: entry.value });
    }
  }
  return { ...location(d), name: text('name'), chart: text('chart'), repository: text('repository'), namespace: text('namespace'), valuesFiles, set };
}

/** A provider configuration's key written as a reference (`aws.paris`). */
const traversalKey = (expr: Expr | undefined): string | undefined => (expr?.kind === 'traversal' ? [expr.root.name, ...expr.steps.flatMap((s) => (s.kind === 'attr' ? [s.name] : []))].join('.') : undefined);

/** The provider configuration a resource uses: its `provider` attribute (`aws.paris`), else its type's provider (`aws`). */
const providerKey = (d: Declaration): string => traversalKey(attribute(d.block.body, 'provider')?.expr) ?? (d.type ?? '').split('_', 1)[0];

/** The provider configuration a module call passes for one of its module's (`providers = { aws = aws.paris }`), else the same name. */
function passedProvider(call: Declaration, key: string): string {
  const passed = attribute(call.block.body, 'providers')?.expr;
  const entry = passed?.kind === 'object' ? passed.items.find((i) => (staticString(i.key) ?? traversalKey(i.key)) === key) : undefined;
  return traversalKey(entry?.value) ?? key;
}

const regionOf = (index: WorkspaceIndex, module: TerraformModule, found: Attribute | undefined, from: string, uri: string): TerraformRegion | undefined => {
  const value = found ? literalValue(index, module, found.expr) : undefined;
  return found && value ? { value, uri, span: { start: found.start, end: found.end }, from } : undefined;
};

/** The `region` of a provider configuration of a module, or of the one its callers pass it (`providers = { aws = aws.paris }`, or their own of that name). */
function providerRegion(index: WorkspaceIndex, module: TerraformModule, key: string, depth = 0): TerraformRegion | undefined {
  const config = declared(module, 'provider').get(key)?.[0];
  if (config) return regionOf(index, module, attribute(config.block.body, 'region'), key, config.uri);
  if (depth > 4) return undefined;
  const found = callersOf(index, module.folder).map(({ module: caller, call }) => providerRegion(index, caller, passedProvider(call, key), depth + 1));
  const values = new Set(found.map((r) => r?.value));
  return values.size === 1 ? found[0] : undefined;
}

/** Where a resource is: its own `region` / `location` (or the literal one of the resource it names: `azurerm_resource_group.x.location`), else its provider's `region`. */
function resourceRegion(index: WorkspaceIndex, module: TerraformModule, d: Declaration): TerraformRegion | undefined {
  const own = attribute(d.block.body, 'region') ?? attribute(d.block.body, 'location');
  const e = own?.expr;
  if (e?.kind === 'traversal' && e.steps.length === 2 && e.steps[0].kind === 'attr' && e.steps[1].kind === 'attr' && (e.steps[1].name === 'location' || e.steps[1].name === 'region')) {
    const target = declared(module, 'resource').get(`${e.root.name}.${e.steps[0].name}`)?.[0];
    const found = target ? attribute(target.block.body, e.steps[1].name) : undefined;
    return target && found ? regionOf(index, module, found, 'resource', target.uri) : undefined;
  }
  if (own) return regionOf(index, module, own, 'resource', d.uri);
  return providerRegion(index, module, providerKey(d));
}

/** The Helm releases, clusters and data stores of every module of the index. */
export function terraformInventory(index: WorkspaceIndex): TerraformInventory {
  const inventory: TerraformInventory = { helmReleases: [], clusters: [], dataStores: [] };
  for (const [folder, uris] of terraformFilesByFolder(index)) {
    if (!uris.some((uri) => terraformFileKind(uri) === 'config')) continue;
    const module = moduleAt(index, folder);
    for (const [, [d]] of declared(module, 'resource')) {
      const type = d.type ?? '';
      if (type === 'helm_release') inventory.helmReleases.push(helmRelease(d));
      const cluster = CLUSTERS[type];
      if (cluster) {
        const region = cluster.region ? literalValue(index, module, attribute(d.block.body, cluster.region)?.expr) : undefined;
        inventory.clusters.push({ ...location(d), provider: cluster.provider, name: literalValue(index, module, attribute(d.block.body, cluster.name)?.expr), ...(region ? { region } : {}) });
      }
      const store = STORES[type];
      const engine = literalValue(index, module, attribute(d.block.body, type === 'google_sql_database_instance' ? 'database_version' : 'engine')?.expr);
      const region = store ? resourceRegion(index, module, d) : undefined;
      if (store) inventory.dataStores.push({ ...location(d), kind: store.kind, type, name: store.name === 'tags' ? undefined : literalValue(index, module, attribute(d.block.body, store.name)?.expr), ...(store.kind === 'database' && engine ? { engine } : {}), ...(region ? { region } : {}) });
    }
    moduleInventory(index, module, inventory);
  }
  return inventory;
}

/** The clusters and databases a module creates through a call to a well-known module. */
function moduleInventory(index: WorkspaceIndex, module: TerraformModule, inventory: TerraformInventory): void {
  for (const [, [call]] of declared(module, 'module')) {
    const source = staticString(attribute(call.block.body, 'source')?.expr);
    if (source === undefined) continue;
    const address = moduleAddress(source);
    const input = (names: readonly string[]) => names.map((name) => literalValue(index, module, attribute(call.block.body, name)?.expr)).find((v) => v !== undefined);
    const cluster = MODULE_CLUSTERS[address];
    if (cluster) {
      const region = cluster.region ? input([cluster.region]) : undefined;
      inventory.clusters.push({ ...location(call), address: `module.${call.key}`, provider: cluster.provider, name: input(cluster.name), ...(region ? { region } : {}) });
    }
    const database = MODULE_DATABASES[address];
    if (database) {
      const engine = database.engine ? input([database.engine]) : undefined;
      // The module's resources use the provider the call passes, else the caller's default one.
      const region = regionOf(index, module, attribute(call.block.body, 'region'), 'resource', call.uri) ?? providerRegion(index, module, passedProvider(call, address.split('/').pop() ?? ''));
      inventory.dataStores.push({ ...location(call), address: `module.${call.key}`, kind: 'database', type: address, name: input(database.name), ...(engine ? { engine } : {}), ...(region ? { region } : {}) });
    }
  }
}

export type { ResourceBody } from './model/resources';
export { bindInstalledModules } from './model/installedModules';
export type { VarFile, PlanOptions as TerraformEvaluationOptions, ModuleNotRead } from './model/plan';

/**
 * One instance of a resource as `terraform plan` would see it offline (model/plan.ts, model/resources.ts): modules
 * followed with their callers' arguments, `count` and `for_each` expanded where their values are known, attributes
 * evaluated. `uri` and `span` are where its block is declared (a module's file for a module's resource); `root` is the
 * root module folder whose plan holds it.
 */
export type TerraformResource = PlannedResource;

const plans = new PerGeneration<WorkspaceIndex, { plan: Plan; resources: TerraformResource[]; notRead: ModuleNotRead[] }>();

function evaluated(index: WorkspaceIndex, options: PlanOptions): { plan: Plan; resources: TerraformResource[]; notRead: ModuleNotRead[] } {
  const build = () => {
    const plan = planWorkspace(index, options);
    return { plan, resources: plannedResources(plan), notRead: plan.notRead };
  };
  // The plan of the files alone is kept until the index changes; one with var files given is the caller's.
  return options.varFiles?.length ? build() : plans.get(index, index.generation, [], build);
}

/** Every managed resource of every root module's plan, one per instance (`module.db.aws_db_instance.this[0]`, `aws_instance.web["a"]`). */
export function terraformResources(index: WorkspaceIndex, options: PlanOptions = {}): TerraformResource[] {
  return evaluated(index, options).resources;
}

/**
 * The module calls whose module is not read (a registry or git module `terraform init` did not fetch into the
 * workspace): by address, source and version, with the reason — for the reading's ledger to say (issue #92).
 */
export function terraformModulesNotRead(index: WorkspaceIndex, options: PlanOptions = {}): ModuleNotRead[] {
  return evaluated(index, options).notRead;
}

/**
 * The keys of a module call's (or a resource's) instances in a module instance of the plan (`module.x`, `''` for a
 * root), when its `count`/`for_each` is known there (`count = var.create ? 1 : 0` with `create = false`: none);
 * undefined when the plan does not hold that instance or does not know them. For the map, which draws a module's
 * instances and the grants that exist.
 */
export function plannedCallKeys(index: WorkspaceIndex, folder: string, address: string, call: Declaration): string[] | undefined {
  const { plan } = evaluated(index, {});
  const planned = plan.modules.find((m) => m.module.folder === folder && m.address === address);
  if (!planned) return undefined;
  const { kind, keys } = repetition(call.block.body, planned.scope, plan.budget);
  return kind && keys ? keys.map((k) => String(k.key)) : undefined;
}

export type { TerraformKubernetesObject } from './kubernetesObjects';
// The face is a module of its own (terraform/face.ts): its conversion reads the Kubernetes family's checks, which a
// command that reads Terraform's model alone (privacy's bundle) must not carry.
export type { TerraformFace } from './face';
