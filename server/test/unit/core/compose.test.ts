// The Compose family's pure services: schema after interpolation, variables, project semantics,
// completion, hover, navigation, quick fixes (inline texts; a fake disk for .env and paths).
import { composeFace } from '../../../src/compose/api';
import { kubernetesFace } from '../../../src/kubernetes/api';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { composeCompletion, composeFeature, composeHover, composeQuickFixes } from '../../../src/compose/feature';
import { interpolate, knownInterpolation, parseDotEnv } from '../../../src/compose/interpolate';
import { composeDefinition, composePrepareRename, composeReferences, composeRename, composeSymbols } from '../../../src/compose/navigation';
import { composeDiagram } from '../../../src/compose/diagram';
import { dockerfileFeature } from '../../../src/dockerfile/feature';
import { codeActionsFor, diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { composeEngine, fakeDisk, sideText } from '../../containers';
import { cursor, repoRoot } from '../../helpers';
import { knownPinWith } from '../../../src/dockerfile/pins';

function check(text: string, disk: Record<string, string> = {}, others: Record<string, string> = {}, uri = 'file:///p/compose.yaml'): (Diagnostic & { message: string })[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, body] of Object.entries(others)) index.update(`file:///p/${name}`, body);
  const file = index.update(uri, text);
  const features = [composeFeature(composeEngine, fakeDisk(disk), knownPinWith(composeFace))];
  return diagnoseFile(file, features, { index, settings: defaultSettings, isCancelled: () => false }) as (Diagnostic & { message: string })[];
}

function lineOf(text: string, d: Diagnostic): string {
  return text.split('\n')[d.range.start.line];
}

function covered(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  return lines[d.range.start.line].slice(d.range.start.character, d.range.start.line === d.range.end.line ? d.range.end.character : undefined);
}

describe('Compose: interpolation', () => {
  const env = new Map([['SET', 'x'], ['EMPTY', '']]);
  const lookup = (n: string) => env.get(n);
  it('reads every form compose-go reads', () => {
    assert.equal(interpolate('a${SET}b$SET', lookup).value, 'axbx');
    assert.equal(interpolate('${UNSET:-d}|${EMPTY:-d}|${EMPTY-d}|${UNSET-d}', lookup).value, 'd|d||d');
    assert.equal(interpolate('${SET:+r}|${EMPTY:+r}|${EMPTY+r}|${UNSET+r}', lookup).value, 'r||r|');
    assert.equal(interpolate('$$HOME $${SET}', lookup).value, '$HOME ${SET}');
    assert.equal(interpolate('${UNSET:-${SET}}', lookup).value, 'x');
    assert.equal(interpolate('cost: 5$', lookup).value, 'cost: 5$');
  });
  it('places each use and flags required and malformed references', () => {
    const result = interpolate('p ${A:?need A} ${B:-1}', lookup);
    assert.deepEqual(result.uses.map((u) => [u.name, u.start, u.end, u.hasDefault, u.required]), [['A', 2, 14, false, 'need A'], ['B', 15, 22, true, undefined]]);
    assert.deepEqual(interpolate('x ${1A}', lookup).invalid, { start: 2, end: 7 });
    assert.deepEqual(interpolate('x ${A', lookup).invalid, { start: 2, end: 5 });
  });
  it('a value is known only when every variable it reads is set or defaulted (knownInterpolation); an empty one counts as unset on request', () => {
    assert.equal(knownInterpolation('a${SET}b${UNSET:-d}${UNSET:+r}', lookup), 'axbd');
    assert.equal(knownInterpolation('no variable', lookup), 'no variable');
    assert.equal(knownInterpolation('kong:${UNSET}', lookup), undefined);
    assert.equal(knownInterpolation('x ${1A}', lookup), undefined);
    assert.equal(knownInterpolation('mysql:${EMPTY}', lookup), 'mysql:');
    assert.equal(knownInterpolation('mysql:${EMPTY}', lookup, { emptyIsUnset: true }), undefined);
    assert.equal(knownInterpolation('mysql:${EMPTY:-8}', lookup, { emptyIsUnset: true }), 'mysql:8');
  });
  it('stops at 32 levels of nesting (compose-limit, issue #50): 4,000 levels deep neither overflow the stack nor hold the check', () => {
    const deep = '${A:-'.repeat(4000) + 'x' + '}'.repeat(4000);
    const result = interpolate(deep, () => undefined);
    assert.equal(result.invalid?.limit, true);
    const allowed = interpolate('${A:-'.repeat(32) + 'x' + '}'.repeat(32), () => undefined);
    assert.deepEqual([allowed.value, allowed.uses.length, allowed.invalid], ['x', 32, undefined]);
    const text = `services:\n  web:\n    image: nginx:1.27\n    command: "${deep}"\n    restat: always\n`;
    assert.deepEqual(check(text).map((d) => [d.code, d.range.start.line]).sort(), [['compose-limit', 3], ['compose-schema', 4]]);
    // Many references on a line are read in one pass: 100,000 of them (600 kB) interpolated.
    assert.equal(interpolate('$A'.repeat(100_000), () => 'b').value, 'b'.repeat(100_000));
  });
  it('reads .env files', () => {
    const vars = parseDotEnv('# c\nexport A=1\nB="two words" \nC=\'lit $A\'\nD=${A}2 # comment\nE\n');
    assert.deepEqual([...vars], [['A', '1'], ['B', 'two words'], ['C', 'lit $A'], ['D', '12'], ['E', '']]);
  });
});

