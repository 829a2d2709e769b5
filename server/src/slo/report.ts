/**
 * `archipel slo report`: what a spec file promises, for an SLA annex — each service's SLOs with their
 * objective, error budget over the period, SLI, alerting (the windows and burn factors of the alerts
 * generate.ts writes), the spec's line, and the component of the system map that is the service. One
 * shape (SloReport, version 1: docs/slo.md's contract) printed as JSON, text or Markdown.
 */
import { componentKinds } from '../features/system/contributor';
import { goFloatG, promDuration } from './goFormat';
import type { SloSpecDocument } from './render';
import type { SloAlertMeta, SloModel } from './spec';
import { alertWindowDurations, burnRateFactor, type AlertWindows, type BurnWindow } from './windows';
import { markdownText } from '../common/escape';

/** A node of the system map as its JSON gives it (`archipel diagram system --format json`). */
export interface SloReportComponent {
  id: string;
  kind: string;
  name: string;
  sources: { file: string; line: number }[];
}

export interface SloReportAlertWindow {
  shortWindow: string;
  longWindow: string;
  /** The burn rate both windows must pass. */
  burnRate: number;
  /** The share of the period's error budget spent when the alert fires, in percent. */
  errorBudgetPercent: number;
}

export interface SloReportAlert {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Quick, then slow: the alert fires when either pair of windows burns too fast. */
  windows: [SloReportAlertWindow, SloReportAlertWindow];
}

export interface SloReportSlo {
  name: string;
  /** `<service>-<name>`: the `sloth_id` of its rules. */
  id: string;
  /** 1-based line of its item in the spec. */
  line: number;
  description: string;
  /** In percent. */
  objective: number;
  /** The share of events that may fail over the period (percent), and that share of the period as a duration. */
  errorBudget: { percent: number; duration: string };
  sli: { kind: 'events'; errorQuery: string; totalQuery: string } | { kind: 'raw'; errorRatioQuery: string };
  /** Every window a rule records the SLI over, the period last. */
  windows: string[];
  alerting: { page: SloReportAlert | null; ticket: SloReportAlert | null };
}

export interface SloReportService {
  service: string;
  /** The components of the system map (services, jobs, stores…: features/system's componentKinds) named as the service; null when no map was read. */
  components: SloReportComponent[] | null;
  slos: SloReportSlo[];
}

export interface SloReport {
  version: 1;
  file: string;
  period: string;
  services: SloReportService[];
}

export const SLO_REPORT_FORMATS = ['text', 'markdown', 'json'] as const;
export type SloReportFormat = (typeof SLO_REPORT_FORMATS)[number];

/** A number as a person reads it (99.5, 0.1: no float noise). */
const readable = (n: number): number => Number(n.toPrecision(12));

function alertOf(meta: SloAlertMeta | undefined, windows: AlertWindows, quick: BurnWindow, slow: BurnWindow): SloReportAlert | null {
  if (!meta) return null;
  const window = (w: BurnWindow): SloReportAlertWindow => ({ shortWindow: promDuration(w.shortWindow), longWindow: promDuration(w.longWindow), burnRate: readable(burnRateFactor(windows.period, w)), errorBudgetPercent: w.errorBudgetPercent });
  return { name: meta.name, labels: meta.labels, annotations: meta.annotations, windows: [window(quick), window(slow)] };
}

function sloOf(slo: SloModel, line: number, windows: AlertWindows): SloReportSlo {
  const budget = readable(100 - slo.objective);
  return {
    name: slo.name,
    id: slo.id,
    line: line + 1,
    description: slo.description,
    objective: slo.objective,
    errorBudget: { percent: budget, duration: promDuration(Math.round((windows.period * budget) / 100 / 1000) * 1000) },
    sli: slo.sli.kind === 'events' ? { kind: 'events', errorQuery: slo.sli.errorQuery, totalQuery: slo.sli.totalQuery } : { kind: 'raw', errorRatioQuery: slo.sli.errorRatioQuery },
    windows: [...alertWindowDurations(windows), windows.period].map(promDuration),
    alerting: { page: alertOf(slo.page, windows, windows.pageQuick, windows.pageSlow), ticket: alertOf(slo.ticket, windows, windows.ticketQuick, windows.ticketSlow) },
  };
}

