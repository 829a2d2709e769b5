/**
 * The Compose family's part of the system map: each project (a folder's Compose files, an alternative file alone) is an
 * environment; each service a component answering its name, container name and aliases in the
 * project, with the image it runs (built from its Dockerfile by `build:`), its `depends_on`, the
 * addresses its environment names and the ports it publishes to the host's users.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemContributor, SystemSource } from '../features/system/contributor';
import { addressesIn, hostPortPairs, httpsPorts, isSingleLabel, loopbackAddressesIn } from '../features/system/addresses';
import { imageRepository } from '../features/system/images';
import { isBrowserDestination } from '../features/system/browserUrls';
import { fileLabel, sourceOfNode } from '../features/system/source';
import { revisionSideFiles } from '../features/system/revision';
import { defaultPortOfImage, technologyOfImage } from '../features/system/technology';
import { hostNetworkScope, hostPeers, LOOPBACK_HOST } from '../features/system/hostNetwork';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { pairOf, type SourceNode } from '../yaml/tree';
import { LOCAL_IMAGE } from '../features/system/images';
import { runsAsClient } from './clientJobs';
import { knownInterpolation, parseDotEnv } from './interpolate';
import { isComposeFile } from './files';
import { listensNot } from './listening';
import { envFiles, type ComposeDocument, type ComposeReader, type Json } from './model';
import { writtenMounts } from './mounts';
import { anchoredValue, composeRunServices, oneShotServices, sharedVariable } from './oneShot';
import { configWriters, type Place } from './configWriters';
import { commandAddresses } from './commandAddresses';
import { addOnFiles, alternativeFiles, composeDocumentOf, joinedFolders, servicesOf, variantServices, writtenBuild } from './project';
import { contributeKept, type ProjectBuilder } from './projectFacts';

type Service = { [key: string]: Json };

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

/**
 * The host side of each published port (`"8080:80"` → 8080 → 80), with its index in `ports` and the host address it is
 * bound to when written (`"127.0.0.1:6379:6379"`, `"[::1]:6379:6379"`, the long syntax's `host_ip`): a loopback one is
 * reachable from this machine only (system/entries.ts).
 */
