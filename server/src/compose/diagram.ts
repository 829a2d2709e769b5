/**
 * The Compose stacks of the workspace (or of a folder) as a Mermaid flowchart: one group per
 * project (a folder's Compose files together), each service with its image or build and its
 * published ports, `depends_on` edges (labelled with their condition), the networks services join
 * and the named volumes they mount. What the checks report is drawn red and dashed: a dependency on a
 * service no file of the project defines (compose-undefined-service), a host port two services
 * publish (compose-port-conflict), a network or volume no top-level section declares
 * (compose-undeclared-resource).
 */
import { composeDocumentOf, servicesOf } from './project';
import { isComposeFile } from './files';
import type { Json } from './model';
import type { DiagramDrawer } from '../features/diagram/drawer';
import type { DiagramResult } from '../protocol/diagrams';
import type { WorkspaceIndex } from '../workspace/index';
import { BROKEN_COLOUR, Flowchart } from '../features/diagram/flowchart';
import { inScopes, scopeSuffix } from '../features/diagram/scope';
import { t } from '../l10n/t';

function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The host ports a service publishes, as written (`8080:80`, `5000`, `127.0.0.1:9090:9090/udp`). */
function portsOf(service: { [key: string]: Json }): string[] {
  if (!Array.isArray(service.ports)) return [];
  return service.ports.map((p) => (isRecord(p) ? `${String(p.published ?? '')}:${String(p.target ?? '')}` : String(p)));
}

function dependencies(service: { [key: string]: Json }): { name: string; condition?: string }[] {
  const value = service.depends_on;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((name) => ({ name }));
  if (isRecord(value)) return Object.entries(value).map(([name, spec]) => ({ name, condition: isRecord(spec) && typeof spec.condition === 'string' ? spec.condition : undefined }));
  return [];
}

function networksOf(service: { [key: string]: Json }): string[] {
  const value = service.networks;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return isRecord(value) ? Object.keys(value) : [];
}

/** The secrets a service reads (`- token`, `- source: token`). */
function secretsOf(service: { [key: string]: Json }): string[] {
  if (!Array.isArray(service.secrets)) return [];
  return service.secrets.flatMap((s) => (typeof s === 'string' ? [s] : isRecord(s) && typeof s.source === 'string' ? [s.source] : [])).filter((name) => !name.includes('$'));
}

function namedVolumes(service: { [key: string]: Json }): string[] {
  if (!Array.isArray(service.volumes)) return [];
  return service.volumes.flatMap((v) => {
    const source = typeof v === 'string' ? (v.includes(':') ? v.split(':')[0] : undefined) : isRecord(v) && v.type !== 'bind' && typeof v.source === 'string' ? v.source : undefined;
    return source && /^[a-zA-Z0-9][\w.-]*$/.test(source) ? [source] : [];
  });
}

/** The host port a `ports` entry publishes (`ip:host:container/proto`, `host:container`), if it names one. */
function hostPort(entry: string): string | undefined {
  const [spec, proto = 'tcp'] = entry.split('/');
  const parts = spec.split(':');
  if (parts.length < 2 || parts[parts.length - 2] === '' || spec.includes('$')) return undefined;
  const ip = parts.length > 2 ? parts.slice(0, -2).join(':') : '';
  return `${ip && ip !== '0.0.0.0' ? `${ip}:` : ''}${parts[parts.length - 2]}/${proto}`;
}

