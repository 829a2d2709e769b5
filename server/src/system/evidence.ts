/**
 * What each component is, from the evidence every family left on the model (issue #64): its kind — a
 * data store, cache, search engine or broker when its image, the `FROM` of the Dockerfile building
 * what it runs (followed through the build's stages), the protocol of the calls into it or a decision
 * record says so — and its technology as a C4 reader expects it, the runtime (a language or a
 * product), the deploy tool's kind of object kept apart (`resource`). Runs once every address and
 * mention is resolved; a contributor's own word stands unless it is the deploy tool's kind.
 */
import { componentKinds, type SystemEdge, type SystemNode } from '../features/system/contributor';
import { runtimeOfImage, technologyCalled, technologyOfBuild, technologyOfImage, technologyOfProtocol, type Technology } from '../features/system/technology';
import { appendTo } from './lists';

/** The kinds of object deploy tools name their workloads by: never a technology. */
const resourceKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod', 'Job', 'CronJob', 'DeploymentConfig', 'Rollout']);

/** The model's kind for what a technology is (a proxy or a monitoring server runs as a service). */
function kindOf(technology: Technology): string | undefined {
  return technology.kind === 'datastore' || technology.kind === 'cache' || technology.kind === 'search' || technology.kind === 'broker' ? technology.kind : undefined;
}

/** The build nodes (Dockerfiles) building each image node. */
function buildsByImage(edges: Iterable<SystemEdge>, nodes: ReadonlyMap<string, SystemNode>): Map<string, SystemNode[]> {
  const out = new Map<string, SystemNode[]>();
  for (const edge of edges) {
    if (edge.kind !== 'builds') continue;
    const from = nodes.get(edge.from);
    if (from?.kind !== 'build' || !from.from) continue;
    const list = out.get(edge.to);
    if (list) list.push(from);
    else out.set(edge.to, [from]);
  }
  return out;
}

/** The Dockerfile a component's image is built from: its identity's, else the one building the image it runs. */
export function buildOf(node: SystemNode, nodes: ReadonlyMap<string, SystemNode>, runs: ReadonlyMap<string, string[]>, builds: ReadonlyMap<string, SystemNode[]>): SystemNode | undefined {
  if (node.identity?.build) {
    const named = nodes.get(`file:${node.identity.build}`);
    if (named) return named;
  }
  return imageBuild(node, runs, builds);
}

/** The Dockerfile building an image the component runs (the nearest when several build it). */
function imageBuild(node: SystemNode, runs: ReadonlyMap<string, string[]>, builds: ReadonlyMap<string, SystemNode[]>): SystemNode | undefined {
  for (const image of runs.get(node.id) ?? []) {
    const found = builds.get(image);
    if (found && found.length > 0) return nearest(found, node.sources[0]?.uri ?? '');
  }
  return undefined;
}

/**
 * Of the Dockerfiles building one image, the one nearest the file deploying it: a bare artifact name (skaffold's
 * `frontend`) is one image node for the whole workspace, built by each repository vendored side by side.
 */
function nearest(builds: readonly SystemNode[], uri: string): SystemNode {
  if (builds.length === 1) return builds[0];
  let best = builds[0];
  let bestShared = -1;
  for (const build of builds) {
    const other = build.sources[0]?.uri ?? build.id.slice('file:'.length);
    let shared = 0;
    const bound = Math.min(other.length, uri.length);
    while (shared < bound && other.charCodeAt(shared) === uri.charCodeAt(shared)) shared++;
    if (shared > bestShared) [best, bestShared] = [build, shared];
  }
  return best;
}

/** The images each component runs (its `runs` edges), the first being its main container's. */
export function imagesRun(edges: Iterable<SystemEdge>): Map<string, string[]> {
  const runs = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.kind !== 'runs') continue;
    const list = runs.get(edge.from);
    if (list) list.push(edge.to);
    else runs.set(edge.from, [edge.to]);
  }
  return runs;
}

/**
 * Every component's kind and technology from the evidence. `decided`: the store or broker technology a
 * decision record gives a component it names (model.ts reads the mentions).
 */
export function applyEvidence(nodes: ReadonlyMap<string, SystemNode>, edges: readonly SystemEdge[], decided: ReadonlyMap<string, Technology>): void {
  const runs = imagesRun(edges);
  const builds = buildsByImage(edges, nodes);
  // The calls into each node, a Service's passed on to the workloads it selects (a few hops: an Ingress → a Service → a workload).
  const into = new Map<string, SystemEdge[]>();
  const routes = new Map<string, string[]>();
  for (const edge of edges) if (edge.kind === 'routes') appendTo(routes, edge.from, edge.to);
  for (const edge of edges) {
    if (edge.kind !== 'calls' && edge.kind !== 'may-call') continue;
    let targets = [edge.to];
    for (let hop = 0; hop < 3; hop++) targets = targets.flatMap((t) => (nodes.get(t)?.kind === 'endpoint' ? (routes.get(t) ?? []) : [t]));
    for (const target of targets) appendTo(into, target, edge);
  }
  for (const node of nodes.values()) {
    if (!componentKinds.has(node.kind) || node.id.startsWith('terraform:')) continue;
    if (node.technology && resourceKinds.has(node.technology)) {
      node.resource ??= node.technology;
      // Set, not deleted: a deleted property turns each of 100,000 nodes into a slow dictionary object (twice the memory).
      node.technology = undefined;
    }
    const image = node.image ? technologyOfImage(node.image) : undefined;
    const named = buildOf(node, nodes, runs, builds);
    // Its own build never read (a Dockerfile the workspace lacks: plane's community build.yml names a folder absent from the
    // repository) says nothing of what it runs; the build of the image it runs, made elsewhere in the repository, does (#95).
    const build = named?.from ? named : (imageBuild(node, runs, builds) ?? named);
    const built = build?.from ? technologyOfBuild(build.from) : {};
    const product = image ?? built.technology;
    const runtime = built.runtime ?? (node.image ? runtimeOfImage(node.image) : undefined);
    // A language runtime says it is a program: the protocol spoken to it then says nothing of its kind.
    const spoken = product || runtime ? undefined : (into.get(node.id) ?? []).map((e) => technologyOfProtocol(e.protocol)).find((t) => t !== undefined && kindOf(t) !== undefined);
    const evidence = product ?? spoken ?? (runtime ? undefined : decided.get(node.id));
    const technology = node.technology ? technologyCalled(node.technology) : undefined;
    const kind = (evidence && kindOf(evidence)) ?? (technology && kindOf(technology));
    if (kind && (node.kind === 'service' || node.kind === 'datastore')) node.kind = kind;
    if (!node.technology || node.technology === 'Dockerfile') {
      const named = evidence?.name ?? runtime;
      if (named) node.technology = named;
      else node.technology = undefined;
    }
  }
}
