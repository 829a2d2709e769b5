/** The SLO family's editor and `archipel check` feature: its specs' findings, held against the system map, and the did-you-mean quick fixes. */
import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import { sloFindings, type SloSchemas } from './check';
import { SLO_MARK } from './files';
import { sloOpenSloRule, sloServiceRule, sloUnknownFieldRule } from './rules';
import { sloSystem, type SloSystem, type SloSystemHost } from './system';

const fixable = new Set([sloUnknownFieldRule.id, sloOpenSloRule.id, sloServiceRule.id]);

/**
 * @param schemas schemas/slo/*.schema.json (platform/sharedData.ts loadSloSchemas).
 * @param host the system map and the Prometheus family's face (families/slo.ts); absent: no check against the system.
 */
export function sloFeature(schemas: SloSchemas, host?: SloSystemHost): Feature {
  return {
    id: 'slo',
    prepare: (file, context) => (host?.prepare && file.yaml && SLO_MARK.test(file.text) ? host.prepare(context.index) : undefined),
    findings: (file, context) => {
      if (!file.yaml) return [];
      let system: SloSystem | undefined | null = null;
      const systemOf = () => {
        if (system === null) system = host ? sloSystem(host.mapOf(context.index), context.index, host.prometheus) : undefined;
        return system;
      };
      return sloFindings(file.yaml, schemas, systemOf);
    },
    codeActions: (file, _range, diagnostics) => replacementFixes(file.uri, diagnostics, fixable),
  };
}
