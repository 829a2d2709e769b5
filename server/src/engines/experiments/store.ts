/**
 * The experiments of a repository as DVC stores them, read with Git and no Python: the refs under
 * `refs/exps/`, and for each commit (baseline or experiment) its params files and metrics. A
 * commit never changes, so what was read of it is kept in the cache folder (one JSON per
 * repository, keyed by commit) and the next `exp show` only lists refs and reads that file; a
 * commit whose metrics were not found in a cache is read again next time (a `dvc pull` may bring them).
 *
 * Metrics: a metrics file tracked by Git is read from the commit; one that is a DVC output (or
 * inside a folder output) is found through the commit's `dvc.lock` in DVC's cache (DVC 3's
 * `.dvc/cache/files/md5/`, DVC 2's `.dvc/cache/`) or in the cache Archipel's runs keep
 * (`.archipel/cache/`), else the row says "not in the cache: `dvc pull`".
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parsePipeline } from '../../pipeline/parse';
import { metricValues } from '../../pipeline/outputs';
import { parseParamsText } from '../../pipeline/paramsFile';
import { parseExpRef } from '../../experiments/refs';
import { DEFAULT_PARAMS_FILE } from '../../experiments/sweep';
import { flatten, NOT_IN_CACHE, type ExperimentRow, type Scalar } from '../../experiments/table';
import { parseLock, type Lock } from '../pipeline/lock';
import { keptPath, readKept, writeKept, type KeptKind } from '../../disk/kept';
import { blobsOf, CatFile, git } from './git';
import { READ_BOUNDS, readSideTextBounded, readTextBounded } from '../../disk/readText';


/** What is read of one commit. */
export interface CommitRecord {
  /** The commit's committer date (ISO 8601). */
  timestamp?: string;
  params: Record<string, Record<string, Scalar>>;
  metrics: Record<string, Record<string, Scalar>>;
  note?: string;
}

/** An experiment ref as listed: its commit, name, baseline, parent and date. */
export interface ExpEntry {
  commit: string;
  name: string;
  baseline: string;
  parent?: string;
  timestamp: string;
}

export interface ListedExperiments {
  head?: string;
  /** Branch names by commit (a baseline on a branch is shown by its name). */
  branches: Map<string, string>;
  experiments: ExpEntry[];
}

/**
 * The refs `exp show` is made of — the experiment refs and the branches, with one `for-each-ref` —
 * and HEAD: read once, for the rows and for the key of the kept output (show.ts, showKey).
 */
export interface RefListing {
  head: string | undefined;
  /** `for-each-ref`'s output (REF_FORMAT). */
  refs: string;
}

/** `%(HEAD)` marks the branch HEAD is on with `*` (a space for the others), just before its name. */
const REF_FORMAT = '--format=%(objectname) %(objecttype) %(committerdate:unix) %(parent) %(HEAD)%(refname)';

/** One field-split line of the listing: the ref's commit, type, date, first parent, name, and whether HEAD is on it. */
function refLine(line: string): { commit: string; type: string; date: string; parent: string | undefined; refname: string; head: boolean } {
  // The ref name is last: it is the one field that could hold a space (it cannot, but it is last anyway).
  const [commit, type, date, ...rest] = line.split(' ');
  const marked = rest.pop() ?? '';
  const head = marked.startsWith('*');
  return { commit, type, date, parent: rest[0], refname: head ? marked.slice(1) : marked, head };
}

/**
 * Lists the refs with one `for-each-ref`; HEAD is the commit of the branch it marks, undefined when
 * HEAD is on no branch (detached, or a branch without a commit).
 */
export async function listRefs(root: string): Promise<RefListing> {
  const { stdout } = await git(root, ['for-each-ref', REF_FORMAT, 'refs/exps/', 'refs/heads/']);
  let head: string | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.includes('*refs/heads/')) continue;
    const ref = refLine(line);
    if (ref.head && ref.type === 'commit' && ref.refname.startsWith('refs/heads/')) head = ref.commit;
  }
  return { head, refs: stdout };
}

/** Lists the refs; HEAD as `known` says when the caller has it already (repository.ts, gitState), else the branch's or asked of Git. */
export async function readRefs(root: string, known?: { head: string | undefined }): Promise<RefListing> {
  const listing = await listRefs(root);
  if (known) return { ...listing, head: known.head };
  if (listing.head !== undefined) return listing;
  const answer = await git(root, ['rev-parse', '--verify', '-q', 'HEAD^{commit}'], { allow: [1, 128] });
  return { ...listing, head: answer.stdout.trim() || undefined };
}

