/**
 * Random edits of the real example files, sent to the built server over stdio as an editor would,
 * interleaved with the requests an editor makes while typing (diagnostics, completion, hover,
 * symbols). Modelled on how the brace freeze of issue #22 was found. Seeded: a run replays exactly.
 * Used by fuzz.test.ts (a short run in `npm test`) and scripts/fuzz.mjs (`npm run fuzz -- --seconds 600`).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repoRoot } from '../helpers';
import { hostileFiles } from '../hostile';
import { random } from '../random';
import { TestLspClient } from './lspClient';

export interface FuzzOptions {
  seed: number;
  /** How long to keep editing (the run then shuts the server down). */
  seconds: number;
  /** How long any one request may take before it counts as unanswered. */
  budgetMs: number;
  /** Called after each request, for a progress line. */
  onProgress?: (report: FuzzReport) => void;
}

export interface RequestRecord {
  method: string;
  ms: number;
  uri: string;
  /** The edit that made the text the request was about. */
  edit: string;
  textLength: number;
  /** The whole text, kept only for the slowest request and unanswered ones. */
  text?: string;
  /** For a request over budget: when its answer came after all (undefined: never, within the run). */
  answeredAfterMs?: number;
}

export interface FuzzReport {
  seed: number;
  seconds: number;
  budgetMs: number;
  edits: number;
  requests: number;
  byMethod: Record<string, { count: number; maxMs: number }>;
  unanswered: RequestRecord[];
  slowest?: RequestRecord;
  /** The server process's peak resident set (VmHWM), when the platform says (Linux). */
  peakRssMb?: number;
  shutdownAnswered: boolean;
  shutdownMs?: number;
  stderrTail: string;
}

/** Punctuation YAML and Markdown give meaning to, and a few words that start structures. */
const alphabet = ['{', '}', '[', ']', ':', ': ', '- ', '? ', ',', '"', "'", '|', '>', '&a ', '*a', '!', '%', '@', '`', '#', '\t', '\n', '  ', '---\n', '...\n', '```\n', '> ', '* ', '_', '**', '[x](', '](', '<!--', '-->', '\\', '\u0000', '\ufffd', '😀', 'apiVersion: v1\n', 'kind: Pod\n', '{{ .Values }}', '${{ github.event.issue.title }}'];
const runChars = ['{', '[', '-', ' ', '>', '*', '_', '`', '#', '\n', ':', '"', '|', '(', '&', 'a'];

interface Doc {
  uri: string;
  languageId: string;
  original: string;
  document: TextDocument;
}

/** The files a fuzz run opens: the example portfolio, copied so that nothing in the repository changes. */
function exampleFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|md|mmd)$/i.test(name)) found.push(file);
    }
  };
  walk(root);
  return found.sort();
}

function languageOf(file: string): string {
  if (/\.md$/i.test(file)) return 'markdown';
  if (/\.mmd$/i.test(file)) return 'mermaid';
  return 'yaml';
}

