import { PerGeneration } from '../workspace/perGeneration';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { fsPathOf } from '../common/containment';
import { keptFact } from '../features/system/keptFacts';
import { mayHoldKey } from '../yaml/scalars';
import { parseDotEnv } from './interpolate';
import { isComposeFile } from './files';
import { rawValue, readComposeDocument, type ComposeDocument, type ComposeReader, type Json } from './model';

const documentKey = Symbol('compose-document');

/**
 * A file's Compose reading, built once per file version, reader and project directory. Given the
 * index, the project directory is the one the files including it give (see includerDirectory).
 */
export function composeDocumentOf(file: IndexedFile, reader: ComposeReader | undefined, index?: WorkspaceIndex): ComposeDocument {
  const own = documentIn(file, reader, undefined);
  const directory = index && own.file && own.folder ? (includerDirectory(file.uri, own.file, own.folder, index, reader) ?? joinedDirectory(file.uri, index)) : undefined;
  return directory ? documentIn(file, reader, directory) : own;
}

function documentIn(file: IndexedFile, reader: ComposeReader | undefined, directory: string | undefined): ComposeDocument {
  const byReader = file.model(documentKey, () => new Map<ComposeReader | undefined, Map<string, ComposeDocument>>());
  let byDirectory = byReader.get(reader);
  if (!byDirectory) byReader.set(reader, (byDirectory = new Map<string, ComposeDocument>()));
  let document = byDirectory.get(directory ?? '');
  if (!document) byDirectory.set(directory ?? '', (document = readComposeDocument(file, reader, parseDotEnv, directory)));
  return document;
}

/**
 * A file's value before interpolation: the `raw` of every reading of this version (whatever the reader or project
 * directory), taken from one made already, else read without a reading's walk (rawValue). The written images of
 * every Compose file (dockerfile/pins.ts) were a second reading of each, walked with no reader, whose kept walks then
 * made the system map's reading ask every project's `.env` (#68).
 */
export function composeRawOf(file: IndexedFile): { [key: string]: Json } | undefined {
  for (const byDirectory of file.model(documentKey, () => new Map<ComposeReader | undefined, Map<string, ComposeDocument>>()).values()) {
    for (const document of byDirectory.values()) return document.raw as { [key: string]: Json } | undefined;
  }
  return rawValue(file);
}

/** A file's written images, as kept (keptFact). */
interface WrittenImages {
  images: string[];
}
const isWrittenImages = (data: unknown): data is WrittenImages => typeof data === 'object' && data !== null && Array.isArray((data as WrittenImages).images) && (data as WrittenImages).images.every((image) => typeof image === 'string');

/**
 * The images a file's services name as written (its value before interpolation: a variable's value is not known here),
 * in the services' order: what the known pins read of every Compose file (dockerfile/pins.ts). Kept between runs for
 * the file's text (features/system/keptFacts.ts): a check of one Compose file reads the others' without parsing them.
 */
export function composeWrittenImages(file: IndexedFile): readonly string[] {
  return (
    keptFact(file, 'compose-images', isWrittenImages, (one) => {
      const byName = composeRawOf(one)?.services;
      const images: string[] = [];
      for (const service of isRecord(byName) ? Object.values(byName) : []) if (isRecord(service) && typeof service.image === 'string') images.push(service.image);
      return { images };
    })?.images ?? []
  );
}

/** The file's reading in its own folder, if this version has one already (nothing read here). */
function readAlready(file: IndexedFile, reader: ComposeReader | undefined): ComposeDocument | undefined {
  return file.model(documentKey, () => new Map<ComposeReader | undefined, Map<string, ComposeDocument>>()).get(reader)?.get('');
}

/**
 * The project directory an included file's relative paths (build contexts, Dockerfiles, env_file,
 * bind mounts) resolve against, as compose-go does: the include entry's `project_directory`, else
 * the folder of the entry's first file. Undefined when that is the file's own folder, when no file
 * includes it, or when the files including it disagree. The including files are read in their own
 * folder (one level: an include of an include gets the directory its own includer's file gives).
 */
