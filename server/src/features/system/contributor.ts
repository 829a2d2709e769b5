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
  | 'datastore' // a database or an object store that runs here or is provisioned (Terraform)
  | 'cache' // an in-memory store (Redis, Valkey, Memcached, Memorystore, ElastiCache)
  | 'search' // a search engine (Elasticsearch, OpenSearch, Solr)
  | 'broker' // a message broker, a queue, a topic, a stream
  | 'function' // a function run on events (AWS Lambda, Cloud Functions, Cloud Run job, Azure Functions)
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
export const componentKinds: ReadonlySet<string> = new Set<SystemNodeKind>(['service', 'job', 'datastore', 'cache', 'search', 'broker', 'function']);

/** The kinds of node that hold data (drawn as C4's ContainerDb; a published port of one is an exposure, not a user call). */
export const storeKinds: ReadonlySet<string> = new Set<SystemNodeKind>(['datastore', 'cache', 'search']);

/** What a connection is (the views choose by it; the label says it to the reader). */
export type SystemEdgeKind =
  | 'depends-on' // start order (Compose depends_on)
  | 'calls' // an address in a component's environment or configuration
  | 'may-call' // a possible call: an address the component can read but is not shown to use (a ConfigMap read whole by `envFrom`); drawn dashed
  | 'routes' // an Ingress or Service sending traffic to a Service or workload
  | 'reaches' // the views' Users reaching a store's or broker's published port (an exposure, system/entries.ts): a way in, not a call; drawn dashed
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

/**
 * What a component is, beyond its name, as the files that deploy it say (issue #64): the model folds the
 * nodes of one component — the same program in Compose, plain manifests, a Helm render, a kustomize
 * overlay, a variant folder — into one C4 container by these, strongest first (build, image, label,
 * then the name). A contributor fills what its files state and nothing more; the folding is the model's.
 */
export interface ComponentIdentity {
  /**
   * The build that makes what it runs: the Dockerfile's URI (Compose `build:` with its `dockerfile:`,
   * a skaffold artifact's `context` + `docker.dockerfile`, a workflow's build step). The model also
   * finds it through the graph (this node `runs` an image a Dockerfile `builds`): fill it when the
   * image reference does not say it (a Compose build with no `image:`, a skaffold artifact name).
   */
  build?: string;
  /** A skaffold artifact's `image` when the container's image is that artifact (`frontend`, replaced at deploy time). */
  artifact?: string;
  /** The pod template's `app.kubernetes.io/name` label, else its `app` label (Kubernetes workloads, Helm and kustomize renders). */
  label?: string;
}

/**
 * One way of deploying a component (C4's deployment instance): a Compose project, a folder of plain
 * manifests in a namespace, a Helm release, a kustomize overlay, a variant folder. Every node of a
 * component is one instance; the containers view draws the component once, the deployment view each
 * instance in its place. Filled by the contributor that knows how its files are deployed.
 */
export interface DeploymentInstance {
  /** How it is deployed. */
  tool: 'compose' | 'manifests' | 'kustomize' | 'helm' | 'skaffold' | 'argocd' | 'terraform' | 'workflow' | (string & {});
  /** The instance as the tool names it: the Compose project, the Helm release, the overlay's folder (`overlays/staging`), the profile. */
  name: string;
  /** The folder (URI) that says it: the Compose project's folder, the kustomization's, the chart's root, the manifests' folder. */
  folder: string;
  /** The Kubernetes namespace it goes to, when said (an overlay's `namespace:`, a release's namespace). */
  namespace?: string;
  /**
   * A variant of the main deployment: a kustomize overlay or component, a skaffold profile, a Compose
   * file beyond the default ones (`compose.agent.yaml`), a folder of extras or examples. It adds an
   * instance, never a box; its lines come after the main deployment's in "why". The model also takes
   * for variants the instances under `extras/`, `examples/`, `overlays/`, `components/`, `tests/`,
   * `samples/` and `demo/` folders: say `variant: false` to keep one as a main deployment.
   */
  variant?: boolean;
}

/** The key of a deployment instance as a unit of addresses (SystemBuilder.answers): its tool, folder and name; not its namespace. */
export function deploymentUnit(instance: DeploymentInstance | undefined): string | undefined {
  return instance && `${instance.tool}\0${instance.folder}\0${instance.name}`;
}

/** Why a node is a system outside this one (drawn in the context view), and whose it is when known. */
export interface ExternalEvidence {
  /**
   * `address`: a host with a domain in a component's environment or configuration; `saas`: a known
   * service's endpoint (an API key or URL of Stripe, Google APIs, OpenAI…); `account`: a cloud resource
   * of another account or project (an ARN naming another account, a Terraform `data` source, a remote
   * state); `declared`: the files say it is outside (an ExternalName Service, a Compose `external` network's peer).
   */
  reason: 'address' | 'saas' | 'account' | 'declared';
  /** Whose it is when known: `Stripe`, `Google Cloud`, `AWS account 123456789012`. */
  provider?: string;
}

