import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { heapPacer } from '../../../src/workspace/heapPacer';

/** The major collections (mark-compact) made while `run` runs, as V8 reports them. */
async function majorCollections(run: () => void): Promise<number> {
  let major = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
  });
  observer.observe({ entryTypes: ['gc'] });
  run();
  // GC entries are delivered on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return major;
}

describe('heapPacer: collects once the heap passes its floor', () => {
  it('collects at the floor on its first check, not at growth × the floor (nothing collected yet)', async () => {
    let used = 0;
    let floor = 0;
    const major = await majorCollections(() => {
      // A floor just under what is in use now (the calls allocate next to nothing): past the floor, under 1.5 × the floor.
      used = v8.getHeapStatistics().used_heap_size / 2 ** 20;
      floor = used / 1.2;
      const pace = heapPacer(floor, 1.5);
      for (let i = 0; i < 128; i++) pace();
    });
    assert.equal(major >= 1, true, `${major} major collections at ${used.toFixed(1)} MB used, floor ${floor.toFixed(1)} MB`);
  });

  it('checks the heap every 128 calls only: 127 calls collect nothing', async () => {
    const pace = heapPacer(1, 1.5);
    const major = await majorCollections(() => {
      for (let i = 0; i < 127; i++) pace();
    });
    assert.equal(major, 0);
  });
});

describe('heapPacer: the garbage between two collections capped', () => {
  it('collects again once the heap grew by slackMb past what the last collection left, under growth × that', async () => {
    let held: string[] = [];
    const major = await majorCollections(() => {
      // Floor 1 MB: the first check collects. Growth 100 × would never collect again; the 1 MB cap does.
      const pace = heapPacer(1, 100, 1);
      for (let i = 0; i < 128; i++) pace();
      // 4 MB held across the next check: past live + 1 MB.
      held = Array.from({ length: 4096 }, (_, i) => `${i}`.padEnd(1024, 'x'));
      for (let i = 0; i < 128; i++) pace();
    });
    assert.equal(held.length, 4096);
    assert.equal(major >= 2, true, `${major} major collections`);
  });
});
