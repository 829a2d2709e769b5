/**
 * POSIX cron as GitHub reads `on.schedule[].cron`: five fields separated by spaces, each a `*`,
 * a number, a range `a-b`, a step `x/n`, or a comma list of those; month and weekday also take
 * three-letter names. Gitea (robfig/cron) also takes the `@daily`-style descriptors.
 */
import { t } from '../../l10n/t';

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

export const giteaDescriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

export interface CronProblem {
  message: string;
  /** Offsets of the faulty part in the cron text. */
  start: number;
  end: number;
}

export interface CronResult {
  problem?: CronProblem;
  /** The smallest number of minutes between two runs within an hour (60 when once an hour or less). */
  interval?: number;
}

class FieldError extends Error {}

/** The name of the cron field at `index`, in the user's language. */
function fieldName(index: number): string {
  return [t('minute'), t('hour'), t('day of month'), t('month'), t('day of week')][index];
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) throw new FieldError(spec.names ? t('"{0}" is not a number or a name', text) : t('"{0}" is not a number', text));
  const n = Number(text);
  if (n < spec.min || n > spec.max) throw new FieldError(t('{0} is out of range {1}-{2}', n, spec.min, spec.max));
  return n;
}

/** The values a field matches. */
function expand(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw new FieldError(t('an empty list item'));
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0) throw new FieldError(t('"{0}" has more than one /', item));
    let from: number;
    let to: number;
    if (range === '*') {
      from = spec.min;
      to = spec.max;
    } else if (range.includes('-')) {
      const [a, b, ...more] = range.split('-');
      if (more.length > 0 || a === '' || b === '') throw new FieldError(t('"{0}" is not a range a-b', range));
      from = value(a, spec);
      to = value(b, spec);
      if (to < from) throw new FieldError(t('the range {0} ends before it starts', range));
    } else {
      from = value(range, spec);
      to = step !== undefined ? spec.max : from;
    }
    let by = 1;
    if (step !== undefined) {
      if (!/^\d+$/.test(step) || Number(step) === 0) throw new FieldError(t('the step "{0}" must be a positive number', step));
      by = Number(step);
    }
    for (let v = from; v <= to; v += by) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

export function parseCron(text: string, gitea: boolean): CronResult {
  const trimmed = text.trim();
  const lead = text.indexOf(trimmed);
  if (trimmed.startsWith('@')) {
    const [descriptor, ...rest] = trimmed.split(/\s+/);
    if (gitea && giteaDescriptors.includes(descriptor.toLowerCase()) && rest.length === 0) return { interval: 60 };
    if (gitea && descriptor.toLowerCase() === '@every' && rest.length === 1 && /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(rest[0])) return {};
    const message = gitea
      ? t('Unknown schedule "{0}": Gitea takes {1}, "@every <duration>" or five cron fields.', trimmed, giteaDescriptors.join(', '))
      : t('GitHub does not support "{0}" schedules (Gitea does); write five cron fields, e.g. "0 0 * * *" for @daily.', descriptor);
    return { problem: { message, start: lead, end: lead + trimmed.length } };
  }
  const parts: { text: string; start: number }[] = [];
  const pattern = /\S+/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) parts.push({ text: m[0], start: m.index });
  if (parts.length !== 5) {
    return {
      problem: {
        message: t('A cron schedule has five fields (minute hour day-of-month month day-of-week), found {0}.', parts.length),
        start: lead,
        end: lead + trimmed.length,
      },
    };
  }
  let minutes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const part = parts[i];
    try {
      const values = expand(part.text, FIELDS[i]);
      if (i === 0) minutes = values;
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      return { problem: { message: t('Invalid {0} field "{1}": {2}.', fieldName(i), part.text, error.message), start: part.start, end: part.start + part.text.length } };
    }
  }
  let interval = 60;
  for (let i = 1; i < minutes.length; i++) interval = Math.min(interval, minutes[i] - minutes[i - 1]);
  if (minutes.length > 1) interval = Math.min(interval, minutes[0] + 60 - minutes[minutes.length - 1]);
  return { interval };
}
