// Azure managed disks of their own (#93), on Infracost's managed_disk_test (fixtures/oss/infracost-goldens/azure,
// Apache-2.0): priced at the disk tiers the VM pricers already use, within 1 % of the golden; an Ultra disk listed. Linux
// and Windows VM scale sets (their goldens too), at the bundled VM sizes and disk tiers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { repoRoot } from '../../helpers';
import { loadParser } from '../../terraform';
import { checkGoldenCase } from './goldens';

const prices = mergePriceLists([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', 'azure-prices.json'), 'utf8')) as PriceList]);
const goldens = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'azure');
const folder = path.join(goldens, 'managed_disk_test');

describe('cost: Azure managed disks (#93)', () => {
  before(loadParser);

  it("prices Infracost's managed_disk_test by tier (S4 and P4 at 30 GB unless said, E30 for 1,000 GB), operations as usage", () => {
    const { within, report } = checkGoldenCase(folder, 'azurerm_managed_disk', prices, { 'azurerm_managed_disk.ultra': 'Ultra disks are not priced yet' });
    assert.deepEqual(within.sort(), ['azurerm_managed_disk.custom_size_ssd', 'azurerm_managed_disk.premium', 'azurerm_managed_disk.standard']);
    const items = (address: string) => report.resources.find((r) => r.address === address)?.items.map((i) => [i.name, i.quantity, i.usageKey]);
    assert.deepEqual(items('azurerm_managed_disk.standard'), [['Storage (S4, LRS)', 1, undefined], ['Disk operations', undefined, 'monthly_disk_operations']]);
    assert.deepEqual(items('azurerm_managed_disk.premium'), [['Storage (P4, LRS)', 1, undefined]]);
  });

  it("prices Infracost's Linux and Windows VM scale sets: instances × the size's hours, an OS disk an instance", () => {
    for (const [type, name] of [['azurerm_linux_virtual_machine_scale_set', 'linux'], ['azurerm_windows_virtual_machine_scale_set', 'windows']]) {
      const { within, report } = checkGoldenCase(path.join(goldens, `${name}_virtual_machine_scale_set_test`), type, prices, {});
      assert.deepEqual(within.sort(), [`${type}.basic_a2`, `${type}.basic_a2_usage`]);
      // The usage's 4 instances: 4 × 730 h and 4 S4 disks.
      assert.deepEqual(report.resources.find((r) => r.address === `${type}.basic_a2_usage`)?.items.map((i) => [i.name, i.quantity]).slice(0, 2), [[`Instance usage (${name === 'linux' ? 'Linux' : 'Windows'}, pay as you go, Basic_A2)`, 2920], ['Storage (S4, LRS)', 4]]);
    }
  });
});
