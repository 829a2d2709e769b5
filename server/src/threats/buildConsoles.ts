/**
 * Consoles a component's build puts in it (issue #95, ewolff/microservice-kafka): what an image serves is decided by
 * the files its build holds, not only by its deploy block. Two are read:
 * - Spring Boot Actuator with every endpoint exposed (`management.endpoints.web.exposure.include=*` in an
 *   `application*.properties|yml` of the build's folder, tests aside) and no Spring Security in the build
 *   (`spring-boot-starter-security` in its pom.xml or build.gradle): env, configprops, heapdump, loggers to anyone;
 * - Apache httpd's `balancer-manager`, `server-status` or `server-info` handler (`<Location> SetHandler …`) with no
 *   `Require` narrowing it (`Require all granted` narrows nothing), in a `.conf` the Dockerfile copies into the image.
 * The build's folder: the Dockerfile's of the image the component runs (the map's `builds` and `runs` edges, or its
 * identity's build). An Envoy's admin listener, set in the configuration mounted into it, is read first (envoyAdmin.ts),
 * then a Kong's Admin API, opened by its listeners' settings (kongListen.ts).
 * Every side file through the host's one bounded, confined read. Pure otherwise.
 */
import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import { storeKinds, type SystemNode, type SystemSource } from '../features/system/contributor';
import { textCopies } from '../dockerfile/api';
import { consoleProducts, type ConsoleFacts, type ConsoleProduct } from './consoles';
import { envoyAdminOf, type EnvoyReader } from './envoyAdmin';
import { sideUri } from './sideFiles';
import { FileLines, folderOf, sourceOfLine } from './evidence';
import { kongAdminConsole, type KongHost } from './kongListen';

/** What the reading needs: the map's edges, the index's files, a file's text by the one bounded read. */
export interface BuildReader {
  edges: readonly { from: string; to: string; kind: string }[];
  node: (id: string) => SystemNode | undefined;
  /** The URIs of the workspace's files (the index's). */
  files: () => Iterable<string>;
  text: (uri: string) => string | undefined;
}

const product = (name: string): ConsoleProduct => consoleProducts.find((p) => p.name === name)!;

/** The line exposing every Actuator endpoint: a properties line, a YAML `include: "*"` under `exposure:`, or its environment variable. */
const ACTUATOR_ALL = /^\s*management\.endpoints\.web\.exposure\.include\s*[=:]\s*["']?\*["']?\s*$|\bMANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE["']?\s*[:=]\s*["']?\*["']?\s*$/;

/**
 * Each setting of a Spring file as its full key and value (`spring.kafka.security.protocol`, `SSL`), with its 0-based
 * line: a properties file's `key=value` lines; a YAML file's scalars by their keys' path (every document, nesting and
 * dotted keys joined), read by the YAML library (aliases are not followed).
 */
export function springSettings(lines: readonly string[], yaml: boolean): { line: number; key: string; value: string }[] {
  const found: { line: number; key: string; value: string }[] = [];
  if (!yaml) {
    lines.forEach((line, i) => {
      const m = /^\s*[#!]/.test(line) ? undefined : /^\s*([\w.[\]-]+)\s*[=:](.*)$/.exec(line);
      if (m) found.push({ line: i, key: m[1], value: m[2].trim() });
    });
    return found;
  }
  const counter = new LineCounter();
  const walk = (node: unknown, prefix: string): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = `${prefix}${String(pair.key.value)}`;
      if (isMap(pair.value)) walk(pair.value, `${key}.`);
      else if (isScalar(pair.value) && pair.key.range) found.push({ line: counter.linePos(pair.key.range[0]).line - 1, key, value: String(pair.value.value ?? '') });
    }
  };
  for (const document of parseAllDocuments(lines.join('\n'), { lineCounter: counter, uniqueKeys: false, logLevel: 'error' })) walk(document.contents, '');
  return found;
}

const unquoted = (value: string) => value.replace(/^["']|["']$/g, '');

/** The 0-based lines of a Spring YAML file that expose every endpoint (`management: endpoints: web: exposure: include: "*"`). */
export function actuatorYamlLines(lines: readonly string[]): number[] {
  return springSettings(lines, true).filter((s) => /(^|\.)management\.endpoints\.web\.exposure\.include$/.test(s.key) && unquoted(s.value) === '*').map((s) => s.line);
}

/** The 0-based lines of an httpd configuration that give a status or balancer handler to anyone: each `SetHandler` line. */
export function openHttpdHandlers(lines: readonly string[]): { line: number; handler: string }[] {
  const found: { line: number; handler: string }[] = [];
  let section: { handler?: { line: number; handler: string }; narrowed: boolean } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('#')) return;
    if (/^<Location(Match)?\s/i.test(line)) section = { narrowed: false };
    else if (/^<\/Location(Match)?\s*>/i.test(line)) {
      if (section?.handler && !section.narrowed) found.push(section.handler);
      section = undefined;
    } else if (section) {
      const handler = /^SetHandler\s+["']?(balancer-manager|server-status|server-info)\b/i.exec(line)?.[1];
      if (handler) section.handler = { line: i, handler: handler.toLowerCase() };
      // Any access rule but one granting all narrows who reaches it (an address, a user, a group); so does a login or 2.2's deny.
      if ((/^Require\s/i.test(line) && !/^Require\s+all\s+granted\b/i.test(line)) || /^(AuthType|AuthUserFile)\s/i.test(line) || /^Deny\s+from\s+all\b/i.test(line) || (/^Allow\s+from\s/i.test(line) && !/^Allow\s+from\s+all\b/i.test(line))) section.narrowed = true;
    }
  });
  return found;
}

