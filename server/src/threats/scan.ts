/**
 * What the deploy files say around the lines the system map points at (issue #65), read for the security model
 * (derive.ts): each component's block (secrets written as literals, what lets it escape its platform, credentials,
 * encryption at rest, public access, a Compose service's networks, a console its build holds), an Ingress's TLS, and what
 * every YAML file says wherever the map points (NetworkPolicies, a mesh's mTLS, ConfigMaps' secrets, vault objects). A
 * file's lines and blocks are read once per file version (FileLines, kept by the index: workspace.ts), a block's facts once.
 */
import { componentKinds, storeKinds, type EntryPoint, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import { authenticatingProxyReader } from './aspnetGateway';
import { buildConsoleReader } from './buildConsoles';
import { committedSecrets } from './configSecrets';
import { consoleFacts, consoleOf, type ConsoleFacts } from './consoles';
import { committedSecretFiles, envLinesOf, type EnvLine } from './envFiles';
import { entryTlsOf } from './entryTls';
import { wafLine, type FileFacts } from './fileFacts';
import { addressOf, moduleOf } from './terraformFacts';
import type { HardeningFinding, HardeningGap } from './cloudHardening';
import { credentialVariables, encryptedAtRest, escapeLines, FileLines, hostPortLines, literalSecretLines, publicLines, sourceOfLine, storeAuthentication, tokenSecrets, unencryptedLine, type Block } from './evidence';

/** What the derivation reads of the system map (system/model.ts's SystemModel has this shape). */
export interface MapFacts {
  readonly nodes: readonly SystemNode[];
  readonly edges: readonly SystemEdge[];
  readonly entries: readonly EntryPoint[];
  readonly node: (id: string) => SystemNode | undefined;
  /** The place whose boundary a place's components sit in (logical.ts: a Compose project copying another's); absent: its own. */
  readonly projectOf?: (place: string) => string;
}

export interface DeriveHost {
  /** A file's text (the index's). */
  text: (uri: string) => string | undefined;
  /** A file's lines, split once per file version (the index keeps them: workspace.ts); absent: split from `text` for this derivation. */
  lines?: (uri: string) => FileLines | undefined;
  /** The map's verdict on an entry point: `user`, `exposure`, `operator`, `variant` (system/entries.ts); undefined: every entry counts. */
  entryRole?: (entry: EntryPoint) => string | undefined;
  /** The fideslang categories the privacy facts give a component (a Fides system or dataset naming it). */
  categoriesOf?: (node: SystemNode) => readonly string[];
  /** What each YAML and Terraform file of the workspace says (yamlFileFacts: NetworkPolicies, mesh policies, ConfigMaps, vault objects; terraformFileFacts: WAF associations), read once per file version. */
  fileFacts?: () => Iterable<FileFacts>;
  /** A side file's text by URI (a Compose service's env_file, the project's .env) by the one bounded, confined read; undefined when not read. */
  sideText?: (uri: string) => string | undefined;
  files?: () => Iterable<string>; // The URIs of the index's files (buildConsoles.ts: the Spring configuration a build holds).
}

/** A NetworkPolicy of an optional kustomize component, of extras/ or of an example folder is not the deployment's wall: decided on the path under the system's root, not the absolute one (a workspace may itself live in an examples/ folder). */
const OPTIONAL_PLACE = /\/(components|extras|examples?|samples?|tests?)\//;

/** The longest folder every URI is under. */
function commonFolder(uris: Iterable<string>): string {
  let prefix: string | undefined;
  for (const uri of uris) {
    const folder = uri.slice(0, uri.lastIndexOf('/'));
    if (prefix === undefined) prefix = folder;
    while (prefix && prefix !== folder && !uri.startsWith(`${prefix}/`)) prefix = prefix.slice(0, prefix.lastIndexOf('/'));
  }
  return prefix ?? '';
}

export const isVault = (node: SystemNode) => /(^|[^a-z])(vault|secret-?manager|secretsmanager|key-?vault|external-secrets|sealed-secrets)([^a-z]|$)/i.test(`${node.name} ${node.image ?? ''} ${node.technology ?? ''} ${node.resource ?? ''}`);

/** The networks a Compose service's block names (`networks: [front]`, a map of them, or a list at the key's own indentation: yas's `networks:` then `- front`). */
function composeNetworks(source: SystemSource | undefined, blockOf: (source: SystemSource) => Block): { name: string; source: SystemSource }[] {
  if (!source) return [];
  const block = blockOf(source);
  const found: { name: string; source: SystemSource }[] = [];
  const at = block.lines.findIndex((l) => /^\s+networks:/.test(l));
  if (at < 0) return found;
  const inline = /networks:\s*\[([^\]]*)\]/.exec(block.lines[at]);
  if (inline) return inline[1].split(',').map((n) => n.trim().replace(/^["']|["']$/g, '')).filter(Boolean).map((name) => ({ name, source: sourceOfLine(source.uri, block.first + at, block.lines[at]) }));
  const indent = /^\s*/.exec(block.lines[at])![0].length;
  for (let i = at + 1; i < block.lines.length; i++) {
    const line = block.lines[i];
    if (line.trim() === '') continue;
    if (/^\s*/.exec(line)![0].length < indent || (/^\s*/.exec(line)![0].length === indent && !/^\s*-\s/.test(line))) break;
    const name = /^\s*(?:-\s*)?["']?([A-Za-z0-9_.-]+)["']?\s*:?/.exec(line)?.[1];
    if (name && /^\s*/.exec(line)![0].length === (/^\s*/.exec(block.lines[at + 1] ?? '')![0].length)) found.push({ name, source: sourceOfLine(source.uri, block.first + i, line) });
  }
  return found;
}

/** Reads the lines the map points at: a line's text, the block around it, a place. */
export function reader(host: DeriveHost) {
  const local = new Map<string, FileLines>();
  const fileLines = (uri: string): FileLines => {
    const kept = host.lines?.(uri);
    if (kept) return kept;
    let known = local.get(uri);
    if (!known) local.set(uri, (known = new FileLines(host.text(uri) ?? '')));
    return known;
  };
  const lineText = (source: SystemSource) => fileLines(source.uri).line(source.range.start.line);
  const blockOf = (source: SystemSource) => fileLines(source.uri).block(source.range.start.line);
  const at = (uri: string, line: number) => sourceOfLine(uri, line, fileLines(uri).line(line));
  return { lineText, blockOf, at, fileLines };
}

/** What a block says, read once per block (a block is kept per file version: FileLines). */
interface BlockFacts {
  escapes: number[];
  secrets: number[];
  credentials: { names: string[]; secretEnv: boolean };
  tokens: string[];
  public: number[];
  hostPorts: { line: number; port: number; target?: number }[];
  encrypted: Map<string, boolean>;
}
const blockFacts = new WeakMap<Block, BlockFacts>();
function factsOf(block: Block): BlockFacts {
  let facts = blockFacts.get(block);
  if (!facts) {
    facts = { escapes: escapeLines(block.lines), secrets: literalSecretLines(block.lines), credentials: credentialVariables(block.lines), tokens: tokenSecrets(block.lines), public: publicLines(block.lines), hostPorts: hostPortLines(block.lines), encrypted: new Map() };
    blockFacts.set(block, facts);
  }
  return facts;
}
function encryptedBlock(block: Block, resource: string | undefined): boolean {
  const facts = factsOf(block);
  const key = resource ?? '';
  let known = facts.encrypted.get(key);
  if (known === undefined) facts.encrypted.set(key, (known = encryptedAtRest(block.lines, resource)));
  return known;
}

/** Appends to the list kept under a key (a spread per item was quadratic in a node's edges). */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What the blocks of the components and the YAML files say: secrets, escapes, vaults, encryption, public access, credentials, NetworkPolicies, mTLS, a Compose service's networks, an Ingress's TLS. */
export interface Evidence {
  secrets: SystemSource[];
  escapes: SystemSource[];
  vaults: SystemSource[];
  escapeOf: Map<string, SystemSource[]>;
  encrypted: Map<string, boolean>;
  publicOf: Map<string, SystemSource[]>;
  /** The credential variables of each component's blocks (a link is authenticated by its own: evidence.ts relatedCredential). */
  credentialBlock: Map<string, { names: string[]; secretEnv: boolean; tokens: string[] }>;
  /** A container store's own authentication (`requirepass`, `POSTGRES_HOST_AUTH_METHOD: trust`…), with the line that turns it off. */
  storeAuth: Map<string, { required: boolean; source?: SystemSource }>;
  policies: Map<string, SystemSource[]>;
  mtls: SystemSource[];
  /** The networks each Compose service's block names. */
  networks: Map<string, { name: string; source: SystemSource }[]>;
  /** Each Ingress or Gateway entry is encrypted from the Internet (entryTls.ts: `tls:`, a certificate annotation, every Istio server's `tls.mode`), by the entry's index in the map's entries. */
  ingressTls: boolean[];
  /** The line of an Istio Gateway's server that serves in plaintext (no `tls.mode`, no `httpsRedirect`), which makes its way in plaintext whatever its first port, by the entry's index. */
  plaintextAt: (SystemSource | undefined)[];
  /** The line that says an Ingress entry reaches its pods over TLS (ingress-nginx's `backend-protocol: HTTPS|GRPCS`, Traefik's `service.serversscheme: https` on the Service), by the entry's index. */
  ingressBackendTls: (SystemSource | undefined)[];
  /** The line that says an Ingress entry asks the client for a certificate it verifies (ingress-nginx's `auth-tls-verify-client: "on"` with an `auth-tls-secret`), by the entry's index. */
  ingressClientCerts: (SystemSource | undefined)[];
  /** Each Kubernetes container's `hostPort`: a way in from the node's address, as a published port (the map makes no entry of it). */
  hostPorts: { component: string; port: number; target?: number; source: SystemSource }[];
  /** The line that puts a web application firewall in front of an entry (wafLine, or a WAF associated with its resource), by the entry's index. */
  wafOf: (SystemSource | undefined)[];
  /** The StorageClass line that encrypts a store's disks (its volumeClaimTemplates' or claims' class), by store id. */
  encryptedBy: Map<string, SystemSource[]>;
  /** The line of a Terraform store that turns its encryption at rest off (`storage_encrypted = false`), by store id. */
  unencryptedAt: Map<string, SystemSource>;
  /** The cloud hardening gaps of Terraform resources (cloudHardening.ts), by the component the resource is (a store, a cluster of the map), else by `terraform-resource:<module folder>:<address>` (a security group, a firewall rule). */
  hardening: Map<string, { title: string; findings: HardeningFinding[] }>;
  /** The admin and data consoles (consoles.ts), by component: whether they ask for credentials, and the lines that say so. */
  consoles: Map<string, { facts: ConsoleFacts; sources: SystemSource[] }>;
  /** The reverse proxies that let in only authenticated users (aspnetGateway.ts), by component: the line that says so. */
  authenticatingProxies: Map<string, SystemSource>;
  /** The lines of a Compose service's env_file(s) and of the .env variables it names (envFiles.ts), by component. */
  envLines: Map<string, EnvLine[]>;
}

export const componentsOf = (map: MapFacts) => map.nodes.filter((n) => componentKinds.has(n.kind) || n.kind === 'external');

/** A component's own settings (issue #78): a store's authentication (`requirepass`, `trust`), a console's (anonymous access, default credentials), from its first block. */
function ownSettings(node: SystemNode, { blockOf, at }: ReturnType<typeof reader>, consoles: Evidence['consoles'], storeAuth: Evidence['storeAuth'], envOf: (source: SystemSource) => readonly EnvLine[]): void {
  const byName = consoleOf(node);
  const store = storeKinds.has(node.kind) || node.kind === 'broker';
  // Every instance's block (logical.ts gives a component all of them): one that asks for no credentials is enough.
  for (const own of node.sources) {
    if (!own.uri.startsWith('file:')) continue;
    const block = blockOf(own);
    // The block's lines, then its env files' (a `trust` or an anonymous access written in a .env is the service's).
    const env = envOf(own);
    const lines = env.length > 0 ? [...block.lines, ...env.map((e) => e.text)] : block.lines;
    const place = (i: number) => (i < block.lines.length ? at(own.uri, block.first + i) : env[i - block.lines.length].source);
    if (store) {
      const auth = storeAuthentication(node.technology, lines, node.family === 'terraform' ? (node.resource ?? '') : undefined);
      const known = storeAuth.get(node.id);
      if (auth && (!known || (known.required && !auth.required))) storeAuth.set(node.id, { required: auth.required, ...(auth.line !== undefined ? { source: place(auth.line) } : {}) });
    }
    // A console known by its name, else by a setting only its product reads (a console built from the project's own image).
    const product = byName ?? consoleOf(node, lines);
    if (product) {
      const facts = consoleFacts(product, lines);
      const known = consoles.get(node.id);
      if (!known || (!known.facts.unauthenticated && facts.unauthenticated)) consoles.set(node.id, { facts, sources: facts.lines.map(place) });
    }
  }
}

/** Appends a line to the list once (by its place). */
function onceEach(list: SystemSource[]): (source: SystemSource) => void {
  const seen = new Set<string>();
  return (source) => {
    const key = `${source.uri}:${source.range.start.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push(source);
  };
}

/** What env lines say as a block would (their literal secrets, their credential variables); the lines back. */
function envFacts(env: readonly EnvLine[], addSecret: (source: SystemSource) => void, names: Set<string>): readonly EnvLine[] {
  if (env.length === 0) return env;
  const texts = env.map((e) => e.text);
  for (const i of literalSecretLines(texts)) addSecret(env[i].source);
  for (const name of credentialVariables(texts).names) names.add(name);
  return env;
}

/** A Compose service block's env lines (envFiles.ts), read once per scan. */
function envReader(host: DeriveHost, blockOf: (source: SystemSource) => Block): (source: SystemSource) => readonly EnvLine[] {
  const kept = new Map<string, EnvLine[]>();
  return (source) => {
    if (!host.sideText || !composeUri(source.uri)) return [];
    const key = `${source.uri}:${source.range.start.line}`;
    let known = kept.get(key);
    if (!known) kept.set(key, (known = envLinesOf(source.uri, blockOf(source), host.sideText)));
    return known;
  };
}

/** A Compose file's URI (`compose.yaml`, `docker-compose.override.yml`, `compose.full.yaml`). */
const composeUri = (uri: string) => /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(uri);

/** The line that puts a WAF in front of each entry (by the entry's index): in the way in's own block or what it routes to before the components, or an association naming its Terraform resource. */
function entryWafs(map: MapFacts, { blockOf, at }: ReturnType<typeof reader>, routesFrom: ReadonlyMap<string, readonly string[]>, componentIds: ReadonlySet<string>, wafAssociations: ReadonlyMap<string, SystemSource>): (SystemSource | undefined)[] {
  const wafOf: (SystemSource | undefined)[] = [];
  /** A WAF in a node's own blocks, or associated with its Terraform resource. */
  const wafOfNode = (id: string): SystemSource | undefined => {
    for (const source of map.node(id)?.sources ?? []) {
      if (!source.uri.startsWith('file:')) continue;
      const block = blockOf(source);
      const i = wafLine(block.lines);
      if (i !== undefined) return at(source.uri, block.first + i);
      const address = addressOf(block.lines[0] ?? '');
      const associated = address === undefined ? undefined : wafAssociations.get(address);
      if (associated) return associated;
    }
    return undefined;
  };
  for (const entry of map.entries) {
    // The way in and what it routes to before the components (an Ingress and its Services, a load balancer and its target group).
    let waf = wafOfNode(entry.to);
    for (let queue = [...(routesFrom.get(entry.to) ?? [])], i = 0; waf === undefined && i < queue.length && i < 64; i++) {
      waf = wafOfNode(queue[i]);
      if (!componentIds.has(queue[i])) queue.push(...(routesFrom.get(queue[i]) ?? []).filter((n) => !queue.includes(n)));
    }
    wafOf.push(waf);
  }
  return wafOf;
}

/** A Compose project's secrets kept as files of the repository (the `file:` line of each, once per Compose file), and those committed in the files its containers are given (configSecrets.ts). */
function secretFilesOf(components: readonly SystemNode[], { fileLines, at, blockOf }: ReturnType<typeof reader>, { sideText, files }: DeriveHost): SystemSource[] {
  if (!sideText) return [];
  const composeFiles = new Set(components.flatMap((n) => n.sources.map((s) => s.uri)).filter(composeUri));
  const given = committedSecrets(components.flatMap((n) => n.sources.filter((s) => composeUri(s.uri)).map((s) => ({ uri: s.uri, lines: blockOf(s).lines }))), { files: files ?? (() => []), text: sideText });
  return [...[...composeFiles].flatMap((uri) => committedSecretFiles(uri, fileLines(uri).all, sideText).map((i) => at(uri, i))), ...given];
}

/** A Terraform store made public by a resource of its own (PUBLIC_GRANT, keyed by the store's address): those lines, after its block's. */
function grantedPublic(components: readonly SystemNode[], { blockOf }: ReturnType<typeof reader>, grants: ReadonlyMap<string, readonly SystemSource[]>, publicOf: Map<string, SystemSource[]>): void {
  if (grants.size === 0) return;
  for (const node of components) {
    if (node.family !== 'terraform' || !storeKinds.has(node.kind)) continue;
    for (const source of node.sources) {
      const address = source.uri.startsWith('file:') ? addressOf(blockOf(source).lines[0] ?? '') : undefined;
      const granted = address === undefined ? undefined : grants.get(`${moduleOf(source.uri)}|${address}`);
      if (granted) publicOf.set(node.id, [...(publicOf.get(node.id) ?? []), ...granted]);
    }
  }
}

/** The gaps a store's public reach (publicLines) and encryption at rest (unencryptedAt) already say. */
const STORE_GAPS: ReadonlySet<HardeningGap> = new Set(['database-public', 'database-unencrypted', 'blob-public-access']);

/** The hardening gaps by the node their resource is (its source's block is the resource's), else by the resource itself. */
function hardeningOf(nodes: readonly SystemNode[], { blockOf }: ReturnType<typeof reader>, gaps: FileFacts['hardening']): Evidence['hardening'] {
  const out: Evidence['hardening'] = new Map();
  if (gaps.length === 0) return out;
  const nodeOfResource = new Map<string, SystemNode>();
  for (const node of nodes) {
    if (node.family !== 'terraform') continue;
    for (const source of node.sources) {
      const address = source.uri.startsWith('file:') ? addressOf(blockOf(source).lines[0] ?? '') : undefined;
      if (address !== undefined && !nodeOfResource.has(`${moduleOf(source.uri)}|${address}`)) nodeOfResource.set(`${moduleOf(source.uri)}|${address}`, node);
    }
  }
  for (const { target, finding } of gaps) {
    const node = nodeOfResource.get(target);
    // A store of the map already has these as risks of their own (unguarded-access-from-internet, unencrypted-asset): not twice.
    if (node && storeKinds.has(node.kind) && STORE_GAPS.has(finding.gap)) continue;
    const id = node?.id ?? `terraform-resource:${target.slice(0, target.lastIndexOf('|'))}:${finding.resource}`;
    const known = out.get(id);
    if (known) known.findings.push(finding);
    else out.set(id, { title: node?.name ?? finding.resource, findings: [finding] });
  }
  return out;
}

/** Each entry's TLS towards the client (entryTls.ts) and towards its pods, and the client certificates an Ingress verifies, by the entry's index. */
function entryTransport(map: MapFacts, { blockOf, at }: ReturnType<typeof reader>, routesFrom: ReadonlyMap<string, readonly string[]>): Pick<Evidence, 'ingressTls' | 'plaintextAt' | 'ingressBackendTls' | 'ingressClientCerts'> {
  const ingressTls: boolean[] = [];
  const plaintextAt: (SystemSource | undefined)[] = [];
  const ingressBackendTls: (SystemSource | undefined)[] = [];
  const ingressClientCerts: (SystemSource | undefined)[] = [];
  for (const entry of map.entries) {
    const guarded = entry.via === 'ingress' || entry.via === 'gateway';
    const block = guarded ? blockOf(entry.source) : undefined;
    const tls = block ? entryTlsOf(block) : undefined;
    ingressTls.push(tls?.tls ?? false);
    plaintextAt.push(tls?.plaintextLine === undefined ? undefined : at(entry.source.uri, tls.plaintextLine));
    let backend: SystemSource | undefined;
    let clientCerts: SystemSource | undefined;
    if (block && entry.via === 'ingress') {
      const line = (test: RegExp) => {
        const i = block.lines.findIndex((l) => test.test(l));
        return i < 0 ? undefined : at(entry.source.uri, block.first + i);
      };
      backend = line(/^\s+nginx\.ingress\.kubernetes\.io\/backend-protocol:\s*["']?(?:HTTPS|GRPCS)["']?\s*$/i);
      const verify = line(/^\s+nginx\.ingress\.kubernetes\.io\/auth-tls-verify-client:\s*["']?on["']?\s*$/);
      if (verify && line(/^\s+nginx\.ingress\.kubernetes\.io\/auth-tls-secret:\s*["']?[A-Za-z0-9.-]+(?:\/[A-Za-z0-9.-]+)?["']?\s*$/)) clientCerts = verify;
      // Traefik reads the scheme towards the pods on the Service the Ingress routes to.
      for (const service of backend ? [] : (routesFrom.get(entry.to) ?? [])) {
        for (const source of map.node(service)?.sources ?? []) {
          if (backend || !source.uri.startsWith('file:')) continue;
          const lines = blockOf(source).lines;
          const i = lines.findIndex((l) => /^\s+traefik\.ingress\.kubernetes\.io\/service\.serversscheme:\s*["']?https["']?\s*$/.test(l));
          if (i >= 0) backend = at(source.uri, blockOf(source).first + i);
        }
      }
    }
    ingressBackendTls.push(backend);
    ingressClientCerts.push(clientCerts);
  }
  return { ingressTls, plaintextAt, ingressBackendTls, ingressClientCerts };
}

/** The evidence the files give the map (every block read once per file version: what an edit leaves alone costs a lookup). */
export function scanEvidence(map: MapFacts, host: DeriveHost): Evidence {
  const read = reader(host);
  const { blockOf, at } = read;
  const components = componentsOf(map);
  const componentIds = new Set(components.map((n) => n.id));
  // Evidence per component: its block's secrets, escapes, encryption and public access.
  const secrets: SystemSource[] = [];
  const escapes: SystemSource[] = [];
  const vaults: SystemSource[] = [];
  const escapeOf = new Map<string, SystemSource[]>();
  const encrypted = new Map<string, boolean>();
  const publicOf = new Map<string, SystemSource[]>();
  const credentialBlock = new Map<string, { names: string[]; secretEnv: boolean; tokens: string[] }>();
  const storeAuth = new Map<string, { required: boolean; source?: SystemSource }>();
  const networks = new Map<string, { name: string; source: SystemSource }[]>();
  const consoles = new Map<string, { facts: ConsoleFacts; sources: SystemSource[] }>();
  const unencryptedAt = new Map<string, SystemSource>();
  const envLines = new Map<string, EnvLine[]>();
  const hostPorts: Evidence['hostPorts'] = [];
  const envOf = envReader(host, blockOf);
  // A console its build holds (an Actuator exposing every endpoint, httpd's balancer-manager), when its blocks say none.
  const buildConsoleOf = buildConsoleReader(map, host);
  const authenticatingProxyOf = authenticatingProxyReader(map, { ...host, fileLines: read.fileLines });
  const authenticatingProxies = new Map<string, SystemSource>();
  const addSecret = onceEach(secrets);
  for (const node of components) {
    if (node.kind === 'external') continue;
    if (isVault(node)) vaults.push(...node.sources.slice(0, 1));
    const found: SystemSource[] = [];
    const names = new Set<string>();
    const tokens = new Set<string>();
    let secretEnv = false;
    for (const source of node.sources) {
      if (!source.uri.startsWith('file:')) continue;
      const block = blockOf(source);
      const facts = factsOf(block);
      for (const e of envFacts(envOf(source), addSecret, names)) push(envLines, node.id, e);
      for (const i of facts.escapes) found.push(at(source.uri, block.first + i));
      if (node.id.startsWith('k8s:')) for (const h of facts.hostPorts) hostPorts.push({ component: node.id, port: h.port, ...(h.target !== undefined ? { target: h.target } : {}), source: at(source.uri, block.first + h.line) });
      for (const i of facts.secrets) addSecret(at(source.uri, block.first + i));
      for (const name of facts.credentials.names) names.add(name);
      for (const token of facts.tokens) tokens.add(token);
      secretEnv ||= facts.credentials.secretEnv;
      if (storeKinds.has(node.kind) || (node.kind === 'broker' && node.family === 'terraform')) {
        encrypted.set(node.id, (encrypted.get(node.id) ?? false) || encryptedBlock(block, node.resource));
        const off = node.family === 'terraform' ? unencryptedLine(block.lines) : undefined;
        if (off !== undefined && !unencryptedAt.has(node.id)) unencryptedAt.set(node.id, at(source.uri, block.first + off));
        const open = facts.public.map((i) => at(source.uri, block.first + i));
        if (open.length > 0) publicOf.set(node.id, open);
      }
    }
    credentialBlock.set(node.id, { names: [...names].sort(), secretEnv, tokens: [...tokens].sort() });
    ownSettings(node, read, consoles, storeAuth, envOf);
    const held = consoles.has(node.id) ? undefined : buildConsoleOf(node);
    if (held) consoles.set(node.id, held);
    const guard = storeKinds.has(node.kind) ? undefined : authenticatingProxyOf(node);
    if (guard) authenticatingProxies.set(node.id, guard);
    if (found.length > 0) {
      escapeOf.set(node.id, found);
      escapes.push(...found);
    }
    if (node.id.startsWith('compose:')) {
      const named = composeNetworks(node.sources.find((s) => s.uri.startsWith('file:')), blockOf);
      if (named.length > 0) networks.set(node.id, named);
    }
  }
  for (const secret of secretFilesOf(components, read, host)) addSecret(secret);
  // Policies anywhere in the YAML files: NetworkPolicies (by namespace), a mesh's strict mTLS, Secrets in ConfigMaps, vaults, disks' encryption.
  const policies = new Map<string, SystemSource[]>();
  const mtls: SystemSource[] = [];
  const walls: { namespace: string; source: SystemSource }[] = [];
  const classes = new Map<string, { encryption?: SystemSource; isDefault: boolean }>();
  const claims: FileFacts['claims'] = [];
  const wafAssociations = new Map<string, SystemSource>();
  const publicGrants = new Map<string, SystemSource[]>();
  const gaps: FileFacts['hardening'] = [];
  for (const facts of host.fileFacts?.() ?? []) {
    gaps.push(...facts.hardening);
    for (const waf of facts.wafs) if (!wafAssociations.has(waf.target)) wafAssociations.set(waf.target, waf.source);
    for (const grant of facts.publicGrants) for (const source of grant.sources) push(publicGrants, grant.target, source);
    walls.push(...facts.policies);
    mtls.push(...facts.mtls);
    for (const secret of facts.secrets) addSecret(secret);
    vaults.push(...facts.vaults);
    for (const c of facts.storageClasses) classes.set(c.name, c);
    claims.push(...facts.claims);
  }
  grantedPublic(components, read, publicGrants, publicOf);
  const hardening = hardeningOf(map.nodes, read, gaps);
  // The system's root: the folder every file of the map and every policy is under; a policy is optional by its path below it.
  const root = commonFolder([...map.nodes.flatMap((n) => n.sources.map((s) => s.uri)), ...walls.map((w) => w.source.uri)].filter((u) => u.startsWith('file:')));
  for (const wall of walls) {
    const below = wall.source.uri.startsWith(`${root}/`) ? wall.source.uri.slice(root.length) : wall.source.uri;
    if (!OPTIONAL_PLACE.test(below)) push(policies, wall.namespace, wall.source);
  }
  for (const node of map.nodes) if (!componentIds.has(node.id) && isVault(node)) vaults.push(...node.sources.slice(0, 1));

  // Encryption at rest of a container store: the StorageClass its volumeClaimTemplates or claims name (none named: the default class) sets a key.
  const encryptedBy = new Map<string, SystemSource[]>();
  const defaultClass = [...classes.values()].find((c) => c.isDefault);
  for (const node of components) {
    if (!storeKinds.has(node.kind) || !node.id.startsWith('k8s:')) continue;
    const found: SystemSource[] = [];
    for (const source of node.sources) {
      if (!source.uri.startsWith('file:')) continue;
      const lines = blockOf(source).lines;
      const named: (string | undefined)[] = [];
      const templates = lines.some((l) => /^\s+volumeClaimTemplates:/.test(l));
      for (const l of lines) {
        const storageClass = /^\s+storageClassName:\s*["']?([A-Za-z0-9.-]+)/.exec(l)?.[1];
        if (storageClass) named.push(storageClass);
        const claim = /^\s+claimName:\s*["']?([A-Za-z0-9.-]+)/.exec(l)?.[1];
        const pvc = claim === undefined ? undefined : claims.find((c) => c.name === claim && (c.namespace === undefined || node.namespace === undefined || c.namespace === node.namespace));
        if (pvc) named.push(pvc.storageClass);
      }
      if (named.length === 0 && templates) named.push(undefined);
      for (const name of named) {
        const encryption = (name === undefined ? defaultClass : classes.get(name))?.encryption;
        if (encryption && !found.includes(encryption)) found.push(encryption);
      }
    }
    if (found.length > 0) {
      encryptedBy.set(node.id, found);
      encrypted.set(node.id, true);
    }
  }

  // An Ingress's TLS towards the client, towards its pods, and the client certificates it verifies.
  const routesFrom = new Map<string, string[]>();
  for (const edge of map.edges) if (edge.kind === 'routes') push(routesFrom, edge.from, edge.to);
  const wafOf = entryWafs(map, read, routesFrom, componentIds, wafAssociations);
  const { ingressTls, plaintextAt, ingressBackendTls, ingressClientCerts } = entryTransport(map, read, routesFrom);
  return { secrets, escapes, vaults, escapeOf, encrypted, publicOf, credentialBlock, policies, mtls, networks, ingressTls, plaintextAt, ingressBackendTls, ingressClientCerts, wafOf, hostPorts, encryptedBy, consoles, storeAuth, unencryptedAt, envLines, hardening, authenticatingProxies };
}

