import type { Diagnostic } from 'vscode-languageserver-types';

/** What the closed-file diagnostics need from the server: the index, the editor's open files, the transport. */
export interface ClosedFileHost {
  /** URIs of every indexed file. */
  files(): Iterable<string>;
  isOpen(uri: string): boolean;
  diagnose(uri: string): Promise<Diagnostic[]>;
  /** textDocument/publishDiagnostics for a file no editor shows. */
  send(uri: string, diagnostics: Diagnostic[]): void;
  /** Whether Problems lists the whole workspace (archipel.validation.scope is "workspace"). */
  enabled(): Promise<boolean>;
  /** Whether the index holds the workspace (the first scan is done): before, a file's answer may still change, and nothing is sent (absent: ready). */
  ready?(): boolean;
}

/** Waits between refreshes: a burst of edits or file events makes one pass over the workspace. */
const REFRESH_DELAY_MS = 400;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Problems for the whole workspace, as `archipel check` lists it: the diagnostics of files no editor
 * has open are pushed, and pushed again after any change (an edit, a file event, a setting) since a
 * cross-file rule may make a change in one file a finding in another. Open files keep their own
 * channel (pulled or pushed by the server as before); a file's pushed diagnostics are withdrawn
 * when it opens, so Problems never lists a finding twice. A refresh yields to the event loop after
 * each file and gives way to a newer one, so editing stays responsive; only changed results are sent.
 */
export class ClosedFileDiagnostics {
  /** What was last sent per file (its diagnostics as JSON), for files with diagnostics only. */
  private readonly sent = new Map<string, string>();
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The pass in progress, for tests and shutdown. */
  running: Promise<void> = Promise.resolve();

  constructor(private readonly host: ClosedFileHost) {}

  /** A refresh soon, after the burst of changes that asked for it. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.refresh();
    }, REFRESH_DELAY_MS);
  }

  /** Diagnoses every closed file now; a newer refresh supersedes this one. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    // The refresh that follows the first scan comes back here.
    if (this.host.ready?.() === false) return;
    if (!(await this.host.enabled())) {
      if (current()) this.withdrawAll();
      return;
    }
    const indexed = new Set(this.host.files());
    for (const uri of indexed) {
      if (!current()) return;
      if (this.host.isOpen(uri)) continue;
      let diagnostics: Diagnostic[];
      try {
        diagnostics = await this.host.diagnose(uri);
      } catch {
        diagnostics = []; // the server's guard logged it; the other files still get theirs
      }
      if (!current()) return;
      // Opened while it was being diagnosed: the editor's channel has it now.
      if (!this.host.isOpen(uri)) this.publish(uri, diagnostics);
      await nextTurn();
    }
    // Files that left the index (deleted, excluded) lose what was shown for them.
    for (const uri of [...this.sent.keys()]) if (!indexed.has(uri) && current()) this.publish(uri, []);
  }

  /** An editor opened the file: its diagnostics now come through the open-document channel. */
  opened(uri: string): void {
    if (!this.sent.delete(uri)) return;
    this.host.send(uri, []);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation++;
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    if (diagnostics.length === 0) {
      if (this.sent.delete(uri)) this.host.send(uri, []);
      return;
    }
    const key = JSON.stringify(diagnostics);
    if (this.sent.get(uri) === key) return;
    this.sent.set(uri, key);
    this.host.send(uri, diagnostics);
  }

  private withdrawAll(): void {
    for (const uri of this.sent.keys()) this.host.send(uri, []);
    this.sent.clear();
  }
}