function includerDirectory(fileUri: string, filePath: string, ownFolder: string, index: WorkspaceIndex, reader: ComposeReader | undefined): string | undefined {
  const directories = new Set<string>();
  for (const entry of includes(index, reader).get(filePath) ?? []) if (entry.uri !== fileUri) directories.add(entry.projectDirectory);
  const [only] = directories;
  return directories.size === 1 && only !== ownFolder ? only : undefined;
}

/**
 * Whether a Compose file of the index names this file in its `include` (its reading's project directory may then be
 * another file's: includerDirectory). Undefined paths (no file URI) are included nowhere.
 */
export function includedElsewhere(file: IndexedFile, reader: ComposeReader | undefined, index: WorkspaceIndex): boolean {
  const filePath = fsPathOf(file.uri);
  return filePath !== undefined && (includes(index, reader).get(filePath)?.length ?? 0) > 0;
}

/**
 * What one index generation's Compose files include: by included path, the including file and its
 * project directory. One pass over the files, not one per file asking (every file's reading asks:
 * quadratic in the Compose files).
 */
const includes = perGeneration<Map<string, { uri: string; projectDirectory: string }[]>>((index, reader) => {
  const byPath = new Map<string, { uri: string; projectDirectory: string }[]>();
  for (const uris of composeFilesByFolder(index).values()) {
    for (const uri of uris) {
      const file = index.get(uri);
      if (!file || file.skipped) continue;
      // A file read already (the one being checked, after an edit) is asked its value; a file that
      // cannot hold an `include` key includes nothing: not read here (the text searched on each edit, #68).
      const read = readAlready(file, reader);
      if (!read && !mayHoldKey(file.text, 'include')) continue;
      for (const entry of includeEntries(read ?? documentIn(file, reader, undefined))) {
        for (const included of entry.paths) {
          const list = byPath.get(included);
          if (list) list.push({ uri, projectDirectory: entry.projectDirectory });
          else byPath.set(included, [{ uri, projectDirectory: entry.projectDirectory }]);
        }
      }
    }
  }
  return byPath;
});

/** A cross-file result kept for one index generation and reader (both are compared on each call). */
function perGeneration<T>(build: (index: WorkspaceIndex, reader: ComposeReader | undefined) => T): (index: WorkspaceIndex, reader: ComposeReader | undefined) => T {
  const kept = new PerGeneration<WorkspaceIndex, T>();
  return (index, reader) => kept.get(index, index.generation, [reader], () => build(index, reader));
}

const folders = new PerGeneration<WorkspaceIndex, Map<string, string[]>>();

/**
 * The Compose files of the index by folder URI, rebuilt when a file changes (a file named otherwise is Compose by its
 * content: an edit may make it one or not; each version's answer is kept, model.ts isComposeFile).
 */
function composeFilesByFolder(index: WorkspaceIndex): Map<string, string[]> {
  return folders.get(index, index.generation, [], () => {
    const byFolder = new Map<string, string[]>();
    for (const file of index.files()) {
      if (!isComposeFile(file)) continue;
      const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
      const list = byFolder.get(folder) ?? [];
      list.push(file.uri);
      byFolder.set(folder, list);
    }
    return byFolder;
  });
}

/** A mapping of a Compose file's value (not a list, not a scalar). */
export function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document's `include` entries (compose-go: a string, or `path` as a string or a list), each with the project directory of what it includes. */
function includeEntries(document: ComposeDocument): { paths: string[]; projectDirectory: string }[] {
  const include = document.value?.include;
  if (!Array.isArray(include) || !document.folder) return [];
  const folder = document.folder;
  const local = (p: Json | undefined): p is string => typeof p === 'string' && !p.includes('$') && !/^[a-z]+:\/\//i.test(p);
  return include.flatMap((entry) => {
    const paths = (typeof entry === 'string' ? [entry] : isRecord(entry) ? [entry.path ?? []].flat() : []).filter(local).map((p) => path.resolve(folder, p));
    if (paths.length === 0) return [];
    const given = isRecord(entry) && local(entry.project_directory) ? path.resolve(folder, entry.project_directory) : undefined;
    return [{ paths, projectDirectory: given ?? path.dirname(paths[0]) }];
  });
}