describe('Compose: schema after interpolation', () => {
  it('accepts interpolated values the raw schema would reject, and casts as compose-go does', () => {
    const text = 'services:\n  db:\n    image: mysql:8.4\n    ports:\n      - "${PORT}:3306"\n    deploy:\n      replicas: ${REPLICAS}\n    privileged: ${PRIV:-false}\n';
    assert.deepEqual(check(text, { '.env': 'PORT=3306\nREPLICAS=2\n' }).map((d) => d.code), []);
  });
  it('reports every error at its own line, with did-you-mean', () => {
    const text = 'services:\n  web:\n    imgae: nginx:1.27\n    build: .\n    restart: sometimes\n  db:\n    image: postgres:17\n    enviroment:\n      A: b\n';
    const found = check(text, { 'Dockerfile': 'FROM x\n' }).filter((d) => d.code === 'compose-schema');
    assert.deepEqual(found.map((d) => [lineOf(text, d).trim(), d.message]), [
      ['imgae: nginx:1.27', 'Unknown field "imgae" in service (services.web). Did you mean "image"?'],
      ['enviroment:', 'Unknown field "enviroment" in service (services.db). Did you mean "environment"?'],
    ]);
    const bad = check('services:\n  web:\n    image: a:1\n    deploy:\n      replicas: ${N}\n', { '.env': 'N=abc\n' });
    assert.deepEqual(bad.map((d) => [d.code, d.message]), [['compose-schema', '"abc" is not an integer: Compose converts this value and refuses the file.']]);
  });
  it('accepts name, include, extends, x- extensions, anchors, merge keys, !reset and !override', () => {
    const text = [
      'name: shop',
      'include:',
      '  - ./other/compose.yaml',
      'x-common: &common',
      '  restart: unless-stopped',
      '  environment:',
      '    TZ: UTC',
      'services:',
      '  base:',
      '    image: busybox:1.37',
      '  web:',
      '    <<: *common',
      '    extends: base',
      '    ports: !override',
      '      - "8080:80"',
      '    environment: !reset {}',
      '    x-note: hello',
      '',
    ].join('\n');
    assert.deepEqual(check(text, { 'other/compose.yaml': '' }).map((d) => `${d.code}: ${d.message}`), []);
  });
  it('the obsolete version: a hint on the key and a quick fix that removes the line', () => {
    const text = 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n';
    const [hint] = check(text);
    assert.equal(hint.code, 'compose-obsolete-version');
    assert.equal(covered(text, hint), 'version: "3.8"');
    const [fix] = composeQuickFixes({ uri: 'file:///p/compose.yaml' } as never, [hint]);
    assert.deepEqual(fix.edit?.changes?.['file:///p/compose.yaml'], [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: '' }]);
  });
});

