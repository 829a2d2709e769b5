// The Kubernetes family's idle work after the editor's first scan (Feature.warm, kubernetes/feature.ts): the
// validators and the schema definitions of the kinds the index holds are loaded then, not by the first open, and
// nothing else is (#84, perf84u).
import assert from 'node:assert/strict';
import type { ValidateFunction } from 'ajv';
import { kubernetesFeature } from '../../../src/kubernetes/feature';
import { KubernetesValidator } from '../../../src/kubernetes/checks/validate';
import { SchemaEngine } from '../../../src/schema/engine';
import { openSchemaBundle, type BundleFile } from '../../../src/schema/lazyBundle';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { kubernetes } from '../../helpers';

/** A bundle in the generators' layout, with two built-in kinds. */
const bundleText = JSON.stringify(
  {
    $id: 'urn:warm-test',
    'x-archipel-kinds': { 'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment', 'v1/Service': 'io.k8s.api.core.v1.Service', 'v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap' },
    definitions: {
      'io.k8s.api.apps.v1.Deployment': { type: 'object' },
      'io.k8s.api.core.v1.ConfigMap': { type: 'object' },
      'io.k8s.api.core.v1.Service': { type: 'object' },
    },
  },
  null,
  2,
);

/** What the validator read: the bundle's file read whole (its definitions indexed), and each precompiled validator asked for. */
function countedValidator(): { validator: KubernetesValidator; opened: () => number; wholes: () => number; asked: string[] } {
  const data = Buffer.from(`${bundleText}\n`);
  let wholes = 0;
  let opened = 0;
  const file: BundleFile = { size: data.length, read: (position, length) => data.subarray(position, position + length), whole: () => (wholes++, data) };
  const asked: string[] = [];
  const accept = (() => true) as unknown as ValidateFunction;
  const precompiled = new Proxy({} as Record<string, ValidateFunction>, {
    get: (_target, key) => {
      if (typeof key === 'string') asked.push(key);
      return accept;
    },
  });
  const validator = new KubernetesValidator(() => {
    opened++;
    const bundle = openSchemaBundle(file);
    return { engine: new SchemaEngine([bundle], precompiled), builtinKeys: Object.keys(bundle['x-archipel-kinds'] ?? {}) };
  });
  return { validator, opened: () => opened, wholes: () => wholes, asked };
}

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports:
    - port: 80
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: custom
`;

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  return index;
}

describe('the Kubernetes family\'s idle work (Feature.warm)', () => {
  it('loads the validators and the definitions of the kinds the index holds, one kind a step', () => {
    const counted = countedValidator();
    const feature = kubernetesFeature(counted.validator, (finding) => finding);
    const steps = [...feature.warm!(indexOf({ 'file:///w/app.yaml': manifests, 'file:///w/README.md': '# app\n' }))];
    // One step for the workspace's graph, one per built-in kind; the custom resource has no schema and reads nothing.
    assert.deepEqual(steps, [undefined, 'apps/v1/Deployment', 'v1/Service']);
    assert.deepEqual(counted.asked, ['apps/v1/Deployment', 'v1/Service']);
    assert.equal(counted.wholes(), 1, 'the definitions indexed once, for both kinds');
  });

  it('reads no schema when the index holds no manifest', () => {
    const counted = countedValidator();
    const steps = [...kubernetesFeature(counted.validator, (finding) => finding).warm!(indexOf({ 'file:///w/values.yaml': 'replicas: 3\n' }))];
    assert.deepEqual(steps, []);
    assert.equal(counted.opened(), 0, 'the bundles not opened');
    assert.deepEqual(counted.asked, []);
  });

  it('changes no finding: a manifest validated after the idle work has its schema error, as before', () => {
    const validator = kubernetes();
    const text = manifests.replace('  selector:\n    matchLabels', '  replica: 3\n  selector:\n    matchLabels');
    const index = indexOf({ 'file:///w/app.yaml': text });
    assert.deepEqual([...kubernetesFeature(validator, (finding) => finding).warm!(index)], [undefined, 'apps/v1/Deployment', 'v1/Service']);
    const chunks = index.current('file:///w/app.yaml')!.yaml!.chunks.map(({ chunk }) => chunk);
    const found = validator.findings(chunks[0]).map((f) => ({ code: f.code, covered: chunks[0].text.slice(f.start, f.end), message: f.message }));
    assert.deepEqual(found, [{ code: 'k8s-schema', covered: 'replica', message: 'Unknown field "replica" in DeploymentSpec (spec). Did you mean "replicas"?' }]);
  });
});
