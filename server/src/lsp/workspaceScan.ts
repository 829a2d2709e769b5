/**
 * The workspace index kept fresh from the disk: the first scan of the workspace folders (with its
 * progress in the editor on a large folder), the editor's file events (a file changed, created or
 * deleted; a folder created, renamed or deleted), and the status the client shows (files, objects,
 * the scan's time, files left out).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileChangeType, type Connection, type FileEvent, type WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { t } from '../l10n/t';
import type { IndexSummary } from '../features/requests';
import { filePath, filesUnder, isIndexableFolder, isInside } from './folderEvents';
import { indexFolder, indexFromDisk } from '../platform/diskIndex';
import { IndexStatusNotification, type IndexStatus } from '../protocol';
import { fileBudgetOf, indexOptions } from '../service';
import { readText } from '../disk/readText';
import { fileUri, scanFolderCounted } from '../platform/scan';
import { defaultSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import type { Session } from './session';

/** A folder of at least this many files shows the first scan's progress in the editor (a smaller one is indexed before anyone would read it). */
export const PROGRESS_FILES = 1000;
/** The least time between two reports of the scan's progress. */
const REPORT_MS = 250;

/**
 * The first scan's progress in the editor (LSP work-done progress the server starts: VS Code's
 * status bar, Neovim's `$/progress` handlers): "indexing <folder>: N of M files", begun once a folder
 * of PROGRESS_FILES files or more is being read, reported at most every REPORT_MS, ended with the
 * scan. A client without `window.workDoneProgress` gets nothing (the library's null reporter).
 */
class ScanProgress {
  private reporter: Promise<WorkDoneProgressServerReporter | undefined> | undefined;
  private reportedAt = 0;

  constructor(private readonly connection: Connection) {}

  report(folder: string, done: number, total: number): void {
    if (total < PROGRESS_FILES) return;
    const message = t('indexing {0}: {1} of {2} files', folder, done, total);
    const percentage = Math.floor((100 * done) / total);
    if (!this.reporter) {
      // Requests are answered in order: the reports below wait for the progress to exist.
      this.reporter = this.connection.window.createWorkDoneProgress().then(
        (reporter) => {
          reporter.begin('Archipel', percentage, message, false);
          return reporter;
        },
        () => undefined,
      );
      this.reportedAt = Date.now();
      return;
    }
    const now = Date.now();
    if (now - this.reportedAt < REPORT_MS && done < total) return;
    this.reportedAt = now;
    void this.reporter.then((reporter) => reporter?.report(percentage, message));
  }

  done(): void {
    void this.reporter?.then((reporter) => reporter?.done());
  }
}

export class WorkspaceScan {
  /** The first scan of the workspace folders; requests about the whole workspace wait for it. */
  initial: Promise<void> = Promise.resolve();
  /** Each family's count of what it indexed (the status bar's objects). */
  private readonly summaries: ((index: WorkspaceIndex) => IndexSummary)[] = [];
  /** Files past archipel.files.maxFiles at the last scan, said in the status bar and the log. */
  private leftOut = 0;
  /** How long the first scan took; undefined while it runs (file events then wait for its own status). */
  private lastScanMs: number | undefined;
  /** Folders created (or renamed to) since the last look; their files are read by indexNewFolders. */
  private readonly newFolders = new Set<string>();
  private folderScan: Promise<void> = Promise.resolve();

  /** `scanned`: after the first scan and after file events (diagnostics may depend on what changed). */
  constructor(
    private readonly session: Session,
    private readonly scanned: { first(): void; changed(): void },
  ) {}

  summarizeWith(summary: (index: WorkspaceIndex) => IndexSummary): void {
    this.summaries.push(summary);
  }

  start(): void {
    // A scan that fails still ends the wait of the diagnostics (they say what the index holds).
    this.initial = this.scan().then(
      () => undefined,
      (error: unknown) => {
        this.session.logError('the workspace scan', error);
        this.endFirstScan();
      },
    );
  }

  /** The diagnostics held back while the first scan ran (every one of them: see Session.firstScan) go out now. */
  private endFirstScan(): void {
    if (this.session.indexComplete) return;
    this.session.firstScanDone();
    this.scanned.first();
  }

