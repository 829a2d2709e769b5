/**
 * `archipel exp show|diff` (issue #40): the experiments of the repository as DVC stores them and
 * the runs of the local MLflow store, in one table. Exit 0, 1 when the repository cannot be read,
 * 2 on a usage error.
 */
import { parseOptions } from './didYouMean';
import path from 'node:path';
import { confineReads } from '../disk/readText';
import { trackingStore } from '../experiments/mlflow';
import { cacheDirectory } from '../disk/cacheFolder';
import { diffRows, formatCsv, formatDiff, formatJson, ShowOptionError, sortRows, type ExperimentRow, type ShowOptions } from '../experiments/table';
import { formatMarkdown, formatTable } from '../experiments/terminal';
import { repositoryRoot } from '../engines/pipeline/repository';
import { cachedShow, KeptOutput, showAll, type ShowAllInput } from '../engines/experiments/show';
import { listRefs, type RefListing } from '../engines/experiments/store';
import { expSubcommandUsage, expUsage } from './experimentsUsage';
import { commandUsageText } from './answers';
import { UsageError } from './usage';
import { SweepError } from '../experiments/sweep';
import { GitError } from '../engines/experiments/git';
import { gitState, missingMessage, type GitMissing } from '../engines/experiments/repository';
import { planSweep } from '../engines/experiments/plan';
import { enqueue } from '../engines/experiments/queue';
import { queueItems, startQueue, type ExpRunResult } from '../engines/experiments/runner';
import { LinkRefusedError } from '../engines/core/safeWrite';
import type { PipelineEvent } from '../protocol/pipeline';
import { progressLine } from './progress';
import { applyExperiment, branchExperiment, cleanExperiments, ExperimentRequestError, previewApply, removeExperiments, type ApplyPlan } from '../engines/experiments/manage';
import { ExperimentExistsError } from '../engines/experiments/commit';
import { currentLanguage, t } from '../l10n/t';

export interface ExpIo {
  out(text: string): void;
  /**
   * Bytes to write as they are (the kept output of `exp show`), when the output is a stream: `done`
   * once they are written (or failed); without it they go to `out` decoded.
   */
  outBytes?(bytes: Buffer, done: (error?: Error | null) => void): void;
  err(text: string): void;
  /** The terminal's width when the output is a terminal (`exp show`'s table fits it unless --width or $COLUMNS says otherwise). */
  columns?: number;
}

/** A usage error of `archipel exp` (cliMain.ts: printed with the usage hint, exit 2). */
export class ExpUsageError extends UsageError {}


function find(rows: readonly ExperimentRow[], name: string): ExperimentRow {
  const found = rows.filter((r) => r.name === name || r.id === name || (name.length >= 7 && r.id.startsWith(name)));
  if (found.length === 0) throw new ExpUsageError(t('no experiment, baseline or run named \'{0}\'', name));
  if (found.length > 1) throw new ExpUsageError(t('\'{0}\' names {1} rows ({2}): give a commit', name, found.length, found.map((r) => r.id.slice(0, 7)).join(', ')));
  return found[0];
}

/** Errors that say what is wrong with the repository or the request: printed, exit 1 (a usage error is the CLI's: exit 2). */
const EXPECTED = [GitError, ExperimentRequestError, ExperimentExistsError, SweepError];

export async function expCommand(args: string[], io: ExpIo, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await expSubcommand(args, io, cwd, env);
  } catch (error) {
    if (error instanceof ShowOptionError) throw new ExpUsageError(error.message);
    if (!EXPECTED.some((kind) => error instanceof kind)) throw error;
    io.err(`archipel exp: ${(error as Error).message}\n`);
    return 1;
  }
}

/** The width `exp show`'s table fits: --width, else $COLUMNS, else the terminal's (the caller's `columns`); 0 or none: no limit. */
function tableWidth(option: string | undefined, env: NodeJS.ProcessEnv, columns: number | undefined): number | undefined {
  if (option !== undefined) {
    if (!/^\d{1,4}$/.test(option)) throw new ExpUsageError(t('--width {0}: expected a number of characters (0: no limit)', option));
    return Number(option);
  }
  const fromEnv = env.COLUMNS !== undefined && /^\d{1,4}$/.test(env.COLUMNS.trim()) ? Number(env.COLUMNS.trim()) : undefined;
  return fromEnv ?? columns;
}

type ShowFormat = 'table' | 'json' | 'csv' | 'md';

