/**
 * The system model (issue #49): every family's contribution (its descriptor's `system`) in one graph of
 * nodes and edges, each with the lines that make it. Contributors run in the families' order; what
 * crosses families is resolved after them all: an address to the node answering its host (or an
 * external system, or a problem the checks report), a text to the components it names. Built once per
 * index generation (the checks of every file and the panel ask the same model).
 */
import { componentKinds, type AddressReference, type Mention, type SystemBuilder, type SystemContribution, type SystemEdge, type SystemNode, type SystemSource } from '../features/system/contributor';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { withoutFailingFiles } from '../workspace/work';
import { imageId, imageRepository, isVariable } from '../features/system/images';
import { artifactId } from '../features/system/source';
import { protocolOf, technologyNamed } from '../features/system/technology';
import { byCodeUnit } from '../common/order';

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
    into.push(source);
  }
}

class ModelBuilder {
  readonly nodes = new Map<string, SystemNode>();
  readonly edges = new Map<string, SystemEdge>();
  readonly scopes = new Map<string, Map<string, string>>();
  readonly addresses: AddressReference[] = [];
  readonly mentions: Mention[] = [];
  readonly mounts: { from: string; uri: string; source: SystemSource; family: string }[] = [];

  constructor(readonly index: WorkspaceIndex) {}

  /** The builder a family's contributor gets: everything it adds carries the family's id. */
  forFamily(family: string): SystemBuilder {
    return {
      index: this.index,
      node: (node) => this.addNode({ ...node, family: node.family ?? family }),
      edge: (edge) => this.addEdge({ ...edge, family: edge.family ?? family }),
      answers: (node, scope, names) => {
        let known = this.scopes.get(scope);
        if (!known) this.scopes.set(scope, (known = new Map<string, string>()));
        for (const name of names) if (!known.has(name.toLowerCase())) known.set(name.toLowerCase(), node);
      },
      address: (reference) => void this.addresses.push({ ...reference, family: reference.family ?? family }),
      mention: (mention) => void this.mentions.push({ ...mention, family: mention.family ?? family }),
      image: (reference, source) => {
        if (isVariable(reference) || reference.trim() === '') return undefined;
        const id = imageId(reference);
        this.addNode({ id, kind: 'image', name: imageRepository(reference), family, sources: [source] });
        return id;
      },
      artifact: (uri, kind, name, source) => {
        const id = artifactId(uri);
        this.addNode({ id, kind, name, family, sources: source ? [source] : [] });
        return id;
      },
      mount: (from, uri, source) => void this.mounts.push({ from, uri: uri.replace(/\/$/, ''), source, family }),
      get: (id) => this.nodes.get(id),
      nodes: () => this.nodes.values(),
      edges: () => this.edges.values(),
    };
  }

  addNode(node: SystemNode): SystemNode {
    const existing = this.nodes.get(node.id);
    if (!existing) {
      const made = { ...node, sources: [...node.sources] };
      this.nodes.set(node.id, made);
      return made;
    }
    mergeSources(existing.sources, node.sources);
    // A more specific kind wins over a file's plain one (a file a stage writes, then read as a model).
    if (existing.kind === 'data' && node.kind === 'model') existing.kind = 'model';
    existing.technology ??= node.technology;
    existing.parent ??= node.parent;
    existing.namespace ??= node.namespace;
    existing.image ??= node.image;
    if (node.ports) existing.ports = [...new Set([...(existing.ports ?? []), ...node.ports])];
    return existing;
  }

  addEdge(edge: SystemEdge): void {
    const key = `${edge.from}\0${edge.to}\0${edge.kind}\0${edge.port ?? ''}`;
    const existing = this.edges.get(key);
    if (existing) mergeSources(existing.sources, edge.sources);
    else this.edges.set(key, { ...edge, sources: [...edge.sources] });
  }

  /** The node answering `host` in the first of `scopes` that knows it (`prefix*`: any scope starting so). */
  lookup(host: string, scopes: readonly string[]): { node?: string; known: string[] } {
    const folded = host.toLowerCase();
    let known: string[] | undefined;
    for (const scope of scopes) {
      const tables = scope.endsWith('*') ? [...this.scopes].filter(([name]) => name.startsWith(scope.slice(0, -1))).map(([, table]) => table) : [this.scopes.get(scope)].filter((t) => t !== undefined);
      for (const table of tables) {
        const node = table.get(folded);
        if (node) return { node, known: [] };
        known ??= [...table.keys()];
      }
    }
    return { known: known ?? [] };
  }
}

