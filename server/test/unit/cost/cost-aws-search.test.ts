// OpenSearch Service domains (#93), `aws_opensearch_domain` and `aws_elasticsearch_domain`, on inline Terraform, at the
// figures of Infracost's goldens for them (elasticsearch_domain_test, opensearch_domain_test); the unit prices are read
// from those goldens (schemas/cost/SOURCES.md: `search-golden`), the quantities, defaults and gp3's included throughput are code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'aws-prices.json'), 'utf8')) as PriceList]);
const price = (text: string) => priceResources(terraformResources(indexOf({ 'main.tf': `provider "aws" {\n  region = "us-east-1"\n}\n${text}` })), prices, {});
const domain = (type: string, name: string, cluster: string, ebs: string) => `resource "${type}" "${name}" {\n  domain_name = "${name}"\n  cluster_config {\n${cluster}  }\n  ebs_options {\n${ebs}  }\n}\n`;

describe('cost: OpenSearch Service domains (#93)', () => {
  before(loadParser);

  it('prices data nodes, storage, dedicated masters and UltraWarm nodes; gp3 bills its throughput above the included', () => {
    const report = price([
      domain('aws_opensearch_domain', 'full', '    instance_type = "c4.2xlarge.search"\n    instance_count = 3\n    dedicated_master_enabled = true\n    dedicated_master_type = "c4.8xlarge.search"\n    dedicated_master_count = 1\n    warm_enabled = true\n    warm_count = 2\n    warm_type = "ultrawarm1.medium.search"\n', '    ebs_enabled = true\n    volume_size = 400\n    volume_type = "gp2"\n'),
      domain('aws_elasticsearch_domain', 'small_gp3', '    instance_type = "c4.2xlarge.elasticsearch"\n    instance_count = 2\n', '    ebs_enabled = true\n    volume_size = 150\n    volume_type = "gp3"\n    throughput = 200\n'),
      domain('aws_elasticsearch_domain', 'large_gp3', '    instance_type = "c4.2xlarge.elasticsearch"\n', '    ebs_enabled = true\n    volume_size = 5000\n    volume_type = "gp3"\n    throughput = 500\n'),
      domain('aws_opensearch_domain', 'io1', '    instance_type = "c4.2xlarge.search"\n', '    ebs_enabled = true\n    volume_size = 1000\n    volume_type = "io1"\n    iops = 10\n'),
      domain('aws_opensearch_domain', 'unknown', '    instance_type = "r7g.large.search"\n', '    ebs_enabled = false\n'),
      domain('aws_opensearch_domain', 'variable', '    instance_type = var.type\n', '    ebs_enabled = false\n'),
    ].join(''));
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The golden's gp2 ($1,285.53, $54.00, $1,713.31, $347.48), gp3_throughput["below_min_storage_mul_paid"], ["above_3TB_free_round_up"] and io1.
    assert.deepEqual(items('aws_opensearch_domain.full'), [['Instance (on-demand, c4.2xlarge.search)', 2190, 1285.53], ['Storage (gp2)', 400, 54], ['Dedicated master (on-demand, c4.8xlarge.search)', 730, 1713.31], ['UltraWarm instance (on-demand, ultrawarm1.medium.search)', 1460, 347.48]]);
    assert.deepEqual(items('aws_elasticsearch_domain.small_gp3'), [['Instance (on-demand, c4.2xlarge.elasticsearch)', 1460, 857.02], ['Storage (gp3)', 150, 18.3], ['Throughput (gp3)', 150, 9.6]]);
    assert.deepEqual(items('aws_elasticsearch_domain.large_gp3'), [['Instance (on-demand, c4.2xlarge.elasticsearch)', 730, 428.51], ['Storage (gp3)', 5000, 610]]);
    assert.deepEqual(items('aws_opensearch_domain.io1'), [['Instance (on-demand, c4.2xlarge.search)', 730, 428.51], ['Storage (io1)', 1000, 169], ['Storage IOPS (io1)', 10, 0.88]]);
    const reasons = Object.fromEntries(report.unpriced.map((u) => [u.address, u.reason]));
    assert.equal(reasons['aws_opensearch_domain.unknown'], 'no price for OpenSearch instance type r7g.large.search');
    assert.equal(reasons['aws_opensearch_domain.variable'], 'cluster_config.instance_type is not literal');
  });
});
