// `archipel diff` (issue #80) on a git repository made in a temporary folder: the base read from git
// objects, the head the working tree or another revision; the working tree and the index untouched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { gitEnv } from '../../experiments';
import { scratchRepository } from './scratchRepository';

const compose = (extra = '', cachePorts = '') =>
  [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports: ["8080:80"]',
    '    environment:',
    '      API_URL: http://api:3000',
    '  api:',
    '    image: example/api:1.0',
    '    environment:',
    '      REDIS_URL: redis://cache:6379',
    ...(extra ? [extra] : []),
    '  cache:',
    '    image: redis:7',
    ...(cachePorts ? [cachePorts] : []),
    '',
  ].join('\n');

const worker = ['  worker:', '    image: example/api:1.0', '    environment:', '      REDIS_URL: redis://cache:6379'].join('\n');

/** Every file of the folder (.git's included) with its hash: what a run must leave as it was. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else files.set(path.relative(root, full), createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  }
  return files;
}

describe('archipel diff (issue #80)', function () {
  this.timeout(120_000);
  let repo = '';
  const scratch = scratchRepository('archipel-diff-', ({ dir }) => {
    repo = dir;
    writeFileSync(path.join(repo, 'compose.yaml'), compose());
    writeFileSync(path.join(repo, 'README.md'), '# Shop\n');
    git('add', '-A');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'the shop');
    writeFileSync(path.join(repo, 'README.md'), '# Shop\n\nHow to run it.\n');
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-am', 'docs only');
    writeFileSync(path.join(repo, 'compose.yaml'), compose(worker));
    git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-am', 'a worker');
  });
  const git = scratch.git;

  it('a Compose service added between two commits: exactly that component and its connections added', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as Record<string, unknown>;
    assert.deepEqual(diff, {
      base: { ref: 'HEAD~1', commit: git('rev-parse', 'HEAD~1').trim() },
      head: { ref: 'HEAD', commit: git('rev-parse', 'HEAD').trim() },
      components: { added: [{ id: 'compose:.:worker', kind: 'service', name: 'worker', sources: [{ file: 'compose.yaml', line: 11 }] }], removed: [], changed: [], renamed: [] },
      connections: {
        added: [
          { from: 'compose:.:worker', to: 'compose:.:cache', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 14 }], fromName: 'worker', toName: 'cache' },
          { from: 'compose:.:worker', to: 'image:example/api', kind: 'runs', label: 'runs', sources: [{ file: 'compose.yaml', line: 12 }], fromName: 'worker', toName: 'example/api' },
        ],
        removed: [],
      },
      entryPoints: { opened: [], closed: [] },
      // One Compose project: no trust boundary crossed.
      boundaries: { crossed: [], uncrossed: [] },
      // The worker's call to Redis, neither encrypted nor authenticated: the threat model's two risks on its line.
      threats: {
        raised: [
          { id: 'missing-authentication@compose-worker>redis-6379-to-cache@compose-worker@compose-cache', rule: 'threat-missing-authentication', title: 'Missing Authentication covering communication link Redis :6379 to cache from worker to cache', severity: 'elevated', stride: 'elevation-of-privilege', likelihood: 'likely', impact: 'medium', cwe: 306, path: ['compose:.:worker', 'compose:.:cache'], pathNames: ['worker', 'cache'], sources: [{ file: 'compose.yaml', line: 14 }] },
          { id: 'unencrypted-communication@compose-worker>redis-6379-to-cache@compose-worker@compose-cache', rule: 'threat-unencrypted-communication', title: 'Unencrypted Communication named Redis :6379 to cache between worker and cache', severity: 'medium', stride: 'information-disclosure', likelihood: 'unlikely', impact: 'medium', cwe: 319, path: ['compose:.:worker', 'compose:.:cache'], pathNames: ['worker', 'cache'], sources: [{ file: 'compose.yaml', line: 14 }] },
        ],
        resolved: [],
      },
      privacy: { added: [], removed: [] },
      continuity: [],
      policy: { raised: [], resolved: [] },
    });
  });

  it('the same commit the other way round: the component and its connections removed, with the base lines', async () => {
    const { code, out } = await runCli(['diff', '--base', 'HEAD', '--head', 'HEAD~1'], repo);
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        `HEAD (${git('rev-parse', 'HEAD').trim().slice(0, 12)}) → HEAD~1 (${git('rev-parse', 'HEAD~1').trim().slice(0, 12)})`,
        'components: 0 added, 1 removed, 0 changed',
        '  - service worker [compose:.:worker] (compose.yaml:11)',
        'connections: 0 added, 2 removed',
        '  - worker calls cache (Redis :6379) (compose.yaml:14)',
        '  - worker runs example/api (compose.yaml:12)',
        'threats: 0 raised, 2 resolved',
        '  - elevated threat-missing-authentication: Missing Authentication covering communication link Redis :6379 to cache from worker to cache (compose.yaml:14)',
        '      worker → cache',
        '  - medium threat-unencrypted-communication: Unencrypted Communication named Redis :6379 to cache between worker and cache (compose.yaml:14)',
        '      worker → cache',
        '',
      ].join('\n'),
    );
  });

  it('a commit that changes only documentation: no architectural change', async () => {
    const { code, out } = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1'], repo);
    assert.equal(code, 0);
    assert.equal(out, `HEAD~2 (${git('rev-parse', 'HEAD~2').trim().slice(0, 12)}) → HEAD~1 (${git('rev-parse', 'HEAD~1').trim().slice(0, 12)})\nno architectural change\n`);
  });

  it('the working tree against HEAD (staged and unstaged): a data store published, its entry point opened; the working tree and index byte-identical after', async () => {
    writeFileSync(path.join(repo, 'compose.yaml'), compose(worker, '    ports: ["6379:6379"]'));
    writeFileSync(path.join(repo, 'notes.md'), 'staged\n');
    git('add', 'notes.md');
    const status = git('status', '--porcelain');
    const files = snapshot(repo);
    try {
      const { code, out } = await runCli(['diff', '--base', 'HEAD', '--format', 'json'], repo);
      assert.equal(code, 0);
      const diff = JSON.parse(out) as { head: unknown; components: unknown; connections: { added: unknown[]; removed: unknown[] }; entryPoints: unknown };
      assert.deepEqual(diff.head, { ref: 'working tree', commit: null });
      // Users reach the store now: its exposure changed.
      assert.deepEqual(diff.components, { added: [], removed: [], changed: [{ id: 'compose:.:cache', kind: 'cache', name: 'cache', sources: [{ file: 'compose.yaml', line: 15 }], changes: [{ field: 'exposure', before: 'internal', after: 'exposed' }] }], renamed: [] });
      const opened = { from: 'person:users', to: 'compose:.:cache', kind: 'calls', label: ':6379', sources: [{ file: 'compose.yaml', line: 17 }], fromName: 'Users', toName: 'cache' };
      assert.deepEqual(diff.connections, { added: [opened], removed: [] });
      assert.deepEqual(diff.entryPoints, { opened: [opened], closed: [] });
      // The same with the CI gate: the diff printed, the gate's failure on the error stream, exit 1.
      const gated = await runCli(['diff', '--base', 'HEAD', '--format', 'json', '--fail-on', 'exposure'], repo);
      assert.equal(gated.code, 1);
      assert.equal(gated.out, out);
      assert.equal(gated.err, 'archipel diff: --fail-on exposure: 1 entry point opened (Users → cache :6379)\n');
      assert.equal(git('status', '--porcelain'), status);
      assert.deepEqual(snapshot(repo), files);
    } finally {
      git('reset', '-q', '--hard');
      rmSync(path.join(repo, 'notes.md'), { force: true });
    }
  });

  it('--format markdown: the comment of the same change (heading, summary, diagram, tables)', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.equal(lines[0], `### Architecture change: HEAD\\~1 (${git('rev-parse', 'HEAD~1').trim().slice(0, 12)}) → HEAD (${git('rev-parse', 'HEAD').trim().slice(0, 12)})`);
    assert.equal(lines[2], '**1 component (1 added, 0 removed, 0 changed) · 2 connections (2 added, 0 removed) · 0 entry points (0 opened, 0 closed) · 2 risks (2 raised, 0 resolved)**');
    assert.equal(lines[4], '```mermaid');
    assert.ok(lines.includes('| added | service | worker | compose:.:worker |  | compose.yaml:11 |'));
  });

  it('a ref is never an option: `--base=--output=x` is not a commit (exit 2), and nothing is written', async () => {
    const files = snapshot(repo);
    const { code, out, err } = await runCli(['diff', '--base=--output=x'], repo);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /^archipel diff: not a commit: --output=x\n/);
    assert.deepEqual(snapshot(repo), files);
  });

  it('no --base, no origin/HEAD: HEAD~1, as `check --changed` chooses it', async () => {
    const { code, out, err } = await runCli(['diff', '--head', 'HEAD', '--format', 'json'], repo);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { base: unknown; components: { added: { id: string }[] } };
    assert.deepEqual(diff.base, { ref: 'HEAD~1', commit: git('rev-parse', 'HEAD~1').trim() });
    assert.deepEqual(diff.components.added.map((n) => n.id), ['compose:.:worker']);
  });

  it('no --base: the merge base with the default branch (origin/HEAD), whatever the branch went on to', async () => {
    const shop = git('rev-parse', 'HEAD~2').trim();
    // The remote's default branch left at the first commit, as a clone of a pull request's branch sees it.
    git('update-ref', 'refs/remotes/origin/main', shop);
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
    try {
      const { code, out, err } = await runCli(['diff', '--head', 'HEAD', '--format', 'json'], repo);
      assert.equal(err, '');
      assert.equal(code, 0);
      const diff = JSON.parse(out) as { base: unknown; components: { added: { id: string }[] } };
      assert.deepEqual(diff.base, { ref: shop, commit: shop });
      assert.deepEqual(diff.components.added.map((n) => n.id), ['compose:.:worker']);
    } finally {
      git('symbolic-ref', '--delete', 'refs/remotes/origin/HEAD');
      git('update-ref', '-d', 'refs/remotes/origin/main');
    }
  });

  it('--fail-on exposure with no entry point opened: exit 0; an unknown gate: a usage error (exit 2)', async () => {
    const passed = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'exposure'], repo);
    assert.equal(passed.err, '');
    assert.equal(passed.code, 0);
    const unknown = await runCli(['diff', '--base', 'HEAD~1', '--fail-on', 'exposure,secrets'], repo);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.out, '');
    assert.match(unknown.err, /^archipel diff: --fail-on: unknown gate "secrets" \(known: exposure, threats, continuity, policy, cost>N\)\n/);
  });

  it('an empty --base: a usage error (exit 2)', async () => {
    const { code, err } = await runCli(['diff', '--base='], repo);
    assert.equal(code, 2);
    assert.match(err, /^archipel diff: --base REF: a ref is required\n/);
  });

  it("a revision's blob past the size bound and its symbolic links are not read", async () => {
    const outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'archipel-diff-outside-')));
    const other = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'archipel-diff-bounds-')));
    const env = gitEnv();
    const run = (...args: string[]) => execFileSync('git', args, { cwd: other, env: { ...process.env, ...env }, encoding: 'utf8' });
    try {
      writeFileSync(path.join(outside, 'compose.yaml'), 'services:\n  outside:\n    image: outside:1\n');
      run('init', '-q', '-b', 'main');
      // 4 MiB and more (archipel.validation.maxFileSizeKb's default, 4096): not read, as on disk.
      writeFileSync(path.join(other, 'compose.yaml'), `services:\n  big:\n    image: big:1\n${'#'.repeat(79)}\n`.padEnd(4096 * 1024 + 1, '#'));
      mkdirSync(path.join(other, 'linked'));
      symlinkSync(path.join(outside, 'compose.yaml'), path.join(other, 'linked', 'compose.yaml'));
      run('add', '-A');
      run('commit', '-q', '-m', 'big and linked');
      writeFileSync(path.join(other, 'compose.yaml'), 'services:\n  small:\n    image: small:1\n');
      rmSync(path.join(other, 'linked'), { recursive: true });
      run('add', '-A');
      run('commit', '-q', '-m', 'small');
      const { code, out } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], other);
      assert.equal(code, 0);
      const diff = JSON.parse(out) as { components: { added: { id: string }[]; removed: unknown[]; changed: unknown[] } };
      assert.deepEqual(diff.components.added.map((n) => n.id), ['compose:.', 'compose:.:small', 'image:small']);
      assert.deepEqual(diff.components.removed, []);
    } finally {
      rmSync(other, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('archipel diff: a file moved (issue #80)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-moved-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'compose.yaml'), compose(worker));
    git('add', '-A');
    git('commit', '-q', '-m', 'the shop');
    mkdirSync(path.join(dir, 'deploy'));
    git('mv', 'compose.yaml', 'deploy/compose.yaml');
    git('commit', '-q', '-m', 'moved to deploy/');
  });

  it('git mv compose.yaml deploy/: no architectural change, its project and services renamed, no risk raised or resolved', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { components: { added: unknown[]; removed: unknown[]; changed: unknown[]; renamed: { from: string; id: string }[] }; connections: unknown; entryPoints: unknown; threats: unknown };
    assert.deepEqual(diff.components.renamed.map((n) => `${n.from} → ${n.id}`), ['compose:. → compose:deploy', 'compose:.:api → compose:deploy:api', 'compose:.:cache → compose:deploy:cache', 'compose:.:web → compose:deploy:web', 'compose:.:worker → compose:deploy:worker']);
    assert.deepEqual([diff.components.added, diff.components.removed, diff.components.changed], [[], [], []]);
    assert.deepEqual(diff.connections, { added: [], removed: [] });
    assert.deepEqual(diff.entryPoints, { opened: [], closed: [] });
    assert.deepEqual(diff.threats, { raised: [], resolved: [] });
    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], scratch.dir);
    assert.equal(text.out.split('\n')[1], 'no architectural change');
  });
});

describe('archipel diff: a Dockerfile read from the revision (issue #80)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-dockerfile-', ({ dir, git }) => {
    mkdirSync(path.join(dir, 'store'));
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    image: example/api:1\n    environment:\n      STORE_URL: http://store:6379\n  store:\n    build: ./store\n');
    writeFileSync(path.join(dir, 'store', 'Dockerfile'), 'FROM redis:7\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'a cache');
    writeFileSync(path.join(dir, 'store', 'Dockerfile'), 'FROM postgres:16\n');
    git('commit', '-q', '-am', 'a database');
  });

  it("the store's Dockerfile of each commit, not the working tree's: cache → datastore between the commits", async () => {
    // The working tree builds a third thing: it plays no part in a diff between two commits.
    writeFileSync(path.join(scratch.dir, 'store', 'Dockerfile'), 'FROM nginx:1.27\n');
    try {
      const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
      assert.equal(err, '');
      assert.equal(code, 0);
      const diff = JSON.parse(out) as { components: unknown };
      assert.deepEqual(diff.components, {
        added: [],
        removed: [],
        changed: [{ id: 'compose:.:store', kind: 'datastore', name: 'store', sources: [{ file: 'compose.yaml', line: 6 }], changes: [{ field: 'kind', before: 'cache', after: 'datastore' }, { field: 'technology', before: 'Redis', after: 'PostgreSQL' }] }],
        renamed: [],
      });
    } finally {
      scratch.git('checkout', '-q', '--', 'store/Dockerfile');
    }
  });
});
