// Terraform's module checks prepared through the feature API's bounded-slice hook (issue #84: the documented
// gap "a feature's prepare after its first await runs outside the watchdog", made real by 100,000 resources):
// the preparation hands its steps to FeatureContext.inSlices, which the server and the CLI bound by the
// file's budget (core/budget.test.ts proves the bound on preparations that never end); what it computes is
// what the checks give without it.
import assert from 'node:assert/strict';
import type { FeatureContext } from '../../../src/features/feature';
import { inSlices } from '../../../src/features/slices';
import { diagnoseFile } from '../../../src/service';
import { terraformFeature } from '../../../src/terraform/feature';
import { schemasFor } from '../../../src/terraform/host';
import { repoRoot } from '../../helpers';
import { contextOf, indexOf, loadParser } from '../../terraform';

/** `count` resources in files of 500, one in 250 with a misspelt argument. */
function resources(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let f = 0; f * 500 < count; f++) {
    const blocks: string[] = [];
    for (let i = f * 500; i < Math.min(count, (f + 1) * 500); i++) blocks.push(`resource "aws_s3_bucket" "b${i}" {\n  ${i % 250 === 0 ? 'buckt' : 'bucket'} = "b-${i}"\n}\n`);
    files[`m/r${f}.tf`] = blocks.join('\n');
  }
  return files;
}

describe('Terraform: the module prepared through the bounded-slice hook (FeatureContext.inSlices)', () => {
  before(loadParser);

  it('2,000 resources: the preparation goes through the hook in many steps, and the findings are those computed without preparing', async () => {
    const files = resources(2_000);
    const feature = terraformFeature({ schemas: schemasFor(repoRoot) });
    const unprepared = indexOf(files);
    const expected = diagnoseFile(unprepared.get('file:///w/m/r1.tf')!, [feature], contextOf(unprepared)).map((d) => `${d.range.start.line} ${String(d.code)}`);
    const index = indexOf(files);
    let hooked = 0;
    let steps = 0;
    const base = contextOf(index);
    const context: FeatureContext = {
      ...base,
      inSlices: (work) => {
        hooked++;
        const counted: Iterator<unknown> = { next: () => (steps++, work.next()) };
        return inSlices(base, counted);
      },
    };
    await feature.prepare!(index.get('file:///w/m/r1.tf')!, context);
    // Three bounded stretches: the file's module built, its findings computed, the workspace's other modules built
    // (the waiting on another file computing the same module's findings happens between them, outside any slice).
    assert.equal(hooked, 3);
    assert.ok(steps > 4, `${steps} steps`);
    const prepared = diagnoseFile(index.get('file:///w/m/r1.tf')!, [feature], context).map((d) => `${d.range.start.line} ${String(d.code)}`);
    assert.deepEqual(prepared, expected);
    assert.deepEqual(prepared.filter((d) => d.endsWith('terraform-unknown-argument')), ['1 terraform-unknown-argument', '1001 terraform-unknown-argument']);
  });
});
