/**
 * What an image is, from its name: the well-known servers a system is built of (databases, caches,
 * brokers, the monitoring stack). The component running it takes its technology and, for a data
 * store or a broker, its kind; an address's scheme or well-known port gives a connection its protocol.
 */
import { imageRepository } from './images';

export interface Technology {
  /** As the reader knows it: `PostgreSQL`, `Redis`. */
  name: string;
  kind: 'datastore' | 'cache' | 'search' | 'broker' | 'monitoring' | 'proxy' | 'service';
  /** Words a text names it by (lower case), for decision records: `postgres`, `postgresql`. */
  words: readonly string[];
}

/**
 * The well-known servers, each with the repository names its images go by (the last segments of a repository:
 * `postgres` is `postgres`, `bitnami/postgres`, `docker.io/postgres`; `ingress-nginx/controller` ends a
 * repository with those two segments).
 */
const table: readonly (Technology & { images: readonly string[] })[] = [
  { name: 'PostgreSQL', kind: 'datastore', words: ['postgres', 'postgresql', 'postgis', 'timescaledb', 'pgvector'], images: ['postgres', 'postgresql', 'postgresql-repmgr', 'postgis', 'timescaledb', 'timescaledb-ha', 'cloudnative-pg', 'cloud-sql-proxy', 'alloydb-omni', 'pgvector', 'pgpool', 'pgbouncer'] },
  { name: 'MySQL', kind: 'datastore', words: ['mysql'], images: ['mysql', 'mysql-server', 'percona', 'percona-server'] },
  { name: 'MariaDB', kind: 'datastore', words: ['mariadb'], images: ['mariadb', 'mariadb-galera'] },
  { name: 'SQL Server', kind: 'datastore', words: ['mssql', 'sqlserver', 'sql-server'], images: ['mssql/server', 'mssql/rhel/server', 'mssql-server-linux', 'azure-sql-edge'] },
  { name: 'MongoDB', kind: 'datastore', words: ['mongo', 'mongodb'], images: ['mongo', 'mongodb', 'mongodb-sharded', 'mongodb-community-server', 'mongodb-enterprise-server'] },
  { name: 'Redis', kind: 'cache', words: ['redis'], images: ['redis', 'redis-stack', 'redis-stack-server', 'redismod', 'redis-cluster'] },
  { name: 'Valkey', kind: 'cache', words: ['valkey'], images: ['valkey'] },
  { name: 'Memcached', kind: 'cache', words: ['memcached'], images: ['memcached'] },
  { name: 'Elasticsearch', kind: 'search', words: ['elasticsearch'], images: ['elasticsearch', 'elasticsearch-oss'] },
  { name: 'OpenSearch', kind: 'search', words: ['opensearch'], images: ['opensearch'] },
  { name: 'Solr', kind: 'search', words: ['solr'], images: ['solr'] },
  { name: 'Meilisearch', kind: 'search', words: ['meilisearch'], images: ['meilisearch'] },
  { name: 'Cassandra', kind: 'datastore', words: ['cassandra'], images: ['cassandra'] },
  { name: 'ScyllaDB', kind: 'datastore', words: ['scylla', 'scylladb'], images: ['scylla'] },
  { name: 'CouchDB', kind: 'datastore', words: ['couchdb'], images: ['couchdb'] },
  { name: 'Neo4j', kind: 'datastore', words: ['neo4j'], images: ['neo4j'] },
  { name: 'ClickHouse', kind: 'datastore', words: ['clickhouse'], images: ['clickhouse', 'clickhouse-server'] },
  { name: 'InfluxDB', kind: 'datastore', words: ['influxdb'], images: ['influxdb'] },
  { name: 'MinIO', kind: 'datastore', words: ['minio'], images: ['minio'] },
  { name: 'Spanner', kind: 'datastore', words: ['spanner'], images: ['cloud-spanner-emulator/emulator', 'spanner'] },
  { name: 'CockroachDB', kind: 'datastore', words: ['cockroachdb'], images: ['cockroach'] },
  { name: 'ZooKeeper', kind: 'datastore', words: ['zookeeper'], images: ['zookeeper', 'cp-zookeeper'] },
  { name: 'etcd', kind: 'datastore', words: ['etcd'], images: ['etcd'] },
  { name: 'EventStoreDB', kind: 'datastore', words: ['eventstore', 'eventstoredb', 'kurrentdb'], images: ['eventstore/eventstore', 'eventstore/eventstoredb-ee', 'eventstoredb-ee', 'kurrentdb'] },
  { name: 'DynamoDB', kind: 'datastore', words: ['dynamodb'], images: ['dynamodb-local'] },
  { name: 'Couchbase', kind: 'datastore', words: ['couchbase'], images: ['couchbase', 'couchbase/server'] },
  { name: 'ArangoDB', kind: 'datastore', words: ['arangodb'], images: ['arangodb'] },
  { name: 'RethinkDB', kind: 'datastore', words: ['rethinkdb'], images: ['rethinkdb'] },
  { name: 'RavenDB', kind: 'datastore', words: ['ravendb'], images: ['ravendb/ravendb'] },
  { name: 'YugabyteDB', kind: 'datastore', words: ['yugabytedb'], images: ['yugabytedb/yugabyte'] },
  { name: 'QuestDB', kind: 'datastore', words: ['questdb'], images: ['questdb/questdb'] },
  { name: 'Azurite', kind: 'datastore', words: ['azurite'], images: ['azure-storage/azurite'] },
  { name: 'Cosmos DB', kind: 'datastore', words: ['cosmosdb'], images: ['azure-cosmos-emulator'] },
  { name: 'Qdrant', kind: 'datastore', words: ['qdrant'], images: ['qdrant/qdrant'] },
  { name: 'Weaviate', kind: 'datastore', words: ['weaviate'], images: ['weaviate'] },
  { name: 'Milvus', kind: 'datastore', words: ['milvus'], images: ['milvusdb/milvus'] },
  { name: 'Chroma', kind: 'datastore', words: ['chromadb'], images: ['chromadb/chroma'] },
  { name: 'KeyDB', kind: 'cache', words: ['keydb'], images: ['keydb'] },
  { name: 'Dragonfly', kind: 'cache', words: ['dragonfly', 'dragonflydb'], images: ['dragonflydb/dragonfly'] },
  { name: 'Hazelcast', kind: 'cache', words: ['hazelcast'], images: ['hazelcast/hazelcast'] },
  { name: 'Kafka', kind: 'broker', words: ['kafka'], images: ['kafka', 'cp-kafka', 'cp-server', 'kafka-native'] },
  { name: 'Redpanda', kind: 'broker', words: ['redpanda'], images: ['redpanda'] },
  { name: 'RabbitMQ', kind: 'broker', words: ['rabbitmq'], images: ['rabbitmq'] },
  { name: 'NATS', kind: 'broker', words: ['nats'], images: ['nats', 'nats-streaming'] },
  { name: 'Pulsar', kind: 'broker', words: ['pulsar'], images: ['pulsar', 'pulsar-all'] },
  { name: 'Mosquitto', kind: 'broker', words: ['mosquitto', 'mqtt'], images: ['mosquitto', 'eclipse-mosquitto'] },
  { name: 'EMQX', kind: 'broker', words: ['emqx'], images: ['emqx', 'emqx-enterprise'] },
  { name: 'VerneMQ', kind: 'broker', words: ['vernemq'], images: ['vernemq'] },
  { name: 'NSQ', kind: 'broker', words: ['nsq'], images: ['nsqio/nsq'] },
  { name: 'RocketMQ', kind: 'broker', words: ['rocketmq'], images: ['rocketmq'] },
  { name: 'ElasticMQ', kind: 'broker', words: ['elasticmq'], images: ['elasticmq', 'elasticmq-native'] },
  { name: 'ActiveMQ', kind: 'broker', words: ['activemq'], images: ['activemq', 'activemq-artemis', 'activemq-classic'] },
  { name: 'Prometheus', kind: 'monitoring', words: ['prometheus'], images: ['prometheus'] },
  { name: 'Alertmanager', kind: 'monitoring', words: ['alertmanager'], images: ['alertmanager'] },
  { name: 'Grafana', kind: 'monitoring', words: ['grafana'], images: ['grafana', 'grafana-oss', 'grafana-enterprise'] },
  { name: 'Loki', kind: 'monitoring', words: ['loki'], images: ['loki'] },
  { name: 'Tempo', kind: 'monitoring', words: ['tempo'], images: ['tempo'] },
  { name: 'Jaeger', kind: 'monitoring', words: ['jaeger'], images: ['jaeger', 'all-in-one', 'jaeger-all-in-one'] },
  { name: 'OpenTelemetry Collector', kind: 'monitoring', words: ['opentelemetry', 'otel'], images: ['opentelemetry-collector', 'opentelemetry-collector-contrib', 'otel-collector', 'otelcol', 'otelcol-contrib'] },
  { name: 'node-exporter', kind: 'monitoring', words: ['node-exporter'], images: ['node-exporter'] },
  { name: 'blackbox-exporter', kind: 'monitoring', words: ['blackbox-exporter'], images: ['blackbox-exporter'] },
  { name: 'cAdvisor', kind: 'monitoring', words: ['cadvisor'], images: ['cadvisor'] },
  { name: 'Pushgateway', kind: 'monitoring', words: ['pushgateway'], images: ['pushgateway'] },
  { name: 'Fluentd', kind: 'monitoring', words: ['fluentd'], images: ['fluentd', 'fluentd-kubernetes-daemonset'] },
  { name: 'MLflow', kind: 'service', words: ['mlflow'], images: ['mlflow'] },
  { name: 'NGINX', kind: 'proxy', words: ['nginx', 'ingress-nginx'], images: ['nginx', 'nginx-unprivileged', 'nginx-ingress', 'ingress-nginx/controller'] },
  { name: 'Envoy', kind: 'proxy', words: ['envoy'], images: ['envoy', 'envoy-distroless'] },
  { name: 'Traefik', kind: 'proxy', words: ['traefik'], images: ['traefik'] },
  { name: 'HAProxy', kind: 'proxy', words: ['haproxy'], images: ['haproxy'] },
  { name: 'Caddy', kind: 'proxy', words: ['caddy'], images: ['caddy'] },
];

