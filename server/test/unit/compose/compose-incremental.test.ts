// A Compose file re-checked after an edit keeps what it can of the previous version (each unchanged
// service's read, its facts, its schema validation): the findings must be a full check's.
import { composeFace } from '../../../src/compose/api';
import assert from 'node:assert/strict';
import { composeFeature } from '../../../src/compose/feature';
import { frCompose } from '../../../src/compose/fr';
import { isComposeFile } from '../../../src/compose/files';
import { forgetComposeResults } from '../../../src/compose/serviceResults';
import { addCatalogue, setLanguage } from '../../../src/l10n/t';
import { diagnoseFile } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { composeEngine, corpusRepositories, corpusRepository } from '../../containers';
import { random } from '../../random';
import { knownPinWith } from '../../../src/dockerfile/pins';

/** Edits as typing makes them, on line `at`: a character typed, a line inserted, deleted, doubled, a name or port changed. */
const edits: ((lines: string[], at: number, pick: () => number) => void)[] = [
  (lines, at, pick) => {
    const line = lines[at];
    const i = Math.floor(pick() * (line.length + 1));
    lines[at] = `${line.slice(0, i)}${'x1 -:$'[Math.floor(pick() * 6)]}${line.slice(i)}`;
  },
  (lines, at) => lines.splice(at, 0, '    # a comment'),
  (lines, at) => lines.splice(at, 1),
  (lines, at) => lines.splice(at, 0, lines[at]),
  (lines, at) => {
    lines[at] = lines[at].replace(/\d{2,5}|latest|db|redis|backend|frontend|true|image|depends_on|networks|volumes/, (m) => ({ latest: '1.0', db: 'database', redis: 'cache', backend: 'back', frontend: 'web', true: 'false', image: 'images', depends_on: 'links', networks: 'network', volumes: 'volume' })[m] ?? String(Number(m) + 1));
  },
  (lines, at) => lines.splice(at, 0, '    depends_on: [web]'),
];

/** The rule codes by line of each version given of one file, checked one after the other in one index (each edit reusing the last). */
function versions(uri: string): (text: string) => string[] {
  const { index, reader } = corpusRepository(corpusRepositories[0]);
  const features = [composeFeature(composeEngine, reader, knownPinWith(composeFace))];
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return (text) => diagnoseFile(index.update(uri, text), features, context).map((d) => `${d.range.start.line}: ${String(d.code)}`);
}

/**
 * Checks the given versions of one file one after the other, each held to a full check (everything
 * kept forgotten, the same text as a new version); `before` runs before a version is checked.
 * Gives each version's findings as `line: code message`.
 */
function heldToFullChecks(uri: string, texts: string[], before: (version: number) => void = () => undefined): string[][] {
  const { index, reader } = corpusRepository(corpusRepositories[0]);
  const features = [composeFeature(composeEngine, reader, knownPinWith(composeFace))];
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return texts.map((text, version) => {
    before(version);
    const incremental = diagnoseFile(index.update(uri, text), features, context);
    forgetComposeResults();
    index.update(uri, '');
    const full = diagnoseFile(index.update(uri, text), features, context);
    assert.deepEqual(incremental, full, `version ${version + 1}:\n${text}`);
    return full.map((d) => `${d.range.start.line}: ${String(d.code)} ${d.message}`);
  });
}

/** A service's text: its image, then `more` lines. */
const service = (name: string, ...more: string[]) => [`  ${name}:`, '    image: nginx:1.27', ...more.map((line) => `    ${line}`)].join('\n');
const file = (...services: string[]) => `services:\n${services.join('\n')}\n`;