/** Peak resident set of a process, from /proc (Linux); undefined elsewhere. */
function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** A request that settles within `ms`, or resolves to undefined (unanswered). */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value?: T; answered: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ answered: false }>((resolve) => (timer = setTimeout(() => resolve({ answered: false }), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value, answered: true }), () => ({ answered: true })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'archipel-fuzz-'));
  cpSync(path.join(repoRoot, 'examples', 'portfolio'), workspace, { recursive: true, filter: (src) => !/\.(jpe?g|png)$/i.test(src) });
  const hostile = hostileFiles().map((f) => (typeof f.content === 'string' ? f.content : f.content.toString('latin1')));
  const report: FuzzReport = {
    seed: options.seed,
    seconds: options.seconds,
    budgetMs: options.budgetMs,
    edits: 0,
    requests: 0,
    byMethod: {},
    unanswered: [],
    shutdownAnswered: false,
    stderrTail: '',
  };
  // A server of its own: the run ends by asking it to shut down (and kills it when stuck).
  const client = await TestLspClient.startInWorkspace(workspace);
  const pid = client.process.pid;
  let rssPeak = 0;
  let consecutiveUnanswered = 0;
  const sampleRss = () => (rssPeak = Math.max(rssPeak, peakRssMb(pid) ?? 0));
  try {
    const docs: Doc[] = exampleFiles(workspace).map((file) => {
      const text = readFileSync(file, 'utf8');
      const uri = pathToFileURL(file).href;
      return { uri, languageId: languageOf(file), original: text, document: TextDocument.create(uri, languageOf(file), 1, text) };
    });
    for (const doc of docs) {
      void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: 1, text: doc.original } });
    }
    const deadline = Date.now() + options.seconds * 1000;
    /** Three requests in a row unanswered, or the process gone: the server is stuck, stop editing. */
    const frozen = () => client.exitStatus !== undefined || (consecutiveUnanswered >= 3);
    let lastEdit = 'opened unchanged';
    while (Date.now() < deadline) {
      const doc = pick(docs);
      const text = doc.document.getText();
      const at = Math.floor(next() * (text.length + 1));
      const roll = next();
      let replacement: string;
      let end = at;
      let kind: string;
      if (roll < 0.45) {
        replacement = '';
        for (let n = 1 + Math.floor(next() * 6); n > 0; n--) replacement += pick(alphabet);
        end = Math.min(text.length, at + Math.floor(next() * 4));
        kind = `insert ${JSON.stringify(replacement)}`;
      } else if (roll < 0.65) {
        const char = pick(runChars);
        const length = 1 + Math.floor(next() ** 2 * 3000);
        replacement = char.repeat(length);
        kind = `run of ${length} × ${JSON.stringify(char)}`;
      } else if (roll < 0.75) {
        const length = 1 + Math.floor(next() * 4096);
        replacement = Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 256))).join('');
        kind = `${length} bytes of binary junk`;
      } else if (roll < 0.8) {
        const length = 10_000 + Math.floor(next() * 500_000);
        replacement = pick(['value: ', '- ', '# ', '', 'a']) + pick(['x', '{', '[', '*', 'é']).repeat(length) + '\n';
        kind = `a line of ${length} characters`;
      } else if (roll < 0.9) {
        end = Math.min(text.length, at + Math.floor(next() * 400));
        replacement = '';
        kind = `delete ${end - at} characters`;
      } else {
        const choice = next();
        replacement = choice < 0.6 ? pick(hostile) : choice < 0.9 ? pick(docs).original : '';
        kind = choice < 0.6 ? 'whole file replaced by a hostile file' : choice < 0.9 ? 'whole file replaced by another example' : 'whole file emptied';
        const all = { start: doc.document.positionAt(0), end: doc.document.positionAt(text.length) };
        doc.document = TextDocument.update(doc.document, [{ range: all, text: replacement }], doc.document.version + 1);
        void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.document.version }, contentChanges: [{ text: replacement }] });
        report.edits++;
        lastEdit = `${path.basename(doc.uri)}: ${kind}`;
        await ask(doc, lastEdit);
        if (frozen()) break;
        continue;
      }
      // Keep documents within what an editor holds: past 2 MB, start again from the original.
      if (text.length - (end - at) + replacement.length > 2_000_000) {
        replacement = doc.original;
        const all = { start: doc.document.positionAt(0), end: doc.document.positionAt(text.length) };
        doc.document = TextDocument.update(doc.document, [{ range: all, text: replacement }], doc.document.version + 1);
        void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.document.version }, contentChanges: [{ text: replacement }] });
        report.edits++;
        continue;
      }
      const range = { start: doc.document.positionAt(at), end: doc.document.positionAt(end) };
      doc.document = TextDocument.update(doc.document, [{ range, text: replacement }], doc.document.version + 1);
      void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.document.version }, contentChanges: [{ range, text: replacement }] });
      report.edits++;
      lastEdit = `${path.basename(doc.uri)}: ${kind} at offset ${at}`;
      // Not every keystroke gets a request, as in an editor; every edit is still parsed for diagnostics.
      if (next() < 0.6) await ask(doc, lastEdit);
      if (frozen()) break; // the rest would only time out too
    }
    sampleRss();
    const started = Date.now();
    const shutdown = await within(client.connection.sendRequest('shutdown'), options.budgetMs);
    report.shutdownAnswered = shutdown.answered;
    if (shutdown.answered) report.shutdownMs = Date.now() - started;
    sampleRss();
  } finally {
    report.peakRssMb = rssPeak > 0 ? rssPeak : undefined;
    report.stderrTail = client.stderr.slice(-2000);
    if (report.shutdownAnswered) {
      void client.connection.sendNotification('exit');
      await client.waitFor('server exit', () => client.exitStatus, 10_000).catch(() => client.process.kill('SIGKILL'));
    } else {
      client.process.kill('SIGKILL');
    }
    client.connection.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
  return report;

  async function ask(doc: Doc, edit: string): Promise<void> {
    const text = doc.document.getText();
    const position = doc.document.positionAt(Math.floor(next() * (text.length + 1)));
    const textDocument = { uri: doc.uri };
    const [method, params] = pick<[string, unknown]>([
      ['textDocument/diagnostic', { textDocument }],
      ['textDocument/diagnostic', { textDocument }],
      ['textDocument/completion', { textDocument, position }],
      ['textDocument/hover', { textDocument, position }],
      ['textDocument/documentSymbol', { textDocument }],
    ]);
    const started = Date.now();
    const sent = client.connection.sendRequest(method, params);
    const result = await within(sent, options.budgetMs);
    const ms = Date.now() - started;
    report.requests++;
    const stats = (report.byMethod[method] ??= { count: 0, maxMs: 0 });
    stats.count++;
    stats.maxMs = Math.max(stats.maxMs, ms);
    const record: RequestRecord = { method, ms, uri: doc.uri, edit, textLength: text.length };
    let late: RequestRecord | undefined;
    if (!result.answered) {
      late = { ...record, text };
      report.unanswered.push(late);
      // Not a freeze if the answer comes after all: say when.
      void sent.then(
        () => (late!.answeredAfterMs = Date.now() - started),
        () => (late!.answeredAfterMs = Date.now() - started),
      );
    }
    consecutiveUnanswered = result.answered ? 0 : consecutiveUnanswered + 1;
    if (!report.slowest || ms > report.slowest.ms) report.slowest = late ?? { ...record, text };
    if (report.requests % 50 === 0) sampleRss();
    options.onProgress?.(report);
  }
}

