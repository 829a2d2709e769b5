// The packages bundled with a patch (scripts/lib/patched-bundle.mjs): jsdom into the Mermaid
// worker. Each patch must find the code it replaces
// exactly once in the installed package, and the files it points to must exist; a changed package
// must fail loudly rather than be bundled unpatched. The bundles themselves are exercised where
// they run: mermaid-worker-bundle.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../helpers';

interface Patch {
  file: string;
  anchor: string;
  replacement: string;
}

interface PatchedBundleModule {
  installedPath(file: string): string;
  patchSource(patch: Patch, source: string): string;
}

interface PackagePatches {
  PATCHES: Patch[];
  RUNTIME_FILES: string[];
}

const load = async <T>(name: string) => (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'lib', name)).href)) as T;

for (const [name, what] of [['jsdom-bundle.mjs', 'jsdom (Mermaid worker)']] as const) {
  describe(`bundle patches: ${what}`, () => {
    it('each patch finds its code exactly once in the installed package, and refuses changed code', async () => {
      const lib = await load<PatchedBundleModule>('patched-bundle.mjs');
      const { PATCHES } = await load<PackagePatches>(name);
      assert.ok(PATCHES.length > 0);
      for (const patch of PATCHES) {
        const source = readFileSync(lib.installedPath(patch.file), 'utf8');
        const patched = lib.patchSource(patch, source);
        assert.ok(patched.includes(patch.replacement) && !patched.includes(patch.anchor), patch.file);
        assert.throws(() => lib.patchSource(patch, source.replace(patch.anchor, '')), /review the patch for this version of the package/);
        assert.throws(() => lib.patchSource(patch, source + patch.anchor), /review the patch/, 'an anchor found twice is refused too');
      }
    });

    it('the files the patched code reads at run time are installed', async () => {
      const lib = await load<PatchedBundleModule>('patched-bundle.mjs');
      const { RUNTIME_FILES } = await load<PackagePatches>(name);
      for (const file of RUNTIME_FILES) assert.ok(existsSync(lib.installedPath(file)), file);
    });
  });
}