/** The files a document `include`s. */
export function includedPaths(document: ComposeDocument): string[] {
  return includeEntries(document).flatMap((entry) => entry.paths);
}

/**
 * The Compose files that run together with a document: the Compose files of its folder (the main
 * file, its override, the `compose.<env>.yaml` variants given with `-f`), and what each includes,
 * transitively. Names defined in any of them are known; a conflict is looked for among the files
 * Compose always merges (see `mergedWith`).
 */
export function projectOf(file: IndexedFile, index: WorkspaceIndex, reader: ComposeReader | undefined): ComposeDocument[] {
  const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
  const seen = new Set<string>([file.uri]);
  const documents = [composeDocumentOf(file, reader, index)];
  // A folder of extension files run with the project of a folder above it (`-f docker-compose.yml -f extensions/x/x-compose.yml`) has its files.
  const joined = joinedFolders(index).get(folder);
  const queue = [...(composeFilesByFolder(index).get(folder) ?? []), ...(joined !== undefined ? (composeFilesByFolder(index).get(joined) ?? []) : [])];
  while (queue.length > 0 && documents.length < 64) {
    const uri = queue.shift()!;
    if (seen.has(uri)) continue;
    seen.add(uri);
    const other = index.get(uri);
    if (!other || other.skipped) continue;
    documents.push(composeDocumentOf(other, reader, index));
  }
  for (let i = 0; i < documents.length && documents.length < 64; i++) {
    for (const included of includedPaths(documents[i])) {
      const uri = pathToFileURL(included).href;
      if (seen.has(uri)) continue;
      seen.add(uri);
      const other = index.get(uri);
      if (other && !other.skipped) documents.push(composeDocumentOf(other, reader, index));
    }
  }
  return documents;
}

const joins = new PerGeneration<WorkspaceIndex, Map<string, string>>();

/**
 * The folders whose Compose files are extension files of a project above them, with that project's folder (URIs), as
 * docker-elk's `extensions/curator/curator-compose.yml`, run with `docker compose -f docker-compose.yml -f
 * extensions/curator/curator-compose.yml`, whose `depends_on: [elasticsearch]` names a service of the root file: the
 * names a folder's services refer to (`depends_on`, `links`, `network_mode: service:`, `volumes_from`) or set without an
 * image or build, that none of its files runs, all defined in a Compose file of exactly one enclosing folder. Two independent projects never join:
 * a project that names nothing it lacks, or that several files above could complete, stays its own. A folder whose build
 * contexts hold their Dockerfile only when read from one Compose folder above (docker-elk's fleet extension builds
 * `context: extensions/fleet/`, written for `-f` from the root) joins that folder too, unless it defines a service of that
 * folder's project again (a deployment of its own run from there, as appwrite's test stack).
 */
export function joinedFolders(index: WorkspaceIndex): Map<string, string> {
  return joins.get(index, index.generation, [], () => {
    const byFolder = composeFilesByFolder(index);
    const definedBy = new Map<string, Set<string>>();
    const missingBy = new Map<string, { missing: string[]; partial: string[] }>();
    for (const [folder, uris] of byFolder) {
      const defined = new Set<string>();
      const named = new Set<string>();
      const complete = new Set<string>();
      for (const uri of uris) {
        const file = index.get(uri);
        if (!file || file.skipped) continue;
        const names = serviceNames(file);
        definedBy.set(uri, names.defined);
        for (const name of names.defined) defined.add(name);
        for (const name of names.named) named.add(name);
        for (const name of names.complete) complete.add(name);
      }
      // `partial`: set with no image or build anywhere here (frappe's overrides/ giving `configurator` its DB_HOST).
      const [missing, partial] = [[...named].filter((name) => !defined.has(name)), [...defined].filter((name) => !complete.has(name))];
      if (missing.length + partial.length > 0) missingBy.set(folder, { missing, partial });
    }
    const joined = new Map<string, string>();
    for (const [folder, { missing, partial }] of missingBy) {
      // The names it lacks: one file above defines them all; the partial services: one folder above defines them.
      const holders = [...byFolder].filter(([above]) => folder.startsWith(`${above}/`)).flatMap(([above, uris]) =>
        partial.every((name) => uris.some((uri) => definedBy.get(uri)?.has(name))) ? uris.filter((uri) => missing.every((name) => definedBy.get(uri)?.has(name))).map(() => above) : []);
      if (holders.length === 1 || (missing.length === 0 && new Set(holders).size === 1)) joined.set(folder, holders[0]);
    }
    for (const [folder, uris] of byFolder) {
      if (joined.has(folder)) continue;
      const above = [...byFolder.keys()].filter((other) => folder.startsWith(`${other}/`));
      const homes = new Set(uris.flatMap((uri) => contextHomes(index, uri, folder, above)));
      const home = homes.size === 1 ? [...homes][0] : undefined;
      // A file the folder above includes (`include:`) is read with the project directory its entry gives, not joined.
      const included = home !== undefined && (byFolder.get(home) ?? []).some((uri) => includesPath(index.get(uri), folder.slice(home.length + 1)));
      // A deployment of its own that the folder above's project also runs (appwrite's tests/resources/docker: its own traefik
      // and appwrite, built from the root) stands beside that project; an extension adds services (docker-elk's apm-server).
      const homeServices = new Set((byFolder.get(home ?? '') ?? []).flatMap((uri) => [...(definedBy.get(uri) ?? [])]));
      const restates = uris.some((uri) => [...(definedBy.get(uri) ?? [])].some((name) => homeServices.has(name)));
      if (home !== undefined && !included && !restates) joined.set(folder, home);
    }
    return joined;
  });
}

