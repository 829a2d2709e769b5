/**
 * The system model (issue #49): every family's contribution (its descriptor's `system`) in one graph of
 * nodes and edges, each with the lines that make it. Contributors run in the families' order; what
 * crosses families is resolved after them all: an address to the node answering its host (or an
 * external system, or a problem the checks report), a text to the components it names. Built once per
 * index generation (the checks of every file and the panel ask the same model).
 */
import { componentKinds, deploymentUnit, storeKinds, type AddressReference, type EntryPoint, type KeyRead, type Mention, type SystemBuilder, type SystemContribution, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import type { Range } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { withoutFailingFiles } from '../workspace/work';
import { imageId, imageRepository, imageTag, isVariable } from '../features/system/images';
import { isLoopbackAddress } from '../features/system/addresses';
import { splitImagesByTag, tagKey } from './imageTags';
import { artifactId } from '../features/system/source';
import { protocolOf, technologyNamed, type Technology } from '../features/system/technology';
import { applyEvidence } from './evidence';
import { byCodeUnit } from '../common/order';
import { heapPacer } from '../workspace/heapPacer';
import { SUMMARY_THRESHOLD } from '../workspace/summaries';

/** An address nothing answers as written: a host no component answers, or a port the component does not serve. */
export interface UnresolvedAddress {
  reference: AddressReference;
  reason: 'host' | 'port';
  /** The node answering the host (reason `port`). */
  node?: SystemNode;
  /** Every name the reference's first scope knows (for "did you mean"). */
  known: readonly string[];
}

export interface SystemModel {
  readonly nodes: readonly SystemNode[];
  readonly edges: readonly SystemEdge[];
  readonly unresolved: readonly UnresolvedAddress[];
  /** The ways in from outside (Ingresses, load balancers, published ports): the views decide which are users' calls (entries.ts). */
  readonly entries: readonly EntryPoint[];
  /** Every image some node runs, with where (for the image check). */
  readonly node: (id: string) => SystemNode | undefined;
}


/** The places a node's or an edge's sources already hold, kept beside the list: a node every file names (a cluster, an image) would cost the square of their number to scan (100,000 files: the model took twice the index's time). */
const sourcePlaces = new WeakMap<SystemSource[], Set<string>>();
const placeOf = (s: SystemSource) => `${s.uri}\0${s.range.start.line}\0${s.range.start.character}`;

function mergeSources(into: SystemSource[], more: readonly SystemSource[]): void {
  let places = sourcePlaces.get(into);
  if (!places) {
    places = new Set(into.map(placeOf));
    sourcePlaces.set(into, places);
  }
  for (const source of more) {
    const place = placeOf(source);
    if (places.has(place)) continue;
    places.add(place);
    into.push(interned(source));
  }
}

/**
 * A source with a range shared by every source of the same place in any file: a monorepo's 100,000
 * manifests say their objects at a few dozen distinct lines, and a range is three objects.
 */
const ranges = new Map<string, Range>();
function interned(source: SystemSource): SystemSource {
  const { start, end } = source.range;
  const key = `${start.line}:${start.character}:${end.line}:${end.character}`;
  let range = ranges.get(key);
  if (!range) {
    // Bounded: past it, a range is kept as given (a file of many distinct places).
    if (ranges.size > 50_000) return source;
    range = { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
    ranges.set(key, range);
  }
  return { uri: source.uri, range };
}

/** One copy of the strings many nodes repeat (`Service ClusterIP`, a namespace's id), bounded. */
const strings = new Map<string, string>();
function shared(text: string): string {
  const known = strings.get(text);
  if (known !== undefined) return known;
  if (strings.size < 50_000) strings.set(text, text);
  return text;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * An id as one flat string: contributors build ids by concatenation (`k8s:${kind}/${namespace}/${name}`),
 * which V8 keeps as a tree of its parts (several small objects an id) for as long as the id lives.
 */
function flat(id: string): string {
  return id.length > 24 ? decoder.decode(encoder.encode(id)) : id;
}

/** One array for each list of ports (`[8080]` for 100,000 workloads): the model replaces a node's ports, never changes them in place. */
const portLists = new Map<string, number[]>();
function sharedPorts(ports: readonly number[]): number[] {
  const key = ports.join(',');
  const known = portLists.get(key);
  if (known) return known;
  const made = ports.slice();
  if (portLists.size < 10_000) portLists.set(key, made);
  return made;
}

/** An edge's key in the model: its ends, its kind and its port (one edge for each). */
const edgeKey = (from: string, to: string | undefined, kind: string, port: number | undefined): string => `${from}\0${to}\0${kind}\0${port ?? ''}`;

class ModelBuilder {
  readonly nodes = new Map<string, SystemNode>();
  readonly edges = new Map<string, SystemEdge>();
  readonly scopes = new Map<string, Map<string, string>>();
  /** The deployment unit of each node that said one when answering (SystemBuilder.answers). */
  readonly answerUnits = new Map<string, string>();
  /** The other nodes answering a name of a scope (`scope\0name`) than the first, when they said their unit: another deployment's same-named Service. */
  readonly otherAnswers = new Map<string, string[]>();
  readonly addresses: AddressReference[] = [];
  readonly mentions: Mention[] = [];
  readonly mounts: { from: string; uri: string; source: SystemSource; family: string }[] = [];
  readonly entries: EntryPoint[] = [];
  /** What each component's configuration and code, read, say of a key (SystemBuilder.codeReads). */
  readonly codeReads = new Map<string, (key: string) => KeyRead>();
  /** The tag each image reference names, by image and place (imageTags.ts); not kept past the summary threshold (a monorepo's 100,000 references). */
  readonly imageTags = new Map<string, string>();

  /** In a large workspace, collects the garbage of the contributors as the model grows (workspace/heapPacer.ts): its peak stays near what it keeps. */
  private readonly pace: (() => void) | undefined;

  constructor(readonly index: WorkspaceIndex) {
    this.pace = index.size > SUMMARY_THRESHOLD ? heapPacer(192, 1.2) : undefined;
  }

  /** The builder a family's contributor gets: everything it adds carries the family's id. */
  forFamily(family: string): SystemBuilder {
    return {
      index: this.index,
      // The family given beside, not by a copy of each node and edge (100,000 of them, and a cold open's 500 documents).
      node: (node) => this.addNode(node, node.family ?? family),
      edge: (edge) => this.addEdge(edge, edge.family ?? family),
      answers: (node, scope, names, unit) => {
        let known = this.scopes.get(scope);
        if (!known) this.scopes.set(scope, (known = new Map<string, string>()));
        if (unit !== undefined && !this.answerUnits.has(node)) this.answerUnits.set(node, shared(unit));
        for (const name of names) {
          const folded = name.toLowerCase();
          const first = known.get(folded);
          if (first === undefined) known.set(folded, node);
          else if (first !== node && unit !== undefined) {
            const key = `${scope}\0${folded}`;
            const others = this.otherAnswers.get(key);
            if (!others) this.otherAnswers.set(key, [node]);
            else if (!others.includes(node)) others.push(node);
          }
        }
      },
      answered: (scope) => this.scopes.get(scope) ?? new Map<string, string>(),
      address: (reference) => void this.addresses.push({ ...reference, family: reference.family ?? family }),
      mention: (mention) => void this.mentions.push({ ...mention, family: mention.family ?? family }),
      entry: (entry) => void this.entries.push({ ...entry, family: entry.family ?? family }),
      codeReads: (from, read) => void this.codeReads.set(from, read),
      image: (reference, source) => {
        if (isVariable(reference) || reference.trim() === '') return undefined;
        const id = imageId(reference);
        this.addNode({ id, kind: 'image', name: imageRepository(reference), family, sources: [source] });
        const tag = this.pace ? undefined : imageTag(reference.trim());
        if (tag) this.imageTags.set(tagKey(id, source.uri, source.range.start.line), tag);
        return id;
      },
      artifact: (uri, kind, name, source) => {
        const id = artifactId(uri);
        this.addNode({ id, kind, name, family, sources: source ? [source] : [] });
        return id;
      },
      mount: (from, uri, source) => void this.mounts.push({ from, uri: uri.replace(/\/$/, ''), source, family }),
      get: (id) => this.nodes.get(id),
      drop: (ids) => this.drop(ids),
      nodes: () => this.nodes.values(),
      edges: () => this.edges.values(),
    };
  }

  /** `family`: the node's (a contributor's node says it only when it is another family's). */
  addNode(node: Omit<SystemNode, 'family'> & { family?: string }, family = node.family as string): SystemNode {
    const existing = this.nodes.get(node.id);
    if (!existing) {
      this.pace?.();
      // Every field written, in one order: 100,000 nodes of one shape, their fields in the object (a field added later would move them to a side array).
      // The common fields in the object; the rare ones (identity, deployment, a build's FROM, an outside system's evidence) after, when given.
      const made: SystemNode = {
        id: flat(node.id), kind: node.kind, name: node.name, family,
        technology: node.technology === undefined ? undefined : shared(node.technology), resource: node.resource, parent: node.parent === undefined ? undefined : shared(node.parent),
        namespace: node.namespace, image: node.image, ports: node.ports && node.ports.length > 0 ? sharedPorts(node.ports) : undefined, sources: node.sources.map(interned),
      };
      if (node.identity) made.identity = node.identity;
      if (node.deployment) made.deployment = node.deployment;
      if (node.from) made.from = node.from;
      if (node.external) made.external = node.external;
      if (node.replicas !== undefined) made.replicas = node.replicas;
      if (node.network) made.network = node.network;
      this.nodes.set(made.id, made);
      return made;
    }
    mergeSources(existing.sources, node.sources);
    // A more specific kind wins over a file's plain one (a file a stage writes, then read as a model).
    if (existing.kind === 'data' && node.kind === 'model') existing.kind = 'model';
    existing.technology ??= node.technology;
    existing.parent ??= node.parent;
    existing.namespace ??= node.namespace;
    existing.image ??= node.image;
    existing.resource ??= node.resource;
    existing.deployment ??= node.deployment;
    existing.external ??= node.external;
    existing.network ??= node.network;
    existing.from ??= node.from;
    existing.replicas ??= node.replicas;
    if (node.identity) existing.identity = { ...node.identity, ...existing.identity };
    if (node.ports) existing.ports = [...new Set([...(existing.ports ?? []), ...node.ports])];
    return existing;
  }

  private databases: Set<string> | undefined;
  /** The one-shot references made possible calls to what was not yet known as a database (resolveAddress), asked again once the evidence has spoken. */
  readonly oneShotLater: AddressReference[] = [];
  /** The possible calls only a variable no code names made (resolveAddress), dropped beside a certain call of the same ends and port. */
  readonly unnamedCalls = new Set<string>();

  /** The evidence has retyped nodes (a service built `FROM mysql`): the databases are known anew. */
  forgetDatabases(): void {
    this.databases = undefined;
  }

  /**
   * Whether a node is a database (a `datastore`: what a migration or a seed writes; not a cache, a search engine nor a broker) or
   * a Service routing to one. The set is made on the first question, once every family's routes are in.
   */
  database(id: string | undefined): boolean {
    if (id === undefined) return false;
    if (!this.databases) {
      this.databases = new Set([...this.nodes.values()].filter((n) => n.kind === 'datastore').map((n) => n.id));
      for (const edge of this.edges.values()) if (edge.kind === 'routes' && this.databases.has(edge.to) && this.nodes.get(edge.from)?.kind === 'endpoint') this.databases.add(edge.from);
    }
    return this.databases.has(id);
  }

  /** Nodes gone, and everything that names them (SystemBuilder.drop). */
  drop(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    for (const id of ids) this.nodes.delete(id);
    for (const [key, edge] of this.edges) if (ids.has(edge.from) || ids.has(edge.to)) this.edges.delete(key);
    for (const table of this.scopes.values()) for (const [name, node] of table) if (ids.has(node)) table.delete(name);
    for (const [key, others] of this.otherAnswers) {
      const kept = others.filter((node) => !ids.has(node));
      if (kept.length > 0) this.otherAnswers.set(key, kept);
      else this.otherAnswers.delete(key);
    }
    const keep = <T>(list: T[], gone: (item: T) => boolean) => list.splice(0, list.length, ...list.filter((item) => !gone(item)));
    keep(this.addresses, (item) => ids.has(item.from));
    keep(this.mentions, (item) => ids.has(item.from));
    keep(this.mounts, (item) => ids.has(item.from));
    keep(this.entries, (item) => ids.has(item.to));
    for (const id of ids) this.codeReads.delete(id);
  }

  /** `family`: the edge's, as addNode's. */
  addEdge(edge: Omit<SystemEdge, 'family'> & { family?: string }, family = edge.family as string): void {
    const key = edgeKey(edge.from, edge.to, edge.kind, edge.port);
    const existing = this.edges.get(key);
    if (existing) {
      mergeSources(existing.sources, edge.sources);
      // Possible for another reason too: a link of the threat model as any possible call.
      if (existing.possibleOnly === 'one-shot' && edge.possibleOnly !== 'one-shot') delete existing.possibleOnly;
    } else {
      this.pace?.();
      // The ends as the nodes' own ids: one string for each, whatever the contributor built.
      const from = this.nodes.get(edge.from)?.id ?? edge.from;
      const to = this.nodes.get(edge.to)?.id ?? edge.to;
      const made: SystemEdge = { from, to, kind: edge.kind, label: edge.label, family, sources: edge.sources.map(interned) };
      if (edge.protocol !== undefined) made.protocol = edge.protocol;
      if (edge.port !== undefined) made.port = edge.port;
      if (edge.certainty !== undefined) made.certainty = edge.certainty;
      if (edge.possibleOnly) made.possibleOnly = edge.possibleOnly;
      this.edges.set(key, made);
    }
  }

  /**
   * The node answering `host` in the first of `scopes` that knows it (`prefix*`: any scope starting so). When nodes of
   * several deployments answer it there, the one of `from`'s own deployment (a Helm chart's StatefulSet reaches the
   * chart's Service, not the plain manifests' Service of the same name: issue #95); else the first, as when one answers.
   */
  lookup(host: string, scopes: readonly string[], from?: string): { node?: string; known: string[] } {
    const folded = host.toLowerCase();
    let known: string[] | undefined;
    for (const scope of scopes) {
      const tables = scope.endsWith('*') ? [...this.scopes].filter(([name]) => name.startsWith(scope.slice(0, -1))) : [[scope, this.scopes.get(scope)] as const].filter((t): t is readonly [string, Map<string, string>] => t[1] !== undefined);
      for (const [name, table] of tables) {
        const node = table.get(folded);
        if (node) return { node: this.ownDeployments(node, this.otherAnswers.get(`${name}\0${folded}`), from), known: [] };
        known ??= [...table.keys()];
      }
    }
    return { known: known ?? [] };
  }

  /** Among the nodes answering one name (`first` and `others`), the one in `from`'s deployment unit, else `first`. */
  private ownDeployments(first: string, others: readonly string[] | undefined, from: string | undefined): string {
    const unit = others && from !== undefined ? deploymentUnit(this.nodes.get(from)?.deployment) : undefined;
    if (!others || unit === undefined) return first;
    if (this.answerUnits.get(first) === unit) return first;
    return others.find((node) => this.answerUnits.get(node) === unit) ?? first;
  }
}

/** An address connected: to what answers it, else to an external system, else left unresolved. */
function resolveAddress(builder: ModelBuilder, reference: AddressReference, unresolved: UnresolvedAddress[]): void {
  const protocol = protocolOf(reference.scheme, reference.port);
  let label = reference.label ?? ([protocol, reference.port !== undefined ? `:${reference.port}` : undefined].filter(Boolean).join(' ') || 'calls');
  // What the component's configuration and code, read, say of the key (KeyRead): a setting its code never reads, no call; a
  // possible address (a ConfigMap read whole by `envFrom`) under a key they name, certain (that line among its sources), under
  // one they name nowhere, no call (issue #79); a certain one under a variable they name in no spelling, possible (issue #95).
  const read = reference.key !== undefined ? builder.codeReads.get(reference.from)?.(reference.key) : undefined;
  if (read?.never) return;
  const naming = reference.certainty === 'possible' ? read?.at : undefined;
  if (reference.certainty === 'possible' && read?.keyed && !naming) return;
  const { node: target, known } = builder.lookup(reference.host, reference.scopes, reference.from);
  // A one-shot component's address from shared configuration: certain as written to a database it migrates or seeds, else possible.
  const oneShot = reference.oneShot !== undefined && (reference.kind ?? 'calls') === 'calls' && !builder.database(target);
  if (oneShot && target !== undefined) builder.oneShotLater.push(reference);
  const unnamed = reference.certainty === undefined && read?.unnamed === true;
  const possible = oneShot || unnamed || (reference.certainty === 'possible' && !naming);
  // A possible call is its own kind (drawn dashed); another kind (a scrape) keeps its kind and says it.
  const kind = possible && (reference.kind ?? 'calls') === 'calls' ? 'may-call' : (reference.kind ?? 'calls');
  const certainty = possible ? { certainty: 'possible' as const } : reference.certainty === 'code' ? { certainty: 'code' as const } : {};
  if (kind === 'may-call') label = `may call ${label}${oneShot ? ' (one-shot, shared settings)' : ''}`;
  else if (reference.certainty === 'code') label = `${label} (code)`;
  const sources = [...(oneShot ? [reference.source, reference.oneShot!] : naming ? [reference.source, naming] : [reference.source]), ...(reference.via ?? [])];
  const once = oneShot ? { possibleOnly: 'one-shot' as const } : {};
  if (target) {
    if (target === reference.from) return;
    if (unnamed && kind === 'may-call' && !builder.edges.has(edgeKey(reference.from, target, kind, reference.port))) builder.unnamedCalls.add(edgeKey(reference.from, target, kind, reference.port));
    builder.addEdge({ from: reference.from, to: target, kind, label, ...(protocol ? { protocol } : {}), ...(reference.port !== undefined ? { port: reference.port } : {}), ...certainty, ...once, family: reference.family, sources });
    const node = builder.nodes.get(target);
    if (!possible && node?.ports && node.ports.length > 0 && reference.port !== undefined && !node.ports.includes(reference.port)) unresolved.push({ reference, reason: 'port', node, known });
    return;
  }
  if (reference.internal) {
    if (possible) return;
    unresolved.push({ reference, reason: 'host', known });
    return;
  }
  const id = `external:${reference.host}`;
  builder.addNode({ id, kind: 'external', name: reference.host, family: reference.family, ...(protocol ? { technology: protocol } : {}), external: reference.external ?? { reason: 'address' }, sources: [reference.source] });
  builder.addEdge({ from: reference.from, to: id, kind, label, ...(protocol ? { protocol } : {}), ...(reference.port !== undefined ? { port: reference.port } : {}), ...certainty, ...once, family: reference.family, sources });
}

/**
 * A one-shot component's call made possible to a node the evidence then finds a database (a service built `FROM postgres`):
 * its migrations' target, resolved again as written.
 */
function databaseCallsOnceMore(builder: ModelBuilder, unresolved: UnresolvedAddress[]): void {
  if (builder.oneShotLater.length === 0) return;
  builder.forgetDatabases();
  for (const reference of builder.oneShotLater.splice(0)) {
    const { node: target } = builder.lookup(reference.host, reference.scopes, reference.from);
    if (!builder.database(target)) continue;
    // Kept when another, not one-shot, possible call shares it.
    const key = edgeKey(reference.from, target, 'may-call', reference.port);
    if (builder.edges.get(key)?.possibleOnly === 'one-shot') builder.edges.delete(key);
    resolveAddress(builder, { ...reference, oneShot: undefined }, unresolved);
  }
}

/** Names too common to be read as a component in prose: matched only when quoted or in backticks. */
const plainWords = /^[a-z]{1,7}$/;

/** A component's name that says it holds data or messages (`accounts-db`, `orders_store`, `event-queue`): what a decision record may give a technology to. */
const storeName = /(^|[-_.])(db|database|store|cache|queue|mq|broker|search|index)([-_.]|$)|db$/i;

/**
 * A text's mentions of components (and, when asked, of the technologies data stores and brokers run).
 * Gives back what decision records decide: a store-like component a record names with one store or
 * broker technology (`accounts-db` and PostgreSQL), for the evidence (evidence.ts).
 */
function resolveMentions(builder: ModelBuilder): Map<string, Technology> {
  const decided = new Map<string, Technology>();
  const byName = new Map<string, string[]>();
  const byTechnology = new Map<string, string[]>();
  for (const node of builder.nodes.values()) {
    if (!componentKinds.has(node.kind)) continue;
    const name = node.name.toLowerCase();
    const named = byName.get(name);
    if (named) named.push(node.id);
    else byName.set(name, [node.id]);
    if ((storeKinds.has(node.kind) || node.kind === 'broker') && node.technology) {
      const technology = node.technology.toLowerCase();
      const stores = byTechnology.get(technology);
      if (stores) stores.push(node.id);
      else byTechnology.set(technology, [node.id]);
    }
  }
  if (byName.size === 0) return decided;
  // The stores and brokers each word names by its technology, looked up once per distinct word: the
  // texts (decision records, matrices) hold thousands of words, and most name nothing.
  const technologyOf = new Map<string, readonly string[]>();
  const byWordTechnology = (word: string): readonly string[] => {
    let ids = technologyOf.get(word);
    if (!ids) {
      const technology = technologyNamed(word);
      ids = technology ? (byTechnology.get(technology.name.toLowerCase()) ?? []) : [];
      technologyOf.set(word, ids);
    }
    return ids;
  };
  for (const mention of builder.mentions) {
    const targets = new Map<string, SystemSource>();
    const namedHere = new Set<string>();
    const technologiesHere = new Map<string, Technology>();
    for (const match of mention.text.matchAll(/([`"'*]?)([A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z0-9])\1/g)) {
      const word = match[2].toLowerCase();
      const quoted = match[1] !== '';
      const named = quoted || !plainWords.test(word) ? (byName.get(word) ?? []) : [];
      if (mention.technologies) {
        for (const id of named) namedHere.add(id);
        const technology = technologyNamed(word);
        if (technology && technology.kind !== 'monitoring' && technology.kind !== 'service' && technology.kind !== 'proxy') technologiesHere.set(technology.name, technology);
      }
      const technologies = mention.technologies && byTechnology.size > 0 ? byWordTechnology(word) : [];
      if (named.length === 0 && technologies.length === 0) continue;
      // Where the word is: computed for the words that name something only.
      const start = match.index + match[1].length;
      const source = mention.at ? { uri: mention.at.file.uri, range: mention.at.file.lines.range(mention.at.offset + start, mention.at.offset + start + match[2].length) } : mention.source;
      for (const id of [...named, ...technologies]) if (!targets.has(id)) targets.set(id, source);
    }
    for (const [to, source] of targets) builder.addEdge({ from: mention.from, to, kind: mention.kind, label: mention.label, family: mention.family, sources: [source] });
    if (namedHere.size === 1 && technologiesHere.size === 1) {
      const [id] = namedHere;
      const node = builder.nodes.get(id);
      if (node && !decided.has(id) && storeName.test(node.name)) decided.set(id, [...technologiesHere.values()][0]);
    }
  }
  return decided;
}

/** Bind mounts: to the artifact of the file, or to every artifact under the folder. */
function resolveMounts(builder: ModelBuilder): void {
  if (builder.mounts.length === 0) return;
  // What a container reads from a mount: configuration, data, models (a source folder mounted for live reload holds Dockerfiles: not read).
  const artifacts = [...builder.nodes.values()].filter((n) => n.id.startsWith('file:') && n.kind !== 'build').map((n) => n.id);
  for (const mount of builder.mounts) {
    const id = artifactId(mount.uri);
    for (const target of artifacts) {
      if (target === id || target.startsWith(`${id}/`)) builder.addEdge({ from: mount.from, to: target, kind: 'reads', label: 'mounts', family: mount.family, sources: [mount.source] });
    }
  }
}

function compareSources(a: SystemSource, b: SystemSource): number {
  return byCodeUnit(a.uri, b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** The model of the index from the contributors (in their order). */
export function buildSystemModel(index: WorkspaceIndex, contributors: readonly SystemContribution[]): SystemModel {
  const builder = new ModelBuilder(index);
  for (const { family, contributor } of contributors) contributor.contribute(builder.forFamily(family));
  for (const { family, contributor } of contributors) contributor.refine?.(builder.forFamily(family));
  splitImagesByTag({ nodes: builder.nodes, edges: builder.edges, addNode: (node) => builder.addNode(node), addEdge: (edge) => builder.addEdge(edge) }, builder.imageTags);
  builder.imageTags.clear();
  const unresolved: UnresolvedAddress[] = [];
  const entries = entryPoints(builder);
  for (const reference of builder.addresses) resolveAddress(builder, reference, unresolved);
  // A component whose code names one of its variables for a target and not another (`REDIS_HOST` read, `REDIS_URL` not) calls it.
  for (const key of builder.unnamedCalls) {
    const edge = builder.edges.get(key);
    if (edge && builder.edges.has(edgeKey(edge.from, edge.to, 'calls', edge.port))) builder.edges.delete(key);
    else if (edge) edge.possibleOnly = 'unread';
  }
  // What each component is: before the mentions (a record naming PostgreSQL names the PostgreSQL stores), and again with what the records decide.
  applyEvidence(builder.nodes, [...builder.edges.values()], new Map());
  databaseCallsOnceMore(builder, unresolved);
  const decided = resolveMentions(builder);
  if (decided.size > 0) applyEvidence(builder.nodes, [...builder.edges.values()], decided);
  resolveMounts(builder);
  const nodes = [...builder.nodes.values()].sort((a, b) => byCodeUnit(a.id, b.id));
  for (const node of nodes) node.sources.sort(compareSources);
  const known = new Set(builder.nodes.keys());
  const edges = [...builder.edges.values()].filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  for (const edge of edges) edge.sources.sort(compareSources);
  edges.sort((a, b) => byCodeUnit(a.from, b.from) || byCodeUnit(a.to, b.to) || byCodeUnit(a.kind, b.kind) || (a.port ?? 0) - (b.port ?? 0));
  // The builder (its scopes' names, the addresses and mentions) is not kept with the model: at 100,000 files it weighs more than the nodes.
  const byId = builder.nodes;
  builder.scopes.clear();
  builder.answerUnits.clear();
  builder.otherAnswers.clear();
  builder.addresses.length = 0;
  builder.mentions.length = 0;
  builder.mounts.length = 0;
  builder.entries.length = 0;
  return { nodes, edges, unresolved, entries, node: (id) => byId.get(id) };
}

/** `Users` calling a published port: `:8080` (Compose's label until it declares entries). */
const publishedLabel = /^:(\d{1,5})$/;

/**
 * The ways in (builder.entry), each also a `calls` edge from `Users` in the model (its JSON); a family
 * that still draws that edge itself has it read back as an entry point (a LoadBalancer or NodePort
 * Service, an Ingress, a Compose published port), so that the views decide alike for every family.
 */
function entryPoints(builder: ModelBuilder): EntryPoint[] {
  const entries = [...builder.entries];
  const declared = new Set(entries.map((e) => `${e.to}\0${e.source.uri}\0${e.source.range.start.line}`));
  for (const edge of builder.edges.values()) {
    if (edge.from !== 'person:users' || edge.kind !== 'calls') continue;
    for (const source of edge.sources) {
      if (declared.has(`${edge.to}\0${source.uri}\0${source.range.start.line}`)) continue;
      const target = builder.nodes.get(edge.to);
      const published = publishedLabel.exec(edge.label);
      const via: EntryPoint['via'] = edge.label === 'LoadBalancer' ? 'load-balancer' : edge.label === 'NodePort' ? 'node-port' : target?.technology === 'Ingress' ? 'ingress' : published ? 'published-port' : target?.kind === 'endpoint' ? 'load-balancer' : 'published-port';
      // Port 0: a published port whose variable nothing set (`${ENVOY_PORT}` without its .env) — no port to show.
      const port = published ? Number(published[1]) : undefined;
      const unknown = port === 0;
      entries.push({ to: edge.to, via, ...(port !== undefined && !unknown ? { port } : {}), ...(edge.port !== undefined && edge.port !== 0 ? { target: edge.port } : {}), label: unknown ? 'published port' : edge.label, ...(edge.protocol ? { protocol: edge.protocol } : {}), family: edge.family, source });
    }
  }
  for (const entry of builder.entries) {
    // A port published on the loopback address only is no one's way in (entries.ts: `local`): no `Users` edge in the
    // model's JSON either, so that the diff lists binding a store's port to 127.0.0.1 as its entry point closed (#98).
    if (entry.hostIp !== undefined && isLoopbackAddress(entry.hostIp)) continue;
    builder.addNode({ id: 'person:users', kind: 'person', name: 'Users', family: entry.family, sources: [] });
    builder.addEdge({ from: 'person:users', to: entry.to, kind: 'calls', label: entry.label ?? (entry.port ? `:${entry.port}` : entry.via), ...(entry.protocol ? { protocol: entry.protocol } : {}), ...(entry.target !== undefined ? { port: entry.target } : {}), family: entry.family, sources: [entry.source] });
  }
  return entries;
}

const cache = new WeakMap<WorkspaceIndex, { generation: number; contributors: readonly SystemContribution[]; model: SystemModel }>();

/**
 * The model of the index, made once per index generation. A file whose extraction fails (its family's
 * model of it throws) is set aside and the model made without it (issue #67): the map of the other files
 * stays whole, and that file's own diagnostics say what failed.
 */
export function systemModel(index: WorkspaceIndex, contributors: readonly SystemContribution[]): SystemModel {
  const cached = cache.get(index);
  if (cached && cached.generation === index.generation && cached.contributors === contributors) return cached.model;
  const setAside = (file: object, error: unknown) => index.setAside(file as IndexedFile, { reason: 'error', feature: 'system', message: error instanceof Error ? error.message : String(error) }) !== undefined;
  const model = withoutFailingFiles(() => buildSystemModel(index, contributors), setAside);
  cache.set(index, { generation: index.generation, contributors, model });
  return model;
}