/** `--format F`, or one of `--json`, `--csv`, `--md` (as DVC writes them); two that disagree are a usage error. */
function showFormat(values: { format?: string; json?: boolean; csv?: boolean; md?: boolean }, explicitFormat: boolean): ShowFormat {
  const flags = (['json', 'csv', 'md'] as const).filter((f) => values[f]);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv' && format !== 'md') throw new ExpUsageError(t('--format {0}: expected table, json, csv or md', String(format)));
  const chosen = new Set<string>([...flags, ...(explicitFormat ? [format] : [])]);
  if (chosen.size > 1) throw new ExpUsageError(t('one output format at a time: {0}', [...chosen].map((f) => `--${f}`).join(', ')));
  return (flags[0] ?? format);
}

async function expSubcommand(args: string[], io: ExpIo, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(`Usage: archipel exp COMMAND\n\n${expUsage}`);
    return 0;
  }
  // `archipel exp show --help`: that subcommand's usage (before `--`, where an argument could be named so).
  const end = rest.indexOf('--');
  if (expSubcommandUsage[sub] && (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    io.out(commandUsageText(expSubcommandUsage[sub], 'exp'));
    return 0;
  }
  const { values, positionals } = parseOptions('exp', {
    args: rest, allowPositionals: true, strict: true,
    options: {
      format: { type: 'string' }, 'all-params': { type: 'boolean' }, 'sort-by': { type: 'string' },
      'sort-order': { type: 'string', default: 'asc' }, all: { type: 'boolean' }, mlflow: { type: 'string' },
      'set-param': { type: 'string', short: 'S', multiple: true }, name: { type: 'string', short: 'n' }, queue: { type: 'boolean' },
      jobs: { type: 'string', short: 'j' }, dry: { type: 'boolean' },
      'only-changed': { type: 'boolean' }, keep: { type: 'string' }, drop: { type: 'string' }, precision: { type: 'string' },
      width: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' }, md: { type: 'boolean' },
    },
  });
  const root = repositoryRoot(cwd);
  // What is missing said as such, not Git's raw `fatal: not a git repository` (#52).
  // `show` and `diff` list the refs first: when HEAD is on a branch (the usual case), the listing says
  // the folder lacks nothing and gives HEAD, and gitState's rev-parse is not needed.
  const reads = sub === 'show' || sub === 'diff';
  const listed = reads ? await listRefs(root).catch(() => undefined) : undefined;
  let refs: RefListing | undefined = listed?.head !== undefined ? listed : undefined;
  /** What the folder lacks for DVC's experiments: `show` and `diff` list the MLflow runs all the same (#69). */
  let missing: GitMissing | undefined;
  if (!refs) {
    const state = await gitState(cwd);
    if (state.missing && !reads) throw new GitError(missingMessage(state.missing, 'cli'), null, '');
    missing = state.missing;
    refs = listed && state.head !== undefined ? { ...listed, head: state.head } : undefined;
  }
  const input: ShowAllInput = { cacheDir: cacheDirectory(env), trackingUri: values.mlflow ?? env.MLFLOW_TRACKING_URI, ...(missing ? { dvc: false } : {}) };
  // Side files (params, metrics, a local MLflow store) are read inside the repository, or where the
  // user's --mlflow or MLFLOW_TRACKING_URI names the store.
  const named = input.trackingUri ? trackingStore(input.trackingUri)?.path : undefined;
  const unconfine = confineReads(named ? [root, path.dirname(path.resolve(root, named))] : [root]);
  /** Every row (DVC's and MLflow's); without Git, MLflow's alone, and none at all is the error it was. */
  const rowsOf = async (): Promise<ExperimentRow[]> => {
    const rows = await showAll(root, { ...input, refs });
    if (missing && rows.length === 0) throw new GitError(missingMessage(missing, 'cli'), null, '');
    return rows;
  };
  const dvcNote = missing ? t('DVC experiments: none. {0}', missingMessage(missing, 'cli')) : undefined;
  try {
    const order = values['sort-order'];
    if (order !== 'asc' && order !== 'desc') throw new ExpUsageError(t('--sort-order {0}: expected asc or desc', String(order)));
    const precision = values.precision;
    if (precision !== undefined && !/^\d{1,2}$/.test(precision)) throw new ExpUsageError(t('--precision {0}: expected a number of significant digits', precision));
    const options: ShowOptions = {
      allParams: values['all-params'], sortBy: values['sort-by'], sortOrder: order,
      ...(values['only-changed'] ? { onlyChanged: true } : {}), ...(values.keep !== undefined ? { keep: values.keep } : {}),
      ...(values.drop !== undefined ? { drop: values.drop } : {}), ...(precision !== undefined ? { precision: Math.max(1, Number(precision)) } : {}),
    };
    switch (sub) {
      case 'show': {
        if (positionals.length > 0) throw new ExpUsageError(t('exp show takes no argument'));
        const format = showFormat(values, values.format !== undefined);
        const width = format === 'table' ? tableWidth(values.width, env, io.columns) : undefined;
        const produce = async () => {
          const rows = sortRows(await rowsOf(), options);
          const notes = dvcNote ? [dvcNote] : [];
          const text = format === 'json' ? formatJson(rows, options) : format === 'csv' ? formatCsv(rows, options) : format === 'md' ? formatMarkdown(rows, { ...options, notes }) : formatTable(rows, { ...options, width, notes });
          return { text, keep: rows.every((r) => !r.note) };
        };
        // What the machine reads stays the rows alone: why the DVC part is empty goes to stderr.
        if (dvcNote && (format === 'json' || format === 'csv')) io.err(`archipel exp: ${dvcNote}\n`);
        // The whole text is kept per inputs (refs, workspace, SQLite stores): shown again unchanged, it is read back.
        // The language is part of the key: the table's headers and notes are in it.
        // The refs are listed once, for the key and for the rows. Without Git there is no key (no refs): computed each time.
        const key = { format, language: currentLanguage(), ...options, ...(width ? { width } : {}) };
        const shown = missing ? (await produce()).text : await cachedShow(root, { ...input, refs }, key, produce);
        if (typeof shown === 'string') io.out(shown);
        else if (shown instanceof KeptOutput) {
          if (io.outBytes) await shown.copyTo((chunk, done) => io.outBytes?.(chunk, done));
          else io.out((await shown.bytes()).toString('utf8'));
        } else if (io.outBytes) io.outBytes(shown, () => undefined);
        else io.out(shown.toString('utf8'));
        return 0;
      }
      case 'diff': {
        if (positionals.length !== 2) throw new ExpUsageError(t('exp diff takes two names: A B'));
        const rows = await rowsOf();
        const a = find(rows, positionals[0]);
        const b = find(rows, positionals[1]);
        const entries = diffRows(a, b, values.all);
        io.out(values.format === 'json' || values.json ? `${JSON.stringify(entries, null, 2)}\n` : formatDiff(a, b, entries));
        return 0;
      }
      case 'run':
        return runCommand(root, values, positionals, io);
      case 'queue': {
        if (positionals[0] !== 'start' || positionals.length !== 1) throw new ExpUsageError(t('expected: exp queue start [-j N]'));
        const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
        if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new ExpUsageError(t('-j {0}: expected a number from 1 to 64', String(values.jobs)));
        const progress = runProgress('exp queue start', 'experiments', io, async () => (await queueItems(root)).length);
        let results: ExpRunResult[];
        try {
          results = await startQueue(root, { jobs, ...progress.options });
        } finally {
          progress.end();
        }
        return report(results, io);
      }
      case 'apply': {
        if (positionals.length !== 1) throw new ExpUsageError(t('exp apply takes one NAME'));
        const plan = values.dry ? await previewApply(root, positionals[0]) : await applyExperiment(root, positionals[0]);
        io.out(applyText(plan, values.dry ?? false));
        return plan.missing.length ? 1 : 0;
      }
      case 'branch': {
        if (positionals.length !== 2) throw new ExpUsageError(t('exp branch takes NAME BRANCH'));
        const commit = await branchExperiment(root, positionals[0], positionals[1]);
        io.out(`${t('branch \'{0}\' at {1} (experiment {2})', positionals[1], commit.slice(0, 7), positionals[0])}\n`);
        return 0;
      }
      case 'remove': {
        if (positionals.length === 0) throw new ExpUsageError(t('exp remove takes one or more NAMEs'));
        io.out(`${t('removed: {0}', (await removeExperiments(root, positionals)).join(', '))}\n`);
        return 0;
      }
      case 'clean': {
        const cleaned = await cleanExperiments(root);
        io.out(`${t('removed {0} temporary workspace(s) and {1} kept lock(s)', cleaned.workspaces, cleaned.locks)}\n`);
        return 0;
      }
      default:
        throw new ExpUsageError(t('unknown exp command \'{0}\' (expected show, diff, run, queue, apply, branch, remove or clean)', sub ?? ''));
    }
  } finally {
    unconfine();
  }
}

