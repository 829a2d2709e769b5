// Quiet installs: npm hears nothing from the project's own files. No .npmrc key npm does not know
// (npm warns "Unknown project config" on every command); every dependency with an install script is
// reviewed in package.json's allowScripts, onnxruntime-node's denied (its script downloads CUDA
// binaries; Archipel uses the CPU ones the package ships).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers';

interface LockPackage {
  hasInstallScript?: boolean;
  optional?: boolean;
}

describe('install noise', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };

  it('has no .npmrc of its own (its keys would be unknown to npm and warned about)', () => {
    assert.equal(existsSync(path.join(repoRoot, '.npmrc')), false);
  });

  it('reviews every dependency with an install script in allowScripts, and denies onnxruntime-node\'s', () => {
    const policy = manifest.allowScripts ?? {};
    assert.equal(policy['onnxruntime-node'], false);
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript === true)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    assert.ok(withScripts.includes('onnxruntime-node'));
    assert.deepEqual([...new Set(withScripts.filter((name) => !(name in policy)))], [], 'add them to package.json allowScripts (npm approve-scripts / deny-scripts)');
  });
});
