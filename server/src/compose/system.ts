/**
 * The Compose family's part of the system map: each project (a folder's Compose files) is an
 * environment; each service a component answering its name, container name and aliases in the
 * project, with the image it runs (built from its Dockerfile by `build:`), its `depends_on`, the
 * addresses its environment names and the ports it publishes to the host's users.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemBuilder, SystemContributor, SystemSource } from '../features/system/contributor';
import { addressesIn, isSingleLabel } from '../features/system/addresses';
import { imageRepository } from '../features/system/images';
import { fileLabel, sourceOfNode } from '../features/system/source';
import { technologyOfImage } from '../features/system/technology';
import type { IndexedFile } from '../workspace/index';
import { pairOf, type SourceNode } from '../yaml/tree';
import { isComposeFile, type ComposeDocument, type Json } from './model';
import { composeDocumentOf, servicesOf } from './project';

type Service = { [key: string]: Json };

/** The technology of an image Compose builds and tags `<project>-<service>` itself (no `image:`). */
export const LOCAL_IMAGE = 'image Compose builds for this machine';

function isRecord(value: unknown): value is Service {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Container ports: the container side of `ports`, and `expose`. */
function servedPorts(service: Service): number[] {
  const out = new Set<number>();
  for (const key of ['ports', 'expose'] as const) {
    const list = service[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry === 'number') out.add(entry);
      else if (isRecord(entry) && /^\d+$/.test(String(entry.target ?? ''))) out.add(Number(entry.target));
      else if (typeof entry === 'string') {
        const spec = entry.replace(/\/[a-z]+$/i, '');
        const target = key === 'ports' ? spec.slice(spec.lastIndexOf(':') + 1) : spec;
        const range = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(target);
        // A range adds its ends only: a long range would list thousands of ports.
        if (range) for (const port of [range[1], range[2]]) if (port !== undefined) out.add(Number(port));
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The host side of each published port (`"8080:80"` → 8080 → 80), with its index in `ports`. */
function publishedPorts(service: Service): { host: number; target: number; index: number }[] {
  if (!Array.isArray(service.ports)) return [];
  return service.ports.flatMap((entry, index) => {
    if (isRecord(entry)) return /^\d+$/.test(String(entry.published ?? '')) && /^\d+$/.test(String(entry.target ?? '')) ? [{ host: Number(entry.published), target: Number(entry.target), index }] : [];
    const parts = String(entry).replace(/\/[a-z]+$/i, '').split(':');
    if (parts.length < 2) return [];
    const host = Number(parts[parts.length - 2]);
    const target = Number(parts[parts.length - 1]);
    return Number.isInteger(host) && Number.isInteger(target) ? [{ host, target, index }] : [];
  });
}

/** The names a service answers on the project's networks: its name, container_name, hostname, network aliases. */
function namesOf(name: string, service: Service): string[] {
  const names = [name];
  if (typeof service.container_name === 'string') names.push(service.container_name);
  if (typeof service.hostname === 'string') names.push(service.hostname);
  if (isRecord(service.networks)) for (const network of Object.values(service.networks)) if (isRecord(network) && Array.isArray(network.aliases)) for (const alias of network.aliases) if (typeof alias === 'string') names.push(alias);
  return names;
}

/** The environment's values with the node of each (`KEY: value` or `- KEY=value`). */
function environmentValues(service: Service, node: SourceNode | null): { value: string; node: SourceNode | null }[] {
  const environment = service.environment;
  const envNode = pairOf(node, 'environment')?.value ?? null;
  if (isRecord(environment)) return Object.entries(environment).flatMap(([key, value]) => (typeof value === 'string' ? [{ value, node: pairOf(envNode, key)?.value ?? null }] : []));
  if (Array.isArray(environment)) return environment.flatMap((entry, i) => (typeof entry === 'string' && entry.includes('=') ? [{ value: entry.slice(entry.indexOf('=') + 1), node: envNode?.items?.[i] ?? null }] : []));
  return [];
}

interface Project {
  folder: string;
  documents: ComposeDocument[];
  files: IndexedFile[];
}

function projects(builder: SystemBuilder): Project[] {
  const byFolder = new Map<string, IndexedFile[]>();
  for (const file of builder.index.files()) {
    if (file.skipped || !isComposeFile(file.uri)) continue;
    const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  // Compose's order: the main file, its override, then the other files of the folder.
  const order = (uri: string) => (/\/(docker-)?compose\.ya?ml$/i.test(uri) ? 0 : /\.override\.ya?ml$/i.test(uri) ? 1 : 2);
  return [...byFolder].map(([folder, files]) => {
    files.sort((a, b) => order(a.uri) - order(b.uri) || a.uri.localeCompare(b.uri));
    return { folder, files, documents: files.map((file) => composeDocumentOf(file, undefined)) };
  });
}

function contributeProject(builder: SystemBuilder, { folder, files, documents }: Project): void {
  const names = documents.map((d) => d.value?.name).filter((n): n is string => typeof n === 'string');
  // Compose's project name: `name:`, else the folder's, lower case without what a name cannot hold.
  const projectName = names[0] ?? decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1)).toLowerCase().replace(/[^a-z0-9_-]/g, '');
  const scope = `compose:${folder}`;
  const environment = `compose:${folder}`;
  const defined = new Set(documents.flatMap((d) => Object.keys(servicesOf(d))));
  if (defined.size === 0) return;
  const servicesKey = (d: ComposeDocument) => pairOf(d.tree, 'services')?.keyNode ?? null;
  builder.node({ id: environment, kind: 'environment', name: `Compose ${projectName}`, technology: 'Docker Compose', sources: [sourceOfNode(files[0], documents[0].offset, servicesKey(documents[0]))] });
  documents.forEach((document, i) => {
    const file = files[i];
    const servicesNode = pairOf(document.tree, 'services')?.value ?? null;
    for (const [name, service] of Object.entries(servicesOf(document))) {
      if (!isRecord(service)) continue;
      const id = `${scope}:${name}`;
      const pair = pairOf(servicesNode, name);
      const node = pair?.value ?? null;
      const at = (n: SourceNode | null | undefined) => sourceOfNode(file, document.offset, n ?? pair?.keyNode);
      const image = typeof service.image === 'string' ? service.image : undefined;
      const builds = service.build !== undefined;
      // A build without `image:` is tagged <project>-<service> by Compose.
      const runs = image ?? (builds ? `${projectName}-${name}`.toLowerCase() : undefined);
      const technology = image ? technologyOfImage(image) : undefined;
      const kind = technology?.kind === 'datastore' || technology?.kind === 'broker' ? technology.kind : 'service';
      builder.node({ id, kind, name, parent: environment, ...(technology ? { technology: technology.name } : {}), ...(runs ? { image: imageRepository(runs) } : {}), ports: servedPorts(service), sources: [at(pair?.keyNode)] });
      builder.answers(id, scope, namesOf(name, service));
      const imageNode = runs ? builder.image(runs, at(pairOf(node, image ? 'image' : 'build')?.value)) : undefined;
      // Tagged by Compose for this machine only: no deployment elsewhere names it.
      if (imageNode && !image) builder.get(imageNode)!.technology ??= LOCAL_IMAGE;
      // The image's value (what a check quotes), or the `build` key.
      if (imageNode) builder.edge({ from: id, to: imageNode, kind: 'runs', label: 'runs', sources: [image ? at(pairOf(node, 'image')?.value) : at(pairOf(node, 'build')?.keyNode)] });
      if (builds && imageNode && document.folder) contributeBuild(builder, service, document.folder, imageNode, at(pairOf(node, 'build')?.keyNode));
      for (const dependency of dependencies(service, node)) {
        if (!defined.has(dependency.name)) continue;
        builder.edge({ from: id, to: `${scope}:${dependency.name}`, kind: 'depends-on', label: dependency.condition === 'service_healthy' ? 'depends on (healthy)' : 'depends on', sources: [at(dependency.node)] });
      }
      for (const { value, node: valueNode } of environmentValues(service, node)) {
        for (const address of addressesIn(value)) {
          builder.address({ from: id, host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), ...(address.scheme ? { scheme: address.scheme } : {}), scopes: [scope], text: address.text, source: at(valueNode), internal: isSingleLabel(address.host) });
        }
      }
      if (document.folder) mounts(builder, id, service, document.folder, pairOf(node, 'volumes')?.value ?? null, at);
      const ports = pairOf(node, 'ports')?.value ?? null;
      for (const published of publishedPorts(service)) {
        builder.node({ id: 'person:users', kind: 'person', name: 'Users', sources: [] });
        builder.edge({ from: 'person:users', to: id, kind: 'calls', label: `:${published.host}`, port: published.target, sources: [at(ports?.items?.[published.index])] });
      }
    }
  });
}

/** Bind mounts of workspace files and folders (`./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro`). */
function mounts(builder: SystemBuilder, id: string, service: Service, folder: string, node: SourceNode | null, at: (n: SourceNode | null | undefined) => SystemSource): void {
  if (!Array.isArray(service.volumes)) return;
  service.volumes.forEach((volume, i) => {
    const source = typeof volume === 'string' ? volume.split(':')[0] : isRecord(volume) && volume.type === 'bind' && typeof volume.source === 'string' ? volume.source : undefined;
    if (!source || !/^\.{1,2}(\/|$)/.test(source) || source.includes('$')) return;
    builder.mount(id, pathToFileURL(path.resolve(folder, source)).href, at(node?.items?.[i]));
  });
}

/** `depends_on` entries (list or mapping) with their nodes. */
function dependencies(service: Service, node: SourceNode | null): { name: string; condition?: string; node: SourceNode | null }[] {
  const value = service.depends_on;
  const valueNode = pairOf(node, 'depends_on')?.value ?? null;
  if (Array.isArray(value)) return value.flatMap((v, i) => (typeof v === 'string' ? [{ name: v, node: valueNode?.items?.[i] ?? null }] : []));
  if (isRecord(value)) {
    return Object.entries(value).map(([name, spec]) => ({ name, node: pairOf(valueNode, name)?.keyNode ?? null, ...(isRecord(spec) && typeof spec.condition === 'string' ? { condition: spec.condition } : {}) }));
  }
  return [];
}

/** `build:` → the Dockerfile it names builds the image the service runs. */
function contributeBuild(builder: SystemBuilder, service: Service, folder: string, image: string, source: SystemSource): void {
  const build = service.build;
  const context = typeof build === 'string' ? build : isRecord(build) ? (typeof build.context === 'string' ? build.context : '.') : undefined;
  if (context === undefined || context.includes('$') || /^[a-z]+:\/\/|^git@/i.test(context)) return;
  const contextPath = path.resolve(folder, context);
  const dockerfile = isRecord(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  const file = path.resolve(contextPath, dockerfile);
  const uri = pathToFileURL(file).href;
  const dockerfileNode = builder.artifact(uri, 'build', fileLabel(uri));
  builder.edge({ from: dockerfileNode, to: image, kind: 'builds', label: 'builds', sources: [source] });
}

export const composeSystem: SystemContributor = {
  contribute(builder) {
    for (const project of projects(builder)) contributeProject(builder, project);
  },
};
