import type { Feature, PlacedFinding } from '../features/feature';
import { syntaxFindings } from './syntax';

/** YAML well-formedness for every YAML file of the workspace, whatever else it is. */
export const yamlFeature: Feature = {
  id: 'yaml',
  findings(file) {
    const yaml = file.yaml;
    if (!yaml) return [];
    const placed: PlacedFinding[] = [];
    // Identical documents in one file share a parsed chunk; relative findings apply at each offset.
    for (const { offset, chunk } of yaml.chunks) for (const finding of syntaxFindings(chunk)) placed.push({ offset, finding });
    return placed;
  },
};
