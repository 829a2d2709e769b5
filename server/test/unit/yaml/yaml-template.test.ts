// A Go template saved with a YAML name outside a chart (yaml/goTemplate.ts, #94): said once, information
// `yaml-template`, never a cascade of syntax errors — on the real files (fixtures/oss/loki-operator,
// fixtures/oss/cert-manager; sources and licences in their SOURCES.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { goTemplateAt } from '../../../src/yaml/goTemplate';
import { mavenFilteredAt } from '../../../src/yaml/mavenFiltered';
import { substitutedAt } from '../../../src/yaml/substituted';
import { makeTree } from '../../tempdir';
import { allFeatures, fixturesDir } from '../../helpers';

async function check(folder: string): Promise<string[]> {
  const root = path.join(fixturesDir, 'oss', folder);
  const { files } = await collectFiles([root], defaultSettings, familyFiles());
  const results = await checkFiles(files, allFeatures(), defaultSettings);
  const line = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;
  return results.flatMap((r) => r.diagnostics.map((d) => `${path.relative(root, r.path).split(path.sep).join('/')}:${line(d)} ${String(d.code)} ${d.message}`)).sort();
}

describe('Go templates with a YAML name (yaml-template)', function () {
  this.timeout(120_000);

  it("the Loki operator's four embedded templates are each said once; its rule file, actions in block scalars, stays YAML", async () => {
    const said = 'yaml-template A Go template: checked once rendered, not read as YAML.';
    assert.deepEqual((await check('loki-operator')).filter((f) => f.startsWith('internal/')), [
      `internal/manifests/internal/config/loki-config.yaml:1:1 ${said}`,
      `internal/manifests/internal/config/loki-runtime-config.yaml:1:1 ${said}`,
      `internal/manifests/internal/gateway/gateway-rbac.yaml:1:1 ${said}`,
      `internal/manifests/internal/gateway/gateway-tenants.yaml:1:1 ${said}`,
    ]);
  });

  it("cert-manager's CRD template fragments (make/_shared_new/helm) are said once each", async () => {
    // make/config/bind/deployment.yaml and make/config/kyverno/ are the policy family's fixtures (policy-namespace-at-apply), not templates.
    const found = (await check('cert-manager')).filter((f) => f.startsWith('make/') && !f.startsWith('make/config/bind/deployment.yaml') && !f.startsWith('make/config/kyverno/'));
    assert.deepEqual(found, [
      'make/_shared_new/helm/crd.template.footer.yaml:1:1 yaml-template A Go template: checked once rendered, not read as YAML.',
      'make/_shared_new/helm/crd.template.header.yaml:1:1 yaml-template A Go template: checked once rendered, not read as YAML.',
      // Its Makefile's sed fills {SERVICE_IP_PREFIX} (below): a template too, not a YAML syntax error.
      'make/config/bind/service.yaml:11:14 yaml-template A template filled by substitution (envsubst, sed, clusterctl): checked once filled, not read as YAML.',
    ]);
  });

  it('recognises an action where YAML cannot hold one, and only there', () => {
    // krew's .krew.yaml: a plain value and a line opening with an action.
    const krew = 'apiVersion: krew.googlecontainertools.github.com/v1alpha2\nkind: Plugin\nspec:\n  version: {{ .TagName }}\n  platforms:\n  - selector: {}\n    {{addURIAndSha "https://x/{{ .TagName }}.tar.gz" .TagName }}\n';
    assert.equal(goTemplateAt(krew), krew.indexOf('{{ .TagName }}'));
    assert.equal(goTemplateAt('- name: {{ $spec.Name }}\n'), 8);
    assert.equal(goTemplateAt('key: value\n  - {{- range . }}\n'), 15);
    // Text, not actions: block scalars (a `- |` item's too), quoted strings, GitHub's ${{ }}, Jinja's plain {{ var }} value, a comment.
    assert.equal(goTemplateAt('groups:\n- rules:\n  - alert: X\n    annotations:\n      description: |\n        {{ $labels.job }} is down\n      summary: >-\n\n        {{ $value }}\n'), undefined);
    assert.equal(goTemplateAt('args:\n- |\n  {{ .Values.x }}\n- b\n'), undefined);
    assert.equal(goTemplateAt('a: "{{ .Values.x }}"\nb: \'{{- if .x }}\'\nrun: echo ${{ github.sha }}\nname: {{ item }}\n# c: {{ .X }}\n'), undefined);
    assert.equal(goTemplateAt('a: 1\n'), undefined);
  });
});

