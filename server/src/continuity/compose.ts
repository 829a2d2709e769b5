/**
 * The Compose services' continuity beyond their replicas (issue #97): a broker configured with a replication factor of
 * 1 in its `environment` (KAFKA_DEFAULT_REPLICATION_FACTOR, KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR, …; as a map or as
 * `NAME=value` items), as kubernetes.ts reads a container's `env`. Read from the index's parse of the Compose file (its
 * value and source tree): nothing is parsed again.
 */
import { t } from '../l10n/t';
import { pairOf, spanOf, type SourceNode } from '../yaml/tree';
import type { WorkspaceIndex } from '../workspace/index';
import type { Gap } from './model';
import { continuityRules as r } from './rules';

const FACTOR = /REPLICATION_FACTOR$/i;
const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** The replication factors of 1 a Compose service's environment sets, each at its value's place. */
export function composeBrokerGaps(index: WorkspaceIndex, node: { id: string; name: string; uri: string }, gap: (g: Gap) => void): void {
  const file = index.get(node.uri);
  const chunk = file && !file.skipped ? file.yaml?.chunks[0] : undefined;
  if (!chunk) return;
  // The service's key is the id's last part (`compose:<project>:<service>`); its name on the map may carry a suffix.
  const service = node.id.slice(node.id.lastIndexOf(':') + 1);
  const environment = record(record(record(chunk.chunk.value)?.services)?.[service])?.environment;
  const tree = chunk.chunk.tree as SourceNode | null | undefined;
  const envNode = pairOf(pairOf(pairOf(tree, 'services')?.value, service)?.value, 'environment')?.value;
  const raise = (name: string, at: SourceNode | null | undefined) => {
    const [start, end] = spanOf(at) ?? spanOf(envNode) ?? [0, 0];
    gap({ rule: r.unreplicatedBroker.id, node: node.id, uri: node.uri, start: chunk.offset + start, end: chunk.offset + end, message: t('{0} is set to 1 in {1}: the messages live on one broker and are lost with it. Set it to 3 with 3 brokers.', name, node.name) });
  };
  const map = record(environment);
  if (map) {
    for (const [name, value] of Object.entries(map)) if (FACTOR.test(name) && String(value).trim() === '1') raise(name, pairOf(envNode, name)?.value);
    return;
  }
  if (!Array.isArray(environment)) return;
  const items = envNode?.items ?? [];
  environment.forEach((item, i) => {
    if (typeof item !== 'string') return;
    const equals = item.indexOf('=');
    if (equals < 0) return;
    const name = item.slice(0, equals).trim();
    if (FACTOR.test(name) && item.slice(equals + 1).trim() === '1') raise(name, items[i]);
  });
}
