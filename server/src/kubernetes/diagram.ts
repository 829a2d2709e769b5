/**
 * The Kubernetes topology of the workspace (or of a folder) as a Mermaid flowchart: Ingress →
 * Service → workload → ConfigMap / Secret / PersistentVolumeClaim, HorizontalPodAutoscaler →
 * target, Argo CD Application → the folder it deploys; one group per namespace. The edges are the
 * links go-to-definition follows (`outgoingLinks`); a link without a target is drawn red and dashed
 * when a Kubernetes rule reports it (at the severity the settings give it), grey when the rules
 * say it is only information (Secrets made outside Git).
 */
import { effectiveSeverity } from '../rules/finalize';
import type { DiagramResult } from '../protocol/diagrams';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import { outgoingLinks, type ObjectLink } from './model/links';
import { KubernetesGraph, type KubernetesObject } from './model/objects';
import { locate } from './checks/context';
import { referenceRules } from './checks/references';
import { get } from './model/workloads';
import { BROKEN_COLOUR, EXTERNAL_COLOUR, Flowchart, type Shape } from '../features/diagram/flowchart';
import { inScopes, scopeSuffix } from '../features/diagram/scope';
import { t } from '../l10n/t';

const workloads = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);
const secretKinds = new Set(['Secret', 'SealedSecret', 'ExternalSecret', 'Certificate']);

/** The kinds the topology draws, and how (one shape per family of kinds, each cheap to draw: see flowchart.ts). */
function shapeOf(kind: string): Shape | undefined {
  if (kind === 'Ingress') return 'asymmetric';
  if (kind === 'Service') return 'round';
  if (workloads.has(kind)) return 'rect';
  if (kind === 'ConfigMap' || secretKinds.has(kind)) return 'parallelogram';
  if (kind === 'PersistentVolumeClaim') return 'cylinder';
  if (kind === 'HorizontalPodAutoscaler') return 'hexagon';
  if (kind === 'Application') return 'subroutine';
  return undefined;
}

/** The order nodes are declared in (ids and layout stay the same whatever order the files were read in). */
function rank(kind: string): number {
  if (kind === 'Application') return 0;
  if (kind === 'Ingress') return 1;
  if (kind === 'Service') return 2;
  if (kind === 'HorizontalPodAutoscaler') return 3;
  if (workloads.has(kind)) return 4;
  if (kind === 'ConfigMap') return 5;
  if (secretKinds.has(kind)) return 6;
  return 7;
}

function compareObjects(a: KubernetesObject, b: KubernetesObject): number {
  return rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || (a.name ?? '').localeCompare(b.name ?? '') || a.uri.localeCompare(b.uri) || a.document - b.document;
}

/** What an edge says, from the link's label. */
const edgeLabels: Record<string, string> = {
  Service: 'routes to',
  selects: 'selects',
  ConfigMap: 'reads',
  Secret: 'reads',
  PersistentVolumeClaim: 'mounts',
  'scale target': 'scales',
};

const UNSET = '(namespace not set)';

/** Where a rule reported a problem about an object: the start offset of each finding, with its severity. */
function ruleFindings(object: KubernetesObject, graph: KubernetesGraph, settings: ArchipelSettings): Map<number, 'broken' | 'external'> {
  const at = new Map<number, 'broken' | 'external'>();
  for (const rule of referenceRules) {
    if (rule.info.id === 'k8s-duplicate-object' || rule.info.id === 'k8s-hpa-replicas' || rule.info.id === 'k8s-pdb-hpa') continue;
    for (const finding of rule.check(object, { graph, settings })) {
      const severity = effectiveSeverity(finding.code, settings, finding.severity);
      if (severity === 'off') continue;
      const kind = severity === 'error' || severity === 'warning' ? 'broken' : 'external';
      if (at.get(finding.start) !== 'broken') at.set(finding.start, kind);
    }
  }
  return at;
}

