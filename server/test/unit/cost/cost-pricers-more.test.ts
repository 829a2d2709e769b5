// The pricers added for what stacks bill first (#93), on inline Terraform: App Service plans as literal copies of
// Infracost's service_plan_test permutations (its for_each over flatten) at the golden's costs; gp3 volumes' IOPS and
// throughput above the included; free types (routes, ACL rules, IAM policies) neither priced nor listed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json', 'azure-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const price = (text: string) => priceResources(terraformResources(indexOf({ 'main.tf': text })), prices);

describe('cost: pricers for what stacks bill first', () => {
  before(loadParser);

  it("App Service plans: literal copies of Infracost's service_plan_test permutations at the golden's costs", () => {
    // [os_type, sku_name, worker_count, the golden's monthly cost]
    const cases: [string, string, number, number][] = [['Linux', 'P1v3', 2, 226.3], ['Windows', 'S1', 1, 73], ['WindowsContainer', 'I6v2', 3, 38333.76], ['Linux', 'F1', 1, 0], ['Windows', 'P0v3', 1, 114.98]];
    const text = `provider "azurerm" {\n  features {}\n}\n${cases.map(([os, sku, workers], i) => `resource "azurerm_service_plan" "p${i}" {\n  location = "eastus"\n  os_type = "${os}"\n  sku_name = "${sku}"\n  worker_count = ${workers}\n}\n`).join('')}resource "azurerm_service_plan" "ep" {\n  location = "eastus"\n  os_type = "Linux"\n  sku_name = "EP1"\n}\n`;
    const report = price(text);
    report.resources.forEach((r, i) => assert.ok(Math.abs(r.monthlyCost - cases[i][3]) <= cases[i][3] * 0.01 + 0.005, `${r.address}: ${r.monthlyCost}`));
    assert.deepEqual(report.resources[0].items.map((i) => [i.name, i.quantity, i.unit, i.unitPrice]), [['Instance usage (P1v3)', 1460, 'hours', 0.155]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['azurerm_service_plan.ep', 'no price for App Service plan EP1 (Linux)']]);
  });

  it("EBS: gp3's IOPS and throughput above 3,000 and 125 MB/s, an Elastic IP, an EKS node group's nodes and disks", () => {
    const report = price(`provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_ebs_volume" "v" {\n  type = "gp3"\n  size = 40\n  iops = 4000\n  throughput = 130\n}\nresource "aws_eip" "ip" {}\nresource "aws_eks_node_group" "g" {\n  scaling_config {\n    desired_size = 2\n  }\n}\nresource "aws_instance" "i" {\n  instance_type = "t3.micro"\n  root_block_device {\n    volume_type = "gp3"\n    volume_size = 20\n    iops = 3000\n  }\n}\n`);
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    assert.deepEqual(items('aws_ebs_volume.v'), [['Storage (general purpose SSD, gp3)', 40, 3.2], ['Provisioned throughput', 5, 0.2], ['Provisioned IOPS', 1000, 5]]);
    assert.deepEqual(items('aws_eip.ip'), [['IP address (if unused)', 730, 3.65]]);
    assert.deepEqual(items('aws_eks_node_group.g'), [['Instance usage (Linux/UNIX, on-demand, t3.medium)', 1460, 60.736], ['CPU credits', undefined, undefined], ['Storage (general purpose SSD, gp2)', 40, 4]]);
    // IOPS at the included 3,000: nothing more billed.
    assert.deepEqual(items('aws_instance.i')?.filter(([name]) => String(name).startsWith('Provisioned')), []);
  });

  it('free types (routes, ACL rules, IAM policies, route tables) are neither priced nor listed; a billed type without a pricer is listed', () => {
    const report = price(`provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_route" "r" {}\nresource "aws_network_acl_rule" "a" {}\nresource "aws_iam_policy" "p" {}\nresource "aws_route_table" "t" {}\nresource "aws_sns_topic" "e" {}\n`);
    assert.deepEqual(report.resources, []);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_sns_topic.e', 'resource type aws_sns_topic is not priced yet']]);
  });
});
