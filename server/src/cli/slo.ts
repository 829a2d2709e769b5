/**
 * `archipel slo generate FILE [-o OUT] [--period 30d|28d | -w WINDOWS] [-l K=V]...`: the rules Sloth generates for a
 * Sloth spec (slo/render.ts); `archipel slo dashboard FILE [-o OUT] [--period | -w]`: the Grafana dashboard of its
 * service on those rules (slo/dashboard.ts). Printed or written to OUT through the output writer (a temporary file
 * renamed over OUT: a reader never sees half of it). Exit 0 written, 1 the spec has errors (each
 * printed as `FILE:LINE: PATH: MESSAGE`, nothing written), 2 a usage error.
 */
import { notReadText, type NotReadFile } from '../platform/notRead';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeNamedOutput } from '../engines/core/output';
import { decodeText } from '../common/textDecoding';
import { readRegularFileSync } from '../disk/readText';
import { t } from '../l10n/t';
import { DEFAULT_SLO_PERIOD, generateSloDashboard, generateSloRules, parsePromDuration, readAlertWindowsText, readSloDocuments, renderSloReport, sloReport, SLO_PERIODS, SLO_REPORT_FORMATS, type AlertWindows, type SloReportComponent, type SloReportFormat } from '../slo/api';
import { sloUsage } from './sloUsage';
import { UsageError } from './usage';

/** The most a spec or windows file is read to: an SLO file is a few kilobytes; a larger one is refused, not read. */
export const MAX_SLO_FILE_BYTES = 4 * 1024 * 1024;

/** A spec or windows file the user named: a regular file, read through its descriptor, bounded. */
function readSloFile(file: string): string {
  const bytes = readRegularFileSync(file, MAX_SLO_FILE_BYTES);
  if (typeof bytes !== 'string') return decodeText(bytes).text;
  const why: Record<typeof bytes, string> = {
    missing: t('no such file'),
    outside: t('outside the workspace'),
    'not-a-file': t('not a regular file'),
    'too-large': t('larger than {0} bytes: not read', MAX_SLO_FILE_BYTES),
    unreadable: t('not readable'),
  };
  throw new Error(why[bytes]);
}

const SUBCOMMANDS = ['generate', 'dashboard', 'report'];

/** What the command asks of the rest of the CLI: the system map's nodes of a folder (report's components). */
export interface SloCommandHooks {
  systemNodes?: (folder: string) => Promise<SloReportComponent[] | undefined>;
  /** What the map of `--system` did not read (platform/notRead.ts), said after the report. */
  notRead?: () => readonly NotReadFile[];
}

/** The spec's path as a file written to `out` (or printed, from the current folder) should name it, in `/` form on every system. */
function sourceFrom(file: string, out: string | undefined): string {
  const from = out === undefined ? process.cwd() : path.dirname(path.resolve(out));
  return path.relative(from, path.resolve(file)).split(path.sep).join('/');
}

