import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { Budget } from '../../../src/policy/checks/budget';
import { applyPolicy } from '../../../src/policy/checks/engine';
import { applyJsonPatch, PatchError } from '../../../src/policy/checks/jsonPatch';
import { strategicMerge } from '../../../src/policy/checks/strategicMerge';
import { readKyvernoPolicy, type JsonObject } from '../../../src/policy/model/kyverno';

function mutate(rules: string, resourceYaml: string) {
  const read = readKyvernoPolicy(load(`apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: m, annotations: {pod-policies.kyverno.io/autogen-controllers: none}}
spec:
  rules:
${rules}`) as JsonObject);
  assert.ok(read);
  const { results, patched } = applyPolicy(read, load(resourceYaml) as JsonObject);
  return { rows: results.map((r) => `${r.rule} ${r.status}: ${r.message}`), patched: patched as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the test reads into the patched JSON freely
}

const pod = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  containers:
    - name: web
      image: nginx:1.25
      env: [{name: A, value: "1"}]
    - name: side
      image: envoy:1.0
      imagePullPolicy: Always
  volumes:
    - name: tmp
      emptyDir: {}
    - name: host
      hostPath: {path: /var}
`;

describe('policy: Kyverno mutate rules', () => {
  it('patchStrategicMerge: a conditional list element applied to every container it matches, merged by name', () => {
    const { rows, patched } = mutate(`    - name: pull
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchStrategicMerge:
          spec:
            containers:
              - (image): "nginx*"
                imagePullPolicy: IfNotPresent
                env: [{name: B, value: "2"}]`, pod);
    assert.deepEqual(rows, ['pull pass: mutated resource']);
    assert.deepEqual(patched.spec.containers[0], { name: 'web', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', env: [{ name: 'B', value: '2' }, { name: 'A', value: '1' }] });
    assert.deepEqual(patched.spec.containers[1], { name: 'side', image: 'envoy:1.0', imagePullPolicy: 'Always' });
  });

  it('patchStrategicMerge: +(key) adds only what is absent; a failed condition or no change is a skip', () => {
    const add = mutate(`    - name: defaults
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchStrategicMerge:
          metadata:
            labels:
              +(app): other
              +(team): shop`, pod);
    assert.deepEqual(add.rows, ['defaults pass: mutated resource']);
    assert.deepEqual(add.patched.metadata.labels, { app: 'web', team: 'shop' });
    const condition = mutate(`    - name: only-batch
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchStrategicMerge:
          metadata:
            labels:
              (app): batch
          spec: {priorityClassName: low}`, pod);
    assert.deepEqual(condition.rows, ['only-batch skip: conditional anchor mismatch']);
    assert.equal(condition.patched.spec.priorityClassName, undefined);
    const same = mutate(`    - name: already
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchStrategicMerge:
          metadata: {labels: {app: web}}`, pod);
    assert.deepEqual(same.rows, ['already skip: no patches applied']);
  });

  it('patchStrategicMerge: null deletes a key, a list without a merge key is replaced, new named elements come first', () => {
    const merged = strategicMerge(load(pod), load(`metadata: {labels: {app: null}}
spec:
  tolerations: [{key: a, operator: Exists}]
  volumes: [{name: certs, configMap: {name: ca}}]`), new Budget()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- read freely
    assert.deepEqual(merged.metadata.labels, {});
    assert.deepEqual(merged.spec.tolerations, [{ key: 'a', operator: 'Exists' }]);
    assert.deepEqual(merged.spec.volumes.map((v: { name: string }) => v.name), ['certs', 'tmp', 'host']);
  });

  it('patchesJson6902 with variables: add creates missing parents, remove of a missing path is no error, a bad op errors', () => {
    const { rows, patched } = mutate(`    - name: json
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchesJson6902: |-
          - op: add
            path: /metadata/annotations/owner
            value: "{{ request.object.metadata.labels.app }}"
          - op: add
            path: /spec/containers/0/securityContext/capabilities/drop/-
            value: ALL
          - op: remove
            path: /spec/nothing/here
          - op: replace
            path: /spec/containers/1/image
            value: envoy:2.0`, pod);
    assert.deepEqual(rows, ['json pass: mutated resource']);
    assert.deepEqual(patched.metadata.annotations, { owner: 'web' });
    assert.deepEqual(patched.spec.containers[0].securityContext, { capabilities: { drop: ['ALL'] } });
    assert.equal(patched.spec.containers[1].image, 'envoy:2.0');
    const bad = mutate(`    - name: bad
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchesJson6902: |-
          - op: replace
            path: /spec/missing
            value: 1`, pod);
    assert.deepEqual(bad.rows, ['bad error: failed to patch the resource: path /spec/missing not found']);
    assert.throws(() => applyJsonPatch({}, [{ op: 'test', path: '/a', value: 1 }], new Budget()), PatchError);
    assert.deepEqual(applyJsonPatch({ a: [1, 2, 3] }, [{ op: 'move', from: '/a/0', path: '/b' }, { op: 'copy', from: '/b', path: '/a/-' }], new Budget()), { a: [2, 3, 1], b: 1 });
  });

  it('foreach: per-element preconditions, each patch on the resource as patched so far, Descending order for removals', () => {
    const { rows, patched } = mutate(`    - name: drop-host-paths
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        foreach:
          - list: request.object.spec.volumes
            order: Descending
            preconditions:
              all: [{key: "{{ element.hostPath || '' }}", operator: NotEquals, value: ""}]
            patchesJson6902: |-
              - op: remove
                path: /spec/volumes/{{elementIndex}}
          - list: request.object.spec.containers
            patchStrategicMerge:
              spec:
                containers:
                  - name: "{{ element.name }}"
                    securityContext: {readOnlyRootFilesystem: true}`, pod);
    assert.deepEqual(rows, ['drop-host-paths pass: mutated resource']);
    assert.deepEqual(patched.spec.volumes, [{ name: 'tmp', emptyDir: {} }]);
    assert.deepEqual(patched.spec.containers.map((c: { securityContext: unknown }) => c.securityContext), [{ readOnlyRootFilesystem: true }, { readOnlyRootFilesystem: true }]);
  });

  it('mutate rules run first, in order, and a validate rule of the policy sees the patched resource; targets need a cluster', () => {
    const { rows } = mutate(`    - name: set-policy
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        patchStrategicMerge:
          spec:
            containers:
              - (name): "*"
                imagePullPolicy: Always
    - name: require-always
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        pattern:
          spec:
            containers:
              - imagePullPolicy: Always
    - name: existing
      match: {any: [{resources: {kinds: [Pod]}}]}
      mutate:
        targets: [{apiVersion: v1, kind: ConfigMap}]
        patchStrategicMerge: {metadata: {labels: {x: y}}}`, pod);
    assert.deepEqual(rows, ['set-policy pass: mutated resource', 'existing unsupported: mutate.targets (existing resources) needs a cluster: not evaluated', "require-always pass: validation rule 'require-always' passed."]);
  });
});
