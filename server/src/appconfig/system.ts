/**
 * Calls that live in application configuration and code (issue #79), added to the system map once every
 * deploying family has spoken (`refine`): each file of the family is the configuration or code of the
 * component built from its folder (the Dockerfile beside or above it that builds the image the component
 * runs: a program is its build, issue #95), else of the component no build makes named by its outermost folder
 * (`front-end/api/endpoints.js`, `spring-petclinic-api-gateway/…` for the image `…/spring-petclinic-api-gateway`),
 * never of another project's component (ownersOf). Its addresses become
 * that component's, looked up in the component's own Compose project or namespace:
 * - a proxy's or a framework's configuration (`proxy_pass`, `server`, `lb://customers-service`, a `*.url`
 *   or `*.host` key) is a call, certain as an address in the component's environment is;
 * - a literal of a source file is kept only when its host names a component of the map, as a call of its
 *   own certainty (`code`, labelled so);
 * - Zuul's `@EnableZuulProxy` and Spring Cloud Gateway's discovery locator route to every application of the registry (registryRoutes);
 * - a configuration's `localhost:<port>` is, for a component on its host's network, the peer listening on the host's port, and
 *   its configured `server.port` answers its neighbours' `localhost` there (loopback.ts);
 * - the environment keys the files name (`os.environ.get('BALANCES_API_ADDR')`, `@Value("${…}")`) make
 *   certain the addresses of a ConfigMap the component reads whole under those keys (SystemBuilder.codeReads).
 * Bounded: files past MAX_READ_BYTES are not read, nor source files past MAX_CODE_FILES.
 */
import { componentKinds, type KeyRead, type SystemBuilder, type SystemContributor, type SystemNode, type SystemSource } from '../features/system/contributor';
import { isSingleLabel } from '../features/system/addresses';
import { sourceAt } from '../features/system/source';
import type { IndexedFile } from '../workspace/index';
import { type AppConfigKind, appConfigKind, folderOf, isTestFile, mayBeServed } from './files';
import { buildsOfImagesRun, inWorkspace } from './imageBuilds';
import { MAX_READ_BYTES, readAppConfig, type AppConfigReading } from './readers';
import type { WrittenCall } from './writtenCall';
import { addLoopbackCall, declareHostListeners } from './loopback';
import { addServedFolders, isServedFolder, servedApplication, type ServedFolders } from './served';
import { fileProfile, followedType, neverRead, profileActive, settingFacts, type SettingFacts } from './springSettings';
import { addMountedCalls, type MountReader } from './mounted';
import { codeNames, deployedVariables } from './deployedEnvironment';
import { goKeyOwners } from './goShared';
import { activeProfiles } from './springProfiles';
import { revisionSideFiles } from '../features/system/revision';
import { contributeDapr } from './dapr';
import { contributeMoleculer } from './moleculer';
import { buildRoles, type OwnSettings, settingsName, sharedProgramSettings } from '../compose/api';
import { type Role, roles } from './roleCode';

/** Source files read at most per map (the rest are not read): a monorepo's services, not its every module. */
export const MAX_CODE_FILES = 5_000;

const readingKey = Symbol('appconfig.reading');

function reading(file: IndexedFile, kind: AppConfigKind): AppConfigReading {
  return file.model(readingKey, () => {
    const trees = kind === 'spring-yaml' || kind === 'envoy' || kind === 'traefik' ? (file.yaml?.chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree })) ?? []) : undefined;
    return readAppConfig(kind, file.text, trees);
  });
}

const factsKey = Symbol('appconfig.settingFacts');

/** What a Java or Kotlin file, or a Spring settings file, says of the settings its program reads (springSettings.ts); undefined for other files. */
function factsOf(file: IndexedFile, kind: AppConfigKind): SettingFacts | undefined {
  const language = kind === 'spring-properties' || kind === 'spring-yaml' ? 'config' : kind !== 'code' ? undefined : /\.java$/i.test(file.uri) ? 'java' : /\.kt$/i.test(file.uri) ? 'kotlin' : undefined;
  if (!language || file.text.length > MAX_READ_BYTES) return undefined;
  return file.model(factsKey, () => settingFacts(file.text, language));
}

/**
 * Each Spring program's settings it never reads (issue #95), for the components whose build holds its code: its own files'
 * facts, with the bindings its files declare and those of the types they name (a shared library's `ServiceUrlConfig`).
 */
