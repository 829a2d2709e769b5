import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, ProgressType, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { repoRoot } from '../helpers';
import { SERVER_NODE_ARGS } from '../../src/protocol/serverProcess';

interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

/** A minimal LSP client over stdio for protocol tests: the built server, as an editor would start it. */
export class TestLspClient {
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics, in the order received (`diagnostics` keeps the last of each file). */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Every client/registerCapability's registrations, in the order asked. */
  readonly registrations: { id: string; method: string; registerOptions?: unknown }[] = [];
  /** Answers to workspace/configuration, by section. */
  configuration: Record<string, unknown> = {};
  stderr = '';
  private readonly waiters = new Set<() => void>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(readonly process: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    process.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.wake();
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.published.push(params);
      this.wake();
    });
    this.connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section ? this.configuration[item.section] : undefined) ?? null),
    );
    this.connection.onRequest('client/registerCapability', (params: { registrations: { id: string; method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.wake();
      return null;
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  /**
   * Starts dist/server/server.js over stdio; `env` is added to this process's environment; `wrap` runs it under a tracer (`strace -f -o log`);
   * `script`: another entry that calls startServer (a test's runtime). With the Node.js flags every client gives it (protocol/serverProcess.ts), as users run it.
   */
  static start(env: NodeJS.ProcessEnv = {}, wrap: readonly string[] = [], script?: string): TestLspClient {
    const server = script ?? path.join(repoRoot, 'dist', 'server', 'server.js');
    const command = [...wrap, process.execPath, ...SERVER_NODE_ARGS, server, '--stdio'];
    const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    return new TestLspClient(child);
  }

  /** Starts the server and initializes it on one workspace folder, as an editor opening a folder does. */
  static async startInWorkspace(
    root: string,
    capabilities: Record<string, unknown> = { textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions?: Record<string, unknown>,
    /** More initialize params (`locale`, …). */
    params: Record<string, unknown> = {},
    /** Added to the server's environment. */
    env: NodeJS.ProcessEnv = {},
    /** A command the server runs under (TestLspClient.start). */
    wrap: readonly string[] = [],
    /** Another entry than the built server's (TestLspClient.start). */
    script?: string,
  ): Promise<TestLspClient> {
    const client = TestLspClient.start(env, wrap, script);
    const folder = pathToFileURL(root).href;
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities, ...(initializationOptions ? { initializationOptions } : {}), ...params });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Records the $/progress values sent for `token` (vscode-jsonrpc hands them to progress handlers only). */
  watchProgress<T = { kind: string }>(token: string | number): T[] {
    const values: T[] = [];
    this.connection.onProgress(new ProgressType<T>(), token, (value) => {
      values.push(value);
      this.wake();
    });
    return values;
  }

  get exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.exited;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Resolves when `check` returns a value, re-checking on every message; rejects at the deadline, a bound against a hang
   * and never a timing check: 60 s by default (the index of a shared workspace took past 10 s at load 15).
   */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (this.exited) {
          cleanup();
          reject(new Error(`server exited (${JSON.stringify(this.exited)}) while waiting for ${what}\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** Waits until the server says its first scan of the workspace is done (archipel/indexStatus `ready`). */
  indexReady(): Promise<unknown> {
    return this.waitFor('index ready', () => this.notifications.find((n) => n.method === 'archipel/indexStatus' && (n.params as { state?: string }).state === 'ready'));
  }

  /** Waits until diagnostics for `uri` at `version` satisfy `accept`. */
  waitForDiagnostics(uri: string, version: number, accept: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri} v${version}`, () => {
      const published = this.diagnostics.get(uri);
      return published && published.version === version && accept(published.diagnostics) ? published.diagnostics : undefined;
    });
  }

  /** The documents opened through `open` and not closed since. */
  private readonly opened = new Set<string>();

  open(uri: string, text: string, version = 1): void {
    this.opened.add(uri);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  replace(uri: string, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    this.opened.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Closes every document opened through `open` and still open. */
  closeAll(): void {
    for (const uri of [...this.opened]) this.close(uri);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const gone = this.waitFor('server exit', () => this.exited);
      // A server the test killed may not have said 'exit' yet: a shutdown sent to it is never answered (an after hook
      // waited 120 s on one at load), so its exit is awaited instead.
      if (!this.process.killed) {
        await Promise.race([this.connection.sendRequest('shutdown'), gone]);
        if (!this.exited) await this.connection.sendNotification('exit');
      }
      await gone;
    }
    this.connection.dispose();
  }
}
