// `archipel diff` (issue #80): a revision's side files — a Compose project's `.env`, a service's `env_file` — are read
// from that revision's objects like its other files, never from the working tree: a `.env` change between two
// commits changes a connection (and moves its risks), whatever the working tree's `.env` says.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const compose = ['services:', '  api:', '    image: example/api:1.0', '    environment:', '      REDIS_URL: redis://${CACHE_HOST}:6379', '  worker:', '    image: example/worker:1.0', '    env_file: worker.env', '  cache:', '    image: redis:7', '  sessions:', '    image: redis:7', ''].join('\n');

describe("archipel diff: a revision's .env and env_file from the revision (issue #80)", function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-env-', ({ dir, git }) => {
    const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
    write('compose.yaml', compose);
    write('.env', 'CACHE_HOST=cache\n');
    write('worker.env', 'QUEUE_URL=redis://cache:6379\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'the cache');
    write('.env', 'CACHE_HOST=sessions\n');
    write('worker.env', 'QUEUE_URL=redis://sessions:6379\n');
    git('commit', '-q', '-am', 'the sessions store');
    git('tag', 'sessions');
    // The .env unchanged, a service added with an env_file of its own: the base's side files serve the head, the new one read there.
    write('compose.yaml', `${compose}  reporter:\n    image: example/reporter:1.0\n    env_file: reporter.env\n    environment:\n      - CACHE_HOST\n`);
    write('reporter.env', 'STORE_URL=redis://cache:6379\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'a reporter');
    // The working tree says a third thing, read by neither revision.
    write('.env', 'CACHE_HOST=elsewhere.example.com\n');
    write('worker.env', 'QUEUE_URL=redis://elsewhere.example.com:6379\n');
  });

  it('a .env and an env_file changed between two commits: the calls they make moved, with their lines on each side', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'sessions~1', '--head', 'sessions', '--format', 'json'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { components: unknown; connections: unknown; threats: { raised: { title: string; sources: unknown }[]; resolved: { title: string; sources: unknown }[] } };
    assert.deepEqual(diff.components, { added: [], removed: [], changed: [], renamed: [] });
    assert.deepEqual(diff.connections, {
      added: [
        { from: 'compose:.:api', to: 'compose:.:sessions', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 5 }], fromName: 'api', toName: 'sessions' },
        { from: 'compose:.:worker', to: 'compose:.:sessions', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 8 }], fromName: 'worker', toName: 'sessions' },
      ],
      removed: [
        { from: 'compose:.:api', to: 'compose:.:cache', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 5 }], fromName: 'api', toName: 'cache' },
        { from: 'compose:.:worker', to: 'compose:.:cache', kind: 'calls', label: 'Redis :6379', sources: [{ file: 'compose.yaml', line: 8 }], fromName: 'worker', toName: 'cache' },
      ],
    });
    // The risks on those calls, their lines on each revision's .env and env_file.
    const said = (risks: { title: string; sources: unknown }[]) => risks.map((r) => [r.title, r.sources]);
    assert.deepEqual(said(diff.threats.resolved), [
      ['Missing Authentication covering communication link Redis :6379 to cache from api to cache', [{ file: 'compose.yaml', line: 5 }, { file: '.env', line: 1 }]],
      ['Missing Authentication covering communication link Redis :6379 to cache from worker to cache', [{ file: 'compose.yaml', line: 8 }, { file: 'worker.env', line: 1 }]],
      ['Unencrypted Communication named Redis :6379 to cache between api and cache', [{ file: 'compose.yaml', line: 5 }, { file: '.env', line: 1 }]],
      ['Unencrypted Communication named Redis :6379 to cache between worker and cache', [{ file: 'compose.yaml', line: 8 }, { file: 'worker.env', line: 1 }]],
    ]);
    assert.equal(diff.threats.raised.length, 4);
  });

  it("the .env unchanged and an env_file added: the .env's value and the new file's, each read from the head", async () => {
    const { code, out } = await runCli(['diff', '--base', 'sessions', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { components: { added: { id: string }[] }; connections: { added: { from: string; to: string; sources: unknown }[]; removed: unknown[] } };
    assert.deepEqual(diff.components.added.map((n) => n.id), ['compose:.:reporter', 'image:example/reporter']);
    assert.deepEqual(
      diff.connections.added.filter((e) => e.to.startsWith('compose:')).map((e) => [e.from, e.to, e.sources]),
      [
        // Its env_file, new at the head (read there), and the .env's CACHE_HOST, unchanged (sessions).
        ['compose:.:reporter', 'compose:.:cache', [{ file: 'compose.yaml', line: 15 }]],
        ['compose:.:reporter', 'compose:.:sessions', [{ file: 'compose.yaml', line: 17 }]],
      ],
    );
    assert.deepEqual(diff.connections.removed, []);
  });

  it('against the working tree: its own .env and env_file, the base its revision\'s', async () => {
    const { code, out } = await runCli(['diff', '--base', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { connections: { added: { from: string; to: string }[]; removed: { from: string; to: string }[] } };
    assert.deepEqual(
      [diff.connections.added.map((e) => `${e.from} → ${e.to}`), diff.connections.removed.map((e) => `${e.from} → ${e.to}`)],
      [
        ['compose:.:api → external:elsewhere.example.com', 'compose:.:reporter → external:elsewhere.example.com', 'compose:.:worker → external:elsewhere.example.com'],
        ['compose:.:api → compose:.:sessions', 'compose:.:reporter → compose:.:sessions', 'compose:.:worker → compose:.:sessions'],
      ],
    );
  });
});
