/**
 * A Grafana dashboard of a service's SLOs, on the recording rules Sloth generates for them
 * (generate.ts): per SLO a row with the error budget left over the period, the SLI over the period,
 * the burn rates (current, over each alert's long window, over the period, against the page and
 * ticket factors) and the SLI over every window against the objective. Classic dashboard JSON
 * (schemaVersion 39), its datasource a variable of type prometheus, so that it fits any Grafana.
 */
import { goFloatG, promDuration } from './goFormat';
import { SLO_ID_LABEL, SLO_WINDOW_LABEL, sliErrorMetric } from './generate';
import { readSloDocuments, type SloGenerateResult } from './render';
import type { SloModel } from './spec';
import { alertWindowDurations, burnRateFactor, DEFAULT_SLO_PERIOD, SLO_PERIODS, type AlertWindows } from './windows';

export interface SloDashboardOptions {
  /** The SLO period in milliseconds (30 or 28 days); 30 days when absent. */
  period?: number;
  /** Windows of its own (an AlertWindows spec): over `period`. */
  windows?: AlertWindows;
  /** The spec's path as the dashboard should name it (its description): where to regenerate it from. */
  source?: string;
}

export interface SloDashboardResult {
  /** The service whose SLOs the dashboard shows (undefined when there were errors). */
  service?: string;
  /** The dashboard (undefined when there were errors or no spec). */
  dashboard?: Record<string, unknown>;
  /** The dashboard file's text: JSON, two-space indented, a final newline ('' when none). */
  text: string;
  errors: SloGenerateResult['errors'];
}

/** Grafana's longest uid. */
const MAX_UID = 40;
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

type Panel = Record<string, unknown>;

function target(refId: string, expr: string, legendFormat: string): Record<string, unknown> {
  return { refId, datasource: DATASOURCE, expr, legendFormat };
}

/** A panel: its unit and field defaults (thresholds, decimals), its description and queries. */
function panel(id: number, type: string, title: string, gridPos: { h: number; w: number; x: number; y: number }, defaults: Record<string, unknown>, description: string, targets: Record<string, unknown>[]): Panel {
  return { id, type, title, description, datasource: DATASOURCE, gridPos, fieldConfig: { defaults, overrides: [] }, targets };
}

function thresholds(steps: { color: string; value: number | null }[]): Record<string, unknown> {
  return { thresholds: { mode: 'absolute', steps } };
}

