import assert from 'node:assert/strict';
import { load } from 'js-yaml';
import { applyPolicy, type RuleResult } from '../../../src/policy/checks/engine';
import { Budget } from '../../../src/policy/checks/budget';
import { evaluateOperator } from '../../../src/policy/checks/conditions';
import { evaluateJmesPath, jmesPathSyntaxError } from '../../../src/policy/checks/jmespath';
import { kindMatches, identityOf } from '../../../src/policy/checks/match';
import { matchPattern } from '../../../src/policy/checks/pattern';
import { valueMatches } from '../../../src/policy/checks/values';
import { readKyvernoPolicy, type JsonObject } from '../../../src/policy/model/kyverno';

function policy(yaml: string) {
  const read = readKyvernoPolicy(load(yaml) as JsonObject);
  assert.ok(read);
  return read;
}

function apply(policyYaml: string, resourceYaml: string, options: Parameters<typeof applyPolicy>[2] = {}): string[] {
  return applyPolicy(policy(policyYaml), load(resourceYaml) as JsonObject, options).results.map((r: RuleResult) => `${r.rule} ${r.status}${r.message ? `: ${r.message}` : ''}`);
}

const pod = (image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  containers:
    - name: web
      image: ${image}
${extra}`;

const noLatest = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: no-latest}
spec:
  validationFailureAction: Enforce
  rules:
    - name: tag
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        message: "image {{ request.object.spec.containers[0].image }} uses latest"
        pattern:
          spec:
            containers:
              - image: "!*:latest"
`;

describe('policy: Kyverno validate', () => {
  it('a pattern with a negated wildcard passes and fails with the message and path', () => {
    assert.deepEqual(apply(noLatest, pod('nginx:1.27')), ["tag pass: validation rule 'tag' passed."]);
    assert.deepEqual(apply(noLatest, pod('nginx:latest')), ['tag fail: validation error: image nginx:latest uses latest. rule tag failed at path /spec/containers/0/image/']);
  });

  it('autogen: a Pod rule applies to a Deployment and a CronJob through their templates', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: web, image: "nginx:latest"}]`;
    assert.deepEqual(apply(noLatest, deployment), ['autogen-tag fail: validation error: image nginx:latest uses latest. rule autogen-tag failed at path /spec/template/spec/containers/0/image/']);
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: "busybox:1.36"}]}}}}}`;
    assert.deepEqual(apply(noLatest, cron), ["autogen-cronjob-tag pass: validation rule 'autogen-cronjob-tag' passed."]);
  });

  it('anchors: conditional skips, equality applies when present, negation fails, existence needs one element, global skips the rule', () => {
    const budget = new Budget();
    const resource = load(pod('nginx:1', '  hostNetwork: false\n  volumes: [{name: a, emptyDir: {}}]')) as JsonObject;
    assert.equal(matchPattern(resource, { spec: { '(hostNetwork)': true, containers: [{ image: 'x' }] } }, budget)?.kind, 'condition');
    assert.equal(matchPattern(resource, { spec: { '=(hostNetwork)': false, '=(hostPID)': false } }, budget), undefined);
    assert.equal(matchPattern(resource, { spec: { 'X(hostNetwork)': 'null' } }, budget)?.kind, 'negation');
    assert.equal(matchPattern(resource, { spec: { '^(volumes)': [{ emptyDir: {} }] } }, budget), undefined);
    assert.equal(matchPattern(resource, { spec: { '^(volumes)': [{ hostPath: '*' }] } }, budget)?.kind, 'fail');
    assert.equal(matchPattern(resource, { spec: { '<(hostNetwork)': true, containers: [{ image: 'nope' }] } }, budget)?.kind, 'global');
    // A conditional anchor in a list element skips that element only.
    assert.equal(matchPattern(resource, { spec: { containers: [{ '(name)': 'other', image: 'nope' }] } }, budget)?.kind, 'condition');
  });

  it('leaf values: operators, ranges, alternatives, quantities, null and wildcards as Kyverno reads them', () => {
    assert.equal(valueMatches(3, '>2'), true);
    assert.equal(valueMatches('500m', '<1'), true);
    assert.equal(valueMatches('2Gi', '<=1Gi'), false);
    assert.equal(valueMatches(8080, '1024-65535'), true);
    assert.equal(valueMatches(80, '1024-65535'), false);
    assert.equal(valueMatches(80, '1!-1023'), false);
    assert.equal(valueMatches('RuntimeDefault', 'RuntimeDefault | Localhost'), true);
    assert.equal(valueMatches('app:v1', '?*:v?'), true);
    assert.equal(valueMatches(null, null), true);
    assert.equal(valueMatches('', null), true);
    assert.equal(valueMatches('x', null), false);
    assert.equal(valueMatches('3', 3), true);
    assert.equal(valueMatches(true, true), true);
    assert.equal(valueMatches('abc', '!a*'), false);
  });

  it('match and exclude: kinds in every form, names, namespaces, selectors, any and all', () => {
    const web = identityOf(load(pod('nginx:1')) as JsonObject);
    assert.equal(kindMatches('Pod', web), true);
    assert.equal(kindMatches('v1/Pod', web), true);
    assert.equal(kindMatches('*/Pod', web), true);
    assert.equal(kindMatches('apps/v1/Pod', web), false);
    assert.equal(kindMatches('Pod/exec', web), false);
    const scoped = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: scoped}
spec:
  rules:
    - name: r
      match:
        all:
          - resources: {kinds: ["*"], namespaces: ["sh*"], selector: {matchLabels: {app: web}}}
          - resources: {names: ["w?b"]}
      exclude:
        any: [{resources: {namespaces: [kube-system]}}]
      validate: {pattern: {metadata: {name: "?*"}}}
`;
    assert.deepEqual(apply(scoped, pod('nginx:1')), ["r pass: validation rule 'r' passed."]);
    assert.deepEqual(apply(scoped, pod('nginx:1').replace('namespace: shop', 'namespace: kube-system')), []);
    assert.deepEqual(apply(scoped.replace('[kube-system]', '[shop]'), pod('nginx:1')), ['r skip: rule excluded']);
  });

  it('deny conditions with every operator family, preconditions and request.operation', () => {
    assert.equal(evaluateOperator('Equals', 'prod-eu', 'prod-*'), true);
    assert.equal(evaluateOperator('NotEquals', 1, '1'), false);
    assert.equal(evaluateOperator('AnyIn', ['a', 'b'], ['b']), true);
    assert.equal(evaluateOperator('AllIn', ['a', 'b'], ['b']), false);
    assert.equal(evaluateOperator('AnyNotIn', ['a', 'b'], ['b']), true);
    assert.equal(evaluateOperator('AllNotIn', ['a'], ['b', 'c']), true);
    assert.equal(evaluateOperator('In', 'a', '["a","b"]'), true);
    assert.equal(evaluateOperator('NotIn', 'z', ['a']), true);
    assert.equal(evaluateOperator('AnyIn', 8080, ['8000-9000']), true);
    assert.equal(evaluateOperator('AnyNotIn', 'x', null), false);
    assert.equal(evaluateOperator('GreaterThan', '2Gi', '1024Mi'), true);
    assert.equal(evaluateOperator('LessThanOrEquals', 3, 3), true);
    assert.equal(evaluateOperator('GreaterThan', '1.28.3', '1.27.9'), true);
    assert.equal(evaluateOperator('DurationGreaterThan', '1h30m', '90m'), false);
    assert.equal(evaluateOperator('DurationGreaterThanOrEquals', '2h', '90m'), true);
    const replicas = `apiVersion: kyverno.io/v1
kind: Policy
metadata: {name: replicas, namespace: shop}
spec:
  rules:
    - name: min
      match: {any: [{resources: {kinds: [Deployment], operations: [CREATE, UPDATE]}}]}
      preconditions:
        all: [{key: "{{ request.object.metadata.labels.tier || '' }}", operator: Equals, value: prod}]
      validate:
        message: "{{ request.operation }}: {{ request.object.metadata.name }} needs 2 replicas, has {{ request.object.spec.replicas }}"
        deny:
          conditions:
            any: [{key: "{{ request.object.spec.replicas }}", operator: LessThan, value: 2}]
`;
    const deployment = (tier: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop, labels: {tier: ${tier}}}
spec: {replicas: ${replicas}}`;
    assert.deepEqual(apply(replicas, deployment('prod', 1)), ['min fail: CREATE: api needs 2 replicas, has 1']);
    assert.deepEqual(apply(replicas, deployment('prod', 3)), ["min pass: validation rule 'min' passed."]);
    assert.deepEqual(apply(replicas, deployment('dev', 1)), ['min skip: preconditions not met']);
    assert.deepEqual(apply(replicas, deployment('prod', 1), { request: { operation: 'DELETE' } }), []);
    // A namespaced Policy applies in its own namespace only.
    assert.deepEqual(apply(replicas, deployment('prod', 1).replace('namespace: shop', 'namespace: other')), []);
  });

  it('foreach with element, preconditions per element, anyPattern and the images variable', () => {
    const registries = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: registries}
spec:
  rules:
    - name: trusted
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        message: "{{ element.name }} comes from {{ images.containers.\\"{{ element.name }}\\".registry }}"
        foreach:
          - list: request.object.spec.containers
            preconditions:
              all: [{key: "{{ element.name }}", operator: NotEquals, value: sidecar}]
            deny:
              conditions:
                all: [{key: "{{ images.containers.\\"{{ element.name }}\\".registry }}", operator: NotEquals, value: ghcr.io}]
    - name: probes
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        anyPattern:
          - spec: {containers: [{livenessProbe: {httpGet: {port: "*"}}}]}
          - spec: {containers: [{readinessProbe: {exec: {command: "*"}}}]}
`;
    assert.deepEqual(apply(registries, pod('ghcr.io/shop/web:1', '    - name: sidecar\n      image: envoy:1')), ["trusted pass: validation rule 'trusted' passed.", 'probes fail: validation error: rule probes failed at path /spec/containers/0/livenessProbe/']);
    assert.deepEqual(apply(registries, pod('nginx:1')).slice(0, 1), ['trusted fail: web comes from docker.io']);
  });

  it("Kyverno's JMESPath functions on the maintained evaluator, and syntax errors told apart", () => {
    const at = () => new Date('2026-01-02T03:04:05Z');
    assert.equal(evaluateJmesPath("to_upper('ab')", {}), 'AB');
    assert.equal(evaluateJmesPath("regex_match('^v[0-9]+$', 'v12')", {}), true);
    assert.deepEqual(evaluateJmesPath("split('a:b', ':')", {}), ['a', 'b']);
    assert.equal(evaluateJmesPath("base64_decode('aGk=')", {}), 'hi');
    assert.deepEqual(evaluateJmesPath("parse_json('{\"a\":1}')", {}), { a: 1 });
    assert.equal(evaluateJmesPath("equal_fold('Ab', 'aB')", {}), true);
    assert.equal(evaluateJmesPath("truncate('abcdef', `3`)", {}), 'abc');
    assert.equal(evaluateJmesPath('label_match(`{"app":"web"}`, `{"app":"web","tier":"a"}`)', {}), true);
    assert.equal(evaluateJmesPath("add('1Gi', '512Mi')", {}), String(1.5 * 2 ** 30));
    assert.equal(evaluateJmesPath('add(`1`, `2`)', {}), 3);
    assert.equal(evaluateJmesPath("time_add('2026-01-01T00:00:00Z', '36h')", {}), '2026-01-02T12:00:00Z');
    assert.equal(evaluateJmesPath('time_now_utc()', {}, at), '2026-01-02T03:04:05Z');
    assert.equal(evaluateJmesPath("semver_compare('1.2.3', '>=1.2.0')", {}), true);
    assert.equal(evaluateJmesPath('a.keys(@)', {}), null);
    assert.match(jmesPathSyntaxError('request.object.(') ?? '', /parse error/);
    assert.match(jmesPathSyntaxError('no_such_function(@)') ?? '', /Unknown function/);
    assert.equal(jmesPathSyntaxError('request.object.metadata.name'), undefined);
  });

  it('a context variable is evaluated; an API call or ConfigMap is said not evaluated, never guessed', () => {
    const lookup = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: lookups}
spec:
  rules:
    - name: local
      match: {any: [{resources: {kinds: [Pod]}}]}
      context:
        - name: team
          variable: {jmesPath: "request.object.metadata.labels.app", default: none}
      validate:
        deny: {conditions: {any: [{key: "{{ team }}", operator: Equals, value: none}]}}
    - name: remote
      match: {any: [{resources: {kinds: [Pod]}}]}
      context:
        - name: allowed
          configMap: {name: registries, namespace: platform}
      validate:
        deny: {conditions: {any: [{key: "{{ allowed.data.registry }}", operator: NotEquals, value: ghcr.io}]}}
`;
    assert.deepEqual(apply(lookup, pod('nginx:1')), ["local pass: validation rule 'local' passed.", 'remote skip: the variable "allowed" needs a cluster (an API call or a ConfigMap): not evaluated offline']);
    // Given by a kyverno test's values, it is evaluated.
    assert.deepEqual(apply(lookup, pod('nginx:1'), { values: { 'allowed.data.registry': 'ghcr.io' } })[1], "remote pass: validation rule 'remote' passed.");
  });

  it('a hostile pattern or expression is cut by the budget with a message, not hung', () => {
    let deep: unknown = 'x';
    let resource: unknown = 'x';
    for (let i = 0; i < 200; i++) {
      deep = { a: deep };
      resource = { a: resource };
    }
    assert.throws(() => matchPattern(resource, deep, new Budget()), /nested deeper than 64 levels/);
    const wide = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: wide}
spec:
  rules:
    - name: r
      match: {any: [{resources: {kinds: [ConfigMap]}}]}
      validate: {foreach: [{list: "request.object.data.items", deny: {conditions: {any: [{key: "{{ element }}", operator: Equals, value: "never"}]}}}]}
`;
    const big = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { items: Array.from({ length: 500 }, (_, i) => `v${i}`) } };
    const { results } = applyPolicy(policy(wide), big, { budget: new Budget(1000) });
    assert.deepEqual(results.map((r) => `${r.status}: ${r.message}`), ['error: policy wide/r: more than 1000 steps: the evaluation was cut']);
  });
});
