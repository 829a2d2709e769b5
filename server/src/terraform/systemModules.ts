/**
 * Module calls on the system map (issue #79): a call whose module is read — a local source's folder of the
 * repository, or the folder `terraform init` installed a registry or git source in (`.terraform/modules/modules.json`,
 * read bounded and confined by installedModules.ts) — draws that module's resources; a call to a common registry
 * module whose files are not read is summarised by what the module is known to create (the table below). Either way,
 * `module.<name>.<output>` in a caller reads as the resource the output names, so an environment variable set from a
 * module's output is a call to what the module creates. Pure: modules in, keys and classes out (system.ts draws them).
 */
import type { WorkspaceIndex } from '../workspace/index';
import { bindingOf, boundModule, callersOf, calledModule } from './model/moduleCalls';
import { declared, moduleAt, objectKey, terraformFileKind, terraformFilesByFolder, type Declaration, type TerraformModule } from './model/model';
import { attribute, staticString, subExpressions, type Expr, type Step } from './syntax/syntax';
import { literalValue, moduleAddress, plannedCallKeys } from './api';
import { RESOURCES } from './systemResources';

/** What a common registry module creates, by its registry address, and the inputs naming it (the first written wins). */
interface ModuleClass {
  kind: string;
  technology: string;
  names: readonly string[];
  role?: 'network' | 'router';
}

/**
 * The common registry modules that create one thing the map shows (their README's inputs on registry.terraform.io;
 * the clusters and databases of terraform-aws-modules/eks, rds, rds-aurora and the GKE and Cloud SQL modules are the
 * inventory's, api.ts). A network is where things run (a `parent`), not a box.
 */
const MODULE_CLASSES: Record<string, ModuleClass> = {
  'terraform-aws-modules/vpc/aws': { kind: 'environment', technology: 'Amazon VPC', names: ['name'], role: 'network' },
  'terraform-aws-modules/elasticache/aws': { kind: 'cache', technology: 'Amazon ElastiCache', names: ['replication_group_id', 'cluster_id'] },
  'terraform-aws-modules/sqs/aws': { kind: 'broker', technology: 'Amazon SQS', names: ['name'] },
  'terraform-aws-modules/sns/aws': { kind: 'broker', technology: 'Amazon SNS', names: ['name'] },
  'terraform-aws-modules/msk-kafka-cluster/aws': { kind: 'broker', technology: 'Amazon MSK', names: ['name'] },
  'terraform-aws-modules/s3-bucket/aws': { kind: 'datastore', technology: 'Amazon S3', names: ['bucket'] },
  'terraform-aws-modules/dynamodb-table/aws': { kind: 'datastore', technology: 'Amazon DynamoDB', names: ['name'] },
  'terraform-aws-modules/opensearch/aws': { kind: 'search', technology: 'Amazon OpenSearch Service', names: ['domain_name'] },
  'terraform-aws-modules/lambda/aws': { kind: 'function', technology: 'AWS Lambda', names: ['function_name'] },
  'terraform-aws-modules/alb/aws': { kind: 'infrastructure', technology: 'Application Load Balancer', names: ['name'], role: 'router' },
  'terraform-google-modules/network/google': { kind: 'environment', technology: 'VPC network', names: ['network_name'], role: 'network' },
  'terraform-google-modules/memorystore/google': { kind: 'cache', technology: 'Memorystore for Redis', names: ['name'] },
  'terraform-google-modules/pubsub/google': { kind: 'broker', technology: 'Pub/Sub', names: ['topic'] },
};

/** A registry module's class, from the call's source (a git address of its repository reads as the same). */
export function moduleClassOf(call: Declaration): { address: string; known: ModuleClass | undefined } | undefined {
  const source = staticString(attribute(call.block.body, 'source')?.expr);
  if (source === undefined) return undefined;
  const address = moduleAddress(source);
  return { address, known: MODULE_CLASSES[address] };
}

/** A module the map reads, and the call of the workspace that brought it in when init installed it (its sources point there). */
interface MapModule {
  module: TerraformModule;
  /** For an installed module (not in the index): the workspace's call that installed it, outermost first. */
  via?: Declaration;
  /** For an installed module: the call naming it, in its caller (the index does not list callers inside installed modules). */
  caller?: { module: TerraformModule; call: Declaration };
}

/** At most this many installed modules read for one map (a module calling modules calling modules). */
const MAX_INSTALLED = 200;

/**
 * The modules the map reads: every folder of the index with configuration files, then the modules init installed that
 * their calls name (and the calls inside those), breadth first, each folder once. Not a folder's module past the module
 * bound (model.ts MAX_MODULE_TEXT): what it declares is partly unread, as for its checks (issue #84: drawing the 22,000
 * resources read of a 100,000-resource module took 60 % of the check's CPU and set its peak, 285 MB).
 */
