/**
 * `archipel helm template`'s render: a chart and the dependencies its values turn on (charts/ or
 * the workspace's), rendered with the user's values over the chart's defaults as `helm template`
 * renders them, its manifests printed as Helm prints them — `---` and `# Source: <chart>/templates/<file>`
 * before each document, documents in Helm's install order (by kind, then by file), hooks after —
 * or, as Helm does, nothing but the reason when the values fail the schema or a template fails.
 */
import { jsYaml } from '../yaml/jsYaml';
import { byCodeUnit } from '../common/order';
import { defaultLimits, RenderPool } from '../gotemplate/budget';
import { Executor, TemplateError } from '../gotemplate/exec';
import { helmFunctionMap } from '../gotemplate/functions';
import { definitionsOf, templateSet } from '../gotemplate/templateSet';
import type { GoMap } from '../gotemplate/values';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { relativePath, type ChartLayout } from './chart';
import { isLibraryChart, isValidChartType, readChartYaml } from './chartFile';
import { capabilities, chartObject, filesObject, renderValues, type ReleaseOptions } from './context';
import { chartDependencies, useReader } from './dependencies';
import { readerFor } from './packaged';
import { CHART_STEPS, CHART_WORK, chartName, setFiles, subchartsOf } from './render';
import { instances } from './releaseTree';
import type { RenderServices } from './services';
import { helmDocuments } from './split';
import { coalesce, defaultValues, schemaErrors, toJsonData } from './values';

