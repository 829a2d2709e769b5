/**
 * A chart's dependencies as helm lint and `helm dependency` check them: each declared dependency
 * present in charts/ (a chart folder or a packaged `<name>-<version>.tgz`), nothing in charts/
 * that is not declared, Chart.lock agreeing with Chart.yaml (same dependencies, repositories, a
 * locked version inside each constraint), and crds/ holding CustomResourceDefinitions only.
 */
import type { Finding } from '../common/findings';
import { parseVersion, satisfies } from '../gotemplate/semver';
import { t } from '../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { parseYamlFile } from '../yaml/model';
import { pairOf, spanOf } from '../yaml/tree';

const lockKey = Symbol('helm-chart-lock');
import type { ChartLayout } from './chart';
import { readChartYaml } from './chartFile';
import { chartDependencies, dependencyPlace, workspaceVersions } from './dependencies';
import type { HelmReader } from './context';
import * as rules from './rules';

/** The charts in charts/: folder charts by their Chart.yaml name, packaged ones by the name in `<name>-<version>.tgz`. */
export function presentDependencies(index: WorkspaceIndex, layout: ChartLayout, reader: HelmReader): Set<string> {
  const names = new Set<string>();
  for (const sub of layout.subcharts) {
    const name = readChartYaml(index.get(`${sub}Chart.yaml`))?.value.name;
    if (typeof name === 'string') names.add(name);
  }
  for (const path of reader.listFiles(`${layout.root}charts/`) ?? []) {
    const packaged = /^([^/]+?)-(v?\d+\.\d+\.\d[^/]*)\.tgz$/.exec(path);
    if (packaged && parseVersion(packaged[2])) names.add(packaged[1]);
  }
  return names;
}

/** Chart.yaml's dependency findings (offsets in Chart.yaml). */
export function dependencyFindings(index: WorkspaceIndex, layout: ChartLayout, reader: HelmReader): Finding[] {
  const chart = readChartYaml(index.get(layout.chartYaml));
  if (!chart) return [];
  const findings: Finding[] = [];
  const present = presentDependencies(index, layout, reader);
  const locked = layout.lock !== undefined;
  const resolved = chartDependencies(index, layout);
  for (const dep of chart.dependencies) {
    if (!dep.name || present.has(dep.name)) continue;
    const standIn = resolved.find((r) => r.declared === dep && r.source === 'workspace');
    if (standIn?.layout) {
      const version = readChartYaml(index.get(standIn.layout.chartYaml))?.value.version;
      findings.push({
        start: dep.start + chart.offset,
        end: dep.end + chart.offset,
        code: rules.dependencyMissingRule.id,
        message: t('dependency {0} is not in charts/: the chart {1} of the workspace (version {2}) stands for it until helm dependency build fetches it', dep.name, dependencyPlace(layout, standIn), String(version ?? '?')),
        severity: 'information',
      });
      continue;
    }
    // A chart of that name in the workspace whose version is outside the constraint is said: it is why none stands in.
    const namesakes = workspaceVersions(index, layout, dep.name);
    const why = namesakes.length > 0 && dep.version ? t(' (the workspace\'s {0} is {1}, outside {2})', dep.name, namesakes.join(', '), dep.version) : '';
    findings.push({
      start: dep.start + chart.offset,
      end: dep.end + chart.offset,
      code: rules.dependencyMissingRule.id,
      message: (locked ? t('chart directory is missing dependency {0}: Chart.lock records it, helm dependency build fetches it', dep.name) : t('chart directory is missing dependency {0}: run helm dependency update', dep.name)) + why,
      ...(locked ? { severity: 'information' as const } : {}),
    });
  }
  if (chart.value.apiVersion === 'v2') {
    const declared = new Set(chart.dependencies.map((d) => d.name));
    const at = spanOf(pairOf(chart.tree, 'dependencies')?.keyNode ?? pairOf(chart.tree, 'name')?.keyNode) ?? [0, 0];
    for (const name of [...present].sort()) {
      if (!declared.has(name)) findings.push({ start: at[0] + chart.offset, end: at[1] + chart.offset, code: rules.dependencyUndeclaredRule.id, message: t('chart metadata is missing dependency {0}: charts/ holds it but Chart.yaml does not declare it', name) });
    }
  }
  return findings;
}

