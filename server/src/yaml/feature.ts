import type { Finding } from '../common/findings';
import type { YamlFile } from './model';
import { syntaxFindings } from './syntax';

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
  findings(file: { readonly yaml: YamlFile | undefined }): { offset: number; finding: Finding }[] {
    const yaml = file.yaml;
    if (!yaml) return [];
    const placed: { offset: number; finding: Finding }[] = [];
    // Identical documents in one file share a parsed chunk; relative findings apply at each offset.
    for (const { offset, chunk } of yaml.chunks) for (const finding of syntaxFindings(chunk)) placed.push({ offset, finding });
    return placed;
  },
};
