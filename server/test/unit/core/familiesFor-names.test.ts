// `archipel check`'s families chosen by base name first (families/check.ts, FileMatcher.mayTake; issue #84): a
// monorepo's 20,000 paths were each matched against every family's selector; now a family's matcher tells the few
// base names apart and matches only the paths of those it may take. The choice must be the old one on every path.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { filePath } from '../../../src/common/fileSelector';
import { OWN_TEST_BYTES, YAML_FILE } from '../../../src/common/ownFiles';
import { familiesFor, type ChosenFamily, type HeadReader } from '../../../src/families/check';
import { families } from '../../../src/families/index';
import { familyEntries } from '../../../src/families/lazy.generated';
import { filesOf } from '../../../src/families/select';
import { defaultSettings, normalizeSettings, type ArchipelSettings } from '../../../src/settings';
import { repoRoot } from '../../helpers';

const load = createRequire(__filename);
const monorepo = load(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as { generateMonorepo(dir: string, options: { files: number; adrs?: number }): unknown };

/** Every file under `root` (iterative), sorted. */
function filesUnder(root: string): string[] {
  const found: string[] = [];
  const folders = [root];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) folders.push(file);
      else if (entry.isFile()) found.push(file);
    }
  }
  return found.sort();
}

/** A head reader over the real files (read once each, bounded). */
function heads(): HeadReader {
  const texts = new Map<string, string | undefined>();
  return (file, bytes) => {
    if (!texts.has(file)) {
      try {
        texts.set(file, readFileSync(file).subarray(0, OWN_TEST_BYTES + 1).toString('utf8'));
      } catch {
        texts.set(file, undefined);
      }
    }
    const text = texts.get(file);
    return text === undefined ? undefined : { text: text.slice(0, bytes), cut: text.length > bytes };
  };
}

/** The choice as families/check.ts made it before the names (at 6ca213c4): every path matched against every family's selector. */
function everyPathMatched<F extends ChosenFamily>(files: readonly string[], settings: ArchipelSettings, list: readonly F[], head?: HeadReader): F[] {
  const someYaml = files.some((file) => YAML_FILE.test(file));
  const each = files.map((file) => ({ file, slashed: file.replace(/\\/g, '/'), path: filePath(file), text: () => { const got = head?.(file, OWN_TEST_BYTES); return got && !got.cut ? got.text : undefined; } }));
  const creates = (family: F): boolean => {
    const own = family.own;
    if (!family.features || own?.silent) return false;
    const only = head ? own?.test : undefined;
    const beyondYaml = own?.reads === 'beyond-yaml';
    let tested = 0;
    const passes = (one: (typeof each)[number]) => !only || ++tested > 256 || only(one.slashed, one.text);
    if (beyondYaml && someYaml && each.some((one) => YAML_FILE.test(one.file) && passes(one))) return true;
    if (!family.files) return false;
    if (own?.reads === 'beyond') return true;
    const matcher = filesOf(settings, [family]);
    let sniffed = 0;
    return each.some((one) => {
      const selection = matcher.match(one.path);
      if (selection === 'no') return false;
      if (selection === 'yes') return beyondYaml || passes(one);
      if (!head || ++sniffed > 256) return true;
      const read = head(one.file, matcher.sniffBytes(one.path) * 4);
      return read !== undefined && matcher.claims(one.path, read.text) && passes(one);
    });
  };
  const chosen = new Set(list.filter(creates));
  if ([...chosen].some((family) => family.id === 'system')) for (const family of list) if (!family.files && family.system) chosen.add(family);
  return list.filter((family) => chosen.has(family));
}

describe('archipel check: the families chosen by base name first (#84)', function () {
  this.timeout(120000);
  let mono: string;
  let fixtures: string[];
  let monoFiles: string[];

  before(() => {
    mono = mkdtempSync(path.join(os.tmpdir(), 'archipel-names-'));
    monorepo.generateMonorepo(mono, { files: 40, adrs: 3 });
    monoFiles = filesUnder(mono).filter((file) => !file.includes(`${path.sep}.git${path.sep}`));
    fixtures = [...filesUnder(path.join(repoRoot, 'server', 'test', 'fixtures')), ...filesUnder(path.join(repoRoot, 'examples'))];
  });

  after(() => rmSync(mono, { recursive: true, force: true }));

  it('a base name a family\'s matcher may not take is never a path it selects or sniffs, on every path of the fixtures, the example and the monorepo', () => {
    const settings = normalizeSettings({ ...defaultSettings });
    const matchers = [...families.map((family) => [family.id, filesOf(settings, [family])] as const), ['every family', filesOf(settings, families)] as const];
    const wrong: string[] = [];
    let skipped = 0;
    for (const file of [...fixtures, ...monoFiles]) {
      const one = filePath(file);
      for (const [id, matcher] of matchers) {
        if (matcher.mayTake(one.base)) continue;
        skipped++;
        if (matcher.match(one) !== 'no') wrong.push(`${id}: ${file}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(skipped > fixtures.length, `${skipped} skipped`);
  });

  it('tells names apart: a Dockerfile\'s matcher takes no api.yaml, Kubernetes\' takes it, a glob\'s literal end and name shape are read', () => {
    const byId = (id: string) => filesOf(defaultSettings, [families.find((family) => family.id === id)!]);
    assert.equal(byId('dockerfile').mayTake('api.yaml'), false);
    assert.equal(byId('dockerfile').mayTake('dockerfile'), true);
    assert.equal(byId('kubernetes').mayTake('api.yaml'), true);
    assert.equal(byId('terraform').mayTake('api.yaml'), false);
    assert.equal(byId('adr').mayTake('0001-use-x.md'), true);
  });

  it('chooses the families every path matched chose: the fixtures\' folders one by one, all of them, and the monorepo', () => {
    const head = heads();
    const folders = new Map<string, string[]>();
    for (const file of fixtures) {
      const top = path.relative(repoRoot, file).split(path.sep).slice(0, 5).join('/');
      folders.set(top, [...(folders.get(top) ?? []), file]);
    }
    const sets = [...folders.values(), fixtures, monoFiles, [path.join(mono, 'apps', 'team-01', 'app-00001', 'api.yaml')]];
    for (const files of sets) {
      for (const list of [familyEntries, families] as readonly (readonly ChosenFamily[])[]) {
        const ids = (chosen: readonly ChosenFamily[]) => chosen.map((family) => family.id);
        assert.deepEqual(ids(familiesFor(files, defaultSettings, list, head)), ids(everyPathMatched(files, defaultSettings, list, head)), files[0]);
        assert.deepEqual(ids(familiesFor(files, defaultSettings, list)), ids(everyPathMatched(files, defaultSettings, list)), files[0]);
      }
    }
    assert.ok(sets.length > 20, `${sets.length} sets`);
  });
});
