// `archipel diff` (issue #80) with the monthly cost (issue #81's prices): a Terraform change that resizes an
// instance and adds a NAT gateway, priced on each side as `archipel cost` prices it; the `cost>N` gate.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';
import type { DiffCost } from '../../../src/archdiff/cost';

const main = (type: string, extra = '') => `provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "web" {\n  ami           = "ami-1"\n  instance_type = "${type}"\n}\n${extra}`;

describe('archipel diff: the monthly cost before and after (issue #80)', function () {
  this.timeout(120_000);
  let repo = '';
  const scratch = scratchRepository('archipel-diff-cost-', ({ dir }) => {
    repo = dir;
    writeFileSync(path.join(repo, 'main.tf'), main('t3.micro'));
    git('add', '-A');
    git('commit', '-q', '-m', 'a small instance');
    writeFileSync(path.join(repo, 'main.tf'), main('t3.large', 'resource "aws_nat_gateway" "nat" {}\n'));
    git('commit', '-q', '-am', 'larger, behind a NAT gateway');
  });
  const git = scratch.git;

  it('before, after, delta and each resource whose cost moved, with its line', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { cost: DiffCost };
    const { currency, before, after, delta, components } = diff.cost;
    // The first contract's fields, as they were (issue #80); the whole system's (issue #81) beside them.
    assert.deepEqual({ currency, before, after, delta, components }, {
      currency: 'USD',
      before: 8.39,
      after: 94.39,
      delta: 86,
      components: [
        { id: 'aws_instance.web', before: 8.39, after: 61.54, delta: 53.14, sources: [{ file: 'main.tf', line: 4 }] },
        { id: 'aws_nat_gateway.nat', before: 0, after: 32.85, delta: 32.85, sources: [{ file: 'main.tf', line: 8 }] },
      ],
    });
    assert.deepEqual([diff.cost.co2eKg, diff.cost.base, diff.cost.head], [{ before: 8.683, after: 9.262, delta: 0.579 }, { totalMonthlyCost: 8.39, totalMonthlyCo2eKg: 8.683, unpriced: [] }, { totalMonthlyCost: 94.39, totalMonthlyCo2eKg: 9.262, unpriced: [] }]);
    // The NAT gateway added: no footprint in Cloud Carbon Footprint's method (null, not 0).
    assert.deepEqual(diff.cost.changed.map((c) => [c.id, c.status, c.before, c.after]), [
      ['aws_instance.web', 'changed', { monthlyCost: 8.39, monthlyCo2eKg: 8.683 }, { monthlyCost: 61.54, monthlyCo2eKg: 9.262 }],
      ['aws_nat_gateway.nat', 'added', null, { monthlyCost: 32.85, monthlyCo2eKg: null }],
    ]);
    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], repo);
    assert.deepEqual(text.out.split('\n').slice(3), ['monthly cost: $8.39 → $94.39 (+$86.00)', '  + aws_instance.web: $8.39 → $61.54 (+$53.14) (main.tf:4)', '  + aws_nat_gateway.nat: $0.00 → $32.85 (+$32.85) (main.tf:8)', 'monthly carbon: 8.683 kgCO2e → 9.262 kgCO2e (+0.579 kgCO2e)', '  + aws_instance.web: 8.683 kgCO2e → 9.262 kgCO2e (+0.579 kgCO2e) (main.tf:4)', '']);
  });

  it('--fail-on cost>N: exit 1 past N (the rise said), 0 at or under it and on the way down', async () => {
    const failed = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'cost>50'], repo);
    assert.equal(failed.code, 1);
    assert.equal(failed.err, 'archipel diff: --fail-on cost>50: the monthly cost rises by $86.00 ($8.39 → $94.39)\n');
    const under = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'cost>86'], repo);
    assert.equal(under.err, '');
    assert.equal(under.code, 0);
    const down = await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD~1', '--fail-on', 'cost>0', '--format', 'markdown'], repo);
    assert.equal(down.code, 0);
    assert.ok(down.out.includes('| aws_instance.web | \\$61.54 | \\$8.39 | -\\$53.14 | main.tf:4 |'), down.out);
  });

  // (No Terraform on either side: no `cost` key at all, diff-cli.test.ts's contract.)
  it('a revision against itself: the cost, nothing moved, no architectural change', async () => {
    const { out } = await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD', '--format', 'json'], repo);
    const diff = JSON.parse(out) as { cost: DiffCost };
    const { currency, before, after, delta, components, changed, co2eKg } = diff.cost;
    assert.deepEqual({ currency, before, after, delta, components, changed, co2eKg }, { currency: 'USD', before: 94.39, after: 94.39, delta: 0, components: [], changed: [], co2eKg: { before: 9.262, after: 9.262, delta: 0 } });
    const text = await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD'], repo);
    assert.equal(text.out.split('\n')[1], 'no architectural change');
  });
});
