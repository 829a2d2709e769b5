/**
 * The privacy family's readers (issue #65): the fideslang taxonomy from the package, the scans of
 * data files (each file's sample classified once per version: size and modification time), and
 * whether a file is committed to the repository (not ignored by git, not tracked by DVC).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { READ_BOUNDS, readTextBoundedSync } from '../../disk/readText';
import { classifySample, DATA_FILE, type DataScanner, type ScanOutcome } from '../../privacy/scan';
import type { PrivacyHost } from '../../privacy/rules';
import { taxonomyOf, type Taxonomy } from '../../privacy/taxonomy';
import type { RecordDates } from '../../privacy/ropa';
import { git } from '../experiments/git';
import { SampleError, sampleTextData } from './sample';

const taxonomies = new Map<string, Taxonomy>();

/** schemas/fideslang/taxonomy.json of the package at `root`, read once. */
export function loadTaxonomy(root: string): Taxonomy {
  let taxonomy = taxonomies.get(root);
  if (!taxonomy) taxonomies.set(root, (taxonomy = taxonomyOf(JSON.parse(readTextBoundedSync(path.join(root, 'schemas', 'fideslang', 'taxonomy.json'), READ_BOUNDS.config)))));
  return taxonomy;
}

/** The most scans kept (the least recently used go first). */
const KEPT_SCANS = 512;

/**
 * A scanner of text data files (CSV, TSV, JSON Lines: read synchronously, for the editor's checks),
 * each scan kept until the file changes; each call's `roots`, the folders it may read in
 * (undefined: any, the files a user named). Parquet needs DuckDB: the CLI scans it (sampleData),
 * the editor does not.
 */
export function textScanner(thisYear: () => number): DataScanner {
  const kept = new Map<string, { size: number; mtimeMs: number; outcome: ScanOutcome }>();
  return (file, roots) => {
    if (!DATA_FILE.test(file) || /\.(parquet|pq)$/i.test(file)) return undefined;
    let stats;
    try {
      stats = statSync(file);
    } catch {
      return undefined;
    }
    const key = `${roots?.join('\0') ?? ''}\0${file}`;
    const known = kept.get(key);
    if (known?.size === stats.size && known.mtimeMs === stats.mtimeMs) return known.outcome;
    let outcome: ScanOutcome;
    try {
      outcome = classifySample(sampleTextData(file, roots), thisYear());
    } catch (error) {
      outcome = { error: error instanceof SampleError || error instanceof Error ? error.message : String(error) };
    }
    kept.delete(key);
    kept.set(key, { size: stats.size, mtimeMs: stats.mtimeMs, outcome });
    if (kept.size > KEPT_SCANS) kept.delete(kept.keys().next().value as string);
    return outcome;
  };
}

/** The repository holding `file`: the nearest folder above it with a `.git`, or undefined. */
function repositoryOf(file: string): string | undefined {
  let folder = path.dirname(file);
  for (let depth = 0; depth < 64; depth++) {
    if (existsSync(path.join(folder, '.git'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

/** Bytes of a .gitignore read (a larger one is not read: its rules are not applied). */
const MAX_IGNORE_BYTES = 1 << 20;

/**
 * Whether a file is committed to its repository: inside a git repository, not ignored by the
 * .gitignore files from the repository's root down to its folder, and not tracked by DVC (no
 * `<file>.dvc` beside it). Undefined outside a repository (nothing to say).
 */
export function committedChecker(): (file: string) => boolean | undefined {
  const ignores = new Map<string, Ignore | undefined>();
  const rulesOf = (folder: string): Ignore | undefined => {
    if (!ignores.has(folder)) {
      let rules: Ignore | undefined;
      try {
        rules = ignore().add(readTextBoundedSync(path.join(folder, '.gitignore'), MAX_IGNORE_BYTES));
      } catch {
        rules = undefined;
      }
      ignores.set(folder, rules);
    }
    return ignores.get(folder);
  };
  return (file) => {
    const repository = repositoryOf(file);
    if (!repository) return undefined;
    if (existsSync(`${file}.dvc`)) return false;
    let folder = repository;
    const parts = path.relative(repository, file).split(path.sep);
    for (let i = 0; i < parts.length; i++) {
      const rules = rulesOf(folder);
      const relative = parts.slice(i).join('/');
      // A folder on the way ignored ignores what is in it.
      for (let j = i + 1; j <= parts.length; j++) {
        const piece = parts.slice(i, j).join('/') + (j < parts.length ? '/' : '');
        if (rules?.ignores(piece)) return false;
      }
      if (rules?.ignores(relative)) return false;
      folder = path.join(folder, parts[i]);
    }
    return true;
  };
}

/**
 * What the privacy feature reads from the disk in a run (the language server, a check): the package's
 * taxonomy, the scans of the text data files the workspace names, whether a file is committed, whether
 * a path exists. `now`: the run's clock (the year dates of birth are judged against).
 */
export function privacyHost(root: string, now: () => Date): PrivacyHost {
  return { taxonomy: () => loadTaxonomy(root), scan: textScanner(() => now().getFullYear()), committed: committedChecker(), exists: existsSync };
}

/** At most this many manifests are asked of git for the record's dates (one `git log` each way). */
const MAX_DATED_FILES = 1000;

/**
 * The record of processing's dates (CNIL's « Date de création » and « Mise à jour ») from git: the
 * first commit that added one of the manifests and the last commit that changed one, as YYYY-MM-DD
 * committer dates. Paths go after `--` as literal pathspecs; no value becomes an option. Empty when
 * the files are not in a git repository or not committed (the record says so).
 */
export async function recordDates(files: readonly string[]): Promise<RecordDates> {
  const repository = files.length > 0 ? repositoryOf(files[0]) : undefined;
  if (!repository) return {};
  const paths = files.slice(0, MAX_DATED_FILES).filter((f) => repositoryOf(f) === repository).map((f) => path.relative(repository, f));
  const env = { GIT_LITERAL_PATHSPECS: '1' };
  try {
    const [last, added] = await Promise.all([
      git(repository, ['log', '--no-show-signature', '-1', '--format=%cs', '--end-of-options', 'HEAD', '--', ...paths], { env }),
      git(repository, ['log', '--no-show-signature', '--diff-filter=A', '--format=%cs', '--end-of-options', 'HEAD', '--', ...paths], { env }),
    ]);
    const dates = added.stdout.split('\n').filter(Boolean).sort();
    const updated = last.stdout.trim();
    return updated ? { created: dates[0] ?? updated, updated } : {};
  } catch {
    return {};
  }
}
