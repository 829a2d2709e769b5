import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { neededSummaries } from '../../../src/platform/changed';
import { IndexCache } from '../../../src/platform/indexCache';
import { checkFiles, collectFiles, type FileResult } from '../../../src/platform/project';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { indexOptions } from '../../../src/service';
import { wholeFiles } from '../../../src/workspace/summaries';
import { allFeatures, repoRoot } from '../../helpers';

/**
 * `archipel check FILE` inside a repository whose index is kept between runs (cliMain.ts check): only the summaries
 * sharing a cross-file scope with the named file are indexed (platform/changed.ts neededSummaries), with the findings
 * of a check that indexes the whole repository (issue #84).
 */
const load = createRequire(__filename);
const monorepo = load(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as {
  generateMonorepo(dir: string, options: { files: number; adrs?: number }): unknown;
  appFolder(i: number): string;
  COMPONENTS: string[];
};

const settings = normalizeSettings({ ...defaultSettings });
const maxBytes = indexOptions(settings).maxBytes;

function lines(results: FileResult[], root: string): string[] {
  return results.flatMap((r) => r.diagnostics.map((d) => `${path.relative(root, r.path)}:${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`));
}

const service = (selects: string) => `apiVersion: v1
kind: Service
metadata:
  name: cross
  namespace: ns-00001
spec:
  selector:
    app.kubernetes.io/name: ${selects}
  ports:
    - port: 80
      targetPort: http
`;

describe('archipel check FILE with the index kept between runs', function () {
  this.timeout(120000);
  let root: string;
  let cacheDir: string;

  before(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-'));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-cache-'));
    monorepo.generateMonorepo(root, { files: 40, adrs: 2 });
    rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  for (const [title, selects, expected] of [
    ['a Service selecting a Deployment of another file of its namespace: no finding', `app-00001-${'{C}'}`, []],
    ['a Service selecting nothing: the same finding', 'nobody', ['k8s-service-no-match']],
  ] as const) {
    it(title, async function () {
      const named = path.join(root, monorepo.appFolder(1), 'cross-service.yaml');
      writeFileSync(named, service(selects.replace('{C}', monorepo.COMPONENTS[0])));
      const features = allFeatures();
      const { files: all } = await collectFiles([root], settings, familyFiles());
      const context = all.filter((file) => file !== named);
      // The whole repository indexed, no cache.
      const whole = lines(await checkFiles([named], features, settings, context, wholeFiles), root);
      // A first run fills the cache; the second indexes only the summaries the named file's findings can read.
      await checkFiles([named], features, settings, context, kubernetesSummarizer, { cache: IndexCache.open(root, 'summaries', maxBytes, cacheDir) });
      const cache = IndexCache.open(root, 'summaries', maxBytes, cacheDir);
      const need = neededSummaries({ changed: [named], old: new Map() }, cache);
      assert.ok(need);
      let indexed = 0;
      let leftOut = 0;
      const warm = lines(
        await checkFiles([named], features, settings, context, kubernetesSummarizer, { cache, needed: (scopes) => (need(scopes) ? (indexed++, true) : (leftOut++, false)) }),
        root,
      );
      assert.deepEqual(warm, whole);
      assert.deepEqual(
        warm.map((line) => line.split(' ')[1]),
        expected,
      );
      // Of the 40 generated manifests (8 apps of 5, one namespace per app) and the named file, only the named file and
      // the 5 manifests of its namespace ns-00001 are indexed from the cache; the 35 of the 7 other apps are not.
      assert.equal(indexed, 6);
      assert.equal(leftOut, 35);
    });
  }
});
