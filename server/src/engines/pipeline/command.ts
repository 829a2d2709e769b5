/**
 * One command of a stage, through the shell, in its own process group: a cancellation kills the
 * whole tree the command started (`kill(-pid)`: the shell, the interpreter it ran, their children),
 * first with SIGTERM, then SIGKILL for what is still there after a grace period.
 *
 * The group dies with its runner too. Node cannot ask for a parent-death signal, so a run has a
 * watcher (GroupWatcher): a tiny POSIX shell process, in a session of its own (a closed terminal's
 * SIGHUP and a Ctrl-C do not reach it), reading a pipe whose other end only the runner holds, on
 * which the runner names each command's group as it starts and ends. When the runner dies, however
 * it dies (kill -9, a crash, the editor or the language server gone), the kernel closes its end:
 * the watcher reads end-of-file and ends the groups still running, SIGTERM then SIGKILL within a
 * second. (The runner's pipe ends are close-on-exec: no command inherits them and keeps the pipe
 * open.) The next run finds the stage's journal and puts its outputs back (backup.ts).
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
 * The watcher's script. It reads lines: `+G` watches the process group G, `-G` lets it go (its
 * command ended), `done` ends the watcher. At end of file (its runner gone) it ends every group it
 * still watches: SIGTERM, then SIGKILL for what is left after a second.
 */
const WATCHER = [
  "trap '' HUP INT PIPE",
  'groups=',
  'while read -r line; do',
  '  case "$line" in',
  '    done) exit 0 ;;',
  '    +*) groups="$groups ${line#+}" ;;',
  '    -*) kept=; for g in $groups; do [ "$g" = "${line#-}" ] || kept="$kept $g"; done; groups=$kept ;;',
  '  esac',
  'done',
  '[ -n "$groups" ] || exit 0',
  'for g in $groups; do kill -TERM "-$g" 2>/dev/null; done',
  'i=0',
  'while [ "$i" -lt 10 ]; do',
  '  alive=; for g in $groups; do kill -0 "-$g" 2>/dev/null && alive=1; done',
  '  [ -n "$alive" ] || exit 0',
  '  sleep 0.1; i=$((i+1))',
  'done',
  'for g in $groups; do kill -KILL "-$g" 2>/dev/null; done',
].join('\n');

/**
 * One watcher per run: a tiny POSIX shell process in a session of its own (in `/`, holding no
 * folder of the pipeline busy), told each command's process group as it starts and ends. Nothing on
 * Windows (no POSIX shell; see docs/run-safety.md).
 */
export class GroupWatcher {
  private constructor(private readonly child: ChildProcess | undefined) {}

  static start(): GroupWatcher {
    if (process.platform === 'win32') return new GroupWatcher(undefined);
    const child = spawn('/bin/sh', ['-c', WATCHER, 'archipel-watch'], { cwd: '/', detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    child.unref();
    return new GroupWatcher(child);
  }

  private tell(line: string): void {
    const stdin = this.child?.stdin;
    if (stdin && !stdin.writableEnded) stdin.write(`${line}\n`);
  }

  watch(group: number): void {
    this.tell(`+${group}`);
  }

  forget(group: number): void {
    this.tell(`-${group}`);
  }

  /** The run ended: the watcher goes, ending nothing. */
  close(): void {
    const stdin = this.child?.stdin;
    if (stdin && !stdin.writableEnded) stdin.end('done\n');
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
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

export function runCommand(cmd: string, cwd: string, onOutput: OutputSink, signal: AbortSignal, watcher: GroupWatcher, env?: NodeJS.ProcessEnv): Promise<CommandOutcome> {
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
    // At once, in the same step as the spawn: from here the group dies with the runner.
    if (child.pid !== undefined && !windows) watcher.watch(child.pid);
    let killTimer: NodeJS.Timeout | undefined;
    const cancel = () => {
      if (child.pid === undefined) return;
      if (windows) child.kill();
      else killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => child.pid !== undefined && !windows && killGroup(child.pid, 'SIGKILL'), GRACE_MS);
    };
    signal.addEventListener('abort', cancel, { once: true });
    pipeTo(child.stdout, onOutput);
    pipeTo(child.stderr, onOutput);
    child.on('error', (error) => {
      signal.removeEventListener('abort', cancel);
      reject(error);
    });
    child.on('close', (code, exitSignal) => {
      signal.removeEventListener('abort', cancel);
      // The shell may be gone while a grandchild holding no pipe lives on: the group goes too.
      if (signal.aborted && child.pid !== undefined && !windows) killGroup(child.pid, 'SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      if (child.pid !== undefined && !windows) watcher.forget(child.pid);
      resolve({ code: code ?? undefined, signal: exitSignal ?? undefined, cancelled: signal.aborted });
    });
  });
}
