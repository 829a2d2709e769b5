// The folders' listings kept between runs (platform/indexCache.ts ListingCache, platform/scan.ts KeptListings; issue
// #84): a warm check stats its folders instead of listing them; a folder whose entries were added, removed or renamed
// (its mtime moved) is listed again, and the scan's files are those of a scan without the cache.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListingCache } from '../../../src/platform/indexCache';
import type { FolderStamp } from '../../../src/disk/kept';
import { scanFolder, type KeptListings, type ListedEntry } from '../../../src/platform/scan';
import { FileMatcher } from '../../../src/common/fileSelector';
import { familyFiles } from '../../../src/families/index';
import { makeTree } from '../../tempdir';

/** Folders of the tree (`''`: its root), made a minute old (a folder changed within the last 2 s is not kept: RACY_MS). */
function age(root: string, folders: readonly string[]): void {
  const then = new Date(Date.now() - 60_000);
  for (const folder of folders) utimesSync(path.join(root, folder), then, then);
}

/** `cache`, counting the folders listed again (their paths from `root`, sorted) and those answered from it. */
function counting(cache: ListingCache, root: string): { listings: KeptListings; listed: () => string[]; kept: () => number } {
  const listed: string[] = [];
  let kept = 0;
  const listings: KeptListings = {
    get: (dir: string, stamp: FolderStamp) => {
      const entries = cache.get(dir, stamp);
      if (entries) kept++;
      return entries;
    },
    set: (dir: string, stamp: FolderStamp, entries: readonly ListedEntry[]) => {
      listed.push(path.relative(root, dir).split(path.sep).join('/'));
      cache.set(dir, stamp, entries);
    },
  };
  return { listings, listed: () => listed.sort(), kept: () => kept };
}

