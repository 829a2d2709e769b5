// A Go template saved with a YAML name outside a chart (yaml/goTemplate.ts, #94): said once, information
// `yaml-template`, never a cascade of syntax errors — on the real files (fixtures/oss/loki-operator,
// fixtures/oss/cert-manager; sources and licences in their SOURCES.md).
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { goTemplateAt } from '../../../src/yaml/goTemplate';
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
    const found = (await check('cert-manager')).filter((f) => f.startsWith('make/'));
    assert.deepEqual(found, [
      'make/_shared_new/helm/crd.template.footer.yaml:1:1 yaml-template A Go template: checked once rendered, not read as YAML.',
      'make/_shared_new/helm/crd.template.header.yaml:1:1 yaml-template A Go template: checked once rendered, not read as YAML.',
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
