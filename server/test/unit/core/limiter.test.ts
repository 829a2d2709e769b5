import assert from 'node:assert/strict';
import { limiter } from '../../../src/common/limiter';

describe('limiter', () => {
  it('runs at most `size` tasks at once, in the order given, even when a task arrives as a slot frees', async () => {
    for (const size of [1, 2, 3]) {
      const limit = limiter(size);
      let running = 0;
      let most = 0;
      const started: number[] = [];
      const task = (id: number) => async () => {
        started.push(id);
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, id % 3));
        running--;
        return id;
      };
      const results: Promise<number>[] = [];
      for (let id = 0; id < 12; id++) {
        const done = limit(task(id));
        results.push(done);
        // Another task given the moment this one ends, before any waiting one has resumed.
        if (id < 3) results.push(done.then(() => limit(task(100 + id))));
      }
      await Promise.all(results);
      assert.ok(most <= size, `size ${size}: ${most} at once`);
      assert.deepEqual(started.slice(0, 12), Array.from({ length: 12 }, (_, i) => i), `size ${size}: ${started.join(' ')}`);
      assert.equal(started.length, 15);
    }
  });

  it('a task given while a finishing task hands its slot over waits behind the one waiting', async () => {
    // The new task is given a few microtask hops after the running task's own work ends: one of
    // those hops falls between the slot being freed and the waiting task resuming.
    for (let hops = 0; hops < 8; hops++) {
      const limit = limiter(1);
      let running = 0;
      let most = 0;
      const order: string[] = [];
      const task = (id: string, wait?: Promise<void>) => async () => {
        running++;
        most = Math.max(most, running);
        order.push(id);
        if (wait) await wait;
        running--;
      };
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = limit(task('first', gate));
      const waiting = limit(task('waiting'));
      let later: Promise<void> = gate;
      for (let i = 0; i < hops; i++) later = later.then(() => undefined);
      const late = later.then(() => limit(task('late')));
      release();
      await Promise.all([first, waiting, late.then((done) => done)]);
      assert.deepEqual(order, ['first', 'waiting', 'late'], `after ${hops} hops`);
      assert.equal(most, 1, `after ${hops} hops`);
    }
  });

  it('a failing task frees its slot and fails only its own caller', async () => {
    const limit = limiter(1);
    const failed = limit(() => Promise.reject(new Error('no')));
    const next = limit(async () => 'next');
    await assert.rejects(failed, /no/);
    assert.equal(await next, 'next');
  });
});