/** Chart.lock against Chart.yaml (offsets in Chart.lock). */
export function lockFindings(index: WorkspaceIndex, layout: ChartLayout, lock: IndexedFile): Finding[] {
  const chart = readChartYaml(index.get(layout.chartYaml));
  // Chart.lock is YAML without the extension: read here, once per version.
  const first = lock.model(lockKey, () => parseYamlFile(lock.text)).chunks[0];
  if (!chart || !first?.chunk.wellFormed) return [];
  const value = first.chunk.value as { dependencies?: unknown } | null;
  const tree = first.chunk.tree;
  const entries = Array.isArray(value?.dependencies) ? (value.dependencies as unknown[]) : [];
  const listNode = pairOf(tree, 'dependencies')?.value;
  const findings: Finding[] = [];
  const push = (span: [number, number] | undefined, message: string) => {
    const [start, end] = span ?? [0, 0];
    findings.push({ start: start + first.offset, end: end + first.offset, code: rules.lockRule.id, message });
  };
  const lockedNames = new Set<string>();
  entries.forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object') return;
    const e = entry as Record<string, unknown>;
    const node = listNode?.items?.[i] ?? null;
    const name = typeof e.name === 'string' ? e.name : '';
    lockedNames.add(name);
    const declared = chart.dependencies.find((d) => d.name === name);
    if (!declared) return push(spanOf(pairOf(node, 'name')?.value ?? node), t('Chart.lock locks {0}, which Chart.yaml does not declare: run helm dependency update', name));
    const version = typeof e.version === 'string' ? e.version : '';
    if (declared.version && version) {
      const ok = satisfies(declared.version, version);
      if (ok === false) push(spanOf(pairOf(node, 'version')?.value ?? node), t('Chart.lock locks {0} at {1}, outside the constraint {2} of Chart.yaml: run helm dependency update', name, version, declared.version));
    }
    if (declared.repository !== undefined && typeof e.repository === 'string' && e.repository !== declared.repository && !declared.repository.startsWith('@') && !declared.repository.startsWith('alias:')) {
      push(spanOf(pairOf(node, 'repository')?.value ?? node), t('Chart.lock takes {0} from {1}, Chart.yaml from {2}: run helm dependency update', name, e.repository, declared.repository));
    }
  });
  const at = spanOf(pairOf(tree, 'dependencies')?.keyNode) ?? [0, 0];
  for (const dep of chart.dependencies) if (dep.name && !lockedNames.has(dep.name)) push(at, t('Chart.lock does not lock {0}, which Chart.yaml declares: run helm dependency update', dep.name));
  return findings;
}

/** A file of crds/: CustomResourceDefinitions of apiextensions.k8s.io only, never templates. */
export function crdFindings(file: IndexedFile): Finding[] {
  if (!/\.(ya?ml|json)$/i.test(file.uri)) return [];
  const findings: Finding[] = [];
  for (const { offset, chunk } of file.yaml?.chunks ?? []) {
    if (!chunk.wellFormed) continue;
    const value = chunk.value as { apiVersion?: unknown; kind?: unknown } | null;
    if (value === null || value === undefined) continue;
    const tree = chunk.tree;
    const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
    const place = (key: string, message: string) => {
      const [start, end] = spanOf(pairOf(tree, key)?.value ?? tree) ?? [0, 0];
      findings.push({ start: start + offset, end: end + offset, code: rules.crdRule.id, message });
    };
    if (!apiVersion.startsWith('apiextensions.k8s.io')) place('apiVersion', t("apiVersion is not in 'apiextensions.k8s.io': crds/ holds CustomResourceDefinitions only"));
    else if (value.kind !== 'CustomResourceDefinition') place('kind', t("object kind is not 'CustomResourceDefinition': crds/ holds CustomResourceDefinitions only"));
  }
  const action = actionOutsideComments(file.text);
  if (action >= 0) findings.push({ start: action, end: action + 2, code: rules.crdRule.id, message: t('Helm installs crds/ as they are, never as templates: move a templated CRD to templates/') });
  return findings;
}

/** The first `{{` that is not in a YAML comment (a `# Source: x v{{version}}` banner is a comment, not a template), or -1. One pass over the text. */
function actionOutsideComments(text: string): number {
  let quote = '';
  let comment = false;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      quote = '';
      comment = false;
      lineStart = true;
      continue;
    }
    if (comment) continue;
    // Quoted or not, an action in a value is a template's; quotes only say where a comment may start.
    if (c === '{' && text[i + 1] === '{') return i;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) comment = true;
    lineStart = false;
  }
  return -1;
}
