/**
 * What other families ask of a chart of the workspace: the chart a repository path names (an
 * Argo CD Application's `source.path`, a Terraform `helm_release`'s `chart`), and what is wrong
 * with values given to it from outside (an Application's `helm.values`, a release's `values`):
 * the schema, keys the chart does not know, and a render that fails with them.
 */
import { fromPlain, isMap, type GoMap, type GoValue } from '../gotemplate/values';
import { t } from '../l10n/t';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import { chartAt, chartLayouts, chartOf, relativePath, roleOf, type ChartLayout } from './chart';
import { installCommands } from './installs';
import { joinPath } from '../kubernetes/api';
import type { ReleaseOptions } from './context';
import { keptRender, renderChart, type ChartRender } from './render';
import { umbrellaSubcharts, withDependencies } from './releaseTree';
import * as rules from './rules';
import { chartRender, releaseOptions, type HelmServices, type RenderServices } from './services';
import { knownValues } from './templateChecks';
import { templateUses } from './valuePaths';
import { parsedTemplate } from './render';
import { coalesce, defaultValues, mergeValues, readValues, schemaErrors, toJsonData } from './values';
import { sourceRelease, type GivenValues } from './release';
import { KubernetesGraph, type KubernetesObject } from '../kubernetes/api';
import { readChartYaml } from './chartFile';
import { chartOwner, checkable, mapToTemplate, renderedIndex } from './manifests';
import type { IndexedFile } from '../workspace/index';
import { valuesDrivers, type DeployedRelease, type ValuesDriver } from './drivers';

/** The chart at a repository-relative folder (`charts/api`, `./deploy/chart/`), the one nearest `from` when several folders end so. */
export function findChart(index: WorkspaceIndex, folder: string, from?: string): ChartLayout | undefined {
  const clean = folder.replace(/^\.?\/+/, '').replace(/(?<!\/)\/+$/, '');
  if (clean === '' || clean.split('/').includes('..')) return undefined;
  const suffix = `/${clean.split('/').map(encodeURIComponent).join('/')}/`;
  const candidates = chartLayouts(index).filter((layout) => layout.root.endsWith(suffix) || decodeURIComponent(layout.root).endsWith(`/${clean}/`));
  if (candidates.length <= 1 || !from) return candidates[0];
  const shared = (root: string) => {
    let i = 0;
    while (i < root.length && root[i] === from[i]) i++;
    return i;
  };
  return [...candidates].sort((a, b) => shared(b.root) - shared(a.root))[0];
}

