/**
 * `archipel serve --workers N` (issue #42): N processes (node:cluster) share the listening port, each
 * with its own onnxruntime session of the same model file, so that a machine's cores all answer (as
 * gunicorn's workers do). The primary holds no model: it starts the workers, speaks for them (the
 * "Listening at" and "Serving" lines, the errors, the drain), replaces a worker that dies, and
 * carries what one worker cannot answer alone:
 * - POST /reload reloads the model in the worker that was asked, then, when it was accepted, in
 *   every other one; reloads run one after the other. The answer is the first worker's.
 * - GET /metrics sums every worker's metrics (prom-client's AggregatorRegistry).
 */
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { t } from '../l10n/t';
import { progressLine, tickingLine } from './progress';
import { clusterMetrics } from '../serve/metrics';
import type { SharedRoutes } from '../serve/http';
import type { ServeResponse } from '../serve/service';

/** Longest a shutdown waits for the requests in flight (each is also bounded by the request timeout). */
export const DRAIN_LIMIT_MS = 30_000;

/** What the command line asks for, checked. */
export interface ServeSettings {
  file: string;
  recipe?: 'ohlcv-22';
  threshold?: number;
  host: string;
  port: number;
  windowMs: number;
  workers: number;
}

/** A worker's line to the primary (serveCluster.ts). */
export interface WorkerSide {
  shared: SharedRoutes;
  onReload(reload: () => Promise<ServeResponse>): void;
  onDrain(drain: () => void): void;
  listening(url: string): void;
  loaded(line: string): void;
  /** Resolves once the message has left (the worker exits next). */
  failed(message: string): Promise<void>;
}

/** A message between the primary and a worker (`archipel` tells them from prom-client's). */
type Message =
  | { archipel: 'listening'; url: string }
  | { archipel: 'loaded'; line: string }
  | { archipel: 'failed'; message: string }
  | { archipel: 'reload' | 'metrics'; id: number }
  | { archipel: 'reload-now'; id: number }
  | { archipel: 'reloaded'; id: number; response: ServeResponse }
  | { archipel: 'answer'; id: number; response?: ServeResponse; text?: string }
  | { archipel: 'drain' };

const isMessage = (value: unknown): value is Message => typeof value === 'object' && value !== null && typeof (value as { archipel?: unknown }).archipel === 'string';

/** Replacements of dead workers allowed per minute: a worker that dies at once is not restarted forever. */
const RESTARTS_PER_MINUTE = 10;

/** The worker's side: its messages to the primary and the answers it waits for. */
export function workerSide(): WorkerSide {
  const send = (message: Message): void => {
    process.send?.(message);
  };
  let next = 0;
  const waiting = new Map<number, (message: Extract<Message, { archipel: 'answer' }>) => void>();
  let reload: (() => Promise<ServeResponse>) | undefined;
  let drain: (() => void) | undefined;
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.archipel === 'answer') {
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    } else if (message.archipel === 'reload-now') {
      const id = message.id;
      void (reload ?? (() => Promise.resolve({ status: 503, body: { error: 'the worker is not serving yet' } })))().then((response) => send({ archipel: 'reloaded', id, response }));
    } else if (message.archipel === 'drain') drain?.();
  });
  const ask = (kind: 'reload' | 'metrics') =>
    new Promise<Extract<Message, { archipel: 'answer' }>>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      send({ archipel: kind, id });
    });
  return {
    shared: {
      reload: async () => (await ask('reload')).response ?? { status: 500, body: { error: 'internal error: no answer to the reload' } },
      metrics: async () => (await ask('metrics')).text ?? '',
    },
    onReload: (f) => (reload = f),
    onDrain: (f) => (drain = f),
    listening: (url) => send({ archipel: 'listening', url }),
    loaded: (line) => send({ archipel: 'loaded', line }),
    failed: (message) =>
      new Promise<void>((resolve) => {
        if (!process.send) resolve();
        else process.send({ archipel: 'failed', message } satisfies Message, undefined, {}, () => resolve());
      }),
  };
}

/**
 * A message to a worker, which may be exiting at that very moment (a worker that failed, while the
 * others are told to drain): a channel closed under the send is that worker's end, not an error of
 * the primary's (an unhandled EPIPE would end the primary).
 */
function tell(worker: Worker, message: Message): boolean {
  if (!worker.isConnected()) return false;
  try {
    worker.send(message, undefined, () => undefined);
    return true;
  } catch {
    return false;
  }
}

