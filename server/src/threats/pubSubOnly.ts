/**
 * A Redis used only as a message channel (issue #95, elgris/microservice-app-example: todos-api's `redisClient.publish`,
 * log-message-processor's `pubsub.subscribe`): Redis keeps no message of a channel (published messages go to the
 * subscribers connected, nothing is written), so a store whose every caller only publishes or subscribes holds nothing at
 * rest — Threagile's `no_storage_at_rest`, as atRest.ts's in-memory stores. Read in each caller's code, the files its build
 * holds (the Dockerfile's folder, tests aside, the index's files: appconfig/files.ts claims a file calling a Redis client):
 * a caller publishes or subscribes (`.publish(`, `.subscribe(`, `.psubscribe(`, `.pubsub(`) and no file of its writes to
 * Redis by a command that keeps data (`set`, `hset`, `lpush`, `xadd`, `incr`, `eval`… — any `.set(`, whatever its receiver,
 * counts: in doubt the store keeps something) nor uses a library that stores in it (a cache, a job queue, a session store).
 * A caller whose code is not read, or reads nothing of Redis, leaves the store as it is. Pure: the map and the host's reads in.
 */
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { buildReader, dockerfilesOf, TEST_FOLDER, type BuildHost } from './buildConsoles';
import { folderOf, sourceOfLine } from './evidence';

/** The code files read in a caller's build folder. */
const CODE = /\.(?:js|mjs|cjs|ts|py|go|java|kt|rb|php|cs|rs|scala)$/;
/** At most this many files of one build are read (more: the caller is not judged). */
const MAX_FILES = 500;

const PUB_SUB = /\.(?:publish|p?subscribe|pubsub)\s?\(/i;
/** A Redis command that keeps data, called as a client's method (`.set(`, `.hSet(`, `.lpush(`, `.xadd(`, `.incr(`, `.eval(`). */
const WRITE = /\.(?:set|setex|psetex|setnx|setrange|mset|msetnx|getset|getdel|append|incr|incrby|incrbyfloat|decr|decrby|hset|hmset|hsetnx|hincrby|lpush|rpush|lpushx|rpushx|linsert|lset|lmove|rpoplpush|sadd|smove|zadd|zincrby|xadd|pfadd|geoadd|rename|restore|copy|eval|evalsha|fcall|json\.set)\s?\(/i;
/** A library that stores in Redis: a cache, a job queue, a session or rate-limit store, an ORM. */
const STORING_LIBRARY = /RedisTemplate|IDistributedCache|RedisCache|DistributedCache|CacheManager|celery|\bbull(?:mq)?\b|\bkue\b|sidekiq|\brq\b|resque|connect-redis|RedisStore|rate-?limit|redis-om|Redisson|StringRedisTemplate|@Cacheable/i;

/** A Redis client is named in the file: the word, a package or a type (`redis`, `ioredis`, `StackExchange.Redis`, `Jedis`, `Lettuce`). */
const REDIS = /redis|jedis|lettuce/i;

/** What one caller's code does with Redis: the first pub/sub line, and whether anything writes. */
interface CallerUse { pubSub?: SystemSource; writes: boolean }

/**
 * The line that says a store is used only as a message channel (the module's rule) given the ids of its callers; undefined
 * when one caller's code writes to it, says nothing of it, or is not read.
 */
export function pubSubOnlyReader(map: Parameters<typeof buildReader>[0], host: BuildHost): (callers: readonly string[]) => SystemSource | undefined {
  const reader = buildReader(map, host, CODE);
  const known = new Map<string, CallerUse | undefined>();
  const useOf = (id: string): CallerUse | undefined => {
    const node: SystemNode | undefined = map.node(id);
    if (!node) return undefined;
    let use: CallerUse | undefined;
    for (const dockerfile of dockerfilesOf(node, reader)) {
      const folder = folderOf(dockerfile);
      const files = [...reader.files()].filter((uri) => uri.startsWith(folder) && !TEST_FOLDER.test(uri.slice(folder.length - 1)));
      if (files.length > MAX_FILES) return undefined;
      for (const uri of files) {
        const text = reader.text(uri);
        if (text === undefined || !REDIS.test(text)) continue;
        use ??= { writes: false };
        const lines = text.split(/\r?\n/);
        for (let i = 0; i < lines.length; i++) {
          const line = lines[i];
          if (WRITE.test(line) || STORING_LIBRARY.test(line)) use.writes = true;
          else if (use.pubSub === undefined && PUB_SUB.test(line)) use.pubSub = sourceOfLine(uri, i, line);
        }
      }
    }
    return use;
  };
  return (callers) => {
    let first: SystemSource | undefined;
    for (const id of callers) {
      if (!known.has(id)) known.set(id, useOf(id));
      const use = known.get(id);
      if (!use?.pubSub || use.writes) return undefined;
      first ??= use.pubSub;
    }
    return first;
  };
}
