/**
 * One command of a stage, through the shell, in its own process group: a cancellation kills the
 * whole tree the command started (`kill(-pid)`: the shell, the interpreter it ran, their children),
 * first with SIGTERM, then SIGKILL for what is still there after a grace period.
 *
 * The group dies with its runner too. Node cannot ask for a parent-death signal, so each command
 * has a watcher: a tiny POSIX shell process, in a session of its own (a closed terminal's SIGHUP
 * and a Ctrl-C do not reach it), reading a pipe whose other end only the runner holds. The runner
 * writes `done` when the command ends, or `cancel`. When the runner dies, however it dies (kill -9,
 * a crash, the editor or the language server gone), the kernel closes its end: the watcher reads
 * end-of-file and ends the group, SIGTERM then SIGKILL within a second. (The runner's pipe ends are
 * close-on-exec: no command inherits them and keeps the pipe open.) The next run finds the stage's
 * journal and puts its outputs back (backup.ts).
 *
 * Output is passed on as bytes, as it comes; a sink that returns a promise (its reader is slower)
 * pauses the command's pipes until it resolves, so memory stays bounded whatever the command prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface CommandOutcome {
  /** The exit code (undefined when ended by a signal). */
  code?: number;
  signal?: string;
  cancelled: boolean;
}

/** Takes a chunk of the command's output; a promise pauses the output until it resolves. */
export type OutputSink = (chunk: Buffer) => void | Promise<void>;

const GRACE_MS = 2000;

/**
 * The watcher's script: $1 is the process group. A line `done` lets it go; `cancel` (or end of
 * file, its runner gone) ends the group: SIGTERM, then SIGKILL after 2 s (cancel) or 1 s (runner gone).
 */
const WATCHER = [
  "trap '' HUP INT PIPE",
  'read -r what || what=gone',
  'case "$what" in done) exit 0 ;; cancel) ticks=20 ;; *) ticks=10 ;; esac',
  'kill -TERM "-$1" 2>/dev/null || exit 0',
  'i=0',
  'while [ "$i" -lt "$ticks" ] && kill -0 "-$1" 2>/dev/null; do sleep 0.1; i=$((i+1)); done',
  'kill -KILL "-$1" 2>/dev/null',
  'exit 0',
].join('\n');

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Starts the watcher of the process group `group`; undefined where there is no POSIX shell (Windows). */
function watch(group: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  // In / : the watcher holds no folder of the pipeline's busy (it may outlive its group by a second).
  const watcher = spawn('/bin/sh', ['-c', WATCHER, 'archipel-watch', String(group)], { cwd: '/', detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  watcher.on('error', () => undefined);
  watcher.stdin?.on('error', () => undefined);
  watcher.unref();
  return watcher;
}

function tell(watcher: ChildProcess | undefined, what: 'done' | 'cancel'): void {
  if (!watcher?.stdin || watcher.stdin.writableEnded) return;
  watcher.stdin.end(`${what}\n`);
}

/** Passes a stream's chunks to the sink, pausing the stream while the sink catches up. */
function pipeTo(stream: Readable, sink: OutputSink): void {
  stream.on('data', (chunk: Buffer) => {
    const wait = sink(chunk);
    if (!wait) return;
    stream.pause();
    void wait.then(
      () => stream.resume(),
      () => stream.resume(),
    );
  });
}

export function runCommand(cmd: string, cwd: string, onOutput: OutputSink, signal: AbortSignal, env?: NodeJS.ProcessEnv): Promise<CommandOutcome> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve({ cancelled: true });
    const windows = process.platform === 'win32';
    const child = spawn(windows ? process.env.ComSpec ?? 'cmd.exe' : '/bin/sh', windows ? ['/d', '/s', '/c', cmd] : ['-c', cmd], {
      cwd,
      env: env ?? process.env,
      detached: !windows,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsVerbatimArguments: windows,
    });
    const watcher = child.pid !== undefined ? watch(child.pid) : undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const cancel = () => {
      if (child.pid === undefined) return;
      tell(watcher, 'cancel');
      if (windows) child.kill();
      else killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => child.pid !== undefined && !windows && killGroup(child.pid, 'SIGKILL'), GRACE_MS);
    };
    signal.addEventListener('abort', cancel, { once: true });
    pipeTo(child.stdout!, onOutput);
    pipeTo(child.stderr!, onOutput);
    child.on('error', (error) => {
      signal.removeEventListener('abort', cancel);
      tell(watcher, 'done');
      reject(error);
    });
    child.on('close', (code, exitSignal) => {
      signal.removeEventListener('abort', cancel);
      // The shell may be gone while a grandchild holding no pipe lives on: the group goes too.
      if (signal.aborted && child.pid !== undefined && !windows) killGroup(child.pid, 'SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      tell(watcher, signal.aborted ? 'cancel' : 'done');
      resolve({ code: code ?? undefined, signal: exitSignal ?? undefined, cancelled: signal.aborted });
    });
  });
}
