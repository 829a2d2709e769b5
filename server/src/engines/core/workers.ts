/**
 * The two kinds of worker a WorkerChannel drives, and the worker side's endpoint: a thread
 * (worker_threads: shares the process, takes transfers) or a child process (child_process.fork:
 * its own heap and native state, killed without harming the host).
 */
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { parentPort, Worker, type WorkerOptions } from 'node:worker_threads';
import type { ChannelMessage, Endpoint, WorkerHandle } from './channel';

type ExitListener = Parameters<WorkerHandle['onExit']>[0];

/** A worker thread running `script`. Its uncaught error ends it, reported with the error. */
export function threadWorker(script: string, options: WorkerOptions = {}): () => WorkerHandle {
  return () => {
    const worker = new Worker(script, options);
    let thrown: Error | undefined;
    worker.on('error', (error) => (thrown ??= error));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer as ArrayBuffer[] | undefined),
      listen: (onMessage) => worker.on('message', onMessage),
      onExit: (listener: ExitListener) => worker.once('exit', (code) => listener({ how: `exit code ${code}`, ...(thrown ? { error: thrown } : {}) })),
      ref: () => worker.ref(),
      unref: () => worker.unref(),
      kill: () => void worker.terminate(),
    };
  };
}

/**
 * A child process running `script` over IPC (JSON). It inherits no inspector port (`execArgv: []`)
 * and not the host's stdio (which may be the language server's transport): its stderr goes to `log`.
 */
export function processWorker(script: string, options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv; name?: string } = {}): () => WorkerHandle {
  return () => {
    const forkOptions: ForkOptions = { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [], ...(options.env ? { env: options.env } : {}) };
    const child: ChildProcess = fork(script, [], forkOptions);
    const name = options.name ?? 'worker process';
    options.log?.(`${name} started (pid ${child.pid})`);
    child.stderr?.on('data', (chunk: Buffer) => options.log?.(`${name}: ${chunk.toString().trimEnd()}`));
    let spawnError: Error | undefined;
    child.on('error', (error) => (spawnError ??= error));
    // The IPC channel counts as a handle of its own: ref/unref must cover it too.
    const channel = () => (child as ChildProcess & { channel?: { ref(): void; unref(): void } }).channel;
    return {
      post: (message) => {
        if (child.connected) child.send(message);
        else throw new Error(`${name} is not connected`);
      },
      listen: (onMessage) => child.on('message', (message) => onMessage(message as ChannelMessage)),
      onExit: (listener: ExitListener) =>
        child.once('exit', (code, signal) => listener({ how: signal ? `signal ${signal}` : `exit code ${code}`, ...(spawnError ? { error: spawnError } : {}) })),
      ref: () => {
        child.ref();
        channel()?.ref();
      },
      unref: () => {
        child.unref();
        channel()?.unref();
      },
      kill: () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (child.connected) child.disconnect();
        child.kill();
      },
    };
  };
}

/** The worker side's endpoint: this thread's parent port, or this process's IPC channel. */
export function hostEndpoint(): Endpoint {
  const port = parentPort;
  if (port) {
    return {
      post: (message, transfer) => port.postMessage(message, transfer as ArrayBuffer[] | undefined),
      listen: (onMessage) => port.on('message', onMessage),
    };
  }
  if (!process.send) throw new Error('this script runs as a worker: start it through a WorkerChannel (a thread or a forked process)');
  return {
    post: (message: ChannelMessage) => void process.send?.(message),
    listen: (onMessage) => process.on('message', (message) => onMessage(message as ChannelMessage)),
  };
}