describe('Nomad and consul-template templates with a YAML name', () => {
  it("Loki's Nomad example configuration (`dir: {{ env \"NOMAD_ALLOC_DIR\" }}/data/wal`) is a template", () => {
    const text = 'ingester:\n  wal:\n    dir: {{ env "NOMAD_ALLOC_DIR" }}/data/wal\n    flush_on_shutdown: true\n';
    assert.equal(goTemplateAt(text), text.indexOf('{{'));
    assert.equal(goTemplateAt('consul:\n  host: {{ key "service/host" }}\n'), 16);
  });
});

describe('Maven-filtered resources with a YAML name (#94)', function () {
  this.timeout(120_000);
  // A reduction of a Spring Boot service's resources filtered by Maven (`<filtering>true</filtering>`, Spring Boot's `@…@`
  // delimiter): the manifest's `replicas: ${app.replicas}` is an integer once filtered, `@project.version@` no YAML before.
  const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${project.artifactId}\nspec:\n  replicas: ${app.replicas}\n  selector:\n    matchLabels:\n      app: demo\n  template:\n    metadata:\n      labels:\n        app: demo\n    spec:\n      containers:\n        - name: app\n          image: acme/demo:1.0\n          ports:\n            - containerPort: ${app.port}\n';
  const files = {
    'pom.xml': '<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>demo</artifactId><version>1.0</version></project>\n',
    'src/main/resources/k8s/deployment.yaml': manifest,
    'src/main/resources/prometheus.yml': 'global:\n  scrape_interval: ${scrape.interval}\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ["localhost:8080"]\n',
    'src/main/resources/application.yml': 'server:\n  port: ${APP_PORT:8080}\ninfo:\n  version: @project.version@\n',
    'src/main/resources/application-dev.yml': 'server:\n  port: ${app.port}\n',
  };

  it('each is said once, never judged as the YAML it becomes; Spring Boot configuration with ${…} alone stays YAML', async () => {
    const tree = makeTree(files);
    try {
      const { files: collected } = await collectFiles([tree.root], defaultSettings, familyFiles());
      const results = await checkFiles(collected, allFeatures(), defaultSettings);
      const found = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 1 || d.code === 'yaml-template').map((d) => `${path.relative(tree.root, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}`)).sort();
      assert.deepEqual(found, ['src/main/resources/application.yml:4 yaml-template', 'src/main/resources/k8s/deployment.yaml:4 yaml-template', 'src/main/resources/prometheus.yml:2 yaml-template']);
    } finally {
      tree.remove();
    }
  });

  it('recognises the placeholders Maven filters, under src/main/resources and src/test/resources only', () => {
    assert.equal(mavenFilteredAt('file:///r/src/main/resources/k8s/d.yaml', manifest), manifest.indexOf('${'));
    assert.equal(mavenFilteredAt('file:///r/k8s/d.yaml', manifest), undefined);
    assert.equal(mavenFilteredAt('file:///r/src/test/resources/a.yaml', 'a:\n- @x.y@\n'), 5);
    // A shell's ${HOME}, GitHub's ${{ }}, an `@` inside a value, Spring's own ${…} in application*.yml: not filtering.
    assert.equal(mavenFilteredAt('file:///r/src/main/resources/a.yaml', 'a: ${HOME}\nb: ${{ github.sha }}\nc: me@example.com\n'), undefined);
    assert.equal(mavenFilteredAt('file:///r/src/main/resources/application-prod.yaml', 'a: ${db.url}\n'), undefined);
    assert.equal(mavenFilteredAt('file:///r/src/main/resources/a.yaml', `${'@'.repeat(100_000)}\n${'${'.repeat(100_000)}`), undefined);
  });
});

