import assert from 'node:assert/strict';
import path from 'node:path';
import { scanFolder } from '../../../src/platform/scan';
import { makeTree } from '../../tempdir';

describe('workspace scan', () => {
  const tree = makeTree({
    'k8s/app.yaml': 'a: 1',
    'k8s/app.yml': 'a: 1',
    'k8s/readme.md': '#',
    'node_modules/pkg/chart.yaml': 'a: 1',
    '.git/config.yaml': 'a: 1',
    '.gitignore': 'generated/\n*.secret.yaml\n',
    'generated/out.yaml': 'a: 1',
    'k8s/db.secret.yaml': 'a: 1',
    'nested/.gitignore': 'local.yaml\n',
    'nested/local.yaml': 'a: 1',
    'nested/kept.yaml': 'a: 1',
    'dist/bundle.yaml': 'a: 1',
  });
  after(() => tree.remove());

  const relative = (files: string[]) => files.map((f) => path.relative(tree.root, f).split(path.sep).join('/'));

  it('finds YAML files, honouring .gitignore at every level and skipping node_modules and .git', async () => {
    assert.deepEqual(relative(await scanFolder(tree.root)), ['dist/bundle.yaml', 'k8s/app.yaml', 'k8s/app.yml', 'nested/kept.yaml']);
  });

  it('applies files.exclude-style globs', async () => {
    assert.deepEqual(relative(await scanFolder(tree.root, { exclude: ['**/dist', 'k8s/*.yml'] })), ['k8s/app.yaml', 'nested/kept.yaml']);
  });

  it('lists many folders in parallel yet in depth-first name order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`t${i % 3}/d${String(i).padStart(2, '0')}/m.yaml`] = 'a: 1';
    Object.assign(files, { 'a/z.yaml': 'a: 1', 'a-b/y.yaml': 'a: 1', 'a.yaml': 'a: 1', 'a/b/x.yaml': 'a: 1' });
    const wide = makeTree(files);
    try {
      const found = (await scanFolder(wide.root)).map((f) => path.relative(wide.root, f).split(path.sep).join('/'));
      // Names sorted per folder, each folder's subtree in place: 'a' (and a/b) before 'a-b' and 'a.yaml'.
      const expected = ['a/b/x.yaml', 'a/z.yaml', 'a-b/y.yaml', 'a.yaml'];
      for (const top of ['t0', 't1', 't2']) {
        for (let i = 0; i < 60; i++) if (`t${i % 3}` === top) expected.push(`${top}/d${String(i).padStart(2, '0')}/m.yaml`);
      }
      assert.deepEqual(found, expected);
    } finally {
      wide.remove();
    }
  });

  it('stops at maxFiles', async () => {
    assert.equal((await scanFolder(tree.root, { maxFiles: 2 })).length, 2);
  });
});
