// compose-go's own failing loader cases (fixtures/compose/compose-go/cases.json, Apache-2.0,
// SOURCES.md) replayed on the Compose family: each case must get an error in the file compose-go
// refuses. Every case that passes clean is in DIFFERENCES with its reason, and each of those must
// still pass clean (the list cannot go stale).
import { composeFace } from '../../../src/compose/api';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeFeature } from '../../../src/compose/feature';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { yamlFeature } from '../../../src/yaml/feature';
import { composeEngine, fakeDisk } from '../../containers';
import { fixturesDir } from '../../helpers';
import { knownPinWith } from '../../../src/dockerfile/pins';

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
  const features = [yamlFeature, composeFeature(composeEngine, fakeDisk(disk), knownPinWith(composeFace))];
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

describe('Compose: a value that fails a oneOf is judged by the branch it was meant for, as compose-go does', () => {
  const schemaErrors = (c: Pick<Case, 'files' | 'target'>) => errors({ test: '', error: '', ...c }).filter((e) => e.startsWith('compose-schema '));
  const byTest = (test: string, error: string) => data.failing.find((c) => c.test === test && c.error.includes(error))!;
  it('names the key, the value or the bound compose-go names in its own cases', () => {
    assert.deepEqual(schemaErrors(byTest('TestInvalidEnvironmentValue', 'FOO')), ['compose-schema 7: Expected string, number or boolean at services.dict-env.environment.FOO, found a sequence.']);
    assert.deepEqual(schemaErrors(byTest('TestLoadTmpfsVolumeAdditionalPropertyNotAllowed', 'foo')), [
      'compose-schema 9: Unknown field "foo" (services.tmpfs.volumes[0]). Expected one of: type, source, target, read_only, consistency, bind, volume, tmpfs, image.',
    ]);
    assert.deepEqual(schemaErrors(byTest('TestLoadTmpfsVolumeSizeMustBeGTEQZero', 'size')), ['compose-schema 10: services.tmpfs.volumes[0].tmpfs.size: must be >= 0.']);
    assert.deepEqual(schemaErrors(byTest('TestLoadTmpfsVolumeSizeMustBeInteger', 'size')), ['compose-schema 10: Expected integer or string at services.tmpfs.volumes[0].tmpfs.size, found number 0.0001.']);
    // build is a mapping here: its ssh is judged, not "expected a string" for the whole build.
    assert.deepEqual(schemaErrors(byTest('TestLoadSSHWithoutValueInBuildConfig', 'ssh')), ['compose-schema 7: Expected mapping or sequence at services.test.build.ssh, found nothing (an empty value).']);
  });
  it('says the long syntax\'s error for a mapping, the short one\'s for a scalar, and the types when no branch takes the value', () => {
    const text = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    ports:',
      '      - target: 80',
      '        publishd: 8080',
      '      - [1]',
      '    build:',
      '      context: .',
      '      dockerfil: Dockerfile',
      '    depends_on:',
      '      db:',
      '        condition: started',
      '    environment:',
      '      - A=1',
      '      - {B: 2}',
      '  db:',
      '    image: postgres:16',
      '    volumes:',
      '      - type: bind',
      '        source: ./data',
      '        target: /data',
      '        bind: {propagaton: rprivate}',
      '',
    ].join('\n');
    // In the schema's order of keys.
    assert.deepEqual(schemaErrors({ files: { 'compose.yaml': text }, target: 'compose.yaml' }), [
      'compose-schema 10: Unknown field "dockerfil" (services.web.build). Did you mean "dockerfile"?',
      'compose-schema 13: Invalid value "started" at services.web.depends_on.db.condition: expected one of "service_started", "service_healthy", "service_completed_successfully".',
      'compose-schema 16: Expected string at services.web.environment[1], found a mapping.',
      'compose-schema 6: Unknown field "publishd" (services.web.ports[0]). Did you mean "published"?',
      'compose-schema 7: Expected number, string or mapping at services.web.ports[1], found a sequence.',
      'compose-schema 23: Unknown field "propagaton" (services.db.volumes[0].bind). Did you mean "propagation"?',
    ]);
  });
});
