// The layering check can fail: each kind of violation it exists for is planted in a copy of the
// tree, and scripts/layering.mjs (what `npm test` runs) must name each one. Nothing is whitelisted,
// so re-adding an import the rules forbid fails the build.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { copyRepository } from '../../tempdir';

/** Each planted file, by the rule it must break. */
const planted: Record<string, Record<string, string>> = {
  'no-cycles': {
    'server/src/common/plantedCycleA.ts': "import { b } from './plantedCycleB';\nexport const a = () => b;\n",
    'server/src/common/plantedCycleB.ts': "import { a } from './plantedCycleA';\nexport const b = () => a;\n",
  },
  // Only through a chain: the pure file imports a module no direct rule names, which reads the disk.
  'pure-reaches-no-io': {
    'server/src/plantedMiddle/read.ts': "import { readFileSync } from 'node:fs';\nexport const read = (file: string) => readFileSync(file, 'utf8');\n",
    'server/src/common/plantedReach.ts': "import { read } from '../plantedMiddle/read';\nexport const reach = read;\n",
  },
  'domains-not-engines': {
    'server/src/adr/plantedEngine.ts': "import { errorMessage } from '../engines/core/job';\nexport const describe = errorMessage;\n",
  },
  'transport-no-family': {
    'server/src/lsp/plantedFamily.ts': "import { registerBlurRequests } from '../engines/blur/register';\nexport const blur = registerBlurRequests;\n",
  },
  'client-only-protocol': {
    'client/src/plantedServer.ts': "import { defaultSettings } from '../../server/src/settings';\nexport const settings = defaultSettings;\n",
  },
};

/**
 * Pure by default (issue #36): an `fs` import planted in a folder no list names — a family's folder
 * the rules once forgot (validate/), and a folder this test creates — fails as in any pure folder.
 */
const plantedInPureFolders: Record<string, string> = {
  'server/src/validate/plantedRead.ts': "import { readFileSync } from 'node:fs';\nexport const read = (file: string) => readFileSync(file, 'utf8');\n",
  'server/src/plantedNewFamily/rules.ts': "import { existsSync } from 'node:fs';\nexport const there = (file: string) => existsSync(file);\n",
};

/**
 * A family by default (issue #53): the transport importing a folder no list names — one this test
 * creates, as a new family's would be — fails as an import of any family does.
 */
const plantedTransportImports: Record<string, string> = {
  'server/src/plantedTransportFamily/feature.ts': "export const feature = { id: 'planted' };\n",
  'server/src/lsp/plantedTransportImport.ts': "import { feature } from '../plantedTransportFamily/feature';\nexport const planted = feature;\n",
};

/**
 * A family's folder is private to it (issue #63): Terraform's secrets check importing Compose's rules
 * fails (no list of families names either); a family's face, <family>/api.ts, is what others import.
 */
const familyThroughApi = 'server/src/terraform/checks/secrets.ts';
const plantedFamilyImports: Record<string, string> = {
  [familyThroughApi]: `import { composeRules } from '../../compose/rules';\nexport const plantedComposeRules = composeRules;\n${readFileSync(path.join(repoRoot, familyThroughApi), 'utf8')}`,
};

/**
 * The folder graph (issue #63), dependency-cruiser's graph grouped by folder: a folder importing a
 * layer above its own (l10n/, the bottom, → a family's), two folders importing each other through their faces
 * (no file cycle), and three in a ring.
 */
const plantedFolders: Record<string, string> = {
  'server/src/l10n/plantedBackUp.ts': "import { up } from '../plantedUpFamily/up';\nexport const down = up;\n",
  'server/src/plantedUpFamily/up.ts': 'export const up = 1;\n',
  'server/src/plantedFamilyA/api.ts': 'export const a = 1;\n',
  'server/src/plantedFamilyA/uses.ts': "import { b } from '../plantedFamilyB/api';\nexport const usesB = b;\n",
  'server/src/plantedFamilyB/api.ts': 'export const b = 2;\n',
  'server/src/plantedFamilyB/uses.ts': "import { a } from '../plantedFamilyA/api';\nexport const usesA = a;\n",
  'server/src/plantedRingA/api.ts': 'export const a = 1;\n',
  'server/src/plantedRingA/uses.ts': "import { c } from '../plantedRingC/api';\nexport const usesC = c;\n",
  'server/src/plantedRingB/api.ts': 'export const b = 2;\n',
  'server/src/plantedRingB/uses.ts': "import { a } from '../plantedRingA/api';\nexport const usesA = a;\n",
  'server/src/plantedRingC/api.ts': 'export const c = 3;\n',
  'server/src/plantedRingC/uses.ts': "import { b } from '../plantedRingB/api';\nexport const usesB = b;\n",
};
/**
 * Every folder graph violation of the planted tree: the three above, and those the other plants make
 * (common/ reaching a folder of its own, a family importing engines/core). Nothing else: the tree
 * itself has none.
 */
