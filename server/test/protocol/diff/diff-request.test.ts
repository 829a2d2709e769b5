// `archipel/diff` (issue #80): the System Map panel's "Compare with…" asks the server for the CLI's
// comparison. On a git repository made for the suite (no user's configuration, commits with -c user.*):
// a worker added, the cache's image changed to a datastore's, the web front removed; the answer is the
// contract of docs/diff.md with files relative to the repository's top, and a ref that names no commit
// (or one written as an option) is refused with its message.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiffRequest, IndexStatusNotification, type IndexStatus } from '../../../src/protocol';
import { scratchRepository } from '../../unit/archdiff/scratchRepository';
import { TestLspClient } from '../lspClient';

const base = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    environment:',
  '      API_URL: http://api:3000',
  '  api:',
  '    image: example/api:1.0',
  '    environment:',
  '      REDIS_URL: redis://cache:6379',
  '  cache:',
  '    image: redis:7',
  '',
].join('\n');

const head = [
  'services:',
  '  api:',
  '    image: example/api:1.0',
  '    environment:',
  '      REDIS_URL: redis://cache:6379',
  '  worker:',
  '    image: example/api:1.0',
  '    environment:',
  '      REDIS_URL: redis://cache:6379',
  '  cache:',
  '    image: postgres:16',
  '',
].join('\n');

describe('archipel/diff over LSP (issue #80)', function () {
  this.timeout(120_000);
  const commit = (repo: { git: (...args: string[]) => string }, message: string) => repo.git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-am', message);
  const scratch = scratchRepository('archipel-diff-lsp-', (repo) => {
    writeFileSync(path.join(repo.dir, 'compose.yaml'), base);
    repo.git('add', '-A');
    commit(repo, 'as-is');
    writeFileSync(path.join(repo.dir, 'compose.yaml'), head);
    commit(repo, 'to-be');
    repo.git('tag', 'to-be');
  });
  let client: TestLspClient;

  before(async () => {
    client = TestLspClient.start();
    const uri = pathToFileURL(scratch.dir).href;
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'shop' }], capabilities: {} });
    await client.connection.sendNotification('initialized', {});
    await client.waitFor('index ready', () => (client.notifications.some((n) => n.method === IndexStatusNotification.method && (n.params as IndexStatus).state === 'ready') ? true : undefined));
  });

  after(async () => {
    await client.stop();
  });

  it('HEAD~1 against the working tree: added, removed and changed components and connections, files from the top', async () => {
    const diff = await client.connection.sendRequest(DiffRequest, { base: 'HEAD~1' });
    assert.equal(diff.root, pathToFileURL(scratch.dir).href);
    assert.equal(diff.base.ref, 'HEAD~1');
    assert.equal(diff.base.commit, scratch.git('rev-parse', 'HEAD~1').trim());
    assert.deepEqual(diff.head, { ref: 'working tree', commit: null });
    assert.deepEqual(diff.components.added.map((c) => [c.id, c.kind, c.name, c.sources]), [
      ['compose:.:worker', 'service', 'worker', [{ file: 'compose.yaml', line: 6 }]],
    ]);
    assert.deepEqual(diff.components.removed.map((c) => [c.id, c.kind, c.name, c.sources]), [
      ['compose:.:web', 'service', 'web', [{ file: 'compose.yaml', line: 2 }]],
      ['image:nginx', 'image', 'nginx', [{ file: 'compose.yaml', line: 3 }]],
    ]);
    assert.deepEqual(diff.components.changed.map((c) => [c.id, c.changes]), [
      // Its image changed: said once, here (no image node added and removed, no `runs` connections churned).
      ['compose:.:cache', [{ field: 'kind', before: 'cache', after: 'datastore' }, { field: 'image', before: 'redis:7', after: 'postgres:16' }, { field: 'technology', before: 'Redis', after: 'PostgreSQL' }]],
    ]);
    assert.deepEqual(diff.connections.added.map((e) => `${e.fromName} → ${e.toName} ${e.label} ${e.sources.map((s) => `${s.file}:${s.line}`).join()}`), ['worker → cache Redis :6379 compose.yaml:9', 'worker → example/api runs compose.yaml:7']);
    assert.deepEqual(diff.connections.removed.map((e) => `${e.fromName} → ${e.toName} ${e.label}`), ['web → api HTTP :3000', 'web → nginx runs']);
  });

  it('a tag as the head: the same comparison between two revisions', async () => {
    const diff = await client.connection.sendRequest(DiffRequest, { base: 'HEAD~1', head: 'to-be' });
    assert.deepEqual(diff.head, { ref: 'to-be', commit: scratch.git('rev-parse', 'HEAD').trim() });
    assert.deepEqual(diff.components.added.map((c) => c.id), ['compose:.:worker']);
    assert.deepEqual(diff.components.removed.map((c) => c.id), ['compose:.:web', 'image:nginx']);
    assert.deepEqual(diff.components.changed.map((c) => c.id), ['compose:.:cache']);
  });

  it('a ref that names no commit, or looks like an option, is refused with its message', async () => {
    await assert.rejects(client.connection.sendRequest(DiffRequest, { base: 'no-such-branch' }), { message: 'not a commit: no-such-branch' });
    await assert.rejects(client.connection.sendRequest(DiffRequest, { base: '--output=/tmp/x' }), { message: 'not a commit: --output=/tmp/x' });
  });
});
