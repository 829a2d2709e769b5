// BuildKit's own build-check tests (fixtures/dockerfile/buildkit/cases.json, Apache-2.0,
// SOURCES.md) replayed on the checks Archipel has under BuildKit's names (buildkitNames: those
// hadolint also has are reported under their DL id): each expected warning must be reported on its
// line, and a warning of those checks where BuildKit expects none is unexpected. Every difference
// is listed with its reason, and each listed one must still differ.
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { buildkitNames } from '../../../src/dockerfile/rules';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fakeDisk } from '../../containers';
import { fixturesDir } from '../../helpers';

interface Case {
  test: string;
  dockerfile: string;
  dockerignore: string | null;
  warnings: { rule: string; line: number }[];
}

const data = JSON.parse(readFileSync(path.join(fixturesDir, 'dockerfile', 'buildkit', 'cases.json'), 'utf8')) as { cases: Case[] };
const supported = new Set(Object.values(buildkitNames));
const idOf = new Map(Object.entries(buildkitNames).map(([id, name]) => [name, id]));

/** Expected warnings not reported, and warnings BuildKit does not expect, with why (`#case rule:line`). */
const MISSED: Record<string, string> = {};
const UNEXPECTED: Record<string, string> = {};

function reported(c: Case): Set<string> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const file = index.update('file:///p/Dockerfile', c.dockerfile);
  const disk: Record<string, string> = { Dockerfile: c.dockerfile, ...(c.dockerignore !== null ? { '.dockerignore': c.dockerignore } : {}) };
  const found = diagnoseFile(file, [dockerfileFeature(fakeDisk(disk), { compose: composeFace, kubernetes: kubernetesFace })], { index, settings: defaultSettings, isCancelled: () => false });
  return new Set(found.filter((d) => String(d.code) in buildkitNames).map((d) => `${buildkitNames[String(d.code)]}:${d.range.start.line + 1}`));
}

describe('Dockerfile: BuildKit\'s own build-check tests replayed', () => {
  it('reports each expected warning of the checks Archipel has, and few others, and says how many', () => {
    const missed: string[] = [];
    const unexpected: string[] = [];
    let expected = 0;
    data.cases.forEach((c, i) => {
      const got = reported(c);
      const want = new Set(c.warnings.filter((w) => supported.has(w.rule) && idOf.has(w.rule)).map((w) => `${w.rule}:${w.line}`));
      expected += want.size;
      for (const w of want) if (!got.has(w)) missed.push(`#${i} ${c.test} ${w}`);
      for (const w of got) if (!want.has(w)) unexpected.push(`#${i} ${c.test} ${w}`);
    });
    console.log(`      BuildKit checks: ${expected - missed.length}/${expected} expected warnings reported, ${unexpected.length} unexpected`);
    const show = (keys: string[]) => keys.map((k) => `${k}\n${data.cases[Number(/^#(\d+)/.exec(k)![1])].dockerfile}`);
    assert.deepEqual([...show(missed.filter((k) => !(k in MISSED))).map((k) => `missed ${k}`), ...show(unexpected.filter((k) => !(k in UNEXPECTED))).map((k) => `unexpected ${k}`)], []);
    assert.ok(missed.length <= 1 && unexpected.length <= 2, 'all but one expected warning, at most 2 unexpected');
    assert.deepEqual([...Object.keys(MISSED).filter((k) => !missed.includes(k)), ...Object.keys(UNEXPECTED).filter((k) => !unexpected.includes(k))], []);
  });
});
