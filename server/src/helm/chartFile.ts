/**
 * Chart.yaml as helm lint reads it (its chartfile rules): name, apiVersion v1/v2, version (a
 * string, SemVer, strict SemVer 2 as a warning), appVersion a string, maintainers, sources,
 * icon, type, dependencies, and the fields Helm knows (the strict read). Each finding is on the
 * key or value concerned.
 */
import type { Finding } from '../common/findings';
import { isStrictVersion, parseVersion } from '../gotemplate/semver';
import { t } from '../l10n/t';
import type { IndexedFile } from '../workspace/index';
import { pairOf, spanOf, type SourceNode } from '../yaml/tree';
import * as rules from './rules';

/** Chart.yaml's fields, as Helm's chart.Metadata names them. */
export const chartFields: Readonly<Record<string, string>> = {
  apiVersion: 'APIVersion',
  name: 'Name',
  version: 'Version',
  kubeVersion: 'KubeVersion',
  description: 'Description',
  type: 'Type',
  keywords: 'Keywords',
  home: 'Home',
  sources: 'Sources',
  dependencies: 'Dependencies',
  maintainers: 'Maintainers',
  icon: 'Icon',
  appVersion: 'AppVersion',
  deprecated: 'Deprecated',
  annotations: 'Annotations',
  condition: 'Condition',
  tags: 'Tags',
};

export interface Dependency {
  name: string;
  version?: string;
  repository?: string;
  alias?: string;
  condition?: string;
  tags?: string[];
  /** Where it is written in Chart.yaml (its `name` value). */
  start: number;
  end: number;
}

/** Helm's isValidChartType: absent, empty, `application` or `library`, exactly (`Library` is refused). */
export function isValidChartType(type: unknown): boolean {
  return type === undefined || type === null || type === '' || type === 'application' || type === 'library';
}

/** Whether Chart.yaml makes a library chart: its templates are partials for others, never rendered. */
export function isLibraryChart(chart: ChartYaml | undefined): boolean {
  return chart?.value.type === 'library';
}

/** Chart.yaml read: its plain value, its tree (chunk offsets) and the chunk's offset in the file. */
export interface ChartYaml {
  value: Record<string, unknown>;
  tree: SourceNode | null;
  offset: number;
  dependencies: Dependency[];
}

const key = Symbol('helm-chart-yaml');

/** Chart.yaml's first document as a mapping, read once per file version. */
export function readChartYaml(file: IndexedFile | undefined): ChartYaml | undefined {
  if (!file) return undefined;
  return file.model(key, () => {
    const first = file.yaml?.chunks[0];
    const value = first?.chunk.value;
    if (!first || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    const tree = first.chunk.tree;
    const dependencies: Dependency[] = [];
    const list = record.dependencies;
    const listNode = pairOf(tree, 'dependencies')?.value;
    if (Array.isArray(list)) {
      list.forEach((item, i) => {
        if (item === null || typeof item !== 'object') return;
        const dep = item as Record<string, unknown>;
        const node = listNode?.items?.[i] ?? null;
        const at = spanOf(pairOf(node, 'name')?.value ?? node) ?? [0, 0];
        const text = (k: string) => (typeof dep[k] === 'string' ? dep[k] : typeof dep[k] === 'number' ? String(dep[k]) : undefined);
        const tags = Array.isArray(dep.tags) ? dep.tags.filter((tag): tag is string => typeof tag === 'string') : undefined;
        dependencies.push({ name: text('name') ?? '', version: text('version'), repository: text('repository'), alias: text('alias'), condition: text('condition'), ...(tags ? { tags } : {}), start: at[0], end: at[1] });
      });
    }
    return { value: record, tree, offset: first.offset, dependencies };
  });
}

const isRequestUrl = (s: string) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/.test(s) && /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) && !/^[a-zA-Z]:$/.test(s);
const isUrl = (s: string) => /^((https?|ftp):\/\/)?[\w.-]+(\.[a-zA-Z]{2,}|:\d+)(\/\S*)?$/.test(s) || /^(https?|ftp):\/\/\S+$/.test(s);
const isEmail = (s: string) => /^[^\s@]+@[^\s@][^\s@.]*\.[^\s@]+$/.test(s);

function goType(v: unknown): string {
  // Helm reads Chart.yaml through JSON: every number is a float64.
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v === null) return '<nil>';
  return typeof v === 'object' ? 'map[string]interface {}' : typeof v;
}

