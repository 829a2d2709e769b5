/**
 * Mermaid's parser in a worker thread (server/src/engines/mermaid/worker.ts): started on the first diagram
 * to check, stopped after a minute without work (jsdom and Mermaid hold about 110 MB), keeping the
 * process alive only while it has work. Parsing is off the language server's thread.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { WorkerChannel } from '../core/channel';
import { threadWorker } from '../core/workers';
import type { MermaidChecker, MermaidParseResult } from '../../mermaid/feature';
import { MERMAID_PARSE } from '../../mermaid/parseRequest';

/** The worker script: next to the bundle (dist/server/mermaidWorker.js) or compiled by tsc (out/). */
export function mermaidWorkerPath(): string {
  const candidates = [path.join(__dirname, 'mermaidWorker.js'), path.join(__dirname, 'worker.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the Mermaid worker is missing (looked for ${candidates.join(', ')})`);
  return found;
}

const IDLE_MS = 60_000;
/** A parser stuck on a pathological text is ended at this point, and restarted for the next request. */
const TIMEOUT_MS = 20_000;
/** The worker's start-up (jsdom and Mermaid, about 110 MB of modules) before its first answer: 3 s quiet, past 20 s at load 27. */
const START_MS = 100_000;

export class WorkerMermaidParser implements MermaidChecker {
  private readonly channel: WorkerChannel;

  constructor(script: () => string = mermaidWorkerPath) {
    // Started on the first diagram (the script is looked up then), never keeping the process alive while idle.
    this.channel = new WorkerChannel({ name: 'the Mermaid worker', start: () => threadWorker(script())(), idleMs: IDLE_MS, timeoutMs: TIMEOUT_MS, startMs: START_MS });
  }

  parse(text: string): Promise<MermaidParseResult> {
    return this.channel.request<MermaidParseResult>(MERMAID_PARSE, text);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** One parser (one thread, started on the first diagram) per run (the host object a family's features share). */
const parsers = new WeakMap<object, WorkerMermaidParser>();

/** The parser of a run. */
export function mermaidParserOf(run: object): WorkerMermaidParser {
  let parser = parsers.get(run);
  if (!parser) parsers.set(run, (parser = new WorkerMermaidParser()));
  return parser;
}
