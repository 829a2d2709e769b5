// Credentials and TLS as the files write them (issue #95, the false risks of four systems kept aside): a .NET connection
// string's login, SQL Server's encryption (Microsoft.Data.SqlClient encrypts by default; `TrustServerCertificate=true` is TLS
// that checks no certificate, `Encrypt=False` plaintext), RabbitMQ's and SQL Server's own authentication, a RabbitMQ whose
// mounted rabbitmq.conf sets its own user, a login everybody knows (guest/guest) as default credentials rather than a missing
// one, a UDP port (Consul's DNS) carrying no web session, and no vault asked of a system holding no secret; then, from the
// systems kept aside after (x95r): a call to an identity provider, a call whose code sends the user's token, a published
// metrics port. Each on a reduction of the real files (server/test/fixtures/oss/credentials/SOURCES.md), then a negative.
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { credentialsInLine, mysqlJdbcDefaultTls, tlsOfLine, unverifiedTlsLine } from '../../../src/threats/evidence';
import { runCli } from '../../cliRun';
import { type Risk, described, ofRule, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { makeTree, readTree } from '../../tempdir';

const credentials = path.join(fixturesDir, 'oss', 'credentials');

/** A fixture's files by relative path (its LICENSE aside). */
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(credentials, fixture));


