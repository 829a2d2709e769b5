/**
 * What an image is, from its name: the well-known servers a system is built of (databases, caches,
 * brokers, the monitoring stack). The component running it takes its technology and, for a data
 * store or a broker, its kind; an address's scheme or well-known port gives a connection its protocol.
 */
import { imageRepository } from './images';

export interface Technology {
  /** As the reader knows it: `PostgreSQL`, `Redis`. */
  name: string;
  kind: 'datastore' | 'broker' | 'monitoring' | 'service';
  /** Words a text names it by (lower case), for decision records: `postgres`, `postgresql`. */
  words: readonly string[];
}

const table: readonly (Technology & { images: RegExp })[] = [
  { name: 'PostgreSQL', kind: 'datastore', words: ['postgres', 'postgresql', 'postgis', 'timescaledb'], images: /(^|\/)(postgres|postgresql|postgis|timescaledb(-ha)?|cloudnative-pg|cloud-sql-proxy|alloydb-omni)$/ },
  { name: 'MySQL', kind: 'datastore', words: ['mysql'], images: /(^|\/)(mysql|mysql-server|percona(-server)?)$/ },
  { name: 'MariaDB', kind: 'datastore', words: ['mariadb'], images: /(^|\/)mariadb$/ },
  { name: 'MongoDB', kind: 'datastore', words: ['mongo', 'mongodb'], images: /(^|\/)(mongo|mongodb(-community-server)?)$/ },
  { name: 'Redis', kind: 'datastore', words: ['redis'], images: /(^|\/)(redis|redis-stack(-server)?)$/ },
  { name: 'Valkey', kind: 'datastore', words: ['valkey'], images: /(^|\/)valkey$/ },
  { name: 'Memcached', kind: 'datastore', words: ['memcached'], images: /(^|\/)memcached$/ },
  { name: 'Elasticsearch', kind: 'datastore', words: ['elasticsearch'], images: /(^|\/)elasticsearch$/ },
  { name: 'OpenSearch', kind: 'datastore', words: ['opensearch'], images: /(^|\/)opensearch$/ },
  { name: 'Cassandra', kind: 'datastore', words: ['cassandra'], images: /(^|\/)cassandra$/ },
  { name: 'CouchDB', kind: 'datastore', words: ['couchdb'], images: /(^|\/)couchdb$/ },
  { name: 'Neo4j', kind: 'datastore', words: ['neo4j'], images: /(^|\/)neo4j$/ },
  { name: 'ClickHouse', kind: 'datastore', words: ['clickhouse'], images: /(^|\/)clickhouse(-server)?$/ },
  { name: 'InfluxDB', kind: 'datastore', words: ['influxdb'], images: /(^|\/)influxdb$/ },
  { name: 'MinIO', kind: 'datastore', words: ['minio'], images: /(^|\/)minio$/ },
  { name: 'Spanner', kind: 'datastore', words: ['spanner'], images: /(^|\/)(cloud-spanner-emulator\/emulator|spanner)$/ },
  { name: 'Kafka', kind: 'broker', words: ['kafka'], images: /(^|\/)(kafka|cp-kafka|cp-server)$/ },
  { name: 'RabbitMQ', kind: 'broker', words: ['rabbitmq'], images: /(^|\/)rabbitmq$/ },
  { name: 'NATS', kind: 'broker', words: ['nats'], images: /(^|\/)nats(-streaming)?$/ },
  { name: 'Pulsar', kind: 'broker', words: ['pulsar'], images: /(^|\/)pulsar(-all)?$/ },
  { name: 'Mosquitto', kind: 'broker', words: ['mosquitto', 'mqtt'], images: /(^|\/)(eclipse-)?mosquitto$/ },
  { name: 'ActiveMQ', kind: 'broker', words: ['activemq'], images: /(^|\/)activemq(-artemis|-classic)?$/ },
  { name: 'Prometheus', kind: 'monitoring', words: ['prometheus'], images: /(^|\/)prometheus$/ },
  { name: 'Alertmanager', kind: 'monitoring', words: ['alertmanager'], images: /(^|\/)alertmanager$/ },
  { name: 'Grafana', kind: 'monitoring', words: ['grafana'], images: /(^|\/)grafana(-oss|-enterprise)?$/ },
  { name: 'Loki', kind: 'monitoring', words: ['loki'], images: /(^|\/)loki$/ },
  { name: 'Tempo', kind: 'monitoring', words: ['tempo'], images: /(^|\/)tempo$/ },
  { name: 'Jaeger', kind: 'monitoring', words: ['jaeger'], images: /(^|\/)(jaeger|all-in-one|jaeger-all-in-one)$/ },
  { name: 'OpenTelemetry Collector', kind: 'monitoring', words: ['opentelemetry', 'otel'], images: /(^|\/)(opentelemetry-collector(-contrib)?|otel-collector)$/ },
  { name: 'node-exporter', kind: 'monitoring', words: ['node-exporter'], images: /(^|\/)node-exporter$/ },
  { name: 'cAdvisor', kind: 'monitoring', words: ['cadvisor'], images: /(^|\/)cadvisor$/ },
  { name: 'Pushgateway', kind: 'monitoring', words: ['pushgateway'], images: /(^|\/)pushgateway$/ },
  { name: 'MLflow', kind: 'service', words: ['mlflow'], images: /(^|\/)mlflow$/ },
  { name: 'NGINX', kind: 'service', words: ['nginx'], images: /(^|\/)nginx(-unprivileged)?$/ },
];

/** The technology of an image, if it is a well-known server. */
export function technologyOfImage(reference: string): Technology | undefined {
  const repository = imageRepository(reference).toLowerCase();
  return table.find((entry) => entry.images.test(repository));
}

/** The technology a word names (`postgres` → PostgreSQL), for decision records. */
export function technologyNamed(word: string): Technology | undefined {
  const folded = word.toLowerCase();
  return table.find((entry) => entry.words.includes(folded));
}

/** A URL scheme's protocol (`postgres` → PostgreSQL). */
const schemes: Record<string, string> = {
  http: 'HTTP', https: 'HTTPS', grpc: 'gRPC', grpcs: 'gRPC', ws: 'WebSocket', wss: 'WebSocket',
  postgres: 'PostgreSQL', postgresql: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MySQL', mongodb: 'MongoDB', 'mongodb+srv': 'MongoDB',
  redis: 'Redis', rediss: 'Redis', amqp: 'AMQP', amqps: 'AMQP', kafka: 'Kafka', nats: 'NATS', mqtt: 'MQTT', s3: 'S3', gs: 'GCS', tcp: 'TCP', udp: 'UDP',
};

/** Ports whose protocol is all but certain. */
const ports: Record<number, string> = {
  5432: 'PostgreSQL', 3306: 'MySQL', 27017: 'MongoDB', 6379: 'Redis', 11211: 'Memcached', 9092: 'Kafka', 5672: 'AMQP', 4222: 'NATS', 1883: 'MQTT', 9200: 'HTTP',
};

/** The protocol of an address: its scheme's, else its port's when well known. */
export function protocolOf(scheme: string | undefined, port: number | undefined): string | undefined {
  if (scheme) return schemes[scheme.toLowerCase()] ?? scheme.toUpperCase();
  return port !== undefined ? ports[port] : undefined;
}

/** A technology by the name the model gives it (`Prometheus`). */
export function technologyCalled(name: string | undefined): Technology | undefined {
  return name === undefined ? undefined : table.find((entry) => entry.name === name);
}
