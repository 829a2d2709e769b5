/**
 * The ledger of what a reading did not read, and why (issue #92): a file over `archipel.validation.maxFileSizeKb`, a
 * side file outside the workspace or over its bound, a template, a file stopped past its budget, and what a family
 * says it did not read (a registry module not fetched: `addNotReadSource`). An answer that depends on a file it did
 * not read says so, never a silent zero: `archipel diff` lists such a file changed on either side as a change not
 * judged, and its `--fail-on` fails closed on it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onSideFileRefused } from '../disk/readText';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { byCodeUnit } from '../common/order';
import { markdownText, terminalText } from '../common/escape';
import { t } from '../l10n/t';

/**
 * Why a file was not read: `too-large` (over its bound), `outside` (outside the workspace, a link leading out),
 * `template` (a Go template no family reads as it is), `budget` (stopped past its time budget), `not-fetched` (a
 * remote base or a registry module not fetched), `no-family` (a kind of file no family reads: Terragrunt, Pulumi…),
 * `binary` (a NUL byte in its head, git's rule for a binary file), `undecodable` (not UTF-8 nor UTF-16 with its mark:
 * read with U+FFFD, so not as written).
 */
export type NotReadReason = 'too-large' | 'outside' | 'template' | 'budget' | 'not-fetched' | 'no-family' | 'binary' | 'undecodable';

/** How far a text is looked at for a NUL byte: git's `buffer_is_binary` looks at the first 8,000 bytes. */
const BINARY_HEAD = 8000;

/** A file not read (an absolute path, or a URI that is not a file's), and why. */
export interface NotReadFile {
  readonly file: string;
  readonly reason: NotReadReason;
}

/** What a family did not read of an index, each by its URI (the Terraform family's registry modules not fetched). */
export type NotReadSource = (index: WorkspaceIndex) => readonly { uri: string; reason: NotReadReason }[];

const sources: NotReadSource[] = [];

/** Adds a family's source to every reading's ledger (once, where the family is set up). */
export function addNotReadSource(source: NotReadSource): void {
  if (!sources.includes(source)) sources.push(source);
}

/**
 * A notice: a place of a file read despite an error (a manifest repeating a key, which kubectl applies, the last value
 * winning), or a part of a file left out while the rest was read (a manifest's document with a syntax error), said with its
 * line. Unlike a file not read, it never fails `diff --fail-on`: the file was read, as the tool it is written for reads it.
 */
export interface ReadNotice {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly notice: string;
}

/** What a family read despite an error of an index, each by its URI (the Kubernetes family's manifests). */
export type NoticeSource = (index: WorkspaceIndex) => readonly { uri: string; line: number; notice: string }[];

const noticeSources: NoticeSource[] = [];

/** Adds a family's notices to every reading's ledger (once, where the family is set up). */
export function addNoticeSource(source: NoticeSource): void {
  if (!noticeSources.includes(source)) noticeSources.push(source);
}

/** Why an entry of the index was not read as written, if it was not. */
function entryReason(entry: IndexedFile): NotReadReason | undefined {
  if (entry.skipped === 'too-large') return 'too-large';
  if (entry.skipped === 'stopped') return 'budget';
  if (entry.skipped === 'template') return /\/templates\//.test(entry.uri) ? undefined : 'template';
  if (entry.skipped === 'summary') return undefined;
  if (entry.text.indexOf('\0') !== -1 && entry.text.indexOf('\0') < BINARY_HEAD) return 'binary';
  return entry.textProblem ? 'undecodable' : undefined;
}

const pathOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);

/** A reading's ledger: each file once, with the first reason told. */
export class ReadLedger {
  private readonly files = new Map<string, NotReadReason>();
  private readonly said = new Map<string, ReadNotice>();

  add(file: string, reason: NotReadReason): void {
    if (!this.files.has(file)) this.files.set(file, reason);
  }

  /**
   * The index's entries not read (over the bound, stopped past its budget, binary, not decodable, a Go template outside
   * a chart) and what the families' sources say. A chart's template (under `templates/`) the index holds unparsed is
   * not counted: the Helm family renders it for the map and its checks; a Go template saved with a YAML name elsewhere
   * is read by no family as it is.
   */
  addIndex(index: WorkspaceIndex): void {
    for (const entry of index.files()) {
      const reason = entryReason(entry);
      if (reason) this.add(pathOf(entry.uri), reason);
    }
    for (const source of sources) for (const { uri, reason } of source(index)) this.add(pathOf(uri), reason);
    for (const source of noticeSources) {
      for (const { uri, line, notice } of source(index)) {
        const file = pathOf(uri);
        if (!this.files.has(file)) this.said.set(`${file}\0${line}\0${notice}`, { file, line, notice });
      }
    }
  }

