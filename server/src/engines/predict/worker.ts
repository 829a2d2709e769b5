/**
 * The predict process: the language server forks it (dist/server/predictWorker.js) and runs
 * prediction jobs in it through the job layer (engines/core), so that reading a large CSV and the
 * model's inference never run on the language server's thread.
 */
import { serveWorker } from '../core/serve';
import { predictFamily } from './job';

serveWorker([predictFamily]);
