/**
 * Renders a chart's templates as `helm template` would with the chart's default values (or an
 * Argo CD Application's): every template and helper parsed (once per file version), the defines
 * of the chart and of its dependencies (in charts/, or charts of the workspace standing for them)
 * in Helm's order, each template executed alone with its own bounds, all of them sharing one pool
 * (what one file's check may spend on its chart). A render is kept until a file it read changes.
 */
import type { ParsedTemplate, ParseError } from '../gotemplate/ast';
import { defaultLimits, RenderPool } from '../gotemplate/budget';
import { Executor, TemplateError, type Segment, type TemplateEvent } from '../gotemplate/exec';
import { helmFunctionMap } from '../gotemplate/functions';
import { parseTemplate } from '../gotemplate/parse';
import { definitionsOf, templateSet, type Defined, type SetFile } from '../gotemplate/templateSet';
import type { GoMap, GoObject } from '../gotemplate/values';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { chartAt, relativePath, type ChartLayout } from './chart';
import { isLibraryChart, readChartYaml } from './chartFile';
import { capabilities, chartObject, filesObject, releaseObject, renderValues, type HelmReader, type ReleaseOptions } from './context';
import { chartDependencies, dependencyEnabled } from './dependencies';
import { readerFor } from './packaged';
import { coalesce, defaultValues } from './values';
import { helmSeparated } from './split';
import { isMap, type GoValue } from '../gotemplate/values';

/** A chart's values as Helm gives them when its parent is installed: the parent's section for it (its alias's), with the parent's `global`. */
export function effectiveValues(index: WorkspaceIndex, layout: ChartLayout): GoMap {
  const parent = layout.parent ? chartAt(index, layout.parent) : undefined;
  if (!parent) return defaultValues(index, layout);
  const parentValues = effectiveValues(index, parent);
  const key = chartDependencies(index, parent).find((dep) => dep.layout?.root === layout.root)?.key;
  const section = key === undefined ? undefined : parentValues.get(key);
  const global = parentValues.get('global');
  const own = coalesce(defaultValues(index, layout), isMap(section ?? null) ? (section as GoMap) : new Map<string, GoValue>());
  return isMap(global ?? null) ? coalesce(own, new Map<string, GoValue>([['global', global as GoMap]])) : own;
}

const parsedKey = Symbol('helm-parsed');
const isFunction = (name: string) => helmFunctionMap.has(name);

/** A template file parsed once per version. */
export function parsedTemplate(file: IndexedFile): ParsedTemplate {
  return file.model(parsedKey, () => parseTemplate(file.text, { isFunction }));
}

export interface TemplateOutcome {
  uri: string;
  /** Its name in Helm's set (`mychart/templates/deployment.yaml`). */
  name: string;
  parseError?: ParseError;
  /** Not rendered because another file of the set does not parse. */
  blockedBy?: string;
  text?: string;
  segments?: readonly Segment[];
  error?: TemplateError;
  events: readonly TemplateEvent[];
}

export interface ChartRender {
  layout: ChartLayout;
  values: GoMap;
  /** Every template of the chart (partials included), by URI. */
  outcomes: Map<string, TemplateOutcome>;
  defined: Map<string, Defined>;
  /** Set name → URI (the chart's and its dependencies' files). */
  uris: Map<string, string>;
  /** Dependencies Chart.yaml declares that are not in charts/ as a folder (their defines and values are unknown). */
  missingDependencies: string[];
  /** The release it was rendered for. */
  release?: ReleaseOptions;
}

