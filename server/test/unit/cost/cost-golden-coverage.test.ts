// Coverage against every Infracost golden (fixtures/oss/infracost and fixtures/oss/infracost-goldens): of all the
// goldens' resources with a cost, how many Archipel prices within 1 % of the golden's monthly cost. The count per
// resource type is printed (with the first reason of those not priced); the overall share is asserted at the level
// reached, so that a change that loses coverage fails. docs/cost.md says which types are priced.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { mergePriceLists, type CostReport, type PriceList } from '../../../src/cost/model';
import { repoRoot } from '../../helpers';
import { loadParser } from '../../terraform';
import { golden, priceGoldenCase } from './goldens';

const oss = path.join(repoRoot, 'server', 'test', 'fixtures', 'oss');
const prices = mergePriceLists(['aws-prices.json', 'gcp-prices.json', 'azure-prices.json'].map((name) => JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'cost', name), 'utf8')) as PriceList));

/** Every case folder: the reference suite's 16 and the other 305. */
function cases(): string[] {
  const reference = path.join(oss, 'infracost');
  const all = path.join(oss, 'infracost-goldens');
  return [
    ...readdirSync(reference).filter((f) => f.endsWith('_test')).map((f) => path.join(reference, f)),
    ...['aws', 'google', 'azure'].flatMap((p) => readdirSync(path.join(all, p)).map((f) => path.join(all, p, f))),
  ].sort();
}

function priceCase(folder: string): { report: CostReport; golden: ReturnType<typeof golden> } {
  const goldenFile = readdirSync(folder).find((f) => f.endsWith('.golden')) ?? '';
  return { report: priceGoldenCase(folder, prices), golden: golden(readFileSync(path.join(folder, goldenFile), 'utf8')) };
}

/** A golden address's resource type: its first part of a provider's (past `module.x.`). */
const typeOf = (address: string): string => address.split('.').find((p) => /^(aws|google|azurerm)_/.test(p)) ?? address.split('.', 1)[0];

interface TypeCount { golden: number; within: number; off: number; reason?: string }

/** The share of golden resources with a cost priced within 1 %, as reached (assert it never falls). */
const REACHED = { within: 1425, of: 2242 };

describe('cost: coverage of every Infracost golden', function () {
  this.timeout(600_000);
  before(loadParser);

  it('prints the count per type; the share of golden resources priced within 1 % is at least the one reached', () => {
    const byType = new Map<string, TypeCount>();
    const freeListed: string[] = [];
    const free = new Set(prices.free ?? []);
    for (const folder of cases()) {
      const { report, golden: expected } = priceCase(folder);
      const priced = new Map(report.resources.map((r) => [r.address, r]));
      const reasons = new Map(report.unpriced.map((u) => [u.address, u.reason]));
      for (const u of report.unpriced) if (free.has(typeOf(u.address))) freeListed.push(u.address);
      for (const [address, want] of expected) {
        if (want.monthlyCost <= 0) continue;
        const type = typeOf(address);
        const count = byType.get(type) ?? { golden: 0, within: 0, off: 0 };
        byType.set(type, count);
        count.golden++;
        const got = priced.get(address);
        if (got && Math.abs(got.monthlyCost - want.monthlyCost) <= want.monthlyCost * 0.01 + 0.005) count.within++;
        else if (got) { count.off++; count.reason ??= `${address}: ${got.monthlyCost} vs ${want.monthlyCost.toFixed(2)}`; }
        else count.reason ??= reasons.get(address) ?? reasons.get(address.replace(/\[[^\]]*\]$/, '')) ?? 'not listed';
      }
    }
    const rows = [...byType].sort((a, b) => b[1].golden - a[1].golden || a[0].localeCompare(b[0]));
    const within = rows.reduce((s, [, c]) => s + c.within, 0);
    const total = rows.reduce((s, [, c]) => s + c.golden, 0);
    const lines = rows.map(([type, c]) => `${String(c.within).padStart(4)}/${String(c.golden).padEnd(4)} ${type}${c.within < c.golden ? `  — ${c.reason ?? ''}` : ''}`);
    console.log(`${lines.join('\n')}\n${within} of ${total} golden resources with a cost priced within 1 % (${((100 * within) / total).toFixed(1)} %), ${rows.filter(([, c]) => c.within > 0).length} of ${rows.length} types`);
    assert.deepEqual(freeListed, [], 'a free type is listed as not priced');
    assert.ok(within >= REACHED.within && total === REACHED.of, `${within} of ${total}, reached: ${REACHED.within} of ${REACHED.of}`);
  });
});
