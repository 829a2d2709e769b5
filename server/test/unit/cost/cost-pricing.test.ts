// The pricing service on inline Terraform: count and for_each expanded, a region from the provider or
// the resource, a usage file's values, and every resource that cannot be priced listed with its reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources, usageOf, type PriceList } from '../../../src/cost/pricing';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList;

const main = `
provider "aws" {
  region = var.region
}
variable "region" {
  default = "us-east-1"
}
variable "azs" {
  type = list(string)
}
resource "aws_nat_gateway" "per_az" {
  count = 3
}
resource "aws_nat_gateway" "dynamic" {
  count = length(var.azs)
}
resource "aws_instance" "web" {
  for_each      = toset(["a", "b"])
  instance_type = "m5.large"
  root_block_device {
    volume_type = "gp3"
    volume_size = 20
  }
}
resource "aws_instance" "paris" {
  provider      = aws.paris
  instance_type = "m5.large"
}
provider "aws" {
  alias  = "paris"
  region = "eu-west-3"
}
resource "aws_instance" "odd" {
  instance_type = "x9.huge"
}
resource "aws_instance" "unknown_type" {
  instance_type = var.type
}
resource "aws_lb" "gwlb" {
  load_balancer_type = "gateway"
}
resource "aws_db_instance" "db" {
  instance_class = "db.t3.micro"
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
`;

describe('cost: pricing Terraform resources', () => {
  before(loadParser);

  it('expands count and for_each, and lists what cannot be priced with its reason', () => {
    const usage = usageOf({ version: 0.1, resource_usage: { 'aws_nat_gateway.per_az[1]': { monthly_data_processed_gb: 1000 }, ignored: 3 } });
    const report = priceResources(terraformResources(indexOf({ 'main.tf': main })), prices, usage);
    assert.deepEqual(report.resources.map((r) => [r.address, r.monthlyCost]), [
      ['aws_nat_gateway.per_az[0]', 32.85],
      ['aws_nat_gateway.per_az[1]', 77.85],
      ['aws_nat_gateway.per_az[2]', 32.85],
      ['aws_instance.web["a"]', 71.68],
      ['aws_instance.web["b"]', 71.68],
    ]);
    assert.deepEqual(report.resources[3].items.map((i) => [i.subresource ?? '', i.name, i.quantity, i.unit, i.unitPrice, i.monthlyCost]), [
      ['', 'Instance usage (Linux/UNIX, on-demand, m5.large)', 730, 'hours', 0.096, 70.08],
      ['root_block_device', 'Storage (general purpose SSD, gp3)', 20, 'GB', 0.08, 1.6],
    ]);
    assert.equal(report.totalMonthlyCost, 286.91);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_nat_gateway.dynamic', 'count is not a literal number: its number of instances is unknown'],
      ['aws_instance.paris', 'no prices for region eu-west-3'],
      ['aws_instance.odd', 'no price for instance type x9.huge'],
      ['aws_instance.unknown_type', 'instance_type is not literal'],
      ['aws_lb.gwlb', 'no price for a gateway load balancer'],
      ['aws_db_instance.db', 'resource type aws_db_instance is not priced yet'],
    ]);
  });

  it('a resource without a region is listed, not priced at 0', () => {
    const report = priceResources(terraformResources(indexOf({ 'main.tf': 'resource "aws_nat_gateway" "x" {}\n' })), prices);
    assert.deepEqual(report.resources, []);
    assert.equal(report.totalMonthlyCost, 0);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_nat_gateway.x', "its region is not literal (nor its provider's)"]]);
  });
});
