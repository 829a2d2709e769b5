// Azure Machine Learning compute instances (#93), on Infracost's machine_learning_compute_instance_test
// (fixtures/oss/infracost-goldens/azure, Apache-2.0): one VM of its size, at the bundled Linux VM prices of its workspace's
// region. Infracost's golden bills them at East US's prices (its default region: it does not follow the workspace to West
// Europe), so that case is checked for its quantities and region, not its totals. A size the price list lacks and a size
// that is not literal are listed with their reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';
import { golden, priceGoldenCase } from './goldens';

const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'azure-prices.json'), 'utf8')) as PriceList]);
const TYPE = 'azurerm_machine_learning_compute_instance';

describe('cost: Azure Machine Learning compute instances (#93)', () => {
  before(loadParser);

  it("prices Infracost's machine_learning_compute_instance_test in its workspace's region: 730 h of each size, a usage's monthly_hrs instead", () => {
    const name = 'machine_learning_compute_instance_test';
    const folder = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'azure', name);
    const report = priceGoldenCase(folder, prices);
    const billed = [...golden(readFileSync(path.join(folder, `${name}.golden`), 'utf8')).keys()].filter((a) => a.startsWith(`${TYPE}.`));
    assert.equal(billed.length, 18);
    for (const address of billed) assert.equal(report.resources.find((r) => r.address === address)?.region, 'westeurope', address);
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity]);
    assert.deepEqual(items(`${TYPE}.with_monthly_hrs`), [['Instance usage (Linux, pay as you go, Standard_D2s_v3)', 100]]);
    assert.deepEqual(items(`${TYPE}.example["Standard_NC6"]`), [['Instance usage (Linux, pay as you go, Standard_NC6)', 730]]);
  });

  it('lists an instance whose size the price list lacks, or whose size is not literal, with the reason', () => {
    const text = 'provider "azurerm" {\n  features {}\n}\nvariable "size" {}\n'
      + `resource "${TYPE}" "odd" {\n  name = "odd"\n  location = "westeurope"\n  machine_learning_workspace_id = "x"\n  virtual_machine_size = "Standard_Z99"\n}\n`
      + `resource "${TYPE}" "open" {\n  name = "open"\n  location = "westeurope"\n  machine_learning_workspace_id = "x"\n  virtual_machine_size = var.size\n}\n`;
    const report = priceResources(terraformResources(indexOf({ 'main.tf': text })), prices, {});
    assert.deepEqual(report.resources, []);
    assert.deepEqual(report.unpriced.map((u) => [u.address, u.reason]), [[`${TYPE}.odd`, 'no price for Linux VM size Standard_Z99'], [`${TYPE}.open`, 'virtual_machine_size is not literal']]);
  });
});
