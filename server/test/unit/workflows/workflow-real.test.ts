// Real workflows from popular repositories (server/test/fixtures/workflows/README.md lists their
// sources) and Gitea-valid workflows: Archipel reports no error on any of them.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings, type ArchipelSettings } from '../../../src/settings';
import { workflowModel } from '../../../src/workflows/model/data';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, brief, fixturesDir, workflows } from '../../helpers';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** Every YAML file under `root` in one index (local actions resolve), diagnosed. */
function diagnoseFolder(root: string, settings: ArchipelSettings = defaultSettings) {
  const index = new WorkspaceIndex(indexOptions(settings));
  const files = yamlFiles(root);
  for (const file of files) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
  return files.map((file) => ({
    file: path.relative(root, file),
    diagnostics: diagnoseFile(index.get(pathToFileURL(file).href)!, allFeatures(), { index, settings, isCancelled: () => false }),
  }));
}

function errors(results: ReturnType<typeof diagnoseFolder>): string[] {
  return results.flatMap(({ file, diagnostics }) => diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${file} ${brief(d)} ${d.message}`));
}

describe('real workflows', () => {
  const real = path.join(fixturesDir, 'workflows', 'real');
  const gitea = path.join(fixturesDir, 'workflows', 'gitea');

  it('reports no error on workflows of actions/*, microsoft/vscode and kubernetes/*', () => {
    const results = diagnoseFolder(real);
    assert.ok(results.length >= 12, `only ${results.length} fixture files`);
    assert.deepEqual(errors(results), []);
  });

  it('still says what deserves a warning there (retired action versions, unknown larger-runner label)', () => {
    const results = diagnoseFolder(real);
    const codes = (file: string) => results.find((r) => r.file === file)!.diagnostics.map((d) => String(d.code));
    assert.ok(codes('actions-checkout/.github/workflows/test.yml').includes('gha-deprecated-action'));
    assert.deepEqual(codes('microsoft-vscode/.github/workflows/copilot-setup-steps.yml'), ['gha-runner-label']);
    // Local actions, local reusable workflows and their inputs resolve through the index.
    assert.deepEqual(codes('kubernetes-sigs-kind/.github/workflows/docker.yaml'), []);
    assert.deepEqual(codes('kubernetes-ingress-nginx/.github/workflows/images.yaml'), []);
  });

  it('reports no error on Gitea-valid workflows in Gitea mode', () => {
    const results = diagnoseFolder(gitea);
    assert.deepEqual(errors(results), []);
    const deploy = results.find((r) => r.file.endsWith('deploy.yml'))!;
    assert.ok(deploy.diagnostics.length > 0 && deploy.diagnostics.every((d) => d.code === 'gha-gitea-ignored'));
  });

  it('reports, in GitHub mode, what GitHub would reject in those Gitea workflows', () => {
    const settings = { ...defaultSettings, workflows: { flavor: 'github' as const, runnerLabels: [] } };
    const codes = new Set(diagnoseFolder(gitea, settings).flatMap((r) => r.diagnostics.map((d) => String(d.code))));
    for (const code of ['gha-unknown-context', 'gha-cron', 'gha-uses-format']) assert.ok(codes.has(code), `${code} not reported`);
  });

  it('parses a workflow once per file version and flavor', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uri = 'file:///repo/.github/workflows/ci.yml';
    const file = index.update(uri, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo }]\n');
    const first = workflowModel(file, workflows(), 'github');
    assert.ok(first);
    assert.equal(workflowModel(file, workflows(), 'github'), first);
    assert.notEqual(workflowModel(file, workflows(), 'gitea'), first);
    const edited = index.update(uri, file.text.replace('echo', 'echo hi'));
    assert.notEqual(workflowModel(edited, workflows(), 'github'), first);
  });
});
