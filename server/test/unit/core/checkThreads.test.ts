import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkOnThreads, checkThreadShare, planThreads, threadLimits } from '../../../src/platform/checkThreads';
import { checkFiles, type CheckOptions } from '../../../src/platform/project';
import { familyEntries } from '../../../src/families/lazy.generated';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { loadSummaryModels } from '../../../src/platform/summaryModels';
import { indexOptions } from '../../../src/service';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { indexRead } from '../../../src/workspace/summaries';
import { allFeatures, testToday } from '../../helpers';
import { monorepo, yamlFilesUnder } from '../../monorepo';

// No per-file budget (0): the two checks compare findings, and a stop by the clock depends on the machine's load.
const validation = { fileBudgetMs: 0 };
const settings = normalizeSettings({ ...defaultSettings, validation: { ...defaultSettings.validation, ...validation } });


/** Cross-file cases beside the generated apps: one namespace over two folders, no namespace, the cluster, a Kustomization. */
const extra: Record<string, string> = {
  'shop/a/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http, containerPort: 8080}]
          envFrom: [{configMapRef: {name: settings}}, {configMapRef: {name: shared}}, {secretRef: {name: absent}}]
`,
  'shop/b/service.yaml': `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}, {port: 81, targetPort: metrics}]
---
apiVersion: v1
kind: Service
metadata: {name: lost, namespace: shop}
spec:
  selector: {app: nobody}
  ports: [{port: 80}]
`,
  'shop/b/dup.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {A: x}
`,
  'shop/c/dup.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {B: x}
`,
  'loose/shared.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: shared}
data: {S: x}
`,
  'loose/any.yaml': `apiVersion: v1
kind: Service
metadata: {name: anywhere}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`,
  'cluster/role.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: ServiceAccount, name: ghost, namespace: shop}]
`,
  'kust/kustomization.yaml': `resources: [app.yaml, missing.yaml]
`,
  'kust/app.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: k, namespace: kust}
data: {A: x}
`,
};

