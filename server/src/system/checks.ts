/**
 * The checks of the system model (issue #49), each placed on the line that says it: an image deployed
 * that nothing builds and that names no registry; an address no component answers, or on a port it
 * does not serve; and, as hints, a component nothing monitors (when the repository monitors), that no
 * RACI role owns (when it has a RACI), a data store or broker no decision record names (when it keeps
 * ADRs). Computed once per model, by file.
 */
import type { Range } from 'vscode-languageserver-types';
import { closestName } from '../common/suggest';
import type { SystemEdge, SystemNode, SystemSource } from '../features/system/contributor';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { imageRepository, imageTag, LOCAL_IMAGE, registryOf } from '../features/system/images';
import { componentKinds, storeKinds } from '../features/system/contributor';
import { componentsOf } from './components';
import { decidedEntries } from './entries';
import type { SystemModel, UnresolvedAddress } from './model';
import { systemRules } from './rules';
import { fileLabel, projectFolder, under } from '../features/system/source';
import { technologyCalled } from '../features/system/technology';
import { appendTo } from './lists';

export interface SystemFinding {
  uri: string;
  range: Range;
  code: string;
  message: string;
  /** A replacement for the range (a quick fix), when one candidate is clear. */
  data?: { replacement: string; title: string };
}

function textAt(index: WorkspaceIndex, source: SystemSource): string | undefined {
  const file = index.get(source.uri);
  if (!file || file.skipped) return undefined;
  return file.text.slice(file.lines.offsetAt(source.range.start), file.lines.offsetAt(source.range.end));
}

/** The range of `part` inside a source's text (the host of an address, its port), else the whole source. */
function rangeOf(index: WorkspaceIndex, source: SystemSource, part: string, after = 0): Range {
  const file = index.get(source.uri);
  const text = textAt(index, source);
  const at = text?.toLowerCase().indexOf(part.toLowerCase(), after) ?? -1;
  if (!file || text === undefined || at < 0) return source.range;
  const start = file.lines.offsetAt(source.range.start) + at;
  return file.lines.range(start, start + part.length);
}

/** Whether a finding on a file is asked for: every file's (`only` undefined), or one file's. */
const asked = (only: string | undefined, uri: string) => only === undefined || uri === only;

