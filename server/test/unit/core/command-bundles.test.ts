// The commands that run from a bundle of their own (a family command's `standalone`, families/
// descriptor.ts): bin.ts starts `archipel blur` from dist/server/blurCli.js, which holds the blur
// command and none of the CLI's kernel (every family's features, rules, check), and the process
// around the command (cli/process.ts) behaves as it does through cliMain.js. Built by `npm test`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { standaloneCommands } from '../../../src/families/derived';
import type { Family } from '../../../src/families/descriptor';
import { families } from '../../../src/families/index';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const dist = path.join(repoRoot, 'dist', 'server');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [path.join(dist, 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, ARCHIPEL_LANG: 'en', ...env } });

describe('command bundles (a family command run without the CLI kernel)', function () {
  this.timeout(120_000);

  it('blur and exp run from blurCli.js and expCli.js, built from their entries; cliMain.js still holds the commands for `--lang fr blur`', () => {
    const { entries, bundles } = standaloneCommands(families);
    assert.deepEqual(bundles, { blur: 'blurCli', exp: 'expCli', privacy: 'privacyCli' });
    assert.deepEqual(entries, { blurCli: 'server/src/cli/blurCli.ts', expCli: 'server/src/cli/expCli.ts', privacyCli: 'server/src/cli/privacyCli.ts' });
    const commandModule: Record<string, string> = { blurCli: 'server/src/cli/blur.ts', expCli: 'server/src/cli/experiments.ts', privacyCli: 'server/src/cli/privacy.ts' };
    const bin = readFileSync(path.join(dist, 'cli.js'), 'utf8');
    assert.ok(bin.includes('blurCli'), 'bin.ts is built with the map of command bundles');
    for (const [bundle, entry] of Object.entries(entries)) {
      assert.ok(existsSync(path.join(repoRoot, entry)), entry);
      // The bundle is minified in every build (esbuild.mjs): its inputs are named by its source map.
      const sources = (JSON.parse(readFileSync(path.join(dist, `${bundle}.js.map`), 'utf8')) as { sources: string[] }).sources
        .map((source) => path.relative(repoRoot, path.resolve(dist, source)).split(path.sep).join('/'));
      assert.ok(sources.includes(commandModule[bundle]), `${bundle} holds the command`);
      for (const kernel of ['families/index.ts', 'platform/project.ts', 'service.ts', 'kubernetes/', 'workflows/']) {
        assert.ok(!sources.some((source) => source.startsWith(`server/src/${kernel}`)), `${bundle} holds ${kernel}`);
      }
    }
  });

  it('a bundle named twice for two entries is refused', () => {
    const command = (entry: string) => ({ names: [entry], usage: '', run: async () => 0, standalone: { bundle: 'x', entry } });
    const list = [{ id: 'a', title: 'a', commands: [command('a.ts')] }, { id: 'b', title: 'b', commands: [command('b.ts')] }] as unknown as Family[];
    assert.throws(() => standaloneCommands(list), /command bundle x declared twice/);
  });

  it('the process around it: help, usage errors (exit 2), --lang before or after the name, a bad --lang', () => {
    const help = cli(['blur', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage:\n {2}archipel blur \[PATH\.\.\.\]/);
    const bad = cli(['blur', '--bogus']);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'archipel: unknown option "--bogus" for archipel blur (see archipel --help)\n');
    for (const args of [['blur', '--lang', 'fr', '--bogus'], ['--lang=fr', 'blur', '--bogus']]) {
      const french = cli(args);
      assert.equal(french.status, 2, args.join(' '));
      assert.match(french.stderr, /\(voir archipel --help\)\n$/, args.join(' '));
    }
    const lang = cli(['blur', '--lang', 'de', 'x.jpg']);
    assert.equal(lang.status, 2);
    assert.equal(lang.stderr, 'archipel: --lang expects en or fr, got "de"\n');
    const missing = cli(['blur', 'no-such-image.jpg']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file or folder: .*no-such-image\.jpg/);
  });

  it('exp from expCli.js answers as through cliMain.js (`--lang en exp`): the same output, errors and status', () => {
    const tree = makeTree({ 'README.md': 'not a repository\n' });
    try {
      const run = (args: string[]) => spawnSync(process.execPath, [path.join(dist, 'cli.js'), ...args], { cwd: tree.root, encoding: 'utf8', env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: path.join(tree.root, '.cache') } });
      for (const args of [['show', '--format', 'json'], ['show'], ['--bogus'], ['--help']]) {
        const alone = run(['exp', ...args]);
        const kernel = run(['--lang', 'en', 'exp', ...args]);
        assert.deepEqual({ status: alone.status, stdout: alone.stdout, stderr: alone.stderr }, { status: kernel.status, stdout: kernel.stdout, stderr: kernel.stderr }, args.join(' '));
      }
      // French from the bundle's own catalogue, as through the kernel.
      const french = run(['exp', '--lang', 'fr', 'show', '--bogus']);
      const frenchKernel = run(['--lang', 'fr', 'exp', 'show', '--bogus']);
      assert.deepEqual([french.status, french.stderr], [frenchKernel.status, frenchKernel.stderr]);
      assert.notEqual(french.stderr, run(['exp', 'show', '--bogus']).stderr, 'the message is in French');
    } finally {
      tree.remove();
    }
  });
});
