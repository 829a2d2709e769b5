// Classes the fifth held-out round found (issue #95, x98m), each on a reduction of the real file with its variants:
// - Kong/docker-kong (d1ed165b, Apache-2.0) compose/docker-compose.yml: `KONG_PROXY_LISTEN`/`KONG_ADMIN_LISTEN` replace
//   Kong's listeners, so its published 8443 and 8444 reach nothing, and its Admin API is published on every interface;
// - minghsu0107/go-random-chat (06b790a8, MIT) deployments/docker-compose.yaml: a Redis Cluster of six services
//   `redis-node-0..5` (bitnami/redis-cluster, each naming all in `REDIS_NODES`), each risk said once per node;
// - oktadev/auth0-micro-frontends-jhipster-example (dbffeb2d, Apache-2.0) docker-compose/docker-compose.yml,
//   gateway/build.gradle, gateway/gradle/docker.gradle, gateway/src/main/resources/config/application{,-prod}.yml,
//   blog/src/main/resources/config/application.yml: the gateway's
//   image is built by Jib (no Dockerfile), so its `TokenRelay` was never read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mergedAnchors } from '../../../src/threats/evidence';
import { gradleJibImage, mavenJibImage } from '../../../src/dockerfile/jib';
import { kongListeners } from '../../../src/threats/kongListen';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';
import { fixturesDir } from '../../helpers';
import { described, risksOfFiles } from '../../threatRisks';
import { jibGatewayModule } from '../dockerfile/jibGateway';
import { KONG_LISTENERS as LISTENERS, KONG_PORTS as PORTS, kongCompose } from '../../listenerReductions';

const kong = kongCompose;

/** go-random-chat's compose file, reduced: a client naming the cluster's nodes, and the nodes (`nodes` of them, `block` each). */
const chat = (nodes: number, block: (n: number, all: string) => string[], extra: readonly string[] = []) => {
  const all = Array.from({ length: nodes }, (_, n) => `redis-node-${n}`);
  return [
    'services:',
    '  match:',
    '    image: minghsu0107/random-chat-api:kafka',
    '    environment:',
    `      REDIS_ADDRS: ${all.map((name) => `${name}:6379`).join(',')}`,
    ...all.flatMap((name, n) => [`  ${name}:`, ...block(n, all.join(' '))]),
    ...extra,
    '',
  ].join('\n');
};
const bitnami = (n: number, all: string) => [
  '    image: docker.io/bitnami/redis-cluster:7.0',
  '    volumes:',
  `      - redis-cluster_data-${n}:/bitnami/redis/data`,
  '    environment:',
  "      - 'REDIS_PASSWORD=${REDIS_PASSWORD}'",
  `      - 'REDIS_NODES=${all}'`,
];
/** The same cluster run by the official image's command, joined by a one-shot's `redis-cli --cluster create`. */
const commanded = (cluster: boolean) => (n: number) => ['    image: redis:7.2', `    command: redis-server --port 6379${cluster ? ' --cluster-enabled yes' : ''} --appendonly yes`, '    volumes:', `      - redis-data-${n}:/data`];
const SETUP = ['  redis-cluster-setup:', '    image: redis:7.2', '    command: redis-cli --cluster create redis-node-0:6379 redis-node-1:6379 redis-node-2:6379 --cluster-replicas 0 --cluster-yes'];

/** The micro-frontends example, reduced: the Compose services, the gateway's Gradle build with Jib, its routes relaying the token. */
const microFrontends = (jibImage: string) => ({
  'docker-compose/docker-compose.yml': [
    'services:',
    '  gateway:',
    '    image: gateway',
    '    environment:',
    '      - SPRING_PROFILES_ACTIVE=prod,api-docs',
    '      - SPRING_CLOUD_CONSUL_HOST=consul',
    '      - SPRING_CLOUD_CONSUL_PORT=8500',
    '    ports:',
    '      - "8080:8080"',
    '  blog:',
    '    image: blog',
    '    environment:',
    '      - SPRING_CLOUD_CONSUL_HOST=consul',
    '      - SPRING_NEO4J_URI=bolt://blog-neo4j:7687',
    '  blog-neo4j:',
    '    image: neo4j:5.14.0',
    '    environment:',
    '      - NEO4J_AUTH=none',
    '  consul:',
    '    image: docker.io/bitnami/consul:1.17.0',
    '',
  ].join('\n'),
  ...jibGatewayModule(jibImage),
});