function unreadSettings(read: readonly { file: IndexedFile; owners: SystemNode[]; reading: AppConfigReading }[], bindings: readonly SettingFacts['bindings'][number][]): Map<string, (key: string) => boolean> {
  const byOwner = new Map<SystemNode, SettingFacts[]>();
  const never = new Map<string, (key: string) => boolean>();
  for (const { file, owners } of read) {
    const kind = appConfigKind(file.uri);
    const facts = kind ? factsOf(file, kind) : undefined;
    if (!facts) continue;
    for (const owner of owners) {
      const entry = byOwner.get(owner) ?? [];
      byOwner.set(owner, entry);
      entry.push(facts);
    }
  }
  for (const [owner, facts] of byOwner) {
    if (!facts.some((fact) => fact.spring)) continue;
    const own = facts.flatMap((fact) => fact.bindings);
    // Another file's binding: a type the program names; one the sniff does not follow, or on a `@Bean` method, whoever names it (it keeps what it covers).
    const named = bindings.filter((found) => !own.includes(found) && (found.type === undefined || !followedType.test(found.type) || facts.some((fact) => fact.types.has(found.type!))));
    const relevant = [...own, ...named];
    if (relevant.length === 0) continue;
    never.set(owner.id, (key) => neverRead(key, facts, relevant));
  }
  return never;
}

/** Where a component's host names are looked up: its Compose project, or its namespace then the cluster's DNS names. */
function scopesOf(node: SystemNode): string[] | undefined {
  if (node.id.startsWith('compose:')) return [node.id.slice(0, node.id.lastIndexOf(':'))];
  const k8s = /^k8s:[^/]+\/([^/]*)\//.exec(node.id);
  if (k8s) return [`k8s:${k8s[1]}`, 'k8s'];
  return undefined;
}

const lastSegment = (text: string) => text.slice(text.lastIndexOf('/') + 1).toLowerCase();

/** The profiles a Spring call is for: its document's, else its file's (`application-docker.yml`); undefined for a default document's. */
function profilesOf(call: WrittenCall, uri: string): readonly string[] | undefined {
  const profile = fileProfile(lastSegment(uri));
  return call.profiles ?? (profile !== undefined ? [profile] : undefined);
}

/** What the map knows of its components: by the folder whose Dockerfile builds what they run, by name, and the names answered. */
interface Components {
  byBuildFolder: Map<string, SystemNode[]>;
  /** The components some build makes (their code is their build's, never a folder's of their name elsewhere). */
  built: Set<SystemNode>;
  /** The folders components are deployed from (a Compose project's, a folder of manifests): a project's files are its own components'. */
  projects: Set<string>;
  byName: Map<string, SystemNode[]>;
  /** By what follows a `-` in the name of their registry image: `<prefix>-<folder>` (distributed-calculator's `distributed-calculator-react-calculator`, its makefile's prefix before the folder `react-calculator/`). */
  byImageSuffix: Map<string, SystemNode[]>;
  /** Every name a call may name: components' and Kubernetes Services' (lower case). */
  names: Set<string>;
  /** The Dockerfiles building what each component runs. */
  dockerfiles: Map<SystemNode, Set<string>>;
}

