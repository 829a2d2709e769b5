import type { JobProgress } from '../engines/core/job';
import type { ProgressSink } from '../engines/core/host';
import { t } from '../l10n/t';

/** What a progress line counts: files, rows, bytes, stages, experiments, workers; `time`: nothing, the time so far only. */
export type ProgressUnit = 'files' | 'rows' | 'bytes' | 'stages' | 'experiments' | 'workers' | 'time';

/**
 * One line on the terminal saying how far a long command is: what is done of the total, the rate,
 * the time left (or the time so far when the total is unknown), and what it is doing now; rewritten
 * in place, at most every REDRAW_MS, and erased at the end. Nothing at all when the stream is not a
 * terminal (a pipe, a log, a CI runner, a test): the output stays what a program reads.
 */
export interface ProgressLine {
  /** False when nothing is drawn (not a terminal): a command need not measure what nobody sees. */
  readonly active: boolean;
  /**
   * `done` of `total` (undefined: not known yet), and what is being done (a file, a stage). `shown`: the
   * count the line prints when it is not the one the share and the time left are measured on (check's
   * files of the pass under way, on the clock of both passes: #98, a 10 k-file tree said "20.0 k files").
   */
  update(done: number, total?: number, detail?: string, shown?: { done: number; total: number }): void;
  /** Counts again from now: what follows is a new pass (its rate and time left are its own). */
  restart(): void;
  /** Erases the line before other output goes to the terminal; the next update draws it again. */
  clear(): void;
  /** Erases it for good. */
  end(): void;
}

export interface ProgressOptions {
  unit?: ProgressUnit;
  stream?: NodeJS.WriteStream;
  /** The clock (tests). */
  now?: () => number;
  env?: NodeJS.ProcessEnv;
}

const REDRAW_MS = 100;
const ERASE = '\r\x1b[2K';

/** Whether a progress line can be drawn on `stream`: a terminal that understands erasing a line. */
export function drawsProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

const silent: ProgressLine = { active: false, update: () => undefined, restart: () => undefined, clear: () => undefined, end: () => undefined };

/** 1,234 · 12.3 k · 4.56 M (rows and files); 512 B · 12.3 MB · 1.02 GB (bytes). */
export function amount(value: number, unit: ProgressUnit): string {
  if (unit === 'bytes') {
    const steps = ['B', 'kB', 'MB', 'GB', 'TB'];
    let v = value;
    let i = 0;
    while (v >= 1000 && i < steps.length - 1) {
      v /= 1000;
      i++;
    }
    return `${i === 0 ? String(Math.round(v)) : v.toPrecision(3)} ${steps[i]}`;
  }
  if (value >= 1e6) return `${(value / 1e6).toPrecision(3)} M`;
  if (value >= 1e4) return `${(value / 1e3).toPrecision(3)} k`;
  return String(Math.round(value));
}

/** 7 s · 1 min 05 s · 2 h 03 min. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

function unitName(unit: ProgressUnit): string {
  switch (unit) {
    case 'files':
      return t('files');
    case 'rows':
      return t('rows');
    case 'bytes':
    case 'time':
      return '';
    case 'stages':
      return t('stages');
    case 'experiments':
      return t('experiments');
    case 'workers':
      return t('workers');
  }
}

/** The line's text: `title: done of total unit (p %), rate/s, time left — detail`. */
export function progressText(title: string, unit: ProgressUnit, done: number, total: number | undefined, elapsedMs: number, detail?: string, shown?: { done: number; total: number }): string {
  if (unit === 'time') return `${title}: ${t('{0} so far', duration(elapsedMs))}${detail ? ` — ${detail}` : ''}`;
  const name = unitName(unit);
  const counted = shown ?? (total === undefined ? undefined : { done, total });
  const of = total === undefined || counted === undefined ? `${amount(done, unit)}${name ? ` ${name}` : ''}` : `${t('{0} of {1}', amount(counted.done, unit), amount(counted.total, unit))}${name ? ` ${name}` : ''}${total > 0 ? ` (${Math.floor((100 * Math.min(done, total)) / total)} %)` : ''}`;
  const parts = [of];
  const seconds = elapsedMs / 1000;
  // A rate once there is something to measure it on; the time left from it.
  if (seconds >= 1 && done > 0) {
    const rate = done / seconds;
    if (unit === 'bytes' || unit === 'rows') parts.push(`${amount(rate, unit)}${name ? ` ${name}` : ''}/s`);
    if (total !== undefined && total > done) parts.push(t('{0} left', duration(((total - done) / rate) * 1000)));
  }
  if (total === undefined || seconds >= 1) parts.push(t('{0} so far', duration(elapsedMs)));
  return `${title}: ${parts.join(', ')}${detail ? ` — ${detail}` : ''}`;
}

