import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load, loadAll } from 'js-yaml';
import { applyAdmissionPolicy, resourceOf } from '../../../src/policy/checks/admission';
import { celSyntaxError, evaluateCel, fromCel, MAX_CEL_LENGTH, toCel } from '../../../src/policy/checks/cel';
import { applyPolicy } from '../../../src/policy/checks/engine';
import { readAdmissionBinding, readAdmissionPolicy, type AdmissionBinding } from '../../../src/policy/model/admission';
import { readKyvernoPolicy, type JsonObject } from '../../../src/policy/model/kyverno';
import { runKyvernoTest } from '../../../src/policy/kyvernoTest/run';

const replicasPolicy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: replica-limit}
spec:
  failurePolicy: Fail
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  matchConditions:
    - name: not-system
      expression: "!object.metadata.namespace.startsWith('kube-')"
  variables:
    - name: replicas
      expression: "has(object.spec.replicas) ? object.spec.replicas : 1"
    - name: limit
      expression: "int(params.data.maxReplicas)"
  validations:
    - expression: "variables.replicas <= variables.limit"
      messageExpression: "'replicas ' + string(variables.replicas) + ' > ' + string(variables.limit) + ' in ' + object.metadata.name"
      message: replicas over the limit
    - expression: "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))"
`;

const binding = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: replica-limit-prod}
spec:
  policyName: replica-limit
  validationActions: [Deny]
  paramRef: {name: replica-limits, namespace: shop, parameterNotFoundAction: Deny}
  matchResources:
    namespaceSelector:
      matchLabels: {env: prod}
`;

const limits = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'replica-limits', namespace: 'shop' }, data: { maxReplicas: '3' } } as JsonObject;

function deployment(name: string, replicas: number, image = 'shop/web:1.2', namespace = 'shop'): JsonObject {
  return load(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: ${replicas}
  template:
    spec:
      containers: [{name: web, image: "${image}"}]`) as JsonObject;
}

const prod = { operation: 'CREATE', namespaceLabels: new Map([['shop', { env: 'prod' }], ['kube-system', { env: 'prod' }], ['dev', { env: 'dev' }]]) };

describe('policy: ValidatingAdmissionPolicy and CEL', () => {
  const policy = readAdmissionPolicy(load(replicasPolicy));
  const bindings = [readAdmissionBinding(load(binding))].filter((item): item is AdmissionBinding => item !== undefined);
  assert.ok(policy);

  it('a policy and its binding: matchConstraints, the binding namespace selector, params by paramRef, variables, messageExpression', () => {
    const rows = (resource: JsonObject, known = [limits]) => applyAdmissionPolicy(policy, bindings, resource, prod, known).map((r) => `${r.binding} ${r.status} ${r.action}: ${r.message}`);
    assert.deepEqual(rows(deployment('web', 2)), ["replica-limit-prod pass Enforce: ValidatingAdmissionPolicy 'replica-limit' passed"]);
    assert.deepEqual(rows(deployment('web', 5)), ['replica-limit-prod fail Enforce: replicas 5 > 3 in web']);
    assert.deepEqual(rows(deployment('web', 1, 'nginx:latest')), ["replica-limit-prod fail Enforce: failed expression: object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))"]);
    assert.deepEqual(rows(deployment('web', 5, 'x:1', 'dev')), [], 'the binding takes only prod namespaces');
    assert.deepEqual(rows(deployment('web', 5, 'x:1', 'kube-system')), ['replica-limit-prod skip Enforce: match condition not-system not met']);
    assert.deepEqual(rows(deployment('web', 5), []), ['replica-limit-prod fail Enforce: no params found for binding replica-limit-prod']);
    assert.deepEqual(rows({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' } }), [], 'matchConstraints take deployments only');
  });

  it('a binding that warns is a warning; an expression error is an error (Fail) or a skip (Ignore); the authorizer is not evaluated', () => {
    const warn = bindings.map((item) => ({ ...item, validationActions: ['Warn', 'Audit'] }));
    assert.deepEqual(applyAdmissionPolicy(policy, warn, deployment('web', 9), prod, [limits]).map((r) => `${r.status} ${r.action}`), ['fail Audit']);
    const broken = readAdmissionPolicy(load(replicasPolicy.replace('variables.replicas <= variables.limit', 'object.spec.nothere > 1')));
    assert.ok(broken);
    const [error] = applyAdmissionPolicy(broken, bindings, deployment('web', 2), prod, [limits]);
    assert.equal(error?.status, 'error');
    assert.match(error.message, /^CEL evaluation error in "object\.spec\.nothere > 1": /);
    const ignore = readAdmissionPolicy(load(replicasPolicy.replace('object.spec.nothere > 1', '').replace('variables.replicas <= variables.limit', 'object.spec.nothere > 1').replace('failurePolicy: Fail', 'failurePolicy: Ignore')));
    assert.ok(ignore);
    assert.equal(applyAdmissionPolicy(ignore, bindings, deployment('web', 2), prod, [limits])[0]?.status, 'skip');
    const auth = readAdmissionPolicy(load(replicasPolicy.replace('variables.replicas <= variables.limit', "authorizer.group('apps').resource('deployments').check('delete').allowed()")));
    assert.ok(auth);
    assert.deepEqual(applyAdmissionPolicy(auth, bindings, deployment('web', 2), prod, [limits]).map((r) => [r.status, r.notEvaluated, r.message]), [['skip', true, 'the authorizer needs the API server: not evaluated offline']]);
  });

  it('CEL values: JSON integers as int, objects as maps, strings library, RE2 matches; syntax errors and length bound said', () => {
    const bindings = { object: toCel({ a: 2, b: 1.5, list: ['x', 'Y'], m: { k: 'v' } }) };
    assert.equal(fromCel(evaluateCel('object.a * 2 + size(object.list)', bindings)), 6);
    assert.equal(evaluateCel("object.list[1].lowerAscii() + object.m.k", bindings), 'yv');
    assert.equal(evaluateCel("'ab12'.matches('^[a-z]+[0-9]{2}$')", bindings), true);
    assert.deepEqual(fromCel(evaluateCel('object.list.map(i, i + "!")', bindings)), ['x!', 'Y!']);
    assert.match(celSyntaxError('object.a +') ?? '', /^CEL syntax error: /);
    assert.equal(celSyntaxError('x'.repeat(MAX_CEL_LENGTH + 1)), `a CEL expression longer than ${MAX_CEL_LENGTH} characters is not evaluated`);
    assert.equal(resourceOf('Ingress'), 'ingresses');
    assert.equal(resourceOf('NetworkPolicy'), 'networkpolicies');
  });

  it("Kyverno's validate.cel: expressions with variables and messageExpression on the resource", () => {
    const kyverno = readKyvernoPolicy(load(`apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: host-ports, annotations: {pod-policies.kyverno.io/autogen-controllers: none}}
spec:
  validationFailureAction: Enforce
  rules:
    - name: no-host-port
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        cel:
          variables:
            - name: containers
              expression: "object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : [])"
          expressions:
            - expression: "variables.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort) || p.hostPort == 0))"
              messageExpression: "'host port used by ' + object.metadata.name"`) as JsonObject);
    assert.ok(kyverno);
    const pod = (port: string) => load(`apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop}
