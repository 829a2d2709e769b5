import type { Range } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';

/**
 * The system map's contribution slot (issue #49): each family adds to one model of the whole system
 * what its own files say (its descriptor's `system`), through a `SystemBuilder`; the model
 * (server/src/system/model.ts) resolves what crosses families — an address to whatever answers it, a
 * text naming a component — once every family has spoken. No list of file kinds anywhere else: a
 * family added tomorrow (Terraform, Helm, Ansible) contributes its clusters, databases, releases
 * here and they appear in every view, export and check. Pure: the index in, elements out.
 */

/** Where an element or a connection is said: a file and the range of the exact lines. */
export interface SystemSource {
  uri: string;
  range: Range;
}

/**
 * What a node is. The kinds below are those the views know how to place (system/views.ts: which view
 * shows which kinds, and how); a family may use another kind, drawn as a plain box in every view.
 */
export type SystemNodeKind =
  // What runs: C4 containers.
  | 'service' // a long-running program (a Compose service, a Kubernetes Deployment/StatefulSet/DaemonSet, an `archipel serve` endpoint)
  | 'job' // a run-to-completion program (a Kubernetes Job or CronJob)
  | 'datastore' // a database, a cache, an object store that runs here or is provisioned (Terraform)
  | 'broker' // a message broker, a queue
  | 'external' // a system outside the repository that something here talks to (a host named in an address)
  | 'person' // who uses the system from outside (an Ingress's clients, a published port's users)
  // How traffic reaches what runs.
  | 'endpoint' // a Kubernetes Service, an Ingress, a load balancer
  // Where things run: environments and their nesting (a node's `parent`).
  | 'environment' // a Compose project, a Kubernetes cluster, a cloud account
  | 'namespace' // a Kubernetes namespace
  | 'infrastructure' // provisioned infrastructure that is neither data nor a place (a network, a DNS zone, a bucket policy)
  // Delivery.
  | 'image' // a container image (by repository, tags folded)
  | 'build' // what builds images: a Dockerfile, a CI job, a skaffold artifact
  | 'pipeline' // a CI workflow, an Argo CD Application, a Helm release: what deploys
  | 'stage' // a data pipeline's stage
  | 'data' // a dataset a stage reads or writes
  | 'model' // a trained model file
  // Observability.
  | 'monitor' // a Prometheus configuration (its jobs), an Alertmanager route, a Grafana datasource or dashboard
  // Governance.
  | 'decision' // an architecture decision record
  | 'role' // a RACI role
  | 'risk' // an AMDEC risk
  | (string & {});

/** The kinds of node that run: what an address, a drawing, a RACI activity may name. */
export const componentKinds: ReadonlySet<string> = new Set<SystemNodeKind>(['service', 'job', 'datastore', 'broker']);

/** What a connection is (the views choose by it; the label says it to the reader). */
export type SystemEdgeKind =
  | 'depends-on' // start order (Compose depends_on)
  | 'calls' // an address in a component's environment or configuration
  | 'routes' // an Ingress or Service sending traffic to a Service or workload
  | 'runs' // a component running an image
  | 'builds' // a Dockerfile, a CI step, a skaffold artifact building an image
  | 'deploys' // a workflow, an Argo CD Application, a Helm release deploying components
  | 'reads' // a stage or component reading data or a model
  | 'writes' // a stage producing data or a model
  | 'packages' // an image carrying a model or data
  | 'serves' // a component serving a model
  | 'scrapes' // Prometheus scraping a component
  | 'alerts' // Prometheus sending alerts to an Alertmanager; alert rules on a job
  | 'queries' // Grafana querying a datasource
  | 'decides' // an ADR naming a component or its technology
  | 'owns' // a RACI role accountable for a component
  | 'threatens' // an AMDEC risk about a component
  | (string & {});

export interface SystemNode {
  /** Stable across runs (`compose:<folder>:api`, `k8s:Deployment/ns/name`, `image:ghcr.io/x/y`): edges name it. */
  readonly id: string;
  kind: SystemNodeKind;
  name: string;
  /** The family that made it (the panel's family filter). */
  readonly family: string;
  /** What it is built with (`PostgreSQL`, `Prometheus`, `archipel serve`), from its image or its kind. */
  technology?: string;
  /** Where it runs: the id of an `environment`, `namespace` or infrastructure node (the deployment view nests by it). */
  parent?: string;
  /** The Kubernetes namespace (the panel's namespace filter). */
  namespace?: string;
  /** The image it runs (a repository, tags folded): a Compose service and a Kubernetes workload running the same one are one logical component. */
  image?: string;
  /** The ports it serves (container ports, Service ports): an address naming another port is reported. */
  ports?: number[];
  sources: SystemSource[];
}

export interface SystemEdge {
  from: string;
  to: string;
  kind: SystemEdgeKind;
  /** What the reader sees on the edge: `HTTP :5000`, `depends on`, `scrapes /metrics`. */
  label: string;
  /** `HTTP`, `gRPC`, `PostgreSQL`, `TCP` when known. */
  protocol?: string;
  port?: number;
  readonly family: string;
  /** The lines that make it: "why is this edge here". */
  sources: SystemSource[];
}

