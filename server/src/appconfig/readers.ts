/**
 * The calls a file of application configuration or code writes (issue #79), as offsets in its text: nginx's
 * `proxy_pass` and `upstream` servers, HAProxy's `server` lines, Envoy's socket addresses, Traefik's service
 * URLs, Spring's URLs, `*.host` keys and `lb://` routes, Zuul's routes, Feign's and Micronaut's clients by service id, this
 * machine's `localhost:<port>` (a peer under host networking only), and the literals of source files. Pure: a text in,
 * what it writes out; whom it calls is the contributor's to decide, once the map's components are known.
 * Every expression runs on one line at a time and has no nested or adjacent overlapping quantifiers.
 */
import type { WrittenCall } from './writtenCall';
import { addressesIn, isLoopbackAddress, isRemoteHost, loopbackAddressesIn } from '../features/system/addresses';
import { LOOPBACK_HOST } from '../features/system/hostNetwork';
import { isBrowserDestination } from '../features/system/browserUrls';
import { nginxSets, type NginxSets } from '../features/system/nginxSets';
import type { SourceNode } from '../yaml/sourceNode';
import { readProfileDocument } from './springSettings';
import type { AppConfigKind } from './files';
import { daprInvocations } from './dapr';
import { ocelotCalls, registeredServiceName } from './registryNames';
import { quotedKey, urlInMessage } from './codeText';

export interface AppConfigReading {
  calls: WrittenCall[];
  /** The upper-case words the file names (`TRANSACTIONS_API_ADDR`), with the offset of their first occurrence: the environment keys it may read. */
  keys: Map<string, number>;
  /** Spring's `spring.application.name`, Micronaut's `micronaut.application.name`: the service id it registers under (Eureka, Consul), that `lb://id`, Feign and Micronaut clients name. */
  registers?: string;
  /** Micronaut's `micronaut.http.services.<id>.url(s)`: the service ids whose address the configuration gives (a client of that id calls it, not the registry's). */
  configuresServices?: string[];
  /** Spring's `server.port`, Micronaut's `micronaut.server.port` (`${SERVICE_PORT:8081}`: `defaulted` SERVICE_PORT): the port the program listens on. */
  listens?: { port: number; defaulted: string[] };
  /** A Spring Cloud Config server's `native` search locations (`classpath:/shared`, `file:./config-repo`): the folders whose files it serves to its clients. */
  serves?: string[];
  /**
   * Zuul's `@EnableZuulProxy` in code, Spring Cloud Gateway's `discovery.locator.enabled: true`: the gateway then routes
   * `/<id>/**` to every service registered in its discovery (Eureka, Consul) but those `zuul.ignoredServices` names; where it is written.
   */
  proxiesRegistry?: { start: number; end: number; evidence: 'config' | 'code' };
  /** Spring Cloud Gateway's locator narrowed by an expression (`include-expression`) the map cannot evaluate: no route by itself then. */
  narrowsRegistry?: boolean;
  /** `zuul.ignoredServices` (`'*'`, `customer`, `legacy-*`): the registered services Zuul makes no route to by itself. */
  ignoresServices?: string[];
  /** `eureka.client.registerWithEureka: false`: the application keeps out of the registry (a gateway makes no route to it). */
  unregistered?: boolean;
  /** `eureka.client.serviceUrl.defaultZone`, `spring.cloud.consul.host`, Nacos's `server-addr`: the application meets a registry (else Eureka's client looks on localhost). */
  discovers?: boolean;
}

/** What a file is read up to: a configuration or source file larger than this is generated or vendored, not a service's own. */
export const MAX_READ_BYTES = 256 * 1024;

/** A line longer than this is minified or data: not read. */
const MAX_LINE = 2000;