/**
 * What an image's repository names, once per repository: a model asks it of every workload three or four times (its
 * contributor, the evidence twice, the components' folding), each a scan of the table's expressions, and a file's
 * workloads run a few repositories under many tags. Bounded: past it, a repository is scanned each time.
 */
function byRepository<T>(kept: Map<string, T | null>, reference: string, find: (repository: string) => T | undefined): T | undefined {
  const repository = imageRepository(reference).toLowerCase();
  const known = kept.get(repository);
  if (known !== undefined) return known ?? undefined;
  const found = find(repository);
  if (kept.size < 10_000) kept.set(repository, found ?? null);
  return found;
}

const technologiesOfRepository = new Map<string, Technology | null>();

/** The technology of an image, if it is a well-known server. */
export function technologyOfImage(reference: string): Technology | undefined {
  return byRepository(technologiesOfRepository, reference, (repository) => {
    // The entries naming the repository's last segment, in the table's order: the first whose name ends the repository.
    technologiesByLastSegment ??= byLastSegment();
    return technologiesByLastSegment.get(repository.slice(repository.lastIndexOf('/') + 1))?.find(({ name }) => repository === name || repository.endsWith(`/${name}`))?.entry;
  });
}

/**
 * The table's names by their last segment, each with its entry, in the table's order. A repository is compared with the
 * few of its last segment (the table was 44 expressions, each compiled and tested in each process: a fifth of a Compose
 * project's contribution to the system map, #68).
 */
