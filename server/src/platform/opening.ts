/**
 * The opening of a command's reading (issue #92): one `archipel.yaml` search, one set of settings and one listing for
 * `check`, `threats`, `privacy`, `diagram`, `cost` and `helm`. Each command had its own sequence: `cost` searched
 * archipel.yaml for its `cost` section alone, `privacy` listed with the defaults, the others with the kernel's settings,
 * so a folder left out of the reading was left out by some commands and read by others. Here the nearest archipel.yaml
 * at or above the first path (up to its project: disk/contextRoot.ts) is read once, through the one bounded, confined
 * read; its `files.exclude` globs join the settings' (`archipel.files.exclude`'s meaning: relative to the folder listed,
 * a bare name at any depth); every folder is listed by the same scanner (platform/scan.ts: git's rules, the excludes).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { FileMatcher } from '../common/fileSelector';
import { contextRoot } from '../disk/contextRoot';
import { readSideText } from '../disk/readText';
import { expandPaths, statOf } from '../engines/core/inputs';
import { t } from '../l10n/t';
import type { ArchipelSettings } from '../settings';
import { scanFolder, type KeptListings } from './scan';

/** The names archipel.yaml goes by, in the order they are looked for in a folder. */
const CONFIG_NAMES = ['archipel.yaml', 'archipel.yml'] as const;
/** archipel.yaml is a side file of the project: read within this bound. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The project's archipel.yaml, read once: its sections (empty when there is none) and what was wrong in it. */
export interface ProjectConfig {
  /** Its absolute path, when one was found. */
  readonly file?: string;
  /** Its top-level sections (`cost`, `files`, `blur`…), each as written. */
  readonly sections: Readonly<Record<string, unknown>>;
  /** `files.exclude`: globs left out of every command's listing. */
  readonly exclude: readonly string[];
  /** Problems, each `file:line: message` (the command says them on stderr; the rest of the file still applies). */
  readonly problems: readonly string[];
}

const NO_CONFIG: ProjectConfig = { sections: {}, exclude: [], problems: [] };

/** The folder a path's search starts in: the path if it is a folder, else its folder. */
function startFolder(absolute: string): string {
  return statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? absolute : path.dirname(absolute);
}

/**
 * The nearest archipel.yaml (or .yml) at or above the first of `paths` (the current folder when none), up to its project
 * (its repository, else the current folder: disk/contextRoot.ts): a file above the project is not the project's.
 */
export function projectConfig(paths: readonly string[]): ProjectConfig {
  const first = path.resolve(paths[0] ?? '.');
  const start = startFolder(first);
  const top = contextRoot(start, true);
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      const read = readSideText(file, MAX_CONFIG_BYTES);
      if ('text' in read) return configOf(file, read.text);
      // Refused (over the bound, outside): said by the ledger; the search stops at the first one there.
      if (read.refused !== 'missing') return { ...NO_CONFIG, file };
    }
    const parent = path.dirname(dir);
    if (dir === top || parent === dir || path.relative(top, parent).startsWith('..')) return NO_CONFIG;
  }
}