export function mapModules(index: WorkspaceIndex): MapModule[] {
  const out: MapModule[] = [];
  const seen = new Set<string>();
  for (const [folder, uris] of terraformFilesByFolder(index)) {
    if (!uris.some((uri) => terraformFileKind(uri) === 'config')) continue;
    seen.add(folder);
    const module = moduleAt(index, folder);
    if (!module.limit) out.push({ module });
  }
  let installed = 0;
  for (let i = 0; i < out.length && installed < MAX_INSTALLED; i++) {
    const { module, via } = out[i];
    for (const [, [call]] of declared(module, 'module')) {
      const called = calledModule(index, module, call);
      if (!called?.installed || seen.has(called.folder)) continue;
      seen.add(called.folder);
      out.push({ module: called, via: via ?? call, caller: { module, call } });
      if (++installed >= MAX_INSTALLED) break;
    }
  }
  return out;
}

/** An output's value expression in a module, undefined when it declares no such output. */
export function outputValue(module: TerraformModule, output: string): Expr | undefined {
  const d = declared(module, 'output').get(output)?.[0];
  return d ? attribute(d.block.body, 'value')?.expr : undefined;
}

/**
 * One instance of a module on the map (issue #79: identity is the module instance). A local module called from two
 * places (`module "orders"` and `module "payments"` of `./modules/svc`), or by a call with `count`/`for_each` whose keys
 * the files say, is read once per instance, its variables at what that instance's call passes; a module called once, a
 * root or an installed module is one instance, read as before.
 */
export interface ModuleInstance extends MapModule {
  /** The instance's address (`module.orders`, `module.svc["a"]`, `module.app.module.db`); undefined for a root module. */
  address?: string;
  /** Its name on the map when its resources say none (`orders`, `svc["a"]`). */
  label?: string;
  /** The calls making it, outermost first (each instance's own lines). */
  calls: Declaration[];
  /** The instance it is called from and the call (its `module.<name>` keys), for a local module. */
  parent?: { instance: ModuleInstance; call: Declaration; key?: string };
  /** Its module has other instances on the map: its resources are nodes of their own. */
  several: boolean;
  /** Called with `count`/`for_each` whose keys the files do not say: one instance stands for them. */
  repeated?: 'count' | 'for_each';
}

/** At most this many instances of modules per map, keys of one repeated call. */
const MAX_INSTANCES = 1000;
const MAX_KEYS = 100;

/** The keys of a call's instances: none when it does not repeat, the keys written literally, else `unknown`. */
function callInstances(index: WorkspaceIndex, caller: TerraformModule, call: Declaration, address: string): { kind?: 'count' | 'for_each'; keys?: { key: string; value?: Expr }[] } {
  const found = literalInstances(index, caller, call);
  if (!found.kind || found.keys) return found;
  // Not literal: as the evaluation knows them (`count = var.create ? 1 : 0`, issue #93), keys alone.
  const planned = plannedCallKeys(index, caller.folder, address, call);
  return planned && planned.length <= MAX_KEYS ? { kind: found.kind, keys: planned.map((key) => ({ key })) } : found;
}

function literalInstances(index: WorkspaceIndex, caller: TerraformModule, call: Declaration): { kind?: 'count' | 'for_each'; keys?: { key: string; value?: Expr }[] } {
  const count = attribute(call.block.body, 'count')?.expr;
  if (count) {
    const n = Number(literalValue(index, caller, count));
    return { kind: 'count', ...(Number.isInteger(n) && n >= 0 && n <= MAX_KEYS ? { keys: Array.from({ length: n }, (_, i) => ({ key: String(i) })) } : {}) };
  }
  let each = attribute(call.block.body, 'for_each')?.expr;
  if (!each) return {};
  // `local.services`, `toset(local.services)`, a local naming a local: followed a few steps.
  for (let depth = 0; depth < 6; depth++) {
    if (each?.kind === 'traversal' && each.root.name === 'local' && each.steps.length === 1 && each.steps[0].kind === 'attr') each = declared(caller, 'local').get(each.steps[0].name)?.[0]?.attribute?.expr;
    else if (each?.kind === 'call' && each.name.name === 'toset' && each.args.length === 1) each = each.args[0];
    else break;
  }
  if (each?.kind === 'tuple' && each.items.length <= MAX_KEYS) {
    const items = each.items.map((value) => ({ key: staticString(value), value }));
    if (items.every((k) => k.key !== undefined)) return { kind: 'for_each', keys: items.filter((k, i) => items.findIndex((o) => o.key === k.key) === i) as { key: string; value: Expr }[] };
  }
  if (each?.kind === 'object' && each.items.length <= MAX_KEYS) {
    const keys = each.items.map((item) => ({ key: objectKey(item.key), value: item.value }));
    if (keys.every((k) => k.key !== undefined)) return { kind: 'for_each', keys: keys as { key: string; value: Expr }[] };
  }
  return { kind: 'for_each' };
}

/** An instance's key as Terraform writes it in an address: `["a"]`, `[0]`. */
const keyText = (kind: 'count' | 'for_each', key: string) => (kind === 'count' ? `[${key}]` : `["${key}"]`);

/**
 * The instances of the modules the map reads (mapModules), in its order: a local module once per call of each of its
 * callers' instances and per key of a repeated call; a module nobody calls, an installed module, once. Iterative and
 * bounded: a cycle of calls (an invalid configuration) reads its modules as roots.
 */
