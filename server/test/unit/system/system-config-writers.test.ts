// A one-shot service writing settings into a volume is no caller of what it writes; the services reading them are (issue #95).
// frappe/frappe_docker's pwd.yml: `configurator` runs once (the others wait with `condition: service_completed_successfully`),
// writes its environment's addresses with `bench set-config` into the `sites` volume the backend, the workers, the scheduler
// and the websocket mount; it was drawn calling the database and both Redis, and the scheduler calling nothing. Reduction in
// fixtures/oss/one-shot (SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { findingsOf } from '../../../src/system/checks';
import { repository } from './repositories';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const under = path.join(fixturesDir, 'oss', 'one-shot');

/** A model's calls and possible calls, as `from → to: label @ lines` (lines 1-based), of the callers kept by `from`. */
async function callsOf(folder: string, parent: string, from: (name: string) => boolean): Promise<string[]> {
  const { model } = await repository(folder, parent);
  const name = (id: string) => model.node(id)?.name ?? id;
  return model.edges
    .filter((e) => (e.kind === 'calls' || e.kind === 'may-call') && from(name(e.from)))
    .map((e) => `${name(e.from)} → ${name(e.to)}: ${e.label} @ ${e.sources.map((s) => s.range.start.line + 1).join(', ')}`)
    .sort();
}

/** A folder's calls (as callsOf), the folder made of `files` for the test. */
async function callsIn(files: Record<string, string>, from: (name: string) => boolean = () => true): Promise<string[]> {
  const { root, remove } = makeTree(files);
  try {
    return await callsOf(path.basename(root), path.dirname(root), from);
  } finally {
    remove();
  }
}

