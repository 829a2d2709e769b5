// Real charts nobody here wrote (fixtures/oss/helm, provenance and licences in its SOURCES.md):
// rendered with their default values and checked by every feature, as `archipel check <folder>`
// does; no error but those listed, each judged true.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';

const corpus = path.join(fixturesDir, 'oss', 'helm');

/** Every error found, with why it is true. */
const expectedErrors: Record<string, { finding: string; reason: string }[]> = {
  'argo-helm': [],
  'prometheus-community': [],
  grafana: [
    {
      finding: 'enterprise-metrics/templates/podsecuritypolicy.yaml:2 k8s-removed-api',
      reason: 'rbac.pspEnabled is true by default and the template is not guarded by .Capabilities: the chart renders a policy/v1beta1 PodSecurityPolicy, which Kubernetes removed in 1.25; installing it on the configured 1.36 fails.',
    },
  ],
};

describe('Helm charts nobody here wrote (fixtures/oss/helm)', function () {
  this.timeout(300_000);
  for (const [folder, expected] of Object.entries(expectedErrors)) {
    it(`${folder}: no error but the ones judged true, every template rendered or said not checked`, async () => {
      const root = path.join(corpus, folder);
      const { files } = await collectFiles([root], defaultSettings, familyFiles());
      const results = await checkFiles(files, allFeatures(), defaultSettings);
      const diagnostics = results.flatMap((r) => r.diagnostics.map((d) => ({ d, at: `${path.relative(root, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}` })));
      const errors = diagnostics.filter(({ d }) => d.severity === DiagnosticSeverity.Error).map(({ at }) => at);
      assert.deepEqual(errors.sort(), expected.map((e) => e.finding).sort());
      for (const e of expected) assert.ok(e.reason.length > 40);
      // Templates are read: at least one finding of the Kubernetes family on a rendered template.
      assert.ok(diagnostics.some(({ at }) => /templates\/.*k8s-/.test(at)), 'rendered manifests were checked');
    });
  }
});