/**
 * `archipel check`'s two passes — every file indexed (the checked ones and their context), then the checked ones
 * checked — as one count on one clock (issue #83: each pass counted 0 → 100 % with its own rate and time left): the
 * files indexed, then those checked, of both totals. `checking`: the files the check pass will take, as known before it.
 */
export function checkPasses(checking: number): (pass: 'index' | 'check', done: number, total: number) => { readonly done: number; readonly total: number } {
  let indexed = 0;
  return (pass, done, total) => {
    if (pass === 'index') {
      indexed = total;
      return { done, total: total + checking };
    }
    return { done: indexed + done, total: indexed + total };
  };
}

/** A progress line on `options.stream` (stderr), or one that draws nothing when it is not a terminal. */
export function progressLine(title: string, options: ProgressOptions = {}): ProgressLine {
  const stream = options.stream ?? process.stderr;
  if (!drawsProgress(stream, options.env)) return silent;
  const now = options.now ?? Date.now;
  const unit = options.unit ?? 'files';
  let started = now();
  let drawnAt: number | undefined;
  let shown = false;
  const width = () => Math.max(20, (stream.columns || 80) - 1);
  return {
    active: true,
    update(done, total, detail, count) {
      const at = now();
      // The first draw at once (a run shorter than a redraw still says what it did), then at most every REDRAW_MS.
      if (drawnAt !== undefined && shown && at - drawnAt < REDRAW_MS) return;
      drawnAt = at;
      shown = true;
      stream.write(`${ERASE}${[...progressText(title, unit, done, total, at - started, detail, count)].slice(0, width()).join('')}`);
    },
    restart() {
      started = now();
    },
    clear() {
      if (shown) stream.write(ERASE);
      shown = false;
    },
    end() {
      if (shown) stream.write(ERASE);
      shown = false;
    },
  };
}

/**
 * A line drawn again every TICK_MS with what `state` says (a warm-up: its time so far goes on while
 * nothing is counted); `end` stops it.
 */
export function tickingLine(line: ProgressLine, state: () => { done?: number; total?: number; detail?: string }): ProgressLine {
  if (!line.active) return line;
  const draw = () => {
    const now = state();
    line.update(now.done ?? 0, now.total, now.detail);
  };
  const timer = setInterval(draw, TICK_MS);
  timer.unref();
  draw();
  return {
    active: true,
    update: (done, total, detail, shown) => line.update(done, total, detail, shown),
    restart: () => line.restart(),
    clear: () => line.clear(),
    end: () => {
      clearInterval(timer);
      line.end();
    },
  };
}

const TICK_MS = 500;

/**
 * A job's progress on the CLI (blur's files): one line, rewritten as items finish, erased at the end;
 * nothing when stderr is not a terminal.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!drawsProgress(stream)) return { begin: () => undefined, report: () => undefined, end: () => undefined };
  let line: ProgressLine = silent;
  return {
    begin: (value) => (line = progressLine(value, { stream, unit: 'files' })),
    report: (progress: JobProgress) => line.update(progress.done, progress.total, progress.last && (progress.last.failed ? t('{0} failed', progress.last.label) : progress.last.label)),
    end: () => line.end(),
  };
}
