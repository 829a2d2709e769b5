/**
 * One logical component, several deployments (issue #64; C4: a container and its deployment
 * instances). The model has a node per way of deploying a program — a Compose service, a workload of
 * plain manifests, of a Helm render, of a kustomize overlay or of a variant folder — and this folds
 * them: nodes sharing a name (or an `app.kubernetes.io/name` label) are one component when nothing says
 * otherwise (two different Dockerfiles, two different images, a store and a broker) and their
 * deployments belong to one system (they share a build or an image, or most of their names). Name
 * collisions that are really different things stay apart, their folder in the label. Each node is an
 * instance: the main deployment's first, variants (overlays, `extras/`, `examples/`, sub-projects of
 * another project) after, never a box of their own.
 */
import { componentKinds, storeKinds, type DeploymentInstance, type SystemNode, type SystemSource } from '../features/system/contributor';
import { imageId, imageRepository, isVariable, LOCAL_IMAGE } from '../features/system/images';
import { technologyOfImage } from '../features/system/technology';
import { byCodeUnit } from '../common/order';
import { projectFolder, variantFolders } from '../features/system/source';
import { buildOf, imagesRun } from './evidence';
import type { SystemModel } from './model';
import { appendTo } from './lists';

export interface Instance extends DeploymentInstance {
  /** The folder relative to the system's root (`kubernetes-manifests`, `extras/cloudsql`), for labels. */
  place: string;
  variant: boolean;
}

export interface Component {
  /** The id of its main node: what views and drawings name it by. */
  id: string;
  /** Its label: the name, with its folder when another component has the same name. */
  name: string;
  kind: string;
  technology?: string;
  /** The deploy tool's kind of object of its main node. */
  resource?: string;
  /** Its nodes, the main deployment's first. */
  members: string[];
  /** Each member's instance. */
  instances: Map<string, Instance>;
  /** Every member's lines, the main deployment's first. */
  sources: SystemSource[];
}

export interface Components {
  list: Component[];
  /** The component of each component node. */
  of: Map<string, Component>;
  /** The root folder (URI) of the system: what places are relative to. */
  root: string;
}


/** The folder of a URI. */
function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

/** The longest folder every URI is under. */
export function commonFolder(uris: Iterable<string>): string {
  let prefix: string | undefined;
  for (const uri of uris) {
    if (prefix === undefined) {
      prefix = folderOf(uri);
      continue;
    }
    while (prefix && !uri.startsWith(`${prefix}/`)) prefix = prefix.slice(0, prefix.lastIndexOf('/'));
  }
  return prefix ?? '';
}

function relative(folder: string, root: string): string {
  const rest = folder === root ? '' : folder.startsWith(`${root}/`) ? folder.slice(root.length + 1) : folder;
  return decodeURIComponent(rest);
}

/** Whether a place (relative folder) is a variant's: a segment naming extras, examples, overlays… */
export function isVariantPlace(place: string): boolean {
  return place.split('/').some((segment) => variantFolders.has(segment.toLowerCase()));
}

/**
 * The folder an instance belongs to as a project: its own folder for a main deployment, the folder above
 * its first variant segment for a variant (`k8s` for `k8s/overlays/prod`, the root for `extras/cloudsql`),
 * then above a project's part folders (source.ts's projectFolder: `shop` for `shop/k8s/overlays/prod`).
 */
function homeOf(instance: Instance, root: string): string {
  const segments = instance.place === '' ? [] : instance.place.split('/');
  const at = segments.findIndex((segment) => variantFolders.has(segment.toLowerCase()));
  const home = at < 0 ? instance.folder : at === 0 ? root : `${root}/${segments.slice(0, at).join('/')}`;
  // Above its part folders (`kubernetes-manifests`, `helm-chart`, `terraform`): the project that holds them.
  return home.length > root.length ? projectFolder(`${home}/-`) : home;
}

/**
 * Whether two deployments are of one project, where a shared name may say they deploy one program: one's
 * project folder holds the other's (a Compose sub-project, `k8s/` beside the Compose file, an overlay and its
 * base), and not two namespaces each deployed as its own (team-a's and team-b's `cache`). Sibling projects
 * (awesome-compose's 14, microservices-demo beside bank-of-anthos) are one only by what they run.
 */
