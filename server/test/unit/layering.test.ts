// The layering check can fail: each kind of violation it exists for is planted in a copy of the
// tree, and scripts/layering.mjs (what `npm test` runs) must name each one. Nothing is whitelisted,
// so re-adding an import the rules forbid fails the build.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers';

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

describe('the layering check (scripts/layering.mjs)', function () {
  this.timeout(180_000);

  it('fails on each kind of violation planted in a copy of the tree, naming its rule', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'archipel-layering-'));
    try {
      const skip = (source: string) => !/[\\/](node_modules|out|dist)([\\/]|$)/.test(path.relative(repoRoot, source));
      for (const entry of ['client/src', 'server/src', 'webviews', 'scripts/lib/layers.cjs', 'scripts/layering.mjs', '.dependency-cruiser.cjs', '.dependency-cruiser-values.cjs', 'tsconfig.json', 'tsconfig.base.json']) {
        cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true, filter: skip });
      }
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
      for (const files of Object.values(planted)) {
        for (const [file, text] of Object.entries(files)) {
          mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
          writeFileSync(path.join(copy, file), text);
        }
      }
      const result = spawnSync(process.execPath, [path.join(copy, 'scripts', 'layering.mjs'), copy], { encoding: 'utf8' });
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.status, 1, output);
      for (const [rule, files] of Object.entries(planted)) {
        const planter = Object.keys(files).at(-1)!;
        assert.ok(output.includes(`${rule}: ${planter}`) || output.includes(`${rule}: ${Object.keys(files)[0]}`), `${rule} not reported for ${planter}:\n${output}`);
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
