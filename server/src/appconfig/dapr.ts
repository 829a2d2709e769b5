/**
 * The calls a Dapr sidecar makes for its application (issue #95). The application talks to its sidecar on localhost; the
 * sidecar reaches what the application's files name:
 * - a Dapr component (`apiVersion: dapr.io/…`, `kind: Component`): a pub/sub broker, a state store, a binding, its address in
 *   `spec.metadata` (`host: amqp://rabbitmq:5672`, `redisHost: redis:6379`, `url: mqtt://mosquitto:1883`, `host: mailserver`
 *   with `port: 25`), loaded by the applications its `scopes` name (none: every one). Under Compose a sidecar loads the folder
 *   mounted at its `-components-path`; in Kubernetes a component applied beside the application's manifest, in its namespace,
 *   or one naming the application's namespace in a folder beside its manifest's (Red Dog's `base/components/` and
 *   `base/deployments/`: Dapr loads a component in every application of its namespace);
 * - an app id another application's code or proxy calls (`CreateInvokeHttpClient("basket-api")`, `/v1.0/invoke/basket-api/method/`):
 *   the application whose sidecar runs under that id (Compose's `daprd -app-id`, Kubernetes' `dapr.io/app-id` annotation).
 * The calls are drawn from the application, not its sidecar, in the application's own Compose project or namespace; only the
 * sidecar's own connection to the actors' placement service (Compose's `-placement-host-address placement:50006`) is the sidecar's.
 */
import { addressesIn, isRemoteHost, isSingleLabel } from '../features/system/addresses';
import { componentKinds, type SystemBuilder, type SystemNode } from '../features/system/contributor';
import { sourceAt } from '../features/system/source';
import type { SourceNode } from '../yaml/sourceNode';
import { pairOf } from '../yaml/tree';
import type { IndexedFile } from '../workspace/index';
import type { WrittenCall } from './writtenCall';
import { folderOf } from './files';

/** A Dapr component as written: what it is, who loads it, and the addresses its metadata names. */
export interface DaprComponent {
  name: string;
  /** `pubsub.rabbitmq`, `state.redis`, `bindings.smtp`. */
  type: string;
  namespace?: string;
  /** The app ids that load it; empty: every application. */
  scopes: string[];
  calls: WrittenCall[];
}

/** The metadata entries that hold an address (the components' own names for it), lower case. */
const addressEntries = new Set(['host', 'redishost', 'url', 'brokers', 'connectionstring', 'server', 'servers', 'endpoint', 'natsurl', 'natsserver', 'hosts', 'address', 'addresses', 'servicebusnamespace', 'amqpaddress', 'broker', 'uri']);

/** The scheme of a component's calls by its type, when its address holds none. */
function schemeOf(type: string): string | undefined {
  if (type === 'bindings.smtp') return 'smtp';
  if (type.endsWith('.redis')) return 'redis';
  if (type.endsWith('.rabbitmq')) return 'amqp';
  if (type.endsWith('.mqtt') || type.endsWith('.mqtt3')) return 'mqtt';
  if (type.endsWith('.kafka')) return 'kafka';
  return undefined;
}

/** A mapping's value under `key` (yaml/tree.ts pairOf). */
const pair = (node: SourceNode | null | undefined, key: string): SourceNode | null | undefined => pairOf(node, key)?.value;

