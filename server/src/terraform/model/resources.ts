/**
 * The managed resources of a plan (plan.ts), one per instance as `terraform plan` lists them: `count` and
 * `for_each` expanded in their module instance's scope, attributes evaluated (evaluate.ts), `dynamic` blocks
 * expanded, and where each one is (its own `region`/`location`, a Google `zone`'s region, else the region of the
 * provider configuration it uses — in a child module, the one its caller passes).
 */
import { attribute, type Body, type Expr, type Span } from '../syntax/syntax';
import { evaluate, type Budget, type Scope } from './evaluate';
import { declared, type Declaration } from './model';
import { keyText, MAX_INSTANCES, repetition, type Plan, type PlannedModule } from './plan';
import { asString, isList, isMap, isUnknown, mapOf, sortedKeys, toJson, whollyKnown, type Value } from './values';

/** A resource's body as evaluated. */
export interface ResourceBody {
  /** The attributes whose value is a known string, number or boolean, as text. */
  attributes: Record<string, string>;
  /** The attributes whose value is known all through, as JSON (lists and maps included: `instance_types = ["m5.large"]`). */
  values?: Record<string, unknown>;
  /** The attributes whose value is a list of known length with unknown items (`subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]`): that length. */
  lengths?: Record<string, number>;
  /** Every attribute written, known or not (`host_id = aws_ec2_host.mac.id`). */
  written: string[];
  /** Nested blocks by type, in file order, `dynamic` ones expanded (`root_block_device`, `ebs_block_device`). */
  blocks: Record<string, ResourceBody[]>;
}

export interface PlannedResource extends ResourceBody {
  uri: string;
  /** The instance's address as Terraform names it (`module.db.aws_db_instance.this[0]`, `aws_instance.web["a"]`). */
  address: string;
  span: Span;
  type: string;
  /** The root module folder whose plan holds it. */
  root: string;
  /** Its module instance's address (`module.db`); absent in a root module. */
  module?: string;
  region?: string;
  /** Why its instances could not be counted (a `count` or `for_each` not known): it stands as one. */
  unexpanded?: string;
  /**
   * The resource each top-level attribute names (`cluster = google_container_cluster.x.id`), by its address in the
   * same module instance (`module.gke.google_container_cluster.x`, `aws_launch_template.t[0]`): what a price needs to
   * read of another resource (a node pool's cluster's location), as Terraform's graph links them.
   */
  links?: Record<string, string>;
}

const MAX_RESOURCES = 100_000;
const META = new Set(['count', 'for_each', 'depends_on', 'provider']);
const MAX_BLOCK_DEPTH = 4;
/** How many parents (`…_id`) an Azure resource's region is looked for through. */
const MAX_PARENT_DEPTH = 4;

function body(b: Body, scope: Scope, budget: Budget, depth = 0): ResourceBody {
  const attributes: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const written: string[] = [];
  let lengths: Record<string, number> | undefined;
  for (const a of b.attributes) {
    const v = evaluate(a.expr, scope, budget);
    // An attribute set to null is, to Terraform and its provider, one left unset (`storage_type = var.storage_type`
    // with the module's default null): its provider default applies, as when it is not written.
    if (v !== null) written.push(a.name);
    const text = asString(v);
    if (text !== undefined) attributes[a.name] = text;
    // The meta-arguments' values are the instances themselves (a `for_each` map of every instance's settings).
    if (!isUnknown(v) && whollyKnown(v) && !META.has(a.name)) values[a.name] = toJson(v);
    else if (isList(v) && !META.has(a.name)) (lengths ??= {})[a.name] = v.length;
  }
  const blocks: Record<string, ResourceBody[]> = {};
  if (depth < MAX_BLOCK_DEPTH) {
    for (const block of b.blocks) {
      if (block.type !== 'dynamic') {
        (blocks[block.type] ??= []).push(body(block.body, scope, budget, depth + 1));
        continue;
      }
      const name = block.labels[0]?.value;
      const content = block.body.blocks.find((x) => x.type === 'content');
      if (!name || !content) continue;
      const iterator = attribute(block.body, 'iterator')?.expr;
      const as = iterator?.kind === 'traversal' ? iterator.root.name : name;
      const collection = evaluate(attribute(block.body, 'for_each')?.expr, scope, budget);
      const pairs: [Value, Value][] = isList(collection) ? collection.map((v, i) => [i, v]) : isMap(collection) ? sortedKeys(collection).map((k) => [k, collection[k]]) : [];
      for (const [key, value] of pairs.slice(0, MAX_INSTANCES)) {
        const names = new Map(scope.names ?? []);
        names.set(as, mapOf([['key', key], ['value', value]]));
        (blocks[name] ??= []).push(body(content.body, { ...scope, names }, budget, depth + 1));
      }
    }
  }
  return { attributes, values, ...(lengths ? { lengths } : {}), written, blocks };
}

