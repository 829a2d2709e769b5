/**
 * One command of a stage, through the shell, in its own process group: a cancellation kills the
 * whole tree the command started (`kill(-pid)`: the shell, the interpreter it ran, their children),
 * first with SIGTERM, then SIGKILL for what is still there after a grace period.
 */
import { spawn } from 'node:child_process';

export interface CommandOutcome {
  /** The exit code (undefined when ended by a signal). */
  code?: number;
  signal?: string;
  cancelled: boolean;
}

const GRACE_MS = 2000;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function runCommand(cmd: string, cwd: string, onOutput: (text: string) => void, signal: AbortSignal, env?: NodeJS.ProcessEnv): Promise<CommandOutcome> {
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
    let killTimer: NodeJS.Timeout | undefined;
    const cancel = () => {
      if (child.pid === undefined) return;
      if (windows) child.kill();
      else killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => child.pid !== undefined && !windows && killGroup(child.pid, 'SIGKILL'), GRACE_MS);
    };
    signal.addEventListener('abort', cancel, { once: true });
    child.stdout.setEncoding('utf8').on('data', onOutput);
    child.stderr.setEncoding('utf8').on('data', onOutput);
    child.on('error', (error) => {
      signal.removeEventListener('abort', cancel);
      reject(error);
    });
    child.on('close', (code, exitSignal) => {
      signal.removeEventListener('abort', cancel);
      // The shell may be gone while a grandchild holding no pipe lives on: the group goes too.
      if (signal.aborted && child.pid !== undefined && !windows) killGroup(child.pid, 'SIGKILL');
      if (killTimer) clearTimeout(killTimer);
      resolve({ code: code ?? undefined, signal: exitSignal ?? undefined, cancelled: signal.aborted });
    });
  });
}
