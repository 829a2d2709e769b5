// The readers of issue #95: calls written where the map did not look — Apache httpd's `ProxyPass`, Spring's
// `@Value("${x:default}")` defaults, a URL whose password holds `@`, libpq's `host=… port=…` strings, `$(VAR)` in a
// Kubernetes value — each with the certainty it is drawn with.
import assert from 'node:assert/strict';
import { readAppConfig } from '../../../src/appconfig/readers';
import type { WrittenCall } from '../../../src/appconfig/writtenCall';
import { addressesIn } from '../../../src/features/system/addresses';
import { protocolOf } from '../../../src/features/system/technology';
import { mapCalls } from './repositories';

/** What a reader finds: `host:port evidence` (`?`: kept only when it names a component), and the text at the offsets. */
function found(kind: Parameters<typeof readAppConfig>[0], text: string): string[] {
  return readAppConfig(kind, text).calls.map((c: WrittenCall) => `${c.host ?? `\${${c.variable}}`}${c.port !== undefined ? `:${c.port}` : ''} ${c.evidence}${c.onlyKnown ? '?' : ''} [${text.slice(c.start, c.end)}]`);
}

const read = (value: string) => addressesIn(value).map((a) => `${a.host}${a.port !== undefined ? `:${a.port}` : ''} [${a.text}]`);

describe('Readers of issue #95', () => {
  it("Apache httpd: ProxyPass, ProxyPassMatch and a balancer's members are certain calls; ProxyPassReverse and balancer:// are not", () => {
    const text = [
      '<VirtualHost *:80>',
      '  ProxyPass "/api/" "http://api:8080/"',
      '  ProxyPassReverse "/api/" "http://api:8080/"',
      '  ProxyPassMatch "^/img/(.*)$" "http://images/$1"',
      '  # ProxyPass "/old/" "http://old:80/"',
      '  <Proxy "balancer://shop">',
      '    BalancerMember "http://shop-1:3000"',
      '  </Proxy>',
      '  ProxyPass "/shop/" "balancer://shop/"',
      '</VirtualHost>',
    ].join('\n');
    assert.deepEqual(found('nginx', text), ['api:8080 config [http://api:8080]', 'images config [http://images]', 'shop-1:3000 config [http://shop-1:3000]']);
  });

  it('Spring `@Value("${x:default}")` in code: the default as a call of code, kept when it names a component', () => {
    const text = [
      'public class CatalogClient {',
      '  @Value("${catalog.host:catalog}") private String host;',
      '  @Value("${ratings.url:http://ratings:9080/ratings}") private String ratings;',
      '  @Value("${page.size:20}") private int size;',
      '}',
    ].join('\n');
    assert.deepEqual(found('code', text), ['catalog code? [catalog]', 'ratings:9080 code? [http://ratings:9080]']);
  });

  it('a URL whose password holds `@`: the host after the last `@`, in a value and in code', () => {
    assert.deepEqual(read('postgres://app:p@ss@word@db:5432/app'), ['db:5432 [postgres://app:p@ss@word@db:5432]']);
    assert.deepEqual(found('code', 'const url = "mongodb://root:s3cr@t@mongo:27017/shop";'), ['mongo:27017 code? [mongodb://root:s3cr@t@mongo:27017]']);
  });

  it("libpq key/value strings: the host with the port pair; not a sentence, nor a string of one pair", () => {
    assert.deepEqual(read('host=postgres port=5432 dbname=app user=app sslmode=disable'), ['postgres:5432 [postgres]']);
    assert.deepEqual(read("dbname=app host=db.internal user='a b'"), ['db.internal [db.internal]']);
    assert.deepEqual(read('host=postgres'), []);
    assert.deepEqual(read('connect with host=postgres and port=5432'), []);
  });

  it('a variable stands for what it covers only: `$(PW)` in a password leaves the host, `$(HOST)` in the host names nothing', () => {
    assert.deepEqual(read('postgres://app:$(DB_PASSWORD)@db:5432/app'), ['db:5432 [postgres://app:$(DB_PASSWORD)@db:5432]']);
    assert.deepEqual(read('amqp://${RABBIT_USER}:${RABBIT_PW}@rabbitmq:5672'), ['rabbitmq:5672 [amqp://${RABBIT_USER}:${RABBIT_PW}@rabbitmq:5672]']);
    assert.deepEqual(read('http://$(API_HOST):8080'), []);
    assert.deepEqual(read('${DB}:5432'), []);
    assert.deepEqual(read('x$(PREFIX)db:5432'), []);
  });

  it('Kubernetes: a URL with `$(VAR)` in its password is a certain call (the docs\' own form); a libpq string in env too', () => {
    const deployment = (name: string, env: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: shop/${name}\n          env:\n${env}`;
    const service = (name: string, port: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: ${port}\n`;
    const calls = mapCalls({
      'k8s/api.yaml': deployment('api', '            - name: DB_PASSWORD\n              valueFrom: {secretKeyRef: {name: db, key: password}}\n            - name: DATABASE_URL\n              value: postgres://app:$(DB_PASSWORD)@db:5432/app\n'),
      'k8s/worker.yaml': deployment('worker', '            - name: PG_DSN\n              value: host=db port=5432 dbname=app sslmode=disable\n'),
      'k8s/db.yaml': `${deployment('db', '            - name: POSTGRES_DB\n              value: app\n')}---\n${service('db', 5432)}`,
    }, true);
    assert.deepEqual(calls.filter((c) => c.includes('→ db')), ['api → db PostgreSQL :5432', 'worker → db PostgreSQL :5432']);
  });

  it("SQLAlchemy's `dialect+driver` URLs: the whole scheme read, the dialect's protocol (airflow's `postgresql+psycopg2://`)", () => {
    assert.deepEqual(read('postgresql+psycopg2://airflow:airflow@postgres/airflow'), ['postgres [postgresql+psycopg2://airflow:airflow@postgres]']);
    assert.deepEqual(addressesIn('mysql+mysqlconnector://u:p@db:3306/app').map((a) => a.scheme), ['mysql+mysqlconnector']);
    assert.deepEqual([protocolOf('postgresql+psycopg2', undefined), protocolOf('mysql+pymysql', 3306), protocolOf('mongodb+srv', undefined), protocolOf('thrift', undefined)], ['PostgreSQL', 'MySQL', 'MongoDB', 'THRIFT']);
    // A file-backed dialect is no peer.
    assert.deepEqual(read('sqlite+pysqlite:///data/app.db'), []);
    assert.deepEqual(mapCalls({ 'docker-compose.yml': 'services:\n  worker:\n    image: example/worker:1\n    environment:\n      DB_URL: postgresql+psycopg2://airflow:airflow@postgres/airflow\n  postgres:\n    image: postgres:16\n' }, true), ['worker → postgres PostgreSQL']);
  });
});