/** The report of a spec file's documents; `components`, the system map's nodes (undefined: no map read). */
export function sloReport(file: string, documents: readonly SloSpecDocument[], windows: AlertWindows, components?: readonly SloReportComponent[]): SloReport {
  const services = new Map<string, SloReportService>();
  for (const document of documents) {
    document.group.slos.forEach((slo, i) => {
      let entry = services.get(slo.service);
      if (!entry) {
        entry = { service: slo.service, components: components ? components.filter((c) => componentKinds.has(c.kind) && c.name === slo.service) : null, slos: [] };
        services.set(slo.service, entry);
      }
      entry.slos.push(sloOf(slo, document.sloLines[i], windows));
    });
  }
  return { version: 1, file, period: promDuration(windows.period), services: [...services.values()] };
}

const oneLine = (query: string): string => query.replace(/\s+/g, ' ').trim();

function alertText(alert: SloReportAlert | null): string {
  if (!alert) return 'none';
  const [quick, slow] = alert.windows;
  return `${alert.name}: ${goFloatG(quick.burnRate)}× over ${quick.longWindow} and ${quick.shortWindow}, or ${goFloatG(slow.burnRate)}× over ${slow.longWindow} and ${slow.shortWindow}`;
}

function sliText(sli: SloReportSlo['sli']): string {
  return sli.kind === 'events' ? `errors ${oneLine(sli.errorQuery)}; total ${oneLine(sli.totalQuery)}` : `error ratio ${oneLine(sli.errorRatioQuery)}`;
}

function componentsText(service: SloReportService): string {
  if (service.components === null) return 'component: not looked up (no system map)';
  if (service.components.length === 0) return 'component: none of the system map is named so';
  return `component: ${service.components.map((c) => `${c.id} (${c.sources.map((s) => `${s.file}:${s.line}`).join(', ')})`).join('; ')}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function sloReportText(report: SloReport): string {
  const slos = report.services.reduce((n, s) => n + s.slos.length, 0);
  const lines = [`${report.file}: ${count(slos, 'SLO', 'SLOs')} of ${count(report.services.length, 'service', 'services')}, over ${report.period}`];
  for (const service of report.services) {
    lines.push('', `${service.service}: ${componentsText(service)}`);
    for (const slo of service.slos) {
      lines.push(`  ${slo.name} (line ${slo.line}): ${slo.objective}%, error budget ${slo.errorBudget.percent}% (${slo.errorBudget.duration} over ${report.period})`);
      if (slo.description) lines.push(`    ${slo.description}`);
      lines.push(`    SLI: ${sliText(slo.sli)}`, `    page alert: ${alertText(slo.alerting.page)}`, `    ticket alert: ${alertText(slo.alerting.ticket)}`);
    }
  }
  return lines.join('\n');
}

/** Text in a code span: the span's fence longer than any run of backticks inside. */
function code(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  return `${fence} ${oneLine(text)} ${fence}`;
}

function sloReportMarkdown(report: SloReport): string {
  const lines = [`# Service levels: ${markdownText(report.file)}`, '', `Period: ${report.period}. Generated by \`archipel slo report\`.`];
  for (const service of report.services) {
    lines.push('', `## ${markdownText(service.service)}`, '', markdownText(componentsText(service).replace(/^component: /, 'Component: ')), '');
    lines.push('| SLO | objective | error budget | page alert | ticket alert | spec |', '|---|---|---|---|---|---|');
    for (const slo of service.slos) {
      lines.push(`| ${markdownText(slo.name)} | ${slo.objective}% | ${slo.errorBudget.percent}% (${slo.errorBudget.duration}) | ${markdownText(alertText(slo.alerting.page))} | ${markdownText(alertText(slo.alerting.ticket))} | ${markdownText(report.file)}:${slo.line} |`);
    }
    lines.push('');
    for (const slo of service.slos) {
      const sli = slo.sli.kind === 'events' ? `errors ${code(slo.sli.errorQuery)} over total ${code(slo.sli.totalQuery)}` : `error ratio ${code(slo.sli.errorRatioQuery)}`;
      lines.push(`- **${markdownText(slo.name)}**${slo.description ? `: ${markdownText(slo.description)}` : ''} SLI: ${sli}.`);
    }
  }
  return lines.join('\n');
}

export function renderSloReport(report: SloReport, format: SloReportFormat): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  return format === 'markdown' ? sloReportMarkdown(report) : sloReportText(report);
}