/**
 * A way in from outside the system: an Ingress or Gateway, a LoadBalancer or NodePort Service, a
 * published port (Compose `ports:`, a `hostPort`). The model decides what it is: a call from `Users`
 * (an Ingress, a load balancer, a published port of a component nothing else in its deployment
 * fronts, in a main deployment) or an exposure the checks report (a data store's or a broker's
 * published port, a backend published beside the proxy that fronts it).
 */
export interface EntryPoint {
  /** The node reached: a workload, a Service, an Ingress. */
  to: string;
  via: 'ingress' | 'gateway' | 'load-balancer' | 'node-port' | 'published-port' | 'host-port';
  /** The port reached from outside (the host side of a published port, the Service's port). */
  port?: number;
  /** The container port it leads to. */
  target?: number;
  /**
   * The host address a published port is bound to, when written (`127.0.0.1` of `"127.0.0.1:6379:6379"`, `::1`, `0.0.0.0`):
   * bound to a loopback one, it is reachable from this machine only, not by users (system/entries.ts, issue #98).
   */
  hostIp?: string;
  /** What the reader sees (`:8080`, `shop.example.com`); the model makes one from `via` and `port` when absent. */
  label?: string;
  protocol?: string;
  readonly family: string;
  source: SystemSource;
}

export interface SystemNode {
  /** Stable across runs (`compose:<folder>:api`, `k8s:Deployment/ns/name`, `image:ghcr.io/x/y`): edges name it. */
  readonly id: string;
  kind: SystemNodeKind;
  name: string;
  /** The family that made it (the panel's family filter). */
  readonly family: string;
  /**
   * What it runs, as a C4 reader expects it: the language (`Go`, `Python`, `.NET`) or the product
   * (`PostgreSQL`, `Envoy`, `Prometheus`, `archipel serve`), from its image, its build's `FROM` or what
   * calls it. Never the deploy tool's kind of object (that is `resource`); the model fills it from the
   * evidence when a contributor leaves it out.
   */
  technology?: string;
  /** The deploy tool's kind of object: `Deployment`, `StatefulSet`, `CronJob`, `aws_lambda_function`. Kept as a property, not drawn as the technology. */
  resource?: string;
  /** Where it runs: the id of an `environment`, `namespace` or infrastructure node (the deployment view nests by it). */
  parent?: string;
  /** The Kubernetes namespace (the panel's namespace filter). */
  namespace?: string;
  /**
   * The image it runs, as a repository with its registry and without its tag (`us-docker.pkg.dev/p/shop/frontend`,
   * `redis`), variables resolved as the deploy tool resolves them (`.env`, Helm values): a Compose service and
   * a Kubernetes workload running the same one are one logical component.
   */
  image?: string;
  /** What names the component beyond its name (components only). */
  identity?: ComponentIdentity;
  /** The way of deploying it this node is (components only). */
  deployment?: DeploymentInstance;
  /**
   * A build node's base images (a Dockerfile): the final stage's `FROM` first, then the `FROM` of the
   * stages it copies from (`COPY --from=builder`), stage names followed to images — `postgres:16-alpine`,
   * or `gcr.io/distroless/static` then `golang:1.22`. The model takes the runtime and, for a data store,
   * the kind of what runs the image it builds from them.
   */
  from?: readonly string[];
  /** Why it is outside the system (kind `external`). */
  external?: ExternalEvidence;
  /**
   * How many copies of it run, as declared (a workload's `spec.replicas`, 1 when unset; a Compose service's
   * `deploy.replicas`, else `scale`, else 1); an autoscaler's bounds are not counted. `archipel diff` compares it.
   */
  replicas?: number;
  /** The ports it serves (container ports, Service ports): an address naming another port is reported. */
  ports?: number[];
  /** `host`: it runs on its host's network (Compose's `network_mode: host`): its `localhost:<port>` is the host's (features/system/hostNetwork.ts). */
  network?: 'host';
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
  /**
   * `possible`: the files allow it but do not show it is made (drawn dashed); a `calls` edge so made is kind `may-call`.
   * `code`: a literal of the component's source code names it (issue #79: labelled `(code)`). Certain when absent.
   */
  certainty?: 'possible' | 'code';
  /**
   * Why a possible call is no link of the threat model (threats/links.ts), the one place saying it: `one-shot`, a possible call
   * of a one-shot component (a Compose service others wait to complete, a Job) that only configuration it shares with
   * long-running components gives it (AddressReference.oneShot); `unread`, a possible call only a variable given by the
   * deployment makes, which the caller's code, read, names nowhere (KeyRead.unnamed).
   */
  possibleOnly?: 'one-shot' | 'unread';
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
  /**
   * `possible`: the component can read the address but nothing shows it uses it — a value of a
   * ConfigMap read whole by `envFrom` that the container names nowhere else (bank-of-anthos's shared
   * `service-api-config`). The edge is then `may-call` (dashed) and the checks say nothing of a host nothing answers.
   * Certain when absent: the container's own `env`, a `configMapKeyRef` to that key, a Compose `environment`.
   * `code`: a literal of the component's source code (an edge of certainty `code`).
   */
  certainty?: 'possible' | 'code';
  /**
   * The environment key or setting the value is read under (a ConfigMap's key read whole by `envFrom`, a Compose service's
   * variable, a Spring setting): what the component's code, read, says of that key decides its certainty, or that it is no
   * call (SystemBuilder.codeReads, KeyRead).
   */
  key?: string;
  /** For an address outside, why it is outside beyond its domain (a SaaS endpoint the family knows). */
  external?: ExternalEvidence;
  /**
   * Where `from` is said to run once and exit (a `condition: service_completed_successfully` naming it, a Job's `kind`), when
   * only configuration it shares with long-running components gives it the address (a YAML anchor merged into several Compose
   * services, a ConfigMap several workloads read whole): a call to a database (its migrations, its seeding) keeps its
   * certainty; any other (a service, a cache, a broker) is a possible call, whatever its code names (issue #95).
   */
  oneShot?: SystemSource;
  /**
   * More lines making the call when the address reaches `from` through another component: a one-shot service's command
   * writing it into a volume `from` mounts, and that mount (compose/configWriters.ts). `source` stays the value's place.
   */
  via?: readonly SystemSource[];
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

/**
 * What a component's configuration and code, read, say of an environment key or setting (SystemBuilder.codeReads), and what
 * each says of an address under it (AddressReference.key; issues #79, #95).
 */
export interface KeyRead {
  /** Where its configuration or code names the key (a reader's `process.env.X`, a role's variable): a possible address under it is certain, that line among its sources. */
  at?: SystemSource;
  /** Its configuration or code names keys, this one or not: a possible address under a key it does not name (`at`) is no call. */
  keyed?: true;
  /** Its code never reads the setting (a Spring property bound into a type whose accessor for it nothing calls): no call, whatever its certainty. */
  never?: true;
  /** Its build's code, configuration and Dockerfiles name the variable in no spelling (a gateway given `RABBIT=amqp://…` opening no AMQP): a certain address under it is a possible call. */
  unnamed?: true;
}

/** What a family's contributor gets to add to the model. */
export interface SystemBuilder {
  readonly index: WorkspaceIndex;
  /** Adds a node, or adds to the one of that id (its sources appended, unset fields filled). */
  node(node: Omit<SystemNode, 'family'> & { family?: string }): SystemNode;
  /** Adds an edge, or adds its sources to the edge of the same ends and kind. Ends are node ids, added by any family (the model drops an edge whose end no family added). */
  edge(edge: Omit<SystemEdge, 'family'> & { family?: string }): void;
  /**
   * Declares that `node` answers `names` in `scope` (a Compose service its name and aliases in its project; a Service its DNS names).
   * `unit`: the deployment it belongs to (deploymentUnit): when two deployments' nodes answer one name in one scope (plain
   * manifests and a Helm chart both writing a Service `teastore-db`), a caller of one of them reaches its own (issue #95).
   */
  answers(node: string, scope: string, names: readonly string[], unit?: string): void;
  /** The names answered in `scope` so far (lower case), each with the node answering it first. */
  answered(scope: string): ReadonlyMap<string, string>;
  address(reference: Omit<AddressReference, 'family'> & { family?: string }): void;
  /** Declares a way in from outside to a node: the model draws it as a call from `Users` or reports it as an exposure. */
  entry(entry: Omit<EntryPoint, 'family'> & { family?: string }): void;
  mention(mention: Omit<Mention, 'family'> & { family?: string }): void;
  /**
   * What the component `from`'s configuration and code, read, say of each environment key or setting (KeyRead), declared once
   * for it: the one predicate an address under a key (AddressReference.key) is judged by.
   */
  codeReads(from: string, read: (key: string) => KeyRead): void;
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
  /** Removes nodes `refine` replaced by others (a folder's objects an Argo CD Application puts in its namespace), with their edges, addresses, ways in and names. */
  drop(ids: ReadonlySet<string>): void;
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
   * Given the workspace's folders too, it may bind what reads side files there (Terraform's installed modules).
   */
  readonly prepare?: (index?: WorkspaceIndex, roots?: readonly string[]) => Promise<void> | undefined;
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
export function prepareContributors(contributions: readonly SystemContribution[], index?: WorkspaceIndex, roots?: readonly string[]): Promise<void> | undefined {
  // Undefined when every contributor has what it reads with: a file's checks then wait for nothing.
  const pending = contributions.flatMap(({ contributor }) => contributor.prepare?.(index, roots) ?? []);
  return pending.length > 0 ? Promise.all(pending).then(() => undefined) : undefined;
}
