/**
 * The multi-window multi-burn-rate alert windows of the Google SRE workbook
 * (https://sre.google/workbook/alerting-on-slos/), the ones Sloth ships for 30-day and 28-day SLO
 * periods: each alert burns a share of the period's error budget within its long window, and the
 * burn rate factor is that share of the period over the long window (2% of 30 days in 1 hour: 14.4).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface BurnWindow {
  /** Share of the period's error budget the alert consumes, in percent. */
  errorBudgetPercent: number;
  shortWindow: number;
  longWindow: number;
}

export interface AlertWindows {
  period: number;
  pageQuick: BurnWindow;
  pageSlow: BurnWindow;
  ticketQuick: BurnWindow;
  ticketSlow: BurnWindow;
}

function googleWindows(period: number): AlertWindows {
  return {
    period,
    pageQuick: { errorBudgetPercent: 2, shortWindow: 5 * MINUTE, longWindow: HOUR },
    pageSlow: { errorBudgetPercent: 5, shortWindow: 30 * MINUTE, longWindow: 6 * HOUR },
    ticketQuick: { errorBudgetPercent: 10, shortWindow: 2 * HOUR, longWindow: DAY },
    ticketSlow: { errorBudgetPercent: 10, shortWindow: 6 * HOUR, longWindow: 3 * DAY },
  };
}

/** The SLO periods with windows, by duration in milliseconds; 30 days is Sloth's default. */
export const SLO_PERIODS: ReadonlyMap<number, AlertWindows> = new Map([
  [30 * DAY, googleWindows(30 * DAY)],
  [28 * DAY, googleWindows(28 * DAY)],
]);
export const DEFAULT_SLO_PERIOD = 30 * DAY;

/** The burn rate factor, computed in Sloth's order of operations so that the float is the same. */
export function burnRateFactor(period: number, window: BurnWindow): number {
  const periodHours = period / HOUR;
  const hoursRequiredConsumption = (window.errorBudgetPercent * periodHours) / 100;
  return hoursRequiredConsumption / (window.longWindow / HOUR);
}

/** Every distinct window of the alerts, shortest first. */
export function alertWindowDurations(windows: AlertWindows): number[] {
  const all = [windows.pageQuick, windows.pageSlow, windows.ticketQuick, windows.ticketSlow].flatMap((w) => [w.shortWindow, w.longWindow]);
  return [...new Set(all)].sort((a, b) => a - b);
}

/**
 * Sloth's `AlertWindows` spec (`apiVersion: sloth.slok.dev/v1`, `kind: AlertWindows`: a period's
 * page and ticket windows, as `sloth generate -w` reads them), or its problems by path.
 */
export function readAlertWindows(value: unknown, parseDuration: (text: string) => number | undefined): { windows?: AlertWindows; errors: { path: string[]; message: string }[] } {
  const errors: { path: string[]; message: string }[] = [];
  const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const top = record(value);
  if (top.apiVersion !== 'sloth.slok.dev/v1' || top.kind !== 'AlertWindows') {
    return { errors: [{ path: [], message: 'not an AlertWindows spec: expected apiVersion: sloth.slok.dev/v1 and kind: AlertWindows' }] };
  }
  const spec = record(top.spec);
  const duration = (v: unknown, path: string[]): number => {
    const ms = typeof v === 'string' ? parseDuration(v) : undefined;
    if (!ms) errors.push({ path, message: 'a duration is required (5m, 1h, 30d), at most 106751d (the longest Prometheus reads)' });
    return ms ?? 0;
  };
  const window = (severity: 'page' | 'ticket', speed: 'quick' | 'slow'): BurnWindow => {
    const w = record(record(spec[severity])[speed]);
    const path = ['spec', severity, speed];
    const percent = w.errorBudgetPercent;
    if (typeof percent !== 'number' || !(percent > 0 && percent <= 100)) errors.push({ path: [...path, 'errorBudgetPercent'], message: 'errorBudgetPercent must be a number greater than 0 and at most 100' });
    return { errorBudgetPercent: typeof percent === 'number' ? percent : 0, shortWindow: duration(w.shortWindow, [...path, 'shortWindow']), longWindow: duration(w.longWindow, [...path, 'longWindow']) };
  };
  const windows: AlertWindows = {
    period: duration(spec.sloPeriod, ['spec', 'sloPeriod']),
    pageQuick: window('page', 'quick'),
    pageSlow: window('page', 'slow'),
    ticketQuick: window('ticket', 'quick'),
    ticketSlow: window('ticket', 'slow'),
  };
  // The period's SLI is computed over its 5m-like short window: it must be another window than the period.
  if (windows.period !== 0 && alertWindowDurations(windows).includes(windows.period)) errors.push({ path: ['spec', 'sloPeriod'], message: 'the SLO period must differ from every alert window' });
  return errors.length > 0 ? { errors } : { windows, errors };
}
