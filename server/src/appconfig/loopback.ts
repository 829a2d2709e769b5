/**
 * A configuration's `localhost:<port>` (issue #95: `${KAFKA_HOST:localhost}:9092` in a Micronaut `application.yml`): for a
 * program on its host's network, the peer listening on the host's port, looked up as the Compose environment's
 * (features/system/hostNetwork.ts); for any other program its own container, no call. A default the program's environment
 * replaces (its Dockerfile's `ENV KAFKA_HOST=…`) is no address of it either. And the other way: a program on its host's network
 * listening on the port its configuration gives (`micronaut.server.port: ${SERVICE_PORT:8081}`) answers its neighbours' `localhost:8081`.
 */
import type { SystemBuilder, SystemNode, SystemSource } from '../features/system/contributor';
import { hostNetworkScope, LOOPBACK_HOST } from '../features/system/hostNetwork';
import type { AppConfigReading } from './readers';
import type { WrittenCall } from './writtenCall';

/** A component's project when it runs on its host's network and its environment sets none of the variables a default stood for. */
function hostScope(owner: SystemNode, defaulted: readonly string[], scopeOf: (node: SystemNode) => string | undefined, environmentOf: (node: SystemNode) => ReadonlyMap<string, string>): string | undefined {
  const scope = scopeOf(owner);
  return owner.network === 'host' && scope !== undefined && !defaulted.some((name) => environmentOf(owner).has(name)) ? scope : undefined;
}

/**
 * The components on their host's network that listen where their configuration says, each answering `localhost:<port>` in
 * its project — when no other component of the project says the same port (what the deploying family declared answers first).
 */
export function declareHostListeners(
  builder: SystemBuilder, read: readonly { owners: readonly SystemNode[]; reading: AppConfigReading }[],
  scopeOf: (node: SystemNode) => string | undefined, environmentOf: (node: SystemNode) => ReadonlyMap<string, string>,
): void {
  const listeners = new Map<string, { scope: string; port: number; nodes: Set<SystemNode> }>();
  for (const { owners, reading } of read) {
    const listens = reading.listens;
    if (!listens) continue;
    for (const owner of owners) {
      const scope = hostScope(owner, listens.defaulted, scopeOf, environmentOf);
      if (scope === undefined) continue;
      const key = hostNetworkScope(scope, listens.port);
      const entry = listeners.get(key) ?? { scope, port: listens.port, nodes: new Set<SystemNode>() };
      listeners.set(key, entry.nodes.add(owner) && entry);
    }
  }
  for (const [key, { nodes }] of listeners) if (nodes.size === 1) builder.answers([...nodes][0].id, key, [LOOPBACK_HOST]);
}

export function addLoopbackCall(
  builder: SystemBuilder, owners: readonly SystemNode[], call: WrittenCall, source: SystemSource,
  scopeOf: (node: SystemNode) => string | undefined, environmentOf: (node: SystemNode) => ReadonlyMap<string, string>,
): void {
  const { port, loopback } = call;
  if (port === undefined || !loopback) return;
  for (const owner of owners) {
    const scope = hostScope(owner, loopback.defaulted, scopeOf, environmentOf);
    if (scope === undefined) continue;
    builder.address({
      from: owner.id, host: LOOPBACK_HOST, port, ...(call.scheme ? { scheme: call.scheme } : {}), scopes: [hostNetworkScope(scope, port)], text: call.text, source,
      // Nothing listening there is no finding: a program's own port, or a process the files do not deploy.
      internal: true, report: false, ...(call.evidence === 'code' ? { certainty: 'code' as const } : {}),
    });
  }
}