const expectedFolderViolations = [
  'folder-back-up: adr → engines/core',
  'folder-back-up: common → plantedMiddle',
  'folder-back-up: l10n → plantedUpFamily',
  'folder-cycle: plantedFamilyA, plantedFamilyB import each other',
  'folder-cycle: plantedRingA, plantedRingB, plantedRingC import each other',
  'folder-mutual: plantedFamilyA ↔ plantedFamilyB',
];

/**
 * One bounded way to read a file (issue #50): a whole-file read or an open for reading named in the
 * composition root, an engine or the CLI — by name, on the module, on `promises` — fails; an open
 * to write, a read of a descriptor opened to write, and disk/'s own reads pass.
 */
const plantedReads: Record<string, string> = {
  'server/src/engines/plantedReadByName.ts': "import { readFileSync } from 'node:fs';\nexport const read = (file: string) => readFileSync(file, 'utf8');\n",
  'server/src/families/plantedReadOnPromises.ts': "import { promises as fs } from 'node:fs';\nexport const read = (file: string) => fs.readFile(file);\n",
  'server/src/cli/plantedOpenToRead.ts': "import { open } from 'node:fs/promises';\nexport const read = async (file: string) => (await open(file, 'r')).readFile();\n",
  'server/src/engines/plantedStream.ts': "import * as fs from 'node:fs';\nexport const stream = (file: string) => fs.createReadStream(file);\n",
};
const plantedAllowedReads: Record<string, string> = {
  'server/src/engines/plantedWrite.ts': "import { openSync, readSync, writeSync } from 'node:fs';\nexport const spill = (file: string, b: Buffer) => { const fd = openSync(file, 'wx+'); writeSync(fd, b); return readSync(fd, b, 0, 1, 0); };\n",
  'server/src/disk/plantedDiskRead.ts': "import { readFileSync } from 'node:fs';\nexport const read = (file: string) => readFileSync(file);\n",
};

describe('the layering check (scripts/layering.mjs)', function () {
  // Two dependency-cruiser runs over the whole tree: ~1 min on a quiet 2-core machine; 180 s was passed at load 20-30.
  this.timeout(600_000);

  it('fails on each kind of violation planted in a copy of the tree, naming its rule', () => {
    const entries = ['client/src', 'server/src', 'webviews', 'scripts/lib/layers.cjs', 'scripts/lib/folder-graph.cjs', 'scripts/lib/help.mjs', 'scripts/layering.mjs', '.dependency-cruiser.cjs', '.dependency-cruiser-values.cjs', 'tsconfig.json', 'tsconfig.base.json'];
    const tree = copyRepository(repoRoot, entries, Object.assign({}, ...Object.values(planted), plantedInPureFolders, plantedTransportImports, plantedFamilyImports, plantedFolders, plantedReads, plantedAllowedReads) as Record<string, string>);
    const copy = tree.root;
    try {
      const result = spawnSync(process.execPath, [path.join(copy, 'scripts', 'layering.mjs'), copy], { encoding: 'utf8' });
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.status, 1, output);
      for (const [rule, files] of Object.entries(planted)) {
        const planter = Object.keys(files).at(-1)!;
        assert.ok(output.includes(`${rule}: ${planter}`) || output.includes(`${rule}: ${Object.keys(files)[0]}`), `${rule} not reported for ${planter}:\n${output}`);
      }
      for (const file of Object.keys(plantedInPureFolders)) assert.ok(output.includes(`pure-services-no-io: ${file}`), `pure-services-no-io not reported for ${file}:\n${output}`);
      assert.ok(output.includes('transport-no-family: server/src/lsp/plantedTransportImport.ts'), `transport-no-family not reported for a folder no list names:\n${output}`);
      for (const [file, name] of [['server/src/engines/plantedReadByName.ts', 'readFileSync'], ['server/src/families/plantedReadOnPromises.ts', 'readFile'], ['server/src/cli/plantedOpenToRead.ts', 'open'], ['server/src/engines/plantedStream.ts', 'createReadStream']]) {
        assert.ok(output.includes(`fs-reads-through-disk: ${file}:2 ${name}`), `fs-reads-through-disk not reported for ${file}:\n${output}`);
      }
      for (const file of Object.keys(plantedAllowedReads)) assert.ok(!output.includes(`fs-reads-through-disk: ${file}`), `${file} is not a read outside disk/:\n${output}`);
      // Only the planted import of another family's inside: the plants through a face (api.ts) pass, and the tree has none.
      assert.deepEqual(output.match(/family-through-api: \S+ → \S+/g), [`family-through-api: ${familyThroughApi} → server/src/compose/rules.ts`], output);
      const folders = (output.match(/folder-(?:back-up|mutual|cycle): [^(\n]*/g) ?? []).map((line) => line.replace(/, a layer above it/, '').trim()).sort();
      assert.deepEqual(folders, expectedFolderViolations, output);
    } finally {
      tree.remove();
    }
  });
});