function components(builder: SystemBuilder): Components {
  const byName = new Map<string, SystemNode[]>();
  const byImageSuffix = new Map<string, SystemNode[]>();
  const names = new Set<string>();
  const nodes: SystemNode[] = [];
  const add = (map: Map<string, SystemNode[]>, key: string, node: SystemNode) => {
    const list = map.get(key);
    if (!list) map.set(key, [node]);
    else if (!list.includes(node)) list.push(node);
  };
  for (const node of builder.nodes()) {
    if (node.kind === 'endpoint' && node.id.startsWith('k8s:Service/')) names.add(node.name.toLowerCase());
    if (!componentKinds.has(node.kind) || !scopesOf(node)) continue;
    nodes.push(node);
    names.add(node.name.toLowerCase());
    add(byName, node.name.toLowerCase(), node);
    if (node.image) add(byName, lastSegment(node.image), node);
    const repository = lastSegment(node.image ?? ''); // An image is kept without its tag (SystemNode.image).
    for (let i = repository.indexOf('-'); i > 0; i = repository.indexOf('-', i + 1)) add(byImageSuffix, repository.slice(i + 1), node);
  }
  // The other names they answer in their project or namespace: a Compose `container_name`, `hostname` or alias (issue #95:
  // asc-lab's services reach RabbitMQ as `rabbit`, the container_name of the service `rabbitmq`).
  const ids = new Set(nodes.map((node) => node.id));
  for (const scope of new Set(nodes.flatMap((node) => scopesOf(node)?.slice(0, 1) ?? []))) for (const [name, id] of builder.answered(scope)) if (ids.has(id)) names.add(name);
  // The Dockerfile building an image a component runs: its folder is the component's source.
  const builds = new Map<string, string[]>();
  const runs = new Map<string, SystemNode[]>();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const edge of builder.edges()) {
    if (edge.kind === 'builds' && edge.from.startsWith('file:')) builds.set(edge.to, [...(builds.get(edge.to) ?? []), edge.from.slice('file:'.length)]);
    else if (edge.kind === 'runs') {
      const node = byId.get(edge.from);
      if (node) runs.set(edge.to, [...(runs.get(edge.to) ?? []), node]);
    }
  }
  const byBuildFolder = new Map<string, SystemNode[]>();
  const builtBy = new Map<SystemNode, Set<string>>();
  const record = (node: SystemNode, dockerfile: string) => builtBy.set(node, (builtBy.get(node) ?? new Set<string>()).add(dockerfile));
  // A build whose Dockerfile the workspace lacks builds nothing read here (issue #95): its service is the namesake of the build found.
  const present = inWorkspace(builder.index);
  for (const [image, written] of builds) builds.set(image, written.filter(present));
  for (const [image, dockerfiles] of builds) {
    // One repository built by several builds (opentelemetry-demo's 25 Dockerfiles all make `ghcr.io/open-telemetry/demo`, each
    // under a tag of its own): the repository does not say which build a component runs; its own build, when said, does.
    const folders = new Set(dockerfiles.map(folderOf));
    for (const dockerfile of dockerfiles) {
      for (const node of runs.get(image) ?? []) {
        const own = node.identity?.build;
        if (own !== undefined ? folderOf(own) === folderOf(dockerfile) : folders.size === 1) {
          add(byBuildFolder, folderOf(dockerfile), node);
          record(node, dockerfile);
        }
      }
    }
  }
  for (const node of nodes) {
    if (!node.identity?.build || !present(node.identity.build)) continue;
    add(byBuildFolder, folderOf(node.identity.build), node);
    record(node, node.identity.build);
  }
  for (const [node, dockerfiles] of buildsOfImagesRun(builds, runs, (node) => builtBy.has(node))) {
    for (const dockerfile of dockerfiles) {
      add(byBuildFolder, folderOf(dockerfile), node);
      record(node, dockerfile);
      // The link is the map's, not this family's alone: the build builds the image the component runs (the threat model reads
      // a component's code through its builds), evidenced by where the namesake image is built.
      const from = `file:${dockerfile}`;
      const evidence = [...builder.edges()].filter((e) => e.kind === 'builds' && e.from === from).flatMap((e) => e.sources).slice(0, 1);
      for (const [image, running] of runs) if (running.includes(node) && !builds.get(image)?.length) builder.edge({ from, to: image, kind: 'builds', label: 'builds', sources: evidence });
    }
  }
  const built = new Set([...byBuildFolder.values()].flat());
  const projects = new Set(nodes.flatMap((node) => (node.deployment ? [trimmedFolder(node.deployment.folder)] : [])));
  return { byBuildFolder, built, projects, byName, byImageSuffix, names, dockerfiles: builtBy };
}

const trimmedFolder = (folder: string) => (folder.endsWith('/') ? folder.slice(0, -1) : folder);
const holds = (folder: string, uri: string) => uri === folder || uri.startsWith(`${folder}/`);

/**
 * The project a file lies in: the deepest folder below the workspace's root that deploys components (a Compose project's
 * folder) holding it. Another project's components never own its files (awesome-compose's samples each have a `backend`).
 */
function projectOf(uri: string, known: Components, root: string): string | undefined {
  let found: string | undefined;
  for (const folder of known.projects) if (folder.length > root.length && holds(folder, uri) && (found === undefined || folder.length > found.length)) found = folder;
  return found;
}

/**
 * The components whose configuration or code a file is: those its build context holds it for (the nearest build folder
 * above it), else those its outermost folder names — never a component of another project, nor, by its name, one built elsewhere.
 */
