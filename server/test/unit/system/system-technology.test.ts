// What an image names (features/system/technology.ts): the table's first entry whose expression matches,
// kept per repository (a tag changes nothing) — the same answer every time it is asked.
import assert from 'node:assert/strict';
import { imageRepository } from '../../../src/features/system/images';
import { runtimeOfImage, technologyOfImage } from '../../../src/features/system/technology';

describe('System map: the technology of an image', () => {
  const cases: [string, string | undefined][] = [
    ['postgres:16', 'PostgreSQL'],
    ['docker.io/bitnami/postgresql:15.4.0', 'PostgreSQL'],
    ['gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.8.0', 'PostgreSQL'],
    ['redis:7-alpine', 'Redis'],
    ['REDIS', 'Redis'],
    ['registry.k8s.io/ingress-nginx/controller:v1.9.4', 'NGINX'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'NGINX'],
    ['gcr.io/cloud-spanner-emulator/emulator', 'Spanner'],
    ['quay.io/prometheus/node-exporter:v1.7.0', 'node-exporter'],
    // Brokers and stores the systems of issue #95 run (Kafka's images by each publisher, its ZooKeeper, Event Store, SQL Server's).
    ['wurstmeister/kafka:2.13-2.8.1', 'Kafka'],
    ['bitnami/kafka:3.7', 'Kafka'],
    ['confluentinc/cp-kafka:7.6.1', 'Kafka'],
    ['apache/kafka:3.8.0', 'Kafka'],
    ['apache/kafka-native:3.8.0', 'Kafka'],
    ['redpandadata/redpanda:v24.1.1', 'Redpanda'],
    ['docker.redpanda.com/redpandadata/redpanda:v23.3.5', 'Redpanda'],
    ['wurstmeister/zookeeper:3.4.6', 'ZooKeeper'],
    ['confluentinc/cp-zookeeper:7.6.1', 'ZooKeeper'],
    ['zookeeper:3.9', 'ZooKeeper'],
    ['bitnami/zookeeper:3.9', 'ZooKeeper'],
    ['rabbitmq:3-management', 'RabbitMQ'],
    ['masstransit/rabbitmq', 'RabbitMQ'],
    ['mongo:7', 'MongoDB'],
    ['postgres:16-alpine', 'PostgreSQL'],
    ['nats:2.10', 'NATS'],
    ['eventstore/eventstore:23.10.0-bookworm-slim', 'EventStoreDB'],
    ['docker.kurrent.io/kurrent-latest/kurrentdb:25.0', 'EventStoreDB'],
    ['mcr.microsoft.com/mssql/server:2022-latest', 'SQL Server'],
    ['mcr.microsoft.com/azure-sql-edge:latest', 'SQL Server'],
    ['mcr.microsoft.com/azure-storage/azurite', 'Azurite'],
    ['amazon/dynamodb-local:2.5.2', 'DynamoDB'],
    ['quay.io/coreos/etcd:v3.5.13', 'etcd'],
    ['emqx/emqx:5.6', 'EMQX'],
    ['softwaremill/elasticmq-native:1.5.7', 'ElasticMQ'],
    ['apache/rocketmq:5.2.0', 'RocketMQ'],
    ['docker.dragonflydb.io/dragonflydb/dragonfly', 'Dragonfly'],
    ['qdrant/qdrant:v1.9.0', 'Qdrant'],
    ['myorg/eventstore:1', undefined],
    ['ghcr.io/acme/orders-api:1.2.3', undefined],
    ['my-postgres-client:1', undefined],
    ['nginx-exporter', undefined],
    ['', undefined],
  ];

  it('gives the first matching entry of the table, or none, and the same the second time', () => {
    for (const [reference, name] of cases) {
      const first = technologyOfImage(reference);
      assert.equal(first?.name, name, reference);
      assert.equal(technologyOfImage(reference), first, `${reference}, asked again`);
    }
  });

  it('answers alike for the tags and registries of one repository, whichever is asked first', () => {
    for (const [first, second] of [['postgres:16', 'docker.io/library/postgres:15'], ['myorg/api:1', 'myorg/api:2'], ['python:3.12', 'PYTHON:3.11']]) {
      assert.equal(technologyOfImage(second), technologyOfImage(first), `${first} then ${second}`);
      assert.equal(runtimeOfImage(second), runtimeOfImage(first), `${first} then ${second}`);
    }
  });

  it("gives a language image's runtime, a product's name, or none, the same the second time", () => {
    const runtimes: [string, string | undefined][] = [
      ['python:3.12-slim', 'Python'],
      ['node:20', 'Node.js'],
      ['mcr.microsoft.com/dotnet/aspnet:8.0', '.NET'],
      ['postgres:16', 'PostgreSQL'],
      ['ghcr.io/acme/orders-api:1.2.3', undefined],
    ];
    for (const [reference, runtime] of runtimes) {
      assert.equal(runtimeOfImage(reference), runtime, reference);
      assert.equal(runtimeOfImage(reference), runtime, `${reference}, asked again`);
    }
  });
  // The table's expressions before #68 (each `(^|\/)(names)$`), now lists of names compared by last segment: the
  // same answer for every name each expression knew, under prefixes (registries, owners) and near misses.
  const expressions: [string, RegExp][] = [
    ['PostgreSQL', /(^|\/)(postgres|postgresql|postgresql-repmgr|postgis|timescaledb(-ha)?|cloudnative-pg|cloud-sql-proxy|alloydb-omni|pgvector|pgpool|pgbouncer)$/],
    ['MySQL', /(^|\/)(mysql|mysql-server|percona(-server)?)$/],
    ['MariaDB', /(^|\/)mariadb$/],
    ['MongoDB', /(^|\/)(mongo|mongodb(-community-server)?)$/],
    ['Redis', /(^|\/)(redis|redis-stack(-server)?|redismod|redis-cluster)$/],
    ['Valkey', /(^|\/)valkey$/],
    ['Memcached', /(^|\/)memcached$/],
    ['Elasticsearch', /(^|\/)elasticsearch$/],
    ['OpenSearch', /(^|\/)opensearch$/],
    ['Solr', /(^|\/)solr$/],
    ['Meilisearch', /(^|\/)meilisearch$/],
    ['Cassandra', /(^|\/)cassandra$/],
    ['CouchDB', /(^|\/)couchdb$/],
    ['Neo4j', /(^|\/)neo4j$/],
    ['ClickHouse', /(^|\/)clickhouse(-server)?$/],
    ['InfluxDB', /(^|\/)influxdb$/],
    ['MinIO', /(^|\/)minio$/],
    ['Spanner', /(^|\/)(cloud-spanner-emulator\/emulator|spanner)$/],
    ['CockroachDB', /(^|\/)cockroach$/],
    ['Kafka', /(^|\/)(kafka|cp-kafka|cp-server)$/],
    ['Redpanda', /(^|\/)redpanda$/],
    ['RabbitMQ', /(^|\/)rabbitmq$/],
    ['NATS', /(^|\/)nats(-streaming)?$/],
    ['Pulsar', /(^|\/)pulsar(-all)?$/],
    ['Mosquitto', /(^|\/)(eclipse-)?mosquitto$/],
    ['ActiveMQ', /(^|\/)activemq(-artemis|-classic)?$/],
    ['Prometheus', /(^|\/)prometheus$/],
    ['Alertmanager', /(^|\/)alertmanager$/],
    ['Grafana', /(^|\/)grafana(-oss|-enterprise)?$/],
    ['Loki', /(^|\/)loki$/],
    ['Tempo', /(^|\/)tempo$/],
    ['Jaeger', /(^|\/)(jaeger|all-in-one|jaeger-all-in-one)$/],
    ['OpenTelemetry Collector', /(^|\/)(opentelemetry-collector(-contrib)?|otel-collector|otelcol(-contrib)?)$/],
    ['node-exporter', /(^|\/)node-exporter$/],
    ['blackbox-exporter', /(^|\/)blackbox-exporter$/],
    ['cAdvisor', /(^|\/)cadvisor$/],
    ['Pushgateway', /(^|\/)pushgateway$/],
    ['Fluentd', /(^|\/)fluentd(-kubernetes-daemonset)?$/],
    ['MLflow', /(^|\/)mlflow$/],
    ['NGINX', /(^|\/)(nginx(-unprivileged)?|nginx-ingress|ingress-nginx\/controller)$/],
    ['Envoy', /(^|\/)envoy(-distroless)?$/],
    ['Traefik', /(^|\/)traefik$/],
    ['HAProxy', /(^|\/)haproxy$/],
    ['Caddy', /(^|\/)caddy$/],
  ];

  /** The names an expression's group knows: literals, `\/`, groups with `|`, `?` after a group. */
  function names(source: string): string[] {
    let i = 0;
    const alternatives = (): string[] => {
      const out = [sequence()];
      while (source[i] === '|') {
        i++;
        out.push(sequence());
      }
      return out.flat();
    };
    const sequence = (): string[] => {
      let made = [''];
      while (i < source.length && source[i] !== '|' && source[i] !== ')') {
        let atom: string[];
        if (source[i] === '(') {
          i++;
          atom = alternatives();
          assert.equal(source[i++], ')');
        } else if (source[i] === '\\') {
          atom = [source[i + 1]];
          i += 2;
        } else atom = [source[i++]];
        if (source[i] === '?') {
          i++;
          atom = ['', ...atom];
        }
        made = made.flatMap((before) => atom.map((after) => before + after));
      }
      return made;
    };
    const out = alternatives();
    assert.equal(i, source.length, source);
    return out;
  }

  it('names the technology the expressions named, for every name they knew and near misses', () => {
    const known = expressions.flatMap(([, expression]) => {
      assert.ok(expression.source.startsWith('(^|\\/)') && expression.source.endsWith('$'), expression.source);
      return names(expression.source.slice('(^|\\/)'.length, -1));
    });
    assert.ok(known.length > 80, `${known.length} names`);
    const repositories = new Set<string>(['', '/', 'a/', 'controller', 'emulator', 'all-in-one-x']);
    for (const name of known) {
      for (const prefix of ['', 'bitnami/', 'ghcr.io/acme/', 'docker.io/library/', 'x', 'x-', '/']) {
        for (const suffix of ['', '-x', 's', '/', '/x']) repositories.add(prefix + name + suffix);
      }
      repositories.add(name.slice(1));
      repositories.add(name.slice(0, -1));
      repositories.add(name.toUpperCase());
    }
    for (const repository of repositories) {
      const expected = expressions.find(([, expression]) => expression.test(imageRepository(repository).toLowerCase()))?.[0];
      assert.equal(technologyOfImage(repository)?.name, expected, repository);
    }
  });
});
