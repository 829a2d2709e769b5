// Calls that live in application configuration and code (issue #79): real repositories whose calls no deploy file
// says (server/test/fixtures/oss/system, SOURCES.md there), and each reader on inline texts.
import assert from 'node:assert/strict';
import { appConfigFiles, appConfigKind, isTestFile } from '../../../src/appconfig/files';
import { readAppConfig } from '../../../src/appconfig/readers';
import type { WrittenCall } from '../../../src/appconfig/writtenCall';
import { FileMatcher } from '../../../src/common/fileSelector';
import { parseYamlFile } from '../../../src/yaml/model';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { copyTree } from '../../tempdir';
import { calls, corpus, repository } from './repositories';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel } from '../../../src/system/model';
import { systemView } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** The calls of a view with their label and first source (`file:line` below the fixture). */
function described(graph: Awaited<ReturnType<typeof repository>>['model'] | ReturnType<Awaited<ReturnType<typeof repository>>['view']>, from: string, to: string): { label: string; lines: string[] } {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const edge = graph.edges.find((e) => e.kind === 'calls' && name.get(e.from) === from && name.get(e.to) === to);
  assert.ok(edge, `${from} → ${to}`);
  return { label: edge.label, lines: edge.sources.map((s) => `${s.uri.replace(/.*\/oss\/system\/[^/]+\//, '')}:${s.range.start.line + 1}`) };
}

