// Pricers added toward Infracost's golden coverage (#93), on inline Terraform with usages, each at the golden's figures
// (Infracost's goldens checked the prices, which come from the providers' published price data: schemas/cost/SOURCES.md).
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

describe('cost: pricers toward the goldens (#93)', () => {
  before(loadParser);

  it("Lambda: requests and duration by tier on x86_64 and arm64, ephemeral storage beyond 512 MB, usage-dependent items without usage", () => {
    const report = price(`${AWS}resource "aws_lambda_function" "big" {\n  memory_size = 2048\n}\nresource "aws_lambda_function" "arm" {\n  memory_size = 512\n  architectures = ["arm64"]\n  ephemeral_storage {\n    size = 1024\n  }\n}\nresource "aws_lambda_function" "none" {}\n`, {
      'aws_lambda_function.big': { monthly_requests: 15e9, request_duration_ms: 2048 },
      'aws_lambda_function.arm': { monthly_requests: 100000, request_duration_ms: 349.2 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The golden's lambda_duration_15B: $3,000 + $100,000.20 + $135,000 + $619,203.10.
    assert.deepEqual(items('aws_lambda_function.big'), [['Requests', 15000, 3000], ['Duration (first 6B)', 6e9, 100000.2], ['Duration (next 9B)', 9e9, 135000], ['Duration (over 15B)', 46.44e9, 619203.096]]);
    // 349.2 ms is billed as 350 ms: 100,000 × 0.35 s × 0.5 GB = 17,500 GB-seconds; 0.5 GB of storage beyond 512 MB.
    assert.deepEqual(items('aws_lambda_function.arm'), [['Requests', 0.1, 0.02], ['Ephemeral storage', 17500, 0.000541], ['Duration (first 7.5B)', 17500, 0.233335]]);
    assert.deepEqual(items('aws_lambda_function.none'), [['Requests', undefined, undefined], ['Ephemeral storage', undefined, undefined], ['Duration (first 6B)', undefined, undefined]]);
  });

  it('Route 53: a hosted zone; health checks with their optional features, on an AWS endpoint or another (usage)', () => {
    const check = (name: string, body: string) => `resource "aws_route53_health_check" "${name}" {\n  fqdn = "example.com"\n${body}}\n`;
    const all = '  type = "HTTPS_STR_MATCH"\n  search_string = "ok"\n  request_interval = "10"\n  measure_latency = true\n';
    const report = price(`${AWS}resource "aws_route53_zone" "z" {\n  name = "example.com"\n}\n${check('simple', '  type = "HTTP"\n  request_interval = "30"\n')}${check('all', all)}${check('external', all)}`, { 'aws_route53_health_check.external': { endpoint_type: 'Non_AWS' } });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.monthlyCost]);
    assert.deepEqual(items('aws_route53_zone.z'), [['Hosted zone', 1, 0.5]]);
    assert.deepEqual(items('aws_route53_health_check.simple'), [['Health check', 1, 0.5]]);
    // The golden's ssl_latency_interval_string_match ($4.50) and its _withUsage ($8.75): HTTPS, string matching, 10 s, latency.
    assert.deepEqual(items('aws_route53_health_check.all'), [['Health check', 1, 0.5], ['Optional features', 4, 4]]);
    assert.deepEqual(items('aws_route53_health_check.external'), [['Health check', 1, 0.75], ['Optional features', 4, 8]]);
  });

  it("Kinesis: an on-demand stream's hours and data (usages); a provisioned stream's shard-hours, extended retention per shard-hour past 24 h", () => {
    const report = price(`${AWS}resource "aws_kinesis_stream" "od" {\n  stream_mode_details {\n    stream_mode = "ON_DEMAND"\n  }\n}\nresource "aws_kinesis_stream" "p" {\n  shard_count = 4\n}\nresource "aws_kinesis_stream" "week" {\n  shard_count = 1\n  retention_period = 168\n}\n`, {
      'aws_kinesis_stream.od': { monthly_on_demand_data_in_gb: 0.2, monthly_on_demand_data_out_gb: 0.2, monthly_on_demand_efo_data_out_gb: 2, monthly_on_demand_extended_retention_gb: 1, monthly_on_demand_long_term_retention_gb: 1 },
      'aws_kinesis_stream.p': { monthly_provisioned_put_units: 6.5e6, monthly_provisioned_efo_consumer_hours: 100 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.filter((i) => i.monthlyCost !== undefined).map((i) => [i.name, i.quantity, i.monthlyCost]);
    // The golden's test_stream_on_demand_with_usage: $29.45.
    assert.deepEqual(items('aws_kinesis_stream.od'), [['ON_DEMAND', 730, 29.2], ['Data ingested', 0.2, 0.016], ['Data retrieval', 0.2, 0.008], ['Enhanced Fan Out (EFO) Data retrieval', 2, 0.1], ['Extended retention (24H to 7D)', 1, 0.1], ['Long term retention (7D+)', 1, 0.023]]);
    assert.deepEqual(items('aws_kinesis_stream.p'), [['PROVISIONED', 2920, 43.8], ['Put request unit', 6.5e6, 0.091], ['Enhanced Fan Out (EFO)', 100, 1.5]]);
    assert.deepEqual(items('aws_kinesis_stream.week'), [['PROVISIONED', 730, 10.95], ['Extended retention (24H to 7D)', 730, 14.6]]);
  });

  it('free by themselves (an Application Auto Scaling target, a VPN site, an ExpressRoute peering, a customer-managed key): neither priced nor listed', () => {
    const report = price(`${AWS}provider "azurerm" {\n  features {}\n}\nresource "aws_appautoscaling_target" "t" {}\nresource "azurerm_vpn_site" "s" {\n  location = "eastus"\n}\nresource "azurerm_express_route_circuit_peering" "p" {}\nresource "azurerm_storage_account_customer_managed_key" "k" {}\n`);
    assert.deepEqual([report.resources, report.unpriced], [[], []]);
  });

  it('KMS keys by spec; CloudWatch log groups with usage', () => {
    const report = price(`${AWS}resource "aws_kms_key" "k" {}\nresource "aws_kms_key" "rsa" {\n  customer_master_key_spec = "RSA_3072"\n}\nresource "aws_cloudwatch_log_group" "logs" {\n  count = 2\n}\n`, {
      'aws_kms_key.k': { monthly_requests: 20000 },
      'aws_cloudwatch_log_group.logs[*]': { monthly_data_ingested_gb: 1000, storage_gb: 500, monthly_data_scanned_gb: 250 },
    });
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.unitPrice, i.quantity, i.monthlyCost]);
    assert.deepEqual(items('aws_kms_key.k')?.slice(0, 2), [['Customer master key', 1, 1, 1], ['Requests', 0.03, 2, 0.06]]);
    assert.deepEqual(items('aws_kms_key.rsa'), [['Customer master key', 1, 1, 1], ['Requests (asymmetric)', 0.15, undefined, undefined]]);
    // The golden's logs_count_withUsage[*]: $516.25 each.
    assert.deepEqual(report.resources.filter((r) => r.type === 'aws_cloudwatch_log_group').map((r) => [r.address, r.monthlyCost]), [['aws_cloudwatch_log_group.logs[0]', 516.25], ['aws_cloudwatch_log_group.logs[1]', 516.25]]);
  });
});