describe('Compose: variables', () => {
  it('an unset variable without default is a warning at its use; .env and env_file give values', () => {
    const text = 'services:\n  web:\n    image: "nginx:${TAG}"\n    environment:\n      A: ${FROM_ENV_FILE}\n      B: ${PROJECT}\n      C: ${DEF:-1}\n    env_file: web.env\n    command: echo ${MISSING:?set MISSING first}\n';
    const found = check(text, { '.env': 'PROJECT=p\n', 'web.env': 'FROM_ENV_FILE=1\n' });
    assert.deepEqual(found.map((d) => [d.code, covered(text, d), d.severity]), [
      ['compose-variable', '${MISSING:?set MISSING first}', 2],
      ['compose-variable', '${TAG}', 2],
    ]);
    assert.match(found[0].message, /must be set \(set MISSING first\)/);
  });
  it('$$ is a literal dollar; a malformed reference is an error', () => {
    const text = 'services:\n  web:\n    image: nginx:1.27\n    command: sh -c "echo $$HOME ${"\n';
    const found = check(text);
    assert.deepEqual(found.map((d) => [d.code, d.severity]), [['compose-variable', 1]]);
  });
});

describe('Compose: project semantics', () => {
  it('depends_on, links, network_mode and volumes_from naming an undefined service', () => {
    const text = 'services:\n  web:\n    image: a:1\n    depends_on:\n      - dbb\n    links:\n      - cache:c\n    network_mode: service:proxy\n    volumes_from:\n      - data:ro\n  db:\n    image: b:1\n';
    const found = check(text).filter((d) => d.code === 'compose-undefined-service');
    // Each on the name itself, so that a "did you mean" quick fix rewrites the name and keeps the rest.
    assert.deepEqual(found.map((d) => covered(text, d)), ['dbb', 'cache', 'proxy', 'data']);
    assert.equal(found[0].message, 'Service "dbb" (depends_on of "web") is not defined in the project\'s Compose files. Did you mean "db"?');
  });
  it('a dependency enabled only under a profile; required: false is accepted', () => {
    const text = 'services:\n  web:\n    image: a:1\n    depends_on:\n      debug:\n        condition: service_started\n      opt:\n        condition: service_started\n        required: false\n  debug:\n    image: b:1\n    profiles: [debug]\n  opt:\n    image: c:1\n    profiles: [debug]\n  tool:\n    image: d:1\n    profiles: [debug]\n    depends_on: [debug]\n';
    const found = check(text).filter((d) => d.code === 'compose-profile-dependency');
    assert.deepEqual(found.map((d) => covered(text, d)), ['debug']);
    assert.equal(found[0].range.start.line, 4);
  });
  it('service_healthy on a service without a healthcheck', () => {
    const text = 'services:\n  web:\n    image: a:1\n    depends_on:\n      db:\n        condition: service_healthy\n      ok:\n        condition: service_healthy\n  db:\n    image: b:1\n  ok:\n    image: c:1\n    healthcheck:\n      test: ["CMD", "true"]\n';
    const found = check(text).filter((d) => d.code === 'compose-healthcheck-missing');
    assert.deepEqual(found.map((d) => covered(text, d)), ['service_healthy']);
    assert.equal(found[0].range.start.line, 5);
  });
  it('host ports published twice, also across the override file; disjoint profiles and other host IPs are fine', () => {
    const text = 'services:\n  a:\n    image: a:1\n    ports: ["8080:80", "127.0.0.1:9000:9000"]\n  b:\n    image: b:1\n    ports:\n      - target: 80\n        published: "8080"\n  c:\n    image: c:1\n    ports: ["10.0.0.2:9000:9000"]\n';
    const found = check(text, {}, { 'compose.override.yaml': 'services:\n  d:\n    image: d:1\n    ports: ["8080-8081:80-81"]\n' }).filter((d) => d.code === 'compose-port-conflict');
    assert.deepEqual(found.map((d) => [d.range.start.line, d.message]), [
      [3, 'Host port 8080/tcp is also published by service "b": the second container fails to start.'],
      [7, 'Host port 8080/tcp is also published by service "a": the second container fails to start.'],
    ]);
    const override = check('services:\n  d:\n    image: d:1\n    ports: ["8080-8081:80-81"]\n', {}, { 'compose.yaml': text }, 'file:///p/compose.override.yaml');
    assert.deepEqual(override.map((d) => d.message), ['Host port 8080/tcp is also published by service "a" (in compose.yaml): the second container fails to start.']);
  });
  it('missing env_file, build context, Dockerfile and bind sources (through the injected reader)', () => {
    const text = 'services:\n  web:\n    build:\n      context: ./app\n      dockerfile: Dockerfile.prod\n    env_file:\n      - ./web.env\n      - path: ./opt.env\n        required: false\n    volumes:\n      - ./data:/data\n      - type: bind\n        source: ./conf\n        target: /conf\n  api:\n    build: ./nope\n';
    const found = check(text, { 'app/Dockerfile': 'FROM x\n' }).filter((d) => d.code === 'compose-missing-path');
    assert.deepEqual(found.map((d) => [covered(text, d), d.severity]), [['./web.env', 1], ['Dockerfile.prod', 1], ['./data:/data', 2], ['./conf', 1], ['./nope', 1]]);
  });
  it('undeclared networks, volumes, secrets and configs; unused declarations are hints', () => {
    const text = 'services:\n  web:\n    image: a:1\n    networks: [front, default]\n    volumes:\n      - dbdata:/var/lib\n      - ./src:/src\n    secrets: [token]\n    configs:\n      - source: conf\n        target: /c\nnetworks:\n  fronts: {}\nvolumes:\n  dbdata: {}\n  spare: {}\nsecrets:\n  token:\n    file: ./t\n';
    const found = check(text, { 'src/a': '', t: '' }).filter((d) => String(d.code).startsWith('compose-un'));
    assert.deepEqual(found.map((d) => [d.code, covered(text, d)]), [
      ['compose-undeclared-resource', 'front'],
      ['compose-undeclared-resource', 'conf'],
      ['compose-unused-resource', 'fronts'],
      ['compose-unused-resource', 'spare'],
    ]);
    assert.match(found[0].message, /Did you mean "fronts"\?/);
  });
  it('quick fixes for an undeclared resource: the name it likely meant, or its declaration under the top-level section (created when absent)', () => {
    const text = 'services:\n  web:\n    image: a:1\n    networks: [front]\n    volumes:\n      - dbdat:/var/lib\n    secrets: [token]\nvolumes:\n    dbdata: {}\n';
    const uri = 'file:///p/compose.yaml';
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const file = index.update(uri, text);
    const features = [composeFeature(composeEngine, fakeDisk({}), knownPinWith(composeFace))];
    const context = { index, settings: defaultSettings, isCancelled: () => false };
    const found = diagnoseFile(file, features, context).filter((d) => d.code === 'compose-undeclared-resource');
    const fixes = (d: Diagnostic) => codeActionsFor(file, d.range, [d], features, context).map((a) => [a.title, a.edit?.changes?.[uri]?.map((e) => [e.range.start.line, e.range.start.character, e.newText])]);
    assert.deepEqual(found.map((d) => covered(text, d)), ['front', 'dbdat', 'token']);
    // No top-level networks: the section is added at the end of the file.
    assert.deepEqual(fixes(found[0]), [['Declare network "front" under the top-level `networks:`', [[9, 0, 'networks:\n  front: {}\n']]]]);
    // A misspelt volume: the name it meant, and the declaration indented as the section's entries.
    assert.deepEqual(fixes(found[1]), [
      ['Replace with "dbdata"', [[5, 8, 'dbdata']]],
      ['Declare volume "dbdat" under the top-level `volumes:`', [[7, 8, '\n    dbdat: {}']]],
    ]);
    // A secret needs a source: the declaration names a file to edit.
    assert.deepEqual(fixes(found[2]), [['Declare secret "token" under the top-level `secrets:`', [[9, 0, 'secrets:\n  token: { file: ./token }\n']]]]);
  });
  it('# archipel-ignore silences the named rule on the line below or on the same line', () => {
    const codesOf = (text: string) => check(text).map((d) => String(d.code)).sort();
    assert.deepEqual(codesOf('services:\n  web:\n    image: nginx\n    depends_on: [db]\n'), ['compose-image-tag', 'compose-undefined-service']);
    assert.deepEqual(codesOf('services:\n  web:\n    # archipel-ignore compose-image-tag\n    image: nginx\n    depends_on: [db]\n'), ['compose-undefined-service']);
    assert.deepEqual(codesOf('services:\n  web:\n    image: nginx # archipel-ignore compose-image-tag, compose-schema\n    depends_on: [db] # archipel-ignore compose-undefined-service\n'), []);
    assert.deepEqual(codesOf('services:\n  web:\n    # archipel-ignore compose-port-conflict\n    image: nginx\n    depends_on: [db]\n'), ['compose-image-tag', 'compose-undefined-service']);
  });
  it('images without a tag or with latest; a service with neither image nor build', () => {
    const text = 'services:\n  a:\n    image: nginx\n  b:\n    image: registry:5000/team/app:latest\n  c:\n    image: nginx@sha256:0123\n  d:\n    image: app\n    build: .\n  e:\n    environment: {A: b}\n  f:\n    image: ghcr.io/x/y:1.2\n';
    const found = check(text, { Dockerfile: '' }).filter((d) => d.code === 'compose-image-tag' || d.code === 'compose-no-image');
    assert.deepEqual(found.map((d) => [d.code, covered(text, d)]), [['compose-image-tag', 'nginx'], ['compose-image-tag', 'registry:5000/team/app:latest'], ['compose-no-image', 'e']]);
    // The same service completed by the override file is not reported.
    assert.deepEqual(check('services:\n  e:\n    environment: {A: b}\n', {}, { 'compose.override.yaml': 'services:\n  e:\n    image: x:1\n' }).map((d) => d.code), []);
  });
});

