/**
 * Pyrra's objective (pyrra-dev/pyrra slo/slo.go `Objective`) as the rules are generated from it, and the durations Pyrra
 * derives from its window (slo/rules.go `Windows`, slo/slo.go `Exhausts`, `AbsentDuration`), computed as Go computes them:
 * integer nanoseconds divided then rounded to the minute, seconds truncated, so that every printed duration is Pyrra's.
 */

export type PyrraMatchType = '=' | '!=' | '=~' | '!~';

export interface PyrraMatcher {
  name: string;
  type: PyrraMatchType;
  value: string;
}

/** A metric selector: its name and its matchers in Prometheus' order (the name's `__name__` matcher last). */
export interface PyrraMetric {
  name: string;
  matchers: PyrraMatcher[];
}

export type PyrraIndicator =
  | { kind: 'ratio'; errors: PyrraMetric; total: PyrraMetric; grouping: string[] }
  | { kind: 'latency'; success: PyrraMetric; total: PyrraMetric; grouping: string[] }
  /** A native histogram: the share of requests under `latency` (milliseconds) by histogram_fraction. */
  | { kind: 'latencyNative'; total: PyrraMetric; latency: number; grouping: string[] }
  | { kind: 'boolGauge'; metric: PyrraMetric; grouping: string[] };

export interface PyrraSeverities {
  absent?: string;
  fastBurn?: string;
  mediumBurn?: string;
  slowBurn?: string;
  longTermBurn?: string;
}

export interface PyrraAlerting {
  /** Deprecated by Pyrra (burnrates: false) but still read. */
  disabled: boolean;
  burnrates: boolean;
  absent: boolean;
  /** `ErrorBudgetBurn` when empty. */
  name?: string;
  /** `SLOMetricAbsent` when empty. */
  absentName?: string;
  severities: PyrraSeverities;
}

export interface PyrraObjective {
  /** The SLO's name (metadata.name): the `slo` label and the groups' names. */
  name: string;
  /** metadata.labels: those prefixed `pyrra.dev/` are propagated to every rule. */
  labels: Record<string, string>;
  /** metadata.annotations: those prefixed `pyrra.dev/` are propagated to every alert. */
  annotations: Record<string, string>;
  /** The target as a ratio (spec.target / 100). */
  target: number;
  /** The window in milliseconds. */
  window: number;
  performanceOverAccuracy: boolean;
  /** Thanos' partial_response_strategy, set on every group. */
  partialResponseStrategy?: string;
  alerting: PyrraAlerting;
  indicator: PyrraIndicator;
}

export interface PyrraWindow {
  severity: 'critical' | 'warning';
  /** Milliseconds, each rounded to the minute as Pyrra rounds them. */
  for: number;
  long: number;
  short: number;
  factor: number;
}

const NS_PER_MS = 1_000_000n;
const MINUTE_NS = 60_000_000_000n;

/** Go's `time.Duration.Round(time.Minute)` of a positive duration: halves away from zero. */
function roundToMinute(ns: bigint): number {
  const rest = ns % MINUTE_NS;
  const down = ns - rest;
  return Number((rest + rest < MINUTE_NS ? down : down + MINUTE_NS) / NS_PER_MS);
}

/** Pyrra's four multi-window alerts for an SLO window (slo/rules.go `Windows`): 1h and 5m over 28 days, and so on. */
export function pyrraWindows(window: number): PyrraWindow[] {
  const ns = BigInt(window) * NS_PER_MS;
  const at = (divisor: number) => roundToMinute(ns / BigInt(divisor));
  return [
    { severity: 'critical', for: at(28 * 24 * 30), long: at(28 * 24), short: at(28 * 24 * 12), factor: 14 },
    { severity: 'critical', for: at(28 * 24 * 4), long: at(28 * 4), short: at(28 * 24 * 2), factor: 7 },
    { severity: 'warning', for: at(28 * 24), long: at(28), short: at(28 * 12), factor: 2 },
    { severity: 'warning', for: at(28 * 8), long: at(7), short: at(28 * 4), factor: 1 },
  ];
}

/** Every short and long window once, shortest first: the burn rates recorded. */
export function pyrraBurnrates(windows: readonly PyrraWindow[]): number[] {
  return [...new Set(windows.flatMap((w) => [w.long, w.short]))].sort((a, b) => a - b);
}

/** How long the budget lasts at a burn rate (`Exhausts`): whole seconds, truncated. */
export function pyrraExhausts(objective: PyrraObjective, factor: number): number {
  return Math.trunc(objective.window / 1000 / factor) * 1000;
}

/** When an absent metric alerts (`AbsentDuration`): the most critical alert's long window at 100 % errors, plus its `for`. */
export function pyrraAbsentDuration(objective: PyrraObjective): number {
  const critical = pyrraWindows(objective.window)[0];
  const threshold = critical.factor * (1 - objective.target);
  const seconds = Math.trunc(threshold * (critical.long / 1000));
  return roundToMinute(BigInt(seconds * 1000 + critical.for) * NS_PER_MS);
}

const DAY = 86_400_000;

/** The increase group's evaluation interval (`increaseInterval`): 30 s a week of window more, up to 4 minutes. */
export function pyrraIncreaseInterval(window: number): number {
  const weeks = Math.floor(window / (7 * DAY));
  return Math.min(weeks + 1, 8) * 30_000;
}

/** Go's `time.Duration.String()` of whole seconds (`2m0s`, `1h0m0s`, `30s`): how Pyrra writes a ratio alert's `for`. */
export function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total === 0) return '0s';
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** The indicator's metric the burn rates are named after (its total; the bool gauge's metric). */
export function pyrraTotal(indicator: PyrraIndicator): PyrraMetric {
  return indicator.kind === 'boolGauge' ? indicator.metric : indicator.total;
}
