// The stamp table of a one-file check (platform/oneFileTable.ts OneFileTable; issue #84): the context, scopes and families
// of the last one-file check that listed the tree, taken again only when every folder's mtime and every stamp the
// listing and the check took (context files, `.gitignore`s) is unchanged: a file edited in place, added, removed,
// renamed or moved, a `.gitignore` edited, a folder added or removed each send the next check the whole way.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListingCache } from '../../../src/platform/indexCache';
import { OneFileTable } from '../../../src/platform/oneFileTable';
import { scanFolder } from '../../../src/platform/scan';
import { familyFiles } from '../../../src/families/index';

const FILES = ['a/one.yaml', 'a/two.yaml', 'b/three.yaml', 'b/c/four.yaml'];

describe('the stamp table of a one-file check (#84)', function () {
  this.timeout(120000);
  let root: string;
  let cacheDir: string;

  /** Every path of the tree made `seconds` old (a stamp within the last 2 s is not kept: RACY_MS). */
  function age(seconds = 60): void {
    const then = new Date(Date.now() - seconds * 1000);
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      utimesSync(dir, then, then);
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) stack.push(path.join(dir, entry.name));
        else utimesSync(path.join(dir, entry.name), then, then);
      }
    }
  }

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-table-'));
    cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-onefile-table-cache-'));
    for (const file of FILES) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${path.basename(file, '.yaml')}\n`);
    }
    writeFileSync(path.join(root, '.gitignore'), 'ignored.yaml\n');
    age();
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** Lists the tree through the kept listings as `archipel check FILE` does, and writes the table of what it saw. */
  async function snapshot(): Promise<{ files: string[]; written: boolean }> {
    const started = Date.now();
    const listings = ListingCache.open(root, cacheDir)!;
    const stamps = listings.keepStamps();
    const files = await scanFolder(root, { listings, files: familyFiles() });
    listings.save();
    const context = files.map((file) => ({ file, scopes: file.includes(`${path.sep}a${path.sep}`) ? ['ns:a', 'in:a/'] : ['ns:b'], summary: !file.endsWith('two.yaml'), stamp: statSync(file) }));
    return { files, written: OneFileTable.write(root, 'key', { context, ...stamps, started, chosen: { named: [path.join(root, 'a', 'one.yaml')], context: [path.join(root, 'a', 'two.yaml')], families: ['yaml', 'kubernetes'] } }, cacheDir) };
  }

  it('gives the context, scopes and families back while nothing changed; the scopes of files alike shared', async () => {
    const { files, written } = await snapshot();
    assert.equal(written, true);
    assert.deepEqual(
      files.map((file) => path.relative(root, file).split(path.sep).join('/')),
      // The .gitignore is a file of the context too (a family reads it).
      ['.gitignore', ...FILES.slice().sort()],
    );
    const inputs = OneFileTable.open(root, 'key', cacheDir);
    assert.ok(inputs);
    assert.deepEqual(inputs.context, files);
    assert.deepEqual(
      inputs.known.map((one) => [path.relative(root, one.file).split(path.sep).join('/'), one.scopes.join(' '), one.summary]),
      [
        ['.gitignore', 'ns:b', true],
        ['a/one.yaml', 'ns:a in:a/', true],
        ['a/two.yaml', 'ns:a in:a/', false],
        ['b/c/four.yaml', 'ns:b', true],
        ['b/three.yaml', 'ns:b', true],
      ],
    );
    assert.equal(inputs.known[1].scopes, inputs.known[2].scopes);
    // The context and families chosen for the named file's check, for a check naming the same file only.
    assert.deepEqual(inputs.chosenFor([path.join(root, 'a', 'one.yaml')]), { named: [path.join(root, 'a', 'one.yaml')], context: [path.join(root, 'a', 'two.yaml')], families: ['yaml', 'kubernetes'] });
    assert.equal(inputs.chosenFor([path.join(root, 'a', 'two.yaml')]), undefined);
    // Another key (settings, context roots): not this table's.
    assert.equal(OneFileTable.open(root, 'other', cacheDir), undefined);
  });

  const at = (file: string) => path.join(root, file);
  for (const [title, change] of [
    ['a file edited in place (its folder unchanged)', () => {
      const folder = statSync(at('a')).mtimeMs;
      writeFileSync(at('a/one.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  namespace: b\n');
      const then = new Date(Date.now() - 30_000);
      utimesSync(at('a/one.yaml'), then, then);
      assert.equal(statSync(at('a')).mtimeMs, folder);
    }],
    ['a file rewritten with its old size and mtime (cp -p, rsync -a, tar x: #92)', () => {
      const before = statSync(at('b/three.yaml'));
      writeFileSync(at('b/three.yaml'), readFileSync(at('b/three.yaml'), 'utf8').replace('three', 'THREE'));
      utimesSync(at('b/three.yaml'), before.atime, before.mtime);
      assert.deepEqual([statSync(at('b/three.yaml')).size, statSync(at('b/three.yaml')).mtimeMs], [before.size, before.mtimeMs]);
    }],
    ['a file added in a folder whose mtime is then set back (#92)', () => {
      const before = statSync(at('b/c'));
      writeFileSync(at('b/c/five.yaml'), 'a: 1\n');
      utimesSync(at('b/c'), before.atime, before.mtime);
    }],
    ['a file added', () => writeFileSync(at('b/c/five.yaml'), 'a: 1\n')],
    ['a file removed', () => rmSync(at('b/three.yaml'))],
    ['a file renamed', () => renameSync(at('a/two.yaml'), at('a/zwei.yaml'))],
    ['a file moved to another folder', () => renameSync(at('a/two.yaml'), at('b/two.yaml'))],
    ['a folder added', () => mkdirSync(at('b/d'))],
    ['a folder removed', () => rmSync(at('b/c'), { recursive: true })],
    ['the .gitignore edited in place', () => {
      writeFileSync(at('.gitignore'), 'one.yaml\n');
      const then = new Date(Date.now() - 30_000);
      utimesSync(at('.gitignore'), then, then);
    }],
  ] as const) {
    it(`${title}: the table is not taken`, async () => {
      assert.equal((await snapshot()).written, true);
      assert.ok(OneFileTable.open(root, 'key', cacheDir));
      change();
      assert.equal(OneFileTable.open(root, 'key', cacheDir), undefined);
      // Listed again (the folders' changes seen a minute later), the next table is taken.
      age();
      assert.equal((await snapshot()).written, true);
      assert.ok(OneFileTable.open(root, 'key', cacheDir));
    });
  }

  it('a named file edited: taken all the same when it is named (the check reads it again), its own stamps given for the table written anew', async () => {
    assert.equal((await snapshot()).written, true);
    writeFileSync(at('a/one.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  namespace: b\n');
    const then = new Date(Date.now() - 30_000);
    utimesSync(at('a/one.yaml'), then, then);
    assert.equal(OneFileTable.open(root, 'key', cacheDir), undefined);
    // Named: taken, said changed; another file named (a/two.yaml) does not excuse it.
    assert.equal(OneFileTable.open(root, 'key', cacheDir, new Set([at('a/two.yaml')])), undefined);
    const inputs = OneFileTable.open(root, 'key', cacheDir, new Set([at('a/one.yaml')]));
    assert.ok(inputs);
    assert.equal(inputs.namedChanged, true);
    // Its context and families chosen again (its content may choose others).
    assert.equal(inputs.chosenFor([at('a/one.yaml')]), undefined);
    // Its stamps as the table holds them (the old ones), the folders' and the .gitignore's.
    const stamped = inputs.stamped();
    assert.deepEqual(
      stamped.context.map((one) => [path.relative(root, one.file).split(path.sep).join('/'), one.stamp.mtimeMs === statSync(one.file).mtimeMs]),
      [['.gitignore', true], ['a/one.yaml', false], ['a/two.yaml', true], ['b/c/four.yaml', true], ['b/three.yaml', true]],
    );
    assert.deepEqual([...stamped.folders.keys()].map((folder) => path.relative(root, folder).split(path.sep).join('/')).sort(), ['', 'a', 'b', 'b/c']);
    // Written anew with the file's stamp now: taken without naming it.
    const context = stamped.context.map((one) => ({ ...one, stamp: statSync(one.file) }));
    assert.equal(OneFileTable.write(root, 'key', { ...stamped, context, started: Date.now(), chosen: { named: [at('a/one.yaml')], context: [], families: ['yaml'] } }, cacheDir), true);
    assert.equal(OneFileTable.open(root, 'key', cacheDir)?.namedChanged, false);
  });

  it('a file changed within the last 2 s: no table written (its stamp may not tell a second change)', async () => {
    assert.equal((await snapshot()).written, true);
    writeFileSync(at('a/one.yaml'), 'a: 2\n');
    assert.equal((await snapshot()).written, false);
    // The table before stays, not taken (the file's stamp moved).
    assert.equal(OneFileTable.open(root, 'key', cacheDir), undefined);
  });
});
