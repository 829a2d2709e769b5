// Issue #92: what is kept between runs (disk/kept.ts: the index cache, the folders' listings, the one-file table, the
// family choice, the kept facts) never makes a warm check say other than a cold one. Run as a user runs it: the built
// CLI as a child process, `check --format json` in a temporary tree, warm (one cache folder kept across runs) against
// cold (an empty cache folder each time), after what tools do to files: a rewrite keeping size and mtime (`cp -p`,
// `rsync -a`, `tar x`), a folder whose mtime is set back, past and future mtimes, git checkout / stash / rebase, two
// runs at once on one cache, each cache file cut short or made read-only.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  MODE: prod\n';
/** The same size, another name: the Deployment's envFrom reads a ConfigMap the tree no longer defines (k8s-configmap-ref). */
const CONFIG_MAP_RENAMED = CONFIG_MAP.replace('app-config', 'app-confiX');
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          envFrom:\n            - configMapRef:\n                name: app-config\n';
/** A Prometheus rules file whose expression does not parse: only its head tells its family (prom-promql). */
const RULES = 'groups:\n  - name: g\n    rules:\n      - alert: HighLoad\n        expr: rate(x[5m] > 1\n';
/** Plain YAML of the rules' size: the same size, so that only the content (and the ctime) tells them apart. */
const NOTES = `title: notes\n${'#'.repeat(RULES.length - 'title: notes\n'.length - 1)}\n`;

/** What each test checks: the whole tree, a file named alone (the one-file table, the index cache), the notes file alone (the family choice). */
const CHECKS = [['.'], ['k8s/deploy.yaml'], ['notes.yaml']];

interface Outcome {
  code: number | null;
  out: string;
}

const environment = (cache: string) => ({ ...process.env, ARCHIPEL_CACHE_DIR: cache, ARCHIPEL_SUMMARY_THRESHOLD: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(os.tmpdir(), 'archipel-no-gitconfig') });

function check(root: string, args: readonly string[], cache: string): Outcome {
  const run = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'json'], { cwd: root, env: environment(cache), encoding: 'utf8' });
  return { code: run.status, out: run.stdout };
}

/** `check` in a child process, without waiting (two at once). */
function checkAsync(root: string, args: readonly string[], cache: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'check', ...args, '--format', 'json'], { cwd: root, env: environment(cache) });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The codes of an outcome's findings, for the assertions that say a case is not vacuous. */
const codes = (outcome: Outcome) => (JSON.parse(outcome.out) as { code: string }[]).map((finding) => finding.code);

/** Every file and folder under `root` (`.git` aside) set `seconds` in the past: nothing within the racy window. */
function age(root: string, seconds = 3600): void {
  const then = new Date(Date.now() - seconds * 1000);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const at = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(at);
      else utimesSync(at, then, then);
    }
    utimesSync(dir, then, then);
  }
}

/** Writes `text` over `file` and sets its mtime (and atime) back to what they were: `cp -p`, `rsync -a`, `tar x`. */
function rewriteKeepingTimes(file: string, text: string): void {
  const before = statSync(file);
  writeFileSync(file, text);
  utimesSync(file, before.atime, before.mtime);
}

