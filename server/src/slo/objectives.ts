/**
 * What the checks against the system read of an SLO document, Sloth's or OpenSLO's, each fact with the path of the
 * value it comes from: the service, the PromQL queries of its SLI, whether it alerts, its objective, its time windows.
 */
import { sloSpecKind } from './spec';

export type Path = (string | number)[];

export interface SloQuery {
  path: Path;
  text: string;
  /** `error` and `total`: a ratio's numerator and denominator (Sloth's events, OpenSLO's bad or good over total). */
  role: 'error' | 'good' | 'total' | 'other';
}

export interface SloFacts {
  /** Where the SLO is written (its name's key): what a finding about the whole SLO covers. */
  at: Path;
  service?: { name: string; path: Path };
  queries: SloQuery[];
  /** Whether it pages or opens tickets (Sloth: an alert not disabled; OpenSLO: an alert policy). */
  alerting: boolean;
  /** Sloth's objective in percent, with its path. */
  objective?: { value: number; path: Path };
  /** OpenSLO's time windows' durations. */
  windows: { value: unknown; path: Path }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function sloth(value: Record<string, unknown>, k8s: boolean): SloFacts[] {
  const base: Path = k8s ? ['spec'] : [];
  const spec = k8s ? value.spec : value;
  if (!isRecord(spec) || !Array.isArray(spec.slos)) return [];
  const service = text(spec.service);
  const keys = k8s ? { error: 'errorQuery', total: 'totalQuery', ratio: 'errorRatioQuery', page: 'pageAlert', ticket: 'ticketAlert' } : { error: 'error_query', total: 'total_query', ratio: 'error_ratio_query', page: 'page_alert', ticket: 'ticket_alert' };
  const facts: SloFacts[] = [];
  spec.slos.forEach((slo: unknown, index) => {
    if (!isRecord(slo)) return;
    const at = [...base, 'slos', index];
    const queries: SloQuery[] = [];
    const sli = isRecord(slo.sli) ? slo.sli : {};
    const events = isRecord(sli.events) ? sli.events : undefined;
    const raw = isRecord(sli.raw) ? sli.raw : undefined;
    const query = (holder: Record<string, unknown> | undefined, key: string, path: Path, role: SloQuery['role']) => {
      const found = text(holder?.[key]);
      if (found !== undefined) queries.push({ path: [...at, 'sli', ...path, key], text: found, role });
    };
    query(events, keys.error, ['events'], 'error');
    query(events, keys.total, ['events'], 'total');
    query(raw, keys.ratio, ['raw'], 'other');
    const alerting = isRecord(slo.alerting) ? slo.alerting : {};
    const on = (key: string) => !(isRecord(alerting[key]) && alerting[key].disable === true);
    facts.push({
      at: [...at, 'name'],
      ...(service !== undefined ? { service: { name: service, path: [...base, 'service'] } } : {}),
      queries,
      alerting: on(keys.page) || on(keys.ticket),
      ...(typeof slo.objective === 'number' ? { objective: { value: slo.objective, path: [...at, 'objective'] } } : {}),
      windows: [],
    });
  });
  return facts;
}

/** The PromQL queries of an OpenSLO indicator's spec (`ratioMetric` good/bad/total, `thresholdMetric`), Prometheus's only. */
function openSloQueries(indicator: unknown, at: Path): SloQuery[] {
  if (!isRecord(indicator) || !isRecord(indicator.spec)) return [];
  const queries: SloQuery[] = [];
  const source = (metric: unknown, path: Path, role: SloQuery['role']) => {
    const metricSource = isRecord(metric) ? metric.metricSource : undefined;
    if (!isRecord(metricSource) || typeof metricSource.type !== 'string' || metricSource.type.toLowerCase() !== 'prometheus' || !isRecord(metricSource.spec)) return;
    for (const key of ['query', 'promql']) {
      const found = text(metricSource.spec[key]);
      if (found !== undefined) queries.push({ path: [...at, 'spec', ...path, 'metricSource', 'spec', key], text: found, role });
    }
  };
  const ratio = indicator.spec.ratioMetric;
  if (isRecord(ratio)) {
    source(ratio.good, ['ratioMetric', 'good'], 'good');
    source(ratio.bad, ['ratioMetric', 'bad'], 'error');
    source(ratio.total, ['ratioMetric', 'total'], 'total');
  }
  source(indicator.spec.thresholdMetric, ['thresholdMetric'], 'other');
  return queries;
}

function openSlo(value: Record<string, unknown>): SloFacts[] {
  if (value.kind !== 'SLO' || !isRecord(value.spec)) return [];
  const spec = value.spec;
  const service = text(spec.service);
  const windows = Array.isArray(spec.timeWindow) ? spec.timeWindow.map((w: unknown, i) => ({ value: isRecord(w) ? w.duration : undefined, path: ['spec', 'timeWindow', i, 'duration'] })) : [];
  return [
    {
      at: ['metadata', 'name'],
      ...(service !== undefined ? { service: { name: service, path: ['spec', 'service'] } } : {}),
      queries: openSloQueries(spec.indicator, ['spec', 'indicator']),
      alerting: Array.isArray(spec.alertPolicies) && spec.alertPolicies.length > 0,
      windows,
    },
  ];
}

/** The SLOs a YAML document holds (a Sloth spec's each, an OpenSLO SLO), none for any other document. */
export function sloFacts(value: unknown): SloFacts[] {
  const kind = sloSpecKind(value);
  if (kind && isRecord(value)) return sloth(value, kind === 'sloth.slok.dev/v1');
  if (isRecord(value) && value.apiVersion === 'openslo/v1') return openSlo(value);
  return [];
}