let technologiesByLastSegment: Map<string, { name: string; entry: Technology }[]> | undefined;

function byLastSegment(): Map<string, { name: string; entry: Technology }[]> {
  const index = new Map<string, { name: string; entry: Technology }[]>();
  for (const entry of table) {
    for (const name of entry.images) {
      const last = name.slice(name.lastIndexOf('/') + 1);
      const list = index.get(last);
      if (list) list.push({ name, entry });
      else index.set(last, [{ name, entry }]);
    }
  }
  return index;
}

/** The technology a word names (`postgres` → PostgreSQL), for decision records. */
export function technologyNamed(word: string): Technology | undefined {
  const folded = word.toLowerCase();
  return table.find((entry) => entry.words.includes(folded));
}

/** The runtimes a build's base image says (the language a C4 reader expects as a container's technology). */
const runtimes: readonly { name: string; images: RegExp }[] = [
  { name: 'Go', images: /(^|\/)(golang|go|tinygo)$/ },
  { name: 'Node.js', images: /(^|\/)(node|nodejs\d*(-debian\d+)?|bun|deno)$/ },
  { name: 'Python', images: /(^|\/)(python|pypy|python\d(-debian\d+)?|miniconda\d?|anaconda\d?|uv)$/ },
  { name: 'Java', images: /(^|\/)(eclipse-temurin|openjdk|amazoncorretto|maven|gradle|java\d*(-debian\d+)?|ibmjava|ibm-semeru-runtimes|sapmachine|zulu-openjdk|jetty|tomcat)$/ },
  { name: 'Kotlin', images: /(^|\/)kotlin$/ },
  { name: '.NET', images: /(^|\/)dotnet\/(sdk|aspnet|runtime|runtime-deps|core\/(sdk|aspnet|runtime))$/ },
  { name: 'Ruby', images: /(^|\/)(ruby|jruby)$/ },
  { name: 'PHP', images: /(^|\/)(php|composer)$/ },
  { name: 'Rust', images: /(^|\/)rust$/ },
  { name: 'Elixir', images: /(^|\/)(elixir|hexpm\/elixir)$/ },
  { name: 'Erlang', images: /(^|\/)erlang$/ },
  { name: 'C++', images: /(^|\/)gcc$/ },
  { name: 'Swift', images: /(^|\/)swift$/ },
  { name: 'Dart', images: /(^|\/)dart$/ },
];