function ownersOf(uri: string, known: Components, root: string): { owners: SystemNode[]; folder: string } {
  const project = projectOf(uri, known, root);
  // A component deployed by the file's project or one inside it; with no project around the file (a monorepo's `src/` beside
  // its `kubernetes-manifests/`), any.
  const inProject = (node: SystemNode) => project === undefined || (node.deployment !== undefined && holds(project, trimmedFolder(node.deployment.folder)));
  // Folders below the workspace's root only: a clone in a folder named as one of its components is not that component.
  const inside = (folder: string) => folder.length > root.length && folder.includes('/') && !folder.endsWith('/');
  // A build at the root is the one service of a repository of one service.
  for (let folder = folderOf(uri); folder.length >= root.length && folder.includes('/') && !folder.endsWith('/'); folder = folderOf(folder)) {
    const built = known.byBuildFolder.get(folder);
    // Every deployment of what it builds: the instances running the built image, and those of the same name running it
    // from a registry (a release's manifests name `gcr.io/…/frontend` where skaffold's say `frontend`) — in its project, built by no other build.
    if (built) {
      const namesake = (node: SystemNode) => (known.byName.get(node.name.toLowerCase()) ?? []).filter((other) => !known.built.has(other) && inProject(other));
      return { owners: [...new Set(built.flatMap((node) => [node, ...namesake(node)]))], folder };
    }
  }
  let found = { owners: [] as SystemNode[], folder: '' };
  for (let folder = folderOf(uri); inside(folder); folder = folderOf(folder)) {
    const key = decodeURIComponent(lastSegment(folder));
    // Else the one image named `<prefix>-<folder>`: an image of another name's build folder, when no component has the folder's name.
    const suffixed = known.byImageSuffix.get(key);
    const named = (known.byName.get(key) ?? (suffixed?.length === 1 ? suffixed : undefined))?.filter((node) => !known.built.has(node) && inProject(node));
    if (named && named.length > 0) found = { owners: named, folder };
  }
  return found;
}

/** The folder holding every file of the index (the workspace's root, or the one folder it was given). */
function commonFolder(builder: SystemBuilder): string {
  let common: string | undefined;
  for (const file of builder.index.files()) {
    const folder = folderOf(file.uri);
    if (common === undefined) common = folder;
    while (common !== '' && folder !== common && !folder.startsWith(`${common}/`)) common = common.includes('/') ? folderOf(common) : '';
  }
  return common ?? '';
}

/** `ENV KEY=value` (and `ENV KEY value`) of the Dockerfiles in a folder: what a template's `${KEY}` is when the container starts. */
function dockerfileEnvironment(builder: SystemBuilder, folder: string, cache: Map<string, Map<string, string>>): Map<string, string> {
  let environment = cache.get(folder);
  if (environment) return environment;
  environment = dockerfileSettings(builder, `${folder}/Dockerfile`, ['ENV']);
  cache.set(folder, environment);
  return environment;
}

