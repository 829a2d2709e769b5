// The index threads (platform/indexLoad.ts, indexWorker.ts): what they give the index is what
// reading on the main thread gives, in the same order; a thread that ends hands its work back; the
// language server's scan reads a second time only what changed (the persistent index cache).
import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { kubernetesObjects } from '../../../src/kubernetes/model/objects';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { indexFolder } from '../../../src/platform/diskIndex';
import { IndexCache } from '../../../src/platform/indexCache';
import { IndexThreads, indexThreadLimits, loadIndex, type LoadItem, type LoadOptions } from '../../../src/platform/indexLoad';
import { checkFiles, collectFiles, type FileResult } from '../../../src/platform/project';
import { readTextSync } from '../../../src/disk/readText';
import { fileUri } from '../../../src/platform/scan';
import { indexOptions } from '../../../src/service';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { wholeFiles } from '../../../src/workspace/summaries';
import { allFeatures, repoRoot } from '../../helpers';

const load = createRequire(__filename);
const monorepo = load(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as {
  generateMonorepo(dir: string, options: { files: number; adrs?: number }): unknown;
  appFolder(i: number): string;
};

const settings = normalizeSettings({ ...defaultSettings });
const { maxBytes } = indexOptions(settings);

function lines(results: FileResult[]): string[] {
  return results.flatMap((r) => [r.error ? `${r.path}: ${r.error}` : '', ...r.diagnostics.map((d) => `${r.path}:${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`)]).filter(Boolean);
}

/** What the index holds, file by file in its order: a summary's objects with their positions and facts, or a whole file's text. */
function snapshot(index: WorkspaceIndex): string[] {
  return [...index.files()].map((file) => {
    const objects = kubernetesObjects(file).map((o) => [o.kind, o.apiVersion, o.name, o.namespace, o.document, o.offset, o.range, (o as { json?: string }).json]);
    return JSON.stringify([file.uri, file.skipped ?? null, file.skipped === 'summary' ? '' : file.text, file.textProblem ?? null, objects]);
  });
}

describe('fileUri', function () {
  it('is pathToFileURL(file).href, for 20,000 random paths', function () {
    const alphabet = ['a', 'Z', '0', '_', '-', '.', '..', '/', '//', '~', '+', '=', ',', '@', ' ', '%', '#', '?', 'é', '\\', ':', '&', '!', '*'];
    let seed = 27;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let fast = 0;
    for (let i = 0; i < 20_000; i++) {
      let file = '/';
      for (let n = Math.floor(random() * 12); n > 0; n--) file += alphabet[Math.floor(random() * alphabet.length)];
      if (i % 3 === 0) file = `/work/.repo/apps/team-${i % 7}/app-${i}.yaml`;
      assert.equal(fileUri(file), pathToFileURL(file).href, file);
      if (fileUri(file) === `file://${file}`) fast++;
    }
    assert.ok(fast > 6000, `${fast} paths took the direct way`);
  });
});

describe('index threads', function () {
  this.timeout(120000);
  let root: string;
  let files: string[];
  let items: LoadItem[];

  before(async function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'archipel-threads-'));
    monorepo.generateMonorepo(root, { files: 300, adrs: 6 });
    // A cross-file finding, a file that stays whole (a Kustomization) and one that is not UTF-8.
    writeFileSync(path.join(root, monorepo.appFolder(1), 'orphan.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: orphan\n  namespace: ns-00001\nspec:\n  selector:\n    app.kubernetes.io/name: nobody\n  ports:\n    - port: 80\n');
    writeFileSync(path.join(root, monorepo.appFolder(2), 'kustomization.yaml'), 'resources:\n  - deployment.yaml\n');
    writeFileSync(path.join(root, monorepo.appFolder(3), 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n  namespace: ns-00003\n', 'latin1'));
    files = (await collectFiles([root], settings, familyFiles())).files;
    items = files.map((file, i) => ({ file, uri: pathToFileURL(file).href, context: i % 2 === 0 }));
  });

  after(function () {
    rmSync(root, { recursive: true, force: true });
  });

  async function loaded(options: Partial<LoadOptions>, list: readonly LoadItem[] = items): Promise<{ index: WorkspaceIndex; failed: string[] }> {
    const index = new WorkspaceIndex(indexOptions(settings));
    const failed: string[] = [];
    await loadIndex(index, list, { summarizer: kubernetesSummarizer, maxBytes, pace: () => undefined, failed: (item, message) => failed.push(message.startsWith(item.file) ? message : `${item.file}: ${message}`), ...options });
    return { index, failed };
  }

  it('gives the index the main thread gives, in the files’ order', async function () {
    const here = await loaded({});
    const threads = IndexThreads.for(kubernetesSummarizer, wholeFiles, { count: 2 });
    assert.ok(threads, 'the thread script is next to the compiled module');
    try {
      const there = await loaded({ threads });
      assert.deepEqual(snapshot(there.index), snapshot(here.index));
      assert.deepEqual(
        [...there.index.files()].map((f) => f.uri),
        items.map((i) => i.uri),
      );
      assert.ok([...there.index.files()].filter((f) => f.skipped === 'summary').length > 250, 'manifests are summarised');
      assert.equal(there.index.get(pathToFileURL(path.join(root, monorepo.appFolder(2), 'kustomization.yaml')).href)?.skipped, undefined);
    } finally {
      await threads.close();
    }
  });

  it('gives a check the findings of a check read on the main thread', async function () {
    const features = allFeatures();
    const here = lines(await checkFiles(files, features, settings, [], kubernetesSummarizer, { read: readTextSync }));
    const there = lines(await checkFiles(files, features, settings, [], kubernetesSummarizer, { threads: IndexThreads.for(kubernetesSummarizer, wholeFiles, { count: 2 }) }));
    assert.deepEqual(there, here);
    assert.ok(here.some((line) => line.includes('orphan.yaml') && line.includes('k8s-service-no-match')), here.join('\n'));
    assert.ok(here.some((line) => line.includes('latin1.yaml') && line.includes('file-encoding')), here.join('\n'));
  });

  it('reports a file that cannot be read and indexes the others', async function () {
    const missing = path.join(root, 'gone.yaml');
    const list = [...items.slice(0, 150), { file: missing, uri: pathToFileURL(missing).href, context: false }, ...items.slice(150)];
    const threads = IndexThreads.for(kubernetesSummarizer, wholeFiles, { count: 2 });
    try {
      const { index, failed } = await loaded({ threads }, list);
      assert.equal(failed.length, 1);
      assert.equal(failed[0], `${missing}: no such file`);
      assert.equal(index.size, items.length);
    } finally {
      await threads?.close();
    }
  });

  it('reads on the main thread the batches of a thread that ended', async function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-thread-dies-'));
    const script = path.join(dir, 'dies.js');
    writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const logged: string[] = [];
    const threads = IndexThreads.for(kubernetesSummarizer, wholeFiles, { count: 2, script, log: (m) => logged.push(m) });
    try {
      const there = await loaded({ threads });
      assert.deepEqual(snapshot(there.index), snapshot((await loaded({})).index));
      assert.ok(logged.some((m) => /index thread \d stopped unexpectedly/.test(m)), logged.join('\n'));
    } finally {
      await threads?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the language server’s scan: a second start reads only what changed', async function () {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-scan-cache-'));
    const saved = { dir: process.env.ARCHIPEL_CACHE_DIR, threshold: process.env.ARCHIPEL_SUMMARY_THRESHOLD };
    process.env.ARCHIPEL_CACHE_DIR = cacheDir;
    process.env.ARCHIPEL_SUMMARY_THRESHOLD = '0';
    const logs: string[] = [];
    const scan = async () => {
      const index = new WorkspaceIndex(indexOptions(settings));
      const result = await indexFolder(index, root, { exclude: [], extensions: ['.yaml', '.yml', '.md'], maxFiles: 250_000, maxBytes, isOpen: () => false, log: (m) => logs.push(m) });
      return { index, result };
    };
    try {
      const first = await scan();
      assert.equal(first.result.cached, 0);
      assert.equal(first.result.read, files.length);
      const second = await scan();
      assert.deepEqual({ cached: second.result.cached, read: second.result.read }, { cached: files.length, read: 0 });
      assert.deepEqual(snapshot(second.index), snapshot(first.index));
      // One file edited: read again, and appended to the cache (the file is not written anew).
      const edited = path.join(root, monorepo.appFolder(4), 'worker.yaml');
      const cacheFile = (await IndexCache.load(root, 'summaries', maxBytes, cacheDir))?.file ?? '';
      const before = readFileSync(cacheFile).length;
      appendFileSync(edited, '# edited\n');
      // Dated a minute back: a file written within the clock's grain of a run is read but not kept (disk/kept.ts's racy guard).
      const minute = new Date(Date.now() - 60_000);
      utimesSync(edited, minute, minute);
      const third = await scan();
      assert.deepEqual({ cached: third.result.cached, read: third.result.read }, { cached: files.length - 1, read: 1 });
      assert.ok(readFileSync(cacheFile).length > before);
      const fourth = await scan();
      assert.deepEqual({ cached: fourth.result.cached, read: fourth.result.read }, { cached: files.length, read: 0 });
      assert.deepEqual(snapshot(fourth.index), snapshot(third.index));
      assert.ok(logs.some((m) => /from the index cache/.test(m)), logs.join('\n'));
      // A cache file cut anywhere, or with a byte changed, gives the index a fresh read gives.
      const whole = readFileSync(cacheFile);
      for (let trial = 0; trial < 12; trial++) {
        const at = Math.floor(((trial + 1) / 13) * whole.length);
        writeFileSync(cacheFile, whole);
        if (trial % 2 === 0) truncateSync(cacheFile, at);
        else {
          const damaged = Buffer.from(whole);
          damaged[at] ^= 0x5a;
          writeFileSync(cacheFile, damaged);
        }
        const again = await scan();
        assert.deepEqual(snapshot(again.index), snapshot(third.index), `trial ${trial}`);
      }
    } finally {
      for (const [key, value] of [['ARCHIPEL_CACHE_DIR', saved.dir], ['ARCHIPEL_SUMMARY_THRESHOLD', saved.threshold]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('index threads: their heap', () => {
  it('starts a thread with a 64 MB young generation (V8 gives a worker 48) and its old generation bounded', async () => {
    const script = "const { parentPort, resourceLimits } = require('node:worker_threads'); parentPort.postMessage(resourceLimits);";
    const worker = new Worker(script, { eval: true, resourceLimits: indexThreadLimits() });
    const seen = await new Promise<Record<string, number>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(seen.maxYoungGenerationSizeMb, 64);
    assert.equal(seen.maxOldGenerationSizeMb, 512);
    assert.equal(indexThreadLimits(96).maxOldGenerationSizeMb, 96);
  });
});
