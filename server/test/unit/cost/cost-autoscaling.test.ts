// EC2 Auto Scaling groups priced from the launch configuration or template they name (#93), on Infracost's own
// autoscaling_group_test case (fixtures/oss/infracost-goldens/aws, Apache-2.0): every resource its golden gives a cost
// is priced within 1 % of it, or listed with the reason asserted here; a template not in the stack is said.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const folder = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'aws', 'autoscaling_group_test');
const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList]);

/** The golden's resources this case does not price, each with its reason. */
const UNPRICED: Record<string, string> = {
  'aws_autoscaling_group.asg_lc_tenancy_dedicated': "tenancy dedicated (its launch configuration's): dedicated prices are not in the price list",
  'aws_autoscaling_group.asg_lt_tenancy_dedicated': "tenancy dedicated (its launch template's): dedicated prices are not in the price list",
  'aws_autoscaling_group.asg_lc_windows': 'operating system windows: its price is not in the price list',
};

describe('cost: Auto Scaling groups from their launch configuration or template (#93)', () => {
  before(loadParser);

  it("prices Infracost's autoscaling_group_test within 1 % of its golden, and lists the rest with their reasons", () => {
    const { within, report } = checkGoldenCase(folder, 'aws_autoscaling_group', prices, UNPRICED);
    const priced = new Map(report.resources.map((r) => [r.address, r]));
    assert.equal(within.length, 21);
    // The policy is read (its first override's type, t2.large, weighted); a reserved launch configuration at its hourly fee.
    assert.deepEqual(priced.get('aws_autoscaling_group.asg_mixed_instance_basic')?.items.map((i) => [i.name, i.quantity, i.monthlyCost]), [['Instance usage (Linux/UNIX, on-demand, t2.large)', 2190, 203.232]]);
    assert.deepEqual(priced.get('aws_autoscaling_group.asg_lc_reserved')?.items[0]?.name, 'Instance usage (Linux/UNIX, reserved, t3.medium)');
    // Instances × template: 2 × (t2.medium, 10 GB gp2, 20 GB io1 at 200 IOPS), each line the golden's.
    assert.deepEqual(priced.get('aws_autoscaling_group.asg_lt_basic')?.items.map((i) => [i.name, i.quantity, i.monthlyCost, i.subresource]), [
      ['Instance usage (Linux/UNIX, on-demand, t2.medium)', 1460, 67.744, undefined],
      ['Storage (general purpose SSD, gp2)', 20, 2, 'block_device_mapping[0]'],
      ['Storage (provisioned IOPS SSD, io1)', 40, 5, 'block_device_mapping[1]'],
      ['Provisioned IOPS', 400, 26, 'block_device_mapping[1]'],
    ]);
    // A launch configuration monitors by default: 7 metrics an instance; its root volume is 8 GB unless said.
    assert.deepEqual(priced.get('aws_autoscaling_group.asg_lc_cpu_credits')?.items.map((i) => [i.name, i.quantity, i.monthlyCost]), [
      ['Instance usage (Linux/UNIX, on-demand, t3.medium)', 1460, 60.736],
      ['CPU credits', 800, 40],
      ['Storage (general purpose SSD, gp2)', 16, 1.6],
    ]);
    assert.equal(priced.get('aws_autoscaling_group.asg_lc_basic')?.items.find((i) => i.name === 'EC2 detailed monitoring')?.monthlyCost, 4.2);
    // desired_capacity = 0 runs nothing: priced at 0, not listed.
    assert.equal(priced.get('aws_autoscaling_group.asg_lt_desired_capacity_zero')?.monthlyCost, 0);
  });

  it('prices a mixed instances policy at its first override, weighted, on-demand only', () => {
    const group = (name: string, distribution: string) => `resource "aws_autoscaling_group" "${name}" {\n  desired_capacity = 6\n  max_size = 10\n  min_size = 1\n  mixed_instances_policy {\n    launch_template {\n      launch_template_specification {\n        launch_template_name = local.template\n      }\n      override {\n        instance_type = "m5.large"\n        weighted_capacity = "2"\n      }\n      override {\n        instance_type = "m5.xlarge"\n        weighted_capacity = "4"\n      }\n    }\n    instances_distribution {\n${distribution}    }\n  }\n}\n`;
    const report = priceResources(terraformResources(indexOf({
      'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nlocals {\n  template = aws_launch_template.lt.name\n}\nresource "aws_launch_template" "lt" {\n  name = "lt"\n  instance_type = "t3.medium"\n}\n'
        + group('on_demand', '      on_demand_base_capacity = 1\n') + group('spot', '      on_demand_percentage_above_base_capacity = 50\n'),
    })), prices, {});
    // 6 units at 2 an instance: 3 m5.large instances (the template's own t3.medium is overridden).
    assert.deepEqual(report.resources.map((r) => [r.address, r.items.map((i) => [i.name, i.quantity])]), [
      ['aws_autoscaling_group.on_demand', [['Instance usage (Linux/UNIX, on-demand, m5.large)', 2190]]],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_autoscaling_group.spot', "mixed_instances_policy: its spot instances' prices are not in the price list"]]);
  });

  it('lists a group whose launch template is not in the stack, or is a variable, with the reason', () => {
    const report = priceResources(terraformResources(indexOf({
      'main.tf': 'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_autoscaling_group" "elsewhere" {\n  desired_capacity = 2\n  max_size = 3\n  min_size = 1\n  launch_template {\n    id = var.template\n  }\n}\n'
        + 'resource "aws_autoscaling_group" "by_name" {\n  max_size = 3\n  min_size = 1\n  launch_configuration = "made-by-hand"\n}\n',
      'variables.tf': 'variable "template" {\n  type = string\n}\n',
    })), prices, {});
    assert.deepEqual(report.resources, []);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_autoscaling_group.elsewhere', 'launch_template: the launch template it names is not in the stack'],
      ['aws_autoscaling_group.by_name', 'launch_configuration: the launch configuration it names is not in the stack'],
    ]);
  });
});
