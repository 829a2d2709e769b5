/** The SLO family's editor and `archipel check` feature: its specs' findings and the did-you-mean quick fixes. */
import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import type { SchemaBundle } from '../schema/engine';
import { sloFindings } from './check';
import { sloUnknownFieldRule } from './rules';

const fixable = new Set([sloUnknownFieldRule.id]);

/** @param sloth schemas/slo/sloth.schema.json (platform/sharedData.ts loadSloSchema). */
export function sloFeature(sloth: SchemaBundle): Feature {
  return {
    id: 'slo',
    findings: (file) => (file.yaml ? sloFindings(file.yaml, sloth) : []),
    codeActions: (file, _range, diagnostics) => replacementFixes(file.uri, diagnostics, fixable),
  };
}
