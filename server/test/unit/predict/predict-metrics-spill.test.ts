// The exact ROC AUC of a run of any length in bounded memory (#42): past a budget the metrics
// stream sorts its scores into runs in a store, merged back a block at a time, and answers the
// same metrics to the bit as when every score stays in memory; the file-backed store lives beside
// the predictions' output under a temporary name and is gone after the run, failed or not.
import assert from 'node:assert/strict';
import { readdirSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { FileRunStore } from '../../../src/engines/predict/spill';
import { Tally } from '../../../src/engines/predict/tally';
import { MemoryRunStore, MetricsStream, rocAuc, rocCurve, type MetricsStreamOptions, type RunStore } from '../../../src/predict/metrics';
import { makeTree } from '../../tempdir';

/** A deterministic sequence in [0, 1): a linear congruential generator (no Math.random in tests). */
function numbers(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Rows { y: number[]; pred: number[]; proba: Float32Array | Float64Array; K: number }

/**
 * `n` rows of K classes; scores drawn from `levels` distinct values (few levels: ties everywhere,
 * across chunks, runs and blocks); each row's probabilities sum to about 1.
 */
function rows(n: number, K: number, levels: number, seed: number, single: boolean, truth?: (i: number) => number): Rows {
  const next = numbers(seed);
  const proba = single ? new Float32Array(n * K) : new Float64Array(n * K);
  const y: number[] = [];
  const pred: number[] = [];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += proba[i * K + k] = 1 + Math.floor(next() * levels);
    let best = 0;
    for (let k = 0; k < K; k++) {
      proba[i * K + k] /= sum;
      if (proba[i * K + k] > proba[i * K + best]) best = k;
    }
    pred.push(best);
    // The truth leans to the decided class, so that the AUC is not a coin's.
    y.push(truth ? truth(i) : next() < 0.6 ? best : Math.floor(next() * K));
  }
  return { y, pred, proba, K };
}

function stream(data: Rows, options: MetricsStreamOptions): MetricsStream {
  const labels = Array.from({ length: data.K }, (_, k) => `c${k}`);
  const s = new MetricsStream(labels, options);
  for (let i = 0; i < data.y.length; i++) s.add(data.y[i], data.pred[i], data.proba, i * data.K);
  return s;
}

/** A store that counts what it was asked, around one in memory. */
class Counting implements RunStore {
  readonly inner = new MemoryRunStore();
  appended = 0;
  reads = 0;
  /** The longest read, in values. */
  largest = 0;
  disposed = 0;
  append(values: Float32Array | Float64Array): number {
    this.appended += values.length;
    return this.inner.append(values);
  }
  read(offset: number, into: Float32Array | Float64Array): void {
    this.reads++;
    this.largest = Math.max(this.largest, into.length);
    this.inner.read(offset, into);
  }
  dispose(): void {
    this.disposed++;
    this.inner.dispose();
  }
}

/** The metrics with every score in memory and with a tiny budget, chunks and blocks (many runs, ties across them): equal to the bit. */
function assertSpilledSame(data: Rows, single: boolean, budgets: number[], rocPoints?: number): void {
  const expected = stream(data, { single }).result({ rocPoints });
  for (const budget of budgets) {
    for (const [chunk, block] of [[1, 1], [3, 2], [16, 5], [1000, 64]]) {
      const store = new Counting();
      const s = stream(data, { single, chunk, spill: { store: () => store, budget, block } });
      assert.ok(s.spilled, `budget ${budget}: spilled`);
      assert.ok(store.appended > 0 && store.appended <= data.y.length * (data.K === 2 ? 1 : data.K));
      assert.deepEqual(s.result({ rocPoints }), expected, `budget ${budget}, chunk ${chunk}, block ${block}`);
      // An AUC is walked from the store (a side empty: nothing to walk).
      if (expected?.rocAuc !== undefined) assert.ok(store.reads > 0);
      s.dispose();
      s.dispose();
      assert.equal(store.disposed, 1);
    }
  }
}

describe('predict metrics past the budget: sorted runs spilled to a store, the same answers', function () {
  this.timeout(120_000);

  it('binary (float32 and doubles): the AUC and every ROC point equal to the in-memory ones, thinned or not', () => {
    for (const single of [true, false]) {
      // 7 levels: ties across chunks, runs and blocks; 5,000 levels: mostly distinct scores.
      for (const levels of [7, 5000]) {
        const data = rows(3000, 2, levels, 42 + levels, single);
        assertSpilledSame(data, single, [1, 7, 500, 2999]);
        assertSpilledSame(data, single, [13, 1024], 100);
        const ys = data.y;
        const scores = data.y.map((_, i) => data.proba[2 * i + 1]);
        const spilled = stream(data, { single, chunk: 5, spill: { store: () => new MemoryRunStore(), budget: 64, block: 3 } }).result({ rocPoints: 100 })!;
        assert.equal(spilled.rocAuc, rocAuc(ys, scores));
        assert.deepEqual(spilled.roc, rocCurve(ys, scores, 100));
      }
    }
  });

  it('multiclass: each class\'s one-vs-rest AUC, and so the macro AUC, equal to the in-memory one', () => {
    for (const single of [true, false]) {
      const data = rows(2000, 4, 5, 7, single);
      assertSpilledSame(data, single, [1, 9, 333]);
      const many = rows(2000, 3, 100_000, 8, single);
      assertSpilledSame(many, single, [50]);
    }
  });

  it('every score equal: one threshold across every run and block', () => {
    const data = rows(1000, 2, 1, 3, true);
    assert.ok(data.y.some((y) => y === 1) && data.y.some((y) => y === 0));
    assertSpilledSame(data, true, [1, 10]);
    assert.equal(stream(data, { single: true }).result()!.rocAuc, 0.5);
  });

  it('an empty side: no AUC nor curve, spilled or not (binary), no macro AUC (a class never true)', () => {
    const negatives = rows(500, 2, 9, 5, true, () => 0);
    const expected = stream(negatives, { single: true }).result({ rocPoints: 10 })!;
    assert.equal(expected.rocAuc, undefined);
    assert.equal(expected.roc, undefined);
    assertSpilledSame(negatives, true, [1, 37], 10);
    const positives = rows(500, 2, 9, 6, true, () => 1);
    assertSpilledSame(positives, true, [4]);
    const twoOfThree = rows(600, 3, 9, 9, false, (i) => i % 2);
    assert.equal(stream(twoOfThree, {}).result()!.rocAuc, undefined);
    assertSpilledSame(twoOfThree, false, [1, 20]);
  });

  it('a NaN probability: no AUC nor curve (it has no rank), the other metrics kept, and no endless walk, spilled or not', () => {
    for (const K of [2, 3]) {
      const metrics = (spill?: MetricsStreamOptions['spill']) => {
        const s = new MetricsStream(K === 2 ? ['0', '1'] : ['a', 'b', 'c'], { single: false, ...(spill ? { spill } : {}) });
        for (let i = 0; i < 300; i++) {
          const p = new Float64Array(K).fill(1 / K);
          if (i === 150) p[1] = NaN;
          s.add(i % K, i % K, p);
        }
        return s.result({ rocPoints: 10 })!;
      };
      for (const m of [metrics(), metrics({ store: () => new MemoryRunStore(), budget: 7 })]) {
        assert.equal(m.rocAuc, undefined, `K=${K}`);
        assert.equal(m.roc, undefined, `K=${K}`);
        assert.equal(m.accuracy, 1, `K=${K}`);
      }
    }
    assert.equal(rocAuc([0, 1, 1, 0], [0.2, NaN, 0.9, 0.1]), undefined);
    assert.equal(rocAuc([0, 1, 1, 0], [0.2, 0.8, 0.9, 0.1]), 1);
  });

  it('hundreds of runs: read in blocks made smaller to keep them within the budget, the same answers', () => {
    const data = rows(100_000, 2, 20_000, 23, true);
    const store = new Counting();
    // A spill every 1,000 rows: 100 runs per column of 300–700 values, whose 16,384-value blocks would
    // hold 1.6 M values: read 64 at a time instead (half the budget over 100 runs, 64 at least).
    const s = stream(data, { single: true, spill: { store: () => store, budget: 1000 } });
    assert.deepEqual(s.result({ rocPoints: 1000 }), stream(data, { single: true }).result({ rocPoints: 1000 }));
    assert.equal(store.largest, 64);
    // Two walks (the AUC, the curve) of 100,000 values.
    assert.ok(store.reads >= (2 * 100_000) / 64, `${store.reads} reads`);
  });

  it('under the budget, no store at all', () => {
    let opened = 0;
    const data = rows(999, 2, 50, 11, true);
    const s = stream(data, { single: true, spill: { store: () => { opened++; return new MemoryRunStore(); }, budget: 1000 } });
    assert.equal(s.spilled, false);
    assert.deepEqual(s.result({ rocPoints: 20 }), stream(data, { single: true }).result({ rocPoints: 20 }));
    s.dispose();
    assert.equal(opened, 0);
  });
});

describe('predict metrics\' run file: beside the output, under a temporary name, removed after the run and after a failure', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
  });
  afterEach(() => tree.remove());

  const leftovers = () => readdirSync(tree.root).filter((name) => name.endsWith('.tmp'));

  it('a file store gives back what it was given, is named as the output\'s temporary files (the next run removes those of a killed one), and is removed by dispose', () => {
    const output = path.join(tree.root, 'prices.predictions.csv');
    const store = FileRunStore.beside(output);
    const other = FileRunStore.beside(output);
    assert.notEqual(store.file, other.file);
    other.dispose();
    // engines/core/output.ts's tempName: `.NAME.<8 hex pid><4 hex random>.tmp`, what removeAbandonedTemps and bounded.ts recognise.
    const pid = process.pid.toString(16).padStart(8, '0');
    assert.match(path.basename(store.file), new RegExp(`^\\.prices\\.predictions\\.csv\\.${pid}[0-9a-f]{4}\\.tmp$`));
    assert.equal(path.dirname(store.file), tree.root);
    const a = Float32Array.from([0.5, 0.25, 0.125]);
    const b = Float32Array.from([3, 2, 1, 0]);
    assert.equal(store.append(a), 0);
    assert.equal(store.append(b.subarray(1)), 12);
    const back = new Float32Array(4);
    store.read(8, back);
    assert.deepEqual([...back], [0.125, 2, 1, 0]);
    assert.throws(() => store.read(24, new Float32Array(1)), /past/);
    assert.deepEqual(leftovers(), [path.basename(store.file)]);
    store.dispose();
    store.dispose();
    assert.deepEqual(leftovers(), []);
    assert.throws(() => store.append(a), /disposed/);
  });

  /** A tally of `data` (binary, float32 probabilities as onnxruntime gives). */
  function tally(data: Rows, spill?: { output: string; budget?: number }): Tally {
    const t = new Tally(['DOWN', 'UP'], [], false, false, spill);
    const p = [0, 0];
    for (let i = 0; i < data.y.length; i++) {
      p[0] = data.proba[2 * i];
      p[1] = data.proba[2 * i + 1];
      t.add(`d${i}`, '', 0, undefined, p, data.pred[i], data.y[i], data.pred[i] ? 'UP' : 'DOWN');
    }
    return t;
  }

  it('a run past the budget spills to the file, answers the in-memory metrics, and leaves no file', () => {
    const data = rows(5000, 2, 300, 17, true);
    const output = path.join(tree.root, 'out.csv');
    const spilled = tally(data, { output, budget: 256 });
    assert.equal(leftovers().length, 1);
    assert.deepEqual(spilled.metrics(), tally(data).metrics());
    assert.deepEqual(leftovers(), []);
    // Under the budget: no file at any time.
    const small = tally(data, { output, budget: 10_000 });
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(small.metrics(), tally(data).metrics());
  });

  it('a run that fails leaves no file: given up (the run\'s error path), or its file damaged while the metrics are read', () => {
    const data = rows(3000, 2, 300, 19, true);
    const output = path.join(tree.root, 'out.csv');
    const failed = tally(data, { output, budget: 100 });
    assert.equal(leftovers().length, 1);
    failed.dispose();
    assert.deepEqual(leftovers(), []);
    const damaged = tally(data, { output, budget: 100 });
    const [file] = leftovers();
    truncateSync(path.join(tree.root, file), 1000);
    assert.throws(() => damaged.metrics(), /past its|ends at/);
    assert.deepEqual(leftovers(), []);
  });
});
