/**
 * The Terraform family's part of the system map: the Kubernetes clusters and databases its modules
 * create (resources, and calls to the well-known modules: api.ts's inventory), each at the name that
 * says it. Where the files say which cluster the workloads run on, they are placed in it: an Argo CD
 * Application whose destination names a Terraform cluster deploys to it; when the Terraform nearest
 * a namespace's manifests creates one cluster only, the namespace is drawn in it.
 */
import type { SystemBuilder, SystemContributor, SystemNode, SystemSource } from '../features/system/contributor';
import { KubernetesGraph, locate, workloadId } from '../kubernetes/api';
import { imageRepository } from '../features/system/images';
import { sourceAt } from '../features/system/source';
import { literalValue, plannedCallKeys, terraformInventory, type Cluster, type DataStore, type TerraformLocation } from './api';
import { declared, moduleAt, type Declaration, type TerraformModule } from './model/model';
import { calledModule } from './model/moduleCalls';
import { componentKinds } from '../features/system/contributor';
import { expressionReferences, mapInstances, mapModules, moduleClassOf, ModuleKeyed, outputValue, type ModuleInstance } from './systemModules';
import { balancers, NOT_CALLS, PACKAGE, RESOURCES, routedBy, type ResourceClass } from './systemResources';
import { inClusters } from './systemWorkloads';
import { publicInvokers } from './systemInvokers';
import { hclReady } from './syntax/parse';
import { allBlocks, attribute, staticString, type Body, type Expr } from './syntax/syntax';
import type { WorkspaceIndex } from '../workspace/index';
import { blockContainers, functionContainer, referencesOf, taskContainers, templateText, type ContainerSpec } from './systemContainers';

const CLUSTER_TECHNOLOGY: Record<Cluster['provider'], string> = { google: 'GKE', aws: 'Amazon EKS', azurerm: 'AKS' };

/** What a database is built with: its service, and its engine when written. */
function databaseTechnology(store: DataStore): string {
  const service = store.type.startsWith('google_') || store.type.includes('/google') ? 'Cloud SQL' : store.type.startsWith('azurerm_') ? 'Azure Database' : store.type.includes('aurora') || store.type === 'aws_rds_cluster' ? 'Amazon Aurora' : 'Amazon RDS';
  return store.engine ? `${service} (${store.engine})` : service;
}

/** A cluster's node id: by provider and name, so that every file naming it meets on one node. */
export function clusterId(cluster: Cluster): string {
  return `terraform:cluster:${cluster.provider}:${cluster.name || `${cluster.uri}#${cluster.address}`}`;
}

