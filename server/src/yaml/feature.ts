import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { goTemplateAt, yamlTemplateRule } from './goTemplate';
import { mavenFilteredAt } from './mavenFiltered';
import { substitutedAt } from './substituted';
import type { YamlFile } from './model';
import { syntaxFindings } from './syntax';

/** A chart's templates are the helm family's: rendered and checked there (service.ts isTemplatedYaml). */
const inChart = (uri: string) => /\/templates\//.test(uri);

/**
 * YAML well-formedness for every YAML file of the workspace, whatever else it is: a `Feature`
 * (features/feature.ts) by its shape. It names no type of features/ because yaml/ sits below the
 * workspace index, which holds parsed YAML, and features/ above it (an import would run back up).
 */
export const yamlFeature = {
  id: 'yaml',
  // Its findings are the text's own: read on the current text while a syntax error keeps the other
  // features on the file's last good version (Feature.syntax, service.ts).
  syntax: true,
  // A Go template with a YAML name (yaml/goTemplate.ts) is said once here, not read as YAML.
  readsTemplates: true,
  findings(file: { readonly uri: string; readonly text: string; readonly skipped?: string; readonly yaml: YamlFile | undefined }): { offset: number; finding: Finding }[] {
    if (file.skipped === 'template') {
      const at = inChart(file.uri) ? undefined : goTemplateAt(file.text);
      if (at !== undefined) return [{ offset: 0, finding: { start: at, end: at + 2, code: yamlTemplateRule.id, message: t('A Go template: checked once rendered, not read as YAML.') } }];
      const substituted = substitutedAt(file.uri, file.text);
      if (substituted !== undefined) return [{ offset: 0, finding: { start: substituted, end: substituted + 1, code: yamlTemplateRule.id, message: t('A template filled by substitution (envsubst, sed, clusterctl): checked once filled, not read as YAML.') } }];
      const filtered = mavenFilteredAt(file.uri, file.text);
      if (filtered === undefined) return [];
      return [{ offset: 0, finding: { start: filtered, end: filtered + 2, code: yamlTemplateRule.id, message: t('A Maven-filtered resource: checked once filtered (its placeholders are replaced at build time), not read as YAML.') } }];
    }
    const yaml = file.yaml;
    if (!yaml) return [];
    const placed: { offset: number; finding: Finding }[] = [];
    // Identical documents in one file share a parsed chunk; relative findings apply at each offset.
    for (const { offset, chunk } of yaml.chunks) for (const finding of syntaxFindings(chunk)) placed.push({ offset, finding });
    return placed;
  },
};
