// The Helm family: Chart.yaml, values and their schema, dependencies, templates parsed and
// rendered with the chart's default values, the rendered manifests checked by the Kubernetes
// family at their template line, navigation between templates and values, and Argo CD
// Applications deploying a chart. helm lint's own test charts (fixtures/helm-lint, SOURCES.md)
// give the reference.
import assert from 'node:assert/strict';
import path from 'node:path';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings, type ArchipelSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';
import { TestWorkspace, covered } from '../../workspace';

const lintDir = path.join(fixturesDir, 'helm-lint');

/** `path:line code` of every diagnostic of a fixture chart checked as `archipel check <chart>` does. */
async function checked(chart: string): Promise<string[]> {
  const root = path.join(lintDir, chart);
  const { files } = await collectFiles([root], defaultSettings, familyFiles());
  const results = await checkFiles(files, allFeatures(), defaultSettings);
  return results.flatMap((r) => r.diagnostics.map((d) => `${path.relative(root, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}`)).sort();
}

const chartYaml = 'apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: "2.0"\nicon: https://example.com/icon.svg\n';
const values = 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.27"\nservice:\n  port: 80\nextra: {}\n';
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ .Chart.Name }}
  template:
    metadata:
      labels:
        app: {{ .Chart.Name }}
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - containerPort: 8080
          readinessProbe: { httpGet: { path: /, port: 8080 } }
          livenessProbe: { httpGet: { path: /, port: 8080 } }
          resources:
            requests: { cpu: 10m, memory: 16Mi }
            limits: { memory: 32Mi }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
`;
const helpers = '{{- define "web.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 }}{{- end }}\n';

function chart(extra: Record<string, string> = {}, settings: Partial<ArchipelSettings> = {}): TestWorkspace {
  return new TestWorkspace({
    'file:///ws/web/Chart.yaml': chartYaml,
    'file:///ws/web/values.yaml': values,
    'file:///ws/web/templates/_helpers.tpl': helpers,
    'file:///ws/web/templates/deployment.yaml': deployment,
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`file:///ws/web/${k}`, v])),
  }, settings);
}

const helmFeature = () => allFeatures().find((f) => f.id === 'helm')!;

