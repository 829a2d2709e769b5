/**
 * Module calls without `terraform init`: a local source (`./modules/gke`, `../network`) is the
 * module of that folder as the index holds it (its variables are the call's inputs, its outputs
 * what `module.<name>.<output>` may name); a registry or git source is the folder `terraform init`
 * installed it in when the root's modules.json says so (installedModules.ts), else unknown offline
 * and without finding. The callers of a module (for a rename of its outputs or variables) are the modules whose
 * local sources name its folder.
 */
import { PerGeneration } from '../../workspace/perGeneration';
import path from 'node:path';
import { fsPathOf } from '../../common/containment';
import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import type { WorkspaceIndex } from '../../workspace/index';
import { declared, moduleAt, terraformFileKind, terraformFilesByFolder, type Declaration, type TerraformModule } from './model';
import { moduleReferences } from './references';
import { terraformRules } from '../checks/rules';
import { suggested } from '../checks/structureChecks';
import { withFix } from '../editor/fixes';
import { attribute, staticString, type Expr } from '../syntax/syntax';
import { installedModule, manifestFindings } from './installedModules';
import { linkedFolderOf } from './linkedFiles';

const r = terraformRules;
type Located = { uri: string; finding: Finding };

/** Arguments of a module block that are not inputs. */
export const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** Whether a module source is a local path (Terraform: starts with ./ or ../). */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

const REGISTRY_PART = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;

/** Whether a source is a module registry address: [host/]namespace/name/system. */
export function isRegistrySource(source: string): boolean {
  if (isLocalSource(source) || source.includes('::') || source.includes('//') && !source.split('//')[0].includes('/')) return false;
  const parts = source.split('//')[0].split('/');
  if (parts.length === 4) {
    const host = parts.shift()!;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d+)?$/i.test(host) || !host.includes('.')) return false;
  }
  return parts.length === 3 && parts.every((p) => REGISTRY_PART.test(p));
}

/** The folder URI a module call's local source names, if it is local. */
export function localSourceFolder(module: TerraformModule, call: Declaration): string | undefined {
  const source = staticString(attribute(call.block.body, 'source')?.expr);
  return source ? localFolder(module.folder, source) : undefined;
}

/** The folder URI a local source names from a module's folder; undefined for another source. */
export function localFolder(folder: string, source: string): string | undefined {
  if (!isLocalSource(source)) return undefined;
  const base = new URL(`${folder}/`);
  const joined = path.posix.normalize(path.posix.join(base.pathname, source)).replace(/(?<!\/)\/+$/, '');
  return `${base.protocol}//${base.host}${joined}`;
}

/** Whether a folder holds Terraform configuration files in the index. */
function hasConfiguration(index: WorkspaceIndex, folder: string): boolean {
  return (terraformFilesByFolder(index).get(folder) ?? []).some((uri) => terraformFileKind(uri) === 'config');
}

/**
 * The folder a local source's module is read from: the folder itself, or, when the scan does not list
 * it because it is a link (issue #83: `modules/shared -> ../../shared`), the workspace's folder it leads to.
 */
function moduleFolder(index: WorkspaceIndex, folder: string): string {
  if (hasConfiguration(index, folder)) return folder;
  const target = linkedFolderOf(index, folder);
  return target !== undefined && hasConfiguration(index, target) ? target : folder;
}

/**
 * The module a call names: a local source's folder when it holds configuration files; a registry
 * or git source's folder where `terraform init` installed it (installedModules.ts), when it did.
 */
export function calledModule(index: WorkspaceIndex, module: TerraformModule, call: Declaration): TerraformModule | undefined {
  const written = localSourceFolder(module, call);
  // A local source inside an installed module was installed with it: the manifest lists it (`eks.node_group`).
  if (!written || module.installed) return installedModule(index, module, call);
  const folder = moduleFolder(index, written);
  if (folder === module.folder || !hasConfiguration(index, folder)) return undefined;
  return moduleAt(index, folder);
}

/**
 * A module read as one instance of a call (the system map, issue #79: `module "orders"` and `module "payments"` of one
 * source are two): its variables are what that call passes, in its caller's instance, and `each.key`/`count.index` in a
 * caller's call are the key of the instance being read. A bound module is a copy of the module; nothing else changes.
 */
interface ModuleBinding {
  caller?: { module: TerraformModule; call: Declaration };
  /** The key of the call's instance its arguments are read at (`each.key`, `count.index`) and `each.value`. */
  each?: { key: string; value?: Expr };
}

const bindings = new WeakMap<TerraformModule, ModuleBinding>();

/** A copy of `module` read as bound (its variables from that call only; `each` in its calls at that key). */
export function boundModule(module: TerraformModule, binding: ModuleBinding): TerraformModule {
  const copy = { ...module };
  bindings.set(copy, binding);
  return copy;
}

/** A bound module's binding; undefined for a module read as the index holds it. */
export function bindingOf(module: TerraformModule): ModuleBinding | undefined {
  return bindings.get(module);
}

const callersCache = new PerGeneration<WorkspaceIndex, Map<string, { module: TerraformModule; call: Declaration }[]>>();

