// The workspace's policies live in the editor and in `archipel check` (#96): each violation on the object's line under
// `policy:<policy>/<rule>` (Enforce/Deny an error, Audit/Warn a warning), a kyverno test's inputs left alone, a policy
// edit seen at once; the policies' own JMESPath, CEL, operators and required fields checked on their lines.
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { policyFeature } from '../../../src/policy/feature';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { latestTagPolicy as latest } from './latestTagPolicy';

const feature = policyFeature();

function diagnosed(files: Record<string, string>, target: string): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return check(index, target);
}

function check(index: WorkspaceIndex, target: string): string[] {
  const file = index.get(`file:///p/${target}`);
  assert.ok(file, target);
  return diagnoseFile(file, [feature], { index, settings: defaultSettings, isCancelled: () => false }).map(brief);
}

const severities = ['', 'error', 'warning', 'information', 'hint'];
const brief = (d: Diagnostic): string => `${d.range.start.line + 1}:${d.range.start.character + 1} ${severities[d.severity ?? 1]} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`;


const pod = `apiVersion: v1
kind: Pod
metadata:
  name: floating
spec:
  containers:
    - name: app
      image: nginx:latest
`;

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const admission = (actions: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  paramKind: { apiVersion: v1, kind: ConfigMap }
  matchConstraints:
    resourceRules:
      - { apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments] }
  validations:
    - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
      messageExpression: "'at most ' + params.data.maxReplicas + ' replicas'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: replica-limit-binding
spec:
  policyName: replica-limit
  validationActions: [${actions}]
  paramRef: { name: limits, parameterNotFoundAction: Deny }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: limits
  namespace: shop
data:
  maxReplicas: "5"
