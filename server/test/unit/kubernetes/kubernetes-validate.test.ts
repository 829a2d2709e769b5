import assert from 'node:assert/strict';
import type { ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultSettings } from '../../../src/settings';
import * as YAML from 'yaml';
import { precompiledValidators } from '../../../src/platform/resources';
import { SchemaEngine, type SchemaBundle } from '../../../src/schema/engine';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { sampleDeployment as deployment } from '../../fixtures/manifests';
import { brief, diagnose as diagnoseAll, repoRoot } from '../../helpers';

/** These tests are about the schema: the other Kubernetes rules have their own tests. */
const schemaCodes = new Set(['k8s-schema', 'k8s-unknown-kind', 'k8s-no-schema', 'file-too-large', 'yaml-syntax', 'yaml-duplicate-key']);
const diagnose: typeof diagnoseAll = (...args) => diagnoseAll(...args).filter((d) => schemaCodes.has(String(d.code)));


describe('Kubernetes schema validation', () => {
  it('accepts a valid modern Deployment (native sidecar initContainer)', () => {
    assert.deepEqual(diagnose(deployment).map(brief), []);
  });

  it('accepts a Service with trafficDistribution', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n  trafficDistribution: PreferClose\n';
    assert.deepEqual(diagnose(service).map(brief), []);
  });

  it('reports a misspelt field on the key, with a suggestion', () => {
    const [d, ...rest] = diagnose(deployment.replace('  replicas: 2', '  replica: 2'));
    assert.equal(rest.length, 0);
    assert.equal(brief(d), '5:2-5:9 k8s-schema');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.source, 'archipel');
    assert.match(d.message, /Unknown field "replica" in DeploymentSpec/);
    assert.match(d.message, /Did you mean "replicas"\?/);
  });

  it('reports a misspelt field deep in a container', () => {
    const diagnostics = diagnose(deployment.replace('imagePullPolicy', 'imagePullPolcy'));
    assert.deepEqual(diagnostics.map(brief), ['19:10-19:24 k8s-schema']);
    assert.match(diagnostics[0].message, /spec\.template\.spec\.containers\[0\]/);
  });

  it('reports a wrong type on the value', () => {
    const [d] = diagnose(deployment.replace('replicas: 2', 'replicas: three'));
    assert.equal(brief(d), '5:12-5:17 k8s-schema');
    assert.match(d.message, /Expected integer at spec\.replicas, found string "three"/);
  });

  it('reports a wrong enum value on the value, listing the allowed ones', () => {
    const [d] = diagnose(deployment.replace('IfNotPresent', 'Sometimes'));
    assert.equal(brief(d), '19:27-19:36 k8s-schema');
    assert.match(d.message, /"Always", "IfNotPresent", "Never"/);
  });

  it('reports a missing required field on the object that lacks it', () => {
    const [d] = diagnose(deployment.replace('        - name: web\n          image: nginx:1.27\n', '        - image: nginx:1.27\n'));
    assert.equal(brief(d), '17:10-17:15 k8s-schema');
    assert.match(d.message, /Missing required field "name" in Container/);
  });

  it('accepts null in a map of strings (a label or annotation that renders empty): the API server stores it as ""', () => {
    const nulls = deployment.replace('  name: web\n', '  name: web\n  labels:\n    version: null\n  annotations:\n    note:\n').replace('      labels: {app: web}', '      labels: {app: web, track: null}');
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: null\n';
    assert.deepEqual(diagnose(nulls).map(brief), []);
    assert.deepEqual(diagnose(configMap).map(brief), []);
    // A number is no string: Go's decoder refuses it, and so does the schema.
    const [d] = diagnose(nulls.replace('version: null', 'version: 2'));
    assert.equal(brief(d), '5:13-5:14 k8s-schema');
    assert.match(d.message, /Expected string at metadata\.labels\.version, found integer 2/);
  });

  it('accepts an integer or a string for an IntOrString field, and says so otherwise', () => {
    const base = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - port: 80\n      targetPort: TARGET\n';
    assert.deepEqual(diagnose(base.replace('TARGET', '8080')).map(brief), []);
    assert.deepEqual(diagnose(base.replace('TARGET', 'http')).map(brief), []);
    const [d] = diagnose(base.replace('TARGET', '[1]'));
    assert.match(d.message, /Expected integer or string at spec\.ports\[0\]\.targetPort/);
  });

  it('validates every document of a multi-document file independently', () => {
    const text = `${deployment}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndatas: {}\n`;
    const diagnostics = diagnose(text);
    assert.deepEqual(diagnostics.map(brief), ['28:0-28:5 k8s-schema']);
  });

  it('gives custom resources without a schema one information diagnostic', () => {
    const diagnostics = diagnose('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: goes}\n');
    assert.deepEqual(diagnostics.map(brief), ['1:6-1:12 k8s-no-schema']);
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.match(diagnostics[0].message, /No schema for example\.com\/v1\/Widget/);
  });

  it('reports an unknown kind in a built-in group as an error with a suggestion', () => {
    const [d] = diagnose('apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n');
    assert.equal(brief(d), '1:6-1:16 k8s-unknown-kind');
    assert.match(d.message, /Did you mean "Deployment"/);
  });

  it('reports an apiVersion a built-in group does not serve', () => {
    const [d] = diagnose('apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: x}\n');
    assert.equal(brief(d), '0:12-0:19 k8s-unknown-kind');
    assert.match(d.message, /apps serves apps\/v1\b/);
  });

  it('validates Argo CD Applications against their CRD schema', () => {
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: "https://example.com/r.git", path: k8s, targetRevision: main}\n  destination: {server: "https://kubernetes.default.svc", namespace: x}\n';
    assert.deepEqual(diagnose(app).map(brief), []);
    const [d] = diagnose(app.replace('  project: default', '  projekt: default'));
    assert.equal(d.code, 'k8s-schema');
  });

  it('ignores YAML files that are not Kubernetes objects', () => {
    assert.deepEqual(diagnose('name: ci\non: push\njobs: {}\n').map(brief), []);
  });

  it('does not validate Helm templates', () => {
    const template = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n';
    assert.deepEqual(diagnose(template, {}, 'file:///chart/templates/deployment.yaml').map(brief), []);
  });

  it('reports a file over the size limit once instead of validating it', () => {
    const diagnostics = diagnose(deployment.replace('replicas: 2', 'replica: 2'), { validation: { ...defaultSettings.validation, maxFileSizeKb: 0.1 } });
    assert.deepEqual(diagnostics.map(brief), ['0:0-0:0 file-too-large']);
  });
});