/** The module calls of the workspace whose local source names `folder`, or whose installed module is read from it. */
export function callersOf(index: WorkspaceIndex, folder: string): { module: TerraformModule; call: Declaration }[] {
  return callersCache.get(index, index.generation, [], () => callersByTarget(index)).get(folder) ?? [];
}

function callersByTarget(index: WorkspaceIndex): Map<string, { module: TerraformModule; call: Declaration }[]> {
  const byTarget = new Map<string, { module: TerraformModule; call: Declaration }[]>();
  for (const [candidate, uris] of terraformFilesByFolder(index)) {
    if (!uris.some((uri) => terraformFileKind(uri) === 'config')) continue;
    const module = moduleAt(index, candidate);
    for (const list of declared(module, 'module').values()) {
      for (const call of list) {
        const target = localSourceFolder(module, call) ?? installedModule(index, module, call)?.folder;
        if (!target) continue;
        const entries = byTarget.get(target) ?? [];
        entries.push({ module, call });
        byTarget.set(target, entries);
      }
    }
  }
  return byTarget;
}

function relative(from: string, to: string): string {
  return path.posix.relative(new URL(from).pathname, new URL(to).pathname) || '.';
}

/** Inputs a called module does not declare, inputs it requires that are missing, outputs it lacks, local sources with no module. */
export function moduleCallFindings(index: WorkspaceIndex, module: TerraformModule, outside?: (folder: string) => boolean): Located[] {
  const out: Located[] = [...manifestFindings(index, module, isLocalSource)];
  const calls = new Map<string, TerraformModule>();
  for (const list of declared(module, 'module').values()) {
    for (const call of list) {
      const local = localSourceFolder(module, call);
      const folder = local && moduleFolder(index, local);
      const source = attribute(call.block.body, 'source');
      const written = staticString(source?.expr);
      if (source && written !== undefined && attribute(call.block.body, 'version') && !isRegistrySource(written)) {
        out.push({ uri: call.uri, finding: { start: source.expr.start, end: source.expr.end, code: r.moduleSource.id, message: t('Invalid registry module source address: a module with a version must come from a registry (namespace/name/provider); "{0}" is not such an address, and a local path or a git address takes no version.', written) } });
        continue;
      }
      if (folder && source && folder !== module.folder && !hasConfiguration(index, folder)) {
        // Outside the workspace (a `../..` too many, a link leading out): not read, and said so (issue #67).
        const where = fsPathOf(folder);
        if (where !== undefined && outside?.(where)) {
          out.push({ uri: call.uri, finding: { start: source.expr.start, end: source.expr.end, code: r.moduleSource.id, message: t('The module source "{0}" is outside the workspace: Archipel does not read it (terraform would).', written ?? relative(module.folder, folder)) } });
          continue;
        }
        out.push({ uri: call.uri, finding: { start: source.expr.start, end: source.expr.end, code: r.moduleSource.id, message: t('Unreadable module directory: no Terraform configuration file in "{0}", the folder this local source names.', relative(module.folder, folder)) } });
        continue;
      }
      const called = calledModule(index, module, call);
      if (!called) continue;
      calls.set(call.key, called);
      if (called.incomplete) continue;
      const variables = declared(called, 'variable');
      const where = relative(module.folder, called.folder);
      for (const input of call.block.body.attributes) {
        if (MODULE_META.has(input.name) || variables.has(input.name)) continue;
        // The near variable not set yet: setting one twice would be another error.
        const { text, data } = suggested(input.name, [...variables.keys()].filter((v) => !attribute(call.block.body, v)), input.nameSpan);
        out.push({ uri: call.uri, finding: { start: input.nameSpan.start, end: input.nameSpan.end, code: r.unsupportedArgument.id, message: t('Unsupported argument: the module "{0}" ({1}) declares no variable "{2}".{3}', call.key, where, input.name, text), ...(data ? { data } : {}) } });
      }
      const missing = [...variables].filter(([name, [variable]]) => !attribute(variable.block.body, 'default') && !attribute(call.block.body, name)).map(([name]) => name);
      // One fix adds every missing input, after the source line.
      const after = source ? source.end : call.block.open + 1;
      const fix = withFix(t('Add the missing inputs ({0})', missing.join(', ')), [{ start: after, end: after, newText: missing.map((name) => `\n  ${name} = null`).join('') }]);
      for (const name of missing) out.push({ uri: call.uri, finding: { start: call.nameSpan.start, end: call.nameSpan.end, code: r.missingArgument.id, message: t('Missing required argument: the module "{0}" ({1}) requires the input "{2}": its variable has no default.', call.key, where, name), data: fix } });
    }
  }
  for (const ref of moduleReferences(module)) {
    if (ref.target?.kind !== 'module' || !ref.attr) continue;
    const called = calls.get(ref.target.key);
    if (!called || called.incomplete) continue;
    const outputs = declared(called, 'output');
    if (outputs.has(ref.attr.name)) continue;
    const { text, data } = suggested(ref.attr.name, [...outputs.keys()], ref.attr.span);
    out.push({ uri: ref.uri, finding: { start: ref.attr.span.start, end: ref.attr.span.end, code: r.moduleOutput.id, message: t('Unsupported attribute: the module "{0}" ({1}) has no output "{2}".{3}', ref.target.key, relative(module.folder, called.folder), ref.attr.name, text), ...(data ? { data } : {}) } });
  }
  return out;
}