spec:
  containers: [{name: api, image: api:1, ports: [{containerPort: 80${port}}]}]`) as JsonObject;
    assert.deepEqual(applyPolicy(kyverno, pod('')).results.map((r) => `${r.status}: ${r.message}`), ["pass: validation rule 'no-host-port' passed."]);
    assert.deepEqual(applyPolicy(kyverno, pod(', hostPort: 8080')).results.map((r) => `${r.status}: ${r.message}`), ['fail: host port used by api']);
  });

  it('archipel policy test on a ValidatingAdmissionPolicy with its binding and params among the test resources', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'vap-'));
    try {
      writeFileSync(path.join(folder, 'policy.yaml'), `${replicasPolicy}---\n${binding}`);
      writeFileSync(path.join(folder, 'resources.yaml'), [deployment('small', 2), deployment('big', 7), limits].map((doc) => JSON.stringify(doc)).join('\n---\n'));
      writeFileSync(path.join(folder, 'values.yaml'), 'namespaceSelector:\n  - name: shop\n    labels: {env: prod}\n');
      writeFileSync(path.join(folder, 'kyverno-test.yaml'), `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata: {name: replicas}
policies: [policy.yaml]
resources: [resources.yaml]
variables: values.yaml
results:
  - {isValidatingAdmissionPolicy: true, policy: replica-limit, resources: [small], kind: Deployment, result: pass}
  - {isValidatingAdmissionPolicy: true, policy: replica-limit, resources: [big], kind: Deployment, result: fail}
`);
      const run = runKyvernoTest(path.join(folder, 'kyverno-test.yaml').split(path.sep).join('/'), (file) => ({ text: readFileSync(file, 'utf8') }));
      assert.deepEqual(run.errors, []);
      assert.deepEqual(run.rows.map((row) => `${row.policy} ${row.name} ${row.actual} ${row.verdict}: ${row.message}`), [
        "replica-limit small pass pass: ValidatingAdmissionPolicy 'replica-limit' passed",
        'replica-limit big fail pass: replicas 7 > 3 in big',
      ]);
      assert.equal(loadAll(readFileSync(path.join(folder, 'resources.yaml'), 'utf8')).length, 3);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
