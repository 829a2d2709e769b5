// While a line is half typed (a YAML syntax error), the file's last good version is kept: other
// files' rules read it (a Service still selects the Deployment being edited), and the file's other
// problems stay, placed on the current text, beside the syntax error (issue #51).
import assert from 'node:assert/strict';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { cleanWorkspace } from '../../fixtures/manifests-clean';
import { allFeatures } from '../../helpers';

const features = allFeatures();

function workspace(files: Record<string, string>): { index: WorkspaceIndex; diagnose: (path: string) => string[] } {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [path, text] of Object.entries(files)) index.update(`file:///ws/${path}`, text);
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  const diagnose = (path: string) => diagnoseFile(index.current(`file:///ws/${path}`)!, features, context).map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`);
  return { index, diagnose };
}

describe('a half-typed line keeps the last good analysis', () => {
  const deployment = cleanWorkspace['k8s/deployment.yaml'].replace('          image: ', '          imag: ');
  const halfTyped = deployment.replace('      containers:\n', '      containers:\n        - name: [x\n');

  it("the Deployment's other problems stay, moved below the new line, beside the syntax error", () => {
    const { index, diagnose } = workspace(cleanWorkspace);
    index.update('file:///ws/k8s/deployment.yaml', deployment);
    assert.deepEqual(diagnose('k8s/deployment.yaml'), ['19:10 k8s-schema']);
    index.update('file:///ws/k8s/deployment.yaml', halfTyped);
    const found = diagnose('k8s/deployment.yaml');
    assert.ok(found.some((d) => d.endsWith('yaml-syntax')), found.join('\n'));
    assert.ok(found.includes('20:10 k8s-schema'), found.join('\n'));
    // The line finished: the current analysis again (the typed container has no image; `imag` is still unknown).
    index.update('file:///ws/k8s/deployment.yaml', halfTyped.replace('        - name: [x\n', '        - name: x\n'));
    assert.ok(!diagnose('k8s/deployment.yaml').some((d) => d.endsWith('yaml-syntax')));
  });

  it('the Service in another file still selects the pods of the Deployment being edited', () => {
    const { index, diagnose } = workspace(cleanWorkspace);
    index.update('file:///ws/k8s/deployment.yaml', deployment);
    diagnose('k8s/deployment.yaml');
    index.update('file:///ws/k8s/deployment.yaml', halfTyped);
    assert.deepEqual(diagnose('k8s/service.yaml'), []);
    assert.ok(index.get('file:///ws/k8s/deployment.yaml')!.text === deployment, 'other files read the last good version');
    assert.equal(index.current('file:///ws/k8s/deployment.yaml')!.text, halfTyped);
  });

  it('a file never seen without the error has no last good version: what it defines is not known', () => {
    const { diagnose } = workspace({ ...cleanWorkspace, 'k8s/deployment.yaml': halfTyped });
    assert.ok(diagnose('k8s/service.yaml').some((d) => d.endsWith('k8s-service-no-match')));
  });

  it("a workflow's other problems stay while one of its lines is half typed", () => {
    const good = 'on: push\njobs:\n  test:\n    needs: [biuld]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';
    const uri = '.github/workflows/ci.yml';
    const { index, diagnose } = workspace({ [uri]: good });
    assert.deepEqual(diagnose(uri), ['3:12 gha-needs-unknown-job']);
    index.update(`file:///ws/${uri}`, good.replace('      - run: echo\n  build:', '      - run: "echo\n  build:'));
    const found = diagnose(uri);
    assert.ok(found.some((d) => d.endsWith('yaml-syntax')), found.join('\n'));
    assert.ok(found.includes('3:12 gha-needs-unknown-job'), found.join('\n'));
  });
});