/** A provider configuration's key written as a reference (`aws.paris`). */
const traversalKey = (expr: Expr | undefined): string | undefined => (expr?.kind === 'traversal' ? [expr.root.name, ...expr.steps.flatMap((s) => (s.kind === 'attr' ? [s.name] : []))].join('.') : undefined);

/** A Google zone's region (`europe-west1-b` → `europe-west1`). */
export function zoneRegion(zone: string): string | undefined {
  return /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(zone)?.[1];
}

/** The region of a provider configuration of a module instance, or of the one its caller passes it (`providers = { aws = aws.paris }`, else its own of that name). */
function providerRegion(instance: PlannedModule, key: string, budget: Budget): string | undefined {
  let at: PlannedModule | undefined = instance;
  let name = key;
  for (let depth = 0; at && depth < 20; depth++) {
    const config = declared(at.module, 'provider').get(name)?.[0];
    if (config) {
      const region = asString(evaluate(attribute(config.block.body, 'region')?.expr, at.scope, budget));
      const zone = region === undefined ? asString(evaluate(attribute(config.block.body, 'zone')?.expr, at.scope, budget)) : undefined;
      return region ?? (zone !== undefined ? zoneRegion(zone) : undefined);
    }
    const passed = at.call ? attribute(at.call.block.body, 'providers')?.expr : undefined;
    const entry = passed?.kind === 'object' ? passed.items.find((i) => traversalKey(i.key) === name || asString(evaluate(i.key, at!.scope, budget)) === name) : undefined;
    name = traversalKey(entry?.value) ?? name;
    at = at.parent;
  }
  return undefined;
}

/** Where a resource instance is: its own `region`/`location` (or the one of the resource it names), a `zone`'s region, an Azure resource's group's location or its parent's, else its provider's. */
function regionOf(instance: PlannedModule, d: Declaration, scope: Scope, budget: Budget, depth = 0): string | undefined {
  const own = attribute(d.block.body, 'region') ?? attribute(d.block.body, 'location');
  const written = own ? evaluate(own.expr, scope, budget) : null;
  // `region = var.region` left null (the AWS provider 6's per-resource region): the provider's.
  if (own && written !== null) {
    const value = asString(written);
    if (value !== undefined) return value;
    // `location = azurerm_resource_group.x.location`: that resource's own value.
    const e = own.expr;
    if (e.kind === 'traversal' && e.steps.length === 2 && e.steps[0].kind === 'attr' && e.steps[1].kind === 'attr') {
      const target = declared(instance.module, 'resource').get(`${e.root.name}.${e.steps[0].name}`)?.[0];
      const found = target ? attribute(target.block.body, e.steps[1].name) : undefined;
      return found ? asString(evaluate(found.expr, instance.scope, budget)) : undefined;
    }
    return undefined;
  }
  const zone = asString(evaluate(attribute(d.block.body, 'zone')?.expr, scope, budget));
  if (zone !== undefined && d.type?.startsWith('google_')) return zoneRegion(zone);
  // An Azure resource with no location of its own (a DNS zone) is where its resource group is, as Azure places it.
  const group = d.type?.startsWith('azurerm_') ? attribute(d.block.body, 'resource_group_name')?.expr : undefined;
  if (group?.kind === 'traversal' && group.root.name === 'azurerm_resource_group' && group.steps.length === 2 && group.steps[0].kind === 'attr') {
    const target = declared(instance.module, 'resource').get(`azurerm_resource_group.${group.steps[0].name}`)?.[0];
    const location = target ? attribute(target.block.body, 'location') : undefined;
    const value = location ? asString(evaluate(location.expr, instance.scope, budget)) : undefined;
    if (value !== undefined) return value;
  }
  // Nor of a group (an AKS node pool, a database on its server, a compute instance in its workspace): where its parent is,
  // the Azure resource its `…_id` names (`kubernetes_cluster_id = azurerm_kubernetes_cluster.x.id`), as Azure places it.
  // A GKE node pool with no location of its own is where the cluster its `cluster` names is, as GKE places it.
  const parentRef = d.type?.startsWith('azurerm_') ? (name: string) => name.endsWith('_id') : d.type === 'google_container_node_pool' ? (name: string) => name === 'cluster' : undefined;
  if (parentRef && depth < MAX_PARENT_DEPTH) {
    for (const a of d.block.body.attributes) {
      const e = a.expr;
      if (!parentRef(a.name) || e.kind !== 'traversal' || !/^(azurerm|google)_/.test(e.root.name) || e.steps.length === 0) continue;
      const [first] = e.steps;
      if (first.kind !== 'attr') continue;
      const target = declared(instance.module, 'resource').get(`${e.root.name}.${first.name}`)?.[0];
      const value = target ? regionOf(instance, target, instance.scope, budget, depth + 1) : undefined;
      if (value !== undefined) return value;
    }
  }
  const key = traversalKey(attribute(d.block.body, 'provider')?.expr) ?? (d.type ?? '').split('_', 1)[0];
  return providerRegion(instance, key, budget);
}