function scalar(text: string, offset: number, node: SourceNode | null | undefined): { value: string; start: number } | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const raw = text.slice(offset + node.start, offset + node.end);
  const value = raw.replace(/^(["'])(.*)\1$/s, '$2');
  return { value, start: offset + node.start + (value.length < raw.length ? 1 : 0) };
}

/** The Dapr components of a YAML file (one per document). Pure: a text and its trees in, the components out. */
export function readDaprComponents(text: string, trees: readonly { offset: number; tree: SourceNode | null }[]): DaprComponent[] {
  const components: DaprComponent[] = [];
  for (const { offset, tree } of trees) {
    if (!/^dapr\.io\//.test(scalar(text, offset, pair(tree, 'apiVersion'))?.value ?? '') || scalar(text, offset, pair(tree, 'kind'))?.value !== 'Component') continue;
    const metadata = pair(tree, 'metadata');
    const spec = pair(tree, 'spec');
    const type = scalar(text, offset, pair(spec, 'type'))?.value ?? '';
    const namespace = scalar(text, offset, pair(metadata, 'namespace'))?.value;
    const scopes = (pair(tree, 'scopes')?.items ?? []).map((item) => scalar(text, offset, item)?.value.toLowerCase()).filter((id): id is string => id !== undefined && id !== '');
    const entries = new Map<string, { value: string; start: number }>();
    for (const item of pair(spec, 'metadata')?.items ?? []) {
      const name = scalar(text, offset, pair(item, 'name'))?.value;
      const value = scalar(text, offset, pair(item, 'value'));
      if (name !== undefined && value !== undefined) entries.set(name.toLowerCase(), value);
    }
    const port = Number(entries.get('port')?.value);
    const calls: WrittenCall[] = [];
    for (const [name, { value, start }] of entries) {
      if (!addressEntries.has(name) || value.includes('{{')) continue;
      const found = addressesIn(value);
      for (const address of found) {
        const scheme = address.scheme ?? schemeOf(type);
        calls.push({ host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), ...(scheme ? { scheme } : {}), text: address.text, start: start + address.start, end: start + address.end, evidence: 'config' });
      }
      // `host: mailserver` with `port: 25` beside it: a host alone.
      if (found.length === 0 && isRemoteHost(value)) {
        const scheme = schemeOf(type);
        calls.push({ host: value.toLowerCase(), ...(Number.isInteger(port) && port > 0 && port < 65536 ? { port } : {}), ...(scheme ? { scheme } : {}), text: value, start, end: start + value.length, evidence: 'config' });
      }
    }
    components.push({ name: scalar(text, offset, pair(metadata, 'name'))?.value ?? '', type, ...(namespace !== undefined ? { namespace } : {}), scopes, calls });
  }
  return components;
}

/** An app id code or configuration calls through its sidecar: `CreateInvokeHttpClient("x")`, `InvokeMethodAsync(…, "x", …)`, `/v1.0/invoke/x/method`, a `dapr-app-id` header. */
const invokePath = /\/v1\.0\/invoke\/([a-z][a-z0-9-]{0,62})\/method\b/gi;
// The app id is the call's first string argument, after an HTTP method at most (`InvokeMethodAsync<T>(HttpMethod.Post, "x",
// "method")`); a call naming its id by a variable has the method's name first, no id (invocationsByConstant reads a constant's).
const invokeClient = /\b(?:CreateInvok(?:e|able)HttpClient|InvokeMethod(?:Async|WithResponseAsync|GrpcAsync)?|CreateInvokeMethodRequest|invokeMethod)(?:<[^()"'`;]{0,80}>)?\s{0,12}\(\s{0,12}(?:HttpMethod\.\w{1,16}\s{0,4},\s{0,12})?["'`]([A-Za-z][\w-]{0,62})["'`]/g;
const appIdHeader = /["'`]dapr-app-id["'`]\s{0,4}[,:]\s{0,4}["'`]([a-z][a-z0-9-]{0,62})["'`]/gi;

/**
 * A variable set to the sidecar's invocation base, a URL ending in `/v1.0/invoke` (`const daprUrl =
 * \`http://localhost:${daprPort}/v1.0/invoke\``, Python's `dapr_url = f"http://localhost:{port}/v1.0/invoke"`): its name.
 */
const invokeBase = /\b([A-Za-z_$][\w$]{0,63})\s{0,4}=\s{0,4}f?[`'"][^`'"\n]{0,200}\/v1\.0\/invoke\/?[`'"]/g;

/** The app ids called through a base variable: `${daprUrl}/addapp/method/add`, `{dapr_url}/x/method`, `daprUrl + '/x/method'`. */
function invocationsByBase(name: string): RegExp {
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(`(?:\\{\\s{0,2}${escaped}\\s{0,2}\\}|\\b${escaped}\\s{0,4}\\+\\s{0,4}[\`'"])\\/([a-z][a-z0-9-]{0,62})\\/method\\b`, 'gi');
}

/**
 * A constant holding an app id (Red Dog's `private const string OrderServiceDaprId = "order-service";`, Java's
 * `static final String ORDERS = "orders";`, `const ordersApp = 'orders'`): its name and the id.
 */
const idConstant = /\b(?:const|final|readonly)\s{1,4}(?:(?:string|String|var|let)\s{1,4})?([A-Za-z_]\w{0,63})\s{0,4}=\s{0,4}["'`]([a-z][a-z0-9-]{0,62})["'`]\s{0,4};/g;

/** An invocation naming a constant as its app id: `InvokeMethodAsync<Order>(HttpMethod.Post, OrderServiceDaprId, "orders", …)`. */
function invocationsByConstant(name: string): RegExp {
  return new RegExp(`\\b(?:CreateInvok(?:e|able)HttpClient|InvokeMethod(?:Async|WithResponseAsync|GrpcAsync)?|CreateInvokeMethodRequest|invokeMethod)\\b[^"'\`;]{0,120}\\b(${name})\\b`, 'g');
}

/** The app ids a text names as Dapr service invocation targets (`at`: the text's offset in its file). */
export function daprInvocations(line: string, at: number): WrittenCall[] {
  if (!/invoke|dapr-app-id/i.test(line)) return [];
  const patterns: { pattern: RegExp; id?: string }[] = [{ pattern: invokePath }, { pattern: invokeClient }, { pattern: appIdHeader }];
  const bases = new Set([...line.matchAll(invokeBase)].map((match) => match[1]));
  for (const name of bases) patterns.push({ pattern: invocationsByBase(name) });
  const constants = new Map([...line.matchAll(idConstant)].slice(0, 50).map((match) => [match[1], match[2]]));
  for (const [name, id] of constants) patterns.push({ pattern: invocationsByConstant(name), id });
  const calls: WrittenCall[] = [];
  for (const { pattern, id } of patterns) {
    for (const match of line.matchAll(pattern)) {
      const start = match.index + match[0].lastIndexOf(match[1]);
      if (calls.some((call) => call.start === at + start)) continue;
      calls.push({ host: (id ?? match[1]).toLowerCase(), scheme: 'http', text: match[1], start: at + start, end: at + start + match[1].length, evidence: 'code', onlyKnown: true });
    }
  }
  return calls;
}

/** An application running with a Dapr sidecar: its node, its app id, and where its components are. */
interface DaprApp {
  node: SystemNode;
  appId: string;
  /** Compose: the workspace folders mounted at its sidecar's components path. */
  componentFolders?: string[];
  /** Kubernetes: the folder of its manifest. */
  manifestFolder?: string;
  /** Compose: the sidecar's own `-placement-host-address placement:50006` (actors' placement service), where it is written. */
  placement?: { sidecar: SystemNode; file: IndexedFile; word: Word };
}

/** A word of a command, with its offset in its file. */
interface Word {
  value: string;
  start: number;
}


function treesOf(file: IndexedFile): { offset: number; tree: SourceNode | null }[] {
  return file.yaml?.chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree })) ?? [];
}

/** `./dapr/components/` against the Compose file's folder: a workspace folder (no `..` above the root kept). */
function resolveFolder(base: string, relative: string): string | undefined {
  if (!/^\.{1,2}\//.test(relative) && relative !== '.') return undefined;
  const parts = base.split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The words of a Compose `command` (a list or a string). */
function commandWords(text: string, offset: number, node: SourceNode | null | undefined): Word[] {
  if (node?.kind === 'seq') return (node.items ?? []).map((item) => scalar(text, offset, item) ?? { value: '', start: 0 });
  const line = scalar(text, offset, node);
  return line ? [...line.value.matchAll(/\S+/g)].map((word) => ({ value: word[0], start: line.start + word.index })) : [];
}

function flagWord(words: readonly Word[], names: readonly string[]): Word | undefined {
  for (let i = 0; i < words.length; i++) {
    const [flag, inline] = words[i].value.split('=', 2);
    if (!names.includes(flag)) continue;
    return inline !== undefined ? { value: inline, start: words[i].start + flag.length + 1 } : words[i + 1];
  }
  return undefined;
}

const flagValue = (words: readonly Word[], names: readonly string[]): string | undefined => flagWord(words, names)?.value;

/** A Compose document's services by name, made once per document (a lookup per sidecar then costs no walk of the services). */
const servicesByName = new WeakMap<SourceNode, Map<string, SourceNode | null>>();

function serviceOf(tree: SourceNode | null, name: string): SourceNode | null | undefined {
  const services = pair(tree, 'services');
  if (services?.kind !== 'map') return undefined;
  let byName = servicesByName.get(services);
  if (!byName) servicesByName.set(services, (byName = new Map((services.pairs ?? []).flatMap((entry) => (entry.key === undefined ? [] : [[entry.key, entry.value] as const])))));
  return byName.get(name);
}

/** The Compose sidecars (a `daprd … -app-id <id>` service): the application it serves (`network_mode: service:<app>`), its id, its components' folders. */
function composeApps(builder: SystemBuilder, nodes: readonly SystemNode[]): DaprApp[] {
  const apps: DaprApp[] = [];
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const sidecar of nodes) {
    if (!sidecar.id.startsWith('compose:')) continue;
    const uris = [...new Set(sidecar.sources.map((source) => source.uri))];
    // Only a service some file of which names `daprd` is read (a project of thousands of services costs one text search each).
    if (!uris.some((uri) => builder.index.get(uri)?.text.includes('daprd'))) continue;
    let words: Word[] = [];
    let commandFile: IndexedFile | undefined;
    let networkMode: string | undefined;
    const volumes: { folder: string; target: string }[] = [];
    for (const uri of uris) {
      const file = builder.index.get(uri);
      if (!file || file.skipped) continue;
      for (const { offset, tree } of treesOf(file)) {
        const service = serviceOf(tree, sidecar.name);
        if (!service) continue;
        const command = commandWords(file.text, offset, pair(service, 'command'));
        if (command.length > 0) {
          words = command;
          commandFile = file;
        }
        networkMode = scalar(file.text, offset, pair(service, 'network_mode'))?.value ?? networkMode;
        for (const item of pair(service, 'volumes')?.items ?? []) {
          const [host, target] = (scalar(file.text, offset, item)?.value ?? '').split(':');
          const folder = host && target ? resolveFolder(folderOf(uri), host.replace(/\/$/, '')) : undefined;
          if (folder) volumes.push({ folder, target: target.replace(/\/$/, '') });
        }
      }
    }
    if (!words.some((word) => /(^|\/)daprd$/.test(word.value))) continue;
    const appId = flagValue(words, ['-app-id', '--app-id'])?.toLowerCase();
    if (!appId) continue;
    const path = flagValue(words, ['-components-path', '--components-path', '-resources-path', '--resources-path'])?.replace(/\/$/, '');
    const served = networkMode?.startsWith('service:') ? byId.get(`${sidecar.id.slice(0, sidecar.id.lastIndexOf(':'))}:${networkMode.slice('service:'.length)}`) : undefined;
    const placement = flagWord(words, ['-placement-host-address', '--placement-host-address']);
    apps.push({
      node: served ?? sidecar, appId, componentFolders: path ? volumes.filter((volume) => volume.target === path).map((volume) => volume.folder) : [],
      ...(placement && commandFile ? { placement: { sidecar, file: commandFile, word: placement } } : {}),
    });
  }
  return apps;
}

/** The Kubernetes workloads annotated `dapr.io/app-id` (on their pod template). */
function kubernetesApps(builder: SystemBuilder, nodes: readonly SystemNode[]): DaprApp[] {
  const apps: DaprApp[] = [];
  for (const node of nodes) {
    if (!node.id.startsWith('k8s:')) continue;
    for (const uri of new Set(node.sources.map((source) => source.uri))) {
      const file = builder.index.get(uri);
      if (!file || file.skipped || !file.text.includes('dapr.io/app-id')) continue;
      for (const { offset, tree } of treesOf(file)) {
        if (scalar(file.text, offset, pair(pair(tree, 'metadata'), 'name'))?.value !== node.name) continue;
        const annotations = pair(pair(pair(pair(tree, 'spec'), 'template'), 'metadata'), 'annotations');
        const appId = scalar(file.text, offset, pair(annotations, 'dapr.io/app-id'))?.value.toLowerCase();
        if (appId) apps.push({ node, appId, manifestFolder: folderOf(uri) });
      }
    }
  }
  return apps;
}

/**
 * A Compose sidecar's `-placement-host-address placement:50006` (a comma-separated list for a highly available placement):
 * the sidecar's own gRPC connection to the actors' placement service, drawn from the sidecar.
 */
function placementCalls(builder: SystemBuilder, apps: readonly DaprApp[], scopesOf: (node: SystemNode) => string[] | undefined): void {
  for (const { placement } of apps) {
    if (!placement) continue;
    const scopes = scopesOf(placement.sidecar);
    if (!scopes) continue;
    for (const found of addressesIn(placement.word.value)) {
      builder.address({
        from: placement.sidecar.id, host: found.host, ...(found.port !== undefined ? { port: found.port } : {}), scheme: 'grpc', scopes, text: found.text,
        source: sourceAt(placement.file, placement.word.start + found.start, placement.word.start + found.end), internal: isSingleLabel(found.host), report: false,
      });
    }
  }
}

/**
 * The Dapr applications of the map, each answering its app id where it is deployed, and the calls their components make
 * (from the application to the address the component names). `scopesOf` says where a node's host names are looked up.
 * Returns the app ids, names a call may use.
 */
export function contributeDapr(builder: SystemBuilder, scopesOf: (node: SystemNode) => string[] | undefined): string[] {
  const nodes = [...builder.nodes()].filter((node) => componentKinds.has(node.kind));
  const apps = [...composeApps(builder, nodes), ...kubernetesApps(builder, nodes)];
  if (apps.length === 0) return [];
  for (const { node, appId } of apps) {
    const scope = scopesOf(node)?.[0];
    // Its sidecar answers the id, with or without a Service in front of the application.
    if (scope) builder.answers(node.id, scope, [appId]);
  }
  placementCalls(builder, apps, scopesOf);
  for (const file of builder.index.files()) {
    if (file.skipped || !file.text.includes('dapr.io/') || !/kind:\s{0,4}["']?Component\b/.test(file.text)) continue;
    const folder = folderOf(file.uri);
    for (const component of readDaprComponents(file.text, treesOf(file))) {
      const loaders = apps.filter((app) => (component.scopes.length === 0 || component.scopes.includes(app.appId)) && (
        app.componentFolders?.some((mounted) => folder === mounted || folder.startsWith(`${mounted}/`))
        || (app.manifestFolder === folder && (component.namespace === undefined || component.namespace === app.node.namespace))
        || (component.namespace !== undefined && component.namespace === app.node.namespace && app.manifestFolder !== undefined && app.manifestFolder.startsWith(`${folderOf(folder)}/`))));
      for (const call of component.calls) {
        for (const { node } of loaders) {
          const scopes = scopesOf(node);
          if (!scopes || node.name.toLowerCase() === call.host) continue;
          builder.address({
            from: node.id, host: call.host!, ...(call.port !== undefined ? { port: call.port } : {}), ...(call.scheme ? { scheme: call.scheme } : {}), scopes,
            text: call.text, source: sourceAt(file, call.start, call.end), internal: isSingleLabel(call.host!), report: false,
          });
        }
      }
    }
  }
  return apps.map((app) => app.appId);
}