function oneProject(a: Evidence, b: Evidence, root: string, anyNamespace = false): boolean {
  const [ha, hb] = [homeOf(a.instance, root), homeOf(b.instance, root)];
  if (ha !== hb && !ha.startsWith(`${hb}/`) && !hb.startsWith(`${ha}/`)) return false;
  return anyNamespace || !twoScopes(a, b);
}

/**
 * Whether two deployments are in two scopes: each in a namespace of its own (team-a's and team-b's, two Argo CD
 * Applications' destinations), neither a variant of the other. Two scopes are two components whatever they run (#79):
 * argocd-example-apps' guestbook and kustomize-guestbook run one image, each synced into its own namespace.
 */
function twoScopes(a: Evidence, b: Evidence): boolean {
  const [na, nb] = [a.instance.namespace ?? a.node.namespace, b.instance.namespace ?? b.node.namespace];
  return na !== undefined && nb !== undefined && na !== nb && !a.instance.variant && !b.instance.variant;
}

/** The main rank of a source's file: the main deployment's lines first. */
function sourceRank(uri: string, root: string): number {
  return isVariantPlace(relative(folderOf(uri), root)) ? 1 : 0;
}

/** The instance a node is, from its contributor's word or from where and how it is said. */
function instanceOf(node: SystemNode, model: SystemModel, root: string): Instance {
  const given = node.deployment;
  if (given) {
    const place = relative(given.folder, root);
    return { ...given, place, variant: given.variant ?? isVariantPlace(place) };
  }
  const sources = [...node.sources].sort((a, b) => sourceRank(a.uri, root) - sourceRank(b.uri, root));
  const first = sources[0]?.uri ?? '';
  const parent = node.parent ? model.node(node.parent) : undefined;
  let tool: string = node.family;
  let folder = folderOf(first);
  let name = '';
  if (node.id.startsWith('compose:') && parent?.id.startsWith('compose:')) {
    tool = 'compose';
    folder = parent.id.slice('compose:'.length);
    name = parent.name.replace(/^Compose /, '');
  } else if (node.family === 'helm') {
    tool = 'helm';
    const templates = first.lastIndexOf('/templates/');
    if (templates > 0) folder = first.slice(0, templates);
  } else if (node.id.startsWith('k8s:')) tool = 'manifests';
  const place = relative(folder, root);
  return { tool, name: name || place || '.', folder, ...(node.namespace ? { namespace: node.namespace } : {}), place, variant: isVariantPlace(place) };
}

/** What identifies a node beyond its name. */
interface Evidence {
  node: SystemNode;
  names: string[];
  build?: string;
  /**
   * A program's own image (not a well-known server's), its full repository (`ghcr.io/team-a/api`): two
   * teams' `api` are two programs. A bare one-segment name (skaffold's artifact `frontend`, replaced at
   * deploy time) agrees with any repository of that last segment without being the same.
   */
  image?: string;
  /** A well-known server it runs. */
  product?: string;
  instance: Instance;
  /** The instance's key (one deployment). */
  key: string;
}

function evidenceOf(node: SystemNode, model: SystemModel, root: string, runs: Map<string, string[]>, builds: Map<string, SystemNode[]>, nodes: ReadonlyMap<string, SystemNode>): Evidence {
  const names = [node.name.toLowerCase()];
  if (node.identity?.label && !names.includes(node.identity.label.toLowerCase())) names.push(node.identity.label.toLowerCase());
  // The tag Compose gives what it builds for this machine (`<project>-<service>`) names no program beyond the build.
  const local = node.image !== undefined && nodes.get(imageId(node.image))?.technology === LOCAL_IMAGE;
  const repository = node.image && !local && !isVariable(node.image) ? imageRepository(node.image).toLowerCase() : undefined;
  const product = repository ? technologyOfImage(repository)?.name : undefined;
  const build = buildOf(node, nodes, runs, builds)?.id ?? (node.identity?.build ? `file:${node.identity.build}` : undefined);
  const instance = instanceOf(node, model, root);
  return {
    node,
    names,
    ...(build ? { build } : {}),
    ...(repository && !product && repository !== '' ? { image: repository } : {}),
    ...(product ? { product } : {}),
    instance,
    key: `${instance.tool}\0${instance.folder}\0${instance.name}\0${instance.namespace ?? ''}`,
  };
}

