// Issue #37: a writer killed with -9 (predict, blur) leaves its temporary file beside the output;
// the next run removes it (its pid is in the name: engines/core/output.ts), never one of a live
// process or of this one.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { removeAbandonedTemps, tempName } from '../../../src/engines/core/output';
import { makeTree } from '../../tempdir';

const hex = (pid: number) => pid.toString(16).padStart(8, '0');

describe('abandoned temporary outputs (#37)', () => {
  it('are removed by the next run when their writer is gone; a live writer\'s and our own are kept', async () => {
    const tree = makeTree({});
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 1;
      const names = {
        dead: `.predictions.csv.${hex(dead)}abcd.tmp`,
        live: `.predictions.csv.${hex(live.pid ?? 1)}abcd.tmp`,
        ours: path.basename(tempName(path.join(tree.root, 'predictions.csv'))),
        other: 'notes.tmp',
      };
      for (const name of Object.values(names)) writeFileSync(path.join(tree.root, name), 'partial');
      await removeAbandonedTemps(tree.root);
      assert.deepEqual(readdirSync(tree.root).sort(), [names.live, names.ours, names.other].sort());
    } finally {
      live.kill();
      tree.remove();
    }
  });
});