function imageFindings(model: SystemModel, index: WorkspaceIndex, out: SystemFinding[], only?: string): void {
  const builds = model.edges.filter((e) => e.kind === 'builds');
  const built = new Set(builds.map((e) => e.to));
  if (built.size === 0) return;
  // What each project builds: a deployment is compared with the images of its own project.
  // Images Compose tags for one machine only (`<project>-<service>`) are no deployment's to name.
  const builtIn = (folder: string) => [...new Set(builds.filter((e) => e.sources.some((s) => under(s.uri, folder)) && model.node(e.to)?.technology !== LOCAL_IMAGE).map((e) => model.node(e.to)?.name).filter((n): n is string => n !== undefined))];
  for (const edge of model.edges) {
    if (edge.kind !== 'runs' || built.has(edge.to) || !edge.sources[0]) continue;
    const source = edge.sources[0];
    if (!asked(only, source.uri)) continue;
    const written = textAt(index, source)?.trim().replace(/^["']|["']$/g, '');
    if (!written || registryOf(written) !== undefined || /[$`{}\s]/.test(written)) continue;
    const builtNames = builtIn(projectFolder(source.uri));
    if (builtNames.length === 0) continue;
    const repository = imageRepository(written);
    const suggestion = closestName(repository, builtNames);
    // Skaffold's way: images built under bare names (`frontend`), deployed without a tag.
    const bareBuilds = builtNames.some((n) => !n.includes('/'));
    const skaffoldLike = bareBuilds && imageTag(written) === undefined && !repository.includes('/');
    if (!suggestion && !skaffoldLike) continue;
    out.push({
      uri: source.uri,
      // With a suggestion, on the name alone (its tag stays): the quick fix writes what the message suggests.
      range: rangeOf(index, source, suggestion ? repository : written),
      code: systemRules.imageUnbuilt.id,
      message: suggestion
        ? t('Image "{0}" is deployed but nothing in the repository builds it and it names no registry: did you mean "{1}"? It is built here.', written, suggestion)
        : t('Image "{0}" is deployed but nothing in the repository builds it and it names no registry (the images built here are {1}).', written, builtNames.slice(0, 5).join(', ')),
      ...(suggestion ? { data: { replacement: suggestion, title: t('Replace with "{0}"', suggestion) } } : {}),
    });
  }
}

function addressFinding(unresolved: UnresolvedAddress, index: WorkspaceIndex): SystemFinding {
  const { reference } = unresolved;
  if (unresolved.reason === 'port') {
    const ports = (unresolved.node?.ports ?? []).join(', ');
    const hostAt = (textAt(index, reference.source) ?? '').toLowerCase().indexOf(reference.host.toLowerCase());
    return {
      uri: reference.source.uri,
      range: rangeOf(index, reference.source, String(reference.port), Math.max(0, hostAt) + reference.host.length),
      code: systemRules.addressPort.id,
      message: t('{0} does not serve port {1}: it serves {2}.', unresolved.node?.name ?? reference.host, String(reference.port), ports),
      ...(unresolved.node?.ports?.length === 1 ? { data: { replacement: String(unresolved.node.ports[0]), title: t('Replace with "{0}"', String(unresolved.node.ports[0])) } } : {}),
    };
  }
  const suggestion = closestName(reference.host, unresolved.known);
  return {
    uri: reference.source.uri,
    range: rangeOf(index, reference.source, reference.host),
    code: systemRules.addressUnknown.id,
    message: suggestion
      ? t('No component answers "{0}" here (in {1}): did you mean "{2}"?', reference.host, scopeName(reference.scopes[0]), suggestion)
      : t('No component answers "{0}" here (in {1}): it is not a service, alias or Service of the repository.', reference.host, scopeName(reference.scopes[0])),
    ...(suggestion ? { data: { replacement: suggestion, title: t('Replace with "{0}"', suggestion) } } : {}),
  };
}

function scopeName(scope: string | undefined): string {
  if (!scope) return '';
  if (scope.startsWith('compose:')) return t('the Compose project of {0}', decodeURIComponent(scope.slice(scope.lastIndexOf('/') + 1)));
  // `k8s:<namespace>@<project's folder URI>` (kubernetes/system.ts): the namespace, never the folder's machine path (issue #92).
  const at = scope.indexOf('@');
  const namespace = scope.slice(4, at < 0 ? undefined : at);
  if (namespace === '') return t('the cluster');
  return t('namespace {0}', namespace);
}

/** The nodes standing for the same program: the instances of its component (components.ts). */
function twins(model: SystemModel): (node: SystemNode) => readonly SystemNode[] {
  const { of } = componentsOf(model);
  return (node) => of.get(node.id)?.members.map((id) => model.node(id)).filter((n) => n !== undefined) ?? [node];
}

/**
 * A data store's or a broker's port published to the host's network (entries.ts decides which entry points are: one
 * bound to this machine only, `127.0.0.1:5432:5432` or `host_ip: 127.0.0.1`, exposes nothing).
 */
function exposureFindings(model: SystemModel, out: SystemFinding[], only?: string): void {
  for (const { entry, role, components } of decidedEntries(model)) {
    if (role !== 'exposure' || !asked(only, entry.source.uri)) continue;
    const store = components.find((c) => storeKinds.has(c.kind) || c.kind === 'broker') ?? components[0];
    out.push({
      uri: entry.source.uri,
      range: entry.source.range,
      code: systemRules.exposedStore.id,
      message: t('{0} ({1}) publishes port {2} on the host\'s network: its clients reach it on the project\'s network. Remove the published port, or bind it to 127.0.0.1 for local tools.', store?.name ?? entry.to, store?.technology ?? store?.kind ?? '', String(entry.port ?? entry.target ?? '')),
    });
  }
}

/** The project folders of the nodes of a kind (RACI roles, decisions) or of the sources of an edge kind (scrapes). */
function projects(sources: readonly SystemSource[]): string[] {
  return [...new Set(sources.map((s) => projectFolder(s.uri)))];
}

function hintFindings(model: SystemModel, out: SystemFinding[], only?: string): void {
  const into = new Map<string, SystemEdge[]>();
  for (const edge of model.edges) appendTo(into, edge.to, edge);
  const reached = (node: SystemNode, kind: string) => (into.get(node.id) ?? []).some((e) => e.kind === kind || (kind === 'scrapes' && e.kind === 'routes' && (into.get(e.from) ?? []).some((f) => f.kind === 'scrapes')));
  // The components (a fold of the whole model) only when a node is not reached itself: a node is among its twins.
  let twinsOf: ((node: SystemNode) => readonly SystemNode[]) | undefined;
  const any = (node: SystemNode, kind: string) => reached(node, kind) || (twinsOf ??= twins(model))(node).some((twin) => reached(twin, kind));
  // Monitoring, a RACI and ADRs speak for the components of their project.
  const monitored = projects(model.edges.filter((e) => e.kind === 'scrapes').flatMap((e) => e.sources));
  const roles = model.nodes.filter((n) => n.kind === 'role');
  const raciProjects = projects(roles.flatMap((n) => n.sources));
  const adrProjects = projects(model.nodes.filter((n) => n.kind === 'decision').flatMap((n) => n.sources));
  const covers = (folders: readonly string[], uri: string) => folders.some((folder) => under(uri, folder));
  for (const node of model.nodes) {
    if (!componentKinds.has(node.kind) || !node.sources[0] || !asked(only, node.sources[0].uri)) continue;
    const source = node.sources[0];
    const technology = technologyCalled(node.technology);
    if (covers(monitored, source.uri) && node.kind !== 'job' && technology?.kind !== 'monitoring' && !any(node, 'scrapes')) {
      out.push({ uri: source.uri, range: source.range, code: systemRules.unmonitored.id, message: t('{0} is not monitored: no scrape job, ServiceMonitor or prometheus.io/scrape annotation reaches it, while the repository has monitoring.', node.name) });
    }
    const raci = roles.find((r) => r.sources[0] && under(source.uri, projectFolder(r.sources[0].uri)));
    if (covers(raciProjects, source.uri) && raci && !any(node, 'owns')) {
      out.push({ uri: source.uri, range: source.range, code: systemRules.unowned.id, message: t('{0} has no owner: no activity of {1} names it with an accountable role.', node.name, fileLabel(raci.sources[0].uri)) });
    }
    if (covers(adrProjects, source.uri) && (storeKinds.has(node.kind) || node.kind === 'broker') && !any(node, 'decides')) {
      out.push({ uri: source.uri, range: source.range, code: systemRules.undecidedStore.id, message: t('{0} ({1}) is a data store or broker no decision record names: the repository keeps ADRs.', node.name, node.technology ?? node.kind) });
    }
  }
}

const cache = new WeakMap<SystemModel, Map<string, SystemFinding[]>>();

/** Every check's findings of a model (`only`: on that file alone), in the checks' order. */
export function findingsOf(model: SystemModel, index: WorkspaceIndex, only?: string): SystemFinding[] {
  const out: SystemFinding[] = [];
  imageFindings(model, index, out, only);
  for (const unresolved of model.unresolved) if (unresolved.reference.report !== false && asked(only, unresolved.reference.source.uri)) out.push(addressFinding(unresolved, index));
  hintFindings(model, out, only);
  exposureFindings(model, out, only);
  return out;
}

/**
 * The findings of a model on one file: the same as `systemFindings(model, index).get(uri)`. The first file asked of a
 * model gets its own alone (`archipel check FILE` asks for one: the other files' findings, with the line indexes and
 * quotes of their texts, are not made, #68); a second file asks for every file's, kept for the model.
 */
export function systemFindingsIn(model: SystemModel, index: WorkspaceIndex, uri: string): readonly SystemFinding[] {
  const all = cache.get(model);
  if (all) return all.get(uri) ?? [];
  const first = firstAsked.get(model);
  if (!first) {
    const findings = findingsOf(model, index, uri);
    firstAsked.set(model, { uri, findings });
    return findings;
  }
  if (first.uri === uri) return first.findings;
  return systemFindings(model, index).get(uri) ?? [];
}

const firstAsked = new WeakMap<SystemModel, { uri: string; findings: readonly SystemFinding[] }>();

/** Every check's findings of a model, by file URI. */
export function systemFindings(model: SystemModel, index: WorkspaceIndex): ReadonlyMap<string, readonly SystemFinding[]> {
  let byUri = cache.get(model);
  if (byUri) return byUri;
  const out = findingsOf(model, index);
  byUri = new Map();
  for (const finding of out) appendTo(byUri, finding.uri, finding);
  cache.set(model, byUri);
  return byUri;
}
