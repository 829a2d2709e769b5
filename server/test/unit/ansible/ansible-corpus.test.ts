// Real Ansible content nobody here wrote (server/test/fixtures/oss/ansible/, sources and licences in
// its SOURCES.md), each repository checked as one workspace with every family, as `archipel check
// <folder>` does: no error at all (an error is what Ansible itself refuses), every file read, and the
// files of the other YAML families untouched by Ansible's rules. Each error Archipel reported on these
// repositories while the family was written was judged (docs/ansible.md, "The corpus").
import assert from 'node:assert/strict';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { familyFiles } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { allFeatures, fixturesDir } from '../../helpers';

const corpus = path.join(fixturesDir, 'oss', 'ansible');

/**
 * Each repository, with the least of its files and of Ansible findings it has (so that a selector or kind change
 * that drops them is seen), and the errors it is known to have (`file:line code message`), each with its reason:
 * a true one is the repository's own defect; a false one is pinned here until fixed (`to fix`).
 */
const repositories: Record<string, { files: number; findings: number; errors?: Record<string, string> }> = {
  'ansible-for-devops': { files: 100, findings: 300 },
  'ansible-role-docker': { files: 15, findings: 40 },
  'ansible-collection-hardening': { files: 120, findings: 30 },
  'fragdenstaat.de-ansible': { files: 180, findings: 3 },
  kubespray: { files: 400, findings: 20 },
  // molecule/common/Dockerfile.j2, a Jinja template Molecule renders into a Dockerfile, is not checked as one (13 false errors before).
  'ansible-role-nginx': { files: 90, findings: 0 },
  'UBUNTU22-CIS': {
    files: 70,
    findings: 25,
    errors: { 'tasks/pre_remediation_audit.yml:60 ansible-args-module missing required arguments: that': 'true: an assert with only `msg` (`fail` meant); ansible-core\'s assert action raises "conditional required in \\"that\\" string" when it runs' },
  },
};

describe('Ansible: real playbooks and roles from public repositories', function () {
  this.timeout(600_000);
  for (const [repository, least] of Object.entries(repositories)) {
    it(`${repository}: no error but the known ones, its files read`, async () => {
      const root = path.join(corpus, repository);
      const { files, missing } = await collectFiles([root], defaultSettings, familyFiles());
      assert.deepEqual(missing, []);
      const results = await checkFiles(files, allFeatures(), defaultSettings);
      const errors: string[] = [];
      let ansible = 0;
      for (const result of results) {
        assert.equal(result.error, undefined, `${result.path}: ${result.error}`);
        for (const d of result.diagnostics) {
          if (String(d.code).startsWith('ansible-')) ansible++;
          if (d.severity === DiagnosticSeverity.Error) errors.push(`${path.relative(root, result.path).split(path.sep).join('/')}:${d.range.start.line + 1} ${String(d.code)} ${d.message}`);
        }
      }
      // Every error is a known one, and every known one is still reported (a fix shows here).
      assert.deepEqual(errors.filter((error) => least.errors?.[error] === undefined), []);
      assert.deepEqual(Object.keys(least.errors ?? {}).filter((error) => !errors.includes(error)), []);
      assert.ok(files.length >= least.files, `${files.length} files`);
      assert.ok(ansible >= least.findings, `${ansible} Ansible findings`);
    });
  }
});