function publishedPorts(service: Service): { host: number; target: number; index: number; hostIp?: string }[] {
  if (!Array.isArray(service.ports)) return [];
  return service.ports.flatMap((entry, index) => {
    if (isRecord(entry)) {
      if (!/^\d+$/.test(String(entry.published ?? '')) || !/^\d+$/.test(String(entry.target ?? ''))) return [];
      const hostIp = typeof entry.host_ip === 'string' ? entry.host_ip.trim() : '';
      return [{ host: Number(entry.published), target: Number(entry.target), index, ...(hostIp ? { hostIp } : {}) }];
    }
    const parts = String(entry).replace(/\/[a-z]+$/i, '').split(':');
    if (parts.length < 2) return [];
    const host = Number(parts[parts.length - 2]);
    const target = Number(parts[parts.length - 1]);
    // What precedes the two ports is the address (an IPv6 one in brackets holds colons itself).
    const hostIp = parts.slice(0, -2).join(':').trim().replace(/^\[(.*)\]$/, '$1');
    return Number.isInteger(host) && Number.isInteger(target) ? [{ host, target, index, ...(hostIp ? { hostIp } : {}) }] : [];
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

/**
 * The environment's variables with the node of each value (`KEY: value` or `- KEY=value`). `dotenv`: the project's
 * .env, read on the first variable without a value (most projects have none: the .env of each of a repository's
 * projects was read for every check of one file, #68).
 */
export function environmentValues(service: Service, node: SourceNode | null, dotenv: () => ReadonlyMap<string, string>): { key: string; value: string; node: SourceNode | null }[] {
  const environment = service.environment;
  // `${VAR:-default}` as Compose sets it from the project's .env (eShopOnContainers' `${ESHOP_AZURE_SERVICE_BUS:-rabbitmq}`);
  // a variable neither set there nor defaulted leaves the value as written (the shell's, unknown here).
  const resolved = (value: string): string => {
    if (!value.includes('$')) return value;
    return knownInterpolation(value, (name) => dotenv().get(name)) ?? value;
  };
  const envNode = pairOf(node, 'environment')?.value ?? null;
  // A variable without a value (`- CART_ADDR`, `CART_ADDR:`) takes the one of the environment Compose runs in: the project's .env.
  if (isRecord(environment)) {
    return Object.entries(environment).flatMap(([key, value]) => {
      const given = typeof value === 'string' || typeof value === 'number' ? resolved(String(value)) : value === null ? dotenv().get(key) : undefined;
      return given !== undefined ? [{ key, value: given, node: pairOf(envNode, key)?.value ?? pairOf(envNode, key)?.keyNode ?? null }] : [];
    });
  }
  if (Array.isArray(environment)) {
    return environment.flatMap((entry, i) => {
      if (typeof entry !== 'string') return [];
      const key = entry.includes('=') ? entry.slice(0, entry.indexOf('=')) : entry;
      const value = entry.includes('=') ? resolved(entry.slice(entry.indexOf('=') + 1)) : dotenv().get(entry);
      return value !== undefined ? [{ key, value, node: envNode?.items?.[i] ?? null }] : [];
    });
  }
  return [];
}

/** The project's .env as Compose reads it (each value interpolated with the ones before it). */
function dotenvOf(reader: ComposeReader | undefined, folder: string | undefined): Map<string, string> {
  if (!reader || !folder) return new Map<string, string>();
  const read = reader.read(path.join(folder, '.env'));
  return 'text' in read ? parseDotEnv(read.text) : new Map<string, string>();
}

interface Project {
  /** The project's key in ids and scopes: its folder's URI, or an alternative file's (project.ts alternativeFiles). */
  key: string;
  /** The folder its files are in (the project's name and deployment). */
  folder: string;
  /** Its files run with any alternative of the folder (project.ts addOnFiles). */
  addOns: ReadonlySet<string>;
  /** For an alternative, the services its folder's project defines alike (project.ts variantServices). */
  mainServices: ReadonlySet<string>;
  /** The services of its files the repository's scripts or Markdown start with `docker compose run` (oneShot.ts composeRunServices). */
  ran: ReadonlySet<string>;
  documents: ComposeDocument[];
  files: IndexedFile[];
}

/**
 * The Compose files of the index by project key (see Project), each project's in Compose's order: a folder's files, but
 * an alternative file (a complete deployment of the same services, run instead with `-f`) alone.
 */
export function projectFiles(index: WorkspaceIndex): [key: string, files: IndexedFile[]][] {
  const byKey = new Map<string, IndexedFile[]>();
  // A folder of extension files is read with the project it joins (project.ts joinedFolders).
  const joined = joinedFolders(index);
  const alternatives = alternativeFiles(index);
  for (const file of index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const own = file.uri.slice(0, file.uri.lastIndexOf('/'));
    const key = alternatives.has(file.uri) ? file.uri : (joined.get(own) ?? own);
    byKey.set(key, [...(byKey.get(key) ?? []), file]);
  }
  // Compose's order: the main file, its override, then the other files of the folder, then the extension files joining it.
  const order = (uri: string, folder: string) => (uri.lastIndexOf('/') !== folder.length ? 3 : /\/(docker-)?compose\.ya?ml$/i.test(uri) ? 0 : /\.override\.ya?ml$/i.test(uri) ? 1 : 2);
  for (const [key, files] of byKey) files.sort((a, b) => order(a.uri, key) - order(b.uri, key) || a.uri.localeCompare(b.uri));
  return [...byKey];
}

function contributeProject(builder: ProjectBuilder, { key, folder, addOns, mainServices, ran, files, documents }: Project, reader: ComposeReader | undefined): void {
  const names = documents.map((d) => d.value?.name).filter((n): n is string => typeof n === 'string');
  // Compose's project name: `name:`, else the folder's, lower case without what a name cannot hold.
  const projectName = names[0] ?? decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1)).toLowerCase().replace(/[^a-z0-9_-]/g, '');
  const scope = `compose:${key}`;
  const environment = `compose:${key}`;
  // An alternative's addresses are its own services', then those of the files run with any (its folder's add-ons, as
  // quarkus-super-heroes' `monitoring.yml`: `-f native.yml -f monitoring.yml`), never the services it stands in for.
  const addOnScope = `compose-add-ons:${folder}`;
  const scopes = key === folder ? [scope] : [scope, addOnScope];
  const alternative = key === folder ? '' : ` (${decodeURIComponent(key.slice(key.lastIndexOf('/') + 1))})`;
  const defined = new Set(documents.flatMap((d) => Object.keys(servicesOf(d))));
  if (defined.size === 0) return;
  // What the project's services answer: a bare value under a peer key (`EventBusConnection=rabbitmq`) is a host only when one does.
  const answering = new Set(documents.flatMap((d) => Object.entries(servicesOf(d)).flatMap(([name, service]) => (isRecord(service) ? namesOf(name, service) : [name]).map((n) => n.toLowerCase()))));
  const listening = listeners(documents);
  // Who answers `localhost:<port>` for the project's services on the host's network (features/system/hostNetwork.ts).
  const peers = hostPeers(listening);
  for (const [port, peer] of peers) builder.answers(`${scope}:${peer}`, hostNetworkScope(scope, port), [LOOPBACK_HOST]);
  const served = (host: string) => [...new Set(listening.filter((l) => l.names.includes(host)).flatMap((l) => l.ports))];
  let dotenv: Map<string, string> | undefined;
  const projectDotenv = () => (dotenv ??= dotenvOf(reader, documents[0]?.folder));
  const servicesKey = (d: ComposeDocument) => pairOf(d.tree, 'services')?.keyNode ?? null;
  builder.node({ id: environment, kind: 'environment', name: `Compose ${projectName}${alternative}`, technology: 'Docker Compose', sources: [sourceOfNode(files[0], documents[0].offset, servicesKey(documents[0]))] });
  // The project's Traefik (its image's): what routes to the services whose labels say so.
  const traefik = [...new Set(documents.flatMap((d) => Object.entries(servicesOf(d)).filter(([, service]) => isRecord(service) && typeof service.image === 'string' && /(^|\/)traefik$/.test(imageRepository(service.image))).map(([name]) => `${scope}:${name}`)))];
  // An env_file several services read whole (wild-workouts' one `.env` for every service, issue #95): a service can read its
  // addresses but nothing shows it uses them — possible calls, as a ConfigMap read whole by `envFrom` (AddressReference.certainty).
  const sharedEnvFiles = sharedFiles(documents);
  // The services others wait to complete (oneShot.ts), and the environments of the rest, the long-running ones.
  const oneShot = oneShotServices(documents, ran);
  const longRunning = oneShot.size === 0 ? [] : documents.flatMap((d) => Object.entries(servicesOf(d)).flatMap(([n, s]) => (isRecord(s) && !oneShot.has(n) ? [environmentMap(extended(s, d, documents).environment) ?? {}] : [])));
  // Those writing settings into a volume services waiting for them mount (configWriters.ts): what they write is their readers' call.
  const writers = configWriters(documents, oneShot);
  const placed = (place: Place) => sourceOfNode(files[place.document], documents[place.document].offset, place.node);
  documents.forEach((document, i) => {
    const file = files[i];
    const servicesNode = pairOf(document.tree, 'services')?.value ?? null;
    for (const [name, written] of Object.entries(servicesOf(document))) {
      if (!isRecord(written)) continue;
      const service = extended(written, document, documents);
      const id = `${scope}:${name}`;
      const pair = pairOf(servicesNode, name);
      const node = pair?.value ?? null;
      const at = (n: SourceNode | null | undefined) => sourceOfNode(file, document.offset, n ?? pair?.keyNode);
      const image = typeof service.image === 'string' && service.image.trim() !== '' ? service.image : undefined;
      const builds = service.build !== undefined;
      // A build without `image:` is tagged <project>-<service> by Compose.
      const runs = image ?? (builds ? `${projectName}-${name}`.toLowerCase() : undefined);
      // A store's image running its client or a script once (a cluster's setup) is a job, no store: neither its technology
      // nor its image's product is said of it (the `runs` edge keeps the image).
      const client = image !== undefined && runsAsClient(service);
      const technology = image && !client ? technologyOfImage(image) : undefined;
      const kind = technology?.kind === 'datastore' || technology?.kind === 'broker' ? technology.kind : 'service';
      const dockerfile = builds && document.folder ? dockerfileOf(service, document.folder) : undefined;
      const repository = runs ? imageRepository(runs) : undefined;
      const declared = isRecord(service.deploy) ? service.deploy.replicas : undefined;
      const replicas = typeof declared === 'number' ? declared : typeof service.scale === 'number' ? service.scale : 1;
      builder.node({
        id, kind, name, parent: environment, replicas, ...(technology ? { technology: technology.name } : {}), ...(repository && !client ? { image: repository } : {}), ports: servedPorts(service), sources: [at(pair?.keyNode)],
        ...(dockerfile ? { identity: { build: dockerfile } } : {}), ...(service.network_mode === 'host' ? { network: 'host' as const } : {}),
        // An alternative's service the folder's project runs too (its database, its broker) is a variant of that one: drawn
        // as the project's, its ways in the project's. What only the alternative runs is its own deployment.
        deployment: { tool: 'compose', name: `${projectName}${alternative}`, folder, ...(alternative && mainServices.has(name) ? { variant: true } : {}) },
      });
      builder.answers(id, scope, namesOf(name, service));
      if (addOns.has(file.uri)) builder.answers(id, addOnScope, namesOf(name, service));
      const imageNode = runs ? builder.image(runs, at(pairOf(node, image ? 'image' : 'build')?.value)) : undefined;
      // Tagged by Compose for this machine only: no deployment elsewhere names it.
      // (Added to the image's node: its unset technology filled.)
      if (imageNode && !image) builder.node({ id: imageNode, kind: 'image', name: repository ?? '', technology: LOCAL_IMAGE, sources: [] });
      // The image's value (what a check quotes), or the `build` key.
      if (imageNode) builder.edge({ from: id, to: imageNode, kind: 'runs', label: 'runs', sources: [image ? at(pairOf(node, 'image')?.value) : at(pairOf(node, 'build')?.keyNode)] });
      if (dockerfile && imageNode) contributeBuild(builder, dockerfile, imageNode, at(pairOf(node, 'build')?.keyNode));
      for (const dependency of dependencies(service, node)) {
        if (!defined.has(dependency.name)) continue;
        builder.edge({ from: id, to: `${scope}:${dependency.name}`, kind: 'depends-on', label: dependency.link ? 'links' : dependency.condition === 'service_healthy' ? 'depends on (healthy)' : 'depends on', sources: [at(dependency.node)] });
      }
      // The container's environment: `environment:` over its env_file(s), as Compose sets it.
      const own = new Set(namesOf(name, service).map((n) => n.toLowerCase()));
      // A store's or a broker's image reads its own settings from an absent env_file's example, never a peer's address.
      const fromFiles = envFileValues(service, document.folder, reader, pairOf(node, 'env_file')?.value ?? null, sharedEnvFiles, kind === 'service');
      const variables = [...fromFiles, ...environmentValues(service, node, projectDotenv)];
      const latest = new Map(variables.map((v) => [v.key, v]));
      // A URL where a browser is sent (`PUBLIC_URL`, `OAUTH_REDIRECT_URI`) is no call, whatever reads it below.
      const environmentNow = [...latest.values()].filter((variable) => !isBrowserDestination(variable.key));
      const said = new Set<string>();
      const runsOnce = oneShot.get(name);
      const runsOnceAt = runsOnce ? sourceOfNode(files[runsOnce.document], documents[runsOnce.document].offset, runsOnce.node) : undefined;
      const environmentNode = pairOf(node, 'environment')?.value ?? null;
      // `key`: the variable it is the value of (a setting the program may never read: KeyRead.never).
      const address = (host: string, port: number | undefined, scheme: string | undefined, text: string, valueNode: SourceNode | null, key: string) => {
        if (own.has(host)) return;
        const once = `${host}:${port ?? ''}`;
        if (said.has(once) && port === undefined) return;
        said.add(once);
        const from = latest.get(key);
        const possible = from !== undefined && 'shared' in from && from.shared;
        // A value of an env_file's example (envFileValues): the example's line says it too.
        const exampleLine = from !== undefined ? fromFiles.find((v) => v === from)?.example : undefined;
        const example = exampleLine !== undefined ? { via: [exampleLine] } : {};
        // A one-shot service's variable shared with long-running services: at the anchor's line when merged from one.
        const shared = runsOnceAt !== undefined && from !== undefined && ('shared' in from ? from.shared : sharedVariable(key, environmentMap(service.environment)?.[key], environmentNode, longRunning));
        const place = valueNode ?? (shared ? anchoredValue(document.tree, key, name) : null);
        const writes = writers.get(name);
        // `key` '': an address of its command (commandAddresses.ts), written for its readers when a writing statement names it.
        if (writes !== undefined && (writes.variables === 'all' || writes.variables.has(key) || (key === '' && writes.hosts.has(host)))) {
          // Each reader's call, said by the value, the command writing it and the reader's mount; an unknown host said once.
          writes.readers.forEach((reader, n) => builder.address({
            from: `${scope}:${reader.name}`, host, ...(port !== undefined ? { port } : {}), ...(scheme ? { scheme } : {}), scopes, text, source: at(place), internal: isSingleLabel(host),
            via: [placed(writes.command), placed(reader.mount)], ...(n > 0 ? { report: false } : {}), ...(possible ? { certainty: 'possible' as const } : {}), ...(reader.oneShot ? { oneShot: placed(reader.oneShot) } : {}),
          }));
          if (!writes.migrates) return;
        }
        builder.address({ from: id, host, ...(port !== undefined ? { port } : {}), ...(scheme ? { scheme } : {}), scopes, text, source: at(place), internal: isSingleLabel(host), ...(key !== '' ? { key } : {}), ...example, ...(possible ? { certainty: 'possible' as const } : {}), ...(shared ? { oneShot: runsOnceAt } : {}) });
      };
      for (const { key, value, node: valueNode } of environmentNow) for (const found of addressesIn(value)) address(found.host, found.port, found.scheme, found.text, valueNode, key);
      // What its own command names of the project's services (commandAddresses.ts), with the values Compose interpolates.
      const resolved = (text: string) => (text.includes('$') ? (knownInterpolation(text, (variable) => projectDotenv().get(variable)) ?? text) : text);
      for (const found of commandAddresses(service, node, (host) => answering.has(host), resolved)) address(found.host, found.port, found.scheme, found.text, found.node, '');
      // Under host networking `localhost:2181` is whatever listens on the host's 2181: a service of the project on the host's
      // network too, or one publishing that port (asc-lab/micronaut-microservices-poc's kafka_manager, `ZK_HOSTS: "localhost:2181"`).
      if (service.network_mode === 'host') {
        for (const { key, value, node: valueNode } of environmentNow) {
          for (const found of loopbackAddressesIn(value)) {
            const port = found.port;
            if (port === undefined) continue;
            const peer = peers.get(port);
            if (peer !== undefined) said.add(`${peer.toLowerCase()}:${port}`);
            builder.address({ from: id, host: LOOPBACK_HOST, port, ...(found.scheme ? { scheme: found.scheme } : {}), scopes: [hostNetworkScope(scope, port)], text: found.text, source: at(valueNode), internal: true, report: false, key });
          }
        }
      }
      for (const pairFound of hostPortPairs(environmentNow, (host) => answering.has(host), served)) {
        // A host already called at some port says no more alone.
        if (pairFound.port === undefined && [...said].some((k) => k.startsWith(`${pairFound.host}:`))) continue;
        address(pairFound.host, pairFound.port, undefined, pairFound.text, latest.get(pairFound.key)?.node ?? null, pairFound.key);
      }
      for (const proxy of traefik) {
        const label = traefikRoute(service, pairOf(node, 'labels')?.value ?? null);
        if (label && proxy !== id) builder.edge({ from: proxy, to: id, kind: 'calls', label: label.port ? `routes (Traefik) :${label.port}` : 'routes (Traefik)', ...(label.port ? { port: label.port } : {}), sources: [at(label.node)] });
      }
      if (document.folder) mounts(builder, id, service, document, document.folder, pairOf(node, 'volumes')?.value ?? null, at);
      const asWritten = [service, ...documents.filter((d) => d !== document).map((d) => servicesOf(d)[name]).filter(isRecord)];
      waysIn(builder, id, asWritten, node, file, document.offset, { variables: [...latest.values()], dotenv: projectDotenv }, at);
    }
  });
}

/**
 * A service's published ports as ways in (`asWritten`: the service as each of the project's files writes it, its own first):
 * those something in the container listens on, HTTPS when its environment says so.
 */
function waysIn(builder: ProjectBuilder, id: string, asWritten: readonly Service[], node: SourceNode | null, file: IndexedFile, offset: number, values: { variables: readonly { key: string; value: string }[]; dotenv: () => Map<string, string> }, at: (n: SourceNode | null | undefined) => SystemSource): void {
  const ports = pairOf(node, 'ports')?.value ?? null;
  // Its whole environment (a Kestrel endpoint or `ASPNETCORE_URLS` is where it listens, no call, but says its HTTPS ports).
  const https = httpsPorts(values.variables);
  // A port nothing in the container listens on (listening.ts: Jaeger's agent gone from all-in-one, a Kong's listeners) is no way in.
  const closed = listensNot(asWritten, values.variables, (variable) => values.dotenv().get(variable));
  for (const published of publishedPorts(asWritten[0])) {
    if (closed(published.target)) continue;
    const tls = published.target !== undefined && https.has(published.target) ? { protocol: 'HTTPS' } : {};
    // A host port from a variable left unset (docker-jitsi-meet's `${HTTPS_PORT}:8443` without its `.env`) is no port 0: its label says the variable.
    const item = ports?.items?.[published.index];
    const unset = published.host === 0 && item ? /\$\{?([A-Za-z_]\w{0,63})\}?:\d+(?:\/\w+)?["']?$/.exec(file.text.slice(offset + item.start, offset + item.end))?.[1] : undefined;
    builder.entry({ to: id, via: 'published-port', port: published.host, target: published.target, ...(published.hostIp ? { hostIp: published.hostIp } : {}), label: unset !== undefined ? `:\${${unset}}` : `:${published.host}`, ...tls, source: at(item) });
  }
}

/**
 * A service with what its `extends` brings (`extends: {file: docker-compose-common.yml, service: web}`, the service of
 * the same file when no file is named): the base's keys the service does not write, its `environment` merged under the
 * service's own, as Compose merges them. Only a base in one of the project's files (its folder's: relative paths alike);
 * at most eight levels, a cycle ends the walk.
 */
function extended(service: Service, document: ComposeDocument, documents: readonly ComposeDocument[], depth = 0): Service {
  const spec = service.extends;
  const name = typeof spec === 'string' ? spec : isRecord(spec) && typeof spec.service === 'string' ? spec.service : undefined;
  if (name === undefined || depth >= 8) return service;
  const fileName = isRecord(spec) && typeof spec.file === 'string' ? spec.file : undefined;
  const from = fileName === undefined ? document : documents.find((d) => d.file !== undefined && document.folder !== undefined && d.file === path.resolve(document.folder, fileName));
  const base = from ? servicesOf(from)[name] : undefined;
  if (!from || !isRecord(base) || (from === document && base === service)) return service;
  const resolved = extended(base, from, documents, depth + 1);
  const merged: Service = { ...resolved, ...service };
  delete merged.extends;
  const environment = [environmentMap(resolved.environment), environmentMap(service.environment)];
  if (environment[0] && environment[1]) merged.environment = { ...environment[0], ...environment[1] };
  return merged;
}

/** An `environment` as a mapping (`- KEY=value` entries split), or undefined when it is neither form. */
function environmentMap(value: Json | undefined): Service | undefined {
  if (isRecord(value)) return value;
  if (!Array.isArray(value)) return undefined;
  return Object.fromEntries(value.flatMap((entry) => (typeof entry === 'string' ? [entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, null]] : [])));
}

/**
 * What each service of a project listens on: its names, its container ports (`ports`, `expose`, else its image's well-known
 * port: `mongo` 27017), the host ports it publishes, and whether it runs on the host's network (`network_mode: host`, where
 * its ports are the host's).
 */
function listeners(documents: readonly ComposeDocument[]): { name: string; names: string[]; ports: number[]; published: number[]; hostMode: boolean }[] {
  return documents.flatMap((d) => Object.entries(servicesOf(d)).flatMap(([name, service]) => {
    if (!isRecord(service)) return [];
    const declared = servedPorts(service);
    const known = typeof service.image === 'string' ? defaultPortOfImage(service.image) : undefined;
    const ports = declared.length > 0 ? declared : known !== undefined ? [known] : [];
    return [{ name, names: namesOf(name, service).map((n) => n.toLowerCase()), ports, published: publishedPorts(service).map((p) => p.host), hostMode: service.network_mode === 'host' }];
  }));
}

/**
 * Traefik's Docker labels on a service (issue #79): a router's rule (`traefik.http.routers.go.rule=Path(`/`)`) or
 * `traefik.enable=true` is Traefik routing to it, at the port its service label names; the label's node says it.
 */
function traefikRoute(service: Service, node: SourceNode | null): { port?: number; node: SourceNode | null } | undefined {
  const labels = service.labels;
  const entries: [string, string, SourceNode | null][] = Array.isArray(labels)
    ? labels.flatMap((l, i) => (typeof l === 'string' && l.includes('=') ? [[l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim(), node?.items?.[i] ?? null] as [string, string, SourceNode | null]] : []))
    : isRecord(labels) ? Object.entries(labels).map(([k, v]): [string, string, SourceNode | null] => [k, String(v), pairOf(node, k)?.keyNode ?? null]) : [];
  const route = entries.find(([k]) => /^traefik\.(http|tcp)\.routers\.[^.]+\.rule$/.test(k)) ?? entries.find(([k, v]) => k === 'traefik.enable' && v === 'true');
  if (!route) return undefined;
  const port = Number(entries.find(([k]) => /^traefik\.(http|tcp)\.services\.[^.]+\.loadbalancer\.server\.port$/.test(k))?.[1]);
  return { ...(Number.isInteger(port) && port > 0 && port <= 65535 ? { port } : {}), node: route[2] };
}

/** The env_files (resolved paths) more than one service of a project reads. */
function sharedFiles(documents: readonly ComposeDocument[]): Set<string> {
  const readers = new Map<string, number>();
  for (const document of documents) {
    if (!document.folder) continue;
    for (const service of Object.values(servicesOf(document))) {
      for (const env of new Set(envFiles(service).map((e) => path.resolve(document.folder!, e.path)))) readers.set(env, (readers.get(env) ?? 0) + 1);
    }
  }
  return new Set([...readers].filter(([, count]) => count > 1).map(([file]) => file));
}

/**
 * The variables of a service's env_file(s), read as Compose reads them, each placed at its env_file entry; `shared`: from an
 * env_file other services read too. `examples`: an env_file absent is read from its example (`apps/api/.env.example`), `example` its line.
 */
function envFileValues(service: Service, folder: string | undefined, reader: ComposeReader | undefined, node: SourceNode | null, shared: ReadonlySet<string>, examples: boolean): { key: string; value: string; node: SourceNode | null; shared: boolean; example?: SystemSource }[] {
  if (!reader || !folder) return [];
  const out: { key: string; value: string; node: SourceNode | null; shared: boolean; example?: SystemSource }[] = [];
  for (const env of envFiles(service)) {
    if (env.path.includes('$')) continue;
    const file = path.resolve(folder, env.path);
    const at = node?.kind === 'seq' ? (node.items?.[env.index] ?? node) : node;
    const read = reader.read(file);
    if ('text' in read) {
      for (const [key, value] of parseDotEnv(read.text)) out.push({ key, value, node: at, shared: shared.has(file) });
      continue;
    }
    if (!examples) continue;
    // Absent, made by a setup script from its example (makeplane/plane's setup.sh: `cp apps/api/.env.example apps/api/.env`):
    // the example's values are the defaults, each said at its line of the example too.
    for (const example of [`${file}.example`, path.join(path.dirname(file), '.env.example')]) {
      const text = reader.read(example);
      if (!('text' in text)) continue;
      const lines = keyLines(text.text);
      const uri = pathToFileURL(example).href;
      for (const [key, value] of parseDotEnv(text.text)) {
        const line = lines.get(key) ?? 0;
        out.push({ key, value, node: at, shared: shared.has(file), example: { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } } });
      }
      break;
    }
  }
  return out;
}

