// hadolint's own rule specs (fixtures/dockerfile/hadolint/cases.json, GPL-3.0, SOURCES.md) replayed
// on the rules Archipel has under hadolint's ids: each `ruleCatches` must be reported, each
// `ruleCatchesNot` must not. hadolint's specs lint a bare instruction list; a case without FROM is
// checked after `FROM scratch` (Docker refuses instructions before the first FROM, Archipel reads a
// stage's instructions only). Every case that differs is in DIFFERENCES with its reason, and each of
// those must still differ (the list cannot go stale).
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fakeDisk } from '../../containers';
import { fixturesDir } from '../../helpers';

interface Case {
  title: string;
  expect: 'catches' | 'catchesNot';
  rule: string;
  dockerfile: string;
}

const data = JSON.parse(readFileSync(path.join(fixturesDir, 'dockerfile', 'hadolint', 'cases.json'), 'utf8')) as { rules: Record<string, Case[]> };

/** Cases whose verdict differs from hadolint's, with why. */
const DIFFERENCES: Record<string, string> = {};

function reported(text: string, rule: string): boolean {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const body = /^\s*from\s/im.test(text) ? text : `FROM scratch\n${text}`;
  const file = index.update('file:///p/Dockerfile', body);
  const found = diagnoseFile(file, [dockerfileFeature(fakeDisk({}), { compose: composeFace, kubernetes: kubernetesFace })], { index, settings: defaultSettings, isCancelled: () => false });
  return found.some((d) => d.code === rule.toLowerCase());
}

const all = Object.values(data.rules).flatMap((cases) => cases.map((c, i) => ({ ...c, key: `${c.rule} ${c.expect} #${i}: ${c.title}` })));

describe('Dockerfile: hadolint\'s own specs replayed', () => {
  it('agrees with hadolint on every case but the differences listed, and says how many', () => {
    const differing = all.filter((c) => reported(c.dockerfile, c.rule) !== (c.expect === 'catches'));
    const caught = all.filter((c) => c.expect === 'catches');
    const warned = all.filter((c) => c.expect === 'catchesNot');
    const missed = differing.filter((c) => c.expect === 'catches');
    const falseWarnings = differing.filter((c) => c.expect === 'catchesNot');
    console.log(`      hadolint specs: ${caught.length - missed.length}/${caught.length} caught, ${falseWarnings.length}/${warned.length} "catches not" warned`);
    const unexpected = differing.filter((c) => !(c.key in DIFFERENCES)).map((c) => `${c.key}\n${c.dockerfile}`);
    assert.deepEqual(unexpected, []);
    const stale = Object.keys(DIFFERENCES).filter((key) => !differing.some((c) => c.key === key));
    assert.deepEqual(stale, []);
    assert.ok(caught.length - missed.length >= 108, 'at least 108 of hadolint\'s 115 catches');
    assert.ok(falseWarnings.length <= 3, 'at most 3 of its 226 "catches not" warned');
  });
});