/** The resources a body's attributes name (`type.name.attr`, `type.name[0].attr`) in the same module instance, by their address. */
function linksOf(instance: PlannedModule, b: Body, prefix: string, scope: Scope, budget: Budget): Record<string, string> | undefined {
  let links: Record<string, string> | undefined;
  // A nested block's as `block.attr` (`launch_template { id = aws_launch_template.x.id }`: `launch_template.id`), down to
  // four levels (`mixed_instances_policy.launch_template.launch_template_specification.launch_template_id`).
  const attributes: { name: string; expr: Expr }[] = [];
  const collect = (body: Body, path: string, depth: number): void => {
    for (const a of body.attributes) attributes.push({ name: `${path}${a.name}`, expr: a.expr });
    if (depth < 4) for (const k of body.blocks) if (k.type !== 'dynamic') collect(k.body, `${path}${k.type}.`, depth + 1);
  };
  collect(b, '', 0);
  for (const a of attributes) {
    let e = a.expr;
    // A string naming one resource's attribute (`"replication-group/${aws_elasticache_replication_group.x.replication_group_id}"`): that resource.
    if (e.kind === 'template') {
      const interpolated = e.parts.flatMap((p) => (p.kind === 'interp' ? [p.expr] : []));
      if (interpolated.length === 1 && e.parts.every((p) => p.kind === 'text' || p.kind === 'interp')) e = interpolated[0];
    }
    // `local.name` whose value is written as a resource's attribute (`launch_template_name = aws_launch_template.x.name`):
    // that resource, a few locals deep at most.
    for (let hop = 0; hop < 4 && e.kind === 'traversal' && e.root.name === 'local' && e.steps[0]?.kind === 'attr'; hop++) {
      const next = declared(instance.module, 'local').get(e.steps[0].name)?.[0]?.attribute?.expr;
      if (!next) break;
      e = next;
    }
    if (e.kind !== 'traversal' || !/^(aws|google|azurerm)_/.test(e.root.name) || e.steps[0]?.kind !== 'attr') continue;
    const key = `${e.root.name}.${e.steps[0].name}`;
    if (!declared(instance.module, 'resource').has(key)) continue;
    // `type.name[i].attr`, or the legacy splat `type.name.*.attr[i]` (the i-th instance's attribute).
    const [, first, second, third] = e.steps;
    const step = first?.kind === 'index' ? first : first?.kind === 'splat' && second?.kind === 'attr' && third?.kind === 'index' ? third : undefined;
    const index = step ? evaluate(step.key, scope, budget) : undefined;
    const at = typeof index === 'number' || typeof index === 'string' ? keyText(index) : '';
    (links ??= {})[a.name] = `${prefix}${key}${at}`;
  }
  return links;
}

/** Every managed resource instance of a plan. */
export function plannedResources(plan: Plan): PlannedResource[] {
  const out: PlannedResource[] = [];
  const { budget } = plan;
  for (const instance of plan.modules) {
    const prefix = instance.address ? `${instance.address}.` : '';
    for (const [, [d]] of declared(instance.module, 'resource')) {
      if (out.length >= MAX_RESOURCES) return out;
      const base = { uri: d.uri, span: d.nameSpan, type: d.type ?? '', root: instance.root, ...(instance.address ? { module: instance.address } : {}) };
      const { kind, keys } = repetition(d.block.body, instance.scope, budget);
      const at = (scope: Scope) => {
        const region = regionOf(instance, d, scope, budget);
        return region !== undefined ? { region } : {};
      };
      if (kind && !keys) {
        out.push({ ...base, address: `${prefix}${d.key}`, ...at(instance.scope), ...body(d.block.body, instance.scope, budget), unexpanded: kind === 'count' ? 'count is not a literal number' : 'for_each is not a literal collection' });
        continue;
      }
      for (const each of keys ?? [undefined]) {
        const scope: Scope = !each ? instance.scope : kind === 'count' ? { ...instance.scope, count: each.key as number } : { ...instance.scope, each: { key: each.key, value: each.value } };
        const links = linksOf(instance, d.block.body, prefix, scope, budget);
        out.push({ ...base, address: `${prefix}${d.key}${each ? keyText(each.key) : ''}`, ...at(scope), ...body(d.block.body, scope, budget), ...(links ? { links } : {}) });
      }
    }
  }
  return out;
}
