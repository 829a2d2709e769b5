// A shop with its risks planted (issue #78) and its hardened twin: credentials per link (a Redis without
// requirepass and a PostgreSQL in `trust` mode are unauthenticated whatever else the caller holds), the
// consoles' defaults, the facts once missed (a Secret's data, a URL's password, a public bucket,
// `storage_encrypted = false` on its own line), and in the twin what is not a risk (a port on the loopback in
// Compose's long syntax, S3 and SQS encrypted by default, a CI job's own kind cluster). Each planted risk on its
// line; the twin none.
import assert from 'node:assert/strict';
import path from 'node:path';
import { credentialsInLine, relatedCredential, storeAuthentication, tokenSecrets } from '../../../src/threats/evidence';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }

async function risksOf(cwd: string, folder: string): Promise<Risk[]> {
  const { out } = await runCli(['threats', folder, '--format', 'json'], cwd);
  return (JSON.parse(out) as { risks: Risk[] }).risks;
}

const shops = path.join(fixturesDir, 'threats');
/** `rule path @file:line,…` with the shop's folder left out. */
const described = (risks: Risk[]) => risks.map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')} @${r.sources.map((s) => `${s.file.replace(/^.*?(?:planted|hardened)-shop\//, '')}:${s.line}`).join(',')}`).sort();

