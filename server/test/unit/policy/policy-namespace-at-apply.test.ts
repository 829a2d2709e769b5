// A namespaced object that names no namespace (applied with `kubectl apply -n`, `helm --namespace`) is in a namespace
// known only when it is applied (#96): a policy whose match or exclude reads the namespace is not decided offline for it
// (a skip said "not evaluated", never an error or a warning); a policy that does not read the namespace still applies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { applyPolicy } from '../../../src/policy/checks/engine';
import { policyFeature } from '../../../src/policy/feature';
import { readKyvernoPolicy, type JsonObject } from '../../../src/policy/model/kyverno';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';

const certManager = path.join(fixturesDir, 'oss', 'cert-manager');
const read = (relative: string): string => readFileSync(path.join(certManager, relative), 'utf8');

function policyCodes(files: Record<string, string>, target: string): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const file = index.get(`file:///p/${target}`);
  assert.ok(file, target);
  return diagnoseFile(file, [policyFeature()], { index, settings: defaultSettings, isCancelled: () => false })
    .filter((d: Diagnostic) => String(d.code).startsWith('policy'))
    .map((d) => `${d.severity ?? 1} ${String(d.code)}`);
}

describe('policy: an object whose namespace is given when it is applied (fixtures/oss/cert-manager, SOURCES.md)', function () {
  it("cert-manager's ValidatingPolicies (excluding bind by namespaceSelector) raise nothing on bind's Deployment, which names no namespace; named in a namespace they do", function () {
    const policy = read('make/config/kyverno/policy.yaml');
    const deployment = read('make/config/bind/deployment.yaml');
    // As `kubectl apply -n bind` applies it: no finding (before: 13 Enforce errors, as if in `default`).
    assert.deepEqual(policyCodes({ 'make/config/kyverno/policy.yaml': policy, 'make/config/bind/deployment.yaml': deployment }, 'make/config/bind/deployment.yaml'), []);
    // The same object named in bind: excluded, nothing; named elsewhere: the policies are evaluated and raise errors.
    const inBind = deployment.replace('  name: bind\n', '  name: bind\n  namespace: bind\n');
    assert.deepEqual(policyCodes({ 'make/config/kyverno/policy.yaml': policy, 'make/config/bind/deployment.yaml': inBind }, 'make/config/bind/deployment.yaml'), []);
    const elsewhere = deployment.replace('  name: bind\n', '  name: bind\n  namespace: cert-manager\n');
    const raised = policyCodes({ 'make/config/kyverno/policy.yaml': policy, 'make/config/bind/deployment.yaml': elsewhere }, 'make/config/bind/deployment.yaml');
    assert.ok(raised.length >= 5, raised.join('\n'));
    assert.ok(raised.every((line) => line.startsWith('1 policy:')), raised.join('\n'));
    assert.ok(raised.includes('1 policy:require-ro-rootfs/require-ro-rootfs'), raised.join('\n'));
  });

  it('a Kyverno rule whose match or exclude reads the namespace is a not-evaluated skip; one that does not still fails', function () {
    const policy = readKyvernoPolicy(load(`apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: pods }
spec:
  validationFailureAction: Enforce
  rules:
    - name: excluded-namespaces
      match: { any: [{ resources: { kinds: [Pod] } }] }
      exclude: { any: [{ resources: { namespaces: [bind, pebble] } }] }
      validate: { message: no latest, pattern: { spec: { containers: [{ image: '!*:latest' }] } } }
    - name: in-namespaces
      match: { any: [{ resources: { kinds: [Pod], namespaces: [shop] } }] }
      validate: { message: no latest, pattern: { spec: { containers: [{ image: '!*:latest' }] } } }
    - name: everywhere
      match: { any: [{ resources: { kinds: [Pod] } }] }
      validate: { message: no latest, pattern: { spec: { containers: [{ image: '!*:latest' }] } } }
    - name: other-kind
      match: { any: [{ resources: { kinds: [Service], namespaces: [shop] } }] }
      validate: { message: never, pattern: { spec: { type: ClusterIP } } }
`) as JsonObject);
    assert.ok(policy);
    const pod = (namespace?: string): JsonObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...(namespace ? { namespace } : {}) }, spec: { containers: [{ name: 'c', image: 'nginx:latest' }] } });
    const statuses = (resource: JsonObject) => applyPolicy(policy, resource).results.map((r) => `${r.rule} ${r.status}${r.notEvaluated ? ' not-evaluated' : ''}`);
    assert.deepEqual(statuses(pod()), ['excluded-namespaces skip not-evaluated', 'in-namespaces skip not-evaluated', 'everywhere fail']);
    assert.equal(applyPolicy(policy, pod()).results[0]?.message, 'not evaluated: the namespace is given when the object is applied');
    assert.deepEqual(statuses(pod('bind')), ['excluded-namespaces skip', 'everywhere fail']);
    assert.deepEqual(statuses(pod('shop')), ['excluded-namespaces fail', 'in-namespaces fail', 'everywhere fail']);
    // A cluster-scoped object has no namespace to wait for: its namespace filters are read as before.
    const namespace: JsonObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bind' } };
    assert.deepEqual(applyPolicy(policy, namespace).results, []);
  });
});
