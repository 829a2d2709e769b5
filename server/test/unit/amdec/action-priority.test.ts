import assert from 'node:assert/strict';
import { actionPriority, type ActionPriority } from '../../../src/amdec/priority';

const rank: Record<ActionPriority, number> = { L: 0, M: 1, H: 2 };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('AIAG & VDA 2019 Action Priority table', () => {
  it('gives 318 H, 214 M and 468 L over the 1,000 combinations', () => {
    const counts: Record<ActionPriority, number> = { H: 0, M: 0, L: 0 };
    for (const s of range(1, 10)) for (const o of range(1, 10)) for (const d of range(1, 10)) counts[actionPriority(s, o, d)]++;
    assert.deepEqual(counts, { H: 318, M: 214, L: 468 });
  });

  it('is monotone: raising S, O or D never lowers the priority', () => {
    for (const s of range(1, 10)) {
      for (const o of range(1, 10)) {
        for (const d of range(1, 10)) {
          const here = rank[actionPriority(s, o, d)];
          if (s < 10) assert.ok(rank[actionPriority(s + 1, o, d)] >= here, `S ${s}→${s + 1} at O ${o} D ${d}`);
          if (o < 10) assert.ok(rank[actionPriority(s, o + 1, d)] >= here, `O ${o}→${o + 1} at S ${s} D ${d}`);
          if (d < 10) assert.ok(rank[actionPriority(s, o, d + 1)] >= here, `D ${d}→${d + 1} at S ${s} O ${o}`);
        }
      }
    }
  });

  it('follows each line of the transcription', () => {
    const cases: [number, number, number, ActionPriority][] = [
      // S 9–10
      [9, 6, 1, 'H'], [10, 10, 1, 'H'],
      [9, 4, 2, 'H'], [10, 5, 1, 'M'],
      [9, 2, 7, 'H'], [9, 3, 5, 'M'], [10, 3, 6, 'M'], [9, 2, 4, 'L'],
      [10, 1, 10, 'L'],
      // S 7–8
      [7, 8, 1, 'H'], [8, 6, 2, 'H'], [8, 7, 1, 'M'],
      [7, 4, 7, 'H'], [8, 5, 6, 'M'], [7, 4, 1, 'M'],
      [7, 2, 5, 'M'], [8, 3, 4, 'L'], [7, 1, 10, 'L'],
      // S 4–6
      [4, 8, 5, 'H'], [6, 10, 4, 'M'], [5, 6, 2, 'M'], [6, 7, 1, 'L'],
      [4, 4, 7, 'M'], [6, 5, 6, 'L'], [6, 3, 10, 'L'],
      // S 2–3
      [2, 8, 5, 'M'], [3, 9, 4, 'L'], [3, 7, 10, 'L'],
      // S 1
      [1, 10, 10, 'L'],
    ];
    for (const [s, o, d, expected] of cases) assert.equal(actionPriority(s, o, d), expected, `S ${s} O ${o} D ${d}`);
  });

  it('refuses ratings outside 1–10', () => {
    assert.throws(() => actionPriority(0, 5, 5), RangeError);
    assert.throws(() => actionPriority(5, 11, 5), RangeError);
    assert.throws(() => actionPriority(5, 5, 2.5), RangeError);
  });
});
