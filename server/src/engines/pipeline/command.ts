/**
 * One command of a stage, through the shell, in its own process group: a cancellation kills the
 * whole tree the command started (`kill(-pid)`: the shell, the interpreter it ran, their children),
 * first with SIGTERM, then SIGKILL for what is still there after a grace period.
 *
 * The group dies with its runner too. Node cannot ask for a parent-death signal, so a run has a
 * watcher (GroupWatcher): a tiny process of its own (its own session on POSIX, so a closed
 * terminal's SIGHUP and a Ctrl-C do not reach it; no console on Windows), reading a pipe whose other
 * end only the runner holds, on which the runner names each command as it starts and ends (its
 * process group on POSIX, its pid on Windows). When the runner dies, however it dies (kill -9, a
 * crash, the editor or the language server gone), the system closes its end: the watcher reads
 * end-of-file and ends what it still watches: on POSIX SIGTERM to each group, then SIGKILL within a
 * second; on Windows `taskkill /T /F` of each command's process tree. (The runner's pipe ends are not
 * inherited: no command keeps the pipe open.) The next run finds the stage's journal and puts its
 * outputs back (backup.ts).
 *
 * Two watchers speak the same lines: a POSIX shell script, the default on Linux and macOS (ready a
 * few milliseconds after the spawn, under 2 MB), and a Node script run with Node itself
 * (`process.execPath`; 0.2 s or more and some 40 MB), the one on Windows, which has no POSIX shell. The tests select the Node one on Linux too
 * (`ARCHIPEL_TEST_WATCHER=node`, faults.ts), where it ends process groups as the shell one does.
 *
 * Output is passed on as bytes, as it comes; a sink that returns a promise (its reader is slower)
 * pauses the command's pipes until it resolves, so memory stays bounded whatever the command prints.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { nodeWatcherAsked } from './faults';

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
 * The watchers' protocol, one line at a time: `+ID` watches ID (a process group on POSIX, a process
 * tree's root pid on Windows), `-ID` lets it go (its command ended), `done` ends the watcher (the run
 * ended). At end of file (its runner gone) a watcher ends all it still watches and exits.
 */

/** The POSIX shell watcher: SIGTERM to each group, then SIGKILL for what is left after a second. */
const SHELL_WATCHER = [
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
  // The status of the script is its last command's: a group that ended between the last look and its
  // SIGKILL made the watcher exit 1 (seen on a loaded machine).
  'exit 0',
].join('\n');

/**
 * The Node watcher (`node -e`, one line: no quoting question on a Windows command line). On Windows
 * `taskkill /pid ID /T /F` ends each command's process tree (cmd.exe and what it started); elsewhere
 * the same steps as the shell watcher, with process.kill(-group). (Exported for its test on Linux
 * as on Windows, with the platform faked.)
 */
export const NODE_WATCHER = [
  "for (const s of ['SIGINT', 'SIGHUP']) process.on(s, () => undefined);",
  'const watched = new Set(); let rest = \'\'; let ended = false;',
  "process.stdin.setEncoding('utf8');",
  "process.stdin.on('data', (chunk) => {",
  "  const lines = (rest + chunk).split('\\n'); rest = lines.pop();",
  '  for (const line of lines.map((l) => l.trim())) {',
  "    if (line === 'done') process.exit(0);",
  '    const id = Number(line.slice(1));',
  "    if (Number.isInteger(id) && id > 0) { if (line[0] === '+') watched.add(id); else if (line[0] === '-') watched.delete(id); }",
  '  }',
  '});',
  "process.stdin.on('end', end); process.stdin.on('error', end);",
  'function end() {',
  '  if (ended) return; ended = true; const ids = [...watched];',
  "  if (process.platform === 'win32') {",
  "    const taskkill = (process.env.SystemRoot || 'C:\\\\Windows') + '\\\\System32\\\\taskkill.exe';",
  "    for (const id of ids) require('child_process').spawnSync(taskkill, ['/pid', String(id), '/T', '/F'], { stdio: 'ignore', windowsHide: true });",
  '    process.exit(0);',
  '  }',
  '  const send = (signal) => ids.filter((g) => { try { process.kill(-g, signal); return true; } catch { return false; } });',
  "  send('SIGTERM'); let tries = 0;",
  "  setInterval(() => { if (send(0).length === 0) process.exit(0); if (++tries === 10) { send('SIGKILL'); process.exit(0); } }, 100);",
  '}',
].join(' ');

export type WatcherKind = 'shell' | 'node';

/**
 * Starts a watcher process, detached (a session of its own on POSIX; no console on Windows), hidden,
 * in the file system's root (holding no folder of the pipeline busy), its standard input a pipe.
 */
export function spawnWatcher(kind: WatcherKind): ChildProcess {
  const options: SpawnOptions = { cwd: path.parse(process.execPath).root, detached: true, windowsHide: true, stdio: ['pipe', 'ignore', 'ignore'] };
  const child =
    kind === 'shell'
      ? spawn('/bin/sh', ['-c', SHELL_WATCHER, 'archipel-watch'], options)
      : // Under the editor, execPath is Electron's: ELECTRON_RUN_AS_NODE makes it Node; the runner's
        // NODE_OPTIONS (an --inspect, a --require) are not the watcher's.
        spawn(process.execPath, ['-e', NODE_WATCHER], { ...options, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: undefined } });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.unref();
  return child;
}

/**
 * One watcher per run, told each command as it starts and ends: the shell watcher on Linux and
 * macOS, the Node one on Windows (and on POSIX when the tests ask for it).
 */
export class GroupWatcher {
  private constructor(private readonly child: ChildProcess) {}

  static start(): GroupWatcher {
    return new GroupWatcher(spawnWatcher(process.platform === 'win32' || nodeWatcherAsked() ? 'node' : 'shell'));
  }

  private tell(line: string): void {
    const stdin = this.child.stdin;
    if (stdin && !stdin.writableEnded) stdin.write(`${line}\n`);
  }

  /** A command started: its process group (POSIX) or its pid (Windows). */
  watch(id: number): void {
    this.tell(`+${id}`);
  }

  forget(id: number): void {
    this.tell(`-${id}`);
  }

  /** The run ended: the watcher goes, ending nothing. */
  close(): void {
    const stdin = this.child.stdin;
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

/**
 * Windows: ends a command's process tree (cmd.exe and what it started; TerminateProcess, Node's
 * `kill()`, would end cmd.exe alone), as the Node watcher does. Without taskkill, cmd.exe at least.
 */
function killTree(child: ChildProcess): void {
  const taskkill = path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'taskkill.exe');
  spawn(taskkill, ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill());
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
    // At once, in the same step as the spawn: from here the group (the tree on Windows) dies with the runner.
    if (child.pid !== undefined) watcher.watch(child.pid);
    let killTimer: NodeJS.Timeout | undefined;
    const cancel = () => {
      if (child.pid === undefined) return;
      if (windows) killTree(child);
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
      if (child.pid !== undefined) watcher.forget(child.pid);
      resolve({ code: code ?? undefined, signal: exitSignal ?? undefined, cancelled: signal.aborted });
    });
  });
}
