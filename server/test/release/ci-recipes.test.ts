// The CI recipes of the documentation run as written (#98): every GitHub/Gitea workflow of docs/ci.md,
// docs/diff.md and docs/monorepo.md, in a scratch repository (the example workspace committed on a base
// branch, a pull request's change on top, cloned from a bare "origin" as actions/checkout with
// fetch-depth 0 leaves it), each `run:` step in order under bash as a runner runs it (`-eo pipefail`),
// with the runner's RUNNER_TEMP and GITHUB_PATH. The install step gets the VSIX `npm test` has just
// packaged (ARCHIPEL_VSIX: the vsix layer sets it) from a `file:` URL, and its real checksum; the steps
// that call a forge's API (a secret's token, actions/github-script) are the only ones left out. Runs in
// the vsix layer only: without the VSIX there is nothing a runner would install.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { repoRoot } from '../helpers';
import { makeTree } from '../tempdir';

const PAGES = ['docs/ci.md', 'docs/diff.md', 'docs/monorepo.md'];

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

/** The workflows a page writes: its ```yaml blocks that hold jobs, with the line each starts on. */
function workflows(page: string): { where: string; steps: Step[] }[] {
  const text = readFileSync(path.join(repoRoot, page), 'utf8');
  const found: { where: string; steps: Step[] }[] = [];
  for (const m of text.matchAll(/^```yaml\n([\s\S]*?)^```/gm)) {
    const document = parse(m[1]) as { jobs?: Record<string, { steps?: Step[] }> } | null;
    if (!document?.jobs) continue;
    const line = text.slice(0, m.index).split('\n').length;
    for (const [job, { steps }] of Object.entries(document.jobs)) found.push({ where: `${page}:${line} (${job})`, steps: steps ?? [] });
  }
  return found;
}

const git = (cwd: string, ...args: string[]) => {
  const run = spawnSync('git', ['-c', 'user.name=Recipe', '-c', 'user.email=recipe@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
};

describe('the CI recipes of the docs, as a runner runs them (#98)', function () {
  this.timeout(600_000);
  const vsix = process.env.ARCHIPEL_VSIX;

  it('the vsix layer gives this test its VSIX and its checksum file', function () {
    assert.ok(vsix && existsSync(vsix), `ARCHIPEL_VSIX: ${vsix}`);
    const [sum, name] = readFileSync(`${vsix}.sha256`, 'utf8').trim().split(/\s+/);
    assert.equal(name, path.basename(vsix));
    assert.equal(sum, createHash('sha256').update(readFileSync(vsix)).digest('hex'));
  });

  it('every page writes its workflows with the install step and no npx', function () {
    const all = PAGES.flatMap(workflows);
    assert.ok(all.length >= 4, `${all.length} workflows`);
    for (const { where, steps } of all) {
      const install = steps.findIndex((s) => s.run?.includes('sha256sum -c') === true);
      const first = steps.findIndex((s) => /\barchipel\b/.test(s.run ?? '') && s !== steps[install]);
      assert.ok(install >= 0 && install < first, `${where}: the install step before the first archipel step`);
      assert.ok(!steps.some((s) => /\bnpx\b/.test(s.run ?? '')), `${where}: npx`);
    }
    // Nor in a step snippet that is not a whole workflow (the pages' prose may say why not).
    for (const page of PAGES) for (const m of readFileSync(path.join(repoRoot, page), 'utf8').matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) assert.doesNotMatch(m[1], /\bnpx\b/, page);
  });

  it('each workflow\'s steps pass in a scratch repository with a pull request\'s change', function () {
    assert.ok(vsix && existsSync(vsix), `ARCHIPEL_VSIX: ${vsix}`);
    const sha256 = createHash('sha256').update(readFileSync(vsix)).digest('hex');
    const tree = makeTree({});
    try {
      // The base branch: the example workspace as git tracks it; origin a bare clone of it.
      const base = path.join(tree.root, 'base');
      mkdirSync(base);
      const tracked = spawnSync('git', ['-C', repoRoot, 'ls-files', '-z', '--', 'examples/portfolio'], { encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
      for (const file of tracked) {
        const to = path.join(base, path.relative('examples/portfolio', file));
        mkdirSync(path.dirname(to), { recursive: true });
        writeFileSync(to, readFileSync(path.join(repoRoot, file)));
      }
      git(base, 'init', '-q');
      git(base, 'add', '-A');
      git(base, 'commit', '-qm', 'base');
      git(tree.root, 'clone', '-q', '--bare', base, 'origin.git');
      // The pull request: a change on a branch, checked out with the whole history (fetch-depth: 0).
      const work = path.join(tree.root, 'work');
      git(tree.root, 'clone', '-q', 'origin.git', 'work');
      git(work, 'checkout', '-qb', 'change');
      writeFileSync(path.join(work, 'NOTES.md'), '# Notes\n\nA pull request\'s change.\n');
      git(work, 'add', '-A');
      git(work, 'commit', '-qm', 'change');

      let ran = 0;
      for (const { where, steps } of PAGES.flatMap(workflows)) {
        const temp = path.join(tree.root, `runner-${ran}`);
        mkdirSync(temp);
        const githubPath = path.join(temp, 'github_path');
        writeFileSync(githubPath, '');
        git(work, 'clean', '-qfdx');
        const expression = (value: string) =>
          value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, name: string) => {
            const values: Record<string, string> = { 'github.base_ref': 'main', 'vars.ARCHIPEL_URL': pathToFileURL(vsix).href, 'vars.ARCHIPEL_SHA256': sha256 };
            if (!(name in values)) throw new Error(`${where}: \${{ ${name} }} has no value in this test`);
            return values[name];
          });
        for (const step of steps) {
          // actions/checkout and actions/setup-node: the clone above and this Node; the forge's API is not here.
          if (step.uses || !step.run || JSON.stringify(step).includes('secrets.')) continue;
          const added = readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse();
          const env: NodeJS.ProcessEnv = {
            PATH: [...added, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
            HOME: path.join(temp, 'home'),
            RUNNER_TEMP: temp,
            GITHUB_PATH: githubPath,
            GITHUB_WORKSPACE: work,
            CI: 'true',
            LANG: 'C.UTF-8',
            ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expression(String(v))])),
          };
          const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expression(step.run)], { cwd: work, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
          assert.equal(run.status, 0, `${where}, step "${step.name ?? step.run}": exit ${run.status}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
          ran++;
          if (/\barchipel\b/.test(step.run) && !step.run.includes('sha256sum')) {
            // The archipel the step ran is the VSIX's, from the PATH the install step extended.
            const which = spawnSync('bash', ['-c', 'command -v archipel'], { env, encoding: 'utf8' }).stdout.trim();
            assert.equal(which, path.join(temp, 'archipel', 'extension', 'bin', 'archipel'), where);
          }
        }
        for (const output of ['archdiff.md', 'archipel.sarif']) {
          if (steps.some((s) => s.run?.includes(`> ${output}`))) assert.ok(readFileSync(path.join(work, output), 'utf8').length > 0, `${where}: ${output}`);
        }
        if (steps.some((s) => s.run?.includes('> archipel.sarif'))) assert.equal((JSON.parse(readFileSync(path.join(work, 'archipel.sarif'), 'utf8')) as { version: string }).version, '2.1.0');
      }
      assert.ok(ran >= 10, `${ran} steps run`);
    } finally {
      tree.remove();
    }
  });
});