function git(root: string, ...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.name=Archipel Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: root, env: { ...environment(''), GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' }, encoding: 'utf8' });
  assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.stderr}`);
}

/** Every file under `folder`. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('what is kept between runs never changes a check: warm = cold (#92)', function () {
  this.timeout(900_000);
  let root: string;
  let remove: () => void;
  let cache: string;
  const colds: string[] = [];

  beforeEach(() => {
    assert.ok(existsSync(cli), 'the built CLI (node esbuild.mjs) is needed');
    // 1,000 folders at least: the listings are kept for a tree that large only (indexCache.ts LISTED_FOLDERS).
    const files: Record<string, string> = { 'k8s/cm.yaml': CONFIG_MAP, 'k8s/deploy.yaml': DEPLOYMENT, 'notes.yaml': NOTES };
    for (let i = 0; i < 1000; i++) files[`many/f${String(i).padStart(4, '0')}/.keep`] = '';
    ({ root, remove } = makeTree(files));
    age(root);
    cache = mkdtempSync(path.join(os.tmpdir(), 'archipel-warm-'));
  });

  afterEach(() => {
    remove?.();
    for (const folder of [cache, ...colds.splice(0)]) {
      if (!folder) continue;
      spawnSync('chmod', ['-R', 'u+rwX', folder]);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  /** The outcome of a check with an empty cache folder. */
  const cold = (args: readonly string[]): Outcome => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'archipel-cold-'));
    colds.push(folder);
    return check(root, args, folder);
  };

  /** Each check twice with the warm cache: what it keeps is written, then used. */
  const warmUp = () => {
    for (const args of CHECKS) for (let i = 0; i < 2; i++) check(root, args, cache);
  };

  /** Each check warm, then warm again (the cache it wrote since), as cold. */
  const assertWarmIsCold = (label: string): Map<string, Outcome> => {
    const outcomes = new Map<string, Outcome>();
    for (const args of CHECKS) {
      const expected = cold(args);
      assert.deepEqual(check(root, args, cache), expected, `${label}: check ${args.join(' ')}, warm`);
      assert.deepEqual(check(root, args, cache), expected, `${label}: check ${args.join(' ')}, warm again`);
      outcomes.set(args.join(' '), expected);
    }
    return outcomes;
  };

  it('a file rewritten with its old size and mtime (cp -p, rsync -a, tar x)', () => {
    warmUp();
    const before = assertWarmIsCold('before');
    assert.ok(!codes(before.get('.')!).includes('k8s-configmap-ref') && !codes(before.get('.')!).includes('prom-promql'));
    rewriteKeepingTimes(path.join(root, 'k8s', 'cm.yaml'), CONFIG_MAP_RENAMED);
    rewriteKeepingTimes(path.join(root, 'notes.yaml'), RULES);
    const after = assertWarmIsCold('rewritten');
    // Not vacuous: cold sees both changes.
    assert.ok(codes(after.get('.')!).includes('k8s-configmap-ref') && codes(after.get('.')!).includes('prom-promql'), after.get('.')!.out);
    assert.ok(codes(after.get('k8s/deploy.yaml')!).includes('k8s-configmap-ref'));
    assert.ok(codes(after.get('notes.yaml')!).includes('prom-promql'));
  });

  it('a folder whose mtime is set back after a file came into it, or moved out of it', () => {
    warmUp();
    const k8s = path.join(root, 'k8s');
    const many = path.join(root, 'many', 'f0001');
    const times = [statSync(k8s), statSync(many)];
    writeFileSync(path.join(k8s, 'extra.yaml'), RULES);
    renameSync(path.join(k8s, 'cm.yaml'), path.join(many, 'cm.yaml'));
    utimesSync(k8s, times[0].atime, times[0].mtime);
    utimesSync(many, times[1].atime, times[1].mtime);
    const after = assertWarmIsCold('folders set back');
    assert.ok(after.get('.')!.out.includes('k8s/extra.yaml') && after.get('.')!.out.includes('prom-promql'));
    rmSync(path.join(many, 'cm.yaml'));
    utimesSync(many, times[1].atime, times[1].mtime);
    assert.ok(codes(assertWarmIsCold('file removed, folder set back').get('.')!).includes('k8s-configmap-ref'));
  });

  it('past and future mtimes', () => {
    warmUp();
    const cm = path.join(root, 'k8s', 'cm.yaml');
    writeFileSync(cm, CONFIG_MAP_RENAMED);
    const future = new Date(Date.now() + 24 * 3600_000);
    utimesSync(cm, future, future);
    assert.ok(codes(assertWarmIsCold('future').get('.')!).includes('k8s-configmap-ref'));
    writeFileSync(cm, CONFIG_MAP);
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(cm, past, past);
    assert.ok(!codes(assertWarmIsCold('past').get('.')!).includes('k8s-configmap-ref'));
  });

  it('git checkout, stash and rebase', () => {
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    git(root, 'checkout', '-q', '-b', 'other');
    writeFileSync(path.join(root, 'k8s', 'cm.yaml'), CONFIG_MAP_RENAMED);
    writeFileSync(path.join(root, 'notes.yaml'), RULES);
    git(root, 'commit', '-q', '-am', 'other');
    git(root, 'checkout', '-q', 'main');
    age(root);
    warmUp();
    git(root, 'checkout', '-q', 'other');
    assert.ok(codes(assertWarmIsCold('checkout other').get('.')!).includes('k8s-configmap-ref'));
    git(root, 'checkout', '-q', 'main');
    assert.ok(!codes(assertWarmIsCold('checkout main').get('.')!).includes('k8s-configmap-ref'));
    writeFileSync(path.join(root, 'k8s', 'cm.yaml'), CONFIG_MAP_RENAMED);
    assertWarmIsCold('edited');
    git(root, 'stash', '-q');
    assert.ok(!codes(assertWarmIsCold('stashed').get('.')!).includes('k8s-configmap-ref'));
    git(root, 'stash', 'pop', '-q');
    assert.ok(codes(assertWarmIsCold('stash popped').get('.')!).includes('k8s-configmap-ref'));
    git(root, 'checkout', '-q', '--', '.');
    writeFileSync(path.join(root, 'k8s', 'deploy.yaml'), DEPLOYMENT.replace('nginx:1.27', 'nginx:1.28'));
    git(root, 'commit', '-q', '-am', 'main moves');
    git(root, 'checkout', '-q', 'other');
    assertWarmIsCold('before rebase');
    git(root, 'rebase', '-q', 'main');
    assert.ok(codes(assertWarmIsCold('rebased').get('.')!).includes('k8s-configmap-ref'));
  });

  it('two runs at once on one cache', async () => {
    warmUp();
    rewriteKeepingTimes(path.join(root, 'k8s', 'cm.yaml'), CONFIG_MAP_RENAMED);
    for (const args of CHECKS) {
      const expected = cold(args);
      const both = await Promise.all([checkAsync(root, args, cache), checkAsync(root, args, cache), checkAsync(root, CHECKS[(CHECKS.indexOf(args) + 1) % CHECKS.length], cache)]);
      assert.deepEqual(both.slice(0, 2), [expected, expected], args.join(' '));
      assert.deepEqual(both[2], cold(CHECKS[(CHECKS.indexOf(args) + 1) % CHECKS.length]));
    }
    assertWarmIsCold('after runs at once');
    // No temporary file is left behind by runs that ended.
    assert.deepEqual(filesUnder(cache).filter((file) => file.endsWith('.tmp')), []);
  });

  it('each cache file cut short, emptied, damaged or made read-only', () => {
    warmUp();
    const expected = new Map(CHECKS.map((args) => [args.join(' '), cold(args)]));
    const kept = filesUnder(cache).filter((file) => !file.includes(`${path.sep}v8${path.sep}`));
    // The index cache, the listings, the one-file table, the family choice at least.
    assert.ok(kept.length >= 4, kept.join('\n'));
    for (const file of kept) {
      // Cut short (emptied alike), then damaged in its middle; each check after each (the first run writes the file anew).
      for (const damage of ['half', 'flipped'] as const) {
        const bytes = readFileSync(file);
        if (damage === 'half') truncateSync(file, bytes.length >> 1);
        else writeFileSync(file, Buffer.from(bytes.map((byte, at) => (at > 8 && at % 7 === 0 ? byte ^ 0x5a : byte))));
        for (const args of CHECKS) assert.deepEqual(check(root, args, cache), expected.get(args.join(' ')), `${path.basename(file)} ${damage}: check ${args.join(' ')}`);
      }
    }
    // Read-only: nothing can be written, the kept files are read as they are.
    for (const file of filesUnder(cache)) chmodSync(file, 0o444);
    for (const folder of [cache, ...readdirSync(cache).map((name) => path.join(cache, name))]) chmodSync(folder, 0o555);
    rewriteKeepingTimes(path.join(root, 'notes.yaml'), RULES);
    for (const args of CHECKS) assert.deepEqual(check(root, args, cache), cold(args), `read-only: check ${args.join(' ')}`);
  });

  it('a cache folder that is a file, or not writable at all, changes nothing', () => {
    mkdirSync(path.join(cache, 'index'), { recursive: true });
    writeFileSync(path.join(cache, 'families'), 'not a folder');
    for (const args of CHECKS) assert.deepEqual(check(root, args, cache), cold(args), `check ${args.join(' ')}`);
  });
});
