// A patch target's `kind` and `name` are Go regular expressions anchored `^(?:…)$` (kustomize
// api/types/selector.go): matched on RE2 (re2js), linear in the name whatever the pattern a
// kustomization writes (docs/limits.md). The ordinary targets below give what `kubectl kustomize`
// (kustomize v5.5, kubectl 1.32) renders for the same files, written out here as exact values.
import assert from 'node:assert/strict';
import { KubernetesGraph } from '../../../src/kubernetes/model/objects';
import { kustomizeBuild } from '../../../src/kubernetes/model/kustomizeBuild';
import { isObject, type JsonObject } from '../../../src/kubernetes/model/workloads';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';

const folder = 'file:///workspace/app';

const deployment = (kind: string, name: string, image: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${image}
`;

function build(resources: string[], patches: string): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  index.update(`${folder}/resources.yaml`, resources.join('---\n'));
  index.update(`${folder}/kustomization.yaml`, `resources:\n  - resources.yaml\npatches:\n${patches}`);
  const objects = kustomizeBuild(folder, KubernetesGraph.of(index), (uri) => index.get(uri)?.text);
  assert.ok(objects);
  return objects.map(({ value }) => summary(value)).sort();
}

/** kind/name, the first container's image, labels and annotations. */
function summary(value: JsonObject): string {
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const spec = isObject(value.spec) && isObject(value.spec.template) && isObject(value.spec.template.spec) ? value.spec.template.spec : {};
  const container = Array.isArray(spec.containers) && isObject(spec.containers[0]) ? spec.containers[0] : {};
  return `${String(value.kind)}/${String(metadata.name)} ${String(container.image)} ${JSON.stringify(metadata.labels ?? {})} ${JSON.stringify(metadata.annotations ?? {})}`;
}

const jsonPatch = (target: string, op: string) => `  - target:\n${target}    patch: |\n${op}`;
const image2 = '      - op: replace\n        path: /spec/template/spec/containers/0/image\n        value: web:2\n';
const label = '      - op: add\n        path: /metadata/labels\n        value: {tier: picked}\n';
const annotation = '      - op: add\n        path: /metadata/annotations\n        value: {hit: "true"}\n';

describe('kustomize: patch targets as anchored Go regular expressions, on RE2 (kubernetes/model/kustomizeBuild.ts)', () => {
  it('ordinary targets patch what kubectl kustomize patches: `web-.*` not myweb-front, `Deploy|StatefulSet` anchored (the StatefulSet only)', () => {
    const objects = build(
      [deployment('Deployment', 'web-front', 'web:1'), deployment('Deployment', 'web-back', 'web:1'), deployment('StatefulSet', 'db', 'db:1'), deployment('Deployment', 'myweb-front', 'web:1')],
      jsonPatch('      kind: Deployment\n      name: web-.*\n', image2) + jsonPatch('      kind: Deploy|StatefulSet\n      name: db|web-(front|none)\n', label),
    );
    assert.deepEqual(objects, [
      'Deployment/myweb-front web:1 {} {}',
      'Deployment/web-back web:2 {} {}',
      'Deployment/web-front web:2 {} {}',
      'StatefulSet/db db:1 {"tier":"picked"} {}',
    ]);
  });

  it('a pathological target `(a|aa)*c` against a name of 64 `a` (2^44 backtracking steps on a RegExp, which held the build): no match, answered; `(a|aa)*` matches it', () => {
    const long = 'a'.repeat(64);
    const objects = build(
      [deployment('Deployment', long, 'web:1'), deployment('Deployment', 'aac', 'web:1')],
      jsonPatch('      name: (a|aa)*c\n', annotation) + jsonPatch('      name: (a|aa)*\n', label),
    );
    assert.deepEqual(objects, [`Deployment/${long} web:1 {"tier":"picked"} {}`, 'Deployment/aac web:1 {} {"hit":"true"}']);
  });

  it('a target RE2 refuses (a backreference, kustomize\'s build error) matches only its own text', () => {
    const objects = build([deployment('Deployment', '(a)\\1', 'web:1'), deployment('Deployment', 'aa', 'web:1')], jsonPatch("      name: '(a)\\1'\n", label));
    assert.deepEqual(objects, ['Deployment/(a)\\1 web:1 {"tier":"picked"} {}', 'Deployment/aa web:1 {} {}']);
  });
});