describe('System map: calls from application configuration and code (issue #79)', () => {
  it("Sock Shop: 12 of its 14 documented calls from the services' code and Spring properties, catalogue-db a MySQL store", async () => {
    const { view } = await repository('microservices-demo+microservices-demo');
    const containers = view('containers');
    // Documented (the architecture diagram): front-end → catalogue, carts, orders, user; orders → carts, user, payment, shipping;
    // shipping and queue-master → rabbitmq; each service → its database. orders → carts and user follow links its requests carry:
    // no file says them. front-end → session-db (its Redis sessions, config.js) is true and undocumented.
    assert.deepEqual(calls(containers), [
      'Users → edge-router', 'Users → front-end',
      'carts → carts-db', 'catalogue → catalogue-db',
      'front-end → carts', 'front-end → catalogue', 'front-end → orders', 'front-end → session-db', 'front-end → user',
      'orders → orders-db', 'orders → payment', 'orders → shipping',
      'queue-master → rabbitmq', 'shipping → rabbitmq', 'user → user-db',
    ]);
    assert.deepEqual(calls(containers, 'may-call'), []);
    const catalogueDb = containers.nodes.find((n) => n.name === 'catalogue-db');
    assert.equal(`${catalogueDb?.kind} ${catalogueDb?.technology}`, 'datastore MySQL');
    // A literal of code is its own certainty, said on the arrow, with its line.
    const catalogue = described(containers, 'front-end', 'catalogue');
    assert.equal(catalogue.label, 'HTTP (code)');
    assert.ok(catalogue.lines.includes('front-end/api/endpoints.js:18'), catalogue.lines.join(', '));
    const db = described(containers, 'catalogue', 'catalogue-db');
    assert.equal(db.label, 'MySQL :3306 (code)');
    assert.ok(db.lines.includes('catalogue/cmd/cataloguesvc/main.go:48'), db.lines.join(', '));
    // Spring's `${db:orders-db}` placeholder read at its default: a configured call, certain.
    const orders = described(containers, 'orders', 'orders-db');
    assert.equal(orders.label, 'MongoDB :27017');
    assert.ok(orders.lines.includes('orders/src/main/resources/application.properties:2'), orders.lines.join(', '));
    assert.equal(described(containers, 'shipping', 'rabbitmq').label, 'calls');
  });

  it('Sock Shop through `archipel diagram system`: the family selects the configuration by name and the code by its first bytes', async () => {
    const tree = copyTree(path.join(corpus, 'microservices-demo+microservices-demo'));
    try {
      const run = await runCli(['diagram', 'system', '--view', 'containers', '--format', 'json'], tree.root);
      assert.equal(run.code, 0, run.err);
      const graph = JSON.parse(run.out) as { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string }[] };
      const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
      assert.deepEqual([...new Set(graph.edges.filter((e) => e.kind === 'calls' && !e.from.startsWith('person:')).map((e) => `${name.get(e.from)} → ${name.get(e.to)}`))].sort(), [
        'carts → carts-db', 'catalogue → catalogue-db',
        'front-end → carts', 'front-end → catalogue', 'front-end → orders', 'front-end → session-db', 'front-end → user',
        'orders → orders-db', 'orders → payment', 'orders → shipping',
        'queue-master → rabbitmq', 'shipping → rabbitmq', 'user → user-db',
      ]);
    } finally {
      tree.remove();
    }
  });

  it('a file is the component whose folder holds it below the workspace, never the workspace folder named like a component', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const root = 'file:///ws/frontend';
    index.update(`${root}/compose.yaml`, 'services:\n  frontend:\n    image: shop/frontend\n  api:\n    image: shop/api\n  db:\n    image: postgres:16\n');
    // The repository's folder is named `frontend`: api's code is api's, not frontend's.
    index.update(`${root}/api/server.js`, "const db = 'postgres://db:5432/app';\n");
    index.update(`${root}/tools/seed.js`, "const api = 'http://api:8080';\n");
    const model = buildSystemModel(index, systemContributors(families));
    assert.deepEqual(calls(systemView(model, 'containers', 'ws')).filter((c) => !c.startsWith('Users')), ['api → db']);
  });

  it("a Spring service's registered id (`spring.application.name`) answers the gateway's `lb://` route and a Feign client", () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const root = 'file:///ws/shop';
    index.update(`${root}/compose.yaml`, 'services:\n  gateway:\n    image: shop/gateway\n  customers:\n    image: shop/customers\n  visits:\n    image: shop/visits\n');
    index.update(`${root}/gateway/src/main/resources/application.yml`, 'spring:\n  cloud:\n    gateway:\n      routes:\n        - id: c\n          uri: lb://customers-service\n');
    index.update(`${root}/gateway/src/main/java/shop/VisitsClient.java`, '@FeignClient(name = "visits-service")\ninterface VisitsClient {}\n');
    index.update(`${root}/visits/src/main/resources/application.properties`, 'spring.application.name=visits-service\n');
    index.update(`${root}/customers/src/main/resources/bootstrap.yml`, 'spring:\n  application:\n    name: customers-service\n');
    const model = buildSystemModel(index, systemContributors(families));
    const containers = systemView(model, 'containers', 'shop');
    assert.deepEqual(calls(containers).filter((c) => !c.startsWith('Users')), ['gateway → customers', 'gateway → visits']);
    assert.equal(described(containers, 'gateway', 'customers').label, 'HTTP');
    assert.equal(described(containers, 'gateway', 'visits').label, 'HTTP (code)');
  });

  it("spring-petclinic-microservices: the gateway's `lb://` routes to customers, visits and vets as calls", async () => {
    const { view } = await repository('spring-petclinic+spring-petclinic-microservices');
    const containers = view('containers');
    const gateway = calls(containers).filter((c) => c.startsWith('api-gateway'));
    assert.deepEqual(gateway, ['api-gateway → config-server', 'api-gateway → customers-service', 'api-gateway → genai-service', 'api-gateway → vets-service', 'api-gateway → visits-service']);
    for (const [to, line] of [['vets-service', 22], ['visits-service', 28], ['customers-service', 34]] as const) {
      const call = described(containers, 'api-gateway', to);
      // Configured (certain), though its client's code also names customers and visits.
      assert.equal(call.label, 'HTTP', to);
      assert.ok(call.lines.includes(`spring-petclinic-api-gateway/src/main/resources/application.yml:${line}`), call.lines.join(', '));
    }
    assert.ok(described(containers, 'api-gateway', 'visits-service').lines.some((l) => l.endsWith('VisitsServiceClient.java:34')));
  });

  it("piggymetrics: the files its config server serves (`shared/<application>.yml`) are their applications' calls, not the server's", async () => {
    const { view } = await repository('sqshq+piggymetrics');
    const containers = view('containers');
    const all = calls(containers).filter((c) => !c.startsWith('Users'));
    // The server only hands the files out: it calls none of what they name.
    assert.deepEqual(all.filter((c) => c.startsWith('config →')), []);
    // Each application's own file (`account-service.yml`: its MongoDB and the auth server's token URL).
    for (const call of ['account-service → account-mongodb', 'account-service → auth-service', 'auth-service → auth-mongodb', 'gateway → auth-service',
      'notification-service → notification-mongodb', 'statistics-service → statistics-mongodb']) assert.ok(all.includes(call), `${call} in ${all.join(', ')}`);
    const mongo = described(containers, 'account-service', 'account-mongodb');
    assert.ok(mongo.lines.includes('config/src/main/resources/shared/account-service.yml:13'), mongo.lines.join(', '));
    // `shared/application.yml` is every client's: the registry and RabbitMQ of each service registering a name.
    for (const client of ['account-service', 'auth-service', 'gateway', 'notification-service', 'statistics-service']) {
      assert.ok(all.includes(`${client} → registry`), `${client} → registry in ${all.join(', ')}`);
      assert.ok(all.includes(`${client} → rabbitmq`), `${client} → rabbitmq`);
    }
    assert.ok(described(containers, 'gateway', 'registry').lines.includes('config/src/main/resources/shared/application.yml:18'));
    // Another application's file is never evidence for a service: the account service does not call the notification store.
    assert.ok(!all.includes('account-service → notification-mongodb'));
    assert.ok(!all.includes('gateway → account-mongodb'));
  });

  it('a served file by its location: `classpath:/shared` of the server, `file:./config-repo`; profiles; a folder no server serves read only for Spring names', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const root = 'file:///ws/shop';
    index.update(`${root}/compose.yaml`, 'services:\n  configserver:\n    image: shop/configserver\n  orders:\n    image: shop/orders\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n');
    index.update(`${root}/configserver/src/main/resources/application.properties`, 'spring.cloud.config.server.native.search-locations=classpath:/served,file:./elsewhere\n');
    index.update(`${root}/configserver/src/main/resources/served/orders-docker.yml`, 'spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/orders\n');
    index.update(`${root}/configserver/src/main/resources/static/notes.yml`, 'link: http://cache:6379\n');
    index.update(`${root}/orders/src/main/resources/bootstrap.yml`, 'spring:\n  application:\n    name: orders\n');
    const model = buildSystemModel(index, systemContributors(families));
    assert.deepEqual(calls(systemView(model, 'containers', 'shop')).filter((c) => !c.startsWith('Users')), ['orders → db']);
  });

  it("robot-shop: web's nginx template (its Dockerfile's ENV) and the services' code — its 19 calls", async () => {
    const { view } = await repository('instana+robot-shop');
    const containers = view('containers');
    assert.deepEqual(calls(containers), [
      'Users → web',
      'cart → catalogue', 'cart → redis', 'catalogue → mongodb', 'dispatch → rabbitmq', 'load → web',
      'payment → cart', 'payment → rabbitmq', 'payment → user', 'ratings → catalogue', 'ratings → mysql', 'shipping → cart', 'shipping → mysql',
      'user → mongodb', 'user → redis',
      'web → cart', 'web → catalogue', 'web → payment',
      // The Istio canary of payment, behind the same Service.
      'web → payment-fix',
      'web → ratings', 'web → shipping', 'web → user',
    ]);
    const web = described(containers, 'web', 'catalogue');
    assert.equal(web.label, 'HTTP :8080');
    assert.ok(web.lines.includes('web/default.conf.template:61'), web.lines.join(', '));
    assert.ok(described(containers, 'ratings', 'mysql').lines.includes('ratings/html/src/Kernel.php:77'));
  });
});

