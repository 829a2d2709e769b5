/**
 * A configuration's `localhost:<port>` (issue #95: `${KAFKA_HOST:localhost}:9092` in a Micronaut `application.yml`): for a
 * program on its host's network, the peer listening on the host's port, looked up as the Compose environment's
 * (features/system/hostNetwork.ts); for any other program its own container, no call. A default the program's environment
 * replaces (its Dockerfile's `ENV KAFKA_HOST=…`) is no address of it either.
 */
import type { SystemBuilder, SystemNode, SystemSource } from '../features/system/contributor';
import { hostNetworkScope, LOOPBACK_HOST } from '../features/system/hostNetwork';
import type { WrittenCall } from './readers';

export function addLoopbackCall(
  builder: SystemBuilder, owners: readonly SystemNode[], call: WrittenCall, source: SystemSource,
  scopeOf: (node: SystemNode) => string | undefined, environmentOf: (node: SystemNode) => ReadonlyMap<string, string>,
): void {
  const { port, loopback } = call;
  if (port === undefined || !loopback) return;
  for (const owner of owners) {
    const scope = scopeOf(owner);
    if (owner.network !== 'host' || scope === undefined) continue;
    if (loopback.defaulted.some((name) => environmentOf(owner).has(name))) continue;
    builder.address({
      from: owner.id, host: LOOPBACK_HOST, port, ...(call.scheme ? { scheme: call.scheme } : {}), scopes: [hostNetworkScope(scope, port)], text: call.text, source,
      // Nothing listening there is no finding: a program's own port, or a process the files do not deploy.
      internal: true, report: false, ...(call.evidence === 'code' ? { certainty: 'code' as const } : {}),
    });
  }
}
