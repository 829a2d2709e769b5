/**
 * The variables a component's deployment sets (issue #95): a Compose service's `environment` (a value given, or one
 * passed through that the project's `.env` sets; not one only the shell may set) and its `env_file`s. A code default (`process.env.API_HOST || 'http://backend:4000'`,
 * WrittenCall.fallbackOf) is no address of a component whose deployment sets the variable (storedog's frontend).
 * The env_files go through the one bounded, confined side-file read (`reader`). Pure.
 */
import { fileURLToPath } from 'node:url';
import { composeDocumentOf, composeProjectOf, isComposeFile, parseDotEnv, servicesOf, sideUri } from '../compose/api';
import type { SystemBuilder, SystemNode } from '../features/system/contributor';
import type { IndexedFile } from '../workspace/index';
import type { MountReader } from './mounted';

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The env_file paths of a service (a string, a list of strings or of `{path}`). */
function envFilePaths(service: Record<string, unknown>): string[] {
  const value = service.env_file;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((entry) => (typeof entry === 'string' ? [entry] : isRecord(entry) && typeof entry.path === 'string' ? [entry.path] : []));
}

/** The variables each Compose component's deployment sets, by the component's id. */
export function deployedVariables(builder: SystemBuilder, reader: MountReader | undefined): Map<string, Set<string>> {
  const byNode = new Map<string, Set<string>>();
  // A variable passed through (`- X`, `X:`) takes the value the project's `.env` gives it when the shell has none (Compose v2;
  // docker/docs#20771): set there, it replaces the default (appwrite's `_APP_DB_HOST`). An empty value leaves `||` and `?:` to the default.
  const dotenvs = new Map<string, Set<string>>();
  const projectDotenv = (base: string): Set<string> => {
    const uri = sideUri('./.env', base) ?? '';
    let names = dotenvs.get(uri);
    if (names) return names;
    const read = uri !== '' ? reader?.read(fileURLToPath(uri)) : undefined;
    names = new Set(read && 'text' in read ? [...parseDotEnv(read.text)].filter(([, value]) => value !== '').map(([key]) => key) : []);
    dotenvs.set(uri, names);
    return names;
  };
  for (const file of builder.index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const { folder, base } = composeProjectOf(builder.index, file.uri);
    for (const [name, service] of Object.entries(servicesOf(composeDocumentOf(file, undefined, builder.index)))) {
      const id = `compose:${folder}:${name}`;
      if (!isRecord(service) || !builder.get(id)) continue;
      const names = byNode.get(id) ?? new Set<string>();
      byNode.set(id, names);
      // A value given, or passed through and set by the project's .env.
      const add = (key: string, given: boolean) => {
        if (given || projectDotenv(base).has(key)) names.add(key);
      };
      const environment = service.environment;
      if (Array.isArray(environment)) for (const entry of environment) if (typeof entry === 'string') add(entry.includes('=') ? entry.slice(0, entry.indexOf('=')).trim() : entry.trim(), entry.includes('='));
      if (isRecord(environment)) for (const [key, value] of Object.entries(environment)) add(key, value !== null && value !== undefined);
      for (const path of envFilePaths(service)) {
        const uri = sideUri(path.startsWith('.') ? path : `./${path}`, base);
        const read = uri && reader?.read(fileURLToPath(uri));
        if (read && 'text' in read) for (const key of parseDotEnv(read.text).keys()) names.add(key);
      }
    }
  }
  return byNode;
}

/**
 * Variables a framework or a client library reads by convention, which the program's own code need not name (kept certain):
 * Spring Boot's and Quarkus's relaxed names (`SPRING_DATASOURCE_URL`), .NET's `__` keys (`ConnectionStrings__Db`), libpq's
 * `PGHOST`, dj-database-url's and Rails's `DATABASE_URL`, Celery's `CELERY_BROKER_URL`, Meteor's `MONGO_URL`, OpenFeature's flagd
 * providers' `FLAGD_HOST` (opentelemetry-demo's shipping), the proxies, agents' and SDKs'.
 */
const conventionalPrefix = /^(?:SPRING|QUARKUS|MICRONAUT|MP|EUREKA|MANAGEMENT|SERVER|LOGGING|JAVA|ASPNETCORE|DOTNET|DJANGO|RAILS|CELERY|OTEL|DD|NEW_RELIC|ELASTIC_APM|JAEGER|ZIPKIN|SENTRY|AWS|AZURE|GOOGLE|CONSUL|VAULT|DAPR|FLAGD|NODE|PYTHON)_/i;
const conventionalName = /^(?:PG[A-Z]+|DATABASE_URL|REDIS_URL|BROKER_URL|MONGO_URL|MONGO_OPLOG_URL|ROOT_URL|(?:HTTPS?|NO|ALL)_PROXY)$/i;
// A key that is no environment variable's name (a setting's `eureka.client.serviceUrl.defaultZone`) is said nothing of.
const conventional = (key: string) => !/^[A-Za-z_]\w{0,127}$/.test(key) || key.includes('__') || conventionalPrefix.test(key) || conventionalName.test(key);

/** A name as code may spell it: lower case, without `_`, `-` or `.` (`RABBIT_URL`, `rabbitUrl`, `rabbit.url`, `rabbit-url` alike). */
const fold = (text: string) => text.toLowerCase().replace(/[-_.]/g, '');

const foldedKey = Symbol('appconfig.foldedText');

/**
 * For each component whose build's code was read (a source file of its own, and a Dockerfile building it), whether its code, its
 * configuration or its Dockerfiles name a variable (issue #95, KeyRead.unnamed): a variable its deployment sets that
 * none of them names is an address it may not use (bootstrapping-microservices' gateway given `RABBIT`, reading no such
 * variable). Named loosely (any spelling, anywhere in the text), and by convention for frameworks (`conventional`).
 * `complete`: every source file was read (none past the bound), else nothing is said.
 */
export function codeNames(builder: SystemBuilder, read: readonly { file: IndexedFile; owners: readonly SystemNode[]; code: boolean }[], dockerfiles: ReadonlyMap<SystemNode, ReadonlySet<string>>, complete: boolean): Map<string, (key: string) => boolean> {
  const byOwner = new Map<string, (key: string) => boolean>();
  if (!complete) return byOwner;
  const files = new Map<SystemNode, IndexedFile[]>();
  const withCode = new Set<SystemNode>();
  for (const { file, owners, code } of read) {
    for (const owner of owners) {
      const own = files.get(owner);
      if (own) own.push(file);
      else files.set(owner, [file]);
      if (code) withCode.add(owner);
    }
  }
  for (const owner of withCode) {
    // Its Dockerfiles' texts too when the index holds them (a `CMD` may use the variable).
    const built = [...(dockerfiles.get(owner) ?? [])].flatMap((uri) => builder.index.get(uri) ?? []);
    const texts = [...(files.get(owner) ?? []), ...built].map((file) => file.model(foldedKey, () => fold(file.text)));
    byOwner.set(owner.id, (key) => {
      const folded = fold(key);
      return conventional(key) || folded === '' || texts.some((text) => text.includes(folded));
    });
  }
  return byOwner;
}
