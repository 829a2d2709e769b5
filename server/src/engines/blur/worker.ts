/**
 * The blur process: the language server forks it (dist/server/blurWorker.js) and runs blur jobs in
 * it through the job layer (engines/core), so that decoding, inference and encoding never run on
 * the language server's thread. One job at a time; each file's result is streamed as soon as it is
 * done.
 */
import { serveWorker } from '../core/serve';
import { blurFamily } from './job';

// serveWorker sets the language of the process that forked it, its limits and its error reporting.
serveWorker([blurFamily]);
