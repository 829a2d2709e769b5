/**
 * Compose file format version 1 (issue #95): no `services:` key, each service at the top level (`web: {build: ., links:
 * [db]}`), no `version:` (or `version: '1'`). Docker Compose v1 read it; the Compose Specification, which Docker Compose
 * v2 implements, merged the 2.x and 3.x formats only, so v2 refuses such a file. Archipel reads it as the same services
 * under `services:` (one reader: model.ts), checks it with the keys only version 1 had, and says that v2 refuses it.
 */
import type { SourceNode } from '../yaml/tree';

/** A service's keys that only version 1 had (docker/compose v1's config/fields_schema_v1.json beside the specification's). */
export const VERSION_1_ONLY_KEYS: readonly string[] = ['dockerfile', 'log_driver', 'log_opt', 'net'];

function isRecord(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a top-level value is a version 1 file: no `services`, no `version` other than 1, every other key a service that runs something. */
export function isVersion1(raw: unknown): raw is { [key: string]: unknown } {
  if (!isRecord(raw) || 'services' in raw) return false;
  if (raw.version !== undefined && String(raw.version) !== '1') return false;
  const names = Object.keys(raw).filter((key) => key !== 'version');
  return names.length > 0 && names.every((name) => {
    const service = raw[name];
    return isRecord(service) && ((typeof service.image === 'string' && service.image !== '') || service.build !== undefined || isRecord(service.extends) || typeof service.extends === 'string');
  });
}

interface Read {
  raw: unknown;
  tree: SourceNode | null;
  version1?: true;
}

/** The reading of each version 1 value, kept so that each reading of one text gives the same objects (model.ts compares them). */
const kept = new WeakMap<object, { raw: { [key: string]: unknown }; trees: WeakMap<SourceNode, SourceNode> }>();

/**
 * A file's value and spans as Compose Specification reads them: a version 1 file's services moved under a `services` key
 * whose value is the file's top-level mapping (its spans unchanged; the key has none), the `version` key left at the top.
 */
export function asVersion2(raw: unknown, tree: SourceNode | null): Read {
  if (!isVersion1(raw)) return { raw, tree };
  let entry = kept.get(raw);
  if (!entry) {
    const { version, ...services } = raw;
    entry = { raw: { ...(version !== undefined ? { version } : {}), services }, trees: new WeakMap() };
    kept.set(raw, entry);
  }
  if (tree?.kind !== 'map') return { raw: entry.raw, tree, version1: true };
  let wrapped = entry.trees.get(tree);
  if (!wrapped) {
    const pairs = tree.pairs ?? [];
    const version = pairs.filter((pair) => pair.key === 'version');
    const services: SourceNode = { kind: 'map', start: tree.start, end: tree.end, pairs: pairs.filter((pair) => pair.key !== 'version') };
    wrapped = { kind: 'map', start: tree.start, end: tree.end, pairs: [...version, { key: 'services', keyNode: null, value: services }] };
    entry.trees.set(tree, wrapped);
  }
  return { raw: entry.raw, tree: wrapped, version1: true };
}