/** The 0-based line of each key of a `.env` text (its last, as the last value wins). */
function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][\w.-]{0,127})\s*=/.exec(line);
    if (match) lines.set(match[1], i);
  });
  return lines;
}

/**
 * Bind mounts of workspace files and folders (`./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro`), as the
 * family reads every mount (mounts.ts composeMounts), relative to the project directory; each placed at its `volumes` entry.
 */
function mounts(builder: ProjectBuilder, id: string, service: Service, document: ComposeDocument, folder: string, node: SourceNode | null, at: (n: SourceNode | null | undefined) => SystemSource): void {
  if (!Array.isArray(service.volumes)) return;
  for (const mount of writtenMounts(service, `${pathToFileURL(folder).href}/`, () => document.text)) {
    if (mount.written[0] === 'volumes') builder.mount(id, mount.source, at(node?.items?.[mount.written[1]]));
  }
}

/**
 * `depends_on` entries (list or mapping) with their nodes, then the `links` (`- elasticsearch`, `- db:database`) naming
 * another service: Compose starts a linked service first as it does a dependency (issue #95: ewolff/microservice-consul's
 * filebeat links elasticsearch, where it ships its logs).
 */
function dependencies(service: Service, node: SourceNode | null): { name: string; condition?: string; link?: true; node: SourceNode | null }[] {
  const value = service.depends_on;
  const valueNode = pairOf(node, 'depends_on')?.value ?? null;
  const found: { name: string; condition?: string; link?: true; node: SourceNode | null }[] = Array.isArray(value)
    ? value.flatMap((v, i) => (typeof v === 'string' ? [{ name: v, node: valueNode?.items?.[i] ?? null }] : []))
    : isRecord(value) ? Object.entries(value).map(([name, spec]) => ({ name, node: pairOf(valueNode, name)?.keyNode ?? null, ...(isRecord(spec) && typeof spec.condition === 'string' ? { condition: spec.condition } : {}) })) : [];
  const linksNode = pairOf(node, 'links')?.value ?? null;
  if (Array.isArray(service.links)) {
    service.links.forEach((link, i) => {
      const name = typeof link === 'string' ? link.split(':')[0].trim() : '';
      if (name !== '' && !found.some((f) => f.name === name)) found.push({ name, link: true, node: linksNode?.items?.[i] ?? null });
    });
  }
  return found;
}