/** An address connected: to what answers it, else to an external system, else left unresolved. */
function resolveAddress(builder: ModelBuilder, reference: AddressReference, unresolved: UnresolvedAddress[]): void {
  const protocol = protocolOf(reference.scheme, reference.port);
  const label = reference.label ?? ([protocol, reference.port !== undefined ? `:${reference.port}` : undefined].filter(Boolean).join(' ') || 'calls');
  const kind = reference.kind ?? 'calls';
  const { node: target, known } = builder.lookup(reference.host, reference.scopes);
  if (target) {
    if (target === reference.from) return;
    builder.addEdge({ from: reference.from, to: target, kind, label, ...(protocol ? { protocol } : {}), ...(reference.port !== undefined ? { port: reference.port } : {}), family: reference.family, sources: [reference.source] });
    const node = builder.nodes.get(target);
    if (node?.ports && node.ports.length > 0 && reference.port !== undefined && !node.ports.includes(reference.port)) unresolved.push({ reference, reason: 'port', node, known });
    return;
  }
  if (reference.internal) {
    unresolved.push({ reference, reason: 'host', known });
    return;
  }
  const id = `external:${reference.host}`;
  builder.addNode({ id, kind: 'external', name: reference.host, family: reference.family, ...(protocol ? { technology: protocol } : {}), sources: [reference.source] });
  builder.addEdge({ from: reference.from, to: id, kind, label, ...(protocol ? { protocol } : {}), ...(reference.port !== undefined ? { port: reference.port } : {}), family: reference.family, sources: [reference.source] });
}

/** Names too common to be read as a component in prose: matched only when quoted or in backticks. */
const plainWords = /^[a-z]{1,7}$/;

/** A text's mentions of components (and, when asked, of the technologies data stores and brokers run). */
function resolveMentions(builder: ModelBuilder): void {
  const byName = new Map<string, string[]>();
  const byTechnology = new Map<string, string[]>();
  for (const node of builder.nodes.values()) {
    if (!componentKinds.has(node.kind)) continue;
    const name = node.name.toLowerCase();
    const named = byName.get(name);
    if (named) named.push(node.id);
    else byName.set(name, [node.id]);
    if ((node.kind === 'datastore' || node.kind === 'broker') && node.technology) {
      const technology = node.technology.toLowerCase();
      const stores = byTechnology.get(technology);
      if (stores) stores.push(node.id);
      else byTechnology.set(technology, [node.id]);
    }
  }
  if (byName.size === 0) return;
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
    for (const match of mention.text.matchAll(/([`"'*]?)([A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z0-9])\1/g)) {
      const word = match[2].toLowerCase();
      const quoted = match[1] !== '';
      const named = quoted || !plainWords.test(word) ? (byName.get(word) ?? []) : [];
      const technologies = mention.technologies && byTechnology.size > 0 ? byWordTechnology(word) : [];
      if (named.length === 0 && technologies.length === 0) continue;
      // Where the word is: computed for the words that name something only.
      const start = match.index + match[1].length;
      const source = mention.at ? { uri: mention.at.file.uri, range: mention.at.file.lines.range(mention.at.offset + start, mention.at.offset + start + match[2].length) } : mention.source;
      for (const id of [...named, ...technologies]) if (!targets.has(id)) targets.set(id, source);
    }
    for (const [to, source] of targets) builder.addEdge({ from: mention.from, to, kind: mention.kind, label: mention.label, family: mention.family, sources: [source] });
  }
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
  const unresolved: UnresolvedAddress[] = [];
  for (const reference of builder.addresses) resolveAddress(builder, reference, unresolved);
  resolveMentions(builder);
  resolveMounts(builder);
  const nodes = [...builder.nodes.values()].sort((a, b) => byCodeUnit(a.id, b.id));
  for (const node of nodes) node.sources.sort(compareSources);
  const known = new Set(builder.nodes.keys());
  const edges = [...builder.edges.values()].filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  for (const edge of edges) edge.sources.sort(compareSources);
  edges.sort((a, b) => byCodeUnit(a.from, b.from) || byCodeUnit(a.to, b.to) || byCodeUnit(a.kind, b.kind) || (a.port ?? 0) - (b.port ?? 0));
  return { nodes, edges, unresolved, node: (id) => builder.nodes.get(id) };
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