export function readAppConfig(kind: AppConfigKind, text: string, yamlTrees?: readonly { offset: number; tree: SourceNode | null }[]): AppConfigReading {
  const reading: AppConfigReading = { calls: [], keys: new Map() };
  if (text.length > MAX_READ_BYTES) return reading;
  collectKeys(text, reading.keys);
  if (kind === 'spring-yaml' || kind === 'envoy' || kind === 'traefik') {
    // A Spring profile document's calls are its profiles' (springSettings.ts); a list named traefik.yml is Prometheus's file_sd targets (#95).
    for (const { offset, tree } of yamlTrees ?? []) if (tree && (kind !== 'traefik' || tree.kind === 'map')) readProfileDocument(reading.calls, () => readYaml(kind, text, offset, tree, reading), kind === 'spring-yaml' ? { text, offset, tree } : undefined);
    if (kind === 'spring-yaml') {
      routesByName(reading);
      loopbackHostsWithPorts(reading);
    }
    return reading;
  }
  // Calls and registrations by a registry's name (registryNames.ts): Ocelot's routes, Steeltoe's `spring:application:name`.
  if (kind === 'ocelot') return { ...reading, calls: ocelotCalls(text) };
  const registers = kind === 'appsettings' ? registeredServiceName(text) : undefined;
  if (registers) reading.registers = registers;
  const code = kind === 'code';
  let commentBlock = false;
  const sets = kind === 'nginx' ? nginxSets(text) : undefined;
  const list: HostList = { open: false, lines: 0 };
  forEachLine(text, (line, at) => {
    if (line.length > MAX_LINE) return;
    const trimmed = line.trimStart();
    if (code) {
      // Comments (`//`, `#`, `/* … */` blocks, Javadoc's ` * `) hold examples, not calls.
      if (commentBlock) {
        if (line.includes('*/')) commentBlock = false;
        return;
      }
      if (trimmed.startsWith('/*')) {
        commentBlock = !line.includes('*/');
        return;
      }
      if (trimmed.startsWith('//') || trimmed.startsWith('#') || trimmed.startsWith('*')) return;
      const proxy = /^@EnableZuulProxy\b/.exec(trimmed);
      if (proxy) reading.proxiesRegistry ??= { start: at + line.length - trimmed.length, end: at + line.length - trimmed.length + proxy[0].length, evidence: 'code' };
      else readCodeLine(line, at, reading.calls);
      return;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith(';') || trimmed.startsWith('!')) return;
    // A `.conf` under `conf.d/` or `sites-enabled/` is nginx's or Apache httpd's: each reader takes only its own directives.
    if (kind === 'nginx') {
      readNginxLine(line, at, reading.calls, sets);
      readHttpdLine(line, at, reading.calls);
    }
    else if (kind === 'haproxy') readHaproxyLine(line, at, reading.calls);
    else if (kind === 'spring-properties') readPropertiesLine(line, at, reading);
    else if (kind === 'node-config') {
      readHostListLine(line, at, reading.calls, list, true);
      readJsonLine(line, at, reading.calls, hostKey);
    }
    else if (kind === 'appsettings') {
      // Development defaults as often as not (`http://localhost:5105`, a cloud's sign-in URL): a call only to a component of the map.
      const before = reading.calls.length;
      readHostListLine(line, at, reading.calls, list, false);
      readJsonLine(line, at, reading.calls, dotnetHostKey, false);
      for (const call of reading.calls.slice(before)) call.onlyKnown = true;
    }
  });
  // Dapr's service invocation by app id (dapr.ts), its arguments often on the lines after the call's name.
  if (code) reading.calls.push(...daprInvocations(text, 0));
  if (kind === 'nginx') dropUpstreamNames(text, reading.calls);
  if (kind === 'spring-properties') {
    routesByName(reading);
    loopbackHostsWithPorts(reading);
  }
  return reading;
}

function forEachLine(text: string, visit: (line: string, offset: number) => void): void {
  let at = 0;
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    visit(text.slice(at, end).replace(/\r$/, ''), at);
    at = end + 1;
  }
}

const upperWord = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/g;

function collectKeys(text: string, keys: Map<string, number>): void {
  for (const match of text.matchAll(upperWord)) if (match[0].length <= 64 && !keys.has(match[0])) keys.set(match[0], match.index);
}

/** `${NAME}` or `${NAME:default}` (Spring's placeholder): the default when given, else the variable. */
const placeholder = /\$\{([A-Za-z_][\w.-]{0,63})(?::([^}]{0,200}))?\}/g;

/** A value with its placeholders resolved to their defaults (`defaulted`: their names); those without one are left, their names in `variables`. */
function withDefaults(value: string): { value: string; variables: string[]; defaulted: string[] } {
  const variables: string[] = [];
  const defaulted: string[] = [];
  const resolved = value.replace(placeholder, (whole, name: string, fallback: string | undefined) => {
    if (fallback === undefined) {
      variables.push(name);
      return whole;
    }
    defaulted.push(name);
    return fallback;
  });
  return { value: resolved, variables, defaulted };
}

/** The addresses of a configuration value at `offset`: URLs and `host:port` pairs, placeholders with defaults resolved, `http://${HOST}:port` as a variable. */
function addressesOfValue(value: string, offset: number, calls: WrittenCall[], placeholders = true): void {
  const { value: resolved, variables, defaulted } = placeholders ? withDefaults(value) : { value, variables: [], defaulted: [] };
  if (variables.length === 0) {
    // The offsets of the resolved value match the written one only before the first placeholder: the value's span then.
    const exact = resolved === value;
    for (const found of addressesIn(resolved)) {
      calls.push({ host: found.host, ...(found.port !== undefined ? { port: found.port } : {}), ...(found.scheme ? { scheme: found.scheme } : {}), text: found.text, start: exact ? offset + found.start : offset, end: exact ? offset + found.end : offset + value.length, evidence: 'config' });
    }
    // This machine's port: a call for a program on its host's network only (the contributor decides).
    for (const found of resolved.includes(':') ? loopbackAddressesIn(resolved) : []) {
      if (found.port === undefined) continue;
      calls.push({ host: LOOPBACK_HOST, port: found.port, ...(found.scheme ? { scheme: found.scheme } : {}), text: exact ? found.text : value, start: exact ? offset + found.start : offset, end: exact ? offset + found.end : offset + value.length, evidence: 'config', loopback: { defaulted } });
    }
    return;
  }
  // `http://${CATALOGUE_HOST}:8080/`: the variable stands for the host.
  for (const match of value.matchAll(/(?:([a-z][a-z0-9+.-]{1,31}):\/\/)?\$\{([A-Za-z_]\w{0,63})\}(?::(\d{1,5}))?/g)) {
    calls.push({ variable: match[2], ...(match[3] !== undefined ? { port: Number(match[3]) } : {}), ...(match[1] ? { scheme: match[1].toLowerCase() } : {}), text: match[0], start: offset + match.index, end: offset + match.index + match[0].length, evidence: 'config' });
  }
}

