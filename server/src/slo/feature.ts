/** The SLO family's editor and `archipel check` feature: its specs' findings and the did-you-mean quick fixes. */
import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import { sloFindings, type SloSchemas } from './check';
import { sloOpenSloRule, sloUnknownFieldRule } from './rules';

const fixable = new Set([sloUnknownFieldRule.id, sloOpenSloRule.id]);

/** @param schemas schemas/slo/*.schema.json (platform/sharedData.ts loadSloSchemas). */
export function sloFeature(schemas: SloSchemas): Feature {
  return {
    id: 'slo',
    findings: (file) => (file.yaml ? sloFindings(file.yaml, schemas) : []),
    codeActions: (file, _range, diagnostics) => replacementFixes(file.uri, diagnostics, fixable),
  };
}
