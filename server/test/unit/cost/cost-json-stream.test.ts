// cli/jsonStream.ts: `archipel cost --format json` written a component at a time: the text JSON.stringify(value, null, 2) gives, byte for byte.
import assert from 'node:assert/strict';
import { writeJson } from '../../../src/cli/jsonStream';

/** What the CLI's writer prints: each call's text and a line end. */
function written(value: Record<string, unknown>, batch?: number): { text: string; calls: number } {
  let text = '';
  let calls = 0;
  writeJson((chunk) => ((text += `${chunk}\n`), calls++), value, batch);
  return { text, calls };
}

const component = (i: number) => ({
  id: `k8s:Deployment/shop/app-${i}`,
  name: `Deployment/app-${i}`,
  sources: [{ file: `apps/app-${i}/deployment.yaml`, line: 3 }],
  monthlyCost: i * 1.5,
  monthlyCo2eKg: i % 2 ? null : 0.25,
  items: i % 3 ? [{ name: 'Pod requests (0.1 vCPU, 0.125 GiB) × 2 on e2-standard-4', quantity: 18.25, unit: 'node-hours', unitPrice: 0.1, monthlyCost: 1.825 }] : [],
  ...(i % 4 ? { greenerRegion: { region: 'europe-north1', co2eKg: 0.01 } } : {}),
});

describe('cost: the JSON written a component at a time', () => {
  it('equals JSON.stringify(value, null, 2) for arrays, lazy lists, empty lists, nested values and awkward strings, whatever the batch', () => {
    const values: Record<string, unknown>[] = [
      {},
      { a: 1 },
      { components: [] },
      { currency: 'USD', total: 0, components: [component(0)], unpriced: [] },
      { head: { nested: [1, [2, []], {}], text: 'line\none "quoted" \\ é ✓ \u2028' }, list: [null, 'x', [], {}, [[1]]], tail: true },
      { skipped: undefined, fn: () => 1, kept: 'yes', holes: [undefined, () => 2] },
      { currency: 'EUR', components: Array.from({ length: 40 }, (_, i) => component(i)), unpriced: [{ address: 'aws_s3_bucket.assets', reason: 'not priced yet', file: 'main.tf' }] },
    ];
    for (const value of values) {
      const expected = `${JSON.stringify(value, null, 2)}\n`;
      for (const batch of [1, 3, 512]) assert.equal(written(value, batch).text, expected, `${JSON.stringify(value)} by ${batch}`);
    }
  });

  it('takes a generator for a list (mapped as it is written) and writes a batch of lines per call', () => {
    const list = Array.from({ length: 40 }, (_, i) => component(i));
    const lazy = function* () {
      for (const c of list) yield c;
    };
    const expected = `${JSON.stringify({ currency: 'USD', components: list, unpriced: [] }, null, 2)}\n`;
    const { text, calls } = written({ currency: 'USD', components: lazy(), unpriced: [] }, 8);
    assert.equal(text, expected);
    // 46 entries ('{', the currency, the list's opening, its 40 components, its closing, the empty list, '}') by 8: 6 calls.
    assert.equal(calls, 6);
  });
});