/** A chart's folder as the user names it (`stock-predictor`). */
export function chartFolder(layout: ChartLayout): string {
  return decodeURIComponent(layout.root.replace(/\/$/, '').replace(/^.*\//, ''));
}

/** A problem of values given to a chart, at a path of those values (empty: the values as a whole). */
export interface ValuesProblem {
  path: (string | number)[];
  rule: string;
  message: string;
  severity?: 'information';
}

export type { GivenValues } from './release';

/** The keys of `values` that neither the chart's values files define nor a template reads (its path or a part of it). */
function unknownKeys(index: WorkspaceIndex, layout: ChartLayout, known: GoMap, values: GoMap, missing: readonly string[]): string[][] {
  const reads: string[][] = [];
  for (const uri of layout.templates) {
    const file = index.get(uri);
    if (file) for (const use of templateUses(parsedTemplate(file)).values) reads.push(use.path);
  }
  const read = (path: readonly string[]) => reads.some((r) => (r.length <= path.length ? r.every((p, i) => path[i] === p) : path.every((p, i) => r[i] === p)));
  const unknown: string[][] = [];
  const work: { given: GoMap; known: GoMap | undefined; path: string[] }[] = [{ given: values, known, path: [] }];
  while (work.length > 0) {
    const { given, known: defaults, path } = work.pop()!;
    for (const [key, value] of given) {
      const here = [...path, key];
      if (path.length === 0 && (key === 'global' || missing.includes(key))) continue;
      const defined = defaults?.get(key);
      if (defined !== undefined && isMap(value) && isMap(defined) && defined.size > 0) work.push({ given: value, known: defined, path: here });
      else if (defined === undefined && !read(here)) unknown.push(here);
    }
  }
  return unknown;
}

/** The chart's defaults with `given` over them: its values files in order, then its values. */
function mergedValues(index: WorkspaceIndex, layout: ChartLayout, given: GivenValues): { defaults: GoMap; overrideMap: GoMap; merged: GoMap } {
  const override = fromPlain(given.values ?? {});
  const overrideMap: GoMap = isMap(override) ? override : new Map<string, GoValue>();
  let user: GoMap = new Map<string, GoValue>();
  for (const file of given.files ?? []) user = mergeValues(user, file);
  user = mergeValues(user, overrideMap);
  // The user's values decide which dependencies are on (their conditions and tags), as Helm's install does.
  const defaults = defaultValues(index, layout, { given: user });
  return { defaults, overrideMap, merged: coalesce(defaults, user) };
}

const givenRelease = (given: GivenValues, settings: ArchipelSettings, services: RenderServices): ReleaseOptions => ({ ...releaseOptions(settings, services), name: given.releaseName ?? 'release-name', namespace: given.namespace ?? 'default' });

/** The given values as text, to tell whether they changed (undefined: not comparable, rendered again). */
function valuesText(values: unknown): string | undefined {
  try {
    return JSON.stringify(values ?? null);
  } catch {
    return undefined;
  }
}

/**
 * The chart rendered as the release `given` describes (its name, namespace and values), kept until a file of the chart,
 * a values file given or the values change (keptRender): the lenses, hovers, the map and the Cost view render it once.
 */
export function renderGiven(index: WorkspaceIndex, layout: ChartLayout, given: GivenValues, settings: ArchipelSettings, services: RenderServices): ChartRender {
  const options = givenRelease(given, settings, services);
  const fresh = () => {
    services.rendered?.(layout.root);
    return renderChart(index, layout, mergedValues(index, layout, given).merged, options, services.reader);
  };
  const text = valuesText(given.values);
  if (text === undefined) return fresh();
  return keptRender(index, layout, `${options.name}\0${options.namespace}`, [options.kubeVersion, options.apiVersions, services.reader, text, ...(given.files ?? [])], fresh);
}

/** What is wrong with `given` values for the chart at `layout`. */
export function checkChartValues(index: WorkspaceIndex, layout: ChartLayout, given: GivenValues, settings: ArchipelSettings, services: HelmServices): ValuesProblem[] {
  const problems: ValuesProblem[] = [];
  const { defaults, overrideMap, merged } = mergedValues(index, layout, given);
  const schemaFile = layout.schema ? index.get(layout.schema) : undefined;
  if (schemaFile) {
    const result = schemaErrors(schemaFile, toJsonData(merged));
    if ('errors' in result) {
      for (const error of result.errors) {
        const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        const detail = error.keyword === 'additionalProperties' ? t('"{0}" is not allowed', String((error.params as { additionalProperty?: string }).additionalProperty)) : (error.message ?? error.keyword);
        problems.push({ path, rule: rules.argoValuesRule.id, message: t('values.schema.json of {0}: {1} at {2}', chartFolder(layout), detail, `/${path.join('/')}`) });
      }
    }
  }
  const render = renderGiven(index, layout, given, settings, services);
  for (const path of unknownKeys(index, layout, knownValues(index, layout, defaults), overrideMap, render.missingDependencies)) {
    problems.push({ path, rule: rules.argoUnknownValueRule.id, message: t('The chart defines no value {0} and no template reads it.', path.join('.')) });
  }
  // Values the schema refuses are not rendered by Helm: the schema's problem is the defect's one finding.
  if (problems.some((p) => p.rule === rules.argoValuesRule.id)) return problems;
  for (const outcome of render.outcomes.values()) {
    const where = relativePath(layout, outcome.uri);
    if (outcome.error?.kind === 'error' && render.missingDependencies.length === 0) problems.push({ path: [], rule: rules.argoValuesRule.id, message: t('With these values {0} fails to render: {1}', where, outcome.error.message) });
    for (const event of outcome.events) problems.push({ path: [], rule: rules.argoValuesRule.id, message: event.kind === 'required' ? t('With these values a required value of {0} is unset: {1}', where, event.message) : t('With these values {0} fails: {1}', where, event.message) });
  }
  return problems;
}

/**
 * The values files a helm command gives with `-f`, read from the folder the command runs in: the folder its chart path
 * was read from (`helm upgrade … products-api -f gvalues.yaml` run in Deploy/helm). A file not in the workspace's index,
 * not YAML, or above that folder's reach is not read.
 */
function installValues(index: WorkspaceIndex, layout: ChartLayout, chart: string, names: readonly string[]): GoMap[] {
  const written = chart.replace(/^(\.\/)+/, '').replace(/(?<!\/)\/+$/, '');
  const root = layout.root.replace(/\/$/, '');
  if (written === '' || written.split('/').includes('..') || !decodeURIComponent(root).endsWith(`/${written}`)) return [];
  const folder = root.slice(0, root.length - encodeURI(written).length);
  const files: GoMap[] = [];
  for (const name of names) {
    const uri = joinPath(folder.replace(/\/$/, ''), name.replace(/\\/g, '/'));
    const values = uri !== undefined ? readValues(index.get(uri))?.values : undefined;
    if (values) files.push(values);
  }
  return files;
}

/**
 * The releases installing each chart of `charts` (roots) outside Argo CD (installs.ts: helm commands, helmfiles,
 * helm_release), one per release name and namespace. A chart path is read from the installing file's folder (a
 * helmfile's, a module's), else as a repository path (a workflow runs at the root).
 */
export function chartInstalls(index: WorkspaceIndex, charts: ReadonlySet<string>): Map<string, GivenValues[]> {
  const installs = new Map<string, GivenValues[]>();
  for (const { chart, uri, given: named, valueFiles } of installCommands(index)) {
    const near = joinPath(uri.slice(0, uri.lastIndexOf('/')), chart.replace(/(?<!\/)\/+$/, ''));
    const layout = (near !== undefined ? chartAt(index, `${near}/`) : undefined) ?? findChart(index, chart, uri);
    if (!layout || !charts.has(layout.root)) continue;
    // Its `-f` files, from the folder the chart's path was read from (the command's working folder).
    const files = valueFiles ? installValues(index, layout, chart, valueFiles) : [];
    const given: GivenValues = files.length > 0 ? { ...named, files } : named;
    const list = installs.get(layout.root) ?? [];
    if (!list.some((g) => g.releaseName === given.releaseName && g.namespace === given.namespace)) list.push(given);
    installs.set(layout.root, list);
  }
  return installs;
}

/** A workload-bearing object of a chart's render, with the 1-based line of the template that writes it. */
export interface RenderedObject {
  object: KubernetesObject;
  /** The template's line (its first line when the place cannot be carried back). */
  line: number;
}

/**
 * Every chart of the workspace (not a subchart, not a library) and the releases that deploy it, as the system map draws
 * them (helm/system.ts): each Argo CD Application whose source path is the chart (its values files' uris with it), else
 * the chart with its default values.
 */
function deployedCharts(index: WorkspaceIndex, services: RenderServices): { layout: ChartLayout; releases: DeployedRelease[] }[] {
  const tops = chartLayouts(index).filter((layout) => !layout.parent && readChartYaml(index.get(layout.chartYaml))?.value.type !== 'library');
  const releases = new Map<string, DeployedRelease[]>();
  for (const application of KubernetesGraph.of(index).ofKind('Application')) {
    if (!application.apiVersion.startsWith('argoproj.io/')) continue;
    const spec = application.value.spec;
    const source = spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>).source : undefined;
    if (!source || typeof source !== 'object' || Array.isArray(source)) continue;
    const path = (source as Record<string, unknown>).path;
    const layout = typeof path === 'string' && (source as Record<string, unknown>).chart === undefined ? findChart(index, path, application.uri) : undefined;
    if (!layout || !tops.some((c) => c.root === layout.root)) continue;
    const helm = (source as Record<string, unknown>).helm;
    const names = helm && typeof helm === 'object' && Array.isArray((helm as Record<string, unknown>).valueFiles) ? ((helm as Record<string, unknown>).valueFiles as unknown[]) : [];
    const files = names.flatMap((name) => {
      try {
        return typeof name === 'string' && !name.includes('://') ? [new URL(name, layout.root).href] : [];
      } catch {
        return [];
      }
    });
    const release = { name: application.name ?? chartFolder(layout), given: sourceRelease(source as Record<string, unknown>, application.value, layout, index, services.reader).given, files };
    releases.set(layout.root, [...(releases.get(layout.root) ?? []), release]);
  }
  // Installed by a script, a helmfile or a helm_release: each release as it is installed (its name and namespace).
  const installs = chartInstalls(index, new Set(tops.map((layout) => layout.root)));
  // An umbrella's subcharts by `file://` path are in its release, not releases of their own, unless deployed so (as helm/system.ts draws them).
  const subcharts = umbrellaSubcharts(index, tops);
  const charts = tops.filter((layout) => !subcharts.has(layout.root) || releases.has(layout.root) || installs.has(layout.root));
  const installed = (layout: ChartLayout) => installs.get(layout.root)?.map((given) => ({ name: given.releaseName ?? chartFolder(layout), given, files: [] }));
  return charts.map((layout) => ({ layout, releases: [...(releases.get(layout.root) ?? []), ...(installed(layout) ?? [])] })).map(({ layout, releases: found }) => ({ layout, releases: found.length > 0 ? found : [{ name: chartFolder(layout), given: {}, files: [] }] }));
}

/**
 * Every chart of the workspace (not a subchart, not a library) rendered as it is deployed, as the system
 * map draws it (helm/system.ts): as each Argo CD Application whose source path is the chart deploys it,
 * else with its default values; the rendered objects, each with its template's line.
 */
export function renderedReleases(index: WorkspaceIndex, settings: ArchipelSettings, services: RenderServices): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const { layout, releases } of deployedCharts(index, services)) {
    for (const { given } of releases) {
      const render = withDependencies(index, renderGiven(index, layout, given, settings, services), services.reader);
      const rendered = renderedIndex(render, {});
      for (const object of KubernetesGraph.of(rendered).all()) {
        const segments = render.outcomes.get(object.uri)?.segments;
        const output = rendered.get(object.uri);
        const template = index.get(object.uri);
        const at = output ? output.lines.offsetAt(object.range.start) : 0;
        const line = segments && template ? template.lines.positionAt(mapToTemplate(segments, at, at)[0]).line + 1 : 1;
        // Applied into the release's namespace, as the system map places it (helm/system.ts): the same ids.
        out.push({ object: given.namespace && object.namespace === undefined ? { ...object, namespace: given.namespace } : object, line });
      }
    }
  }
  return out;
}

