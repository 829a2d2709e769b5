/**
 * Envoy's admin listener (issue #95, eShopOnContainers' gateways): an Envoy serves its admin interface on the port its
 * configuration's `admin: address: socket_address: port_value` says — config_dump, clusters and stats to read, log
 * levels, draining and `/quitquitquit` to act, and no login of any kind. The port is not fixed: it is read from the
 * configuration the container is given — a file of the workspace that a Compose bind mount puts where Envoy reads it
 * (`-c`/`--config-path` in its command, else the image's `/etc/envoy/envoy.yaml`), or a Kubernetes ConfigMap mounted
 * there, or a file the Dockerfile building it copies (its source in the build's context), read as it is or as the template
 * its start script renders (scriptConfig). Every file through the host's one bounded, confined read. Pure otherwise.
 */
import { isMap, isScalar, LineCounter, parseAllDocuments, parseDocument, type Document } from 'yaml';
import { isLoopbackAddress } from '../features/system/addresses';
import { instructionArguments, textCopies, textInstructions } from '../dockerfile/api';
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { FileLines, sourceOfLine } from './evidence';
import { blockValue, composeMounts, inMount, mountsHolding, record, sideUri } from './sideFiles';

/** Where the official image's command reads its configuration (`envoy -c /etc/envoy/envoy.yaml`). */
const DEFAULT_CONFIG = '/etc/envoy/envoy.yaml';

/** A file read beyond which a configuration is not looked into (Envoy configurations are a few kilobytes). */
const MAX_CONFIG = 512 * 1024;

/** An Envoy: the map's technology, or an image named `envoy*` (envoyproxy/envoy, envoy-alpine, envoy-distroless). */
export function isEnvoy(node: Pick<SystemNode, 'technology' | 'image'>): boolean {
  const image = node.image?.slice(node.image.lastIndexOf('/') + 1).split(/[:@]/)[0].toLowerCase();
  return node.technology === 'Envoy' || (image !== undefined && /^envoy(?:$|-)/.test(image));
}

/**
 * The admin listener of an Envoy configuration (YAML or JSON): its port and the 0-based line that sets it; undefined when
 * it has none, listens on the loopback only, on a pipe, or on a port written as a variable (a template).
 */
export function envoyAdminListener(text: string): { port: number; line: number } | undefined {
  if (text.length > MAX_CONFIG) return undefined;
  const counter = new LineCounter();
  let document: Document;
  try {
    document = parseDocument(text, { lineCounter: counter, uniqueKeys: false, logLevel: 'silent' });
  } catch {
    return undefined;
  }
  const address = document.getIn(['admin', 'address'], true);
  const lineOf = (node: unknown) => (isScalar(node) && node.range ? counter.linePos(node.range[0]).line - 1 : undefined);
  // The v1 form: `address: tcp://0.0.0.0:9901`.
  if (isScalar(address)) {
    const m = /^tcp:\/\/(\[[^\]]*\]|[^:/]+):(\d{1,5})$/.exec(String(address.value).trim());
    const line = lineOf(address);
    return m && !isLoopbackAddress(m[1]) && line !== undefined ? listener(Number(m[2]), line) : undefined;
  }
  if (!isMap(address)) return undefined;
  const socket = address.get('socket_address', true);
  if (!isMap(socket)) return undefined;
  const host = socket.get('address', true);
  if (isScalar(host) && isLoopbackAddress(String(host.value))) return undefined;
  const port = socket.get('port_value', true);
  const line = lineOf(port);
  const value = isScalar(port) ? String(port.value).trim() : '';
  return /^\d{1,5}$/.test(value) && line !== undefined ? listener(Number(value), line) : undefined;
}

const listener = (port: number, line: number) => (port > 0 && port < 65536 ? { port, line } : undefined);

/** The configuration path a command gives Envoy (`-c <path>`, `--config-path <path>`, `--config-path=<path>`). */
export function configPathOf(words: readonly string[]): string | undefined {
  for (const [i, word] of words.entries()) {
    const joined = /^--config-path=(.+)$/.exec(word)?.[1];
    const path = joined ?? (word === '-c' || word === '--config-path' ? words[i + 1] : undefined);
    if (path !== undefined) return path.includes('$') ? undefined : path;
  }
  return undefined;
}

