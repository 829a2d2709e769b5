// Kept apart from cli/slo.ts so that `archipel --help` loads no generator.

export const sloUsage = `  slo generate FILE              Write the Prometheus rules Sloth generates for a Sloth SLO spec (prometheus/v1, or a
                                 PrometheusServiceLevel: a PrometheusRule; or an OpenSLO v1alpha SLO): SLI and metadata
                                 records, burn-rate alerts; for a Pyrra ServiceLevelObjective, the PrometheusRule Pyrra writes.
      -o, --out OUT              Write them to OUT (replaced whole, never half-written) instead of printing them.
      --period 30d|28d           The SLO period (default: 30d).
      -w, --windows FILE         The period and alert windows of a Sloth AlertWindows spec instead.
      -l, --extra-label K=V      A label added to every rule (as Sloth's extra labels); repeatable.
  slo dashboard FILE             Write the Grafana dashboard of the spec's service on those rules: per SLO, the error budget
                                 remaining, the SLI over the period, the burn rates, the SLI over every window.
      -o, --out OUT              Write it to OUT (replaced whole) instead of printing it.
      --period 30d|28d           The SLO period (default: 30d).
      -w, --windows FILE         The period and alert windows of a Sloth AlertWindows spec instead.
  slo report FILE                The spec's SLOs for an SLA annex: objective, error budget, SLI, alerting, the spec's lines,
                                 and the component of the system map that is each service.
      --format text|markdown|json  Output format (default: text; json: docs/slo.md's contract).
      --system PATH              The folder whose system map names the components (default: the current folder).
      -o, --out OUT              Write it to OUT (replaced whole) instead of printing it.
      --period 30d|28d           The SLO period (default: 30d).
      -w, --windows FILE         The period and alert windows of a Sloth AlertWindows spec instead.`;
