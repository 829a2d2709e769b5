// Azure types whose prices no bundled source holds (#93): each listed with the reason "no Azure price data", on
// Infracost's own cases (fixtures/oss/infracost-goldens/azure, Apache-2.0), never priced and never silently left out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergePriceLists, type PriceList } from '../../../src/cost/model';
import { repoRoot } from '../../helpers';
import { loadParser } from '../../terraform';
import { checkGoldenCase, golden } from './goldens';

const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json', 'azure-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));
const REASON = "no Azure price data: no licensed snapshot of Azure's retail prices for it is bundled";

describe('cost: Azure types without price data (#93)', () => {
  before(loadParser);

  for (const [kase, type] of [['mssql_database_test', 'azurerm_mssql_database']]) {
    it(`${type} (${kase}): every resource its golden bills is listed with the reason`, () => {
      const folder = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'infracost-goldens', 'azure', kase);
      const billed = [...golden(readFileSync(path.join(folder, `${kase}.golden`), 'utf8'))].filter(([address, r]) => address.includes(`${type}.`) && r.monthlyCost > 0).map(([address]) => address);
      assert.ok(billed.length > 0);
      // checkGoldenCase asserts each is listed, unpriced, with exactly this reason.
      const { within, report } = checkGoldenCase(folder, type, prices, Object.fromEntries(billed.map((address) => [address, REASON])));
      assert.deepEqual(within, []);
      assert.equal(report.resources.filter((r) => r.type === type).length, 0);
    });
  }
});