export async function sloCommand(args: string[], out: (text: string) => void, err: (text: string) => void, hooks: SloCommandHooks = {}): Promise<number> {
  const { values: options, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string', short: 'o' }, period: { type: 'string' }, windows: { type: 'string', short: 'w' }, 'extra-label': { type: 'string', short: 'l', multiple: true }, format: { type: 'string' }, system: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [sub, ...rest] = positionals;
  if (options.help || sub === undefined) {
    out(`Usage: archipel slo generate|dashboard|report FILE [options]\n\n${sloUsage}`);
    return options.help ? 0 : 2;
  }
  if (!SUBCOMMANDS.includes(sub)) throw new UsageError(t('unknown slo command "{0}" (expected {1})', sub, SUBCOMMANDS.join(', ')));
  if (rest.length !== 1) throw new UsageError(t('slo {0} takes one spec file', sub));
  if (sub !== 'generate' && options['extra-label'] !== undefined) throw new UsageError(t('--extra-label is an option of slo generate'));
  if (sub !== 'report' && (options.format !== undefined || options.system !== undefined)) throw new UsageError(t('--format and --system are options of slo report'));
  const format = (options.format ?? 'text') as SloReportFormat;
  if (!SLO_REPORT_FORMATS.includes(format)) throw new UsageError(t('unknown format "{0}" (expected {1})', format, SLO_REPORT_FORMATS.join(', ')));
  const period = options.period === undefined ? undefined : parsePromDuration(options.period);
  if (period !== undefined && !SLO_PERIODS.has(period)) throw new UsageError(t('--period must be 30d or 28d'));
  if (options.period !== undefined && period === undefined) throw new UsageError(t('--period must be 30d or 28d'));
  const extraLabels: Record<string, string> = {};
  for (const pair of options['extra-label'] ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(t('--extra-label takes KEY=VALUE, not "{0}"', pair));
    extraLabels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (options.windows !== undefined && options.period !== undefined) throw new UsageError(t('--windows gives the period: --period goes without it'));
  let windows: AlertWindows | undefined;
  if (options.windows !== undefined) {
    let windowsText: string;
    try {
      windowsText = readSloFile(options.windows);
    } catch (error) {
      err(t('cannot read {0}: {1}', options.windows, error instanceof Error ? error.message : String(error)));
      return 1;
    }
    const read = readAlertWindowsText(windowsText);
    for (const e of read.errors) err(`${options.windows}:${e.line + 1}: ${e.path.length > 0 ? `${e.path.join('.')}: ` : ''}${e.message}`);
    if (!read.windows) return 1;
    windows = read.windows;
  }
  const file = rest[0];
  let text: string;
  try {
    text = readSloFile(file);
  } catch (error) {
    err(t('cannot read {0}: {1}', file, error instanceof Error ? error.message : String(error)));
    return 1;
  }
  if (sub === 'report') return report(file, text, format, windows ?? SLO_PERIODS.get(period ?? DEFAULT_SLO_PERIOD)!, options, hooks, out, err);
  const source = sourceFrom(file, options.out);
  const windowsSource = options.windows === undefined ? undefined : sourceFrom(options.windows, options.out);
  const result = sub === 'generate' ? generateSloRules(text, { period: windows?.period ?? period, windows, extraLabels, source, ...(windowsSource !== undefined ? { windowsSource } : {}) }) : generateSloDashboard(text, { period: windows?.period ?? period, windows, source });
  if (result.errors.length > 0) {
    for (const e of result.errors) err(`${file}:${e.line + 1}: ${e.path.length > 0 ? `${e.path.join('.')}: ` : ''}${e.message}`);
    return 1;
  }
  if (result.text === '') {
    err(t('{0} holds no Sloth spec (version: prometheus/v1, or kind: PrometheusServiceLevel)', file));
    return 1;
  }
  if (options.out === undefined) {
    out(result.text.replace(/\n$/, ''));
    return 0;
  }
  await writeNamedOutput(options.out, result.text);
  if ('documents' in result) {
    const rules = result.documents.reduce((n, d) => n + d.groups.reduce((m, g) => m + g.rules.length, 0), 0);
    out(t('{0}: {1} rules written', options.out, rules));
  } else {
    out(t('{0}: the dashboard of {1} written', options.out, result.service ?? ''));
  }
  return 0;
}

/** `slo report`: the spec's SLOs, with the components of the map of `--system` (default: the current folder) named as their service. */
async function report(file: string, text: string, format: SloReportFormat, windows: AlertWindows, options: { out?: string; system?: string }, hooks: SloCommandHooks, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const read = readSloDocuments(text);
  if (read.errors.length > 0) {
    for (const e of read.errors) err(`${file}:${e.line + 1}: ${e.path.length > 0 ? `${e.path.join('.')}: ` : ''}${e.message}`);
    return 1;
  }
  if (read.documents.length === 0) {
    err(t('{0} holds no Sloth spec (version: prometheus/v1, or kind: PrometheusServiceLevel)', file));
    return 1;
  }
  const nodes = hooks.systemNodes ? await hooks.systemNodes(options.system ?? '.') : undefined;
  const shown = path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
  const rendered = renderSloReport(sloReport(shown, read.documents, windows, nodes), format);
  // The report's formats are Sloth's and its own: what the map did not read is said beside it, on stderr.
  for (const line of notReadText(hooks.notRead?.() ?? [])) err(`archipel slo report: ${line}`);
  if (options.out === undefined) {
    out(rendered);
    return 0;
  }
  await writeNamedOutput(options.out, `${rendered}\n`);
  out(t('{0}: the report written', options.out));
  return 0;
}