/**
 * An address written in a component's environment or configuration (`productcatalogservice:3550`,
 * `postgres://db:5432/app`, `http://api:5000`): connected, once every family has contributed, to the
 * node answering `host` in the first of `scopes` that has one (see `SystemBuilder.answers`). An address
 * nothing answers is kept (`SystemModel.unresolved`) for the checks and, for a host outside, drawn as
 * an external system.
 */
export interface AddressReference {
  from: string;
  host: string;
  port?: number;
  /** `http`, `postgres`, … as written (a URL's scheme). */
  scheme?: string;
  /** Where the host name is looked up, in order (`compose:<folder>`, `k8s:<namespace>`). */
  scopes: readonly string[];
  /** The value as written (messages quote it). */
  text: string;
  family: string;
  /** The value's place. */
  source: SystemSource;
  /** Whether a host nothing answers is a mistake here (a single-label name in a Compose project or a namespace), or just outside. */
  internal: boolean;
  /** The edge it makes (`calls` by default; `scrapes` for a scrape target, `queries` for a datasource) and its label (the protocol and port by default). */
  kind?: SystemEdgeKind;
  label?: string;
  /** False when the family reports such an address itself (Prometheus's targets, Grafana's datasource URLs): the system's checks then say nothing of it. */
  report?: boolean;
}

/** A text that may name components or technologies (an ADR, a RACI activity, an AMDEC risk): connected to each component it names. */
export interface Mention {
  from: string;
  text: string;
  kind: SystemEdgeKind;
  label: string;
  family: string;
  source: SystemSource;
  /** Which nodes may be named: components (default), or data stores and brokers by their technology too. */
  technologies?: boolean;
  /** Where `text` starts in a file: each edge's source is then the name where it is written, not `source`. */
  at?: { file: IndexedFile; offset: number };
}

/** What a family's contributor gets to add to the model. */
export interface SystemBuilder {
  readonly index: WorkspaceIndex;
  /** Adds a node, or adds to the one of that id (its sources appended, unset fields filled). */
  node(node: Omit<SystemNode, 'family'> & { family?: string }): SystemNode;
  /** Adds an edge, or adds its sources to the edge of the same ends and kind. Ends are node ids, added by any family (the model drops an edge whose end no family added). */
  edge(edge: Omit<SystemEdge, 'family'> & { family?: string }): void;
  /** Declares that `node` answers `names` in `scope` (a Compose service its name and aliases in its project; a Service its DNS names). */
  answers(node: string, scope: string, names: readonly string[]): void;
  address(reference: Omit<AddressReference, 'family'> & { family?: string }): void;
  mention(mention: Omit<Mention, 'family'> & { family?: string }): void;
  /** The id of the image node for a reference (`ghcr.io/x/y:1.2` → `image:ghcr.io/x/y`), made on first use; undefined for a reference holding a variable. */
  image(reference: string, source: SystemSource): string | undefined;
  /**
   * The node for a file of the workspace (data, a model, a Dockerfile, a monitoring configuration), made
   * on first use as `kind`: families naming the same file (a stage writing it, a Dockerfile copying it,
   * a Compose service mounting it) meet on it.
   */
  artifact(uri: string, kind: SystemNodeKind, name: string, source?: SystemSource): string;
  /** `from` reads a file or a folder of the workspace it mounts (a bind mount): connected, at the end, to every artifact node of that file or under that folder. */
  mount(from: string, uri: string, source: SystemSource): void;
  /** A node made so far. */
  get(id: string): SystemNode | undefined;
  /** The nodes and edges made so far: every family's in `refine`, which runs after every `contribute`. */
  nodes(): Iterable<SystemNode>;
  edges(): Iterable<SystemEdge>;
}

/**
 * A family's contribution to the system map (its descriptor's `system`): adds what its files say
 * about the running system, its delivery, its observability or its governance. Called once per
 * model, in the families' order; what needs another family's elements goes through `address`,
 * `mention`, `image` and `artifact`, resolved after every contributor ran.
 */
export interface SystemContributor {
  readonly contribute: (builder: SystemBuilder) => void;
  /**
   * Runs after every family's `contribute`, for what a family knows about others' elements (the serve
   * family: which components run `archipel serve`, from the image they run and the Dockerfile building it).
   */
  readonly refine?: (builder: SystemBuilder) => void;
  /**
   * Loads what `contribute` reads with (the Terraform family's parser, WebAssembly): awaited before a
   * model is built outside the server (`archipel diagram`) and before a file's checks. Given the
   * index, it may load nothing when the index holds none of its files (`archipel check` of a rule file).
   */
  readonly prepare?: (index?: WorkspaceIndex) => Promise<void> | undefined;
}

/** A family's contributor with the family's id: the run's list of them is what the model is built from (families/descriptor.ts, systemContributors). */
export interface SystemContribution {
  readonly family: string;
  readonly contributor: SystemContributor;
}

/**
 * Every contributor's `prepare`, before a model is built: by a file's checks, `archipel diagram`, and
 * the server's map and diagram requests (a request may come before any check has loaded Terraform's
 * parser, and the model is kept for the index's generation).
 */
export function prepareContributors(contributions: readonly SystemContribution[], index?: WorkspaceIndex): Promise<void> | undefined {
  // Undefined when every contributor has what it reads with: a file's checks then wait for nothing.
  const pending = contributions.flatMap(({ contributor }) => contributor.prepare?.(index) ?? []);
  return pending.length > 0 ? Promise.all(pending).then(() => undefined) : undefined;
}
