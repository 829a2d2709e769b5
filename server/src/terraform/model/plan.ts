/**
 * The workspace's Terraform as `terraform plan` would expand it offline (issue #93): every root module (a folder of
 * configuration nobody in the workspace calls), its module calls followed — a local source's folder, or the folder
 * `terraform init` installed a registry or git source in (installedModules.ts) — with the caller's arguments bound to
 * the module's variables, `count` and `for_each` expanded where their values are known, instances named as Terraform
 * names them (`module.db.module.db_instance.aws_db_instance.this[0]`). A root's variables come from its
 * `terraform.tfvars`, `*.auto.tfvars` and the var files the caller passes, else their defaults. A call whose module is
 * not read (a registry module not fetched) is listed, never counted as nothing.
 *
 * Bounded: module instances, nesting and resource instances have ceilings; every expression shares one Budget.
 */
import type { WorkspaceIndex } from '../../workspace/index';
import { parseTerraformJson } from '../syntax/json';
import { parseHcl } from '../syntax/parse';
import { attribute, staticString, type Body, type Span } from '../syntax/syntax';
import { Budget, evaluate, type Scope } from './evaluate';
import { converted } from './typeConvert';
import { callersOf, calledModule, isLocalSource } from './moduleCalls';
import { declared, moduleAt, syntaxOf, terraformFileKind, terraformFilesByFolder, type Declaration, type TerraformModule } from './model';
import { asBool, asNumber, asString, isList, isMap, mapOf, sortedKeys, UNKNOWN, type Value } from './values';

/** A variables file given to the evaluation (the CLI's `--var-file`): read after the root's own, later ones winning. */
export interface VarFile {
  uri: string;
  text: string;
  /** The root module folder it applies to; every root when absent. */
  root?: string;
}

export interface PlanOptions {
  varFiles?: readonly VarFile[];
}

/** One instance of a module: a root, or a call's instance (`module.db`, `module.x["k"]`). */
export interface PlannedModule {
  module: TerraformModule;
  /** `''` for a root module. */
  address: string;
  /** The root module's folder. */
  root: string;
  parent?: PlannedModule;
  /** The call making it, in its parent's module. */
  call?: Declaration;
  /** Its key in a repeated call (`count.index`, `each.key`). */
  key?: string | number;
  scope: Scope;
}

/** A module call whose module is not read: its source and version as written, and why. */
export interface ModuleNotRead {
  /** The call's address (`module.kms`, `module.db.module.kms`). */
  address: string;
  source: string;
  version?: string;
  reason: string;
  uri: string;
  span: Span;
  root: string;
}

export interface Plan {
  modules: PlannedModule[];
  notRead: ModuleNotRead[];
  budget: Budget;
}

/** At most this many module instances per plan, this deep. */
const MAX_MODULES = 2000;
const MAX_NESTING = 16;
/** At most this many instances of one `count`/`for_each`. */
export const MAX_INSTANCES = 1000;

