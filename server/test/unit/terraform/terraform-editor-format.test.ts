// Formatting as `terraform fmt`: HCL's own formatter cases (hclwrite's TestFormat, 61 of them) and
// Terraform's input/golden pairs (internal/command/testdata/fmt), every one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hclFormat, terraformFormat } from '../../../src/terraform/editor/format';
import { fixturesDir } from '../../helpers';

const cases = JSON.parse(readFileSync(path.join(fixturesDir, 'terraform', 'fmt', 'hclwrite-format-cases.json'), 'utf8')) as { input: string; want: string }[];
const pairs = path.join(fixturesDir, 'oss', 'terraform', 'hashicorp-terraform-mpl', 'internal', 'command', 'testdata', 'fmt');

describe('Terraform formatting (terraform fmt)', () => {
  it('has the 61 cases of hclwrite\'s TestFormat', () => assert.equal(cases.length, 61));

  cases.forEach(({ input, want }, i) => {
    it(`hclwrite case ${i + 1}: ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`, () => {
      assert.equal(hclFormat(input), want);
    });
  });

  for (const name of ['general', 'variable_type']) {
    it(`terraform fmt's ${name}_in.tf → ${name}_out.tf`, () => {
      const input = readFileSync(path.join(pairs, `${name}_in.tf`), 'utf8');
      const golden = readFileSync(path.join(pairs, `${name}_out.tf`), 'utf8');
      assert.equal(terraformFormat(input), golden);
      // Formatting a formatted file changes nothing.
      assert.equal(terraformFormat(golden), golden);
    });
  }

  it('reads hostile lines through: 100,000 labels before a brace, a label of 100,000 dollars, 100,000 open braces', () => {
    assert.equal(terraformFormat(`${'a '.repeat(100_000)}{\n}\n`), `a ${'"a" '.repeat(99_999)}{\n}\n`);
    assert.equal(terraformFormat(`b "${'$'.repeat(100_000)}" {}\n`), `b "${'$'.repeat(100_000)}" {}\n`);
    assert.equal(terraformFormat('{'.repeat(100_000)), `{${' {'.repeat(99_999)}`);
  });
});
