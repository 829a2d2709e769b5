// More pricers toward Infracost's golden coverage (#93), on inline Terraform, each at the figures of Infracost's golden
// for its type (the prices themselves come from the providers' published price data: schemas/cost/SOURCES.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList, type Usage } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json', 'azure-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const price = (text: string, usage: Usage = {}) => priceResources(terraformResources(indexOf({ 'main.tf': text })), prices, usage);
const AWS = 'provider "aws" {\n  region = "us-east-1"\n}\n';
const AZURE = 'provider "azurerm" {\n  features {}\n}\n';

describe('cost: more pricers toward the goldens (#93)', () => {
  before(loadParser);

  it('MSK clusters: brokers by type and their storage; Redshift clusters: nodes, concurrency scaling; what the price list lacks listed', () => {
    const msk = (name: string, nodes: number, type: string, size: number) => `resource "aws_msk_cluster" "${name}" {\n  number_of_broker_nodes = ${nodes}\n  broker_node_group_info {\n    instance_type = "${type}"\n    storage_info {\n      ebs_storage_info {\n        volume_size = ${size}\n      }\n    }\n  }\n}\n`;
    const redshift = (name: string, type: string, nodes?: number) => `resource "aws_redshift_cluster" "${name}" {\n  node_type = "${type}"\n  cluster_type = "${nodes ? 'multi-node' : 'single-node'}"\n${nodes ? `  number_of_nodes = "${nodes}"\n` : ''}}\n`;
    const report = price(`${AWS}${msk('two', 2, 'kafka.t3.small', 500)}${msk('four', 4, 'kafka.m5.24xlarge', 1000)}${redshift('ca', 'dc2.large', 4)}${redshift('managed', 'ra3.4xlarge', 6)}${redshift('scaling', 'ra3.16xlarge')}${redshift('stored', 'ra3.16xlarge')}${redshift('old', 'ds2.8xlarge')}`, {
      'aws_redshift_cluster.scaling': { excess_concurrency_scaling_secs: 4321 },
      'aws_redshift_cluster.stored': { managed_storage_gb: 321 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The golden's cluster-2-nodes ($66.58 + $100.00) and cluster-4-nodes ($29,433.60 + $400.00).
    assert.deepEqual(items('aws_msk_cluster.two'), [['Instance (kafka.t3.small)', 1460, 66.576], ['Storage', 1000, 100]]);
    assert.deepEqual(items('aws_msk_cluster.four'), [['Instance (kafka.m5.24xlarge)', 2920, 29433.6], ['Storage', 4000, 400]]);
    // The golden's ca ($730.00) and manageda ($14,278.80); concurrency scaling per node-second (ra3.16xlarge: $0.00362).
    assert.deepEqual(items('aws_redshift_cluster.ca'), [['Cluster usage (on-demand, dc2.large)', 2920, 730], ['Concurrency scaling (dc2.large)', undefined, undefined]]);
    assert.equal(report.resources.find((r) => r.address === 'aws_redshift_cluster.managed')?.monthlyCost, 14278.8);
    assert.deepEqual(items('aws_redshift_cluster.scaling'), [['Cluster usage (on-demand, ra3.16xlarge)', 730, 9519.2], ['Concurrency scaling (ra3.16xlarge)', 4321, 15.64202]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_redshift_cluster.stored', 'RA3 managed storage (managed_storage_gb): its price is not in the price list'],
      ['aws_redshift_cluster.old', 'no on-demand price for Redshift node type ds2.8xlarge'],
    ]);
  });

  it("legacy App Service plans: capacity × the SKU's hour, the OS from kind (v1 Premium and Isolated at one price); Elastic Premium listed", () => {
    const plan = (name: string, kind: string, size: string, capacity?: number) => `resource "azurerm_app_service_plan" "${name}" {\n  location = "eastus"\n  kind = "${kind}"\n  sku {\n    tier = "Standard"\n    size = "${size}"\n${capacity ? `    capacity = ${capacity}\n` : ''}  }\n}\n`;
    const report = price(`${AZURE}${plan('s1', 'Windows', 'S1', 5)}${plan('p1v2', 'Linux', 'P1v2', 10)}${plan('i1', 'Linux', 'I1')}${plan('b2', 'Linux', 'B2')}${plan('ep', 'elastic', 'EP2')}`);
    // The golden's standard_s2 ($365.00), premium_v2 ($737.30), isolated ($219.00), default_capacity ($24.82).
    assert.deepEqual(report.resources.map((r) => [r.address, r.items.map((i) => [i.name, i.quantity]), r.monthlyCost]), [
      ['azurerm_app_service_plan.s1', [['Instance usage (S1)', 3650]], 365],
      ['azurerm_app_service_plan.p1v2', [['Instance usage (P1v2)', 7300]], 737.3],
      ['azurerm_app_service_plan.i1', [['Instance usage (I1)', 730]], 219],
      ['azurerm_app_service_plan.b2', [['Instance usage (B2)', 730]], 24.82],
    ]);
    assert.deepEqual(report.unpriced.map((u) => u.reason), ['an EP2 plan bills through its function apps, which are not priced yet']);
  });

  it('ElastiCache clusters and replication groups by engine and node type; Amazon MQ brokers by engine and deployment, their storage', () => {
    const cache = (name: string, body: string) => `resource "aws_elasticache_cluster" "${name}" {\n${body}}\n`;
    const group = (name: string, body: string) => `resource "aws_elasticache_replication_group" "${name}" {\n  node_type = "cache.m4.large"\n${body}}\n`;
    const mq = (name: string, engine: string, type: string, mode: string) => `resource "aws_mq_broker" "${name}" {\n  engine_type = "${engine}"\n  host_instance_type = "${type}"\n  deployment_mode = "${mode}"\n}\n`;
    const report = price(`${AWS}${cache('memcached', '  engine = "memcached"\n  node_type = "cache.m4.large"\n  num_cache_nodes = 2\n')}${cache('redis', '  engine = "redis"\n  node_type = "cache.m6g.12xlarge"\n  num_cache_nodes = 1\n')}${cache('member', '  replication_group_id = aws_elasticache_replication_group.shards.id\n')}${cache('backups', '  engine = "redis"\n  node_type = "cache.m6g.12xlarge"\n  snapshot_retention_limit = 2\n')}${cache('one_snapshot', '  engine = "redis"\n  node_type = "cache.m6g.12xlarge"\n')}${group('group_backups', '  num_cache_clusters = 1\n')}${group('shards', '  num_node_groups = 4\n  replicas_per_node_group = 3\n')}${group('three', '  num_cache_clusters = 3\n')}${mq('single', 'ActiveMQ', 'mq.t2.micro', 'SINGLE_INSTANCE')}${mq('standby', 'ActiveMQ', 'mq.m5.large', 'ACTIVE_STANDBY_MULTI_AZ')}${mq('rabbits', 'RabbitMQ', 'mq.m5.xlarge', 'CLUSTER_MULTI_AZ')}`, {
      'aws_elasticache_cluster.backups': { snapshot_storage_size_gb: 10000 },
      'aws_elasticache_cluster.one_snapshot': { snapshot_storage_size_gb: 10000 },
      'aws_elasticache_replication_group.group_backups': { snapshot_storage_size_gb: 10000 },
      'aws_mq_broker.rabbits': { storage_size_gb: 10 },
    });
    const cost = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The goldens' memcached ($227.76), redis ($2,596.61), cluster ($1,822.08 for 4 shards of a primary and 3 replicas).
    assert.deepEqual(cost('aws_elasticache_cluster.memcached'), [['ElastiCache (on-demand, cache.m4.large)', 1460, 227.76]]);
    assert.deepEqual(cost('aws_elasticache_cluster.redis'), [['ElastiCache (on-demand, cache.m6g.12xlarge)', 730, 2596.61]]);
    assert.deepEqual(cost('aws_elasticache_cluster.member'), []);
    assert.deepEqual(cost('aws_elasticache_replication_group.shards'), [['ElastiCache (on-demand, cache.m4.large)', 11680, 1822.08]]);
    assert.deepEqual(cost('aws_elasticache_replication_group.three'), [['ElastiCache (on-demand, cache.m4.large)', 2190, 341.64]]);
    // The golden's my_aws_mq_broker_activemq_single_default ($21.90), _activemq_standby_efs ($420.48), _rabbitmq_cluster ($1,261.44 + $3.00).
    assert.deepEqual(cost('aws_mq_broker.single'), [['Instance usage (ActiveMQ, mq.t2.micro, single_instance)', 730, 21.9], ['Storage (ActiveMQ, EFS)', undefined, undefined]]);
    assert.deepEqual(cost('aws_mq_broker.standby')?.[0], ['Instance usage (ActiveMQ, mq.m5.large, active_standby_multi_az)', 730, 420.48]);
    assert.deepEqual(cost('aws_mq_broker.rabbits'), [['Instance usage (RabbitMQ, mq.m5.xlarge, cluster_multi_az)', 730, 1261.44], ['Storage (RabbitMQ, EBS)', 30, 3]]);
    // The golden's redis_snapshot_usage ($2,596.61 + $850.00): the snapshots beyond the first; one kept costs nothing more.
    assert.deepEqual(cost('aws_elasticache_cluster.backups'), [['ElastiCache (on-demand, cache.m6g.12xlarge)', 730, 2596.61], ['Backup storage', 10000, 850]]);
    assert.deepEqual(cost('aws_elasticache_cluster.one_snapshot'), [['ElastiCache (on-demand, cache.m6g.12xlarge)', 730, 2596.61]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_elasticache_replication_group.group_backups', 'backup storage (snapshot_storage_size_gb): its price is not in the price list']]);
  });

  it("AKS node pools of their own, where their cluster is (an Azure resource with no location nor group: its parent's, through its …_id)", () => {
    const pool = (name: string, body: string) => `resource "azurerm_kubernetes_cluster_node_pool" "${name}" {\n  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id\n${body}}\n`;
    const report = price(`${AZURE}resource "azurerm_kubernetes_cluster" "aks" {\n  location = "eastus"\n  default_node_pool {\n    vm_size = "Standard_D2_v2"\n  }\n}\n${pool('example', '  vm_size = "Standard_DS2_v2"\n')}${pool('ephemeral', '  vm_size = "Standard_DS2_v2"\n  node_count = 2\n  os_disk_type = "Ephemeral"\n')}${pool('usage', '  vm_size = "Basic_A2"\n')}`, {
      'azurerm_kubernetes_cluster_node_pool.usage': { nodes: 2, monthly_hrs: 450 },
    });
    // The golden's example ($106.58 + $19.71), Standard_DS2_v2 ($213.16), usage_basic_A2 ($71.10 + $11.78).
    assert.deepEqual(report.resources.filter((r) => r.type === 'azurerm_kubernetes_cluster_node_pool').map((r) => [r.address, r.region, r.items.map((i) => [i.name, i.subresource, i.quantity]), r.monthlyCost]), [
      ['azurerm_kubernetes_cluster_node_pool.example', 'eastus', [['Instance usage (Linux, pay as you go, Standard_DS2_v2)', undefined, 730], ['Storage (P10, LRS)', 'os_disk', 1]], 126.29],
      ['azurerm_kubernetes_cluster_node_pool.ephemeral', 'eastus', [['Instance usage (Linux, pay as you go, Standard_DS2_v2)', undefined, 1460]], 213.16],
      ['azurerm_kubernetes_cluster_node_pool.usage', 'eastus', [['Instance usage (Linux, pay as you go, Basic_A2)', undefined, 900], ['Storage (S10, LRS)', 'os_disk', 2]], 82.88],
    ]);
  });

  it('VPC endpoints: a Gateway endpoint free; an interface one per subnet, its data by tier; a Gateway Load Balancer one', () => {
    const endpoint = (name: string, body: string) => `resource "aws_vpc_endpoint" "${name}" {\n  service_name = "com.amazonaws.region.ec2"\n${body}}\n`;
    const report = price(`${AWS}${endpoint('gateway', '')}${endpoint('one', '  vpc_endpoint_type = "Interface"\n')}${endpoint('two', '  vpc_endpoint_type = "Interface"\n  subnet_ids = ["subnet-1", "subnet-2"]\n')}${endpoint('big', '  vpc_endpoint_type = "Interface"\n')}${endpoint('glb', '  vpc_endpoint_type = "GatewayLoadBalancer"\n')}${endpoint('refs', '  vpc_endpoint_type = "Interface"\n  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]\n')}${endpoint('vars', '  vpc_endpoint_type = "Interface"\n  subnet_ids = var.subnets\n')}`, {
      'aws_vpc_endpoint.one': { monthly_data_processed_gb: 1000 },
      'aws_vpc_endpoint.big': { monthly_data_processed_gb: 7000000 },
    });
    const cost = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    assert.deepEqual(cost('aws_vpc_endpoint.gateway'), []);
    // The golden's interface_withUsage ($10.00 + $7.30) and multiple_interfaces ($14.60).
    assert.deepEqual(cost('aws_vpc_endpoint.one'), [['Data processed (first 1PB)', 1000, 10], ['Endpoint (Interface)', 730, 7.3]]);
    assert.deepEqual(cost('aws_vpc_endpoint.two'), [['Data processed (first 1PB)', undefined, undefined], ['Endpoint (Interface)', 1460, 14.6]]);
    // AWS's tiers are 1,048,576 GB and 4,194,304 GB (the price map's); Infracost's golden splits at 1,000,000 and 4,000,000 GB.
    assert.deepEqual(cost('aws_vpc_endpoint.big'), [['Data processed (first 1PB)', 1048576, 10485.76], ['Data processed (next 4PB)', 4194304, 25165.824], ['Data processed (over 5PB)', 1757120, 7028.48], ['Endpoint (Interface)', 730, 7.3]]);
    assert.deepEqual(cost('aws_vpc_endpoint.glb'), [['Data processed', undefined, undefined], ['Endpoint (GatewayLoadBalancer)', 730, 7.3]]);
    // Subnets created in the stack: their ids are unknown, their number is not (the golden's with_dynamic_subnet, $14.60).
    assert.deepEqual(cost('aws_vpc_endpoint.refs'), [['Data processed (first 1PB)', undefined, undefined], ['Endpoint (Interface)', 1460, 14.6]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_vpc_endpoint.vars', 'subnet_ids is not literal']]);
  });

  it('CloudWatch metric alarms: their metrics (expressions are none), high resolution under 60 s, anomaly detection three a metric', () => {
    const query = (id: string, body: string) => `  metric_query {\n    id = "${id}"\n${body}  }\n`;
    const metric = (period: number) => `    metric {\n      metric_name = "CPUUtilization"\n      period = ${period}\n    }\n`;
    const alarm = (name: string, body: string) => `resource "aws_cloudwatch_metric_alarm" "${name}" {\n  comparison_operator = "${name === 'anomaly' ? 'GreaterThanUpperThreshold' : 'GreaterThanOrEqualToThreshold'}"\n${body}}\n`;
    const report = price(`${AWS}${alarm('standard', '  period = 120\n')}${alarm('high', '  period = 10\n')}${alarm('expression', `${query('e1', '    expression = "m2/m1*100"\n')}${query('m1', metric(120))}${query('m2', metric(120))}`)}${alarm('anomaly', `${query('e1', '    expression = "ANOMALY_DETECTION_BAND(m1)"\n')}${query('m1', metric(30))}`)}`);
    // The golden's standard ($0.10), high ($0.30), expression ($0.20), anomaly_detection ($0.90).
    assert.deepEqual(report.resources.map((r) => [r.address, r.items.map((i) => [i.name, i.unit, i.quantity]), r.monthlyCost]), [
      ['aws_cloudwatch_metric_alarm.standard', [['Standard resolution', 'alarm metrics', 1]], 0.1],
      ['aws_cloudwatch_metric_alarm.high', [['High resolution', 'alarm metrics', 1]], 0.3],
      ['aws_cloudwatch_metric_alarm.expression', [['Standard resolution', 'alarm metrics', 2]], 0.2],
      ['aws_cloudwatch_metric_alarm.anomaly', [['High resolution anomaly detection', 'alarms', 3]], 0.9],
    ]);
  });
});
