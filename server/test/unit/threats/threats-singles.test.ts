// Single causes of false and missed risks on the systems kept aside (issue #95, docs/threats.md "what is left"): a published
// MySQL 8 or SQL Server read as plaintext from the Internet, ftgo's CDC binlog stream read as Connector/J's TLS. Each on a
// reduction of the real files (server/test/fixtures/oss/singles/SOURCES.md), then the variant that must not change.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runsAsClient } from '../../../src/compose/clientJobs';
import { inMemoryLine } from '../../../src/threats/atRest';
import { mysqlOffersTls, readsBinlog } from '../../../src/threats/serverTls';
import { type Risk, described, ofRule, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const singles = path.join(fixturesDir, 'oss', 'singles');
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(singles, fixture));

/** The TLS risks (plaintext, unverified) on the links into `target`. */
const tlsInto = (risks: readonly Risk[], target: string) => described(risks).filter((r) => /^(?:tls-without-server-authentication|unencrypted-communication) /.test(r) && r.split(' ')[1].endsWith(`>${target}`));

describe('threats: single causes on the systems kept aside (issue #95)', function () {
  this.timeout(120_000);

  it('reads a MySQL image\'s TLS default from its tag, its repository, its .env; a binlog reader by its settings', () => {
    assert.equal(mysqlOffersTls('mysql:8.0'), true);
    assert.equal(mysqlOffersTls('mysql'), true);
    assert.equal(mysqlOffersTls('mysql:latest'), true);
    assert.equal(mysqlOffersTls('mysql:5.7'), false);
    assert.equal(mysqlOffersTls('eventuateio/eventuate-mysql8:$EVENTUATE_COMMON_VERSION'), true);
    assert.equal(mysqlOffersTls('mysql:${MYSQL_VERSION}', (name) => (name === 'MYSQL_VERSION' ? '8' : undefined)), true);
    assert.equal(mysqlOffersTls('mysql:${MYSQL_VERSION}'), false);
    assert.equal(mysqlOffersTls('mysql:${MYSQL_VERSION:-5.7}'), false);
    assert.equal(readsBinlog(['      EVENTUATE_CDC_READER_READER1_TYPE: mysql-binlog']), true);
    assert.equal(readsBinlog(['          - name: EVENTUATE_CDC_READER_READER1_TYPE', '            value: mysql-binlog']), true);
    assert.equal(readsBinlog(['      EVENTUATE_CDC_READER_READER1_TYPE: polling']), false);
  });

  it('temporal: Internet → mysql:${MYSQL_VERSION} (8 in .env) is TLS without server authentication; 5.7 and MariaDB stay plaintext', async () => {
    const files = filesOf('temporal');
    // It read as plaintext (unencrypted-communication internet>mysql).
    assert.deepEqual(tlsInto(await risksOf(files), 'mysql'), ['tls-without-server-authentication internet>mysql @docker-compose-mysql.yml:11']);
    assert.deepEqual(tlsInto(await risksOf({ ...files, '.env': 'MYSQL_VERSION=5.7\n' }), 'mysql'), ['unencrypted-communication internet>mysql @docker-compose-mysql.yml:11']);
    const maria = files['docker-compose-mysql.yml'].replace('image: mysql:${MYSQL_VERSION}', 'image: mariadb:11');
    assert.deepEqual(tlsInto(await risksOf({ ...files, 'docker-compose-mysql.yml': maria }), 'mysql'), ['unencrypted-communication internet>mysql @docker-compose-mysql.yml:11']);
  });

  it('eShopOnWeb: Internet → SQL Server (azure-sql-edge) is TLS without server authentication', async () => {
    assert.deepEqual(tlsInto(await risksOf(filesOf('eshoponweb')), 'sqlserver'), ['tls-without-server-authentication internet>sqlserver @docker-compose.yml:7']);
  });

  it('ftgo: Internet → MySQL built FROM eventuate-mysql8 unverified TLS; the app by Connector/J unverified TLS; the CDC binlog reader plaintext', async () => {
    const risks = await risksOf(filesOf('ftgo'));
    // The CDC's link read as Connector/J's (tls-without-server-authentication): its binlog stream is plaintext.
    assert.deepEqual(tlsInto(risks, 'mysql'), [
      'tls-without-server-authentication ftgo-consumer-service>mysql @docker-compose.yml:40',
      'tls-without-server-authentication internet>mysql @docker-compose.yml:10',
      'unencrypted-communication cdc-service>mysql @docker-compose.yml:27',
    ]);
  });
  it('ftgo: DynamoDB Local run -inMemory keeps nothing at rest (no unencrypted-asset); without the flag, its disk is one', async () => {
    const files = filesOf('ftgo');
    const unencrypted = (risks: readonly Risk[]) => described(risks).filter((r) => r.startsWith('unencrypted-asset ')).map((r) => r.split(' @')[0]);
    // It read as unencrypted-asset dynamodblocal (with the mysql's, true).
    assert.deepEqual(unencrypted(await risksOf(files)), ['unencrypted-asset internet>mysql']);
    files['dynamodblocal/Dockerfile'] = files['dynamodblocal/Dockerfile'].replace(' -inMemory', '');
    assert.deepEqual(unencrypted(await risksOf(files)), ['unencrypted-asset internet>dynamodblocal', 'unencrypted-asset internet>mysql']);
    assert.equal(inMemoryLine('Redis', ['    command: redis-server --save "" --appendonly no']), 0);
    assert.equal(inMemoryLine('Redis', ['    command: redis-server --save "" --appendonly yes']), -1);
  });
  it('DeathStarBench: a Redis in memory in its sharded Compose file only keeps its default file\'s snapshots (unencrypted-asset); Memcached keeps nothing at rest; a `redis` image running a setup script is no store', async () => {
    const files = filesOf('deathstarbench-socialnetwork');
    // It read as unencrypted-asset user-memcached and home-timeline-redis-cluster-setup: the sharded file's `--save ""` taken
    // for every deployment of the Redis, and the setup job (`entrypoint: /bin/bash /scripts/setup_redis_cluster.sh`) as a Redis.
    assert.deepEqual(ofRule(await risksOf(files), 'unencrypted-asset'), ['unencrypted-asset home-timeline-redis @docker-compose-sharding.yml:3,docker-compose.yml:3']);
    files['docker-compose.yml'] = files['docker-compose.yml'].replace('    image: redis\n', '    image: redis\n    command: --save "" --appendonly no\n');
    assert.deepEqual(ofRule(await risksOf(files), 'unencrypted-asset'), []);
    assert.equal(runsAsClient({ entrypoint: '/bin/bash /scripts/setup_redis_cluster.sh -n home-timeline-redis' }), true);
    assert.equal(runsAsClient({ entrypoint: ['bash', '/setup.sh'] }), true);
    assert.equal(runsAsClient({ entrypoint: ['sh', '-c', 'redis-server --save ""'] }), false);
    assert.equal(runsAsClient({ entrypoint: 'docker-entrypoint.sh mongod --replSet rs0' }), false);
    assert.equal(runsAsClient({ command: 'redis-cli ping' }), false);
  });
  it("DeathStarBench: jaeger-collector's published admin port 14269 gives its metrics: no plaintext, no WAF asked; its span intake 14268 both", async () => {
    const files = filesOf('deathstarbench-socialnetwork');
    const collector = async () => described(await risksOf(files)).filter((r) => r.split(' ')[1].endsWith('>jaeger-collector')).map((r) => r.split(' @')[0]);
    // It read as unencrypted-communication and missing-waf internet>jaeger-collector.
    assert.deepEqual(await collector(), []);
    files['docker-compose-swarm.yml'] = files['docker-compose-swarm.yml'].replace('"14269:14269"', '"14268:14268"');
    assert.deepEqual(await collector(), ['missing-waf internet>jaeger-collector', 'unencrypted-communication internet>jaeger-collector']);
  });
  it('yas: a list at the key\'s indentation (`networks:` then `- yas-network`) puts tax in the network: no missing-waf on location, which publishes no port', async () => {
    const files = filesOf('yas');
    const waf = async (compose: string) => described(await risksOf({ ...files, 'docker-compose.yml': compose })).filter((r) => r.startsWith('missing-waf '));
    // It read as missing-waf tax>location @docker-compose.yml:48,.env:2 (tax taken outside yas-network).
    assert.deepEqual(await waf(files['docker-compose.yml']), []);
    // Tax on Compose's default network: its call to location crosses a network boundary, unfiltered.
    const apart = files['docker-compose.yml'].replace('    - ./deployment/app-config:/app-config\n    networks:\n    - yas-network\n  pgadmin:', '    - ./deployment/app-config:/app-config\n  pgadmin:');
    assert.notEqual(apart, files['docker-compose.yml']);
    assert.deepEqual((await waf(apart)).map((r) => r.split(' @')[0]), ['missing-waf tax>location']);
  });

  it('yas: pgAdmin asks its own login (PGADMIN_DEFAULT_EMAIL/PASSWORD): no missing authentication behind nginx; its password `admin` is default credentials', async () => {
    const files = filesOf('yas');
    // Published as its Kubernetes chart's Ingress publishes it, so that it holds what a console exposes.
    const published = files['docker-compose.yml'].replace('      PGADMIN_DEFAULT_PASSWORD: admin\n', '      PGADMIN_DEFAULT_PASSWORD: admin\n    ports:\n      - "5050:80"\n');
    const risks = await risksOf({ ...files, 'docker-compose.yml': published });
    // It read as missing-authentication nginx>pgadmin @nginx/templates/default.conf.template:4.
    assert.deepEqual(described(risks).filter((r) => r.startsWith('missing-authentication ')), []);
    assert.deepEqual(described(risks).filter((r) => r.startsWith('default-credentials ')), ['default-credentials internet>pgadmin @docker-compose.yml:75']);
    // A password of its own: no finding, and still its own login.
    const own = published.replace('PGADMIN_DEFAULT_PASSWORD: admin', 'PGADMIN_DEFAULT_PASSWORD: ${PGADMIN_PASSWORD}');
    const owned = described(await risksOf({ ...files, 'docker-compose.yml': own }));
    assert.deepEqual(owned.filter((r) => /^(?:default-credentials|missing-authentication) /.test(r)), []);
  });

  it('Pacco: RabbitMQ built FROM rabbitmq:management is a console with guest/guest; Vault\'s dev root token written is a secret and a known root login', async () => {
    const files = filesOf('pacco');
    const risks = described(await risksOf(files));
    const of = (rule: string) => risks.filter((r) => r.startsWith(`${rule} `));
    // It read as one risk here (plaintext to Vault): RabbitMQ none, the root token no secret. Guest/guest, the product's
    // default left as it is, sits on the line publishing its management port (not on the service's first line).
    assert.deepEqual(of('default-credentials'), ['default-credentials internet>rabbitmq @compose/infrastructure.yml:12', 'default-credentials internet>vault @compose/infrastructure.yml:23']);
    assert.deepEqual(of('accidental-secret-leak'), ['accidental-secret-leak workspace @compose/infrastructure.yml:23']);
    assert.deepEqual(of('unguarded-access-from-internet').map((r) => r.split(' @')[0]), ['unguarded-access-from-internet internet>rabbitmq', 'unguarded-access-from-internet internet>rabbitmq', 'unguarded-access-from-internet internet>rabbitmq', 'unguarded-access-from-internet internet>vault']);
    // A root token from the environment: neither a secret written nor a known login; the dev server then asks its token.
    const fromEnv = { ...files, 'compose/infrastructure.yml': files['compose/infrastructure.yml'].replace('VAULT_DEV_ROOT_TOKEN_ID=secret', 'VAULT_DEV_ROOT_TOKEN_ID=${VAULT_TOKEN}') };
    const quiet = described(await risksOf(fromEnv)).filter((r) => r.includes('vault') && /^(?:default-credentials|accidental-secret-leak|unguarded-access-from-internet) /.test(r));
    assert.deepEqual(quiet, []);
  });
});
