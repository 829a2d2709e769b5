/**
 * How a Kubernetes object's values become addresses of the system map: each value that is one (a URL, `host:port`, a connection
 * string), and a container's variables that say a host by their key (issue #79): `MYSQL_DB_HOST=mysqldb` with `MYSQL_DB_PORT=3306`
 * (Bookinfo's ratings-v2-mysql), `DB_SERVER` or `EventBusConnection` when a Service of the namespace answers the value.
 * Values that are addresses themselves are read by `addresses` below.
 */
import type { SystemBuilder, SystemSource } from '../features/system/contributor';
import { addressesIn, clusterName, hostPortPairs, isSingleLabel } from '../features/system/addresses';

/**
 * Each host a variable's key says, at its value's line (`at`: where the value is said, the env's or the ConfigMap's or
 * Secret's it is taken from). `answered`: whether a Service of the namespace answers a name. A host some value already
 * names as an address says no more alone.
 */
export function hostVariables(builder: SystemBuilder, from: string, variables: readonly { key: string; value: string; at: () => SystemSource }[], answered: (host: string) => boolean, scopes: readonly string[], namespaces: ReadonlySet<string>): void {
  const pairs = hostPortPairs(variables, answered);
  if (pairs.length === 0) return;
  const named = new Set(variables.flatMap((v) => addressesIn(v.value).map((a) => a.host)));
  for (const pair of pairs) {
    if (pair.port === undefined && named.has(pair.host)) continue;
    builder.address({
      from, host: pair.host, ...(pair.port !== undefined ? { port: pair.port } : {}), scopes, text: pair.text,
      source: (variables.find((v) => v.key === pair.key) ?? variables[0]).at(), internal: isSingleLabel(pair.host) || clusterName(pair.host, namespaces) !== undefined,
    });
  }
}

/**
 * The addresses of a value (`scopes`: where its hosts are looked up). `source`: where the value is said, asked only when the value
 * holds an address (most values hold none, and placing one walks the object's tree); so are the scopes. `oneShot`: the value is
 * configuration a one-shot workload shares with long-running ones (AddressReference.oneShot).
 */
export function addresses(builder: SystemBuilder, from: string, scopes: () => readonly string[], value: string, at: () => SystemSource, namespaces: ReadonlySet<string>, possible = false, edge?: { kind: string; label: string }, key?: string, oneShot?: SystemSource): void {
  const found = addressesIn(value);
  if (found.length === 0) return;
  const source = at();
  for (const address of found) {
    const internal = isSingleLabel(address.host) || clusterName(address.host, namespaces) !== undefined;
    builder.address({
      from, host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), ...(address.scheme ? { scheme: address.scheme } : {}), scopes: scopes(), text: address.text, source, internal,
      ...(possible ? { certainty: 'possible' as const } : {}), ...(key !== undefined ? { key } : {}), ...(edge ? { kind: edge.kind, label: edge.label, report: false } : {}), ...(oneShot ? { oneShot } : {}),
    });
  }
}
