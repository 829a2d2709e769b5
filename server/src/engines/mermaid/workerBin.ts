/**
 * The Mermaid worker's entry (dist/server/mermaidWorker.js): loads the worker's bundle
 * (mermaidWorkerMain.js: worker.ts with Mermaid and jsdom, see scripts/lib/jsdom-bundle.mjs)
 * through a V8 code cache (startup/codeCache.ts), as server.js and cli.js load theirs. Without it,
 * compiling that code was most of the second before a session's first diagram was checked. The
 * cache is saved before the first answer when there was none: it then holds what loading jsdom and
 * Mermaid and a first parse compiled.
 */
import path from 'node:path';
import { requireWithCodeCache } from '../../startup/codeCache';
import type * as Worker from './worker';

const loaded = requireWithCodeCache(path.join(__dirname, 'mermaidWorkerMain.js'), undefined, { saveAfterLoad: false });
if (loaded.cache !== 'hit') (loaded.exports as typeof Worker).onBeforeFirstReply(() => loaded.save());
