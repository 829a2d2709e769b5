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

/** Each repository, with the least of its files and of Ansible findings it has (so that a selector or kind change that drops them is seen). */
const repositories: Record<string, { files: number; findings: number }> = {
  'ansible-for-devops': { files: 100, findings: 300 },
  'ansible-role-docker': { files: 15, findings: 40 },
  'ansible-collection-hardening': { files: 120, findings: 30 },
  'fragdenstaat.de-ansible': { files: 180, findings: 3 },
  kubespray: { files: 400, findings: 20 },
};

describe('Ansible: real playbooks and roles from public repositories', function () {
  this.timeout(600_000);
  for (const [repository, least] of Object.entries(repositories)) {
    it(`${repository}: no error, its files read`, async () => {
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
          if (d.severity === DiagnosticSeverity.Error) errors.push(`${path.relative(root, result.path)}:${d.range.start.line + 1} ${String(d.code)} ${d.message}`);
        }
      }
      assert.deepEqual(errors, []);
      assert.ok(files.length >= least.files, `${files.length} files`);
      assert.ok(ansible >= least.findings, `${ansible} Ansible findings`);
    });
  }
});
