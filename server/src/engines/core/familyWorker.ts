/**
 * A compute family's worker process, started the one way every family starts it: a `JobWorker`
 * over the bundle's child process (dist/server/<bundle>.js), kept while idle so that the next job
 * skips starting Node and the family's native libraries, ended when a Cancel is not honoured in
 * time, and ended at the server's shutdown.
 */
import { JobWorker } from './host';
import type { ComputeRegistry } from './requests';
import { processWorker } from './workers';

/** How long an idle worker process is kept, unless its family says otherwise (the next job skips starting Node and the family's native libraries). */
const IDLE_MS = 120_000;
/** A worker that has not stopped this long after a Cancel is ended (it stops between items: this is for a stuck one). */
const CANCEL_GRACE_MS = 5_000;

export interface FamilyWorkerOptions {
  /** The worker bundle's name (its family's `workers`): `blurWorker`. */
  bundle: string;
  /** What the log and errors call it: `blur process`. */
  name: string;
  idleMs?: number;
  cancelGraceMs?: number;
}

export function startFamilyWorker(registry: ComputeRegistry, options: FamilyWorkerOptions): JobWorker {
  const log = (message: string) => registry.log(message);
  const worker = new JobWorker({
    name: `the ${options.name}`,
    start: processWorker(registry.workerScript(`${options.bundle}.js`), { name: options.name, log }),
    idleMs: options.idleMs ?? IDLE_MS,
    cancelGraceMs: options.cancelGraceMs ?? CANCEL_GRACE_MS,
    log,
  });
  registry.onShutdown(() => worker.dispose());
  return worker;
}
