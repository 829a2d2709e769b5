// A small LSP client for benchmarks: spawns a language server over stdio (offline), initializes
// it, opens and edits documents, waits for pushed diagnostics or pulls them, asks for completions.
// Every wait has a deadline; stop() always ends the process it started.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const offlineGuard = path.join(path.dirname(fileURLToPath(import.meta.url)), 'offline.cjs');
const OFFLINE_MARK = '[bench-offline] blocked';

/**
 * @typedef {{ line: number, character: number }} Position
 * @typedef {{ range: { start: Position, end: Position }, message: string, severity?: number, code?: string | number, source?: string }} Diagnostic
 * @typedef {{ seq: number, at: number, version?: number, diagnostics: Diagnostic[] }} Publication
 * @typedef {{
 *   name: string,
 *   script: string,
 *   args?: string[],
 *   nodeArgs?: string[],
 *   cwd?: string,
 *   env?: Record<string, string>,
 *   configuration?: (section: string | undefined, scopeUri: string | undefined) => unknown,
 * }} ServerSpec
 */

/** The environment of a server: ours minus anything that could route it to the network. */
function offlineEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(https?|all|no|ftp)_proxy$/i.test(key) || key === 'NODE_OPTIONS' || key.startsWith('npm_config_')) delete env[key];
  }
  return env;
}

/**
 * The Node.js flags every client gives Archipel's server: SERVER_NODE_ARGS, declared once in
 * server/src/protocol/serverProcess.ts (read from its source: a bench runs without out/).
 * @returns {string[]}
 */