/** The experiments and the branches of a listing (read now when none is given). */
export async function listExperiments(root: string, listing?: RefListing): Promise<ListedExperiments> {
  const { refs, head } = listing ?? (await readRefs(root));
  const experiments: ExpEntry[] = [];
  const branches = new Map<string, string>();
  for (const line of refs.split('\n')) {
    if (!line) continue;
    const { commit, type, date, parent, refname } = refLine(line);
    if (type !== 'commit') continue;
    if (refname.startsWith('refs/heads/')) {
      if (!branches.has(commit)) branches.set(commit, refname.slice('refs/heads/'.length));
      continue;
    }
    const ref = parseExpRef(refname);
    if (!ref) continue;
    experiments.push({ commit, name: ref.name, baseline: ref.baseline, parent, timestamp: new Date(Number(date) * 1000).toISOString() });
  }
  return { head, branches, experiments };
}

/**
 * A commit's committer date (ISO 8601) from the commit object, as `git log --format=%ct` gives it:
 * the seconds after the committer line's last `>`.
 */
function committerDate(commit: Buffer | undefined): string | undefined {
  if (!commit) return undefined;
  const end = commit.indexOf('\n\n');
  const headers = commit.subarray(0, end < 0 ? commit.length : end).toString('utf8');
  const line = /^committer (.*)$/m.exec(headers)?.[1];
  const seconds = line === undefined ? undefined : /^ *(\d+)/.exec(line.slice(line.lastIndexOf('>') + 1))?.[1];
  return seconds === undefined ? undefined : new Date(Number(seconds) * 1000).toISOString();
}