describe('the folders\' listings kept between runs (#84)', function () {
  this.timeout(120000);
  let root: string;
  let cacheDir: string;
  const folders = Array.from({ length: 1000 }, (_, i) => `f/${String(i).padStart(4, '0')}`);

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'archipel-listing-'));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-listing-cache-'));
    for (const folder of folders) {
      mkdirSync(path.join(root, folder), { recursive: true });
      writeFileSync(path.join(root, folder, 'a.yaml'), 'a: 1\n');
    }
    writeFileSync(path.join(root, '.gitignore'), 'ignored.yaml\n');
    age(root, ['', 'f', ...folders]);
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** A scan through the kept listings (opened, then saved), with what it listed again and found kept. */
  async function run(): Promise<{ files: string[]; listed: string[]; kept: number }> {
    const cache = ListingCache.open(root, cacheDir)!;
    const { listings, listed, kept } = counting(cache, root);
    const files = await scanFolder(root, { listings });
    cache.save();
    return { files, listed: listed(), kept: kept() };
  }

  it('lists every folder once, then none while their mtimes stay, with the files of a scan without it', async () => {
    const cold = await run();
    assert.equal(cold.listed.length, 1002);
    assert.equal(cold.kept, 0);
    const warm = await run();
    assert.deepEqual([warm.listed, warm.kept], [[], 1002]);
    assert.deepEqual(warm.files, await scanFolder(root));
    assert.deepEqual(cold.files, warm.files);
    assert.equal(warm.files.length, 1000);
  });

  it('lists again the folders whose entries were added, removed or renamed, files and folders alike, and finds what a scan without it finds', async () => {
    await run();
    writeFileSync(path.join(root, 'f/0001/new.yaml'), 'b: 1\n');
    rmSync(path.join(root, 'f/0002/a.yaml'));
    renameSync(path.join(root, 'f/0003/a.yaml'), path.join(root, 'f/0003/b.yaml'));
    mkdirSync(path.join(root, 'f/0004/sub'));
    writeFileSync(path.join(root, 'f/0004/sub/c.yaml'), 'c: 1\n');
    rmSync(path.join(root, 'f/0005'), { recursive: true });
    renameSync(path.join(root, 'f/0006'), path.join(root, 'f/0006x'));
    writeFileSync(path.join(root, 'f/0007/ignored.yaml'), 'd: 1\n');
    const changed = await run();
    assert.deepEqual(changed.listed, ['f', 'f/0001', 'f/0002', 'f/0003', 'f/0004', 'f/0004/sub', 'f/0006x', 'f/0007']);
    assert.equal(changed.kept, 1002 - 8);
    const plain = await scanFolder(root);
    assert.deepEqual(changed.files, plain);
    const names = (files: string[]) => files.filter((file) => /f[/\\]000[1-7]/.test(file)).map((file) => path.relative(root, file).split(path.sep).join('/'));
    assert.deepEqual(names(plain), ['f/0001/a.yaml', 'f/0001/new.yaml', 'f/0003/b.yaml', 'f/0004/a.yaml', 'f/0004/sub/c.yaml', 'f/0006x/a.yaml', 'f/0007/a.yaml']);
    // Once they are old enough to trust, every folder is kept again; the removed and renamed ones dropped out.
    const touched = ['f', 'f/0001', 'f/0002', 'f/0003', 'f/0004', 'f/0004/sub', 'f/0006x', 'f/0007'];
    age(root, touched);
    const settled = await run();
    assert.deepEqual(settled.listed, touched);
    const again = await run();
    assert.deepEqual([again.listed, again.kept], [[], 1002]);
    assert.deepEqual(again.files, plain);
  });

  it('lists again a folder whose mtime was set back after an entry came or went (its ctime moved): never its mtime alone (#92)', async () => {
    await run();
    const then = new Date(Date.now() - 60_000);
    writeFileSync(path.join(root, 'f/0010/hidden.yaml'), 'b: 1\n');
    renameSync(path.join(root, 'f/0011/a.yaml'), path.join(root, 'f/0012/moved.yaml'));
    for (const folder of ['f/0010', 'f/0011', 'f/0012']) utimesSync(path.join(root, folder), then, then);
    const warm = await run();
    assert.deepEqual(warm.listed, ['f/0010', 'f/0011', 'f/0012']);
    assert.deepEqual(warm.files, await scanFolder(root));
    assert.ok(warm.files.includes(path.join(root, 'f/0010/hidden.yaml')) && !warm.files.includes(path.join(root, 'f/0011/a.yaml')));
  });

  it('drops a damaged or cut-short listing file and lists again, with the files of a scan without it (#92)', async () => {
    await run();
    const file = readdirSync(path.join(cacheDir, 'index')).find((name) => name.endsWith('-listing.v8'))!;
    const whole = readFileSync(path.join(cacheDir, 'index', file));
    for (const damaged of [whole.subarray(0, whole.length >> 1), Buffer.concat([whole.subarray(0, 20), Buffer.from('garbage'), whole.subarray(27)]), Buffer.from('not a kept file')]) {
      writeFileSync(path.join(cacheDir, 'index', file), damaged);
      const again = await run();
      assert.equal(again.listed.length, 1002);
      assert.deepEqual(again.files, await scanFolder(root));
    }
  });

  it('walks as the scan without it does: .gitignore at every level, excludes, sniffed candidates, skipped folders', async () => {
    const tree = makeTree({
      '.gitignore': 'generated/\n*.secret.yaml\n',
      'k8s/app.yaml': 'a: 1',
      'k8s/db.secret.yaml': 'a: 1',
      'generated/out.yaml': 'a: 1',
      'nested/.gitignore': 'local.yaml\n',
      'nested/local.yaml': 'a: 1',
      'nested/kept.yaml': 'a: 1',
      'dist/bundle.yaml': 'a: 1',
      'node_modules/pkg/chart.yaml': 'a: 1',
      'dashboards/api.json': '{"panels": [], "schemaVersion": 39}',
      'dashboards/other.json': '{"name": "x"}',
      'docker/Dockerfile': 'FROM node:20\n',
      'docs/adr/0001-use-x.md': '# 1. Use X\n',
    });
    try {
      // Every family's selector, and one that sniffs JSON candidates (a dashboard's `panels`).
      const sniffing = new FileMatcher([{ extensions: ['.yaml'], sniff: { candidates: { extensions: ['.json'] }, claims: (head) => head.includes('"panels"') } }]);
      const relative = (found: string[]) => found.map((file) => path.relative(tree.root, file).split(path.sep).join('/'));
      const expected = {
        every: ['.gitignore', 'dashboards/api.json', 'dashboards/other.json', 'dist/bundle.yaml', 'docker/Dockerfile', 'docs/adr/0001-use-x.md', 'k8s/app.yaml', 'nested/.gitignore', 'nested/kept.yaml'],
        sniffing: ['dashboards/api.json', 'dist/bundle.yaml', 'k8s/app.yaml', 'nested/kept.yaml'],
      };
      for (const [name, files] of [['every', familyFiles()], ['sniffing', sniffing]] as const) {
        for (const exclude of [[], ['**/dist']]) {
          const cache = ListingCache.open(tree.root, cacheDir)!;
          const kept = await scanFolder(tree.root, { files, exclude, listings: cache });
          assert.deepEqual(kept, await scanFolder(tree.root, { files, exclude }));
          assert.deepEqual(relative(kept), expected[name].filter((file) => exclude.length === 0 || !file.startsWith('dist/')), `${name} ${exclude.join()}`);
        }
      }
    } finally {
      tree.remove();
    }
  });

  it('keeps nothing for a tree of fewer folders than it pays for, and nothing when the speed-only caches are off', async () => {
    const small = mkdtempSync(path.join(os.tmpdir(), 'archipel-listing-small-'));
    try {
      mkdirSync(path.join(small, 'k8s'));
      writeFileSync(path.join(small, 'k8s', 'app.yaml'), 'a: 1\n');
      age(small, ['', 'k8s']);
      for (let round = 0; round < 2; round++) {
        const cache = ListingCache.open(small, cacheDir)!;
        const { listings, listed } = counting(cache, small);
        assert.equal((await scanFolder(small, { listings })).length, 1);
        cache.save();
        assert.deepEqual(listed(), ['', 'k8s']);
      }
      assert.equal(ListingCache.open(small, null), undefined);
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });
});
