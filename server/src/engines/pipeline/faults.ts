/**
 * Fault injection and test hooks for the runner's own tests, never set otherwise: the fault tests
 * (server/test/unit/pipeline/pipeline-faults.test.ts) start the CLI with one of these variables and check that
 * every output is its old or its new content afterwards, and that the next run recovers.
 *
 * - `ARCHIPEL_TEST_KILL_AT=<phase>`: the runner SIGKILLs itself when it reaches that phase (kill -9:
 *   no handler, no cleanup, as a crash or the OOM killer would end it).
 * - `ARCHIPEL_TEST_FS_FAULT=<ERRNO>@<operation>`: that file operation of the runner fails with that
 *   error code (ENOSPC, EACCES...), as a full disk or a read-only folder would make it fail, without
 *   needing a small file system or root.
 * - `ARCHIPEL_TEST_WATCHER=node`: the run's watcher (command.ts) is the Node script Windows uses
 *   instead of the POSIX shell script, so that its logic is tested on Linux (with process groups).
 */
export type KillPhase =
  /** An out is partly kept: its journal is written and its first file is in the cache. */
  | 'backup'
  /** A `persist` out's copy is complete under its temporary name, not yet renamed into the cache. */
  | 'backup-copy'
  /** The stage's command is running (it has printed its first output). */
  | 'command'
  /** The command succeeded; its outs are being hashed. */
  | 'hash'
  /** The new lock is written under its temporary name, not yet renamed over dvc.lock. */
  | 'lock-write'
  /** dvc.lock records the stage's new outs; its journal is not removed yet. */
  | 'committed'
  /** An out is being put back: what the command left is moved aside, the old content not yet in place. */
  | 'restore';

export type FaultOperation = 'store' | 'restore' | 'lock';

/** Ends the process with SIGKILL when the tests asked for a kill at `phase`. */
export function killPoint(phase: KillPhase): void {
  if (process.env.ARCHIPEL_TEST_KILL_AT === phase) process.kill(process.pid, 'SIGKILL');
}

/** Throws the error the tests asked `operation` to fail with (an errno-coded error, as fs throws). */
export function faultPoint(operation: FaultOperation, target: string): void {
  const spec = process.env.ARCHIPEL_TEST_FS_FAULT;
  if (!spec) return;
  const [code, op] = spec.split('@');
  if (op !== operation) return;
  throw Object.assign(new Error(`${code}: injected for a test, ${operation} '${target}'`), { code, path: target });
}

/** Whether the tests asked for the Node watcher where the shell one is the default. */
export function nodeWatcherAsked(): boolean {
  return process.env.ARCHIPEL_TEST_WATCHER === 'node';
}
