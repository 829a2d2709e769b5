import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';

/**
 * Real, valid manifests of open-source projects (server/test/fixtures/oss, provenance and licences
 * in its SOURCES.md), each project folder checked as one workspace with every feature, the way
 * `archipel check <folder>` does. Valid upstream files must get no error; warnings (missing probes,
 * :latest tags, …) are expected in examples and not asserted.
 */
const ossDir = path.join(fixturesDir, 'oss');

/** Project folder → how many YAML files the scan must find there (guards against a scan that silently skips files). */
const projects: Record<string, number> = {
  'argo-cd': 3,
  'argo-workflows': 3,
  'ingress-nginx': 2,
  'kubernetes-examples': 2,
  kustomize: 11,
  'microservices-demo': 1,
  podinfo: 7,
  'prometheus-operator': 3,
};


function format(root: string, file: string, d: Diagnostic): string {
  const { start, end } = d.range;
  const relative = path.relative(root, file).split(path.sep).join('/');
  return `${relative}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${String(d.code)} ${d.message}`;
}

interface ProjectCheck {
  files: number;
  unreadable: string[];
  errors: string[];
}

const checked = new Map<string, Promise<ProjectCheck>>();

/** Checks one project folder as a workspace (once per run; the result is shared by the cases below). */
function check(project: string): Promise<ProjectCheck> {
  let result = checked.get(project);
  if (!result) {
    result = (async () => {
      const root = path.join(ossDir, project);
      const features = allFeatures();
      const { files, missing } = await collectFiles([root], defaultSettings, familyFiles());
      assert.deepEqual(missing, []);
      const results = await checkFiles(files, features, defaultSettings);
      return {
        files: files.length,
        unreadable: results.filter((r) => r.error !== undefined).map((r) => `${r.path}: ${r.error}`),
        errors: results.flatMap((r) => r.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => format(root, r.path, d))),
      };
    })();
    checked.set(project, result);
  }
  return result;
}

describe('Kubernetes checks on real open-source manifests', () => {
  for (const [project, fileCount] of Object.entries(projects)) {
    it(`${project}: no error on its valid manifests`, async () => {
      const { files, unreadable, errors } = await check(project);
      assert.equal(files, fileCount, `YAML files scanned in ${project}`);
      assert.deepEqual(unreadable, []);
      assert.deepEqual(errors, []);
    });
  }

});