describe('Compose: editing', () => {
  function at(marked: string, others: Record<string, string> = {}) {
    const { text, offset } = cursor(marked);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const [name, body] of Object.entries(others)) index.update(`file:///p/${name}`, body);
    const file = index.update('file:///p/compose.yaml', text);
    return { file, offset, index, context: { index, settings: defaultSettings, isCancelled: () => false } };
  }
  it('completes service keys from the schema, enum values, and names where they are referenced', () => {
    const keys = at('services:\n  web:\n    image: a:1\n    |\n');
    const labels = composeCompletion(keys.file, keys.offset, keys.context, composeEngine, undefined).map((i) => i.label);
    assert.ok(labels.includes('restart') && labels.includes('healthcheck') && !labels.includes('image'));
    const values = at('services:\n  web:\n    image: a:1\n    depends_on:\n      db:\n        condition: |\n  db:\n    image: b:1\n');
    assert.deepEqual(composeCompletion(values.file, values.offset, values.context, composeEngine, undefined).map((i) => i.label), ['service_started', 'service_healthy', 'service_completed_successfully']);
    const deps = at('services:\n  web:\n    image: a:1\n    depends_on:\n      - |\n  db:\n    image: b:1\n', { 'compose.override.yaml': 'services:\n  cache:\n    image: c:1\n' });
    assert.deepEqual(composeCompletion(deps.file, deps.offset, deps.context, composeEngine, undefined).map((i) => i.label).sort(), ['cache', 'db']);
    const flow = at('services:\n  web:\n    image: a:1\n    depends_on: [|]\n  db:\n    image: b:1\n');
    assert.deepEqual(composeCompletion(flow.file, flow.offset, flow.context, composeEngine, undefined).map((i) => i.label), ['db']);
    const mode = at('services:\n  web:\n    image: a:1\n    network_mode: service:|\n  db:\n    image: b:1\n');
    assert.deepEqual(composeCompletion(mode.file, mode.offset, mode.context, composeEngine, undefined).map((i) => i.label), ['db']);
    const modes = at('services:\n  web:\n    image: a:1\n    network_mode: |\n  db:\n    image: b:1\n');
    assert.deepEqual(composeCompletion(modes.file, modes.offset, modes.context, composeEngine, undefined).map((i) => i.label), ['host', 'none', 'bridge', 'service:db']);
    const tail = 'volumes:\n  data: {}\nsecrets:\n  token:\n    file: ./t\nconfigs:\n  conf:\n    file: ./c\n';
    for (const [slot, expected] of [['volumes:\n      - |', 'data'], ['secrets:\n      - |', 'token'], ['configs:\n      - source: |', 'conf'], ['extends:\n      service: |', 'db']]) {
      const ref = at(`services:\n  web:\n    image: a:1\n    ${slot}\n  db:\n    image: b:1\n${tail}`);
      assert.deepEqual(composeCompletion(ref.file, ref.offset, ref.context, composeEngine, undefined).map((i) => i.label), [expected], slot);
    }
    const nets = at('services:\n  web:\n    image: a:1\n    networks:\n      - |\nnetworks:\n  back: {}\n');
    assert.deepEqual(composeCompletion(nets.file, nets.offset, nets.context, composeEngine, undefined).map((i) => i.label), ['back']);
  });
  it('hovers a key with the schema description, a referenced service with its image', () => {
    const key = at('services:\n  web:\n    rest|art: always\n');
    assert.match(JSON.stringify(composeHover(key.file, key.offset, key.context, composeEngine, undefined)?.contents), /restart/);
    const ref = at('services:\n  web:\n    image: a:1\n    depends_on: [d|b]\n  db:\n    image: postgres:17\n');
    assert.match(JSON.stringify(composeHover(ref.file, ref.offset, ref.context, composeEngine, undefined)?.contents), /postgres:17/);
  });
  it('goes to a service defined in another Compose file of the project, and renames it everywhere', () => {
    const here = at('services:\n  web:\n    image: a:1\n    depends_on:\n      d|b:\n        condition: service_started\n    links: ["db:database"]\n', { 'compose.override.yaml': 'services:\n  db:\n    image: b:1\n  worker:\n    image: w:1\n    network_mode: service:db\n' });
    const [target] = composeDefinition(here.file, here.offset, here.index, undefined);
    assert.deepEqual([target.uri, target.range.start.line], ['file:///p/compose.override.yaml', 1]);
    const refs = composeReferences(here.file, here.offset, here.index, undefined).map((l) => `${l.uri.slice(7)}:${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`);
    assert.deepEqual(refs.sort(), ['/p/compose.override.yaml:1:2-4', '/p/compose.override.yaml:5:26-28', '/p/compose.yaml:4:6-8', '/p/compose.yaml:6:13-15']);
    const edit = composeRename(here.file, here.offset, 'database', here.index, undefined);
    assert.equal(Object.values(edit?.changes ?? {}).flat().length, 4);
    assert.equal(composeRename(here.file, here.offset, 'bad name', here.index, undefined), undefined);
  });
  it('renames a service at every kind of reference, across the override and an included file; prepareRename gives the name under the cursor', () => {
    const main = [
      'include:',
      '  - infra/compose.yaml',
      'services:',
      '  d|b:',
      '    image: postgres:17',
      '  web:',
      '    image: a:1',
      '    depends_on: [db]',
      '    links: ["db:database"]',
      '  worker:',
      '    image: w:1',
      '    depends_on:',
      '      db:',
      '        condition: service_started',
      '    volumes_from: ["service:db:ro", db]',
      '  sidecar:',
      '    network_mode: "service:db"',
      '    extends: db',
      '  other:',
      '    extends:',
      '      file: base.yaml',
      '      service: db',
      '',
    ].join('\n');
    const here = at(main, {
      'compose.override.yaml': 'services:\n  db:\n    environment: [A=1]\n  late:\n    image: l:1\n    extends: { service: db }\n',
      'infra/compose.yaml': 'services:\n  backup:\n    image: b:1\n    depends_on: [db]\n',
    });
    const edit = composeRename(here.file, here.offset, 'database', here.index, undefined);
    const applied = (uri: string): string => {
      const file = here.index.get(uri)!;
      const edits = [...(edit?.changes?.[uri] ?? [])].sort((a, b) => file.lines.offsetAt(b.range.start) - file.lines.offsetAt(a.range.start));
      let text = file.text;
      for (const e of edits) text = text.slice(0, file.lines.offsetAt(e.range.start)) + e.newText + text.slice(file.lines.offsetAt(e.range.end));
      return text;
    };
    const renamed = applied('file:///p/compose.yaml');
    assert.equal((renamed.match(/database/g) ?? []).length, 9, renamed);
    assert.match(renamed, /links: \["database:database"\]/);
    assert.match(renamed, /volumes_from: \["service:database:ro", database\]/);
    assert.match(renamed, /network_mode: "service:database"/);
    // The service of another file (base.yaml, not one of the project's files) keeps its name.
    assert.match(renamed, /file: base.yaml\n {6}service: db\n/);
    assert.equal(applied('file:///p/compose.override.yaml'), 'services:\n  database:\n    environment: [A=1]\n  late:\n    image: l:1\n    extends: { service: database }\n');
    assert.equal(applied('file:///p/infra/compose.yaml'), 'services:\n  backup:\n    image: b:1\n    depends_on: [database]\n');
    // A file no Compose project of the index holds is untouched; the new name must be one Compose accepts.
    assert.deepEqual(Object.keys(edit?.changes ?? {}).sort(), ['file:///p/compose.override.yaml', 'file:///p/compose.yaml', 'file:///p/infra/compose.yaml']);
    assert.equal(composeRename(here.file, here.offset, 'no/slash', here.index, undefined), undefined);
    // From a reference: the same edit; prepareRename covers only the name inside `service:db`.
    const fromRef = at(main.replace('d|b:', 'db:').replace('network_mode: "service:db"', 'network_mode: "service:d|b"'));
    const prepared = composePrepareRename(fromRef.file, fromRef.offset, undefined);
    assert.equal(prepared?.placeholder, 'db');
    assert.deepEqual([prepared?.range.start.line, prepared?.range.start.character, prepared?.range.end.character], [16, 27, 29]);
    assert.equal(composePrepareRename(at('services:\n  web:\n    ima|ge: a:1\n').file, 'services:\n  web:\n    ima'.length, undefined), undefined);
  });
  it('outlines services, networks and volumes', () => {
    const doc = at('|services:\n  web:\n    image: a:1\nvolumes:\n  data: {}\n');
    assert.deepEqual(composeSymbols(doc.file, undefined).map((s) => [s.name, s.children?.map((c) => c.name)]), [['services', ['web']], ['volumes', ['data']]]);
  });
});

