// A Compose file re-checked after an edit keeps what it can of the previous version (each unchanged
// service's read, its facts, its schema validation): the findings must be a full check's.
import assert from 'node:assert/strict';
import { composeFeature } from '../../src/compose/feature';
import { isComposeFile } from '../../src/compose/model';
import { forgetComposeResults } from '../../src/compose/serviceResults';
import { diagnoseFile } from '../../src/service';
import { defaultSettings } from '../../src/settings';
import { composeEngine, corpusRepositories, corpusRepository } from '../containers';
import { random } from '../random';

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
  const features = [composeFeature(composeEngine, reader)];
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  return (text) => diagnoseFile(index.update(uri, text), features, context).map((d) => `${d.range.start.line}: ${String(d.code)}`);
}

describe('Compose files re-checked after an edit', () => {
  it('find what a full check finds, after every edit of a chain of edits to real Compose files', () => {
    const pick = random(38);
    let compared = 0;
    let differing = 0;
    for (const repo of corpusRepositories) {
      const { index, reader, files } = corpusRepository(repo);
      const features = [composeFeature(composeEngine, reader)];
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
});
