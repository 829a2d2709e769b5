/**
 * Prometheus rules generated from an SLO exactly as Sloth generates them (its core plugins
 * sli_rules, metadata_rules and alert_rules, v1, with the optimised period SLI): per SLO three
 * groups — the SLI error ratio per window, the metadata records, the page and ticket
 * multi-window multi-burn-rate alerts — named `sloth-slo-{sli-recordings,meta-recordings,alerts}-<id>`.
 * Numbers are printed as Go prints them (goFormat.ts) so that expressions are byte-identical.
 */
import { goFloatF, goFloatG, promDuration } from './goFormat';
import type { SloModel } from './spec';
import { alertWindowDurations, burnRateFactor, type AlertWindows, type BurnWindow } from './windows';

export interface GeneratedRule {
  record?: string;
  alert?: string;
  expr: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface GeneratedGroup {
  name: string;
  rules: GeneratedRule[];
}

/** What the generation records about itself in `sloth_slo_info`. */
export interface GenerationInfo {
  /** `sloth_version`. */
  version: string;
  /** `sloth_mode`: `cli-gen-prom` for a prometheus/v1 file, `cli-gen-k8s` for the custom resource. */
  mode: string;
  /** `sloth_spec`: the spec's version or apiVersion. */
  spec: string;
  /** Labels added to every SLO (Sloth's `--extra-labels`); they win over the spec's. */
  extraLabels: Record<string, string>;
}

export const SLO_ID_LABEL = 'sloth_id';
export const SLO_SERVICE_LABEL = 'sloth_service';
export const SLO_NAME_LABEL = 'sloth_slo';
export const SLO_WINDOW_LABEL = 'sloth_window';

export function sliErrorMetric(window: number): string {
  return `slo:sli_error:ratio_rate${promDuration(window)}`;
}

/** The SLO's identity labels, sorted by name. */
function idLabels(slo: SloModel): Record<string, string> {
  return { [SLO_ID_LABEL]: slo.id, [SLO_SERVICE_LABEL]: slo.service, [SLO_NAME_LABEL]: slo.name };
}

/** A label set as Prometheus prints it (`model.LabelSet.String()`): sorted, `, `-separated, values Go-quoted. */
export function promFilter(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${goQuote(labels[name])}`);
  return `{${parts.join(', ')}}`;
}

/** Go's `strconv.Quote` for the printable strings label values are (JSON's escapes agree on those). */
export function goQuote(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Labels with sorted keys (Sloth writes maps sorted). */
function sorted(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) out[key] = labels[key];
  return out;
}

const WINDOW_VAR = /\{\{ *\.window *\}\}/g;

/** Renders a query template's `{{.window}}`; any other template action is refused (Sloth would run it as Go template). */
export function renderWindow(query: string, window: string): string {
  const out = query.replace(WINDOW_VAR, window);
  if (out.includes('{{')) throw new Error(`unsupported template action in query (only {{.window}} is known): ${query}`);
  return out;
}

function sliRules(slo: SloModel, windows: AlertWindows, labels: Record<string, string>): GeneratedRule[] {
  const durations = [...alertWindowDurations(windows), windows.period];
  const filter = promFilter(idLabels(slo));
  return durations.map((window) => {
    const w = promDuration(window);
    let expr: string;
    if (window === windows.period) {
      const short = sliErrorMetric(windows.pageQuick.shortWindow);
      expr = `sum_over_time(${short}${filter}[${w}])\n/ ignoring (${SLO_WINDOW_LABEL})\ncount_over_time(${short}${filter}[${w}])\n`;
    } else if (slo.sli.kind === 'events') {
      expr = renderWindow(`(${slo.sli.errorQuery})\n/\n(${slo.sli.totalQuery})\n`, w);
    } else {
      expr = renderWindow(`(${slo.sli.errorRatioQuery})`, w);
    }
    return { record: sliErrorMetric(window), expr, labels: sorted({ ...idLabels(slo), [SLO_WINDOW_LABEL]: w, ...labels }) };
  });
}

function burnRateExpr(metric: string, filter: string): string {
  return `${metric}${filter}\n/ on(${SLO_ID_LABEL}, ${SLO_NAME_LABEL}, ${SLO_SERVICE_LABEL}) group_left\nslo:error_budget:ratio${filter}\n`;
}

function metadataRules(slo: SloModel, windows: AlertWindows, labels: Record<string, string>, info: GenerationInfo): GeneratedRule[] {
  const common = sorted({ ...idLabels(slo), ...labels });
  const ratio = slo.objective / 100;
  const filter = promFilter(idLabels(slo));
  return [
    { record: 'slo:objective:ratio', expr: `vector(${goFloatG(ratio)})`, labels: common },
    { record: 'slo:error_budget:ratio', expr: `vector(1-${goFloatG(ratio)})`, labels: common },
    { record: 'slo:time_period:days', expr: `vector(${goFloatG(windows.period / 3600_000 / 24)})`, labels: common },
    { record: 'slo:current_burn_rate:ratio', expr: burnRateExpr(sliErrorMetric(windows.pageQuick.shortWindow), filter), labels: common },
    { record: 'slo:period_burn_rate:ratio', expr: burnRateExpr(sliErrorMetric(windows.period), filter), labels: common },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${filter}`, labels: common },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: sorted({ ...common, sloth_version: info.version, sloth_mode: info.mode, sloth_spec: info.spec, sloth_objective: goFloatF(slo.objective) }),
    },
  ];
}

