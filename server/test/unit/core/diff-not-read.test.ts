// What a diff did not read is said, and its gates fail closed on it (issue #92): a LoadBalancer Service file over
// archipel.validation.maxFileSizeKb added in a branch was "no architectural change" with `--fail-on exposure`, exit 0.
// Now the file is listed as a change not judged (text, JSON `notRead`, Markdown, SARIF) and a gate fails on it unless
// `--allow-unread`; an unread file the same on both sides is no change.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/${name}:1.0.0\n          ports:\n            - containerPort: 8080\n`;
const loadBalancer = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  type: LoadBalancer\n  selector: {app: ${name}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
/** Over the default bound (4,096 KB): a comment line of 4.2 MB after the objects. */
const padded = (text: string) => `${text}# ${'x'.repeat(4_200_000)}\n`;

function repository(): { root: string; git: (...args: string[]) => void; remove: () => void } {
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'archipel-notread-')));
  const root = path.join(home, 'repo');
  mkdirSync(path.join(root, 'k8s'), { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: home };
  const git = (...args: string[]) => {
    const run = spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  };
  git('init', '-q', '-b', 'main', '.');
  writeFileSync(path.join(root, 'k8s', 'web.yaml'), deployment('web'));
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  return { root, git, remove: () => rmSync(home, { recursive: true, force: true }) };
}

function run(cwd: string, args: string[]): { status: number | null; out: string; err: string } {
  const done = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off' }, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: done.status, out: done.stdout, err: done.stderr };
}

describe('archipel diff says what it did not read, and --fail-on fails closed on it (#92)', function () {
  this.timeout(300_000); // CLI runs on a shared machine: a bound against hangs
  let repo: ReturnType<typeof repository>;
  before(() => {
    repo = repository();
    repo.git('checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(repo.root, 'k8s', 'api.yaml'), padded(`${deployment('api')}---\n${loadBalancer('api')}`));
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'a LoadBalancer over the bound');
    repo.git('checkout', '-q', 'main');
  });
  after(() => repo.remove());

  it('a branch adding a LoadBalancer file over maxFileSizeKb: --fail-on exposure exits 1 with the reason; --allow-unread judges without it', () => {
    const gated = run(repo.root, ['diff', '--base', 'main', '--head', 'feature', '--fail-on', 'exposure']);
    assert.equal(gated.status, 1, gated.err);
    assert.match(gated.err, /^archipel diff: --fail-on: 1 changed file not read, so the change is not judged \(k8s\/api\.yaml: over its size bound/m);
    assert.match(gated.out, /\n\nNot read \(1 changed file: changes not judged\):\n {2}k8s\/api\.yaml: over its size bound/);
    const allowed = run(repo.root, ['diff', '--base', 'main', '--head', 'feature', '--fail-on', 'exposure', '--allow-unread']);
    assert.deepEqual([allowed.status, allowed.err], [0, '']);
    const ungated = run(repo.root, ['diff', '--base', 'main', '--head', 'feature']);
    assert.equal(ungated.status, 0, ungated.err);
  });

  it('every format carries it: JSON notRead, a Markdown note, SARIF notifications', () => {
    const json = JSON.parse(run(repo.root, ['diff', '--base', 'main', '--head', 'feature', '--format', 'json']).out) as { notRead?: unknown };
    assert.deepEqual(json.notRead, [{ file: 'k8s/api.yaml', reason: 'too-large' }]);
    assert.match(run(repo.root, ['diff', '--base', 'main', '--head', 'feature', '--format', 'markdown']).out, /> \*\*Not read \(1 changed file: changes not judged\)\*\*\n> - `k8s\/api\.yaml: over its size bound/);
    const sarif = JSON.parse(run(repo.root, ['diff', '--base', 'main', '--head', 'feature', '--format', 'sarif']).out) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
    assert.match(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /^k8s\/api\.yaml: not read \(over its size bound/);
  });

  it('the working tree: the file added there fails the gate; committed and unchanged, it is no change', () => {
    repo.git('checkout', '-q', 'feature', '--', 'k8s/api.yaml');
    repo.git('reset', '-q');
    const untracked = run(repo.root, ['diff', '--base', 'HEAD', '--fail-on', 'exposure']);
    assert.equal(untracked.status, 1, untracked.err);
    assert.match(untracked.err, /k8s\/api\.yaml/);
    repo.git('add', 'k8s/api.yaml');
    repo.git('commit', '-q', '-m', 'the file on main too');
    const clean = run(repo.root, ['diff', '--base', 'HEAD', '--fail-on', 'exposure', '--format', 'json']);
    assert.deepEqual([clean.status, clean.err], [0, '']);
    assert.equal((JSON.parse(clean.out) as { notRead?: unknown }).notRead, undefined);
  });
});
