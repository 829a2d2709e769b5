/**
 * A container's mounted configuration names its peers (issue #95): a workspace file or folder a Compose service binds into
 * its container (`volumes:`, short or long syntax, or `configs:`: compose/mounts.ts, the one reading of them) is that
 * component's configuration, and an address it writes (mountedValues.ts) whose host names a component of the service's own
 * project is a call of that component, certain, with the value's line as evidence. skywalking-showcase's OpenTelemetry
 * collectors (`endpoint: oap:11800`), fluent-bit (`Host oap`), APISIX's `apisix.yaml` (`nodes: {"app:80": 1}`).
 *
 * A file several components mount is an address book, not one program's configuration (DeathStarBench's
 * `config/service-config.json`, mounted by each of its services, lists every service's address): which entries each reads
 * only its code says, so such a file makes no call. Never a test's file, never a value naming nothing in the project, never
 * a file the family reads on its own (nginx, Envoy, Spring: files.ts) or another draws (Grafana's datasources). Bounded: MAX_MOUNTED_FILES files, each by the one
 * bounded, confined side-file read (`reader`), a folder's files one level deep.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { composeDocumentOf, composeMounts, composeProjectOf, isComposeFile, servicesOf, sideUri } from '../compose/api';
import { textCopies } from '../dockerfile/api';
import type { SideText } from '../common/sideFile';
import { componentKinds, type SystemBuilder, type SystemNode, type SystemSource } from '../features/system/contributor';
import type { IndexedFile } from '../workspace/index';
import { isSingleLabel, type WrittenAddress } from '../features/system/addresses';
import { artifactId } from '../features/system/source';
import { FileMatcher } from '../common/fileSelector';
import { appConfigFiles, appConfigKind, codeExtensions, folderOf, isTestFile } from './files';
import { configAddresses } from './mountedValues';
import { isLogstashPipeline } from './logstash';
import { configMapCalls, proxyAddresses } from './configMapMounts';
import { runScripts, scriptAddresses } from './scripts';

/** What the reading of mounted files needs from the host: a side file's text, and a folder's files (absolute paths). */
export interface MountReader {
  read(absolutePath: string): SideText;
  /** The regular files directly in a folder (bounded); absent where nothing can be listed (a git revision's files). */
  list?(absoluteFolder: string): string[];
}

/** Mounted files read at most per map. */
export const MAX_MOUNTED_FILES = 500;

/**
 * A proxy's configuration paths in its container (nginx's, Apache httpd's image and Debian's package): a file put there is that
 * proxy's routes whatever its name (taiga-docker's `taiga.conf` at `/etc/nginx/conf.d/default.conf`), read by the nginx/httpd reader.
 */
const PROXY_CONFIG = /^\/(?:etc\/nginx|usr\/local\/apache2\/conf|etc\/apache2)(?:\/|$)/;

/** What a mounted file may be: configuration by its extension (or a name without one, fluent-bit's `parsers`; a Caddyfile's variants), not code, a script or a binary. */
const CONFIG_NAME = /(?:\.(?:h?json|ya?ml|conf|cfg|ini|toml|properties|env|caddyfile)|^[^.]+|^caddyfile\.[\w-]{1,40})$/i;

/** The files the family's own readers take by name (files.ts): another `config/*.json` is not node-config's. */
const ownFiles = new FileMatcher([appConfigFiles]);

const nameOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

/** Whether the family reads a mounted file: configuration by its name, not a Compose file, not one the family's own readers take (`indexed`: the index holds it). */
function isMountedConfig(uri: string, indexed: IndexedFile | undefined): boolean {
  const name = decodeURIComponent(nameOf(uri));
  if (!CONFIG_NAME.test(name) || codeExtensions.some((extension) => name.endsWith(extension))) return false;
  if (/^(?:dockerfile|makefile|readme|license|notice)$/i.test(name) || /(^|[./-])(docker-)?compose[\w.-]*\.ya?ml$/i.test(name)) return false;
  const kind = indexed && ownFiles.match(fileURLToPath(uri)) === 'yes' && appConfigKind(uri);
  // A `.conf` in `[SECTION]`s (fluent-bit's, an INI file) or a Logstash pipeline (`conf.d/` is its folder too) is no nginx configuration, whatever its folder.
  return !kind || (kind === 'nginx' && (/^[ \t]*\[[A-Za-z][\w .-]{0,60}\][ \t]*$/m.test(indexed.text) || isLogstashPipeline(name, indexed.text)));
}

