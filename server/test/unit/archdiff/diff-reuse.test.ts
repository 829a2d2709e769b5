// `archipel diff` (issue #80): a file whose blob is the same on both sides is read and parsed once — the head's index
// holds the base's entry of it (its parse and models kept), for a head revision (same path, same blob id) and for the
// working tree (same path, same text); a file changed gets its own entry. Seen from a contribution to the system map
// added beside the families' (it records the entries each side's index holds); the diff's answer is unchanged.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { families, familyFiles } from '../../../src/families/index';
import { diagramDrawers, systemContributors } from '../../../src/families/descriptor';
import type { SystemContribution } from '../../../src/features/system/contributor';
import { archDiff } from '../../../src/platform/archDiff';
import { defaultSettings } from '../../../src/settings';
import type { IndexedFile } from '../../../src/workspace/index';
import { repoRoot } from '../../helpers';
import { scratchRepository } from './scratchRepository';

describe('archipel diff: unchanged files read and parsed once for both sides (issue #80)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-reuse-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    image: example/api:1.0\n    environment:\n      REDIS_URL: redis://cache:6379\n  cache:\n    image: redis:7\n');
    writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  api:\n    ports: ["8080:80"]\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    writeFileSync(path.join(dir, 'compose.override.yaml'), 'services:\n  api:\n    ports: ["9090:80"]\n');
    git('commit', '-q', '-am', 'two');
  });

  /** Each side's entries, by file name, as the map's contributions see them. */
  async function sides(head: string | undefined): Promise<{ entries: Map<string, IndexedFile>[]; connections: unknown }> {
    const entries: Map<string, IndexedFile>[] = [];
    const spy: SystemContribution = { family: 'spy', contributor: { contribute: (builder) => void entries.push(new Map([...builder.index.files()].map((f) => [path.basename(new URL(f.uri).pathname), f]))) } };
    const drawer = diagramDrawers(families).find((d) => d.kind === 'system')!;
    const diff = await archDiff({
      settings: defaultSettings,
      files: familyFiles(defaultSettings),
      drawer,
      system: [...systemContributors(families), spy],
      threats: undefined,
      root: repoRoot,
      paths: [scratch.dir],
      scopes: [pathToFileURL(scratch.dir).href],
      cwd: scratch.dir,
      base: 'HEAD~1',
      ...(head !== undefined ? { head } : {}),
    });
    return { entries, connections: diff.connections };
  }

  for (const head of ['HEAD', undefined]) {
    it(`${head ? 'a head revision: the same blob at the same path' : 'the working tree: the same text at the same path'}: the base's entry reused; the file changed read again`, async () => {
      const { entries, connections } = await sides(head);
      assert.equal(entries.length, 2);
      const [base, after] = entries;
      assert.deepEqual([...base.keys()].sort(), ['compose.override.yaml', 'compose.yaml']);
      assert.deepEqual([...after.keys()].sort(), ['compose.override.yaml', 'compose.yaml']);
      assert.equal(after.get('compose.yaml'), base.get('compose.yaml'));
      assert.notEqual(after.get('compose.override.yaml'), base.get('compose.override.yaml'));
      assert.equal(after.get('compose.override.yaml')!.text, 'services:\n  api:\n    ports: ["9090:80"]\n');
      // The published port changed: the entry point moved, as without reuse.
      assert.deepEqual(connections, {
        added: [{ from: 'person:users', to: 'compose:.:api', kind: 'calls', label: ':9090', sources: [{ file: 'compose.override.yaml', line: 3 }], fromName: 'Users', toName: 'api' }],
        removed: [{ from: 'person:users', to: 'compose:.:api', kind: 'calls', label: ':8080', sources: [{ file: 'compose.override.yaml', line: 3 }], fromName: 'Users', toName: 'api' }],
      });
    });
  }
});
