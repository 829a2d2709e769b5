/**
 * The links of the security model between components (issue #78): each call with what its own files say
 * of TLS and credentials — the target's own authentication first, else the address's user or a variable of
 * the caller naming the same thing, a token Secret both hold, a mesh's mTLS — never another variable of the
 * caller. Test clients' calls are left out. Split from derive.ts, which builds the rest of the model.
 */
import { componentKinds, storeKinds, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import { imageBaseName } from '../features/system/images';
import { technologyCalled } from '../features/system/technology';
import { buildReader, buildSpringSettings } from './buildConsoles';
import { buildTokenReader } from './buildTokens';
import { serverTokenReader } from './serverTokens';
import { addressVariable, credentialsInLine, ephemeralClusterJob, mysqlJdbcDefaultTls, relatedCredential, scanStepLine, sourceOfLine, tlsOfLine, unverifiedTlsLine } from './evidence';
import { identityProvider } from './identityProviders';
import { productPort, productReader } from './products';
import { CODE, healthOnlyPort } from './healthPorts';

/** What the way-in links ask of a component's ports: what it is (products.ts), and whether a port serves only its health (healthPorts.ts). */
export function portReader(map: MapFacts, host: DeriveHost): { products: (node: SystemNode | undefined) => readonly string[]; healthOnly: (node: SystemNode | undefined, port: number | undefined, blockLines: (source: SystemSource) => readonly string[]) => boolean } {
  const code = buildReader(map, host, CODE);
  return { products: productReader({ edges: map.edges, node: map.node }), healthOnly: (node, port, blockLines) => healthOnlyPort(node, port, blockLines, code) };
}
import { push, reader, type DeriveHost, type Evidence, type MapFacts } from './scan';
import { readsBinlog, selfCertifiedTls, tlsOnlyPort } from './serverTls';
import { loginBesideAddress, springLogin } from './clientLogin';

export interface SecurityLink {
  id: string;
  from: string;
  to: string;
  /** Threagile's protocol (`http`, `sql-access-protocol-encrypted`, …). */
  protocol: string;
  label: string;
  tls: boolean;
  credentials: boolean;
  /**
   * An entry into an application of the system's own (not a store, not a console): its users' login is the
   * application's, which the deploy files cannot see; modelled as Threagile models a browser's link (`session-id`),
   * not as missing authentication (an anonymous storefront is one by design).
   */
  session?: boolean;
  /** An entry's: the line of the web application firewall it passes (SecurityEntry.waf). */
  waf?: SystemSource;
  /** A deployment's: the line of the workflow's step that scans what it ships (evidence.ts scanStepLine). */
  scanned?: SystemSource;
  /**
   * A call's with credentials: the line showing its only credential is a user with an empty password (`getConnection(url,
   * "postgres", "")`): the caller holds no secret for it (analysis.ts: no vault asked for it).
   */
  noSecret?: SystemSource;
  /** A call's: the line that turns the TLS's check of the server off (`sslmode=require`, `insecureSkipVerify: true`; evidence.ts unverifiedTlsLine). */
  unverified?: SystemSource;
  /** An entry's into a console's port (consoleModel.ts): judged as the console, whatever else its component is (an Envoy's admin listener). */
  console?: boolean;
  /** An entry's into a metrics or admin-health port (metricsPort): what it gives is the process's metrics, none of the component's data. */
  metrics?: boolean;
  /** A session link into an application whose build names no login library (appLogin.ts): requests, but no authentication data. */
  noLogin?: boolean;
  kind: 'entry' | 'call' | 'deploy';
  sources: SystemSource[];
}

/** The Threagile protocol of a map edge's protocol, TLS or not. */
export function protocolOf(protocol: string | undefined, tls: boolean, port: number | undefined): string {
  const p = (protocol ?? '').toLowerCase();
  if (p === 'https' || (p === 'http' && tls) || (!p && port === 443)) return 'https';
  if (p === 'http' || p.startsWith('otlp/http')) return 'http';
  if (p === 'websocket') return tls ? 'wss' : 'ws';
  if (p === 'postgresql' || p === 'mysql' || p === 'cql' || p === 'tds' || p === 'sql server') return tls ? 'sql-access-protocol-encrypted' : 'sql-access-protocol';
  if (p === 'mongodb' || p === 'redis' || p === 'memcached') return tls ? 'nosql-access-protocol-encrypted' : 'nosql-access-protocol';
  if (p === 'mqtt') return 'mqtt';
  if (p === '' && !tls) return 'unknown-protocol';
  return tls ? 'binary-encrypted' : 'binary';
}

/**
 * The protocol a published port speaks by the IANA service it is registered to (the container's port: `5433:1433` is
 * SQL Server's TDS), for a component the map knows no technology of: a database's or a broker's port is no web access,
 * so no WAF is asked in front of it (issue #78: eShopOnContainers' `mcr.microsoft.com/mssql/server`). Undefined: any other port.
 */
const REGISTERED_PORTS: ReadonlyMap<number, string> = new Map([
  [1433, 'sql-access-protocol'], [1521, 'sql-access-protocol'], [3306, 'sql-access-protocol'], [5432, 'sql-access-protocol'], [9042, 'sql-access-protocol'], [26257, 'sql-access-protocol'],
  [6379, 'nosql-access-protocol'], [11211, 'nosql-access-protocol'], [27017, 'nosql-access-protocol'],
  [5672, 'binary'], [9092, 'binary'], [4222, 'binary'], [2181, 'binary'], [1883, 'mqtt'],
]);

export function registeredProtocol(port: number | undefined, tls: boolean): string | undefined {
  const protocol = port === undefined ? undefined : REGISTERED_PORTS.get(port);
  if (protocol === undefined || !tls) return protocol;
  return protocol === 'mqtt' ? 'binary-encrypted' : `${protocol}-encrypted`;
}

/** Ports that web servers and frameworks listen on by convention (HTTP's own, the frameworks' defaults: Node 3000, Flask and ASP.NET 5000, Angular 4200, Django 8000, Tomcat 8080). */
const HTTP_PORTS: ReadonlySet<number> = new Set([80, 443, 3000, 4200, 5000, 8000, 8008, 8080, 8081, 8443, 8888]);

/** The product a component is by its image alone (no build read): its repository's last part. */
const imageNames = (node: SystemNode | undefined): string[] => (node?.image ? [imageBaseName(node.image).toLowerCase()] : []);

/** A URL or probe that says a port speaks HTTP (`http://+:80`, `curl -f localhost:9200/health`, `wget http://x:8080/`). */
const HTTP_SAYING = /\b(?:https?:\/\/[\w.+*[\]-]{1,100}(?::(\d{2,5}))?|(?:curl|wget)\s[^\n]{0,200}?(?:localhost|127\.0\.0\.1|0\.0\.0\.0):(\d{2,5}))/gi;

/**
 * Whether a component the map knows no technology of serves HTTP on a port (issue #95: a WAF guards web applications,
 * not a Thrift service's binary port nor Dapr placement's gRPC control plane): not when its product documents the port as
 * a raw TCP/UDP input (Logstash's 50000); else the port is a web one by convention, or its
 * product documents it as a web one, the map's calls into that port (or into the component, no port said) speak HTTP, or its
 * own block names the port in an HTTP URL, a `curl`/`wget` probe or a Kubernetes `httpGet` probe. `products`: the names
 * of what the component is (products.ts productNamesOf: its image's, a build's base image's).
 */
export function servesHttp(node: SystemNode | undefined, port: number | undefined, callsIn: readonly SystemEdge[], blockLines: (source: SystemSource) => readonly string[], products: readonly string[] = imageNames(node)): boolean {
  if (port !== undefined && productPort(products, port, 'raw')) return false;
  if (port !== undefined && HTTP_PORTS.has(port)) return true;
  if (port !== undefined && productPort(products, port, 'web')) return true;
  if (callsIn.some((edge) => edge.kind === 'calls' && !edge.from.startsWith('person:') && (edge.port === undefined || port === undefined || edge.port === port) && /^(?:https?|websocket|grpc-web)\b/i.test(edge.protocol ?? edge.label))) return true;
  return (node?.sources ?? []).some((own) => own.uri.startsWith('file:') && blockLines(own).some((line, i, lines) => {
    if (/^\s*#/.test(line)) return false;
    // A Kubernetes probe `httpGet:` whose `port:` (within its next lines) is this one.
    if (/^\s*httpGet:\s*$/.test(line)) return lines.slice(i + 1, i + 5).some((next) => Number(/^\s*port:\s*["']?(\d{2,5})["']?\s*$/.exec(next)?.[1]) === port);
    for (const match of line.matchAll(HTTP_SAYING)) {
      if (Number(match[1] ?? match[2]) === port) return true;
    }
    return false;
  }));
}

/** Follows `routes` edges from an endpoint (an Ingress → Services → workloads) to the components. */
export function routed(start: string, map: MapFacts, routes: ReadonlyMap<string, readonly SystemEdge[]>): string[] {
  const found: string[] = [];
  const queue = [start];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    const node = map.node(id);
    if (node && componentKinds.has(node.kind)) {
      found.push(id);
      continue;
    }
    for (const edge of routes.get(id) ?? []) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return found;
}
/** A load generator or a test suite run beside the system (`loadgenerator`, `load-generator`, `locust`, `frontendTests`, `e2e`). */
const testClient = (node: SystemNode | undefined) => node !== undefined && /(^|[-_])(load-?generator|loadgen|locust|k6)$|tests?$|(^|[-_])e2e$/i.test(node.name);

/** Whether a line's address names the host (`//db:5432`, `@db/app`, `//db`): plain string search, the name is the workspace's (never a pattern). */
function namesHost(line: string, host: string): boolean {
  if (host === '') return false;
  for (const before of ['//', '@']) {
    for (let at = line.indexOf(before + host); at >= 0; at = line.indexOf(before + host, at + 1)) {
      const next = line.charAt(at + before.length + host.length);
      if (next === '' || next === ':' || next === '/' || next === '?' || next === '"' || next === "'" || /\s/.test(next)) return true;
    }
  }
  return false;
}

/**
 * A user given with an empty password: a driver's call with a literal user and `""` (`DriverManager.getConnection(url, "postgres", "")`),
 * an address's `user:@`, a connection string's `Password=;`.
 */
const EMPTY_PASSWORD = /\bgetConnection\s*\(\s*[^,()]{1,200},\s*"[^"\s]{1,64}"\s*,\s*""\s*\)|:\/\/[^/\s:@]{1,64}:@|(?:^|[;"'\s])(?:password|pwd)\s*=\s*(?:;|$)/i;

/** A call as the map traces it, to one component (a call to a Service reaches each workload it routes to). */
interface Call {
  edge: SystemEdge;
  target: string;
}

/** `a`'s sources then `b`'s, each line once. */
function mergedSources(a: readonly SystemSource[], b: readonly SystemSource[]): SystemSource[] {
  const place = (s: SystemSource) => `${s.uri}:${s.range.start.line}`;
  const seen = new Set(a.map(place));
  const out = [...a];
  for (const s of b) {
    if (seen.has(place(s))) continue;
    seen.add(place(s));
    out.push(s);
  }
  return out;
}

/**
 * What users reach and who calls as a user would (issue #78, precision): `front` the components an entry point
 * reaches. A reverse proxy among them (an authenticating ASP.NET one too: aspnetGateway.ts) passes its users' requests, and their session, to the applications it routes
 * to in its own boundary (not a store, not a console: those ask for their own credentials) — those hops are
 * `session` links, as the entry itself is. A component that nothing calls and no entry reaches, whose every call
 * into the system goes to an application users reach (a load generator, an AI agent driving the shop, a synthetic probe,
 * whatever its name), is a client of the system: its calls are no link of the system's.
 */
function usersAndClients(calls: readonly Call[], map: MapFacts, front: ReadonlySet<string>, { consoles, authenticatingProxies }: Pick<Evidence, 'consoles' | 'authenticatingProxies'>): { sessionHop: (call: Call) => boolean; clients: Set<string> } {
  const node = (id: string) => map.node(id);
  const place = (id: string) => `${node(id)?.parent ?? ''}|${node(id)?.namespace ?? ''}`;
  const application = (id: string) => {
    const n = node(id);
    return n !== undefined && !storeKinds.has(n.kind) && n.kind !== 'broker' && n.kind !== 'external' && !consoles.has(id);
  };
  const proxy = (id: string) => technologyCalled(node(id)?.technology)?.kind === 'proxy' || authenticatingProxies.has(id);
  const sessionHop = (call: Call) => front.has(call.edge.from) && proxy(call.edge.from) && application(call.target) && place(call.edge.from) === place(call.target);
  const users = new Set([...front].filter(application));
  for (const call of calls) if (sessionHop(call)) users.add(call.target);
  const called = new Set(calls.map((c) => c.target));
  const into = new Map<string, string[]>();
  for (const call of calls) if (node(call.target)?.kind !== 'external') push(into, call.edge.from, call.target);
  const clients = new Set<string>();
  for (const [from, targets] of into) if (!called.has(from) && !front.has(from) && targets.every((t) => users.has(t))) clients.add(from);
  return { sessionHop, clients };
}

/**
 * The calls between components, each with what its own files say of TLS and credentials (issue #78: credentials
 * per link); `front`: the components the entry points reach. One link per caller and component: the calls of a
 * component's instances (a Compose service and its Kubernetes workload) are one link with every line, plaintext
 * if one is, with credentials if all have them.
 */
export function callLinks(map: MapFacts, evidence: Evidence, host: DeriveHost, routes: ReadonlyMap<string, readonly SystemEdge[]>, componentIds: ReadonlySet<string>, front: ReadonlySet<string> = new Set()): SecurityLink[] {
  const { lineText, fileLines } = reader(host);
  const { mtls, storeAuth, credentialBlock } = evidence;
  const springOf = buildSpringSettings(map, host);
  const tokenOf = buildTokenReader(map, host);
  const verifierOf = serverTokenReader(map, { ...host, fileLines, envLines: evidence.envLines });
  const binlogReader = (id: string) => (map.node(id)?.sources ?? []).some((s) => s.uri.startsWith('file:') && readsBinlog(fileLines(s.uri).block(s.range.start.line).lines));
  const calls: Call[] = [];
  for (const edge of map.edges) {
    if ((edge.kind !== 'calls' && edge.kind !== 'may-call') || !componentIds.has(edge.from)) continue;
    // A test client (a load generator, an end-to-end suite) calls the system as a user would, from outside it:
    // its calls are no link of the system's (the user's own way in is the entry point's).
    if (testClient(map.node(edge.from))) continue;
    // A possible call nothing shows is made (SystemEdge.possibleOnly: a migration Job handed the app's Kafka address, a gateway
    // handed `RABBIT` whose code opens no AMQP): no link to judge (issue #95).
    if (edge.possibleOnly) continue;
    // A call to a Service reaches the workloads it routes to.
    for (const target of componentIds.has(edge.to) ? [edge.to] : routed(edge.to, map, routes)) if (target !== edge.from) calls.push({ edge, target });
  }
  const { sessionHop, clients } = usersAndClients(calls, map, front, evidence);
  const links: SecurityLink[] = [];
  const byId = new Map<string, number>();
  for (const call of calls) {
    const { edge, target } = call;
    if (clients.has(edge.from)) continue;
    const to = map.node(target)!;
    // The caller's env-file lines naming the target (`DATABASE_URL=postgres://app:pw@db/app` in its .env): the address's lines too.
    const envHits = (evidence.envLines.get(edge.from) ?? []).filter((e) => namesHost(e.text, to.name));
    const texts = [...edge.sources.map(lineText), ...envHits.map((e) => e.text)];
    const said = texts.map(tlsOfLine).find((v) => v !== undefined);
    // A MySQL 8 or later (not MariaDB nor 5.x: serverTls.ts) reached by Connector/J with no TLS setting: TLS, unverified. Not
    // by a binlog reader (Eventuate's CDC): its replication stream is mysql-binlog-connector's, plaintext by default.
    const jdbcDefault = said === undefined && to.technology === 'MySQL' && !binlogReader(edge.from) && selfCertifiedTls(to, map, { fileLines, sideText: host.sideText }) ? edge.sources.find((s) => mysqlJdbcDefaultTls(lineText(s))) : undefined;
    const inMesh = mtls.length > 0 && edge.from.startsWith('k8s:') && target.startsWith('k8s:');
    // Authenticated by the mesh only where a STRICT PeerAuthentication refuses callers without its certificate: injection alone
    // leaves Istio PERMISSIVE (and Linkerd's default all-unauthenticated), taking any plaintext caller (issue #95, kiali travels).
    const meshAuthenticated = inMesh && mtls.some((s) => /^kind:\s*PeerAuthentication\b/.test(lineText(s)));
    // A server that speaks only TLS on the port called (serverTls.ts) is reached over TLS, whatever the address says.
    const tls = tlsOnlyPort(to, edge.port, map, { fileLines, sideText: host.sideText, files: host.files }) !== undefined || (said ?? (inMesh || jdbcDefault !== undefined || edge.protocol === 'HTTPS' || edge.port === 443 || (kafka(to) && kafkaTls(edge.from, target, map, fileLines, springOf))));
    const store = storeKinds.has(to.kind) || to.kind === 'broker';
    // Credentials per link: the target's own authentication when its files say it (a Redis without requirepass
    // takes none, whatever the caller holds), else the address's user or a credential variable of the caller naming
    // the same thing as the address, the target or its technology.
    const auth = storeAuth.get(target);
    const caller = credentialBlock.get(edge.from);
    const related = () => {
      if (!store || !caller) return false;
      const address = edge.sources.map((s) => addressVariable(lineText(s), fileLines(s.uri).line(s.range.start.line - 1))).find((v) => v !== undefined);
      return relatedCredential(address, caller.names, to) || caller.secretEnv;
    };
    // A client's user and password beside its address, or in its Spring settings (clientLogin.ts): the store has users, where its own files leave its login unsaid.
    const loggedIn = () => {
      if (!store) return false;
      const own = (map.node(edge.from)?.sources ?? []).filter((s) => s.uri.startsWith('file:')).flatMap((s) => fileLines(s.uri).block(s.range.start.line).lines);
      const lines = [...own, ...(evidence.envLines.get(edge.from) ?? []).map((e) => e.text)];
      return edge.sources.some((s) => loginBesideAddress(addressVariable(lineText(s), fileLines(s.uri).line(s.range.start.line - 1)), lines)) || springLogin(springOf(edge.from), to.technology);
    };
    // Caller and callee holding the same token-signing Secret: the call carries a token the callee verifies.
    const callee = credentialBlock.get(target);
    const token = !store && caller !== undefined && callee !== undefined && caller.tokens.some((t) => callee.tokens.includes(t));
    // A call to an identity provider speaks OIDC: the client's own credentials (a BFF's client secret, the user's login) or
    // public metadata (discovery, signing keys) that asks for none — never a missing authentication (issue #95, yas).
    // A console that asks its own login (pgAdmin's PGADMIN_DEFAULT_EMAIL/PASSWORD, issue #95, yas): whoever reaches it, through a
    // proxy too, logs in to it — as on a way in (derive.ts); a login everybody knows is default-credentials' finding.
    const console = evidence.consoles.get(target)?.facts;
    const login = console !== undefined && (!console.unauthenticated || console.reason === 'default credentials');
    const carried = meshAuthenticated || token || login || identityProvider(to) || (auth ? auth.required || (auth.source === undefined && loggedIn()) : texts.some(credentialsInLine) || related());
    // A server whose own configuration verifies tokens (serverTokens.ts: a JWT secret or key, a resource server's issuer), or a
    // reverse proxy letting in only authenticated users (aspnetGateway.ts): its callers send one, or their login.
    const verified = !carried && !store ? (verifierOf(to) ?? evidence.authenticatingProxies.get(target)) : undefined;
    // A caller whose own code sends a token on its requests (buildTokens.ts): its calls to the system's applications carry it.
    const sent = !carried && !verified && !store && technologyCalled(to.technology)?.kind !== 'monitoring' ? tokenOf(edge.from, target, edge.sources) : undefined;
    const credentials = carried || verified !== undefined || sent !== undefined;
    // The store asks a login, and all the caller gives is a user with an empty password (wordsmith's api): no secret held.
    const noSecret = credentials && auth?.required === true && !texts.some(credentialsInLine) && !related() ? edge.sources.find((s) => EMPTY_PASSWORD.test(lineText(s))) : undefined;
    const sources = [...edge.sources, ...envHits.map((e) => e.source), ...(auth && !auth.required && auth.source ? [auth.source] : []), ...(verified ? [verified] : []), ...(sent ? [sent] : [])];
    const session = sessionHop(call);
    // TLS that checks no certificate: said on the address's lines, or process-wide in the caller's block (NODE_TLS_REJECT_UNAUTHORIZED=0).
    const unverified = tls && !inMesh ? (jdbcDefault ?? unverifiedOf(edge, envHits, lineText, fileLines, map)) : undefined;
    if (unverified && !sources.includes(unverified)) sources.push(unverified);
    const link: SecurityLink = { id: `call:${edge.from}>${target}`, from: edge.from, to: target, protocol: protocolOf(edge.protocol, tls, edge.port), label: edge.label, tls, credentials, ...(session ? { session } : {}), ...(unverified ? { unverified } : {}), ...(noSecret ? { noSecret } : {}), kind: 'call', sources };
    const at = byId.get(link.id);
    if (at === undefined) {
      byId.set(link.id, links.length);
      links.push(link);
    } else {
      // A user with an empty password is all of the link only when it is all of each instance's call.
      const { noSecret: firstNoSecret, ...first } = links[at];
      const unverifiedOne = first.unverified ?? link.unverified;
      links[at] = { ...first, tls: first.tls && tls, credentials: first.credentials && credentials, protocol: first.tls && !tls ? link.protocol : first.protocol, ...(unverifiedOne && first.tls && tls ? { unverified: unverifiedOne } : {}), ...(firstNoSecret && noSecret ? { noSecret: firstNoSecret } : {}), sources: mergedSources(first.sources, sources) };
    }
  }
  return links;
}

const kafka = (node: SystemNode) => node.kind === 'broker' && /kafka/i.test(node.technology ?? node.image ?? '');

/** A client's `security.protocol` of SSL or SASL_SSL (Spring's property, its environment variable, a librdkafka setting). */
const KAFKA_CLIENT_TLS = /(?:\b|_)security[._]protocol["']?\s*[:=]\s*["']?(?:SASL_)?SSL\b/i;
/** A broker's listeners (`KAFKA_LISTENERS`, `KAFKA_ADVERTISED_LISTENERS`, `listeners=`): each `NAME://host:port`. */
const KAFKA_LISTENERS = /\b(?:KAFKA_(?:ADVERTISED_)?LISTENERS|(?:advertised\.)?listeners)["']?\s*[:=]\s*["']?([^"'\s]+)/i;

/**
 * A client → Kafka link over TLS (issue #95): the caller's blocks or Spring files set `security.protocol` to SSL or SASL_SSL, or the
 * broker's blocks list listeners that all speak it (`SSL://`, `SASL_SSL://`, or names its protocol map gives SSL). Else
 * Kafka's default, PLAINTEXT.
 */
function kafkaTls(from: string, to: string, map: MapFacts, fileLines: ReturnType<typeof reader>['fileLines'], springOf: (id: string) => string[]): boolean {
  const lines = (id: string) => (map.node(id)?.sources ?? []).filter((s) => s.uri.startsWith('file:')).flatMap((s) => fileLines(s.uri).block(s.range.start.line).lines).filter((l) => !/^\s*#/.test(l));
  if (lines(from).some((l) => KAFKA_CLIENT_TLS.test(l))) return true;
  // The caller's own Spring files (`spring.kafka.security.protocol=SSL`, `spring.kafka.properties.security.protocol: SASL_SSL`).
  if (springOf(from).some((s) => /(^|\.)security\.protocol=(SASL_)?SSL$/i.test(s))) return true;
  const broker = lines(to);
  const map_ = new Map<string, string>();
  for (const l of broker) {
    const m = /(?:\b|_)LISTENER_SECURITY_PROTOCOL_MAP["']?\s*[:=]\s*["']?([^"'\s]+)/i.exec(l) ?? /\blistener\.security\.protocol\.map\s*[:=]\s*(\S+)/.exec(l);
    for (const pair of m?.[1].split(',') ?? []) {
      const [name, protocol] = pair.split(':');
      if (name && protocol) map_.set(name.toUpperCase(), protocol.toUpperCase());
    }
  }
  const names = broker.flatMap((l) => (KAFKA_LISTENERS.exec(l)?.[1].split(',') ?? []).map((x) => x.split('://')[0].toUpperCase())).filter((n) => n !== 'CONTROLLER');
  return names.length > 0 && names.every((n) => /^(SASL_)?SSL$/.test(map_.get(n) ?? n));
}

/** A process-wide switch of the caller's (Node's NODE_TLS_REJECT_UNAUTHORIZED=0) turns every TLS call's check off. */
const PROCESS_UNVERIFIED = /\bNODE_TLS_REJECT_UNAUTHORIZED["']?\s*[:=]\s*["']?0\b/;

/** The line that makes a call's TLS check no certificate: on the address's lines (its env-file lines too), else a process-wide switch in the caller's blocks. */
function unverifiedOf(edge: SystemEdge, envHits: readonly { text: string; source: SystemSource }[], lineText: (s: SystemSource) => string, fileLines: ReturnType<typeof reader>['fileLines'], map: MapFacts): SystemSource | undefined {
  const onAddress = edge.sources.find((s) => unverifiedTlsLine(lineText(s))) ?? envHits.find((e) => unverifiedTlsLine(e.text))?.source;
  if (onAddress) return onAddress;
  for (const own of map.node(edge.from)?.sources ?? []) {
    if (!own.uri.startsWith('file:')) continue;
    const block = fileLines(own.uri).block(own.range.start.line);
    const i = block.lines.findIndex((l) => PROCESS_UNVERIFIED.test(l) && !/^\s*#/.test(l));
    if (i >= 0) return { uri: own.uri, range: { start: { line: block.first + i, character: 0 }, end: { line: block.first + i, character: block.lines[i].length } } };
  }
  return undefined;
}

/** A metrics endpoint's setting naming its listening port (`PROMETHEUS_ENDPOINT=0.0.0.0:8000`, `METRICS_PORT: 9102`, `--metrics-addr=:8080`). */
const METRICS_SETTING = /(?:\bPROMETHEUS_(?:ENDPOINT|PORT|LISTEN(?:_ADDR(?:ESS)?)?)|\bMETRICS_(?:PORT|ADDR(?:ESS)?|LISTEN(?:_ADDR(?:ESS)?)?|ENDPOINT)|--metrics[-_](?:addr(?:ess)?|port|bind-address))["']?\s*[:=]\s*["']?(?:[\w.-]*:)?(\d{2,5})\b/i;

/** Flink's Prometheus reporter (`metrics.reporter.prom.port: 9260`), a YAML line of its FLINK_PROPERTIES. */
const FLINK_REPORTER = /\bmetrics\.reporter\.[\w-]+\.port\s*:\s*(\d{2,5})\b/;

/**
 * Whether a component's published port is its metrics endpoint, by its own settings (issue #95, temporal's
 * `PROMETHEUS_ENDPOINT=0.0.0.0:8000` published as 8000, Flink's reporter port) or by its product's documented port
 * (jaeger-collector's 14269, a Prometheus exporter, Logstash's monitoring API 9600, also when built from its image): what it
 * serves is metrics, scraped, not its users' session nor data.
 */
export function metricsPort(node: SystemNode | undefined, port: number | undefined, blockLines: (source: SystemSource) => readonly string[], products: readonly string[] = imageNames(node)): boolean {
  if (node === undefined || port === undefined) return false;
  if (productPort(products, port, 'metrics')) return true;
  return node.sources.some((own) => own.uri.startsWith('file:') && blockLines(own).some((line) => !/^\s*#/.test(line) && [METRICS_SETTING, FLINK_REPORTER].some((setting) => Number(setting.exec(line)?.[1]) === port)));
}

/** The deployments a CI workflow pushes (`kubectl`, `helm`; not a GitOps commit, not into the throwaway cluster its job creates), each with the scan step that checks what it ships. */
export function deployLinks(map: MapFacts, componentIds: ReadonlySet<string>, fileLines: ReturnType<typeof reader>['fileLines']): SecurityLink[] {
  const links: SecurityLink[] = [];
  for (const edge of map.edges) {
    if (edge.kind !== 'deploys' || !edge.from.startsWith('workflow:') || /gitops|commit/i.test(edge.label) || !componentIds.has(edge.to)) continue;
    // A job that deploys into the kind, k3d or minikube cluster it creates pushes into nothing that outlives it.
    if (edge.sources.some((s) => ephemeralClusterJob(fileLines(s.uri).all, s.range.start.line))) continue;
    // A scan step in the workflow (Trivy, Grype, Snyk, CodeQL, Docker Scout…) checks what it deploys: its line.
    const workflow = edge.sources.find((s) => s.uri.startsWith('file:'));
    const scanAt = workflow === undefined ? undefined : scanStepLine(fileLines(workflow.uri).all);
    const scanned = workflow !== undefined && scanAt !== undefined ? { scanned: sourceOfLine(workflow.uri, scanAt, fileLines(workflow.uri).line(scanAt)) } : {};
    links.push({ id: `deploy:${edge.from}>${edge.to}`, from: edge.from, to: edge.to, protocol: 'https', label: edge.label, tls: true, credentials: true, ...scanned, kind: 'deploy', sources: edge.sources });
  }
  return links;
}