describe('threats: credentials and TLS as the files write them (issue #95, kept aside)', function () {
  this.timeout(120_000);

  it('reads a connection string login, and SQL Server encryption, line by line', () => {
    assert.equal(credentialsInLine('"CustomerManagementCN": "server=sqlserver;user id=sa;password=8jkGh47hnDw89H@q8LN2;database=CustomerManagement;trustServerCertificate=true;"'), true);
    assert.equal(credentialsInLine('PG_DSN_URL: host=postgres user=postgres password=P@ssw0rd dbname=postgres sslmode=disable'), true);
    assert.equal(credentialsInLine('"Default": "Server=db;Database=Shop;Integrated Security=true"'), true);
    assert.equal(credentialsInLine('"Default": "Server=db;Database=Shop;User Id=app;Password="'), false);
    assert.equal(credentialsInLine('"Default": "Server=db;Database=Shop"'), false);
    assert.equal(credentialsInLine('RABBITMQ_URL: amqp://guest:guest@rabbitmq:5672/'), false);
    // aspnetrun's ordering: encryption turned off, whatever the trust of the certificate.
    assert.equal(tlsOfLine('- ConnectionStrings__Database=Server=orderdb;Database=OrderDb;User Id=sa;Password=SwN12345678;Encrypt=False;TrustServerCertificate=True'), false);
    // pitstop's: SqlClient's default encryption, the server's certificate not checked.
    const pitstop = 'server=sqlserver;user id=sa;password=x;database=Invoicing;trustServerCertificate=true;';
    assert.equal(tlsOfLine(pitstop), true);
    assert.equal(unverifiedTlsLine(pitstop), true);
    assert.equal(tlsOfLine('Server=db;Database=Shop;Encrypt=Mandatory'), true);
    assert.equal(tlsOfLine('Server=db;Database=Shop'), undefined);
  });

  it('pitstop: SQL Server and RabbitMQ links authenticated, SQL Server over TLS without server authentication, rabbitmq.conf its own user', async () => {
    const risks = await risksOf(filesOf('EdwinVW+pitstop'));
    // It read as 5 missing authentications (two calls, three published ports), plaintext to SQL Server, default credentials.
    assert.deepEqual(ofRule(risks, 'missing-authentication'), [
      // Seq with SEQ_FIRSTRUN_NOAUTHENTICATION=true: true, left.
      'missing-authentication customermanagementapi>logserver @src/CustomerManagementAPI/appsettings.Production.json:18',
      'missing-authentication internet>logserver @src/docker-compose.yml:42',
    ]);
    // The published SQL Server too: it offers TLS with a certificate of its own making (threats-singles.test.ts).
    assert.deepEqual(ofRule(risks, 'tls-without-server-authentication'), ['tls-without-server-authentication customermanagementapi>sqlserver @src/CustomerManagementAPI/appsettings.Production.json:9', 'tls-without-server-authentication internet>sqlserver @src/docker-compose.yml:25']);
    assert.ok(!described(risks).some((r) => r.startsWith('unencrypted-communication customermanagementapi>sqlserver')));
    assert.deepEqual(ofRule(risks, 'default-credentials'), []);
    // The Compose service reads its mounted configuration (`./rabbitmq:/etc/pitstop`, RABBITMQ_CONFIG_FILE): its line is the console's evidence.
    assert.ok(described(risks).includes('unguarded-access-from-internet internet>rabbitmq @src/docker-compose.yml:10,src/docker-compose.yml:13,src/rabbitmq/rabbitmq.conf:2'), described(risks).join('\n'));
  });

  it('a mounted rabbitmq.conf that keeps guest/guest is default credentials on its line; a Seq behind no login keeps its missing authentication', async () => {
    const files = filesOf('EdwinVW+pitstop');
    files['src/rabbitmq/rabbitmq.conf'] = 'default_user = guest\ndefault_pass = guest\n';
    delete files['src/k8s/rabbitmq.yaml'];
    const risks = await risksOf(files);
    assert.deepEqual(ofRule(risks, 'default-credentials'), ['default-credentials internet>rabbitmq @src/rabbitmq/rabbitmq.conf:1,src/rabbitmq/rabbitmq.conf:2']);
    assert.ok(ofRule(risks, 'missing-authentication').includes('missing-authentication internet>logserver @src/docker-compose.yml:42'));
  });

  it("pitstop's rabbitmq.conf mounted by the long syntax, or given as a config where RabbitMQ reads its own, is read as the short mount is", async () => {
    const guest = (compose: (text: string) => string) => {
      const files = filesOf('EdwinVW+pitstop');
      files['src/rabbitmq/rabbitmq.conf'] = 'default_user = guest\ndefault_pass = guest\n';
      files['src/docker-compose.yml'] = compose(files['src/docker-compose.yml']);
      delete files['src/k8s/rabbitmq.yaml'];
      return files;
    };
    const short = '      - ./rabbitmq:/etc/pitstop\n';
    const long = guest((text) => text.replace(short, '      - type: bind\n        source: ./rabbitmq\n        target: /etc/pitstop\n        read_only: true\n'));
    const config = guest((text) => `${text.replace(short, '').replace('      - RABBITMQ_CONFIG_FILE=/etc/pitstop/rabbitmq.conf\n', '').replace('    container_name: rabbitmq\n', '    container_name: rabbitmq\n    configs:\n      - source: rabbitmq_conf\n        target: /etc/rabbitmq/rabbitmq.conf\n')}\nconfigs:\n  rabbitmq_conf:\n    file: ./rabbitmq/rabbitmq.conf\n`);
    assert.ok(!long['src/docker-compose.yml'].includes(short) && config['src/docker-compose.yml'].includes('configs:\n      - source: rabbitmq_conf'));
    for (const files of [long, config]) {
      const risks = await risksOf(files);
      assert.deepEqual(ofRule(risks, 'default-credentials'), ['default-credentials internet>rabbitmq @src/rabbitmq/rabbitmq.conf:1,src/rabbitmq/rabbitmq.conf:2'], files['src/docker-compose.yml'].slice(0, 400));
    }
  });

  it("a mounted folder that links outside the workspace is not read: pitstop's rabbitmq folder as a link to a guest/guest rabbitmq.conf elsewhere", async () => {
    const outside = makeTree({ 'rabbitmq.conf': 'default_user = guest\ndefault_pass = guest\n' });
    const files = filesOf('EdwinVW+pitstop');
    delete files['src/rabbitmq/rabbitmq.conf'];
    delete files['src/k8s/rabbitmq.yaml'];
    const tree = makeTree(files);
    try {
      symlinkSync(outside.root, path.join(tree.root, 'src', 'rabbitmq'), 'dir');
      const { out } = await runCli(['threats', '.', '--all', '--format', 'json'], tree.root);
      const risks = (JSON.parse(out) as { risks: Risk[] }).risks;
      assert.deepEqual(ofRule(risks, 'default-credentials'), []);
      assert.ok(!described(risks).some((r) => r.includes('rabbitmq.conf')), described(risks).join('\n'));
    } finally {
      tree.remove();
      outside.remove();
    }
  });

  it('aspnetrun: Encrypt=False stays plaintext; SQL Server and RabbitMQ ask for their login; guest/guest a finding of its own', async () => {
    const risks = await risksOf(filesOf('aspnetrun+run-aspnetcore-microservices'));
    assert.deepEqual(ofRule(risks, 'missing-authentication').map((r) => r.split(' @')[0]), ['missing-authentication basket.api>distributedcache', 'missing-authentication internet>distributedcache']);
    assert.ok(described(risks).some((r) => r.startsWith('unencrypted-communication ordering.api>orderdb ')));
    assert.deepEqual(ofRule(risks, 'default-credentials').map((r) => r.split(' @')[0]), ['default-credentials internet>messagebroker']);
    // Only the published port, SQL Server offering TLS to a client left at its default; the app's `Encrypt=False` link stays plaintext.
    assert.deepEqual(ofRule(risks, 'tls-without-server-authentication'), ['tls-without-server-authentication internet>orderdb @src/docker-compose.override.yml:41']);
  });

  it('go-coffeeshop: amqp://guest:guest@ is a login everybody knows, not a missing one', async () => {
    const risks = await risksOf(filesOf('thangchung+go-coffeeshop'));
    assert.ok(!described(risks).some((r) => /^missing-authentication \S*rabbitmq /.test(r)), described(risks).join('\n'));
    assert.deepEqual(ofRule(risks, 'default-credentials').map((r) => r.split(' @')[0]), ['default-credentials internet>rabbitmq']);
    // Its proxy's hop to counter carries no credential: left.
    assert.deepEqual(ofRule(risks, 'missing-authentication').map((r) => r.split(' @')[0]), ['missing-authentication proxy>counter']);
  });

  it('microservice-consul: Consul DNS over UDP carries no session; no vault asked where no secret is held', async () => {
    const risks = await risksOf(filesOf('ewolff+microservice-consul'));
    assert.ok(!described(risks).some((r) => r.includes('docker/docker-compose.yml:8')), described(risks).join('\n'));
    assert.deepEqual(ofRule(risks, 'missing-vault'), []);
    // A password written in a service's environment: a secret to keep, so the vault is asked.
    const files = filesOf('ewolff+microservice-consul');
    files['docker/docker-compose.yml'] = files['docker/docker-compose.yml'].replace('    image: consul:1.8.4\n', '    image: consul:1.8.4\n    environment:\n      CONSUL_HTTP_TOKEN: 6d0a8b1e-3f47-4e0c-9a51-cc1b7a0b2e19\n');
    assert.equal(ofRule(await risksOf(files), 'missing-vault').length, 1);
  });

  it('yas: calls to the identity provider speak OIDC, and a call whose code sets the bearer token carries it', async () => {
    const files = filesOf('nashtech-garage+yas');
    const risks = await risksOf(files);
    assert.deepEqual(ofRule(risks, 'missing-authentication'), []);
    // Still plaintext, now with the token it carries: the line of the code that sends it is evidence.
    assert.ok(described(risks).includes('unencrypted-communication inventory>location @docker-compose.yml:53,.env:2,inventory/src/main/java/com/yas/inventory/service/LocationService.java:37'), described(risks).join('\n'));
    // The same call without the token in its code; the same identity provider under an image nobody knows: missing authentication each.
    const service = 'inventory/src/main/java/com/yas/inventory/service/LocationService.java';
    files[service] = files[service].split('\n').filter((line) => !line.includes('setBearerAuth')).join('\n');
    files['docker-compose.yml'] = files['docker-compose.yml'].replace('quay.io/keycloak/keycloak:26.0.2', 'example/login:1.0');
    assert.deepEqual(ofRule(await risksOf(files), 'missing-authentication').map((r) => r.split(' @')[0]), ['missing-authentication inventory>identity', 'missing-authentication inventory>location']);
  });

  it("temporal: a published Prometheus endpoint (PROMETHEUS_ENDPOINT's port) carries no session nor data; the frontend's own port keeps it", async () => {
    const files = filesOf('temporalio+docker-compose');
    /** The plaintext links from the Internet to temporal-history, by the line of their port, and whether they carry a session. */
    const plaintext = async () =>
      ((await risksOf(files)) as (Risk & { title: string })[])
        .filter((r) => r.rule === 'threat-unencrypted-communication' && r.elements.length === 2 && r.elements[1].endsWith(':temporal-history'))
        .map((r) => `${r.sources.map((s) => s.line).join(',')} ${r.title.includes('transferring authentication data') ? 'session' : 'no session'}`)
        .sort();
    // 52: the frontend's 7234, its users' session; 54: 8000, the metrics endpoint: its metrics, no session and none of the
    // component's data, so no plaintext risk (was `54 no session`, and `54 session` before that).
    assert.deepEqual(await plaintext(), ['52 session']);
    files['docker-compose-multirole.yaml'] = files['docker-compose-multirole.yaml'].replace('PROMETHEUS_ENDPOINT=0.0.0.0:8000', 'PROMETHEUS_ENDPOINT=0.0.0.0:9090');
    assert.deepEqual(await plaintext(), ['52 session', '54 session']);
  });

  it('MySQL reached by Connector/J with no TLS setting: TLS without server authentication (ftgo, held out); useSSL=false plaintext; MariaDB left plaintext', async () => {
    assert.equal(mysqlJdbcDefaultTls('            value: jdbc:mysql://ftgo-mysql/eventuate'), true);
    assert.equal(mysqlJdbcDefaultTls('SPRING_DATASOURCE_URL: jdbc:mysql://mysql/eventuate?useSSL=false'), false);
    assert.equal(mysqlJdbcDefaultTls('SPRING_DATASOURCE_URL: jdbc:mariadb://mysql/eventuate'), false);
    const compose = (image: string, url: string) => ['services:', '  orders:', '    image: example/orders:1.0', '    ports: ["8080:8080"]', '    environment:', `      SPRING_DATASOURCE_URL: ${url}`, '      SPRING_DATASOURCE_PASSWORD: ${DB_PASSWORD}', '  mysql:', `    image: ${image}`, '    environment:', '      MYSQL_ROOT_PASSWORD: ${DB_PASSWORD}', ''].join('\n');
    const links = async (image: string, url: string) => described(await risksOf({ 'compose.yaml': compose(image, url) })).filter((r) => /^(?:tls-without-server-authentication|unencrypted-communication) /.test(r) && r.includes('orders>mysql')).map((r) => r.split(' @')[0]);
    assert.deepEqual(await links('mysql:8.0', 'jdbc:mysql://mysql:3306/orders'), ['tls-without-server-authentication internet>orders>mysql']);
    assert.deepEqual(await links('mysql:8.0', 'jdbc:mysql://mysql:3306/orders?useSSL=false'), ['unencrypted-communication internet>orders>mysql']);
    assert.deepEqual(await links('mariadb:11', 'jdbc:mysql://mysql:3306/orders'), ['unencrypted-communication internet>orders>mysql']);
  });
});
