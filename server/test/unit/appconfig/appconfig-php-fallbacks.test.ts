// PHP's environment defaults as code fallbacks (issue #95): utopia-php's `System::getEnv('_APP_DB_HOST', 'postgresql')`
// (appwrite/appwrite), Laravel's `env('DB_HOST', '127.0.0.1')` in config/*.php (laravel/laravel), `getenv('X') ?: '…'`,
// `$_ENV['X'] ?? '…'`. Reductions in server/test/fixtures/oss/appconfig (SOURCES.md there), and each form inline.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { appConfigFiles } from '../../../src/appconfig/files';
import { readAppConfig } from '../../../src/appconfig/readers';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';

type Graph = { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string }[] };

/** The calls of the containers view (users' aside) as `from → to [label]`. */
function calls(graph: Graph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => (e.kind === 'calls' || e.kind === 'may-call') && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}]`))].sort();
}

/** Each call a text of code writes, with the variables that replace it. */
function fallbacks(text: string): string[] {
  return readAppConfig('code', text).calls.filter((c) => c.host !== 'host').map((c) => `${c.host}:${c.port ?? ''} ${c.fallbackOf?.join(',') ?? '-'}`);
}

const appconfig = path.join(fixturesDir, 'oss', 'appconfig');

describe('PHP environment defaults as code fallbacks (issue #95)', function () {
  this.timeout(300_000);

  it('reads utopia-php\'s, Laravel\'s and plain PHP\'s forms, only the literal after the variable', () => {
    assert.deepEqual(fallbacks("'host' => System::getEnv('_APP_DB_HOST', 'postgresql'),\n"), ['postgresql: _APP_DB_HOST']);
    assert.deepEqual(fallbacks("->withBaseUri(System::getEnv('_APP_BROWSER_HOST', \"http://appwrite-browser:3000/v1\"))\n"), ['appwrite-browser:3000 _APP_BROWSER_HOST']);
    assert.deepEqual(fallbacks("'host' => env('REDIS_HOST', 'redis'),\n"), ['redis: REDIS_HOST']);
    assert.deepEqual(fallbacks("$host = $this->env('DB_HOST', 'mysql');\n"), ['mysql: DB_HOST']);
    assert.deepEqual(fallbacks("'host' => Env::get('DB_HOST', 'mysql'),\n"), ['mysql: DB_HOST']);
    assert.deepEqual(fallbacks("'host' => getenv('MYSQL_HOST') ?: 'mysql',\n"), ['mysql: MYSQL_HOST']);
    assert.deepEqual(fallbacks("'host' => $_ENV['DB_HOST'] ?? 'db',\n"), ['db: DB_HOST']);
    assert.deepEqual(fallbacks("$url = $_SERVER[\"API_URL\"] ?: 'http://api:8080';\n"), ['api:8080 API_URL']);
    // getenv gives false when unset: `??` never falls back, the literal is the program's own.
    assert.deepEqual(fallbacks("'host' => getenv('MYSQL_HOST') ?? 'mysql',\n"), ['mysql: -']);
    assert.deepEqual(fallbacks("$a = 'http://backend:4000'; $b = env('X', 'http://other:80');\n"), ['backend:4000 -', 'other:80 X']);
  });

  it('appwrite/appwrite: app/init/registers.php\'s database and Redis defaults stand for _APP_DB_HOST and _APP_REDIS_HOST', () => {
    const text = fs.readFileSync(path.join(appconfig, 'appwrite+appwrite', 'app', 'init', 'registers.php'), 'utf8');
    assert.deepEqual(fallbacks(text), ['postgresql: _APP_DB_HOST', 'redis: _APP_REDIS_HOST']);
  });

  it('appwrite/appwrite: a worker passing _APP_DB_HOST through, the project\'s .env not setting it, calls the code\'s default', async () => {
    const files = readTree(path.join(appconfig, 'appwrite+appwrite'));
    files['.env'] = files['.env'].replace(/^_APP_DB_HOST=.*\n/m, '');
    const found = calls(await treeContainers(files)).filter((call) => call.startsWith('appwrite-worker-mails → postgresql'));
    assert.deepEqual(found, ['appwrite-worker-mails → postgresql [calls (code)]']);
  });

  it('appwrite/appwrite: a default the project\'s .env replaces, the variable passed through, is no call of its own', async () => {
    // `- _APP_DB_HOST` takes the .env's value (Compose v2): the service calls PostgreSQL by its environment, not by the code's default too.
    const found = calls(await treeContainers(readTree(path.join(appconfig, 'appwrite+appwrite'))));
    assert.deepEqual(found.filter((call) => call.startsWith('appwrite-worker-mails → postgresql')), ['appwrite-worker-mails → postgresql [PostgreSQL :5432]']);
  });

  it('a Compose service setting the variable has no call to the PHP default; one leaving it unset has', async () => {
    const compose = (environment: string) => `services:\n  app:\n    build: ./app\n${environment}  mysql:\n    image: mysql:8.4\n  mariadb:\n    image: mariadb:11\n`;
    const files = (environment: string) => ({ 'docker-compose.yml': compose(environment), 'app/Dockerfile': 'FROM php:8.3-fpm\n', 'app/config/database.php': "<?php\nreturn [\n    'host' => env('DB_HOST', 'mysql'),\n];\n" });
    assert.deepEqual(calls(await treeContainers(files(''))), ['app → mysql [calls (code)]']);
    assert.deepEqual(calls(await treeContainers(files('    environment:\n      - DB_HOST=mariadb\n'))), ['app → mariadb [MySQL :3306]']);
  });

  it('laravel/laravel: config/database.php is read, and its loopback defaults are no call', () => {
    const text = fs.readFileSync(path.join(appconfig, 'laravel+laravel', 'config', 'database.php'), 'utf8');
    assert.equal(appConfigFiles.sniff?.claims?.(text), true);
    assert.deepEqual(fallbacks(text), []);
  });
});
