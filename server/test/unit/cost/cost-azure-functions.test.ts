// Azure function apps (#93) priced as Infracost prices them, on Infracost's own cases
// (fixtures/oss/infracost-goldens/azure/function_*_test, Apache-2.0) and on hand-made edges.
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
const cases = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'azure');

const app = (sku: string) => `
resource "azurerm_service_plan" "p" {
  name     = "p"
  location = "eastus"
  os_type  = "Linux"
  sku_name = "${sku}"
}
resource "azurerm_linux_function_app" "f" {
  name            = "f"
  location        = "eastus"
  service_plan_id = azurerm_service_plan.p.id
}`;

describe('cost: Azure function apps (#93)', () => {
  before(loadParser);

  it('prices every azurerm_function_app of Infracost\'s case within 1 % (Elastic Premium and consumption)', () => {
    const { within } = checkGoldenCase(path.join(cases, 'function_app_test'), 'azurerm_function_app', prices, {});
    assert.equal(within.length, 7);
  });

  it('lists the Linux and Windows apps whose for_each walks another resource\'s instances with the reason', () => {
    for (const [kase, type] of [['function_linux_app_test', 'azurerm_linux_function_app'], ['function_windows_app_test', 'azurerm_windows_function_app']]) {
      const billed = ['function', 'function_with_usage', 'legacy_service_plan_function', 'legacy_service_plan_function_with_usage'];
      const { report } = checkGoldenCase(path.join(cases, kase), type, prices, {
        ...Object.fromEntries([...readFileSync(path.join(cases, kase, `${kase}.golden`), 'utf8').matchAll(/^ (azurerm_\w+_function_app\.(\w+)\["[^"]+"\])/gm)].filter((m) => billed.includes(m[2])).map((m) => [m[1], 'for_each is not a literal collection: its number of instances is unknown'])),
      });
      assert.equal(report.resources.filter((r) => r.type === type).length, 0);
    }
  });

  it('an Elastic Premium app: its instances\' vCPUs and memory; consumption: each usage missing listed with its key', () => {
    const premium = priceResources(terraformResources(indexOf({ 'main.tf': app('EP3') })), prices, { 'azurerm_linux_function_app.f': { instances: 2 } });
    assert.deepEqual(premium.resources.find((r) => r.type === 'azurerm_linux_function_app')?.items.map((i) => [i.name, i.quantity]), [['vCPU (EP3)', 5840], ['Memory (EP3)', 20440]]);
    const consumption = priceResources(terraformResources(indexOf({ 'main.tf': app('Y1') })), prices, { 'azurerm_linux_function_app.f': { monthly_executions: 1_000_000 } });
    assert.deepEqual(consumption.resources.find((r) => r.type === 'azurerm_linux_function_app')?.items.map((i) => [i.name, i.monthlyCost, i.usageKey]), [['Execution time', undefined, 'execution_duration_ms'], ['Executions', 0.2, undefined]]);
  });
});
