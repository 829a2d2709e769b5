// The parsed-pipeline and parsed-lock cache (engines/pipeline/parseCache.ts) only saves time: a
// change to the pipeline file, to a params file it read or to the lock is always seen, and a
// damaged cache file is parsed around.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadPipeline } from '../../../src/engines/pipeline/load';
import { readLock } from '../../../src/engines/pipeline/lock';
import { parseCacheFile } from '../../../src/engines/pipeline/parseCache';
import { makeTree } from '../../tempdir';

const LOCK = (md5: string) => `schema: '2.0'\nstages:\n  a:\n    cmd: echo a\n    deps:\n    - path: in.txt\n      hash: md5\n      md5: ${md5}\n      size: 1\n`;

describe('pipeline parse cache', () => {
  it('reuses a parse, yet sees an edited pipeline file and an edited params file', async () => {
    const { root, remove } = makeTree({ 'dvc.yaml': 'stages:\n  a:\n    cmd: echo a\n    params:\n      - lr\n', 'params.yaml': 'lr: 1\n' });
    const file = path.join(root, 'dvc.yaml');
    const first = await loadPipeline(file, false);
    const cached = parseCacheFile(file, 'parsed');
    assert.ok(cached && existsSync(cached), `the parse is kept in the cache folder: ${cached}`);
    // Never in the workspace: a repository could commit a cache whose commands differ from its dvc.yaml.
    assert.ok(!cached.startsWith(root) && !existsSync(path.join(root, '.archipel', 'parsed-dvc.yaml.v8')));
    assert.deepEqual(await loadPipeline(file, false), first);
    assert.equal(first.problems.length, 0);
    // Same dvc.yaml, params.yaml without the key: the missing key is reported, not the cached "no problem".
    writeFileSync(path.join(root, 'params.yaml'), 'other: 1\n');
    const missing = await loadPipeline(file, false);
    assert.deepEqual(missing.problems.map((p) => p.code), ['pipeline-params']);
    writeFileSync(file, 'stages:\n  b:\n    cmd: echo b\n');
    assert.deepEqual((await loadPipeline(file, false)).stages.map((s) => s.name), ['b']);
    remove();
  });

  it('sees an edited lock, and parses around a damaged cache file', async () => {
    const { root, remove } = makeTree({ 'dvc.lock': LOCK('0cc175b9c0f1b6a831c399e269772661') });
    const file = path.join(root, 'dvc.lock');
    assert.equal((await readLock(file)).stages.get('a')?.deps[0].md5, '0cc175b9c0f1b6a831c399e269772661');
    writeFileSync(file, LOCK('92eb5ffee6ae2fec3ad71c777531578f'));
    assert.equal((await readLock(file)).stages.get('a')?.deps[0].md5, '92eb5ffee6ae2fec3ad71c777531578f');
    writeFileSync(parseCacheFile(file, 'parsed')!, 'not a V8 value');
    const lock = await readLock(file);
    assert.equal(lock.stages.get('a')?.cmd[0], 'echo a');
    assert.equal(lock.stages.get('a')?.deps[0].md5, '92eb5ffee6ae2fec3ad71c777531578f');
    remove();
  });

  it('is off with the speed-only caches (ARCHIPEL_CACHE_DIR=off): no file, every parse fresh', () => {
    assert.equal(parseCacheFile('/w/dvc.yaml', 'parsed', null), undefined);
    assert.match(parseCacheFile('/w/dvc.yaml', 'parsed', '/c') ?? '', /^\/c\/pipelines\/[0-9a-f]{16}-parsed-dvc\.yaml\.v8$/);
  });
});
