// The engines' own small files (dvc.lock, a journal, a sidecar) are written through a temporary name beside them
// (engines/core/output.ts createTemp, writeReplacing; engines/pipeline/durable.ts writeDurably). Fault injection at
// that name (its random part forced, tempNames.ts): a file of another writer, or a link to a file outside, planted
// there first. The write draws another name: the planted file is neither removed nor written, nothing is written
// through the link, and the target gets the new bytes whole.
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeExclusive, writeReplacing } from '../../../src/engines/core/output';
import { writeDurably } from '../../../src/engines/pipeline/durable';
import { makeTree } from '../../tempdir';
import { forceTempRandoms, tempAt } from '../../tempNames';

const writers: [string, (target: string, text: string) => Promise<void>][] = [
  ['writeDurably', (target, text) => writeDurably(target, text)],
  ['writeReplacing', (target, text) => writeReplacing(target, text)],
  ['writeExclusive', (target, text) => writeExclusive(target, Buffer.from(text))],
];

describe('engines: a temporary name already taken is left alone (createTemp)', () => {
  for (const [name, write] of writers) {
    it(`${name}: another writer's file at the name drawn stays as it is, the target is written whole`, async () => {
      const tree = makeTree({ 'out/keep.txt': 'x' });
      const target = path.join(tree.root, 'out', 'dvc.lock');
      const planted = tempAt(target, 'abcd');
      writeFileSync(planted, 'another writer\'s bytes');
      const restore = forceTempRandoms(['abcd']);
      try {
        await write(target, 'new: 1\n');
      } finally {
        restore();
      }
      assert.equal(readFileSync(target, 'utf8'), 'new: 1\n');
      assert.equal(readFileSync(planted, 'utf8'), 'another writer\'s bytes');
      tree.remove();
    });

    it(`${name}: a link planted at the name drawn is not written through`, async () => {
      const tree = makeTree({ 'outside/secret.txt': 'untouched', 'out/keep.txt': 'x' });
      const target = path.join(tree.root, 'out', 'journal.json');
      const planted = tempAt(target, '0bad');
      const outside = path.join(tree.root, 'outside', 'secret.txt');
      symlinkSync(outside, planted);
      const restore = forceTempRandoms(['0bad']);
      try {
        await write(target, '{"ok":true}');
      } finally {
        restore();
      }
      assert.equal(readFileSync(target, 'utf8'), '{"ok":true}');
      assert.equal(readFileSync(outside, 'utf8'), 'untouched');
      assert.ok(lstatSync(planted).isSymbolicLink());
      assert.equal(readlinkSync(planted), outside);
      assert.ok(!lstatSync(target).isSymbolicLink());
      tree.remove();
    });
  }
});
