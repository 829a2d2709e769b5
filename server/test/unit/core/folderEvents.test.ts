import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { filesUnder, isIndexableFolder, isInside } from '../../../src/lsp/folderEvents';
import { makeTree } from '../../tempdir';

describe('folder events (lsp/folderEvents.ts)', () => {
  const uri = (p: string) => pathToFileURL(p).href;

  it('takes a deleted folder for every indexed file under it, at any depth, and nothing beside it', () => {
    const indexed = ['/ws/k8s/a.yaml', '/ws/k8s/deep/er/b.yaml', '/ws/k8s-other/c.yaml', '/ws/k8s.yaml', '/ws/app/d.yaml'].map(uri);
    assert.deepEqual(filesUnder(['/ws/k8s'], indexed), [uri('/ws/k8s/a.yaml'), uri('/ws/k8s/deep/er/b.yaml')]);
    assert.deepEqual(filesUnder(['/ws/k8s/deep', '/ws/app'], indexed), [uri('/ws/k8s/deep/er/b.yaml'), uri('/ws/app/d.yaml')]);
    assert.deepEqual(filesUnder(['/ws/none'], indexed), []);
    assert.deepEqual(filesUnder([], indexed), []);
    // A deleted file is no folder of anything.
    assert.deepEqual(filesUnder(['/ws/k8s.yaml'], indexed), []);
    assert.deepEqual(filesUnder(['/ws/k8s'], ['untitled:Untitled-1', 'vscode-notebook-cell:/x']), []);
  });

  it('reads a created path as a folder only when it is one, inside a workspace folder and out of node_modules or .git', async () => {
    const tree = makeTree({ 'new/a.yaml': 'a: 1\n', 'file.txt': 'x' });
    try {
      mkdirSync(path.join(tree.root, 'node_modules', 'pkg'), { recursive: true });
      mkdirSync(path.join(tree.root, '.git', 'refs'), { recursive: true });
      mkdirSync(path.join(tree.root, '.github', 'workflows'), { recursive: true });
      writeFileSync(path.join(tree.root, '.github', 'workflows', 'ci.yml'), 'on: push\n');
      assert.equal(await isIndexableFolder(path.join(tree.root, 'new'), [tree.root]), true);
      assert.equal(await isIndexableFolder(path.join(tree.root, '.github'), [tree.root]), true);
      assert.equal(await isIndexableFolder(path.join(tree.root, 'file.txt'), [tree.root]), false);
      assert.equal(await isIndexableFolder(path.join(tree.root, 'missing'), [tree.root]), false);
      assert.equal(await isIndexableFolder(path.join(tree.root, 'node_modules', 'pkg'), [tree.root]), false);
      assert.equal(await isIndexableFolder(path.join(tree.root, '.git', 'refs'), [tree.root]), false);
      assert.equal(await isIndexableFolder(path.join(tree.root, 'new'), [path.join(tree.root, 'other')]), false);
    } finally {
      tree.remove();
    }
  });

  it('says whether a path is a folder or under it', () => {
    assert.equal(isInside('/ws/a/b', '/ws/a'), true);
    assert.equal(isInside('/ws/a', '/ws/a'), true);
    assert.equal(isInside('/ws/ab', '/ws/a'), false);
    assert.equal(isInside('/other', '/ws'), false);
  });
});
