/**
 * `archipel diagram terraform` and the diagram panel's Terraform view: each module of the workspace
 * (or of a folder) a group holding its resources, data sources and module calls, an edge for each
 * reference between them (followed through locals), a module call labelled with its source and led
 * by a thick edge to the module it calls when that module is drawn too (to its entry, the module's
 * folder, in its group); a click opens the declaration. A reference to nothing the module declares is drawn red and dashed, as
 * terraform-undeclared reports it.
 */
import type { DiagramDrawer } from '../features/diagram/drawer';
import { BROKEN_COLOUR, Flowchart } from '../features/diagram/flowchart';
import { inScopes, scopeSuffix } from '../features/diagram/scope';
import type { DiagramResult } from '../protocol/diagrams';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { declared, moduleAt, terraformFileKind, terraformFilesByFolder, type Declaration, type TerraformModule } from './model/model';
import { calledModule } from './model/moduleCalls';
import { moduleReferences, type Reference } from './model/references';
import { attribute, staticString } from './syntax/syntax';

const DRAWN = new Set(['resource', 'data', 'module']);

/** The declaration whose block holds an offset of a file (a local's is its attribute). */
function holderOf(module: TerraformModule, uri: string, offset: number): Declaration | undefined {
  return module.declarations.find((d) => d.uri === uri && !d.override && (d.attribute ? d.attribute.start <= offset && offset < d.attribute.end : d.block.start <= offset && offset < d.block.end));
}

/** What each drawn declaration refers to (by declaration key `kind:key`), locals followed to what they refer to. */
function dependencies(module: TerraformModule): { edges: Map<string, Set<string>>; broken: Map<string, Set<string>> } {
  const direct = new Map<string, Set<string>>();
  const broken = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, from: string, to: string) => map.set(from, (map.get(from) ?? new Set<string>()).add(to));
  const refs: Reference[] = moduleReferences(module);
  for (const ref of refs) {
    if (!ref.target || ref.invalid) continue;
    const holder = holderOf(module, ref.uri, ref.span.start);
    if (!holder || !(DRAWN.has(holder.kind) || holder.kind === 'local')) continue;
    const from = `${holder.kind}:${holder.key}`;
    const to = `${ref.target.kind}:${ref.target.key}`;
    if (from === to) continue;
    if (ref.target.kind !== 'variable' && !declared(module, ref.target.kind).has(ref.target.key)) {
      if (!module.incomplete && DRAWN.has(ref.target.kind)) add(broken, from, to);
      continue;
    }
    add(direct, from, to);
  }
  // Through locals: a resource using local.x depends on what x uses (iteratively, each local once).
  const edges = new Map<string, Set<string>>();
  for (const [from, targets] of direct) {
    if (from.startsWith('local:')) continue;
    const out = new Set<string>();
    const stack = [...targets];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const to = stack.pop()!;
      if (seen.has(to)) continue;
      seen.add(to);
      if (to.startsWith('local:')) stack.push(...(direct.get(to) ?? []));
      else if (DRAWN.has(to.slice(0, to.indexOf(':'))) && to !== from) out.add(to);
    }
    edges.set(from, out);
  }
  return { edges, broken };
}

/** The folder above every folder of the list (its labels are relative to it: `terraform/modules/gke`). */
function parentOfAll(folders: readonly string[]): string {
  if (folders.length === 0) return '';
  const parts = folders.map((f) => f.split('/'));
  let shared = 0;
  while (shared < parts[0].length && parts.every((p) => p[shared] === parts[0][shared])) shared++;
  return parts[0].slice(0, Math.max(shared - 1, 1)).join('/');
}

