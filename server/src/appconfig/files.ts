/**
 * Which files the application-configuration family reads (issue #79), in one place: the selector the scan,
 * the server and the client match with, and what each selected file is to the readers. Proxies' and
 * frameworks' configuration (nginx, HAProxy, Envoy, Traefik, Spring) by name; source files by extension
 * when their first bytes hold what a call is written with (a URL, an environment read, a host name).
 */
import type { FileSelector } from '../common/fileSelector';

/** What a selected file is: how its calls are written. */
export type AppConfigKind = 'nginx' | 'haproxy' | 'envoy' | 'traefik' | 'spring-properties' | 'spring-yaml' | 'node-config' | 'appsettings' | 'ocelot' | 'code';

/** The source files read for addresses (each a literal naming a component of the map): the languages services are written in. */
export const codeExtensions = ['.js', '.mjs', '.cjs', '.ts', '.py', '.go', '.java', '.kt', '.rb', '.php', '.cs', '.rs', '.scala'];

export const appConfigFiles: FileSelector = {
  names: ['nginx.conf', 'haproxy.cfg', 'envoy.yaml', 'envoy.yml', 'traefik.yml', 'traefik.yaml'],
  globs: [
    '*.conf.template', 'nginx/**/*.conf', 'conf.d/*.conf', 'sites-enabled/*.conf', 'haproxy*.cfg', 'envoy*.{yml,yaml}', '*.envoy.{yml,yaml}',
    'traefik/**/*.{yml,yaml}', 'application*.{yml,yaml,properties}', 'bootstrap*.{yml,yaml,properties}',
    // node-config's files (`config/default.json`, `config/production.json`).
    'config/{default,production,development,staging,local,custom-environment-variables}*.json',
    // .NET's `appsettings.json` and `appsettings.{Environment}.json`.
    'appsettings*.json',
    // Ocelot's routes (`ocelot.json`, `ocelot.Docker.json`): an ASP.NET Core gateway's (registryNames.ts).
    'ocelot*.json',
    // What a Spring Cloud Config server serves (`<application>[-<profile>].yml`): a `config-repo`, or a folder of its resources its
    // `native` search locations name (`classpath:/shared`); read only when a server serves the folder (servedFolder in system.ts).
    'config-repo/**/*.{yml,yaml,properties}', 'src/main/resources/*/*.{yml,yaml,properties}',
  ],
  sniff: {
    candidates: { extensions: codeExtensions },
    // The most a sniff reads: a service's main file sets up its clients after its imports and helpers.
    bytes: 16_384,
    // A URL, an environment variable read, a host given as a literal, a Feign client: a file without any in its first bytes is not read
    // (nor indexed: on Archipel's own repository, 263 of its 1,444 source files, 2.7 MB, where any `host` or `addr` took 601).
    // Zuul's `@EnableZuulProxy`: a gateway routing to every service of its registry (AppConfigReading.proxiesRegistry).
    // A request given a token (the words of threats/buildTokens.ts's SENDS_TOKEN): a service's client class often holds no
    // address (yas's `CustomerService` takes its URL from a configuration bean) yet says its calls carry the user's token.
    // A YARP reverse proxy's setup (`AddReverseProxy(`, `MapReverseProxy(`): threats/aspnetGateway.ts reads whether it asks a login.
    // An ASP.NET Core JWT bearer scheme and endpoints asking a user (`AddKeycloakJwtBearer(`, `.RequireAuthorization(`): threats/serverTokens.ts.
    // A call on a Redis client (`this._redisClient.publish(`): threats/pubSubOnly.ts reads whether its callers keep data in it.
    // Micronaut's `@Client(id = "pricing-service")`: a declarative client by service id.
    // Moleculer's `ctx.call("users.get")` and its services (`require("moleculer")`): calls by service name (moleculer.ts).
    // Rust's `env::var`, Ruby's `ENV[…]`, .NET's `Configuration["SeqServerUrl"]`: a variable read, which the map asks of a program's code (issue #95).
    // PHP's environment reads besides getenv (Laravel's `env('DB_HOST', 'mysql')` in config/*.php, `Env::get`, `$_ENV['…']`): a default there is a call.
    // Spring's settings bound into a type (issue #95, springSettings.ts): the type's declaration, and the files holding one by a
    // field, a parameter or a Kotlin property (`ServiceUrlConfig serviceUrlConfig;`, `val urls: ServiceUrlConfig`), where its accessors are called.
    // Go's command-line flags with their defaults (`flag.String("geoaddr", "geo:8080", …)`, pflag's, kingpin's `.Default(…)`): the
    // program's addresses when its deployment passes none (harlow/go-micro-services' one binary run as five services).
    claims: (head) => /:\/\/[a-z]|getenv|\b(?:flag|pflag|kingpin)\.(?:String|StringVar|StringP|StringVarP|Flag)\(|environ|process\.env|@Value\(|@FeignClient|@Client\(|@EnableZuulProxy|\b(?:ctx|broker)\.call\(|["']moleculer["']|CreateInvoke|InvokeMethod|v1\.0\/invoke|dapr-app-id|hostname\(|\bhost\s{0,4}[:=]\s{0,4}["'`]|tcp\(/i.test(head) || /\benv\(\s{0,4}['"][A-Z_]|\bEnv::get\(|\$_ENV\[/.test(head) || /env::var|\bENV\[|\bENV\.fetch|`(?:envconfig|env):"[A-Z]|Configuration\s{0,4}\[|\.GetValue<|GetConnectionString\(/.test(head) || /setBearerAuth|SetBearerToken|AUTHORIZATION|["']Authorization["']|["']Cookie["']|["']Bearer["']|ExchangeFilterFunction|TokenRelay|(?:Add|Map)ReverseProxy\(|JwtBearer\(|AddMicrosoftIdentityWebApi\(|\.RequireAuthorization\(|\[Authorize\b/.test(head) || /redis\w{0,40}\.\w{1,30}\(/i.test(head) || /ConfigurationProperties\b|\bgetProperty\(|\b[A-Z]\w{0,60}(?:Config|Configuration|Properties|Props|Settings)\s{1,4}[a-z]\w{0,60}\s{0,4}[;,)=]|\b(?:val|var)\s{1,4}\w{1,60}\s{0,4}:\s{0,4}[A-Z]\w{0,60}(?:Config|Configuration|Properties|Props|Settings)\b/.test(head),
  },
};

/** What a file of the family is, from its path (the selector chose it). */
export function appConfigKind(uri: string): AppConfigKind | undefined {
  const lower = uri.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (/^(application|bootstrap)[\w.-]*\.properties$/.test(base)) return 'spring-properties';
  if (/^(application|bootstrap)[\w.-]*\.ya?ml$/.test(base)) return 'spring-yaml';
  if (mayBeServed(lower)) return base.endsWith('.properties') ? 'spring-properties' : 'spring-yaml';
  if (/^haproxy[\w.-]*\.cfg$/.test(base)) return 'haproxy';
  if (/^appsettings[\w.-]*\.json$/.test(base)) return 'appsettings';
  if (/^ocelot[\w.-]*\.json$/.test(base)) return 'ocelot';
  if (lower.includes('/config/') && base.endsWith('.json')) return 'node-config';
  if (/envoy[\w.-]*\.ya?ml$/.test(base)) return 'envoy';
  if (base.startsWith('traefik') || lower.includes('/traefik/')) return base.endsWith('.yml') || base.endsWith('.yaml') ? 'traefik' : undefined;
  if (base === 'nginx.conf' || base.endsWith('.conf.template') || base.endsWith('.conf')) return 'nginx';
  if (codeExtensions.some((extension) => base.endsWith(extension))) return 'code';
  return undefined;
}

/** A test's file (its literals are fixtures, not calls): under a test folder or named as a test (`path` below the component's folder). */
export function isTestFile(path: string): boolean {
  const lower = path.toLowerCase();
  // Maven's and Gradle's integration-test source sets (`src/it/`, `src/integrationTest/`) too.
  return /\/(tests?|__tests__|spec|e2e|testdata|fixtures|mocks?)\/|\/src\/(it|integrationtest|inttest)\//.test(lower) || /[._-](test|spec)\.[a-z]+$|_test\.go$|tests?\.[a-z]+$/.test(lower);
}

/**
 * Whether a file may be one a Spring Cloud Config server serves (`config-repo/account-service.yml`,
 * `config/src/main/resources/shared/account-service-docker.yml`): its folder decides, once the servers are known.
 */
export function mayBeServed(uri: string): boolean {
  const lower = uri.toLowerCase();
  return /\.(ya?ml|properties)$/.test(lower) && (lower.includes('/config-repo/') || /\/src\/main\/resources\/[^/]+\/[^/]+$/.test(lower));
}

/** A file's folder: its URI up to its last `/` (the one reading every app-config module uses). */
export const folderOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/'));
