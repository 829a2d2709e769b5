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
