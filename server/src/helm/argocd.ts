/**
 * Across the stack: an Argo CD Application whose source is a chart of this repository (its `path`
 * names a folder with a Chart.yaml) is checked against that chart: the folder holds a chart when
 * the source gives Helm parameters, its `helm.valueFiles` exist in the chart's folder, and its
 * `helm.values`/`valuesObject`/`parameters` fit the chart (schema, known keys, a render that works).
 */
import type { Finding } from '../common/findings';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import type { IndexedFile } from '../workspace/index';
import { deepestInTree, pairOf, spanOf, type SourceNode } from '../yaml/tree';
import { chartFolder, checkChartValues, findChart } from './api';
import { sourceRelease } from './release';
import { ARGO_GROUP } from './files';
import * as rules from './rules';
import type { HelmServices } from './services';

export { sourceRelease } from './release';

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** Whether a YAML file may hold an Argo CD Application (cheap: the feature decides from the parse). */
export function mayHoldApplication(file: IndexedFile): boolean {
  return file.isYaml && !file.skipped && file.text.includes(ARGO_GROUP) && /kind:\s*["']?Application\b/.test(file.text);
}

function sourceFindings(file: IndexedFile, source: Json, node: SourceNode | null, offset: number, context: FeatureContext, services: HelmServices, app: Json): Finding[] {
  const findings: Finding[] = [];
  const path = source.path;
  if (typeof path !== 'string' || source.chart !== undefined) return findings;
  const at = (n: SourceNode | null | undefined): [number, number] => {
    const [s, e] = spanOf(n) ?? spanOf(node) ?? [0, 0];
    return [s + offset, e + offset];
  };
  const helm = record(source.helm);
  const helmNode = pairOf(node, 'helm')?.value ?? null;
  const layout = findChart(context.index, path, file.uri);
  if (!layout) {
    const clean = path.replace(/^\.?\/+/, '').replace(/(?<!\/)\/+$/, '');
    const folderExists = clean !== '' && [...context.index.files()].some((f) => decodeURIComponent(f.uri).includes(`/${clean}/`));
    if (helm && folderExists) {
      const [start, end] = at(pairOf(node, 'path')?.value);
      findings.push({ start, end, code: rules.argoChartRule.id, message: t('The source gives Helm parameters, but {0} holds no Chart.yaml.', path) });
    }
    return findings;
  }
  if (!helm) return findings;
  const { given, missingFiles } = sourceRelease(source, app, layout, context.index, services.reader);
  const listNode = pairOf(helmNode, 'valueFiles')?.value ?? null;
  for (const i of missingFiles) {
    const [start, end] = at(listNode?.items?.[i]);
    findings.push({ start, end, code: rules.argoValuesFileRule.id, message: t('Values file {0} is not in the chart\'s folder {1}.', String((helm.valueFiles as unknown[])[i]), chartFolder(layout)) });
  }
  let valuesNode: SourceNode | null = null;
  if (typeof helm.values === 'string') valuesNode = pairOf(helmNode, 'values')?.keyNode ?? null;
  if (record(helm.valuesObject)) valuesNode = pairOf(helmNode, 'valuesObject')?.value ?? null;
  const problems = checkChartValues(context.index, layout, given, context.settings, services);
  for (const problem of problems) {
    const target = valuesNode?.kind === 'map' ? deepestInTree(valuesNode, problem.path) : undefined;
    const [start, end] = at(target && target.depth > 0 ? (target.key ?? target.node) : (valuesNode ?? pairOf(node, 'helm')?.keyNode));
    findings.push({ start, end, code: problem.rule, message: problem.message });
  }
  return findings;
}

/** The cross-stack feature: Argo CD Applications deploying a chart of the repository. */
export function argoHelmFeature(services: HelmServices): Feature {
  return {
    id: 'helm-argocd',
    takes: (file) => mayHoldApplication(file),
    findings(file, context): PlacedFinding[] {
      const placed: PlacedFinding[] = [];
      for (const { offset, chunk } of file.yaml?.chunks ?? []) {
        const app = record(chunk.value);
        if (!app || app.kind !== 'Application' || typeof app.apiVersion !== 'string' || !app.apiVersion.startsWith('argoproj.io/')) continue;
        const spec = record(app.spec);
        const specNode = pairOf(chunk.tree, 'spec')?.value ?? null;
        const sources: { source: Json; node: SourceNode | null }[] = [];
        if (record(spec?.source)) sources.push({ source: record(spec?.source)!, node: pairOf(specNode, 'source')?.value ?? null });
        if (Array.isArray(spec?.sources)) spec.sources.forEach((s, i) => record(s) && sources.push({ source: record(s)!, node: pairOf(specNode, 'sources')?.value?.items?.[i] ?? null }));
        for (const { source, node } of sources) for (const finding of sourceFindings(file, source, node, offset, context, services, app)) placed.push({ offset: 0, finding });
      }
      return placed;
    },
  };
}
