// Eight public Terraform module repositories (fixtures/oss/terraform/SOURCES.md), each checked as a
// workspace as `archipel check <folder>` does: no error but those listed in EXPECTED, each judged
// true with its reason; every listed one must still be reported.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { installedModulesReader, probePath, schemasFor } from '../../../src/terraform/host';
import { familyFiles, families } from '../../../src/families/index';
import { checkFiles, collectFiles } from '../../../src/platform/project';
import { defaultSettings } from '../../../src/settings';
import { terraformFeature } from '../../../src/terraform/feature';
import { fixturesDir, repoRoot } from '../../helpers';
import { loadParser } from '../../terraform';

const root = path.join(fixturesDir, 'oss', 'terraform');

/** `<repository>/<path>:<line> <rule>` → why it is a true error. */
export const EXPECTED: Record<string, string> = {
  'terraform-google-project-factory/test/fixtures/shared_vpc_no_subnets/main.tf:65 terraform-unsupported-argument':
    'the test fixture passes grant_services_network_admin_role to modules/gsuite_enabled, which declares no such variable (only modules/shared_vpc_access does): terraform validate refuses it with "Unsupported argument"',
};

/**
 * Folders that are not modules of a repository: terraform fmt's input/golden pairs (terraform-fmt tests)
 * and Terraform's own parser fixtures, read file by file and folder by folder as Terraform's tests
 * read them (terraform-today.test.ts).
 */
const ELSEWHERE = new Set(['hashicorp-terraform-mpl', 'hashicorp-terraform-busl']);
const repositories = readdirSync(root).filter((name) => statSync(path.join(root, name)).isDirectory() && !ELSEWHERE.has(name));

describe('real Terraform modules (fixtures/oss/terraform)', () => {
  before(loadParser);
  const counts: string[] = [];
  after(() => console.log(`      ${counts.join('; ')}`));

  it('eight repositories, each with its licence (microservices-demo\'s terraform/ and terraform-azurerm-aks added for issue #66)', () => {
    assert.equal(repositories.length, 8);
  });

  for (const repository of repositories) {
    it(`${repository}: no error but the expected ones`, async () => {
      const terraform = families.filter((f) => f.id === 'terraform');
      const { files } = await collectFiles([path.join(root, repository)], defaultSettings, familyFiles(defaultSettings, terraform));
      const results = await checkFiles(files, [terraformFeature({ schemas: schemasFor(repoRoot), probe: probePath, installed: installedModulesReader })], defaultSettings);
      const errors: string[] = [];
      const validate: string[] = [];
      const unknown: string[] = [];
      let warnings = 0;
      for (const result of results) {
        assert.equal(result.error, undefined, `${result.path}: ${result.error}`);
        const relative = path.relative(root, result.path).split(path.sep).join('/');
        for (const d of result.diagnostics) {
          // terraform validate's type, instance-key and attribute checks: none on the unplanted modules, warnings included.
          if (/^terraform-(attribute-type|instance-key|unsupported-attribute)$/.test(String(d.code))) validate.push(`${relative}:${d.range.start.line + 1} ${String(d.code)}`);
          // No false unknown argument: the google schema laid over with 7.x (issue #83: 15 in the GKE modules before).
          if (d.code === 'terraform-unknown-argument') unknown.push(`${relative}:${d.range.start.line + 1} ${d.message}`);
          if (d.severity === DiagnosticSeverity.Error) errors.push(`${relative}:${d.range.start.line + 1} ${String(d.code)}`);
          else if (d.severity === DiagnosticSeverity.Warning) {
            warnings++;
            if (process.env.ARCHIPEL_SHOW_WARNINGS) console.log(`${relative}:${d.range.start.line + 1} ${String(d.code)} ${d.message}`);
          }
        }
      }
      const expected = Object.keys(EXPECTED).filter((key) => key.startsWith(`${repository}/`));
      assert.deepEqual(errors.sort(), expected.sort());
      assert.deepEqual(validate, []);
      assert.deepEqual(unknown, []);
      counts.push(`${repository}: ${files.length} files, ${errors.length} errors (true), ${warnings} warnings`);
    });
  }
});