/** `line: code: covered text` of a file's diagnostics (1-based lines). */
function shown(ws: TestWorkspace, file: string): string[] {
  const uri = `file:///ws/web/${file}`;
  const text = ws.file(uri).text;
  return ws.diagnose(uri).map((d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(text, d)}`);
}

describe('Helm charts: helm lint\'s own test charts', function () {
  this.timeout(120_000);
  // Each difference from helm lint is said beside the chart (docs/helm.md lists them).
  const expected: Record<string, string[]> = {
    albatross: ['templates/fail.yaml:1 helm-template-syntax'],
    // helm lint: the two type errors; also what Archipel adds of the chart's other rules.
    anotherbadchartfile: ['Chart.yaml:1 helm-templates-missing', 'Chart.yaml:1 helm-values-missing', 'Chart.yaml:10 helm-dependency-missing', 'Chart.yaml:4 helm-chart-version', 'Chart.yaml:4 helm-chart-version-strict', 'Chart.yaml:7 helm-chart-version'],
    // helm lint adds "unable to load chart"; Archipel says which dependency is missing instead.
    badchartfile: ['Chart.yaml:1 helm-chart-api-version', 'Chart.yaml:1 helm-chart-icon-missing', 'Chart.yaml:1 helm-chart-name', 'Chart.yaml:1 helm-templates-missing', 'Chart.yaml:2 helm-chart-version', 'Chart.yaml:2 helm-chart-version-strict', 'Chart.yaml:4 helm-chart-type', 'Chart.yaml:5 helm-chart-dependencies', 'Chart.yaml:6 helm-dependency-missing'],
    badchartname: ['Chart.yaml:1 helm-chart-icon-missing', 'Chart.yaml:1 helm-templates-missing', 'Chart.yaml:4 helm-chart-name'],
    // The Kubernetes family also checks crds/: the v1beta1 API was removed in 1.22.
    badcrdfile: ['crds/bad-apiversion.yaml:1 helm-crd', 'crds/bad-apiversion.yaml:2 k8s-no-schema', 'crds/bad-crd.yaml:1 k8s-removed-api', 'crds/bad-crd.yaml:2 helm-crd', 'crds/bad-crd.yaml:2 k8s-unknown-kind'],
    badvaluesfile: ['values.yaml:1 helm-values-format'],
    // helm lint passes it; its CRD's apiextensions.k8s.io/v1beta1 is gone since Kubernetes 1.22.
    goodone: ['crds/test-crd.yaml:1 k8s-removed-api'],
    // helm lint reads the duplicate key strictly (a warning); the YAML family reports it.
    invalidchartfile: ['Chart.yaml:3 yaml-duplicate-key'],
    invalidcrdsdir: ['Chart.yaml:1 helm-crd', 'Chart.yaml:1 helm-templates-missing'],
    // The template has no action: the YAML family reads it and reports the syntax error helm lint finds in the output.
    'malformed-template': ['templates/bad.yaml:1 yaml-syntax', 'templates/bad.yaml:1 yaml-syntax'],
    'multi-template-fail': ['Chart.yaml:1 helm-chart-icon-missing', 'Chart.yaml:1 helm-values-missing', 'templates/multi-fail.yaml:11 helm-object-name'],
    // helm lint's own error: .Release.Time was removed in Helm 3 (the label it writes renders empty, a null the API server stores as "").
    'v3-fail': ['Chart.yaml:1 helm-chart-icon-missing', 'templates/deployment.yaml:26 k8s-privilege-escalation', 'templates/deployment.yaml:26 k8s-read-only-root-fs', 'templates/deployment.yaml:26 k8s-run-as-non-root', 'templates/deployment.yaml:43 k8s-resources', 'templates/deployment.yaml:6 helm-release-field'],
    // import-values brings the subchart's values to the parent: clean, as helm lint says.
    withsubchart: ['charts/subchart/Chart.yaml:1 helm-chart-icon-missing'],
  };
  for (const [name, list] of Object.entries(expected)) {
    it(name, async () => assert.deepEqual(await checked(name), [...list].sort()));
  }
});

describe('Helm charts: templates rendered and checked at their line', () => {
  it('a clean chart is clean, templates and helpers included', () => {
    const ws = chart();
    assert.deepEqual(shown(ws, 'templates/deployment.yaml'), []);
    assert.deepEqual(shown(ws, 'templates/_helpers.tpl'), []);
    assert.deepEqual(shown(ws, 'Chart.yaml'), []);
  });

  it('reports a misspelt field of the rendered Deployment on its template line', () => {
    const ws = chart({ 'templates/deployment.yaml': deployment.replace('  replicas:', '  replica:') });
    assert.deepEqual(shown(ws, 'templates/deployment.yaml'), ['6: k8s-schema: replica']);
  });

  it('after an edit, re-renders what it changes: one template alone, every template for a helper', () => {
    const ws = chart({ 'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  ports: [{port: 80}]\n' });
    assert.deepEqual(shown(ws, 'templates/svc.yaml'), []);
    ws.update('file:///ws/web/templates/deployment.yaml', deployment.replace('  replicas:', '  replica:'));
    assert.deepEqual(shown(ws, 'templates/deployment.yaml'), ['6: k8s-schema: replica']);
    assert.deepEqual(shown(ws, 'templates/svc.yaml'), []);
    ws.update('file:///ws/web/templates/_helpers.tpl', '{{- define "web.fullname" -}}Web_{{ .Chart.Name }}{{- end }}\n');
    assert.deepEqual(shown(ws, 'templates/svc.yaml'), ['4: helm-object-name: {{ include "web.fullname" . }}']);
  });

  it('after an edit of values.yaml re-diagnosed from one template, places the findings of another exactly', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.svcName }}\nspec:\n  ports: [{port: {{ .Values.svcPort }}}]\n';
    const ws = chart({ 'templates/svc.yaml': svc, 'values.yaml': `${values}svcName: web\nsvcPort: 80\n` });
    assert.deepEqual(shown(ws, 'templates/deployment.yaml'), []);
    assert.deepEqual(shown(ws, 'templates/svc.yaml'), []);
    ws.update('file:///ws/web/values.yaml', `${values}svcName: Web_1\nsvcPort: eighty\n`);
    // The Deployment first: the Service's output is then read for its values, its positions when a finding needs them.
    assert.deepEqual(shown(ws, 'templates/deployment.yaml'), []);
    assert.deepEqual(shown(ws, 'templates/svc.yaml'), ['6: k8s-schema: {{ .Values.svcPort }}', '4: helm-object-name: {{ .Values.svcName }}']);
  });

  it('reports a wrong value written by an action at the action', () => {
    const ws = chart({ 'templates/deployment.yaml': deployment.replace('containerPort: 8080', 'containerPort: {{ .Values.image.repository }}') });
    assert.deepEqual(shown(ws, 'templates/deployment.yaml'), ['21: k8s-schema: {{ .Values.image.repository }}']);
  });

  it('reports a render error where it happens, an include at the include', () => {
    const ws = chart({ 'templates/deployment.yaml': deployment.replace('{{ .Values.replicaCount }}', '{{ .Values.scaling.replicas }}') });
    assert.deepEqual(shown(ws, 'templates/deployment.yaml'), ['6: helm-render: .Values.scaling.replicas', '6: helm-undefined-value: scaling']);
    const broken = chart({ 'templates/_helpers.tpl': '{{- define "web.fullname" -}}{{ .Values.no.name }}{{- end }}\n' });
    assert.deepEqual(shown(broken, 'templates/deployment.yaml'), ['4: helm-render: include "web.fullname" .']);
    assert.match(broken.diagnose('file:///ws/web/templates/deployment.yaml')[0].message, /nil pointer evaluating interface \{\}\.name \(in templates\/_helpers\.tpl\)/);
  });

  it('reports Go template syntax errors at their place, in templates and helpers', () => {
    const ws = chart({ 'templates/_helpers.tpl': '{{- define "web.fullname" -}}{{ .Release.Name | nosuch }}{{- end }}\n' });
    assert.deepEqual(shown(ws, 'templates/_helpers.tpl'), ['1: helm-template-syntax: nosuch']);
  });

  it('says required and fail, and what it does not compute, without checking the output', () => {
    const ws = chart({ 'templates/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: {{ required "set auth.password" .Values.auth.password | b64enc }}\n', 'templates/cert.yaml': '{{ $ca := genCA "ca" 365 }}\napiVersion: v1\nkind: Secret\n' });
    assert.deepEqual(shown(ws, 'templates/secret.yaml'), ['6: helm-render: required "set auth.password" .Values.auth.password']);
    const required = chart({ 'templates/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: {{ required "set password" .Values.password | b64enc }}\n' });
    assert.deepEqual(shown(required, 'templates/secret.yaml'), ['6: helm-required: required "set password" .Values.password']);
    assert.deepEqual(shown(ws, 'templates/cert.yaml'), ['1: helm-unsupported: genCA "ca" 365']);
  });

  it('warns of .Values paths no values file defines, unless guarded', () => {
    const ws = chart({
      'templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  a: {{ .Values.service.name | default "x" | quote }}
  b: {{ .Values.service.nodePort | quote }}
  {{- if .Values.ingress }}
  c: {{ .Values.ingress.host | quote }}
  {{- end }}
  {{- if hasKey .Values.extra "key" }}
  d: {{ .Values.extra.key | quote }}
  {{- end }}
  e: {{ $.Values.image.digest | quote }}
`,
    });
    // quote gives nothing for nil: the rendered value is empty (null), which the API server stores as "": the warning is the read.
    assert.deepEqual(shown(ws, 'templates/cm.yaml'), ['7: helm-undefined-value: nodePort', '14: helm-undefined-value: digest']);
  });

  it('takes hasKey .Values "x" at the top level and (.Values.a).b as guards, as Helm renders them (#94)', () => {
    // Reductions of the guards the issue met: `hasKey .Values "x"` (no path under .Values yet), and the parenthesised
    // read text/template makes nil-safe (a missing key gives no value, and a field of no value is no value).
    const ws = chart({
      'templates/cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  {{- if hasKey .Values "tolerations" }}
  a: {{ .Values.tolerations | toJson | quote }}
  {{- end }}
  b: {{ (.Values.podSecurity).enabled | quote }}
  c: {{ ((.Values.extra).nested).deeper | quote }}
  d: {{ .Values.nope | quote }}
`,
    });
    assert.deepEqual(shown(ws, 'templates/cm.yaml'), ['11: helm-undefined-value: nope']);
  });

  it('names include targets no define gives', () => {
    const ws = chart({ 'templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.fulname" . }}\nspec:\n  ports: [{port: 80}]\n' });
    assert.deepEqual(shown(ws, 'templates/svc.yaml'), ['4: helm-render: include "web.fulname" .', '4: helm-undefined-template: web.fulname']);
    assert.match(ws.diagnose('file:///ws/web/templates/svc.yaml')[1].message, / Did you mean "web.fullname"\?$/);
  });

  it('says a .Release field Helm 3 does not give, where it is read; a label that renders empty is no error', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n  labels:\n    deployed: {{ .Release.Time }}\n    tier: {{ .Values.tier }}\n  annotations:\n    rev: {{ $.Release.Revison | quote }}\ndata:\n  ns: {{ .Release.Namespace }}\n';
    const ws = chart({ 'templates/cm.yaml': cm, 'values.yaml': `${values}tier:\n` });
    assert.deepEqual(shown(ws, 'templates/cm.yaml'), ['6: helm-release-field: Time', '9: helm-release-field: Revison']);
    const [time, revison] = ws.diagnose('file:///ws/web/templates/cm.yaml');
    assert.equal(time.message, '.Release.Time was removed in Helm 3: it renders as nothing. Use the now function.');
    assert.equal(revison.message, '.Release.Revison does not exist: it renders as nothing. Helm gives Name, Namespace, IsUpgrade, IsInstall, Revision, Service.');
  });

  it('runs helm lint\'s checks of rendered objects under their own ids', () => {
    const ws = chart({ 'templates/list.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: {{ .Chart.Name }}\n      annotations:\n        helm.sh/resource-policy: keep\n', 'templates/bad-name.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Chart.Name }}-1.x\nspec:\n  ports: [{port: 80}]\n', 'templates/old.yaml': 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: {{ .Chart.Name }}\nspec:\n  priorityLevelConfiguration: {name: x}\n' });
    assert.deepEqual(shown(ws, 'templates/list.yaml'), ['9: helm-resource-policy-list: helm.sh/resource-policy']);
    assert.deepEqual(shown(ws, 'templates/bad-name.yaml'), ['4: helm-object-name: {{ .Chart.Name }}-1.x']);
    assert.deepEqual(shown(ws, 'templates/old.yaml'), ['1: k8s-removed-api: flowcontrol.apiserver.k8s.io/v1beta3'], 'removed in 1.32: an error of the Kubernetes family');
    const older = chart({ 'templates/old.yaml': 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: {{ .Chart.Name }}\nspec:\n  priorityLevelConfiguration: {name: x}\n' }, { kubernetes: { version: '1.30' } });
    assert.deepEqual(shown(older, 'templates/old.yaml'), ['1: helm-deprecated-api: flowcontrol.apiserver.k8s.io/v1beta3']);
  });
});

describe('Helm charts: Chart.yaml, values and their schema', () => {
  it('checks values files against values.schema.json, at the value', () => {
    const schema = JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'integer' }, image: { type: 'object', properties: { tag: { type: 'string', pattern: '^[0-9.]+$' } } } } });
    const ws = chart({ 'values.schema.json': schema, 'values.yaml': values.replace('replicaCount: 2', 'replicaCount: two'), 'values-prod.yaml': 'image:\n  tag: latest\n' });
    assert.deepEqual(shown(ws, 'values.yaml'), ['1: helm-values-schema: two']);
    assert.deepEqual(shown(ws, 'values-prod.yaml'), ['2: helm-values-schema: latest']);
    assert.deepEqual(shown(chart({ 'values.schema.json': '{ "type": ' }), 'values.schema.json'), ['1: helm-schema-invalid: ']);
  });

  it('checks Chart.yaml as helm lint does', () => {
    const ws = chart({ 'Chart.yaml': 'apiVersion: v3\nname: web\nversion: v1.0\nicon: not a url\nmaintainers:\n  - email: a@b.c\nowner: me\n' });
    assert.deepEqual(shown(ws, 'Chart.yaml'), ['7: helm-chart-strict: owner', '1: helm-chart-api-version: v3', '3: helm-chart-version-strict: v1.0', '6: helm-chart-maintainer: email: a@b.c', '4: helm-chart-icon: not a url']);
  });

  it('checks Chart.lock against Chart.yaml', () => {
    const ws = chart({ 'Chart.yaml': `${chartYaml}dependencies:\n  - name: redis\n    version: ~18.1.0\n    repository: https://charts.bitnami.com/bitnami\n`, 'Chart.lock': 'dependencies:\n- name: redis\n  repository: https://charts.bitnami.com/bitnami\n  version: 18.2.0\n- name: pg\n  repository: https://x\n  version: 1.0.0\ndigest: sha256:0\n' });
    assert.deepEqual(shown(ws, 'Chart.lock'), ['4: helm-lock: 18.2.0', '5: helm-lock: pg']);
    assert.deepEqual(shown(ws, 'Chart.yaml'), ['7: helm-dependency-missing: redis']);
    assert.equal(ws.diagnose('file:///ws/web/Chart.yaml')[0].severity, 3, 'information: Chart.lock records it');
  });
});

