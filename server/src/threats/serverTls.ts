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
import { interpolate, parseDotEnv } from '../compose/api';
import { imageRepository, imageTag } from '../features/system/images';
import { buildIdsOf } from './buildConsoles';
import { sideUri } from './sideFiles';
import { sourceOfLine, type FileLines } from './evidence';
import type { MapFacts } from './scan';

export interface ServerTlsHost {
  fileLines: (uri: string) => FileLines;
  /** A side file's text (the Compose project's `.env`), undefined when not read. */
  sideText?: (uri: string) => string | undefined;
}

/** A container's image line, in Compose's and Kubernetes' forms. */
const IMAGE_LINE = /^\s*(?:-\s*)?image:\s*["']?([^"'\s#]+)/;
/** A Dockerfile's `FROM` line. */
const FROM_LINE = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/i;

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
  const interpolated = interpolate(written, lookup);
  if (interpolated.invalid || interpolated.uses.some((use) => !use.hasDefault && !lookup(use.name))) return false;
  const tag = interpolated.value;
  if (/^(?:latest|lts|innovation|oracle|oraclelinux\d*|debian)$/i.test(tag)) return true;
  const major = /^(\d+)/.exec(tag);
  return major !== null && Number(major[1]) >= 8;
}

/** The lines that say what a component runs: its blocks' image lines, then its builds' `FROM` lines. */
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
  for (const id of buildIdsOf(node, map)) {
    for (const at of map.node(id)?.sources ?? []) {
      if (!at.uri.startsWith('file:')) continue;
      const line = host.fileLines(at.uri).line(at.range.start.line);
      const m = FROM_LINE.exec(line);
      if (m) found.push({ source: sourceOfLine(at.uri, at.range.start.line, line), reference: m[1] });
    }
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
    // The project's `.env`, read as Compose reads it, only when the reference names a variable.
    let variables: Map<string, string> | undefined | null = null;
    const lookup = (name: string) => {
      if (variables === null) {
        const text = dotenv === undefined ? undefined : host.sideText?.(dotenv);
        variables = text === undefined ? undefined : parseDotEnv(text);
      }
      return variables?.get(name);
    };
    if (mysqlOffersTls(reference, lookup)) return source;
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
