/**
 * Pyrra's `ServiceLevelObjective` (`apiVersion: pyrra.dev/v1alpha1`) read as Pyrra reads it (pyrra-dev/pyrra
 * kubernetes/api/v1alpha1 servicelevelobjective_types.go: its webhook's `validate` and `Internal`): what it refuses is an
 * error at the path of the value, what it accepts is the objective its rules are generated from (pyrraRules.ts). The
 * metrics are PromQL vector selectors, read with Archipel's PromQL parser; as Prometheus' parser does, the metric's name
 * becomes a `__name__` matcher after the others.
 */
import { parsePromDuration } from './goFormat';
import type { PyrraAlerting, PyrraIndicator, PyrraMatcher, PyrraMetric, PyrraObjective } from './pyrraModel';
import { querySelectors } from './selectors';
import type { SloSpecError } from './spec';

export const PYRRA_API = 'pyrra.dev/v1alpha1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a document is Pyrra's ServiceLevelObjective. */
export function isPyrraSlo(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value.apiVersion === PYRRA_API && value.kind === 'ServiceLevelObjective';
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** A metric of an indicator: a PromQL vector selector (the whole text one selector, no range, no function). */
function metric(value: unknown, path: (string | number)[], errors: SloSpecError[]): PyrraMetric | undefined {
  const query = isRecord(value) ? text(value.metric).trim() : '';
  if (!query) {
    errors.push({ path: [...path, 'metric'], message: `${path.slice(2).join(' ')} metric must be set` });
    return undefined;
  }
  const selectors = querySelectors(query);
  const only = selectors.length === 1 ? selectors[0] : undefined;
  if (!only || only.from !== 0 || only.to !== query.length || !only.name) {
    errors.push({ path: [...path, 'metric'], message: `${path.slice(2).join(' ')} metric must be a PromQL vector selector with a metric name (name{label="value"}), not ${JSON.stringify(query)}` });
    return undefined;
  }
  const matchers: PyrraMatcher[] = only.matchers.map((m) => ({ name: m.label, type: m.op, value: m.value }));
  matchers.push({ name: '__name__', type: '=', value: only.name });
  return { name: only.name, matchers };
}

const grouping = (value: unknown): string[] => (isRecord(value) && Array.isArray(value.grouping) ? value.grouping.filter((g): g is string => typeof g === 'string') : []);

function indicatorOf(value: unknown, errors: SloSpecError[]): PyrraIndicator | undefined {
  const at = ['spec', 'indicator'];
  const indicator = isRecord(value) ? value : {};
  const { ratio, latency, latencyNative, bool_gauge: boolGauge } = indicator;
  if (ratio === undefined && latency === undefined && latencyNative === undefined && boolGauge === undefined) {
    errors.push({ path: at, message: 'one of ratio, latency, latencyNative or bool_gauge must be set' });
    return undefined;
  }
  if (ratio !== undefined && latency !== undefined) {
    errors.push({ path: [...at, 'latency'], message: 'cannot have ratio and latency indicators at the same time' });
    return undefined;
  }
  if (ratio !== undefined) {
    const errorsMetric = metric(isRecord(ratio) ? ratio.errors : undefined, [...at, 'ratio', 'errors'], errors);
    const total = metric(isRecord(ratio) ? ratio.total : undefined, [...at, 'ratio', 'total'], errors);
    return errorsMetric && total ? { kind: 'ratio', errors: errorsMetric, total, grouping: grouping(ratio) } : undefined;
  }
  if (latency !== undefined) {
    const success = metric(isRecord(latency) ? latency.success : undefined, [...at, 'latency', 'success'], errors);
    const total = metric(isRecord(latency) ? latency.total : undefined, [...at, 'latency', 'total'], errors);
    if (success) {
      const le = success.matchers.find((m) => m.name === 'le');
      if (!le) errors.push({ path: [...at, 'latency', 'success', 'metric'], message: 'latency success metric must contain a le label matcher (the bucket of the latency objective)' });
      else if (le.value.trim() === '' || Number.isNaN(Number(le.value))) errors.push({ path: [...at, 'latency', 'success', 'metric'], message: `latency success metric must contain a le label matcher with a float value, not ${JSON.stringify(le.value)}` });
      else if (success && total) return { kind: 'latency', success, total, grouping: grouping(latency) };
    }
    return undefined;
  }
  if (latencyNative !== undefined) {
    const native = isRecord(latencyNative) ? latencyNative : {};
    const total = metric(native.total, [...at, 'latencyNative', 'total'], errors);
    const latency = parsePromDuration(text(native.latency));
    if (latency === undefined) errors.push({ path: [...at, 'latencyNative', 'latency'], message: `latencyNative latency objective must be a Prometheus duration (1s, 500ms), not ${JSON.stringify(native.latency ?? '')}` });
    return total && latency !== undefined ? { kind: 'latencyNative', total, latency, grouping: grouping(native) } : undefined;
  }
  const gauge = metric(boolGauge, [...at, 'bool_gauge'], errors);
  return gauge ? { kind: 'boolGauge', metric: gauge, grouping: grouping(boolGauge) } : undefined;
}

function alertingOf(value: unknown): PyrraAlerting {
  const alerting = isRecord(value) ? value : {};
  const severities = isRecord(alerting.severities) ? alerting.severities : {};
  const flag = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
  return {
    disabled: flag(alerting.disabled, false),
    burnrates: flag(alerting.burnrates, true),
    absent: flag(alerting.absent, true),
    name: text(alerting.name),
    absentName: text(alerting.absentName),
    severities: { absent: text(severities.absent), fastBurn: text(severities.fastBurn), mediumBurn: text(severities.mediumBurn), slowBurn: text(severities.slowBurn), longTermBurn: text(severities.longTermBurn) },
  };
}

/** A Pyrra SLO read: its objective, or what Pyrra's webhook refuses in it (each at the path of its value). */
export function readPyrraSlo(value: Record<string, unknown>): { objective?: PyrraObjective; errors: SloSpecError[] } {
  const errors: SloSpecError[] = [];
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const spec = isRecord(value.spec) ? value.spec : {};
  const name = text(metadata.name);
  if (!name) errors.push({ path: ['metadata', 'name'], message: 'name must be set' });
  let target: number | undefined;
  if (spec.target === undefined || spec.target === '') errors.push({ path: ['spec', 'target'], message: 'target must be set' });
  else if (typeof spec.target !== 'string') errors.push({ path: ['spec', 'target'], message: `target must be a string (the resource's schema): "${String(spec.target)}"` });
  else {
    target = Number(spec.target);
    if (spec.target.trim() === '' || Number.isNaN(target)) errors.push({ path: ['spec', 'target'], message: `target must be a number from 0 to 100, not ${JSON.stringify(spec.target)}` });
    else if (target < 0 || target > 100) errors.push({ path: ['spec', 'target'], message: 'target must be between 0 and 100' });
  }
  let window: number | undefined;
  if (spec.window === undefined || spec.window === '') errors.push({ path: ['spec', 'window'], message: 'window must be set' });
  else {
    window = parsePromDuration(text(spec.window));
    if (window === undefined || window === 0) errors.push({ path: ['spec', 'window'], message: `window must be a Prometheus duration (28d, 2w), not ${JSON.stringify(spec.window)}` });
  }
  const indicator = indicatorOf(spec.indicator, errors);
  if (errors.length > 0 || !indicator || target === undefined || window === undefined) return { errors };
  return {
    objective: {
      name,
      labels: stringMap(metadata.labels),
      annotations: stringMap(metadata.annotations),
      target: target / 100,
      window,
      performanceOverAccuracy: spec.performanceOverAccuracy === true,
      ...(text(spec.partial_response_strategy) ? { partialResponseStrategy: text(spec.partial_response_strategy) } : {}),
      alerting: alertingOf(spec.alerting),
      indicator,
    },
    errors,
  };
}
