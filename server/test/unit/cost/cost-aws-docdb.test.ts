// DocumentDB instances (#93), on inline Terraform with a usage, at the figures of Infracost's golden for them
// (docdb_cluster_instance_test); the unit prices are read from that golden (schemas/cost/SOURCES.md: `docdb-golden`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList]);
const instance = (name: string, cls: string) => `resource "aws_docdb_cluster_instance" "${name}" {\n  cluster_identifier = "c"\n  instance_class = ${cls}\n}\n`;

describe('cost: DocumentDB instances (#93)', () => {
  before(loadParser);

  it("prices the class's hours, the usage's storage, I/O and (burstable classes) CPU credits; lists what the list lacks", () => {
    const report = priceResources(terraformResources(indexOf({ 'main.tf': `provider "aws" {\n  region = "us-east-2"\n}\n${[instance('medium', '"db.t3.medium"'), instance('large', '"db.r5.4xlarge"'), instance('other', '"db.r6g.large"'), instance('variable', 'var.cls')].join('')}` })), prices, {
      'aws_docdb_cluster_instance.medium': { data_storage_gb: 1000, monthly_io_requests: 10_000_000, monthly_cpu_credit_hrs: 10 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost, i.usageKey]);
    // The golden's mediumue2 ($56.94, $100.00, $2.00, $0.90) and largeue2's instance ($1,617.68).
    assert.deepEqual(items('aws_docdb_cluster_instance.medium'), [['Database instance (on-demand, db.t3.medium)', 730, 56.94, undefined], ['Storage', 1000, 100, undefined], ['I/O requests', 10, 2, undefined], ['CPU credits', 10, 0.9, undefined]]);
    assert.deepEqual(items('aws_docdb_cluster_instance.large'), [['Database instance (on-demand, db.r5.4xlarge)', 730, 1617.68, undefined], ['Storage', undefined, undefined, 'data_storage_gb'], ['I/O requests', undefined, undefined, 'monthly_io_requests']]);
    const reasons = Object.fromEntries(report.unpriced.map((u) => [u.address, u.reason]));
    assert.equal(reasons['aws_docdb_cluster_instance.other'], 'no price for DocumentDB class db.r6g.large');
    assert.equal(reasons['aws_docdb_cluster_instance.variable'], 'instance_class is not literal');
  });
});