/** A command as words: a list as it is, a string split on blanks (quotes dropped). */
const wordsOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, '')) : []);

/** What the Envoy module reads with: a file's text by the one bounded, confined read; the workspace's YAML files; the Dockerfiles building what a component runs, with their base images. */
export interface EnvoyReader {
  text: (uri: string) => string | undefined;
  yamlFiles: () => Iterable<string>;
  dockerfiles?: (node: SystemNode) => { uri: string; from: readonly string[] }[];
}

/** A file mounted in the container: the path it is mounted at, and what stands there (a workspace file or folder, a ConfigMap's keys). */
type Mount = { target: string; file: (relative: string) => { uri: string; text: string; offset: number } | undefined };

/** The file a path inside the container is, through the mounts (the deepest mount holding it that has it). */
function resolve(path: string, mounts: readonly Mount[]): { uri: string; text: string; offset: number } | undefined {
  for (const { mount, rest } of mountsHolding(path, mounts)) {
    const found = mount.file(rest);
    if (found) return found;
  }
  return undefined;
}

/** A workspace file or folder as a mount (a Compose bind mount or config, a Dockerfile's copy): its files read by the one bounded read. */
function workspaceMount(target: string, root: string, reader: EnvoyReader): Mount {
  return {
    target,
    file: (relative) => {
      const uri = inMount(root.replace(/\/$/, ''), relative);
      const text = uri ? reader.text(uri) : undefined;
      return uri && text !== undefined ? { uri, text, offset: 0 } : undefined;
    },
  };
}


/**
 * What a start script does with Envoy's configuration (issue #95, eShopOnDapr's gateway): the path after `-c` on the line
 * that runs envoy, and the template a line renders into that path with envsubst (`cat <template> | envsubst … > <path>`,
 * `envsubst < <template> > <path>`), whose text is the configuration but for the variables it substitutes. Read as text,
 * never run.
 */
