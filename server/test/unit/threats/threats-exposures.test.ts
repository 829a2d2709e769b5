// Every exposure a risk (issue #95): consoles known by their image or by a setting only their product reads (Kafka UI,
// Adminer, pgAdmin, phpMyAdmin, mongo-express, Redis Commander, Jaeger's UI port, Keycloak with its
// default admin), default credentials a finding of their own on the lines that write them (Grafana's anonymous Admin too), TLS that checks no server
// certificate said as such, a scan step that cannot fail the job no control, Kafka published without SASL. Each planted
// without and with.
import assert from 'node:assert/strict';
import { consoleFacts, consoleOf } from '../../../src/threats/consoles';
import { scanStepLine, unverifiedTlsLine } from '../../../src/threats/evidence';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { suiteTrees } from '../../tempdir';

interface Risk { rule: string; title: string; elements: string[]; sources: { file: string; line: number }[] }

async function risksOf(root: string, folder: string): Promise<Risk[]> {
  const { out } = await runCli(['threats', folder, '--all', '--format', 'json'], root);
  return (JSON.parse(out) as { risks: Risk[] }).risks;
}
const rule = (risks: readonly Risk[], id: string) => risks.filter((r) => r.rule === `threat-${id}`).map((r) => `${r.elements.map((e) => e.split(/[:/]/).pop()).join(' → ')} @${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();

describe('threats: every exposure a risk (issue #95)', function () {
  this.timeout(300_000);
  const tree = suiteTrees();

  it('a console known by its image (tag aside) or by a setting only its product reads', () => {
    assert.equal(consoleOf({ image: 'provectuslabs/kafka-ui:v0.7.2' })?.name, 'Kafka UI');
    assert.equal(consoleOf({ image: 'ghcr.io/kafbat/kafka-ui' })?.name, 'Kafka UI');
    assert.equal(consoleOf({ image: 'adminer:4' })?.name, 'Adminer');
    assert.equal(consoleOf({ image: 'dpage/pgadmin4:8.12' })?.name, 'pgAdmin');
    assert.equal(consoleOf({ image: 'phpmyadmin/phpmyadmin' })?.name, 'phpMyAdmin');
    assert.equal(consoleOf({ image: 'mongo-express' })?.name, 'mongo-express');
    assert.equal(consoleOf({ image: 'rediscommander/redis-commander:latest' })?.name, 'Redis Commander');
    assert.equal(consoleOf({ image: 'quay.io/keycloak/keycloak:26.0' })?.name, 'Keycloak admin');
    // A mirror's or the project's own image: known by its environment.
    assert.equal(consoleOf({ image: 'registry.example.com/tools/topics-browser:1.0' }, ['    environment:', '      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: kafka:9092'])?.name, 'Kafka UI');
    assert.equal(consoleOf({ image: 'registry.example.com/tools/db:1.0' }, ['        - name: PGADMIN_DEFAULT_EMAIL', '          value: ops@example.com'])?.name, 'pgAdmin');
    assert.equal(consoleOf({ image: 'registry.example.com/shop/api:1.0' }, ['      # KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: kafka:9092', '      KAFKA_BOOTSTRAP: kafka:9092']), undefined);
  });

  it("each new product's default and the settings that change it", () => {
    const verdict = (image: string, text: string) => {
      const facts = consoleFacts(consoleOf({ image })!, text.split('\n'));
      return [facts.unauthenticated, facts.reason, facts.lines];
    };
    assert.deepEqual(verdict('provectuslabs/kafka-ui', '    environment:\n      KAFKA_CLUSTERS_0_NAME: local'), [true, 'no authentication by default', []]);
    assert.deepEqual(verdict('provectuslabs/kafka-ui', '    environment:\n      AUTH_TYPE: "LOGIN_FORM"\n      SPRING_SECURITY_USER_NAME: admin'), [false, 'authentication configured', [1]]);
    assert.deepEqual(verdict('adminer', '    environment:\n      ADMINER_DEFAULT_SERVER: db'), [false, 'authentication by default', []]);
    assert.deepEqual(verdict('dpage/pgadmin4', '    environment:\n      PGADMIN_CONFIG_SERVER_MODE: "False"'), [true, 'anonymous access', [1]]);
    assert.deepEqual(verdict('phpmyadmin', '    environment:\n      PMA_HOST: db\n      PMA_USER: root\n      PMA_PASSWORD: example'), [true, 'anonymous access', [3]]);
    assert.deepEqual(verdict('mongo-express', '    environment:\n      ME_CONFIG_BASICAUTH_USERNAME: admin\n      ME_CONFIG_BASICAUTH_PASSWORD: pass'), [true, 'default credentials', [1, 2]]);
    assert.deepEqual(verdict('mongo-express', '    environment:\n      ME_CONFIG_BASICAUTH_PASSWORD: ${ME_PASSWORD}'), [false, 'authentication configured', [1]]);
    assert.deepEqual(verdict('quay.io/keycloak/keycloak', '    environment:\n      KC_BOOTSTRAP_ADMIN_USERNAME: admin\n      KC_BOOTSTRAP_ADMIN_PASSWORD: admin'), [true, 'default credentials', [2]]);
    assert.deepEqual(verdict('quay.io/keycloak/keycloak', '    environment:\n      KC_BOOTSTRAP_ADMIN_PASSWORD: ${KEYCLOAK_PASSWORD}'), [false, 'authentication by default', []]);
    // Grafana's anonymous callers as Admin (#95), in Compose's and Kubernetes' forms; as Viewer, anonymous access only.
    assert.deepEqual(verdict('grafana/grafana:11.2.0', '    environment:\n      - GF_AUTH_ANONYMOUS_ORG_ROLE=Admin\n      - GF_AUTH_ANONYMOUS_ENABLED=true'), [true, 'anonymous admin access', [1, 2]]);
    assert.deepEqual(verdict('grafana/grafana', '          env:\n            - name: GF_AUTH_ANONYMOUS_ENABLED\n              value: "true"\n            - name: GF_AUTH_ANONYMOUS_ORG_ROLE\n              value: "Admin"'), [true, 'anonymous admin access', [2, 4]]);
    assert.deepEqual(verdict('grafana/grafana', '    environment:\n      GF_AUTH_ANONYMOUS_ENABLED: "true"\n      GF_AUTH_ANONYMOUS_ORG_ROLE: Viewer'), [true, 'anonymous access', [1]]);
  });

  it('published consoles: a risk each with its attack path; the Jaeger UI by its port, Keycloak only with its default admin', async () => {
    const root = tree({
      'ops/compose.yaml': [
        'services:', //                                         1
        '  kafka-ui:',
        '    image: provectuslabs/kafka-ui:v0.7.2',
        '    ports: ["8080:8080"]',
        '    environment:', //                                   5
        '      KAFKA_CLUSTERS_0_NAME: local',
        '      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: kafka:9092',
        '  adminer:',
        '    image: adminer:4',
        '    ports: ["8081:8080"]', //                          10
        '  topics:',
        '    image: registry.example.com/tools/topics-browser:1.0',
        '    ports: ["8082:8080"]',
        '    environment:',
        '      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: kafka:9092', //15
        '  jaeger:',
        '    image: jaegertracing/all-in-one:1.62.0',
        '    ports: ["16686:16686", "4317:4317"]',
        '  otlp:',
        '    image: otel/opentelemetry-collector-contrib:0.111.0', // 20
        '    ports: ["4318:4318"]',
        '  keycloak:',
        '    image: quay.io/keycloak/keycloak:26.0',
        '    command: start-dev',
        '    ports: ["8443:8443"]', //                          25
        '    environment:',
        '      KC_BOOTSTRAP_ADMIN_USERNAME: admin',
        '      KC_BOOTSTRAP_ADMIN_PASSWORD: admin',
        '  login:',
        '    image: quay.io/keycloak/keycloak:26.0', //         30
        '    command: start-dev',
        '    ports: ["9443:8443"]',
        '    environment:',
        '      KC_BOOTSTRAP_ADMIN_PASSWORD: ${KEYCLOAK_PASSWORD}',
        '  kafka:', //                                          35
        '    image: apache/kafka:3.8.0',
        '',
      ].join('\n'),
    });
    const risks = await risksOf(root, 'ops');
    assert.deepEqual(rule(risks, 'unguarded-access-from-internet'), [
      'internet → adminer @compose.yaml:10',
      // The UI's port and the collector's (4317): the asset holds the traces, Threagile rates each link to it.
      'internet → jaeger @compose.yaml:18',
      'internet → jaeger @compose.yaml:18',
      'internet → kafka-ui @compose.yaml:4',
      'internet → keycloak @compose.yaml:25,compose.yaml:28',
      'internet → topics @compose.yaml:13',
    ]);
    assert.deepEqual(rule(risks, 'missing-authentication'), [
      'internet → jaeger @compose.yaml:18',
      'internet → kafka-ui @compose.yaml:4',
      // Issue #95 (microservice-kafka): the broker, without SASL, carries its messages to whoever reaches it, published or not.
      'internet → kafka-ui → kafka @compose.yaml:7',
      // Keycloak's default admin is not missing authentication: a login everybody knows, default-credentials below.
      'internet → topics @compose.yaml:13',
      'topics → kafka @compose.yaml:15',
    ]);
    // Default credentials: a finding of their own, on the line that writes them.
    assert.deepEqual(rule(risks, 'default-credentials'), ['internet → keycloak @compose.yaml:28']);
    assert.deepEqual(risks.filter((r) => r.elements.some((e) => e.endsWith(':login'))).map((r) => r.rule).sort(), ['threat-missing-identity-provider-isolation', 'threat-unencrypted-communication'], 'Keycloak with a password of its own: its login pages are meant to be reached, no console');
  });

  it('default credentials written on a console nobody publishes are still a finding; a password of its own, none', async () => {
    const root = tree({
      'lab/compose.yaml': ['services:', '  queue:', '    image: rabbitmq:3-management', '    environment:', '      RABBITMQ_DEFAULT_USER: guest', '      RABBITMQ_DEFAULT_PASS: guest', '  minio:', '    image: minio/minio:RELEASE.2024-10-13T13-34-11Z', '    environment:', '      MINIO_ROOT_PASSWORD: ${MINIO_PASSWORD}',
        // Grafana's anonymous callers made Admin (a finding, as default credentials); made Viewer, none.
        '  grafana:', '    image: grafana/grafana:11.2.0', '    environment:', '      GF_AUTH_ANONYMOUS_ENABLED: "true"', '      GF_AUTH_ANONYMOUS_ORG_ROLE: Admin', '  viewer:', '    image: grafana/grafana:11.2.0', '    environment:', '      GF_AUTH_ANONYMOUS_ENABLED: "true"', '      GF_AUTH_ANONYMOUS_ORG_ROLE: Viewer', ''].join('\n'),
    });
    assert.deepEqual(rule(await risksOf(root, 'lab'), 'default-credentials'), ['grafana @compose.yaml:14,compose.yaml:15', 'queue @compose.yaml:5,compose.yaml:6']);
  });

  it('TLS that checks no server certificate: its lines, then a call to the same store that verifies it', async () => {
    for (const [line, unverified] of [
      ['DATABASE_URL: postgres://app:${PW}@db:5432/app?sslmode=require', true],
      ['DATABASE_URL: postgres://app:${PW}@db:5432/app?sslmode=verify-full', false],
      ['MONGO_URL: mongodb://app:${PW}@mongo:27017/?tls=true&tlsAllowInvalidCertificates=true', true],
      ['        insecureSkipVerify: true', true],
      ['requests.get(url, verify=False)', true],
      ['      NODE_TLS_REJECT_UNAUTHORIZED: "0"', true],
      ['      # NODE_TLS_REJECT_UNAUTHORIZED: "0"', false],
      ['jdbc:sqlserver://db:1433;encrypt=true;trustServerCertificate=true', true],
    ] as const) assert.equal(unverifiedTlsLine(line), unverified, line);
    const compose = (query: string) => ['services:', '  api:', '    image: ghcr.io/example/api:1.0', '    environment:', `      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db:5432/app?${query}`, '  db:', '    image: postgres:17', '    environment:', '      POSTGRES_PASSWORD: ${DB_PASSWORD}', ''].join('\n');
    const root = tree({ 'open/compose.yaml': compose('sslmode=require'), 'verified/compose.yaml': compose('sslmode=verify-full') });
    assert.deepEqual(rule(await risksOf(root, 'open'), 'tls-without-server-authentication'), ['api → db @compose.yaml:5']);
    const verified = await risksOf(root, 'verified');
    assert.deepEqual(rule(verified, 'tls-without-server-authentication'), []);
    assert.deepEqual(rule(verified, 'unencrypted-communication'), [], 'verified TLS is TLS');
  });

  it("Kafka published without SASL: missing authentication from the Internet on its port's line; apache/kafka's SASL example, none (its own authentication)", async () => {
    const read = (folder: string) => readFileSync(path.join(fixturesDir, 'oss', 'exposures', 'apache+kafka', folder, 'docker-compose.yml'), 'utf8').replace('${IMAGE}', 'apache/kafka:3.8.0');
    const root = tree({ 'plaintext/docker-compose.yml': read('plaintext'), 'sasl/docker-compose.yml': read('sasl_plaintext') });
    const open = await risksOf(root, 'plaintext');
    assert.deepEqual(rule(open, 'missing-authentication'), ['internet → broker @docker-compose.yml:24']);
    assert.deepEqual(rule(open, 'unguarded-access-from-internet'), ['internet → broker @docker-compose.yml:24']);
    const sasl = await risksOf(root, 'sasl');
    assert.deepEqual(rule(sasl, 'missing-authentication'), []);
    // Still a broker published to the Internet, in plaintext (SASL_PLAINTEXT): those stay.
    assert.deepEqual(rule(sasl, 'unguarded-access-from-internet'), ['internet → broker @docker-compose.yml:23']);
    assert.deepEqual(rule(sasl, 'unencrypted-communication'), ['internet → broker @docker-compose.yml:23']);
  });

  it('a scan step that cannot fail the job (exit-code 0, continue-on-error, || true, fail-build: false) is no check', () => {
    const steps = (...lines: string[]) => ['    steps:', '      - uses: actions/checkout@v4', ...lines, '      - run: kubectl apply -f k8s/'];
    assert.equal(scanStepLine(steps('      - uses: aquasecurity/trivy-action@0.28.0', '        with:', '          exit-code: "1"')), 2);
    assert.equal(scanStepLine(steps('      - uses: aquasecurity/trivy-action@0.28.0', '        with:', '          scan-type: fs', '          exit-code: "0"')), undefined);
    assert.equal(scanStepLine(steps('      - name: scan', '        uses: aquasecurity/trivy-action@0.28.0', '        continue-on-error: true')), undefined);
    assert.equal(scanStepLine(steps('      - run: trivy image --exit-code 0 ghcr.io/example/shop:1.0')), undefined);
    assert.equal(scanStepLine(steps('      - run: grype ghcr.io/example/shop:1.0 --fail-on high || true')), undefined);
    assert.equal(scanStepLine(steps('      - uses: anchore/scan-action@v4', '        with:', '          fail-build: false')), undefined);
    // A step that cannot fail, then one that can: the second is the check.
    assert.equal(scanStepLine(steps('      - run: snyk test || true', '      - run: snyk container test ghcr.io/example/shop:1.0')), 3);
    // A commented switch says nothing.
    assert.equal(scanStepLine(steps('      - uses: aquasecurity/trivy-action@0.28.0', '        # continue-on-error: true', '        with: {exit-code: "1"}')), 2);
  });
});
