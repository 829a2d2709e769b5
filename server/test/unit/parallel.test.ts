import assert from 'node:assert/strict';
import path from 'node:path';
import { createFeatures } from '../../src/features/registry';
import { checkFilesInParallel } from '../../src/platform/parallel';
import { checkFiles, collectFiles } from '../../src/platform/project';
import { loadFeatureDependencies } from '../../src/platform/resources';
import { defaultSettings } from '../../src/settings';
import { cleanWorkspace } from '../fixtures/manifests-clean';
import { makeTree } from '../tempdir';

describe('parallel CLI check', function () {
  this.timeout(60_000);
  const tree = makeTree({
    ...cleanWorkspace,
    'k8s/odd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: odd, namespace: shop}\ndata:\n  limit: .inf\n',
    'other/context.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared, namespace: shop}\ndata: {a: b}\n',
    'k8s/broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: orphan, namespace: shop}\nspec:\n  selector: {app: nobody}\n  ports: [{port: 80}]\n  typo: 1\n',
  });
  after(() => tree.remove());

  for (const threads of [2, 3]) {
    it(`reports exactly what one thread reports, cross-file rules and context included (${threads} threads)`, async () => {
      const features = createFeatures(loadFeatureDependencies());
      const { files: all } = await collectFiles([tree.root], defaultSettings, features);
      // other/ is context: indexed (in some thread's share) but not reported.
      const files = all.filter((f) => !f.includes(`${path.sep}other${path.sep}`));
      const context = all.filter((f) => !files.includes(f));
      const sequential = await checkFiles(files, features, defaultSettings, context);
      // The worker threads run the compiled CLI module, as `archipel check` does.
      const entry = path.resolve(__dirname, '..', '..', 'src', 'cli.js');
      const previous = process.env.ARCHIPEL_THREADS;
      process.env.ARCHIPEL_THREADS = String(threads);
      const parallel = await checkFilesInParallel(files, context, defaultSettings, undefined, entry, features, 1).finally(() => {
        if (previous === undefined) delete process.env.ARCHIPEL_THREADS;
        else process.env.ARCHIPEL_THREADS = previous;
      });
      assert.ok(parallel, 'ran in parallel');
      assert.deepEqual(parallel, sequential);
      assert.ok(sequential.some((r) => r.diagnostics.some((d) => d.code === 'k8s-service-no-match')));
      assert.ok(sequential.some((r) => r.path.endsWith('odd.yaml') && r.diagnostics.some((d) => /Infinity|\.inf/.test(String(d.message)))), JSON.stringify(sequential.find((r) => r.path.endsWith('odd.yaml'))));
      assert.ok(!sequential.some((r) => r.path.includes(`${path.sep}other${path.sep}`)));
    });
  }
});
