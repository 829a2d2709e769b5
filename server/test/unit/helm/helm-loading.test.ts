// A chart as Helm loads it (#66): .helmignore, dependencies taken from the workspace when charts/
// lacks them, aliases, conditions and tags, import-values; values the schema refuses said once
// (templates still checked); a CRD whose only {{ is in a comment; quick fixes of a rendered manifest's finding on
// the template's own text.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { suggestionFixes } from '../../../src/common/fixes';
import { globMatch, isIgnored, parseIgnore } from '../../../src/helm/ignore';
import { TestWorkspace, covered } from '../../workspace';

const chartYaml = (name: string, version: string, extra = '') => `apiVersion: v2\nname: ${name}\nversion: ${version}\nicon: https://example.com/i.svg\n${extra}`;
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "common.names.fullname" . }}
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      securityContext: { runAsNonRoot: true }
      containers:
        - name: web
          image: ${image}
          readinessProbe: { httpGet: { path: /, port: 8080 } }
          livenessProbe: { httpGet: { path: /, port: 8080 } }
          resources: { requests: { cpu: 10m, memory: 16Mi }, limits: { memory: 32Mi } }
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }
`;
// A library chart beside the application, as bitnami's `common` sits beside its charts in their repository.
const common = {
  'file:///ws/charts/common/Chart.yaml': chartYaml('common', '2.31.10', 'type: library\n'),
  'file:///ws/charts/common/values.yaml': 'exampleValue: common-chart\n',
  'file:///ws/charts/common/templates/_names.tpl': '{{- define "common.names.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 }}{{- end -}}\n',
};
const app = (dependencies: string, files: Record<string, string> = {}) =>
  new TestWorkspace({
    ...common,
    'file:///ws/charts/web/Chart.yaml': chartYaml('web', '1.0.0', `dependencies:\n${dependencies}`),
    'file:///ws/charts/web/values.yaml': 'image: nginx:1.27\n',
    'file:///ws/charts/web/templates/deployment.yaml': deployment('{{ .Values.image }}'),
    ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`file:///ws/charts/web/${k}`, v])),
  });