describe('threats: a planted shop and its hardened twin (issue #78)', function () {
  this.timeout(120_000);

  it('credentials per link: the target says it first, else a variable of the caller naming the same thing', () => {
    assert.deepEqual(storeAuthentication('Redis', ['  cache:', '    image: redis:7']), { required: false });
    assert.deepEqual(storeAuthentication('Redis', ['  cache:', '    command: ["redis-server", "--requirepass", "${REDIS_PASSWORD}"]']), { required: true });
    assert.deepEqual(storeAuthentication('PostgreSQL', ['  db:', '    environment:', '      POSTGRES_HOST_AUTH_METHOD: trust']), { required: false, line: 2 });
    assert.deepEqual(storeAuthentication('PostgreSQL', ['  db:', '    environment:', '      POSTGRES_PASSWORD_FILE: /run/secrets/db']), { required: true });
    assert.deepEqual(storeAuthentication('Kafka', ['  kafka:', '    image: apache/kafka:3.7.0']), { required: false });
    assert.deepEqual(storeAuthentication('Kafka', ['      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CLIENT:SASL_SSL']), { required: true });
    // langfuse (issue #95, held out): the ClickHouse image makes its user with CLICKHOUSE_PASSWORD; without one, the files do not say.
    assert.deepEqual(storeAuthentication('ClickHouse', ['  clickhouse:', '    environment:', '      CLICKHOUSE_USER: ${CLICKHOUSE_USER:-clickhouse}', '      CLICKHOUSE_PASSWORD: ${CLICKHOUSE_PASSWORD:-clickhouse} # CHANGEME']), { required: true });
    assert.equal(storeAuthentication('ClickHouse', ['  clickhouse:', '    environment:', '      CLICKHOUSE_PASSWORD: ""']), undefined);
    assert.equal(storeAuthentication('ClickHouse', ['  clickhouse:', '    image: clickhouse/clickhouse-server']), undefined);
    assert.deepEqual(storeAuthentication(undefined, ['resource "aws_db_instance" "x" {'], 'aws_db_instance'), { required: true });
    assert.deepEqual(storeAuthentication(undefined, ['resource "aws_elasticache_replication_group" "x" {', '  engine = "redis"'], 'aws_elasticache_replication_group'), { required: false });
    assert.equal(credentialsInLine('REDIS_URL: redis://:@cache:6379'), false, 'an empty password');
    assert.equal(credentialsInLine('BROKER: amqp://guest:guest@queue'), false, 'default credentials');
    assert.equal(credentialsInLine('DB: postgres://app:${PW}@db/app'), true);
    assert.equal(relatedCredential('CACHE_URL', ['STRIPE_API_KEY'], { name: 'cache', technology: 'Redis' }), false, 'a Stripe key says nothing of the Redis');
    assert.equal(relatedCredential('SPRING_DATASOURCE_URL', ['SPRING_DATASOURCE_PASSWORD'], { name: 'db', technology: 'MySQL' }), true);
    assert.equal(relatedCredential('DB_HOST', ['POSTGRES_PASSWORD'], { name: 'orders', technology: 'PostgreSQL' }), true);
    // bank-of-anthos: every service mounts the JWT key Secret; two holding it verify each other's tokens.
    assert.deepEqual(tokenSecrets(['      volumes:', '        - name: publickey', '          secret:', '            secretName: jwt-key', '            secretName: db-config']), ['jwt-key']);
  });

  it('the planted shop: every planted risk on its line', async () => {
    const risks = await risksOf(shops, 'planted-shop');
    assert.deepEqual(described(risks), [
      'accidental-secret-leak workspace @compose.yaml:28,compose.yaml:12,k8s/secret.yaml:7',
      // Issue #95: Grafana's admin/admin written, RabbitMQ's guest/guest left on its published management port.
      'default-credentials internet>grafana @compose.yaml:28',
      'default-credentials internet>queue @compose.yaml:22',
      'missing-authentication internet>mlflow @compose.yaml:33,compose.yaml:31',
      'missing-authentication internet>shop-invoices @infra/main.tf:3',
      'missing-authentication internet>web>cache @compose.yaml:10',
      'missing-authentication internet>web>orders @compose.yaml:11,compose.yaml:18',
      'missing-vault internet>web>cache @compose.yaml:13',
      'missing-waf internet>mlflow @compose.yaml:33,compose.yaml:31',
      'missing-waf internet>web @compose.yaml:7',
      'push-instead-of-pull-deployment deploy.yml>api @.github/workflows/deploy.yml:8',
      'unchecked-deployment deploy.yml>api @.github/workflows/deploy.yml:8',
      'unencrypted-asset internet>web>cache @compose.yaml:13',
      'unencrypted-asset internet>web>orders @compose.yaml:15',
      'unencrypted-asset ledger @infra/main.tf:10',
      'unencrypted-communication internet>mlflow @compose.yaml:33,compose.yaml:31',
      'unencrypted-communication internet>queue @compose.yaml:22',
      'unencrypted-communication internet>shop-invoices @infra/main.tf:3',
      'unencrypted-communication internet>web @compose.yaml:7',
      'unencrypted-communication internet>web>cache @compose.yaml:10',
      'unencrypted-communication internet>web>orders @compose.yaml:11,compose.yaml:18',
      'unencrypted-communication web>queue @compose.yaml:12',
      'unguarded-access-from-internet internet>grafana @compose.yaml:26,compose.yaml:28',
      'unguarded-access-from-internet internet>mlflow @compose.yaml:33,compose.yaml:31',
      'unguarded-access-from-internet internet>queue @compose.yaml:22',
      'unguarded-access-from-internet internet>shop-invoices @infra/main.tf:3',
      'unguarded-access-from-internet internet>web @compose.yaml:7',
    ]);
  });

  it('its hardened twin: no risk', async () => {
    assert.deepEqual(described(await risksOf(shops, 'hardened-shop')), []);
  });

  it('one logical component: a workload and its copy in an overlay are one asset, its risk once with both lines, its path unbroken', async () => {
    const web = (port: string) => ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  selector:', '    matchLabels: {app: web}', '  template:', '    metadata:', '      labels: {app: web}', '    spec:', '      containers:', '        - name: web', '          image: ghcr.io/example/shop-web:1.0', '          env:', '            - name: CACHE_URL', '              value: redis://cache:6379', '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  type: LoadBalancer', '  selector: {app: web}', '  ports:', `    - port: ${port}`, ''].join('\n');
    const cache = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: cache', 'spec:', '  selector:', '    matchLabels: {app: cache}', '  template:', '    metadata:', '      labels: {app: cache}', '    spec:', '      containers:', '        - name: cache', '          image: redis:7', '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: cache', 'spec:', '  selector: {app: cache}', '  ports:', '    - port: 6379', ''].join('\n');
    const { root, remove } = makeTree({
      'k8s/base/web.yaml': web('80'),
      'k8s/base/cache.yaml': cache,
      'k8s/base/kustomization.yaml': 'resources: [web.yaml, cache.yaml]\n',
      'k8s/overlays/dev/web.yaml': web('80'),
      'k8s/overlays/dev/kustomization.yaml': 'resources: [web.yaml]\n',
    });
    try {
      const risks = (await risksOf(root, '.')).filter((r) => r.rule === 'threat-missing-authentication');
      assert.deepEqual(described(risks), ['missing-authentication internet>web>cache @k8s/base/web.yaml:17,k8s/overlays/dev/web.yaml:17']);
    } finally {
      remove();
    }
  });
});
