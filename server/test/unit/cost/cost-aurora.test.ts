// Aurora instances (`aws_rds_cluster_instance`, #93) on Infracost's own rds_cluster_instance_test case
// (fixtures/oss/infracost-goldens/aws, Apache-2.0): the engine read from the cluster Terraform passes it from, provisioned
// classes, CPU credits, extended support and Serverless v2, each within 1 % of the golden; the rest listed with its reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { repoRoot } from '../../helpers';
import { loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const folder = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'aws', 'rds_cluster_instance_test');
const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList]);

const RESERVED = 'reserved instance: reserved prices are not in the price list';
const LONG_TERM = 'Performance Insights long-term retention is not in the price list';
const UNPRICED: Record<string, string> = {
  'aws_rds_cluster_instance.cluster_instance_1yr_no_upfront': RESERVED,
  'aws_rds_cluster_instance.cluster_instance_1yr_partial_upfront': RESERVED,
  'aws_rds_cluster_instance.cluster_instance_3yr_partial_upfront': RESERVED,
  'aws_rds_cluster_instance.cluster_instance_performance_insights': LONG_TERM,
  'aws_rds_cluster_instance.cluster_instance_performance_insights_with_usage': LONG_TERM,
  'aws_rds_cluster_instance.aurora_serverless_v2_performance_insights': LONG_TERM,
};

describe('cost: Aurora instances (#93)', () => {
  before(loadParser);

  it("prices Infracost's rds_cluster_instance_test within 1 % of its golden, and lists the rest with their reasons", () => {
    const { within, report } = checkGoldenCase(folder, 'aws_rds_cluster_instance', prices, UNPRICED);
    assert.equal(within.length, 14);
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // `engine = aws_rds_cluster.default.engine`: aurora-mysql, its cluster's; 24 credit-hours × 2 vCPUs.
    assert.deepEqual(items('aws_rds_cluster_instance.cluster_instance_t3'), [['Database instance (on-demand, db.t3.medium)', 730, 59.86], ['CPU credits', 48, 4.32]]);
    assert.deepEqual(items('aws_rds_cluster_instance.extended_support["aurora-postgresql-11.22"]')?.slice(-1), [['Extended support (year 1)', 1460, 146]]);
    assert.deepEqual(items('aws_rds_cluster_instance.aurora_serverless_v2_with_usage'), [['Aurora serverless v2', 3650, 438]]);
    // Without its usage, Serverless v2's ACU-hours are a usage (I/O-optimized: its cluster's storage_type).
    assert.deepEqual(report.resources.find((r) => r.address === 'aws_rds_cluster_instance.aurora_io_optimized_instance')?.items.map((i) => [i.name, i.unitPrice, i.usageKey]), [['Aurora serverless v2 (I/O-optimized)', 0.16, 'capacity_units_per_hr']]);
  });
});
