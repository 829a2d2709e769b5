// Azure OpenAI deployments (#93) priced as Infracost prices them, on Infracost's own case
// (fixtures/oss/infracost-goldens/azure/cognitive_deployment_test, Apache-2.0) and on hand-made edges.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { priceResources } from '../../../src/cost/pricing';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json', 'azure-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));

const deployment = (model: string, sku: string, version = '') => `
resource "azurerm_cognitive_account" "a" {
  name     = "a"
  location = "eastus"
  kind     = "OpenAI"
  sku_name = "S0"
}
resource "azurerm_cognitive_deployment" "d" {
  name                 = "d"
  cognitive_account_id = azurerm_cognitive_account.a.id
  model {
    format = "OpenAI"
    name   = "${model}"${version ? `\n    version = "${version}"` : ''}
  }
  sku {
    name = "${sku}"
  }
}`;

describe('cost: Azure OpenAI deployments (#93)', () => {
  before(loadParser);

  it('prices every deployment of Infracost\'s case within 1 %', () => {
    const folder = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'azure', 'cognitive_deployment_test');
    const { within, report } = checkGoldenCase(folder, 'azurerm_cognitive_deployment', prices, {});
    assert.equal(within.length, 111);
    const gpt45 = report.resources.find((r) => r.address === 'azurerm_cognitive_deployment.swedencentral_with_usage["gpt-4.5-preview"]');
    assert.deepEqual(gpt45?.items.map((i) => [i.name, i.quantity, i.monthlyCost]), [
      ['Text input (gpt-4.5-preview)', 40000, 3630],
      ['Text output (gpt-4.5-preview)', 13333.333, 2419.99994],
      ['Cached text input (gpt-4.5-preview)', 20000, 907.5],
      ['Code interpreter sessions', 667, 20.01],
    ]);
  });

  it('lists each meter whose usage is missing, with its usage key, never a silent $0', () => {
    const report = priceResources(terraformResources(indexOf({ 'main.tf': deployment('dall-e-3', 'Standard') })), prices, {});
    const d = report.resources.find((r) => r.type === 'azurerm_cognitive_deployment');
    assert.deepEqual(d?.items.map((i) => [i.name, i.usageKey, i.monthlyCost]), [
      ['Standard 1024x1024 images (dall-e-3)', 'monthly_standard_1024_1024_images', undefined],
      ['Standard 1024x1792 images (dall-e-3)', 'monthly_standard_1024_1792_images', undefined],
      ['HD 1024x1024 images (dall-e-3)', 'monthly_hd_1024_1024_images', undefined],
      ['HD 1024x1792 images (dall-e-3)', 'monthly_hd_1024_1792_images', undefined],
    ]);
  });

  it('lists a global deployment and a model without a price in its region with the reason', () => {
    const global = priceResources(terraformResources(indexOf({ 'main.tf': deployment('gpt-4.5-preview', 'GlobalStandard') })), prices, {});
    assert.deepEqual(global.unpriced.filter((u) => u.address.startsWith('azurerm_cognitive_deployment')).map((u) => u.reason), ['sku GlobalStandard: only Standard deployments\' prices are in the price list']);
    const tts = priceResources(terraformResources(indexOf({ 'main.tf': deployment('tts', 'Standard') })), prices, {});
    assert.deepEqual(tts.unpriced.filter((u) => u.address.startsWith('azurerm_cognitive_deployment')).map((u) => u.reason), ['no price for model tts in eastus']);
  });

  it('a version written picks its own prices: gpt-4.5-preview 2025-02-27 is its default', () => {
    const usage = { 'azurerm_cognitive_deployment.d': { monthly_language_input_tokens: '1_000_000' } };
    const report = priceResources(terraformResources(indexOf({ 'main.tf': deployment('gpt-4.5-preview', 'Standard', '2025-02-27') })), prices, usage);
    assert.equal(report.resources.find((r) => r.type === 'azurerm_cognitive_deployment')?.items[0].monthlyCost, 82.5);
  });
});
