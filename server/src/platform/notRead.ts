/**
 * The ledger of what a reading did not read, and why (issue #92): a file over `archipel.validation.maxFileSizeKb`, a
 * side file outside the workspace or over its bound, a template, a file stopped past its budget, and what a family
 * says it did not read (a registry module not fetched: `addNotReadSource`). An answer that depends on a file it did
 * not read says so, never a silent zero: `archipel diff` lists such a file changed on either side as a change not
 * judged, and its `--fail-on` fails closed on it.
 */
import { fileURLToPath } from 'node:url';
import { onSideFileRefused } from '../disk/readText';
import type { WorkspaceIndex } from '../workspace/index';
import { byCodeUnit } from '../common/order';

/**
 * Why a file was not read: `too-large` (over its bound), `outside` (outside the workspace, a link leading out),
 * `template` (a templated file no family reads as it is), `budget` (stopped past its time budget), `not-fetched` (a
 * remote base or a registry module not fetched), `no-family` (a kind of file no family reads).
 */
export type NotReadReason = 'too-large' | 'outside' | 'template' | 'budget' | 'not-fetched' | 'no-family';

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

const pathOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);

/** A reading's ledger: each file once, with the first reason told. */
export class ReadLedger {
  private readonly files = new Map<string, NotReadReason>();

  add(file: string, reason: NotReadReason): void {
    if (!this.files.has(file)) this.files.set(file, reason);
  }

  /**
   * The index's entries not read (over the bound, stopped past its budget) and what the families' sources say. A
   * template the index holds unparsed is not counted here: the family whose template it is reads it its own way (the
   * Helm family renders a chart's templates for the map); a family that cannot says so through its source.
   */
  addIndex(index: WorkspaceIndex): void {
    for (const entry of index.files()) {
      const reason = entry.skipped === 'too-large' ? 'too-large' : entry.skipped === 'stopped' ? 'budget' : undefined;
      if (reason) this.add(pathOf(entry.uri), reason);
    }
    for (const source of sources) for (const { uri, reason } of source(index)) this.add(pathOf(uri), reason);
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

  /** The files, in code-unit order of their path. */
  list(): NotReadFile[] {
    return [...this.files].map(([file, reason]) => ({ file, reason })).sort((a, b) => byCodeUnit(a.file, b.file));
  }
}

/** The words of a reason, for a person. */
export function notReadWords(reason: NotReadReason): string {
  return {
    'too-large': 'over its size bound (archipel.validation.maxFileSizeKb, maxSideFileKb)',
    outside: 'outside the workspace',
    template: 'a template',
    budget: 'stopped past its time budget',
    'not-fetched': 'remote, not fetched',
    'no-family': 'no family reads this kind of file',
  }[reason];
}