/** `line: code: covered text` of a file's diagnostics (of the Helm family's rules only, when `helmOnly`). */
function shown(ws: TestWorkspace, uri: string, helmOnly = false): string[] {
  const text = ws.file(uri).text;
  return ws
    .diagnose(uri)
    .filter((d) => !helmOnly || String(d.code).startsWith('helm-'))
    .map((d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(text, d)}`);
}

describe('Helm charts as Helm loads them: dependencies from the workspace', () => {
  const web = 'file:///ws/charts/web/';

  it('takes a dependency charts/ lacks from the chart of that name and a satisfying version beside it, and says so once', () => {
    const ws = app('  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n');
    assert.deepEqual(shown(ws, `${web}templates/deployment.yaml`), []);
    const [said] = ws.diagnose(`${web}Chart.yaml`);
    assert.equal(said.code, 'helm-dependency-missing');
    assert.equal(said.severity, DiagnosticSeverity.Information);
    assert.equal(said.message, 'dependency common is not in charts/: the chart ../common of the workspace (version 2.31.10) stands for it until helm dependency build fetches it');
  });

  it('takes nothing whose version is outside the constraint: the templates needing it are said not checked', () => {
    const ws = app('  - name: common\n    version: 1.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n');
    assert.deepEqual(shown(ws, `${web}templates/deployment.yaml`), ['4: helm-unsupported: include "common.names.fullname" .']);
    assert.equal(ws.diagnose(`${web}Chart.yaml`)[0].message, "chart directory is missing dependency common: run helm dependency update (the workspace's common is 2.31.10, outside 1.x.x)");
  });

  it('follows a file:// repository to its folder', () => {
    const ws = app('  - name: common\n    version: 2.x.x\n    repository: file://../common\n');
    assert.deepEqual(shown(ws, `${web}templates/deployment.yaml`), []);
  });

  it('gives each alias of one chart its own values; conditions and tags turn one off, its defaults still known to reads', () => {
    const cache = {
      'charts/cache/Chart.yaml': chartYaml('cache', '7.1.0'),
      'charts/cache/values.yaml': 'enabled: true\ncontainerPorts:\n  cache: 11211\n',
      'charts/cache/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Chart.Name }}\nspec:\n  ports: [{port: {{ .Values.containerPorts.cache }}}]\n',
    };
    const reads = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ports\ndata:\n  chunks: {{ .Values.chunks.containerPorts.cache | quote }}\n  {{- if .Values.front.enabled }}\n  front: {{ .Values.front.containerPorts.cache | quote }}\n  {{- end }}\n';
    const ws = app('  - name: common\n    version: 2.x.x\n    repository: file://../common\n  - name: cache\n    alias: chunks\n    version: 7.x.x\n  - name: cache\n    alias: front\n    version: 7.x.x\n    condition: front.enabled\n', { ...cache, 'templates/cm.yaml': reads, 'values.yaml': 'image: nginx:1.27\nfront:\n  enabled: false\n' });
    assert.deepEqual(shown(ws, `${web}templates/cm.yaml`), []);
  });

  it('copies import-values of an enabled dependency into the parent\'s values', () => {
    const lib = {
      'charts/lib/Chart.yaml': chartYaml('lib', '1.0.0'),
      'charts/lib/values.yaml': 'exports:\n  defaults:\n    timeout: 30\n',
    };
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n  timeout: {{ .Values.timeout | quote }}\n';
    const ws = app('  - name: common\n    version: 2.x.x\n    repository: file://../common\n  - name: lib\n    version: 1.0.0\n    import-values: [defaults]\n', { ...lib, 'templates/cm.yaml': cm });
    assert.deepEqual(shown(ws, `${web}templates/cm.yaml`), []);
  });

  it('two charts of a workspace naming each other end, as any render does', () => {
    const ws = new TestWorkspace({
      'file:///ws/a/Chart.yaml': chartYaml('a', '1.0.0', 'dependencies:\n  - name: b\n    version: 1.x.x\n    repository: file://../b\n'),
      'file:///ws/a/values.yaml': 'x: 1\n',
      'file:///ws/a/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  y: {{ .Values.b.y | quote }}\n',
      'file:///ws/b/Chart.yaml': chartYaml('b', '1.0.0', 'dependencies:\n  - name: a\n    version: 1.x.x\n    repository: file://../a\n'),
      'file:///ws/b/values.yaml': 'y: 2\n',
    });
    assert.deepEqual(shown(ws, 'file:///ws/a/templates/cm.yaml'), []);
  });
});

describe('Helm charts as Helm loads them: .helmignore', () => {
  it('reads Helm\'s patterns: base names, paths, folders only, anchored, negation, classes', () => {
    const rules = parseIgnore('# comment\n\n*.swp\ntests/\n/secret.txt\ncrds/kustomization.yaml\ndocs/*.md\n[ab]?.tmp\n**/x\n');
    assert.equal(isIgnored(rules, 'templates/a.yaml.swp'), true);
    assert.equal(isIgnored(rules, 'tests/unit/deployment_test.yaml'), true);
    assert.equal(isIgnored(rules, 'templates/tests'), false, 'tests/ names folders only');
    assert.equal(isIgnored(rules, 'secret.txt'), true);
    assert.equal(isIgnored(rules, 'crds/kustomization.yaml'), true);
    assert.equal(isIgnored(rules, 'crds/crd.yaml'), false);
    assert.equal(isIgnored(rules, 'docs/a.md'), true);
    assert.equal(isIgnored(rules, 'docs/sub/a.md'), false, '* stops at /');
    assert.equal(isIgnored(rules, 'a1.tmp'), true);
    assert.equal(isIgnored(rules, 'c1.tmp'), false);
    assert.equal(isIgnored(rules, 'x'), false, '** is refused by Helm: the line is left out');
    assert.equal(globMatch('a*b*c', `${'a'.repeat(3000)}x`), false);
    assert.equal(globMatch('\\*.yaml', '*.yaml'), true);
  });

  it('leaves the files it names out of the chart: not checked, not rendered, not in .Files', () => {
    const ws = new TestWorkspace({
      'file:///ws/c/Chart.yaml': chartYaml('c', '1.0.0'),
      'file:///ws/c/values.yaml': 'a: 1\n',
      'file:///ws/c/.helmignore': 'crds/kustomization.yaml\ntemplates/broken.yaml\n',
      'file:///ws/c/crds/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [crd.yaml]\n',
      'file:///ws/c/templates/broken.yaml': '{{ .Values.a | nosuch }}\n',
    });
    assert.deepEqual(shown(ws, 'file:///ws/c/crds/kustomization.yaml', true), []);
    assert.deepEqual(shown(ws, 'file:///ws/c/templates/broken.yaml'), []);
    ws.update('file:///ws/c/.helmignore', '# nothing\n');
    assert.deepEqual(shown(ws, 'file:///ws/c/crds/kustomization.yaml', true), ['1: helm-crd: kustomize.config.k8s.io/v1beta1']);
    assert.deepEqual(shown(ws, 'file:///ws/c/templates/broken.yaml'), ['1: helm-template-syntax: nosuch']);
  });
});

describe('Helm charts as Helm loads them: one finding per defect', () => {
  it('values the schema refuses: the schema\'s finding on the value, no manifest finding of the same value', () => {
    const schema = JSON.stringify({ type: 'object', properties: { replicas: { type: 'integer' } } });
    const ws = new TestWorkspace({
      ...common,
      'file:///ws/charts/web/Chart.yaml': chartYaml('web', '1.0.0', 'dependencies:\n  - name: common\n    version: 2.x.x\n    repository: file://../common\n'),
      'file:///ws/charts/web/values.yaml': 'image: nginx:1.27\nreplicas: two\n',
      'file:///ws/charts/web/values.schema.json': schema,
      'file:///ws/charts/web/templates/deployment.yaml': deployment('{{ .Values.image }}').replace('spec:\n  selector', 'spec:\n  replicas: {{ .Values.replicas }}\n  selector'),
    });
    assert.deepEqual(shown(ws, 'file:///ws/charts/web/values.yaml'), ['2: helm-values-schema: two']);
    assert.deepEqual(shown(ws, 'file:///ws/charts/web/templates/deployment.yaml'), []);
  });

  it('a CRD whose only {{ is in a comment is no template; one with an action is', () => {
    const crd = (banner: string) => `${banner}\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: tests.k6.io\n  annotations:\n    note: "a # is no comment {{ here }}"\n`;
    const ws = new TestWorkspace({
      'file:///ws/k6/Chart.yaml': chartYaml('k6', '1.0.0'),
      'file:///ws/k6/values.yaml': 'a: 1\n',
      'file:///ws/k6/crds/comment.yaml': crd('# Source: k6-operator v{{version}}'),
    });
    const quoted = 'file:///ws/k6/crds/comment.yaml';
    assert.deepEqual(shown(ws, quoted, true), ['7: helm-crd: {{']);
    ws.update(quoted, crd('# Source: k6-operator v{{version}}').replace('{{ here }}', 'here'));
    assert.deepEqual(shown(ws, quoted, true), []);
  });
});

describe('Helm charts as Helm loads them: quick fixes on template lines', () => {
  it('a "did you mean" on text the template holds is a fix of the template; on what an action wrote, none', () => {
    const uri = 'file:///ws/charts/web/templates/deployment.yaml';
    const dependency = '  - name: common\n    version: 2.x.x\n    repository: file://../common\n';
    const typo = deployment('nginx:1.27').replace('          image: nginx:1.27', '          image: nginx:1.27\n          terminationMessagePolicyy: File');
    const ws = app(dependency, { 'templates/deployment.yaml': typo });
    const diagnostics = ws.diagnose(uri);
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(ws.file(uri).text, d)}`), ['16: k8s-schema: terminationMessagePolicyy']);
    const [fix] = suggestionFixes(uri, diagnostics, []);
    assert.equal(ws.apply(uri, fix).split('\n')[15], '          terminationMessagePolicy: File');
    const written = app(dependency, { 'templates/deployment.yaml': typo.replace('terminationMessagePolicyy', '{{ .Values.field }}'), 'values.yaml': 'image: nginx:1.27\nfield: terminationMessagePolicyy\n' });
    const fromAction = written.diagnose(uri);
    assert.deepEqual(fromAction.map((d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(written.file(uri).text, d)}`), ['16: k8s-schema: {{ .Values.field }}']);
    assert.deepEqual(suggestionFixes(uri, fromAction, []), []);
  });
});

describe('Helm charts as Helm loads them: what the other families make of a chart\'s files', () => {
  const codes = (ws: TestWorkspace, uri: string, prefix: string) => shown(ws, uri).filter((s) => s.includes(`: ${prefix}`));

  it('an environment variable named like a secret holding a file\'s path (*_FILE) or a switch (yes, true) is no secret literal', () => {
    const env = (vars: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: redis\nspec:\n  containers:\n    - name: redis\n      image: redis:7\n      env:\n${vars}`;
    const ws = new TestWorkspace({ 'file:///ws/pod.yaml': env('        - { name: REDIS_PASSWORD_FILE, value: /opt/bitnami/redis/secrets/redis-password }\n        - { name: ALLOW_EMPTY_PASSWORD, value: "yes" }\n        - { name: SECRET_ROTATION, value: "false" }\n        - { name: REDIS_PASSWORD, value: hunter2 }\n') });
    assert.deepEqual(codes(ws, 'file:///ws/pod.yaml', 'k8s-env-secret-literal'), ['13: k8s-env-secret-literal: hunter2']);
  });

  it('"" of an optional enum of a built-in kind is unset, as the API server reads it; of a required one, or another value, an error', () => {
    const ws = new TestWorkspace({
      'file:///ws/sts.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  podManagementPolicy: ""\n  serviceName: db\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec:\n      containers: [{ name: db, image: "postgres:16" }]\n',
      'file:///ws/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: ""\n  sessionAffinity: Sometimes\n  ports: [{ port: 5432 }]\n',
      'file:///ws/ing.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: db\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: ""\n            backend: { service: { name: db, port: { number: 5432 } } }\n',
    });
    assert.deepEqual(codes(ws, 'file:///ws/sts.yaml', 'k8s-schema'), []);
    assert.deepEqual(codes(ws, 'file:///ws/svc.yaml', 'k8s-schema'), ['8: k8s-schema: Sometimes']);
    assert.deepEqual(codes(ws, 'file:///ws/ing.yaml', 'k8s-schema'), ['10: k8s-schema: ""']);
  });

  it('a chart\'s values.yaml in a folder named prometheus/ is the chart\'s, not a Prometheus configuration', () => {
    const ws = new TestWorkspace({
      'file:///ws/bitnami/prometheus/Chart.yaml': chartYaml('prometheus', '2.3.0'),
      'file:///ws/bitnami/prometheus/values.yaml': 'global:\n  imageRegistry: ""\nkubeVersion: ""\nalertmanager:\n  enabled: true\n',
      'file:///ws/monitoring/prometheus/prometheus.yml': 'global:\n  scrape_interval: 15s\nalerting:\n  alertmanagers: []\nrule_filez: []\n',
    });
    assert.deepEqual(codes(ws, 'file:///ws/bitnami/prometheus/values.yaml', 'prom-'), []);
    assert.deepEqual(codes(ws, 'file:///ws/monitoring/prometheus/prometheus.yml', 'prom-'), ['5: prom-config: rule_filez']);
  });
});