/** The diagram of the workspace's Terraform modules within `scopes`. */
export function terraformDiagram(index: WorkspaceIndex, scopes: readonly string[] = []): DiagramResult {
  const chart = new Flowchart('LR');
  chart.classDef('missing', { stroke: BROKEN_COLOUR, 'stroke-width': '2px', 'stroke-dasharray': '6 4', color: BROKEN_COLOUR });
  const folders = [...terraformFilesByFolder(index)].filter(([, uris]) => uris.some((uri) => terraformFileKind(uri) === 'config') && uris.some((uri) => inScopes(uri, scopes))).map(([folder]) => folder).sort();
  const base = parentOfAll(folders);
  let broken = 0;
  let drawn = 0;
  const groups = new Map(folders.map((folder, m) => [folder, { id: `m${m + 1}`, label: t('Terraform module {0}', decodeURIComponent(folder.slice(base.length + 1))) }]));
  /** A called module's entry in its group (its folder, where its inputs arrive): drawn once, when a call leads to it. */
  const entries = new Map<string, string>();
  const entryOf = (folder: string): string => {
    let id = entries.get(folder);
    if (!id) {
      const group = groups.get(folder)!;
      id = `${group.id}in`;
      entries.set(folder, id);
      const first = (terraformFilesByFolder(index).get(folder) ?? []).find((uri) => terraformFileKind(uri) === 'config');
      const file = first ? index.get(first) : undefined;
      chart.node(id, [t('module {0}', decodeURIComponent(folder.slice(base.length + 1)))], { shape: 'round', group, source: file ? { uri: file.uri, range: file.lines.range(0, 0) } : undefined });
    }
    return id;
  };
  const calls: { from: string; to: string }[] = [];
  folders.forEach((folder) => {
    const module = moduleAt(index, folder);
    const group = groups.get(folder)!;
    const ids = new Map<string, string>();
    const nodes = module.declarations.filter((d) => DRAWN.has(d.kind) && !d.override && !d.scoped);
    for (const d of nodes) {
      const key = `${d.kind}:${d.key}`;
      if (ids.has(key)) continue;
      const id = `${group.id}n${ids.size + 1}`;
      ids.set(key, id);
      const file = index.get(d.uri);
      const source = file ? { uri: d.uri, range: file.lines.range(d.nameSpan.start, d.nameSpan.end) } : undefined;
      if (d.kind === 'module') {
        const from = staticString(attribute(d.block.body, 'source')?.expr);
        chart.node(id, [t('module {0}', d.name), ...(from ? [from] : [])], { shape: 'subroutine', group, source });
        // A local module of the workspace drawn too: the call leads to it.
        const called = calledModule(index, module, d);
        if (called && groups.has(called.folder)) calls.push({ from: id, to: called.folder });
      } else chart.node(id, d.kind === 'data' ? [t('data {0}', d.type ?? ''), d.name] : [d.type ?? '', d.name], { shape: d.kind === 'data' ? 'parallelogram' : 'rect', group, source });
      drawn++;
    }
    const { edges, broken: missing } = dependencies(module);
    for (const [from, targets] of edges) for (const to of targets) if (ids.has(from) && ids.has(to)) chart.edge(ids.get(from)!, ids.get(to)!);
    for (const [from, targets] of missing) {
      for (const to of targets) {
        if (!ids.has(from)) continue;
        const id = `${group.id}x${broken + 1}`;
        chart.node(id, [to.slice(to.indexOf(':') + 1), t('not declared')], { shape: 'rect', classes: ['missing'], group });
        chart.edge(ids.get(from)!, id, undefined, 'broken');
        broken++;
      }
    }
  });
  for (const { from, to } of calls) chart.edge(from, entryOf(to), undefined, 'thick');
  const where = scopeSuffix(scopes);
  return chart.result('terraform', `Terraform modules${where}`, broken, drawn === 0 ? (where ? t('No Terraform resource, data source or module call{0}.', where) : t('No Terraform resource, data source or module call in the workspace.')) : undefined);
}

export const terraformDrawer: DiagramDrawer = {
  kind: 'terraform',
  summary: 'the Terraform modules (resources, data sources, module calls and the references between them)',
  draw: (index, _settings, scopes) => terraformDiagram(index, scopes),
};
