/**
 * The charts of a chart's charts/ folder the workspace index does not hold, loaded as Helm loads
 * them: a packaged dependency (`charts/<name>-<version>.tgz`, what `helm dependency build` writes),
 * read in memory (archive.ts), and a chart folder the index leaves out (a `.gitignore` listing
 * `charts/*`, as kube-prometheus-stack's does: Git's ignore rules are nothing to Helm). Each is a
 * small index of its own (its `home`), so its files, its values and its own charts/ are read as a
 * workspace chart's are. Read through the family's reader (bounded, confined), kept while the side
 * files are unchanged (or, where their changes are not reported, while their bytes are).
 */
import { createHash } from 'node:crypto';
import { WorkspaceIndex } from '../workspace/index';
import { MAX_ENTRY_BYTES, MAX_UNPACKED_BYTES, readChartArchive } from './archive';
import { chartAt, type ChartLayout } from './chart';
import type { HelmReader } from './context';

/** A chart's file as big as the index takes (larger ones are kept as text and skipped, as in the workspace). */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
/** Files of one chart folder read from disk (a chart holds tens). */
const MAX_FOLDER_FILES = 2000;
/** Archives of one charts/ folder. */
const MAX_ARCHIVES = 200;

/** A chart of charts/ loaded beside the index: its layout (in its own `home`), or why it could not be read. */
export type Packaged = { file: string; layout: ChartLayout } | { file: string; error: string };

const isTemplate = (uri: string, text: string) => /\/templates\//.test(uri) && text.includes('{{');

/** The archives held inside a chart read from an archive (a packaged chart's own charts/*.tgz), by URI. */
const nestedArchives = new WeakMap<WorkspaceIndex, Map<string, Buffer>>();

/** The reader of a chart's other files (.Files): a packaged chart's are in its archive, not on disk. */
export function readerFor(layout: ChartLayout, reader: HelmReader): HelmReader {
  if (!nestedArchives.has(layout.home)) return reader;
  const home = layout.home;
  return {
    listFiles: (folder) => {
      const found: string[] = [];
      for (const file of home.files()) if (file.uri.startsWith(folder)) found.push(decodeURIComponent(file.uri.slice(folder.length)));
      return found.length > 0 ? found.sort() : undefined;
    },
    readText: (uri) => home.get(uri)?.text,
    readBytes: (uri, limit) => {
      const text = home.get(uri)?.text;
      return text === undefined || Buffer.byteLength(text) > limit ? undefined : Buffer.from(text, 'utf8');
    },
  };
}

/** A chart's files as an index of their own, rooted at `root`; its layout. */
function homeOf(root: string, files: ReadonlyMap<string, Buffer>): ChartLayout | undefined {
  const home = new WorkspaceIndex({ maxBytes: MAX_TEXT_BYTES, isTemplate });
  const archives = new Map<string, Buffer>();
  for (const [path, bytes] of files) {
    const uri = root + path.split('/').map(encodeURIComponent).join('/');
    if (path.endsWith('.tgz')) archives.set(uri, bytes);
    else home.update(uri, bytes.toString('utf8'), { context: true });
  }
  nestedArchives.set(home, archives);
  return chartAt(home, root);
}

interface Kept {
  digest: string;
  found: Packaged;
}
const kept = new WeakMap<WorkspaceIndex, { sideGeneration: number | undefined; byFile: Map<string, Kept> }>();