function applyText(plan: ApplyPlan, dry: boolean): string {
  const lines = [dry ? t('would apply {0} ({1}):', plan.name, plan.commit.slice(0, 7)) : t('applied {0} ({1}):', plan.name, plan.commit.slice(0, 7))];
  for (const c of plan.changes) lines.push(`  ${c.change === 'added' ? 'A' : 'M'} ${c.path}${c.kind === 'output' ? t(' (output, from the cache)') : ''}`);
  if (plan.changes.length === 0) lines.push(`  ${t('nothing changes: the workspace already holds it')}`);
  if (plan.missing.length) lines.push(t('not applied: not in the cache: {0} (`dvc pull`, or run the experiment again)', plan.missing.join(', ')));
  return `${lines.join('\n')}\n`;
}

/**
 * Experiments running, on a terminal: one line under their stages' output saying how many stages
 * (`exp run`) or experiments (`exp queue start`) are done of the total, the time so far and what
 * runs now. A stage's output goes on as it comes: the line is erased before it and drawn again
 * after it once its last line is whole (never in the middle of a line a stage is still writing).
 */
function runProgress(title: string, unit: 'stages' | 'experiments', io: ExpIo, totalOf?: () => Promise<number>) {
  const output = (_e: string, _s: string, chunk: Buffer) => io.err(chunk.toString('utf8'));
  const line = progressLine(title, { unit });
  if (!line.active) return { options: { onOutput: output }, end: () => undefined };
  let total: number | undefined;
  let done = 0;
  let whole = true;
  const running = new Map<string, string>();
  const draw = () => {
    if (whole) line.update(done, total, [...running].map(([experiment, stage]) => (unit === 'stages' ? stage : `${experiment}: ${stage}`)).join(', '));
  };
  void totalOf?.().then((n) => {
    total = n;
    draw();
  }, () => undefined);
  const timer = setInterval(draw, 500);
  timer.unref();
  draw();
  return {
    options: {
      onOutput: (_e: string, _s: string, chunk: Buffer) => {
        line.clear();
        const text = chunk.toString('utf8');
        io.err(text);
        whole = text.endsWith('\n');
        draw();
      },
      onEvent: (experiment: string, event: PipelineEvent) => {
        if (event.kind === 'run-start' && unit === 'stages') total = event.plan?.length;
        else if (event.kind === 'stage-start') running.set(experiment, event.stage ?? '');
        else if (event.kind === 'stage-end') {
          if (running.get(experiment) === event.stage) running.delete(experiment);
          if (unit === 'stages') done++;
        }
        else if (event.kind === 'run-end') {
          running.delete(experiment);
          if (unit === 'experiments') done++;
        }
        draw();
      },
    },
    end: () => {
      clearInterval(timer);
      line.end();
    },
  };
}

