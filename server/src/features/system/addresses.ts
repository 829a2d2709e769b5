/**
 * Addresses in a value of a component's environment or configuration: URLs (`postgres://db:5432/app`,
 * `http://api:5000/v1`) and `host:port` pairs (`productcatalogservice:3550`, a comma-separated broker
 * list). Only what names a host other than this machine is kept: `localhost`, loopback and wildcard
 * IPs, and anything holding a variable (`${HOST}`, `$(SVC)`) say nothing about the system's shape.
 */

export interface WrittenAddress {
  host: string;
  port?: number;
  scheme?: string;
  /** The address as written. */
  text: string;
  /** Its offsets in the value. */
  start: number;
  end: number;
}

const url = /([a-z][a-z0-9+.-]{1,15}):\/\/(?:[^@/\s,;]*@)?(\[[^\]]*\]|[^/:\s,;?#@]+)(?::(\d{1,5}))?/gi;
const pair = /(?:^|[\s,;=])([A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})(?=$|[\s,;/])/g;

/** Whether a host names another machine: a DNS name with a letter, not this one. */
export function isRemoteHost(host: string): boolean {
  const folded = host.toLowerCase();
  if (folded === 'localhost' || folded.endsWith('.localhost') || folded === 'host.docker.internal') return false;
  if (/^\d+(\.\d+){3}$/.test(folded) || folded.startsWith('[')) return false;
  return /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(folded) && /[a-z]/.test(folded);
}

/** Schemes that name files or things that are not network peers. */
const notNetwork = new Set(['file', 'jdbc', 'data', 'mailto', 'sqlite', 'unix', 'npipe']);

/** The addresses a value names, in order. */
export function addressesIn(value: string): WrittenAddress[] {
  if (value.length > 4096 || value.includes('${') || value.includes('$(')) return [];
  // Each address holds a colon (a URL's `://`, a pair's `:port`): most values (names, passwords, flags) hold none,
  // and were searched by both expressions (a clone of each per value: matchAll), 3 % of a Compose file's check (#68).
  const colon = value.indexOf(':');
  if (colon === -1) return [];
  const found: WrittenAddress[] = [];
  const taken: [number, number][] = [];
  for (const match of value.includes('://', colon) ? value.matchAll(url) : []) {
    const scheme = match[1].toLowerCase();
    const start = match.index;
    const end = start + match[0].length;
    taken.push([start, end]);
    if (notNetwork.has(scheme) || !isRemoteHost(match[2])) continue;
    found.push({ host: match[2].toLowerCase(), ...(match[3] !== undefined ? { port: Number(match[3]) } : {}), scheme, text: match[0], start, end });
  }
  for (const match of value.matchAll(pair)) {
    const start = match.index + match[0].indexOf(match[1]);
    const end = start + match[1].length + 1 + match[2].length;
    if (taken.some(([a, b]) => start < b && end > a)) continue;
    // A time (`10:30`), a ratio or a version (`1.2:3`) has no letter: isRemoteHost refuses it.
    if (!isRemoteHost(match[1]) || Number(match[2]) > 65535) continue;
    found.push({ host: match[1].toLowerCase(), port: Number(match[2]), text: value.slice(start, end), start, end });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Whether a host is one DNS label (`db`, `cartservice`): a name the Compose project or the namespace must answer. */
export function isSingleLabel(host: string): boolean {
  return !host.includes('.');
}

/**
 * A Kubernetes Service's cluster DNS name (`svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`): the
 * Service and its namespace; `svc.ns` only when `namespaces` knows ns (otherwise any two-label host).
 */
export function clusterName(host: string, namespaces: ReadonlySet<string>): { service: string; namespace: string } | undefined {
  const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.svc(\.cluster\.local)?)?$/.exec(host);
  if (!match) return undefined;
  if (match[5] === undefined && !namespaces.has(match[3])) return undefined;
  return { service: match[1], namespace: match[3] };
}

/** Where a monitoring file's targets are looked up: the Compose project of its folder or the nearest above, then the cluster. */
export function stackScopes(uri: string): string[] {
  const scopes: string[] = [];
  for (let folder = uri.slice(0, uri.lastIndexOf('/')); folder.includes('/') && !folder.endsWith(':/') && !folder.endsWith('//'); folder = folder.slice(0, folder.lastIndexOf('/'))) {
    scopes.push(`compose:${folder}`);
  }
  return [...scopes, 'k8s', 'k8s:*'];
}