/**
 * What a build runs, from its base images (the contract's `from`: the final stage's first): a
 * well-known server its final image is (postgres, nginx), else the language the first image naming one
 * says (`gcr.io/distroless/static`, then `golang:1.22` → Go).
 */
export function technologyOfBuild(from: readonly string[]): { technology?: Technology; runtime?: string } {
  if (from.length === 0) return {};
  const product = technologyOfImage(from[0]);
  if (product) return { technology: product, runtime: product.name };
  for (const image of from) {
    const repository = imageRepository(image).toLowerCase();
    const runtime = runtimes.find((entry) => entry.images.test(repository));
    if (runtime) return { runtime: runtime.name };
  }
  return {};
}

const runtimesOfRepository = new Map<string, string | null>();

/** The runtime an image says by itself (a language image run as is: `python:3.12`, `node:20`), or a product's name. */
export function runtimeOfImage(reference: string): string | undefined {
  // What technologyOfBuild reads of one image is its repository.
  return byRepository(runtimesOfRepository, reference, () => technologyOfBuild([reference]).runtime);
}

/** A URL scheme's protocol (`postgres` → PostgreSQL). */
const schemes: Record<string, string> = {
  http: 'HTTP', https: 'HTTPS', grpc: 'gRPC', grpcs: 'gRPC', ws: 'WebSocket', wss: 'WebSocket',
  postgres: 'PostgreSQL', postgresql: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MySQL', mongodb: 'MongoDB', 'mongodb+srv': 'MongoDB',
  redis: 'Redis', rediss: 'Redis', amqp: 'AMQP', amqps: 'AMQP', kafka: 'Kafka', nats: 'NATS', mqtt: 'MQTT', s3: 'S3', gs: 'GCS', tcp: 'TCP', udp: 'UDP',
};

/** Ports whose protocol is all but certain. */
const ports: Record<number, string> = {
  5432: 'PostgreSQL', 3306: 'MySQL', 1433: 'TDS', 27017: 'MongoDB', 6379: 'Redis', 11211: 'Memcached', 9092: 'Kafka', 5672: 'AMQP', 4222: 'NATS', 1883: 'MQTT', 9200: 'HTTP',
  4317: 'OTLP/gRPC', 4318: 'OTLP/HTTP', 9042: 'CQL', 8123: 'HTTP', 26257: 'PostgreSQL',
};

/** The port a well-known server listens on unless told otherwise (its image's default). */
const defaultPorts: Record<string, number> = {
  PostgreSQL: 5432, MySQL: 3306, MariaDB: 3306, 'SQL Server': 1433, MongoDB: 27017, Redis: 6379, Valkey: 6379, Memcached: 11211, Elasticsearch: 9200,
  OpenSearch: 9200, Solr: 8983, Meilisearch: 7700, Cassandra: 9042, ScyllaDB: 9042, CouchDB: 5984, Neo4j: 7687, ClickHouse: 8123, InfluxDB: 8086,
  CockroachDB: 26257, Kafka: 9092, Redpanda: 9092, RabbitMQ: 5672, NATS: 4222, Mosquitto: 1883, Prometheus: 9090, Alertmanager: 9093, Grafana: 3000,
  Loki: 3100,
};

