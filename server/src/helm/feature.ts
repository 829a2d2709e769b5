/**
 * Helm charts: Chart.yaml, values files and their schema, Chart.lock and charts/, crds/, and the
 * templates, parsed, rendered with the chart's default values and checked as the cluster will
 * see them (the Kubernetes family's checks on the rendered manifests, mapped back to the
 * template lines). Templates are not YAML: the index keeps them as templates, and this feature
 * is the one that reads them (Feature.readsTemplates).
 */
import type { Finding } from '../common/findings';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { chartOf, roleOf, type ChartLayout } from './chart';
import { useReader } from './dependencies';
export type { HelmServices } from './services';
import { chartYamlFindings, readChartYaml } from './chartFile';
import { crdFindings, dependencyFindings, lockFindings } from './deps';
import { chartOwner } from './manifests';
import { helmNavigation } from './navigation';
import { chartRender, type HelmServices } from './services';
import * as rules from './rules';
import { templateFindings } from './templateChecks';
import { compiledSchema, readValues, valuesSchemaFindings } from './values';
import { t } from '../l10n/t';

function chartFindings(file: IndexedFile, layout: ChartLayout, context: FeatureContext, services: HelmServices): Finding[] {
  const findings = [...chartYamlFindings(file), ...dependencyFindings(context.index, layout, services.reader)];
  const chart = readChartYaml(file);
  // A templates/ folder holding only files no family reads (.gitkeep) exists all the same.
  if (chart && layout.templates.length === 0 && chart.value.type !== 'library' && services.reader.listFiles(`${layout.root}templates/`) === undefined) findings.push({ start: 0, end: 0, code: rules.templatesMissingRule.id, message: t('templates/: directory does not exist') });
  if (services.reader.readText(`${layout.root}crds`) !== undefined) findings.push({ start: 0, end: 0, code: rules.crdRule.id, message: t('crds/: not a directory') });
  if (chart && !layout.values) findings.push({ start: 0, end: 0, code: rules.valuesMissingRule.id, message: t('values.yaml: file does not exist') });
  return findings;
}

function fileFindings(file: IndexedFile, layout: ChartLayout, context: FeatureContext, services: HelmServices): Finding[] {
  const { index } = context;
  switch (roleOf(layout, file.uri)) {
    case 'chart':
      return chartFindings(file, layout, context, services);
    case 'values':
    case 'valuesFile': {
      const first = file.yaml?.chunks[0];
      if (first?.chunk.wellFormed && !readValues(file)) return [{ start: first.offset, end: first.offset + first.chunk.text.trimEnd().length, code: rules.valuesFormatRule.id, message: t('unable to parse YAML: a values file is a mapping of values, not {0}', Array.isArray(first.chunk.value) ? t('a sequence') : t('a scalar')) }];
      return valuesSchemaFindings(index, layout, file);
    }
    case 'schema': {
      const compiled = compiledSchema(file);
      return 'error' in compiled ? [{ start: 0, end: 0, code: rules.schemaInvalidRule.id, message: compiled.error }] : [];
    }
    case 'lock':
      return lockFindings(index, layout, file);
    case 'crd':
      return crdFindings(file);
    case 'template': {
      const render = chartRender(index, layout, context.settings, services);
      return templateFindings(file, { index, layout, render, kubernetes: services.kubernetes(), context, owner: chartOwner(index, layout.root) });
    }
    default:
      return [];
  }
}

/** The Helm family's feature. */
export function helmFeature(services: HelmServices): Feature {
  const navigation = helmNavigation(services);
  return {
    id: 'helm',
    readsTemplates: true,
    findings(file, context): PlacedFinding[] {
      const layout = chartOf(context.index, file.uri);
      // A file the chart's .helmignore leaves out is not part of the chart: Helm never reads it.
      if (!layout || layout.ignored.has(file.uri)) return [];
      useReader(context.index, services.reader);
      return fileFindings(file, layout, context, services).map((finding) => ({ offset: 0, finding }));
    },
    ...navigation,
  };
}
