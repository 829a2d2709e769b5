// kustomize applied as `kustomize build` applies it (issue #64): the objects Archipel's build gives for
// real kustomizations, against what `kubectl kustomize` (kustomize v5.5) outputs for them — the
// renders stored with microservices-demo's fixture (expected/, made by kubectl 1.32.4), and, where
// kubectl is installed, the overlays of bank-of-anthos and the kustomize examples rendered now.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { KubernetesGraph } from '../../../src/kubernetes/model/objects';
import { kustomizeBuild, strategicMerge, jsonPatch, topKustomizations } from '../../../src/kubernetes/model/kustomizeBuild';
import { containersOf, isObject, type JsonObject } from '../../../src/kubernetes/model/workloads';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';

const system = path.join(fixturesDir, 'oss', 'system');

function indexOf(root: string): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.ya?ml$|^Kustomization$/.test(name)) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  return index;
}

/** What the map reads of an object: kind/namespace/name, and for a workload its containers' images and env; a ConfigMap's data. Generated names' hashes dropped. */
function summary(value: JsonObject): string {
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const name = String(metadata.name ?? '').replace(/-[a-z0-9]{10}$/, '');
  const head = `${String(value.kind)}/${String(metadata.namespace ?? '')}/${name}`;
  const containers = containersOf(value, String(value.kind)).map(({ container }) => {
    const env = (Array.isArray(container.env) ? container.env : []).map((e) => (isObject(e) ? `${String(e.name)}=${stable(e.value ?? e.valueFrom ?? null)}` : '')).sort();
    return `${String(container.name)}:${String(container.image)} [${env.join(' ')}]`;
  });
  // A ConfigMap's one-line values (where addresses are), not its scripts.
  const data = value.kind === 'ConfigMap' && isObject(value.data) ? JSON.stringify(Object.entries(value.data).filter(([, v]) => typeof v === 'string' && !v.includes('\n')).sort()) : '';
  return [head, ...containers, data].filter((s) => s !== '').join(' | ');
}

/** JSON with its keys sorted. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

function expected(text: string): string[] {
  return parseAllDocuments(text).map((d) => d.toJS() as JsonObject).filter(isObject).map(summary).sort();
}

function built(index: WorkspaceIndex, folder: string): string[] {
  const objects = kustomizeBuild(pathToFileURL(folder).href, KubernetesGraph.of(index), (uri) => index.get(uri)?.text);
  assert.ok(objects, `no kustomization in ${folder}`);
  return objects.map((o) => summary(o.value)).sort();
}

function kubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('kustomize build (issue #64)', () => {
  const demo = path.join(system, 'GoogleCloudPlatform+microservices-demo');
  const renders = path.join(system, 'expected', 'GoogleCloudPlatform+microservices-demo');
  let index: WorkspaceIndex;
  before(() => {
    index = indexOf(demo);
  });

  it('microservices-demo kustomize/ (the base) gives what kubectl kustomize gives', () => {
    assert.deepEqual(built(index, path.join(demo, 'kustomize')), expected(readFileSync(path.join(renders, 'kustomize.yaml'), 'utf8')));
  });

  for (const test of ['memorystore-with-all-components', 'service-mesh-istio-with-all-components', 'spanner-with-all-components']) {
    it(`microservices-demo kustomize/tests/${test}: components' resources, patches (COLLECTOR_SERVICE_ADDR, $patch: delete) as kubectl kustomize applies them`, () => {
      const ours = built(index, path.join(demo, 'kustomize', 'tests', test));
      const theirs = expected(readFileSync(path.join(renders, `kustomize-${test}.yaml`), 'utf8'));
      assert.deepEqual(ours, theirs);
      // The collector component's patch reaches checkoutservice.
      assert.ok(ours.some((s) => s.startsWith('Deployment//checkoutservice') && s.includes('COLLECTOR_SERVICE_ADDR="opentelemetrycollector:4317"')));
    });
  }

  it('the folders kustomize is run on: those no other kustomization lists (skaffold\'s kubernetes-manifests/ too)', () => {
    const tops = topKustomizations(KubernetesGraph.of(index)).map((f) => f.slice(pathToFileURL(demo).href.length + 1));
    assert.deepEqual(tops, ['kubernetes-manifests', 'kustomize', 'kustomize/tests/memorystore-with-all-components', 'kustomize/tests/service-mesh-istio-with-all-components', 'kustomize/tests/spanner-with-all-components']);
  });

  it('strategic merge: containers and env by name, $patch: delete of an item, other lists replaced; JSON 6902 add/replace/remove', () => {
    const target: JsonObject = { spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['1'] }] } };
    strategicMerge(target, { spec: { containers: [{ name: 'a', env: [{ name: 'B', $patch: 'delete' }, { name: 'C', value: '3' }], args: ['2'] }] } });
    assert.deepEqual(target, { spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'C', value: '3' }, { name: 'A', value: '1' }], args: ['2'] }] } });
    jsonPatch(target, [{ op: 'replace', path: '/spec/containers/0/image', value: 'y' }, { op: 'add', path: '/spec/containers/0/env/-', value: { name: 'D', value: '4' } }, { op: 'remove', path: '/spec/containers/0/args' }]);
    assert.deepEqual(target, { spec: { containers: [{ name: 'a', image: 'y', env: [{ name: 'C', value: '3' }, { name: 'A', value: '1' }, { name: 'D', value: '4' }] }] } });
  });

  // Rendered now by the kubectl installed (kustomize v5): overlays with a namespace, patches, name prefixes and generators.
  const live = [
    ['GoogleCloudPlatform+bank-of-anthos', path.join(system, 'GoogleCloudPlatform+bank-of-anthos')],
    ['kustomize examples', path.join(fixturesDir, 'oss', 'kustomize')],
  ] as const;
  for (const [name, root] of live) {
    it(`${name}: every kustomization kubectl kustomize builds, built alike`, function () {
      if (!kubectl()) this.skip();
      const rootIndex = indexOf(root);
      const graph = KubernetesGraph.of(rootIndex);
      const tops = topKustomizations(graph);
      assert.ok(tops.length > 0);
      let compared = 0;
      for (const top of tops) {
        const folder = new URL(top).pathname;
        let output: string;
        try {
          output = execFileSync('kubectl', ['kustomize', folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        } catch {
          continue; // kustomize refuses it (a remote base, a missing file): nothing to compare.
        }
        assert.deepEqual(built(rootIndex, folder), expected(output), top);
        compared++;
      }
      assert.ok(compared > 0);
    });
  }
});