const digestOf = (parts: readonly (string | Buffer)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/** The charts in `layout`'s charts/ that `index` does not hold: its archives, and its chart folders the index left out. */
export function packagedCharts(index: WorkspaceIndex, layout: ChartLayout, reader: HelmReader | undefined): Packaged[] {
  const nested = nestedArchives.get(layout.home);
  if (nested) return fromArchive(layout, nested);
  if (!reader) return [];
  const listed = reader.listFiles(`${layout.root}charts/`);
  if (!listed) return [];
  let entry = kept.get(index);
  const sideGeneration = index.sideFileGeneration;
  if (!entry) kept.set(index, (entry = { sideGeneration, byFile: new Map() }));
  const reuse = sideGeneration !== undefined && entry.sideGeneration === sideGeneration;
  entry.sideGeneration = sideGeneration;
  const found: Packaged[] = [];
  const folders = new Map<string, string[]>();
  for (const path of listed) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      if (path.endsWith('.tgz') && found.length < MAX_ARCHIVES) found.push(cached(entry.byFile, `${layout.root}charts/${encodeURIComponent(path)}`, reuse, (uri) => archiveAt(reader, uri, path)));
      continue;
    }
    const folder = path.slice(0, slash);
    if (!folders.has(folder)) folders.set(folder, []);
    folders.get(folder)!.push(path.slice(slash + 1));
  }
  for (const [folder, paths] of folders) {
    const root = `${layout.root}charts/${encodeURIComponent(folder)}/`;
    // A folder the index holds is the workspace's chart (chart.ts); one it left out is loaded from disk, as Helm loads it.
    if (!paths.includes('Chart.yaml') || chartAt(index, root) || layout.subcharts.includes(root)) continue;
    found.push(cached(entry.byFile, root, reuse, () => folderAt(reader, root, paths)));
  }
  return found;
}

/** A kept chart while the side files are unchanged, or while its bytes are the same. */
function cached(byFile: Map<string, Kept>, uri: string, reuse: boolean, read: (uri: string) => { digest: string; load: () => Packaged } | Packaged): Packaged {
  const before = byFile.get(uri);
  if (before && reuse) return before.found;
  const got = read(uri);
  if (!('digest' in got)) return got;
  if (before?.digest === got.digest) return before.found;
  const found = got.load();
  byFile.set(uri, { digest: got.digest, found });
  return found;
}

function archiveAt(reader: HelmReader, uri: string, file: string): { digest: string; load: () => Packaged } | Packaged {
  const bytes = reader.readBytes(uri, MAX_UNPACKED_BYTES);
  if (!bytes) return { file, error: 'it cannot be read' };
  return { digest: digestOf([bytes]), load: () => loadArchive(uri, file, bytes) };
}

function loadArchive(uri: string, file: string, bytes: Buffer): Packaged {
  const read = readChartArchive(bytes);
  if ('error' in read) return { file, error: read.error };
  const layout = homeOf(`${uri}/${encodeURIComponent(read.top)}/`, read.files);
  return layout ? { file, layout } : { file, error: 'no Chart.yaml in it' };
}

function folderAt(reader: HelmReader, root: string, paths: readonly string[]): { digest: string; load: () => Packaged } | Packaged {
  const file = decodeURIComponent(root.slice(0, -1).replace(/^.*\//, ''));
  if (paths.length > MAX_FOLDER_FILES) return { file, error: `more than ${MAX_FOLDER_FILES} files` };
  const files = new Map<string, Buffer>();
  let total = 0;
  for (const path of paths) {
    const bytes = reader.readBytes(root + path.split('/').map(encodeURIComponent).join('/'), MAX_ENTRY_BYTES);
    if (!bytes) continue;
    total += bytes.length;
    if (total > MAX_UNPACKED_BYTES) return { file, error: `more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB` };
    files.set(path, bytes);
  }
  return {
    digest: digestOf([...files].flatMap(([p, b]) => [p, b])),
    load: () => {
      const layout = homeOf(root, files);
      return layout ? { file, layout } : { file, error: 'no Chart.yaml in it' };
    },
  };
}

/** Each nested archive loaded once (its bytes are held by its packaged parent, itself kept). */
const loadedNested = new WeakMap<Buffer, Packaged>();

/** The archives of a packaged chart's own charts/ (held in memory with it). */
function fromArchive(layout: ChartLayout, nested: ReadonlyMap<string, Buffer>): Packaged[] {
  const prefix = `${layout.root}charts/`;
  const found: Packaged[] = [];
  for (const [uri, bytes] of nested) {
    const rest = uri.slice(prefix.length);
    if (!uri.startsWith(prefix) || rest.includes('/') || found.length >= MAX_ARCHIVES) continue;
    let loaded = loadedNested.get(bytes);
    if (!loaded) loadedNested.set(bytes, (loaded = loadArchive(uri, decodeURIComponent(rest), bytes)));
    found.push(loaded);
  }
  return found;
}
