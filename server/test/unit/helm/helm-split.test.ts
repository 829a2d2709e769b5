// Helm's own document split of a render (helm/split.ts, #94): SplitManifests (charts v1/v2) cuts at every
// `---` opening a line, `---# comment` and `---apiVersion:` included — what a `{{- … -}}` trim after a `---`
// line renders. On cert-manager's real chart (fixtures/oss/cert-manager, its SOURCES.md): `archipel helm
// template` prints its documents and `check` finds no rendered-YAML error.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { helmCommand } from '../../../src/cli/helm';
import { familyFiles } from '../../../src/families/index';
import { helmReader } from '../../../src/helm/host';
import { helmDocuments, helmSeparated } from '../../../src/helm/split';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';

const chart = path.join(fixturesDir, 'oss', 'cert-manager', 'deploy', 'charts', 'cert-manager');
const services = { apiVersions: () => ['v1', 'apps/v1', 'rbac.authorization.k8s.io/v1'], reader: helmReader };

describe("Helm's document split", function () {
  this.timeout(120_000);

  it('cuts at every line opening with ---, whatever is glued to it, as SplitManifests does', () => {
    assert.deepEqual(helmDocuments('a: 1\n\n---# c\nb: 2\n---apiVersion: v1\n--- \n\n---\nc: 3\n'), ['a: 1', '# c\nb: 2', 'apiVersion: v1', 'c: 3\n']);
    assert.deepEqual(helmDocuments('x: "---"\n  ---\n'), ['x: "---"\n  ---\n']);
  });

  it('puts a line break after a glued separator and moves the output segments with the text', () => {
    const text = 'a: 1\n---# c\nb: 2\n';
    // One exact segment over the whole text (a template's copied text), cut at the insertion.
    const { text: separated, segments } = helmSeparated(text, [{ out: 0, length: text.length, src: 100, srcEnd: 100 + text.length, exact: true }]);
    assert.equal(separated, 'a: 1\n---\n# c\nb: 2\n');
    assert.deepEqual(segments, [
      { out: 0, length: 8, src: 100, srcEnd: 108, exact: true },
      { out: 9, length: 9, src: 108, srcEnd: 117, exact: true },
    ]);
    const unchanged = [{ out: 0, length: 5, src: 0, srcEnd: 5, exact: true }];
    assert.equal(helmSeparated('a: 1\n', unchanged).segments, unchanged);
  });

  it("archipel helm template renders cert-manager's chart (rbac.yaml's `---# Permission…`)", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await helmCommand(['template', chart], defaultSettings, familyFiles(defaultSettings), services, (t) => out.push(t), (t) => err.push(t));
    assert.equal(err.join('\n'), '');
    assert.equal(code, 0);
    const text = out.join('\n');
    assert.match(text, /\n# Source: cert-manager\/templates\/rbac\.yaml\n# Permission to approve CertificateRequests referencing cert-manager\.io Issuers and ClusterIssuers\napiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: ClusterRole\n/);
    assert.equal(text.split('\n').filter((l) => l === '# Source: cert-manager/templates/rbac.yaml').length, 21);
  });

  it("check finds no rendered-YAML error in cert-manager's chart, nor an undefined value its guards keep from rendering", async () => {
    const { files } = await collectFiles([chart], defaultSettings, familyFiles());
    const results = await checkFiles(files, allFeatures(), defaultSettings);
    const errors = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${path.basename(r.path)}:${d.range.start.line + 1} ${String(d.code)} ${d.message}`));
    assert.deepEqual(errors, []);
    // cainjector-rbac.yaml reads `.Values.cainjector.config.metricsTLSConfig.dynamic.secretName` only under
    // `if (.Values.cainjector.config.metricsTLSConfig).dynamic` (#94): the nil-safe condition guards its body as `if .Values…dynamic` does.
    const undefinedValues = results.flatMap((r) => r.diagnostics.filter((d) => d.code === 'helm-undefined-value').map((d) => `${path.basename(r.path)}:${d.range.start.line + 1} ${d.message}`));
    assert.deepEqual(undefinedValues, []);
  });
});
