import assert from 'node:assert/strict';
import path from 'node:path';
import { createFeatures } from '../../src/features/registry';
import { checkFilesInParallel } from '../../src/node/parallel';
import { checkFiles, collectFiles } from '../../src/node/project';
import { loadFeatureDependencies } from '../../src/node/resources';
import { defaultSettings } from '../../src/settings';
import { cleanWorkspace } from '../fixtures/manifests-clean';
import { makeTree } from '../tempdir';

describe('parallel CLI check', function () {
  this.timeout(60_000);
  const tree = makeTree({
    ...cleanWorkspace,
    'k8s/broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: orphan, namespace: shop}\nspec:\n  selector: {app: nobody}\n  ports: [{port: 80}]\n  typo: 1\n',
  });
  after(() => tree.remove());

  it('reports exactly what one thread reports, cross-file rules included', async () => {
    const features = createFeatures(loadFeatureDependencies());
    const { files } = await collectFiles([tree.root], defaultSettings, features);
    const sequential = await checkFiles(files, features, defaultSettings);
    // The worker threads run the compiled CLI module, as `archipel check` does.
    const entry = path.resolve(__dirname, '..', '..', 'src', 'cli.js');
    const previous = process.env.ARCHIPEL_THREADS;
    process.env.ARCHIPEL_THREADS = '2';
    const parallel = await checkFilesInParallel(files, [], defaultSettings, undefined, entry, 1).finally(() => {
      if (previous === undefined) delete process.env.ARCHIPEL_THREADS;
      else process.env.ARCHIPEL_THREADS = previous;
    });
    assert.ok(parallel, 'ran in parallel');
    assert.deepEqual(parallel, sequential);
    assert.ok(sequential.some((r) => r.diagnostics.some((d) => d.code === 'k8s-service-no-match')));
  });
});
