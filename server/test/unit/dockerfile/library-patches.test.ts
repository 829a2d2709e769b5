// The Dockerfile family's patches of dockerfile-ast and dockerfile-utils (#83): both pinned exactly, every patched
// method listed in dockerfile/patches.ts with the digest of its source in the pinned release. Read here from a
// fresh, unpatched copy of the libraries (the one the family loads is patched in place): an upgrade that changes a
// patched method fails this test, naming it, until its patch is re-read and the digest renewed.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkPatchable, owners, PATCHED, PINNED } from '../../../src/dockerfile/patches';
import type * as Vendor from '../../../src/dockerfile/vendor.lazy';
import { repoRoot } from '../../helpers';

/** The libraries as their files are, loaded again beside the copy already loaded (and patched) in this process. */
function unpatched(): typeof Vendor {
  const ours = (key: string) => /[\\/]node_modules[\\/]dockerfile-(ast|utils)[\\/]/.test(key);
  const kept = Object.entries(require.cache).filter(([key]) => ours(key));
  for (const [key] of kept) Reflect.deleteProperty(require.cache, key);
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- a second, fresh copy of the libraries is the point */
    const ast = require('dockerfile-ast') as typeof import('dockerfile-ast');
    const utils = require('dockerfile-utils') as typeof import('dockerfile-utils');
    const { Validator } = require('dockerfile-utils/lib/dockerValidator') as typeof import('dockerfile-utils/lib/dockerValidator');
    const { Parser } = require('dockerfile-ast/lib/parser') as typeof import('dockerfile-ast/lib/parser');
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { ...ast, ...utils, Validator, Parser };
  } finally {
    for (const key of Object.keys(require.cache)) if (ours(key)) Reflect.deleteProperty(require.cache, key);
    for (const [key, module] of kept) require.cache[key] = module;
  }
}

describe('Dockerfile libraries: pinned, their patches fenced (#83)', () => {
  it('package.json pins both libraries to the releases the patches are written for', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual({ 'dockerfile-ast': manifest.dependencies['dockerfile-ast'], 'dockerfile-utils': manifest.dependencies['dockerfile-utils'] }, PINNED);
    for (const [name, version] of Object.entries(PINNED)) {
      const installed = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      assert.equal(installed.version, version, name);
    }
  });

  it('every patched method of the unpatched libraries is the source each patch was written against', () => {
    const vendor = unpatched();
    checkPatchable(vendor);
    const found = owners(vendor);
    const changed = PATCHED.filter((entry) => {
      const method = Reflect.get(found[entry.owner], entry.method) as (...args: unknown[]) => unknown;
      return createHash('sha256').update(method.toString()).digest('hex').slice(0, 16) !== entry.digest;
    });
    assert.deepEqual(changed.map((entry) => `${entry.owner}.${entry.method}: re-read ${entry.patch}`), []);
  });

  it('refuses to patch a library whose patched method is gone, naming it', () => {
    const vendor = unpatched();
    Reflect.deleteProperty(vendor.Comment.prototype, 'getContent');
    assert.throws(() => checkPatchable(vendor), { message: 'dockerfile-ast/dockerfile-utils changed: Comment.getContent not found (the patches are written for dockerfile-ast 0.7.1 and dockerfile-utils 0.16.3)' });
  });

  it('the patches\' code is in patches.ts alone: no other module of the family loads the libraries or touches a prototype', () => {
    const folder = path.join(repoRoot, 'server', 'src', 'dockerfile');
    const outside = readdirSync(folder)
      .filter((name) => name.endsWith('.ts') && name !== 'patches.ts' && name !== 'vendor.lazy.ts')
      .filter((name) => /\.prototype\b|require\('\.\/vendor\.lazy'\)/.test(readFileSync(path.join(folder, name), 'utf8')));
    assert.deepEqual(outside, []);
  });
});