describe('Compose files re-checked after an edit', () => {
  it('find what a full check finds, after every edit of a chain of edits to real Compose files', () => {
    const pick = random(38);
    let compared = 0;
    let differing = 0;
    for (const repo of corpusRepositories) {
      const { index, reader, files } = corpusRepository(repo);
      const features = [composeFeature(composeEngine, reader, knownPinWith(composeFace))];
      const context = { index, settings: defaultSettings, isCancelled: () => false };
      for (const uri of files.filter((f) => isComposeFile(f))) {
        const original = index.get(uri)!.text;
        const originalFindings = JSON.stringify(diagnoseFile(index.get(uri)!, features, context));
        let good = original.split('\n');
        for (let step = 0; step < 6 && good.length > 2; step++) {
          const lines = [...good];
          edits[Math.floor(pick() * edits.length)](lines, 1 + Math.floor(pick() * (lines.length - 2)), pick);
          const text = lines.join('\n');
          const file = index.update(uri, text);
          const incremental = diagnoseFile(file, features, context);
          // A text with a YAML error keeps the last good version's findings (IndexedFile.stable): not a full check's by design.
          if (file.stable) {
            index.update(uri, good.join('\n'));
            continue;
          }
          forgetComposeResults();
          // The same text as a new version of the file: nothing of the previous one reused.
          index.update(uri, '');
          const full = diagnoseFile(index.update(uri, text), features, context);
          assert.deepEqual(incremental, full, `${uri} after edit ${step + 1}:\n${text}`);
          compared++;
          if (JSON.stringify(full) !== originalFindings) differing++;
          good = lines;
        }
        index.update(uri, original);
      }
    }
    // The edits changed what is found (they are not all no-ops).
    assert.ok(compared >= 200 && differing >= compared / 4, `${compared} compared, ${differing} with other findings than the original`);
  });

  it('validates a service again when it is renamed to a name the schema refuses, and when a valid one turns invalid', () => {
    const codes = versions('file:///corpus/renamed/compose.yaml');
    const service = (name: string, restart = 'always') => `  ${name}:\n    image: nginx:1.27\n    restart: ${restart}\n`;
    assert.deepEqual(codes(`services:\n${service('a')}${service('b')}`), []);
    assert.deepEqual(codes(`services:\n${service('a')}${service('b c')}`), ['4: compose-schema']);
    assert.deepEqual(codes(`services:\n${service('a')}${service('b', '[always]')}`), ['6: compose-schema']);
    assert.deepEqual(codes(`services:\n${service('a')}${service('b')}`), []);
  });

  it('reads a service again when the anchor it merges (`<<: *base`) changes, though its own text does not', () => {
    const codes = versions('file:///corpus/merged/compose.yaml');
    const text = (image: string) => `services:\n  base: &base\n    image: ${image}\n  other:\n    <<: *base\n    restart: always\n`;
    assert.deepEqual(codes(text('nginx')), ['2: compose-image-tag', '3: compose-image-tag']);
    assert.deepEqual(codes(text('nginx:1.27')), []);
  });

  // A service's findings are kept while its text, its key and what the others read of the project
  // are unchanged (serviceResults.ts): each case edits one service and changes another's findings.
  it('finds again the findings of an unchanged service when another service changes what it reads of it', () => {
    const codes = (versions: string[][]) => versions.map((found) => found.map((line) => line.split(' ').slice(0, 2).join(' ')));
    // A port published by another service: the unchanged one's port is now taken.
    const ports = heldToFullChecks('file:///corpus/ports/compose.yaml', [file(service('a', 'ports: ["8080:80"]'), service('b', 'ports: ["8081:80"]')), file(service('a', 'ports: ["8080:80"]'), service('b', 'ports: ["8080:80"]'))]);
    assert.deepEqual(codes(ports), [[], ['3: compose-port-conflict', '6: compose-port-conflict']]);
    // The healthcheck another service waits for, removed.
    const health = ['depends_on:', '  b:', '    condition: service_healthy'];
    const healthy = heldToFullChecks('file:///corpus/health/compose.yaml', [file(service('a', ...health), service('b', 'healthcheck:', '  test: ["CMD", "true"]')), file(service('a', ...health), service('b'))]);
    assert.deepEqual(codes(healthy), [[], ['5: compose-healthcheck-missing']]);
    // A profile given to the service another depends on.
    const profiled = heldToFullChecks('file:///corpus/profiled/compose.yaml', [file(service('a', 'depends_on: [b]'), service('b')), file(service('a', 'depends_on: [b]'), service('b', 'profiles: [debug]'))]);
    assert.deepEqual(codes(profiled), [[], ['3: compose-profile-dependency']]);
    // A dependency back: the unchanged service's dependency now closes a cycle.
    const cycle = heldToFullChecks('file:///corpus/cycle/compose.yaml', [file(service('a', 'depends_on: [b]'), service('b')), file(service('a', 'depends_on: [b]'), service('b', 'depends_on: [a]'))]);
    assert.deepEqual(codes(cycle).map((found) => found.filter((line) => line.includes('cycle'))), [[], ['3: compose-cycle', '6: compose-cycle']]);
    // The service renamed: the unchanged one's reference names nothing now.
    const renamed = heldToFullChecks('file:///corpus/renamed-target/compose.yaml', [file(service('a', 'depends_on: [b]'), service('b')), file(service('a', 'depends_on: [b]'), service('c'))]);
    assert.deepEqual(codes(renamed), [[], ['3: compose-undefined-service']]);
    // The volume's only user uses another, undeclared: the declaration is unused now; declared under that name, nothing is found.
    const volumes = (used: string, declared: string) => `${file(service('a'), service('b', `volumes: ["${used}:/data"]`))}volumes:\n  ${declared}: {}\n`;
    const found = heldToFullChecks('file:///corpus/volumes/compose.yaml', [volumes('data', 'data'), volumes('other', 'data'), volumes('other', 'other')]);
    assert.deepEqual(codes(found), [[], ['5: compose-undeclared-resource', '7: compose-unused-resource'], []]);
  });

  it('declares a missing volume in the top-level section once it is written in block style, the service unchanged', () => {
    // A flow-style section takes no inserted line: the finding has no fix then (checks.ts's declaration).
    const text = (section: string) => `${file(service('a', 'volumes: ["data:/data"]'))}volumes:${section}\n`;
    const found = heldToFullChecks('file:///corpus/flow-section/compose.yaml', [text(' {other: {}}'), text('\n  other: {}')]);
    assert.deepEqual(found.map((lines) => lines.map((line) => line.split(' ').slice(0, 2).join(' '))), [['3: compose-undeclared-resource', '4: compose-unused-resource'], ['3: compose-undeclared-resource', '5: compose-unused-resource']]);
  });

  it('moves the findings of an unchanged service when lines are added between its name and its keys', () => {
    const latest = (lead: string) => `services:\n  a:${lead}\n    image: nginx:latest\n  b:\n    image: nginx\n`;
    const found = heldToFullChecks('file:///corpus/lead/compose.yaml', [latest(''), latest('  # the front'), latest('\n    # the front'), latest('\n\n')]);
    assert.deepEqual(found.map((lines) => lines.map((line) => line.slice(0, line.indexOf(':')))), [['2', '4'], ['2', '4'], ['3', '5'], ['4', '6']]);
  });

  it('moves the variables of a later service when an earlier one grows or shrinks', () => {
    const text = (...more: string[]) => file(service('a', ...more), service('b', 'environment: ["X=${ARCHIPEL_NEVER_SET}"]'));
    const found = heldToFullChecks('file:///corpus/variables/compose.yaml', [text(), text('restart: always'), text('restart: no'), text()]);
    assert.deepEqual(found.map((lines) => lines.map((line) => line.split(' ').slice(0, 2).join(' '))), [['5: compose-variable'], ['6: compose-variable'], ['6: compose-variable'], ['5: compose-variable']]);
  });

  it('finds non-string keys of services, environments and labels where a full check does, kept services moved, other services edited', () => {
    const text = (restart: string, extra = '') =>
      file(service('a', 'environment:', '  1: x', '  OK: y'), service('b', `restart: ${restart}`), service('c', 'labels:', '  true: x'), ...(extra ? [extra] : []));
    const keys = (lines: string[]) => lines.map((line) => line.split(' ').slice(0, 2).join(' ') + line.slice(line.indexOf(' in ')));
    // Services named 1.5 (read in place: model.ts servicePairs) and 1 (an integer key: the value's keys put it first), quoted then not.
    const versions = [text('always'), text('no'), text('always', '  "1.5":\n    image: nginx:1.27'), text('no', '  "1.5":\n    image: nginx:1.27'), text('no', '  1.5:\n    image: nginx:1.27'), text('always', '  1.5:\n    image: nginx:1.27'), text('always', '  1:\n    image: nginx:1.27'), text('no', '  1:\n    image: nginx:1.27')];
    const found = heldToFullChecks('file:///corpus/keys/compose.yaml', versions);
    const own = ['4: compose-invalid in services.a.environment is not a string: Compose refuses it; quote it ("1").', '12: compose-invalid in services.c.labels is not a string: Compose refuses it; quote it ("true").'];
    // Written unquoted, the service's key too (the services' keys are checked before their fields).
    const unquoted = (name: string) => [`13: compose-invalid in services is not a string: Compose refuses it; quote it ("${name}").`, ...own];
    assert.deepEqual(found.map(keys), [own, own, own, own, unquoted('1.5'), unquoted('1.5'), unquoted('1'), unquoted('1')]);
  });

  it('gives an unchanged service\'s findings in the language of the version checked', () => {
    addCatalogue('fr', frCompose);
    try {
      // The other service edited as the language changes: what the first reads of the project is the same.
      const found = heldToFullChecks('file:///corpus/language/compose.yaml', [file(service('a', 'depends_on: [b]'), service('c')), file(service('a', 'depends_on: [b]'), service('c', 'restart: always'))], (version) => setLanguage(version === 1 ? 'fr' : 'en'));
      assert.match(found[0][0], /is not defined/);
      assert.doesNotMatch(found[1][0], /is not defined/);
    } finally {
      setLanguage('en');
    }
  });
});