describe('templates filled by substitution: envsubst, sed, clusterctl (#94)', function () {
  this.timeout(120_000);

  it("Cluster API's clusterctl base (kubernetes-sigs/cluster-api, Apache-2.0: data: ${CNI_RESOURCES}) is said once, its placeholders never judged", async () => {
    assert.deepEqual(await check('cluster-api'), ['test/e2e/data/infrastructure-docker/main/bases/crs.yaml:8:7 yaml-template A template filled by substitution (envsubst, sed, clusterctl): checked once filled, not read as YAML.']);
  });

  it('a sed-filled manifest (__NAME__) and an envsubst one (${NAME}) with a template name are templates; an untemplated name, a CRD, CloudFormation and GitHub are not', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: __APP_NAME__\nspec:\n  replicas: __REPLICAS__\n';
    assert.equal(substitutedAt('file:///r/k8s/deployment.tpl.yaml', deployment), deployment.indexOf('__APP'));
    assert.equal(substitutedAt('file:///r/k8s-deployment-template.yml', 'metadata:\n  name: ${CI_PROJECT_NAME}-bot\n'), 18);
    // A bare $NAME is a shell's as well; a workflow's scripts are the shell's (actionlint's testdata/err/evaluated_template.yaml).
    assert.equal(substitutedAt('file:///r/k8s-deployment-template.yml', 'metadata:\n  name: $CI_PROJECT_NAME-bot\n'), undefined);
    assert.equal(substitutedAt('file:///r/.github/workflows/evaluated_template.yaml', 'on: push\njobs:\n  a:\n    steps:\n      - run: echo "${FOO}"\n'), undefined);
    assert.equal(substitutedAt('file:///r/k8s/deployment.yaml', deployment), undefined);
    assert.equal(substitutedAt('file:///r/crd/bootstrap.cluster.x-k8s.io_kubeadmconfigtemplates.yaml', 'a: ${X}\n'), undefined);
    assert.equal(substitutedAt('file:///r/template.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nx: !Sub "${AWS::Region}-${ENV}"\n'), undefined);
    // GitHub's ${{ }}, a lower-case or one-letter $x, a __dunder__ in a word: no placeholder.
    assert.equal(substitutedAt('file:///r/ci.template.yml', 'a: ${{ github.sha }}\nb: $x $A\nc: my__NAME__x\nd: __init__\n'), undefined);
    assert.equal(substitutedAt('file:///r/a.template.yaml', `${'$'.repeat(50_000)}${'_'.repeat(50_000)}\n`), undefined);
    // Whatever its name, a manifest with a whole plain value ${NAME} (clusterctl's ${NAME:=default} too); not a quoted or partial one, not Compose's.
    const manifest = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cni\ndata: ${value}\n`;
    assert.equal(substitutedAt('file:///r/base/crs.yaml', manifest('${CNI_RESOURCES}  # filled by clusterctl')), 59);
    assert.equal(substitutedAt('file:///r/base/crs.yaml', manifest('${POD_CIDR:=["192.168.0.0/16"]}')), 59);
    assert.equal(substitutedAt('file:///r/base/crs.yaml', manifest('"${CNI_RESOURCES}"')), undefined);
    assert.equal(substitutedAt('file:///r/base/crs.yaml', manifest('{a: b-${X}}')), undefined);
    assert.equal(substitutedAt('file:///r/compose.yaml', 'apiVersion: x\nkind: y\nservices:\n  a:\n    image: ${IMAGE}\n'), undefined);
    assert.equal(substitutedAt('file:///r/values.yaml', 'replicas: ${REPLICAS}\n'), undefined);
    // A ConfigMap's embedded configuration (a block scalar) reads its ${…} itself: the manifest stays YAML.
    assert.equal(substitutedAt('file:///r/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  config.yaml: |\n    password: ${DB_PASSWORD}\n    - ${X}\n  other: x\n'), undefined);
    assert.equal(substitutedAt('file:///r/big.yaml', `apiVersion: v1\nkind: List\n${'a: b\n'.repeat(100_000)}`), undefined);
  });

  it("cert-manager's bind Service (Apache-2.0: clusterIP: {SERVICE_IP_PREFIX}.16, filled by its Makefile's sed) is a template; a whole {NAME} or a flow mapping is not", () => {
    const service = readFileSync(path.join(fixturesDir, 'oss', 'cert-manager', 'make', 'config', 'bind', 'service.yaml'), 'utf8');
    assert.equal(substitutedAt('file:///r/make/config/bind/service.yaml', service), service.indexOf('{SERVICE_IP_PREFIX}'));
    const manifest = (value: string) => `apiVersion: v1\nkind: Service\nspec:\n  clusterIP: ${value}\n`;
    for (const value of ['{SERVICE_IP_PREFIX}', '{SERVICE_IP_PREFIX} # a comment', '{A}, b', '{lower}.16', '{A: b}.16', '"{IMAGE}:1"']) assert.equal(substitutedAt('file:///r/s.yaml', manifest(value)), undefined, value);
    assert.equal(substitutedAt('file:///r/s.yaml', manifest('{IMAGE}:v1')), 48);
    assert.equal(substitutedAt('file:///r/s.yaml', `apiVersion: v1\nkind: List\n${'a: {'.repeat(50_000)}\n`), undefined);
  });
});
