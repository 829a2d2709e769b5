/**
 * A database server that offers TLS with no setting of its own (issue #95: temporal's, ftgo's and eShopOnWeb's published
 * MySQL and SQL Server were read as plaintext from the Internet):
 * - MySQL 8 and later makes its own self-signed certificate at first start (`auto_generate_certs`) and offers TLS; a client
 *   left at its default (`mysql --ssl-mode=PREFERRED`, Connector/J 8's `sslMode=PREFERRED`) takes it and checks no
 *   certificate. MySQL 5.x images and MariaDB (which makes no certificate of its own) stay plaintext.
 * - SQL Server (2022 and Azure SQL Edge images) always encrypts the login with a self-signed certificate and offers TLS
 *   for the session, which Microsoft.Data.SqlClient 4+ asks for by default.
 * The link is then TLS without server authentication, not plaintext. The version is read from the image's tag (the
 * Compose project's `.env` resolving `${VAR}`, read and interpolated by the Compose family's own readers), the repository's name (`eventuate-mysql8`) or its build's `FROM`.
 */
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { knownInterpolation } from '../compose/api';
import { imageRepository, imageTag } from '../features/system/images';
import { buildIdsOf } from './buildConsoles';
import { sourceOfLine, type FileLines } from './evidence';
import { kongOf } from './kongListen';
import { nginxListens } from './nginxListen';
import { buildNodesOf } from './products';
import { blockValue, composeMounts, dotEnvLookup, record, sideUri } from './sideFiles';
import type { MapFacts } from './scan';

export interface ServerTlsHost {
  fileLines: (uri: string) => FileLines;
  /** A side file's text (the Compose project's `.env`), undefined when not read. */
  sideText?: (uri: string) => string | undefined;
  /** The URIs of the index's files (the nginx configurations a build folder or a mount holds). */
  files?: () => Iterable<string>;
}