/** What a reader finds: `host:port via evidence` (a variable as `${NAME}`), and the text at the offsets. */
function found(kind: Parameters<typeof readAppConfig>[0], text: string): string[] {
  const yaml = kind === 'spring-yaml' || kind === 'envoy' || kind === 'traefik' ? parseYamlFile(text).chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree })) : undefined;
  return readAppConfig(kind, text, yaml).calls.map((c: WrittenCall) => `${c.host ?? `\${${c.variable}}`}${c.port !== undefined ? `:${c.port}` : ''} ${c.evidence}${c.onlyKnown ? '?' : ''} [${text.slice(c.start, c.end)}]`);
}

describe('Application configuration readers (issue #79)', () => {
  it('nginx: proxy_pass, upstream servers (not the upstream name), a template variable; comments and nginx variables skipped', () => {
    const text = 'upstream api {\n  server api-1:8080;\n  server api-2;\n}\nserver {\n  location / { proxy_pass http://api; }\n  # proxy_pass http://old:80;\n  location /c/ { proxy_pass http://${CATALOGUE_HOST}:8080/; }\n  location /d/ { proxy_pass $backend; }\n  location /e/ { grpc_pass grpc://cart:7070; }\n}\n';
    assert.deepEqual(found('nginx', text), ['api-1:8080 config [api-1:8080]', 'api-2 config [api-2]', '${CATALOGUE_HOST}:8080 config [http://${CATALOGUE_HOST}:8080]', 'cart:7070 config [grpc://cart:7070]']);
  });

  it('HAProxy: the address of each server line', () => {
    assert.deepEqual(found('haproxy', 'backend be\n  balance roundrobin\n  server web1 web:8080 check\n  # server web2 old:8080\n  server-template app 3 app:9000 check\n'), ['web:8080 config [web:8080]', 'app:9000 config [app:9000]']);
  });

  it("Envoy: a cluster's socket address", () => {
    const text = 'static_resources:\n  clusters:\n    - name: cart\n      load_assignment:\n        endpoints:\n          - lb_endpoints:\n              - endpoint:\n                  address:\n                    socket_address: { address: cart, port_value: 7070 }\n';
    assert.deepEqual(found('envoy', text), ['cart:7070 config [cart]']);
  });

  it("Traefik: a service's server URL", () => {
    assert.deepEqual(found('traefik', 'http:\n  services:\n    shop:\n      loadBalancer:\n        servers:\n          - url: "http://front-end:8079/"\n'), ['front-end:8079 config [http://front-end:8079]']);
  });

  it("Spring: placeholders at their defaults, `lb://` routes, a `*.host` key's bare name (kept only when it names a component)", () => {
    const properties = 'spring.data.mongodb.uri=mongodb://${db:orders-db}:27017/data\nspring.rabbitmq.host=rabbitmq\nspring.zipkin.baseUrl=http://${zipkin_host}:9411/\nserver.port=${port:8082}\nspring.datasource.url=jdbc:mysql://mysql:3306/petclinic?useSSL=false\n';
    assert.deepEqual(found('spring-properties', properties), ['orders-db:27017 config [mongodb://${db:orders-db}:27017/data]', 'rabbitmq config? [rabbitmq]', '${zipkin_host}:9411 config [http://${zipkin_host}:9411]', 'mysql:3306 config [mysql://mysql:3306]']);
    const yaml = 'spring:\n  cloud:\n    gateway:\n      routes:\n        - id: vets\n          uri: lb://vets-service\neureka:\n  client:\n    serviceUrl:\n      defaultZone: http://discovery-server:8761/eureka/\n';
    assert.deepEqual(found('spring-yaml', yaml), ['vets-service config [lb://vets-service]', 'discovery-server:8761 config [http://discovery-server:8761]']);
  });

  it("node-config: a JSON file's URLs and `host` keys", () => {
    assert.deepEqual(found('node-config', '{\n  "redis": { "host": "session-db", "port": 6379 },\n  "catalogue": { "url": "http://catalogue:80/" }\n}\n'), ['session-db config? [session-db]', 'catalogue:80 config [http://catalogue:80]']);
  });

  it('code: URL and host:port literals, a quoted name on a line about a host, a DSN host; comments skipped; the keys it names', () => {
    const text = [
      '// curl http://old-api:8080/x',
      "const catalogueUrl = util.format('http://catalogue%s', domain);",
      '/* http://commented:80',
      '   still a comment */',
      'dsn := flag.String("DSN", "user:pass@tcp(catalogue-db:3306)/socksdb", "")',
      "var redisHost = process.env.REDIS_HOST || 'redis'",
      "$c->setParameter('pdo_dsn', getenv('PDO_URL') ?: 'mysql:host=mysql;dbname=ratings');",
      "app.get('/cart/:id', handler)",
      '@FeignClient(name = "visits-service")',
    ].join('\n');
    assert.deepEqual(found('code', text), ['catalogue code? [http://catalogue]', 'catalogue-db:3306 code? [catalogue-db:3306]', 'redis code? [redis]', 'mysql code? [mysql]', 'visits-service code? [visits-service]']);
    assert.deepEqual([...readAppConfig('code', "x = os.environ.get('BALANCES_API_ADDR')\n@Value(\"${PUB_KEY_PATH}\")").keys.keys()], ['BALANCES_API_ADDR', 'PUB_KEY_PATH']);
  });

  it('selects by name and sniffs source files by their first bytes; tests are not read', () => {
    const matcher = new FileMatcher([appConfigFiles]);
    assert.equal(matcher.match('web/default.conf.template'), 'yes');
    assert.equal(matcher.match('orders/src/main/resources/application.properties'), 'yes');
    assert.equal(matcher.match('api/endpoints.js'), 'sniff');
    assert.equal(appConfigFiles.sniff?.claims("module.exports = { url: 'http://catalogue' }"), true);
    assert.equal(appConfigFiles.sniff?.claims('export const x = 1;'), false);
    assert.equal(appConfigKind('file:///r/web/default.conf.template'), 'nginx');
    assert.equal(appConfigKind('file:///r/gw/src/main/resources/bootstrap.yml'), 'spring-yaml');
    assert.equal(appConfigKind('file:///r/front-end/api/endpoints.js'), 'code');
    assert.equal(matcher.match('api/config/production.json'), 'yes');
    assert.equal(appConfigKind('file:///r/api/config/production.json'), 'node-config');
    // What a config server may serve: its resources' folders and a `config-repo`.
    assert.equal(matcher.match('config/src/main/resources/shared/account-service.yml'), 'yes');
    assert.equal(matcher.match('config-repo/orders-docker.properties'), 'yes');
    assert.equal(appConfigKind('file:///r/config-repo/orders-docker.properties'), 'spring-properties');
    assert.deepEqual(['/src/test/java/A.java', '/api/cart.test.js', '/pkg/x_test.go', '/api/cart.js', '/search/src/it/resources/application.properties', '/order/src/integrationTest/java/A.java', '/src/main/java/it/Item.java'].map(isTestFile), [true, true, true, false, true, true, false]);
  });
});
