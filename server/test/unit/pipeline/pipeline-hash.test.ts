// DVC's hashes: a file's md5 over its raw bytes (DVC 3's `hash: md5`, no line-ending
// normalisation), a folder's `<md5>.dir` over the JSON manifest dvc-data writes, and the hash cache
// that answers by stat alone when nothing moved.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dirManifest, dirMd5, fileMd5 } from '../../../src/engines/pipeline/hash';
import { HashCache } from '../../../src/engines/pipeline/hashCache';
import { formatLock, parseLock } from '../../../src/engines/pipeline/lock';
import { makeTree } from '../../tempdir';

const md5 = (text: string | Buffer) => createHash('md5').update(text).digest('hex');

describe('pipeline hashes (DVC 3)', () => {
  it("hashes a file's raw bytes: CRLF is not normalised (DVC 3's md5, unlike DVC 2's md5-dos2unix)", async () => {
    const tree = makeTree({ 'crlf.csv': 'a,b\r\n1,2\r\n' });
    try {
      assert.equal(await fileMd5(path.join(tree.root, 'crlf.csv')), md5('a,b\r\n1,2\r\n'));
      assert.notEqual(await fileMd5(path.join(tree.root, 'crlf.csv')), md5('a,b\n1,2\n'));
    } finally {
      tree.remove();
    }
  });

  it("writes a folder's manifest as Python's json.dumps(sort_keys=True): sorted by relpath, ', ' and ': ', non-ASCII escaped", () => {
    const manifest = dirManifest([
      { relpath: 'sub/b.txt', md5: 'bb' },
      { relpath: 'café.txt', md5: 'cc' },
      { relpath: 'a.txt', md5: 'aa' },
    ]);
    assert.equal(manifest, '[{"md5": "aa", "relpath": "a.txt"}, {"md5": "cc", "relpath": "caf\\u00e9.txt"}, {"md5": "bb", "relpath": "sub/b.txt"}]');
    assert.equal(dirMd5([{ relpath: 'a.txt', md5: 'aa' }]), `${md5('[{"md5": "aa", "relpath": "a.txt"}]')}.dir`);
  });

  it('hashes a folder as <md5>.dir with its size and number of files', async () => {
    const tree = makeTree({ 'data/x.txt': 'x', 'data/deep/y.txt': 'yy' });
    try {
      const hash = await new HashCache().hashPath(path.join(tree.root, 'data'));
      const expected = dirMd5([
        { relpath: 'x.txt', md5: md5('x') },
        { relpath: 'deep/y.txt', md5: md5('yy') },
      ]);
      assert.deepEqual(hash, { md5: expected, size: 3, nfiles: 2 });
    } finally {
      tree.remove();
    }
  });

  it('answers from the cache by path, size, mtime and inode; a moved mtime is hashed again; a shared file once', async () => {
    const tree = makeTree({ 'a.txt': 'one' });
    const file = path.join(tree.root, 'a.txt');
    try {
      const cache = HashCache.forRoot(tree.root);
      await Promise.all([cache.hashPath(file), cache.hashPath(file), cache.hashPath(file)]);
      assert.equal(cache.hashed, 1);
      await cache.save();
      const again = HashCache.forRoot(tree.root);
      await again.load();
      assert.equal((await again.hashPath(file))?.md5, md5('one'));
      assert.equal(again.hashed, 0, 'a persisted entry answers by stat');
      writeFileSync(file, 'two');
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      assert.equal((await again.hashPath(file))?.md5, md5('two'));
      assert.equal(again.hashed, 1);
    } finally {
      tree.remove();
    }
  });

  it("writes dvc.lock in DVC 3's shape and reads it back", () => {
    const text = formatLock({
      stages: new Map([
        [
          'train',
          {
            cmd: ['python train.py'],
            deps: [{ path: 'data', md5: 'abc.dir', size: 10, nfiles: 2 }],
            params: { 'params.yaml': { 'train.lr': 0.1 } },
            outs: [{ path: 'model.pkl', md5: '123', size: 5 }],
          },
        ],
      ]),
    });
    assert.equal(
      text,
      [
        "schema: '2.0'",
        'stages:',
        '  train:',
        '    cmd: python train.py',
        '    deps:',
        '      - path: data',
        '        hash: md5',
        '        md5: abc.dir',
        '        size: 10',
        '        nfiles: 2',
        '    params:',
        '      params.yaml:',
        '        train.lr: 0.1',
        '    outs:',
        '      - path: model.pkl',
        '        hash: md5',
        "        md5: '123'",
        '        size: 5',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parseLock(text).stages.get('train')?.outs, [{ path: 'model.pkl', md5: '123', size: 5 }]);
  });
});
