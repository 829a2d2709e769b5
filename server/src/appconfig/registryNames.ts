/**
 * Calls made by a logical name a registry or an orchestrator resolves (issue #95), as .NET's gateways and clients write them:
 * - Ocelot's routes (`ocelot.json`, `ocelot.<env>.json`): a route's `ServiceName` is the service its discovery provider (Eureka,
 *   Consul, Kubernetes) knows under that name; a route without one names its `DownstreamHostAndPorts`;
 * - Steeltoe's registration (`appsettings.json`'s `spring:application:name`, overridden by `eureka:instance:appName` or
 *   `consul:discovery:serviceName`), or a Consul client's own section (`"ConsulOptions": { "ServiceName": "UsersService" }`,
 *   `"Consul": { "ServiceName": … }`, as an application registering itself with Consul's agent writes it): the name the
 *   application registers under, which those routes and a `DiscoveryHttpClientHandler` client's `http://PricingService/…` name.
 * Pure: a text in, what it writes out; whom a name reaches is the contributor's (system.ts: a registered name answers as the
 * component's own). Bounded: the caller reads no file past MAX_READ_BYTES, and the tree walk is iterative.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { isRemoteHost } from '../features/system/addresses';
import type { WrittenCall } from './writtenCall';

/** A name a registry holds: letters, digits, dots, dashes and underscores (Eureka's app names, Consul's and Kubernetes' service names). */
const serviceName = /^[A-Za-z][\w.-]{0,62}$/;

function tree(text: string): Node | undefined {
  return parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
}

/** A property of an object node by its name, case-insensitive as .NET's configuration keys are. */
function property(node: Node | undefined, name: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  const lower = name.toLowerCase();
  for (const pair of node.children ?? []) {
    const [key, value] = pair.children ?? [];
    if (typeof key?.value === 'string' && key.value.toLowerCase() === lower) return value;
  }
  return undefined;
}

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** The call a string node names (its span inside the quotes). */
function callAt(node: Node, host: string, extra: Partial<WrittenCall>): WrittenCall {
  const text = String(node.value);
  return { host: host.toLowerCase(), text, start: node.offset + 1, end: node.offset + 1 + text.length, evidence: 'config', ...extra };
}

/** The calls of an Ocelot configuration's routes (`Routes`, `ReRoutes` before Ocelot 16). */
export function ocelotCalls(text: string): WrittenCall[] {
  const root = tree(text);
  const routes = property(root, 'Routes') ?? property(root, 'ReRoutes');
  const calls: WrittenCall[] = [];
  for (const route of routes?.type === 'array' ? routes.children ?? [] : []) {
    const written = stringValue(property(route, 'DownstreamScheme'))?.toLowerCase();
    const scheme = written && /^[a-z][a-z0-9+.-]{0,31}$/.test(written) ? written : 'http';
    const name = property(route, 'ServiceName');
    const named = stringValue(name);
    // By name: its provider's, a call only to a component of the map registered (or deployed) under it.
    if (name && named !== undefined && serviceName.test(named)) {
      calls.push(callAt(name, named, { scheme, onlyKnown: true }));
      continue;
    }
    const targets = property(route, 'DownstreamHostAndPorts');
    for (const target of targets?.type === 'array' ? targets.children ?? [] : []) {
      const hostNode = property(target, 'Host');
      const host = stringValue(hostNode);
      if (!hostNode || host === undefined || !isRemoteHost(host)) continue;
      const port: unknown = property(target, 'Port')?.value;
      const valid = typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535;
      calls.push(callAt(hostNode, host, { scheme, ...(valid ? { port } : {}) }));
    }
  }
  return calls;
}

/**
 * The paths (lower case, `:`-joined as .NET's configuration flattens them) naming the service id, the most specific first;
 * `consul*` stands for a top-level section named after Consul (`ConsulOptions`, `ConsulConfig`), the application's own client settings.
 */
const registeredPaths = ['eureka:instance:appname', 'consul:discovery:servicename', 'consul:servicename', 'consul*:servicename', 'spring:application:name'];

/** A top-level section's key as the paths write it: `ConsulOptions` is `consul*`. */
function sectionKey(key: string): string {
  const lower = key.toLowerCase();
  return lower !== 'consul' && /^consul[a-z]{1,30}$/.test(lower) ? 'consul*' : lower;
}

/** The name a .NET application registers under with a registry (Steeltoe's discovery client, Consul's), from one of its `appsettings*.json`. */
export function registeredServiceName(text: string): string | undefined {
  if (!/"(?:spring|eureka|consul)/i.test(text)) return undefined;
  const root = tree(text);
  if (!root) return undefined;
  const found = new Map<string, string>();
  // Iterative, three levels at most: the paths searched are that deep.
  const stack: { node: Node; path: string }[] = [{ node: root, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.type !== 'object') continue;
    for (const pair of node.children ?? []) {
      const [key, value] = pair.children ?? [];
      if (typeof key?.value !== 'string' || !value) continue;
      const full = path === '' ? sectionKey(key.value) : `${path}:${key.value.toLowerCase()}`;
      const named = stringValue(value);
      if (named !== undefined && registeredPaths.includes(full) && serviceName.test(named)) found.set(full, named.toLowerCase());
      else if (value.type === 'object' && full.split(':').length < 3 && registeredPaths.some((wanted) => wanted.startsWith(`${full}:`))) stack.push({ node: value, path: full });
    }
  }
  return registeredPaths.map((wanted) => found.get(wanted)).find((name) => name !== undefined);
}
