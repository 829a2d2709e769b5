/**
 * `archipel serve MODEL` (issue #21): the prediction service over HTTP. Listens first (so that
 * Kubernetes probes get 503 while the model loads), prints the URL it bound (port 0 picks a free
 * one), loads and checks the model, and on SIGTERM or SIGINT stops taking requests, drains those
 * in flight, releases the model and exits 0. With `--workers N` (default: one per core, issue #42)
 * N processes share the port and the model file (serveCluster.ts); this file is one of them, or
 * the whole service with `--workers 1`.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTabularModel } from '../engines/predict/model';
import { t } from '../l10n/t';
import { isLoopback } from '../serve/guard';
import { checkThreshold, ThresholdError } from '../predict/decision';
import { createHttpServer } from '../serve/http';
import { ServeMetrics } from '../serve/metrics';
import { PredictionService } from '../serve/service';
import { DRAIN_LIMIT_MS, runPrimary, workerSide, type ServeSettings, type WorkerSide } from './serveCluster';
import { serveUsage, ServeUsageError } from './serveUsage';
import { progressLine, tickingLine } from './progress';
import { READ_BOUNDS, readTextBoundedSync } from '../disk/readText';

const DEFAULT_WINDOW_MS = 2;

function usage(message: string): never {
  throw new ServeUsageError(message);
}

function wholeNumber(text: string | undefined, option: string, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) usage(t('{0} expects a whole number from 0 to {1}, got "{2}"', option, max, text));
  return Number(text);
}

/**
 * The shared token POST /reload requires: ARCHIPEL_SERVE_TOKEN, or the content of the file
 * ARCHIPEL_SERVE_TOKEN_FILE names (a Kubernetes Secret mounted as a file), trimmed. An Error (said on
 * `err`) when the file cannot be read or holds no token.
 */
function reloadToken(env: NodeJS.ProcessEnv, err: (text: string) => void): string | undefined | Error {
  if (env.ARCHIPEL_SERVE_TOKEN) return env.ARCHIPEL_SERVE_TOKEN.trim() || undefined;
  const file = env.ARCHIPEL_SERVE_TOKEN_FILE;
  if (!file) return undefined;
  try {
    const token = readTextBoundedSync(file, READ_BOUNDS.config).trim();
    if (token) return token;
    err(t('archipel serve: ARCHIPEL_SERVE_TOKEN_FILE {0} is empty: it holds the token POST /reload requires', file));
    return new Error('empty');
  } catch (error) {
    err(t('archipel serve: cannot read ARCHIPEL_SERVE_TOKEN_FILE {0}: {1}', file, (error as Error).message));
    return error as Error;
  }
}

/** Resolves with the exit status once the service has stopped (after a signal), or 1 when it cannot start. */
export async function serveCommand(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      recipe: { type: 'string' },
      threshold: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      'batch-window-ms': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(serveUsage);
    return 0;
  }
  if (positionals.length !== 1) usage(t('serve expects one model file, got {0}', positionals.length));
  const recipe = values.recipe;
  if (recipe !== undefined && recipe !== 'ohlcv-22') usage(t('unknown recipe "{0}" (expected ohlcv-22)', recipe));
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    try {
      threshold = checkThreshold(values.threshold.trim() === '' ? NaN : Number(values.threshold));
    } catch (error) {
      if (error instanceof ThresholdError) usage(error.message);
      throw error;
    }
  }
  const settings: ServeSettings = {
    file: positionals[0],
    recipe,
    ...(threshold !== undefined ? { threshold } : {}),
    host: values.host,
    port: wholeNumber(values.port, '--port', 65535, 5000),
    windowMs: wholeNumber(values['batch-window-ms'], '--batch-window-ms', 1000, DEFAULT_WINDOW_MS),
    workers: wholeNumber(values.workers, '--workers', 64, availableParallelism()) || 1,
  };
  const token = reloadToken(process.env, err);
  if (token instanceof Error) return 1;
  if (cluster.isWorker) {
    const code = await serveOne(settings, token, workerSide(), () => undefined, () => undefined);
    // The channel to the primary would keep the process alive.
    process.disconnect?.();
    return code;
  }
  if (settings.workers > 1) return runPrimary(settings, args, out, err);
  return serveOne(settings, token, undefined, out, err);
}