/** The primary: starts `settings.workers` workers and resolves with the exit status once they have stopped. */
export async function runPrimary(settings: ServeSettings, args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  // The workers run the CLI's own script (next to the bundle, or tsc's cliMain.js), whatever process
  // called this (a test runs the CLI in its own process).
  const exec = [path.join(__dirname, 'cli.js'), path.join(__dirname, '..', 'cliMain.js')].find((file) => existsSync(file));
  cluster.setupPrimary({ ...(exec ? { exec } : {}), args: ['serve', ...args] });
  const metrics = clusterMetrics();
  const workers = new Set<Worker>();
  let stopping = false;
  let listening = false;
  let served = 0;
  let announced = false;
  let restarts: number[] = [];
  let reloads: Promise<unknown> = Promise.resolve();
  let nextReload = 0;
  const reloadAnswers = new Map<number, (response: ServeResponse) => void>();
  let settle: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (settle = resolve));

  const reloadIn = (worker: Worker): Promise<ServeResponse> =>
    new Promise((resolve) => {
      const id = nextReload++;
      reloadAnswers.set(id, resolve);
      if (!worker.isConnected()) resolve({ status: 503, body: { error: 'the worker is gone' } });
      else if (!tell(worker, { archipel: 'reload-now', id })) resolve({ status: 503, body: { error: 'the worker is gone' } });
    });
  /** The asking worker first; the others once it accepted the file (a refused file is refused once). */
  const reloadAll = async (first: Worker): Promise<ServeResponse> => {
    const response = await reloadIn(first);
    if (response.status !== 200) return response;
    const others = await Promise.all([...workers].filter((w) => w !== first).map((w) => reloadIn(w)));
    for (const other of others) if (other.status !== 200) err(t('archipel serve: a worker kept its model on reload: {0}', JSON.stringify(other.body)));
    return response;
  };

  const stopAll = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const worker of workers) tell(worker, { archipel: 'drain' });
    const limit = setTimeout(() => {
      err(t('archipel serve: requests still in flight after {0} s; stopping anyway', DRAIN_LIMIT_MS / 1000));
      for (const worker of workers) worker.process.kill('SIGKILL');
      settle(1);
    }, DRAIN_LIMIT_MS);
    limit.unref();
    const finished = (): void => {
      if (workers.size > 0) return;
      clearTimeout(limit);
      settle(code);
    };
    if (workers.size === 0) finished();
    else cluster.on('exit', finished);
  };

  const start = (): void => {
    const worker = cluster.fork();
    workers.add(worker);
    // A send to a worker that is exiting: tell() ignores it; its 'exit' says the rest.
    worker.on('error', () => undefined);
    worker.on('message', (message: unknown) => {
      if (!isMessage(message)) return;
      switch (message.archipel) {
        case 'listening':
          if (!listening) {
            listening = true;
            warming.clear();
            out(t('Listening at {0}', message.url));
          }
          break;
        case 'loaded':
          // Once every worker serves: a request then never meets one still loading.
          if (++served === settings.workers && !announced) {
            announced = true;
            warming.end();
            out(message.line);
          }
          break;
        case 'failed':
          if (!stopping) {
            warming.end();
            err(message.message);
            stopAll(1);
          }
          break;
        case 'reload': {
          const id = message.id;
          const next = reloads.then(() => reloadAll(worker));
          reloads = next.catch(() => undefined);
          void next.then((response) => tell(worker, { archipel: 'answer', id, response }));
          break;
        }
        case 'metrics': {
          const id = message.id;
          void metrics().then(
            (text) => tell(worker, { archipel: 'answer', id, text }),
            (error: Error) => tell(worker, { archipel: 'answer', id, text: `# ${error.message}\n` }),
          );
          break;
        }
        case 'reloaded':
          reloadAnswers.get(message.id)?.(message.response);
          reloadAnswers.delete(message.id);
          break;
        default:
          break;
      }
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
    if (stopping) return;
    warming.clear();
    // Before every worker served, a worker that stops is a start-up failure: said once, not retried.
    if (!announced) {
      err(t('archipel serve: a worker stopped ({0}) before serving', signal ?? String(code)));
      stopAll(1);
      return;
    }
    // A worker died while serving: another takes its place, within a bound.
    const now = Date.now();
    restarts = restarts.filter((at) => now - at < 60_000);
    err(t('archipel serve: a worker stopped ({0}); starting another', signal ?? String(code)));
    if (restarts.length >= RESTARTS_PER_MINUTE) {
      err(t('archipel serve: workers keep stopping; stopping the service'));
      stopAll(1);
      return;
    }
    restarts.push(now);
    served--;
    start();
  });

  const onSignal = (name: string) => (): void => {
    out(t('{0}: draining the requests in flight, then stopping', name));
    stopAll(0);
  };
  const term = onSignal('SIGTERM');
  const int = onSignal('SIGINT');
  process.once('SIGTERM', term);
  process.once('SIGINT', int);
  // On a terminal, until every worker serves: how many do (the workers themselves draw nothing).
  const warming = tickingLine(progressLine(`serve ${path.basename(settings.file)}`, { unit: 'workers' }), () => ({ done: served, total: settings.workers, detail: t('loading the model') }));
  void done.then(() => warming.end());
  for (let k = 0; k < settings.workers; k++) start();
  const code = await done;
  process.off('SIGTERM', term);
  process.off('SIGINT', int);
  if (code === 0) out(t('Stopped.'));
  return code;
}
