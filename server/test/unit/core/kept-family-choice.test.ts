import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { familiesFor, type HeadReader } from '../../../src/families/check';
import { keptFamiliesFor } from '../../../src/families/keptChoice';
import { familyEntries } from '../../../src/families/lazy.generated';
import { defaultSettings, normalizeSettings } from '../../../src/settings';

/** Issue #84: the families a folder's check chose, kept between runs while its files keep their stamps. */
describe('archipel check: the families chosen, kept between runs', () => {
  let work: string;
  let cache: string;
  const hour = new Date(Date.now() - 3600_000);
  const write = (name: string, text: string, when = hour) => {
    const file = path.join(work, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    utimesSync(file, when, when);
    return file;
  };
  /** A head reader as the CLI's (cliMain.ts), counting the files it reads. */
  const reader = () => {
    const read: string[] = [];
    const head: HeadReader = (file, bytes) => {
      read.push(file);
      const text = readFileSync(file, 'utf8');
      return { text: text.slice(0, bytes), cut: text.length > bytes };
    };
    return { head, read };
  };
  const ids = (list: readonly { id: string }[]) => list.map((family) => family.id);
  const choose = (files: string[], settings = defaultSettings) => {
    const { head, read } = reader();
    return { chosen: ids(keptFamiliesFor(files, settings, familyEntries, head, Date.now(), cache)), read: read.length };
  };

  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'archipel-kept-choice-'));
    cache = mkdtempSync(path.join(os.tmpdir(), 'archipel-kept-choice-cache-'));
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('gives what familiesFor gives, then the same without reading a head while the files keep their size and mtime', () => {
    const files = [write('rules/a.rules.yml', 'groups:\n  - name: g\n    rules: []\n'), write('compose/compose.yaml', 'services:\n  web:\n    image: nginx\n'), write('notes.yaml', 'title: x\n')];
    const plain = ids(familiesFor(files, defaultSettings, familyEntries, reader().head));
    const first = choose(files);
    assert.deepEqual(first.chosen, plain);
    assert.deepEqual(first.chosen, ['yaml', 'serve', 'compose', 'prometheus', 'system']);
    assert.ok(first.read > 0);
    assert.deepEqual(readdirSync(path.join(cache, 'families')).length, 1);
    assert.deepEqual(choose(files), { chosen: plain, read: 0 });
  });

  it('chooses again when a file read changes, a file comes or goes, or the settings differ', () => {
    const rules = write('a.rules.yml', 'groups:\n  - name: g\n    rules: []\n');
    const other = write('other.yaml', 'title: xy\n');
    assert.deepEqual(choose([rules, other]).chosen, ['yaml', 'serve', 'prometheus', 'system']);
    // The same size, another mtime: a Pod now.
    write('other.yaml', 'kind: Pod\n', new Date(Date.now() - 1800_000));
    const edited = choose([rules, other]);
    assert.deepEqual(edited.chosen, ['yaml', 'kubernetes', 'serve', 'prometheus', 'system']);
    assert.ok(edited.read > 0);
    assert.equal(choose([rules, other]).read, 0);
    // One more file: its family too.
    const tf = write('main.tf', 'resource "aws_instance" "a" {}\n');
    const added = choose([rules, other, tf]);
    assert.ok(added.chosen.includes('terraform') && added.read > 0, added.chosen.join(', '));
    // One less: the choice of the two files again, read again (another list of candidates).
    assert.equal(choose([rules, other]).chosen.includes('terraform'), false);
    // Other settings (a rule turned off): read again, then kept under them too.
    const settings = normalizeSettings({ ...defaultSettings, rules: { 'prom-rule-structure': 'off' } });
    assert.ok(choose([rules, other], settings).read > 0);
    assert.equal(choose([rules, other], settings).read, 0);
  });

  it('chooses again when a file read is rewritten with its old size and mtime (cp -p, rsync -a, tar x): never size + mtime alone (#92)', () => {
    const rules = write('a.rules.yml', 'groups:\n  - name: g\n    rules: []\n');
    const other = write('other.yaml', 'title: xy\n');
    assert.deepEqual(choose([rules, other]).chosen, ['yaml', 'serve', 'prometheus', 'system']);
    write('other.yaml', 'kind: Pod\n');
    const again = choose([rules, other]);
    assert.ok(again.read > 0);
    assert.deepEqual(again.chosen, ids(familiesFor([rules, other], defaultSettings, familyEntries, reader().head)));
    assert.deepEqual(again.chosen, ['yaml', 'kubernetes', 'serve', 'prometheus', 'system']);
  });

  it('drops a damaged, cut-short or foreign choice file and chooses again (#92)', () => {
    const files = [write('compose.yaml', 'services:\n  web:\n    image: nginx\n')];
    const plain = choose(files).chosen;
    const folder = path.join(cache, 'families');
    const [name] = readdirSync(folder);
    const whole = readFileSync(path.join(folder, name));
    for (const damaged of [Buffer.alloc(0), whole.subarray(0, whole.length - 3), Buffer.concat([whole.subarray(0, 12), Buffer.from('xx'), whole.subarray(14)]), Buffer.from('garbage')]) {
      writeFileSync(path.join(folder, name), damaged);
      const again = choose(files);
      assert.deepEqual([again.chosen, again.read > 0], [plain, true]);
    }
  });

  it('keeps nothing when a file read changed within the file system\'s timestamp granularity of the run, nor without a cache folder', () => {
    const rules = write('a.rules.yml', 'groups:\n  - name: g\n    rules: []\n', new Date());
    assert.ok(choose([rules]).read > 0);
    assert.ok(choose([rules]).read > 0, 'read again: the stamp could not tell a next change');
    const old = write('b.rules.yml', 'groups: []\n');
    for (let i = 0; i < 2; i++) {
      const { head, read } = reader();
      assert.deepEqual(ids(keptFamiliesFor([old], defaultSettings, familyEntries, head, Date.now(), null)), ['yaml', 'serve', 'prometheus', 'system']);
      assert.deepEqual([...new Set(read)], [old]);
    }
  });
});