/** A file-system-safe relative path inside the repository, '/' separated, or undefined. */
function inside(relative: string): string | undefined {
  const normal = path.posix.normalize(relative.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../') || path.posix.isAbsolute(normal) || /^[A-Za-z]:/.test(normal) || /[\n\r\0]/.test(normal)) return undefined;
  return normal.replace(/^\.\//, '');
}

/** What a commit's `dvc.yaml` says to read: params files and metrics files (relative to the repository). */
export function pipelineFiles(dvcYaml: string | undefined, hasDefaultParams: boolean): { params: string[]; metrics: string[] } {
  const params = new Set<string>();
  const metrics = new Set<string>();
  if (hasDefaultParams) params.add(DEFAULT_PARAMS_FILE);
  if (dvcYaml !== undefined) {
    const pipeline = parsePipeline(dvcYaml, path.resolve('/', 'dvc.yaml'));
    for (const stage of pipeline.stages) {
      for (const p of stage.params) {
        const file = inside(p.resolved);
        if (file) params.add(file);
      }
      for (const out of stage.outs) {
        const file = out.kind === 'metrics' && !out.url ? inside(out.resolved) : undefined;
        if (file) metrics.add(file);
      }
    }
    // The top-level `metrics:` list (DVC 3): files written by stages' outs, or tracked by Git.
    const top = parseParamsText(dvcYaml, 'dvc.yaml');
    const list = 'values' in top ? top.values.metrics : undefined;
    if (Array.isArray(list)) for (const m of list) if (typeof m === 'string') { const file = inside(m); if (file) metrics.add(file); }
  }
  return { params: [...params], metrics: [...metrics] };
}

/** The DVC caches a metrics object may be in, best first. */
function cacheCandidates(root: string, md5: string): string[] {
  const a = md5.slice(0, 2);
  const b = md5.slice(2);
  return [path.join(root, '.dvc', 'cache', 'files', 'md5', a, b), path.join(root, '.dvc', 'cache', a, b), path.join(root, '.archipel', 'cache', a, b)];
}

async function readCached(root: string, md5: string): Promise<string | undefined> {
  // A hash from a commit's lock (workspace content): never a path.
  if (!/^[0-9a-f]{32}(\.dir)?$/.test(md5)) return undefined;
  for (const file of cacheCandidates(root, md5)) {
    try {
      const stats = await fs.stat(file);
      if (stats.size > 5 * 1024 * 1024) return undefined;
      return await readSideTextBounded(file, READ_BOUNDS.config);
    } catch {
      // the next cache
    }
  }
  return undefined;
}

/** A metrics file that is a DVC output (or inside a folder output) of the commit's lock: its text from a cache. */
async function metricsFromCache(root: string, lock: Lock | undefined, file: string): Promise<string | undefined> {
  if (!lock) return undefined;
  for (const stage of lock.stages.values()) {
    for (const out of stage.outs) {
      const outPath = inside(out.path);
      if (!outPath) continue;
      if (outPath === file && !out.md5.endsWith('.dir')) return readCached(root, out.md5);
      if (file.startsWith(`${outPath}/`) && out.md5.endsWith('.dir')) {
        const manifest = await readCached(root, out.md5);
        if (manifest === undefined) return undefined;
        try {
          const entries = JSON.parse(manifest) as { md5?: string; relpath?: string }[];
          const entry = entries.find((e) => e.relpath === file.slice(outPath.length + 1));
          return entry?.md5 ? readCached(root, entry.md5) : undefined;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

/** Whether the lock records `file` as an output (or inside a folder output) of a stage. */
function lockRecords(lock: Lock | undefined, file: string): boolean {
  if (!lock) return false;
  for (const stage of lock.stages.values()) {
    for (const out of stage.outs) {
      const outPath = inside(out.path);
      if (outPath && (outPath === file || file.startsWith(`${outPath}/`))) return true;
    }
  }
  return false;
}

/**
 * Reads the params and metrics of commits, and their dates: two rounds of one `cat-file --batch`
 * for all of them (the commit objects and their `dvc.yaml`, `dvc.lock` and params.yaml, then the
 * files those name).
 */
export async function readCommits(root: string, commits: readonly string[]): Promise<Map<string, CommitRecord>> {
  const records = new Map<string, CommitRecord>();
  if (commits.length === 0) return records;
  const reader = new CatFile(root);
  try {
    return await readWith(reader, root, commits, records);
  } finally {
    reader.close();
  }
}

async function readWith(reader: CatFile, root: string, commits: readonly string[], records: Map<string, CommitRecord>): Promise<Map<string, CommitRecord>> {
  // The commit object of each (its date), then its three files: four objects per commit.
  const objects = await reader.read(commits.flatMap((c) => [c, `${c}:dvc.yaml`, `${c}:dvc.lock`, `${c}:${DEFAULT_PARAMS_FILE}`]));
  const dates = new Map(commits.map((c, i) => [c, objects[i * 4]?.type === 'commit' ? committerDate(objects[i * 4]?.data) : undefined]));
  const first = blobsOf(objects.filter((_, i) => i % 4 !== 0));
  // Experiments share their baseline's dvc.yaml: each distinct text is parsed once (1,000 commits, a few texts).
  const parsed = new Map<string, ReturnType<typeof pipelineFiles>>();
  const filesOf = (dvcYaml: string | undefined, hasDefault: boolean) => {
    const key = `${hasDefault ? 1 : 0}${dvcYaml ?? '\0'}`;
    let files = parsed.get(key);
    if (!files) parsed.set(key, (files = pipelineFiles(dvcYaml, hasDefault)));
    return files;
  };
  const plans = commits.map((commit, i) => {
    const dvcYaml = first[i * 3]?.toString('utf8');
    const lockBlob = first[i * 3 + 1];
    // Parsed only when a metrics file is not in the commit (then it says where the cache holds it).
    let lock: Lock | undefined | null = null;
    const lockOf = (): Lock | undefined => {
      if (lock !== null) return lock;
      try {
        lock = lockBlob === undefined ? undefined : parseLock(lockBlob.toString('utf8'));
      } catch {
        lock = undefined;
      }
      return lock;
    };
    const files = filesOf(dvcYaml, first[i * 3 + 2] !== undefined);
    return { commit, lockOf, files, defaultParams: first[i * 3 + 2] };
  });
  const names: string[] = [];
  for (const plan of plans) {
    for (const file of plan.files.params) if (file !== DEFAULT_PARAMS_FILE) names.push(`${plan.commit}:${file}`);
    for (const file of plan.files.metrics) names.push(`${plan.commit}:${file}`);
  }
  const second = blobsOf(await reader.read(names));
  let at = 0;
  for (const plan of plans) {
    const record: CommitRecord = { timestamp: dates.get(plan.commit), params: {}, metrics: {} };
    for (const file of plan.files.params) {
      const blob = file === DEFAULT_PARAMS_FILE ? plan.defaultParams : second[at++];
      if (blob === undefined) continue;
      const content = parseParamsText(blob.toString('utf8'), file);
      if ('values' in content) record.params[file] = flatten(content.values);
    }
    let missing = false;
    for (const file of plan.files.metrics) {
      const blob = second[at++];
      const text = blob?.toString('utf8') ?? (await metricsFromCache(root, plan.lockOf(), file));
      if (text === undefined) {
        // Said only of a file the commit's lock records (written by a run): one no stage of it ran is just absent.
        if (lockRecords(plan.lockOf(), file)) missing = true;
        continue;
      }
      const values = metricValues(text, file);
      if ('values' in values) record.metrics[file] = values.values;
    }
    if (missing) record.note = NOT_IN_CACHE;
    records.set(plan.commit, record);
  }
  return records;
}

/** The workspace's params and metrics, read from the files as they are now. */
export async function readWorkspace(root: string): Promise<CommitRecord> {
  const read = (file: string) => readSideTextBounded(path.join(root, file), READ_BOUNDS.config).catch(() => undefined);
  const dvcYaml = await read('dvc.yaml');
  const hasDefault = (await read(DEFAULT_PARAMS_FILE)) !== undefined;
  const files = pipelineFiles(dvcYaml, hasDefault);
  const record: CommitRecord = { params: {}, metrics: {} };
  for (const file of files.params) {
    const text = await read(file);
    const content = text === undefined ? undefined : parseParamsText(text, file);
    if (content && 'values' in content) record.params[file] = flatten(content.values);
  }
  for (const file of files.metrics) {
    const text = await read(file);
    const values = text === undefined ? undefined : metricValues(text, file);
    if (values && 'values' in values) record.metrics[file] = values.values;
  }
  return record;
}

/**
 * The commit records kept per repository in the cache folder (disk/kept.ts: one record, CRC-checked, of this build; a
 * file cut short, damaged or of another format is dropped and the commits read again). Its format is bumped when
 * what a record holds or how it is read changes: older cache files are ignored.
 */
export const RECORDS_KIND: KeptKind = { folder: 'experiments', suffix: '-records.v8', format: 4, maxBytes: READ_BOUNDS.config };

function loadRecords(file: string | undefined, key: string): Map<string, CommitRecord> {
  const kept: unknown = file === undefined ? undefined : readKept(RECORDS_KIND, file, key);
  const records: Map<string, CommitRecord> = kept instanceof Map ? (kept as Map<string, CommitRecord>) : new Map<string, CommitRecord>();
  return records;
}

function saveRecords(file: string, key: string, records: Map<string, CommitRecord>, wanted: ReadonlySet<string>): void {
  // Only complete records of commits still listed: a removed experiment's record goes with it.
  const kept = new Map([...records].filter(([commit, record]) => !record.note && wanted.has(commit)));
  writeKept(RECORDS_KIND, file, key, kept);
}

export interface ShowInput {
  /** The cache folder (disk/cacheFolder.ts), or undefined to read every commit each time. */
  cacheDir?: string;
  /** Include the workspace row (default true). */
  workspace?: boolean;
  /** The refs and HEAD when the caller has read them (readRefs): else read here. */
  refs?: RefListing;
}

/**
 * How long each experiment Archipel ran took (ms, written beside its lock by the runner), when
 * known: the locks folder is listed once and only the files there are read (1,000 experiments run
 * elsewhere were 1,000 failed opens, one after the other).
 */
async function runDurations(root: string): Promise<(commit: string) => Promise<number | undefined>> {
  const folder = path.join(root, '.archipel', 'experiments', 'locks');
  const names = new Set(await fs.readdir(folder).catch(() => [] as string[]));
  return async (commit) => (names.has(`${commit}.duration`) ? runDuration(path.join(folder, `${commit}.duration`)) : undefined);
}

async function runDuration(file: string): Promise<number | undefined> {
  const text = await readTextBounded(file, READ_BOUNDS.config).catch(() => undefined);
  const ms = text === undefined ? NaN : Number(text.slice(0, 20));
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Every row: the workspace, each baseline (HEAD first) followed by its experiments, newest first. */
export async function experimentRows(root: string, input: ShowInput = {}): Promise<ExperimentRow[]> {
  const listed = await listExperiments(root, input.refs);
  const baselines = [...new Set([...(listed.head ? [listed.head] : []), ...listed.experiments.map((e) => e.baseline)])];
  const wanted = new Set([...baselines, ...listed.experiments.map((e) => e.commit)]);
  const key = path.resolve(root);
  const file = input.cacheDir ? keptPath(RECORDS_KIND, key, input.cacheDir) : undefined;
  const records = loadRecords(file, key);
  const toRead = [...wanted].filter((c) => !records.has(c));
  const fresh = await readCommits(root, toRead);
  for (const [commit, record] of fresh) records.set(commit, record);
  if (file && fresh.size > 0) saveRecords(file, key, records, wanted);

  const rows: ExperimentRow[] = [];
  if (input.workspace !== false) rows.push({ kind: 'workspace', id: 'workspace', name: 'workspace', ...(await readWorkspace(root)) });
  const durationOf = await runDurations(root);
  const byBaseline = new Map<string, ExpEntry[]>();
  for (const e of listed.experiments) byBaseline.set(e.baseline, [...(byBaseline.get(e.baseline) ?? []), e]);
  for (const baseline of baselines) {
    const record = records.get(baseline) ?? { params: {}, metrics: {} };
    rows.push({ kind: 'baseline', id: baseline, name: listed.branches.get(baseline) ?? baseline.slice(0, 7), ...record });
    const exps = (byBaseline.get(baseline) ?? []).sort((a, b) => b.timestamp.localeCompare(a.timestamp) || a.name.localeCompare(b.name));
    for (const e of exps) {
      const r = records.get(e.commit) ?? { params: {}, metrics: {} };
      const duration = await durationOf(e.commit);
      rows.push({ kind: 'experiment', id: e.commit, name: e.name, baseline: e.baseline, ...r, timestamp: e.timestamp, ...(duration !== undefined ? { duration } : {}) });
    }
  }
  return rows;
}