describe('Compose: the stack as a diagram', () => {
  it('draws services with images and ports, depends_on, networks and volumes, per project; an undefined dependency in red', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///p/compose.yaml', 'name: shop\nservices:\n  api:\n    build: .\n    ports: ["5000:5000"]\n    depends_on:\n      db:\n        condition: service_healthy\n      ghost:\n        condition: service_started\n    networks: [back]\n  db:\n    image: postgres:17\n    volumes: [data:/var/lib/postgresql/data]\n    networks: [back]\nnetworks:\n  back: {}\nvolumes:\n  data: {}\n');
    index.update('file:///p/compose.override.yaml', 'services:\n  api:\n    ports: ["5001:5001"]\n');
    index.update('file:///q/docker-compose.yml', 'services:\n  web:\n    image: nginx:1.27\n');
    const diagram = composeDiagram(index);
    assert.equal(diagram.kind, 'compose');
    assert.equal(diagram.broken, 1);
    assert.deepEqual(diagram.graph.nodes.map((n) => n.lines.join(' | ')), [
      'api | built here | ports 5000:5000, 5001:5001',
      'db | postgres:17',
      'ghost | not defined',
      'network back',
      'volume data',
      'web | nginx:1.27',
    ]);
    assert.deepEqual(diagram.graph.edges.map((e) => `${e.from}->${e.to} ${e.label ?? ''} ${e.style}`), ['p1s1->p1s2 waits healthy solid', 'p1s1->p1m1 depends on broken', 'p1s1->p1n2  dashed', 'p1s2->p1n2  dashed', 'p1s2->p1v3 mounts solid']);
    assert.match(diagram.mermaid, /subgraph p1\["Compose project shop"\]/);
    assert.equal(composeDiagram(index, ['file:///q']).nodes, 1);
    assert.equal(composeDiagram(new WorkspaceIndex(indexOptions(defaultSettings))).empty, 'No Compose service in the workspace.');
  });
  it('draws the defects the checks report in red: a host port two services publish, an undeclared network or volume', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///p/compose.yaml', 'services:\n  api:\n    image: a:1\n    ports: ["8080:80"]\n    networks: [front]\n  web:\n    image: b:1\n    ports: ["8080:8080", "9000:9000"]\n    volumes: [cache:/cache]\n');
    const diagram = composeDiagram(index);
    assert.equal(diagram.title, 'Compose stack');
    assert.equal(diagram.broken, 4);
    assert.deepEqual(diagram.graph.nodes.map((n) => [n.lines.join(' | '), n.classes ?? []]), [
      ['api | a:1 | ports 8080:80 | port 8080 also published by web', ['missing']],
      ['web | b:1 | ports 8080:8080, 9000:9000 | port 8080 also published by api', ['missing']],
      ['network front | not declared', ['missing']],
      ['volume cache | not declared', ['missing']],
    ]);
    assert.deepEqual(diagram.graph.edges.map((e) => e.style), ['broken', 'broken']);
  });
});