/** The Dockerfiles that build what a component runs. */
export function dockerfilesOf(node: SystemNode, reader: BuildReader): string[] {
  return buildsOf(node, reader).map((build) => build.uri);
}

/** The `.conf` files a Dockerfile copies into its image (`COPY 000-default.conf /etc/apache2/sites-enabled/`), as URIs. */
function copiedConfs(dockerfile: string, text: string): string[] {
  return textCopies(text).flatMap((copy) => copy.sources.filter((part) => part.endsWith('.conf')).map((part) => sideUri(part, dockerfile)).filter((uri): uri is string => uri !== undefined));
}

/** A Dockerfile's or a Containerfile's name (`Dockerfile`, `api.Dockerfile`, `Dockerfile.prod`). */
export const DOCKERFILE = /(?:^|\/)(?:[\w.-]*\.)?(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$/i;
/** A Jib module's build file (dockerfile/jib.ts): its folder holds the image's code as a Dockerfile's does. */
export const JIB_BUILD = /\/(?:pom\.xml|build\.gradle(?:\.kts)?)$/;

/** The build files read beside a Dockerfile: Maven's and Gradle's. */
const BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];

export const TEST_FOLDER = /\/(src\/(?:test|it|integrationTest|intTest)|tests?|__tests__)\//;

/** A console the component's build holds, with the lines that say it; undefined when none (or Spring Security guards it). */
function buildConsole(node: SystemNode, reader: BuildReader): { facts: ConsoleFacts; sources: SystemSource[] } | undefined {
  const dockerfiles = dockerfilesOf(node, reader);
  if (dockerfiles.length === 0) return undefined;
  const httpd: SystemSource[] = [];
  const handlers = new Set<string>();
  const actuator: SystemSource[] = [];
  const starters: { product: ConsoleProduct; source: SystemSource }[] = [];
  let secured = false;
  for (const dockerfile of dockerfiles) {
    const folder = folderOf(dockerfile);
    for (const conf of new Set(copiedConfs(dockerfile, reader.text(dockerfile) ?? ''))) {
      const lines = (reader.text(conf) ?? '').split(/\r?\n/);
      for (const open of openHttpdHandlers(lines)) {
        handlers.add(open.handler);
        httpd.push(sourceOfLine(conf, open.line, lines[open.line]));
      }
    }
    for (const build of BUILD_FILES) {
      const text = reader.text(folder + build);
      if (text === undefined) continue;
      // Spring Security in the build secures every Actuator endpoint but health by default, and asks a login of every console's page.
      if (text.includes('spring-boot-starter-security')) secured = true;
      const lines = text.split(/\r?\n/);
      for (const [i, line] of lines.entries()) {
        if (/^\s*(?:<!--|\/\/)/.test(line)) continue;
        const held = consoleProducts.find((p) => p.build?.test(line));
        if (held && !starters.some((s) => s.product === held)) starters.push({ product: held, source: sourceOfLine(folder + build, i, line) });
      }
    }
    for (const uri of springFilesIn(folder, reader)) {
      const lines = (reader.text(uri) ?? '').split(/\r?\n/);
      const at = uri.endsWith('.properties') ? lines.flatMap((l, i) => (ACTUATOR_ALL.test(l) ? [i] : [])) : actuatorYamlLines(lines);
      for (const i of at) actuator.push(sourceOfLine(uri, i, lines[i]));
    }
  }
  if (httpd.length > 0) {
    const name = handlers.has('balancer-manager') ? 'httpd balancer-manager' : 'httpd server-status';
    return { facts: { product: product(name), unauthenticated: true, reason: 'anonymous access', lines: [] }, sources: httpd };
  }
  if (secured) return undefined;
  if (actuator.length > 0) return { facts: { product: product('Spring Boot Actuator'), unauthenticated: true, reason: 'anonymous access', lines: [] }, sources: actuator };
  // A console its starter puts in the image (Eureka's dashboard, the Hystrix dashboard, Spring Boot Admin): no login by default.
  const [first] = starters;
  if (first) return { facts: { product: first.product, unauthenticated: true, reason: 'no authentication by default', lines: [] }, sources: [first.source] };
  return undefined;
}