`;

describe('policy: the workspace policies in check and the editor', () => {
  it('a Kyverno violation is on the failed value, under policy:<policy>/<rule>: Enforce an error, Audit a warning', () => {
    const message = "validation error: Using a mutable image tag such as 'latest' is not allowed.. rule validate-image-tag failed at path /spec/containers/0/image/";
    assert.deepEqual(diagnosed({ 'policies/latest.yaml': latest('Enforce'), 'k8s/pod.yaml': pod }, 'k8s/pod.yaml'), [`8:14 error policy:disallow-latest-tag/validate-image-tag ${message}`]);
    assert.deepEqual(diagnosed({ 'policies/latest.yaml': latest('Audit'), 'k8s/pod.yaml': pod }, 'k8s/pod.yaml'), [`8:14 warning policy:disallow-latest-tag/validate-image-tag ${message}`]);
    // The rule Kyverno generates for a Pod controller is said under the rule the policy writes.
    const controller = deployment(1).replace('nginx:1.27', 'nginx:latest');
    assert.deepEqual(
      diagnosed({ 'policies/latest.yaml': latest('Enforce'), 'k8s/web.yaml': controller }, 'k8s/web.yaml').map((line) => line.split(' ').slice(0, 3).join(' ')),
      ['14:18 error policy:disallow-latest-tag/validate-image-tag'],
    );
    // A policy governs the tree holding its folder: a test fixture's policy is no rule of the repository's manifests.
    assert.deepEqual(diagnosed({ 'test/fixtures/latest/latest.yaml': latest('Enforce'), 'k8s/pod.yaml': pod }, 'k8s/pod.yaml'), []);
    // A policy's own objects, and a file without a violation, have nothing.
    assert.deepEqual(diagnosed({ 'policies/latest.yaml': latest('Enforce'), 'k8s/pod.yaml': pod.replace('latest', '1.27') }, 'k8s/pod.yaml'), []);
    assert.deepEqual(diagnosed({ 'policies/latest.yaml': latest('Enforce'), 'k8s/pod.yaml': pod }, 'policies/latest.yaml'), []);
  });

  it('a ValidatingAdmissionPolicy with its binding and params from the workspace: Deny an error, Warn/Audit a warning', () => {
    assert.deepEqual(diagnosed({ 'policies/vap.yaml': admission('Deny'), 'k8s/web.yaml': deployment(9) }, 'k8s/web.yaml'), ['2:7 error policy:replica-limit/replica-limit-binding at most 5 replicas']);
    assert.deepEqual(diagnosed({ 'policies/vap.yaml': admission('Warn, Audit'), 'k8s/web.yaml': deployment(9) }, 'k8s/web.yaml'), ['2:7 warning policy:replica-limit/replica-limit-binding at most 5 replicas']);
    assert.deepEqual(diagnosed({ 'policies/vap.yaml': admission('Deny'), 'k8s/web.yaml': deployment(3) }, 'k8s/web.yaml'), []);
  });

  it("a kyverno test's input manifests are not evaluated; a policy edit is seen by the next check of its targets", () => {
    const test = 'apiVersion: cli.kyverno.io/v1alpha1\nkind: Test\nmetadata:\n  name: t\npolicies: [../latest.yaml]\nresources: [resources.yaml]\nresults: []\n';
    assert.deepEqual(diagnosed({ 'policies/latest.yaml': latest('Enforce'), 'policies/.kyverno-test/kyverno-test.yaml': test, 'policies/.kyverno-test/resources.yaml': pod }, 'policies/.kyverno-test/resources.yaml'), []);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///p/policies/latest.yaml', latest('Enforce'));
    index.update('file:///p/k8s/pod.yaml', pod);
    assert.equal(check(index, 'k8s/pod.yaml').length, 1);
    index.update('file:///p/policies/latest.yaml', latest('Enforce').replace('!*:latest', '*'));
    assert.deepEqual(check(index, 'k8s/pod.yaml'), []);
    index.update('file:///p/policies/latest.yaml', latest('Audit'));
    assert.match(check(index, 'k8s/pod.yaml')[0] ?? '', /^8:14 warning /);
  });

  it('a policy whose JMESPath or CEL does not parse, with an unknown operator or a missing field: said on its line, not evaluated on the objects', () => {
    const broken = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: broken
spec:
  rules:
    - name: bad
      match:
        any:
          - resources: { kinds: [Pod] }
      preconditions:
        all:
          - key: "{{ request.object.metadata.name | | }}"
            operator: Equalz
            value: x
      validate:
        foreach:
          - list: "request.object.spec.containers[?"
            pattern: { image: "?*" }
    - name: no-match
      validate: {}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: broken-cel
spec:
  validations:
    - expression: "object.spec.replicas >= "
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: nameless
spec: {}
`;
    const found = diagnosed({ 'policies/broken.yaml': broken, 'k8s/pod.yaml': pod }, 'policies/broken.yaml').map((line) => line.split(' ').slice(0, 3).join(' '));
    assert.deepEqual(found, [
      '13:18 error policy-syntax',
      '14:23 error policy-schema',
      '18:19 error policy-syntax',
      '20:7 error policy-schema',
      '21:7 error policy-schema',
      '29:19 error policy-syntax',
      '35:1 error policy-schema',
    ]);
    assert.deepEqual(diagnosed({ 'policies/broken.yaml': broken, 'k8s/pod.yaml': pod }, 'k8s/pod.yaml'), []);
  });

  it('a hostile policy (a foreach over 100,000 elements, a pattern 100 levels deep) is cut by its budget, naming the policy', () => {
    const many = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  list: "[${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]"\n`;
    const foreach = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: costly
spec:
  validationFailureAction: Enforce
  rules:
    - name: every-item
      match:
        any:
          - resources: { kinds: [ConfigMap] }
      validate:
        foreach:
          - list: "request.object.data.list | parse_json(@)"
            deny:
              conditions:
                any:
                  - { key: "{{ element }}", operator: LessThan, value: -1 }
`;
    const [cut] = diagnosed({ 'policies/costly.yaml': foreach, 'k8s/big.yaml': many }, 'k8s/big.yaml');
    assert.match(cut ?? '', /^2:7 warning policy-evaluation Policy costly\/every-item could not be evaluated on this object: policy costly\/every-item: more than 200000 steps/);
    let deep = '{ x: "?*" }';
    for (let level = 0; level < 100; level++) deep = `{ a: ${deep} }`;
    const deepPolicy = latest('Enforce').replace(/pattern:\n[\s\S]*$/, `pattern: ${deep}\n`).replace('kinds: [Pod]', 'kinds: [ConfigMap]');
    const [nested] = diagnosed({ 'policies/deep.yaml': deepPolicy, 'k8s/big.yaml': many }, 'k8s/big.yaml');
    assert.match(nested ?? '', /^2:7 warning policy-evaluation Policy disallow-latest-tag\/validate-image-tag could not be evaluated on this object: .*nested deeper than 64 levels/);
  });
});
