// Stores named by a bare host in a variable, and `localhost` under host networking (issue #95, systems kept aside):
// reductions of temporalio/docker-compose and asc-lab/micronaut-microservices-poc (server/test/fixtures/oss/system-hosts/SOURCES.md).
import assert from 'node:assert/strict';
import path from 'node:path';
import { hostPortPairs, loopbackAddressesIn } from '../../../src/features/system/addresses';
import { fixturesDir } from '../../helpers';
import { calls, repository, treeContainers } from './repositories';

const kept = path.join(fixturesDir, 'oss', 'system-hosts');

/** The calls of the containers view (users' aside) as `from → to [label] file:line`, each source. */
function drawn(graph: { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string; sources: { uri: string; range: { start: { line: number } } }[] }[] }): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges
    .filter((e) => e.kind === 'calls' && name.get(e.from) !== 'Users')
    .flatMap((e) => e.sources.map((s) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${path.basename(s.uri)}:${s.range.start.line + 1}`))
    .sort();
}

describe('System map: stores named by a bare host, localhost under host networking (issue #95)', function () {
  this.timeout(300_000);

  it('temporalio/docker-compose: POSTGRES_SEEDS, MYSQL_SEEDS, CASSANDRA_SEEDS and ES_SEEDS are calls, solid, on their line, with DB_PORT or the store\'s only port', async () => {
    const { view } = await repository('temporalio+docker-compose', kept);
    const containers = view('containers');
    // Before: temporal only depended on its stores (dashed): no call to any of them.
    // Each call cites its variable's line, then the `depends_on` entry it takes in (views.ts): 35/32, 38/33, 45/36, 23/17, 42/35.
    assert.deepEqual(drawn(containers).filter((c) => c.startsWith('temporal →')), [
      'temporal → cassandra [CQL :9042] docker-compose-cass-es.yml:32',
      'temporal → cassandra [CQL :9042] docker-compose-cass-es.yml:35',
      'temporal → elasticsearch [HTTP :9200] docker-compose-cass-es.yml:33',
      'temporal → elasticsearch [HTTP :9200] docker-compose-cass-es.yml:38',
      'temporal → elasticsearch [HTTP :9200] docker-compose.yml:36',
      'temporal → elasticsearch [HTTP :9200] docker-compose.yml:45',
      'temporal → mysql [MySQL :3306] docker-compose-mysql.yml:17',
      'temporal → mysql [MySQL :3306] docker-compose-mysql.yml:23',
      'temporal → postgresql [PostgreSQL :5432] docker-compose.yml:35',
      'temporal → postgresql [PostgreSQL :5432] docker-compose.yml:42',
    ]);
    const named = new Map(containers.nodes.map((n) => [n.id, n.name]));
    const call = containers.edges.find((e) => e.kind === 'calls' && named.get(e.to) === 'postgresql')!;
    assert.equal(call.sources[0].range.start.line + 1, 42, 'the variable first, the start order after');
    // The start order is drawn no more where a call joins the same ends.
    assert.deepEqual(calls(containers, 'depends-on').filter((c) => c.startsWith('temporal →')), []);
    assert.deepEqual(calls(containers, 'may-call'), []);
  });

  it('asc-lab/micronaut-microservices-poc: on the host\'s network, kafka_manager\'s ZK_HOSTS "localhost:2181" is the host-mode Kafka image publishing 2181', async () => {
    const { view } = await repository('asc-lab+micronaut-microservices-poc', kept);
    assert.deepEqual(drawn(view('containers')), ['kafka_manager → kafkaserver [:2181] docker-compose.yml:40']);
  });

  it('under host networking, localhost reaches a host-mode service by its declared or well-known port, or a port another service publishes; two listeners on the port name none', async () => {
    const containers = await treeContainers({
      'compose.yaml': [
        'services:',
        '  api:',
        '    image: example/api',
        '    network_mode: host',
        '    environment:',
        '      MONGO_URI: mongodb://127.0.0.1:27017/demo',
        '      SEARCH_URL: http://localhost:9200',
        '      CACHE: localhost:6379',
        '  mongo:',
        '    image: mongo',
        '    network_mode: host',
        '  search:',
        '    image: example/search',
        '    ports:',
        '      - 9200:9200',
        '  redis-a:',
        '    image: redis',
        '    network_mode: host',
        '  redis-b:',
        '    image: redis',
        '    network_mode: host',
        '',
      ].join('\n'),
    });
    assert.deepEqual(drawn(containers), ['api → mongo [MongoDB :27017] compose.yaml:6', 'api → search [HTTP :9200] compose.yaml:7']);
  });

  it('negatives: a bare host under a store key that no service answers, a key named otherwise, localhost off the host\'s network', async () => {
    const containers = await treeContainers({
      'compose.yaml': [
        'services:',
        '  app:',
        '    image: example/app',
        '    environment:',
        '      POSTGRES_SEEDS: pg-elsewhere',
        '      CACHE_SERVER: nowhere',
        '      QUEUE_HOST: nosuch',
        '      DATABASE: postgresql',
        '      DB_NAME: postgresql',
        '      STORE_KIND: kafka',
        '      ZK_HOSTS: localhost:2181',
        '      BROKER: localhost:9092',
        '  postgresql:',
        '    image: postgres',
        '  kafka:',
        '    image: example/kafka',
        '    network_mode: host',
        '    ports:',
        '      - 2181:2181',
        '      - 9092:9092',
        '',
      ].join('\n'),
    });
    assert.deepEqual(drawn(containers), []);
  });

  it('Kubernetes alike: a bare host under *_SEEDS names a Service of the namespace (with its *_PORT), and no call when none answers', async () => {
    const deployment = (name: string, env: string) => [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', '    matchLabels:', `      app: ${name}`,
      '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: example/${name}:1.0`,
      '          env:', env,
    ].join('\n');
    const service = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: cassandra', 'spec:', '  selector:', '    app: cassandra', '  ports:', '    - port: 9042', ''].join('\n');
    const containers = await treeContainers({
      'k8s/server.yaml': deployment('server', '            - name: CASSANDRA_SEEDS\n              value: cassandra\n            - name: CASSANDRA_PORT\n              value: "9042"\n            - name: ES_SEEDS\n              value: elasticsearch\n'),
      'k8s/cassandra.yaml': `${deployment('cassandra', '            - name: MAX_HEAP_SIZE\n              value: 512M\n')}---\n${service}`,
    });
    // The variable's line, then the Service answering it (as every Kubernetes call cites it).
    assert.deepEqual(drawn(containers), ['server → cassandra [CQL :9042] cassandra.yaml:26', 'server → cassandra [CQL :9042] server.yaml:19']);
  });

  it('the port of a bare host: its own prefix\'s, else a sibling *_PORT the target serves, else its only port; never the component\'s own', () => {
    const served = (host: string) => (host === 'postgresql' ? [5432] : host === 'search' ? [9200, 9300] : host === 'cache' ? [6379] : []);
    const names = (host: string) => ['postgresql', 'search', 'cache'].includes(host);
    assert.deepEqual(hostPortPairs([
      { key: 'POSTGRES_SEEDS', value: 'postgresql' }, { key: 'DB_PORT', value: '5432' },
      { key: 'ES_SEEDS', value: 'search' },
      { key: 'REDIS_HOST', value: 'cache' }, { key: 'SERVER_PORT', value: '6379' },
    ], names, served), [
      { key: 'POSTGRES_SEEDS', host: 'postgresql', port: 5432, text: 'postgresql:5432' },
      // Two ports and no variable naming one: none.
      { key: 'ES_SEEDS', host: 'search', text: 'search' },
      { key: 'REDIS_HOST', host: 'cache', port: 6379, text: 'cache:6379' },
    ]);
    // A sibling port the target does not serve is not its port; a same-prefix port wins over the rest.
    assert.deepEqual(hostPortPairs([{ key: 'ES_SEEDS', value: 'search' }, { key: 'DB_PORT', value: '5432' }, { key: 'ES_PORT', value: '9300' }], names, served), [{ key: 'ES_SEEDS', host: 'search', port: 9300, text: 'search:9300' }]);
    assert.deepEqual(hostPortPairs([{ key: 'ES_SEEDS', value: 'search' }, { key: 'DB_PORT', value: '5432' }], names, served), [{ key: 'ES_SEEDS', host: 'search', text: 'search' }]);
    // A port under another host's prefix is that host's (opentelemetry-demo's jaeger: `JAEGER_GRPC_PORT` beside `JAEGER_HOST`
    // and `OTEL_COLLECTOR_HOST`, the collector serving 4317 too): not the collector's.
    const collector = (host: string) => (host === 'otel-collector' ? [4317, 4318] : host === 'jaeger' ? [4317, 16686] : []);
    assert.deepEqual(hostPortPairs([{ key: 'JAEGER_HOST', value: 'jaeger' }, { key: 'JAEGER_GRPC_PORT', value: '4317' }, { key: 'OTEL_COLLECTOR_HOST', value: 'otel-collector' }], () => true, collector), [
      { key: 'JAEGER_HOST', host: 'jaeger', port: 4317, text: 'jaeger:4317' },
      { key: 'OTEL_COLLECTOR_HOST', host: 'otel-collector', text: 'otel-collector' },
    ]);
    // `_SEEDS` and `_HOSTS` hold names of other things too: only a component's name is a host.
    assert.deepEqual(hostPortPairs([{ key: 'CASSANDRA_SEEDS', value: 'seed-list' }, { key: 'ALLOWED_HOSTS', value: 'example' }], names, served), []);
  });

  it('loopback addresses are read apart: localhost and 127.0.0.0/8, URLs and host:port, never another host', () => {
    assert.deepEqual(loopbackAddressesIn('mongodb://127.0.0.1:27017/demo').map((a) => `${a.host}:${a.port}`), ['127.0.0.1:27017']);
    assert.deepEqual(loopbackAddressesIn('localhost:9092,kafka:9093').map((a) => `${a.host}:${a.port}`), ['localhost:9092']);
    assert.deepEqual(loopbackAddressesIn('http://${HOST}:8080 db:5432 10:30').map((a) => a.text), []);
  });
});
