/**
 * `archipel exp show|diff` (issue #40): the experiments of the repository as DVC stores them and
 * the runs of the local MLflow store, in one table. Exit 0, 1 when the repository cannot be read,
 * 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { cacheDirectory } from '../platform/cacheFolder';
import { diffRows, formatCsv, formatDiff, formatJson, formatTable, sortRows, type ExperimentRow, type ShowOptions } from '../experiments/table';
import { repositoryRoot } from '../engines/pipeline/repository';
import { showAll } from '../engines/experiments/show';

export interface ExpIo {
  out(text: string): void;
  err(text: string): void;
}

export class ExpUsageError extends Error {}

const expUsage = `  exp show [--format table|json|csv] [--all-params] [--sort-by M] [--sort-order asc|desc]
      The experiments (refs/exps/, as DVC stores them) of each baseline and the MLflow runs
      (MLFLOW_TRACKING_URI when it is a folder or a sqlite: URI, else mlruns/ or mlflow.db) in one
      table; only the params that differ unless --all-params.
  exp diff A B [--all]   The params and metrics that differ between two rows (names, commits or run ids).
`;

function find(rows: readonly ExperimentRow[], name: string): ExperimentRow {
  const found = rows.filter((r) => r.name === name || r.id === name || (name.length >= 7 && r.id.startsWith(name)));
  if (found.length === 0) throw new ExpUsageError(`no experiment, baseline or run named '${name}'`);
  if (found.length > 1) throw new ExpUsageError(`'${name}' names ${found.length} rows (${found.map((r) => r.id.slice(0, 7)).join(', ')}): give a commit`);
  return found[0];
}

export async function expCommand(args: string[], io: ExpIo, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
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
    },
  });
  const root = repositoryRoot(cwd);
  const input = { cacheDir: cacheDirectory(env), trackingUri: values.mlflow ?? env.MLFLOW_TRACKING_URI };
  const order = values['sort-order'];
  if (order !== 'asc' && order !== 'desc') throw new ExpUsageError(`--sort-order ${order}: expected asc or desc`);
  const options: ShowOptions = { allParams: values['all-params'], sortBy: values['sort-by'], sortOrder: order };
  switch (sub) {
    case 'show': {
      if (positionals.length > 0) throw new ExpUsageError('exp show takes no argument');
      const format = values.format;
      if (format !== 'table' && format !== 'json' && format !== 'csv') throw new ExpUsageError(`--format ${format}: expected table, json or csv`);
      const rows = sortRows(await showAll(root, input), options);
      io.out(format === 'json' ? formatJson(rows, options) : format === 'csv' ? formatCsv(rows, options) : formatTable(rows, options));
      return 0;
    }
    case 'diff': {
      if (positionals.length !== 2) throw new ExpUsageError('exp diff takes two names: A B');
      const rows = await showAll(root, input);
      const a = find(rows, positionals[0]);
      const b = find(rows, positionals[1]);
      const entries = diffRows(a, b, values.all);
      io.out(values.format === 'json' ? `${JSON.stringify(entries, null, 2)}\n` : formatDiff(a, b, entries));
      return 0;
    }
    default:
      throw new ExpUsageError(`unknown exp command '${sub ?? ''}' (expected show or diff)`);
  }
}