export function composeDiagram(index: WorkspaceIndex, scopes: readonly string[] = []): DiagramResult {
  const chart = new Flowchart('LR');
  chart.classDef('missing', { stroke: BROKEN_COLOUR, 'stroke-width': '2px', 'stroke-dasharray': '6 4', color: BROKEN_COLOUR });
  const byFolder = new Map<string, string[]>();
  for (const file of index.files()) {
    if (!isComposeFile(file) || file.skipped || !inScopes(file.uri, scopes)) continue;
    const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file.uri]);
  }
  let services = 0;
  let broken = 0;
  const folders = [...byFolder.keys()].sort();
  folders.forEach((folder, projectIndex) => {
    const prefix = `p${projectIndex + 1}`;
    // Compose's order: the main file, its override, then the other files of the folder.
    const order = (uri: string) => (/\/(docker-)?compose\.ya?ml$/i.test(uri) ? 0 : /\.override\.ya?ml$/i.test(uri) ? 1 : 2);
    const documents = byFolder.get(folder)!.sort((a, b) => order(a) - order(b) || a.localeCompare(b)).map((uri) => composeDocumentOf(index.get(uri)!, undefined));
    const names = documents.map((d) => d.value?.name).filter((n): n is string => typeof n === 'string');
    const project = names[0] ?? decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1));
    const group = { id: prefix, label: t('Compose project {0}', project) };
    const ids = new Map<string, string>();
    const merged = new Map<string, { [key: string]: Json }>();
    const where = new Map<string, { uri: string; start: number; end: number; offset: number }>();
    for (const document of documents) {
      for (const [name, service] of Object.entries(servicesOf(document))) {
        if (!isRecord(service)) continue;
        const before = merged.get(name) ?? {};
        // Later files override a service's keys, but add to its ports (as Compose merges them).
        const ports = [...(Array.isArray(before.ports) ? before.ports : []), ...(Array.isArray(service.ports) ? service.ports : [])];
        merged.set(name, { ...before, ...service, ...(ports.length > 0 ? { ports } : {}) });
        const key = document.tree?.pairs?.find((p) => p.key === 'services')?.value?.pairs?.find((p) => p.key === name)?.keyNode;
        if (key && !where.has(name)) where.set(name, { uri: document.uri, start: key.start, end: key.end, offset: document.offset });
      }
    }
    // Host ports published by more than one service of the project: drawn as defects.
    const publishers = new Map<string, string[]>();
    for (const [name, service] of merged) for (const port of portsOf(service).map(hostPort)) if (port) publishers.set(port, [...new Set([...(publishers.get(port) ?? []), name])]);
    const declared = { network: new Set<string>(['default']), volume: new Set<string>(), secret: new Set<string>() };
    for (const document of documents) {
      for (const [kind, key] of [['network', 'networks'], ['volume', 'volumes'], ['secret', 'secrets']] as const) {
        const section = document.value?.[key];
        if (isRecord(section)) for (const name of Object.keys(section)) declared[kind].add(name);
      }
    }
    for (const [name, service] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
      const id = `${prefix}s${ids.size + 1}`;
      ids.set(name, id);
      const image = typeof service.image === 'string' ? service.image : service.build !== undefined ? t('built here') : '';
      const ports = portsOf(service);
      const source = where.get(name);
      const file = source ? index.get(source.uri) : undefined;
      const clashes = ports.map(hostPort).filter((port): port is string => port !== undefined && (publishers.get(port)?.length ?? 0) > 1);
      const clash = clashes.length > 0 ? [t('port {0} also published by {1}', clashes[0].replace(/\/tcp$/, ''), publishers.get(clashes[0])!.filter((n) => n !== name).join(', '))] : [];
      if (clashes.length > 0) broken++;
      chart.node(id, [name, ...(image ? [image] : []), ...(ports.length > 0 ? [t('ports {0}', ports.join(', '))] : []), ...clash], {
        shape: 'rect',
        group,
        ...(clashes.length > 0 ? { classes: ['missing'] } : {}),
        source: source && file ? { uri: source.uri, range: file.lines.range(source.offset + source.start, source.offset + source.end) } : undefined,
      });
      services++;
    }
    const extra = new Map<string, string>();
    const label = { network: (name: string) => t('network {0}', name), volume: (name: string) => t('volume {0}', name), secret: (name: string) => t('secret {0}', name) };
    const shape = { network: 'hexagon', volume: 'cylinder', secret: 'rect' } as const;
    const resource = (kind: 'network' | 'volume' | 'secret' | 'missing', name: string): string => {
      const key = `${kind}/${name}`;
      let id = extra.get(key);
      if (!id) {
        // A letter per kind, apart from the services' `s`.
        id = `${prefix}${{ network: 'n', volume: 'v', secret: 'k', missing: 'm' }[kind]}${extra.size + 1}`;
        extra.set(key, id);
        if (kind === 'missing') chart.node(id, [name, t('not defined')], { shape: 'rect', classes: ['missing'], group });
        else if (!declared[kind].has(name)) {
          chart.node(id, [label[kind](name), t('not declared')], { shape: shape[kind], classes: ['missing'], group });
          broken++;
        } else chart.node(id, [label[kind](name)], { shape: shape[kind], group });
      }
      return id;
    };
    for (const [name, service] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
      const from = ids.get(name)!;
      for (const dependency of dependencies(service)) {
        const to = ids.get(dependency.name);
        const label = dependency.condition === 'service_healthy' ? t('waits healthy') : dependency.condition === 'service_completed_successfully' ? t('waits completed') : t('depends on');
        if (to) chart.edge(from, to, label);
        else {
          chart.edge(from, resource('missing', dependency.name), label, 'broken');
          broken++;
        }
      }
      for (const network of networksOf(service)) chart.edge(from, resource('network', network), undefined, declared.network.has(network) ? 'dashed' : 'broken');
      for (const volume of namedVolumes(service)) chart.edge(from, resource('volume', volume), t('mounts'), declared.volume.has(volume) ? undefined : 'broken');
      for (const secret of secretsOf(service)) chart.edge(from, resource('secret', secret), t('reads'), declared.secret.has(secret) ? 'dashed' : 'broken');
    }
  });
  const where = scopeSuffix(scopes);
  return chart.result('compose', t('Compose stack{0}', where), broken, services === 0 ? (where ? t('No Compose service{0}.', where) : t('No Compose service in the workspace.')) : undefined);
}

/** `archipel diagram compose`, the stacks of the diagram panel. */
export const composeDrawer: DiagramDrawer = { kind: 'compose', summary: 'the Docker Compose stacks (services, ports, depends_on, networks, volumes)', draw: (index, _settings, scopes) => composeDiagram(index, scopes) };