/** The variables a Dockerfile's `ENV` (and `ARG`, with or without a default, when asked) instructions set, with their values, in one pass. */
function dockerfileSettings(builder: SystemBuilder, uri: string, asked: readonly ('ENV' | 'ARG')[]): Map<string, string> {
  const environment = new Map<string, string>();
  const file = builder.index.get(uri);
  if (file && !file.skipped && file.text.length <= 256 * 1024) {
    // The instructions, continuation lines joined.
    const instructions = file.text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
    for (const line of instructions) {
      const trimmed = line.trimStart();
      const instruction = trimmed.slice(0, 3).toUpperCase();
      if (!asked.includes(instruction as 'ENV' | 'ARG') || !/^\s/.test(trimmed.slice(3, 4))) continue;
      const env = trimmed.slice(4).trimStart();
      if (instruction === 'ARG') {
        const name = /^([A-Za-z_]\w{0,63})(?:=(\S{0,500}))?/.exec(env);
        if (name) environment.set(name[1], name[2] ?? '');
        continue;
      }
      const pairs = [...env.matchAll(/([A-Za-z_]\w{0,63})=("[^"]{0,500}"|'[^']{0,500}'|\S{1,500})/g)];
      if (pairs.length > 0) for (const [, key, value] of pairs) environment.set(key, value.replace(/^["']|["']$/g, ''));
      else {
        const single = /^([A-Za-z_]\w{0,63})\s+(\S{1,500})/.exec(env);
        if (single) environment.set(single[1], single[2]);
      }
    }
  }
  return environment;
}

/** The host a variable stands for: its value in the Dockerfile beside the file, else the name it says (`CATALOGUE_HOST` → `catalogue`) when a component answers it. */
function hostOfVariable(variable: string, environment: Map<string, string>, known: Components): string | undefined {
  const value = environment.get(variable);
  if (value !== undefined) return /^[A-Za-z0-9][\w.-]*$/.test(value) ? value.toLowerCase() : undefined;
  const named = /^([A-Z][A-Z0-9_]*?)_(HOST|HOSTNAME|ADDR|ADDRESS|SERVICE|SVC|URL|URI|ENDPOINT)$/.exec(variable)?.[1];
  if (!named) return undefined;
  const host = named.toLowerCase().replace(/_/g, '-');
  return known.names.has(host) ? host : undefined;
}

/**
 * Whether a host names a component of the map: by its name, or by its first label when the rest is a Kubernetes
 * Service's longer name (`catalogue.sock-shop`, `catalogue.sock-shop.svc.cluster.local`), never a public domain's host
 * whose first label happens to be a component's name (`api.github.com`, `api.plane.so` in plane's code beside its `api`).
 */
function namesComponent(host: string, known: Components): boolean {
  if (known.names.has(host)) return true;
  const dot = host.indexOf('.');
  if (dot < 0 || !known.names.has(host.slice(0, dot))) return false;
  const rest = host.slice(dot + 1);
  return !rest.includes('.') || rest.split('.').includes('svc');
}

/**
 * The Dockerfiles building what each component runs, and for a component no build is known to make, the Dockerfile in its
 * own folder (ownersOf's): ewolff/microservice-kubernetes's `apache/Dockerfile`, whose image a script tags, not the map.
 */
function withFolderBuilds(builder: SystemBuilder, known: Components, root: string): Map<SystemNode, Set<string>> {
  const builds = new Map(known.dockerfiles);
  const taken = new Set([...known.dockerfiles.values()].flatMap((dockerfiles) => [...dockerfiles]));
  for (const file of builder.index.files()) {
    if (file.skipped || lastSegment(file.uri) !== 'dockerfile' || taken.has(file.uri)) continue;
    for (const owner of ownersOf(file.uri, known, root).owners) if (!known.dockerfiles.has(owner)) builds.set(owner, (builds.get(owner) ?? new Set<string>()).add(file.uri));
  }
  return builds;
}

function contribute(builder: SystemBuilder, reader: MountReader | undefined): void {
  // The files components mount (mounted.ts); an index of a git revision (`archipel diff`'s base) reads them from that revision.
  const root = commonFolder(builder);
  const known = components(builder);
  const sideReader = revisionSideFiles(builder.index) ?? reader;
  let deployed: Map<string, Set<string>> | undefined;
  let shared: Map<string, OwnSettings> | undefined;
  let chosen: Map<string, Role> | undefined;
  const rolesOf = () => (chosen ??= roles(builder.index, buildRoles(builder.index, sideReader), sideReader));
  // The variables a component's deployment (Compose `environment`, `env_file`) and build (`ENV`, `ARG`) set.
  const environmentOf = (node: SystemNode) => {
    const names = new Set((deployed ??= deployedVariables(builder, sideReader)).get(node.id) ?? []);
    for (const dockerfile of known.dockerfiles.get(node) ?? []) for (const name of dockerfileSettings(builder, dockerfile, ['ENV', 'ARG']).keys()) names.add(name);
    return names;
  };
  // A proxy's configuration a component mounts or copies in is that component's alone.
  const proxyConfigs = addMountedCalls(builder, sideReader, root, withFolderBuilds(builder, known, root), scopesOf, environmentOf);
  if (known.byName.size === 0 && known.byBuildFolder.size === 0) return;
  // Dapr's applications answer their app ids, and their components' addresses are their calls (dapr.ts).
  for (const appId of contributeDapr(builder, scopesOf)) known.names.add(appId);
  const environments = new Map<string, Map<string, string>>();
  let codeFiles = 0;
  // Read first, each file with its components: the service ids they register are names a call may use, wherever the file lies.
  const read: { file: IndexedFile; owners: SystemNode[]; reading: AppConfigReading }[] = [];
  const held: { file: IndexedFile; kind: AppConfigKind }[] = [];
  const served: ServedFolders = { exact: new Set(), endings: [] };
  const servers = new Set<SystemNode>();
  // The settings bound by `@ConfigurationProperties` anywhere (a library's type is its users' binding), tests' apart.
  const bindings: SettingFacts['bindings'][number][] = [];
  for (const file of builder.index.files()) {
    if (file.skipped) continue;
    const kind = appConfigKind(file.uri);
    if (!kind || (kind === 'code' && ++codeFiles > MAX_CODE_FILES)) continue;
    if (kind === 'code' && !isTestFile(file.uri.slice(root.length))) bindings.push(...(factsOf(file, kind)?.bindings ?? []));
    // Perhaps a config server's (its clients' then): decided once every server's locations and every client's name are read.
    if (mayBeServed(file.uri)) {
      held.push({ file, kind });
      continue;
    }
    const mounters = proxyConfigs.get(file.uri);
    const { owners: all, folder } = mounters ? { owners: [...mounters].flatMap((id) => builder.get(id) ?? []), folder: root } : ownersOf(file.uri, known, root);
    // One build run in roles a variable chooses (roleCode.ts): a module only other roles load is not a component's.
    const owners = kind === 'code' ? all.filter((owner) => rolesOf().get(owner.id)?.foreign.has(file.uri) !== true) : all;
    // A test's literals are its fixtures: the path below the component's folder says it is one.
    // A test's configuration too (`src/test/resources/application.yml` names the test's containers, not the service's peers).
    if (owners.length === 0 || isTestFile(file.uri.slice(folder.length))) continue;
    const found = reading(file, kind);
    read.push({ file, owners, reading: found });
    if (found.serves) for (const owner of owners) servers.add(owner);
    if (found.serves) addServedFolders(served, file.uri, found.serves);
    // The service id it registers under answers in its scope as its name does (`lb://customers` to the Compose service `customers-service`).
    if (found.registers) answer(builder, owners, found.registers, known);
  }
  for (const entry of servedReadings(held, read, served, servers, known, root)) {
    read.push(entry);
    // A Spring file no server serves (`src/main/resources/config/application.yml`) says its own service id, as above.
    if (entry.own && entry.reading.registers) answer(builder, entry.owners, entry.reading.registers, known);
  }
  // The variable choosing a role is one its program reads (moleculer-runner's `SERVICES`): the role's code was read.
  // The keys each component's configuration or code names, with where (the first place: KeyRead.at).
  const named = new Map<string, Map<string, SystemSource>>();
  const namesKey = (id: string, key: string, source: SystemSource) => {
    const keys = named.get(id) ?? new Map<string, SystemSource>();
    named.set(id, keys);
    if (!keys.has(key)) keys.set(key, source);
  };
  for (const [id, role] of chosen ?? []) if (builder.get(id)) namesKey(id, role.variable, { uri: role.module, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  // Moleculer's calls by service name, between the containers loading the services (moleculer.ts).
  contributeMoleculer(builder, read, scopesOf, rolesOf);
  // Configuration's calls first: a call both configured and written in code is drawn as configured (the first edge's label and certainty stay).
  const fromCode: (() => void)[] = [];
  for (const { file, owners, call } of registryRoutes(read)) {
    if (!namesComponent(call.host!, known)) continue;
    const add = () => addCall(builder, owners, call.host!, call, sourceAt(file, call.start, call.end));
    if (call.evidence === 'code') fromCode.push(add);
    else add();
  }
  // What a component's configuration gives an address to (`micronaut.http.services.<id>.url`): its clients of that id call that address.
  const configured = new Map<SystemNode, Set<string>>();
  for (const { owners, reading: found } of read) for (const owner of owners) for (const id of found.configuresServices ?? []) configured.set(owner, (configured.get(owner) ?? new Set()).add(id));
  const buildVariables = new Map<string, Set<string>>();
  const buildSets = (node: SystemNode, name: string) => [...(known.dockerfiles.get(node) ?? [])].some((dockerfile) => {
    let names = buildVariables.get(dockerfile);
    if (!names) buildVariables.set(dockerfile, (names = new Set(dockerfileSettings(builder, dockerfile, ['ENV', 'ARG']).keys())));
    return names.has(name);
  });
  const ownEnvironment = (node: SystemNode) => (node.identity?.build ? dockerfileEnvironment(builder, folderOf(node.identity.build), environments) : new Map<string, string>());
  const activeProfile = activeProfiles(builder, ownEnvironment, (node) => (deployed ??= deployedVariables(builder, sideReader)).get(node.id)?.has('SPRING_PROFILES_ACTIVE') === true);
  declareHostListeners(builder, read, (node) => scopesOf(node)?.[0], ownEnvironment);
  let keyOwners: ReturnType<typeof goKeyOwners> | undefined;
  for (const { file, owners: all, reading: found } of read) {
    for (const call of found.calls) {
      // A Spring profile document's or file's call: the components running that profile, or one unknown (springProfiles.ts).
      const owners = profilesOf(call, file.uri) ? all.filter((owner) => profileActive(profilesOf(call, file.uri)!, activeProfile(owner))) : all;
      if (call.loopback) {
        addLoopbackCall(builder, owners, call, sourceAt(file, call.start, call.end), (node) => scopesOf(node)?.[0], ownEnvironment);
        continue;
      }
      let callers = call.serviceId ? owners.filter((owner) => !configured.get(owner)?.has(call.host!)) : owners;
      // A code fallback is no address of a component whose build sets the variable that replaces it (issue #95: storedog's
      // `process.env.NEXT_PUBLIC_SPREE_API_HOST || 'http://backend:4000'`, the variable an `ENV` of the frontend's Dockerfile).
      const fallbackOf = call.fallbackOf;
      // Nor when its deployment sets it (its Compose `environment` or `env_file`: deployedEnvironment.ts).
      if (fallbackOf) callers = callers.filter((owner) => !fallbackOf.some((name) => buildSets(owner, name) || (deployed ??= deployedVariables(builder, sideReader)).get(owner.id)?.has(name)));
      const host = call.host ?? (call.variable ? hostOfVariable(call.variable, dockerfileEnvironment(builder, folderOf(file.uri), environments), known) : undefined);
      if (!host || (call.onlyKnown && !namesComponent(host, known))) continue;
      // One program run by several services under their own commands (appwrite's API and workers: compose/sharedPrograms.ts):
      // its code's call is a service's only where that service's own settings name the target or a variable read for it.
      const variablesRead = [...(call.fallbackOf ?? []), ...(call.variable ? [call.variable] : [])];
      callers = callers.filter((owner) => {
        const own = (shared ??= sharedProgramSettings(builder.index, sideReader)).get(owner.id);
        return own === undefined || settingsName(own, host, variablesRead);
      });
      const source = sourceAt(file, call.start, call.end);
      if (call.evidence === 'code') fromCode.push(() => addCall(builder, callers, host, call, source));
      else addCall(builder, callers, host, call, source);
    }
    for (const [key, offset] of found.keys) {
      const source = sourceAt(file, offset, offset + key.length);
      // A Go binary's: in a package it shares, only through a field its own package uses (goShared.ts).
      for (const owner of (keyOwners ??= goKeyOwners(builder.index, known.dockerfiles, sideReader))(file, offset, all)) namesKey(owner.id, key, source);
    }
  }
  for (const add of fromCode) add();
  // Whether each component's code names the variables its deployment sets (a URL it is given but never opens: issue #95).
  const loose = codeNames(builder, read.map(({ file, owners }) => ({ file, owners, code: appConfigKind(file.uri) === 'code' })), known.dockerfiles, codeFiles <= MAX_CODE_FILES);
  declareCodeReads(builder, named, unreadSettings(read, bindings), loose);
}

/** What each component's code, read, says of a key (SystemBuilder.codeReads): what it names, never reads, names in no spelling; once per key. */
function declareCodeReads(builder: SystemBuilder, named: ReadonlyMap<string, ReadonlyMap<string, SystemSource>>, never: ReadonlyMap<string, (key: string) => boolean>, loose: ReadonlyMap<string, (key: string) => boolean>): void {
  for (const id of new Set([...named.keys(), ...never.keys(), ...loose.keys()])) {
    const keys = named.get(id);
    const neverRead = never.get(id);
    const names = loose.get(id);
    const answers = new Map<string, KeyRead>();
    builder.codeReads(id, (key) => {
      let said = answers.get(key);
      if (said === undefined) {
        const at = keys?.get(key);
        said = { ...(at ? { at } : {}), ...(keys ? { keyed: true as const } : {}), ...(neverRead?.(key) === true ? { never: true as const } : {}), ...(names?.(key) === false ? { unnamed: true as const } : {}) };
        answers.set(key, said);
      }
      return said;
    });
  }
}

/**
 * A gateway's routes by itself (issue #95: Zuul's `@EnableZuulProxy`, Spring Cloud Gateway's `discovery.locator.enabled`): with a
 * registry, `/<id>/**` to every application registered there under `id`, but those `zuul.ignoredServices` matches (`*` any run
 * of characters, as Spring's simple patterns) and those keeping out of it (`registerWithEureka: false`); none when the locator is
 * narrowed by an expression. The annotation (a call of code's certainty) or the setting (certain) is the evidence. An application
 * is in the registry when its configuration names one, and the gateway reaches it only when its own does too.
 */
function registryRoutes(read: readonly { file: IndexedFile; owners: SystemNode[]; reading: AppConfigReading }[]): { file: IndexedFile; owners: SystemNode[]; call: WrittenCall }[] {
  const facts = new Map<SystemNode, { names: Set<string>; discovers: boolean; unregistered: boolean; narrows: boolean; ignores: string[]; proxy?: { file: IndexedFile; at: NonNullable<AppConfigReading['proxiesRegistry']> } }>();
  for (const { file, owners, reading: found } of read) {
    for (const owner of owners) {
      const fact = facts.get(owner) ?? { names: new Set<string>(), discovers: false, unregistered: false, narrows: false, ignores: [] };
      facts.set(owner, fact);
      if (found.registers) fact.names.add(found.registers);
      fact.discovers ||= found.discovers === true;
      fact.unregistered ||= found.unregistered === true;
      fact.narrows ||= found.narrowsRegistry === true;
      fact.ignores.push(...(found.ignoresServices ?? []));
      if (found.proxiesRegistry) fact.proxy ??= { file, at: found.proxiesRegistry };
    }
  }
  const routes: { file: IndexedFile; owners: SystemNode[]; call: WrittenCall }[] = [];
  for (const [gateway, fact] of facts) {
    if (!fact.proxy || !fact.discovers || fact.narrows) continue;
    const { file, at } = fact.proxy;
    const text = file.text.slice(at.start, at.end);
    for (const [service, other] of facts) {
      if (service === gateway || !other.discovers || other.unregistered) continue;
      for (const name of other.names) {
        if (fact.ignores.some((pattern) => simpleMatch(pattern, name))) continue;
        routes.push({ file, owners: [gateway], call: { host: name, scheme: 'http', text, start: at.start, end: at.end, evidence: at.evidence } });
      }
    }
  }
  return routes;
}

/** Spring's `PatternMatchUtils.simpleMatch`: `*` any run of characters. Two cursors, no expression: a pattern of many stars costs at most its length times the name's. */
function simpleMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && pattern[p] === name[n]) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star !== -1) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function answer(builder: SystemBuilder, owners: readonly SystemNode[], registers: string, known: Components): void {
  known.names.add(registers);
  for (const owner of owners) for (const scope of scopesOf(owner)?.slice(0, 1) ?? []) builder.answers(owner.id, scope, [registers]);
}

/**
 * The files held as perhaps served, with their owners: a served file is its application's (the components whose own
 * configuration registers its name, else the components of that name), `application.yml` there every client's (every
 * component registering a name, but the servers); a file no server serves is read as any other when named as Spring's
 * (`src/main/resources/config/application.yml`), else not at all.
 */
function servedReadings(
  held: readonly { file: IndexedFile; kind: AppConfigKind }[], read: readonly { owners: SystemNode[]; reading: AppConfigReading }[],
  served: ServedFolders, servers: ReadonlySet<SystemNode>, known: Components, root: string,
): { file: IndexedFile; owners: SystemNode[]; reading: AppConfigReading; own: boolean }[] {
  const registered = new Map<string, SystemNode[]>();
  for (const { owners, reading: found } of read) {
    if (!found.registers) continue;
    const clients = owners.filter((owner) => !servers.has(owner));
    if (clients.length > 0) registered.set(found.registers, [...new Set([...(registered.get(found.registers) ?? []), ...clients])]);
  }
  const result: { file: IndexedFile; owners: SystemNode[]; reading: AppConfigReading; own: boolean }[] = [];
  for (const { file, kind } of held) {
    if (!isServedFolder(served, folderOf(file.uri))) {
      if (!/^(application|bootstrap)[\w.-]*\.(ya?ml|properties)$/i.test(lastSegment(file.uri))) continue;
      const { owners, folder } = ownersOf(file.uri, known, root);
      if (owners.length > 0 && !isTestFile(file.uri.slice(folder.length))) result.push({ file, owners, reading: reading(file, kind), own: true });
      continue;
    }
    const application = servedApplication(file.uri);
    const project = projectOf(file.uri, known, root);
    const inProject = (node: SystemNode) => project === undefined || (node.deployment !== undefined && holds(project, trimmedFolder(node.deployment.folder)));
    let owners: SystemNode[] = [];
    if ('every' in application) owners = [...new Set([...registered.values()].flat())];
    else {
      for (const name of application.names) {
        owners = registered.get(name) ?? (known.byName.get(name) ?? []).filter((node) => !servers.has(node));
        if (owners.length > 0) break;
      }
    }
    owners = owners.filter(inProject);
    if (owners.length > 0) result.push({ file, owners, reading: reading(file, kind), own: false });
  }
  return result;
}

function addCall(builder: SystemBuilder, owners: readonly SystemNode[], host: string, call: WrittenCall, source: ReturnType<typeof sourceAt>): void {
  // `lb://customers-service`: Spring Cloud's load-balanced HTTP to the service registered under that name.
  const scheme = call.scheme === 'lb' ? 'http' : call.scheme;
  for (const owner of owners) {
    if (owner.name.toLowerCase() === host) continue;
    const scopes = scopesOf(owner);
    if (!scopes) continue;
    builder.address({
      from: owner.id, host, ...(call.port !== undefined ? { port: call.port } : {}), ...(scheme ? { scheme } : {}), scopes, text: call.text, source,
      internal: isSingleLabel(host), report: false, ...(call.evidence === 'code' ? { certainty: 'code' as const } : {}), ...(call.setting !== undefined ? { key: call.setting } : {}),
    });
  }
}

/** The family's contribution, reading the files components mount through `reader` (the host's bounded, confined read). */
export function appConfigSystemWith(reader: MountReader | undefined): SystemContributor {
  return { contribute: () => undefined, refine: (builder) => contribute(builder, reader) };
}
