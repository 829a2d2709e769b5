// Issue #84's Terraform inputs that held Archipel, scaled to test size: the work is counted (never
// timed) and must grow linearly with the input.
import assert from 'node:assert/strict';
import { parseHcl, forgetHcl } from '../../../src/terraform/syntax/parse';
import type { Attribute } from '../../../src/terraform/syntax/syntax';
import { diagnose, loadParser } from '../../terraform';

/** Makes every attribute of the block count the reads of its name. */
function countNameReads(attributes: Attribute[]): { reads: number } {
  const counter = { reads: 0 };
  for (const a of attributes) {
    const name = a.name;
    Object.defineProperty(a, 'name', {
      get: () => {
        counter.reads++;
        return name;
      },
    });
  }
  return counter;
}

describe('terraform bounds (issue #84)', () => {
  before(loadParser);

  it('a locals block of 5,000 attributes: the checks read each name a bounded number of times (was quadratic: 25 M reads)', () => {
    const n = 5000;
    const text = `locals {\n${Array.from({ length: n }, (_, i) => `  a${i} = "v${i}"\n`).join('')}}\n`;
    const uri = 'file:///w/main.tf';
    forgetHcl(uri);
    const file = parseHcl(text, uri);
    const counter = countNameReads(file.body.blocks[0].body.attributes);
    const found = diagnose({ 'main.tf': text }, 'main.tf');
    forgetHcl(uri);
    assert.equal(found.filter((d) => d.code === 'terraform-unused-declarations').length, n);
    assert.ok(counter.reads <= 40 * n, `${counter.reads} reads of attribute names for ${n} attributes`);
  });
});