/**
 * The folders above (`above`) from which a file's relative build contexts find their Dockerfile when its own folder does
 * not: one per build written for another project directory; none when every build resolves at home.
 */
function contextHomes(index: WorkspaceIndex, uri: string, folder: string, above: readonly string[]): string[] {
  const file = index.get(uri);
  if (!file || file.skipped || above.length === 0) return [];
  const services = composeRawOf(file)?.services;
  if (!isRecord(services)) return [];
  const homes: string[] = [];
  for (const service of Object.values(services).slice(0, 200)) {
    const written = isRecord(service) ? writtenBuild(service) : undefined;
    // A Dockerfile named by a variable (not known here) or an absolute context say nothing of where the file was written for.
    if (written === undefined || written.dockerfile.includes('$') || written.context.startsWith('/')) continue;
    const { context, dockerfile } = written;
    const at = (base: string) => {
      try {
        return new URL(`${context.endsWith('/') ? context : `${context}/`}${dockerfile}`, `${base}/`).href;
      } catch {
        return undefined;
      }
    };
    const home = at(folder);
    if (home === undefined || index.get(home)) continue;
    const found = above.filter((other) => {
      const there = at(other);
      return there !== undefined && index.get(there) !== undefined;
    });
    if (found.length === 1) homes.push(found[0]);
  }
  return homes;
}

/** Whether a Compose file's `include` entries name a path under `relative`. */
function includesPath(file: IndexedFile | undefined, relative: string): boolean {
  const include = file && !file.skipped ? composeRawOf(file)?.include : undefined;
  return include !== undefined && JSON.stringify(include).includes(relative);
}

const serviceNamesKey = Symbol('compose-service-names');

/**
 * The services a file defines, those they name, those it defines completely (with `image:` or `build:`) and the files its
 * `extends` name, once per file version (every edit of any file asks joinedFolders again).
 */
