/**
 * An OpenSLO `v1alpha` SLO read as Sloth reads it for generation (internal/storage/io/openslo.go): each objective is one
 * SLO, `<service>-<metadata.name>-<index>` its id and `<metadata.name>-<index>` its name, its SLI the raw error ratio
 * `1 - (good / total)` of its `ratioMetrics` (Prometheus queries), its objective the target in percent, its period the
 * one time window in days; no alert (OpenSLO's alerts are other objects).
 */
import type { SloGroup, SloModel, SloSpecError } from './spec';

export const OPENSLO_V1ALPHA = 'openslo/v1alpha';
const DAY = 86_400_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a document is the OpenSLO `v1alpha` SLO Sloth generates from (`apiVersion: openslo/v1alpha`, `kind: SLO`). */
export function isOpenSloV1Alpha(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && value.apiVersion === OPENSLO_V1ALPHA && value.kind === 'SLO';
}

/** Sloth's openSLOErrorRatioRawQueryTpl, with the good and total queries in it. */
function errorRatioQuery(good: string, total: string): string {
  return `\n  1 - (\n    (\n      ${good}\n    )\n    /\n    (\n      ${total}\n    )\n  )\n`;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** Reads an OpenSLO v1alpha SLO into the generator's model, or its problems (Sloth's, by path). */
export function readOpenSloV1Alpha(value: Record<string, unknown>): { group?: SloGroup; errors: SloSpecError[] } {
  const errors: SloSpecError[] = [];
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const spec = isRecord(value.spec) ? value.spec : {};
  const name = text(metadata.name);
  const service = text(spec.service);
  if (!name) errors.push({ path: ['metadata', 'name'], message: 'metadata.name is required' });
  if (!service) errors.push({ path: ['spec', 'service'], message: 'spec.service is required' });
  const objectives: unknown[] = Array.isArray(spec.objectives) ? spec.objectives : [];
  if (objectives.length === 0) errors.push({ path: ['spec', 'objectives'], message: 'at least one SLO is required' });
  const windows: unknown[] = Array.isArray(spec.timeWindows) ? spec.timeWindows : [];
  let period: number | undefined;
  if (windows.length > 1) errors.push({ path: ['spec', 'timeWindows'], message: 'invalid SLO time windows: only 1 time window is supported' });
  else if (windows.length === 1) {
    const window = isRecord(windows[0]) ? windows[0] : {};
    if (text(window.unit).toLowerCase() !== 'day') errors.push({ path: ['spec', 'timeWindows', 0, 'unit'], message: 'invalid SLO time windows: only days based time windows are supported' });
    else if (typeof window.count !== 'number' || !Number.isInteger(window.count) || window.count <= 0) errors.push({ path: ['spec', 'timeWindows', 0, 'count'], message: 'count must be a whole number of days greater than 0' });
    else period = window.count * DAY;
  }
  const slos: SloModel[] = [];
  objectives.forEach((raw, index) => {
    const at = ['spec', 'objectives', index];
    const objective = isRecord(raw) ? raw : {};
    const ratio = isRecord(objective.ratioMetrics) ? objective.ratioMetrics : undefined;
    if (!ratio) {
      errors.push({ path: at, message: 'could not map SLI: missing ratioMetrics' });
      return;
    }
    const good = isRecord(ratio.good) ? ratio.good : {};
    const total = isRecord(ratio.total) ? ratio.total : {};
    let usable = true;
    for (const [key, metric] of [['good', good], ['total', total]] as const) {
      if (metric.source !== 'prometheus' && metric.source !== 'sloth') {
        errors.push({ path: [...at, 'ratioMetrics', key, 'source'], message: `could not map SLI: prometheus or sloth query ratio '${key}' source is required` });
        usable = false;
      } else if (metric.queryType !== 'promql') {
        errors.push({ path: [...at, 'ratioMetrics', key, 'queryType'], message: `could not map SLI: unsupported '${key}' indicator query type: ${text(metric.queryType)}` });
        usable = false;
      } else if (!text(metric.query).includes('{{')) {
        errors.push({ path: [...at, 'ratioMetrics', key, 'query'], message: 'the query must contain the {{.window}} variable (each window replaces it)' });
        usable = false;
      }
    }
    const target = objective.target;
    if (typeof target !== 'number' || !(target > 0 && target <= 1)) {
      errors.push({ path: [...at, 'target'], message: 'target must be a ratio greater than 0 and at most 1' });
      usable = false;
    }
    if (!usable || !name || !service || typeof target !== 'number') return;
    slos.push({
      id: `${service}-${name}-${index}`,
      name: `${name}-${index}`,
      service,
      description: text(spec.description),
      // OpenSLO uses ratios, Sloth percents.
      objective: target * 100,
      labels: {},
      sli: { kind: 'raw', errorRatioQuery: errorRatioQuery(text(good.query), text(total.query)) },
      ...(period !== undefined ? { period } : {}),
    });
  });
  return errors.length > 0 ? { errors } : { group: { kind: OPENSLO_V1ALPHA, slos }, errors };
}