/** One process serving: the whole service, or one worker of several (`shared`, then quiet: the primary speaks). */
async function serveOne(settings: ServeSettings, token: string | undefined, worker: WorkerSide | undefined, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { file, recipe, threshold, host, port, windowMs } = settings;
  const metrics = new ServeMetrics();
  if (worker) metrics.shareWithPrimary();
  const service = new PredictionService({ load: () => loadTabularModel(file), recipe, ...(threshold !== undefined ? { threshold } : {}), batchWindowMs: windowMs, events: metrics.events() });
  const app = createHttpServer(service, metrics, { access: { loopback: isLoopback(host), ...(token ? { token } : {}) }, ...(worker ? { shared: worker.shared } : {}) });
  worker?.onReload(() => service.reload());
  // A signal stops the service, also while the model is still loading. A worker stops when the
  // primary says so (a terminal's Ctrl+C reaches every process of the group).
  const signal = worker
    ? new Promise<string>((resolve) => {
        const ignore = (): void => undefined;
        process.on('SIGTERM', ignore);
        process.on('SIGINT', ignore);
        worker.onDrain(() => resolve('drain'));
      })
    : new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
  // The model loaded, or a signal first; and what a model that cannot be served says.
  const load = () => Promise.race([service.start().then(() => ({ error: undefined }), (error: Error) => ({ error })), signal.then((name) => ({ name }))]);
  const cannotServe = async (error: Error): Promise<number> => {
    const message = t('archipel serve: the model cannot be served: {0}', error.message);
    err(message);
    await worker?.failed(message);
    return 1;
  };
  // A worker takes its share of the port only once its model is loaded: the primary hands
  // connections to listening workers only, so no request (nor a /health a client polls before its
  // first call) ever meets a worker still loading — a worker started later, or replaced, included.
  // A single process listens first and answers /health (unhealthy) while it loads.
  let loaded = worker ? load() : undefined;
  if (loaded) {
    const first = await loaded;
    if ('name' in first) {
      service.close();
      return 0;
    }
    if (first.error) return cannotServe(first.error);
  }
  let url: string;
  try {
    url = await app.listen({ host, port });
  } catch (error) {
    const message = t('archipel serve: cannot listen on {0}:{1}: {2}', host, port, (error as Error).message);
    err(message);
    await worker?.failed(message);
    return 1;
  }
  out(t('Listening at {0}', url));
  worker?.listening(url);
  // On a terminal, while the model loads (a worker of several is quiet: the primary counts them).
  const warming = worker ? undefined : tickingLine(progressLine(`serve ${path.basename(file)}`, { unit: 'time' }), () => ({ detail: t('loading the model') }));
  const drain = async (name: string): Promise<number> => {
    out(t('{0}: draining the requests in flight, then stopping', name));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        err(t('archipel serve: requests still in flight after {0} s; stopping anyway', DRAIN_LIMIT_MS / 1000));
        resolve(1);
      }, DRAIN_LIMIT_MS);
      timer.unref();
    });
    const closed = app.close().then(
      () => {
        service.close();
        out(t('Stopped.'));
        return 0;
      },
      (error: Error) => {
        err(t('archipel serve: {0}', error.message));
        return 1;
      },
    );
    const code = await Promise.race([closed, limit]);
    clearTimeout(timer);
    return code;
  };
  const first = await (loaded ??= load());
  warming?.end();
  if ('name' in first) return drain(first.name);
  if (first.error) {
    const code = await cannotServe(first.error);
    await app.close();
    return code;
  }
  const model = service.model!;
  const served = t('Serving {0} (version {1}, {2} features, classes {3}) at {4}', model.file, model.card.version ?? model.sha256.slice(0, 12), model.card.features.length, model.card.labels.join(', '), url);
  out(served);
  worker?.loaded(served);
  return drain(await signal);
}
