// Three systems nobody tuned the map for (issue #79; server/test/fixtures/oss/system, SOURCES.md there), as a threats
// review read them: eShopOnContainers' services reach SQL Server and RabbitMQ through .NET connection strings and bare
// hosts under `ConnectionString` / `EventBusConnection` (defaults of `${VAR:-…}`), Bookinfo's ratings-v2-mysql its database
// through MYSQL_DB_HOST + MYSQL_DB_PORT, and the users come to Bookinfo through its Istio Gateway.
import assert from 'node:assert/strict';
import { addressesIn, hostPortPairs } from '../../../src/features/system/addresses';
import { technologyOfImage } from '../../../src/features/system/technology';
import { calls, repository } from './repositories';

/** The boxes of the containers view with their kind and technology. */
function boxes(graph: { nodes: { kind: string; name: string; technology?: string }[] }): string[] {
  return graph.nodes.filter((n) => n.kind !== 'person').map((n) => `${n.name} ${n.kind} ${n.technology ?? '-'}`);
}

describe('System map of held-out systems (issue #79)', () => {
  it('eShopOnContainers: the services call SQL Server (connection strings), RabbitMQ (EventBusConnection) and the basket Redis (ConnectionString); sqldata a SQL Server store, no users\' call to it', async () => {
    const { view } = await repository('dotnet-architecture+eShopOnContainers');
    const containers = view('containers');
    assert.equal(containers.nodes.length, 22);
    assert.ok(boxes(containers).includes('sqldata datastore SQL Server'), boxes(containers).join(', '));
    const found = calls(containers);
    assert.equal(found.length, 58);
    assert.deepEqual(found.filter((c) => /→ (sqldata|rabbitmq|basketdata)$/.test(c)), [
      'basket-api → basketdata', 'basket-api → rabbitmq', 'catalog-api → rabbitmq', 'catalog-api → sqldata', 'identity-api → sqldata',
      'ordering-api → rabbitmq', 'ordering-api → sqldata', 'ordering-backgroundtasks → rabbitmq', 'ordering-backgroundtasks → sqldata',
      'ordering-signalrhub → rabbitmq', 'payment-api → rabbitmq', 'webhooks-api → rabbitmq', 'webhooks-api → sqldata',
    ]);
    assert.deepEqual(found.filter((c) => c.startsWith('Users →')), ['Users → mobileshoppingapigw', 'Users → seq', 'Users → webhooks-client', 'Users → webstatus']);
    assert.deepEqual(calls(containers, 'may-call'), []);
    // The basket's Redis from a bare host: never basket-api's own `PORT=80` (it was `:80`); its only published port, 6379
    // (issue #95); rabbitmq publishes two (5672, 15672): no port rather than a guess.
    const named = new Map(containers.nodes.map((n) => [n.id, n.name]));
    assert.deepEqual(
      containers.edges.filter((e) => e.kind === 'calls' && named.get(e.from) === 'basket-api').map((e) => `${named.get(e.to)} [${e.label}]`).sort(),
      ['basketdata [Redis :6379]', 'identity-api [HTTP]', 'rabbitmq [calls]'],
    );
  });

  it('Bookinfo: ratings-v2-mysql calls mysqldb at MYSQL_DB_HOST:MYSQL_DB_PORT (a MySQL store); the users come in by the Istio Gateway routed to productpage', async () => {
    const { model, view } = await repository('istio+istio');
    const containers = view('containers');
    assert.deepEqual(boxes(containers), [
      'details-v1 service -', 'mongodb-v1 datastore MongoDB', 'mysqldb-v1 datastore MySQL', 'productpage-v1 service -', 'ratings-v1 service -',
      'ratings-v2 service -', 'ratings-v2-mysql service -', 'reviews-v1 service -', 'reviews-v2 service -', 'reviews-v3 service -',
    ]);
    assert.deepEqual(calls(containers), ['Users → productpage-v1', 'ratings-v2 → mongodb-v1', 'ratings-v2-mysql → mysqldb-v1']);
    const mysql = model.edges.filter((e) => e.kind === 'calls' && e.from.includes('ratings-v2-mysql'));
    assert.deepEqual(mysql.map((e) => [e.to, e.label, e.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`)]), [['k8s:Service//mysqldb', 'MySQL :3306', ['bookinfo-ratings-v2-mysql.yaml:47']]]);
    const entries = model.entries.map((e) => `${e.via} ${e.to} ${e.source.uri.slice(e.source.uri.lastIndexOf('/') + 1)}:${e.source.range.start.line + 1}`);
    assert.deepEqual(entries, ['gateway k8s:Gateway//bookinfo-gateway bookinfo-gateway.yaml:10', 'node-port k8s:Service//productpage productpage-nodeport.yaml:26']);
    assert.deepEqual(model.edges.filter((e) => e.from === 'k8s:Gateway//bookinfo-gateway').map((e) => `${e.kind} ${e.to}`), ['routes k8s:Service//productpage']);
  });

  it('atsea-sample-shop-app: unchanged — the proxy calls the app server, the app server its PostgreSQL database', async () => {
    const { view } = await repository('dockersamples+atsea-sample-shop-app');
    const containers = view('containers');
    assert.deepEqual(boxes(containers), ['appserver service Java', 'database datastore PostgreSQL', 'payment_gateway service -', 'reverse_proxy service NGINX']);
    assert.deepEqual(calls(containers), ['Users → appserver', 'appserver → database', 'reverse_proxy → appserver']);
  });

  it('.NET connection strings: the server of `Server=`, `Data Source=tcp:…,1433`, `Host=…;Port=…`; a bare `key=value` or one pair is no connection string', () => {
    const read = (value: string) => addressesIn(value).map((a) => `${a.host}${a.port !== undefined ? `:${a.port}` : ''} [${a.text}] ${a.start}-${a.end}`);
    assert.deepEqual(read('Server=sqldata;Database=Microsoft.eShopOnContainers.Services.CatalogDb;User Id=sa;Password=Pass@word;Encrypt=False'), ['sqldata [sqldata] 7-14']);
    assert.deepEqual(read('Data Source=tcp:orders-db,1433;Initial Catalog=orders'), ['orders-db:1433 [orders-db,1433] 16-30']);
    assert.deepEqual(read('Server=sql\\SQLEXPRESS;Database=app'), ['sql [sql\\SQLEXPRESS] 7-21']);
    assert.deepEqual(read('Host=postgres;Port=5432;Database=app;Username=app'), ['postgres:5432 [postgres] 5-13']);
    assert.deepEqual(read('Server=localhost;Database=app'), []);
    assert.deepEqual(read('Server=sqldata'), []);
    assert.deepEqual(read('mode=fast;level=3'), []);
    assert.deepEqual(read('a sentence; with Server=x in it'), []);
  });

  it('a bare host under a peer key (EventBusConnection, ConnectionString, DB_SERVER) only when a component answers it; HOST keys as before, with the port of their prefix', () => {
    const known = (host: string) => ['rabbitmq', 'basketdata', 'mysqldb'].includes(host);
    assert.deepEqual(hostPortPairs([
      { key: 'EventBusConnection', value: 'rabbitmq' }, { key: 'ConnectionString', value: 'basketdata' }, { key: 'DB_SERVER', value: 'production' },
      { key: 'MYSQL_DB_HOST', value: 'mysqldb' }, { key: 'MYSQL_DB_PORT', value: '3306' }, { key: 'BIND_ADDRESS', value: 'rabbitmq' }, { key: 'SERVER_NAME', value: 'mysqldb' },
    ], known), [
      { key: 'EventBusConnection', host: 'rabbitmq', text: 'rabbitmq' },
      { key: 'ConnectionString', host: 'basketdata', text: 'basketdata' },
      { key: 'MYSQL_DB_HOST', host: 'mysqldb', port: 3306, text: 'mysqldb:3306' },
    ]);
    assert.deepEqual(hostPortPairs([{ key: 'EventBusConnection', value: 'rabbitmq' }]), []);
    // A bare `PORT` is the component's own port, not its peer's (basket-api's `PORT=80` beside `ConnectionString=basketdata`).
    assert.deepEqual(hostPortPairs([{ key: 'ConnectionString', value: 'basketdata' }, { key: 'PORT', value: '80' }, { key: 'GRPC_PORT', value: '81' }], known), [{ key: 'ConnectionString', host: 'basketdata', text: 'basketdata' }]);
  });

  it('well-known images: SQL Server (mcr.microsoft.com/mssql/server, azure-sql-edge), the Bitnami and Confluent stores and brokers', () => {
    const named = (image: string) => `${technologyOfImage(image)?.name ?? '-'} ${technologyOfImage(image)?.kind ?? '-'}`;
    assert.deepEqual(
      ['mcr.microsoft.com/mssql/server:2019-latest', 'mcr.microsoft.com/azure-sql-edge', 'bitnami/mongodb:7.0', 'bitnami/mariadb', 'bitnami/cassandra', 'bitnami/elasticsearch:8', 'bitnami/rabbitmq', 'bitnami/nats', 'bitnami/kafka:3.7', 'confluentinc/cp-kafka:7.6.0', 'apache/kafka-native', 'scylladb/scylla', 'ghcr.io/acme/server'].map(named),
      ['SQL Server datastore', 'SQL Server datastore', 'MongoDB datastore', 'MariaDB datastore', 'Cassandra datastore', 'Elasticsearch search', 'RabbitMQ broker', 'NATS broker', 'Kafka broker', 'Kafka broker', 'Kafka broker', 'ScyllaDB datastore', '- -'],
    );
  });
});
