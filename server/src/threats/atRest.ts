/**
 * A store that keeps nothing at rest (issue #95, ftgo's DynamoDB Local run `-inMemory`): its data lives in the process's
 * memory and is gone when it stops, so there is no disk to encrypt — Threagile's `no_storage_at_rest`, which its
 * unencrypted-asset rule skips. Read on the store's own block (`command:`, `args:`) and its build's Dockerfile
 * (`ENTRYPOINT`, `CMD`): DynamoDB Local's `-inMemory`; Redis with snapshots off (`--save ""`) and no append-only file;
 * EventStoreDB's `EVENTSTORE_MEM_DB=true` (`--mem-db`);
 * Memcached always (it has no persistence). A component deployed several ways is in memory only when every deployment says so
 * (DeathStarBench's sharded Redis runs `--save ""`, its default Compose Redis keeps snapshots).
 */
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { buildIdsOf } from './buildConsoles';
import { sourceOfLine, type FileLines } from './evidence';
import type { MapFacts } from './scan';
import { technology } from './threagile/technologies';
import type { Technology } from './threagile/model';

const DYNAMODB_IN_MEMORY = /(?:^|[\s"'[,])-inMemory(?:$|[\s"',\]])/;
/** `--save ""` on a command line, or `"--save", ""` in a list. */
const REDIS_NO_SAVE = /--save(?:\s+""|\s+''|["'],\s?["']{2})/;
const REDIS_AOF = /--appendonly(?:\s+|["'],\s?["'])yes\b/;
/** EventStoreDB's (KurrentDB's) in-memory database: `EVENTSTORE_MEM_DB=true` (`KURRENTDB_MEM_DB`), `MemDb: true`, `--mem-db`. */
const EVENTSTORE_MEM_DB = /\b(?:EVENTSTORE|KURRENTDB)_MEM_DB["']?\s*[:=]\s*["']?true\b|^\s*MemDb\s*:\s*true\b|--mem-db(?:[=\s]+true)?(?:$|[\s"',\]])/i;

/** The line (0-based, in `lines`) that keeps a store of `technology` in memory only, or -1. */
export function inMemoryLine(technology: string | undefined, lines: readonly string[]): number {
  const live = (l: string) => !/^\s*#/.test(l);
  if (technology === 'Memcached') return Math.max(0, lines.findIndex((l) => live(l) && /memcached/i.test(l)));
  if (technology === 'DynamoDB') return lines.findIndex((l) => live(l) && DYNAMODB_IN_MEMORY.test(l));
  if (technology === 'Redis' && !lines.some((l) => live(l) && REDIS_AOF.test(l))) return lines.findIndex((l) => live(l) && REDIS_NO_SAVE.test(l));
  if (technology === 'EventStoreDB') return lines.findIndex((l) => live(l) && EVENTSTORE_MEM_DB.test(l));
  return -1;
}

/** The line that says a store keeps nothing at rest: in its own blocks, else in its builds' Dockerfiles. */
export function inMemoryStore(node: SystemNode, map: Pick<MapFacts, 'edges' | 'node'>, fileLines: (uri: string) => FileLines): SystemSource | undefined {
  let found: SystemSource | undefined;
  for (const own of node.sources) {
    if (!own.uri.startsWith('file:')) continue;
    const block = fileLines(own.uri).block(own.range.start.line);
    const at = inMemoryLine(node.technology, block.lines);
    // One deployment that keeps its data on disk is enough for the asset to have something at rest.
    if (at < 0) {
      found = undefined;
      break;
    }
    found ??= sourceOfLine(own.uri, block.first + at, block.lines[at]);
  }
  if (found) return found;
  for (const id of buildIdsOf(node, map)) {
    const uri = map.node(id)?.sources.find((s) => s.uri.startsWith('file:'))?.uri;
    if (uri === undefined) continue;
    const lines = fileLines(uri).all.filter((l) => /^\s*(?:ENTRYPOINT|CMD)\b/i.test(l));
    const at = inMemoryLine(node.technology, lines);
    if (at >= 0) {
      const line = fileLines(uri).all.indexOf(lines[at]);
      return sourceOfLine(uri, line, lines[at]);
    }
  }
  return undefined;
}

/** Threagile's technology of a store's asset: kept in memory only, it has nothing at rest (`no_storage_at_rest`: no unencrypted-asset). */
export function storeTechnology(name: string, inMemory: SystemSource | undefined): Technology {
  const known = technology(name);
  return inMemory ? { name, attributes: { ...known.attributes, no_storage_at_rest: true } } : known;
}