/** Helm's install order of kinds (releaseutil.InstallOrder): an unknown kind after them, by name. */
const installOrder = ['PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];
const kindRank = new Map(installOrder.map((kind, i) => [kind, i]));

export interface TemplateRequest {
  release: ReleaseOptions;
  /** The user's values: the -f files merged in order, then --set. */
  values: GoMap;
}

export interface TemplateResult {
  /** What `helm template` prints. */
  text: string;
  /** Why the chart, or a template of it, does not render: Helm's errors, and what Archipel does not compute. */
  problems: string[];
  /** Helm itself would fail (a template error, a required value, the schema): it prints nothing then. */
  failed: boolean;
}

interface Document {
  source: string;
  content: string;
  kind: string;
  hook: boolean;
}

/** A rendered file's documents as Helm's SplitManifests cuts them (at `---` lines), with their kind and whether they are hooks. */
function documents(source: string, text: string, problems: string[]): Document[] {
  const found: Document[] = [];
  for (const content of helmDocuments(text)) {
    let head: { kind?: unknown; metadata?: { annotations?: Record<string, unknown> } } | undefined;
    try {
      head = jsYaml().load(content, { schema: jsYaml().CORE_SCHEMA }) as typeof head;
    } catch (error) {
      problems.push(t('YAML parse error on {0}: {1}', source, error instanceof Error ? error.message.split('\n')[0] : String(error)));
      continue;
    }
    const hook = head?.metadata?.annotations?.['helm.sh/hook'] !== undefined;
    found.push({ source, content, kind: typeof head?.kind === 'string' ? head.kind : '', hook });
  }
  return found;
}

/** Helm's sortManifestsByKind: by install order, an unknown kind last (unknown kinds by name), the rest in file order. */
function sortedByKind(list: Document[]): Document[] {
  const rank = (kind: string) => kindRank.get(kind) ?? installOrder.length;
  return list
    .map((doc, i) => ({ doc, i }))
    .sort((a, b) => rank(a.doc.kind) - rank(b.doc.kind) || (rank(a.doc.kind) === installOrder.length && a.doc.kind !== b.doc.kind ? byCodeUnit(a.doc.kind, b.doc.kind) : a.i - b.i))
    .map(({ doc }) => doc);
}

/** Why Helm refuses to load or install the chart for its type (its own, or a dependency's), if it does. */
function typeRefusal(index: WorkspaceIndex, layout: ChartLayout): string | undefined {
  const seen = new Set<string>();
  const work = [layout];
  while (work.length > 0 && seen.size < 200) {
    const current = work.pop()!;
    if (seen.has(current.root)) continue;
    seen.add(current.root);
    if (!isValidChartType(readChartYaml(current.home.get(current.chartYaml))?.value.type)) return t('validation: chart.metadata.type must be application or library');
    for (const dep of chartDependencies(index, current)) if (dep.layout) work.push(dep.layout);
  }
  return isLibraryChart(readChartYaml(layout.home.get(layout.chartYaml))) ? t('library charts are not installable') : undefined;
}

/** The chart at `layout` rendered as `helm template` renders it with `request`. */
export function helmTemplate(index: WorkspaceIndex, layout: ChartLayout, request: TemplateRequest, services: RenderServices): TemplateResult {
  const problems: string[] = [];
  useReader(index, services.reader);
  // Helm's loader validates every chart of the tree before anything renders; an install refuses a library chart.
  const refusal = typeRefusal(index, layout);
  if (refusal) return { text: '', problems: [refusal], failed: true };
  const defaults = defaultValues(index, layout, { given: request.values });
  const values = coalesce(defaults, request.values);
  const schema = layout.schema ? index.get(layout.schema) : undefined;
  const checked = schema ? schemaErrors(schema, toJsonData(values)) : undefined;
  if (checked && 'error' in checked) return { text: '', problems: [checked.error], failed: true };
  if (checked && checked.errors.length > 0) {
    const lines = checked.errors.map((e) => `- ${e.instancePath === '' ? '(root)' : e.instancePath.slice(1).replace(/\//g, '.')}: ${e.message ?? e.keyword}`);
    return { text: '', problems: [t('values don\'t meet the specifications of the schema(s) in the following chart(s):\n{0}:\n{1}', chartName(index, layout), lines.join('\n'))], failed: true };
  }
  const { files, uris } = setFiles(index, layout, chartName(index, layout));
  for (const file of files) if (file.parsed.error) problems.push(t('parse error in {0}: {1}', file.name, file.parsed.error.message));
  if (problems.length > 0) return { text: '', problems, failed: true };
  const set = templateSet(files, definitionsOf(files), helmFunctionMap);
  const pool = new RenderPool(CHART_STEPS, CHART_WORK);
  const caps = capabilities(request.release);
  const rendered: Document[] = [];
  const failed: string[] = [];
  const gaps: string[] = [];
  for (const instance of instances(index, layout, values)) {
    const chartYaml = readChartYaml(instance.layout.home.get(instance.layout.chartYaml))?.value ?? {};
    const chart = chartObject({ ...chartYaml, name: instance.name });
    const fileObject = filesObject(instance.layout.root, readerFor(instance.layout, services.reader), undefined, instance.layout.ignore);
    const subcharts = subchartsOf(index, instance.layout, instance.values, request.release, caps, services.reader);
    for (const uri of instance.layout.templates) {
      const relative = relativePath(instance.layout, uri);
      const base = relative.slice(relative.lastIndexOf('/') + 1);
      const name = `${instance.prefix}/${relative}`;
      if (base.startsWith('_') || base === 'NOTES.txt' || !uris.has(name)) continue;
      const executor = new Executor(set, defaultLimits, pool);
      try {
        const result = executor.render(name, renderValues(instance.values, chart, fileObject, caps, request.release, name, `${instance.prefix}/templates`, subcharts));
        const event = executor.events[0];
        if (event) failed.push(t('execution error at ({0}): {1}', name, event.message));
        else rendered.push(...documents(name, result.text.replaceAll('<no value>', ''), problems));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        const where = error.at.file && error.at.file !== name ? ` (${error.at.file})` : '';
        if (error.kind === 'unsupported') gaps.push(t('{0}: not rendered, it calls {1}, which Archipel does not compute', name, error.message));
        else if (error.kind === 'limit') gaps.push(t('{0}: not rendered, it passes a bound ({1})', name, error.message));
        else failed.push(t('template: {0}{1}: {2}', name, where, error.message));
      }
    }
  }
  if (failed.length > 0 || problems.length > 0) return { text: '', problems: [...problems, ...failed], failed: true };
  // Helm's order: each file's documents in turn, the files by name, then by kind; hooks after the manifests.
  const byFile = rendered.map((doc, i) => ({ doc, i })).sort((a, b) => byCodeUnit(a.doc.source, b.doc.source) || a.i - b.i).map(({ doc }) => doc);
  const ordered = [...sortedByKind(byFile.filter((d) => !d.hook)), ...sortedByKind(byFile.filter((d) => d.hook))];
  const text = ordered.map((doc) => `---\n# Source: ${doc.source}\n${doc.content}\n`).join('');
  return { text, problems: gaps, failed: false };
}