/** A container's image line, in Compose's and Kubernetes' forms. */
const IMAGE_LINE = /^\s*(?:-\s*)?image:\s*["']?([^"'\s#]+)/;
/**
 * Whether a MySQL image offers TLS by default: a tag of major version 8 or more, no tag or a moving one (`latest`,
 * `lts`, `innovation`: 8.4 or 9.x today), or a repository named for MySQL 8 or 9 (`eventuate-mysql8`) whatever its tag.
 * A tag not resolved, or 5.x: no.
 */
export function mysqlOffersTls(reference: string, lookup: (name: string) => string | undefined = () => undefined): boolean {
  const repository = imageRepository(reference);
  if (/mysql-?(?:8|9)(?:\d|$|[^0-9])/i.test(repository.slice(repository.lastIndexOf('/') + 1))) return true;
  const written = imageTag(reference);
  if (written === undefined) return !/[$]/.test(reference);
  // Interpolated as Compose does; a variable unset or empty with no default leaves the tag unknown.
  const tag = knownInterpolation(written, lookup, { emptyIsUnset: true });
  if (tag === undefined) return false;
  if (/^(?:latest|lts|innovation|oracle|oraclelinux\d*|debian)$/i.test(tag)) return true;
  const major = /^(\d+)/.exec(tag);
  return major !== null && Number(major[1]) >= 8;
}

/** The lines that say what a component runs: its blocks' image lines, then its builds' final `FROM` lines with their base images. */
function imageLines(node: SystemNode, map: Pick<MapFacts, 'edges' | 'node'>, host: ServerTlsHost): { source: SystemSource; reference: string }[] {
  const found: { source: SystemSource; reference: string }[] = [];
  for (const own of node.sources) {
    if (!own.uri.startsWith('file:')) continue;
    const block = host.fileLines(own.uri).block(own.range.start.line);
    block.lines.forEach((line, i) => {
      const m = IMAGE_LINE.exec(line);
      if (m) found.push({ source: sourceOfLine(own.uri, block.first + i, line), reference: m[1] });
    });
  }
  // Its builds' base images, as the Dockerfile family reads them (the build node's `from`, said on its final FROM's line).
  for (const build of buildNodesOf(node, map)) {
    const reference = build.from?.[0];
    const at = build.sources.find((s) => s.uri.startsWith('file:'));
    if (reference !== undefined && at) found.push({ source: sourceOfLine(at.uri, at.range.start.line, host.fileLines(at.uri).line(at.range.start.line)), reference });
  }
  return found;
}

/**
 * The line that says a store offers TLS with a certificate of its own making (a MySQL 8 or later, a SQL Server), or
 * undefined: its image line, else its build's `FROM`, else its own line for a SQL Server known otherwise.
 */
export function selfCertifiedTls(node: SystemNode, map: Pick<MapFacts, 'edges' | 'node'>, host: ServerTlsHost): SystemSource | undefined {
  if (node.technology !== 'MySQL' && node.technology !== 'SQL Server') return undefined;
  const lines = imageLines(node, map, host);
  if (node.technology === 'SQL Server') return lines[0]?.source ?? node.sources.find((s) => s.uri.startsWith('file:'));
  for (const { source, reference } of lines) {
    const dotenv = sideUri('.env', source.uri);
    // The project's `.env`, read only when the reference names a variable.
    if (mysqlOffersTls(reference, dotEnvLookup(dotenv, host.sideText))) return source;
  }
  return undefined;
}

/**
 * A MySQL binlog reader's settings (issue #95, ftgo's Eventuate CDC: `EVENTUATE_CDC_READER_READER1_TYPE: mysql-binlog`): its
 * `jdbc:mysql://` address is read by mysql-binlog-connector-java, whose replication stream asks no TLS unless its `sslMode`
 * is set — not Connector/J's PREFERRED. Compose's and Kubernetes' (`value: mysql-binlog`) forms.
 */
export const readsBinlog = (lines: readonly string[]): boolean => lines.some((l) => !/^\s*#/.test(l) && /(?:_TYPE["']?\s*[:=]|^\s*value:)\s*["']?mysql-binlog["']?\s*$/i.test(l));

/** A client's settings files: .NET's `appsettings*.json`, Spring's `application*.properties|yml`, a `.env`. */
const CLIENT_SETTINGS = /\/(?:appsettings[\w.-]*\.json|application[\w.-]*\.(?:properties|ya?ml)|\.env)$/i;
/** A connection string's address on this machine with its port (`Server=localhost, 5433`, `127.0.0.1:3306`). */
const LOCAL_ADDRESS = /\b(?:localhost|127\.0\.0\.1|host\.docker\.internal)\s{0,3}[,:]\s{0,3}(\d{2,5})\b/gi;
/**
 * A client's setting that asks for clear text: SqlClient's `Encrypt=False`, libpq's `sslmode=disable`, Connector/J's
 * `useSSL=false` or `sslMode=DISABLED`. `TrustServerCertificate=true` is not one: the session stays TLS, unverified.
 */
const CLEAR_TEXT = /(?:^|[;?&\s"'])(?:Encrypt\s{0,3}=\s{0,3}(?:false|no)|sslmode\s{0,3}=\s{0,3}disable|useSSL\s{0,3}=\s{0,3}false|sslMode\s{0,3}=\s{0,3}disabled)(?=$|[;&\s"',])/i;

/**
 * The line of a client's connection string that reaches a published port on this machine asking for clear text (issue
 * #95: dotnet-podcasts' appsettings.Development.json reaches the published SQL Server with `Encrypt=False`): the
 * server's offer of TLS is then not taken, that way in is plaintext. Undefined: no such client in the index's files.
 */
export function clearTextClient(port: number | undefined, files: Iterable<string>, fileLines: (uri: string) => FileLines): SystemSource | undefined {
  if (port === undefined) return undefined;
  for (const uri of files) {
    if (!CLIENT_SETTINGS.test(uri)) continue;
    const lines = fileLines(uri).all;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!CLEAR_TEXT.test(line)) continue;
      for (const m of line.matchAll(LOCAL_ADDRESS)) if (Number(m[1]) === port) return sourceOfLine(uri, i, line);
    }
  }
  return undefined;
}

/**
 * Servers that speak only TLS on a port of theirs, known by their image (issue #95): DocumentDB Local's gateway (10260, with a
 * certificate of its own making), pebble's ACME and management APIs (14000, 15000: HTTPS only, Let's Encrypt's test server).
 */
const TLS_ONLY_IMAGES: readonly { repository: RegExp; ports: readonly number[] }[] = [
  { repository: /(?:^|\/)documentdb\/documentdb-local$|(?:^|\/)documentdb-local$/, ports: [10260] },
  { repository: /(?:^|\/)letsencrypt\/pebble$/, ports: [14000, 15000] },
  // Portainer's 9443 is HTTPS (a self-signed certificate unless given one); its 9000 is its plaintext port.
  { repository: /(?:^|\/)portainer\/portainer(?:-ce|-ee)?$/, ports: [9443] },
];

/** An nginx configuration's name: `nginx.conf`, a `.conf`, a template of one. */
const NGINX_FILE = /\/(?:nginx[^/]*|[^/]+\.conf(?:\.template|\.tmpl)?|[^/]+\.template)$/i;

/** The folders and files a component's nginx reads its configuration from: its builds' folders, the workspace paths its Compose service mounts. */
function configPlaces(node: SystemNode, map: Pick<MapFacts, 'edges' | 'node'>, host: ServerTlsHost): string[] {
  const places: string[] = [];
  // A Dockerfile's folder (not a CI workflow's that builds the image too).
  for (const id of buildIdsOf(node, map)) {
    const build = map.node(id);
    const dockerfile = build === undefined ? (id.startsWith('file:') ? id : undefined) : build.kind === 'build' ? build.sources.find((s) => s.uri.startsWith('file:'))?.uri : undefined;
    if (dockerfile !== undefined) places.push(dockerfile.slice(0, dockerfile.lastIndexOf('/') + 1));
  }
  for (const own of node.sources) {
    if (!own.uri.startsWith('file:')) continue;
    const lines = host.fileLines(own.uri).block(own.range.start.line).lines;
    if (!lines.some((l) => /^\s+(?:volumes|configs):/.test(l))) continue;
    const service = record(Object.values(record(blockValue(lines)) ?? {})[0]);
    for (const mount of service ? composeMounts(service, own.uri, () => host.fileLines(own.uri).all.join('\n')) : []) places.push(mount.source);
  }
  return places;
}

/**
 * The line that says a component's server speaks only TLS on its container port `port`, or undefined: its image's (a
 * DocumentDB Local, a pebble), else a Kong's listener on it saying `ssl`, else an nginx configuration in its build folder or a mount whose `listen` lines for that port
 * all say `ssl` (issue #95: docker-jitsi-meet's `8443 ssl http2`), or whose servers only redirect to HTTPS (mattermost/docker's
 * port 80). A published port reaching it is TLS, whatever its number.
 */
export function tlsOnlyPort(node: SystemNode | undefined, port: number | undefined, map: Pick<MapFacts, 'edges' | 'node'>, host: ServerTlsHost): SystemSource | undefined {
  if (node === undefined || port === undefined) return undefined;
  for (const { source, reference } of imageLines(node, map, host)) {
    const repository = imageRepository(reference);
    if (TLS_ONLY_IMAGES.some((known) => known.repository.test(repository) && known.ports.includes(port))) return source;
  }
  // A Kong's listener on the port says `ssl` (kongListen.ts: its settings, else its defaults' 8443, 8444, 8445).
  const kong = kongOf(node, host)?.ports.get(port);
  if (kong) return kong.tls ? kong.source : undefined;
  const places = configPlaces(node, map, host);
  if (places.length === 0) return undefined;
  const files = [...(host.files?.() ?? [])];
  for (const place of places) {
    // A folder: the nginx configurations the index holds in it; a file mounted: itself.
    const uris = place.endsWith('/') || files.some((f) => f.startsWith(`${place}/`)) ? files.filter((f) => f.startsWith(place.endsWith('/') ? place : `${place}/`) && NGINX_FILE.test(f)) : [place];
    for (const uri of uris) {
      // A file the index does not hold (a mounted file of another name) by the one bounded side read.
      const lines = files.includes(uri) ? host.fileLines(uri).all : (host.sideText?.(uri)?.split(/\r?\n/) ?? []);
      const listen = nginxListens(lines).get(port);
      if (listen?.tls) return sourceOfLine(uri, listen.line, lines[listen.line]);
      // A port whose servers only send their callers to HTTPS carries nothing in clear: its redirection's line.
      if (listen?.redirect !== undefined) return sourceOfLine(uri, listen.redirect, lines[listen.redirect]);
    }
  }
  return undefined;
}