/** The port an image's well-known server listens on by default (`mongo` → 27017), if known. */
export function defaultPortOfImage(reference: string): number | undefined {
  const technology = technologyOfImage(reference);
  return technology ? defaultPorts[technology.name] : undefined;
}

/**
 * The protocol of an address: its scheme's, else its port's when well known. SQLAlchemy's `dialect+driver` schemes
 * (`postgresql+psycopg2`, `mysql+pymysql`) speak the dialect's protocol.
 */
export function protocolOf(scheme: string | undefined, port: number | undefined): string | undefined {
  if (scheme) {
    const folded = scheme.toLowerCase();
    return schemes[folded] ?? schemes[folded.split('+')[0]] ?? scheme.toUpperCase();
  }
  return port !== undefined ? ports[port] : undefined;
}

/** What a protocol spoken to a component says it is (`PostgreSQL` → a PostgreSQL data store); HTTP, gRPC, TCP say nothing. */
const protocolTechnologies: Record<string, string> = {
  PostgreSQL: 'PostgreSQL', MySQL: 'MySQL', TDS: 'SQL Server', MongoDB: 'MongoDB', Redis: 'Redis', Memcached: 'Memcached', Kafka: 'Kafka', AMQP: 'RabbitMQ', NATS: 'NATS', MQTT: 'Mosquitto', CQL: 'Cassandra',
};

/** The technology a protocol names when it is a store's or a broker's own (`AMQP` → RabbitMQ, the usual server). */
export function technologyOfProtocol(protocol: string | undefined): Technology | undefined {
  const name = protocol === undefined ? undefined : protocolTechnologies[protocol];
  return name === undefined ? undefined : technologyCalled(name);
}

/** A technology by the name the model gives it (`Prometheus`). */
export function technologyCalled(name: string | undefined): Technology | undefined {
  return name === undefined ? undefined : table.find((entry) => entry.name === name);
}

/** Hosts of well-known services outside (SaaS and cloud APIs): an address naming one is an external system of that provider. */
const providers: readonly { provider: string; hosts: RegExp }[] = [
  { provider: 'Google Cloud', hosts: /(^|\.)(googleapis\.com|gcr\.io|pkg\.dev|cloud\.google\.com|run\.app|appspot\.com)$/ },
  { provider: 'AWS', hosts: /(^|\.)(amazonaws\.com|aws\.amazon\.com|cloudfront\.net)$/ },
  { provider: 'Azure', hosts: /(^|\.)(azure\.com|windows\.net|azurewebsites\.net|azure-api\.net|microsoft\.com)$/ },
  { provider: 'Stripe', hosts: /(^|\.)stripe\.com$/ },
  { provider: 'PayPal', hosts: /(^|\.)paypal\.com$/ },
  { provider: 'OpenAI', hosts: /(^|\.)openai\.com$/ },
  { provider: 'Anthropic', hosts: /(^|\.)anthropic\.com$/ },
  { provider: 'GitHub', hosts: /(^|\.)(github\.com|githubusercontent\.com|ghcr\.io)$/ },
  { provider: 'Slack', hosts: /(^|\.)slack\.com$/ },
  { provider: 'Twilio', hosts: /(^|\.)twilio\.com$/ },
  { provider: 'SendGrid', hosts: /(^|\.)sendgrid\.(com|net)$/ },
  { provider: 'Mailgun', hosts: /(^|\.)mailgun\.(org|net)$/ },
  { provider: 'Auth0', hosts: /(^|\.)auth0\.com$/ },
  { provider: 'Okta', hosts: /(^|\.)okta\.com$/ },
  { provider: 'Sentry', hosts: /(^|\.)sentry\.io$/ },
  { provider: 'Datadog', hosts: /(^|\.)datadoghq\.(com|eu)$/ },
  { provider: 'Honeycomb', hosts: /(^|\.)honeycomb\.io$/ },
  { provider: 'New Relic', hosts: /(^|\.)newrelic\.com$/ },
  { provider: 'Cloudflare', hosts: /(^|\.)cloudflare\.com$/ },
  { provider: 'Algolia', hosts: /(^|\.)algolia\.net$/ },
  { provider: 'MongoDB Atlas', hosts: /(^|\.)mongodb\.net$/ },
];

/** The provider of a well-known service outside, from an address's host. */
export function providerOfHost(host: string): string | undefined {
  const folded = host.toLowerCase();
  return providers.find((entry) => entry.hosts.test(folded))?.provider;
}