/** The report as text; the slowest input (and any unanswered one) written next to `saveDir` when given. */
export function formatReport(report: FuzzReport, saveDir?: string): string {
  const lines = [
    `fuzz: seed ${report.seed}, ${report.seconds} s, budget ${report.budgetMs} ms per request`,
    `edits: ${report.edits}`,
    `requests: ${report.requests} (${Object.entries(report.byMethod)
      .map(([m, s]) => `${m.replace('textDocument/', '')} ${s.count}, max ${s.maxMs} ms`)
      .join('; ')})`,
    `unanswered within budget: ${report.unanswered.length}`,
    `shutdown: ${report.shutdownAnswered ? `answered in ${report.shutdownMs} ms` : 'NOT answered'}`,
    `peak RSS of the server: ${report.peakRssMb !== undefined ? `${report.peakRssMb} MB` : 'unknown on this platform'}`,
  ];
  const describe = (label: string, r: RequestRecord, name: string) => {
    let saved = '';
    if (saveDir && r.text !== undefined) {
      const file = path.join(saveDir, `${name}${path.extname(new URL(r.uri).pathname)}`);
      writeFileSync(file, r.text);
      saved = `, input saved to ${file}`;
    }
    const late = r.ms >= report.budgetMs ? (r.answeredAfterMs !== undefined ? ` (answered after ${r.answeredAfterMs} ms)` : ' (no answer within the run)') : '';
    lines.push(`${label}: ${r.method} took ${r.ms} ms${late} on ${path.basename(new URL(r.uri).pathname)} (${r.textLength} characters) after ${r.edit}${saved}`);
  };
  const late = report.unanswered.filter((r) => r.answeredAfterMs !== undefined);
  if (late.length > 0) lines.push(`over budget but answered: ${late.length}, the slowest after ${Math.max(...late.map((r) => r.answeredAfterMs!))} ms`);
  if (report.slowest) describe('slowest request', report.slowest, 'fuzz-slowest');
  report.unanswered.forEach((r, i) => describe(`UNANSWERED ${i + 1}`, r, `fuzz-unanswered-${i + 1}`));
  if ((report.unanswered.length > 0 || !report.shutdownAnswered) && report.stderrTail) lines.push(`server stderr (end):\n${report.stderrTail}`);
  return lines.join('\n');
}
