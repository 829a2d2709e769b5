// How far the index is (#69): the first scan of a folder (the editor's progress on first open of a
// large workspace) and `archipel check`'s two passes (files indexed, files diagnosed) say how many
// files are done of the total as they go, ending at the total.
import assert from 'node:assert/strict';
import { indexFolder } from '../../../src/platform/diskIndex';
import { checkFiles } from '../../../src/platform/project';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { indexOptions } from '../../../src/service';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures } from '../../helpers';
import { makeTree } from '../../tempdir';

const settings = normalizeSettings({ ...defaultSettings });
const manifest = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  a: "1"\n`;

describe('index progress (platform/indexLoad.ts, diskIndex.ts, project.ts)', function () {
  this.timeout(120_000);

  it('the first scan of a folder counts its files as they are indexed, to the total', async function () {
    const tree = makeTree(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k8s/c${i}.yaml`, manifest(i)])));
    try {
      const seen: [number, number][] = [];
      const index = new WorkspaceIndex(indexOptions(settings));
      await indexFolder(index, tree.root, { exclude: [], extensions: ['.yaml'], maxFiles: 1000, maxBytes: indexOptions(settings).maxBytes, isOpen: () => false, log: () => undefined, progress: (done, total) => seen.push([done, total]) });
      assert.equal(seen.length, 40);
      assert.deepEqual(seen.map(([done]) => done), Array.from({ length: 40 }, (_, i) => i + 1));
      assert.ok(seen.every(([, total]) => total === 40));
    } finally {
      tree.remove();
    }
  });

  it('archipel check: the files indexed, then the files diagnosed, each to its total', async function () {
    const tree = makeTree(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}.yaml`, manifest(i)])));
    try {
      const files = Array.from({ length: 12 }, (_, i) => `${tree.root}/c${i}.yaml`);
      const seen: string[] = [];
      await checkFiles(files, allFeatures(), settings, [], undefined, { progress: (phase, done, total) => seen.push(`${phase} ${done}/${total}`) });
      assert.deepEqual(seen.filter((s) => s.startsWith('index')).at(-1), 'index 12/12');
      assert.deepEqual(seen.filter((s) => s.startsWith('check')), Array.from({ length: 12 }, (_, i) => `check ${i + 1}/12`));
      assert.ok(seen.indexOf('index 12/12') < seen.indexOf('check 1/12'), 'indexed first');
    } finally {
      tree.remove();
    }
  });
});