function sourceOf(builder: SystemBuilder, at: TerraformLocation) {
  const file = builder.index.get(at.uri);
  return file ? [sourceAt(file, at.span.start, at.span.end)] : [];
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** Argo CD Applications whose destination names one of the clusters: each deploys to it. */
function applicationEdges(builder: SystemBuilder, clusters: ReadonlyMap<string, string>): void {
  for (const application of KubernetesGraph.of(builder.index).ofKind('Application')) {
    if (!application.apiVersion.startsWith('argoproj.io/') || application.name === undefined) continue;
    const name = record(record(application.value.spec)?.destination)?.name;
    const cluster = typeof name === 'string' ? clusters.get(name) : undefined;
    const file = builder.index.get(application.uri);
    if (!cluster || !file) continue;
    const [start, end] = locate(application, ['spec', 'destination', 'name']);
    builder.edge({ from: workloadId(application), to: cluster, kind: 'deploys', label: 'deploys to', sources: [sourceAt(file, application.offset + start, application.offset + end)] });
  }
}

/**
 * The cluster a namespace's manifests go to: going up from the folder of the file saying the
 * namespace, the first folder holding Terraform clusters decides — when it holds one only (the
 * repository's one cluster); several, and which one is not said.
 */
function nearestCluster(uri: string, clusters: readonly SystemNode[]): SystemNode | undefined {
  for (let folder = uri.slice(0, uri.lastIndexOf('/') + 1); folder.length > 0; folder = folder.slice(0, folder.lastIndexOf('/', folder.length - 2) + 1)) {
    const inside = clusters.filter((c) => c.sources[0].uri.startsWith(folder));
    if (inside.length > 0) return inside.length === 1 ? inside[0] : undefined;
  }
  return undefined;
}

/** A resource's node id: by type and name, as the databases' have been (so that files naming it meet). */
function resourceId(type: string, name: string | undefined, d: Declaration): string {
  return `terraform:${type}:${name || `${d.uri}#${d.key}`}`;
}

/**
 * The resources a body's expressions reference (`aws_sqs_queue.jobs.url`, `aws_subnet.main[0].id`), by `type.name`, and
 * the module outputs (`module.db.db_instance_address`, by `module.db.db_instance_address`; `module.vpc` alone as is).
 */
function references(body: Body): Set<string> {
  const exprs: Expr[] = [];
  // `depends_on` orders, it does not connect; a function's package and build are what it is made of, not what it calls.
  for (const attribute of body.attributes) if (attribute.name !== 'depends_on' && !PACKAGE.has(attribute.name)) exprs.push(attribute.expr);
  for (const { block, parents } of allBlocks(body)) {
    if ([block, ...parents].some((b) => NOT_CALLS.has(b.type))) continue;
    for (const attribute of block.body.attributes) if (!PACKAGE.has(attribute.name)) exprs.push(attribute.expr);
  }
  return expressionReferences(exprs);
}

/** One module as the map reads it: its resources' and calls' nodes, by `type.name` and `module.<name>[.<output>]`. */
interface ModuleState {
  module: TerraformModule;
  /** The workspace's call that installed it (its nodes' sources), for a module init installed. */
  via?: Declaration;
  /** For a module init installed: the call naming it; and every installed module's, by folder. */
  caller?: { module: TerraformModule; call: Declaration };
  callers: ReadonlyMap<string, { module: TerraformModule; call: Declaration }>;
  /** The module a call of it names (calledModule), asked once per build. */
  called: (call: Declaration) => TerraformModule | undefined;
  /** The instance it is (systemModules.ts: a local module called twice is two). */
  instance: ModuleInstance;
  /** The instances its calls make, by call: the state of each, with its key (`count`/`for_each`). */
  children: Map<Declaration, { key?: string; state: ModuleState }[]>;
  resources: Map<string, Declaration[]>;
  ids: ModuleKeyed<string>;
  classes: ModuleKeyed<ResourceClass>;
}

/** The `Name` tag, a resource's usual name on AWS when it has no name attribute. */
function nameTag(index: WorkspaceIndex, module: ReturnType<typeof moduleAt>, body: Body): string | undefined {
  const tags = attribute(body, 'tags')?.expr;
  if (tags?.kind !== 'object') return undefined;
  const item = tags.items.find((i) => (i.key.kind === 'traversal' ? i.key.root.name : i.key.kind === 'literal' || i.key.kind === 'template' ? literalValue(index, module, i.key) : undefined) === 'Name');
  return item ? literalValue(index, module, item.value) : undefined;
}

/** A resource's node on the map, when its type is one the map knows. */
function resourceNode(builder: SystemBuilder, state: ModuleState, key: string, d: Declaration): void {
  const { index } = builder;
  const { module } = state;
  const type = d.type ?? '';
  const known = RESOURCES[type];
  if (!known) return;
  const metadata = known.name === 'metadata' ? d.block.body.blocks.find((b) => b.type === 'metadata') : undefined;
  const name = metadata ? valueIn(index, state, attribute(metadata.body, 'name')?.expr) : known.name === 'tags' || known.name === undefined ? nameTag(index, module, d.block.body) : (valueIn(index, state, attribute(d.block.body, known.name)?.expr) ?? (known.name === 'name' ? undefined : nameTag(index, module, d.block.body)));
  const { instance } = state;
  const engine = known.kind === 'datastore' ? literalValue(index, module, attribute(d.block.body, type === 'google_sql_database_instance' ? 'database_version' : 'engine')?.expr) : undefined;
  const technology = `${engine ? `${known.technology} (${engine})` : known.technology}${instance.repeated ? `, repeated (${instance.repeated})` : ''}`;
  if (instance.several && instance.address && instance.label) {
    // One of several instances of its module: its own node, named by what its call passes, else by the call; its
    // lines are the calls making it, then the resource's.
    const alone = [...state.resources.values()].filter(([other]) => other.type === type).length === 1;
    const id = name ? resourceId(type, name, d) : `terraform:${type}:${d.uri}#${instance.address}.${key}`;
    builder.node({ id, kind: known.kind, name: name || (alone ? instance.label : `${instance.label} ${d.name}`), technology, resource: type, sources: [...instance.calls.flatMap((call) => sourceOf(builder, location(call))), ...sourceOf(builder, location(d))] });
    state.ids.set(key, id);
    state.classes.set(key, known);
    return;
  }
  const id = resourceId(type, name, d);
  builder.node({ id, kind: known.kind, name: name || key, technology, resource: type, sources: sourceOf(builder, location(state.via ?? d)) });
  state.ids.set(key, id);
  state.classes.set(key, known);
}

/**
 * An expression's text in a module (templateText), a variable of a module installed inside another read at what its
 * caller passes (the index lists no caller inside an installed module), a few levels up.
 */
function valueIn(index: WorkspaceIndex, state: ModuleState, expr: Expr | undefined): string | undefined {
  let module = state.module;
  let caller = state.caller;
  for (let depth = 0; depth < 4; depth++) {
    const value = templateText(index, module, expr);
    if (value !== undefined || !caller || expr?.kind !== 'traversal' || expr.root.name !== 'var' || expr.steps[0]?.kind !== 'attr') return value;
    expr = attribute(caller.call.block.body, expr.steps[0].name)?.expr;
    module = caller.module;
    caller = caller.module.installed ? state.callers.get(caller.module.folder) : undefined;
  }
  return undefined;
}

/** The first input of a module call written with a value the files say (`name = "${local.name}-al2023"` at its locals' values). */
function callInput(index: WorkspaceIndex, module: TerraformModule, call: Declaration, names: readonly string[]): string | undefined {
  return names.map((name) => templateText(index, module, attribute(call.block.body, name)?.expr)).find((v) => v !== undefined && v !== '');
}

/**
 * What each module call of a module is on the map: a module read (a local folder, or installed by init) is what its
 * outputs name — `module.db.address` the resource its output `address` names, `module.db` the module's one component
 * when it creates one; a common registry module not read is its summary's node (MODULE_CLASSES), or the cluster or
 * database the inventory made of the call. Returns whether a key was added (outputs naming other calls' outputs are
 * resolved over a few passes).
 */
function callKeys(builder: SystemBuilder, state: ModuleState, installed: ReadonlyMap<string, ModuleState>, summaries: ReadonlyMap<string, { id: string; known: ResourceClass }>, summarise: boolean): boolean {
  const { index } = builder;
  let added = false;
  for (const [key, [call]] of declared(state.module, 'module')) {
    const called = state.called(call);
    const installedCallee = called?.installed ? installed.get(called.folder) : undefined;
    const callees = state.children.get(call) ?? (installedCallee ? [{ state: installedCallee }] : []);
    if (callees.length > 0) {
      for (const { key: at, state: callee } of callees) {
        const prefix = `module.${key}${at !== undefined ? `[${at}]` : ''}`;
        for (const [output] of declared(callee.module, 'output')) {
          if (state.ids.has(`${prefix}.${output}`) && state.ids.get(`${prefix}.${output}`) !== state.ids.get(prefix)) continue;
          const value = outputValue(callee.module, output);
          const target = value ? [...expressionReferences([value])].find((r) => callee.ids.has(r)) : undefined;
          if (!target) continue;
          state.ids.set(`${prefix}.${output}`, callee.ids.get(target)!);
          state.classes.set(`${prefix}.${output}`, callee.classes.get(target)!);
          added = true;
        }
        const components = new Set([...callee.ids.entries()].filter(([k]) => !k.startsWith('module.') && !k.startsWith('var.') && componentKinds.has(callee.classes.get(k)?.kind ?? '')).map(([, id]) => id));
        if (components.size === 1 && !state.ids.has(prefix)) {
          const [only] = components;
          const from = [...callee.ids.entries()].find(([, id]) => id === only)![0];
          state.ids.set(prefix, only);
          state.classes.set(prefix, callee.classes.get(from)!);
          added = true;
        }
      }
      continue;
    }
    if (!summarise || called) continue;
    const inventoried = summaries.get(`${call.uri}#module.${key}`);
    if (inventoried) {
      state.ids.set(`module.${key}`, inventoried.id);
      state.classes.set(`module.${key}`, inventoried.known);
      continue;
    }
    const summary = moduleClassOf(call);
    if (!summary?.known) continue;
    const name = callInput(index, state.module, call, summary.known.names);
    const id = `terraform:${summary.address}:${name || `${call.uri}#module.${key}`}`;
    builder.node({ id, kind: summary.known.kind, name: name || `module.${key}`, technology: summary.known.technology, resource: summary.address, sources: sourceOf(builder, location(state.via ?? call)) });
    state.ids.set(`module.${key}`, id);
    state.classes.set(`module.${key}`, { kind: summary.known.kind, technology: summary.known.technology, ...(summary.known.role ? { role: summary.known.role } : {}) });
    // A load balancer module (the ALB module's default is facing the Internet: `internal = false`) is a way in.
    const source = sourceOf(builder, location(state.via ?? call))[0];
    if (summary.known.role === 'router' && source && literalValue(index, state.module, attribute(call.block.body, 'internal')?.expr) !== 'true') builder.entry({ to: id, via: 'load-balancer', source });
  }
  return added;
}

/**
 * A module instance's variables (issue #79): `var.<name>` is what its call passes in the caller's instance — a resource,
 * a module's output (`queue_url = module.payments.queue_url`) — so that a reference to it in the module calls that.
 * Returns whether a key was added.
 */
function variableKeys(state: ModuleState, byInstance: ReadonlyMap<ModuleInstance, ModuleState>): boolean {
  const parent = state.instance.parent;
  const caller = parent ? byInstance.get(parent.instance) : undefined;
  if (!parent || !caller) return false;
  let added = false;
  for (const [name] of declared(state.module, 'variable')) {
    if (state.ids.has(`var.${name}`)) continue;
    const passed = attribute(parent.call.block.body, name)?.expr;
    const target = passed ? [...expressionReferences([passed])].find((r) => caller.ids.has(r)) : undefined;
    if (!target) continue;
    state.ids.set(`var.${name}`, caller.ids.get(target)!);
    state.classes.set(`var.${name}`, caller.classes.get(target)!);
    added = true;
  }
  return added;
}

/**
 * Terraform's whole inventory on the map (issue #64): compute, data, networking of AWS, Google and
 * Azure's common types, each a node of its kind; edges from the references between them — a function
 * or service naming a queue, a database, a bucket calls it; a load balancer, listener or target group
 * routes to what it names; a security group allowing another; a subnet in its network, what runs in a
 * subnet or a cluster placed there (`parent`); an event source mapping triggers its function. Module calls
 * (issue #79) are read through (systemModules.ts) or summarised, and connect as the resources do.
 */
function contributeInventory(builder: SystemBuilder, summaries: ReadonlyMap<string, { id: string; known: ResourceClass }>): void {
  const read = mapModules(builder.index);
  const callers = new Map(read.flatMap(({ module, caller }) => (caller ? [[module.folder, caller] as const] : [])));
  const calls = new Map<string, Map<Declaration, TerraformModule | undefined>>();
  const states: ModuleState[] = mapInstances(builder.index, read).map((instance) => ({
    module: instance.module,
    ...(instance.via ? { via: instance.via } : {}),
    ...(instance.caller ? { caller: instance.caller } : {}),
    instance,
    children: new Map(),
    callers,
    // Asked once per module's folder, whichever of its instances asks.
    called: (call) => {
      const mine = calls.get(instance.module.folder) ?? new Map<Declaration, TerraformModule | undefined>();
      calls.set(instance.module.folder, mine);
      if (!mine.has(call)) mine.set(call, calledModule(builder.index, instance.module, call));
      return mine.get(call);
    },
    resources: declared(instance.module, 'resource'),
    ids: new ModuleKeyed<string>(),
    classes: new ModuleKeyed<ResourceClass>(),
  }));
  const byInstance = new Map(states.map((s) => [s.instance, s]));
  for (const state of states) {
    const parent = state.instance.parent && byInstance.get(state.instance.parent.instance);
    if (!parent || !state.instance.parent) continue;
    const list = parent.children.get(state.instance.parent.call) ?? [];
    list.push({ ...(state.instance.parent.key !== undefined ? { key: state.instance.parent.key } : {}), state });
    parent.children.set(state.instance.parent.call, list);
  }
  // An installed module is read once (init installs each call of it in a folder of its own).
  const installed = new Map(states.filter((s) => s.module.installed).map((s) => [s.module.folder, s]));
  for (const state of states) for (const [key, [d]] of state.resources) resourceNode(builder, state, key, d);
  inClusters(builder, states, summaries);
  // Clusters the inventory made of resources are what a caller's `module.eks.cluster_name` names.
  for (const [at, known] of summaries) {
    const [uri, address] = at.split('#');
    if (address.startsWith('module.')) continue;
    for (const state of states) {
      if (state.module.folder !== uri.slice(0, uri.lastIndexOf('/')) || state.ids.has(address)) continue;
      state.ids.set(address, known.id);
      state.classes.set(address, known.known);
    }
  }
  // Outputs naming other modules' outputs, variables what their call passes: a pass per level, a few levels.
  for (let pass = 0; pass < 4; pass++) {
    let added = false;
    for (const state of states) added = callKeys(builder, state, installed, summaries, pass === 0) || added;
    for (const state of states) added = variableKeys(state, byInstance) || added;
    if (!added) break;
  }
  for (const state of states) moduleEdges(builder, state);
}

/** The edges of one module's resources and module calls (see contributeInventory). */
function moduleEdges(builder: SystemBuilder, state: ModuleState): void {
  const { index } = builder;
  const { module, resources, ids, classes } = state;
  const at = (d: Declaration) => sourceOf(builder, location(state.via ?? d));
  // A load balancer facing the Internet is a way in, at its listeners' ports.
  for (const [key, [d]] of resources) {
    const id = ids.get(key);
    if (!id || !balancers.has(d.type ?? '') || staticString(attribute(d.block.body, 'internal')?.expr) === 'true' || attribute(d.block.body, 'internal')?.expr.kind === 'literal' && (attribute(d.block.body, 'internal')!.expr as { value: unknown }).value === true) continue;
    const listeners = [...resources.values()].map(([l]) => l).filter((l) => /^aws_(a)?lb_listener$/.test(l.type ?? '') && references(l.block.body).has(key));
    const ports = listeners.map((l) => Number(literalValue(index, module, attribute(l.block.body, 'port')?.expr))).filter((p) => Number.isInteger(p) && p > 0);
    const source = at(d)[0];
    if (!source) continue;
    if (ports.length === 0) builder.entry({ to: id, via: 'load-balancer', source });
    for (const port of ports) builder.entry({ to: id, via: 'load-balancer', port, label: `:${port}`, source });
  }
  // The event source mappings: their source triggers their function.
  for (const [, [d]] of resources) {
    if (d.type !== 'aws_lambda_event_source_mapping') continue;
    const refs = [...references(d.block.body)];
    const fn = refs.find((r) => r.startsWith('aws_lambda_function.'));
    const source = refs.find((r) => r !== fn && ids.has(r));
    if (fn && source && ids.has(fn)) builder.edge({ from: ids.get(source)!, to: ids.get(fn)!, kind: 'calls', label: 'triggers', sources: at(d) });
  }
  eventEdges(builder, state, at);
  const declarations: [string, Declaration][] = [...[...resources].map(([key, [d]]) => [key, d] as [string, Declaration]), ...[...declared(module, 'module')].map(([key, [d]]) => [`module.${key}`, d] as [string, Declaration])];
  // A node's class by its id (the first declaration drawn as it), so finding where a node runs is one lookup.
  const classOfNode = new Map<string, ResourceClass>();
  for (const [k, c] of classes) {
    const id = ids.get(k);
    if (id !== undefined && !classOfNode.has(id)) classOfNode.set(id, c);
  }
  for (const [key, d] of declarations) {
    const from = ids.get(key);
    const own = classes.get(key);
    if (!from || !own) continue;
    const node = builder.get(from)!;
    const sources = at(d);
    for (const ref of references(d.block.body)) {
      const to = ids.get(ref);
      const target = classes.get(ref);
      if (!to || !target || to === from) continue;
      if (target.role === 'network' || target.role === 'cluster' || (target.role === 'subnet' && own.role !== 'subnet')) {
        // Where it runs: the subnet (or group of subnets) first, else the network or cluster.
        const current = node.parent ? classOfNode.get(node.parent) : undefined;
        if (!current || (current.role !== 'subnet' && target.role === 'subnet')) node.parent = to;
        continue;
      }
      if (own.role === 'firewall' && target.role === 'firewall') builder.edge({ from: to, to: from, kind: 'allows', label: 'allowed by', sources });
      else if (own.role === 'firewall' || target.role === 'firewall') builder.edge({ from, to, kind: 'depends-on', label: 'guarded by', sources });
      // A listener, a listener rule or a URL map names what routes to it (its load balancer, its listener) and its target (where it routes).
      else if (own.role === 'router' && (target.role === 'router' || !target.role)) builder.edge(routedBy(d.type ?? '', ref.split('.')[0]) ? { from: to, to: from, kind: 'routes', label: 'routes', sources } : { from, to, kind: 'routes', label: 'routes', sources });
      else if (target.role === 'router' && (own.kind === 'service' || own.kind === 'function')) builder.edge({ from: to, to: from, kind: 'routes', label: 'routes', sources });
      else if (['datastore', 'cache', 'search', 'broker', 'function', 'service'].includes(target.kind) && own.role === undefined) builder.edge({ from, to, kind: 'calls', label: target.technology, sources });
      else if (own.role === undefined || target.role === undefined) builder.edge({ from, to, kind: 'depends-on', label: 'references', sources });
    }
  }
  containerCalls(builder, state);
}

/** The container services (ECS, Cloud Run, Container Apps) and where their containers are defined. */
const containerServices = new Set(['aws_ecs_service', 'google_cloud_run_service', 'google_cloud_run_v2_service', 'google_cloud_run_v2_job', 'azurerm_container_app']);
/** The API gateways' integrations: each routes its API to the function or service it names. */
const integrations = new Set(['aws_apigatewayv2_integration', 'aws_api_gateway_integration']);

/**
 * What a secret holds, by the secret's `type.name`: the resources its value names (a Secret Manager version's
 * `secret_data`, a Secrets Manager version's `secret_string`, an SSM parameter's `value`), so that a variable
 * read from the secret calls what the secret's value addresses.
 */
function secretValues(module: ReturnType<typeof moduleAt>, resources: ReadonlyMap<string, Declaration[]>): Map<string, string[]> {
  const held = new Map<string, string[]>();
  for (const [key, [d]] of resources) {
    const body = d.block.body;
    if (d.type === 'aws_ssm_parameter') held.set(key, referencesOf(module, attribute(body, 'value')?.expr));
    const [holder, value] = d.type === 'google_secret_manager_secret_version' ? ['secret', 'secret_data'] : d.type === 'aws_secretsmanager_secret_version' ? ['secret_id', 'secret_string'] : [];
    const secret = holder ? referencesOf(module, attribute(body, holder)?.expr)[0] : undefined;
    if (secret && value) held.set(secret, [...(held.get(secret) ?? []), ...referencesOf(module, attribute(body, value)?.expr)]);
  }
  return held;
}

/**
 * A container service's containers (issue #79): the image it runs and the ports it serves on its node, and a call to
 * each resource its environment names — a database's or a cache's address, another service's URL, a secret holding
 * one, a load balancer's name (to the services behind it) — at the variable's line. Cloud Run's public invoker
 * (`allUsers`) is a way in.
 */
function containerCalls(builder: SystemBuilder, state: ModuleState): void {
  const { index } = builder;
  const { module, resources, ids, classes } = state;
  const secrets = secretValues(module, resources);
  const at = (uri: string, span: { start: number; end: number }) => {
    const file = index.get(uri);
    return file ? [sourceAt(file, span.start, span.end)] : [];
  };
  for (const [key, [d]] of resources) {
    const id = ids.get(key);
    const fn = id ? functionContainer(index, module, d) : undefined;
    if (!id || (!fn && !containerServices.has(d.type ?? ''))) continue;
    let specs: ContainerSpec[] = fn ? [fn] : [];
    if (d.type === 'aws_ecs_service') {
      const task = referencesOf(module, attribute(d.block.body, 'task_definition')?.expr).find((r) => r.startsWith('aws_ecs_task_definition.'));
      const definition = task ? resources.get(task)?.[0] : undefined;
      if (definition) specs = taskContainers(index, module, definition);
    } else if (!fn) specs = blockContainers(index, module, d.uri, d.block.body);
    const node = builder.get(id);
    if (!node || specs.length === 0) continue;
    const ports = [...new Set(specs.flatMap((s) => s.ports))];
    if (ports.length > 0) node.ports = [...new Set([...(node.ports ?? []), ...ports])];
    const main = specs.find((s) => s.image);
    if (main?.image) {
      const source = at(main.imageAt.uri, main.imageAt.span);
      const image = source[0] ? builder.image(main.image, source[0]) : undefined;
      if (image) {
        node.image ??= imageRepository(main.image);
        builder.edge({ from: id, to: image, kind: 'runs', label: 'runs', sources: source });
      }
    }
    for (const env of specs.flatMap((s) => s.env)) {
      const sources = at(env.uri, env.span);
      for (const ref of env.references.flatMap((r) => [r, ...(secrets.get(r) ?? [])])) {
        for (const to of targetsOf(builder, ref, ids, classes)) if (to.id !== id) builder.edge({ from: id, to: to.id, kind: 'calls', label: to.technology ?? env.name, sources });
      }
      // A value written as a resource's name is (`DDB_TABLE = var.table`, the table's `name = var.table`): that resource, when one only.
      // (a variable its call passes nothing the map knows is no reference).
      const named = !env.references.some((r) => !r.startsWith('var.') || ids.has(r)) && env.value !== undefined && env.value.length > 2 ? namedAs(builder, state, env.value, id) : undefined;
      if (named) builder.edge({ from: id, to: named.id, kind: 'calls', label: named.technology ?? env.name, sources });
    }
  }
  const target = (expr: Expr | undefined) => referencesOf(module, expr).map((r) => ids.get(r)).find((i) => i !== undefined);
  for (const { service, grant, https } of publicInvokers({ module, resources, keys: (d) => plannedCallKeys(builder.index, module.folder, state.instance.address ?? '', d), target })) {
    const source = sourceOf(builder, location(state.via ?? grant))[0];
    if (source) builder.entry({ to: service, via: 'ingress', label: 'public URL', ...(https ? { protocol: 'HTTPS' } : {}), source });
  }
}

/**
 * How events and users reach functions (issue #79): an API gateway's integration routes its API (a way in) to the
 * function or service it names; a function URL is a way in; a bucket's notifications and a topic's subscriptions
 * trigger the queue, topic or function they name; a Cloud Functions (2nd gen) `event_trigger` is triggered by its topic.
 */
function eventEdges(builder: SystemBuilder, state: ModuleState, at: (d: Declaration) => SystemSource[]): void {
  const { resources, ids } = state;
  const refs = (d: Declaration, names?: readonly string[]) => {
    const exprs: Expr[] = [];
    for (const a of d.block.body.attributes) if (!names || names.includes(a.name)) exprs.push(a.expr);
    for (const { block } of allBlocks(d.block.body)) for (const a of block.body.attributes) if (!names || names.includes(a.name)) exprs.push(a.expr);
    return [...expressionReferences(exprs)].filter((r) => ids.has(r));
  };
  const entered = new Set<string>();
  for (const [key, [d]] of resources) {
    const type = d.type ?? '';
    const source = at(d)[0];
    if (!source) continue;
    if (integrations.has(type)) {
      const found = refs(d);
      const api = found.find((r) => /^aws_api_?gateway(v2)?_(api|rest_api)\./.test(r));
      for (const target of found) {
        if (target === api || !['function', 'service'].includes(builder.get(ids.get(target)!)?.kind ?? '')) continue;
        if (api) builder.edge({ from: ids.get(api)!, to: ids.get(target)!, kind: 'routes', label: 'routes', sources: [source] });
      }
      if (api && !entered.has(api)) {
        entered.add(api);
        builder.entry({ to: ids.get(api)!, via: 'gateway', label: 'API Gateway', source });
      }
    } else if (type === 'aws_lambda_function_url') {
      const fn = refs(d, ['function_name'])[0];
      if (fn) builder.entry({ to: ids.get(fn)!, via: 'ingress', label: 'function URL', source });
    } else if (type === 'aws_s3_bucket_notification' || type === 'aws_sns_topic_subscription') {
      const [from] = refs(d, type === 'aws_s3_bucket_notification' ? ['bucket'] : ['topic_arn']);
      const targets = refs(d, type === 'aws_s3_bucket_notification' ? ['queue_arn', 'lambda_function_arn', 'topic_arn'] : ['endpoint']);
      for (const to of targets) if (from && to !== from) builder.edge({ from: ids.get(from)!, to: ids.get(to)!, kind: 'calls', label: type === 'aws_s3_bucket_notification' ? 'notifies' : 'triggers', sources: [source] });
    } else if (type === 'google_cloudfunctions2_function' && ids.has(key)) {
      for (const trigger of d.block.body.blocks.filter((b) => b.type === 'event_trigger')) {
        const topic = [...expressionReferences([attribute(trigger.body, 'pubsub_topic')?.expr].filter((e): e is Expr => e !== undefined))].find((r) => ids.has(r));
        const file = builder.index.get(d.uri);
        if (topic && file) builder.edge({ from: ids.get(topic)!, to: ids.get(key)!, kind: 'calls', label: 'triggers', sources: [sourceAt(file, trigger.start, trigger.end)] });
      }
    }
  }
}

/** The one component of a module named `name` (not `self`): what a variable holding that name addresses. */
function namedAs(builder: SystemBuilder, state: ModuleState, name: string, self: string): SystemNode | undefined {
  const found = new Set<SystemNode>();
  for (const [key, id] of state.ids) {
    if (key.startsWith('var.')) continue;
    const node = builder.get(id);
    const known = state.classes.get(key);
    if (node && id !== self && node.name === name && known?.role === undefined && componentKinds.has(node.kind)) found.add(node);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** The nodes a reference in an environment reaches: the component it names, or the services a load balancer or target group routes to. */
function targetsOf(builder: SystemBuilder, ref: string, ids: ReadonlyMap<string, string>, classes: ReadonlyMap<string, ResourceClass>): SystemNode[] {
  const id = ids.get(ref);
  const known = classes.get(ref);
  const node = id ? builder.get(id) : undefined;
  if (!node || !known) return [];
  if (known.role !== 'router') return known.role === undefined && ['datastore', 'cache', 'search', 'broker', 'function', 'service'].includes(known.kind) ? [node] : [];
  const found: SystemNode[] = [];
  const routes = [...builder.edges()].filter((e) => e.kind === 'routes');
  const seen = new Set([node.id]);
  const queue = [node.id];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const edge of routes) {
      if (edge.from !== from || seen.has(edge.to)) continue;
      seen.add(edge.to);
      const next = builder.get(edge.to);
      if (next?.kind === 'service' || next?.kind === 'function') found.push(next);
      else if (next) queue.push(next.id);
    }
  }
  return found;
}

/** Whether a call's source is a cluster module itself or one of its sub-modules making a cluster (`//modules/private-cluster`). */
function clusterSubmodule(call: Declaration): boolean {
  const source = staticString(attribute(call.block.body, 'source')?.expr) ?? '';
  const sub = /\/\/modules\/([^/?]+)/.exec(source)?.[1];
  return sub === undefined || sub.includes('cluster');
}

/** The module call an inventory entry of a call (`module.eks`) is, with its module. */
function callAt(index: WorkspaceIndex, at: TerraformLocation): { module: TerraformModule; call: Declaration } | undefined {
  if (!at.address.startsWith('module.')) return undefined;
  const module = moduleAt(index, at.uri.slice(0, at.uri.lastIndexOf('/')));
  const call = declared(module, 'module').get(at.address.slice('module.'.length))?.[0];
  return call ? { module, call } : undefined;
}

function location(d: Declaration): TerraformLocation {
  return { uri: d.uri, address: d.key, span: d.nameSpan };
}

export const terraformSystem: SystemContributor = {
  contribute(builder) {
    // The HCL parser loads once, asynchronously (the feature starts it; prepare awaits it): until then no module is read.
    if (!hclReady()) return;
    const { index } = builder;
    const inventory = terraformInventory(index);
    const byName = new Map<string, string>();
    // The inventory's clusters and databases, by `uri#address`: what a module call or a caller's output reference names.
    const summaries = new Map<string, { id: string; known: ResourceClass }>();
    for (const cluster of inventory.clusters) {
      const call = callAt(index, cluster);
      const called = call ? calledModule(index, call.module, call.call) : undefined;
      // A module of the repository is read: its own cluster resource is the cluster (named by the call's input). A
      // cluster module's sub-module that makes no cluster (`kubernetes-engine//modules/acm`, `asm`, `workload-identity`) is none.
      if ((called && !called.installed) || (call && !clusterSubmodule(call.call))) continue;
      const name = cluster.name ?? (call ? callInput(index, call.module, call.call, ['cluster_name', 'name']) : undefined);
      const id = clusterId({ ...cluster, ...(name ? { name } : {}) });
      const technology = CLUSTER_TECHNOLOGY[cluster.provider];
      builder.node({ id, kind: 'environment', name: name || cluster.address, technology, resource: cluster.address.startsWith('module.') ? 'module' : cluster.address.split('.')[0], sources: sourceOf(builder, cluster) });
      if (name) byName.set(name, id);
      summaries.set(`${cluster.uri}#${cluster.address}`, { id, known: { kind: 'environment', technology, role: 'cluster' } });
    }
    // Databases the well-known modules create (resources are the inventory's), unless the module is read (its resources are drawn).
    for (const store of inventory.dataStores) {
      if (store.kind !== 'database' || !store.address.startsWith('module.')) continue;
      const call = callAt(index, store);
      if (call && calledModule(index, call.module, call.call)) continue;
      const id = `terraform:${store.type}:${store.name || `${store.uri}#${store.address}`}`;
      const technology = databaseTechnology(store);
      builder.node({ id, kind: 'datastore', name: store.name || store.address, technology, resource: store.type, sources: sourceOf(builder, store) });
      summaries.set(`${store.uri}#${store.address}`, { id, known: { kind: 'datastore', technology } });
    }
    contributeInventory(builder, summaries);
    if (byName.size > 0) applicationEdges(builder, byName);
  },
  refine(builder) {
    const clusters = [...builder.nodes()].filter((n) => n.id.startsWith('terraform:cluster:') && n.sources.length > 0);
    if (clusters.length === 0) return;
    for (const namespace of [...builder.nodes()]) {
      if (namespace.kind !== 'namespace' || namespace.parent !== undefined || !namespace.id.startsWith('k8s:') || namespace.sources.length === 0) continue;
      const cluster = nearestCluster(namespace.sources[0].uri, clusters);
      if (cluster) builder.node({ ...namespace, parent: cluster.id });
    }
  },
};
