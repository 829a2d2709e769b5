// Kustomize patches (#94): a strategic-merge patch a kustomization lists holds only what it changes, so it is not
// judged for what it lacks (probes, resources, securityContext, ports: KubernetesRule.absence), and a port it adds
// is the patched workload's (`kubectl kustomize` merges it). On real files: the Loki operator's overlays and
// kubebuilder's v3 scaffold (fixtures/oss/loki-operator, fixtures/oss/kubebuilder-v3; their SOURCES.md).
import assert from 'node:assert/strict';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';

async function check(folder: string): Promise<string[]> {
  const root = path.join(fixturesDir, 'oss', folder);
  const { files } = await collectFiles([root], defaultSettings, familyFiles());
  const results = await checkFiles(files, allFeatures(), defaultSettings);
  return results.flatMap((r) =>
    r.diagnostics
      .filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning)
      .map((d) => `${path.relative(root, r.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)}`),
  );
}

describe('kustomize patches', function () {
  this.timeout(120_000);

  it("the Loki operator's overlay patches (listed under patches:) get no probe, resources or securityContext warning", async () => {
    const found = await check('loki-operator');
    const onPatches = found.filter((f) => /^config\/overlays\/[^/]+\/manager_[a-z_]+_patch\.yaml:/.test(f));
    assert.deepEqual(onPatches, []);
    // The base they patch is still judged whole.
    assert.ok(found.some((f) => f.startsWith('config/manager/manager.yaml:')), found.join('\n'));
  });

  it("the Loki operator's OLM bundle: its Services select the Deployment its ClusterServiceVersion declares", async () => {
    const found = await check('loki-operator');
    assert.deepEqual(found.filter((f) => f.startsWith('bundle/')), []);
  });

  it("kubebuilder v3: the Service's targetPort https is the port manager_auth_proxy_patch.yaml adds; the patch is not judged whole", async () => {
    const found = await check('kubebuilder-v3');
    assert.deepEqual(found.filter((f) => f.startsWith('config/rbac/auth_proxy_service.yaml:') || f.startsWith('config/default/manager_auth_proxy_patch.yaml:')), []);
  });
});
