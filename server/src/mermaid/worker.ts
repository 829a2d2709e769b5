/**
 * The Mermaid parser's thread. Mermaid's parser runs under Node only with a DOM: its sanitiser
 * (DOMPurify) needs a `window` when Mermaid loads, so a jsdom window is set on `globalThis` before
 * the first import. Nothing is rendered here (rendering stays in the webview). Messages:
 * `{ id, text }` in, `{ id, ok: true, diagramType }` or `{ id, ok: false, failure }` out.
 */
import { parentPort } from 'node:worker_threads';
import { SpeedHooks } from '../startup/hooks';
import type { MermaidParseFailure } from './errors';

type Mermaid = (typeof import('mermaid', { with: { 'resolution-mode': 'import' } }))['default'];

async function load(): Promise<Mermaid> {
  // jsdom stays a runtime dependency (not bundled): it reads its own files at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
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
  const port = parentPort;
  const mermaid = load();
  const reply = (message: { id: number; ok: boolean; diagramType?: string; failure?: MermaidParseFailure }) => {
    // Before the answer, not after: the host may end this thread as soon as it has its answers.
    beforeFirstReply.run(undefined, true);
    port.postMessage(message);
  };
  port.on('message', (request: { id: number; text: string }) => {
    mermaid
      .then((m) => m.parse(request.text))
      .then(
        (result) => reply({ id: request.id, ok: true, diagramType: result ? result.diagramType : undefined }),
        (error: unknown) => reply({ id: request.id, ok: false, failure: plain(error) }),
      );
  });
}
