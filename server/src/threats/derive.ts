/**
 * The security model derived from the system map (issue #65), no hand-written model needed: trust
 * boundaries (the Internet; the places the map nests components in — Compose projects, clusters,
 * namespaces, VPCs, subnets, security groups — with the NetworkPolicies that wall a namespace),
 * entry points (Ingresses, LoadBalancer/NodePort Services, published ports, public Terraform
 * resources), communication links with what the files say of them (TLS, credentials), data stores
 * with the sensitivity of their data (the privacy facts), and the attack paths from each entry point
 * to every store. Each fact keeps the lines that make it. The same facts as a Threagile model
 * (`threagile`), which the risk rules run on and `--format threagile` exports.
 */
import { componentKinds, storeKinds, type EntryPoint, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import { technologyCalled } from '../features/system/technology';
import { tagHardening } from './threagile/cloudHardening';
import { defaultCredentialsOf, exposedConsoles, tagDefaultCredentials, type DefaultCredentials, type SecurityConsole } from './consoleModel';
import { loopbackItem, publishedOnLoopback } from './evidence';
import { identityProvider } from './identityProviders';
import { lineageOf, type Lineage } from './lineage';
import { callLinks, deployLinks, metricsPort, portReader, protocolOf, registeredProtocol, routed, servesHttp, type SecurityLink } from './links';
import { CONFIDENTIALITY, CRITICALITY, type CommunicationLink, type Confidentiality, type Criticality, type DataAsset, type TechnicalAsset, type ThreatModel, type TrustBoundary } from './threagile/model';
import { clearTextClient, selfCertifiedTls, tlsOnlyPort } from './serverTls';
import { inMemoryStore, storeTechnology } from './atRest';
import { technology } from './threagile/technologies';
import { componentsOf, isVault, push, reader, scanEvidence, type DeriveHost, type Evidence, type MapFacts } from './scan';

export interface SecurityBoundary {
  id: string;
  name: string;
  /** `internet`; `compose` (a project's network), `cluster`, `namespace`, `cloud` (account, VPC, subnet), `security-group`. */
  kind: string;
  /** Threagile's boundary type. */
  type: string;
  parent?: string;
  /** Node ids directly inside. */
  members: string[];
  /** The walls: NetworkPolicies of a namespace, a security group's rules. */
  walls: SystemSource[];
  sources: SystemSource[];
}

export interface SecurityEntry {
  id: string;
  via: string;
  /** The node reached first (an Ingress, a Service, a workload, a database). */
  to: string;
  /** The components it leads to. */
  components: string[];
  label: string;
  tls: boolean;
  /** The map's role for it (`user`, `exposure`, `operator`). */
  role: string;
  sources: SystemSource[];
  /** An Ingress's line saying it reaches its pods over TLS. */
  backendTls?: SystemSource;
  /** An Ingress's line saying it verifies the client's certificate. */
  clientCerts?: SystemSource;
  /** The lines of an Istio Gateway's servers that serve in plaintext (entryTls.ts), each instance's: where its plaintext way in is opened. */
  plaintext?: SystemSource[];
  /** The line that puts a web application firewall in front of it (ModSecurity's rules on an ingress-nginx Ingress, an AWS WAF association, Cloud Armor, an Azure WAF). */
  waf?: SystemSource;
}

export interface SecurityStore {
  id: string;
  name: string;
  technology?: string;
  categories: string[];
  confidentiality: Confidentiality;
  encrypted: boolean;
  sources: SystemSource[];
  /** The lines that say its data is encrypted at rest where the store's own block does not (its disks' StorageClass). */
  encryption?: SystemSource[];
  /** The line that keeps it in memory only (atRest.ts): nothing at rest to encrypt. */
  inMemory?: SystemSource;
}

export interface AttackPath {
  entry: string;
  store: string;
  /** Node ids from the Internet to the store. */
  nodes: string[];
}

export interface SecurityModel {
  boundaries: SecurityBoundary[];
  entries: SecurityEntry[];
  links: SecurityLink[];
  stores: SecurityStore[];
  /** The admin and data consoles the entries reach. */
  consoles: SecurityConsole[];
  /** The components left with their product's published credentials (consoles.ts): written in their settings, or the product's default where published; the lines that say so. */
  defaultCredentials: DefaultCredentials[];
  /** The components serving a model trained on classified data (lineage.ts). */
  lineage: Lineage[];
  paths: AttackPath[];
  /** Secrets written as literals in deploy files (what accidental-secret-leak speaks of). */
  secrets: SystemSource[];
  /** Lines that let a container escape its platform (privileged, the Docker socket, host namespaces). */
  escapes: SystemSource[];
  /** The vaults found (nodes or lines). */
  vaults: SystemSource[];
  /** The same facts as a Threagile model; asset keys are Threagile ids, `nodeOf` maps them back. */
  threagile: ThreatModel;
  nodeOf: Map<string, string>;
  /** The lines of each Threagile asset and link id (risks are placed on them). */
  places: Map<string, SystemSource[]>;
}

export const INTERNET = 'internet';

/** A Threagile id from a node id (`compose:shop:api` → `compose-shop-api`). */
function threagileId(nodeId: string, taken: Set<string>, numbered: Map<string, number>): string {
  const name = nodeId.startsWith('file://') ? nodeId.slice(nodeId.lastIndexOf('/') + 1) : nodeId;
  const words = name.toLowerCase().split(/[^a-z0-9]/).filter((w) => w !== '');
  const base = words.join('-') || 'asset';
  let id = base;
  // From the last number this base took: a loop from 2 for each was quadratic in the nodes of one name.
  for (let n = numbered.get(base) ?? 2; taken.has(id); n++) {
    id = `${base}-${n}`;
    numbered.set(base, n + 1);
  }
  taken.add(id);
  return id;
}

const maxOf = <T extends string>(scale: readonly T[], values: readonly T[], floor: T): T => scale[Math.max(scale.indexOf(floor), ...values.map((v) => scale.indexOf(v)))];

/** The confidentiality of data with these fideslang categories: payment data and national ids strictly confidential, other personal data confidential. */
export function confidentialityOf(categories: readonly string[]): Confidentiality {
  if (categories.some((c) => /^user\.(financial|payment|government_id|biometric|health_and_medical|authorization\.credentials)/.test(c))) return 'strictly-confidential';
  return 'confidential';
}

/** The attack paths: from each entry, along the links, to every store it reaches (one walk per entry). */
function attackPaths(entries: readonly SecurityEntry[], links: readonly SecurityLink[], entryLinks: ReadonlyMap<string, readonly string[]>, storeIds: ReadonlySet<string>): AttackPath[] {
  const out = new Map<string, SecurityLink[]>();
  for (const link of links) if (link.kind !== 'deploy') push(out, link.from, link);
  const paths: AttackPath[] = [];
  for (const entry of entries) {
    const firsts = entryLinks.get(entry.id) ?? [];
    const previous = new Map<string, string>();
    const queue = [...firsts];
    for (const first of firsts) previous.set(first, INTERNET);
    let reached = 0;
    // A queue read by index (shift() copies it) and left once every store is reached: a ring of services
    // calling each other was walked whole from each entry, the square of its size.
    for (let i = 0; i < queue.length && reached < storeIds.size; i++) {
      const id = queue[i];
      if (storeIds.has(id)) {
        reached++;
        const nodes = [id];
        for (let at = previous.get(id); at !== undefined; at = previous.get(at)) nodes.push(at);
        paths.push({ entry: entry.id, store: id, nodes: nodes.reverse() });
      }
      for (const link of out.get(id) ?? []) {
        if (previous.has(link.to) || link.to === INTERNET) continue;
        previous.set(link.to, id);
        queue.push(link.to);
      }
    }
  }
  return paths;
}

/** The security model of the map (`evidence`: what scanEvidence found, when the caller has it already). */
/** Up a place's parents with a loop (issue #84: a recursion overflows on a deep chain): its boundary, each one made linked to its parent's. */
function boundaryUp(start: string, boundaries: Map<string, SecurityBoundary>, made: (id: string) => SecurityBoundary | undefined, parentOf: (id: string) => string | undefined): SecurityBoundary | undefined {
  const known = boundaries.get(start);
  if (known) return known;
  let first: SecurityBoundary | undefined;
  let child: SecurityBoundary | undefined;
  for (let id: string | undefined = start; id !== undefined; ) {
    const existing = boundaries.get(id);
    const boundary = existing ?? made(id);
    if (!boundary) break;
    if (child) child.parent = boundary.id;
    else first = boundary;
    if (existing) break;
    child = boundary;
    const parent: string | undefined = parentOf(id);
    id = parent !== undefined && parent !== id ? parent : undefined;
  }
  return first;
}

/** The trust boundaries: the Internet, then every place a component is nested in (a Compose service in the first named network it joins). */
function boundariesOf(map: MapFacts, components: readonly SystemNode[], policies: Evidence['policies'], networksOf: Evidence['networks']): { boundaries: Map<string, SecurityBoundary>; internet: SecurityBoundary } {
  const boundaries = new Map<string, SecurityBoundary>();
  /** A boundary of its own for a place node (not yet linked to its parent); undefined for a node that is none. */
  const boundaryMade = (id: string): SecurityBoundary | undefined => {
    const node = map.node(id);
    if (!node || !['environment', 'namespace', 'infrastructure'].includes(node.kind)) return undefined;
    const resource = node.resource ?? '';
    const kind = node.kind === 'namespace' ? 'namespace' : /security_group|firewall/.test(resource) ? 'security-group' : /vpc|network|subnet/.test(resource) ? 'cloud' : node.id.startsWith('compose:') ? 'compose' : node.id.startsWith('terraform:cluster') || /cluster/.test(resource) ? 'cluster' : 'cloud';
    const walls = kind === 'namespace' ? (policies.get(node.name) ?? []) : kind === 'security-group' ? node.sources.slice(0, 1) : [];
    const type = kind === 'namespace' ? (walls.length > 0 ? 'network-policy-namespace-isolation' : 'execution-environment') : kind === 'security-group' ? 'network-cloud-security-group' : kind === 'compose' ? 'network-virtual-lan' : 'network-cloud-provider';
    const boundary: SecurityBoundary = { id, name: node.name, kind, type, members: [], walls, sources: node.sources.slice(0, 3) };
    boundaries.set(id, boundary);
    return boundary;
  };
  const boundaryOf = (id: string) => boundaryUp(id, boundaries, boundaryMade, (n) => map.node(n)?.parent);
  // The Internet is a boundary of its own: what it reaches directly crosses a network boundary.
  const internet: SecurityBoundary = { id: 'boundary:internet', name: 'Internet', kind: 'internet', type: 'network-on-prem', members: [INTERNET], walls: [], sources: [] };
  for (const node of components) {
    if (node.kind === 'external') {
      internet.members.push(node.id);
      continue;
    }
    const place = node.parent ?? (node.namespace ? `k8s:namespace/${node.namespace}` : undefined);
    const boundary = place ? boundaryOf(place) : undefined;
    // A Compose service on named networks sits in the first it names (Threagile: one boundary per asset), a network of its project.
    const networks = boundary?.kind === 'compose' ? (networksOf.get(node.id) ?? []) : [];
    if (boundary && networks.length > 0) {
      const id = `${boundary.id}#network:${networks[0].name}`;
      let network = boundaries.get(id);
      if (!network) boundaries.set(id, (network = { id, name: networks[0].name, kind: 'compose-network', type: 'network-virtual-lan', parent: boundary.id, members: [], walls: [], sources: [networks[0].source] }));
      network.members.push(node.id);
      boundary.type = 'execution-environment';
    } else boundary?.members.push(node.id);
  }

  return { boundaries, internet };
}

/** `named`: what a node's Threagile id is made from (stableIds.ts: its file URIs relative to the repository, issue #78). */
export function deriveSecurityModel(map: MapFacts, host: DeriveHost, evidence: Evidence = scanEvidence(map, host), named: (nodeId: string) => string = (id) => id): SecurityModel {
  const components = componentsOf(map);
  const componentIds = new Set(components.map((n) => n.id));
  const routes = new Map<string, SystemEdge[]>();
  for (const edge of map.edges) if (edge.kind === 'routes') push(routes, edge.from, edge);

  const { secrets, escapes, vaults, escapeOf, encrypted, publicOf, policies, networks: networksOf, ingressTls, plaintextAt, ingressBackendTls, ingressClientCerts, wafOf, encryptedBy, consoles: consoleEvidence, storeAuth } = evidence;
  const { lineText, fileLines, blockOf } = reader(host);

  const { boundaries, internet } = boundariesOf(map, components, policies, networksOf);

  const isStore = (id: string) => storeKinds.has(map.node(id)?.kind ?? '') || map.node(id)?.kind === 'broker';
  // Entry points: the map's ways in (but a variant deployment's), and the Terraform stores open to the Internet.
  const entries: SecurityEntry[] = [];
  /** The ports each entry reaches (its own and its target's). */
  const portsOf = new Map<string, (number | undefined)[]>();
  const sameEntry = new Map<string, SecurityEntry>();
  /** The Istio server in plaintext of a gateway's line (entryTls.ts): where its risk sits. */
  const plaintextOf = new Map<SystemSource, SystemSource>();
  /** The container's port each entry reaches (its target, else its own). */
  const entryPorts = new Map<string, number | undefined>();
  // The map's ways in, then each container's hostPort (a port opened on the node, as a published one: the map makes no entry of it).
  const hostPortEntries = evidence.hostPorts.map((h): [number, EntryPoint] => [-1, { to: h.component, via: 'host-port', family: 'kubernetes', port: h.port, ...(h.target !== undefined ? { target: h.target } : {}), source: h.source }]);
  for (const [n, entry] of [...map.entries.entries(), ...hostPortEntries]) {
    const role = n < 0 ? (isStore(entry.to) ? 'exposure' : 'user') : (host.entryRole?.(entry) ?? 'user');
    // A variant's way in, and a port the map finds bound to the loopback address (system/entries.ts: `local`), are no one's.
    if (role === 'variant' || role === 'local') continue;
    const line = lineText(entry.source);
    // A port published on the loopback address only is not reachable from outside.
    if (entry.via === 'published-port' && (publishedOnLoopback(line) || loopbackItem(fileLines(entry.source.uri).all, entry.source.range.start.line))) continue;
    const reached = routed(entry.to, map, routes);
    // An Istio Gateway with one server in plaintext is a plaintext way in, whatever its first server's port (entryTls.ts).
    const plaintext = n < 0 ? undefined : plaintextAt[n];
    if (plaintext) plaintextOf.set(entry.source, plaintext);
    const tls = plaintext === undefined && (entry.port === 443 || entry.target === 443 || (ingressTls[n] ?? false) || /https/i.test(entry.protocol ?? '') || tlsOnlyPort(map.node(entry.to), entry.target ?? entry.port, map, { fileLines, sideText: host.sideText, files: host.files }) !== undefined);
    const [backendTls, clientCerts, waf] = n < 0 ? [] : [ingressBackendTls[n], ingressClientCerts[n], wafOf[n]];
    // The same way in to the same components (a Service of each instance of a component): one entry, every instance's line.
    const same = `${entry.via}|${entry.port ?? ''}|${entry.target ?? ''}|${tls}|${role}|${backendTls !== undefined}|${clientCerts !== undefined}|${waf !== undefined}|${[...reached].sort().join(',')}`;
    const before = reached.length > 0 ? sameEntry.get(same) : undefined;
    if (before) {
      if (!before.sources.includes(entry.source)) before.sources.push(entry.source);
      if (plaintext) (before.plaintext ??= []).push(plaintext);
      continue;
    }
    portsOf.set(`entry:${entries.length + 1}`, [entry.port, entry.target]);
    entryPorts.set(`entry:${entries.length + 1}`, entry.target ?? entry.port);
    entries.push({ id: `entry:${entries.length + 1}`, via: entry.via, to: entry.to, components: reached, label: entry.label ?? entry.via, tls, role, sources: [entry.source], ...(plaintext ? { plaintext: [plaintext] } : {}), ...(backendTls ? { backendTls } : {}), ...(clientCerts ? { clientCerts } : {}), ...(waf ? { waf } : {}) });
    sameEntry.set(same, entries[entries.length - 1]);
  }
  const consoles = exposedConsoles(entries, portsOf, consoleEvidence);
  const callsInto = new Map<string, SystemEdge[]>(), ports = portReader(map, host);
  for (const edge of map.edges) if (edge.kind === 'calls') push(callsInto, edge.to, edge);
  for (const [id, sources] of publicOf) entries.push({ id: `entry:${entries.length + 1}`, via: 'public-ip', to: id, components: [id], label: 'public', tls: false, role: 'exposure', sources });

  // Links: the entries (from the Internet), the calls between components, the deployments a CI workflow pushes.
  const links: SecurityLink[] = [];
  // The links from the Internet each entry opens.
  const entryLinks = new Map<string, string[]>();
  // A console's own settings: credentials it asks for (or not), and the lines saying so beside the entry's.
  const consoleOn = (entry: SecurityEntry, to: string): SecurityConsole | undefined => {
    const console = consoles.get(to);
    return console?.entries.includes(entry.id) ? console : undefined;
  };
  for (const entry of entries) {
    const filtered = entry.waf ? { waf: entry.waf } : {};
    const through = map.node(entry.to);
    const guarded = entry.via === 'ingress' || entry.via === 'gateway';
    if (guarded && through && !componentIds.has(through.id)) {
      // A client certificate the ingress verifies is the caller's credential on the way in, and the identity
      // the reverse proxy passes on to the pods (Threagile's propagate_identity_to_outgoing_targets).
      const credentials = entry.clientCerts !== undefined;
      const certified = entry.clientCerts ? [entry.clientCerts] : [];
      // Its users' requests and session pass through it (issue #95), even where the map resolves no route (robot-shop's
      // Gateway to a Service's FQDN): in plaintext, a risk on the line that opens it, as a plaintext NodePort's.
      const session = entry.components.length === 0 || entry.components.some((to) => !isStore(to));
      links.push({ id: `${entry.id}:in`, from: INTERNET, to: through.id, protocol: entry.tls ? 'https' : 'http', label: entry.label, tls: entry.tls, credentials, ...(session ? { session } : {}), ...filtered, kind: 'entry', sources: [...entry.sources.map((s) => plaintextOf.get(s) ?? s), ...certified] });
      push(entryLinks, entry.id, through.id);
      const backend = entry.backendTls ? [entry.backendTls] : [];
      // An Istio Gateway is the mesh's own Envoy: it reaches the workloads it routes to with Istio's automatic mTLS
      // (on by default, its identity the caller's), as a sidecar would (issue #78: plaintext on Istio hops was false).
      const mesh = entry.via === 'gateway' && entry.sources.some((s) => blockOf(s).lines.some((l) => /^apiVersion:\s*networking\.istio\.io\//.test(l)));
      for (const to of entry.components) {
        const console = consoleOn(entry, to);
        const session = console === undefined && !isStore(to);
        links.push({ id: `${entry.id}:${to}`, from: through.id, to, protocol: entry.backendTls || mesh ? 'https' : 'http', label: 'routes', tls: entry.backendTls !== undefined || mesh, credentials: credentials || mesh || (console !== undefined && (!console.unauthenticated || console.reason === 'default credentials')) || identityProvider(map.node(to) ?? {}), ...(session ? { session } : {}), ...(console ? { console: true } : {}), ...filtered, kind: 'entry', sources: [...entry.sources, ...backend, ...certified, ...(console?.sources ?? [])] });
      }
    } else {
      for (const to of entry.components) {
        const node = map.node(to);
        const console = consoleOn(entry, to);
        // A store's or a broker's own port (not a console's): its protocol, and its own authentication (Kafka's SASL, issue #95).
        const storeProtocol = node && (storeKinds.has(node.kind) || (node.kind === 'broker' && node.family !== 'terraform' && console === undefined)) ? protocolOf(node.technology === 'Redis' ? 'Redis' : node.technology, entry.tls, undefined) : undefined;
        // A store published: its own authentication (a PostgreSQL asks for its password; `trust` does not). A UDP port (Consul's DNS) carries no web session.
        const auth = storeProtocol !== undefined ? storeAuth.get(to) : undefined;
        const metrics = console === undefined && (metricsPort(node, entryPorts.get(entry.id), (s) => blockOf(s).lines, ports.products(node)) || ports.healthOnly(node, entryPorts.get(entry.id), (s) => blockOf(s).lines));
        const session = console === undefined && !isStore(to) && !entry.sources.every((s) => /\/udp\b/i.test(lineText(s))) && !metrics;
        const opened = auth && !auth.required && auth.source ? [auth.source] : [];
        const byPort = storeProtocol === undefined && node?.technology === undefined ? registeredProtocol(entryPorts.get(entry.id), entry.tls) ?? ((portsOf.get(entry.id) ?? []).some((port) => servesHttp(node, port, callsInto.get(to) ?? [], (s) => blockOf(s).lines, ports.products(node))) ? undefined : entry.tls ? 'binary-encrypted' : 'unknown-protocol') : undefined;
        // A MySQL 8 or a SQL Server offers TLS with its own certificate, taken unchecked by a default client, refused by one asking the published port for clear text (serverTls.ts).
        const offers = storeProtocol !== undefined && !entry.tls && node ? selfCertifiedTls(node, map, { fileLines, sideText: host.sideText }) : undefined;
        const clearText = offers ? clearTextClient(portsOf.get(entry.id)?.[0], host.files?.() ?? [], fileLines) : undefined;
        const offered = clearText ? undefined : offers;
        const tls = entry.tls || offered !== undefined;
        links.push({ id: `${entry.id}:${to}`, from: INTERNET, to, protocol: offered ? protocolOf(node?.technology, true, undefined) : (storeProtocol ?? byPort ?? (entry.tls ? 'https' : 'http')), label: entry.label, tls, credentials: (console !== undefined && (!console.unauthenticated || console.reason === 'default credentials')) || (auth?.required ?? false), ...(session ? { session } : {}), ...(console ? { console: true } : {}), ...(metrics ? { metrics } : {}), ...(offered ? { unverified: offered } : {}), ...filtered, kind: 'entry', sources: [...entry.sources, ...(console?.sources ?? []), ...opened, ...(clearText ? [clearText] : [])] });
        push(entryLinks, entry.id, to);
      }
    }
  }
  const front = new Set(entries.flatMap((e) => e.components));
  for (const link of callLinks(map, evidence, host, routes, componentIds, front)) links.push(link);
  for (const link of deployLinks(map, componentIds, fileLines)) links.push(link);

  // Data stores and what they hold.
  const stores: SecurityStore[] = components
    .filter((n) => storeKinds.has(n.kind) || (n.kind === 'broker' && n.family === 'terraform'))
    .map((n) => {
      const categories = [...(host.categoriesOf?.(n) ?? [])];
      const inMemory = inMemoryStore(n, map, fileLines);
      return { id: n.id, name: n.name, ...(n.technology ? { technology: n.technology } : {}), categories, confidentiality: confidentialityOf(categories), encrypted: encrypted.get(n.id) ?? false, sources: n.sources.slice(0, 1), ...(encryptedBy.has(n.id) ? { encryption: encryptedBy.get(n.id) } : {}), ...(inMemory ? { inMemory } : {}) };
    });
  const storeIds = new Set(stores.map((s) => s.id));

  // Attack paths: from each entry, along links, to every store reached.
  const paths = attackPaths(entries, links, entryLinks, storeIds);

  const consoleList = [...consoles.values()];
  const defaultCredentials = defaultCredentialsOf(consoleEvidence, consoles, (id) => entries.find((e) => e.id === id)?.sources ?? []);
  const lineage = lineageOf(map, componentIds, (node) => host.categoriesOf?.(node) ?? []);
  const { threagile, nodeOf, places } = toThreagile(map, { boundaries: [internet, ...boundaries.values()], entries, links, stores, consoles: consoleList, defaultCredentials, lineage, paths, secrets, escapes, vaults }, escapeOf, evidence.unencryptedAt, named, evidence.hardening);
  return { boundaries: [internet, ...boundaries.values()], entries, links, stores, consoles: consoleList, defaultCredentials, lineage, paths, secrets, escapes, vaults, threagile, nodeOf, places };
}

/**
 * A Kafka or RabbitMQ broker of the system's own (a container), whose messages are data of its own (RabbitMQ's queues as
 * Kafka's topics, issue #95: TeaStore's NodePort to AMQP with no management port had no risk before).
 */
const messageBroker = (node: SystemNode) => node.kind === 'broker' && node.family !== 'terraform' && /kafka|rabbitmq/i.test(node.technology ?? node.image ?? '');

/**
 * What a published console exposes is data of its own (experiments and models, metrics, silences), whatever the calls
 * traced to it; what a component serving a classified model answers is learnt from its training data (lineage.ts):
 * the data asset's key by component.
 */
function consoleDataOf(map: MapFacts, consoles: readonly SecurityConsole[], lineage: readonly Lineage[], tid: (id: string) => string, data: Map<string, DataAsset>): Map<string, string> {
  const consoleData = new Map<string, string>();
  for (const console of consoles) {
    const key = `${tid(console.id)}-console`;
    const title = `${map.node(console.id)?.name ?? console.id}: ${console.product.exposes}`;
    data.set(key, { key, id: key, title, confidentiality: console.product.confidentiality, integrity: console.product.integrity, availability: 'important' });
    consoleData.set(console.id, key);
  }
  // A Kafka or RabbitMQ broker of the system's own carries messages anyone reaching it reads and writes, published or not (#95: its clients' links carry them).
  for (const node of map.nodes) {
    const id = node.id;
    if (!messageBroker(node) || consoleData.has(id)) continue;
    const key = `${tid(id)}-messages`;
    data.set(key, { key, id: key, title: `${node.name}: the messages it carries`, confidentiality: 'confidential', integrity: 'critical', availability: 'important' });
    consoleData.set(id, key);
  }
  // A component serving a model trained on classified data processes that data (lineage.ts).
  for (const served of lineage) {
    const key = `${tid(served.id)}-training-data`;
    data.set(key, { key, id: key, title: `${map.node(served.id)?.name ?? served.id}: the data its model was trained on`, confidentiality: confidentialityOf(served.categories), integrity: 'important', availability: 'important' });
    if (!consoleData.has(served.id)) consoleData.set(served.id, key);
  }
  return consoleData;
}

/** The Compose projects whose services all sit on one network (its default one, or the one named network each joins): that network's boundary. */
function oneNetworkStacks(boundaries: readonly SecurityBoundary[]): string[] {
  const networksOf = new Map<string, SecurityBoundary[]>();
  for (const b of boundaries) if (b.kind === 'compose-network' && b.parent) push(networksOf, b.parent, b);
  const found: string[] = [];
  for (const b of boundaries) {
    if (b.kind !== 'compose') continue;
    const networks = networksOf.get(b.id) ?? [];
    if (networks.length === 0) found.push(b.id);
    else if (networks.length === 1 && b.members.length === 0) found.push(networks[0].id);
  }
  return found;
}

/** The facts as a Threagile model: assets rated by the data they reach, links with their protocol and authentication. */
function toThreagile(map: MapFacts, model: Omit<SecurityModel, 'threagile' | 'nodeOf' | 'places'>, escapeOf: ReadonlyMap<string, SystemSource[]>, unencryptedAt: ReadonlyMap<string, SystemSource>, named: (nodeId: string) => string, hardening: Evidence['hardening']): { threagile: ThreatModel; nodeOf: Map<string, string>; places: Map<string, SystemSource[]> } {
  const taken = new Set<string>([INTERNET]);
  const numberedIds = new Map<string, number>();
  const idOf = new Map<string, string>([[INTERNET, INTERNET]]);
  const nodeOf = new Map<string, string>([[INTERNET, INTERNET]]);
  const places = new Map<string, SystemSource[]>();
  const tid = (nodeId: string) => {
    let id = idOf.get(nodeId);
    if (!id) {
      id = threagileId(named(nodeId), taken, numberedIds);
      idOf.set(nodeId, id);
      nodeOf.set(id, nodeId);
    }
    return id;
  };
  const data = new Map<string, DataAsset>();
  const storeData = new Map<string, string>();
  for (const store of model.stores) {
    const key = `${tid(store.id)}-data`;
    data.set(key, { key, id: key, title: `${store.name} data`, confidentiality: store.confidentiality, integrity: 'critical', availability: 'important' });
    storeData.set(store.id, key);
  }
  const consoleData = consoleDataOf(map, model.consoles, model.lineage, tid, data);
  // What each node reaches through calls: the data it processes (an attacker holding it holds that).
  const calls = new Map<string, string[]>();
  for (const link of model.links) if (link.kind === 'call') push(calls, link.from, link.to);
  const reached = new Map<string, string[]>();
  // Iterative (issue #84: a chain of 5,000 calls overflowed the stack): the recursion's frames on a
  // stack of our own, same results — a node met again while its walk is open counts what it has so far (nothing).
  const reach = (start: string): string[] => {
    const known = reached.get(start);
    if (known) return known;
    const frames: { id: string; next: number; found: Set<string> }[] = [];
    const open = (id: string) => {
      reached.set(id, []);
      frames.push({ id, next: 0, found: new Set<string>(storeData.has(id) ? [storeData.get(id)!] : []) });
    };
    open(start);
    let list: string[] = [];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const nexts = calls.get(frame.id) ?? [];
      if (frame.next < nexts.length) {
        const next = nexts[frame.next++];
        const done = reached.get(next);
        if (done) for (const d of done) frame.found.add(d);
        else open(next);
        continue;
      }
      frames.pop();
      list = [...frame.found].sort();
      reached.set(frame.id, list);
      if (frames.length > 0) for (const d of list) frames[frames.length - 1].found.add(d);
    }
    return list;
  };

  const assets = new Map<string, TechnicalAsset>();
  const addAsset = (nodeId: string, fields: Partial<TechnicalAsset> & Pick<TechnicalAsset, 'title' | 'technologies'>, sources: readonly SystemSource[]) => {
    const key = tid(nodeId);
    const own = consoleData.get(nodeId);
    const processed = own ? [...new Set([...reach(nodeId), own])].sort() : reach(nodeId);
    const cs = processed.map((d) => data.get(d)!.confidentiality);
    const is = processed.map((d) => data.get(d)!.integrity);
    assets.set(key, {
      key, id: key, type: 'process', usage: 'business', internet: false, machine: 'container', encryption: 'none',
      confidentiality: maxOf<Confidentiality>(CONFIDENTIALITY, cs, 'internal'), integrity: maxOf<Criticality>(CRITICALITY, is, 'important'), availability: 'important',
      multiTenant: false, outOfScope: false, customDevelopedParts: false, dataProcessed: processed, dataStored: storeData.has(nodeId) ? [storeData.get(nodeId)!] : [], tags: [], raa: 0,
      ...fields,
    });
    places.set(key, [...sources]);
  };
  addAsset(INTERNET, { title: 'Internet', type: 'external-entity', internet: true, outOfScope: true, machine: 'physical', technologies: [technology('browser')], confidentiality: 'public', integrity: 'archive' }, []);
  const linkedNodes = new Set(model.links.flatMap((l) => [l.from, l.to]));
  const storeOf = new Map(model.stores.map((store) => [store.id, store]));
  for (const node of map.nodes) {
    const component = componentKinds.has(node.kind) || node.kind === 'external';
    if (!component && !linkedNodes.has(node.id)) continue;
    const known = technologyCalled(node.technology);
    const kind = node.kind;
    const name =
      isVault(node) ? 'vault'
      : storeKinds.has(kind) ? (kind === 'search' ? 'search-engine' : 'database')
      : kind === 'broker' ? 'message-queue'
      : kind === 'function' ? 'function'
      : kind === 'external' ? 'unknown-technology'
      : kind === 'pipeline' ? 'build-pipeline'
      : kind === 'endpoint' ? (node.technology === 'Ingress' || /ingress|gateway/i.test(node.resource ?? node.technology ?? '') ? 'reverse-proxy' : 'load-balancer')
      : identityProvider(node) ? 'identity-provider'
      : known?.kind === 'monitoring' ? 'monitoring'
      : known?.kind === 'proxy' ? 'reverse-proxy'
      : kind === 'job' ? 'task'
      : 'web-service-rest';
    const store = storeKinds.has(kind);
    const machine = node.family === 'terraform' ? (kind === 'function' ? 'serverless' : 'virtual') : kind === 'external' || kind === 'pipeline' ? 'virtual' : 'container';
    const built = node.identity?.build !== undefined || (node.technology !== undefined && known === undefined) || kind === 'function';
    addAsset(node.id, {
      title: node.name, technologies: [storeTechnology(name, storeOf.get(node.id)?.inMemory)], machine,
      type: store ? 'datastore' : kind === 'external' ? 'external-entity' : 'process',
      usage: kind === 'pipeline' ? 'devops' : 'business',
      outOfScope: kind === 'external',
      // A proxy built from its configuration (an nginx image with the site's routes) is still a proxy, not an application.
      customDevelopedParts: built && !store && name !== 'reverse-proxy',
      encryption: (storeOf.get(node.id)?.encrypted ?? false) ? 'transparent' : 'none',
      ...(kind === 'endpoint' || (name === 'monitoring' && !consoleData.has(node.id)) ? { confidentiality: 'internal' as const, integrity: 'operational' as const, dataProcessed: [] } : {}),
    }, escapeOf.get(node.id) ?? (unencryptedAt.has(node.id) ? [unencryptedAt.get(node.id)!] : node.sources));
  }
  // The container platform appears when a workload can escape to it; the repository when a secret is written in it.
  if (model.escapes.length > 0) {
    addAsset('platform:containers', { title: 'Container platform', technologies: [technology('container-platform')], machine: 'virtual', confidentiality: 'confidential', integrity: 'critical' }, model.escapes);
  }
  if (model.secrets.length > 0) addAsset('repository:workspace', { title: 'Source repository', technologies: [technology('sourcecode-repository')], usage: 'devops', machine: 'virtual', dataProcessed: [...data.keys()].sort() }, model.secrets);
  tagDefaultCredentials(model.defaultCredentials, assets, tid, places);
  tagHardening(hardening, (id) => assets.get(tid(id)), addAsset, places);
  if (model.vaults.length > 0) addAsset('vault:workspace', { title: 'Secret storage', technologies: [technology('vault')], machine: 'virtual' }, model.vaults);

  const links: CommunicationLink[] = [];
  const numbered = new Map<string, number>();
  for (const link of model.links) {
    const source = tid(link.from);
    const target = tid(link.to);
    if (!assets.has(source) || !assets.has(target)) continue;
    const title = `${link.label || link.kind} to ${map.node(link.to)?.name ?? link.to}`.slice(0, 80);
    // Threagile's link id (`<source>>` + the title's words); a second link of the same words gets a number.
    const base = `${source}>${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    let id = base;
    // Numbered from the last number this base took (a loop from 2 for each was quadratic in a node's like links).
    for (let n = numbered.get(base) ?? 2; places.has(id); n++) {
      id = `${base}-${n}`;
      numbered.set(base, n + 1);
    }
    const received = link.metrics ? [] : assets.get(target)!.dataProcessed; // a metrics port gives the process's metrics, no data
    const sent = link.kind === 'entry' && link.from === INTERNET && link.session === true && !link.tls ? [requestsOf(map, data, link.to, target)] : [];
    links.push({ id, title, source, target, protocol: link.protocol, authentication: link.credentials ? (link.kind === 'call' && !/sql|nosql/.test(link.protocol) ? 'client-certificate' : 'credentials') : link.session ? 'session-id' : 'none', vpn: false, readonly: false, usage: link.kind === 'deploy' ? 'devops' : 'business', dataSent: sent, dataReceived: [...received], ...(link.waf ? { waf: true } : {}), ...(link.scanned ? { scanned: true } : {}), ...(link.unverified ? { unverifiedTls: true } : {}), ...(link.console ? { console: true } : {}), ...(link.metrics ? { metrics: true } : {}) });
    // A target processes what it receives (Threagile adds it too).
    places.set(id, link.sources);
  }

  const boundaries = new Map<string, TrustBoundary>();
  for (const b of model.boundaries) {
    const key = tid(b.id);
    boundaries.set(key, { key, id: key, title: b.name, type: b.type, assetsInside: b.members.map((m) => idOf.get(m)).filter((m): m is string => m !== undefined && assets.has(m)), nested: [] });
    places.set(key, b.walls.length > 0 ? b.walls : b.sources);
  }
  for (const b of model.boundaries) if (b.parent) boundaries.get(idOf.get(b.parent)!)?.nested.push(idOf.get(b.id)!);
  for (const id of oneNetworkStacks(model.boundaries)) boundaries.get(idOf.get(id)!)!.oneNetworkStack = true;
  const threagile: ThreatModel = { assets, data, links, boundaries };
  assignRaa(threagile);
  return { threagile, nodeOf, places };
}

/**
 * A plaintext front door (a NodePort, LoadBalancer or published port straight to an application) carries what its
 * users send — their requests and the session they authenticate with — whatever the map knows of the application's
 * technology or data (issue #78): a data asset of its own on that link, `internal` (it rates no asset higher), so that
 * Threagile's unencrypted-communication (plaintext transferring authentication data) is raised on it. Its key.
 */
function requestsOf(map: MapFacts, data: Map<string, DataAsset>, nodeId: string, key: string): string {
  const id = `${key}-requests`;
  if (!data.has(id)) data.set(id, { key: id, id, title: `${map.node(nodeId)?.name ?? nodeId}: its users' requests and session`, confidentiality: 'internal', integrity: 'important', availability: 'important' });
  return id;
}

/** Threagile's relative attacker attractiveness (pkg/model/raa.go's weights), without the pivot bonus. */
export function assignRaa(model: ThreatModel): void {
  const c = (v: Confidentiality, w: number[]) => w[CONFIDENTIALITY.indexOf(v)];
  const k = (v: Criticality, w: number[]) => w[CRITICALITY.indexOf(v)];
  const scores = new Map<string, number>();
  for (const asset of model.assets.values()) {
    if (asset.outOfScope) continue;
    let score = c(asset.confidentiality, [8, 13, 21, 34, 55]) + k(asset.integrity, [5, 8, 13, 21, 34]) + k(asset.availability, [5, 8, 13, 21, 34]);
    for (const key of [...asset.dataProcessed, ...asset.dataStored]) {
      const d = model.data.get(key);
      if (d) score += c(d.confidentiality, [5, 8, 13, 21, 34]) + k(d.integrity, [3, 5, 8, 13, 21]) + k(d.availability, [3, 5, 8, 13, 21]);
    }
    const names = new Set(asset.technologies.map((t) => t.name));
    if (names.has('load-balancer') || names.has('reverse-proxy')) score /= 5.5;
    else if (names.has('monitoring')) score /= 5;
    else if (names.has('container-platform')) score *= 5;
    else if (names.has('vault')) score *= 2;
    else if (names.has('build-pipeline') || names.has('sourcecode-repository')) score *= 2;
    else if (asset.type === 'datastore') score *= 2;
    scores.set(asset.key, score);
  }
  // A loop, not Math.min(...values): past about 120,000 arguments V8's stack overflows.
  let min = Infinity;
  let max = -Infinity;
  for (const score of scores.values()) {
    min = Math.min(min, score);
    max = Math.max(max, score);
  }
  for (const [key, score] of scores) model.assets.get(key)!.raa = max > min ? Math.max(1, ((score - min) / (max - min)) * 100) : 1;
}
