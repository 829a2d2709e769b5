// Git's listing rule (issue #92): a tracked file is never ignored; an untracked one follows `.gitignore`. A repository
// whose `.gitignore` matches a tracked folder (a pattern written for a binary) and a force-added file lost them in
// `check` and the map, while a revision (git objects) read them: a clean checkout's `diff --base HEAD` reported the
// folder's components removed. The working tree's listing now follows the same rule as the revision's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { scanFolder } from '../../../src/platform/scan';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/${name}:1.0.0\n`;
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  type: LoadBalancer\n  selector: {app: ${name}}\n  ports:\n    - port: 80\n`;

const gitEnv = (home: string) => ({ ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: home });

function git(cwd: string, home: string, args: string[]): void {
  const run = spawnSync('git', args, { cwd, env: gitEnv(home), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
}

/**
 * A repository whose `.gitignore` says `build/` and `extra.yaml` (written for what a build leaves), with `build/k8s/`
 * tracked (force-added) and `extra.yaml` force-added; `build/k8s/untracked.yaml`, untracked, stays ignored.
 */
function repository(): { root: string; remove: () => void } {
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'archipel-listing-')));
  const root = path.join(home, 'repo');
  const files: Record<string, string> = {
    '.gitignore': 'build/\nextra.yaml\n',
    'k8s/web.yaml': `${deployment('web')}---\n${service('web')}`,
    'build/k8s/api.yaml': `${deployment('api')}---\n${service('api')}`,
    'extra.yaml': deployment('worker'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  git(root, home, ['init', '-q', '.']);
  git(root, home, ['add', '.gitignore', 'k8s']);
  git(root, home, ['add', '-f', 'build/k8s/api.yaml', 'extra.yaml']);
  git(root, home, ['commit', '-q', '-m', 'init']);
  writeFileSync(path.join(root, 'build', 'k8s', 'untracked.yaml'), deployment('leftover'));
  return { root, remove: () => rmSync(home, { recursive: true, force: true }) };
}

function run(cwd: string, args: string[]): { status: number | null; out: string; err: string } {
  const done = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off' }, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: done.status, out: done.stdout, err: done.stderr };
}

describe("the listing follows git's rule: tracked files are never ignored (#92)", function () {
  this.timeout(300_000); // CLI runs on a shared machine: a bound against hangs
  let repo: ReturnType<typeof repository>;
  before(() => (repo = repository()));
  after(() => repo.remove());

  it('the scan lists the tracked files a .gitignore matches, not the untracked ones', async () => {
    const listed = (await scanFolder(repo.root)).map((file) => path.relative(repo.root, file).split(path.sep).join('/'));
    assert.deepEqual(listed, ['build/k8s/api.yaml', 'extra.yaml', 'k8s/web.yaml']);
    // Scanned from a folder inside: the same rule, its paths from there.
    assert.deepEqual((await scanFolder(path.join(repo.root, 'build'))).map((file) => path.relative(repo.root, file).split(path.sep).join('/')), ['build/k8s/api.yaml']);
  });

  it('outside a repository: the .gitignore rule alone, as before', async () => {
    const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'archipel-listing-')));
    try {
      mkdirSync(path.join(home, 'build'));
      writeFileSync(path.join(home, '.gitignore'), 'build/\n');
      writeFileSync(path.join(home, 'build', 'a.yaml'), 'a: 1\n');
      writeFileSync(path.join(home, 'b.yaml'), 'b: 1\n');
      assert.deepEqual((await scanFolder(home)).map((file) => path.basename(file)), ['b.yaml']);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('check reads the tracked files; the map draws them; a clean checkout has no architectural change', () => {
    const check = run(repo.root, ['check', '.']);
    // The three manifests and the `.gitignore` (a file a family reads); not the untracked file the `.gitignore` names.
    assert.match(check.err + check.out, /\b4 file\(s\) checked/);
    for (const file of ['build/k8s/api.yaml', 'extra.yaml', 'k8s/web.yaml']) assert.match(check.out, new RegExp(`^${file.replace(/\./g, '\\.')}:14:`, 'm'));
    assert.doesNotMatch(check.out, /untracked\.yaml/);
    const map = run(repo.root, ['diagram', 'system', '--format', 'json', '.']);
    assert.equal(map.status, 0, map.err);
    const names = (JSON.parse(map.out) as { nodes: { name: string }[] }).nodes.map((n) => n.name);
    for (const name of ['web', 'api', 'worker']) assert.ok(names.includes(name), `${name} not drawn: ${names.join(', ')}`);
    assert.ok(!names.includes('leftover'), 'an untracked ignored file was drawn');
    const diff = run(repo.root, ['diff', '--base', 'HEAD', '--fail-on', 'exposure']);
    assert.deepEqual([diff.status, diff.err], [0, '']);
    assert.match(diff.out, /no architectural change/);
  });
});
