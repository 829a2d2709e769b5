// Kept apart from cli/experiments.ts so that `archipel --help` never loads the experiments engine.

export const expUsage = `  exp show [--format table|json|csv] [--all-params] [--sort-by M] [--sort-order asc|desc]
      The experiments (refs/exps/, as DVC stores them) of each baseline and the MLflow runs
      (MLFLOW_TRACKING_URI when it is a folder or a sqlite: URI, else mlruns/ or mlflow.db) in one
      table; only the params that differ unless --all-params.
  exp diff A B [--all]   The params and metrics that differ between two rows (names, commits or run ids).
  exp run [-S [file:]key=value]… [--name N] [--queue] [STAGE…]
      An experiment of HEAD with params set (-S train.n_est=50,100 sweeps: several -S make a grid,
      which needs --queue), run in a temporary workspace, committed under refs/exps/ as DVC does,
      then applied to the workspace; --queue only queues it. STAGEs: only those and what they need.
  exp queue start [-j N]   Runs the queued experiments, N at once, each in its own workspace.
  exp apply NAME [--dry]   The experiment's params, dvc.lock, metrics and outputs into the workspace (what changes is said first).
  exp branch NAME BRANCH   A branch at the experiment's commit.
  exp remove NAME…         Deletes experiments (their refs).
  exp clean                Removes what interrupted runs left (temporary workspaces, kept locks of removed experiments).
`;