describe('precompiled and run-time validators', () => {
  it('report the same errors', () => {
    // Built by `npm test` (esbuild.mjs → scripts/gen-validators.mjs); this test is about both paths.
    const root = repoRoot;
    const bundles = ['kubernetes-1.36.json', 'argo.json'].map((f) => JSON.parse(readFileSync(path.join(root, 'schemas', 'kubernetes', f), 'utf8')) as SchemaBundle);
    const precompiled = precompiledValidators(root);
    assert.ok(Object.keys(precompiled).length > 200, 'the build made the precompiled modules');
    const fast = new SchemaEngine(bundles, precompiled);
    const slow = new SchemaEngine(bundles);
    const broken = YAML.parse(deployment.replace('replicas: 2', 'replicas: three').replace('imagePullPolicy', 'imagePullPolcy').replace('        - name: web\n', '        - nam: web\n')) as unknown;
    const simplify = (errors: ErrorObject[] | undefined) => (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
    const expected = simplify(slow.validate('apps/v1/Deployment', broken));
    assert.ok(expected.length >= 3, expected.join('\n'));
    assert.deepEqual(simplify(fast.validate('apps/v1/Deployment', broken)), expected);
  });

  it('make each error whole as ajv does: the same five fields, in ajv\'s order, as the run-time compile (the modules make them by one helper, #68)', () => {
    const root = repoRoot;
    const bundles = ['kubernetes-1.36.json', 'argo.json'].map((f) => JSON.parse(readFileSync(path.join(root, 'schemas', 'kubernetes', f), 'utf8')) as SchemaBundle);
    const fast = new SchemaEngine(bundles, precompiledValidators(root));
    const slow = new SchemaEngine(bundles);
    const fields = ['instancePath', 'schemaPath', 'keyword', 'params', 'message'];
    // The run-time engine is verbose (schema, data…): its errors' five fields only, in ajv's order.
    const whole = (errors: ErrorObject[] | undefined) => (errors ?? []).map((e) => JSON.stringify(Object.fromEntries(fields.map((f) => [f, e[f as keyof ErrorObject]])))).sort();
    const doc = YAML.parse(deployment) as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    const container = doc.spec.template.spec.containers[0];
    Object.assign(container, { imagePullPolicy: 'Sometimes', ports: [{ containerPort: 'http', protocol: 'TCPX' }], resources: 'big', nme: 'x' });
    delete container.name;
    const broken = { ...doc, spec: { ...doc.spec, replicas: 'three', selector: null }, metadata: { labels: { a: 1 } } };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'Nowhere', ports: [{ port: 'x' }] } };
    for (const [key, value] of [['apps/v1/Deployment', broken], ['v1/Service', service], ['apps/v1/Deployment', []]] as const) {
      const errors = fast.validate(key, value) ?? [];
      assert.ok(errors.length >= (Array.isArray(value) ? 1 : 2), `${key}: ${errors.length}`);
      for (const error of errors) assert.deepEqual(Object.keys(error), fields, JSON.stringify(error));
      assert.deepEqual(whole(errors), whole(slow.validate(key, value)), key);
    }
  });

  it('keep the versions an API serves no more in modules of their own, which a file of today\'s manifests never loads; those still report what the run-time compile reports', () => {
    const root = repoRoot;
    const { kinds } = JSON.parse(readFileSync(path.join(root, 'dist', 'server', 'k8s-validators', 'index.json'), 'utf8')) as { kinds: Record<string, string> };
    const legacyKey = (key: string) => !key.startsWith('argoproj.io/') && (/\/v\d+(alpha|beta)\d*\/[^/]+$/.test(key) || key.startsWith('extensions/'));
    const misplaced = Object.entries(kinds).filter(([key, module]) => legacyKey(key) !== module.endsWith('-legacy.js'));
    assert.deepEqual(misplaced, [], 'an alpha, beta or extensions kind in a legacy module, and only those');
    // The kinds of the 500-document benchmark file (bench/lib/fixtures.mjs generateK8sFile), as written there.
    const today = ['v1/ServiceAccount', 'v1/ConfigMap', 'v1/Secret', 'apps/v1/Deployment', 'v1/Service', 'autoscaling/v2/HorizontalPodAutoscaler', 'policy/v1/PodDisruptionBudget', 'networking.k8s.io/v1/NetworkPolicy', 'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding', 'apps/v1/StatefulSet', 'networking.k8s.io/v1/Ingress', 'batch/v1/CronJob'];
    assert.deepEqual([...new Set(today.map((key) => kinds[key]))].sort(), ['application.js', 'core.js', 'workloads.js']);

    const bundles = ['kubernetes-1.36.json', 'argo.json'].map((f) => JSON.parse(readFileSync(path.join(root, 'schemas', 'kubernetes', f), 'utf8')) as SchemaBundle);
    const fast = new SchemaEngine(bundles, precompiledValidators(root));
    const slow = new SchemaEngine(bundles);
    const simplify = (errors: ErrorObject[] | undefined) => (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort();
    const broken = YAML.parse(deployment.replace('replicas: 2', 'replicas: three').replace('imagePullPolicy', 'imagePullPolcy')) as Record<string, unknown>;
    const hpa = { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { maxReplicas: 'ten', scaleTargetRef: { kind: 'Deployment' }, metrcs: [] } };
    for (const [key, value] of [['extensions/v1beta1/Deployment', broken], ['apps/v1beta2/StatefulSet', broken], ['apps/v1/Deployment', broken], ['autoscaling/v2beta2/HorizontalPodAutoscaler', hpa]] as const) {
      const expected = simplify(slow.validate(key, value));
      assert.ok(expected.length >= 2, `${key}: ${expected.join('\n')}`);
      assert.deepEqual(simplify(fast.validate(key, value)), expected, key);
    }
  });
});