export function mapInstances(index: WorkspaceIndex, read: readonly MapModule[]): ModuleInstance[] {
  const local = new Map(read.filter((m) => !m.module.installed).map((m) => [m.module.folder, m]));
  const callers = new Map<string, { module: TerraformModule; call: Declaration }[]>();
  for (const folder of local.keys()) callers.set(folder, callersOf(index, folder).filter((c) => local.has(c.module.folder) && c.module.folder !== folder && calledModule(index, c.module, c.call)?.folder === folder));
  const done = new Map<string, ModuleInstance[]>();
  let total = 0;
  const root = (m: MapModule): ModuleInstance[] => [{ ...m, calls: [], several: false }];
  for (const start of local.keys()) {
    // Depth first over the callers, without recursion: a folder is expanded once its callers are.
    const stack = [start];
    const open = new Set<string>();
    while (stack.length > 0) {
      const folder = stack[stack.length - 1];
      if (done.has(folder)) {
        stack.pop();
        continue;
      }
      const mine = callers.get(folder) ?? [];
      const waiting = mine.filter((c) => !done.has(c.module.folder) && !open.has(c.module.folder));
      if (!open.has(folder) && waiting.length > 0) {
        open.add(folder);
        for (const c of waiting) stack.push(c.module.folder);
        continue;
      }
      stack.pop();
      open.delete(folder);
      const m = local.get(folder)!;
      const instances: ModuleInstance[] = [];
      // Calls whose instances are known to be none (`count = var.create ? 1 : 0`, create = false): the module is not drawn.
      let none = mine.length > 0;
      for (const { module: callerModule, call } of mine) {
        for (const parent of done.get(callerModule.folder) ?? []) {
          const { kind, keys } = callInstances(index, parent.module, call, parent.address ?? '');
          if (!keys || keys.length > 0) none = false;
          const prefix = `${parent.address ? `${parent.address}.` : ''}module.${call.name}`;
          for (const each of keys ?? [undefined]) {
            if (total >= MAX_INSTANCES) break;
            total++;
            const at = each && kind ? keyText(kind, each.key) : '';
            const callerView = each ? boundModule(parent.module, { ...bindingOf(parent.module), each }) : parent.module;
            instances.push({
              module: boundModule(m.module, { caller: { module: callerView, call } }),
              address: `${prefix}${at}`,
              label: `${call.name}${at}`,
              calls: [...parent.calls, call],
              parent: { instance: parent, call, ...(each ? { key: each.key } : {}) },
              several: false,
              ...(kind && !keys ? { repeated: kind } : {}),
            });
          }
        }
      }
      const list = instances.length > 0 ? instances : none ? [] : root(m);
      if (list.length > 1) for (const instance of list) instance.several = true;
      done.set(folder, list);
    }
  }
  return read.flatMap((m) => (m.module.installed ? root(m) : (done.get(m.module.folder) ?? root(m))));
}

/**
 * The key a reference to a module's output is read at on the map: `module.db.address`, `module.db` alone, an instance
 * of a repeated call `module.svc["a"].url` as `module.svc[a].url`.
 */
export function moduleKey(steps: readonly Step[]): string | undefined {
  const [call, ...rest] = steps;
  if (call?.kind !== 'attr') return undefined;
  let key = `module.${call.name}`;
  let next = rest[0];
  if (next?.kind === 'index') {
    const at = staticString(next.key);
    if (at !== undefined) key += `[${at}]`;
    next = rest[1];
  }
  return next?.kind === 'attr' ? `${key}.${next.name}` : key;
}

/** What `references` finds in expressions. */
export function expressionReferences(exprs: readonly Expr[]): Set<string> {
  const found = new Set<string>();
  for (const expr of exprs) {
    for (const e of subExpressions(expr)) {
      if (e.kind !== 'traversal') continue;
      const [step] = e.steps;
      if (step?.kind === 'attr' && RESOURCES[e.root.name]) found.add(`${e.root.name}.${step.name}`);
      else if (e.root.name === 'module') {
        const key = moduleKey(e.steps);
        if (key) found.add(key);
      }
      // A variable of a module instance is what its call passes (`var.queue_url`: `module.payments.queue_url` in the caller).
      else if (step?.kind === 'attr' && e.root.name === 'var') found.add(`var.${step.name}`);
    }
  }
  return found;
}

/** A map whose `module.<name>.<output>` keys fall back to `module.<name>`'s value: a module summarised as one node is what each of its outputs names. */
export class ModuleKeyed<V> extends Map<string, V> {
  override get(key: string): V | undefined {
    const own = super.get(key);
    if (own !== undefined || !key.startsWith('module.')) return own;
    const parts = key.split('.');
    const found = parts.length > 2 ? super.get(`${parts[0]}.${parts[1]}`) : undefined;
    // `module.svc[0].url` of a call read as one repeated instance is `module.svc.url`.
    const bracket = parts[1].indexOf('[');
    const bare = bracket > 0 ? parts[1].slice(0, bracket) : parts[1];
    return found ?? (bare !== parts[1] ? this.get([parts[0], bare, ...parts.slice(2)].join('.')) : undefined);
  }
  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}