const nginxPass = /\b(?:proxy_pass|grpc_pass|uwsgi_pass|fastcgi_pass|scgi_pass)\s+([^;\s]+)/;
const nginxServer = /^\s*server\s+([^;\s]+)/;

/** `sets`: the file's `set $name value;` (`proxy_pass http://$docker_search_host;` calls what was set). */
function readNginxLine(line: string, at: number, calls: WrittenCall[], sets?: NginxSets): void {
  const pass = nginxPass.exec(line) ?? nginxServer.exec(line);
  if (!pass) return;
  // A quoted value (lemmy's `server "lemmy:8536";`): its text inside the quotes.
  const quoted = /^(["'])(.+)\1$/.exec(pass[1]);
  const written = quoted ? quoted[2] : pass[1];
  const start = at + pass.index + pass[0].length - written.length - (quoted ? 1 : 0);
  const value = sets ? sets(written, start) : written;
  // An nginx variable (`$upstream`) says nothing; a template's `${HOST}` is the environment's.
  if (value.startsWith('$') && !value.startsWith('${')) return;
  const before = calls.length;
  addressesOfValue(value, start, calls);
  // `server api;` or `proxy_pass http://api;` without a port: a host alone.
  if (calls.length === before) {
    const host = /^(?:[a-z]+:\/\/)?([A-Za-z0-9][\w.-]*)\/?$/.exec(value)?.[1];
    if (host && isRemoteHost(host)) calls.push({ host: host.toLowerCase(), ...(value.includes('://') ? { scheme: value.slice(0, value.indexOf(':')).toLowerCase() } : {}), text: value, start, end: start + value.length, evidence: 'config' });
  }
  // Through a variable: the value as written, where it is written.
  if (value !== written) for (const call of calls.slice(before)) Object.assign(call, { text: written, start, end: start + written.length });
}

/**
 * Apache httpd's reverse proxy: `ProxyPass "/api" "http://api:8080/"`, `ProxyPassMatch "^/(.*)$" "http://app:80/$1"`,
 * a balancer's `BalancerMember http://app1:8080` (its `balancer://name` is no host). `ProxyPassReverse` rewrites the
 * answers of the same address: not a call of its own.
 */
const httpdProxy = /^\s*(?:ProxyPass|ProxyPassMatch|BalancerMember)\s/i;
const httpdUrl = /["']?([a-z][a-z0-9+.-]{1,31}:\/\/[^\s"']{1,1000})/;

function readHttpdLine(line: string, at: number, calls: WrittenCall[]): void {
  if (!httpdProxy.test(line)) return;
  const url = httpdUrl.exec(line);
  if (!url || /^balancer:/i.test(url[1])) return;
  const start = at + url.index + url[0].length - url[1].length;
  const before = calls.length;
  addressesOfValue(url[1], start, calls);
  if (calls.length > before) return;
  // `http://api/` without a port: the host alone.
  const host = /^([a-z]+):\/\/([a-z0-9][\w.-]*)(?:\/|$)/i.exec(url[1]);
  if (host && isRemoteHost(host[2])) calls.push({ host: host[2].toLowerCase(), scheme: host[1].toLowerCase(), text: url[1], start, end: start + url[1].length, evidence: 'config' });
}

/** `proxy_pass http://backend;` names an `upstream backend { … }` block: its servers are the calls, not its name. */
function dropUpstreamNames(text: string, calls: WrittenCall[]): void {
  const upstreams = new Set<string>();
  forEachLine(text, (line) => {
    const name = /^upstream\s+([\w.-]+)/.exec(line.trimStart())?.[1];
    if (name) upstreams.add(name.toLowerCase());
  });
  if (upstreams.size === 0) return;
  // An upstream's own `server` of the upstream's name (lemmy's `upstream lemmy { server "lemmy:8536"; }`) is its member, a call.
  const member = (call: WrittenCall) => /^\s*server\s/.test(text.slice(text.lastIndexOf('\n', call.start) + 1, call.start));
  for (let i = calls.length - 1; i >= 0; i--) if (calls[i].host !== undefined && upstreams.has(calls[i].host!) && !member(calls[i])) calls.splice(i, 1);
}

/** `server web1 10.0.0.1:8080 check`, `server-template api 3 api:8080`: the address after the name. */
const haproxyServer = /^\s*server(?:-template)?\s+\S+\s+(?:\d+\s+)?([^\s]+)/;

function readHaproxyLine(line: string, at: number, calls: WrittenCall[]): void {
  const server = haproxyServer.exec(line);
  if (!server) return;
  const value = server[1];
  const start = at + server.index + server[0].length - value.length;
  const before = calls.length;
  addressesOfValue(value, start, calls);
  if (calls.length === before && isRemoteHost(value)) calls.push({ host: value.toLowerCase(), text: value, start, end: start + value.length, evidence: 'config' });
}

/** A key holding a host name alone (`spring.rabbitmq.host`, `redis.hostname`, `db.server`). */
const hostKey = /(^|[._-])(host|hostname|server|addr|address)$/i;

/** .NET's keys in PascalCase whose bare value is a host (`"EventBusConnection": "rabbitmq"`, `"RedisHost"`, a connection string of one word: Redis's `"ConnectionString": "basketdata"`). */
const dotnetHostKey = /(host|hostname|server|address|connection|connectionstring)$/i;

function readPropertiesLine(line: string, at: number, reading: AppConfigReading): void {
  const pair = /^([\w.[\]-]+)[ \t]*[=:]/.exec(line.trimStart());
  if (!pair) return;
  const key = pair[1];
  const value = line.trimStart().slice(pair[0].length).trim();
  const start = at + line.indexOf(value, line.indexOf(key) + key.length);
  readSetting(key, value, start, reading.calls, reading);
}

/** `"host": "redis"`, `"url": "http://catalogue:80"`: a JSON configuration's string values, by their key (one pair a line, as such files are written). */
/** `"key": "value"` pairs of a JSON line; `hosts`: the keys whose bare value is a host name; `placeholders`: whether `${NAME:default}` is one (not in .NET's files). */
function readJsonLine(line: string, at: number, calls: WrittenCall[], hosts: RegExp, placeholders = true): void {
  for (const pair of line.matchAll(/"([\w.-]{1,100})"\s{0,20}:\s{0,20}"([^"\\]{1,1000})"/g)) readSetting(pair[1], pair[2], at + pair.index + pair[0].length - pair[2].length - 1, calls, undefined, hosts, placeholders);
}

/** A JSON array of hosts being read across lines (`"hostnames": [` … `]`), and how many lines it has taken. */
type HostList = { open: boolean; key?: string; lines: number };

/** A key whose array holds host names (`"hostnames": ["rabbitmq"]`, `"Hosts"`, `"Servers"`, `"addresses"`). */
const hostListKey = /(hosts|hostnames|servers|addresses)$/i;

/** The most lines a host list is followed for (past them, it is data, not a client's settings); `"key": [`, an array opened. */
const MAX_HOST_LIST_LINES = 64;
const arrayOpener = /"([\w.-]{1,100})"\s{0,20}:\s{0,20}\[/;

/**
 * The host lists of a JSON line (RawRabbit's `"hostnames": [ "rabbitmq" ]`, one element a line or all on one): each string is an
 * address, a bare name under the list's key a host. The line's `"key": "value"` pairs are read apart (readJsonLine): none is an element.
 */
function readHostListLine(line: string, at: number, calls: WrittenCall[], list: HostList, placeholders: boolean): void {
  let from = 0;
  // A few lists a line at most: a line of more is data.
  for (let lists = 0; lists < 8; lists++) {
    if (!list.open) {
      const opened = arrayOpener.exec(line.slice(from));
      if (!opened) return;
      from += opened.index + opened[0].length;
      if (!hostListKey.test(opened[1])) continue;
      Object.assign(list, { open: true, key: opened[1], lines: 0 });
    }
    const end = line.indexOf(']', from);
    const items = line.slice(from, end === -1 ? line.length : end);
    // An array of objects (`"Servers": [ { "Host": … } ]`): their pairs are read as any other.
    if (/[{}]/.test(items)) list.open = false;
    else for (const item of items.matchAll(/"([^"\\]{1,1000})"/g)) readSetting(list.key!, item[1], at + from + item.index + 1, calls, undefined, hostListKey, placeholders);
    if (end === -1) {
      if (++list.lines >= MAX_HOST_LIST_LINES) list.open = false;
      return;
    }
    list.open = false;
    from = end + 1;
  }
}

function readSetting(key: string, value: string, start: number, calls: WrittenCall[], reading?: AppConfigReading, hosts = hostKey, placeholders = true): void {
  if (value === '' || value.length > 1000) return;
  if ((key === 'spring.application.name' || key === 'micronaut.application.name') && reading && /^[A-Za-z][\w.-]{0,62}$/.test(value)) reading.registers ??= value.toLowerCase();
  if (reading && readClientSetting(key, value, reading)) return;
  if (reading && readDiscoverySetting(key, value, start, reading)) return;
  if (reading && /^spring\.cloud\.config\.server\.native\.search-?locations(?:\[\d{1,3}\])?$/i.test(key)) {
    (reading.serves ??= []).push(...value.split(',').map((location) => location.trim()).filter((location) => location !== ''));
    return;
  }
  if (isBrowserDestination(key)) return;
  const before = calls.length;
  addressesOfValue(value, start, calls, placeholders);
  if (calls.length === before && hosts.test(key)) readHostSetting(key, value, start, calls, reading);
  // A Spring file's (`reading` is given for Spring's files only): the setting, for whether its program reads it.
  if (reading) for (const call of calls.slice(before)) call.setting = key;
}

/** `redis.host: cache`: a bare host name under a host key; `elastic.host: ${ELASTIC_HOST:localhost}`: this machine, its port from a sibling key. */
function readHostSetting(key: string, value: string, start: number, calls: WrittenCall[], reading?: AppConfigReading): void {
  const { value: resolved, variables, defaulted } = withDefaults(value);
  if (variables.length > 0) return;
  const host = resolved.trim();
  if (/^[A-Za-z0-9][\w.-]*$/.test(host) && isRemoteHost(host)) calls.push({ host: host.toLowerCase(), text: value, start, end: start + value.length, evidence: 'config', onlyKnown: true });
  // `elastic.host: ${ELASTIC_HOST:localhost}` beside `elastic.port: 9200`: this machine's port (loopbackHostsWithPorts), not a server's own binding.
  else if (reading && isLoopbackAddress(host) && !ownBinding.test(key)) {
    const prefix = key.slice(0, Math.max(0, key.lastIndexOf('.')));
    pendingLoopbacks(reading).hosts.push({ prefix, call: { host: LOOPBACK_HOST, text: value, start, end: start + value.length, evidence: 'config', loopback: { defaulted } } });
  }
}

/** A server's own address (`server.address`, `micronaut.server.host`, `management.server.address`): where it listens, not whom it calls. */
const ownBinding = /(^|\.)server\.[\w-]+$/i;

/** The loopback hosts of a file's `*.host` keys, and the ports of its `*.port` keys, by the key before them (`elastic`). */
const loopbackKeys = new WeakMap<AppConfigReading, { hosts: { prefix: string; call: WrittenCall }[]; ports: Map<string, { port: number; defaulted: string[] }> }>();

function pendingLoopbacks(reading: AppConfigReading): { hosts: { prefix: string; call: WrittenCall }[]; ports: Map<string, { port: number; defaulted: string[] }> } {
  let pending = loopbackKeys.get(reading);
  if (!pending) loopbackKeys.set(reading, (pending = { hosts: [], ports: new Map() }));
  return pending;
}

/** `elastic.host: localhost` with `elastic.port: 9200` (Micronaut's and Spring's settings of a client): one call to this machine's 9200. */
function loopbackHostsWithPorts(reading: AppConfigReading): void {
  const pending = loopbackKeys.get(reading);
  if (!pending) return;
  loopbackKeys.delete(reading);
  for (const { prefix, call } of pending.hosts) {
    const port = pending.ports.get(prefix);
    if (port && call.loopback) reading.calls.push({ ...call, port: port.port, loopback: { defaulted: [...call.loopback.defaulted, ...port.defaulted] } });
  }
}

/**
 * A client's settings: Micronaut's `micronaut.http.services.<id>.url(s)` (the address of the clients of that id), and the `*.port`
 * keys a loopback `*.host` key takes its port from. True when the setting is read so (a port is no address of its own).
 */
function readClientSetting(key: string, value: string, reading: AppConfigReading): boolean {
  const service = /^micronaut\.http\.services\.([A-Za-z][\w.-]{0,62})\.urls?(?:\[\d{1,3}\])?$/.exec(key)?.[1];
  if (service) (reading.configuresServices ??= []).push(service.toLowerCase());
  if (/(^|\.)port$/i.test(key)) {
    const { value: resolved, variables, defaulted } = withDefaults(value);
    const port = Number(resolved.trim());
    if (variables.length > 0 || !/^\d{1,5}$/.test(resolved.trim()) || port === 0 || port > 65535) return true;
    if (/^(micronaut\.)?server\.port$/i.test(key)) reading.listens ??= { port, defaulted };
    else if (!ownBinding.test(key)) pendingLoopbacks(reading).ports.set(key.slice(0, Math.max(0, key.lastIndexOf('.'))), { port, defaulted });
    return true;
  }
  return false;
}

/** Zuul's routes of a file as they are read, by route name, until the file's end says which name none of its keys aims elsewhere. */
const zuulRoutes = new WeakMap<AppConfigReading, Map<string, ZuulRoute>>();

interface ZuulRoute {
  /** A `url` or `serviceId` key: the route's target is said (a call of its own, read as any setting). */
  aimed: boolean;
  /** The `path` value, or the shorthand's (`zuul.routes.users: /users/**`): where a route by its name is written. */
  path?: { text: string; start: number };
}

/** `zuul.routes.<name>.<setting>` and `zuul.routes.<name>` (the shorthand: its value is the path, its name the service id). */
const zuulRoute = /^zuul\.routes\.([A-Za-z0-9][\w-]{0,62})(?:\.([\w-]{1,40}))?$/;

/**
 * Settings that say how an application meets its registry rather than whom it calls: Zuul's routes (`serviceId: account-service`
 * is a call to the service registered under that name; a route with a `path` and no target is one to the service of the
 * route's name), the services Zuul ignores, Turbine's applications, Spring Cloud Gateway's discovery locator, an application
 * meeting a registry or keeping out of Eureka. True when the setting is read so (no address of its own to look for).
 */
function readDiscoverySetting(key: string, value: string, start: number, reading: AppConfigReading): boolean {
  const route = zuulRoute.exec(key);
  if (route) {
    const routes = zuulRoutes.get(reading) ?? new Map<string, ZuulRoute>();
    zuulRoutes.set(reading, routes);
    const entry = routes.get(route[1]) ?? { aimed: false };
    routes.set(route[1], entry);
    const setting = route[2]?.toLowerCase().replace(/[-_]/g, '');
    if (setting === undefined || setting === 'path') {
      if (value.startsWith('/')) entry.path ??= { text: value, start };
      return true;
    }
    if (setting === 'serviceid') {
      entry.aimed = true;
      if (/^[A-Za-z][\w.-]{0,62}$/.test(value)) reading.calls.push({ host: value.toLowerCase(), scheme: 'http', text: value, start, end: start + value.length, evidence: 'config', onlyKnown: true });
      return true;
    }
    if (setting === 'url' || setting === 'location') entry.aimed = true;
    // The URL itself is read as any setting's.
    return false;
  }
  if (/^zuul\.ignored-?services(?:\[\d{1,3}\])?$/i.test(key)) {
    (reading.ignoresServices ??= []).push(...value.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== ''));
    return true;
  }
  // Turbine's `appConfig: order,catalog`: it reads the Hystrix stream of each instance the registry holds under those names.
  if (/^turbine\.app-?config$/i.test(key)) {
    for (const name of value.matchAll(/[A-Za-z][\w.-]{0,62}/g)) reading.calls.push({ host: name[0].toLowerCase(), scheme: 'http', text: name[0], start: start + name.index, end: start + name.index + name[0].length, evidence: 'config', onlyKnown: true });
    return true;
  }
  // Spring Cloud Gateway's routes by itself (`spring.cloud.gateway[.server.webflux].discovery.locator.enabled`).
  const locator = /^spring\.cloud\.gateway\.(?:server\.web(?:flux|mvc)\.)?discovery\.locator\.([\w-]{1,40})$/i.exec(key)?.[1].toLowerCase().replace(/-/g, '');
  if (locator === 'enabled' && value.trim().toLowerCase() === 'true') reading.proxiesRegistry ??= { start, end: start + value.length, evidence: 'config' };
  if (locator === 'includeexpression') reading.narrowsRegistry = true;
  if (/^eureka\.client\.register-?with-?eureka$/i.test(key) && value.trim().toLowerCase() === 'false') reading.unregistered = true;
  if (/^eureka\.client\.service-?url\.|^spring\.cloud\.(?:consul\.host|nacos\.discovery\.server-?addr|zookeeper\.connect-?string)$/i.test(key)) reading.discovers = true;
  return false;
}

/** The routes a file gives by name only (a `path`, no `url` nor `serviceId`): Zuul takes the name for the service id. */
function routesByName(reading: AppConfigReading): void {
  for (const [name, route] of zuulRoutes.get(reading) ?? []) {
    if (route.aimed || !route.path) continue;
    reading.calls.push({ host: name.toLowerCase(), scheme: 'http', text: route.path.text, start: route.path.start, end: route.path.start + route.path.text.length, evidence: 'config', onlyKnown: true });
  }
  zuulRoutes.delete(reading);
}

/** Envoy's socket addresses and Traefik's server URLs, Spring's settings: the scalars of the YAML tree, by their dotted keys. */
function readYaml(kind: AppConfigKind, text: string, offset: number, tree: SourceNode, reading: AppConfigReading): void {
  const calls = reading.calls;
  // Iterative: a map or sequence nested however deep costs one stack entry each.
  const stack: { node: SourceNode; key: string }[] = [{ node: tree, key: '' }];
  while (stack.length > 0) {
    const { node, key } = stack.pop()!;
    if (node.kind === 'seq') {
      // Pushed last first: read in the document's order.
      for (const item of [...(node.items ?? [])].reverse()) if (item) stack.push({ node: item, key });
      continue;
    }
    if (node.kind === 'scalar') {
      const raw = text.slice(offset + node.start, offset + node.end);
      const value = raw.replace(/^(["'])(.*)\1$/s, '$2');
      const start = offset + node.start + (value.length < raw.length ? 1 : 0);
      // A route rewritten to a Dapr sidecar's service invocation (`/v1.0/invoke/basket-api/method/`): a call to that app id.
      if (kind === 'envoy') {
        calls.push(...daprInvocations(value, start).map((call) => ({ ...call, evidence: 'config' as const })));
        continue;
      }
      readSetting(key, value, start, calls, kind === 'spring-yaml' ? reading : undefined);
      continue;
    }
    const pairs = node.pairs ?? [];
    if (kind === 'envoy') {
      // `socket_address: { address: api, port_value: 8080 }`
      const address = pairs.find((p) => p.key === 'address' && p.value?.kind === 'scalar');
      const port = pairs.find((p) => p.key === 'port_value' && p.value?.kind === 'scalar');
      if (address?.value && port?.value) {
        const host = text.slice(offset + address.value.start, offset + address.value.end).replace(/^["']|["']$/g, '');
        const portText = text.slice(offset + port.value.start, offset + port.value.end).replace(/^["']|["']$/g, '');
        if (/^\d{1,5}$/.test(portText) && isRemoteHost(host) && !host.includes('${')) {
          calls.push({ host: host.toLowerCase(), port: Number(portText), text: `${host}:${portText}`, start: offset + address.value.start, end: offset + address.value.end, evidence: 'config' });
        } else if (/^\$\{\w+\}$/.test(host) && /^\d{1,5}$/.test(portText)) {
          calls.push({ variable: host.slice(2, -1), port: Number(portText), text: `${host}:${portText}`, start: offset + address.value.start, end: offset + address.value.end, evidence: 'config' });
        }
      }
    }
    for (const pair of [...pairs].reverse()) if (pair.value && pair.key !== undefined) stack.push({ node: pair.value, key: key === '' ? pair.key : `${key}.${pair.key}` });
  }
}

/** A URL literal of code: a scheme, then a host of letters, digits, dots and dashes (`http://catalogue%s` is `catalogue`); a password may hold `@` (the host follows the last one). */
const codeUrl = /\b(https?|grpcs?|wss?|redis|rediss|mongodb|amqps?|postgres|postgresql|mysql|nats|kafka|mqtt|lb):\/\/(?:[\w.%$~-]{0,64}(?::[^\s/"'`]{0,64})?@)?([A-Za-z0-9][A-Za-z0-9.-]{0,252})(?::(\d{1,5}))?/g;
/** `"catalogue-db:3306"`, `tcp(catalogue-db:3306)`, `'cart:8080'`: a host and port between quotes or parentheses. */
const codePair = /["'`(@]([A-Za-z][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63}){0,5}):(\d{2,5})(?=["'`)/])/g;
/** `new Hostname("payment")`, `host: "redis"`, `REDIS_HOST = 'redis'`: a quoted name on a line that says it is a host. */
const codeHostLine = /host|addr|endpoint|_url\b/i;
/** A DSN's `host=mysql` (PHP's PDO, libpq's key/value strings). */
const codeDsnHost = /\bhost=([A-Za-z][A-Za-z0-9-]{0,62})\b/g;
const codeQuoted = /["'`]([a-z][a-z0-9-]{1,62})["'`]/g;

/** Spring Cloud OpenFeign's `@FeignClient("customers-service")`, `@FeignClient(name = "visits")`: the service called by its registered name. */
const feignClient = /@FeignClient\(\s{0,20}(?:(?:name|value)\s{0,20}=\s{0,20})?"([a-z][a-z0-9-]{0,62})"/;

/**
 * Micronaut's declarative client by service id: `@Client(id = "pricing-service")`, `@Client("pricing-service")`,
 * `@Client(id = "/policy-service")` (Consul's or `micronaut.http.services`' id); a URL or a `${…}` setting is read as any literal.
 */
const micronautClient = /@Client\(\s{0,20}(?:(?:id|value)\s{0,20}=\s{0,20})?"\/?([a-z][a-z0-9-]{0,62})"/;

/** Spring's `@Value("${catalog.host:catalog}")`: a setting read in code, with the default it takes when nothing sets it. */
const springValue = /@Value\(\s{0,20}"\$\{([\w.-]{1,128}):([^}"]{1,200})\}"/g;

function readCodeLine(line: string, at: number, calls: WrittenCall[]): void {
  if (line.includes('@Value(')) {
    // The default is the address the program calls unless configured otherwise: a literal of code, kept when it names a component.
    for (const match of line.matchAll(springValue)) {
      const before = calls.length;
      readSetting(match[1], match[2], at + match.index + match[0].length - match[2].length - 2, calls);
      // Spring's relaxed binding: `catalog.host` is set by the variable `CATALOG_HOST` too.
      for (const call of calls.slice(before)) Object.assign(call, { evidence: 'code', onlyKnown: true, fallbackOf: [match[1].toUpperCase().replace(/[.-]/g, '_')] });
    }
    return;
  }
  // A client by service id: Feign's (its registry's) and Micronaut's (its registry's unless its configuration gives the address: serviceId).
  for (const [pattern, mark, serviceId] of [[feignClient, '@FeignClient', false], [micronautClient, '@Client(', true]] as const) {
    const client = line.includes(mark) ? pattern.exec(line) : null;
    if (!client) continue;
    const start = client.index + client[0].length - client[1].length - 1;
    calls.push({ host: client[1], scheme: 'http', text: client[1], start: at + start, end: at + start + client[1].length, evidence: 'code', onlyKnown: true, ...(serviceId ? { serviceId } : {}) });
    return;
  }
  if (!line.includes(':') && !codeHostLine.test(line)) return;
  const before = calls.length;
  // A Go flag's name (`flag.String("jaeger", "", …)`) is no host; its default (`"geo:8080"`) is read as any literal.
  const flagNames = line.includes('.') ? [...line.matchAll(goFlagName)].map((match): [number, number] => [match.index + match[0].length - (match[1] ?? match[2]).length - 2, match.index + match[0].length]) : [];
  readCodeLiterals(line, at, calls, flagNames);
  const fallbacks = codeFallbacks(line);
  for (const call of fallbacks.length > 0 ? calls.slice(before) : []) {
    const names = fallbacks.filter(({ start, end }) => call.start - at >= start && call.start - at < end).map(({ name }) => name);
    if (names.length > 0) call.fallbackOf = names;
  }
}

/** `process.env.NAME || '…'` / `?? '…'` (also `process.env['NAME']`), the default a JavaScript or TypeScript program takes when NAME is unset. */
const jsFallback = /process\.env(?:\.([A-Za-z_]\w{0,127})|\[\s{0,5}['"]([A-Za-z_]\w{0,127})['"]\s{0,5}\])\s{0,20}(?:\|\||\?\?)\s{0,20}(['"`])[^'"`]{0,500}\3/g;
/** `os.getenv("NAME", "…")`, `os.environ.get("NAME", "…")`, `os.getenv("NAME") or "…"`: Python's. */
const pythonFallback = /os\.(?:getenv|environ\.get)\(\s{0,20}['"]([A-Za-z_]\w{0,127})['"]\s{0,20}(?:,|\)\s{0,20}or)\s{0,20}(['"])[^'"]{0,500}\2/g;
/** `System.getenv().getOrDefault("NAME", "…")`: Java's. */
const javaFallback = /getenv\(\)\.getOrDefault\(\s{0,20}"([A-Za-z_]\w{0,127})"\s{0,20},\s{0,20}"[^"]{0,500}"/g;

/**
 * PHP's: utopia-php's `System::getEnv('NAME', '…')` (appwrite), Laravel's `env('NAME', '…')` and `Env::get('NAME', '…')`,
 * `getenv('NAME') ?: '…'` (getenv gives false when unset: `??` never falls back), `$_ENV['NAME'] ?? '…'` (or `?:`, `$_SERVER`).
 */
const phpFallback = /(?:(?:System::getEnv|\bEnv::get|\benv)\(\s{0,20}(['"])([A-Za-z_]\w{0,127})\1\s{0,20},|\bgetenv\(\s{0,20}(['"])([A-Za-z_]\w{0,127})\3\s{0,20}\)\s{0,20}\?:|\$_(?:ENV|SERVER)\[\s{0,5}(['"])([A-Za-z_]\w{0,127})\5\s{0,5}\]\s{0,20}(?:\?\?|\?:))\s{0,20}(['"])[^'"]{0,500}\7/g;

/** The spans of a line that are code fallbacks, each with the variable that replaces it (offsets in the line). */
function codeFallbacks(line: string): { name: string; start: number; end: number }[] {
  const spans: { name: string; start: number; end: number }[] = [];
  if (line.includes('process.env')) for (const match of line.matchAll(jsFallback)) spans.push({ name: match[1] ?? match[2], start: match.index, end: match.index + match[0].length });
  if (line.includes('os.')) for (const match of line.matchAll(pythonFallback)) spans.push({ name: match[1], start: match.index, end: match.index + match[0].length });
  if (line.includes('getOrDefault')) for (const match of line.matchAll(javaFallback)) spans.push({ name: match[1], start: match.index, end: match.index + match[0].length });
  if (/env|\$_/i.test(line)) for (const match of line.matchAll(phpFallback)) spans.push({ name: match[2] ?? match[4] ?? match[6], start: match.index, end: match.index + match[0].length });
  return spans;
}

/** The name of a Go flag: the standard library's and pflag's `String`, `StringVar(&v, …)`, `StringP`…, kingpin's `Flag(…)` (its default follows). */
const goFlagName = /\.(?:String|Int|Bool|Duration|Float64|Uint)(?:Var)?P?\(\s{0,20}(?:&[\w.]{1,100}\s{0,20},\s{0,20})?"([\w.-]{1,100})"|\.Flag\(\s{0,20}"([\w.-]{1,100})"/g;

/** `taken`: spans of the line (offsets in it) that hold no address. */
function readCodeLiterals(line: string, at: number, calls: WrittenCall[], taken: [number, number][] = []): void {
  for (const match of line.includes('://') ? line.matchAll(codeUrl) : []) {
    taken.push([match.index, match.index + match[0].length]);
    let host = match[2];
    while (host.endsWith('.') || host.endsWith('-')) host = host.slice(0, -1);
    // A URL in a sentence (an error's `Visit http://…/help`) is for a person to read.
    if (!isRemoteHost(host) || urlInMessage(line, match.index, match.index + match[0].length)) continue;
    calls.push({ host: host.toLowerCase(), ...(match[3] !== undefined ? { port: Number(match[3]) } : {}), scheme: match[1].toLowerCase(), text: match[0], start: at + match.index, end: at + match.index + match[0].length, evidence: 'code', onlyKnown: true });
  }
  for (const match of line.matchAll(codePair)) {
    const start = match.index + 1;
    if (taken.some(([a, b]) => start < b && start >= a)) continue;
    if (!isRemoteHost(match[1]) || Number(match[2]) > 65535) continue;
    taken.push([start, start + match[0].length]);
    calls.push({ host: match[1].toLowerCase(), port: Number(match[2]), text: match[0].slice(1), start: at + start, end: at + start + match[0].length - 1, evidence: 'code', onlyKnown: true });
  }
  if (!codeHostLine.test(line)) return;
  for (const match of line.matchAll(codeDsnHost)) {
    const start = match.index + match[0].length - match[1].length;
    taken.push([start, start + match[1].length]);
    calls.push({ host: match[1].toLowerCase(), text: match[0], start: at + start, end: at + start + match[1].length, evidence: 'code', onlyKnown: true });
  }
  for (const match of line.matchAll(codeQuoted)) {
    // A dictionary's key (`profile["email"]`) names a field.
    if (taken.some(([a, b]) => match.index < b && match.index >= a) || quotedKey(line, match.index, match.index + match[0].length)) continue;
    calls.push({ host: match[1], text: match[1], start: at + match.index + 1, end: at + match.index + 1 + match[1].length, evidence: 'code', onlyKnown: true });
  }
}
