// Aurora clusters (`aws_rds_cluster`, #93), on inline Terraform with a usage, at the figures of Infracost's golden for
// them (rds_cluster_test); the unit prices are read from that golden (schemas/cost/SOURCES.md: `rds-cluster-golden`),
// the quantities (I/O from requests a second, backups beyond one snapshot, Backtrack's change records) are code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList]);
const cluster = (name: string, body: string) => `resource "aws_rds_cluster" "${name}" {\n  cluster_identifier = "${name}"\n${body}}\n`;

describe('cost: Aurora clusters (#93)', () => {
  before(loadParser);

  it('prices Serverless v1 ACU-hours, storage, I/O, backups, Backtrack and snapshot exports from the usage', () => {
    const report = priceResources(terraformResources(indexOf({ 'main.tf': `provider "aws" {\n  region = "us-east-1"\n}\n${[
      cluster('serverless', '  engine = "aurora-postgresql"\n  engine_mode = "serverless"\n  backup_retention_period = 5\n'),
      cluster('backtrack', '  engine = "aurora-mysql"\n  backup_retention_period = 5\n'),
      cluster('iopt', '  engine = "aurora-mysql"\n  storage_type = "aurora-iopt1"\n'),
      cluster('multi_az', '  engine = "postgres"\n'),
    ].join('')}` })), prices, {
      'aws_rds_cluster.serverless': { capacity_units_per_hr: 1000, storage_gb: 100, write_requests_per_sec: 10, read_requests_per_sec: 10, backup_snapshot_size_gb: 100, snapshot_export_size_gb: 200 },
      'aws_rds_cluster.backtrack': { storage_gb: 100, write_requests_per_sec: 10, read_requests_per_sec: 10, backup_snapshot_size_gb: 100, average_statements_per_hr: 10_000_000, change_records_per_statement: 0.38, backtrack_window_hrs: 24, snapshot_export_size_gb: 200 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The golden's postgres_serverlessWithExport ($43,830.91) and mysql_backtrack ($829.82).
    assert.deepEqual(items('aws_rds_cluster.serverless'), [['Aurora serverless', 730000, 43800], ['Storage', 100, 10], ['I/O requests', 52.56, 10.512], ['Backup storage', 400, 8.4], ['Snapshot export', 200, 2]]);
    assert.deepEqual(items('aws_rds_cluster.backtrack'), [['Storage', 100, 10], ['I/O requests', 52.56, 10.512], ['Backup storage', 400, 8.4], ['Backtrack', 66576, 798.912], ['Snapshot export', 200, 2]]);
    const reasons = Object.fromEntries(report.unpriced.map((u) => [u.address, u.reason]));
    assert.equal(reasons['aws_rds_cluster.iopt'], 'I/O-optimized storage: its price is not in the price list');
    assert.equal(reasons['aws_rds_cluster.multi_az'], 'engine postgres: a Multi-AZ DB cluster is not priced yet');
  });
});
