// A kustomization's entry missing on disk that a Makefile recipe or a shell script of the repository writes is made
// by that line before kustomize reads it: k8s-kustomize-not-read naming the line, not k8s-kustomize-path (#94).
import assert from 'node:assert/strict';
import { generatedPaths } from '../../../src/kubernetes/model/generatedInputs';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures } from '../../helpers';

// A reduction of kubebuilder's scaffold Makefile (kubernetes-sigs/kubebuilder, Apache-2.0: `manifests` writes the CRDs
// with controller-gen, `build-installer` the installer with `kustomize build … > dist/install.yaml`), a script writing
// a Secret, and kustomizations listing what they write.
const makefile = [
  '.PHONY: manifests',
  'manifests: controller-gen ## Generate CRD objects.',
  '\t$(CONTROLLER_GEN) rbac:roleName=manager-role crd webhook paths="./..." output:crd:artifacts:config=config/crd/bases',
  '',
  '.PHONY: build-installer',
  'build-installer: manifests generate kustomize',
  '\tmkdir -p dist',
  '\tcd config/manager && $(KUSTOMIZE) edit set image controller=${IMG}',
  '\t$(KUSTOMIZE) build config/default > dist/install.yaml',
  '',
  'config/overlays/prod/version.yaml: VERSION',
  '\techo "version: $$(cat VERSION)" > $@',
  '',
].join('\n');
const script = '#!/bin/sh\nset -e\nkubectl create secret generic webhook-token --from-literal=token="$TOKEN" --dry-run=client -o yaml \\\n  > config/secret/secret.yaml\n';

function kustomizeFindings(files: Record<string, string>, name: string): [number, string, number | undefined, string][] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [file, text] of Object.entries(files)) index.update(`file:///ws/${file}`, text);
  const diagnostics = diagnoseFile(index.get(`file:///ws/${name}`)!, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false, roots: ['/ws'] });
  return diagnostics.filter((d) => String(d.code).startsWith('k8s-kustomize')).map((d) => [d.range.start.line, String(d.code), d.severity, d.message as string]);
}

describe('kustomize: entries a Makefile or a script writes', () => {
  it('the paths a recipe writes: redirections ($@ too), mkdir, -o, controller-gen output, kustomize edit add', () => {
    assert.deepEqual(generatedPaths(makefile).map((p) => `${p.line + 1} ${p.path}`), ['3 config/crd/bases', '7 dist', '9 dist/install.yaml', '12 config/overlays/prod/version.yaml']);
    assert.deepEqual(generatedPaths(script).map((p) => `${p.line + 1} ${p.path}`), ['4 config/secret/secret.yaml']);
    assert.deepEqual(generatedPaths('gen:\n\tcd deploy && kustomize edit add resource ./crds.yaml ../base\n\tcp -r templates/ $(OUT)/rendered\n').map((p) => p.path), ['crds.yaml', '../base', 'rendered']);
  });

  it('a missing entry a line writes is said made by it (information), one nothing writes is still missing', () => {
    const files = {
      Makefile: makefile,
      'hack/gen-secret.sh': script.replace('\\\n  > ', '> '),
      'config/crd/kustomization.yaml': 'resources:\n- bases/crew.testproject.org_captains.yaml\n',
      'deploy/kustomization.yaml': 'resources:\n- ../dist/install.yaml\n- ../config/secret/secret.yaml\n- ../config/overlays/prod/version.yaml\n- missing.yaml\n',
    };
    assert.deepEqual(kustomizeFindings(files, 'config/crd/kustomization.yaml'), [
      [1, 'k8s-kustomize-not-read', 3, '"bases/crew.testproject.org_captains.yaml" is not in the repository: made by ../../Makefile:3 before kustomize reads it, so it is not read (neither checked nor drawn).'],
    ]);
    assert.deepEqual(kustomizeFindings(files, 'deploy/kustomization.yaml'), [
      [1, 'k8s-kustomize-not-read', 3, '"../dist/install.yaml" is not in the repository: made by ../Makefile:9 before kustomize reads it, so it is not read (neither checked nor drawn).'],
      [2, 'k8s-kustomize-not-read', 3, '"../config/secret/secret.yaml" is not in the repository: made by ../hack/gen-secret.sh:3 before kustomize reads it, so it is not read (neither checked nor drawn).'],
      [3, 'k8s-kustomize-not-read', 3, '"../config/overlays/prod/version.yaml" is not in the repository: made by ../Makefile:12 before kustomize reads it, so it is not read (neither checked nor drawn).'],
      [4, 'k8s-kustomize-path', 1, 'Resource "missing.yaml" does not exist (relative to deploy/).'],
    ]);
    // Without the Makefile and the script: every entry missing, as before.
    const alone = kustomizeFindings({ 'deploy/kustomization.yaml': files['deploy/kustomization.yaml'] }, 'deploy/kustomization.yaml');
    assert.deepEqual(alone.map(([line, code]) => `${line} ${code}`), ['1 k8s-kustomize-path', '2 k8s-kustomize-path', '3 k8s-kustomize-path', '4 k8s-kustomize-path']);
  });
});
