// Issue #41's measure: Great Expectations' own test definitions (vendored in
// server/test/fixtures/gx-test-definitions with GX's licence and PROVENANCE) replayed through
// Archipel's validation engine (server/test/gxReplay.ts): GX's verdict on at least 97 % of the cases
// of supported types, every case of an unsupported type an exception result, no silent pass; and
// the editor shows no error on the kwargs GX runs to a verdict. `node out/server/test/gxReplay.js`
// prints the figures and every disagreement.
import assert from 'node:assert/strict';
import path from 'node:path';
import { editorErrors, figures, replay, validKwargsCases, type ReplayCase } from '../../gxReplay';
import { makeTree } from '../../tempdir';

const shown = (c: ReplayCase) => `${c.type} / ${c.title}: GX ${String(c.gx)}, Archipel ${String(c.archipel)} ${c.message ?? ''}`;

describe('validate: GX\'s test definitions replayed (#41)', function () {
  this.timeout(300_000);
  const tree = makeTree({});
  after(() => tree.remove());

  it('≥ 97 % of the supported cases give GX\'s verdict, every unsupported one an exception, no silent pass', async () => {
    const f = figures(await replay(path.join(tree.root, 'data')));
    // Every definition GX runs on pandas with a verdict is replayed (504 of GX 1.2.0's 540 pandas cases; 36 have no verdict).
    assert.ok(f.cases >= 500, `${f.cases} cases`);
    assert.deepEqual(f.silentPasses.map(shown), []);
    assert.deepEqual(f.unsupportedNotException.map(shown), []);
    assert.ok(f.share >= 0.97, `${f.agreeing} of ${f.supported} (${(f.share * 100).toFixed(1)} %):\n${f.disagreements.map(shown).join('\n')}`);
  });

  it('the editor shows no error on GX\'s valid kwargs', () => {
    const valid = validKwargsCases();
    assert.ok(valid.length >= 390, `${valid.length} cases`);
    assert.deepEqual(editorErrors(valid).map((e) => `${e.kase.type} / ${e.kase.title}: ${e.messages.join(' | ')}`), []);
  });
});
