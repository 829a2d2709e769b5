/**
 * The Mermaid parser's thread. Mermaid's parser runs under Node only with a DOM: its sanitiser
 * (DOMPurify) needs a `window` when Mermaid loads, so a jsdom window is set on `globalThis` before
 * the first import. Nothing is rendered here (rendering stays in the webview). It answers one
 * request over its WorkerChannel (engines/core/channel.ts): `parse` with the diagram's text, answered
 * `{ ok: true, diagramType }` or `{ ok: false, failure }`.
 */
import { parentPort } from 'node:worker_threads';
import { SpeedHooks } from '../../startup/hooks';
import { Peer } from '../core/channel';
import { hostEndpoint } from '../core/workers';
import type { MermaidParseFailure } from '../../mermaid/errors';
import type { MermaidParseResult } from '../../mermaid/feature';
import { MERMAID_PARSE } from '../../mermaid/parseRequest';

type Mermaid = (typeof import('mermaid', { with: { 'resolution-mode': 'import' } }))['default'];

async function load(): Promise<Mermaid> {
  // jsdom stays a runtime dependency (not bundled): it reads its own files at run time.
  const { JSDOM } = require('jsdom') as typeof import('jsdom');
  const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
  const global = globalThis as unknown as Record<string, unknown>;
  global.window = dom.window;
  global.document = dom.window.document;
  const mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  return mermaid;
}

function plain(error: unknown): MermaidParseFailure {
  const e = error as { name?: unknown; message?: unknown; hash?: MermaidParseFailure['hash'] };
  const hash = e?.hash;
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    hash: hash ? { token: hash.token, text: hash.text, line: hash.line, loc: hash.loc, expected: Array.isArray(hash.expected) ? hash.expected.map(String) : undefined } : undefined,
  };
}

/** Run once, just before the first answer goes out: the loader (workerBin.ts) saves its code cache there. */
const beforeFirstReply = new SpeedHooks<void>();
export function onBeforeFirstReply(listener: () => void): void {
  beforeFirstReply.add(listener);
}

if (parentPort) {
  const mermaid = load();
  new Peer(hostEndpoint()).onRequest<string, MermaidParseResult>(MERMAID_PARSE, async (text) => {
    let answer: MermaidParseResult;
    try {
      const result = await (await mermaid).parse(text);
      answer = { ok: true, diagramType: result ? result.diagramType : undefined };
    } catch (error) {
      answer = { ok: false, failure: plain(error) };
    }
    // Before the answer, not after: the host may end this thread as soon as it has its answers.
    beforeFirstReply.run(undefined, true);
    return answer;
  });
}