describe('Helm charts: navigation between templates and values', () => {
  it('goes from .Values.image.tag to its key, finds its reads, renames it everywhere', () => {
    const ws = chart({ 'values-prod.yaml': 'image:\n  tag: "1.28"\n' });
    const uri = 'file:///ws/web/templates/deployment.yaml';
    const offset = ws.file(uri).text.indexOf('.tag') + 2;
    const feature = helmFeature();
    assert.deepEqual(feature.definition!(ws.file(uri), offset, ws.context).map((l) => `${l.uri.replace('file:///ws/web/', '')}:${l.range.start.line}`), ['values.yaml:3', 'values-prod.yaml:1']);
    const valuesUri = 'file:///ws/web/values.yaml';
    const references = feature.references!(ws.file(valuesUri), ws.file(valuesUri).text.indexOf('tag'), ws.context);
    assert.deepEqual(references.map((l) => `${l.uri.replace('file:///ws/web/', '')}:${l.range.start.line}`), ['values.yaml:3', 'values-prod.yaml:1', 'templates/deployment.yaml:18']);
    const edit = feature.rename!(ws.file(uri), offset, 'version', ws.context)!;
    assert.deepEqual(Object.entries(edit.changes!).map(([u, edits]) => `${u.replace('file:///ws/web/', '')}:${edits.map((e) => e.range.start.line).join(',')}`), ['values.yaml:3', 'values-prod.yaml:1', 'templates/deployment.yaml:18']);
    const hover = ws.hover(uri, offset);
    assert.match(JSON.stringify(hover?.contents), /1\.28.*Defined in values\.yaml:4, values-prod\.yaml:2/);
  });

  it('completes .Values paths and include names', () => {
    const ws = chart();
    const uri = 'file:///ws/web/templates/deployment.yaml';
    const offset = ws.at(uri, deployment.replace('{{ .Values.replicaCount }}', '{{ .Values.image.| }}'));
    assert.deepEqual(ws.completion(uri, offset).map((c) => c.label).sort(), ['repository', 'tag']);
    const named = ws.at(uri, deployment.replace('{{ include "web.fullname" . }}', '{{ include "|" . }}'));
    assert.deepEqual(ws.completion(uri, named).map((c) => c.label), ['web.fullname']);
    const definition = helmFeature().definition!(ws.file(uri), named, ws.context);
    assert.deepEqual(definition, []);
  });
});

describe('Helm charts: Argo CD Applications deploying a chart of the repository', () => {
  const app = (helm: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example.com/web.git
    path: web
${helm}  destination:
    server: https://kubernetes.default.svc
    namespace: web
`;
  it('checks value files and values against the chart', () => {
    const schema = JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'integer' } } });
    const ws = chart({ 'values.schema.json': schema, 'values-prod.yaml': 'replicaCount: 3\n' });
    ws.update('file:///ws/deploy/app.yaml', app('    helm:\n      valueFiles: [values-prod.yaml, values-missing.yaml]\n      valuesObject:\n        replicaCount: many\n        imag:\n          tag: x\n'));
    assert.deepEqual(ws.diagnose('file:///ws/deploy/app.yaml').map((d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(ws.file('file:///ws/deploy/app.yaml').text, d)}`), [
      '12: helm-argocd-values-file: values-missing.yaml',
      '14: helm-argocd-values: replicaCount',
      '15: helm-argocd-unknown-value: imag',
    ]);
    ws.update('file:///ws/deploy/app.yaml', app('    helm:\n      valueFiles: [values-prod.yaml]\n'));
    assert.deepEqual(ws.diagnose('file:///ws/deploy/app.yaml'), []);
  });
});
