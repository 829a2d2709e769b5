/**
 * When diagnostics are computed and sent: pulled by a client that can (refreshed by asking it to
 * pull again), pushed otherwise, debounced while the user types and dropped when the editor has
 * moved to a newer version; the files no editor shows get theirs pushed (closedFiles.ts).
 *
 * Nothing goes out before the first scan of the workspace is done (Session.firstScan): a file's
 * first answer is its settled one, the one `archipel check` gives. Before, a file opened with the
 * editor (Neovim opens them with `initialized`) was diagnosed against a half-read index: a
 * Terraform module's variables, an Ansible project's group_vars, a chart's values not read yet
 * made false problems, retracted when the scan ended, and hid true ones. Rules flagged `needsIndex`
 * were held back, the others not; which rule reads the other files is each family's business, so
 * the server holds the file's whole answer. A pull waits, a push is made when the scan ends.
 */
import { DiagnosticRefreshRequest, DocumentDiagnosticReportKind, type Diagnostic } from 'vscode-languageserver/node';
import { ClosedFileDiagnostics } from './closedFiles';
import type { Session } from './session';

const PUSH_DELAY_MS = 120;
const REFRESH_DELAY_MS = 250;

export class DiagnosticSchedule {
  /** Each document's pending push, as the call that cancels it. */
  private readonly pushTimers = new Map<string, () => void>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** What asked for the pending refresh: the one open document whose edits did (a string), something else too (null), nothing (undefined). */
  private refreshCause: string | null | undefined;
  /** Problems for the whole workspace: files no editor shows get their diagnostics pushed. */
  readonly closedFiles: ClosedFileDiagnostics;

  constructor(private readonly session: Session) {
    const { connection } = session;
    this.closedFiles = new ClosedFileDiagnostics({
      files: () => [...session.index.files()].map((f) => f.uri),
      isOpen: (uri) => session.isOpen(uri),
      diagnose: (uri) => session.runSafe('diagnostics', [] as Diagnostic[], undefined, () => session.diagnose(uri)),
      send: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
      enabled: async () => (await session.workspaceSettings()).validation.scope === 'workspace',
      ready: () => session.indexComplete,
    });
    connection.languages.diagnostics.on(async (params, token) => {
      await session.firstScan;
      const items = await session.runSafe('diagnostics', [] as Diagnostic[], token, () => session.diagnose(params.textDocument.uri, token));
      return { kind: DocumentDiagnosticReportKind.Full, items };
    });
  }

  /**
   * Fresh diagnostics for every open document (and the closed ones) after something they may depend on changed; `now`: without the typing delay (the first scan is done).
   * `settled`: an open document whose own push already follows the change (the only one that changed: its answer is computed on the index as it is), not pushed again.
   */
  refresh(now = false, settled?: string): void {
    this.closedFiles.schedule();
    const { abilities, connection, documents } = this.session;
    if (abilities.pullDiagnostics) {
      if (abilities.diagnosticRefresh) void connection.sendRequest(DiagnosticRefreshRequest.type);
    } else {
      for (const document of documents.all()) if (document.uri !== settled) this.push(document.uri, now ? 0 : PUSH_DELAY_MS);
    }
  }

  /**
   * Cross-file rules: a change in one file can change another's diagnostics; batch those refreshes.
   * `changed`: the open document whose edit asks (its own push is scheduled by `changed`); absent: a file event, every open document.
   */
  refreshSoon(changed?: string): void {
    clearTimeout(this.refreshTimer);
    this.refreshCause = changed !== undefined && (this.refreshCause === undefined || this.refreshCause === changed) ? changed : null;
    this.refreshTimer = setTimeout(() => {
      const settled = this.refreshCause ?? undefined;
      this.refreshCause = undefined;
      this.refresh(false, settled);
    }, REFRESH_DELAY_MS);
  }

  /** A document's text changed (`opening`: just opened, its first diagnostics go out as soon as computed; edits are debounced). */
  changed(uri: string, opening: boolean): void {
    this.push(uri, opening ? 0 : PUSH_DELAY_MS);
    if (this.session.documents.all().length > 1) this.refreshSoon(uri);
    else this.closedFiles.schedule();
  }

  /** A document closed: its pushed diagnostics withdrawn, and it is listed again with the rest of the workspace. */
  closed(uri: string): void {
    this.pushTimers.get(uri)?.();
    this.pushTimers.delete(uri);
    if (!this.session.abilities.pullDiagnostics) void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.closedFiles.schedule();
  }

  private push(uri: string, delayMs = PUSH_DELAY_MS): void {
    const { abilities, documents, connection } = this.session;
    // During the first scan: the refresh that ends it pushes every open document.
    if (abilities.pullDiagnostics || !this.session.indexComplete) return;
    this.pushTimers.get(uri)?.();
    const run = (): void => {
      this.pushTimers.delete(uri);
      const version = documents.get(uri)?.version;
      void this.session.runSafe('diagnostics', [] as Diagnostic[], undefined, () => this.session.diagnose(uri)).then((diagnostics) => {
        // Drop results computed for a version the editor has already left behind.
        if (documents.get(uri)?.version !== version) return;
        void connection.sendDiagnostics({ uri, version, diagnostics });
      });
    };
    // A just-opened document at once, after the messages already read (setImmediate): a timer of 0 is 1 ms, and the
    // process sleeps until it fires, then waits for a core again (on a loaded machine, many ms the pull answer never waits).
    if (delayMs === 0) {
      const immediate = setImmediate(run);
      this.pushTimers.set(uri, () => clearImmediate(immediate));
    } else {
      const timer = setTimeout(run, delayMs);
      this.pushTimers.set(uri, () => clearTimeout(timer));
    }
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const cancel of this.pushTimers.values()) cancel();
    this.pushTimers.clear();
    this.closedFiles.dispose();
  }
}