export function kubernetesDiagram(index: WorkspaceIndex, settings: ArchipelSettings, scopes: readonly string[] = []): DiagramResult {
  const graph = KubernetesGraph.of(index);
  const chart = new Flowchart('LR');
  chart.classDef('missing', { stroke: BROKEN_COLOUR, 'stroke-width': '2px', 'stroke-dasharray': '6 4', color: BROKEN_COLOUR });
  chart.classDef('external', { stroke: EXTERNAL_COLOUR, 'stroke-dasharray': '3 3', color: EXTERNAL_COLOUR });
  const ids = new Map<KubernetesObject, string>();
  const all = [...graph.all()].filter((o) => shapeOf(o.kind) !== undefined && (o.kind !== 'Application' || o.apiVersion.startsWith('argoproj.io/')));
  const shown = all.filter((o) => inScopes(o.uri, scopes)).sort(compareObjects);
  // Namespaces group the nodes when there is more than one (objects without one go to their own group).
  const namespaces = new Set([...shown].map((o) => o.namespace ?? UNSET));
  const grouping = namespaces.size > 1 || (namespaces.size === 1 && !namespaces.has(UNSET));
  const groupIds = new Map<string, string>();
  const groupOf = (namespace: string | undefined) => {
    if (!grouping) return undefined;
    const label = namespace ?? UNSET;
    let id = groupIds.get(label);
    if (!id) groupIds.set(label, (id = `ns${groupIds.size + 1}`));
    return { id, label: namespace ? `namespace ${namespace}` : UNSET };
  };
  const add = (object: KubernetesObject): string => {
    let id = ids.get(object);
    if (id) return id;
    id = `n${ids.size + 1}`;
    ids.set(object, id);
    chart.node(id, [object.kind, object.name ?? '(unnamed)'], { shape: shapeOf(object.kind), source: { uri: object.uri, range: object.range }, group: groupOf(object.namespace) });
    return id;
  };
  let missingCount = 0;
  const missing = new Map<string, string>();
  const missingNode = (kind: string, name: string, namespace: string | undefined, style: 'broken' | 'external') => {
    const key = `${style}/${kind}/${namespace ?? ''}/${name}`;
    let id = missing.get(key);
    if (!id) {
      id = `m${++missingCount}`;
      missing.set(key, id);
      chart.node(id, [kind, name, style === 'broken' ? 'not defined' : 'not in the workspace'], { shape: shapeOf(kind) ?? 'rect', classes: [style === 'broken' ? 'missing' : 'external'], group: groupOf(namespace) });
    }
    return id;
  };
  let broken = 0;
  for (const object of shown) add(object);
  for (const object of shown) {
    const from = ids.get(object)!;
    const findings = ruleFindings(object, graph, settings);
    const seen = new Set<string>();
    for (const link of outgoingLinks(object, graph)) {
      if (link.label.endsWith(' key') || !(link.label in edgeLabels)) continue;
      const label = edgeLabels[link.label];
      if (link.targets.length > 0) {
        for (const target of link.targets) {
          if (shapeOf(target.kind) === undefined) continue;
          const to = add(target);
          if (!seen.has(to)) chart.edge(from, to, label);
          seen.add(to);
        }
        continue;
      }
      const name = referencedName(object, link);
      if (name === undefined || link.label === 'selects') continue;
      const status = findings.get(locate(object, link.path)[0]) ?? 'external';
      const kind = link.label === 'scale target' ? String(get(object.value, ['spec', 'scaleTargetRef', 'kind']) ?? 'object') : link.label;
      const to = missingNode(kind, name, object.namespace, status);
      chart.edge(from, to, label, status);
      if (status === 'broken') broken++;
    }
    if (object.kind === 'Application') broken += argoSources(object, chart, from, findings, graph);
  }
  const where = scopeSuffix(scopes);
  const empty =
    shown.length === 0
      ? where
        ? t('No Ingress, Service, workload, ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler or Argo CD Application{0}.', where)
        : t('No Ingress, Service, workload, ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler or Argo CD Application in the workspace.')
      : undefined;
  return chart.result('k8s', `Kubernetes topology${where}`, broken, empty);
}

function referencedName(object: KubernetesObject, link: ObjectLink): string | undefined {
  const value = get(object.value, link.path);
  return typeof value === 'string' ? value : undefined;
}

/** Application → the folder each source deploys (red when k8s-argocd-path says the folder is not there). */
function argoSources(object: KubernetesObject, chart: Flowchart, from: string, findings: Map<number, 'broken' | 'external'>, graph: KubernetesGraph): number {
  let broken = 0;
  const sources: { source: unknown; path: (string | number)[] }[] = [{ source: get(object.value, ['spec', 'source']), path: ['spec', 'source'] }];
  const many = get(object.value, ['spec', 'sources']);
  if (Array.isArray(many)) many.forEach((source, i) => sources.push({ source, path: ['spec', 'sources', i] }));
  for (const { source, path } of sources) {
    const folder = get(source, ['path']);
    if (typeof folder !== 'string' || get(source, ['chart']) !== undefined) continue;
    const clean = folder.replace(/^\.\/?/, '').replace(/\/$/, '') || '.';
    const reported = findings.get(locate(object, [...path, 'path'])[0]);
    const status = reported === 'broken' ? 'broken' : reported === 'external' ? 'external' : 'solid';
    const known = [...graph.folders].some((f) => f.endsWith(`/${clean}`));
    const id = `f${clean.replace(/[^A-Za-z0-9]/g, '_')}${status === 'solid' ? '' : `_${status}`}`;
    chart.node(id, [`folder ${clean}`, ...(status === 'broken' ? ['not in the workspace'] : [])], { shape: 'subroutine', classes: status === 'broken' ? ['missing'] : !known ? ['external'] : [] });
    chart.edge(from, id, 'deploys', status === 'solid' ? 'thick' : status);
    if (status === 'broken') broken++;
  }
  return broken;
}

