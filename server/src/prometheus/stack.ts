import { PerGeneration } from '../workspace/perGeneration';
import type { ComposeFace, Json } from '../compose/api';
import { closestName } from '../common/suggest';
import type { WorkspaceIndex } from '../workspace/index';

/**
 * Across the stack, the Compose side: the Compose project a monitoring file belongs to (the Compose
 * files of its folder or of the nearest folder above that has some: `monitoring/prometheus.yml`
 * beside or below `docker-compose.yml`), and the host names and container ports its services answer
 * on the project's networks.
 */
export interface ComposeStack {
  /** The Compose files read (URIs), for messages. */
  files: readonly string[];
  /** Every name a container of the project answers on its networks → the service it names. */
  hosts: ReadonlyMap<string, string>;
  /** The container ports each service declares (`ports` container side, `expose`); absent when it declares none. */
  ports: ReadonlyMap<string, readonly PortRange[]>;
}

/** A container port or range (`9000-9010`). */
export interface PortRange {
  from: number;
  to: number;
}

function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The container side of a `ports` or `expose` entry: `5000`, `"8080:5000"`, `"127.0.0.1:80:5000/tcp"`, `"9000-9010"`, `{ target: 5000 }`. */
function containerPorts(entry: Json, short: 'ports' | 'expose'): PortRange | undefined {
  if (typeof entry === 'number') return { from: entry, to: entry };
  if (isRecord(entry)) {
    const target = typeof entry.target === 'number' ? entry.target : typeof entry.target === 'string' ? Number(entry.target) : NaN;
    return Number.isInteger(target) ? { from: target, to: target } : undefined;
  }
  if (typeof entry !== 'string') return undefined;
  const withoutProtocol = entry.replace(/\/[a-z]+$/i, '');
  const last = short === 'ports' ? withoutProtocol.slice(withoutProtocol.lastIndexOf(':') + 1) : withoutProtocol;
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(last);
  if (!match) return undefined;
  const from = Number(match[1]);
  return { from, to: match[2] !== undefined ? Number(match[2]) : from };
}

function readStack(files: readonly string[], index: WorkspaceIndex, compose: ComposeFace): ComposeStack | undefined {
  const hosts = new Map<string, string>();
  const ports = new Map<string, PortRange[]>();
  let services = 0;
  for (const uri of files) {
    const file = index.get(uri);
    if (!file || file.skipped) continue;
    for (const [name, service] of Object.entries(compose.servicesOf(compose.documentOf(file, undefined)))) {
      services++;
      hosts.set(name, name);
      if (!isRecord(service)) continue;
      if (typeof service.container_name === 'string') hosts.set(service.container_name, name);
      if (isRecord(service.networks)) {
        for (const network of Object.values(service.networks)) {
          if (isRecord(network) && Array.isArray(network.aliases)) for (const alias of network.aliases) if (typeof alias === 'string') hosts.set(alias, name);
        }
      }
      const declared = ports.get(name) ?? [];
      for (const key of ['ports', 'expose'] as const) {
        const list = service[key];
        if (Array.isArray(list)) for (const entry of list) {
          const range = containerPorts(entry, key);
          if (range) declared.push(range);
        }
      }
      if (declared.length > 0) ports.set(name, declared);
    }
    // `links: ["db:database"]` adds an alias other services of the project resolve too (legacy, still honoured).
    for (const service of Object.values(compose.servicesOf(compose.documentOf(file, undefined)))) {
      if (!isRecord(service) || !Array.isArray(service.links)) continue;
      for (const link of service.links) {
        if (typeof link !== 'string') continue;
        const [target, alias] = link.split(':');
        if (alias && hosts.has(target)) hosts.set(alias, hosts.get(target)!);
      }
    }
  }
  return services > 0 ? { files, hosts, ports } : undefined;
}

const cache = new PerGeneration<WorkspaceIndex, { byFolder: Map<string, ComposeStack | undefined>; composeByFolder: Map<string, string[]> }>();

/**
 * The Compose project of the monitoring file `uri`: its folder's Compose files, or the nearest folder above with some.
 * `compose` is the Compose family's face (Family.faces), when the run has that family: a run without it has no Compose
 * file to read, and evaluates no Compose code (issue #68).
 */
export function composeStackOf(uri: string, index: WorkspaceIndex, compose: ComposeFace | undefined, composeGlobs: readonly string[] = []): ComposeStack | undefined {
  if (!compose) return undefined;
  const cached = cache.get(index, index.generation, [compose], () => {
    const composeByFolder = new Map<string, string[]>();
    for (const file of index.files()) {
      if (file.skipped || !file.isYaml || !compose.isComposeFile(file, composeGlobs)) continue;
      const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
      composeByFolder.set(folder, [...(composeByFolder.get(folder) ?? []), file.uri]);
    }
    return { byFolder: new Map<string, ComposeStack | undefined>(), composeByFolder };
  });
  let folder = uri.slice(0, uri.lastIndexOf('/'));
  const start = folder;
  if (cached.byFolder.has(start)) return cached.byFolder.get(start);
  let stack: ComposeStack | undefined;
  while (folder.includes('/')) {
    const files = cached.composeByFolder.get(folder);
    if (files) {
      stack = readStack([...files].sort(), index, compose);
      break;
    }
    const parent = folder.slice(0, folder.lastIndexOf('/'));
    if (parent === folder || parent.endsWith(':/') || parent.endsWith(':')) break;
    folder = parent;
  }
  cached.byFolder.set(start, stack);
  return stack;
}

/** A host the Compose check reads: one DNS label, not localhost, not an IP, no variable. */
function composeHost(host: string): boolean {
  return /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/i.test(host) && !/^\d+$/.test(host) && host.toLowerCase() !== 'localhost';
}

export type StackProblem = { kind: 'host'; host: string; file: string; suggestion?: string } | { kind: 'port'; host: string; service: string; port: number; ports: string };

/**
 * What is wrong with `host[:port]` in a Compose project: a single-label host that no service,
 * container name, alias or link answers, or a port the service declares nowhere among its ports
 * and `expose` (only when it declares some: containers reach each other on any port).
 */
export function composeTargetProblem(host: string, port: number | undefined, stack: ComposeStack | undefined): StackProblem | undefined {
  if (!stack || !composeHost(host)) return undefined;
  const service = stack.hosts.get(host);
  const file = stack.files[0].slice(stack.files[0].lastIndexOf('/') + 1);
  if (!service) {
    const suggestion = closestName(host, [...stack.hosts.keys()]);
    return { kind: 'host', host, file, ...(suggestion ? { suggestion } : {}) };
  }
  const declared = stack.ports.get(service);
  if (port === undefined || !declared || declared.some((r) => port >= r.from && port <= r.to)) return undefined;
  return { kind: 'port', host, service, port, ports: declared.map((r) => (r.from === r.to ? String(r.from) : `${r.from}-${r.to}`)).join(', ') };
}

/** `host:port` of a static target (IPv6 in brackets is never a Compose name). */
export function splitTarget(address: string): { host: string; port?: number } {
  const match = /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(address);
  if (!match) return { host: '' };
  return { host: match[1], ...(match[2] !== undefined ? { port: Number(match[2]) } : {}) };
}