describe('Helm charts as Helm loads them: hostile templates end in one bound, never a hang (#67)', function () {
  this.timeout(120_000);
  const hostile = {
    'templates/cpu.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cpu\ndata:\n{{- range until 100000 }}\n  k{{ . }}: {{ sha256sum (repeat 3000000 "a") }}\n{{- end }}\n',
    'templates/memory.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mem\ndata:\n{{- $s := repeat 3000000 "a" }}\n{{- range until 30 }}\n{{- $s = regexReplaceAll "^(.*)$" $s "${1}${1}" }}\n{{- end }}\n  len: {{ len $s | quote }}\n',
    'templates/nil.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nil\ndata:\n  v: "{{ range until 300000 }}{{ $.Values.none }}{{ end }}"\n',
  };

  it('each template alone: a helm-limit finding naming the bound, no internal error', () => {
    const expected: Record<string, string> = {
      'templates/cpu.yaml': 'Not checked: rendering the template passes a bound (functions read, build or copy more than 64000000 characters (a value visited counts 128)).',
      'templates/memory.yaml': 'Not checked: rendering the template passes a bound (error calling regexReplaceAll: regexReplaceAll: a result longer than 4000000 characters).',
    };
    for (const [file, message] of Object.entries(expected)) {
      const ws = new TestWorkspace({ 'file:///ws/h/Chart.yaml': chartYaml('h', '1.0.0'), 'file:///ws/h/values.yaml': 'a: 1\n', [`file:///ws/h/${file}`]: hostile[file as keyof typeof hostile] });
      const found = ws.diagnose(`file:///ws/h/${file}`);
      assert.deepEqual(found.map((d) => [d.code, d.message]), [['helm-limit', message]], file);
    }
  });

  it('together: the chart\'s pool stops what remains; Helm\'s <no value> three hundred thousand times is taken out in linear time', () => {
    const ws = new TestWorkspace({ 'file:///ws/h/Chart.yaml': chartYaml('h', '1.0.0'), 'file:///ws/h/values.yaml': 'a: 1\n', ...Object.fromEntries(Object.entries(hostile).map(([k, v]) => [`file:///ws/h/${k}`, v])) });
    const codes = Object.keys(hostile).flatMap((file) => ws.diagnose(`file:///ws/h/${file}`).map((d) => `${file}: ${String(d.code)}`));
    assert.deepEqual(codes, ['templates/cpu.yaml: helm-limit', 'templates/memory.yaml: helm-limit', 'templates/nil.yaml: helm-undefined-value']);
  });
});