describe("threats: the fifth held-out round's classes (issue #95, x99d)", function () {
  this.timeout(120_000);

  it("Kong's listeners: its settings replace the defaults, `ssl` is TLS, `off` and the loopback open nothing, a variable with no default is not judged", () => {
    const ports = (lines: string[], lookup?: (name: string) => string | undefined) => {
      const read = kongListeners(lines, lookup);
      return read && { ports: [...read.ports].map(([port, l]) => `${port} ${l.role}${l.tls ? ' tls' : ''}${l.line !== undefined ? ` @${l.line}` : ''}`), complete: read.complete };
    };
    assert.deepEqual(ports(LISTENERS), { ports: ['8000 proxy @0', '8001 admin @1', '8002 admin-gui @2'], complete: true });
    // No setting: Kong's defaults, its Admin and status APIs on the container's loopback.
    assert.deepEqual(ports([]), { ports: ['8000 proxy', '8443 proxy tls', '8002 admin-gui', '8445 admin-gui tls'], complete: true });
    assert.deepEqual(ports(['  - KONG_ADMIN_LISTEN=0.0.0.0:8001, 0.0.0.0:8444 http2 ssl', '  - KONG_PROXY_LISTEN=off', '  - KONG_ADMIN_GUI_LISTEN=off']), { ports: ['8001 admin @0', '8444 admin tls @0'], complete: true });
    // Kubernetes' form; a variable the project's .env sets.
    assert.deepEqual(ports(['        - name: KONG_PROXY_LISTEN', '          value: "0.0.0.0:8443 ssl"']), { ports: ['8443 proxy tls @1', '8002 admin-gui', '8445 admin-gui tls'], complete: true });
    assert.deepEqual(ports(['KONG_ADMIN_LISTEN: ${ADMIN}', 'KONG_ADMIN_GUI_LISTEN: "off"'], (name) => (name === 'ADMIN' ? '[::]:9001' : undefined)), { ports: ['8000 proxy', '8443 proxy tls', '9001 admin @0'], complete: true });
    assert.deepEqual(ports(['KONG_ADMIN_LISTEN: ${ADMIN}']), { ports: ['8000 proxy', '8443 proxy tls', '8002 admin-gui', '8445 admin-gui tls'], complete: false });
    // A kong.conf of its own: its listeners are there, not read.
    assert.equal(ports(['      - ./kong.conf:/etc/kong/kong.conf']), undefined);
  });

  it("docker-kong: 8443 and 8444 published to listeners KONG_*_LISTEN removed are no ways in; the Admin API on every interface is a console with no login", async () => {
    const risks = described(await risksOfFiles({ 'compose/docker-compose.yml': kong(LISTENERS, PORTS) })).filter((r) => / internet>kong @/.test(r));
    // Before: unguarded access and plaintext on 8443 and 8444 as well (lines 18 and 20), and no missing authentication.
    assert.deepEqual(risks, [
      'missing-authentication internet>kong @compose/docker-compose.yml:19,compose/docker-compose.yml:13',
      'missing-waf internet>kong @compose/docker-compose.yml:17',
      'unencrypted-communication internet>kong @compose/docker-compose.yml:17',
      'unencrypted-communication internet>kong @compose/docker-compose.yml:19,compose/docker-compose.yml:13',
      'unencrypted-communication internet>kong @compose/docker-compose.yml:21',
      'unguarded-access-from-internet internet>kong @compose/docker-compose.yml:17',
      'unguarded-access-from-internet internet>kong @compose/docker-compose.yml:19,compose/docker-compose.yml:13',
      'unguarded-access-from-internet internet>kong @compose/docker-compose.yml:21',
    ]);
  });

  it('docker-kong variants: a TLS proxy listener is no plaintext; RBAC enforced asks a login; the Admin API published on the loopback is no console', async () => {
    const tls = described(await risksOfFiles({ 'docker-compose.yml': kong(['      KONG_PROXY_LISTEN: "0.0.0.0:8000, 0.0.0.0:8443 http2 ssl"', '      KONG_ADMIN_LISTEN: "off"'], PORTS.slice(0, 2)) }));
    assert.deepEqual(tls.filter((r) => r.startsWith('unencrypted-communication internet>')), ['unencrypted-communication internet>kong @docker-compose.yml:16']);
    // Both published ports are ways in, 8443 a TLS one.
    const tree = makeTree({ 'docker-compose.yml': kong(['      KONG_PROXY_LISTEN: "0.0.0.0:8000, 0.0.0.0:8443 http2 ssl"', '      KONG_ADMIN_LISTEN: "off"'], PORTS.slice(0, 2)) });
    try {
      const model = JSON.parse((await runCli(['threats', '.', '--format', 'model'], tree.root)).out) as { entries: { tls: boolean; sources: { line: number }[] }[] };
      assert.deepEqual(model.entries.map((e) => `${e.sources.map((s) => s.line).join(',')} ${e.tls}`), ['16 false', '17 true']);
    } finally {
      tree.remove();
    }
    const rbac = described(await risksOfFiles({ 'docker-compose.yml': kong(LISTENERS, PORTS, ['      KONG_ENFORCE_RBAC: "on"']) }));
    assert.deepEqual(rbac.filter((r) => r.startsWith('missing-authentication ')), []);
    const local = described(await risksOfFiles({ 'docker-compose.yml': kong(LISTENERS, [PORTS[0], '      - "127.0.0.1:8001:8001/tcp"']) }));
    assert.deepEqual(local.filter((r) => / internet>kong @/.test(r) && !r.includes(':17')), []);
  });

  it('go-random-chat: the Redis Cluster nodes are one store, each risk said once with every node\'s line', async () => {
    const redis = (risks: string[]) => risks.filter((r) => r.includes('redis-node'));
    // Before: each of these six times, once per node.
    assert.deepEqual(redis(described(await risksOfFiles({ 'deployments/docker-compose.yaml': chat(6, bitnami) }))), [
      'unencrypted-asset redis-node-0 @deployments/docker-compose.yaml:6,deployments/docker-compose.yaml:13,deployments/docker-compose.yaml:20,deployments/docker-compose.yaml:27,deployments/docker-compose.yaml:34,deployments/docker-compose.yaml:41',
      'unencrypted-communication match>redis-node-0 @deployments/docker-compose.yaml:5',
    ]);
    // Run by its command in cluster mode and joined by the one-shot's `--cluster create`: one store too.
    const created = redis(described(await risksOfFiles({ 'docker-compose.yaml': chat(3, commanded(true), SETUP) })));
    assert.deepEqual(created.filter((r) => r.startsWith('unencrypted-asset ')).map((r) => r.split(' ')[1]), ['redis-node-0']);
    // Numbered Redis servers not in cluster mode are separate stores, whatever line names them.
    const apart = redis(described(await risksOfFiles({ 'docker-compose.yaml': chat(3, commanded(false), SETUP) })));
    assert.deepEqual(apart.filter((r) => r.startsWith('unencrypted-asset ')).map((r) => r.split(' ')[1]), ['redis-node-0', 'redis-node-1', 'redis-node-2']);
  });

  it("Jib's target image: Gradle's `to { image }` in the build script or a script it applies, Maven's `<to><image>` with the pom's properties", () => {
    const files: Record<string, string> = { 'file:///w/gateway/gradle/docker.gradle': 'jib {\n  to {\n    image = "gateway:latest"\n  }\n}\n' };
    const read = (uri: string) => files[uri];
    assert.equal(gradleJibImage('plugins { id "com.google.cloud.tools.jib" }\napply from: "gradle/docker.gradle"\n', 'file:///w/gateway/build.gradle', read), 'gateway:latest');
    assert.equal(gradleJibImage('jib.to.image = "ghcr.io/acme/api"\n', 'file:///w/api/build.gradle.kts', read), 'ghcr.io/acme/api');
    assert.equal(gradleJibImage('jib {\n  to {\n    image.set("acme/web:2")\n  }\n}\n', 'file:///w/web/build.gradle.kts', read), 'acme/web:2');
    assert.equal(gradleJibImage('apply from: "gradle/sonar.gradle"\n', 'file:///w/gateway/build.gradle', read), undefined);
    const pom = (image: string) => `<project><parent><artifactId>spring-boot-starter-parent</artifactId></parent><artifactId>store</artifactId><properties><registry>ghcr.io/acme</registry></properties><build><plugins><plugin><groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId><configuration><from><image>eclipse-temurin:17</image></from><to><image>${image}</image></to></configuration></plugin></plugins></build></project>`;
    assert.equal(mavenJibImage(pom('${registry}/${project.artifactId}:latest')), 'ghcr.io/acme/store:latest');
    assert.equal(mavenJibImage(pom('store')), 'store');
    assert.equal(mavenJibImage('<project><artifactId>store</artifactId></project>'), undefined);
  });

  it("micro-frontends: the gateway's image built by Jib is its Gradle module, whose TokenRelay sends the user's token on its calls", async () => {
    const missing = async (jibImage: string) => described(await risksOfFiles(microFrontends(jibImage))).filter((r) => r.startsWith('missing-authentication ') && r.includes('gateway>blog @'));
    // Before: `missing-authentication internet>gateway>blog` on the routes' line, the module never read.
    assert.deepEqual(await missing('gateway:latest'), []);
    // Jib pushing another image: the gateway's build is unknown, its calls carry no token known.
    assert.deepEqual(await missing('gateway-other:latest'), ['missing-authentication internet>gateway>blog @gateway/src/main/resources/config/application.yml:13']);
  });

  it("YAML's merge read once for every reader: `<<: *a` and the list form `<<: [*a, *b]`; langfuse's cluster merging its anchor in a list is one store", async () => {
    assert.deepEqual(mergedAnchors('      <<: *kong-env'), ['kong-env']);
    assert.deepEqual(mergedAnchors('      <<: [*redis-cluster-common-env, *logging]'), ['redis-cluster-common-env', 'logging']);
    assert.deepEqual(mergedAnchors('      env: *kong-env'), []);
    // langfuse/langfuse (62751446, MIT) docker-compose.dev-redis-cluster.yml, its merges written as lists (its REDIS_NODES
    // name addresses, not the services: only the shared anchor joins them).
    const langfuse = readFileSync(path.join(fixturesDir, 'oss', 'singles', 'langfuse', 'docker-compose.dev-redis-cluster.yml'), 'utf8');
    const listed = langfuse.replace(/<<: \*([\w-]+)$/gm, '<<: [*$1]');
    assert.notEqual(listed, langfuse);
    const atRest = described(await risksOfFiles({ 'docker-compose.yml': listed })).filter((r) => r.startsWith('unencrypted-asset '));
    // Before: six, one per node.
    assert.deepEqual(atRest.map((r) => `${r.split(' @')[0]} ${r.split(',').length}`), ['unencrypted-asset redis-node-0 6']);
  });
});
