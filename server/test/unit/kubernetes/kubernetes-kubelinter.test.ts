import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { allRules } from '../../../src/rules/registry';
import { codes, diagnoseWorkspace, fixturesDir, repoRoot } from '../../helpers';

/**
 * Checks kube-linter makes that Archipel lacked (issue #19), each with a failing and a passing case.
 * The manifests follow kube-linter's own test objects for the same checks.
 */
const deployment = (extra: { pod?: string; container?: string; replicas?: number; labels?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: ${extra.replicas ?? 2}
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api${extra.labels ?? ''} }
    spec:
${extra.pod ?? ''}      containers:
        - name: api
          image: ghcr.io/shop/api:1.4.2
${extra.container ?? ''}`;

const run = (files: Record<string, string>, target: string, code: string) => codes(diagnoseWorkspace(files, target), code);

describe('Kubernetes checks from kube-linter', () => {
  it('k8s-netpol-no-match: a NetworkPolicy whose podSelector selects no pod', () => {
    const policy = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels: { app: ${app} }
  policyTypes: [Ingress]
`;
    assert.deepEqual(run({ 'd.yaml': deployment(), 'np.yaml': policy('apii') }, 'np.yaml', 'k8s-netpol-no-match'), ['6:2 k8s-netpol-no-match']);
    assert.deepEqual(run({ 'd.yaml': deployment(), 'np.yaml': policy('api') }, 'np.yaml', 'k8s-netpol-no-match'), []);
    // An empty podSelector selects every pod of the namespace.
    const all = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\n  namespace: shop\nspec:\n  podSelector: {}\n';
    assert.deepEqual(run({ 'np.yaml': all }, 'np.yaml', 'k8s-netpol-no-match'), []);
  });

  it('k8s-service-account: a serviceAccountName the workspace does not define (when it defines some)', () => {
    const pod = '      serviceAccountName: api-reader\n';
    const account = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: shop\n`;
    assert.deepEqual(run({ 'd.yaml': deployment({ pod }), 'sa.yaml': account('api-writer') }, 'd.yaml', 'k8s-service-account'), ['13:26 k8s-service-account']);
    assert.deepEqual(run({ 'd.yaml': deployment({ pod }), 'sa.yaml': account('api-reader') }, 'd.yaml', 'k8s-service-account'), []);
    // A workspace that defines no ServiceAccount manages them elsewhere.
    assert.deepEqual(run({ 'd.yaml': deployment({ pod }) }, 'd.yaml', 'k8s-service-account'), []);
  });

  it('k8s-env-secret-literal: a secret-looking variable with a literal value', () => {
    const env = (value: string) => `          env:\n            - name: DB_PASSWORD\n${value}`;
    assert.deepEqual(run({ 'd.yaml': deployment({ container: env('              value: hunter2\n') }) }, 'd.yaml', 'k8s-env-secret-literal'), ['18:21 k8s-env-secret-literal']);
    const fromSecret = env('              valueFrom:\n                secretKeyRef: { name: db, key: password }\n');
    assert.deepEqual(run({ 'd.yaml': deployment({ container: fromSecret }) }, 'd.yaml', 'k8s-env-secret-literal'), []);
  });

  it('k8s-read-only-root-fs: a warning by default, as kube-linter\'s default no-read-only-root-fs', () => {
    const files = { 'd.yaml': deployment() };
    const found = diagnoseWorkspace(files, 'd.yaml').filter((d) => d.code === 'k8s-read-only-root-fs');
    assert.deepEqual(found.map((d) => [d.range.start.line, d.severity]), [[14, DiagnosticSeverity.Warning]]);
    const readOnly = { 'd.yaml': deployment({ container: '          securityContext: { readOnlyRootFilesystem: true }\n' }) };
    assert.deepEqual(run(readOnly, 'd.yaml', 'k8s-read-only-root-fs'), []);
  });

  it("k8s-duplicate-env: kube-linter's duplicate-env-var test manifest, on the second PORT of each firing container", () => {
    // stackrox/kube-linter tests/checks/duplicate-env-var.yaml (Apache-2.0, fixtures/oss/kube-linter/tests/).
    const text = readFileSync(path.join(fixturesDir, 'oss', 'kube-linter', 'tests', 'checks', 'duplicate-env-var.yaml'), 'utf8');
    const found = diagnoseWorkspace({ 'd.yaml': text }, 'd.yaml').filter((d) => d.code === 'k8s-duplicate-env');
    assert.deepEqual(
      found.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`),
      [
        '16:18 Container "fire-deployment" sets environment variable "PORT" twice (env entries 1 and 2): Kubernetes keeps only the last value. Remove one.',
        '35:18 Container "fire-stateful" sets environment variable "PORT" twice (env entries 1 and 2): Kubernetes keeps only the last value. Remove one.',
      ],
    );
  });

  it('k8s-run-as-non-root: runAsGroup 0 is reported even for a non-root user', () => {
    const context = (group: number) => `          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: ${group} }\n`;
    const found = diagnoseWorkspace({ 'd.yaml': deployment({ container: context(0) }) }, 'd.yaml').filter((d) => d.code === 'k8s-run-as-non-root');
    assert.deepEqual(found.map((d) => d.message), ['Container "api" runs with runAsGroup: 0, the root group: use a non-zero group.']);
    assert.deepEqual(run({ 'd.yaml': deployment({ container: context(10001) }) }, 'd.yaml', 'k8s-run-as-non-root'), []);
  });

  it('k8s-probe-udp: a probe on a port declared UDP', () => {
    const container = (protocol: string) => `          ports:\n            - { name: dns, containerPort: 53, protocol: ${protocol} }\n          readinessProbe:\n            tcpSocket: { port: dns }\n`;
    assert.deepEqual(run({ 'd.yaml': deployment({ container: container('UDP') }) }, 'd.yaml', 'k8s-probe-udp'), ['19:31 k8s-probe-udp']);
    assert.deepEqual(run({ 'd.yaml': deployment({ container: container('TCP') }) }, 'd.yaml', 'k8s-probe-udp'), []);
  });

  it('k8s-pdb-replicas: minAvailable ≥ replicas without an autoscaler', () => {
    const pdb = (min: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  minAvailable: ${min}\n  selector:\n    matchLabels: { app: api }\n`;
    assert.deepEqual(run({ 'd.yaml': deployment({ replicas: 2 }), 'pdb.yaml': pdb('2') }, 'pdb.yaml', 'k8s-pdb-replicas'), ['6:16 k8s-pdb-replicas']);
    assert.deepEqual(run({ 'd.yaml': deployment({ replicas: 2 }), 'pdb.yaml': pdb('"100%"') }, 'pdb.yaml', 'k8s-pdb-replicas'), ['6:16 k8s-pdb-replicas']);
    assert.deepEqual(run({ 'd.yaml': deployment({ replicas: 3 }), 'pdb.yaml': pdb('2') }, 'pdb.yaml', 'k8s-pdb-replicas'), []);
  });

  it('k8s-service-port: targetPort out of range, named targetPort longer than 15 characters', () => {
    const service = (target: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector: { app: api }\n  ports:\n    - port: 80\n      targetPort: ${target}\n`;
    assert.deepEqual(run({ 's.yaml': service('70000') }, 's.yaml', 'k8s-service-port'), ['9:18 k8s-service-port']);
    assert.deepEqual(run({ 's.yaml': service('metrics-endpoint-http') }, 's.yaml', 'k8s-service-port'), ['9:18 k8s-service-port']);
    assert.deepEqual(run({ 's.yaml': service('8080') }, 's.yaml', 'k8s-service-port'), []);
    assert.deepEqual(run({ 's.yaml': service('http-metrics') }, 's.yaml', 'k8s-service-port'), []);
  });

  it('k8s-pdb-replicas: maxUnavailable 0 allows no eviction', () => {
    const pdb = (max: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  maxUnavailable: ${max}\n  selector:\n    matchLabels: { app: api }\n`;
    assert.deepEqual(run({ 'd.yaml': deployment({ replicas: 1 }), 'pdb.yaml': pdb('0') }, 'pdb.yaml', 'k8s-pdb-replicas'), ['6:18 k8s-pdb-replicas']);
    assert.deepEqual(run({ 'pdb.yaml': pdb('"0%"') }, 'pdb.yaml', 'k8s-pdb-replicas'), ['6:18 k8s-pdb-replicas']);
    assert.deepEqual(run({ 'd.yaml': deployment({ replicas: 1 }), 'pdb.yaml': pdb('1') }, 'pdb.yaml', 'k8s-pdb-replicas'), []);
  });

  it("OpenShift's DeploymentConfig is a workload: its pods are checked, its plain selector matched", () => {
    const config = (selector: string) => `apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    app: ${selector}\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      hostNetwork: true\n      containers:\n        - name: api\n          image: ghcr.io/shop/api:1.4.2\n`;
    assert.deepEqual(run({ 'dc.yaml': config('apii') }, 'dc.yaml', 'k8s-selector-mismatch'), ['8:9 k8s-selector-mismatch']);
    assert.deepEqual(run({ 'dc.yaml': config('api') }, 'dc.yaml', 'k8s-selector-mismatch'), []);
    assert.ok(diagnoseWorkspace({ 'dc.yaml': config('api') }, 'dc.yaml').some((d) => d.code === 'k8s-host-namespace'));
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector: { app: api }\n  ports: [{ port: 80 }]\n';
    assert.deepEqual(run({ 'dc.yaml': config('api'), 's.yaml': service }, 's.yaml', 'k8s-service-no-match'), []);
  });

  it('every new rule has a docs/rules.md row', () => {
    const rulesPage = readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
    for (const id of ['k8s-netpol-no-match', 'k8s-service-account', 'k8s-env-secret-literal', 'k8s-read-only-root-fs', 'k8s-duplicate-env', 'k8s-probe-udp', 'k8s-pdb-replicas', 'k8s-service-port']) {
      const rule = allRules().find((r) => r.id === id);
      assert.ok(rule, `${id} is not registered`);
      assert.ok(rulesPage.includes(`| \`${id}\` | ${rule.defaultSeverity} |`), `no docs/rules.md row for ${id}`);
    }
  });
});
