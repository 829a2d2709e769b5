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
import { storeKinds, type EntryPoint, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import { defaultCredentialsOf, exposedConsoles, type SecurityConsole } from './consoleModel';
import { loopbackItem, publishedOnLoopback } from './evidence';
import { identityProvider } from './identityProviders';
import { lineageOf } from './lineage';
import { callLinks, deployLinks, metricsPort, portReader, protocolOf, registeredProtocol, routed, servesHttp, type SecurityLink } from './links';
import { clearTextClient, selfCertifiedTls, tlsOnlyPort } from './serverTls';
import { portClosed } from './closedPorts';
import { inMemoryStore } from './atRest';
import { loginUnseenReader } from './appLogin';
import { pubSubOnlyReader } from './pubSubOnly';
import { componentsOf, push, reader, scanEvidence, type DeriveHost, type Evidence, type MapFacts } from './scan';
import { confidentialityOf, INTERNET, type AttackPath, type SecurityBoundary, type SecurityEntry, type SecurityModel, type SecurityStore } from './securityModel';
import { toThreagile } from './threagileModel';


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

const PLATFORMS: Readonly<Record<string, string>> = { google: 'Google Cloud', aws: 'AWS', azurerm: 'Azure' };

/**
 * A cloud's serverless service or function that Terraform places in no network of the repository's (a Cloud Run service, a
 * Lambda function, an App Service or Container App) runs on its provider's managed platform: a network boundary of its own,
 * one per provider, so that the Internet reaching it crosses one (missing-waf, issue #95) as reaching a VPC's workload does.
 */
function managedPlatform(node: SystemNode, boundaries: Map<string, SecurityBoundary>): SecurityBoundary | undefined {
  if (node.family !== 'terraform' || (node.kind !== 'service' && node.kind !== 'function')) return undefined;
  const provider = /^([a-z]+)_/.exec(node.resource ?? '')?.[1];
  const name = provider === undefined ? undefined : PLATFORMS[provider];
  if (name === undefined) return undefined;
  const id = `boundary:managed:${provider}`;
  let boundary = boundaries.get(id);
  if (!boundary) boundaries.set(id, (boundary = { id, name: `${name}'s managed platform`, kind: 'cloud', type: 'network-cloud-provider', members: [], walls: [], sources: node.sources.slice(0, 1) }));
  return boundary;
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
    const own = node.parent ?? (node.namespace ? `k8s:namespace/${node.namespace}` : undefined);
    const place = own !== undefined && map.projectOf ? map.projectOf(own) : own;
    const boundary = place ? boundaryOf(place) : managedPlatform(node, boundaries);
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
  // A project some of whose services join named networks keeps the rest on its default network (issue #95, plane's proxy):
  // a network of its own, so that the Internet reaching them crosses one as reaching the others does.
  for (const boundary of [...boundaries.values()]) {
    if (boundary.kind !== 'compose' || boundary.type !== 'execution-environment' || boundary.members.length === 0) continue;
    const id = `${boundary.id}#network:default`;
    boundaries.set(id, { id, name: 'default', kind: 'compose-network', type: 'network-virtual-lan', parent: boundary.id, members: boundary.members, walls: [], sources: boundary.sources.slice(0, 1) });
    boundary.members = [];
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
    // A port nothing in the container listens on (closedPorts.ts: a Kong's listeners, Jaeger's agent gone from all-in-one) is reached by nothing.
    if (portClosed(map.node(entry.to), entry.target ?? entry.port, { fileLines, sideText: host.sideText })) continue;
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
  const callsInto = new Map<string, SystemEdge[]>(), ports = portReader(map, host), loginUnseen = loginUnseenReader(map, host);
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
        // An application whose build names no login library (appLogin.ts): its users' requests, no session on the way in.
        const noLogin = session && node !== undefined && loginUnseen(node);
        links.push({ id: `${entry.id}:${to}`, from: INTERNET, to, protocol: offered ? protocolOf(node?.technology, true, undefined) : (storeProtocol ?? byPort ?? (entry.tls ? 'https' : 'http')), label: entry.label, tls, credentials: (console !== undefined && (!console.unauthenticated || console.reason === 'default credentials')) || (auth?.required ?? false), ...(session ? { session } : {}), ...(noLogin ? { noLogin } : {}), ...(console ? { console: true } : {}), ...(metrics ? { metrics } : {}), ...(offered ? { unverified: offered } : {}), ...filtered, kind: 'entry', sources: [...entry.sources, ...(console?.sources ?? []), ...opened, ...(clearText ? [clearText] : [])] });
        push(entryLinks, entry.id, to);
      }
    }
  }
  const front = new Set(entries.flatMap((e) => e.components));
  for (const link of callLinks(map, evidence, host, routes, componentIds, front)) links.push(link);
  for (const link of deployLinks(map, componentIds, fileLines)) links.push(link);

  // Data stores and what they hold.
  const pubSubOnly = pubSubOnlyReader(map, host);
  const stores: SecurityStore[] = components
    .filter((n) => storeKinds.has(n.kind) || (n.kind === 'broker' && n.family === 'terraform'))
    .map((n) => {
      const categories = [...(host.categoriesOf?.(n) ?? [])];
      // Kept in memory only, or a Redis its callers only publish to and subscribe on (pubSubOnly.ts): nothing at rest.
      const inMemory = inMemoryStore(n, map, fileLines) ?? (n.technology === 'Redis' ? pubSubOnly(links.filter((l) => l.kind === 'call' && l.to === n.id).map((l) => l.from)) : undefined);
      return { id: n.id, name: n.name, ...(n.technology ? { technology: n.technology } : {}), categories, confidentiality: confidentialityOf(categories), encrypted: encrypted.get(n.id) ?? false, sources: n.sources.slice(0, 1), ...(encryptedBy.has(n.id) ? { encryption: encryptedBy.get(n.id) } : {}), ...(inMemory ? { inMemory } : {}) };
    });
  const storeIds = new Set(stores.map((s) => s.id));

  // Attack paths: from each entry, along links, to every store reached.
  const paths = attackPaths(entries, links, entryLinks, storeIds);

  const consoleList = [...consoles.values()];
  const defaultCredentials = defaultCredentialsOf(consoleEvidence, consoles, (id) => entries.find((e) => e.id === id)?.sources ?? []);
  const lineage = lineageOf(map, componentIds, (node) => host.categoriesOf?.(node) ?? []);
  const { threagile, nodeOf, places } = toThreagile(map, { boundaries: [internet, ...boundaries.values()], entries, links, stores, consoles: consoleList, defaultCredentials, lineage, paths, secrets, escapes, vaults }, escapeOf, evidence.unencryptedAt, named, evidence.hardening, evidence.authenticatingProxies);
  return { boundaries: [internet, ...boundaries.values()], entries, links, stores, consoles: consoleList, defaultCredentials, lineage, paths, secrets, escapes, vaults, threagile, nodeOf, places };
}