/** The findings of Chart.yaml (offsets in the file). */
export function chartYamlFindings(file: IndexedFile): Finding[] {
  const chunk = file.yaml?.chunks[0];
  if (!chunk?.chunk.wellFormed) return [];
  const read = readChartYaml(file);
  if (!read) return [{ start: 0, end: 0, code: rules.chartYamlRule.id, message: t('Chart.yaml must be a mapping of the chart\'s metadata (apiVersion, name, version, …).') }];
  const { value, tree, offset } = read;
  const findings: Finding[] = [];
  const at = (path: string, part: 'key' | 'value' = 'value'): [number, number] => {
    const pair = pairOf(tree, path);
    const span = spanOf(part === 'key' ? pair?.keyNode : (pair?.value ?? pair?.keyNode)) ?? [0, 0];
    return [span[0] + offset, span[1] + offset];
  };
  const report = (rule: { id: string }, [start, end]: [number, number], message: string) => findings.push({ start, end, code: rule.id, message });
  const text = (k: string) => (typeof value[k] === 'string' ? value[k] : '');

  for (const field of Object.keys(value)) if (!(field in chartFields)) report(rules.chartStrictRule, at(field, 'key'), t('Chart.yaml has no field "{0}": Helm reads it strictly and ignores it (known: {1}).', field, Object.keys(chartFields).join(', ')));
  const name = text('name');
  if (!name) report(rules.chartNameRule, value.name === undefined ? [offset, offset] : at('name'), t('name is required'));
  else if (name.includes('/') || name.includes('\\')) report(rules.chartNameRule, at('name'), t('chart name "{0}" is invalid: it must not be a path', name));

  const apiVersion = text('apiVersion');
  if (!apiVersion) report(rules.chartApiVersionRule, value.apiVersion === undefined ? [offset, offset] : at('apiVersion'), t('apiVersion is required. The value must be either "v1" or "v2"'));
  else if (apiVersion !== 'v1' && apiVersion !== 'v2') report(rules.chartApiVersionRule, at('apiVersion'), t('apiVersion \'{0}\' is not valid. The value must be either "v1" or "v2"', apiVersion));

  for (const field of ['version', 'appVersion']) {
    if (value[field] !== undefined && typeof value[field] !== 'string') report(rules.chartVersionRule, at(field), t('{0} should be of type string but it\'s of type {1}', field, goType(value[field])));
  }
  const version = typeof value.version === 'string' ? value.version : typeof value.version === 'number' ? String(value.version) : '';
  if (value.version === undefined || version === '') report(rules.chartVersionRule, value.version === undefined ? [offset, offset] : at('version'), t('version is required'));
  else {
    if (!parseVersion(version)) report(rules.chartVersionRule, at('version'), t('version \'{0}\' is not a valid SemVer', version));
    if (!isStrictVersion(version)) report(rules.chartVersionStrictRule, at('version'), t('version \'{0}\' is not a valid SemVerV2', version));
  }

  maintainerFindings(value, tree, offset, findings);
  const sources = value.sources;
  if (Array.isArray(sources)) {
    const sourcesNode = pairOf(tree, 'sources')?.value;
    sources.forEach((source, i) => {
      if (typeof source === 'string' && source !== '' && isRequestUrl(source)) return;
      const span = spanOf(sourcesNode?.items?.[i] ?? null) ?? at('sources');
      report(rules.chartSourcesRule, [span[0] + (sourcesNode?.items?.[i] ? offset : 0), span[1] + (sourcesNode?.items?.[i] ? offset : 0)], t('invalid source URL \'{0}\'', String(source ?? '')));
    });
  }
  const icon = text('icon');
  if (!icon) report(rules.chartIconMissingRule, [offset, offset], t('icon is recommended'));
  else if (!isRequestUrl(icon)) report(rules.chartIconRule, at('icon'), t('invalid icon URL \'{0}\'', icon));

  const type = value.type;
  if (type !== undefined && type !== '' && apiVersion !== 'v2') report(rules.chartTypeRule, at('type'), t('chart type is not valid in apiVersion \'{0}\'. It is valid in apiVersion \'v2\'', apiVersion));
  // Helm's loader refuses any other value, whatever the apiVersion (chart.Metadata.Validate: exactly "", application, library).
  if (!isValidChartType(type)) report(rules.chartTypeRule, at('type'), t('chart type "{0}" is invalid: application or library', String(type)));

  if (read.dependencies.length > 0 && apiVersion !== 'v2') report(rules.chartDependenciesRule, at('dependencies', 'key'), t('dependencies are not valid in the Chart file with apiVersion \'{0}\'. They are valid in apiVersion \'v2\'', apiVersion));
  const seen = new Set<string>();
  for (const dep of read.dependencies) {
    const where: [number, number] = [dep.start + offset, dep.end + offset];
    if (!dep.name) report(rules.chartDependenciesRule, where, t('a dependency has no name'));
    else if (!dep.version && !dep.repository?.startsWith('file://')) report(rules.chartDependenciesRule, where, t('dependency "{0}" has no version', dep.name));
    const id = dep.alias || dep.name;
    if (id && seen.has(id)) report(rules.chartDependenciesRule, where, t('multiple dependencies with name or alias: {0}', id));
    seen.add(id);
  }
  return findings;
}

function maintainerFindings(value: Record<string, unknown>, tree: SourceNode | null, offset: number, findings: Finding[]): void {
  const maintainers = value.maintainers;
  if (!Array.isArray(maintainers)) return;
  const listNode = pairOf(tree, 'maintainers')?.value;
  maintainers.forEach((maintainer, i) => {
    const node = listNode?.items?.[i] ?? null;
    const span = spanOf(node) ?? spanOf(listNode) ?? [0, 0];
    const where = (k?: string): [number, number] => {
      const inner = k ? spanOf(pairOf(node, k)?.value) : undefined;
      const [s, e] = inner ?? span;
      return [s + offset, e + offset];
    };
    const push = (at: [number, number], message: string) => findings.push({ start: at[0], end: at[1], code: rules.chartMaintainerRule.id, message });
    if (maintainer === null || typeof maintainer !== 'object') return push(where(), t('a maintainer entry is empty'));
    const m = maintainer as Record<string, unknown>;
    const name = typeof m.name === 'string' ? m.name : '';
    if (!name) return push(where(), t('each maintainer requires a name'));
    if (typeof m.email === 'string' && m.email !== '' && !isEmail(m.email)) return push(where('email'), t('invalid email \'{0}\' for maintainer \'{1}\'', m.email, name));
    if (typeof m.url === 'string' && m.url !== '' && !isUrl(m.url)) push(where('url'), t('invalid url \'{0}\' for maintainer \'{1}\'', m.url, name));
  });
}
