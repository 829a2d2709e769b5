// `archipel cost`: Infracost's NAT gateway case priced as a breakdown (text) and as the JSON contract.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

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
      'OVERALL TOTAL  $70.20 a month',
      'Prices of: vpc 2026-11-26',
      'CARBON  unknown (2 components with a cost, none with a known footprint)',
      '',
    ].join('\n'));
  });

  it('writes the JSON contract: components with their sources and items, and the unpriced with their reason', async () => {
    const { code, out } = await runCli(['cost', 'instance_test', '--format', 'json'], cwd);
    assert.equal(code, 0);
    const report = JSON.parse(out) as { currency: string; priceDate: string; totalMonthlyCost: number; components: { id: string; name: string; sources: { file: string; line: number }[]; monthlyCost: number; items: { name: string }[] }[]; unpriced: { address: string; reason: string }[] };
    assert.equal(report.currency, 'USD');
    assert.equal(report.priceDate, '2026-11-26');
    // Found by its address (its name): its id is the system map's (cost/system.ts mapIdsOf).
    const first = report.components.find((c) => c.name === 'aws_instance.instance1');
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
    assert.deepEqual(report.unpriced.find((u) => u.address === 'aws_instance.instance1_hostTenancy'), { address: 'aws_instance.instance1_hostTenancy', reason: 'tenancy host: dedicated prices are not in the price list', file: 'instance_test/instance_test.tf' });
  });

  it('lists a manifest over the size bound as unpriced with why, never as 0 (issue #81)', async () => {
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}:1\n          resources:\n            requests: {cpu: 500m, memory: 1Gi}\n`;
    // 4 MiB and more (archipel.validation.maxFileSizeKb's default, 4096): not read.
    const tree = makeTree({ 'api.yaml': deployment('api'), 'big.yaml': `${deployment('big')}#`.padEnd(4096 * 1024 + 1, '#') });
    try {
      const { code, out } = await runCli(['cost', '.', '--format', 'json'], tree.root);
      assert.equal(code, 0);
      const report = JSON.parse(out) as { unpriced: { address: string; reason: string; file: string }[] };
      assert.deepEqual(report.unpriced.filter((u) => u.address.startsWith('file:')), [
        { address: 'file:big.yaml', reason: 'the file is over the size bound (archipel.validation.maxFileSizeKb): what it declares is not read', file: 'big.yaml' },
      ]);
      assert.ok(report.unpriced.some((u) => u.file === 'api.yaml'), 'the small one is read (unpriced for want of a node type)');
    } finally {
      tree.remove();
    }
  });

  it('refuses an unknown format', async () => {
    const { code, err } = await runCli(['cost', '--format', 'xlsx'], cwd);
    assert.equal(code, 2);
    assert.match(err, /unknown format "xlsx" \(expected text, json, markdown, csv\)/);
  });

  it('writes Markdown: the breakdown as a table, the total, the unpriced with their reason', async () => {
    const { code, out } = await runCli(['cost', 'nat_gateway_test', '--usage', 'nat_gateway_test/nat_gateway_test.usage.yml', '--format', 'markdown'], cwd);
    assert.equal(code, 0);
    assert.equal(out, [
      '| Name | Monthly Qty | Unit | Monthly Cost |',
      '|:--|--:|:--|--:|',
      '| aws_nat_gateway.nat | | | $32.85 |',
      '| ↳ NAT gateway | 730 | hours | $32.85 |',
      '| ↳ Data processed | | GB | depends on usage: \\$0.045 per GB (monthly_data_processed_gb) |',
      '| aws_nat_gateway.nat_withUsage | | | $37.35 |',
      '| ↳ NAT gateway | 730 | hours | $32.85 |',
      '| ↳ Data processed | 100 | GB | $4.50 |',
      '| OVERALL TOTAL | | | $70.20 |',
      '',
      'USD a month, prices of 2026-11-26.',
      '',
    ].join('\n'));
  });

  it('writes CSV (RFC 4180): one row per item and per unpriced resource, quoted, no workspace value starting a formula', async () => {
    const tree = makeTree({
      'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_nat_gateway" "nat" {}\nresource "aws_instance" "odd" {\n  instance_type = "x9,\\"big\\""\n}\n',
      '=HYPERLINK(1).tf': 'resource "aws_db_instance" "db" {\n  engine         = "mysql"\n  instance_class = "db.t3.large"\n}\n',
    });
    try {
      const { code, out } = await runCli(['cost', '.', '--format', 'csv'], tree.root);
      assert.equal(code, 0);
      assert.equal(out, [
        'resource,file,line,item,quantity,unit,unit_price,monthly_cost_usd,usage_key,not_priced_reason',
        'aws_db_instance.db,\'=HYPERLINK(1).tf,1,"Database instance (on-demand, Single-AZ, db.t3.large)",730,hours,0.136,99.28,,',
        'aws_db_instance.db,\'=HYPERLINK(1).tf,1,"Storage (general purpose SSD, gp2)",20,GB,0.115,2.3,,',
        'aws_nat_gateway.nat,main.tf,4,NAT gateway,730,hours,0.045,32.85,,',
        'aws_nat_gateway.nat,main.tf,4,Data processed,,GB,0.045,,monthly_data_processed_gb,',
        'aws_instance.odd,main.tf,,,,,,,,"no price for instance type x9,""big"""',
        '',
      ].join('\r\n'));
    } finally {
      tree.remove();
    }
  });

  it('writes Markdown cells of workspace values escaped: one line, | and HTML', async () => {
    const tree = makeTree({ 'x|y.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "odd" {\n  instance_type = "x9|<b>"\n}\n' });
    try {
      const { code, out } = await runCli(['cost', '.', '--format', 'markdown'], tree.root);
      assert.equal(code, 0);
      assert.equal(out.split('\n').slice(-3).join('\n'), '|:--|:--|:--|\n| aws_instance.odd | x\\|y.tf | no price for instance type x9\\|\\<b\\> |\n');
    } finally {
      tree.remove();
    }
  });

  it('the example: its GKE cluster and node pool priced in europe-west1, its RDS instance in eu-west-3', async () => {
    const { code, out } = await runCli(['cost', 'infra', '--format', 'json'], path.join(repoRoot, 'examples', 'portfolio'));
    assert.equal(code, 0);
    const report = JSON.parse(out) as { totalMonthlyCost: number; components: { id: string; monthlyCost: number; sources: unknown; items: unknown[] }[]; unpriced: { address: string; reason: string; file: string }[] };
    assert.equal(report.totalMonthlyCost, 771.68743);
    assert.deepEqual(report.components.map((c) => [c.id, c.sources, c.monthlyCost]), [
      // The database under the map's id: its hours and storage at eu-west-3's prices (AWS's price maps).
      ['terraform:aws_db_instance:mlflow', [{ file: 'infra/terraform/main.tf', line: 37 }], 28.94],
      // The cluster under the system map's id; the map does not draw the node pool: its address.
      ['terraform:cluster:google:portfolio-prod', [{ file: 'infra/terraform/modules/gke-cluster/main.tf', line: 12 }], 73],
      ['module.gke.google_container_node_pool.default', [{ file: 'infra/terraform/modules/gke-cluster/main.tf', line: 51 }], 669.74743],
    ]);
    // Two nodes per zone (the caller's node_count = 2 overrides the module's default of 1), three zones of europe-west1.
    assert.deepEqual(report.components[2].items, [
      { name: 'Instance usage (Linux/UNIX, on-demand, e2-standard-4)', quantity: 4380, unit: 'hours', unitPrice: 0.14743092, monthlyCost: 645.74743 },
      { name: 'Standard provisioned storage (pd-standard)', quantity: 600, unit: 'GB', unitPrice: 0.04, monthlyCost: 24 },
    ]);
    assert.deepEqual(report.components[0].items, [
      { name: 'Database instance (on-demand, Single-AZ, db.t4g.small)', quantity: 730, unit: 'hours', unitPrice: 0.036, monthlyCost: 26.28 },
      { name: 'Storage (general purpose SSD, gp2)', quantity: 20, unit: 'GB', unitPrice: 0.133, monthlyCost: 2.66 },
      // backup_retention_period = 7: backups beyond the free share (the storage's size) are usage.
      { name: 'Additional backup storage', quantity: null, unit: 'GB', unitPrice: 0.1, monthlyCost: null, usageKey: 'additional_backup_storage_gb' },
    ]);
    assert.deepEqual(report.unpriced, []);
  });
});
