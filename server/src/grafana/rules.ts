import { defineRule } from '../rules/registry';

// Rule ids of Grafana dashboards and provisioning files (docs/rules.md lists them).

export const dashboardPromql = defineRule({
  id: 'grafana-promql',
  defaultSeverity: 'error',
  description: "A Prometheus query of a dashboard panel that Prometheus's parser rejects (with Grafana's variables replaced: syntax only when the query has variables).",
});
export const dashboardLimit = defineRule({
  id: 'grafana-limit',
  defaultSeverity: 'error',
  description: 'A JSON dashboard nests deeper than Archipel reads (200 levels): it is not parsed, so nothing in it is checked.',
});
export const dashboardVariable = defineRule({
  id: 'grafana-undefined-variable',
  defaultSeverity: 'warning',
  description: 'A dashboard uses a template variable ($name, ${name}, [[name]]) that neither its templating list nor its __inputs defines, and that is not a Grafana built-in.',
});
export const dashboardDatasource = defineRule({
  id: 'grafana-datasource',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: "A panel's or query's datasource reference resolves to no datasource: not a variable or input of the dashboard, not a datasource provisioned in the workspace.",
});
export const dashboardPanelId = defineRule({
  id: 'grafana-panel-id',
  defaultSeverity: 'warning',
  description: 'Two panels of a dashboard with the same id (links, embedding and the panel editor address panels by id).',
});
export const dashboardRateInterval = defineRule({
  id: 'grafana-rate-interval',
  defaultSeverity: 'information',
  description: "dashboard-linter's panel-rate-interval-rule: rate/irate over a fixed range or $__interval in a dashboard instead of $__rate_interval, which is never shorter than four scrapes.",
});
export const provisioning = defineRule({
  id: 'grafana-provisioning',
  defaultSeverity: 'error',
  description: 'A Grafana provisioning file (datasources, dashboard providers) Grafana rejects: missing name or type, duplicate names or uids, several default datasources, a provider without a path.',
});
export const datasourceUrl = defineRule({
  id: 'grafana-datasource-url',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: "A provisioned datasource's URL (http://host:port) names no service of the stack: a host no service of the Compose project beside it answers (service, container_name, alias or link) or a port that service does not declare among its ports or expose; a Kubernetes Service's cluster name (svc.ns.svc[.cluster.local]) no Service of the workspace answers, or a port it does not expose.",
});