describe('the layers (scripts/lib/layers.cjs)', () => {
  it('every folder under server/src/ is a runtime folder, the engines, or pure', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const layers = require(path.join(repoRoot, 'scripts', 'lib', 'layers.cjs')) as { PURE: string[]; RUNTIME_FOLDERS: string[]; ENGINES_FOLDER: string };
    const pure = layers.PURE.map((pattern) => new RegExp(pattern));
    const folders = readdirSync(path.join(repoRoot, 'server', 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const unlisted = folders.filter((folder) => !layers.RUNTIME_FOLDERS.includes(folder) && folder !== layers.ENGINES_FOLDER && !pure.some((re) => re.test(`server/src/${folder}/any.ts`)));
    assert.deepEqual(unlisted, [], 'folders under server/src/ in no layer');
    assert.ok(pure.some((re) => re.test('server/src/aNewFamily/rules.ts')), 'a new folder is pure by default');
    assert.ok(!pure.some((re) => re.test('server/src/aNewFamily/host.ts')), "a family's host.ts reads the disk for it, not pure");
    assert.ok(pure.some((re) => re.test('server/src/aNewFamily/checks/host.ts')), 'a host.ts is at the top of the family folder');
  });

  it("the folder graph's layers name folders that exist; a folder no list names is a family's, whose face is its api.ts", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const layers = require(path.join(repoRoot, 'scripts', 'lib', 'layers.cjs')) as { LAYERS: string[][]; FAMILY_LAYER: number; SHARED_FOLDERS: string[]; FAMILY_FOLDER: string; FAMILY_FACE: string; folderOf: (file: string) => string | undefined; layerOf: (folder: string) => number };
    const source = path.join(repoRoot, 'server', 'src');
    const files = readdirSync(source, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.ts'));
    const folders = new Set(files.map((entry) => layers.folderOf(path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))));
    for (const pattern of layers.LAYERS.flat()) assert.ok([...folders].some((folder) => folder !== undefined && new RegExp(`^(${pattern})$`).test(folder)), `${pattern} is a layer of no folder`);
    for (const folder of layers.SHARED_FOLDERS) assert.ok(existsSync(path.join(source, folder)), `${folder} is shared but not under server/src/`);
    const family = new RegExp(layers.FAMILY_FOLDER);
    assert.equal(family.exec('server/src/aNewFamily/checks/rules.ts')?.[1], 'aNewFamily');
    for (const folder of [...layers.SHARED_FOLDERS, 'families', 'engines', 'lsp', 'cli']) assert.ok(!family.test(`server/src/${folder}/any.ts`), `${folder}/ is not a family's`);
    assert.equal(layers.layerOf('aNewFamily'), layers.FAMILY_LAYER);
    assert.equal(layers.folderOf('server/src/terraform/checks/secrets.ts'), 'terraform');
    assert.equal(layers.folderOf('server/src/terraform/host.ts'), 'terraform/host.ts', "a family's host file is a node of its own, above the pure folders");
    assert.ok(layers.layerOf('terraform/host.ts') < layers.layerOf('platform') && layers.layerOf('families') < layers.layerOf('terraform/host.ts'));
    assert.ok(new RegExp(layers.FAMILY_FACE).test('server/src/kubernetes/api.ts') && !new RegExp(layers.FAMILY_FACE).test('server/src/kubernetes/model/api.ts'));
  });

  it("the transport's kernel is a short list of folders that exist; every other folder is a family to lsp/", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const layers = require(path.join(repoRoot, 'scripts', 'lib', 'layers.cjs')) as { FAMILIES: string[]; TRANSPORT_KERNEL: string[] };
    const family = layers.FAMILIES.map((pattern) => new RegExp(pattern));
    for (const folder of layers.TRANSPORT_KERNEL) assert.ok(existsSync(path.join(repoRoot, 'server', 'src', folder)), `${folder} is in the kernel list but not under server/src/`);
    for (const folder of ['aNewFamily', 'compose', 'families', 'startup', 'cli', 'engines/aNewFamily']) assert.ok(family.some((re) => re.test(`server/src/${folder}/feature.ts`)), `${folder}/ is out of the transport's reach`);
    for (const file of ['server/src/cliMain.ts', 'server/src/serverMain.ts']) assert.ok(family.some((re) => re.test(file)), `${file} is out of the transport's reach`);
    for (const folder of layers.TRANSPORT_KERNEL) assert.ok(!family.some((re) => re.test(`server/src/${folder}/any.ts`)), `${folder}/ is the kernel`);
  });
});
