/** The SLO family's rules. */
import { defineRule } from '../rules/registry';

export const sloSpecRule = defineRule({
  id: 'slo-spec',
  defaultSeverity: 'error',
  description: 'A Sloth SLO spec (prometheus/v1 or PrometheusServiceLevel) that Sloth refuses or whose rules Archipel cannot generate as Sloth does: missing service, name or SLI, objective outside (0, 100], a query without {{.window}}, plugins.',
});
export const sloUnknownFieldRule = defineRule({
  id: 'slo-unknown-field',
  defaultSeverity: 'error',
  description: 'A field that the SLO spec (Sloth prometheus/v1, PrometheusServiceLevel, OpenSLO v1) does not have; quick fix: the closest field when one is near.',
});
export const sloOpenSloRule = defineRule({
  id: 'slo-openslo',
  defaultSeverity: 'error',
  description: 'An OpenSLO v1 object its specification refuses: an unknown kind, an objective target outside [0, 1) or targetPercent outside [0, 100), both target and targetPercent.',
});