  private async scan(): Promise<void> {
    const { session } = this;
    const started = Date.now();
    this.leftOut = 0;
    this.sendStatus('scanning', 0);
    // The features' data loads while the folders are listed (the first diagnostics follow the scan).
    session.features();
    const progress = new ScanProgress(session.connection);
    try {
      for (const [i, folder] of session.workspaceFolders.entries()) {
        const settings = await session.readingSettings(folder);
        const folderFiles = session.runtime.files(settings);
        if (i === 0) session.files = folderFiles;
        const { leftOut: past } = await indexFolder(session.index, folder, {
          exclude: settings.files.exclude,
          files: folderFiles,
          maxFiles: settings.files.maxFiles,
          maxBytes: indexOptions(defaultSettings).maxBytes,
          budgetMs: fileBudgetOf(settings),
          isOpen: (uri) => session.isOpen(uri),
          log: (message) => session.log(message),
          progress: (done, total) => progress.report(path.basename(folder), done, total),
        });
        if (past > 0) session.log(`index limit reached in ${folder}: ${past} file(s) left out (archipel.files.maxFiles is ${settings.files.maxFiles})`);
        this.leftOut += past;
      }
    } finally {
      progress.done();
    }
    const scanMs = Date.now() - started;
    session.log(`indexed ${session.index.size} files in ${scanMs} ms${this.leftOut > 0 ? `; ${this.leftOut} file(s) left out by archipel.files.maxFiles` : ''}`);
    this.lastScanMs = scanMs;
    this.endFirstScan();
    await session.warmFeatures();
    this.sendStatus('ready', scanMs);
  }

  private sendStatus(state: IndexStatus['state'], scanMs: number): void {
    let objects = 0;
    if (state === 'ready') {
      for (const summarize of this.summaries) {
        try {
          objects += summarize(this.session.index).objects ?? 0;
        } catch (error) {
          this.session.logError('index summary', error);
        }
      }
    }
    const status: IndexStatus = { state, files: this.session.index.size, objects, scanMs: state === 'ready' ? scanMs : undefined, leftOut: this.leftOut > 0 ? this.leftOut : undefined };
    void this.session.connection.sendNotification(IndexStatusNotification, status);
  }

  /** The editor's file events: the index follows the disk for every file no editor has open. */
  async filesChanged(changes: readonly FileEvent[]): Promise<void> {
    const { session } = this;
    const { index } = session;
    /** Paths deleted that were no indexed file: folders, perhaps (folderEvents.ts). */
    const goneFolders: string[] = [];
    /** Whether a file the families read beside theirs (a `.env`) was written, created or deleted. */
    let sideFile = false;
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      if (!sideFile && session.runtime.sideFiles?.match(change.uri) === 'yes') sideFile = true;
      if (change.type === FileChangeType.Deleted && !index.get(change.uri)) {
        const gone = filePath(change.uri);
        if (gone) goneFolders.push(gone);
        continue;
      }
      if (!session.isIndexed(change.uri)) {
        // A path no selector takes, created: a folder whose files are to be read (a rename's new name, a checkout).
        const created = change.type === FileChangeType.Created ? filePath(change.uri) : undefined;
        if (created && (await isIndexableFolder(created, session.workspaceFolders))) this.newFolders.add(created);
        continue;
      }
      if (session.isOpen(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        index.remove(change.uri);
        continue;
      }
      await this.reread(change.uri);
    }
    // A folder deleted, moved away or renamed: every file indexed under it goes (open ones stay: the editor has their text).
    for (const uri of filesUnder(goneFolders, [...index.files()].map((f) => f.uri))) if (!session.isOpen(uri)) index.remove(uri);
    if (sideFile) index.sideFileChanged();
    if (this.newFolders.size > 0) await this.indexNewFolders();
    // The file count changed (the status bar shows it).
    if (this.lastScanMs !== undefined) this.sendStatus('ready', this.lastScanMs);
    this.scanned.changed();
  }

  /** A file as the disk has it now (a closed document, a file event), or out of the index if no family takes it any more. */
  async reread(uri: string): Promise<void> {
    const { session } = this;
    try {
      const { text, problem } = await readText(fileURLToPath(uri));
      if (session.isIndexed(uri, text)) indexFromDisk(session.index, uri, text, problem);
      else session.index.remove(uri);
    } catch {
      session.index.remove(uri);
    }
  }

  /**
   * Reads the files of the folders created: the workspace folder holding them is listed as the
   * first scan lists it (its excludes, .gitignore files and selectors apply to paths relative to it),
   * and the files under a new folder are indexed. One listing at a time, for every folder created meanwhile.
   */
  private indexNewFolders(): Promise<void> {
    const { session } = this;
    this.folderScan = this.folderScan
      .then(async () => {
        const folders = [...this.newFolders];
        this.newFolders.clear();
        if (folders.length === 0) return;
        for (const root of session.workspaceFolders) {
          const inRoot = folders.filter((folder) => isInside(folder, root));
          if (inRoot.length === 0) continue;
          const settings = await session.readingSettings(root);
          const { files: listed } = await scanFolderCounted(root, { exclude: settings.files.exclude, files: session.runtime.files(settings), maxFiles: settings.files.maxFiles });
          for (const file of listed) {
            if (!inRoot.some((folder) => isInside(file, folder))) continue;
            const uri = fileUri(file);
            if (session.isOpen(uri)) continue;
            try {
              const { text, problem } = await readText(file);
              indexFromDisk(session.index, uri, text, problem);
            } catch (error) {
              session.log(`cannot index ${file}: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        }
      })
      .catch((error: unknown) => session.logError('indexing a new folder', error));
    return this.folderScan;
  }
}