/** The instances of a `count` or `for_each` in a scope: none when neither is written, `unknown` when they are not known. */
export function repetition(body: Body, scope: Scope, budget: Budget): { kind?: 'count' | 'for_each'; keys?: { key: string | number; value: Value }[] } {
  const count = attribute(body, 'count')?.expr;
  if (count) {
    const n = asNumber(evaluate(count, scope, budget));
    return { kind: 'count', ...(n !== undefined && Number.isInteger(n) && n >= 0 && n <= MAX_INSTANCES ? { keys: Array.from({ length: n }, (_, i) => ({ key: i, value: i })) } : {}) };
  }
  const forEach = attribute(body, 'for_each')?.expr;
  if (!forEach) return {};
  const v = evaluate(forEach, scope, budget);
  if (isMap(v)) {
    const keys = sortedKeys(v);
    return { kind: 'for_each', ...(keys.length <= MAX_INSTANCES ? { keys: keys.map((key) => ({ key, value: v[key] })) } : {}) };
  }
  if (isList(v)) {
    // A set of strings: each string its key and value (Terraform refuses a list; a tuple of strings is read as its set).
    const keys = v.map(asString);
    if (keys.length > MAX_INSTANCES || !keys.every((k): k is string => k !== undefined)) return { kind: 'for_each' };
    return { kind: 'for_each', keys: [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((key) => ({ key, value: key })) };
  }
  return { kind: 'for_each' };
}

/** An instance key as Terraform writes it in an address: `[0]`, `["a"]`. */
export const keyText = (key: string | number): string => (typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`);

/** A variables file's values (constants: a tfvars file names nothing). */
function varFileValues(body: Body, budget: Budget): Map<string, Value> {
  const none: Scope = { variable: () => UNKNOWN, local: () => UNKNOWN, module: () => UNKNOWN };
  return new Map(body.attributes.map((a) => [a.name, evaluate(a.expr, none, budget)]));
}

/** The values a root's variables get from its own files (terraform.tfvars[.json], then *.auto.tfvars[.json] in name order) and the var files given. */
function rootValues(index: WorkspaceIndex, folder: string, options: PlanOptions, budget: Budget): Map<string, Value> {
  const uris = (terraformFilesByFolder(index).get(folder) ?? []).filter((uri) => terraformFileKind(uri) === 'vars');
  const name = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
  const own = [...uris.filter((u) => /^terraform\.tfvars(\.json)?$/.test(name(u))), ...uris.filter((u) => /\.auto\.tfvars(\.json)?$/.test(name(u))).sort()];
  const values = new Map<string, Value>();
  for (const uri of own) {
    const file = index.get(uri);
    if (file && !file.skipped) for (const [k, v] of varFileValues(syntaxOf(file).body, budget)) values.set(k, v);
  }
  for (const file of options.varFiles ?? []) {
    if (file.root !== undefined && file.root !== folder) continue;
    const syntax = /\.json$/i.test(file.uri) ? parseTerraformJson(file.text, true) : parseHcl(file.text);
    for (const [k, v] of varFileValues(syntax.body, budget)) values.set(k, v);
  }
  return values;
}

/** A scope whose names are computed on first read and kept; a name read while it is being computed (a cycle) is unknown. */
function lazy(compute: (name: string) => Value): (name: string) => Value {
  const kept = new Map<string, Value>();
  const open = new Set<string>();
  return (name) => {
    const known = kept.get(name);
    if (known !== undefined) return known;
    if (open.has(name)) return UNKNOWN;
    open.add(name);
    try {
      const v = compute(name);
      kept.set(name, v);
      return v;
    } finally {
      open.delete(name);
    }
  };
}

class Planner {
  readonly modules: PlannedModule[] = [];
  readonly notRead: ModuleNotRead[] = [];
  private readonly children = new Map<PlannedModule, Map<string, { instances: PlannedModule[]; kind?: 'count' | 'for_each'; known: boolean }>>();
  /** Folders some call names (whether or not it has instances): not roots. */
  readonly called = new Set<string>();

  constructor(
    readonly index: WorkspaceIndex,
    readonly options: PlanOptions,
    readonly budget: Budget,
  ) {}

  /** A module instance's scope: its variables from its call (or its root's files), its locals, its calls' outputs. */
  instance(module: TerraformModule, address: string, root: string, parent?: { module: PlannedModule; call: Declaration; scope: Scope; key?: string | number }): PlannedModule {
    const budget = this.budget;
    const rootVars = parent ? undefined : rootValues(this.index, module.folder, this.options, budget);
    const planned: PlannedModule = { module, address, root, ...(parent ? { parent: parent.module, call: parent.call } : {}), ...(parent?.key !== undefined ? { key: parent.key } : {}), scope: undefined as unknown as Scope };
    const variable = lazy((name) => {
      const d = declared(module, 'variable').get(name)?.[0];
      const typed = (_: Declaration | undefined, v: Value) => converted(attribute(d?.block.body ?? { attributes: [], blocks: [] }, 'type')?.expr, v, budget);
      const fallback = () => evaluate(attribute(d?.block.body ?? { attributes: [], blocks: [] }, 'default')?.expr, planned.scope, budget);
      const hasDefault = d !== undefined && attribute(d.block.body, 'default') !== undefined;
      if (rootVars) return typed(d, rootVars.has(name) ? rootVars.get(name)! : hasDefault ? fallback() : UNKNOWN);
      const passed = parent ? attribute(parent.call.block.body, name) : undefined;
      if (!passed) return typed(d, hasDefault ? fallback() : UNKNOWN);
      const v = evaluate(passed.expr, parent!.scope, budget);
      // `nullable = false`: a null passed is the default.
      const nullable = asBool(evaluate(attribute(d?.block.body ?? { attributes: [], blocks: [] }, 'nullable')?.expr, planned.scope, budget));
      return typed(d, v === null && nullable === false && hasDefault ? fallback() : v);
    });
    const local = lazy((name) => evaluate(declared(module, 'local').get(name)?.[0]?.attribute?.expr, planned.scope, budget));
    const output = (child: PlannedModule): Value => mapOf([...declared(child.module, 'output')].map(([name, [d]]) => [name, evaluate(attribute(d.block.body, 'value')?.expr, child.scope, budget)]));
    const moduleValue = lazy((name): Value => {
      const found = this.callInstances(planned, name);
      if (!found?.known) return UNKNOWN;
      if (!found.kind) return found.instances[0] ? output(found.instances[0]) : UNKNOWN;
      if (found.kind === 'count') return found.instances.map(output);
      return mapOf(found.instances.map((i) => [String(i.key), output(i)]));
    });
    planned.scope = { variable, local, module: moduleValue };
    return planned;
  }

  /** The instances of one call of a module instance (kept: the expansion and `module.<name>` read the same). */
  callInstances(parent: PlannedModule, name: string): { instances: PlannedModule[]; kind?: 'count' | 'for_each'; known: boolean } | undefined {
    let byCall = this.children.get(parent);
    if (!byCall) this.children.set(parent, (byCall = new Map<string, { instances: PlannedModule[]; kind?: 'count' | 'for_each'; known: boolean }>()));
    const kept = byCall.get(name);
    if (kept) return kept;
    const call = declared(parent.module, 'module').get(name)?.[0];
    if (!call) return undefined;
    const found: { instances: PlannedModule[]; kind?: 'count' | 'for_each'; known: boolean } = { instances: [], known: false };
    byCall.set(name, found);
    const address = `${parent.address ? `${parent.address}.` : ''}module.${name}`;
    const called = calledModule(this.index, parent.module, call);
    const source = attribute(call.block.body, 'source');
    const written = staticString(source?.expr);
    if (!called) {
      if (written !== undefined) {
        const version = staticString(attribute(call.block.body, 'version')?.expr);
        const reason = isLocalSource(written) ? (parent.module.installed ? 'a module terraform init did not install (.terraform/modules/modules.json)' : 'a local module with no Terraform configuration') : written.startsWith('git::') || written.includes('github.com') ? 'a git module not fetched' : 'a registry module not fetched';
        this.notRead.push({ address, source: written, ...(version ? { version } : {}), reason, uri: call.uri, span: { start: source!.expr.start, end: source!.expr.end }, root: parent.root });
      }
      return found;
    }
    this.called.add(called.folder);
    let depth = 0;
    for (let p: PlannedModule | undefined = parent; p; p = p.parent) {
      // A module calling itself (an invalid configuration) or nested past the bound: not followed.
      if (p.module.folder === called.folder || ++depth > MAX_NESTING) return found;
    }
    const { kind, keys } = repetition(call.block.body, parent.scope, this.budget);
    found.kind = kind;
    if (kind && !keys) return found;
    found.known = true;
    for (const each of keys ?? [undefined]) {
      if (this.modules.length >= MAX_MODULES) break;
      const callScope: Scope = !each ? parent.scope : kind === 'count' ? { ...parent.scope, count: each.key as number } : { ...parent.scope, each: { key: each.key, value: each.value } };
      const instance = this.instance(called, `${address}${each ? keyText(each.key) : ''}`, parent.root, { module: parent, call, scope: callScope, ...(each ? { key: each.key } : {}) });
      this.modules.push(instance);
      found.instances.push(instance);
    }
    return found;
  }

  /** Every instance under a root, breadth first. */
  expand(rootModule: PlannedModule): void {
    this.modules.push(rootModule);
    const queue = [rootModule];
    for (let i = 0; i < queue.length && !this.budget.spent; i++) {
      for (const name of declared(queue[i].module, 'module').keys()) queue.push(...(this.callInstances(queue[i], name)?.instances ?? []));
    }
  }
}

/** The plan of every root module of the index. */
export function planWorkspace(index: WorkspaceIndex, options: PlanOptions = {}): Plan {
  const budget = new Budget();
  const planner = new Planner(index, options, budget);
  const folders = [...terraformFilesByFolder(index)].filter(([, uris]) => uris.some((uri) => terraformFileKind(uri) === 'config')).map(([folder]) => folder);
  const callers = (folder: string) => callersOf(index, folder).filter((c) => c.module.folder !== folder);
  // Roots first (nobody calls them); then what no root reached (a cycle of calls, an invalid configuration) as roots.
  for (const folder of folders) if (callers(folder).length === 0) planner.expand(planner.instance(moduleAt(index, folder), '', folder));
  for (const folder of folders) {
    if (planner.called.has(folder) || callers(folder).length === 0) continue;
    planner.called.add(folder);
    planner.expand(planner.instance(moduleAt(index, folder), '', folder));
  }
  return { modules: planner.modules, notRead: planner.notRead, budget };
}
