/**
 * A chart's dependencies as Helm loads them: each declared dependency an instance of its chart
 * under its alias (a chart may be declared several times under several aliases), taken from
 * charts/ — or, when charts/ lacks it (no `helm dependency build` yet), from the workspace: the
 * chart a `file://` repository names, else the nearest chart of that name whose version
 * satisfies the constraint (a monorepo's sibling, as bitnami's `common` beside its charts);
 * charts of charts/ that Chart.yaml does not declare come under their own name. Enabled as
 * Helm's ProcessDependencyEnabled says: tags, then conditions (the first path holding a bool),
 * read in the values with every dependency's defaults under its key.
 */
import { satisfies } from '../gotemplate/semver';
import { isMap, type GoMap, type GoValue } from '../gotemplate/values';
import type { WorkspaceIndex } from '../workspace/index';
import { chartAt, chartLayouts, type ChartLayout } from './chart';
import { readChartYaml, type Dependency } from './chartFile';
import type { HelmReader } from './context';
import { packagedCharts } from './packaged';

export interface ChartDependency {
  /** Where its values and templates live in the parent: its alias, else its name. */
  key: string;
  name: string;
  /** Its entry in Chart.yaml (or requirements.yaml); none for a chart of charts/ Chart.yaml does not declare. */
  declared?: Dependency;
  /** The chart that gives it; none when neither charts/ nor the workspace has it. */
  layout?: ChartLayout;
  source: 'charts' | 'workspace' | 'missing';
}

const nameOf = (_index: WorkspaceIndex, layout: ChartLayout): string | undefined => {
  const name = readChartYaml(layout.home.get(layout.chartYaml))?.value.name;
  return typeof name === 'string' ? name : undefined;
};

const versionOf = (_index: WorkspaceIndex, layout: ChartLayout): string | undefined => {
  const version = readChartYaml(layout.home.get(layout.chartYaml))?.value.version;
  return typeof version === 'string' || typeof version === 'number' ? String(version) : undefined;
};

