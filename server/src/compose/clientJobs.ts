/**
 * A store's image run as a client (issue #95, DeathStarBench's `home-timeline-redis-cluster-setup`: `image: redis` with
 * `entrypoint: /bin/bash /scripts/setup_redis_cluster.sh`, skywalking-showcase's `mongodb-repl-setup`): the service runs a
 * script or the product's client once, it serves and stores nothing, so it is a job of the system, not a store.
 * Read on its `entrypoint` (a shell, or the product's client); a shell line that starts the server (`exec redis-server`,
 * `docker-entrypoint.sh mongod`) is still the store.
 */

/** A shell or a store's client, by the first word of an entrypoint (its last path part). */
const CLIENT = /^(?:bash|sh|ash|dash|redis-cli|valkey-cli|mongo|mongosh|mongoimport|mongorestore|mysql|mariadb|psql|pg_restore|cqlsh|kafka-topics(?:\.sh)?|rabbitmqadmin|curl|wget)$/;
/** A store's server started from a shell line. */
const SERVER = /\b(?:redis-server|valkey-server|mongod|mysqld|mariadbd|postgres|docker-entrypoint(?:\.sh)?|elasticsearch|kafka-server-start(?:\.sh)?|rabbitmq-server|memcached|cassandra|zookeeper-server-start(?:\.sh)?|zkServer\.sh|nats-server|etcd|minio|start-kafka\.sh|run\.sh)\b/;

/** Whether a Compose service's `entrypoint` runs a client or a script rather than its image's server. */
export function runsAsClient(service: Record<string, unknown>): boolean {
  const entrypoint = service.entrypoint;
  const words = typeof entrypoint === 'string' ? entrypoint.trim().split(/\s+/) : Array.isArray(entrypoint) ? entrypoint.filter((w): w is string => typeof w === 'string') : [];
  if (words.length === 0) return false;
  const first = words[0].split('/').pop() ?? '';
  return CLIENT.test(first) && !SERVER.test(words.join(' '));
}