describe('check threads: the same findings as the main thread alone', () => {
  let dir = '';
  let files: string[] = [];
  let alone: Awaited<ReturnType<typeof checkFiles>> = [];
  const features = allFeatures();
  const threaded = (count: number, slicesHere: boolean, onThreads: (n: number) => void): CheckOptions => ({
    checkThreads: { setup: { families: familyEntries.map((entry) => entry.id), rules: {}, validation, today: testToday.getTime(), named: [] }, count, slicesHere, onThreads },
  });

  before(async function () {
    this.timeout(240_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-check-threads-'));
    monorepo.generateMonorepo(dir, { files: 600, adrs: 10, mutate: true });
    for (const [relative, text] of Object.entries(extra)) {
      mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      writeFileSync(path.join(dir, relative), text);
    }
    files = yamlFilesUnder(dir);
    alone = await checkFiles(files, features, settings, [], kubernetesSummarizer);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checks a summarised monorepo on two threads with exactly the findings and order of one thread', async function () {
    this.timeout(240_000);
    let onThreads = 0;
    // Every slice on a thread: the main thread checks only what no slice can take.
    const split = await checkFiles(files, features, settings, [], kubernetesSummarizer, threaded(2, false, (n) => (onThreads = n)));
    // The generated apps' manifests (one namespace each) and shop's went to the threads; the loose Service, the
    // cluster's objects, the Kustomization and the ADRs stayed on the main thread.
    assert.ok(onThreads >= 600 && onThreads < files.length, `${onThreads} of ${files.length} files on the threads`);
    assert.ok(alone.some((result) => result.diagnostics.length > 0), 'the seeded and cross-file findings are there');
    assert.ok(alone.some((result) => result.path.endsWith(path.join('shop', 'b', 'service.yaml')) && result.diagnostics.length > 0));
    assert.equal(JSON.stringify(split), JSON.stringify(alone));
  });

  it('gives the same findings when the main thread takes slices too (each with its slice index)', async function () {
    this.timeout(240_000);
    let onThreads = -1;
    const split = await checkFiles(files, features, settings, [], kubernetesSummarizer, threaded(1, true, (n) => (onThreads = n)));
    assert.ok(onThreads >= 0 && onThreads < files.length, `${onThreads} of ${files.length} files on the thread`);
    assert.equal(JSON.stringify(split), JSON.stringify(alone));
  });
});

const configMap = (name: string, namespace: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}}\ndata: {A: x}\n`;

describe('check threads: the main thread checks its slices as a thread does', () => {
  it("hands the main thread's slices an index of the slice's summaries and the whole entries, in the index's order, not the whole tree's", async () => {
    await loadSummaryModels();
    const index = new WorkspaceIndex(indexOptions(settings));
    const texts: [string, string][] = [
      ['file:///w/a/one.yaml', configMap('one', 'a')],
      ['file:///w/README.md', '# Workspace\n'],
      ['file:///w/b/three.yaml', configMap('three', 'b')],
      ['file:///w/a/two.yaml', configMap('two', 'a')],
    ];
    for (const [uri, text] of texts) indexRead(index, uri, text, {}, kubernetesSummarizer);
    const checked = ['file:///w/a/one.yaml', 'file:///w/a/two.yaml'].map((uri) => ({ file: uri.slice(7), uri }));
    const setup = { families: [], rules: {}, validation, named: [] };
    const plan = planThreads(index, checked, kubernetesSummarizer, setup, settings);
    assert.ok(plan);
    assert.deepEqual(plan.main, []);
    const seen: { files: string[]; index: string[] | undefined; kinds: (string | undefined)[] }[] = [];
    // No thread (none of its slices answered): every slice is checked here.
    const none = { size: 0, check: () => Promise.reject(new Error('no thread')) };
    const onThreads = await checkOnThreads(
      none,
      plan,
      (files, sliceIndex) => {
        const entries = sliceIndex ? [...sliceIndex.files()] : undefined;
        assert.notEqual(sliceIndex, index);
        seen.push({ files: files.map((f) => f.uri), index: entries?.map((e) => e.uri), kinds: entries?.map((e) => e.skipped) ?? [] });
        return Promise.resolve(files.map((f) => ({ path: f.file, diagnostics: [] })));
      },
      () => undefined,
    );
    assert.equal(onThreads, 0);
    // Namespace b's summary is not in the slice's index: its files' findings do not read it.
    assert.deepEqual(seen, [
      {
        files: ['file:///w/a/one.yaml', 'file:///w/a/two.yaml'],
        index: ['file:///w/a/one.yaml', 'file:///w/README.md', 'file:///w/a/two.yaml'],
        kinds: ['summary', undefined, 'summary'],
      },
    ]);
  });
});

describe('check threads: their heap bounded', () => {
  it('starts a thread with a 16 MB young generation and the old generation bounded (V8 gives a worker 48 MB young)', async () => {
    const limits = threadLimits();
    const script = "const { parentPort, resourceLimits } = require('node:worker_threads'); parentPort.postMessage(resourceLimits);";
    const worker = new Worker(script, { eval: true, resourceLimits: limits });
    const seen = await new Promise<Record<string, number>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(seen.maxYoungGenerationSizeMb, 16);
    assert.equal(seen.maxOldGenerationSizeMb, 768);
  });
});

describe('check threads: how many, and whether the main thread takes slices', () => {
  it('starts one thread per core (at most 4, none on one core); the main thread takes slices only when a core is left for it', () => {
    assert.deepEqual(checkThreadShare(1, undefined), { count: 0, slicesHere: true });
    assert.deepEqual(checkThreadShare(2, undefined), { count: 2, slicesHere: false });
    assert.deepEqual(checkThreadShare(4, undefined), { count: 4, slicesHere: false });
    assert.deepEqual(checkThreadShare(8, undefined), { count: 4, slicesHere: true });
    // ARCHIPEL_CHECK_THREADS: another number (0: the main thread alone); a value not a number is ignored.
    assert.deepEqual(checkThreadShare(2, '1'), { count: 1, slicesHere: true });
    assert.deepEqual(checkThreadShare(2, '0'), { count: 0, slicesHere: true });
    assert.deepEqual(checkThreadShare(2, '20'), { count: 8, slicesHere: false });
    assert.deepEqual(checkThreadShare(2, 'two'), { count: 2, slicesHere: false });
  });
});