  /** The notices, each absolute path named by `name` (as `named`; `relative` names by the current folder), in order of file and line. */
  notices(name: (file: string) => string = (file) => path.relative(process.cwd(), file).split(path.sep).join('/') || '.'): ReadNotice[] {
    return [...this.said.values()]
      .map((n) => ({ ...n, file: path.isAbsolute(n.file) ? name(n.file) : n.file }))
      .sort((a, b) => byCodeUnit(a.file, b.file) || a.line - b.line);
  }

  /** Records the side files the one confined read refuses (outside the workspace, over their bound) while `run` runs. */
  async during<T>(run: () => Promise<T>): Promise<T> {
    const stop = onSideFileRefused((file, reason) => {
      if (reason === 'outside' || reason === 'too-large') this.add(file, reason);
    });
    try {
      return await run();
    } finally {
      stop();
    }
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The files as a command prints them: a path relative to `cwd`, `/`-separated (an id, never a machine path); a URI that is not a file's as it is. */
  relative(cwd: string, keep: (entry: NotReadFile) => boolean = () => true): NotReadFile[] {
    return this.named((file) => path.relative(cwd, file).split(path.sep).join('/') || '.', keep);
  }

  /** The files, each absolute path named by `name` (a command's own naming: relative to its repository); a URI that is not a file's as it is. */
  named(name: (file: string) => string, keep: (entry: NotReadFile) => boolean = () => true): NotReadFile[] {
    return this.list().filter(keep).map(({ file, reason }) => ({ file: path.isAbsolute(file) ? name(file) : file, reason }));
  }

  /** The files, in code-unit order of their path. */
  list(): NotReadFile[] {
    return [...this.files].map(([file, reason]) => ({ file, reason })).sort((a, b) => byCodeUnit(a.file, b.file));
  }
}

/** The words of a reason, for a person. */
export function notReadWords(reason: NotReadReason): string {
  switch (reason) {
    case 'too-large':
      return t('over its size bound (archipel.validation.maxFileSizeKb, maxSideFileKb)');
    case 'outside':
      return t('outside the workspace');
    case 'template':
      return t('a template');
    case 'budget':
      return t('stopped past its time budget');
    case 'not-fetched':
      return t('remote, not fetched');
    case 'no-family':
      return t('no family reads this kind of file');
    case 'binary':
      return t('a binary file');
    case 'undecodable':
      return t('not valid UTF-8: not read as written');
  }
}

/** "Not read (N files)", in the user's language. */
const notReadHeading = (count: number) => (count === 1 ? t('Not read (1 file)') : t('Not read ({0} files)', count));

/** The closing section of a command's terminal text: a heading and one line per file (its name escaped: one line each); none when all was read. */
export function notReadText(files: readonly NotReadFile[]): string[] {
  if (files.length === 0) return [];
  return [`${notReadHeading(files.length)}:`, ...files.map((f) => `  ${terminalText(f.file)}: ${notReadWords(f.reason)}`)];
}

/** The notices' section of a command's terminal text: a heading and one line per notice, `file:line: notice`; none without one. */
export function noticeText(notices: readonly ReadNotice[]): string[] {
  if (notices.length === 0) return [];
  return [`${notices.length === 1 ? t('Read with a notice (1)') : t('Read with notices ({0})', notices.length)}:`, ...notices.map((n) => `  ${terminalText(`${n.file}:${n.line}`)}: ${terminalText(n.notice)}`)];
}

/** The JSON field: `notices: [{file, line, notice}]` when there is one, nothing when there is none. */
export function noticesJson(notices: readonly ReadNotice[]): { notices?: readonly ReadNotice[] } {
  return notices.length > 0 ? { notices } : {};
}

/** The same as a Markdown note. */
export function notReadMarkdown(files: readonly NotReadFile[]): string[] {
  if (files.length === 0) return [];
  return [`> **${notReadHeading(files.length)}**`, ...files.map((f) => `> - ${markdownText(f.file)}: ${notReadWords(f.reason)}`)];
}

/** A Markdown report with the note after it when a file was not read; as it was when all was. */
export function withNotReadNote(markdown: string, files: readonly NotReadFile[]): string {
  return files.length > 0 ? [markdown.trimEnd(), '', ...notReadMarkdown(files)].join('\n') : markdown;
}

/** The JSON field: `notRead: [{file, reason}]` when a file was not read, nothing when all was (the contract's fields as they were). */
export function notReadJson(files: readonly NotReadFile[]): { notRead?: readonly NotReadFile[] } {
  return files.length > 0 ? { notRead: files } : {};
}

/** SARIF's notifications of it (common/sarif.ts): each file with why, in words. */
export function sarifNotRead(files: readonly NotReadFile[]): { file: string; reason: string; text: string }[] {
  return files.map((f) => ({ ...f, text: `${f.file}: not read (${notReadWords(f.reason)})` }));
}
