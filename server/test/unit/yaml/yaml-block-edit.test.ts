import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repositoryYamlFiles } from '../../helpers';
import { damaged, random as seeded } from '../../random';
import { readBlockYamlEdited, type PreviousRead } from '../../../src/yaml/blockEdit';
import { readBlockYaml } from '../../../src/yaml/blockReader';
import { splitDocuments } from '../../../src/yaml/chunks';
import { parseYamlFile } from '../../../src/yaml/model';

function previousOf(text: string): PreviousRead {
  const read = readBlockYaml(text);
  assert.ok(read, JSON.stringify(text));
  return { text, ...read };
}

/** The edited read must be the full read, exactly; returns it. */
function sameAsFull(previous: PreviousRead, text: string, where: string): ReturnType<typeof readBlockYaml> {
  const full = readBlockYaml(text);
  const edited = readBlockYamlEdited(previous, text);
  assert.equal(edited === undefined, full === undefined, `${where}: ${JSON.stringify(previous.text)} -> ${JSON.stringify(text)}`);
  if (full && edited) {
    assert.deepStrictEqual(edited.value, full.value, `${where}: value of ${JSON.stringify(text)}`);
    assert.deepStrictEqual(edited.tree, full.tree, `${where}: tree of ${JSON.stringify(text)}`);
  }
  return edited;
}

const compose = ['name: demo', 'services:', '  web:', '    image: nginx:1.27', '    ports: ["8080:80"]', '    environment:', '      A: "1"', '  db:', '    image: postgres:16', '    volumes:', '      - data:/var/lib/postgresql', 'volumes:', '  data: {}', ''].join('\n');

describe('block YAML reader, edits (re-reading the entry an edit touched)', function () {
  this.timeout(120_000);

  it('re-reads one service of a Compose file and keeps the others, shifted', () => {
    const previous = previousOf(compose);
    const text = compose.replace('      A: "1"', '      A: "1" # edited\n      B: two');
    const edited = sameAsFull(previous, text, 'one service')!;
    const before = previous.value as { services: Record<string, unknown>; volumes: unknown };
    const after = edited.value as typeof before;
    // The untouched service and section are the previous version's values; the edited one is new.
    assert.equal(after.services.db, before.services.db);
    assert.equal(after.volumes, before.volumes);
    assert.notEqual(after.services.web, before.services.web);
    assert.deepEqual((after.services.web as { environment: unknown }).environment, { A: '1', B: 'two' });
  });

  it('reads the whole text again when an edit renames a key, spans entries or breaks the indentation', () => {
    const previous = previousOf(compose);
    for (const text of [
      compose.replace('  db:', '  web:'), // a duplicate key now: js-yaml's
      compose.replace('  db:', '  database:'),
      compose.replace('    image: postgres:16', '   image: postgres:16'),
      compose.replace('  db:', ' db:'),
      compose.replace('      A: "1"\n  db:', '      A: "1"\n    db:'),
      compose.replace('volumes:\n  data: {}\n', 'volumes:\n  data: {}\n...\n'),
      compose.replace('"1"', '"\t"'),
      compose.replace('"8080:80"', '"8080:80\uD800"'),
      compose + '  ',
    ]) {
      sameAsFull(previous, text, 'fallback');
    }
  });

  it('gives what a full read gives on thousands of seeded edits of the repository\'s documents, in chains', () => {
    const documents = repositoryYamlFiles()
      .flatMap((file) => splitDocuments(readFileSync(file, 'utf8')).map((c) => c.text))
      .filter((text) => text.length < 6000 && readBlockYaml(text));
    const snippets = [' ', '  ', ':', ': ', '#', ' #', '-', '- ', '"', "'", '\n', '\n  ', '|', '|-', '|+', '[', ']', '{}', '[]', ',', '~', '\\', '?', '&a', '*a', '!t',
      '---\n', '...\n', '%', '\n\n', '  \n', '<<', 'key: v', '\n- ', 'a: b: c', '\t', '__proto__: 1\n', ' # edited', 'x', '\n  k: v', '\n    k: v', '\nk: v', '{a: 1}', '\n   '];
    const random = seeded(20261125);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    let read = 0;
    for (let run = 0; run < 1500; run++) {
      let previous = previousOf(pick(documents));
      for (let step = 0; step < 4; step++) {
        let text = previous.text;
        for (let edits = random() < 0.7 ? 1 : 1 + Math.floor(random() * 3); edits > 0; edits--) text = damaged(text, random, snippets);
        const edited = sameAsFull(previous, text, `edit ${run}.${step}`);
        if (!edited) break;
        read++;
        previous = { text, ...edited };
      }
    }
    assert.ok(read > 1000, `${read} edited versions read`);
  });

  it('is what a file parsed after an edit of its one document reads', () => {
    const before = parseYamlFile(compose);
    assert.ok(before.chunks[0].chunk.value);
    const text = compose.replace('postgres:16', 'postgres:17');
    const after = parseYamlFile(text, before);
    const chunk = after.chunks[0].chunk;
    assert.equal((chunk.value as { volumes: unknown }).volumes, (before.chunks[0].chunk.value as { volumes: unknown }).volumes);
    assert.deepStrictEqual(chunk.value, readBlockYaml(text)!.value);
    assert.deepStrictEqual(chunk.tree, readBlockYaml(text)!.tree);
  });
});
