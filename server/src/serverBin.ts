/**
 * The language server's entry (dist/server/server.js, what the extension and any LSP client
 * start): a few lines that load the server bundle (dist/server/serverMain.js, built from
 * serverMain.ts) through a V8 code cache (startup/codeCache.ts). Node compiles a plain `require`d bundle
 * function by function, on first call: a first diagnostics burst compiled a few hundred KB of
 * the server's code every time. The cache is saved once the server has done its first work, so
 * the next start gets that code ready.
 */
// First: the V8 flags are part of what a code cache is checked against, so they must be set
// before serverMain.js is loaded through its cache (see startup/v8Tuning.ts).
import './startup/tuneV8Server';
import path from 'node:path';
import { requireWithCodeCache } from './startup/codeCache';
import type * as Server from './serverMain';

const loaded = requireWithCodeCache(path.join(__dirname, 'serverMain.js'), undefined, { saveAfterLoad: false });
const server = loaded.exports as typeof Server;
// A missing or refused cache is written at the first checkpoint (the first diagnostics or scan),
// so it holds the code that work ran; a cache that was used is left as it is (codeCache.ts's save).
server.onCheckpoint(() => loaded.save());
