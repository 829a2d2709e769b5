import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cacheDirectory } from '../../../src/disk/cacheFolder';
import { IndexCache } from '../../../src/platform/indexCache';
import { checkFiles, collectFiles, type FileResult } from '../../../src/platform/project';
import { readTextSync } from '../../../src/disk/readText';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { indexOptions } from '../../../src/service';
import { allFeatures, repoRoot } from '../../helpers';

const load = createRequire(__filename);
const monorepo = load(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as {
  generateMonorepo(dir: string, options: { files: number; adrs?: number }): unknown;
  appFolder(i: number): string;
};

const settings = normalizeSettings({ ...defaultSettings });
const maxBytes = indexOptions(settings).maxBytes;

function lines(results: FileResult[]): string[] {
  return results.flatMap((r) => r.diagnostics.map((d) => `${r.path}:${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`));
}

describe('persistent index cache', function () {
  this.timeout(120_000);
  let root: string;
  let cacheDir: string;
  let files: string[];
  const hour = new Date(Date.now() - 3600_000);

  before(async function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'archipel-index-'));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-cache-'));
    // A cross-file finding that must come out the same from the cached summaries.
    monorepo.generateMonorepo(root, { files: 30, adrs: 4 });
    writeFileSync(path.join(root, monorepo.appFolder(1), 'orphan.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: orphan\n  namespace: ns-00001\nspec:\n  selector:\n    app.kubernetes.io/name: nobody\n  ports:\n    - port: 80\n');
    files = (await collectFiles([root], settings, familyFiles())).files;
    // An hour old: a file whose mtime is within 2 s of a run's start is not kept (disk/kept.ts racy).
    for (const file of files) utimesSync(file, hour, hour);
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** Indexes every file through the cache (nothing diagnosed, so only the index reads); the files read. */
  async function indexOnly(): Promise<string[]> {
    const read: string[] = [];
    const cache = IndexCache.open(root, 'summaries', maxBytes, cacheDir);
    await checkFiles(files, allFeatures(), settings, [], kubernetesSummarizer, {
      cache,
      read: (file) => (read.push(file), readTextSync(file)),
      select: () => new Set(),
    });
    return read;
  }

  it('reads every file once, then only the files that changed', async function () {
    assert.equal((await indexOnly()).length, files.length);
    assert.deepEqual(await indexOnly(), []);
    const changed = path.join(root, monorepo.appFolder(2), 'worker.yaml');
    appendFileSync(changed, '# edited\n');
    utimesSync(changed, hour, hour);
    assert.deepEqual(await indexOnly(), [changed]);
    assert.deepEqual(await indexOnly(), []);
  });

  it('reads again a file rewritten with its old size and mtime, and keeps nothing of a file changed within 2 s of the run (#92)', async function () {
    await indexOnly();
    const changed = path.join(root, monorepo.appFolder(3), 'api.yaml');
    const text = readFileSync(changed, 'utf8');
    // The same size, the same mtime (cp -p, rsync -a, tar x): only its ctime tells.
    writeFileSync(changed, text.replace(/name: /, 'nAme: '));
    utimesSync(changed, hour, hour);
    assert.deepEqual(await indexOnly(), [changed]);
    assert.deepEqual(await indexOnly(), []);
    writeFileSync(changed, text);
    // Just written (and a future mtime alike): read by every run until it is older than the granularity.
    assert.deepEqual(await indexOnly(), [changed]);
    assert.deepEqual(await indexOnly(), [changed]);
    const future = new Date(Date.now() + 3600_000);
    utimesSync(changed, future, future);
    assert.deepEqual(await indexOnly(), [changed]);
    utimesSync(changed, hour, hour);
    assert.deepEqual(await indexOnly(), [changed]);
    assert.deepEqual(await indexOnly(), []);
  });

  it('gives the findings of a check without it', async function () {
    const features = allFeatures();
    const fresh = lines(await checkFiles(files, features, settings, [], kubernetesSummarizer));
    await indexOnly();
    const cached = lines(await checkFiles(files, features, settings, [], kubernetesSummarizer, { cache: IndexCache.open(root, 'summaries', maxBytes, cacheDir) }));
    assert.deepEqual(cached, fresh);
    assert.ok(fresh.some((line) => line.includes('k8s-service-no-match')), fresh.join('\n'));
  });

  it('ignores a corrupt cache file and writes it again', async function () {
    const cache = IndexCache.open(root, 'summaries', maxBytes, cacheDir);
    assert.ok(cache?.file && existsSync(cache.file));
    writeFileSync(cache.file, 'not a V8 serialisation');
    assert.equal(IndexCache.open(root, 'summaries', maxBytes, cacheDir)?.size, 0);
    assert.equal((await indexOnly()).length, files.length);
    assert.equal(IndexCache.open(root, 'summaries', maxBytes, cacheDir)?.size, files.length);
    assert.deepEqual(await indexOnly(), []);
  });

  it('removes cache files no run has written for 30 days, and abandoned temporary files', async function () {
    const folder = path.join(cacheDir, 'index');
    const old = Date.now() / 1000 - 40 * 24 * 3600;
    const stale = path.join(folder, '0123456789abcdef-summaries.v8');
    const abandoned = path.join(folder, '0123456789abcdef-summaries.v8.99999999.tmp');
    const recent = path.join(folder, 'fedcba9876543210-summaries.v8');
    for (const file of [stale, abandoned, recent]) writeFileSync(file, 'x');
    utimesSync(stale, old, old);
    utimesSync(abandoned, old, old);
    // A run that writes the cache anew (it was corrupt) prunes the folder.
    const cache = IndexCache.open(root, 'summaries', maxBytes, cacheDir);
    writeFileSync(cache?.file ?? '', 'corrupt');
    await indexOnly();
    assert.deepEqual([existsSync(stale), existsSync(abandoned), existsSync(recent)], [false, false, true]);
  });

  it('is off with ARCHIPEL_CACHE_DIR=off', function () {
    assert.equal(IndexCache.open(root, 'summaries', maxBytes, cacheDirectory({ ARCHIPEL_CACHE_DIR: 'off' }) ?? null), undefined);
  });
});
