// Micronaut's declarative clients by service id and a configuration's `localhost` under host networking (issue #95):
// asc-lab/micronaut-microservices-poc (server/test/fixtures/oss/appconfig, SOURCES.md there) and each form on inline texts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readAppConfig } from '../../../src/appconfig/readers';
import type { WrittenCall } from '../../../src/appconfig/writtenCall';
import { parseYamlFile } from '../../../src/yaml/model';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';
import { repository } from '../system/repositories';

/** The calls of the containers view (users' aside) as `from → to [label] path:line`, each source. */
function drawn(graph: { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string; sources: { uri: string; range: { start: { line: number } } }[] }[] }, root: string): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges
    .filter((e) => (e.kind === 'calls' || e.kind === 'may-call') && name.get(e.from) !== 'Users')
    .flatMap((e) => e.sources.map((s) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${decodeURIComponent(s.uri.slice(root.length + 1))}:${s.range.start.line + 1}`))
    .sort();
}

async function callsOf(files: Record<string, string>): Promise<string[]> {
  const { root, remove } = makeTree(files);
  try {
    const { view, root: uri } = await repository(path.basename(root), path.dirname(root));
    return drawn(view('containers'), uri);
  } finally {
    remove();
  }
}

/** What a reader finds: `host:port`, `?` when kept only for a component of the map, `loopback` with the defaults taken, and the text at the offsets. */
function found(kind: 'spring-yaml' | 'spring-properties' | 'code', text: string): string[] {
  const yaml = kind === 'spring-yaml' ? parseYamlFile(text).chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree })) : undefined;
  return readAppConfig(kind, text, yaml).calls.map((c: WrittenCall) =>
    `${c.host}${c.port !== undefined ? `:${c.port}` : ''}${c.onlyKnown ? '?' : ''}${c.loopback ? ` loopback(${c.loopback.defaulted.join(',')})` : ''} [${text.slice(c.start, c.end)}]`);
}

const clients = 'agent-portal-gateway/src/main/java/pl/altkom/asc/lab/micronaut/poc/gateway/client/v1';
const compose = (network: string, extra = '') => [
  'services:',
  '  kafkaserver:',
  '    image: "spotify/kafka:latest"',
  '    network_mode: host',
  '    ports:',
  '      - 9092:9092',
  '  orders:',
  '    build: ./orders',
  network,
  extra,
  '',
].join('\n');
const kafkaClient = ['micronaut:', '  application:', '    name: orders', 'kafka:', '  bootstrap:', '    servers: "${KAFKA_HOST:localhost}:${KAFKA_PORT:9092}"', ''].join('\n');

describe('Micronaut clients and localhost under host networking (issue #95)', function () {
  this.timeout(300_000);

  it('asc-lab/micronaut-microservices-poc: the gateway\'s and policy\'s clients by Consul id, each service\'s localhost defaults to the host-mode peers, web-vue\'s to the ports the gateway and auth listen on', async () => {
    const { view, root } = await repository('asc-lab+micronaut-microservices-poc', path.join(fixturesDir, 'oss', 'appconfig'));
    const resources = (service: string, line: number) => `${service}/src/main/resources/application.yml:${line}`;
    assert.deepEqual(drawn(view('containers'), root), [
      // README's calls: the gateway to six services and policy to pricing by their `micronaut.application.name`, through Consul.
      `mn-agent-portal-gateway → consul [:8500] ${resources('agent-portal-gateway', 32)}`,
      `mn-agent-portal-gateway → mn-dashboard-service [HTTP (code)] ${clients}/DashboardGatewayClient.java:16`,
      `mn-agent-portal-gateway → mn-documents-service [HTTP (code)] ${clients}/DocumentsGatewayClient.java:8`,
      `mn-agent-portal-gateway → mn-payment-service [HTTP (code)] ${clients}/PaymentGatewayClient.java:7`,
      `mn-agent-portal-gateway → mn-policy-search-service [HTTP (code)] ${clients}/PolicySearchGatewayClient.java:7`,
      `mn-agent-portal-gateway → mn-policy-service [HTTP (code)] ${clients}/PolicyGatewayClient.java:19`,
      `mn-agent-portal-gateway → mn-product-service [HTTP (code)] ${clients}/ProductGatewayClient.java:9`,
      `mn-agent-portal-gateway → zipkin [HTTP :9411] ${resources('agent-portal-gateway', 38)}`,
      `mn-auth-service → zipkin [HTTP :9411] ${resources('auth-service', 35)}`,
      `mn-chat-service → consul [:8500] ${resources('chat-service', 15)}`,
      `mn-dashboard-service → consul [:8500] ${resources('dashboard-service', 15)}`,
      // `elastic.host: ${ELASTIC_HOST:localhost}` with `elastic.port`, and the health check's URL.
      `mn-dashboard-service → elasticsearch [HTTP :9200] ${resources('dashboard-service', 27)}`,
      `mn-dashboard-service → elasticsearch [HTTP :9200] ${resources('dashboard-service', 35)}`,
      `mn-dashboard-service → kafkaserver [Kafka :9092] ${resources('dashboard-service', 24)}`,
      `mn-documents-service → consul [:8500] ${resources('documents-service', 40)}`,
      // `jsreport.host: ${JSREPORT_HOST:localhost}` with `jsreport.port: ${JSREPORT_PORT:5488}`: the port jsreport publishes.
      `mn-documents-service → jsreport [:5488] ${resources('documents-service', 56)}`,
      `mn-documents-service → kafkaserver [Kafka :9092] ${resources('documents-service', 32)}`,
      `mn-documents-service → zipkin [HTTP :9411] ${resources('documents-service', 51)}`,
      `mn-payment-service → consul [:8500] ${resources('payment-service', 18)}`,
      `mn-payment-service → kafkaserver [Kafka :9092] ${resources('payment-service', 10)}`,
      `mn-payment-service → zipkin [HTTP :9411] ${resources('payment-service', 33)}`,
      `mn-policy-search-service → consul [:8500] ${resources('policy-search-service', 33)}`,
      `mn-policy-search-service → elasticsearch [HTTP :9200] ${resources('policy-search-service', 49)}`,
      `mn-policy-search-service → kafkaserver [Kafka :9092] ${resources('policy-search-service', 25)}`,
      `mn-policy-search-service → zipkin [HTTP :9411] ${resources('policy-search-service', 44)}`,
      `mn-policy-service → consul [:8500] ${resources('policy-service', 42)}`,
      `mn-policy-service → kafkaserver [Kafka :9092] ${resources('policy-service', 34)}`,
      'mn-policy-service → mn-pricing-service [HTTP (code)] policy-service/src/main/java/pl/altkom/asc/lab/micronaut/poc/policy/infrastructure/adapters/restclient/PricingClient.java:9',
      `mn-policy-service → zipkin [HTTP :9411] ${resources('policy-service', 53)}`,
      `mn-pricing-service → consul [:8500] ${resources('pricing-service', 17)}`,
      `mn-pricing-service → zipkin [HTTP :9411] ${resources('pricing-service', 28)}`,
      `mn-product-service → consul [:8500] ${resources('product-service', 26)}`,
      `mn-product-service → mongo [MongoDB :27017] ${resources('product-service', 14)}`,
      `mn-product-service → zipkin [HTTP :9411] ${resources('product-service', 40)}`,
      // scripts/app.yml's environment under host networking, to the ports the gateway's and auth's configuration listen on
      // (`micronaut.server.port: ${SERVICE_PORT:8081}`, `:8090`): web-vue's nginx proxies /api and /login there (web-vue/nginx-app.conf).
      'mn-web-vue → mn-agent-portal-gateway [HTTP :8081] scripts/app.yml:60',
      'mn-web-vue → mn-auth-service [HTTP :8090] scripts/app.yml:61',
      // Compose's environment, through the same lookup.
      'kafka_manager → kafkaserver [:2181] docker-compose.yml:40',
      'kafka_manager → kafkaserver [:2181] scripts/infra.yml:45',
    ].sort());
  });

  it('reads @Client by id (a leading slash, `value =`), not by URL, setting or root path; micronaut.application.name; localhost with its port, from a URL or a host key beside a port key', () => {
    assert.deepEqual(found('code', [
      '@Client(id = "pricing-service")',
      '@Client(value = "/policy-service", path = "/policies")',
      '@Client("${elastichealth.endpoint}")',
      '@Client("/")',
    ].join('\n')), ['pricing-service? [pricing-service]', 'policy-service? [policy-service]']);
    const yaml = [
      'micronaut:',
      '  application:',
      '    name: Policy-Service',
      '  server:',
      '    host: localhost',
      '    port: ${SERVICE_PORT:8081}',
      'elastic:',
      '  host: ${ELASTIC_HOST:localhost}',
      '  port: ${ELASTIC_PORT:9200}',
      'jsreport:',
      '  host: ${JSREPORT_HOST:localhost}',
      'mongodb:',
      '  uri: "mongodb://${MG_HOST:localhost}:${MG_PORT:27017}/demo"',
      '  other: "mongodb://127.0.0.1:27018/demo"',
      '',
    ].join('\n');
    assert.deepEqual(found('spring-yaml', yaml), [
      'localhost:27017 loopback(MG_HOST,MG_PORT) [mongodb://${MG_HOST:localhost}:${MG_PORT:27017}/demo]',
      'localhost:27018 loopback() [mongodb://127.0.0.1:27018]',
      'localhost:9200 loopback(ELASTIC_HOST,ELASTIC_PORT) [${ELASTIC_HOST:localhost}]',
    ]);
    const parsed = parseYamlFile(yaml).chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree }));
    assert.equal(readAppConfig('spring-yaml', yaml, parsed).registers, 'policy-service');
    assert.deepEqual(found('spring-properties', 'spring.rabbitmq.host=localhost\nspring.rabbitmq.port=5672\nserver.address=localhost\nserver.port=8080\n'), ['localhost:5672 loopback() [localhost]']);
  });

  it('localhost in a configuration is a call only on the host\'s network, when no ENV of its build sets the default\'s variable', async () => {
    const files = (network: string, dockerfile = 'FROM eclipse-temurin:17\n') => ({ 'docker-compose.yml': compose(network), 'orders/Dockerfile': dockerfile, 'orders/src/main/resources/application.yml': kafkaClient });
    assert.deepEqual(await callsOf(files('    network_mode: host')), ['orders → kafkaserver [Kafka :9092] orders/src/main/resources/application.yml:6']);
    // Its own network: localhost is its own container.
    assert.deepEqual(await callsOf(files('    ports: ["8080:8080"]')), []);
    // `ENV KAFKA_HOST=…` replaces the default.
    assert.deepEqual(await callsOf(files('    network_mode: host', 'FROM eclipse-temurin:17\nENV KAFKA_HOST=broker.example.com\n')), []);
  });

  it('a program on the host\'s network listening on its configured server.port answers its neighbours\' localhost there; two on one port, none', async () => {
    const files = (apiNetwork: string, extra: Record<string, string> = {}) => ({
      'compose.yaml': [
        'services:', '  web:', '    image: nginx', '    network_mode: host', '    environment:', '      API_URL: http://localhost:8081',
        '  api:', '    build: ./api', apiNetwork, '  admin:', '    build: ./admin', '    network_mode: host', '',
      ].join('\n'),
      'api/Dockerfile': 'FROM eclipse-temurin:17\n',
      'api/src/main/resources/application.properties': 'server.port=${PORT:8081}\n',
      'admin/Dockerfile': 'FROM eclipse-temurin:17\n',
      ...extra,
    });
    assert.deepEqual(await callsOf(files('    network_mode: host')), ['web → api [HTTP :8081] compose.yaml:6']);
    assert.deepEqual(await callsOf(files('    ports: ["8081:8081"]')), ['web → api [HTTP :8081] compose.yaml:6']);
    assert.deepEqual(await callsOf(files('    expose: ["8081"]')), []);
    assert.deepEqual(await callsOf(files('    network_mode: host', { 'admin/src/main/resources/application.yml': 'server:\n  port: 8081\n' })), []);
  });

  it('a client by id calls the component registering that id; not from a test source, nor when micronaut.http.services configures the id', async () => {
    const client = (id: string) => `package shop;\nimport io.micronaut.http.client.annotation.Client;\n@Client(id = "${id}")\npublic interface Prices {}\n`;
    const pricing = ['micronaut:', '  application:', '    name: pricing-service', ''].join('\n');
    const base = {
      'docker-compose.yml': compose('    network_mode: host', ['  pricing:', '    build: ./pricing', '    network_mode: host'].join('\n')),
      'orders/Dockerfile': 'FROM eclipse-temurin:17\n',
      'pricing/Dockerfile': 'FROM eclipse-temurin:17\n',
      'pricing/src/main/resources/application.yml': pricing,
    };
    assert.deepEqual(await callsOf({ ...base, 'orders/src/main/java/shop/Prices.java': client('pricing-service') }), ['orders → pricing [HTTP (code)] orders/src/main/java/shop/Prices.java:3']);
    assert.deepEqual(await callsOf({ ...base, 'orders/src/test/java/shop/Prices.java': client('pricing-service') }), []);
    assert.deepEqual(await callsOf({
      ...base,
      'orders/src/main/java/shop/Prices.java': client('pricing-service'),
      'orders/src/main/resources/application.yml': ['micronaut:', '  http:', '    services:', '      pricing-service:', '        url: "https://prices.example.com"', ''].join('\n'),
    }), ['orders → prices.example.com [HTTPS] orders/src/main/resources/application.yml:5']);
  });
});
