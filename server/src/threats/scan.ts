/**
 * What the deploy files say around the lines the system map points at (issue #65), read for the
 * security model (derive.ts): each component's block (secrets written as literals, what lets it
 * escape its platform, credentials, encryption at rest, public access, a Compose service's networks),
 * an Ingress's TLS, and what every YAML file says wherever the map points (NetworkPolicies, a mesh's
 * mTLS, ConfigMaps' secrets, vault objects). A file's lines and blocks are read once per file version
 * (FileLines, kept by the index: workspace.ts), a block's facts once per block.
 */
import { componentKinds, storeKinds, type EntryPoint, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import { credentialsInBlock, encryptedAtRest, escapeLines, FileLines, literalSecretLines, publicLines, sourceOfLine, type Block } from './evidence';

/** What the derivation reads of the system map (system/model.ts's SystemModel has this shape). */
export interface MapFacts {
  readonly nodes: readonly SystemNode[];
  readonly edges: readonly SystemEdge[];
  readonly entries: readonly EntryPoint[];
  readonly node: (id: string) => SystemNode | undefined;
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
  /** What each YAML file of the workspace says (yamlFileFacts: NetworkPolicies, mesh policies, ConfigMaps, vault objects), read once per file version. */
  yamlFacts?: () => Iterable<YamlFacts>;
}

/** What one YAML file says of the security model, wherever the map points: its walls, its mesh's mTLS, the secrets its ConfigMaps write, its vault objects. */
export interface YamlFacts {
  policies: { namespace: string; source: SystemSource }[];
  mtls: SystemSource[];
  secrets: SystemSource[];
  vaults: SystemSource[];
}

/** A YAML file's facts (its lines split once). */
export function yamlFileFacts(uri: string, file: FileLines): YamlFacts {
  const facts: YamlFacts = { policies: [], mtls: [], secrets: [], vaults: [] };
  const all = file.all;
  // A NetworkPolicy of an optional kustomize component or of extras/ is not the deployment's wall.
  const optional = /\/(components|extras|examples?|samples?|tests?)\//.test(uri);
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    if (!line.startsWith('kind:')) continue;
    if (/^kind:\s*NetworkPolicy\s*$/.test(line) && !optional) {
      const block = file.block(i);
      const namespace = block.lines.map((l) => /^\s+namespace:\s*["']?([a-z0-9-]+)/.exec(l)?.[1]).find((n) => n !== undefined) ?? 'default';
      facts.policies.push({ namespace, source: sourceOfLine(uri, i, line) });
    }
    if (/^kind:\s*PeerAuthentication\s*$/.test(line) && file.block(i).lines.some((l) => /^\s+mode:\s*STRICT\b/.test(l))) facts.mtls.push(sourceOfLine(uri, i, line));
    if (/^kind:\s*ConfigMap\s*$/.test(line)) {
      const block = file.block(i);
      for (const j of literalSecretLines(block.lines)) facts.secrets.push(sourceOfLine(uri, block.first + j, all[block.first + j]));
    }
    if (/^kind:\s*(ExternalSecret|SealedSecret|SecretProviderClass)\s*$/.test(line)) facts.vaults.push(sourceOfLine(uri, i, line));
  }
  return facts;
}

export const isVault = (node: SystemNode) => /(^|[^a-z])(vault|secret-?manager|secretsmanager|key-?vault|external-secrets|sealed-secrets)([^a-z]|$)/i.test(`${node.name} ${node.image ?? ''} ${node.technology ?? ''} ${node.resource ?? ''}`);

/** The networks a Compose service's block names (`networks: [front]`, or a map of them). */
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
    if (/^\s*/.exec(line)![0].length <= indent) break;
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
  return { lineText, blockOf, at };
}

/** What a block says, read once per block (a block is kept per file version: FileLines). */
interface BlockFacts {
  escapes: number[];
  secrets: number[];
  credentials: boolean;
  public: number[];
  encrypted: Map<string, boolean>;
}
const blockFacts = new WeakMap<Block, BlockFacts>();
function factsOf(block: Block): BlockFacts {
  let facts = blockFacts.get(block);
  if (!facts) {
    facts = { escapes: escapeLines(block.lines), secrets: literalSecretLines(block.lines), credentials: credentialsInBlock(block.lines), public: publicLines(block.lines), encrypted: new Map() };
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
  credentialBlock: Map<string, boolean>;
  policies: Map<string, SystemSource[]>;
  mtls: SystemSource[];
  /** The networks each Compose service's block names. */
  networks: Map<string, { name: string; source: SystemSource }[]>;
  /** Each Ingress or Gateway entry's block says `tls:` (by the entry's index in the map's entries). */
  ingressTls: boolean[];
}

export const componentsOf = (map: MapFacts) => map.nodes.filter((n) => componentKinds.has(n.kind) || n.kind === 'external');

/** The evidence the files give the map (every block read once per file version: what an edit leaves alone costs a lookup). */
export function scanEvidence(map: MapFacts, host: DeriveHost): Evidence {
  const { blockOf, at } = reader(host);
  const components = componentsOf(map);
  const componentIds = new Set(components.map((n) => n.id));
  // Evidence per component: its block's secrets, escapes, encryption and public access.
  const secrets: SystemSource[] = [];
  const escapes: SystemSource[] = [];
  const vaults: SystemSource[] = [];
  const escapeOf = new Map<string, SystemSource[]>();
  const encrypted = new Map<string, boolean>();
  const publicOf = new Map<string, SystemSource[]>();
  const credentialBlock = new Map<string, boolean>();
  const networks = new Map<string, { name: string; source: SystemSource }[]>();
  const seenSecret = new Set<string>();
  const addSecret = (source: SystemSource) => {
    const key = `${source.uri}:${source.range.start.line}`;
    if (!seenSecret.has(key)) {
      seenSecret.add(key);
      secrets.push(source);
    }
  };
  for (const node of components) {
    if (node.kind === 'external') continue;
    if (isVault(node)) vaults.push(...node.sources.slice(0, 1));
    const found: SystemSource[] = [];
    let credentials = false;
    for (const source of node.sources) {
      if (!source.uri.startsWith('file:')) continue;
      const block = blockOf(source);
      const facts = factsOf(block);
      for (const i of facts.escapes) found.push(at(source.uri, block.first + i));
      for (const i of facts.secrets) addSecret(at(source.uri, block.first + i));
      credentials ||= facts.credentials;
      if (storeKinds.has(node.kind)) {
        encrypted.set(node.id, (encrypted.get(node.id) ?? false) || encryptedBlock(block, node.resource));
        const open = facts.public.map((i) => at(source.uri, block.first + i));
        if (open.length > 0) publicOf.set(node.id, open);
      }
    }
    credentialBlock.set(node.id, credentials);
    if (found.length > 0) {
      escapeOf.set(node.id, found);
      escapes.push(...found);
    }
    if (node.id.startsWith('compose:')) {
      const named = composeNetworks(node.sources.find((s) => s.uri.startsWith('file:')), blockOf);
      if (named.length > 0) networks.set(node.id, named);
    }
  }

  // Policies anywhere in the YAML files: NetworkPolicies (by namespace), a mesh's strict mTLS, Secrets in ConfigMaps, vaults.
  const policies = new Map<string, SystemSource[]>();
  const mtls: SystemSource[] = [];
  for (const facts of host.yamlFacts?.() ?? []) {
    for (const policy of facts.policies) push(policies, policy.namespace, policy.source);
    mtls.push(...facts.mtls);
    for (const secret of facts.secrets) addSecret(secret);
    vaults.push(...facts.vaults);
  }
  for (const node of map.nodes) if (!componentIds.has(node.id) && isVault(node)) vaults.push(...node.sources.slice(0, 1));
  const ingressTls = map.entries.map((entry) => (entry.via === 'ingress' || entry.via === 'gateway') && blockOf(entry.source).lines.some((l) => /^\s+tls:/.test(l)));
  return { secrets, escapes, vaults, escapeOf, encrypted, publicOf, credentialBlock, policies, mtls, networks, ingressTls };
}