/**
 * The keys `wanted` picks in a chart's values file (values.yaml, or one an Application names), each with the workloads
 * it drives in each release that reads it (helm/drivers.ts); none for a file that is not a chart's values file.
 */
function chartValuesDrivers(index: WorkspaceIndex, uri: string, settings: ArchipelSettings, services: RenderServices, wanted: (path: readonly string[]) => boolean): ValuesDriver[] {
  const found = deployedCharts(index, services).find(({ layout }) => layout.values === uri || layout.valuesFiles.includes(uri));
  return found ? valuesDrivers(index, found.layout, uri, found.releases, wanted, (given) => renderGiven(index, found.layout, given, settings, services)) : [];
}

/** A template's manifest as the chart's own checks render it, for another family's checks of its objects (the policy family's, #96). */
export interface RenderedTemplate {
  /** The rendered text as a file of its own, under the template's URI (KubernetesObject.uri: the template's). */
  readonly file: IndexedFile;
  /** Where an output span came from in the template (mapToTemplate): text at its place, an action's output at the action. */
  toTemplate(start: number, end: number): [number, number];
}

/**
 * The manifest a chart's template renders with the chart's default values (the render the Helm feature checks and
 * places its Kubernetes findings from: the same one, kept), or undefined: not a template of a chart, left out by its
 * .helmignore, or not a manifest that rendered (an error, a required value, a helper).
 */