/** archipel.yaml's text as the project's configuration. */
function configOf(file: string, text: string): ProjectConfig {
  const shown = path.relative(process.cwd(), file) || file;
  // Aliases bounded (an alias bomb costs one problem, not the run); the yaml package never writes to the terminal.
  const document = parseDocument(text, { logLevel: 'error', prettyErrors: false });
  const problems: string[] = [];
  for (const error of document.errors) problems.push(`${shown}:${(error.linePos?.[0].line ?? 1)}: ${error.message.split('\n')[0]}`);
  if (document.errors.length > 0) return { file, sections: {}, exclude: [], problems };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { file, sections: {}, exclude: [], problems: [`${shown}:1: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const sections = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const files = sections.files;
  const given = files !== null && typeof files === 'object' && !Array.isArray(files) ? (files as Record<string, unknown>).exclude : undefined;
  const exclude = Array.isArray(given) ? given.filter((glob): glob is string => typeof glob === 'string' && glob !== '') : [];
  if (given !== undefined && (!Array.isArray(given) || exclude.length !== given.length)) problems.push(`${shown}:${lineOf(text, 'exclude')}: ${t('files.exclude expects a list of glob patterns')}`);
  return { file, sections, exclude, problems };
}

/** The line of the first `key:` of a text (1-based; 1 when it is not there): where a problem with its value is said. */
function lineOf(text: string, key: string): number {
  const at = text.search(new RegExp(`^\\s*${key}\\s*:`, 'm'));
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/** `settings` with the project's excludes: the command's settings, the same for every command. */
export function withProjectExcludes<S extends ArchipelSettings>(settings: S, config: ProjectConfig): S {
  if (config.exclude.length === 0) return settings;
  return { ...settings, files: { ...settings.files, exclude: [...settings.files.exclude, ...config.exclude] } };
}

/** A command's opened project: its configuration, its settings, and the files of its paths, listed one way. */
export interface OpenedProject {
  readonly config: ProjectConfig;
  /** The command's settings with the project's excludes. */
  readonly settings: ArchipelSettings;
  /** Lists a folder's files that `files` selects (every folder once), by git's rules and the excludes. */
  readonly scan: FolderScanner;
  /** The same listing for another selection of files (privacy's data files). */
  readonly scanner: (files: FileMatcher) => FolderScanner;
  /** The paths' files: each folder's listing, each file named as itself (absolute). */
  readonly files: string[];
  /** The paths that do not exist. */
  readonly missing: string[];
  /** The files of the paths' projects (their cross-file context: platform/project.ts collectContext), listed the same way. */
  readonly context: () => Promise<string[]>;
}

export interface OpeningOptions {
  /** The command's settings (the kernel's, or check's with its options). */
  settings: ArchipelSettings;
  /** The files the command's families read. */
  files: FileMatcher;
  /** The configuration, when the caller searched it already (check keys its kept tables by the settings). */
  config?: ProjectConfig;
  /** The folders' listings kept between runs (platform/indexCache.ts ListingCache). */
  listings?: KeptListings;
  /** Where the configuration's problems are said (default: not said, the caller says them). */
  err?: (text: string) => void;
}

/** Opens the project of `paths` (default the current folder) for a command: one configuration, one settings, one listing. */
export async function openProject(paths: readonly string[], options: OpeningOptions): Promise<OpenedProject> {
  const given = paths.length > 0 ? paths : ['.'];
  const config = options.config ?? projectConfig(given);
  if (!options.config) for (const problem of config.problems) options.err?.(problem);
  const settings = withProjectExcludes(options.settings, config);
  const scanner = (files: FileMatcher) => folderScanner(settings, files, options.listings);
  const scan = scanner(options.files);
  const { found, missing } = await expandPaths(given, scan);
  let context: Promise<string[]> | undefined;
  return { config, settings, scan, scanner, files: found.map((f) => f.file), missing, context: () => (context ??= collectContext(given, settings, options.files, scan)) };
}

/** Expands the given paths (files and folders) into the YAML files a check covers. */
export async function collectFiles(
  paths: readonly string[],
  settings: ArchipelSettings,
  files: FileMatcher,
  scan: FolderScanner = folderScanner(settings, files),
): Promise<{ files: string[]; missing: string[] }> {
  const { found, missing } = await expandPaths(paths, scan);
  return { files: found.map((f) => f.file), missing };
}

export type FolderScanner = (folder: string) => Promise<string[]>;

/**
 * Lists the indexed files of folders, each folder once: `collectFiles` and `collectContext` given
 * the same scanner list a repository's root once when it is both the checked path and the context
 * (`archipel check .` at the top of a repository; 190 ms of a 2,000-folder check).
 */
export function folderScanner(settings: ArchipelSettings, files: FileMatcher, listings?: KeptListings): FolderScanner {
  // No file limit: the paths were named on the command line (the editor's index has archipel.files.maxFiles).
  const options = { exclude: settings.files.exclude, files, maxFiles: Infinity, listings };
  const scans = new Map<string, Promise<string[]>>();
  return (folder) => {
    let scan = scans.get(folder);
    if (!scan) {
      scan = scanFolder(folder, options);
      scans.set(folder, scan);
    }
    return scan;
  };
}

/** The files of the context roots of the given paths: indexed for cross-file rules, not reported. */
export async function collectContext(
  paths: readonly string[],
  settings: ArchipelSettings,
  files: FileMatcher,
  scan: FolderScanner = folderScanner(settings, files),
): Promise<string[]> {
  const found = new Set<string>();
  for (const root of await contextRoots(paths)) for (const file of await scan(root)) found.add(file);
  return [...found];
}

/** The context roots of the given paths: where their cross-file context comes from, and where their side files may be read. */
export async function contextRoots(paths: readonly string[]): Promise<string[]> {
  const roots = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    const info = await statOf(absolute).catch(() => undefined);
    if (info) roots.add(contextRoot(absolute, info.isDirectory()));
  }
  return [...roots];
}
