/**
 * The links of the security model between components (issue #78): each call with what its own files say
 * of TLS and credentials — the target's own authentication first, else the address's user or a variable of
 * the caller naming the same thing, a token Secret both hold, a mesh's mTLS — never another variable of the
 * caller. Test clients' calls are left out. Split from derive.ts, which builds the rest of the model.
 */
import { componentKinds, storeKinds, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import { addressVariable, credentialsInLine, relatedCredential, tlsOfLine } from './evidence';
import { reader, type DeriveHost, type Evidence, type MapFacts } from './scan';

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
  kind: 'entry' | 'call' | 'deploy';
  sources: SystemSource[];
}

/** The Threagile protocol of a map edge's protocol, TLS or not. */
export function protocolOf(protocol: string | undefined, tls: boolean, port: number | undefined): string {
  const p = (protocol ?? '').toLowerCase();
  if (p === 'https' || (p === 'http' && tls) || (!p && port === 443)) return 'https';
  if (p === 'http' || p.startsWith('otlp/http')) return 'http';
  if (p === 'websocket') return tls ? 'wss' : 'ws';
  if (p === 'postgresql' || p === 'mysql' || p === 'cql') return tls ? 'sql-access-protocol-encrypted' : 'sql-access-protocol';
  if (p === 'mongodb' || p === 'redis' || p === 'memcached') return tls ? 'nosql-access-protocol-encrypted' : 'nosql-access-protocol';
  if (p === 'mqtt') return 'mqtt';
  if (p === '' && !tls) return 'unknown-protocol';
  return tls ? 'binary-encrypted' : 'binary';
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

/** The calls between components, each with what its own files say of TLS and credentials (issue #78: credentials per link). */
export function callLinks(map: MapFacts, evidence: Evidence, host: DeriveHost, routes: ReadonlyMap<string, readonly SystemEdge[]>, componentIds: ReadonlySet<string>): SecurityLink[] {
  const { lineText, fileLines } = reader(host);
  const { mtls, storeAuth, credentialBlock } = evidence;
  const links: SecurityLink[] = [];
  for (const edge of map.edges) {
    if ((edge.kind !== 'calls' && edge.kind !== 'may-call') || !componentIds.has(edge.from)) continue;
    // A test client (a load generator, an end-to-end suite) calls the system as a user would, from outside it:
    // its calls are no link of the system's (the user's own way in is the entry point's).
    if (testClient(map.node(edge.from))) continue;
    // A call to a Service reaches the workloads it routes to.
    const targets = componentIds.has(edge.to) ? [edge.to] : routed(edge.to, map, routes);
    const texts = edge.sources.map(lineText);
    const said = texts.map(tlsOfLine).find((v) => v !== undefined);
    for (const target of targets) {
      if (target === edge.from) continue;
      const to = map.node(target)!;
      const inMesh = mtls.length > 0 && edge.from.startsWith('k8s:') && target.startsWith('k8s:');
      const tls = said ?? (inMesh || edge.protocol === 'HTTPS' || edge.port === 443);
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
      // Caller and callee holding the same token-signing Secret: the call carries a token the callee verifies.
      const callee = credentialBlock.get(target);
      const token = !store && caller !== undefined && callee !== undefined && caller.tokens.some((t) => callee.tokens.includes(t));
      const credentials = inMesh || token || (auth ? auth.required : texts.some(credentialsInLine) || related());
      const sources = auth && !auth.required && auth.source ? [...edge.sources, auth.source] : edge.sources;
      links.push({ id: `call:${edge.from}>${target}`, from: edge.from, to: target, protocol: protocolOf(edge.protocol, tls, edge.port), label: edge.label, tls, credentials, kind: 'call', sources });
    }
  }
  return links;
}
