// Kept apart from cli/experiments.ts so that `archipel --help` never loads the experiments engine.

/** Each `archipel exp` subcommand's usage lines: `archipel exp <sub> --help` prints its own. */
export const expSubcommandUsage: Readonly<Record<string, string>> = {
  show: `  exp show [--only-changed] [--keep REGEX] [--drop REGEX] [--all-params] [--sort-by NAME] [--sort-order asc|desc]
           [--precision N] [--width N] [--csv | --md | --json | --format table|json|csv|md] [--mlflow URI]
      The experiments (refs/exps/, as DVC stores them) of each baseline and the MLflow runs
      (MLFLOW_TRACKING_URI when it is a folder or a sqlite: URI, else mlruns/ or mlflow.db; read
      with or without Git) in one table: the experiment, when it was created, the params that differ
      (every param: --all-params), then the metrics in the order dvc.yaml declares their files.
      The table fits the terminal (--width N, else $COLUMNS, else the terminal's width; 0: no limit):
      the columns that do not fit are left out and counted under it.
      --only-changed    only the params and metrics whose values vary (across the rows that have one)
      --drop REGEX      leave out the columns it matches (from the start of \`file:key\` or \`key\`; Created too)
      --keep REGEX      keep the columns it matches whatever --only-changed and --drop say, first to fit
      --sort-by NAME    sort each baseline's experiments (and the MLflow runs) by a metric or param, \`key\` or \`file:key\`
      --precision N     metrics to N significant digits (table and Markdown: 5; CSV and JSON: as stored)
      --csv, --md       CSV, or a Markdown table, of every chosen column
      --json            the rows as JSON (the params that differ, every metric; --only-changed, --keep and --drop do not apply)`,
  diff: `  exp diff A B [--all] [--format table|json]   The params and metrics that differ between two rows (names, commits or run ids).`,
  run: `  exp run [-S [file:]key=value]… [--name N] [--queue] [STAGE…]
      An experiment of HEAD with params set (-S train.n_est=50,100 sweeps: several -S make a grid,
      which needs --queue), run in a temporary workspace, committed under refs/exps/ as DVC does,
      then applied to the workspace; --queue only queues it. STAGEs: only those and what they need.`,
  queue: `  exp queue start [-j N]   Runs the queued experiments, N at once, each in its own workspace.`,
  apply: `  exp apply NAME [--dry]   The experiment's params, dvc.lock, metrics and outputs into the workspace (what changes is said first).`,
  branch: `  exp branch NAME BRANCH   A branch at the experiment's commit.`,
  remove: `  exp remove NAME…         Deletes experiments (their refs).`,
  clean: `  exp clean                Removes what interrupted runs left (temporary workspaces, kept locks of removed experiments).`,
};

export const expUsage = `${Object.values(expSubcommandUsage).join('\n')}\n`;
