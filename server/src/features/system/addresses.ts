/**
 * Addresses in a value of a component's environment or configuration: URLs (`postgres://db:5432/app`,
 * `http://api:5000/v1`) and `host:port` pairs (`productcatalogservice:3550`, a comma-separated broker
 * list). Only what names a host other than this machine is kept: `localhost`, loopback and wildcard
 * IPs, and anything holding a variable (`${HOST}`, `$(SVC)`) say nothing about the system's shape.
 */

export interface WrittenAddress {
  host: string;
  port?: number;
  scheme?: string;
  /** The address as written. */
  text: string;
  /** Its offsets in the value. */
  start: number;
  end: number;
}

// The user information runs to the last `@` before the host (a password may hold `@`: `postgres://app:p@ss@db:5432`); a `/`
// ends it. One quantifier before a literal `@` that the host's class excludes: no overlap, each match linear.
const url = /([a-z][a-z0-9+.-]{1,31}):\/\/(?:[^/\s,;]*@)?(\[[^\]]*\]|[^/:\s,;?#@]+)(?::(\d{1,5}))?/gi;
const pair = /(?:^|[\s,;=])([A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})(?=$|[\s,;/])/g;

/** Whether a host names another machine: a DNS name with a letter, not this one. */
export function isRemoteHost(host: string): boolean {
  const folded = host.toLowerCase();
  if (folded === 'localhost' || folded.endsWith('.localhost') || folded === 'host.docker.internal') return false;
  if (/^\d+(\.\d+){3}$/.test(folded) || folded.startsWith('[')) return false;
  return /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(folded) && /[a-z]/.test(folded);
}

/**
 * Whether a host address is this machine's loopback one (`127.0.0.1`, any of 127.0.0.0/8, `::1`, `localhost`): a port
 * published on it is reachable from this machine only (a published port's `hostIp`, system/entries.ts).
 */
export function isLoopbackAddress(address: string): boolean {
  const folded = address.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return folded === 'localhost' || folded === '::1' || /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(folded);
}

/** Schemes that name files or things that are not network peers. */
// Object stores' URLs name a bucket or container, not a host (`s3://bucket/key`, Hadoop's s3a, GCS, Azure's abfs/wasb, #94).
const notNetwork = new Set(['file', 'jdbc', 'data', 'mailto', 'sqlite', 'unix', 'npipe', 's3', 's3a', 's3n', 'gs', 'gcs', 'az', 'abfs', 'abfss', 'wasb', 'wasbs', 'adl', 'oss', 'cos', 'r2']);

/**
 * Whether the URL's path that runs on from `end` names a picture, a font or a style sheet (`https://cdn.example.com/logo.png`,
 * `…/fonts/x.woff2?v=3`): content a browser shows, fetched from wherever it sits, not a peer the program calls.
 */
function isPictureOrStyle(value: string, end: number): boolean {
  const path = /^\/[^\s"'<>,;]{0,1000}/.exec(value.slice(end, end + 1001))?.[0];
  return path !== undefined && /\.(?:png|jpe?g|gif|svg|webp|ico|bmp|avif|css|woff2?|ttf|otf|eot)(?:[?#][^\s"'<>]*)?$/i.test(path);
}

/** The keys of an ADO.NET, Npgsql or ODBC connection string that name its server (`Server=sqldata`, `Host=db`, `Data Source=tcp:db,1433`). */
const serverKeys = new Set(['server', 'data source', 'datasource', 'host', 'hostname', 'address', 'addr', 'network address']);

/**
 * The server a .NET-style connection string names (`Server=sqldata;Database=Catalog;User Id=sa`, `Host=db;Port=5432;…`):
 * two `key=value` pairs at least, separated by `;`, one of them a server key. Its port is the server's `,1433` (SQL
 * Server) or the `Port=` pair. `tcp:` before the host and a named instance after it (`db\SQLEXPRESS`) are not the host.
 */
function connectionStringAddress(value: string, keep: (host: string) => boolean): WrittenAddress | undefined {
  let server: { host: string; start: number; end: number; port?: number } | undefined;
  let port: number | undefined;
  let pairs = 0;
  let offset = 0;
  for (const part of value.split(';')) {
    const at = offset;
    offset += part.length + 1;
    const equals = part.indexOf('=');
    if (equals <= 0) {
      if (part.trim() === '') continue;
      return undefined;
    }
    pairs++;
    const key = part.slice(0, equals).trim().toLowerCase();
    const raw = part.slice(equals + 1);
    if (key === 'port' && /^\s*\d{1,5}\s*$/.test(raw)) port = Number(raw.trim());
    if (!serverKeys.has(key) || server) continue;
    const lead = raw.length - raw.trimStart().length;
    let host = raw.trim();
    let start = at + equals + 1 + lead;
    if (/^tcp:/i.test(host)) {
      host = host.slice(4);
      start += 4;
    }
    const given = /^([^,\\:]+)(?:\\[^,:]*)?(?:[,:](\d{1,5}))?$/.exec(host);
    if (!given) return undefined;
    server = { host: given[1], start, end: start + given[0].length, ...(given[2] !== undefined ? { port: Number(given[2]) } : {}) };
  }
  if (!server || pairs < 2 || !keep(server.host)) return undefined;
  const shownPort = server.port ?? port;
  return { host: server.host.toLowerCase(), ...(shownPort !== undefined && shownPort <= 65535 ? { port: shownPort } : {}), text: value.slice(server.start, server.end), start: server.start, end: server.end };
}

/** libpq's keys naming the server (`host=postgres`, `hostaddr=…`) and its port. */
const libpqPair = /([a-z_]{1,32})=('[^']{0,500}'|\S{0,500})/y;
const spaces = /\s*/y;

/**
 * The server a libpq key/value string names (`host=postgres port=5432 dbname=app sslmode=disable`): pairs separated by
 * spaces, two at least, every word a pair, one of them `host`. Its port is the `port=` pair.
 */
function libpqAddress(value: string, keep: (host: string) => boolean): WrittenAddress | undefined {
  let host: { text: string; start: number } | undefined;
  let port: number | undefined;
  let pairs = 0;
  let at = value.length - value.trimStart().length;
  while (at < value.length) {
    libpqPair.lastIndex = at;
    const match = libpqPair.exec(value);
    if (!match) return undefined;
    pairs++;
    const [, key, raw] = match;
    if (key === 'host' && host === undefined) host = { text: raw, start: at + key.length + 1 };
    if (key === 'port' && /^\d{1,5}$/.test(raw)) port = Number(raw);
    at += match[0].length;
    spaces.lastIndex = at;
    const gap = spaces.exec(value)?.[0].length ?? 0;
    if (gap === 0 && at < value.length) return undefined;
    at += gap;
  }
  if (!host || pairs < 2 || !keep(host.text)) return undefined;
  return { host: host.text.toLowerCase(), ...(port !== undefined && port <= 65535 ? { port } : {}), text: host.text, start: host.start, end: host.start + host.text.length };
}

/** A variable in a value: Kubernetes' `$(PW)` (expanded from the container's earlier variables), a shell's or a template's `${PW}`. */
const variableInValue = /\$\([A-Za-z_][\w.-]{0,127}\)|\$\{[^{}]{0,200}\}/g;

/**
 * The addresses a value names, in order. A variable stands for what it covers only: one in a password or a path
 * (`postgres://app:$(PW)@db:5432/app`, the Kubernetes docs' own form) leaves the host named; one in the host
 * (`http://$(API_HOST):8080`, `${DB}:5432`) names nothing, its characters being none a host holds.
 */
export function addressesIn(value: string): WrittenAddress[] {
  return addressesKept(value, isRemoteHost);
}

/**
 * The addresses a value names on this machine (`localhost:2181`, `mongodb://127.0.0.1:27017`), read as addressesIn reads
 * the others: under Compose's `network_mode: host` they reach the host's other listeners (compose/system.ts).
 */
export function loopbackAddressesIn(value: string): WrittenAddress[] {
  return addressesKept(value, isLoopbackAddress);
}

function addressesKept(value: string, keep: (host: string) => boolean): WrittenAddress[] {
  if (value.length > 4096) return [];
  if (!value.includes('${') && !value.includes('$(')) return addressesInPlain(value, keep);
  // Each variable masked by as many NULs (never in a host, a port or a key): the offsets stay the written value's.
  const masked = value.replace(variableInValue, (whole) => '\0'.repeat(whole.length));
  return addressesInPlain(masked, keep)
    .filter((found) => !found.host.includes('\0'))
    .map((found) => ({ ...found, text: value.slice(found.start, found.end) }));
}

function addressesInPlain(value: string, keep: (host: string) => boolean): WrittenAddress[] {
  const found: WrittenAddress[] = [];
  const taken: [number, number][] = [];
  // A connection string holds `=` and `;` (and, as `Server=sqldata;…`, often no colon).
  const connection = value.includes(';') && value.includes('=') ? connectionStringAddress(value, keep) : value.includes('host=') ? libpqAddress(value, keep) : undefined;
  if (connection) {
    found.push(connection);
    taken.push([connection.start, connection.end]);
  }
  // Each address holds a colon (a URL's `://`, a pair's `:port`): most values (names, passwords, flags) hold none,
  // and were searched by both expressions (a clone of each per value: matchAll), 3 % of a Compose file's check (#68).
  const colon = value.indexOf(':');
  if (colon === -1) return found;
  for (const match of value.includes('://', colon) ? value.matchAll(url) : []) {
    const scheme = match[1].toLowerCase();
    const start = match.index;
    const end = start + match[0].length;
    if (taken.some(([a, b]) => start < b && end > a)) continue;
    taken.push([start, end]);
    if (notNetwork.has(scheme) || notNetwork.has(scheme.split('+')[0]) || !keep(match[2]) || isPictureOrStyle(value, end)) continue;
    found.push({ host: match[2].toLowerCase(), ...(match[3] !== undefined ? { port: Number(match[3]) } : {}), scheme, text: match[0], start, end });
  }
  for (const match of value.matchAll(pair)) {
    const start = match.index + match[0].indexOf(match[1]);
    const end = start + match[1].length + 1 + match[2].length;
    if (taken.some(([a, b]) => start < b && end > a)) continue;
    // A time (`10:30`), a ratio or a version (`1.2:3`) has no letter: isRemoteHost refuses it (and isLoopbackAddress).
    if (!keep(match[1]) || Number(match[2]) > 65535) continue;
    found.push({ host: match[1].toLowerCase(), port: Number(match[2]), text: value.slice(start, end), start, end });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Whether a host is one DNS label (`db`, `cartservice`): a name the Compose project or the namespace must answer. */
export function isSingleLabel(host: string): boolean {
  return !host.includes('.');
}

/**
 * A Kubernetes Service's cluster DNS name (`svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`): the
 * Service and its namespace; `svc.ns` only when `namespaces` knows ns (otherwise any two-label host).
 */
export function clusterName(host: string, namespaces: ReadonlySet<string>): { service: string; namespace: string } | undefined {
  const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.svc(\.cluster\.local)?)?$/.exec(host);
  if (!match) return undefined;
  if (match[5] === undefined && !namespaces.has(match[3])) return undefined;
  return { service: match[1], namespace: match[3] };
}

/** Where a monitoring file's targets are looked up: the Compose project of its folder or the nearest above, then the cluster. */
export function stackScopes(uri: string): string[] {
  const scopes: string[] = [];
  for (let folder = uri.slice(0, uri.lastIndexOf('/')); folder.includes('/') && !folder.endsWith(':/') && !folder.endsWith('//'); folder = folder.slice(0, folder.lastIndexOf('/'))) {
    scopes.push(`compose:${folder}`);
  }
  return [...scopes, 'k8s', 'k8s:*'];
}

/** Variables naming the host a program serves or is reached as, not a peer it calls. */
const ownHost = /^(VIRTUAL|LETSENCRYPT|BIND|LISTEN|SERVER_NAME|PUBLIC|EXTERNAL|ADVERTISED|OTEL_SERVICE)(_|$)|_(BIND|LISTEN|LISTENING|PUBLIC|EXTERNAL|ADVERTISED)_(HOST|HOSTNAME|ADDR|ADDRESS)$/i;

/** Keys that say a host (`POSTGRES_HOST`, `FLAGD_HOSTNAME`): their bare value is a peer's host. */
const hostKey = /^(.*?)_?(HOST|HOSTNAME|SERVER_HOST|ADDR_HOST)$/i;

/**
 * Keys that name a peer by another word (`DB_SERVER`, `CACHE_ADDRESS`, .NET's `EventBusConnection`, `ConnectionString`,
 * Temporal's `POSTGRES_SEEDS`, `ZK_HOSTS`): a bare value under them (`rabbitmq`, `basketdata`, `postgresql`) is a host only
 * when it names a component (`names`), since such keys also hold names, flags and modes (`SERVER=production`).
 */
const peerKey = /^(.*?)_?(SERVER|ADDRESS|ADDR|CONNECTION|CONNECTION_?STRING|HOSTS|SEEDS)$/i;

/** Port variables that are the component's own (`PORT`, `SERVER_PORT=8080`, `GRPC_PORT`), never a peer's. */
const ownPort = /^(PORT|(SERVER|LISTEN|BIND|HTTP|HTTPS|GRPC|APP|ADVERTISED|PUBLIC|EXTERNAL|MANAGEMENT|METRICS|ADMIN)_PORT)$/i;

/**
 * Addresses a variable states by its key (`POSTGRES_HOST=db` with `POSTGRES_PORT=5432`, `FLAGD_HOST` and `FLAGD_PORT`,
 * `EventBusConnection=rabbitmq` when a component answers `rabbitmq`): the host with the port of the same prefix when there is
 * one. A value that is an address itself (`db:5432`, a URL, a connection string) is read as such by addressesIn already.
 * `served` gives the ports the component answering a host listens on, when known: without a port of the same prefix, the
 * port is the one of another `*_PORT` variable that it serves (Temporal's `DB_PORT=5432` beside `POSTGRES_SEEDS=postgresql`),
 * else its only port.
 */
export function hostPortPairs(variables: readonly { key: string; value: string }[], names: (host: string) => boolean = () => false, served: (host: string) => readonly number[] = () => []): { key: string; host: string; port?: number; text: string }[] {
  const byKey = new Map(variables.map((v) => [v.key.toUpperCase(), v.value.trim()]));
  const out: { key: string; host: string; port?: number; text: string }[] = [];
  const asPort = (text: string | undefined) => (text !== undefined && /^\d{1,5}$/.test(text) && Number(text) <= 65535 ? Number(text) : undefined);
  // The prefixes of the keys naming a host: `JAEGER_GRPC_PORT` beside `JAEGER_HOST` is that host's port, never another's.
  const hostPrefixes = variables.flatMap((v) => {
    const named = v.key.length > 128 || ownHost.test(v.key) ? null : (hostKey.exec(v.key) ?? peerKey.exec(v.key));
    return named && named[1] !== '' ? [named[1].toUpperCase().replace(/_$/, '')] : [];
  });
  for (const { key, value } of variables) {
    const host = value.trim();
    if (key.length > 128 || ownHost.test(key) || !isRemoteHost(host) || host.includes(':')) continue;
    const match = hostKey.exec(key) ?? (names(host.toLowerCase()) ? peerKey.exec(key) : null);
    if (!match) continue;
    const prefix = match[1].toUpperCase();
    // A key with no prefix (`ConnectionString`, `HOST`) has no port of its own: a bare `PORT` is the component's own
    // (eShopOnContainers' basket-api `PORT=80` beside `ConnectionString=basketdata`, its Redis): no port rather than a wrong one.
    let port = asPort(prefix ? byKey.get(`${prefix}${prefix.endsWith('_') ? '' : '_'}PORT`) : undefined);
    const listens = port === undefined ? served(host.toLowerCase()) : [];
    if (listens.length > 0) {
      const own = prefix.replace(/_$/, '');
      const another = (portKey: string) => hostPrefixes.some((other) => other !== own && portKey.toUpperCase().startsWith(`${other}_`));
      const siblings = new Set(variables.flatMap((v) => (/_PORT$/i.test(v.key) && !ownPort.test(v.key) && !another(v.key) ? [asPort(v.value.trim())] : [])).filter((p): p is number => p !== undefined && listens.includes(p)));
      port = siblings.size === 1 ? [...siblings][0] : listens.length === 1 ? listens[0] : undefined;
    }
    out.push({ key, host: host.toLowerCase(), ...(port !== undefined ? { port } : {}), text: port !== undefined ? `${host}:${port}` : host });
  }
  return out;
}

/**
 * The container ports a container serves HTTPS on, as its environment tells ASP.NET Core's Kestrel (issue #95):
 * `ASPNETCORE_HTTPS_PORTS=8081` (and `HTTPS_PORTS`, `DOTNET_HTTPS_PORTS`), the `https://` URLs of `ASPNETCORE_URLS` /
 * `URLS` (`https://+:443;http://+:80`) and of `Kestrel__Endpoints__<name>__Url`. A published port, NodePort or
 * LoadBalancer leading there is TLS (aspnetrun/run-aspnetcore-microservices publishes each service's 8080 and 8081: the
 * second is HTTPS).
 */
export function httpsPorts(environment: readonly { key: string; value: string }[]): Set<number> {
  const found = new Set<number>();
  const add = (text: string) => {
    const port = Number(text);
    if (Number.isInteger(port) && port > 0 && port <= 65535) found.add(port);
  };
  for (const { key, value } of environment) {
    const name = key.toUpperCase();
    if (/^(ASPNETCORE_|DOTNET_)?HTTPS_PORTS$/.test(name)) for (const part of value.split(/[;,]/)) add(part.trim());
    else if (/^(ASPNETCORE_|DOTNET_)?URLS$/.test(name) || /^KESTREL(__|:)ENDPOINTS(__|:)[^_:]+(__|:)URL$/.test(name)) {
      for (const part of value.split(';').map((p) => p.trim())) {
        const url = /^https:\/\/[^/:;\s]*:(\d{1,5})(\/|$)/i.exec(part);
        if (url) add(url[1]);
        else if (/^https:\/\/[^/:;\s]*\/?$/i.test(part)) add('443');
      }
    }
  }
  return found;
}