export function renderedTemplate(index: WorkspaceIndex, uri: string, settings: ArchipelSettings, services: RenderServices): RenderedTemplate | undefined {
  const layout = chartOf(index, uri);
  if (!layout || layout.ignored.has(uri) || roleOf(layout, uri) !== 'template') return undefined;
  const render = chartRender(index, layout, settings, services);
  const outcome = render.outcomes.get(uri);
  const segments = outcome?.segments;
  if (!outcome || !segments || !checkable(outcome)) return undefined;
  const file = renderedIndex(render, chartOwner(index, layout.root), uri).get(uri);
  return file ? { file, toTemplate: (start, end) => mapToTemplate(segments, start, end) } : undefined;
}

/** What other families read of the charts as deployed (Family.faces), with the host's render services bound (families/helm.ts). */
export const helmFace = (services: RenderServices) => ({
  renderedTemplate: (index: WorkspaceIndex, uri: string, settings: ArchipelSettings) => renderedTemplate(index, uri, settings, services),
  renderedReleases: (index: WorkspaceIndex, settings: ArchipelSettings) => renderedReleases(index, settings, services),
  valuesDrivers: (index: WorkspaceIndex, uri: string, settings: ArchipelSettings, wanted: (path: readonly string[]) => boolean) => chartValuesDrivers(index, uri, settings, services, wanted),
});
export type HelmFace = ReturnType<typeof helmFace>;
