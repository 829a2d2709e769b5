// The text breakdown (cost/text.ts) fitted to the terminal: every line within 80 and 120 columns, nothing cut when
// the terminal is wide enough; the total's currency said once (not `50.85 EUR EUR`); each price source with its own date.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CarbonData } from '../../../src/cost/carbon';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { converted, costSettings } from '../../../src/cost/settings';
import { priceSystem } from '../../../src/cost/system';
import { costText } from '../../../src/cost/text';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const read = <T>(name: string) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as T;
const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json', 'azure-prices.json'].map((n) => read<PriceList>(n)));
const carbon = read<CarbonData>('carbon.json');
const STACK = `provider "aws" {
  region = "us-east-1"
}
resource "aws_nat_gateway" "a_rather_long_nat_gateway_name_that_a_real_stack_would_have" {}
resource "aws_instance" "web" {
  instance_type = "m5.large"
  ebs_block_device {
    device_name = "/dev/sdb"
    volume_type = "gp3"
    volume_size = 100
  }
}
resource "aws_db_instance" "db" {
  engine         = "postgres"
  instance_class = "db.t4g.small"
  storage_type   = "standard"
}
resource "aws_sqs_queue" "queue_whose_reason_is_long_enough_to_wrap_at_eighty_columns" {}
provider "azurerm" {
  features {}
}
resource "azurerm_service_plan" "plan" {
  location = "eastus"
  os_type  = "Linux"
  sku_name = "P1v3"
}
`;

describe('cost: the text breakdown', () => {
  before(loadParser);
  const system = () => priceSystem({ resources: terraformResources(indexOf({ 'main.tf': STACK })), lineOf: () => 1, objects: [], workloadId: () => '', compose: [], prices, carbon });
  const fileOf = (uri: string) => uri.replace('file:///w/', '');

  for (const width of [80, 120]) {
    it(`fits ${width} columns`, () => {
      const lines = [...costText(system(), { width, fileOf })];
      assert.deepEqual(lines.filter((l) => l.length > width), []);
      assert.ok(lines.some((l) => l.startsWith('aws_nat_gateway.a_rather_long')));
      assert.ok(lines.some((l) => l.includes('└─ I/O requests')));
    });
  }

  it('nothing is cut on a terminal wide enough; the prices are dated source by source', () => {
    const lines = [...costText(system(), { width: 300, fileOf })];
    assert.ok(!lines.some((l) => l.includes('…')), lines.join('\n'));
    assert.deepEqual(lines.filter((l) => l.startsWith('OVERALL TOTAL')), ['OVERALL TOTAL  $250.24 a month']);
    assert.ok(lines.some((l) => /^ └─ I\/O requests {2,}depends on usage: \$0\.10 per 1M request \(monthly_standard_io_requests\)$/.test(l)));
    assert.deepEqual(lines.filter((l) => l.startsWith('Prices of: ')), ['Prices of: azureServicePlan 2026-08-21, ebs 2026-11-26, ec2 2026-11-26, rds 2026-11-26, vpc 2026-11-26']);
    assert.ok(lines.some((l) => l.startsWith('  aws_sqs_queue.queue_whose_reason_is_long_enough_to_wrap_at_eighty_columns (main.tf): resource type aws_sqs_queue is not priced yet')));
  });

  it('in another currency the total says it once', () => {
    const { settings } = costSettings({ currency: { code: 'EUR', rate: 0.9, date: '2026-11-26' } });
    const lines = [...costText(converted(system(), settings), { width: 80, fileOf })];
    const total = lines.find((l) => l.startsWith('OVERALL TOTAL'));
    assert.match(total ?? '', /^OVERALL TOTAL {2}[\d,]+\.\d\d EUR a month$/);
  });
});