describe('System map: a one-shot writer of shared settings is not the caller; its readers are (issue #95)', () => {
  it("frappe's configurator calls nothing it writes; the services waiting for it and mounting `sites` call the database and Redis", async () => {
    const frappe = await callsOf('frappe+frappe_docker', under, (n) => n !== 'frontend' && n !== 'Users');
    // 31, 33, 34: the configurator's DB_HOST, REDIS_CACHE, REDIS_QUEUE; 22: its command; 5, 92, 115, 130: each reader's `sites` mount.
    // The backend's own DB_HOST (8) and the workers' own FRAPPE_REDIS_* (95, 96, 127, 128) stay among the sources.
    assert.deepEqual(frappe, [
      'backend → db: MySQL :3306 @ 5, 8, 22, 31',
      'backend → redis-cache: Redis :6379 @ 5, 22, 33',
      'backend → redis-queue: Redis :6379 @ 5, 22, 34',
      'queue-short → db: MySQL :3306 @ 22, 31, 92',
      'queue-short → redis-cache: Redis :6379 @ 22, 33, 92, 95',
      'queue-short → redis-queue: Redis :6379 @ 22, 34, 92, 96',
      'scheduler → db: MySQL :3306 @ 22, 31, 115',
      'scheduler → redis-cache: Redis :6379 @ 22, 33, 115',
      'scheduler → redis-queue: Redis :6379 @ 22, 34, 115',
      'websocket → db: MySQL :3306 @ 22, 31, 130',
      'websocket → redis-cache: Redis :6379 @ 22, 33, 127, 130',
      'websocket → redis-queue: Redis :6379 @ 22, 34, 128, 130',
    ]);
  });

  it("frappe's overrides/ (run with `-f compose.yaml -f overrides/…`) give the root project's configurator its addresses: its readers call them", async () => {
    // compose.yaml sets the configurator's DB_HOST, REDIS_* to empty defaults; overrides/compose.mariadb.yaml and
    // compose.redis.yaml set them (environment only, no image) beside the db and Redis they run. Read as a project of its
    // own, overrides/ had a configurator calling db and both Redis, and the root's readers called nothing.
    const calls = await callsOf('frappe+frappe_docker-overrides', under, (n) => n !== 'Users');
    assert.ok(!calls.some((c) => c.startsWith('configurator →')), calls.join('\n'));
    for (const reader of ['backend', 'scheduler', 'websocket']) {
      for (const store of ['db: MySQL :3306', 'redis-cache: Redis :6379', 'redis-queue: Redis :6379']) {
        assert.ok(calls.some((c) => c.startsWith(`${reader} → ${store}`)), `${reader} → ${store}\n${calls.join('\n')}`);
      }
    }
  });

  it('the frontend mounting `sites` without waiting for the configurator reads none of it', async () => {
    assert.deepEqual(await callsOf('frappe+frappe_docker', under, (n) => n === 'frontend'), ['frontend → backend: :8000 @ 75', 'frontend → websocket: :9000 @ 77']);
  });

  it('a writer that migrates keeps its database call; its readers get it too', async () => {
    const compose = [
      'services:',
      '  app:',
      '    image: example/app:1',
      '    volumes: [conf:/srv/conf]',
      '    depends_on:',
      '      setup:',
      '        condition: service_completed_successfully',
      '  setup:',
      '    image: example/app:1',
      '    command: sh -c "echo db=$$DATABASE_HOST > /srv/conf/app.ini && app migrate"',
      '    environment:',
      '      DATABASE_HOST: db',
      '      DATABASE_PORT: "5432"',
      '    volumes: [conf:/srv/conf]',
      '  db:',
      '    image: postgres:16',
      'volumes:',
      '  conf:',
      '',
    ].join('\n');
    assert.deepEqual(await callsIn({ 'docker-compose.yml': compose }), ['app → db: PostgreSQL :5432 @ 4, 10, 12', 'setup → db: PostgreSQL :5432 @ 12']);
  });

  it('a one-shot service writing only a log, or into storage no waiting service mounts, keeps its calls', async () => {
    const compose = (command: string, readerVolume: string) => [
      'services:',
      '  app:',
      '    image: example/app:1',
      `    volumes: [${readerVolume}]`,
      '    depends_on:',
      '      setup:',
      '        condition: service_completed_successfully',
      '  setup:',
      '    image: example/app:1',
      `    command: ${command}`,
      '    environment:',
      '      CACHE_URL: redis://cache:6379',
      '    volumes: [conf:/srv/conf]',
      '  cache:',
      '    image: redis:7',
      'volumes:',
      '  conf:',
      '  other:',
      '',
    ].join('\n');
    const setup = (n: string) => n === 'setup';
    assert.deepEqual(await callsIn({ 'docker-compose.yml': compose('sh -c "redis-cli -u $$CACHE_URL ping > /tmp/ping.log"', 'conf:/srv/conf') }, setup), ['setup → cache: Redis :6379 @ 12']);
    assert.deepEqual(await callsIn({ 'docker-compose.yml': compose('sh -c "echo $$CACHE_URL > /srv/conf/cache"', 'other:/srv/conf') }, setup), ['setup → cache: Redis :6379 @ 12']);
    // A marker written into the volume beside a call: the call stays the writer's.
    assert.deepEqual(await callsIn({ 'docker-compose.yml': compose('sh -c "app seed --cache $$CACHE_URL && touch /srv/conf/seeded && echo ok > /srv/conf/ready"', 'conf:/srv/conf') }, setup), ['setup → cache: Redis :6379 @ 12']);
    // The same command writing into the volume the app mounts: the app's call.
    assert.deepEqual(await callsIn({ 'docker-compose.yml': compose('sh -c "echo $$CACHE_URL > /srv/conf/cache"', 'conf:/srv/conf') }), ['app → cache: Redis :6379 @ 4, 10, 12']);
    // A path relative to the writer's working directory, in that volume.
    const relative = compose('sh -c "envsubst < app.tpl > conf/app.ini"', 'conf:/srv/conf').replace('    environment:', '    working_dir: /srv\n    environment:');
    assert.deepEqual(await callsIn({ 'docker-compose.yml': relative }), ['app → cache: Redis :6379 @ 4, 10, 13']);
  });

  it('a written address nothing answers is said once, on the writer\'s line, whatever the number of readers', async () => {
    const reader = (name: string) => [`  ${name}:`, '    image: example/app:1', '    volumes: [conf:/srv/conf]', '    depends_on:', '      setup:', '        condition: service_completed_successfully'];
    const { root, remove } = makeTree({
      'docker-compose.yml': [
        'services:',
        ...reader('api'),
        ...reader('worker'),
        '  setup:',
        '    image: example/app:1',
        '    command: sh -c "app config set db.host $$DB_HOST"',
        '    environment:',
        '      DB_HOST: mariadb',
        '    volumes: [conf:/srv/conf]',
        'volumes:',
        '  conf:',
        '',
      ].join('\n'),
    });
    try {
      const { model, index } = await repository(path.basename(root), path.dirname(root));
      const said = findingsOf(model, index).map((f) => `${f.code} @ ${f.range.start.line + 1}: ${f.message.slice(0, f.message.indexOf(' here'))}`);
      assert.deepEqual(said, ['system-address-unknown @ 18: No component answers "mariadb"']);
    } finally {
      remove();
    }
  });

  it('a reader that runs once too keeps its database call and may call the rest, as any one-shot component', async () => {
    const compose = [
      'services:',
      '  app:',
      '    image: example/app:1',
      '    volumes: [conf:/srv/conf]',
      '    depends_on:',
      '      setup:',
      '        condition: service_completed_successfully',
      '      migrate:',
      '        condition: service_completed_successfully',
      '  migrate:',
      '    image: example/app:1',
      '    command: app migrate',
      '    volumes: [conf:/srv/conf]',
      '    depends_on:',
      '      setup:',
      '        condition: service_completed_successfully',
      '  setup:',
      '    image: example/app:1',
      '    command: sh -c "app config set db.host $$DB_HOST && app config set cache.url $$CACHE_URL"',
      '    environment:',
      '      DB_HOST: db',
      '      DB_PORT: "5432"',
      '      CACHE_URL: redis://cache:6379',
      '    volumes: [conf:/srv/conf]',
      '  db:',
      '    image: postgres:16',
      '  cache:',
      '    image: redis:7',
      'volumes:',
      '  conf:',
      '',
    ].join('\n');
    // 21, 23: the values; 19: the setter; 4, 13: the mounts; 5: app's wait for migrate, which makes migrate one-shot.
    assert.deepEqual(await callsIn({ 'docker-compose.yml': compose }), [
      'app → cache: Redis :6379 @ 4, 19, 23',
      'app → db: PostgreSQL :5432 @ 4, 19, 21',
      'migrate → cache: may call Redis :6379 (one-shot, shared settings) @ 9, 13, 19, 23',
      'migrate → db: PostgreSQL :5432 @ 13, 19, 21',
    ]);
  });
});
