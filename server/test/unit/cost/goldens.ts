// Reading Infracost's golden breakdowns (fixtures/oss/infracost and infracost-goldens), shared by the reference
// suite (cost-infracost.test.ts), the coverage suite (cost-golden-coverage.test.ts) and the per-type cases (checkGoldenCase).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { priceResources } from '../../../src/cost/pricing';
import { readUsage } from '../../../src/cost/usage';
import type { CostReport, PriceList } from '../../../src/cost/model';
import { terraformResources } from '../../../src/terraform/api';
import { indexOf } from '../../terraform';

export interface GoldenResource {
  monthlyCost: number;
  items: { name: string; cost?: number }[];
}

/** A golden's breakdown: each resource's items (the cost of each, none when it depends on usage) and its total. */
export function golden(text: string): Map<string, GoldenResource> {
  const out = new Map<string, GoldenResource>();
  let current: GoldenResource | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(' OVERALL TOTAL')) break;
    const header = /^ ([a-z0-9_]+\.[^\s]+)\s*$/.exec(line);
    if (header) {
      current = { monthlyCost: 0, items: [] };
      out.set(header[1], current);
      continue;
    }
    const component = /[├└]─ (.+?)\s{2,}/.exec(line);
    if (!current || !component) continue;
    const cost = /\$([\d,]+\.\d\d)\s*\*?\s*$/.exec(line);
    const dependsOnUsage = line.includes('Monthly cost depends on usage');
    if (!cost && !dependsOnUsage) continue; // a sub-resource's header
    const value = cost && !dependsOnUsage ? Number(cost[1].replace(/,/g, '')) : undefined;
    current.items.push({ name: component[1].trim(), ...(value !== undefined ? { cost: value } : {}) });
    current.monthlyCost += value ?? 0;
  }
  return out;
}

/**
 * One golden case's folder priced as the CLI prices it: its .tf files as one stack (named under the folder's name) with
 * the usage file beside them, if any.
 */
export function priceGoldenCase(folder: string, prices: PriceList): CostReport {
  const name = path.basename(folder);
  const entries = readdirSync(folder);
  const files: Record<string, string> = {};
  for (const file of entries) if (file.endsWith('.tf')) files[`${name}/${file}`] = readFileSync(path.join(folder, file), 'utf8');
  const usageFile = entries.find((f) => f.endsWith('.usage.yml'));
  const usage = usageFile ? readUsage(readFileSync(path.join(folder, usageFile), 'utf8'), usageFile).usage : {};
  return priceResources(terraformResources(indexOf(files)), prices, usage);
}

/**
 * One golden case priced as the coverage suite prices it, compared resource by resource: each of `type`'s resources
 * the golden gives a cost is either priced within 1 % (returned) or listed with the reason `unpriced` gives it (asserted).
 */
export function checkGoldenCase(folder: string, type: string, prices: PriceList, unpriced: Record<string, string>): { within: string[]; report: CostReport } {
  const name = path.basename(folder);
  const report = priceGoldenCase(folder, prices);
  const priced = new Map(report.resources.map((r) => [r.address, r]));
  const reasons = new Map(report.unpriced.map((u) => [u.address, u.reason]));
  const within: string[] = [];
  for (const [address, want] of golden(readFileSync(path.join(folder, `${name}.golden`), 'utf8'))) {
    if (!address.includes(`${type}.`) || want.monthlyCost <= 0) continue;
    const got = priced.get(address);
    // A registry module's resource: the module is not fetched here (the CLI's ledger says so), nothing of it priced.
    if (address.startsWith('module.')) { assert.equal(got, undefined, address); continue; }
    if (address in unpriced) {
      assert.equal(got, undefined, `${address} is priced`);
      // An instance of a `for_each` the plan does not expand is listed once, under its address without the key.
      assert.equal(reasons.get(address) ?? reasons.get(address.replace(/\[[^\]]*\]$/, '')), unpriced[address], address);
      continue;
    }
    assert.ok(got, `${address}: ${reasons.get(address) ?? 'not listed'}`);
    assert.ok(Math.abs(got.monthlyCost - want.monthlyCost) <= want.monthlyCost * 0.01 + 0.005, `${address}: ${got.monthlyCost} vs ${want.monthlyCost}`);
    within.push(address);
  }
  return { within, report };
}
