/**
 * The blur process: the language server forks it (dist/server/blurWorker.js) and runs blur jobs in
 * it through the job layer (engines/core), so that decoding, inference and encoding never run on
 * the language server's thread. One job at a time; each file's result is streamed as soon as it is
 * done.
 */
import { languageFromEnvironment, setLanguage } from '../../l10n/t';
import { serveWorker } from '../core/serve';
import { blurFamily } from './job';

// The language of the process that forked it (the server's client, the CLI's --lang or LANG).
setLanguage(languageFromEnvironment(process.env));
serveWorker([blurFamily]);
