// Quiet installs: npm hears nothing from the project's own files. No .npmrc key npm does not know
// (npm warns "Unknown project config" on every command); every dependency with an install script is
// reviewed in package.json's allowScripts, onnxruntime-node's denied (its script downloads CUDA
// binaries; Archipel uses the CPU ones the package ships). No package in the lockfile refuses the
// oldest Node the project declares (npm prints five EBADENGINE lines for each one that does).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as semver from 'semver';
import { repoRoot } from '../../helpers';

interface LockPackage {
  version?: string;
  hasInstallScript?: boolean;
  optional?: boolean;
  // Old packages may still carry the pre-npm-3 array form; npm only checks the object form.
  engines?: Record<string, string> | string[];
}

describe('install noise', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
    engines?: Record<string, string>;
  };
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

  it('declares a Node range whose oldest version every locked package accepts (no EBADENGINE on install)', () => {
    const declared = manifest.engines?.node;
    assert.ok(declared !== undefined && semver.validRange(declared) !== null, 'package.json engines.node');
    const oldest = semver.minVersion(declared);
    assert.ok(oldest !== null);
    assert.equal(oldest.major, 20, 'the project supports Node 20');
    const refusing = Object.entries(lock.packages)
      .filter(([where, p]) => where !== '' && !Array.isArray(p.engines) && typeof p.engines?.node === 'string')
      .filter(([, p]) => !semver.satisfies(oldest, (p.engines as Record<string, string>).node, { includePrerelease: true }))
      .map(([where, p]) => `${where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${p.version ?? '?'} wants node ${(p.engines as Record<string, string>).node}`);
    assert.deepEqual(refusing, [], `pin a release that supports Node ${oldest.version} (package.json overrides for transitive ones)`);
  });
});