/** The class of a kind for folding: a program, a job, or a store/broker of its own kind. */
function kindClass(kind: string): string {
  return kind === 'service' || kind === 'function' ? 'program' : kind;
}

/** How two programs' images relate: the same repository, a bare artifact name and a repository of that last segment, or different. */
function imagesAgree(a: string, b: string): 'same' | 'compatible' | 'different' {
  if (a === b) return 'same';
  if (a.includes('/') && b.includes('/')) return 'different';
  return a.slice(a.lastIndexOf('/') + 1) === b.slice(b.lastIndexOf('/') + 1) ? 'compatible' : 'different';
}

/** Whether two nodes cannot be one component: different builds, images, products, or kinds. */
function conflict(a: Evidence, b: Evidence): boolean {
  if (a.build && b.build && a.build !== b.build) return true;
  // One build pushed under two repositories (robot-shop's `robotshop/rs-dispatch` and `steveww/rs-dispatch`) is one program.
  if (a.image && b.image && !(a.build && a.build === b.build) && imagesAgree(a.image, b.image) === 'different') return true;
  if (a.product && b.product && a.product !== b.product) return true;
  const ka = kindClass(a.node.kind);
  const kb = kindClass(b.node.kind);
  if (ka !== kb && ka !== 'program' && kb !== 'program') return true;
  // A program known to be one (its runtime or product) is not the store of the same name (MLflow and its RDS database).
  if ((ka !== 'program' && ka !== 'job' && known(b)) || (kb !== 'program' && kb !== 'job' && known(a))) return true;
  return (ka === 'job') !== (kb === 'job');
}

/** Whether a program's node says what it runs (a language, a product that holds no data). */
function known(e: Evidence): boolean {
  return kindClass(e.node.kind) === 'program' && e.node.technology !== undefined;
}

/** Whether two nodes are the same program by what they run (a build, a program's image). */
function strong(a: Evidence, b: Evidence): boolean {
  return (a.build !== undefined && a.build === b.build) || (a.image !== undefined && a.image === b.image);
}

/** Whether what two nodes run agrees (the same build or image, or a bare artifact name and a repository of that name): evidence, not a shared name. */
function agree(a: Evidence, b: Evidence, root: string): boolean {
  // A bare artifact name is what its own project's skaffold pushes: it agrees with a repository of that name in that project only.
  return strong(a, b) || (a.image !== undefined && b.image !== undefined && imagesAgree(a.image, b.image) === 'compatible' && oneProject(a, b, root, true));
}

/** What a group of nodes folded so far runs: its builds and its programs' full image repositories. */
interface Runs {
  builds: Set<string>;
  images: Set<string>;
}

/** Whether two groups run different things (different builds; different repositories and no build in common): joining them through a third that agrees with each would merge two programs. */
function groupsConflict(a: Runs, b: Runs): boolean {
  const shared = (x: Set<string>, y: Set<string>) => [...x].some((v) => y.has(v));
  if (a.builds.size > 0 && b.builds.size > 0) return !shared(a.builds, b.builds);
  return a.images.size > 0 && b.images.size > 0 && !shared(a.images, b.images);
}

