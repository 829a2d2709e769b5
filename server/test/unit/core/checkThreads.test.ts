import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { threadLimits } from '../../../src/platform/checkThreads';
import { checkFiles, type CheckOptions } from '../../../src/platform/project';
import { familyEntries } from '../../../src/families/lazy.generated';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
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
  it('checks a summarised monorepo on two threads with exactly the findings and order of one thread', async function () {
    this.timeout(240_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-check-threads-'));
    try {
      monorepo.generateMonorepo(dir, { files: 600, adrs: 10, mutate: true });
      for (const [relative, text] of Object.entries(extra)) {
        mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
        writeFileSync(path.join(dir, relative), text);
      }
      const files = yamlFilesUnder(dir);
      const features = allFeatures();
      const alone = await checkFiles(files, features, settings, [], kubernetesSummarizer);
      let onThreads = 0;
      const threaded: CheckOptions = {
        checkThreads: {
          setup: { families: familyEntries.map((entry) => entry.id), rules: {}, validation, today: testToday.getTime(), named: [] },
          count: 2,
          // Every slice on a thread: the main thread checks only what no slice can take.
          slicesHere: false,
          onThreads: (n) => (onThreads = n),
        },
      };
      const split = await checkFiles(files, features, settings, [], kubernetesSummarizer, threaded);
      // The generated apps' manifests (one namespace each) and shop's went to the threads; the loose Service, the
      // cluster's objects, the Kustomization and the ADRs stayed on the main thread.
      assert.ok(onThreads >= 600 && onThreads < files.length, `${onThreads} of ${files.length} files on the threads`);
      assert.ok(alone.some((result) => result.diagnostics.length > 0), 'the seeded and cross-file findings are there');
      assert.ok(alone.some((result) => result.path.endsWith(path.join('shop', 'b', 'service.yaml')) && result.diagnostics.length > 0));
      assert.equal(JSON.stringify(split), JSON.stringify(alone));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
