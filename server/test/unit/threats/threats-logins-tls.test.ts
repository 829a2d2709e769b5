// Logins and TLS written where the threat rules did not read them (issue #95, held out: docker-zulip, aks-store-demo): a
// store's login on its own command line, a server that speaks only TLS on its port. Each on a reduction of the real files
// (server/test/fixtures/oss/singles/SOURCES.md), then the variant that must not change.
import assert from 'node:assert/strict';
import path from 'node:path';
import { described, ofRule, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { loginBesideAddress, springLogin } from '../../../src/threats/clientLogin';
import { nginxListens } from '../../../src/threats/nginxListen';
import { commandLoginLine } from '../../../src/threats/serverCommand';

const singles = path.join(fixturesDir, 'oss', 'singles');
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(singles, fixture));

describe('threats: logins and TLS the rules did not read (issue #95)', function () {
  this.timeout(120_000);

  it("docker-zulip: Redis's --requirepass and Memcached's -S ask for a login, which a CI overlay adding a network does not undo", async () => {
    const files = filesOf('docker-zulip');
    // Before: missing-authentication zulip>redis and zulip>memcached (the overlay's two-line blocks read as stores without a login).
    assert.deepEqual(ofRule(await risksOf(files), 'missing-authentication'), []);
    // Without the overlay, as before: a login.
    const alone = { 'compose.yaml': files['compose.yaml'] };
    assert.deepEqual(ofRule(await risksOf(alone), 'missing-authentication'), []);
    // The same Redis started without its password: no login, whatever the overlay says.
    const open = files['compose.yaml'].replace(` --requirepass "$$(cat $$REDIS_PASSWORD_FILE)"'`, `'`);
    assert.deepEqual(ofRule(await risksOf({ ...files, 'compose.yaml': open }), 'missing-authentication'), ['missing-authentication internet>zulip>redis @compose.yaml:65']);
    // An overlay that restates the image says what that service runs: its own (empty) command asks for nothing.
    const restated = files['ci/certbot/compose.yaml'].replace('  redis:\n    networks: [zulip-backend]', '  redis:\n    image: "redis:alpine"\n    networks: [zulip-backend]');
    assert.deepEqual(ofRule(await risksOf({ ...files, 'ci/certbot/compose.yaml': restated }), 'missing-authentication'), ['missing-authentication internet>zulip>redis @compose.yaml:65']);
  });

  it("docker-zulip: pebble's ACME and management ports are HTTPS (known by its image); another image on them is not", async () => {
    const files = filesOf('docker-zulip');
    const plaintext = (risks: Awaited<ReturnType<typeof risksOf>>) => described(risks).filter((r) => r.startsWith('unencrypted-communication internet>'));
    // Before: unencrypted-communication internet>pebble on 14000 and on 15000.
    const zulip = [
      'unencrypted-communication internet>zulip @compose.yaml:41',
      'unencrypted-communication internet>zulip @compose.yaml:45',
      'unencrypted-communication internet>zulip>memcached @compose.yaml:63',
      'unencrypted-communication internet>zulip>redis @compose.yaml:65',
    ];
    assert.deepEqual(plaintext(await risksOf(files)), zulip);
    const other = files['ci/certbot/compose.yaml'].replace('ghcr.io/letsencrypt/pebble:latest', 'example/acme-double:latest');
    assert.deepEqual(plaintext(await risksOf({ ...files, 'ci/certbot/compose.yaml': other })), [
      'unencrypted-communication internet>pebble @ci/certbot/compose.yaml:30',
      'unencrypted-communication internet>pebble @ci/certbot/compose.yaml:31',
      ...zulip,
    ]);
  });

  it('aks-store-demo: DocumentDB Local started with --username/--password asks for a login and speaks only TLS on 10260', async () => {
    const files = filesOf('aks-store-demo');
    const documentdb = (risks: Awaited<ReturnType<typeof risksOf>>) => described(risks).filter((r) => /^(?:missing-authentication|unencrypted-communication) .*documentdb/.test(r));
    // Before: missing-authentication from the Internet and from makeline-service, unencrypted-communication from the Internet.
    assert.deepEqual(documentdb(await risksOf(files)), []);
    // A client URI that does not say TLS reaches the same TLS-only gateway (before: plaintext).
    const unsaid = files['docker-compose.yml'].replace('/?tls=true&tlsAllowInvalidCertificates=true', '/');
    assert.deepEqual(documentdb(await risksOf({ ...files, 'docker-compose.yml': unsaid })), []);
    // Started without a login: anyone reaching the port gets in; makeline-service's ORDER_DB_USERNAME/ORDER_DB_PASSWORD beside
    // its ORDER_DB_URI still log it in (before: missing-authentication makeline-service>documentdb).
    const open = files['docker-compose.yml'].replace('    command: ["--username", "username", "--password", "password"]\n', '');
    assert.deepEqual(ofRule(await risksOf({ ...files, 'docker-compose.yml': open }), 'missing-authentication').filter((r) => r.includes('documentdb')), ['missing-authentication internet>documentdb @docker-compose.yml:7']);
    // Another image on the same port: plaintext as written.
    const other = files['docker-compose.yml'].replace('ghcr.io/documentdb/documentdb/documentdb-local:pg17-0.112.0', 'mongo:7');
    assert.deepEqual(ofRule(await risksOf({ ...files, 'docker-compose.yml': other }), 'unencrypted-communication').filter((r) => r.includes('documentdb')), ['unencrypted-communication internet>documentdb @docker-compose.yml:7']);
  });

  it("docker-jitsi-meet: a host port from an unset variable says the variable; nginx's `listen 8443 ssl` makes the port reaching it TLS", async () => {
    const files = filesOf('docker-jitsi-meet');
    const plaintext = (risks: Awaited<ReturnType<typeof risksOf>>) => risks.filter((r) => r.rule === 'threat-unencrypted-communication').map((r) => `${r.title} @${r.sources.map((x) => `${x.file}:${x.line}`).join(',')}`).sort();
    // Before: both named `:0`.
    const both = [
      'Unencrypted Communication named :${HTTPS_PORT} to web between Internet and web transferring authentication data (like credentials, token, session-id, etc.) @docker-compose.yml:12',
      'Unencrypted Communication named :${HTTP_PORT} to web between Internet and web transferring authentication data (like credentials, token, session-id, etc.) @docker-compose.yml:11',
    ];
    assert.deepEqual(plaintext(await risksOf(files)), both);
    // Its site configuration mounted from the repository (jitsi writes it there from this template): 8443 is TLS, 8000 is not.
    const mounted = files['docker-compose.yml'].replace('        volumes:\n', '        volumes:\n            - ./web/rootfs/defaults/default:/config/nginx/site-confs/default:ro\n');
    assert.deepEqual(plaintext(await risksOf({ ...files, 'docker-compose.yml': mounted })), [both[1]]);
    // A configuration whose 8443 has no `ssl`: plaintext again.
    const clear = { ...files, 'docker-compose.yml': mounted, 'web/rootfs/defaults/default': files['web/rootfs/defaults/default'].replace('listen 8443 ssl http2;', 'listen 8443 http2;') };
    assert.deepEqual(plaintext(await risksOf(clear)), both);
  });

  it("a server's login on its command line, in Compose's and Kubernetes' forms", () => {
    // Compose: a string, a flow list; Kubernetes: args as a block list at the key's depth.
    assert.equal(commandLoginLine(['  db:', '    image: x', '    command: --username u --password p']), 2);
    assert.equal(commandLoginLine(['  db:', '    command: ["--username", "username", "--password", "password"]']), 1);
    assert.equal(commandLoginLine(['        - name: db', '          args:', '          - "--username"', '          - "u"', '          - "--password"', '          - "p"', '          ports:']), 4);
    assert.equal(commandLoginLine(['    command: mongod --auth --bind_ip_all']), 0);
    assert.equal(commandLoginLine(['    entrypoint:', '      - sh', '      - -c', '      - redis-server --requirepass "$(cat $REDIS_PASSWORD_FILE)"']), 3);
    // No value, a value that is the next option, an environment variable named so, a comment: no login.
    assert.equal(commandLoginLine(['    command: --password', '    ports: []']), undefined);
    assert.equal(commandLoginLine(['    command: --password --verbose']), undefined);
    assert.equal(commandLoginLine(['    environment:', '      - PASSWORD=x']), undefined);
    assert.equal(commandLoginLine(['    # command: --password p']), undefined);
  });

  it("a client's user and password beside its address, or in its Spring settings", () => {
    const env = ['      - ORDER_DB_URI=mongodb://documentdb:10260/', '      - ORDER_DB_USERNAME=username', '      - ORDER_DB_PASSWORD=password'];
    assert.equal(loginBesideAddress('ORDER_DB_URI', env), true);
    const kube = ['        - name: ORDER_DB_USER', '          valueFrom:', '        - name: ORDER_DB_PASSWORD', '          value: "p"'];
    assert.equal(loginBesideAddress('ORDER_DB_URL', kube), true);
    // A password alone, a pair named for another address, an empty value: no login.
    assert.equal(loginBesideAddress('ORDER_DB_URI', [env[0], env[2]]), false);
    assert.equal(loginBesideAddress('ORDER_QUEUE_URI', env), false);
    assert.equal(loginBesideAddress('ORDER_DB_URI', [env[0], '      - ORDER_DB_USERNAME=', env[2]]), false);
    // Under a `CREDENTIALS_` part, as an environment variable or a dotted setting (quarkusio/quarkus-super-heroes, Apache-2.0:
    // deploy/docker-compose/java25.yml:59-63, rest-fights' `QUARKUS_MONGODB_HOSTS` with `QUARKUS_MONGODB_CREDENTIALS_*`).
    const quarkus = ['      QUARKUS_MONGODB_HOSTS: fights-db:27017', '      QUARKUS_MONGODB_CREDENTIALS_USERNAME: superfight', '      QUARKUS_MONGODB_CREDENTIALS_PASSWORD: superfight'];
    assert.equal(loginBesideAddress('QUARKUS_MONGODB_HOSTS', quarkus), true);
    assert.equal(loginBesideAddress('quarkus.mongodb.hosts', ['quarkus.mongodb.hosts=fights-db:27017', 'quarkus.mongodb.credentials.username=app', 'quarkus.mongodb.credentials.password=${PW}']), true);
    assert.equal(loginBesideAddress('QUARKUS_MONGODB_HOSTS', quarkus.slice(0, 2)), false);
    assert.equal(springLogin(['spring.data.mongodb.uri=mongodb://db/x', 'spring.data.mongodb.username=app', 'spring.data.mongodb.password=${PW}'], 'MongoDB'), true);
    assert.equal(springLogin(['spring.data.mongodb.username=app'], 'MongoDB'), false);
    assert.equal(springLogin(['spring.data.mongodb.username=app', 'spring.data.mongodb.password=x'], 'PostgreSQL'), false);
  });

  it("nginx's listen lines: a port is TLS when each of its listen lines says ssl", () => {
    const lines = ['server {', '\tlisten 8000 default_server;', '\tlisten [::]:8000 default_server;', '}', 'server {', '\tlisten 8443 ssl http2;', '\tlisten [::]:8443 ssl http2;', '\tlisten ${PORT} ssl;', '}'];
    assert.deepEqual([...nginxListens(lines)], [[8000, { tls: false, line: 1 }], [8443, { tls: true, line: 5 }]]);
    assert.deepEqual([...nginxListens(['listen 0.0.0.0:443 ssl;', 'listen 443;'])], [[443, { tls: false, line: 0 }]]);
  });

  // mattermost/docker (Apache-2.0), nginx/conf.d/default.conf:17-24: the port-80 server only sends its callers to HTTPS.
  const REDIRECT = ['upstream backend {', '    server mattermost:8065;', '}', 'server {', '    server_name _;', '    listen 80 default_server;', '    listen [::]:80 default_server;', '', '    # redirect all HTTP requests to HTTPS with a 301 Moved Permanently response.', '    return 301 https://$host$request_uri;', '}', 'server {', '    server_name _;', '    listen 443 ssl default_server;', '    location / {', '        proxy_pass http://backend;', '    }', '}'];

  it("nginx: a port whose servers only redirect to HTTPS (an ACME challenge's location beside at most) carries nothing in clear", () => {
    assert.deepEqual([...nginxListens(REDIRECT)], [[80, { tls: false, line: 5, redirect: 9 }], [443, { tls: true, line: 13 }]]);
    const acme = ['server {', '  listen 80;', '  location /.well-known/acme-challenge/ {', '    root /var/www/certbot;', '  }', '  location / {', '    return 301 https://$host$request_uri;', '  }', '}'];
    assert.equal(nginxListens(acme).get(80)?.redirect, 6);
    // A server on the port that serves anything, or a redirection to another plain HTTP address: no.
    const serves = [...acme.slice(0, -1), '  location /static/ {', '    root /srv;', '  }', '}'];
    assert.equal(nginxListens(serves).get(80)?.redirect, undefined);
    assert.equal(nginxListens(['server {', '  listen 80;', '  return 301 http://example.com$request_uri;', '}']).get(80)?.redirect, undefined);
    assert.equal(nginxListens([...REDIRECT, 'server {', '  listen 80;', '  server_name api.example.com;', '  location / { proxy_pass http://backend; }', '}']).get(80)?.redirect, undefined);
  });

  it('nginx: the redirecting port published is no plaintext way in; the proxied one stays TLS', async () => {
    const compose = ['services:', '  nginx:', '    image: nginx:1.27', '    volumes:', '      - ./nginx/conf.d:/etc/nginx/conf.d:ro', '    ports:', '      - "443:443"', '      - "80:80"', '  mattermost:', '    image: mattermost/mattermost-team-edition:10.5', ''].join('\n');
    const risks = await risksOf({ 'docker-compose.yml': compose, 'nginx/conf.d/default.conf': REDIRECT.join('\n') });
    assert.deepEqual(ofRule(risks, 'unencrypted-communication').filter((r) => r.includes('internet>nginx')), []);
    const plain = await risksOf({ 'docker-compose.yml': compose, 'nginx/conf.d/default.conf': REDIRECT.join('\n').replace('return 301 https://$host$request_uri;', 'location / { proxy_pass http://backend; }') });
    assert.deepEqual(ofRule(plain, 'unencrypted-communication').filter((r) => r.includes('internet>nginx')).length, 1);
  });
});

