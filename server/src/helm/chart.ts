/**
 * Where the charts of the workspace are and which file plays which part in one: a chart is a
 * folder with a Chart.yaml; its values.yaml, values.schema.json, Chart.lock, templates/, crds/,
 * other values files (`values-*.yaml`, `ci/*.yaml`) and the charts of its charts/ folder, less
 * what its `.helmignore` leaves out (Helm never loads those files). Read from the workspace index
 * once per change of its set of files or of a `.helmignore` (not on every edit).
 */
import type { WorkspaceIndex, IndexedFile } from '../workspace/index';
import { isIgnored, parseIgnore, type IgnoreRules } from './ignore';

export interface ChartLayout {
  /** The chart's folder, a URI ending with `/`. */
  readonly root: string;
  /** The index holding its files: the workspace's, or a packaged dependency's own (packaged.ts). */
  readonly home: WorkspaceIndex;
  readonly chartYaml: string;
  readonly values?: string;
  readonly schema?: string;
  readonly lock?: string;
  /** Values files other than values.yaml (`values-prod.yaml`, `ci/test-values.yaml`). */
  readonly valuesFiles: readonly string[];
  readonly templates: readonly string[];
  readonly crds: readonly string[];
  /** Every other file of the chart (what `.Files` may read). */
  readonly others: readonly string[];
  /** The roots of the charts in its charts/ folder. */
  readonly subcharts: readonly string[];
  /** The root of the chart whose charts/ folder holds this one. */
  readonly parent?: string;
  /** Its `.helmignore`'s rules (what .Files lists is filtered by them too). */
  readonly ignore?: IgnoreRules;
  /** Files of the index under its folder that its `.helmignore` leaves out of it. */
  readonly ignored: ReadonlySet<string>;
}

export type ChartRole = 'chart' | 'values' | 'valuesFile' | 'schema' | 'lock' | 'template' | 'crd' | 'other';

/** A file's part in its chart. */
export function roleOf(layout: ChartLayout, uri: string): ChartRole {
  const rel = uri.slice(layout.root.length);
  if (rel === 'Chart.yaml') return 'chart';
  if (rel === 'values.yaml') return 'values';
  if (rel === 'values.schema.json') return 'schema';
  if (rel === 'Chart.lock') return 'lock';
  if (rel.startsWith('templates/')) return 'template';
  if (rel.startsWith('crds/')) return 'crd';
  if (/^[^/]*values[^/]*\.ya?ml$/i.test(rel) || /^ci\/[^/]+\.ya?ml$/i.test(rel)) return 'valuesFile';
  return 'other';
}

interface Layouts {
  generation: number;
  /** Each chart's `.helmignore` as the index held it: another version rebuilds the layouts. */
  ignoreFiles: Map<string, IndexedFile | undefined>;
  byRoot: Map<string, ChartLayout>;
  /** Roots, longest first: the chart of a file is the first that holds it. */
  roots: string[];
}

const cache = new WeakMap<WorkspaceIndex, Layouts>();

interface MutableLayout {
  root: string;
  home: WorkspaceIndex;
  chartYaml: string;
  values?: string;
  schema?: string;
  lock?: string;
  valuesFiles: string[];
  templates: string[];
  crds: string[];
  others: string[];
  subcharts: string[];
  parent?: string;
  ignore?: IgnoreRules;
  ignored: Set<string>;
}

/** The name Helm gives a chart's ignore file. */
const IGNORE_FILE = '.helmignore';

/** Whether a file of the chart at `root` (or of a chart in its charts/, whose files its rules name by their path from it) is ignored. */
function ignoredBy(parts: Map<string, MutableLayout>, roots: readonly string[], uri: string): boolean {
  for (const root of roots) {
    if (!uri.startsWith(root)) continue;
    const rules = parts.get(root)?.ignore;
    if (rules && isIgnored(rules, decodeURIComponent(uri.slice(root.length)))) return true;
  }
  return false;
}

function build(index: WorkspaceIndex): Layouts {
  const roots: string[] = [];
  for (const file of index.files()) if (file.uri.endsWith('/Chart.yaml')) roots.push(file.uri.slice(0, -'Chart.yaml'.length));
  roots.sort((a, b) => b.length - a.length);
  const parts = new Map(roots.map((root): [string, MutableLayout] => [root, { root, home: index, chartYaml: `${root}Chart.yaml`, valuesFiles: [], templates: [], crds: [], others: [], subcharts: [], ignored: new Set<string>() }]));
  const ignoreFiles = new Map<string, IndexedFile | undefined>();
  for (const root of roots) {
    const file = index.get(`${root}${IGNORE_FILE}`);
    ignoreFiles.set(root, file);
    if (file) parts.get(root)!.ignore = parseIgnore(file.text);
  }
  for (const file of index.files()) {
    const root = roots.find((r) => file.uri.startsWith(r));
    if (!root) continue;
    const layout = parts.get(root)!;
    if (file.uri === `${root}${IGNORE_FILE}`) continue;
    if (ignoredBy(parts, roots, file.uri)) {
      layout.ignored.add(file.uri);
      continue;
    }
    switch (roleOf(layout, file.uri)) {
      case 'values':
        layout.values = file.uri;
        break;
      case 'schema':
        layout.schema = file.uri;
        break;
      case 'lock':
        layout.lock = file.uri;
        break;
      case 'template':
        layout.templates.push(file.uri);
        break;
      case 'crd':
        layout.crds.push(file.uri);
        break;
      case 'valuesFile':
        layout.valuesFiles.push(file.uri);
        break;
      case 'other':
        if (!file.uri.slice(root.length).startsWith('charts/')) layout.others.push(file.uri);
        break;
    }
  }
  for (const root of roots) {
    const match = /^(.*\/)charts\/[^/]+\/$/.exec(root);
    const parent = match && parts.get(match[1]);
    if (!parent) continue;
    parent.subcharts.push(root);
    parts.get(root)!.parent = parent.root;
  }
  for (const layout of parts.values()) {
    layout.templates.sort();
    layout.crds.sort();
    layout.valuesFiles.sort();
  }
  return { generation: index.fileSetGeneration, ignoreFiles, byRoot: parts, roots };
}

/** Whether every chart's `.helmignore` is the one the layouts were built with. */
function sameIgnoreFiles(index: WorkspaceIndex, found: Layouts): boolean {
  for (const [root, file] of found.ignoreFiles) if (index.get(`${root}${IGNORE_FILE}`) !== file) return false;
  return true;
}

function layouts(index: WorkspaceIndex): Layouts {
  let found = cache.get(index);
  if (!found || found.generation !== index.fileSetGeneration || !sameIgnoreFiles(index, found)) cache.set(index, (found = build(index)));
  return found;
}

/** Every chart of the workspace. */
export function chartLayouts(index: WorkspaceIndex): readonly ChartLayout[] {
  return [...layouts(index).byRoot.values()];
}

/** The chart a file belongs to (the innermost). */
export function chartOf(index: WorkspaceIndex, uri: string): ChartLayout | undefined {
  const found = layouts(index);
  const root = found.roots.find((r) => uri.startsWith(r));
  return root ? found.byRoot.get(root) : undefined;
}

export function chartAt(index: WorkspaceIndex, root: string): ChartLayout | undefined {
  return layouts(index).byRoot.get(root);
}

/** A chart-relative path (`templates/deployment.yaml`). */
export function relativePath(layout: ChartLayout, uri: string): string {
  return decodeURIComponent(uri.slice(layout.root.length));
}
