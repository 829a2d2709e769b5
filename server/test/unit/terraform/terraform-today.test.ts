// The Terraform language of today (issue #66): Terraform's own parser fixtures new since v1.5.7
// (fixtures/oss/terraform/hashicorp-terraform-busl: actions, ephemeral resources, query files, tests
// and mocks, override files), read file by file and folder by folder as Terraform's tests read them;
// `resource.<type>.<name>` references; `.tftest.hcl`/`.tfmock.hcl` checked; symlinked files read
// through their links, never out of the workspace.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { terraformFeature } from '../../../src/terraform/feature';
import { installedModulesReader, schemasFor } from '../../../src/terraform/host';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir, repoRoot } from '../../helpers';
import { covered, diagnose, loadParser } from '../../terraform';

const busl = path.join(fixturesDir, 'oss', 'terraform', 'hashicorp-terraform-busl', 'internal', 'configs', 'testdata');
const feature = terraformFeature({ schemas: schemasFor(repoRoot), installed: installedModulesReader });

/** Every Terraform file under `folder` (links included, as Terraform lists them) checked as a workspace whose root is `root`: `relative:line code` of its errors. */
function checkFolder(folder: string, root = folder, only?: (name: string) => boolean): { errors: string[]; all: Map<string, Diagnostic[]> } {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const stats = statSync(full);
      if (stats.isDirectory()) walk(full);
      else if (/\.(tf|tf\.json|tftest\.hcl|tfmock\.hcl|tfquery\.hcl)$/.test(name) && (!only || only(name))) files.push(full);
    }
  };
  walk(folder);
  // The scan lists no link: the links' files come through the family's reader, as in `archipel check`.
  const linked = new Set(files.filter((f) => readdirSync(path.dirname(f), { withFileTypes: true }).find((e) => e.name === path.basename(f))?.isSymbolicLink()));
  for (const file of files) if (!linked.has(file)) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
  const errors: string[] = [];
  const all = new Map<string, Diagnostic[]>();
  for (const file of files) {
    if (linked.has(file)) continue;
    const entry = index.get(pathToFileURL(file).href)!;
    const found = diagnoseFile(entry, [feature], { index, settings: defaultSettings, isCancelled: () => false, roots: [root] });
    const relative = path.relative(folder, file).split(path.sep).join('/');
    all.set(relative, found);
    for (const d of found) if (d.severity === DiagnosticSeverity.Error) errors.push(`${relative}:${d.range.start.line + 1} ${String(d.code)}`);
  }
  return { errors: errors.sort(), all };
}

/** Errors a file or folder gives that `terraform validate` gives too (the fixtures are parser tests: the loader does not resolve references), with why. */
const TRUE_ERRORS: Record<string, { found: string[]; why: string }> = {
  'valid-files/resources.tf': { found: ['resources.tf:55 terraform-undeclared'], why: 'local.auths is declared nowhere: terraform validate says so; Terraform\'s test only parses the file' },
  'valid-modules/override-action-and-trigger': { found: ['main.tf:17 terraform-undeclared', 'main_override.tf:11 terraform-undeclared'], why: 'action.test_action.dosomething: the module declares the actions "test" and "unchanged" only; terraform validate refuses the reference' },
};