describe('Containers: the example (examples/portfolio)', () => {
  it('docker-compose.yml and the API\'s Dockerfile are clean, the stack drawn', () => {
    const folder = path.join(repoRoot, 'examples', 'portfolio');
    const reader = { exists: (p: string) => existsSync(p), read: (p: string) => sideText(existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uris = ['docker-compose.yml', 'Dockerfile'].map((name) => index.update(pathToFileURL(path.join(folder, name)).href, readFileSync(path.join(folder, name), 'utf8')).uri);
    const features = [composeFeature(composeEngine, reader, knownPinWith(composeFace)), dockerfileFeature(reader, { compose: composeFace, kubernetes: kubernetesFace })];
    const found = uris.flatMap((uri) => diagnoseFile(index.get(uri)!, features, { index, settings: defaultSettings, isCancelled: () => false }).map((d) => `${uri.slice(uri.lastIndexOf('/') + 1)}:${d.range.start.line + 1} ${String(d.code)}`));
    // monitoring/prometheus.yml comes with the monitoring example; until then Docker would mount an empty folder.
    const pending = existsSync(path.join(folder, 'monitoring', 'prometheus.yml')) ? [] : ['docker-compose.yml:49 compose-missing-path'];
    assert.deepEqual(found, pending);
    const diagram = composeDiagram(index);
    assert.deepEqual(diagram.graph.nodes.map((n) => n.lines[0]), ['alertmanager', 'api', 'grafana', 'mlflow', 'prometheus', 'volume grafana_data', 'volume mlflow_data', 'volume prometheus_data']);
  });
});

describe('Compose: re-diagnosis after edits', () => {
  it('gives the findings of a full check after each of a chain of one-line edits (the edited service re-read, the others kept)', () => {
    const services = Array.from({ length: 12 }, (_, i) => [
      `  svc${i}:`,
      `    image: registry.example.com/svc${i}${i % 3 === 0 ? '' : ':1.0'}`,
      `    ports: ["${8000 + (i % 5)}:80"]`,
      '    environment:',
      `      NAME: svc${i}`,
      '      LEVEL: ${LEVEL:-info}',
      ...(i > 0 ? ['    depends_on:', `      svc${i - 1}:`, '        condition: service_healthy'] : []),
      '    volumes:',
      `      - data:/var/lib/svc${i}`,
    ]).flat();
    const original = ['name: edits', 'services:', ...services, 'volumes:', '  data: {}', ''].join('\n');
    const edits: ((lines: string[], at: number) => void)[] = [
      (lines, at) => (lines[at] += ' # edited'),
      (lines, at) => (lines[at] = lines[at].replace(/svc(\d+)/, 'svc$1x')),
      (lines, at) => lines.splice(at, 0, '      EXTRA: "1"'),
      (lines, at) => lines.splice(at, 1),
      (lines, at) => (lines[at] = lines[at].replace(/:/, ': {a: 1}')),
      (lines, at) => (lines[at] = ' ' + lines[at]),
      (lines, at) => (lines[at] = lines[at].replace('8001', '8000')),
      (lines, at) => lines.splice(at, 0, '    restart: sometimes'),
    ];
    const features = [composeFeature(composeEngine, fakeDisk({}), knownPinWith(composeFace))];
    const settings = defaultSettings;
    const uri = 'file:///p/compose.yaml';
    const editedIndex = new WorkspaceIndex(indexOptions(settings));
    let lines = original.split('\n');
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    let compared = 0;
    let good = lines;
    for (let step = 0; step < 120; step++) {
      const text = lines.join('\n');
      const file = editedIndex.update(uri, text);
      const edited = diagnoseFile(file, features, { index: editedIndex, settings, isCancelled: () => false });
      const freshIndex = new WorkspaceIndex(indexOptions(settings));
      // A URI of its own: the Compose model keeps each file's last service reads by URI.
      const fresh = diagnoseFile(freshIndex.update(uri.replace('compose', `fresh${step}/compose`), text), features, { index: freshIndex, settings, isCancelled: () => false });
      // A text with a YAML error keeps the last good version's findings (IndexedFile.stable): by design not a full check's.
      if (!file.stable) {
        assert.deepStrictEqual(edited, fresh, `step ${step}:\n${text}`);
        compared++;
        good = lines;
      } else {
        lines = good; // the next edit starts from the last good version, as a user fixing a line does
      }
      // Mostly small edits of the current version, sometimes back to the original (a broken file heals).
      lines = random() < 0.15 ? original.split('\n') : [...lines];
      edits[Math.floor(random() * edits.length)](lines, 2 + Math.floor(random() * (lines.length - 4)));
    }
    assert.ok(compared > 50, `${compared} versions compared`);
  });
});
