// runItems with prerequisites (the pipeline family's stages): an item starts only after the items
// it depends on succeeded, up to the concurrency; a failure blocks its dependents only; a cycle
// fails its items instead of waiting forever; cancellation stops items not yet started.
import assert from 'node:assert/strict';
import { runItems, type ItemResult, type JobFamily } from '../../../src/engines/core/job';

interface Item {
  name: string;
  after: string[];
  fail?: boolean;
  ms?: number;
}
interface Result extends ItemResult {
  name: string;
  outcome: string;
}

/** `started`: called as each item starts (before its work). */
function family(log: string[], concurrency: number, started: (item: Item) => void = () => undefined): JobFamily<Item, Result, undefined> {
  let running = 0;
  return {
    name: 'test',
    label: (item) => item.name,
    failed: (item, message) => ({ name: item.name, outcome: 'failed', error: message }),
    concurrency: () => concurrency,
    prerequisites: (item, items) => item.after.map((name) => items.findIndex((i) => i.name === name)),
    blocked: (item, failed) => ({ name: item.name, outcome: `blocked by ${failed.name}`, error: 'blocked' }),
    run: async (item) => {
      running++;
      log.push(`start ${item.name} (${running} running)`);
      started(item);
      await new Promise((resolve) => setTimeout(resolve, item.ms ?? 5));
      running--;
      log.push(`end ${item.name}`);
      if (item.fail) throw new Error(`${item.name} broke`);
      return { name: item.name, outcome: 'ran' };
    },
  };
}

describe('job layer: items with prerequisites', () => {
  it('starts an item after its prerequisites, runs independent ones together, blocks only the dependents of a failure', async () => {
    const log: string[] = [];
    const items: Item[] = [
      { name: 'a', after: [], ms: 20 },
      { name: 'b', after: ['a'] },
      { name: 'c', after: [], fail: true },
      { name: 'd', after: ['c'] },
      { name: 'e', after: ['d'] },
      { name: 'f', after: ['b'] },
    ];
    const run = await runItems(family(log, 2), items, undefined);
    const outcome = Object.fromEntries(run.results.map((r) => [r.name, r.outcome]));
    assert.deepEqual(outcome, { a: 'ran', b: 'ran', c: 'failed', d: 'blocked by c', e: 'blocked by d', f: 'ran' });
    assert.ok(log.indexOf('end a') < log.findIndex((l) => l.startsWith('start b')), 'b after a');
    assert.ok(log.some((l) => l.endsWith('(2 running)')), 'a and c ran together');
    assert.ok(!log.some((l) => l.endsWith('(3 running)')), 'never more than the concurrency');
  });

  it('fails items whose prerequisites form a cycle instead of waiting forever', async () => {
    const run = await runItems(family([], 2), [{ name: 'x', after: ['y'] }, { name: 'y', after: ['x'] }, { name: 'z', after: [] }], undefined);
    assert.deepEqual(
      run.results.map((r) => `${r.name}:${r.outcome}`).sort(),
      ['x:failed', 'y:failed', 'z:ran'],
    );
  });

  it('stops taking items once cancelled', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const items: Item[] = [{ name: 'a', after: [], ms: 30 }, { name: 'b', after: ['a'] }];
    // Cancelled while `a` runs: on its start, not after a fixed delay.
    const run = await runItems(family(log, 1, (item) => {
      if (item.name === 'a') controller.abort();
    }), items, undefined, { signal: controller.signal });
    assert.equal(run.cancelled, true);
    assert.ok(!log.some((l) => l.startsWith('start b')));
  });
});