describe('Terraform of today: actions, query files, tests and mocks, resource. references, links', () => {
  before(loadParser);

  for (const name of readdirSync(path.join(busl, 'valid-files'))) {
    it(`hashicorp/terraform valid-files/${name} alone: no error`, () => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'archipel-valid-file-'));
      try {
        writeFileSync(path.join(folder, name), readFileSync(path.join(busl, 'valid-files', name), 'utf8'));
        assert.deepEqual(checkFolder(folder).errors, TRUE_ERRORS[`valid-files/${name}`]?.found ?? []);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
  }

  for (const name of readdirSync(path.join(busl, 'valid-modules'))) {
    it(`hashicorp/terraform valid-modules/${name} as a module: no error`, () => {
      assert.deepEqual(checkFolder(path.join(busl, 'valid-modules', name)).errors, TRUE_ERRORS[`valid-modules/${name}`]?.found ?? []);
    });
  }

  it('query files: list blocks and their list.<type>.<name> references; a list without provider and one with depends_on refused', () => {
    for (const name of ['simple', 'mixed']) assert.deepEqual(checkFolder(path.join(busl, 'query-files', 'valid', name)).errors, [], name);
    assert.deepEqual(checkFolder(path.join(busl, 'query-files', 'invalid', 'no-provider')).errors, ['main.tfquery.hcl:1 terraform-missing-argument']);
    assert.deepEqual(checkFolder(path.join(busl, 'query-files', 'invalid', 'with-depends-on')).errors, ['main.tfquery.hcl:23 terraform-unsupported-argument']);
  });

  it('actions: action blocks, action_trigger events as keywords, action.<type>.<name> references resolved', () => {
    const text = 'action "aws_lambda_invoke" "notify" {\n  config {\n    function_name = "f"\n  }\n}\nresource "terraform_data" "a" {\n  lifecycle {\n    action_trigger {\n      events  = [after_create]\n      actions = [action.aws_lambda_invoke.notify, action.aws_lambda_invoke.other]\n    }\n  }\n}\n';
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => d.severity === DiagnosticSeverity.Error);
    assert.deepEqual(found.map((d) => [d.code, covered(text, d), d.message]), [['terraform-undeclared', 'action.aws_lambda_invoke.other', 'Reference to undeclared action: no action "aws_lambda_invoke.other" is declared in this module. Did you mean "action.aws_lambda_invoke.notify"?']]);
  });

  it('resource.<type>.<name> reads as <type>.<name> (Terraform ≥ 1.1), as microservices-demo writes it', () => {
    const text = 'resource "null_resource" "wait" {}\noutput "a" {\n  value = resource.null_resource.wait.id\n}\noutput "b" {\n  value = resource.null_resource.other.id\n}\noutput "c" {\n  value = resource.null_resource\n}\n';
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => d.severity === DiagnosticSeverity.Error);
    assert.deepEqual(found.map((d) => [d.code, covered(text, d)]), [['terraform-undeclared', 'resource.null_resource.other'], ['terraform-invalid-reference', 'resource.null_resource']]);
    assert.match(String(found[1].message), /The "resource" object must be followed by two attribute names: the resource type and the resource name/);
  });

  it('an override file may configure a default provider nobody wrote; an aliased one needs its base', () => {
    const found = (override: string) => diagnose({ 'm/main.tf': 'terraform {}\n', 'm/override.tf': override }, 'm/override.tf').filter((d) => d.code === 'terraform-duplicate').map((d) => String(d.message).split(':')[0]);
    assert.deepEqual(found('provider "bar" {}\n'), []);
    assert.deepEqual(found('provider "bar" {\n  alias = "x"\n}\n'), ['Missing base provider configuration for override']);
  });

  it('.tftest.hcl: blocks and arguments as terraform test reads them, run references to earlier runs only, asserts naming what the configuration under test declares', () => {
    const main = 'resource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\nvariable "name" {\n  type = string\n}\noutput "arn" {\n  value = aws_s3_bucket.b.arn\n}\n';
    const test = [
      'variables {',
      '  name = "x"',
      '}',
      'run "setup" {',
      '  command = plan',
      '  assert {',
      '    condition     = aws_s3_bucket.b.bucket == "x"',
      '    error_message = "bad"',
      '  }',
      '  assert {',
      '    condition     = aws_s3_bucket.c.bucket == run.later.arn',
      '    error_message = "bad"',
      '  }',
      '}',
      'run "later" {',
      '  variables {',
      '    name = run.setup.arn',
      '  }',
      '  assert {',
      '    condition     = run.nowhere.arn != ""',
      '    error_message = "bad"',
      '  }',
      '  exepct_failures = [output.arn]',
      '  plan_options {',
      '    mode = refresh-only',
      '  }',
      '}',
      'mock_provider "aws" {',
      '  mock_resources "aws_s3_bucket" {}',
      '}',
      '',
    ].join('\n');
    const found = diagnose({ 'm/main.tf': main, 'm/tests/b.tftest.hcl': test }, 'm/tests/b.tftest.hcl').sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    assert.deepEqual(
      found.map((d) => [d.range.start.line + 1, d.code, covered(test, d)]),
      [
        [11, 'terraform-undeclared', 'aws_s3_bucket.c'],
        [11, 'terraform-invalid-reference', 'run.later'],
        [20, 'terraform-undeclared', 'run.nowhere'],
        [23, 'terraform-unsupported-argument', 'exepct_failures'],
        [29, 'terraform-unsupported-block', 'mock_resources'],
      ],
    );
    assert.equal(found[0].message, 'Reference to undeclared resource: the configuration under test (m) declares no resource "aws_s3_bucket.c".');
    assert.equal(found[1].message, 'Reference to unavailable run block: the run block "later" has not run yet here; a run block refers only to the run blocks before it.');
  });

  it('.tfmock.hcl: mock_resource, mock_data and overrides; anything else refused', () => {
    const text = 'mock_resource "aws_s3_bucket" {\n  defaults = { arn = "x" }\n}\noverride_data {\n  values = {}\n}\nresource "aws_s3_bucket" "b" {}\n';
    const found = diagnose({ 'm/tests/aws.tfmock.hcl': text }, 'm/tests/aws.tfmock.hcl');
    assert.deepEqual(found.map((d) => [d.code, covered(text, d)]).sort(), [['terraform-missing-argument', 'override_data'], ['terraform-unsupported-block', 'resource']]);
  });

  it('azurerm-aks unit-test-fixture: locals.tf and variables.tf are links to the module\'s, read through them: no false undeclared reference, no false unused local', () => {
    const aks = path.join(fixturesDir, 'oss', 'terraform', 'terraform-azurerm-aks');
    const { all } = checkFolder(aks);
    const fixture = [...all].filter(([file]) => file.startsWith('unit-test-fixture/')).flatMap(([file, list]) => list.map((d) => `${file}:${d.range.start.line + 1} ${String(d.code)}`));
    assert.deepEqual(fixture, []);
  });

  it('a linked file leading outside the workspace is not read', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'archipel-links-'));
    try {
      const workspace = path.join(base, 'ws');
      mkdirSync(workspace);
      writeFileSync(path.join(base, 'outside.tf'), 'locals {\n  secret = 1\n}\n');
      writeFileSync(path.join(workspace, 'main.tf'), 'output "a" {\n  value = local.secret\n}\n');
      symlinkSync('../outside.tf', path.join(workspace, 'outside.tf'));
      assert.deepEqual(checkFolder(workspace).errors, ['main.tf:2 terraform-undeclared']);
      // The same link inside the workspace is read.
      assert.deepEqual(checkFolder(workspace, base).errors, []);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