/** The panels of one SLO, from `y` down, their ids from `id`. */
function sloPanels(slo: SloModel, windows: AlertWindows, id: number, y: number): Panel[] {
  const filter = `{${SLO_ID_LABEL}="${slo.id}"}`;
  const period = promDuration(windows.period);
  const objective = slo.objective / 100;
  const longWindows = [...new Set([windows.pageQuick, windows.pageSlow, windows.ticketQuick, windows.ticketSlow].map((w) => w.longWindow))].sort((a, b) => a - b);
  const burnOver = (window: number) => `${sliErrorMetric(window)}${filter}\n/ on(${SLO_ID_LABEL}) group_left\nslo:error_budget:ratio${filter}`;
  const pageFactor = burnRateFactor(windows.period, windows.pageQuick);
  const ticketFactor = burnRateFactor(windows.period, windows.ticketSlow);
  return [
    { id, type: 'row', title: `${slo.name}: ${goFloatG(slo.objective)}% over ${period}`, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] },
    panel(
      id + 1,
      'stat',
      'Error budget remaining',
      { h: 6, w: 6, x: 0, y: y + 1 },
      { unit: 'percentunit', decimals: 1, ...thresholds([{ color: 'red', value: null }, { color: 'orange', value: 0 }, { color: 'green', value: 0.25 }]) },
      `The share of the ${period} error budget (${Number((100 - slo.objective).toPrecision(12))}% of the events) not yet spent.`,
      [target('A', `slo:period_error_budget_remaining:ratio${filter}`, 'remaining')],
    ),
    panel(
      id + 2,
      'stat',
      `SLI over ${period}`,
      { h: 6, w: 6, x: 6, y: y + 1 },
      { unit: 'percentunit', decimals: 3, ...thresholds([{ color: 'red', value: null }, { color: 'green', value: objective }]) },
      `${slo.description ? `${slo.description} ` : ''}The share of good events over ${period}, against the objective ${goFloatG(slo.objective)}%.`,
      [target('A', `1 - ${sliErrorMetric(windows.period)}${filter}`, 'SLI')],
    ),
    panel(
      id + 3,
      'timeseries',
      'Burn rate',
      { h: 6, w: 12, x: 12, y: y + 1 },
      { unit: 'none', custom: { thresholdsStyle: { mode: 'line' } }, ...thresholds([{ color: 'green', value: null }, { color: 'orange', value: ticketFactor }, { color: 'red', value: pageFactor }]) },
      `How fast the error budget burns (1: spent exactly at the end of ${period}); the ticket alert's slow factor ${goFloatG(ticketFactor)} and the page alert's quick factor ${goFloatG(pageFactor)} drawn as lines.`,
      [
        target('A', `slo:current_burn_rate:ratio${filter}`, `current (${promDuration(windows.pageQuick.shortWindow)})`),
        ...longWindows.map((window, i) => target(String.fromCharCode(66 + i), burnOver(window), promDuration(window))),
        target(String.fromCharCode(66 + longWindows.length), `slo:period_burn_rate:ratio${filter}`, `period (${period})`),
      ],
    ),
    panel(
      id + 4,
      'timeseries',
      'SLI over the windows',
      { h: 8, w: 24, x: 0, y: y + 7 },
      { unit: 'percentunit' },
      'The share of good events over each window of the alerts and over the period, against the objective.',
      [
        ...[...alertWindowDurations(windows), windows.period].map((window, i) => target(String.fromCharCode(65 + i), `1 - ${sliErrorMetric(window)}${filter}`, `{{${SLO_WINDOW_LABEL}}}`)),
        target(String.fromCharCode(65 + alertWindowDurations(windows).length + 1), `slo:objective:ratio${filter}`, 'objective'),
      ],
    ),
  ];
}

/** The dashboard of the SLOs of a Sloth spec file (one service: a dashboard is a service's). */
export function generateSloDashboard(text: string, options: SloDashboardOptions = {}): SloDashboardResult {
  const windows = options.windows ?? SLO_PERIODS.get(options.period ?? DEFAULT_SLO_PERIOD);
  if (!windows) return { text: '', errors: [{ document: 0, line: 0, path: [], message: 'unsupported SLO period: 30d and 28d have alert windows' }] };
  const read = readSloDocuments(text);
  if (read.errors.length > 0 || read.documents.length === 0) return { text: '', errors: read.errors };
  const slos = read.documents.flatMap((d) => d.group.slos);
  const services = [...new Set(slos.map((slo) => slo.service))];
  if (services.length > 1) {
    return { text: '', errors: [{ document: read.documents[0].index, line: read.documents[0].line, path: [], message: `the SLOs of ${services.length} services (${services.join(', ')}): a dashboard is one service's, one spec file each` }] };
  }
  const service = services[0];
  const panels: Panel[] = [];
  slos.forEach((slo, i) => panels.push(...sloPanels(slo, windows, i * 5 + 1, i * 15)));
  const from = options.source === undefined ? '' : ` "${options.source}"`;
  const dashboard: Record<string, unknown> = {
    title: `${service}: service levels`,
    uid: `slo-${service}`.slice(0, MAX_UID),
    description: `Generated by Archipel from the Sloth spec${from}, on the recording rules of archipel slo generate. DO NOT EDIT: regenerate with archipel slo dashboard.`,
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: 'now-7d', to: 'now' },
    refresh: '1m',
    tags: ['archipel', 'slo', service],
    templating: { list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', refresh: 1 }] },
    annotations: { list: [] },
    panels,
  };
  return { service, dashboard, text: `${JSON.stringify(dashboard, null, 2)}\n`, errors: [] };
}