/** What the readers are given: the index's text, the host's one bounded read of side files, the index's files. */
export interface BuildHost {
  text: (uri: string) => string | undefined;
  sideText?: (uri: string) => string | undefined;
  files?: () => Iterable<string>;
}

const SPRING_FILE = /\/application[\w.-]*\.(properties|ya?ml)$/;

/** A reader over the map and the host: a side file through the one bounded read, else the index's text; the files it reads (`read`: the Spring files by default) listed once. */
export function buildReader(map: Pick<BuildReader, 'edges' | 'node'>, host: BuildHost, read: RegExp = SPRING_FILE): BuildReader {
  let listed: string[] | undefined;
  const text = (uri: string) => host.sideText?.(uri) ?? host.text(uri);
  return { edges: map.edges, node: map.node, files: () => (listed ??= [...(host.files?.() ?? [])].filter((uri) => read.test(uri))), text };
}

/** The Spring files (`application*.properties|yml`) under a build's folder, tests aside. */
export function springFilesIn(folder: string, reader: BuildReader): string[] {
  return [...reader.files()].filter((uri) => uri.startsWith(folder) && !TEST_FOLDER.test(uri.slice(folder.length - 1)));
}

/** The build nodes (a Dockerfile's, a CI job's) that make what a component runs: the builds of the images it runs, and its own. */
export function buildIdsOf(node: SystemNode, map: Pick<BuildReader, 'edges' | 'node'>): Set<string> {
  const images = new Set(map.edges.filter((e) => e.kind === 'runs' && e.from === node.id).map((e) => e.to));
  const builds = new Set(map.edges.filter((e) => e.kind === 'builds' && images.has(e.to)).map((e) => e.from));
  if (node.identity?.build) builds.add(node.identity.build);
  return builds;
}

/** The Dockerfiles that build what a component runs, with their base images (the build node's `from`): an Envoy's image (envoyAdmin.ts). */
function buildsOf(node: SystemNode, reader: BuildReader): { uri: string; from: readonly string[] }[] {
  const found = new Map<string, readonly string[]>();
  const own = node.identity?.build;
  for (const id of buildIdsOf(node, reader)) {
    const build = reader.node(id);
    // Its own build, not a node of the map: its Dockerfile's URI, its base images unknown.
    const uri = build?.sources.find((s) => s.uri.startsWith('file:'))?.uri ?? (id === own && id.startsWith('file:') ? id : undefined);
    if (uri && !found.has(uri)) found.set(uri, build?.from ?? []);
  }
  return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([uri, from]) => ({ uri, from }));
}

/** An Envoy's admin listener (envoyAdmin.ts) as a console on the port its configuration sets, the line setting it as its source. */
function envoyConsole(node: SystemNode, reader: EnvoyReader): { facts: ConsoleFacts; sources: SystemSource[] } | undefined {
  const admin = envoyAdminOf(node, reader);
  return admin && { facts: { product: product('Envoy admin'), unauthenticated: true, reason: 'no authentication by default', lines: [], ports: [admin.port] }, sources: [admin.source] };
}

/** The console each component's build or mounted configuration holds, when its blocks said none (`known`). */
export function buildConsoleReader(map: Pick<BuildReader, 'edges' | 'node'>, host: BuildHost): (node: SystemNode) => { facts: ConsoleFacts; sources: SystemSource[] } | undefined {
  const reader = buildReader(map, host);
  let yaml: string[] | undefined;
  const envoy: EnvoyReader = {
    text: reader.text,
    yamlFiles: () => (yaml ??= [...(host.files?.() ?? [])].filter((uri) => /\.ya?ml$/i.test(uri))),
    dockerfiles: (node) => buildsOf(node, reader),
  };
  const kong: KongHost = { fileLines: (uri) => new FileLines(reader.text(uri) ?? ''), sideText: reader.text };
  return (node) => (storeKinds.has(node.kind) || node.kind === 'broker' ? undefined : (envoyConsole(node, envoy) ?? kongAdminConsole(node, kong) ?? buildConsole(node, reader)));
}

/** The Spring settings (`key=value`, flattened) of the files each component's build folder holds, tests aside: by component id, read once each. */
export function buildSpringSettings(map: Pick<BuildReader, 'edges' | 'node'>, host: BuildHost): (id: string) => string[] {
  const reader = buildReader(map, host);
  const known = new Map<string, string[]>();
  return (id) => {
    let settings = known.get(id);
    if (settings) return settings;
    const node = map.node(id);
    settings = [];
    for (const dockerfile of node ? dockerfilesOf(node, reader) : []) {
      for (const uri of springFilesIn(folderOf(dockerfile), reader)) {
        for (const one of springSettings((reader.text(uri) ?? '').split(/\r?\n/), !uri.endsWith('.properties'))) settings.push(`${one.key}=${unquoted(one.value)}`);
      }
    }
    known.set(id, settings);
    return settings;
  };
}
