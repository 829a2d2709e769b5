// The built `archipel` command answers --version and --help itself (server/src/bin.ts), without
// loading the CLI bundle: its answers must stay those of cliMain.ts's `main`, byte for byte and
// exit status for exit status, and nothing of the bundle may run (no code cache is written).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../../src/cliMain';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

describe('the archipel command on --version and --help', () => {
  const tree = makeTree({ 'keep.txt': '' });
  after(() => tree.remove());

  for (const args of [['--version'], ['-v'], ['--help'], ['-h'], ['help'], []]) {
    it(`answers ${args.join(' ') || 'no argument'} as the CLI does, from the bin alone`, async () => {
      let expected = '';
      const code = await main(args, (text) => (expected += text + '\n'));
      const cacheDir = path.join(tree.root, `cache${args.join('')}`);
      const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ARCHIPEL_CACHE_DIR: cacheDir } });
      assert.equal(run.stdout, expected);
      assert.equal(run.status, code);
      assert.equal(run.stderr, '');
      // No bundle was loaded through its code cache, so none was written.
      assert.throws(() => readdirSync(cacheDir), { code: 'ENOENT' });
    });
  }

  it('answers --lang fr --version from the bin too, as the CLI does', async () => {
    let expected = '';
    // `main` with --lang sets ARCHIPEL_LANG for its process (cliMain's check threads read it): this one's, restored after.
    const before = process.env.ARCHIPEL_LANG;
    let code: number;
    try {
      code = await main(['--lang', 'fr', '--version'], (text) => (expected += text + '\n'));
    } finally {
      if (before === undefined) delete process.env.ARCHIPEL_LANG;
      else process.env.ARCHIPEL_LANG = before;
    }
    const cacheDir = path.join(tree.root, 'cache-lang-fr');
    const run = spawnSync(process.execPath, [cli, '--lang', 'fr', '--version'], { encoding: 'utf8', env: { ...process.env, ARCHIPEL_CACHE_DIR: cacheDir } });
    assert.equal(run.stdout, expected);
    assert.equal(run.status, code);
    assert.throws(() => readdirSync(cacheDir), { code: 'ENOENT' });
  });

  it('leaves a command line it cannot answer alone to the CLI bundle (a language the CLI refuses)', () => {
    const cacheDir = path.join(tree.root, 'cache-lang');
    const run = spawnSync(process.execPath, [cli, '--lang', 'xx', '--version'], { encoding: 'utf8', env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: cacheDir } });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^archipel: --lang expects en or fr, got "xx"$/m);
    assert.ok(readdirSync(cacheDir).length > 0, 'the bundle was loaded through its cache');
  });

  it('keeps one code cache per known command: other first arguments share one, and a used cache is not rewritten', () => {
    const cacheDir = path.join(tree.root, 'cache-variants');
    const env = { ...process.env, ARCHIPEL_CACHE_DIR: cacheDir };
    // One store per command for cliMain.js and its chunks (`cliMain-parts-<command hash>-<build hash>.bin`).
    const caches = () => readdirSync(path.join(cacheDir, 'v8')).filter((name) => /^cliMain-parts-[0-9a-f]+-[0-9a-f]+\.bin$/.test(name)).sort();
    const archipel = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env });
    assert.equal(archipel('rules').status, 0);
    const first = caches();
    assert.equal(first.length, 1);
    for (const args of [['rules'], ['rules', '--format', 'json']]) assert.equal(archipel(...args).status, 0);
    assert.deepEqual(caches(), first, 'the same command again: the same cache, not another');
    // Unknown first arguments (a typo, a path, an option first): one shared cache, not one each.
    for (const args of [['no-such-command-1'], ['no-such-command-2'], ['--lang', 'fr', 'rules'], ['--lang', 'en', 'rules']]) archipel(...args);
    assert.equal(caches().length, 2, caches().join(', '));
  });
});