function serverNodeArgs() {
  const source = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'src', 'protocol', 'serverProcess.ts'), 'utf8');
  const declared = /SERVER_NODE_ARGS: readonly string\[\] = \[([^\]]*)\]/.exec(source);
  if (!declared) throw new Error('SERVER_NODE_ARGS not found in server/src/protocol/serverProcess.ts');
  return [...declared[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

export class LspClient {
  /** @type {Map<string, Publication[]>} */
  publications = new Map();
  /** Everything the server logged (window/logMessage, showMessage) and wrote to stderr. */
  log = [];
  stderr = '';
  /** Sections asked through workspace/configuration, in order. */
  configurationRequests = [];
  /** Archipel's index states (archipel/indexStatus), in order: 'ready' once the first scan and its idle work are done. */
  indexStates = [];
  /** @type {{ code: number | null, signal: string | null } | undefined} */
  exited;
  #seq = 0;
  #waiters = new Set();

  /** @param {ServerSpec} spec @param {import('node:child_process').ChildProcess} child */
  constructor(spec, child) {
    this.spec = spec;
    this.child = child;
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      this.stderr += chunk;
      this.#wake();
    });
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.#wake();
    });
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (params) => {
      const at = performance.now();
      const list = this.publications.get(params.uri) ?? [];
      list.push({ seq: ++this.#seq, at, version: params.version, diagnostics: params.diagnostics });
      this.publications.set(params.uri, list);
      this.#wake();
    });
    c.onNotification('window/logMessage', (p) => this.log.push(p.message));
    c.onNotification('window/showMessage', (p) => this.log.push(p.message));
    // yaml-language-server reports its own failures (schema load, validation) only as telemetry.
    c.onNotification('telemetry/event', (p) => this.log.push(`telemetry: ${JSON.stringify(p).slice(0, 2000)}`));
    c.onNotification('archipel/indexStatus', (p) => {
      this.indexStates.push(p.state);
      this.#wake();
    });
    c.onNotification(() => {}); // $/progress, other custom notifications: not needed here
    c.onRequest('workspace/configuration', (params) =>
      params.items.map((item) => {
        this.configurationRequests.push(item.section ?? '');
        this.#wake();
        return this.spec.configuration?.(item.section, item.scopeUri) ?? null;
      }),
    );
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('window/showMessageRequest', () => null);
    c.onRequest('workspace/diagnostic/refresh', () => null);
    c.onRequest('workspace/codeLens/refresh', () => null);
    c.onRequest('workspace/semanticTokens/refresh', () => null);
    // Errors after the server exited are expected during stop(); anything else is kept for the report.
    c.onError(([error]) => this.log.push(`connection error: ${error?.message ?? error}`));
    c.listen();
  }

  /**
   * Starts `node [flags] [nodeArgs] --require offline.cjs script --stdio` with no proxy in its
   * environment. Archipel's server (a script dist/server/server.js) gets the flags every client gives
   * it (SERVER_NODE_ARGS), so that a bench measures what users run; ARCHIPEL_BENCH_NODE_ARGS
   * (space-separated, '' for none) replaces them, for an A/B of node flags. @param {ServerSpec} spec
   */
  static start(spec) {
    const ours = path.basename(spec.script) === 'server.js' && path.basename(path.dirname(spec.script)) === 'server';
    const override = process.env.ARCHIPEL_BENCH_NODE_ARGS;
    const flags = !ours ? [] : override !== undefined ? override.split(' ').filter((flag) => flag !== '') : serverNodeArgs();
    const child = spawn(process.execPath, [...flags, ...(spec.nodeArgs ?? []), '--require', offlineGuard, spec.script, ...(spec.args ?? ['--stdio'])], {
      cwd: spec.cwd,
      env: { ...offlineEnv(), ...spec.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new LspClient(spec, child);
  }

  /** Connections the offline guard refused (should be none). */
  get blockedNetwork() {
    return this.stderr.split('\n').filter((l) => l.startsWith(OFFLINE_MARK));
  }

  #wake() {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /**
   * Resolves with the first value `check` returns (re-checked on every message from the server);
   * rejects at the deadline or if the server exits.
   * @template T @param {string} what @param {() => T | undefined} check @param {number} [timeoutMs]
   * @returns {Promise<T>}
   */
  waitFor(what, check, timeoutMs = 30_000) {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        let value;
        try {
          value = check();
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (this.exited) {
          cleanup();
          reject(new Error(`${this.spec.name} exited (${JSON.stringify(this.exited)}) while waiting for ${what}\n${this.stderr.slice(-2000)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.spec.name}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(attempt);
      };
      this.#waiters.add(attempt);
      attempt();
    });
  }

  /**
   * A request with a deadline: cancelled ($/cancelRequest) and rejected when it passes.
   * @param {string} method @param {unknown} params @param {number} [timeoutMs]
   */
  async request(method, params, timeoutMs = 30_000) {
    const source = new CancellationTokenSource();
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => {
        source.cancel();
        reject(new Error(`${this.spec.name}: ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.connection.sendRequest(method, params, source.token), deadline]);
    } finally {
      clearTimeout(timer);
      source.dispose();
    }
  }

  /** @param {unknown} params */
  notify(method, params) {
    return this.connection.sendNotification(method, params);
  }

  /**
   * initialize + initialized. No workspace folder by default: a server must not find the benchmark file on
   * disk and index it before it is opened (that would be pre-warming, not a cold open). `folder`: a workspace
   * folder that does not hold the benchmark file (an editor opened on a repository, the file opened from elsewhere).
   * @param {object} capabilities @param {string} [folder]
   */
  async initialize(capabilities, initializationOptions, folder) {
    const root = folder ? pathToFileURL(folder).href : null;
    const result = await this.request(
      'initialize',
      { processId: process.pid, clientInfo: { name: 'archipel-bench' }, locale: 'en', rootUri: root, workspaceFolders: root ? [{ uri: root, name: path.basename(folder) }] : null, capabilities, initializationOptions },
      60_000,
    );
    await this.notify('initialized', {});
    return result;
  }

  /**
   * A round trip through the server's message queue: everything sent before has been handled
   * (and the microtasks it queued have run) when this resolves. Any answer, even "method not
   * found", proves it.
   */
  async barrier() {
    await this.request('archipelBench/barrier', {}, 30_000).catch(() => undefined);
  }

  open(uri, text, version = 1, languageId = 'yaml') {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** @param {{ range?: { start: Position, end: Position }, text: string }[]} changes */
  change(uri, version, changes) {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri) {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Pull diagnostics (LSP 3.17 textDocument/diagnostic). @returns {Promise<Diagnostic[]>} */
  async pullDiagnostics(uri, timeoutMs = 60_000) {
    const report = await this.request('textDocument/diagnostic', { textDocument: { uri } }, timeoutMs);
    if (report?.kind !== 'full') throw new Error(`${this.spec.name}: expected a full diagnostic report, got ${JSON.stringify(report)?.slice(0, 200)}`);
    return report.items;
  }

  /** The sequence number of the latest publication so far (0 if none), to wait for newer ones. */
  lastSeq(uri) {
    const list = this.publications.get(uri);
    return list?.length ? list[list.length - 1].seq : 0;
  }

  /**
   * The first publication for `uri` after `afterSeq` that satisfies `accept`.
   * @param {(p: Publication) => boolean} [accept] @returns {Promise<Publication>}
   */
  nextPublication(uri, afterSeq, accept = () => true, timeoutMs = 60_000) {
    return this.waitFor(`diagnostics of ${uri} after #${afterSeq}`, () => this.publications.get(uri)?.find((p) => p.seq > afterSeq && accept(p)), timeoutMs);
  }

  /** @returns {Promise<{ items: { label: string }[], isIncomplete?: boolean }>} */
  async completion(uri, position, timeoutMs = 30_000) {
    const result = await this.request('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } }, timeoutMs);
    return Array.isArray(result) ? { items: result } : (result ?? { items: [] });
  }

  /**
   * Memory the server has touched so far (#68: on a fresh VM each first-touched page costs): its
   * minor page faults and peak RSS, with the CPU time (user + system, all its threads) it has spent
   * so far (Linux /proc; undefined elsewhere or once it has exited).
   * @returns {{ minorFaults: number, peakRssMb: number, cpuMs: number } | undefined}
   */
  memory() {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return undefined;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state is field 3, minflt field 10.
      // utime and stime (fields 14, 15) are in clock ticks: 100 a second on Linux (USER_HZ).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const minorFaults = Number(fields[10 - 3]);
      const cpuMs = (Number(fields[14 - 3]) + Number(fields[15 - 3])) * 10;
      const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return { minorFaults, peakRssMb: hwm ? Number(hwm[1]) / 1024 : NaN, cpuMs };
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit, then a kill of this very process if it lingers. Never throws. */
  async stop() {
    if (!this.exited) {
      try {
        await this.request('shutdown', null, 5_000);
        await this.notify('exit');
        await this.waitFor('exit', () => this.exited, 5_000);
      } catch {
        if (!this.exited) this.child.kill('SIGKILL');
        await this.waitFor('exit after kill', () => this.exited, 5_000).catch(() => undefined);
      }
    }
    this.connection.dispose();
  }
}

/** Client capabilities shared by both servers; `pull` adds pull diagnostics (LSP 3.17). */
export function clientCapabilities({ pull }) {
  return {
    workspace: { configuration: true, workspaceFolders: false, didChangeConfiguration: { dynamicRegistration: false } },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true },
      completion: { dynamicRegistration: false, completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
      ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
  };
}