class Union {
  private readonly parent = new Map<string, string>();
  find(id: string): string {
    let root = id;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    // Path compression, iteratively.
    for (let at = id; at !== root; ) {
      const next = this.parent.get(at)!;
      this.parent.set(at, root);
      at = next;
    }
    return root;
  }
  join(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/** Nodes sharing a name compared pairwise up to this many (a name used by hundreds of unrelated projects stays apart). */
const MAX_SAME_NAME = 48;

const cache = new WeakMap<SystemModel, Components>();

/** The model's components (once per model). */
export function componentsOf(model: SystemModel): Components {
  const cached = cache.get(model);
  if (cached) return cached;
  const made = fold(model);
  cache.set(model, made);
  return made;
}

function fold(model: SystemModel): Components {
  const nodes = model.nodes.filter((n) => componentKinds.has(n.kind));
  const root = commonFolder(nodes.flatMap((n) => n.sources.map((s) => s.uri)));
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const runs = imagesRun(model.edges);
  const builds = new Map<string, SystemNode[]>();
  for (const edge of model.edges) {
    const from = byId.get(edge.from);
    if (edge.kind === 'builds' && from?.kind === 'build' && from.from) appendTo(builds, edge.to, from);
  }
  const evidence = new Map(nodes.map((n) => [n.id, evidenceOf(n, model, root, runs, builds, byId)]));
  // Instances that are sub-projects of another (a Compose project in a folder of another project, all of whose components it also runs) are variants.
  const byInstance = new Map<string, Evidence[]>();
  for (const e of evidence.values()) appendTo(byInstance, e.key, e);
  const byName = new Map<string, Evidence[]>();
  for (const e of evidence.values()) for (const name of e.names) appendTo(byName, name, e);
  // How two deployments relate: the names they share as one program, the names they share as different things.
  const pairs = new Map<string, { same: number; strong: number; agree: number; different: number }>();
  const candidates: [Evidence, Evidence][] = [];
  for (const group of byName.values()) {
    if (group.length < 2 || group.length > MAX_SAME_NAME) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i], group[j]];
        if (a.key === b.key) continue;
        const key = a.key < b.key ? `${a.key}\u0001${b.key}` : `${b.key}\u0001${a.key}`;
        const pair = pairs.get(key) ?? { same: 0, strong: 0, agree: 0, different: 0 };
        pairs.set(key, pair);
        if (conflict(a, b)) pair.different++;
        else {
          pair.same++;
          if (strong(a, b)) pair.strong++;
          if (agree(a, b, root)) pair.agree++;
          candidates.push([a, b]);
        }
      }
    }
  }
  const related = (a: Evidence, b: Evidence): boolean => {
    const pair = pairs.get(a.key < b.key ? `${a.key}\u0001${b.key}` : `${b.key}\u0001${a.key}`)!;
    const smaller = Math.min(byInstance.get(a.key)!.length, byInstance.get(b.key)!.length);
    if (pair.same <= pair.different || twoScopes(a, b)) return false;
    if (pair.strong > 0) return true;
    // Shared names alone (`db`, `proxy`, `backend`) say nothing: two projects of one repository reuse them. Deployments
    // are one system when what they run agrees somewhere, or when they are of one project.
    return pair.same >= Math.min(2, smaller) && (pair.agree > 0 || oneProject(a, b, root));
  };
  const union = new Union();
  const runsOf = new Map<string, Runs>(
    [...evidence.values()].map((e) => [e.node.id, { builds: new Set(e.build ? [e.build] : []), images: new Set(e.image?.includes('/') ? [e.image] : []) }]),
  );
  // The strongest evidence first: a shared build or image joins before a shared name, and a join never puts two programs in one group.
  candidates.sort(([a, b], [c, d]) => Number(strong(c, d)) - Number(strong(a, b)));
  for (const [a, b] of candidates) {
    if (!related(a, b)) continue;
    const [ra, rb] = [union.find(a.node.id), union.find(b.node.id)];
    if (ra === rb) continue;
    const [runsA, runsB] = [runsOf.get(ra)!, runsOf.get(rb)!];
    if (groupsConflict(runsA, runsB)) continue;
    union.join(ra, rb);
    for (const build of runsB.builds) runsA.builds.add(build);
    for (const image of runsB.images) runsA.images.add(image);
  }
  // A project in a folder under another's whose every component the other runs too: a variant of it (robot-shop's dispatch/ and payment/ Compose files).
  // Not a cloud deployment made by Terraform (wild-workouts' Cloud Run services in terraform/, its Compose file the developers'):
  // that is where the system runs, its ways in its own.
  const byFolder = new Map<string, Evidence[][]>();
  for (const members of byInstance.values()) appendTo(byFolder, members[0].instance.folder, members);
  for (const members of byInstance.values()) {
    const first = members[0].instance;
    if (first.variant || first.tool === 'terraform') continue;
    const mine = new Set(members.map((m) => union.find(m.node.id)));
    let covered = false;
    for (let folder = folderOf(first.folder); !covered && folder.length >= root.length && folder.includes('/'); folder = folderOf(folder)) {
      covered = (byFolder.get(folder) ?? []).some((list) => !list[0].instance.variant && [...mine].every((c) => list.some((m) => union.find(m.node.id) === c)));
    }
    if (covered) for (const member of members) member.instance.variant = true;
  }
  // What a pipeline deploys (skaffold, a workflow, an Argo CD Application) is the main deployment among equals; a chart installing its own render says nothing.
  const deployed = new Set(model.edges.filter((e) => e.kind === 'deploys' && !e.from.startsWith('helm:')).map((e) => e.to));
  const groups = new Map<string, Evidence[]>();
  for (const e of evidence.values()) {
    const key = union.find(e.node.id);
    appendTo(groups, key, e);
  }
  const list: Component[] = [];
  const of = new Map<string, Component>();
  for (const members of groups.values()) {
    members.sort((a, b) => Number(a.instance.variant) - Number(b.instance.variant) || Number(!deployed.has(a.node.id)) - Number(!deployed.has(b.node.id)) || a.instance.place.split('/').length - b.instance.place.split('/').length || byCodeUnit(a.instance.place, b.instance.place) || byCodeUnit(a.node.id, b.node.id));
    const main = members[0].node;
    const kinds = members.map((m) => m.node.kind);
    const kind = kinds.find((k) => storeKinds.has(k) || k === 'broker') ?? kinds.find((k) => k !== 'service') ?? main.kind;
    const sources: SystemSource[] = [];
    const seen = new Set<string>();
    const ordered = members.flatMap((m) => [...m.node.sources].sort((a, b) => sourceRank(a.uri, root) - sourceRank(b.uri, root)));
    for (const source of ordered) {
      const place = `${source.uri}\0${source.range.start.line}`;
      if (seen.has(place)) continue;
      seen.add(place);
      sources.push(source);
    }
    const technology = main.technology ?? members.find((m) => m.node.technology)?.node.technology;
    const resource = main.resource ?? members.find((m) => m.node.resource)?.node.resource;
    const component: Component = {
      id: main.id, name: main.name, kind, ...(technology ? { technology } : {}), ...(resource ? { resource } : {}),
      members: members.map((m) => m.node.id), instances: new Map(members.map((m) => [m.node.id, m.instance])), sources,
    };
    list.push(component);
    for (const member of members) of.set(member.node.id, component);
  }
  labelCollisions(list);
  list.sort((a, b) => byCodeUnit(a.id, b.id));
  return { list, of, root };
}