/** The chart's name in Helm's template names (Chart.yaml's name, else the folder's). */
export function chartName(_index: WorkspaceIndex, layout: ChartLayout): string {
  const name = readChartYaml(layout.home.get(layout.chartYaml))?.value.name;
  return typeof name === 'string' && name !== '' ? name : decodeURIComponent(layout.root.replace(/\/$/, '').replace(/^.*\//, ''));
}

/** The template files of a chart and of its dependencies in charts/, named as Helm names them. */
export function setFiles(index: WorkspaceIndex, layout: ChartLayout, prefix = chartName(index, layout)): { files: SetFile[]; uris: Map<string, string> } {
  const files: SetFile[] = [];
  const uris = new Map<string, string>();
  const work: { layout: ChartLayout; prefix: string; seen: ReadonlySet<string> }[] = [{ layout, prefix, seen: new Set([layout.root]) }];
  for (let guard = 0; work.length > 0 && guard < 200; guard++) {
    const { layout: current, prefix: name, seen } = work.pop()!;
    // Helm's isTemplateValid: of a library chart, only the partials (`_*`) are loaded; its other templates are not in the set.
    const library = isLibraryChart(readChartYaml(current.home.get(current.chartYaml)));
    for (const uri of current.templates) {
      const file = current.home.get(uri);
      if (!file) continue;
      const relative = relativePath(current, uri);
      if (library && !relative.slice(relative.lastIndexOf('/') + 1).startsWith('_')) continue;
      const setName = `${name}/${relative}`;
      files.push({ name: setName, parsed: parsedTemplate(file) });
      uris.set(setName, uri);
    }
    // Every dependency that has a chart, turned off or not: its defines are there for a template that guards its include.
    for (const dep of chartDependencies(index, current)) {
      if (dep.layout && !seen.has(dep.layout.root)) work.push({ layout: dep.layout, prefix: `${name}/charts/${dep.key}`, seen: new Set([...seen, dep.layout.root]) });
    }
  }
  return { files, uris };
}

/** The chart whose charts/ folder holds this one, and so on up: the top of the tree. */
export function topChart(index: WorkspaceIndex, layout: ChartLayout): ChartLayout {
  let current = layout;
  for (let guard = 0; current.parent && guard < 50; guard++) current = chartAt(index, current.parent) ?? current;
  return current;
}

/** The keys of the dependencies neither charts/ nor the workspace gives (their defines and values are unknown). */
export function missingDependencies(index: WorkspaceIndex, layout: ChartLayout): string[] {
  return chartDependencies(index, layout)
    .filter((dep) => dep.source === 'missing')
    .map((dep) => dep.key);
}

/** The files a chart's render reads (its own and its dependencies', wherever they are): the identity of this array's items changes with any edit of one. */
export function renderInputs(index: WorkspaceIndex, layout: ChartLayout): IndexedFile[] {
  const files: IndexedFile[] = [];
  const seen = new Set<string>();
  const work: ChartLayout[] = [topChart(index, layout)];
  while (work.length > 0) {
    const current = work.pop()!;
    if (seen.has(current.root)) continue;
    seen.add(current.root);
    for (const uri of [current.chartYaml, current.values, current.schema, current.lock, `${current.root}.helmignore`, ...current.valuesFiles, ...current.templates]) {
      const file = uri ? current.home.get(uri) : undefined;
      if (file) files.push(file);
    }
    for (const dep of chartDependencies(index, current)) if (dep.layout) work.push(dep.layout);
  }
  return files;
}

/**
 * What the render of one chart may spend in all, its templates together (one template alone has
 * defaultLimits): a hostile chart of a hundred templates each at its own bound would hold the
 * file's check for minutes. The largest real charts measured take a small fraction of it.
 */
export const CHART_STEPS = 4_000_000;
export const CHART_WORK = 128_000_000;
export const chartPool = () => new RenderPool(CHART_STEPS, CHART_WORK);

/** A template whose output may depend on another file's text (an include by a computed name, `.Files`, tpl): rendered again on any change. */
function readsOtherFiles(text: string): boolean {
  return /\b(include|template)\s*\(|\.Files\b|BasePath|\btpl\b/.test(text);
}

/**
 * Renders every template of a chart with `values`. `reuse`: the previous render, and whether a
 * file is unchanged since; an unchanged template that reads no other file keeps its outcome.
 * `absent`: names of templates a dependency not in the repository defines, each rendered as nothing.
 */
export function renderChart(index: WorkspaceIndex, layout: ChartLayout, values: GoMap, options: ReleaseOptions, reader: HelmReader, reuse?: { previous: ChartRender; unchanged: (uri: string) => boolean }, pool = chartPool(), absent?: ReadonlySet<string>): ChartRender {
  // A dependency's templates are rendered in its parent's set: the defines of the whole tree are one.
  const top = topChart(index, layout);
  const { files, uris } = setFiles(index, top, chartName(index, top));
  const name = [...uris.entries()].find(([, uri]) => uri.startsWith(layout.root))?.[0].replace(/\/templates\/.*$/, '') ?? chartName(index, layout);
  const defined = definitionsOf(files);
  // `absent`: templates of dependencies not in the repository, rendered as nothing (helm/absent.ts); `defined` stays the chart's own.
  const inSet = absent && absent.size > 0 ? new Map(defined) : defined;
  for (const name of absent ?? []) if (!inSet.has(name)) inSet.set(name, { file: `${name}@absent`, definition: { name, nameStart: 0, nameEnd: 0, start: 0, end: 0, list: [] } });
  const set = templateSet(files, inSet, helmFunctionMap);
  const broken = files.find((f) => f.parsed.error && !f.parsed.error.limit);
  const chart = chartObject(readChartYaml(layout.home.get(layout.chartYaml))?.value ?? {});
  const caps = capabilities(options);
  const fileObject = filesObject(layout.root, reader, undefined, layout.ignore);
  const subcharts = subchartsOf(index, layout, values, options, caps, reader);
  const outcomes = new Map<string, TemplateOutcome>();
  for (const file of files) {
    const uri = uris.get(file.name)!;
    if (!uri.startsWith(layout.root) || uri.slice(layout.root.length).startsWith('charts/')) continue;
    const kept = reuse?.unchanged(uri) && !readsOtherFiles(index.get(uri)?.text ?? '') ? reuse.previous.outcomes.get(uri) : undefined;
    if (kept) {
      outcomes.set(uri, kept);
      continue;
    }
    const outcome: TemplateOutcome = { uri, name: file.name, events: [] };
    outcomes.set(uri, outcome);
    if (file.parsed.error) {
      outcome.parseError = file.parsed.error;
      continue;
    }
    const base = file.name.slice(file.name.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    if (broken) {
      outcome.blockedBy = uris.get(broken.name);
      continue;
    }
    executeInto(outcome, set, pool, renderValues(values, chart, fileObject, caps, options, file.name, `${name}/templates`, subcharts));
  }
  return { layout, values, release: options, outcomes, defined, uris, missingDependencies: missingDependencies(index, layout) };
}

/** Executes the template `outcome` names with `dot`, its output as Helm reads it (its `<no value>` taken out, its documents cut where Helm cuts them: helm/split.ts) or its error. */
export function executeInto(outcome: TemplateOutcome, set: ReturnType<typeof templateSet>, pool: RenderPool, dot: GoMap): void {
  const executor = new Executor(set, defaultLimits, pool);
  try {
    const result = executor.render(outcome.name, dot);
    const separated = helmSeparated(result.text.replaceAll('<no value>', ''), result.text.includes('<no value>') ? removeNoValue(result.text, result.segments) : result.segments);
    outcome.text = separated.text;
    outcome.segments = separated.segments;
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    outcome.error = error;
  }
  outcome.events = executor.events;
}

/**
 * `.Subcharts` as Helm's engine builds it (recAllTpls): each enabled dependency under its key (alias, else
 * name), its Chart, Files, Values (its section of the parent's), the release's Release and Capabilities, and
 * its own Subcharts, so `include "sub.fullname" .Subcharts.sub` names what the dependency names. Built to a
 * bounded depth (charts nest a few levels).
 */
export function subchartsOf(index: WorkspaceIndex, layout: ChartLayout, values: GoMap, options: ReleaseOptions, caps: GoObject, reader: HelmReader, depth = 0): GoMap {
  const found: GoMap = new Map();
  if (depth >= 10) return found;
  for (const dep of chartDependencies(index, layout)) {
    if (!dep.layout || found.has(dep.key) || !dependencyEnabled(dep, values)) continue;
    const section = values.get(dep.key);
    const own: GoMap = isMap(section ?? null) ? (section as GoMap) : new Map<string, GoValue>();
    const chartYaml = readChartYaml(dep.layout.home.get(dep.layout.chartYaml))?.value ?? {};
    found.set(
      dep.key,
      new Map<string, GoValue>([
        ['Chart', chartObject({ ...chartYaml, name: dep.key })],
        ['Files', filesObject(dep.layout.root, readerFor(dep.layout, reader), undefined, dep.layout.ignore)],
        ['Release', releaseObject(options.name, options.namespace)],
        ['Capabilities', caps],
        ['Values', own],
        ['Subcharts', subchartsOf(index, dep.layout, own, options, caps, reader, depth + 1)],
      ]),
    );
  }
  return found;
}

/** The segments once Helm's `<no value>` are taken out of the output (offsets shift). Each shift is found by bisection: a loop printing nil 300,000 times is as many markers as segments. */
function removeNoValue(text: string, segments: readonly Segment[]): Segment[] {
  const marker = '<no value>';
  const removed: number[] = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) removed.push(at);
  const shift = (offset: number) => {
    // How many markers start before `offset` (they never overlap).
    let low = 0;
    let high = removed.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (removed[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (low === 0) return offset;
    const last = removed[low - 1];
    return offset - (low - 1) * marker.length - Math.min(marker.length, offset - last);
  };
  return segments.map((s) => ({ ...s, out: shift(s.out), length: shift(s.out + s.length) - shift(s.out) })).filter((s) => s.length > 0);
}

interface Cached {
  files: IndexedFile[];
  key: string;
  render: ChartRender;
}
const cache = new WeakMap<WorkspaceIndex, Map<string, Cached>>();

/** The files of the chart changed since its render was kept (undefined when the render is not comparable: another layout). */
function changedSince(cached: Cached, layout: ChartLayout, files: readonly IndexedFile[]): IndexedFile[] | undefined {
  return cached.render.layout === layout && cached.files.length === files.length ? files.filter((f, i) => f !== cached.files[i]) : undefined;
}

/** The chart's last render with its defaults (for whatever release options), if none of its files changed since. */
export function currentRender(index: WorkspaceIndex, layout: ChartLayout): ChartRender | undefined {
  const cached = cache.get(index)?.get(layout.root);
  return cached && changedSince(cached, layout, renderInputs(index, layout))?.length === 0 ? cached.render : undefined;
}

/** The chart rendered with its default values, kept until one of its files (or the options) changes. */
export function defaultRender(index: WorkspaceIndex, layout: ChartLayout, options: ReleaseOptions, reader: HelmReader): ChartRender {
  let byRoot = cache.get(index);
  if (!byRoot) cache.set(index, (byRoot = new Map<string, Cached>()));
  const files = renderInputs(index, layout);
  const key = `${options.name}\0${options.namespace}\0${options.kubeVersion}\0${options.apiVersions.length}`;
  const cached = byRoot.get(layout.root);
  const changed = cached && cached.key === key ? changedSince(cached, layout, files) : undefined;
  if (cached && changed?.length === 0) return cached.render;
  // Only templates without definitions changed: the others' outputs stay (values, helpers and Chart.yaml are the same).
  const onlyTemplates = cached && changed?.every((f) => {
    const before = cached.files.find((c) => c.uri === f.uri);
    return before && layout.templates.includes(f.uri) && !/\/_[^/]*$/.test(f.uri) && parsedTemplate(f).defines.length === 0 && !parsedTemplate(f).error && parsedTemplate(before).defines.length === 0 && !parsedTemplate(before).error;
  });
  const reuse = cached && onlyTemplates ? { previous: cached.render, unchanged: (uri: string) => !changed?.some((f) => f.uri === uri) } : undefined;
  const render = renderChart(index, layout, reuse ? reuse.previous.values : effectiveValues(index, layout), options, reader, reuse);
  byRoot.set(layout.root, { files, key, render });
  return render;
}

/** How many releases' renders an index keeps (a workspace deploys its charts a few times each). */
const KEPT_RELEASES = 256;
interface KeptRelease {
  stamps: readonly unknown[];
  render: ChartRender;
}
const released = new WeakMap<WorkspaceIndex, Map<string, KeptRelease>>();

/**
 * A chart's render for one release (`release` names it: its name and namespace), kept until one of the chart's files
 * (renderInputs) or one of `stamps` changes: what the release gives besides them (its values files' values, the same
 * object while the file is unchanged; its values as text; its options), each compared by identity.
 */
export function keptRender(index: WorkspaceIndex, layout: ChartLayout, release: string, stamps: readonly unknown[], render: () => ChartRender): ChartRender {
  let byRelease = released.get(index);
  if (!byRelease) released.set(index, (byRelease = new Map<string, KeptRelease>()));
  const now = [layout, ...renderInputs(index, layout), ...stamps];
  const key = `${layout.root}\0${release}`;
  const kept = byRelease.get(key);
  if (kept && kept.stamps.length === now.length && kept.stamps.every((s, i) => s === now[i])) return kept.render;
  const fresh = render();
  if (byRelease.size >= KEPT_RELEASES && !kept) byRelease.clear();
  byRelease.set(key, { stamps: now, render: fresh });
  return fresh;
}
