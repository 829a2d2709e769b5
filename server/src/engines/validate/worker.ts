/**
 * The validate process: the language server forks it (dist/server/validateWorker.js) and runs
 * validations in it through the job layer (engines/core), so that DuckDB's memory and threads never
 * live in the language server.
 */
import { serveWorker } from '../core/serve';
import { validateFamily } from './job';

serveWorker([validateFamily]);
