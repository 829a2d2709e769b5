/** The SLO family's rules. */
import { defineRule } from '../rules/registry';

export const sloSpecRule = defineRule({
  id: 'slo-spec',
  defaultSeverity: 'error',
  description: 'A Sloth SLO spec (prometheus/v1 or PrometheusServiceLevel, or an OpenSLO v1alpha SLO) that Sloth refuses, or a Pyrra ServiceLevelObjective that Pyrra refuses, or whose rules Archipel cannot generate as they do: missing service, name or SLI, objective outside (0, 100], a query without {{.window}}, plugins; Pyrra: a target or window that is none, a metric that is no vector selector, a latency success metric without le.',
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
export const sloServiceRule = defineRule({
  id: 'slo-service',
  defaultSeverity: 'error',
  needsIndex: true,
  description: "An SLO's service that is no component of the system map (its names, its scrape jobs' and targets' service labels); quick fix: the nearest component. Quiet when the workspace deploys nothing.",
});
export const sloMetricRule = defineRule({
  id: 'slo-metric',
  defaultSeverity: 'warning',
  needsIndex: true,
  description: "A metric of an SLO's query that its service does not export (archipel serve's /metrics, the known exporters' prefixes), or a service nothing scrapes while the workspace has monitoring.",
});
export const sloMatcherRule = defineRule({
  id: 'slo-matcher',
  defaultSeverity: 'warning',
  needsIndex: true,
  description: "A label matcher of an SLO's query that no series of its service can match: a job, or a label its scrape configuration gives its targets, with another value.",
});
export const sloRatioRule = defineRule({
  id: 'slo-ratio',
  defaultSeverity: 'warning',
  description: 'An SLI ratio whose numerator can exceed its denominator: the error (or good) query selects a metric of the total query without a matcher the total query restricts it by.',
});
export const sloObjectiveRule = defineRule({
  id: 'slo-objective',
  defaultSeverity: 'warning',
  description: 'An objective of 100 %: no error budget, every error exhausts it and the burn rates divide by zero.',
});
export const sloWindowRule = defineRule({
  id: 'slo-window',
  defaultSeverity: 'error',
  description: "An OpenSLO time window whose duration is not a duration shorthand (a positive number and m, h, d, w, M, Q or Y: 28d, 1M); a Sloth AlertWindows spec sloth generate -w refuses (a duration, a budget share, a period equal to an alert window).",
});
export const sloNoAlertingRule = defineRule({
  id: 'slo-no-alerting',
  defaultSeverity: 'warning',
  needsIndex: true,
  description: 'An SLO that alerts no one (Sloth: page and ticket alerts disabled; OpenSLO: no alert policy), in a workspace that deploys its system.',
});
export const sloRulesStaleRule = defineRule({
  id: 'slo-rules-stale',
  defaultSeverity: 'warning',
  needsIndex: true,
  description: 'A rules file archipel slo generate wrote that is not what its SLO spec generates now (the spec changed since, or the rules were edited), or whose spec is not in the workspace; quick fix: regenerate it.',
});
