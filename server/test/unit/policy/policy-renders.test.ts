// The workspace's policies on what Archipel builds from templates and overlays (#96): a chart's rendered objects, each
// violation on the template's line that wrote the failing value (an action's output at the action, copied text at its
// place); a kustomize build's objects, a violation the build made on the patch that made it (an inline patch's entry in
// its kustomization, a patch file's value), else on the base object's line naming the build.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';
import { TestWorkspace, covered } from '../../workspace';
import { latestTagPolicy } from './latestTagPolicy';

const latestPolicy = latestTagPolicy();

const chartYaml = 'apiVersion: v2\nname: web\nversion: 1.0.0\n';
const values = (tag: string) => `image:\n  repository: nginx\n  tag: "${tag}"\n`;
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        - name: sidecar
          image: busybox:latest
`;

const policyLines = (ws: TestWorkspace, uri: string): string[] => {
  const text = ws.file(uri).text;
  return ws.diagnose(uri).filter((d: Diagnostic) => String(d.code).startsWith('policy')).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${covered(text, d)}`);
};

describe('policy: the workspace policies on Helm renders', () => {
  it("a chart's rendered Deployment with :latest is a violation on the template's line: an action's output at the action, copied text at its place", () => {
    const files = (tag: string, policy = latestPolicy): Record<string, string> => ({
      'file:///ws/policies/latest.yaml': policy,
      'file:///ws/charts/web/Chart.yaml': chartYaml,
      'file:///ws/charts/web/values.yaml': values(tag),
      'file:///ws/charts/web/templates/deployment.yaml': deployment,
    });
    const template = 'file:///ws/charts/web/templates/deployment.yaml';
    const ws = new TestWorkspace(files('latest'));
    assert.equal(ws.file(template).skipped, 'template');
    // The value the actions wrote: the span of the actions that wrote it (Kyverno says a pattern's first failure).
    assert.deepEqual(policyLines(ws, template), ['14:18 policy:disallow-latest-tag/validate-image-tag "{{ .Values.image.repository }}:{{ .Values.image.tag }}"']);
    const message = ws.diagnose(template).find((d) => String(d.code).startsWith('policy:'))?.message;
    assert.match(String(message), /Using a mutable image tag such as 'latest' is not allowed.*\/spec\/template\/spec\/containers\/0\/image/);
    // A values edit that pins the tag leaves the sidecar's, text the template holds as it is: at its own place.
    ws.update('file:///ws/charts/web/values.yaml', values('1.27'));
    assert.deepEqual(policyLines(ws, template), ['16:18 policy:disallow-latest-tag/validate-image-tag busybox:latest']);
    // No policy in the workspace: nothing.
    const none = files('latest');
    delete none['file:///ws/policies/latest.yaml'];
    assert.deepEqual(policyLines(new TestWorkspace(none), template), []);
  });
});

const base = {
  'file:///ws/policies/latest.yaml': latestPolicy,
  'file:///ws/k8s/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n',
  'file:///ws/k8s/base/deployment.yaml': deployment.replace('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"', 'nginx:1.27').replace('{{ .Release.Name }}-web', 'web').replace(/\n {8}- name: sidecar\n.*\n$/, '\n'),
};

