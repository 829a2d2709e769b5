import { defineRule } from '../rules/registry';

// Rule ids of Prometheus rule files and configuration (docs/rules.md lists them).

export const ruleSyntax = defineRule({
  id: 'prom-rule-structure',
  defaultSeverity: 'error',
  description: "A rule file breaks promtool's rulefmt checks: empty or repeated group name, both or neither of record/alert, no expr, for/keep_firing_for/annotations on a recording rule, an unknown field, a bad duration.",
});
export const ruleExpr = defineRule({
  id: 'prom-promql',
  defaultSeverity: 'error',
  description: "A PromQL expression Prometheus's parser rejects: syntax, types, function arity, vector matching, bool, offset/@/subquery placement.",
});
export const promLimit = defineRule({
  id: 'prom-limit',
  defaultSeverity: 'warning',
  description: 'A PromQL expression (of a rule, a rule test or a Grafana query) longer than 64 KiB or nesting more than 128 levels deep, or an alert template nesting more than 200 levels: it is not checked (a limit of Archipel).',
});
export const ruleNames = defineRule({
  id: 'prom-name',
  defaultSeverity: 'error',
  description: 'A recording rule name that is not a valid metric name, or a label or annotation name Prometheus rejects.',
});
export const ruleTemplate = defineRule({
  id: 'prom-template',
  defaultSeverity: 'error',
  description: "An alert's label or annotation template that Go's template parser rejects (with $labels, $value, $externalLabels, $externalURL defined).",
});
export const ruleDuplicate = defineRule({
  id: 'prom-duplicate-rule',
  defaultSeverity: 'warning',
  description: 'Two rules of a group with the same name and labels (promtool: "duplicate rule(s) found").',
});
export const ruleDroppedLabel = defineRule({
  id: 'prom-template-label-dropped',
  defaultSeverity: 'warning',
  description: "An alert template reads $labels.x but the alert's expression never has x (aggregated away by sum by/without, an on() match…): it always renders empty.",
});
export const ruleValueLabel = defineRule({
  id: 'prom-template-value-label',
  defaultSeverity: 'warning',
  description: "An alert's label reads $value (or .Value): every new value is a new label set, so the alert resolves and fires again each evaluation (pint's alerts/template).",
});
export const ruleHumanize = defineRule({
  id: 'prom-template-humanize',
  defaultSeverity: 'information',
  description: "An alert's annotation shows $value of a rate(), irate() or deriv() unformatted (0.0123456789): humanize, humanizePercentage or printf makes it readable (pint's alerts/template).",
});
export const ruleUndefinedRecording = defineRule({
  id: 'prom-undefined-recording-rule',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: 'An expression uses a recording-rule name (level:metric:operation) that no rule file of the workspace records: the query returns nothing.',
});
export const ruleRateCounter = defineRule({
  id: 'prom-rate-non-counter',
  defaultSeverity: 'warning',
  description: 'rate/irate/increase over a metric that is not a counter (a recording rule or a known gauge): the result is meaningless.',
});
export const ruleCounterDirect = defineRule({
  id: 'prom-counter-direct',
  defaultSeverity: 'warning',
  description: "A counter's raw value read directly (compared, summed, divided) rather than through rate/irate/increase: it only grows until the next restart, so the result depends on the process's uptime.",
});
export const ruleAbsentFor = defineRule({
  id: 'prom-absent-without-for',
  defaultSeverity: 'warning',
  description: "An alert on absent(…) without `for`: it fires at every Prometheus restart and target hiccup.",
});
export const ruleGroupInterval = defineRule({
  id: 'prom-group-interval',
  defaultSeverity: 'warning',
  description: "A rule group's interval shorter than the scrape interval: it evaluates the same samples several times.",
});
export const configStructure = defineRule({
  id: 'prom-config',
  defaultSeverity: 'error',
  description: "A prometheus.yml breaks promtool's check config: unknown field, empty section, scrape_timeout above scrape_interval, duplicate job_name or remote name, a target that is not host:port, a missing URL, exclusive auth fields.",
});
export const configRelabel = defineRule({
  id: 'prom-relabel',
  defaultSeverity: 'error',
  description: 'A relabel config Prometheus rejects: unknown action, a regex that does not compile under RE2 rules, fields an action requires or forbids, a hashmod without modulus.',
});
export const configRuleFiles = defineRule({
  id: 'prom-rule-files',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: 'A rule_files entry (path or glob) that matches no file of the workspace, or an invalid pattern.',
});
export const ruleTestStructure = defineRule({
  id: 'prom-rule-test',
  defaultSeverity: 'error',
  description: "A promtool test rules file (rule_files + tests) promtool rejects: an unknown field, a bad duration, an input series or expression that does not parse, an alertname no rule file under test defines.",
});
export const ruleUnknownServeMetric = defineRule({
  id: 'prom-unknown-metric',
  defaultSeverity: 'warning',
  description: 'A rule or dashboard query names an archipel_serve_ metric that archipel serve does not expose (renamed, or a typo): the query returns nothing.',
});
export const configTarget = defineRule({
  id: 'prom-target-service',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: "A scrape or Alertmanager target that names no service of the stack, or a port it does not expose: a Kubernetes Service's cluster name (svc.ns.svc[.cluster.local]:port, or svc.ns when ns is a namespace of the workspace's Services) no Service of the workspace answers, or a host:port no service of the Compose project beside the configuration answers (service, container_name, alias or link; the port among its ports or expose).",
});