/** What a reader calls each kind of component, for names two kinds share. */
const kindWords: Record<string, string | undefined> = { service: 'service', job: 'job', datastore: 'database', cache: 'cache', search: 'search', broker: 'queue', function: 'function' };

/** Components of the same name that are different things: each says its main deployment's folder. */
function labelCollisions(list: Component[]): void {
  const byName = new Map<string, Component[]>();
  for (const component of list) appendTo(byName, component.name.toLowerCase(), component);
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    // Told apart by what they are when each is another kind (the `orders` database, the `orders` queue), by their namespaces
    // when each has its own (team-a's `api`, team-b's `api`), else by their folders.
    const kinds = same.map((c) => c.kind);
    const byKind = new Set(kinds).size === same.length && kinds.every((k) => kindWords[k] !== undefined);
    const namespaces = same.map((c) => c.instances.get(c.members[0])!.namespace);
    const byNamespace = namespaces.every((n) => n) && new Set(namespaces).size === same.length;
    for (const component of same) {
      const instance = component.instances.get(component.members[0])!;
      component.name = byKind ? `${component.name} ${kindWords[component.kind]}` : `${component.name} (${byNamespace ? instance.namespace! : instance.place || (instance.name !== '.' ? instance.name : instance.tool)})`;
    }
    // Still the same (two in one folder): numbered.
    const labels = new Map<string, number>();
    for (const component of same) {
      const seen = labels.get(component.name) ?? 0;
      labels.set(component.name, seen + 1);
      if (seen > 0) component.name = `${component.name} ${seen + 1}`;
    }
  }
}