describe('policy: the workspace policies on kustomize builds', () => {
  it("an overlay's patch that makes :latest: on the inline patch's entry, on a patch file's value; another transformer's: on the base object's line, naming the build", () => {
    const inline = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
patches:
  - target: { kind: Deployment, name: web }
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: nginx:latest
`;
    const patchFile = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest
`;
    const ws = new TestWorkspace({
      ...base,
      'file:///ws/k8s/overlays/prod/kustomization.yaml': inline,
      'file:///ws/k8s/overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: image.yaml\n  - path: probe.yaml\n',
      // A patch holds no image: as an object it would fail the pattern; it is no object, and its build keeps the base's image.
      'file:///ws/k8s/overlays/dev/probe.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          livenessProbe: { httpGet: { path: /, port: 80 } }\n',
      'file:///ws/k8s/overlays/dev/image.yaml': patchFile,
      'file:///ws/k8s/overlays/test/kustomization.yaml': 'resources:\n  - ../../base\nimages:\n  - name: nginx\n    newTag: latest\n',
      'file:///ws/k8s/overlays/ops/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: ops.yaml\n    target: { kind: Deployment }\n',
      'file:///ws/k8s/overlays/ops/ops.yaml': '- op: add\n  path: /spec/template/spec/containers/0/image\n  value: nginx:latest\n',
    });
    assert.deepEqual(policyLines(ws, 'file:///ws/k8s/overlays/prod/kustomization.yaml'), [`7:12 policy:disallow-latest-tag/validate-image-tag |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: nginx:latest`]);
    // The patch file's value; a patch that does not make the violation has none.
    assert.deepEqual(policyLines(ws, 'file:///ws/k8s/overlays/dev/image.yaml'), ['10:18 policy:disallow-latest-tag/validate-image-tag nginx:latest']);
    assert.deepEqual(policyLines(ws, 'file:///ws/k8s/overlays/dev/probe.yaml'), []);
    // A file of JSON 6902 operations is no object: on its entry in the kustomization.
    assert.deepEqual(policyLines(ws, 'file:///ws/k8s/overlays/ops/kustomization.yaml').map((line) => line.split(' ').slice(0, 3).join(' ')), ['4:5 policy:disallow-latest-tag/validate-image-tag path:']);
    // The images transformer of overlays/test: no patch made it, the base's Deployment says it, naming the build.
    const lines = ws.diagnose('file:///ws/k8s/base/deployment.yaml').filter((d) => String(d.code).startsWith('policy'));
    assert.deepEqual(lines.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`), ['14:18 policy:disallow-latest-tag/validate-image-tag']);
    assert.match(lines[0]?.message ?? '', /not allowed.* \(in the kustomize build of \.\.\/overlays\/test\)$/);
    // The kustomizations and the base with no overlay making a violation: nothing.
    assert.deepEqual(policyLines(new TestWorkspace(base), 'file:///ws/k8s/base/deployment.yaml'), []);
    assert.deepEqual(policyLines(ws, 'file:///ws/k8s/base/kustomization.yaml'), []);
  });
});

describe("policy: kustomize's own examples (fixtures/oss/kustomize-examples-2026, SOURCES.md)", function () {
  this.timeout(120_000);

  it('no violation where `kubectl kustomize` builds no :latest image: their patches are no objects (each was one before)', async () => {
    const tree = makeTree({ 'policies/latest.yaml': latestPolicy });
    try {
      for (const example of ['springboot', 'wordpress']) cpSync(path.join(fixturesDir, 'oss', 'kustomize-examples-2026', 'examples', example), path.join(tree.root, 'k8s', example), { recursive: true });
      const kustomization = path.join(tree.root, 'k8s', 'springboot', 'overlays', 'production', 'kustomization.yaml');
      const { files } = await collectFiles([tree.root], defaultSettings, familyFiles());
      const before = (await checkFiles(files, allFeatures(), defaultSettings)).flatMap((r) => r.diagnostics.filter((d) => String(d.code).startsWith('policy')).map((d) => `${path.relative(tree.root, r.path)}:${d.range.start.line + 1}`));
      assert.deepEqual(before, []);
      // The production overlay's image made :latest by a patch of its own: on that patch's line.
      writeFileSync(path.join(tree.root, 'k8s', 'springboot', 'overlays', 'production', 'image_patch.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sbdemo\nspec:\n  template:\n    spec:\n      containers:\n        - name: sbdemo\n          image: jingfang/sbdemo:latest\n');
      writeFileSync(kustomization, readFileSync(kustomization, 'utf8').replace(/(patches:\n)/, '$1- path: image_patch.yaml\n'));
      const after = await collectFiles([tree.root], defaultSettings, familyFiles());
      const found = (await checkFiles(after.files, allFeatures(), defaultSettings)).flatMap((r) => r.diagnostics.filter((d) => String(d.code).startsWith('policy')).map((d) => `${path.relative(tree.root, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}`));
      assert.deepEqual(found, ['k8s/springboot/overlays/production/image_patch.yaml:10 policy:disallow-latest-tag/validate-image-tag']);
    } finally {
      tree.remove();
    }
  });
});
