/**
 * How a client starts the language server (dist/server/server.js): the Node.js flags it gives
 * before the script. The VS Code client passes them (client/src/lsp/client.ts, the server
 * options' `execArgv`), the benchmarks too (bench/lib/lsp.mjs reads this file), and docs/cli.md
 * gives the command other editors run.
 *
 * `--max-semi-space-size=8`: the young generation's semi-spaces stop at 8 MB instead of V8's own
 * 16 MB. V8 sizes the heap when the isolate is created, so this flag works on the command line only
 * (`v8.setFlagsFromString`, startup/v8Tuning.ts, is too late for it). A cold open allocates fast
 * and the server grows the young generation 8 times at a step (SERVER_V8_FLAGS), so without the cap
 * it reaches 2 × 16 MB of pages touched once and kept; with it, measured A/B in one run (5
 * alternations, docs/performance-log.md): 12–18 % fewer minor page faults and 10–15 % less peak
 * RSS on every workload (the 500-document Kubernetes open, Compose and Dockerfile edits, the
 * 2,155-line workflow, a 2,000-file workspace index), the same CPU.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=8'];

/**
 * The initialization options a client gives beside the compute side's (ComputeInitializationOptions): the folders'
 * excludes, and whether it reports every change of the files the families read beside theirs (Family.sideFiles: a
 * `.env`, a `.dockerignore`, a `.hadolint.yaml`) through `workspace/didChangeWatchedFiles`. The VS Code client does
 * (client/src/lsp/client.ts, its `synchronize.fileEvents`), so the server keeps what it learned of them until told
 * (WorkspaceIndex.sideFilesReported); with another client it asks the disk on every check.
 */
export interface ClientInitializationOptions {
  exclude?: string[];
  watchesSideFiles?: boolean;
}