function alertRule(slo: SloModel, severity: 'page' | 'ticket', meta: { name: string; labels: Record<string, string>; annotations: Record<string, string> }, windows: AlertWindows, quick: BurnWindow, slow: BurnWindow): GeneratedRule {
  const filter = promFilter(idLabels(slo));
  const budget = goFloatG((100 - slo.objective) / 100);
  const quickFactor = goFloatG(burnRateFactor(windows.period, quick));
  const slowFactor = goFloatG(burnRateFactor(windows.period, slow));
  const cond = (window: number, factor: string): string => `    max(${sliErrorMetric(window)}${filter} > (${factor} * ${budget})) without (${SLO_WINDOW_LABEL})`;
  const expr = [
    '(',
    cond(quick.shortWindow, quickFactor),
    '    and',
    cond(quick.longWindow, quickFactor),
    ')',
    'or',
    '(',
    cond(slow.shortWindow, slowFactor),
    '    and',
    cond(slow.longWindow, slowFactor),
    ')',
    '',
  ].join('\n');
  return {
    alert: meta.name,
    expr,
    labels: sorted({ sloth_severity: severity, ...meta.labels }),
    annotations: sorted({
      title: `(${severity}) {{$labels.${SLO_SERVICE_LABEL}}} {{$labels.${SLO_NAME_LABEL}}} SLO error budget burn rate is too fast.`,
      summary: `{{$labels.${SLO_SERVICE_LABEL}}} {{$labels.${SLO_NAME_LABEL}}} SLO error budget burn rate is over expected.`,
      ...meta.annotations,
    }),
  };
}

/** The rule groups of one SLO, in Sloth's order; a group without rules (no alert enabled) is left out. */
export function generateSloGroups(slo: SloModel, windows: AlertWindows, info: GenerationInfo): GeneratedGroup[] {
  const labels = { ...slo.labels, ...info.extraLabels };
  const alerts: GeneratedRule[] = [];
  if (slo.page) alerts.push(alertRule(slo, 'page', slo.page, windows, windows.pageQuick, windows.pageSlow));
  if (slo.ticket) alerts.push(alertRule(slo, 'ticket', slo.ticket, windows, windows.ticketQuick, windows.ticketSlow));
  const groups: GeneratedGroup[] = [
    { name: `sloth-slo-sli-recordings-${slo.id}`, rules: sliRules(slo, windows, labels) },
    { name: `sloth-slo-meta-recordings-${slo.id}`, rules: metadataRules(slo, windows, labels, info) },
    { name: `sloth-slo-alerts-${slo.id}`, rules: alerts },
  ];
  return groups.filter((group) => group.rules.length > 0);
}
