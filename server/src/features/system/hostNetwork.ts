/**
 * Host networking (issue #95): a program on its host's network (Compose's `network_mode: host`) reaching `localhost:<port>`
 * reaches whatever listens on the host's port — a service of its project on the host's network too (its ports are the
 * host's) or one publishing that port. The deploying family says who listens there (compose/system.ts declares the answers
 * with hostPeers); whoever reads a component's addresses (its Compose environment, its application configuration) asks
 * through hostNetworkScope. One place, so that both read `localhost` alike.
 */

/** The name a loopback address is looked up under (`127.0.0.1`, `::1` too). */
export const LOOPBACK_HOST = 'localhost';

/** Where `localhost:<port>` is looked up for a component of the project `scope` running on the host's network. */
export function hostNetworkScope(scope: string, port: number): string {
  return `${scope}#host:${port}`;
}

/** A service of a project as the host sees it: its ports when it runs on the host's network, the host ports it publishes. */
export interface HostListener {
  name: string;
  ports: readonly number[];
  published: readonly number[];
  hostMode: boolean;
}

/** Each host port one service of the project listens on (by name: a service said in two Compose files is one); a port two take says none. */
export function hostPeers(listeners: readonly HostListener[]): Map<number, string> {
  const byPort = new Map<number, Set<string>>();
  for (const listener of listeners) {
    for (const port of listener.hostMode ? [...listener.ports, ...listener.published] : listener.published) {
      const names = byPort.get(port) ?? new Set<string>();
      byPort.set(port, names.add(listener.name));
    }
  }
  const peers = new Map<number, string>();
  for (const [port, names] of byPort) if (names.size === 1) peers.set(port, [...names][0]);
  return peers;
}
