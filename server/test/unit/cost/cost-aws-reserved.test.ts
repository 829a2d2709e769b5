// Reserved EC2 and RDS instances (#93), on inline Terraform with a usage, at the figures of Infracost's goldens
// (instance_test, db_instance_test): the reservation's hourly recurring fee, read from those goldens
// (schemas/cost/SOURCES.md: `ec2-reserved-golden`, `rds-reserved-golden`); the usage keys and their checks are code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList, type Usage } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList]);
const price = (text: string, usage: Usage) => priceResources(terraformResources(indexOf({ 'main.tf': `provider "aws" {\n  region = "us-east-1"\n}\n${text}` })), prices, usage);

describe('cost: reserved EC2 and RDS instances (#93)', () => {
  before(loadParser);

  it('bills the reservation\'s hourly fee by offering class, term and payment option; what the list lacks is listed', () => {
    const report = price([
      'resource "aws_instance" "std" {\n  ami = "x"\n  instance_type = "t3.medium"\n}\n',
      'resource "aws_instance" "all" {\n  ami = "x"\n  instance_type = "t3.medium"\n}\n',
      'resource "aws_instance" "other" {\n  ami = "x"\n  instance_type = "m5.large"\n}\n',
      'resource "aws_instance" "typo" {\n  ami = "x"\n  instance_type = "t3.medium"\n}\n',
      'resource "aws_db_instance" "multi" {\n  engine = "mysql"\n  instance_class = "db.t3.large"\n  multi_az = true\n}\n',
      'resource "aws_db_instance" "pg" {\n  engine = "postgres"\n  instance_class = "db.t3.large"\n  multi_az = true\n}\n',
    ].join(''), {
      'aws_instance.std': { reserved_instance_type: 'standard', reserved_instance_term: '1_year', reserved_instance_payment_option: 'no_upfront' },
      'aws_instance.all': { reserved_instance_type: 'convertible', reserved_instance_term: '3_year', reserved_instance_payment_option: 'all_upfront' },
      'aws_instance.other': { reserved_instance_type: 'standard', reserved_instance_term: '1_year', reserved_instance_payment_option: 'no_upfront' },
      'aws_instance.typo': { reserved_instance_type: 'standard', reserved_instance_term: '2_year', reserved_instance_payment_option: 'no_upfront' },
      'aws_db_instance.multi': { reserved_instance_term: '1_year', reserved_instance_payment_option: 'no_upfront' },
      'aws_db_instance.pg': { reserved_instance_term: '3_year', reserved_instance_payment_option: 'partial_upfront' },
    });
    const first = (address: string) => { const i = report.resources.find((r) => r.address === address)?.items[0]; return i && [i.name, i.unitPrice, i.monthlyCost, i.source]; };
    // The golden's std_1yr_no_upfront ($19.05), cnvr_3yr_all_upfront ($0.00), mysql-1yr-no-upfront-multi-az ($139.72), postgres-3yr-partial-upfront-multi-az ($50.74).
    assert.deepEqual(first('aws_instance.std'), ['Instance usage (Linux/UNIX, reserved, t3.medium)', 0.0261, 19.053, 'ec2-reserved-golden']);
    assert.deepEqual(first('aws_instance.all'), ['Instance usage (Linux/UNIX, reserved, t3.medium)', 0, 0, 'ec2-reserved-golden']);
    assert.deepEqual(first('aws_db_instance.multi'), ['Database instance (reserved, Multi-AZ, db.t3.large)', 0.1914, 139.722, 'rds-reserved-golden']);
    assert.deepEqual(first('aws_db_instance.pg'), ['Database instance (reserved, Multi-AZ, db.t3.large)', 0.0695, 50.735, 'rds-reserved-golden']);
    const reasons = Object.fromEntries(report.unpriced.map((u) => [u.address, u.reason]));
    assert.equal(reasons['aws_instance.other'], 'reserved instance: no reserved price for m5.large (standard, 1_year, no_upfront) in the price list');
    assert.equal(reasons['aws_instance.typo'], 'reserved instance: term 2_year is not one of 1_year, 3_year');
  });

  it('prices a Dedicated Host by its family, on demand or reserved (the golden ec2_host_test\'s figures)', () => {
    const host = (name: string, body: string) => `resource "aws_ec2_host" "${name}" {\n  availability_zone = "us-east-1a"\n${body}}\n`;
    const report = price([
      host('c5', '  instance_type = "c5.18xlarge"\n'),
      host('m5', '  instance_family = "m5"\n'),
      host('m5d', '  instance_family = "m5d"\n'),
      host('r6i', '  instance_family = "r6i"\n'),
      host('variable', '  instance_family = var.family\n'),
    ].join(''), {
      'aws_ec2_host.m5': { reserved_instance_term: '1_year', reserved_instance_payment_option: 'no_upfront' },
      'aws_ec2_host.m5d': { reserved_instance_term: '3_year', reserved_instance_payment_option: 'all_upfront' },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    assert.deepEqual(items('aws_ec2_host.c5'), [['EC2 Dedicated Host (on-demand, c5)', 730, 2457.18]]);
    assert.deepEqual(items('aws_ec2_host.m5'), [['EC2 Dedicated Host (reserved, m5)', 730, 2330.89]]);
    assert.deepEqual(items('aws_ec2_host.m5d'), [['EC2 Dedicated Host (reserved, m5d)', 730, 0]]);
    const reasons = Object.fromEntries(report.unpriced.map((u) => [u.address, u.reason]));
    assert.equal(reasons['aws_ec2_host.r6i'], 'no Dedicated Host price for r6i');
    assert.equal(reasons['aws_ec2_host.variable'], 'instance_family is not literal');
  });

  it('prices a reserved ElastiCache node at its hourly fee (the golden elasticache_cluster_test\'s figures)', () => {
    const node = (name: string) => `resource "aws_elasticache_cluster" "${name}" {\n  engine = "redis"\n  node_type = "cache.m6g.12xlarge"\n}\n`;
    const report = price(node('partial') + node('heavy'), {
      'aws_elasticache_cluster.partial': { reserved_instance_term: '1_year', reserved_instance_payment_option: 'partial_upfront' },
      'aws_elasticache_cluster.heavy': { reserved_instance_term: '1_year', reserved_instance_payment_option: 'heavy_utilization' },
    });
    assert.deepEqual(report.resources.find((r) => r.address === 'aws_elasticache_cluster.partial')?.items.map((i) => [i.name, i.quantity, i.monthlyCost]), [['ElastiCache (reserved, cache.m6g.12xlarge)', 730, 843.88]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_elasticache_cluster.heavy', 'reserved instance: payment option heavy_utilization is not one of no_upfront, partial_upfront, all_upfront']]);
  });
});