function report(results: readonly ExpRunResult[], io: ExpIo): number {
  for (const r of results) {
    if (r.outcome === 'committed') io.out(`${t('{0}: committed {1}', r.name, r.commit?.slice(0, 7) ?? '')}\n`);
    else if (r.outcome === 'existed') io.out(`${t('{0}: already committed ({1}), taken off the queue', r.name, r.commit?.slice(0, 7) ?? '')}\n`);
    else if (r.outcome === 'claimed-elsewhere') io.out(`${t('{0}: run by another queue', r.name)}\n`);
    else io.err(`${t('{0}: failed: {1}', r.name, r.reason ?? '')}\n`);
  }
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

interface RunValues { 'set-param'?: string[]; name?: string; queue?: boolean }

async function runCommand(root: string, values: RunValues, positionals: readonly string[], io: ExpIo): Promise<number> {
  let plan;
  try {
    plan = await planSweep(root, values['set-param'] ?? [], values.name);
  } catch (error) {
    if (error instanceof SweepError) throw new ExpUsageError(error.message);
    throw error;
  }
  const { baseline, sets, names } = plan;
  if (sets.length > 1 && !values.queue) throw new ExpUsageError(t('-S with several values makes {0} experiments: add --queue, then `archipel exp queue start`', sets.length));
  const targets = positionals.length ? [...positionals] : undefined;
  let entries;
  try {
    entries = await enqueue(root, sets.map((params, i) => ({ name: names[i], baseline, params, targets })));
  } catch (error) {
    // A committed link on the way to .archipel/experiments (issue #67): said as the user's to fix, exit 2, nothing created.
    if (error instanceof LinkRefusedError) throw new ExpUsageError(t('cannot run the experiment: {0}; nothing was queued or run.', error.message));
    throw error;
  }
  if (values.queue) {
    io.out(`${t('queued {0} experiment(s): {1} (run them: archipel exp queue start)', entries.length, names.join(', '))}\n`);
    return 0;
  }
  const progress = runProgress(`exp run ${names[0]}`, 'stages', io);
  let result: ExpRunResult;
  try {
    [result] = await startQueue(root, { ids: [entries[0].id], ...progress.options });
  } finally {
    progress.end();
  }
  const status = report([result], io);
  if (result.outcome === 'committed') io.out(applyText(await applyExperiment(root, result.name), false));
  return status;
}