/** The Dockerfile a service's `build:` names (its URI), unless the context is remote or a variable (project.ts writtenBuild). */
function dockerfileOf(service: Service, folder: string): string | undefined {
  const written = writtenBuild(service);
  return written && pathToFileURL(path.resolve(path.resolve(folder, written.context), written.dockerfile)).href;
}

/** `build:` → the Dockerfile it names builds the image the service runs. */
function contributeBuild(builder: ProjectBuilder, uri: string, image: string, source: SystemSource): void {
  const dockerfileNode = builder.artifact(uri, 'build', fileLabel(uri));
  builder.edge({ from: dockerfileNode, to: image, kind: 'builds', label: 'builds', sources: [source] });
}

/** The Compose family's contribution, reading `.env` and env_file through `reader` (as the family's checks do). */
export function composeSystemWith(reader: ComposeReader | undefined): SystemContributor {
  return {
    contribute(builder) {
      // An index of a git revision (`archipel diff`'s base) reads its `.env` and env_files from that revision.
      const own = revisionSideFiles(builder.index) ?? reader;
      const alternatives = alternativeFiles(builder.index);
      const allAddOns = addOnFiles(builder.index);
      const projects = projectFiles(builder.index);
      const allRan = composeRunServices(builder.index);
      for (const [key, files] of projects) {
        const folder = alternatives.has(key) ? key.slice(0, key.lastIndexOf('/')) : key;
        const addOns = new Set(files.filter((file) => allAddOns.has(file.uri)).map((file) => file.uri));
        const mainServices = folder === key ? new Set<string>() : variantServices(builder.index, key);
        // The services scripts run that its files may define (kept facts depend on them as on the files' texts: their names join the key).
        const ran = new Set([...allRan].filter((name) => files.some((file) => file.text.includes(name))));
        const read = (to: ProjectBuilder, by: ComposeReader | undefined, index: WorkspaceIndex | undefined) => contributeProject(to, { key, folder, addOns, mainServices, ran, files, documents: files.map((file) => composeDocumentOf(file, by, index)) }, by);
        // The family's reader (not a git revision's): the project's calls may be kept for its texts (projectFacts.ts), and
        // for which of them are add-ons (a role other files of the folder give).
        if (own && own === reader) contributeKept(builder, [key, ...addOns, ...mainServices, ...[...ran].map((name) => `run:${name}`)].join('\0'), files, own, builder.index, read);
        else read(builder, own, builder.index);
      }
    },
  };
}

