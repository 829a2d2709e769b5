// The copies the experiments queue keeps of an experiment's outputs go through the pipeline's one
// content-addressed cache write (OutputCache.keepCopy / keepManifest, engines/pipeline/backup.ts):
// an object under an md5 name holds those bytes, a damaged object is written again, a file that is
// not what its md5 says is refused without leaving an object or a temporary file, and a folder's
// listing is the JSON DVC hashes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutputCache } from '../../../src/engines/pipeline/backup';
import { dirManifest, dirMd5 } from '../../../src/engines/pipeline/hash';
import { HashCache } from '../../../src/engines/pipeline/hashCache';
import { makeTree } from '../../tempdir';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** Every file under the cache folder, relative (objects and any temporary file). */
function cacheFiles(cache: string): string[] {
  return readdirSync(cache, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(cache, path.join(e.parentPath, e.name)))
    .sort();
}

describe('experiments: outputs kept in the content-addressed cache', () => {
  it('keeps a copy under its md5, writes a damaged object again, refuses bytes that are not their md5', async () => {
    const tree = makeTree({ 'model.pkl': 'weights v1\n', 'other.pkl': 'something else\n' });
    try {
      const cache = OutputCache.forRoot(tree.root, new HashCache(), 'queue');
      const hex = md5('weights v1\n');
      const object = path.join(tree.root, '.archipel', 'cache', hex.slice(0, 2), hex.slice(2));
      await cache.keepCopy(path.join(tree.root, 'model.pkl'), hex);
      assert.equal(readFileSync(object, 'utf8'), 'weights v1\n');
      // The file stays where it was.
      assert.equal(readFileSync(path.join(tree.root, 'model.pkl'), 'utf8'), 'weights v1\n');

      // An object whose bytes are not its name's (a disk error, a hand edit) is replaced.
      writeFileSync(object, 'damaged');
      await cache.keepCopy(path.join(tree.root, 'model.pkl'), hex);
      assert.equal(readFileSync(object, 'utf8'), 'weights v1\n');

      // A file kept under an md5 that is not its own: refused, nothing left under that name.
      const wrong = md5('not these bytes');
      await assert.rejects(cache.keepCopy(path.join(tree.root, 'other.pkl'), wrong), /changed while it was being kept/);
      assert.deepEqual(cacheFiles(cache.folder), [path.join(hex.slice(0, 2), hex.slice(2))]);
    } finally {
      tree.remove();
    }
  });

  it("keeps a folder's listing under the md5 DVC gives it", async () => {
    const tree = makeTree({});
    try {
      const cache = OutputCache.forRoot(tree.root, new HashCache(), 'queue');
      const manifest = [
        { relpath: 'b/2.txt', md5: md5('2') },
        { relpath: 'a.txt', md5: md5('1') },
      ];
      const id = dirMd5(manifest);
      await cache.keepManifest(id, manifest);
      const text = readFileSync(path.join(cache.folder, id.slice(0, 2), id.slice(2)), 'utf8');
      assert.equal(text, dirManifest(manifest));
      assert.equal(`${md5(text)}.dir`, id);
      assert.deepEqual(JSON.parse(text), [{ md5: md5('1'), relpath: 'a.txt' }, { md5: md5('2'), relpath: 'b/2.txt' }]);
    } finally {
      tree.remove();
    }
  });
});
