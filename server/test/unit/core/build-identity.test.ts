// What a speed-only cache is keyed by (disk/cacheFolder.ts buildIdentity): a rebuilt module must not trust what an
// older build stored. In the CLI a chunk has no file of its own (startup/codeCache.ts reads it from the pack beside
// the bundle): the pack stands for it, so the pipeline parse cache, the index cache and the rule summaries are not
// shared across builds (they were, under an "unknown" build, before #68).
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIdentity } from '../../../src/disk/cacheFolder';
import { makeTree } from '../../tempdir';

describe('build identity of a module, for the caches', () => {
  it('a module file of its own: its name, size and time; a rebuild (new time or size) gives another', () => {
    const tree = makeTree({ 'dist/server.js': 'one' });
    try {
      const file = path.join(tree.root, 'dist', 'server.js');
      const first = buildIdentity(file);
      assert.ok(first?.includes('server.js'));
      utimesSync(file, new Date(2030, 0, 1), new Date(2030, 0, 1));
      assert.notEqual(buildIdentity(file), first);
      writeFileSync(file, 'longer');
      assert.notEqual(buildIdentity(file), first);
    } finally {
      tree.remove();
    }
  });

  it('a chunk read from the pack: the chunk\'s name and the pack\'s size and time; a new pack gives another', () => {
    const tree = makeTree({ 'dist/cliMain-parts.pack': 'pack' });
    try {
      const chunk = path.join(tree.root, 'dist', 'cliMain-ABC123.js');
      const first = buildIdentity(chunk);
      assert.ok(first?.startsWith('cliMain-ABC123.js\0cliMain-parts.pack:'), first);
      assert.notEqual(buildIdentity(path.join(tree.root, 'dist', 'cliMain-DEF456.js')), first, 'another chunk, another identity');
      utimesSync(path.join(tree.root, 'dist', 'cliMain-parts.pack'), new Date(2030, 0, 1), new Date(2030, 0, 1));
      assert.notEqual(buildIdentity(chunk), first);
    } finally {
      tree.remove();
    }
  });

  it('files it also depends on count; with no file at all there is no identity (nothing is to be kept)', () => {
    const tree = makeTree({ 'dist/lazy/vendor.js': 'v1' });
    try {
      const chunk = path.join(tree.root, 'dist', 'cliMain-ABC123.js');
      assert.equal(buildIdentity(chunk), undefined);
      const vendor = path.join(tree.root, 'dist', 'lazy', 'vendor.js');
      const first = buildIdentity(chunk, [vendor]);
      assert.ok(first?.includes('vendor.js:'));
      writeFileSync(vendor, 'v2 longer');
      assert.notEqual(buildIdentity(chunk, [vendor]), first);
    } finally {
      tree.remove();
    }
  });
});