export function scriptConfig(text: string): { path?: string; template?: string } {
  const lines = text.split(/\r?\n/).filter((l) => !/^\s*#/.test(l));
  let path: string | undefined;
  for (const line of lines) {
    const words = line.trim().split(/\s+/);
    if (words.some((w) => /(?:^|\/)envoy$/.test(w))) path ??= configPathOf(words);
  }
  if (path === undefined) return {};
  for (const line of lines) {
    // What follows the last `>` is where the line writes.
    if (!/\benvsubst\b/.test(line) || !line.includes('>') || line.slice(line.lastIndexOf('>') + 1).trim() !== path) continue;
    const template = /<\s*(\S+)/.exec(line)?.[1] ?? /^\s*cat\s+(\S+)\s*\|/.exec(line)?.[1];
    if (template !== undefined && template.startsWith('/') && !template.includes('$')) return { path, template };
  }
  return { path };
}

/**
 * What a Dockerfile puts where Envoy reads (`COPY envoy.yaml /etc/envoy/envoy.yaml`, `ADD envoy.yaml /etc/envoy/`): each
 * copied file as a mount at its destination, its source taken in the build's context (`contexts`: a Compose `build:
 * context:`, eShopOnDapr's repository root) and else beside the Dockerfile; the configuration path its last CMD or
 * ENTRYPOINT gives; and the start script it runs (`ENTRYPOINT ["/docker-entrypoint.sh"]`), an absolute path.
 */
function dockerfileConfig(uri: string, reader: EnvoyReader, contexts: readonly string[] = []): { path?: string; script?: string; mounts: Mount[] } {
  const mounts: Mount[] = [];
  let command: string[] = [];
  let entrypoint: string[] = [];
  const text = reader.text(uri) ?? '';
  for (const { name, rest } of textInstructions(text)) {
    if (name === 'CMD') command = instructionArguments(rest);
    else if (name === 'ENTRYPOINT') entrypoint = instructionArguments(rest);
  }
  for (const { sources: words, destination } of textCopies(text)) {
    if (!destination.startsWith('/')) continue;
    const folder = destination.endsWith('/') || words.length > 1;
    for (const source of words) {
      if (/[*?[]/.test(source)) continue;
      for (const base of [...contexts, uri]) {
        const root = sideUri(source.replace(/^\.\//, ''), base);
        if (!root) continue;
        // A file copied into a folder keeps its name; a folder copied gives its content.
        if (folder) mounts.push(workspaceMount(`${destination.replace(/\/$/, '')}/${source.replace(/\/$/, '').split('/').pop() ?? ''}`, root, reader));
        mounts.push(workspaceMount(destination, root, reader));
      }
    }
  }
  const words = [...entrypoint, ...command];
  const script = words.find((w) => w.startsWith('/') && /\.sh$/.test(w));
  return { path: configPathOf(words), ...(script !== undefined ? { script } : {}), mounts };
}

/** The pod spec of a workload (a Pod's spec, a Deployment's template, a CronJob's job's template). */
function podSpec(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = record(object.spec);
  return record(record(record(record(record(spec?.jobTemplate)?.spec)?.template)?.spec) ?? record(record(spec?.template)?.spec) ?? (object.kind === 'Pod' ? spec : undefined));
}

/** A ConfigMap's keys, each a file where it is mounted, at its lines in the ConfigMap's file. */
function configMapFile(name: string, namespace: string | undefined, reader: EnvoyReader): ((key: string) => { uri: string; text: string; offset: number } | undefined) | undefined {
  for (const uri of reader.yamlFiles()) {
    const text = reader.text(uri);
    if (text === undefined || text.length > MAX_CONFIG || !/^kind:\s*["']?ConfigMap\b/m.test(text) || !text.includes(name)) continue;
    const counter = new LineCounter();
    let documents: Document[];
    try {
      documents = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false, logLevel: 'silent' });
    } catch {
      continue;
    }
    for (const document of documents) {
      if (document.get('kind') !== 'ConfigMap' || document.getIn(['metadata', 'name']) !== name) continue;
      const own = document.getIn(['metadata', 'namespace']);
      if (namespace !== undefined && own !== undefined && own !== namespace) continue;
      const data = document.get('data', true);
      if (!isMap(data)) continue;
      return (key) => {
        const value = data.get(key, true);
        if (!isScalar(value) || typeof value.value !== 'string' || !value.range) return undefined;
        // A block scalar's text starts on the line after its indicator (`envoy.yaml: |`); a flow scalar's on its own.
        const start = counter.linePos(value.range[0]).line - 1;
        const block = value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED';
        return { uri, text: value.value, offset: block ? start + 1 : start };
      };
    }
  }
  return undefined;
}

/** A Kubernetes workload's Envoy containers: each one's configuration path and mounts (ConfigMap volumes). */
function kubernetesConfigs(object: Record<string, unknown>, reader: EnvoyReader): { path: string; mounts: Mount[] }[] {
  const pod = podSpec(object);
  if (!pod) return [];
  const namespace = typeof record(object.metadata)?.namespace === 'string' ? (record(object.metadata)!.namespace as string) : undefined;
  const volumes = new Map<string, Record<string, unknown>>();
  for (const volume of Array.isArray(pod.volumes) ? pod.volumes : []) {
    const v = record(volume);
    if (v && typeof v.name === 'string') volumes.set(v.name, v);
  }
  const found: { path: string; mounts: Mount[] }[] = [];
  for (const container of Array.isArray(pod.containers) ? pod.containers : []) {
    const c = record(container);
    if (!c || typeof c.image !== 'string' || !isEnvoy({ image: c.image })) continue;
    const path = configPathOf([...wordsOf(c.command), ...wordsOf(c.args)]) ?? DEFAULT_CONFIG;
    const mounts: Mount[] = [];
    for (const mount of Array.isArray(c.volumeMounts) ? c.volumeMounts : []) {
      const m = record(mount);
      const volume = m && typeof m.name === 'string' ? volumes.get(m.name) : undefined;
      const configMap = record(volume?.configMap);
      if (!m || typeof m.mountPath !== 'string' || !configMap || typeof configMap.name !== 'string') continue;
      const keys = configMapFile(configMap.name, namespace, reader);
      if (!keys) continue;
      // `items` map keys to paths; `subPath` mounts one key as the file at mountPath.
      const items = new Map<string, string>();
      for (const item of Array.isArray(configMap.items) ? configMap.items : []) {
        const it = record(item);
        if (it && typeof it.key === 'string' && typeof it.path === 'string') items.set(it.path, it.key);
      }
      const subPath = typeof m.subPath === 'string' ? m.subPath : undefined;
      mounts.push({ target: m.mountPath, file: (relative) => (subPath !== undefined ? (relative === '' ? keys(items.get(subPath) ?? subPath) : undefined) : keys(items.get(relative) ?? (items.size > 0 ? '' : relative))) });
    }
    found.push({ path, mounts });
  }
  return found;
}

/**
 * The admin listener of an Envoy component: its port and the configuration's line that sets it. A Compose service's
 * blocks (a file and its override) together give its command and bind mounts; a Kubernetes workload's document its
 * containers' command and ConfigMap volumes.
 */
export function envoyAdminOf(node: SystemNode, reader: EnvoyReader): { port: number; source: SystemSource } | undefined {
  const kubernetes = node.id.startsWith('k8s:');
  // A Compose service runs Envoy by its image, or by the base image of the Dockerfile that builds it.
  const built = kubernetes ? [] : (reader.dockerfiles?.(node) ?? []).filter((d) => d.from.length > 0 && isEnvoy({ image: d.from[0] }));
  if (!kubernetes && !isEnvoy(node) && built.length === 0) return undefined;
  const configs: { path: string; mounts: Mount[] }[] = [];
  const compose = { mounts: [] as Mount[], path: undefined as string | undefined, script: undefined as string | undefined };
  const contexts: string[] = [];
  for (const own of node.sources) {
    if (!own.uri.startsWith('file:')) continue;
    const text = reader.text(own.uri);
    if (text === undefined) continue;
    const lines = new FileLines(text).block(own.range.start.line).lines;
    // Only a block naming Envoy is parsed (a workload's document is read whole otherwise).
    if (!lines.some((l) => /envoy/i.test(l))) continue;
    const value = record(blockValue(lines));
    if (!value) continue;
    if (kubernetes) {
      configs.push(...kubernetesConfigs(value, reader));
      continue;
    }
    const service = record(Object.values(value)[0]);
    if (!service) continue;
    compose.mounts.push(...composeMounts(service, own.uri, () => text).map((m) => workspaceMount(m.target, m.source, reader)));
    compose.path ??= configPathOf([...wordsOf(service.entrypoint), ...wordsOf(service.command)]);
    // The build's context, where a Dockerfile's COPY sources are (`build: .`, `build: { context: . }`).
    const build = service.build;
    const context = typeof build === 'string' ? build : record(build)?.context;
    const folder = typeof context === 'string' ? sideUri(context.endsWith('/') ? context : `${context}/`, own.uri) : undefined;
    if (folder && !contexts.includes(folder)) contexts.push(folder);
  }
  // What the Compose file mounts hides what the image holds; its command, the image's.
  for (const dockerfile of built) {
    const image = dockerfileConfig(dockerfile.uri, reader, contexts);
    compose.mounts.push(...image.mounts);
    compose.path ??= image.path;
    compose.script ??= image.script;
  }
  // No `-c` in the command: the start script's, or the template it renders the configuration from.
  const script = compose.path === undefined && compose.script !== undefined ? resolve(compose.script, compose.mounts) : undefined;
  const started = script ? scriptConfig(script.text) : {};
  if (compose.mounts.length > 0) configs.push({ path: started.template ?? started.path ?? compose.path ?? DEFAULT_CONFIG, mounts: compose.mounts });
  for (const { path, mounts } of configs) {
    const file = resolve(path, mounts);
    const admin = file ? envoyAdminListener(file.text) : undefined;
    if (file && admin) return { port: admin.port, source: sourceOfLine(file.uri, file.offset + admin.line, new FileLines(reader.text(file.uri) ?? '').line(file.offset + admin.line)) };
  }
  return undefined;
}