/** The folder a `file://` repository names, relative to the chart's folder, as a folder URI. */
function fileRepository(layout: ChartLayout, repository: string): string | undefined {
  const relative = repository.replace(/^file:\/\//, '');
  if (relative === '' || relative.startsWith('/')) return undefined;
  try {
    const url = new URL(relative.endsWith('/') ? relative : `${relative}/`, layout.root);
    return url.href;
  } catch {
    return undefined;
  }
}

/** How many leading characters two URIs share: the nearer chart shares more of its path. */
function shared(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** The chart of the workspace that stands for a dependency charts/ lacks. */
function fromWorkspace(index: WorkspaceIndex, layout: ChartLayout, dep: Dependency): ChartLayout | undefined {
  if (dep.repository?.startsWith('file://')) {
    const root = fileRepository(layout, dep.repository);
    const found = root ? chartAt(index, root) : undefined;
    return found && nameOf(index, found) === dep.name ? found : undefined;
  }
  const candidates = chartLayouts(index).filter((other) => {
    if (other.root === layout.root || layout.root.startsWith(other.root) || other.parent !== undefined) return false;
    if (nameOf(index, other) !== dep.name) return false;
    if (!dep.version) return true;
    const version = versionOf(index, other);
    return version !== undefined && satisfies(dep.version, version) === true;
  });
  return candidates.sort((a, b) => shared(b.root, layout.root) - shared(a.root, layout.root) || (a.root < b.root ? -1 : 1))[0];
}

/** The versions of the workspace's charts named `name` (other than `layout` and the charts inside another's charts/). */
export function workspaceVersions(index: WorkspaceIndex, layout: ChartLayout, name: string): string[] {
  return chartLayouts(index)
    .filter((other) => other.root !== layout.root && other.parent === undefined && nameOf(index, other) === name)
    .map((other) => versionOf(index, other) ?? '?')
    .sort();
}

const cache = new WeakMap<WorkspaceIndex, { generation: number; byRoot: Map<string, ChartDependency[]> }>();

/** The chart's dependencies, declared and present, each with the chart that gives it (cached per version of the index). */
export function chartDependencies(index: WorkspaceIndex, layout: ChartLayout): ChartDependency[] {
  let entry = cache.get(index);
  if (!entry || entry.generation !== index.generation) cache.set(index, (entry = { generation: index.generation, byRoot: new Map() }));
  let found = entry.byRoot.get(layout.root);
  if (!found) entry.byRoot.set(layout.root, (found = resolve(index, layout)));
  return found;
}

/** The reader of charts/ the family's services hold, per index: packaged dependencies are read through it (packaged.ts). */
const readers = new WeakMap<WorkspaceIndex, HelmReader>();

/** Says which reader loads the charts/ archives and left-out folders of an index's charts (the services call it with theirs). */
export function useReader(index: WorkspaceIndex, reader: HelmReader): void {
  if (readers.get(index) === reader) return;
  readers.set(index, reader);
  cache.delete(index);
}

function resolve(index: WorkspaceIndex, layout: ChartLayout): ChartDependency[] {
  const home = layout.home;
  // apiVersion v1 charts declare them in requirements.yaml.
  const declared = [...(readChartYaml(home.get(layout.chartYaml))?.dependencies ?? []), ...(readChartYaml(home.get(`${layout.root}requirements.yaml`))?.dependencies ?? [])].filter((d) => d.name !== '');
  const inCharts = new Map<string, ChartLayout>();
  for (const sub of layout.subcharts) {
    const inner = chartAt(home, sub);
    const name = inner && nameOf(index, inner);
    if (inner && name && !inCharts.has(name)) inCharts.set(name, inner);
  }
  // What helm dependency build wrote (charts/<name>-<version>.tgz), and chart folders the index leaves out: Helm loads them all.
  for (const packaged of packagedCharts(index, layout, readers.get(index))) {
    if (!('layout' in packaged)) continue;
    const name = nameOf(index, packaged.layout);
    if (name && !inCharts.has(name)) inCharts.set(name, packaged.layout);
  }
  const found: ChartDependency[] = declared.map((dep) => {
    const key = dep.alias || dep.name;
    const present = inCharts.get(dep.name);
    if (present) return { key, name: dep.name, declared: dep, layout: present, source: 'charts' };
    const workspace = fromWorkspace(index, layout, dep);
    return workspace ? { key, name: dep.name, declared: dep, layout: workspace, source: 'workspace' } : { key, name: dep.name, declared: dep, source: 'missing' };
  });
  const declaredNames = new Set(declared.map((d) => d.name));
  for (const [name, inner] of inCharts) if (!declaredNames.has(name)) found.push({ key: name, name, layout: inner, source: 'charts' });
  return found;
}

/** The value at a dotted path (`memcached.enabled`), undefined when a step is missing. */
function pathValue(values: GoMap, path: string): GoValue | undefined {
  let current: GoValue | undefined = values;
  for (const key of path.split('.')) {
    if (!isMap(current ?? null)) return undefined;
    current = (current as GoMap).get(key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** Whether Helm keeps a dependency, given the parent's values (with every dependency's defaults): tags, then the first condition holding a bool. */
export function dependencyEnabled(dep: ChartDependency, values: GoMap): boolean {
  let enabled = true;
  const tags = values.get('tags');
  if (dep.declared?.tags?.length && isMap(tags ?? null)) {
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of dep.declared.tags) {
      const value = (tags as GoMap).get(tag);
      if (value === true) hasTrue = true;
      else if (value === false) hasFalse = true;
    }
    enabled = hasTrue || !hasFalse;
  }
  for (const condition of (dep.declared?.condition ?? '').split(',').map((c) => c.trim())) {
    if (condition === '') continue;
    const value = pathValue(values, condition);
    if (typeof value === 'boolean') return value;
  }
  return enabled;
}

/** Where a dependency's chart is, said to a user (`../common`). */
export function dependencyPlace(layout: ChartLayout, dep: ChartDependency): string {
  if (!dep.layout) return '';
  const from = layout.root.split('/');
  const to = dep.layout.root.split('/');
  let k = 0;
  while (k < from.length && k < to.length && from[k] === to[k]) k++;
  const up = from.length - 1 - k;
  return decodeURIComponent([...Array<string>(up).fill('..'), ...to.slice(k, -1)].join('/'));
}
