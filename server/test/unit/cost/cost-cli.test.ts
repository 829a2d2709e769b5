// `archipel cost`: Infracost's NAT gateway case priced as a breakdown (text) and as the JSON contract.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';

const cwd = path.join(fixturesDir, 'oss', 'infracost');

describe('cost: archipel cost', () => {
  it('prints the breakdown, what depends on usage, and the total', async () => {
    const { code, out } = await runCli(['cost', 'nat_gateway_test', '--usage', 'nat_gateway_test/nat_gateway_test.usage.yml'], cwd);
    assert.equal(code, 0);
    assert.equal(out, [
      'Name                           Monthly Qty  Unit   Monthly Cost',
      'aws_nat_gateway.nat',
      ' ├─ NAT gateway                        730  hours  $32.85',
      ' └─ Data processed                                 depends on usage: $0.045 per GB (monthly_data_processed_gb)',
      '',
      'aws_nat_gateway.nat_withUsage',
      ' ├─ NAT gateway                        730  hours  $32.85',
      ' └─ Data processed                     100  GB     $4.50',
      '',
      'OVERALL TOTAL  $70.20 USD a month (prices of 2026-11-26)',
      '',
    ].join('\n'));
  });

  it('writes the JSON contract: components with their sources and items, and the unpriced with their reason', async () => {
    const { code, out } = await runCli(['cost', 'instance_test', '--format', 'json'], cwd);
    assert.equal(code, 0);
    const report = JSON.parse(out) as { currency: string; priceDate: string; totalMonthlyCost: number; components: { id: string; sources: { file: string; line: number }[]; monthlyCost: number; items: { name: string }[] }[]; unpriced: { address: string; reason: string }[] };
    assert.equal(report.currency, 'USD');
    assert.equal(report.priceDate, '2026-11-26');
    const first = report.components.find((c) => c.id === 'aws_instance.instance1');
    assert.deepEqual(first?.sources, [{ file: 'instance_test/instance_test.tf', line: 11 }]);
    assert.deepEqual(first?.items.map((i) => i.name), [
      'Instance usage (Linux/UNIX, on-demand, m3.medium)',
      'root_block_device: Storage (general purpose SSD, gp2)',
      'ebs_block_device[0]: Storage (general purpose SSD, gp2)',
      'ebs_block_device[1]: Storage (magnetic)',
      'ebs_block_device[1]: I/O requests',
      'ebs_block_device[2]: Storage (cold HDD, sc1)',
      'ebs_block_device[3]: Storage (provisioned IOPS SSD, io1)',
      'ebs_block_device[3]: Provisioned IOPS',
      'ebs_block_device[4]: Storage (general purpose SSD, gp3)',
    ]);
    assert.equal(first?.monthlyCost, 123.96);
    assert.deepEqual(report.unpriced.find((u) => u.address === 'aws_ec2_host.mac'), { address: 'aws_ec2_host.mac', reason: 'resource type aws_ec2_host is not priced yet', file: 'instance_test/instance_test.tf' });
  });

  it('refuses an unknown format', async () => {
    const { code, err } = await runCli(['cost', '--format', 'csv'], cwd);
    assert.equal(code, 2);
    assert.match(err, /unknown format "csv" \(expected text, json\)/);
  });
});
