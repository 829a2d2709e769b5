// ECS services on Fargate, DynamoDB tables, API Gateway, CloudHSM, EFS and Glue jobs (#93), on inline Terraform, at the figures of
// Infracost's goldens for them (ecs_service_test, dynamodb_table_test, api_gateway_*_test, apigatewayv2_api_test,
// cloudhsm_v2_hsm_test, efs_file_system_test, glue_job_test); the prices come from AWS's price maps
// (schemas/cost/SOURCES.md: `fargate`, `dynamodb`, `apigateway`, `cloudhsm`, `efs`, `glue`), never from the goldens.
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
const AWS = (region: string) => `provider "aws" {\n  region = "${region}"\n}\n`;

const task = (name: string, cpu: string, memory: string, extra = '') => `resource "aws_ecs_task_definition" "${name}" {\n  family = "${name}"\n  requires_compatibilities = ["FARGATE"]\n  cpu = "${cpu}"\n  memory = "${memory}"\n  container_definitions = "[]"\n${extra}}\n`;
const service = (name: string, body: string) => `resource "aws_ecs_service" "${name}" {\n  name = "${name}"\n${body}}\n`;

describe('cost: ECS on Fargate, DynamoDB, API Gateway, CloudHSM, EFS and Glue (#93)', () => {
  before(loadParser);

  it("prices a Fargate service's tasks (launch type, strategy, its cluster's capacity providers, a task set's definition); an EC2 service costs nothing; Spot and Windows listed", () => {
    const report = price([
      AWS('us-east-1'),
      task('small', '1 vCPU', '2 GB'),
      task('units', '2048', '4096'),
      task('arm', '1 vCPU', '2 GB', '  runtime_platform {\n    cpu_architecture = "ARM64"\n    operating_system_family = "LINUX"\n  }\n  ephemeral_storage {\n    size_in_gib = 50\n  }\n'),
      task('windows', '1 vCPU', '2 GB', '  runtime_platform {\n    operating_system_family = "WINDOWS_SERVER_2022_CORE"\n  }\n'),
      service('launch', '  launch_type = "FARGATE"\n  task_definition = aws_ecs_task_definition.small.arn\n  desired_count = 2\n'),
      service('strategy', '  capacity_provider_strategy {\n    capacity_provider = "FARGATE"\n    weight = 1\n  }\n  task_definition = aws_ecs_task_definition.units.family\n  desired_count = 1\n'),
      'resource "aws_ecs_cluster" "fargate" {\n  name = "fargate"\n}\n',
      'resource "aws_ecs_cluster_capacity_providers" "fargate" {\n  cluster_name = aws_ecs_cluster.fargate.name\n  capacity_providers = ["FARGATE"]\n}\n',
      service('clustered', '  cluster = aws_ecs_cluster.fargate.id\n  task_definition = aws_ecs_task_definition.small.arn\n  desired_count = 3\n'),
      'resource "aws_ecs_cluster" "ec2" {\n  name = "ec2"\n}\n',
      service('on_ec2', '  cluster = aws_ecs_cluster.ec2.id\n  task_definition = aws_ecs_task_definition.small.arn\n  desired_count = 3\n'),
      service('with_set', '  launch_type = "FARGATE"\n  desired_count = 2\n'),
      'resource "aws_ecs_task_set" "set" {\n  service = aws_ecs_service.with_set.id\n  cluster = aws_ecs_cluster.fargate.id\n  task_definition = aws_ecs_task_definition.units.arn\n}\n',
      service('graviton', '  launch_type = "FARGATE"\n  task_definition = aws_ecs_task_definition.arm.arn\n  desired_count = 1\n'),
      service('spot', '  capacity_provider_strategy {\n    capacity_provider = "FARGATE_SPOT"\n    weight = 1\n  }\n  task_definition = aws_ecs_task_definition.small.arn\n  desired_count = 1\n'),
      service('win', '  launch_type = "FARGATE"\n  task_definition = aws_ecs_task_definition.windows.arn\n  desired_count = 1\n'),
      service('elsewhere', '  launch_type = "FARGATE"\n  task_definition = var.task\n  desired_count = 1\n'),
    ].join(''));
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The golden's ecs_fargate2 ($12.98 + $59.10), ecs_fargate3 ($19.47 + $88.65) and task_set ($25.96 + $118.20).
    assert.deepEqual(items('aws_ecs_service.launch'), [['Per GB per hour', 4, 12.9794], ['Per vCPU per hour', 2, 59.1008]]);
    assert.deepEqual(items('aws_ecs_service.strategy'), [['Per GB per hour', 4, 12.9794], ['Per vCPU per hour', 2, 59.1008]]);
    assert.deepEqual(items('aws_ecs_service.clustered'), [['Per GB per hour', 6, 19.4691], ['Per vCPU per hour', 3, 88.6512]]);
    assert.deepEqual(items('aws_ecs_service.with_set'), [['Per GB per hour', 8, 25.9588], ['Per vCPU per hour', 4, 118.2016]]);
    // ARM's prices ($0.03238 a vCPU-hour, $0.00356 a GB-hour) and 30 GB of ephemeral storage beyond the free 20.
    assert.deepEqual(items('aws_ecs_service.graviton'), [['Per GB per hour', 2, 5.1976], ['Per vCPU per hour', 1, 23.6374], ['Ephemeral storage', 30, 2.4309]]);
    assert.deepEqual(items('aws_ecs_service.on_ec2'), []);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_ecs_service.spot', 'Fargate Spot: its prices are not in the price list'],
      ['aws_ecs_service.win', "WINDOWS_SERVER_2022_CORE: Fargate's Windows prices are not in the price list"],
      ['aws_ecs_service.elsewhere', 'its task definition is not in the plan'],
    ]);
  });

  it('prices a DynamoDB table: provisioned capacity or requests, storage and backups, each replica at its region; what is not read listed', () => {
    const table = (name: string, body: string) => `resource "aws_dynamodb_table" "${name}" {\n  name = "${name}"\n  hash_key = "id"\n  attribute {\n    name = "id"\n    type = "S"\n  }\n${body}}\n`;
    const replicas = '  replica {\n    region_name = "us-east-2"\n  }\n  replica {\n    region_name = "us-west-1"\n  }\n';
    const report = price([
      AWS('us-east-2'),
      table('provisioned', `  billing_mode = "PROVISIONED"\n  read_capacity = 30\n  write_capacity = 20\n${replicas}`),
      table('on_demand', `  billing_mode = "PAY_PER_REQUEST"\n${replicas}`),
      table('infrequent', '  billing_mode = "PAY_PER_REQUEST"\n  table_class = "STANDARD_INFREQUENT_ACCESS"\n'),
      table('far', '  read_capacity = 1\n  write_capacity = 1\n  replica {\n    region_name = "eu-west-9"\n  }\n'),
    ].join(''), {
      'aws_dynamodb_table.on_demand': { monthly_write_request_units: 3000000, monthly_read_request_units: 8000000, storage_gb: 230, pitr_backup_storage_gb: 2300, on_demand_backup_storage_gb: 460, monthly_data_restored_gb: 230, monthly_streams_read_request_units: 2000000 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.subresource ?? '', i.name, i.quantity, i.monthlyCost, i.usageKey]);
    // The golden's my_dynamodb_table ($9.49 + $2.85; replicas $9.49 and $10.59) and my_dynamodb_table_usage ($605.24).
    assert.deepEqual(items('aws_dynamodb_table.provisioned'), [
      ['', 'Write capacity unit (WCU)', 20, 9.49, undefined],
      ['', 'Read capacity unit (RCU)', 30, 2.847, undefined],
      ['', 'Data storage', undefined, undefined, 'storage_gb'],
      ['', 'Point-In-Time Recovery (PITR) backup storage', undefined, undefined, 'pitr_backup_storage_gb'],
      ['', 'On-demand backup storage', undefined, undefined, 'on_demand_backup_storage_gb'],
      ['', 'Table data restored', undefined, undefined, 'monthly_data_restored_gb'],
      ['', 'Streams read request unit (sRRU)', undefined, undefined, 'monthly_streams_read_request_units'],
      ['Global table (us-east-2)', 'Replicated write capacity unit (rWCU)', 20, 9.49, undefined],
      ['Global table (us-west-1)', 'Replicated write capacity unit (rWCU)', 20, 10.585, undefined],
    ]);
    assert.equal(report.resources.find((r) => r.address === 'aws_dynamodb_table.on_demand')?.monthlyCost, 605.235);
    assert.deepEqual(items('aws_dynamodb_table.on_demand')?.filter(([sub]) => sub !== ''), [
      ['Global table (us-east-2)', 'Replicated write request unit (rWRU)', 3000000, 1.875, undefined],
      ['Global table (us-west-1)', 'Replicated write request unit (rWRU)', 3000000, 2.085, undefined],
    ]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [
      ['aws_dynamodb_table.infrequent', 'table class STANDARD_INFREQUENT_ACCESS: its prices are not in the price list'],
      ['aws_dynamodb_table.far', 'no DynamoDB price for its replica in eu-west-9'],
    ]);
  });

  it("prices API Gateway's requests and messages by tier, a stage's cache by size, and a CloudHSM's hours", () => {
    const report = price([
      AWS('us-east-1'),
      'resource "aws_api_gateway_rest_api" "busy" {\n  name = "busy"\n}\n',
      'resource "aws_api_gateway_rest_api" "idle" {\n  name = "idle"\n}\n',
      'resource "aws_apigatewayv2_api" "http" {\n  name = "http"\n  protocol_type = "HTTP"\n}\n',
      'resource "aws_apigatewayv2_api" "socket" {\n  name = "socket"\n  protocol_type = "WEBSOCKET"\n}\n',
      'resource "aws_api_gateway_stage" "cached" {\n  rest_api_id = "a"\n  stage_name = "s"\n  deployment_id = "d"\n  cache_cluster_enabled = true\n  cache_cluster_size = 237\n}\n',
      'resource "aws_api_gateway_stage" "plain" {\n  rest_api_id = "a"\n  stage_name = "p"\n  deployment_id = "d"\n  cache_cluster_size = 237\n}\n',
      'resource "aws_api_gateway_stage" "odd" {\n  rest_api_id = "a"\n  stage_name = "o"\n  deployment_id = "d"\n  cache_cluster_enabled = true\n  cache_cluster_size = 2\n}\n',
      'resource "aws_cloudhsm_v2_hsm" "hsm" {\n  cluster_id = "c"\n}\n',
    ].join(''), {
      'aws_api_gateway_rest_api.busy': { monthly_requests: 21e9 },
      'aws_apigatewayv2_api.http': { monthly_requests: 1e9, request_size_kb: 513 },
      'aws_apigatewayv2_api.socket': { monthly_messages: 1.5e9, message_size_kb: 32, monthly_connection_mins: 1e7 },
      'aws_cloudhsm_v2_hsm.hsm': { monthly_hrs: 100 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost, i.usageKey]);
    // The golden's my_rest_api ($49,763.10), websocket_usage ($1,402.50), cache_2 ($2,774.00) and the HSM's 100 hours ($160.00).
    assert.deepEqual(items('aws_api_gateway_rest_api.busy'), [['Requests (first 333M)', 333, 1165.5, undefined], ['Requests (next 667M)', 667, 1867.6, undefined], ['Requests (next 19B)', 19000, 45220, undefined], ['Requests (over 20B)', 1000, 1510, undefined]]);
    assert.deepEqual(items('aws_api_gateway_rest_api.idle'), [['Requests (first 333M)', undefined, undefined, 'monthly_requests']]);
    // 513 KB is two 512 KB requests each.
    assert.deepEqual(items('aws_apigatewayv2_api.http'), [['Requests (first 300M)', 300, 300, undefined], ['Requests (over 300M)', 1700, 1530, undefined]]);
    assert.deepEqual(items('aws_apigatewayv2_api.socket'), [['Messages (first 1B)', 1000, 1000, undefined], ['Messages (over 1B)', 500, 400, undefined], ['Connection duration', 10, 2.5, undefined]]);
    assert.deepEqual(items('aws_api_gateway_stage.cached'), [['Cache memory (237 GB)', 730, 2774, undefined]]);
    assert.deepEqual(items('aws_api_gateway_stage.plain'), []);
    assert.deepEqual(items('aws_cloudhsm_v2_hsm.hsm'), [['HSM usage', 100, 160, undefined]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_api_gateway_stage.odd', 'no API Gateway cache of 2 GB']]);
  });

  it('prices an EFS file system: Standard or One Zone storage, Infrequent Access with a lifecycle policy, provisioned throughput beyond the included', () => {
    const ia = '  lifecycle_policy {\n    transition_to_ia = "AFTER_7_DAYS"\n  }\n';
    const report = price([
      AWS('us-east-1'),
      `resource "aws_efs_file_system" "standard" {\n${ia}}\n`,
      `resource "aws_efs_file_system" "one_zone" {\n${ia}  availability_zone_name = "us-east-1a"\n}\n`,
      'resource "aws_efs_file_system" "provisioned" {\n  throughput_mode = "provisioned"\n  provisioned_throughput_in_mibps = 100\n}\n',
      'resource "aws_efs_file_system" "elastic" {\n  throughput_mode = "elastic"\n}\n',
    ].join(''), {
      'aws_efs_file_system.standard': { storage_gb: 230, infrequent_access_storage_gb: 100, monthly_infrequent_access_read_gb: 50, monthly_infrequent_access_write_gb: 100 },
      'aws_efs_file_system.one_zone': { storage_gb: 230, infrequent_access_storage_gb: 100, monthly_infrequent_access_read_gb: 50, monthly_infrequent_access_write_gb: 100 },
      'aws_efs_file_system.provisioned': { storage_gb: 230 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The golden's standard ($73.00), oneZone ($39.63) and provisioned ($69.00 + 88.5 MBps at $6: $531.00).
    assert.deepEqual(items('aws_efs_file_system.standard'), [['Storage (standard)', 230, 69], ['Storage (standard, infrequent access)', 100, 2.5], ['Read requests (infrequent access)', 50, 0.5], ['Write requests (infrequent access)', 100, 1]]);
    assert.deepEqual(items('aws_efs_file_system.one_zone'), [['Storage (one zone)', 230, 36.8], ['Storage (one zone, infrequent access)', 100, 1.33], ['Read requests (infrequent access)', 50, 0.5], ['Write requests (infrequent access)', 100, 1]]);
    assert.deepEqual(items('aws_efs_file_system.provisioned'), [['Storage (standard)', 230, 69], ['Provisioned throughput', 88.5, 531]]);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [['aws_efs_file_system.elastic', 'elastic throughput: its reads and writes are not priced yet']]);
  });

  it("prices a Glue job's DPU-hours: its capacity, or its workers by type, or AWS's default; Flex at its own price", () => {
    const job = (name: string, body: string) => `resource "aws_glue_job" "${name}" {\n  name = "${name}"\n  role_arn = "arn:aws:iam::123456789012:role/glue"\n${body}}\n`;
    const report = price([
      AWS('us-east-1'),
      job('g2x', '  number_of_workers = 10\n  worker_type = "G.2X"\n  command {\n    script_location = "s3://b/s.py"\n  }\n'),
      job('capacity', '  max_capacity = 10\n  command {\n    script_location = "s3://b/s.py"\n  }\n'),
      job('flex', '  number_of_workers = 2\n  worker_type = "G.1X"\n  execution_class = "FLEX"\n  command {\n    script_location = "s3://b/s.py"\n  }\n'),
      job('shell', '  command {\n    name = "pythonshell"\n    script_location = "s3://b/s.py"\n  }\n'),
    ].join(''), { 'aws_glue_job.g2x': { monthly_hours: 60 }, 'aws_glue_job.capacity': { monthly_hours: 60 }, 'aws_glue_job.flex': { monthly_hours: 10 } });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.unit, i.unitPrice, i.quantity, i.monthlyCost, i.usageKey]);
    // The golden's workers_g2x ($528.00), cap_10 ($264.00) and python_shell ($0.0275 an hour).
    assert.deepEqual(items('aws_glue_job.g2x'), [['Duration', 'hours (20 DPUs)', 8.8, 60, 528, undefined]]);
    assert.deepEqual(items('aws_glue_job.capacity'), [['Duration', 'hours (10 DPUs)', 4.4, 60, 264, undefined]]);
    assert.deepEqual(items('aws_glue_job.flex'), [['Duration', 'hours (2 DPUs)', 0.58, 10, 5.8, undefined]]);
    assert.deepEqual(items('aws_glue_job.shell'), [['Duration', 'hours (0.0625 DPUs)', 0.0275, undefined, undefined, 'monthly_hours']]);
  });
});
