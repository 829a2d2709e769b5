/**
 * `archipel exp show|diff` (issue #40): the experiments of the repository as DVC stores them and
 * the runs of the local MLflow store, in one table. Exit 0, 1 when the repository cannot be read,
 * 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { confineReads } from '../disk/readText';
import { trackingStore } from '../experiments/mlflow';
import { cacheDirectory } from '../disk/cacheFolder';
import { diffRows, formatCsv, formatDiff, formatJson, formatTable, sortRows, type ExperimentRow, type ShowOptions } from '../experiments/table';
import { repositoryRoot } from '../engines/pipeline/repository';
import { cachedShow, showAll, type ShowAllInput } from '../engines/experiments/show';
import { listRefs, type RefListing } from '../engines/experiments/store';
import { expUsage } from './experimentsUsage';
import { UsageError } from './usage';
import { SweepError } from '../experiments/sweep';
import { GitError } from '../engines/experiments/git';
import { gitState, missingMessage } from '../engines/experiments/repository';
import { planSweep } from '../engines/experiments/plan';
import { enqueue } from '../engines/experiments/queue';
import { startQueue, type ExpRunResult } from '../engines/experiments/runner';
import { LinkRefusedError } from '../engines/core/safeWrite';
import { applyExperiment, branchExperiment, cleanExperiments, ExperimentRequestError, previewApply, removeExperiments, type ApplyPlan } from '../engines/experiments/manage';
import { ExperimentExistsError } from '../engines/experiments/commit';
import { currentLanguage, t } from '../l10n/t';

export interface ExpIo {
  out(text: string): void;
  /** Bytes to write as they are (the kept output of `exp show`), when the output is a stream; else they go to `out` decoded. */
  outBytes?(bytes: Buffer): void;
  err(text: string): void;
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
    if (!EXPECTED.some((kind) => error instanceof kind)) throw error;
    io.err(`archipel exp: ${(error as Error).message}\n`);
    return 1;
  }
}

async function expSubcommand(args: string[], io: ExpIo, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(`Usage: archipel exp COMMAND\n\n${expUsage}`);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true, strict: true,
    options: {
      format: { type: 'string', default: 'table' }, 'all-params': { type: 'boolean' }, 'sort-by': { type: 'string' },
      'sort-order': { type: 'string', default: 'asc' }, all: { type: 'boolean' }, mlflow: { type: 'string' },
      'set-param': { type: 'string', short: 'S', multiple: true }, name: { type: 'string', short: 'n' }, queue: { type: 'boolean' },
      jobs: { type: 'string', short: 'j' }, dry: { type: 'boolean' },
    },
  });
  const root = repositoryRoot(cwd);
  // What is missing said as such, not Git's raw `fatal: not a git repository` (#52).
  // `show` and `diff` list the refs first: when HEAD is on a branch (the usual case), the listing says
  // the folder lacks nothing and gives HEAD, and gitState's rev-parse is not needed.
  const listed = sub === 'show' || sub === 'diff' ? await listRefs(root).catch(() => undefined) : undefined;
  let refs: RefListing | undefined = listed?.head !== undefined ? listed : undefined;
  if (!refs) {
    const state = await gitState(cwd);
    if (state.missing) throw new GitError(missingMessage(state.missing, 'cli'), null, '');
    refs = listed && { ...listed, head: state.head };
  }
  const input: ShowAllInput = { cacheDir: cacheDirectory(env), trackingUri: values.mlflow ?? env.MLFLOW_TRACKING_URI };
  // Side files (params, metrics, a local MLflow store) are read inside the repository, or where the
  // user's --mlflow or MLFLOW_TRACKING_URI names the store.
  const named = input.trackingUri ? trackingStore(input.trackingUri)?.path : undefined;
  const unconfine = confineReads(named ? [root, path.dirname(path.resolve(root, named))] : [root]);
  try {
    const order = values['sort-order'];
    if (order !== 'asc' && order !== 'desc') throw new ExpUsageError(t('--sort-order {0}: expected asc or desc', String(order)));
    const options: ShowOptions = { allParams: values['all-params'], sortBy: values['sort-by'], sortOrder: order };
    switch (sub) {
      case 'show': {
        if (positionals.length > 0) throw new ExpUsageError(t('exp show takes no argument'));
        const format = values.format;
        if (format !== 'table' && format !== 'json' && format !== 'csv') throw new ExpUsageError(t('--format {0}: expected table, json or csv', String(format)));
        // The whole text is kept per inputs (refs, workspace, SQLite stores): shown again unchanged, it is read back.
        // The language is part of the key: the table's headers and notes are in it.
        // The refs are listed once, for the key and for the rows.
        const shown = await cachedShow(root, { ...input, refs }, { format, language: currentLanguage(), ...options }, async () => {
          const rows = sortRows(await showAll(root, { ...input, refs }), options);
          const text = format === 'json' ? formatJson(rows, options) : format === 'csv' ? formatCsv(rows, options) : formatTable(rows, options);
          return { text, keep: rows.every((r) => !r.note) };
        });
        if (typeof shown === 'string') io.out(shown);
        else if (io.outBytes) io.outBytes(shown);
        else io.out(shown.toString('utf8'));
        return 0;
      }
      case 'diff': {
        if (positionals.length !== 2) throw new ExpUsageError(t('exp diff takes two names: A B'));
        const rows = await showAll(root, { ...input, refs });
        const a = find(rows, positionals[0]);
        const b = find(rows, positionals[1]);
        const entries = diffRows(a, b, values.all);
        io.out(values.format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : formatDiff(a, b, entries));
        return 0;
      }
      case 'run':
        return runCommand(root, values, positionals, io);
      case 'queue': {
        if (positionals[0] !== 'start' || positionals.length !== 1) throw new ExpUsageError(t('expected: exp queue start [-j N]'));
        const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
        if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new ExpUsageError(t('-j {0}: expected a number from 1 to 64', String(values.jobs)));
        return report(await startQueue(root, { jobs, onOutput: (_e, _s, chunk) => io.err(chunk.toString('utf8')) }), io);
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
  const [result] = await startQueue(root, { ids: [entries[0].id], onOutput: (_e, _s, chunk) => io.err(chunk.toString('utf8')) });
  const status = report([result], io);
  if (result.outcome === 'committed') io.out(applyText(await applyExperiment(root, result.name), false));
  return status;
}
