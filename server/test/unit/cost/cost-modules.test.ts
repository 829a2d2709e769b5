// `archipel cost` on real module examples (#93): each example calls its module from outside its folder
// (`source = "../../"`), and the module's resources are what the stack bills. terraform-aws-modules' rds and vpc
// examples (Apache-2.0, server/test/fixtures/oss/terraform-modules/SOURCES.md), priced in a copy.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { copyTree } from '../../tempdir';

interface Priced {
  totalMonthlyCost: number;
  components: { id: string; monthlyCost?: number; items?: { name: string }[] }[];
  unpriced: { address: string; reason: string }[];
}

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', '..', 'server', 'test', 'fixtures', 'oss', 'terraform-modules');

describe('cost: module examples priced through their modules (#93)', function () {
  this.timeout(180_000);

  it('rds complete-postgres, from the example folder: both instances, Multi-AZ and Single-AZ', async () => {
    const tree = copyTree(path.join(FIXTURES, 'terraform-aws-rds'));
    try {
      const { code, out } = await runCli(['cost', 'examples/complete-postgres', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const priced = JSON.parse(out) as Priced;
      const names = priced.components.flatMap((c) => (c.items ?? []).map((i) => `${c.id}: ${i.name}`));
      assert.ok(names.some((n) => /module\.db\.module\.db_instance\.aws_db_instance\.this\[0\].*Multi-AZ, db\.t4g\.large/.test(n)), names.join('\n'));
      assert.ok(names.some((n) => /module\.db_default\.module\.db_instance\.aws_db_instance\.this\[0\].*Single-AZ, db\.t4g\.large/.test(n)), names.join('\n'));
      assert.ok(priced.totalMonthlyCost > 300, String(priced.totalMonthlyCost));
      // Nothing billable left silent: what is not priced is listed with its reason.
      for (const u of priced.unpriced) assert.ok(u.reason.length > 0);
    } finally {
      tree.remove();
    }
  });

  it('vpc complete: its NAT gateway priced', async () => {
    const tree = copyTree(path.join(FIXTURES, 'terraform-aws-vpc'));
    try {
      const { code, out } = await runCli(['cost', 'examples/complete', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const priced = JSON.parse(out) as Priced;
      assert.ok(priced.components.some((c) => c.id.includes('aws_nat_gateway') && (c.monthlyCost ?? 0) > 30), JSON.stringify(priced.components.map((c) => c.id)));
    } finally {
      tree.remove();
    }
  });
});
