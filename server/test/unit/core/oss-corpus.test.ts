import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';

/**
 * The corpus of real files from public repositories (server/test/fixtures/oss/, sources and
 * licences in its SOURCES.md): workflows of popular projects across years, ADR sets written with
 * MADR 1–4 and log4brains, Kubernetes example repositories with many independent apps and kustomize
 * overlays, DVC pipelines with their locks. Each project folder is checked as one workspace, as `archipel check <folder>` does; no
 * error and no warning may be reported except those listed, each with its reason, in
 * oss/expected.json — and every listed one must still be reported (a fixed rule prunes its entry).
 */
const ossDir = path.join(fixturesDir, 'oss');

interface Expected {
  /** `<project>/<path inside it>:<line> <rule>` */
  finding: string;
  reason: string;
}

const expected: Expected[] = JSON.parse(readFileSync(path.join(ossDir, 'expected.json'), 'utf8'));

const families = ['workflows', 'adr', 'dvc'] as const;
const projects = [
  ...families.flatMap((family) => readdirSync(path.join(ossDir, family)).map((name) => `${family}/${name}`)),
  'k8s-examples-2025',
  'kustomize-examples-2026',
];

async function findings(project: string): Promise<string[]> {
  const root = path.join(ossDir, project);
  const features = allFeatures();
  const { files, missing } = await collectFiles([root], defaultSettings, familyFiles());
  assert.deepEqual(missing, []);
  assert.ok(files.length > 0, `no file found in ${project}`);
  const results = await checkFiles(files, features, defaultSettings);
  return results.flatMap((r) => {
    assert.equal(r.error, undefined, `${r.path}: ${r.error}`);
    const relative = path.relative(ossDir, r.path).split(path.sep).join('/');
    return r.diagnostics
      .filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning)
      .map((d) => `${relative}:${d.range.start.line + 1} ${String(d.code)}`);
  });
}

describe('the corpus of real files (fixtures/oss)', () => {
  it('every expected finding has a reason and names a corpus project', () => {
    for (const e of expected) {
      assert.ok(e.reason.trim().length > 10, `no reason for ${e.finding}`);
      assert.ok(projects.some((p) => e.finding.startsWith(`${p}/`)), `${e.finding} is in no corpus project`);
    }
  });

  for (const project of projects) {
    it(`${project}: no error or warning but the expected ones`, async () => {
      const found = (await findings(project)).sort();
      const listed = expected.filter((e) => e.finding.startsWith(`${project}/`)).map((e) => e.finding).sort();
      assert.deepEqual(found, listed);
    });
  }
});