/** The position of each line's start in a text, for the evidence's range. */
function sourceIn(uri: string, text: string, start: number, end: number): SystemSource {
  const position = (offset: number) => {
    let line = 0;
    let lineStart = 0;
    for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
      line++;
      lineStart = at + 1;
    }
    return { line, character: offset - lineStart };
  };
  return { uri, range: { start: position(start), end: position(end) } };
}

/** The component ids that mount each workspace file (`proxies`: those put at a proxy's configuration path), Compose services of the index each by its project's id. */
function mountersByFile(
  builder: SystemBuilder, reader: MountReader | undefined, builds: ReadonlyMap<SystemNode, ReadonlySet<string>>,
): { byFile: Map<string, Set<string>>; proxies: Map<string, Set<string>> } {
  const byFile = new Map<string, Set<string>>();
  const proxies = new Map<string, Set<string>>();
  // The index's files by folder: a mount's files are looked up, not searched for (a monorepo's thousands of files times its mounts).
  const byFolder = new Map<string, string[]>();
  for (const file of builder.index.files()) {
    if (file.skipped) continue;
    const list = byFolder.get(folderOf(file.uri));
    if (list) list.push(file.uri);
    else byFolder.set(folderOf(file.uri), [file.uri]);
  }
  const add = (uri: string, id: string, target: string) => {
    if (PROXY_CONFIG.test(target)) {
      proxies.set(uri, (proxies.get(uri) ?? new Set<string>()).add(id));
      return;
    }
    const held = builder.index.get(uri);
    if (isMountedConfig(uri, held && !held.skipped ? held : undefined)) byFile.set(uri, (byFile.get(uri) ?? new Set<string>()).add(id));
  };
  // A mounted or copied path's files: a folder's in the index and those the host lists there (one level: a service's config folder), else the file.
  const filesAt = (source: string): string[] => {
    const inFolder = byFolder.get(source) ?? [];
    let listed: string[] = [];
    if (reader?.list) {
      try {
        listed = reader.list(fileURLToPath(source)).map((path) => pathToFileURL(path).href);
      } catch {
        listed = [];
      }
    }
    return inFolder.length > 0 || listed.length > 0 ? [...new Set([...inFolder, ...listed])] : [source];
  };
  for (const file of builder.index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const { folder, base } = composeProjectOf(builder.index, file.uri);
    const document = composeDocumentOf(file, undefined, builder.index);
    for (const [name, service] of Object.entries(servicesOf(document))) {
      const id = `compose:${folder}:${name}`;
      const node = builder.get(id);
      if (!node || !componentKinds.has(node.kind) || service === null || typeof service !== 'object' || Array.isArray(service)) continue;
      for (const mount of composeMounts(service, base, () => file.text)) for (const uri of filesAt(mount.source)) add(uri, id, mount.target);
    }
  }
  // What a build copies into the image: the configuration of every component running it.
  for (const [node, dockerfiles] of builds) {
    for (const dockerfile of dockerfiles) {
      const file = builder.index.get(dockerfile);
      if (!file || file.skipped || file.text.length > 256 * 1024) continue;
      for (const { source, destination } of copiedSources(file.text, dockerfile)) for (const uri of filesAt(source)) add(uri, node.id, destination);
    }
  }
  return { byFile, proxies };
}

/** The names each project's or namespace's components answer (lower case), by its scope (the first of `scopesOf`); Kubernetes Services' too. */
function namesByScope(builder: SystemBuilder, scopesOf: (node: SystemNode) => string[] | undefined): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const node of builder.nodes()) {
    const service = /^k8s:Service\/([^/]*)\//.exec(node.id);
    const scope = service ? `k8s:${service[1]}` : componentKinds.has(node.kind) ? scopesOf(node)?.[0] : undefined;
    if (scope !== undefined) names.set(scope, (names.get(scope) ?? new Set<string>()).add(node.name.toLowerCase()));
  }
  return names;
}

/** `COPY`/`ADD` sources of a Dockerfile (its context taken as its folder): files and folders, not a stage's (`--from`), not a glob, not the whole context. */
function copiedSources(text: string, dockerfile: string): { source: string; destination: string }[] {
  const sources: { source: string; destination: string }[] = [];
  const context = `${folderOf(dockerfile)}/`;
  for (const { source, destination } of textCopies(text).flatMap((copy) => copy.sources.map((written) => ({ source: written, destination: copy.destination })))) {
    if (/[*?[\]$]/.test(source) || /^\.?\/?$/.test(source)) continue;
    let end = source.length;
    while (end > 1 && source[end - 1] === '/') end--;
    const uri = sideUri(source.slice(0, end), context);
    if (uri !== undefined) sources.push({ source: uri, destination });
  }
  return sources;
}

