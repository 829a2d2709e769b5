// RDS's SQL Server and Oracle engines (#93), on inline Terraform: the hour of each engine's licence model (licence
// included, or your own), at the figures of Infracost's golden for them (db_instance_test); the hours are read from
// that golden (schemas/cost/SOURCES.md: `rds-licence-golden`), the quantities, defaults and licence rules are code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists(['aws-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const price = (text: string) => priceResources(terraformResources(indexOf({ 'main.tf': text })), prices, {});
const db = (name: string, body: string) => `resource "aws_db_instance" "${name}" {\n${body}}\n`;

describe('cost: RDS for SQL Server and Oracle (#93)', () => {
  before(loadParser);

  it('prices each engine at its licence model: SQL Server and Oracle SE1/SE2 include it, Oracle SE and EE are your own', () => {
    const report = price([
      'provider "aws" {\n  region = "us-east-1"\n}\n',
      db('se', '  engine = "sqlserver-se"\n  instance_class = "db.m5.xlarge"\n'),
      db('se1', '  engine = "oracle-se1"\n  instance_class = "db.t3.large"\n  backup_retention_period = 7\n'),
      db('se1_byol', '  engine = "oracle-se1"\n  instance_class = "db.t3.large"\n  license_model = "bring-your-own-license"\n'),
      db('ee', '  engine = "oracle-ee"\n  instance_class = "db.t3.large"\n'),
      db('multi', '  engine = "sqlserver-ex"\n  instance_class = "db.t3.large"\n  multi_az = true\n'),
      db('other_class', '  engine = "sqlserver-ee"\n  instance_class = "db.r5.24xlarge"\n'),
      db('licence_var', '  engine = "oracle-se2"\n  instance_class = "db.t3.large"\n  license_model = var.licence\n'),
    ].join(''));
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.unitPrice, i.monthlyCost, i.source]);
    // The golden's sqlserver-se ($893.52 + $2.30), oracle-se1 ($204.40 + $2.30), oracle-se1-byol and oracle-ee ($99.28 + $2.30).
    assert.deepEqual(items('aws_db_instance.se'), [['Database instance (on-demand, Single-AZ, db.m5.xlarge)', 1.224, 893.52, 'rds-licence-golden'], ['Storage (general purpose SSD, gp2)', 0.115, 2.3, 'rds']]);
    assert.deepEqual(items('aws_db_instance.se1')?.slice(0, 2), [['Database instance (on-demand, Single-AZ, db.t3.large)', 0.28, 204.4, 'rds-licence-golden'], ['Storage (general purpose SSD, gp2)', 0.115, 2.3, 'rds']]);
    assert.equal(items('aws_db_instance.se1')?.[2]?.[0], 'Additional backup storage');
    assert.deepEqual(items('aws_db_instance.se1_byol')?.[0], ['Database instance (on-demand, Single-AZ, db.t3.large)', 0.136, 99.28, 'rds-licence-golden']);
    assert.deepEqual(items('aws_db_instance.ee')?.[0], ['Database instance (on-demand, Single-AZ, db.t3.large)', 0.136, 99.28, 'rds-licence-golden']);
    const reasons = Object.fromEntries(report.unpriced.map((u) => [u.address, u.reason]));
    assert.equal(reasons['aws_db_instance.multi'], 'no Multi-AZ price for sqlserver-ex on db.t3.large');
    assert.equal(reasons['aws_db_instance.other_class'], 'no price for sqlserver-ee on db.r5.24xlarge');
    assert.equal(reasons['aws_db_instance.licence_var'], 'license_model is not literal');
  });

  it('lists a commercial engine where the price list has none of its hours (outside us-east-1)', () => {
    const report = price(`provider "aws" {\n  region = "eu-west-3"\n}\n${db('se', '  engine = "sqlserver-se"\n  instance_class = "db.m5.xlarge"\n')}`);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_db_instance.se', 'engine sqlserver-se is not priced yet']]);
  });
});