function serviceNames(file: IndexedFile): { defined: Set<string>; named: Set<string>; complete: Set<string>; extendsFiles: Set<string>; claims: Map<string, string[]> } {
  return file.model(serviceNamesKey, () => {
    const services = composeRawOf(file)?.services;
    const defined = new Set<string>();
    const named = new Set<string>();
    const complete = new Set<string>();
    const extendsFiles = new Set<string>();
    const claims = new Map<string, string[]>();
    if (isRecord(services)) {
      for (const [name, service] of Object.entries(services)) {
        defined.add(name);
        for (const other of referencedServices(service)) named.add(other);
        if (isRecord(service) && (service.image !== undefined || service.build !== undefined)) complete.add(name);
        const base = isRecord(service) ? service.extends : undefined;
        if (isRecord(base) && typeof base.file === 'string' && !base.file.includes('$')) extendsFiles.add(base.file.replace(/^\.\//, ''));
        if (isRecord(service)) claims.set(name, claimsOf(name, service));
      }
    }
    return { defined, named, complete, extendsFiles, claims };
  });
}

/**
 * The services an alternative file (alternativeFiles) defines as a file of its folder's project does, written alike
 * (quarkus-super-heroes' fights-db in native.yml and java25.yml): variants of that project's, drawn as its. A service
 * written otherwise (kafka-ui's kafbat-ui published on 8082 behind traefik, or behind a login form) is a deployment of its
 * own, its ways in its own. As written: the values before interpolation, nothing read beside them.
 */
export function variantServices(index: WorkspaceIndex, alternativeUri: string): ReadonlySet<string> {
  const file = index.get(alternativeUri);
  const own = file && !file.skipped ? composeRawOf(file)?.services : undefined;
  if (!isRecord(own)) return new Set<string>();
  const alternatives = alternativeFiles(index);
  const written = new Map<string, Set<string>>();
  for (const uri of composeFilesByFolder(index).get(alternativeUri.slice(0, alternativeUri.lastIndexOf('/'))) ?? []) {
    const other = index.get(uri);
    const services = other && !other.skipped && !alternatives.has(uri) ? composeRawOf(other)?.services : undefined;
    if (!isRecord(services)) continue;
    for (const [name, service] of Object.entries(services)) written.set(name, (written.get(name) ?? new Set<string>()).add(JSON.stringify(service)));
  }
  return new Set(Object.keys(own).filter((name) => written.get(name)?.has(JSON.stringify(own[name])) === true));
}

/**
 * What a service holds that no other service of one run may: its names on the project's network (its own, `container_name`,
 * `hostname`, its aliases) and the host ports it publishes (`port:8082`), as written (a variable's value is not known here).
 */
function claimsOf(name: string, service: { [key: string]: Json }): string[] {
  const claims = [name];
  for (const key of ['container_name', 'hostname']) if (typeof service[key] === 'string') claims.push(service[key]);
  if (isRecord(service.networks)) for (const network of Object.values(service.networks)) if (isRecord(network) && Array.isArray(network.aliases)) for (const alias of network.aliases) if (typeof alias === 'string') claims.push(alias);
  for (const entry of Array.isArray(service.ports) ? service.ports : []) {
    const host = typeof entry === 'string' ? entry.split('/')[0].split(':').slice(-2, -1)[0] : isRecord(entry) ? entry.published : undefined;
    if ((typeof host === 'string' && /^\d{1,5}$/.test(host)) || typeof host === 'number') claims.push(`port:${String(host)}`);
  }
  return claims.filter((claim) => !claim.includes('$')).map((claim) => claim.toLowerCase());
}

const roles = new PerGeneration<WorkspaceIndex, { alternatives: Set<string>; addOns: Set<string> }>();

/**
 * The Compose files (URIs) that are alternatives of their folder's project, each a project of its own (issue #95):
 * quarkus-super-heroes' `deploy/docker-compose/native.yml` beside `java25.yml`, each a complete deployment of the same
 * services, run one at a time with `-f`. A file is one when it is neither the main file nor its override (alwaysMerged),
 * defines every service completely (`image:` or `build:`), defines completely a service a file before it (Compose's
 * order: main file, override, then by name) already does — those merged so far, alternatives aside — and has a service
 * that cannot run with theirs (claimsOf: another one answers its name or publishes its port). A file of partial
 * services (an override by another name) or of services nobody else defines (an add-on, `monitoring.yml`) stays merged;
 * so does a file another one `extends` from.
 */
export function alternativeFiles(index: WorkspaceIndex): ReadonlySet<string> {
  return fileRoles(index).alternatives;
}

/**
 * The files of a folder holding alternatives (alternativeFiles) that are run with any of them: merged in the folder's
 * project, none of their services defined by another file of the folder (`-f native.yml -f monitoring.yml`).
 */
export function addOnFiles(index: WorkspaceIndex): ReadonlySet<string> {
  return fileRoles(index).addOns;
}

function fileRoles(index: WorkspaceIndex): { alternatives: Set<string>; addOns: Set<string> } {
  return roles.get(index, index.generation, [], () => {
    const alternatives = new Set<string>();
    const addOns = new Set<string>();
    const order = (uri: string) => (/\/(docker-)?compose\.ya?ml$/i.test(uri) ? 0 : alwaysMerged(uri) || /\.override\.ya?ml$/i.test(uri) ? 1 : 2);
    for (const uris of composeFilesByFolder(index).values()) {
      if (uris.length < 2) continue;
      const files = uris.map((uri) => index.get(uri)).filter((file): file is IndexedFile => file !== undefined && !file.skipped);
      const extendedFrom = new Set(files.flatMap((file) => [...serviceNames(file).extendsFiles]));
      const merged = new Set<string>();
      // By name or host port, the service of the files merged so far holding it.
      const held = new Map<string, string>();
      const found: IndexedFile[] = [];
      for (const file of files.sort((a, b) => order(a.uri) - order(b.uri) || a.uri.localeCompare(b.uri))) {
        const names = serviceNames(file);
        const fileName = decodeURIComponent(file.uri.slice(file.uri.lastIndexOf('/') + 1));
        // Another service of the merged files answering one of its names or publishing one of its ports: the two cannot run
        // together (native.yml's rest-fights-native and java25.yml's rest-fights-java25, both `rest-fights` and `8082`).
        const clashes = () => [...names.claims].some(([name, claims]) => claims.some((claim) => (held.get(claim) ?? name) !== name));
        const alternative = order(file.uri) === 2 && !extendedFrom.has(fileName) && names.defined.size > 0 && names.complete.size === names.defined.size && [...names.complete].some((name) => merged.has(name)) && clashes();
        if (alternative) found.push(file);
        else {
          for (const name of names.complete) merged.add(name);
          for (const [name, claims] of names.claims) for (const claim of claims) if (!held.has(claim)) held.set(claim, name);
        }
      }
      // No main file: the first file by name stays the folder's project, but no base the others override (stacksOfNoMainFolder).
      if (!files.some((file) => order(file.uri) < 2)) found.push(...stacksOfNoMainFolder(files, extendedFrom).filter((file) => file !== files[0] && !found.includes(file)));
      if (found.length === 0) continue;
      for (const file of found) alternatives.add(file.uri);
      for (const file of files) {
        if (order(file.uri) !== 2 || alternatives.has(file.uri)) continue;
        const own = serviceNames(file).defined;
        if (files.every((other) => other === file || ![...own].some((name) => serviceNames(other).defined.has(name)))) addOns.add(file.uri);
      }
    }
    return { alternatives, addOns };
  });
}

/** The most files of one folder compared two by two (stacksOfNoMainFolder). */
const MAX_STACK_FILES = 64;

/**
 * The files of a folder with no main file (kafbat/kafka-ui's documentation/compose: `ui-sasl.yaml`, `auth-context.yaml`,
 * `kafbat-ui.yaml`, ..., each running kafbat-ui with its own Kafka) that are whole stacks run one at a time with `-f`: a
 * file defining every service completely, naming no service it lacks, extending and including nothing, extended by no
 * other. Such files sharing a service name are one group; a group two of whose files cannot run together (a service of one
 * holds a name or a host port a service of the other, by another name, holds: `kafka` and `kafka0` both publishing 9092), or
 * one of whose files another redefines whole, is a set of alternatives, every file its own project (the folder's first
 * file keeps the folder's: quarkus-super-heroes' java25.yml beside native.yml). Feature files repeating a sidecar (skywalking-showcase's monitors,
 * each with its otel-collector) clash nowhere, or name a service of another file (`depends_on: [oap]`): they stay merged.
 */
function stacksOfNoMainFolder(files: readonly IndexedFile[], extendedFrom: ReadonlySet<string>): IndexedFile[] {
  const whole = files.filter((file) => {
    const names = serviceNames(file);
    const fileName = decodeURIComponent(file.uri.slice(file.uri.lastIndexOf('/') + 1));
    return names.defined.size > 0 && names.complete.size === names.defined.size && names.extendsFiles.size === 0 && !extendedFrom.has(fileName)
      && [...names.named].every((name) => names.defined.has(name)) && composeRawOf(file)?.include === undefined;
  });
  if (whole.length < 2 || whole.length > MAX_STACK_FILES) return [];
  // Groups of files sharing a service name (union-find over the files' indexes).
  const parent = whole.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  // By service name, the files defining it; by claim, the files holding it and the service that does in each.
  const definers = new Map<string, Set<number>>();
  const holders = new Map<string, { file: number; name: string }[]>();
  whole.forEach((file, i) => {
    const names = serviceNames(file);
    for (const name of names.defined) {
      const files = definers.get(name) ?? definers.set(name, new Set<number>()).get(name)!;
      if (files.size > 0) parent[root(i)] = root(files.values().next().value!);
      files.add(i);
    }
    for (const [name, claims] of names.claims) for (const claim of claims) (holders.get(claim) ?? holders.set(claim, []).get(claim)!).push({ file: i, name });
  });
  // A group clashes when a claim of its files is held by two services of different names in two different files: that is,
  // by two names, unless the one file holding it holds it under each.
  const clashing = new Set<number>();
  for (const held of holders.values()) {
    const byGroup = new Map<number, { names: Set<string>; files: Set<number> }>();
    for (const { file, name } of held) {
      const group = byGroup.get(root(file)) ?? byGroup.set(root(file), { names: new Set<string>(), files: new Set<number>() }).get(root(file))!;
      group.names.add(name);
      group.files.add(file);
    }
    for (const [group, { names, files: holding }] of byGroup) if (names.size > 1 && holding.size > 1) clashing.add(group);
  }
  // A file another one redefines whole (auth-context.yaml's kafbat-ui and kafka, ui-sasl.yaml's too) would add nothing run with it.
  whole.forEach((file, i) => {
    const names = [...serviceNames(file).defined];
    if ([...(definers.get(names[0]) ?? [])].some((j) => j !== i && names.every((name) => definers.get(name)?.has(j)))) clashing.add(root(i));
  });
  return whole.filter((_, i) => clashing.has(root(i)));
}

/** The services a service's value names as written: `depends_on` (list or mapping), `links`, `network_mode: service:x`, `volumes_from` (not `container:x`). */
function referencedServices(service: Json): string[] {
  if (!isRecord(service)) return [];
  const names: string[] = [];
  const dependsOn = service.depends_on;
  if (Array.isArray(dependsOn)) for (const name of dependsOn) if (typeof name === 'string') names.push(name);
  if (isRecord(dependsOn)) names.push(...Object.keys(dependsOn));
  if (Array.isArray(service.links)) for (const link of service.links) if (typeof link === 'string') names.push(link.split(':')[0].trim());
  if (typeof service.network_mode === 'string' && service.network_mode.startsWith('service:')) names.push(service.network_mode.slice('service:'.length));
  if (Array.isArray(service.volumes_from)) for (const from of service.volumes_from) if (typeof from === 'string' && !from.startsWith('container:')) names.push(from.split(':')[0]);
  return names.filter((name) => name !== '' && !name.includes('$'));
}

/**
 * Where a Compose file's services are on the map: its project's folder (a file of a joined folder is the project's it
 * joins, joinedFolders: its services' ids are `compose:<folder>:<name>`; an alternative file's, `compose:<file>:<name>`), and the URI its relative paths (mounts,
 * `env_file`) are read against — its own, or its name in that folder, as `-f` reads every file's paths from the first
 * file's folder.
 */
export function composeProjectOf(index: WorkspaceIndex, fileUri: string): { folder: string; base: string } {
  // An alternative file is a project of its own: its key is its URI (alternativeFiles).
  if (alternativeFiles(index).has(fileUri)) return { folder: fileUri, base: fileUri };
  const own = fileUri.slice(0, fileUri.lastIndexOf('/'));
  const joined = joinedFolders(index).get(own);
  return joined === undefined ? { folder: own, base: fileUri } : { folder: joined, base: `${joined}/${fileUri.slice(fileUri.lastIndexOf('/') + 1)}` };
}

/** The project directory of a file of a joined folder (joinedFolders): the folder of the project it joins, as `-f` takes the first file's. */
function joinedDirectory(fileUri: string, index: WorkspaceIndex): string | undefined {
  const joined = joinedFolders(index).get(fileUri.slice(0, fileUri.lastIndexOf('/')));
  const directory = joined === undefined ? undefined : fsPathOf(`${joined}/`);
  return directory === undefined ? undefined : path.resolve(directory);
}

/** Whether two files of one folder are merged by a plain `docker compose up`: the main file and its override, and what they include. */
export function alwaysMerged(uri: string): boolean {
  return /(^|\/)(docker-)?compose(\.override)?\.ya?ml$/i.test(uri);
}

export function servicesOf(document: ComposeDocument): { [name: string]: Json } {
  const services = document.value?.services;
  return isRecord(services) ? services : {};
}

/**
 * A service's local build as its value writes it: the context (relative to the project directory, or absolute) and the
 * Dockerfile (relative to the context); undefined without `build`, or for a remote context (a URL, `git@`) or one a variable
 * names. The Compose specification's long syntax without `context` builds `.`; version 1 wrote `dockerfile:` beside
 * `build: <context>` (version1.ts); an empty Dockerfile is the default one. One reading for the builds every Dockerfile's
 * check asks (composeBuilds), the folders an extension folder's builds were written for (contextHomes) and the map.
 */
export function writtenBuild(service: { [key: string]: Json }): { context: string; dockerfile: string } | undefined {
  const build = service.build;
  const context = typeof build === 'string' ? build : isRecord(build) ? (typeof build.context === 'string' ? build.context : '.') : undefined;
  if (context === undefined || context.includes('$') || /^[a-z]+:\/\/|^git@/i.test(context)) return undefined;
  const dockerfile = isRecord(build) ? build.dockerfile : typeof build === 'string' ? service.dockerfile : undefined;
  return { context, dockerfile: typeof dockerfile === 'string' && dockerfile !== '' ? dockerfile : 'Dockerfile' };
}

/** A service of a Compose file that builds an image from a Dockerfile: the context folder, the Dockerfile's path, the container ports it targets. */
export interface ComposeBuild {
  uri: string;
  service: string;
  context: string;
  dockerfile: string;
  targetPorts: number[];
  /** The image the build is tagged as (the service's `image`), if any. */
  image?: string;
}

function containerPorts(service: { [key: string]: Json }): number[] {
  const ports = Array.isArray(service.ports) ? service.ports : [];
  const out: number[] = [];
  for (const entry of ports) {
    if (typeof entry === 'number') out.push(entry);
    else if (typeof entry === 'string') {
      const spec = entry.split('/')[0];
      const target = spec.slice(spec.lastIndexOf(':') + 1);
      if (/^\d+$/.test(target)) out.push(Number(target));
    } else if (isRecord(entry) && (typeof entry.target === 'number' || (typeof entry.target === 'string' && /^\d+$/.test(entry.target)))) out.push(Number(entry.target));
  }
  return out;
}

/** Every Compose service of the index that builds from a local Dockerfile. */
export function composeBuilds(index: WorkspaceIndex, reader: ComposeReader | undefined): ComposeBuild[] {
  return builds(index, reader);
}

/** Every Dockerfile's check asks: read once per index generation (it was once per Dockerfile, over every Compose file). */
const builds = perGeneration((index, reader): ComposeBuild[] => {
  const builds: ComposeBuild[] = [];
  for (const uris of composeFilesByFolder(index).values()) {
    for (const uri of uris) {
      const file = index.get(uri);
      if (!file || file.skipped) continue;
      const document = composeDocumentOf(file, reader, index);
      if (!document.folder) continue;
      for (const [name, service] of Object.entries(servicesOf(document))) {
        const written = isRecord(service) ? writtenBuild(service) : undefined;
        if (!isRecord(service) || written === undefined) continue;
        const contextPath = path.resolve(document.folder, written.context);
        const image = typeof service.image === 'string' && !service.image.includes('$') ? service.image : undefined;
        builds.push({ uri, service: name, context: contextPath, dockerfile: path.resolve(contextPath, written.dockerfile), targetPorts: containerPorts(service), ...(image ? { image } : {}) });
      }
    }
  }
  return builds;
});