/**
 * The calls the files components mount write, added to the map (appconfig/system.ts's refine); the proxy configurations the
 * family's nginx reader takes returned with the ids of their mounters (or builders): theirs, never the component their folder gives them to.
 */
export function addMountedCalls(
  builder: SystemBuilder, reader: MountReader | undefined, root: string, builds: ReadonlyMap<SystemNode, ReadonlySet<string>>, scopesOf: (node: SystemNode) => string[] | undefined,
  environmentOf: (node: SystemNode) => ReadonlySet<string>,
): Map<string, Set<string>> {
  const { byFile, proxies } = mountersByFile(builder, reader, builds);
  let names: Map<string, Set<string>> | undefined;
  // A call of a mounted file's address naming a component of the mounter's project or namespace (but itself).
  const add = (node: SystemNode, address: WrittenAddress, source: SystemSource) => {
    const scopes = scopesOf(node);
    if (!scopes) return;
    const own = node.name.toLowerCase();
    const peers = (names ??= namesByScope(builder, scopesOf)).get(scopes[0]);
    const label = address.host.split('.')[0];
    if (!peers?.has(address.host) && !peers?.has(label)) return;
    if (address.host === own || label === own) return;
    builder.address({
      from: node.id, host: peers.has(address.host) ? address.host : label, ...(address.port !== undefined ? { port: address.port } : {}), ...(address.scheme ? { scheme: address.scheme } : {}),
      scopes, text: address.text, source, internal: isSingleLabel(address.host), report: false,
    });
  };
  // A file's text: the index's, else by the host's bounded, confined read.
  const textOf = (uri: string): string | undefined => {
    const indexed = builder.index.get(uri);
    if (indexed && !indexed.skipped) return indexed.text;
    const found = reader?.read(fileURLToPath(uri));
    return found && 'text' in found ? found.text : undefined;
  };
  let read = 0;
  for (const [uri, mounters] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // An address book several components of a project share says nothing of who calls whom (the module's comment); one image
    // run in several projects (plane's proxy, built at the root and run from the registry by deployments/cli/community) is each one's.
    const nodes = [...mounters].flatMap((id) => builder.get(id) ?? []);
    const scopes = new Set(nodes.map((node) => scopesOf(node)?.[0]));
    if (nodes.length === 0 || scopes.size !== nodes.length || isTestFile(uri.slice(root.length)) || ++read > MAX_MOUNTED_FILES) continue;
    // A file another family draws (Grafana's datasources, a Prometheus configuration) says its own edges.
    if (builder.get(artifactId(uri))) continue;
    const text = textOf(uri);
    if (text === undefined) continue;
    const addresses = configAddresses(nameOf(uri), text);
    for (const node of nodes) for (const address of addresses) add(node, address, sourceIn(uri, text, address.start, address.end));
  }
  // A proxy's configuration is its routes, each proxy's that puts it in place (several replicas of one gateway alike); one the
  // index holds as nginx's is read by the family (its templates' `${HOST}` by the build's `ENV`), with these owners.
  const proxyFiles = new Map<string, Set<string>>();
  for (const [uri, mounters] of [...proxies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (isTestFile(uri.slice(root.length)) || ++read > MAX_MOUNTED_FILES) continue;
    const indexed = builder.index.get(uri);
    if (indexed && !indexed.skipped && appConfigKind(uri) === 'nginx') {
      proxyFiles.set(uri, mounters);
      continue;
    }
    const text = textOf(uri);
    if (text === undefined) continue;
    const addresses = proxyAddresses(text);
    for (const id of mounters) {
      const node = builder.get(id);
      if (node) for (const address of addresses) add(node, address, sourceIn(uri, text, address.start, address.end));
    }
  }
  // The ConfigMaps Kubernetes workloads mount (configMapMounts.ts).
  configMapCalls(builder, root, add);
  // The scripts components run (scripts.ts): their URLs, a `${VAR:-default}` host the default where the component sets no VAR.
  for (const { node, uri } of runScripts(builder, builds, textOf)) {
    const text = isTestFile(uri.slice(root.length)) ? undefined : textOf(uri);
    if (text !== undefined) for (const address of scriptAddresses(text, environmentOf(node))) add(node, address, sourceIn(uri, text, address.start, address.end));
  }
  return proxyFiles;
}
