// compose-go's own failing loader cases (fixtures/compose/compose-go/cases.json, Apache-2.0,
// SOURCES.md) replayed on the Compose family: each case must get an error in the file compose-go
// refuses. Every case that passes clean is in DIFFERENCES with its reason, and each of those must
// still pass clean (the list cannot go stale).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeFeature } from '../../src/compose/feature';
import { diagnoseFile, indexOptions } from '../../src/service';
import { defaultSettings } from '../../src/settings';
import { WorkspaceIndex } from '../../src/workspace/index';
import { yamlFeature } from '../../src/yaml/feature';
import { composeEngine, fakeDisk } from '../containers';
import { fixturesDir } from '../helpers';

interface Case {
  test: string;
  error: string;
  files: Record<string, string>;
  target: string;
}

const data = JSON.parse(readFileSync(path.join(fixturesDir, 'compose', 'compose-go', 'cases.json'), 'utf8')) as { failing: Case[] };

/** Cases Archipel does not flag, with why. */
const DIFFERENCES: Record<string, string> = {
  // A list at the top level is another tool's file of a Compose name (an Ansible role's
  // tasks/docker-compose.yml, in the Ansible corpus): the Compose family leaves it to that family.
  '#2 TestInvalidTopLevelObjectType: top-level object must be a mapping': 'a top level that is a list is left to the other families (an Ansible task list named docker-compose.yml)',
};

// compose-go's tests name their files as they like (`-f compose-include-cycle.yaml`): declared as
// Compose files the way a user does (archipel.compose.files).
const settings = { ...defaultSettings, compose: { ...defaultSettings.compose, files: ['*.yaml'] } };

function errors(c: Case): string[] {
  const index = new WorkspaceIndex(indexOptions(settings));
  for (const [name, text] of Object.entries(c.files)) index.update(`file:///p/${name}`, text);
  const file = index.current(`file:///p/${c.target}`)!;
  const disk = Object.fromEntries(Object.entries(c.files));
  const features = [yamlFeature, composeFeature(composeEngine, fakeDisk(disk))];
  return diagnoseFile(file, features, { index, settings, isCancelled: () => false })
    // An error of the reasons compose-go gives (not, say, a build context missing from this fake disk).
    .filter((d) => d.severity === 1 && String(d.code) !== 'compose-missing-path')
    .map((d) => `${String(d.code)} ${d.range.start.line + 1}: ${d.message as string}`);
}

const all = data.failing.map((c, i) => ({ ...c, key: `#${i} ${c.test}: ${c.error}` }));

describe('Compose: compose-go\'s failing loader cases replayed', () => {
  it('flags each case compose-go refuses but the differences listed, and says how many', () => {
    const missed = all.filter((c) => errors(c).length === 0);
    console.log(`      compose-go failing cases: ${all.length - missed.length}/${all.length} flagged`);
    assert.deepEqual(missed.filter((c) => !(c.key in DIFFERENCES)).map((c) => `${c.key}\n${Object.values(c.files).join('\n---\n')}`), []);
    assert.deepEqual(Object.keys(DIFFERENCES).filter((key) => !missed.some((c) => c.key === key)), []);
    assert.ok(all.length - missed.length >= 36, 'at least 36 of the 40');
  });
  it('reports the cycle as Compose does, on the dependency that closes it', () => {
    const cycle = data.failing.find((c) => c.test === 'TestLoadDependsOnCycle')!;
    assert.deepEqual(errors(cycle), [
      'compose-cycle 6: Dependency cycle: service1 -> service2 -> service3 -> service1. Compose cannot order these services and refuses the project.',
      'compose-cycle 10: Dependency cycle: service2 -> service3 -> service1 -> service2. Compose cannot order these services and refuses the project.',
      'compose-cycle 14: Dependency cycle: service3 -> service1 -> service2 -> service3. Compose cannot order these services and refuses the project.',
    ]);
    const include = data.failing.find((c) => c.test === 'TestLoadWithIncludeCycle')!;
    assert.deepEqual(errors(include), ['compose-cycle 2: Include cycle: this include leads back to compose-include-cycle.yaml. Compose refuses the project.']);
  });
});
