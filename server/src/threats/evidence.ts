/**
 * What the deploy files say of a component or a connection, read from the lines the system map
 * points at (issue #65): TLS on an address (`https://`, `rediss://`, `sslmode=require`),
 * credentials (a URL's user, a password variable or a Secret reference in the caller's block),
 * secrets written as literals, what lets a container escape its platform (`privileged`, the Docker
 * socket, host namespaces), encryption at rest and public access of a Terraform resource. Pure:
 * text in, places out.
 */
import { isLoopbackAddress } from '../features/system/addresses';
import type { SystemSource } from '../features/system/contributor';
import { commandLoginLine } from './serverCommand';

/** A block of lines: an HCL block to its closing brace, a Kubernetes object's whole YAML document, or an indented YAML block (a Compose service). */
export interface Block {
  lines: string[];
  /** Its first line in the file (0-based). */
  first: number;
}

const lead = (text: string) => text.length - text.trimStart().length;

/**
 * A file's lines, split once per file version, and the blocks the map's lines start: each block is
 * found once (a Kubernetes document by halves over its separators, not by walking from the line), so
 * a file of many objects costs the sum of its blocks, not their number times its size.
 */
export class FileLines {
  readonly all: string[];
  private kube: boolean | undefined;
  private separators: number[] | undefined;
  private readonly blocks = new Map<number, Block>();
  private readonly documents = new Map<number, Block>();

  constructor(text: string) {
    this.all = text.split(/\r?\n/);
  }

  line(at: number): string {
    return this.all[at] ?? '';
  }

  /** The block starting at `line` (0-based). */
  block(line: number): Block {
    const known = this.blocks.get(line);
    if (known) return known;
    const block = this.find(line);
    this.blocks.set(line, block);
    return block;
  }

  private find(line: number): Block {
    const all = this.all;
    const start = all[line] ?? '';
    if (/\{\s*$/.test(start)) {
      let depth = 0;
      let last = line;
      for (let i = line; i < all.length; i++) {
        last = i;
        for (const ch of all[i].replace(/"(?:[^"\\]|\\.)*"/g, '""')) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
        if (depth <= 0) break;
      }
      return { lines: all.slice(line, last + 1), first: line };
    }
    this.kube ??= all.some((l) => /^(apiVersion|kind):/.test(l));
    if (this.kube) return this.document(line);
    const indent = lead(start);
    let last = line;
    while (last + 1 < all.length && (all[last + 1].trim() === '' || all[last + 1].trim().startsWith('#') || lead(all[last + 1]) > indent)) last++;
    return { lines: all.slice(line, last + 1), first: line };
  }

  /** A Kubernetes object: its whole document, between the `---` around the line. */
  private document(line: number): Block {
    const separators = (this.separators ??= this.all.flatMap((l, i) => (l.startsWith('---') ? [i] : [])));
    // The last separator before the line, by halves.
    let low = 0;
    let high = separators.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (separators[middle] < line) low = middle + 1;
      else high = middle;
    }
    const first = low > 0 ? separators[low - 1] + 1 : 0;
    const after = low < separators.length && separators[low] === line ? low + 1 : low;
    const last = (after < separators.length ? separators[after] : this.all.length) - 1;
    const known = this.documents.get(first);
    if (known) return known;
    const block = { lines: this.all.slice(first, Math.max(first, last + 1)), first };
    this.documents.set(first, block);
    return block;
  }
}

/** An address's line says TLS: a TLS scheme, or a TLS parameter. */
const TLS_TEXT = /\b(https|wss|grpcs|rediss|amqps|mqtts|ldaps|ftps|sftp)s?:\/\/|[?&;](sslmode|ssl_mode)=(require|verify-ca|verify-full|required|verify_identity)\b|[?&;](ssl|tls|usessl|use_ssl)=true\b/i;
/** An address's line says plaintext explicitly. */
const PLAIN_TEXT = /[?&;](sslmode)=(disable|allow|prefer|disabled)\b|[?&;](ssl|tls|useSSL)=false\b/i;

/**
 * MySQL Connector/J's address (`jdbc:mysql://`) without a TLS setting (issue #95, ftgo held out): since Connector/J 8.0.13 its
 * `sslMode` is PREFERRED (before, `useSSL=true` with no certificate check), and MySQL 5.7 and later make their own certificates:
 * the link is TLS that checks no certificate — not plaintext. A setting on the line decides instead (tlsOfLine).
 */
export const mysqlJdbcDefaultTls = (line: string): boolean => /\bjdbc:mysql:\/\//i.test(line) && tlsOfLine(line) === undefined;

/**
 * TLS that does not check whom it talks to (issue #95): libpq's `sslmode=require` (encrypts, verifies no certificate),
 * MongoDB's `tlsAllowInvalidCertificates`/`tlsInsecure`, Go's and Kubernetes' `insecureSkipVerify`, Python's
 * `verify=False`/`ssl_cert_reqs=none`, Node's `rejectUnauthorized: false` and `NODE_TLS_REJECT_UNAUTHORIZED=0`, JDBC's
 * `trustServerCertificate=true` and pgJDBC's `NonValidatingFactory`, a client's `--insecure`/`-k`-like `skip_verify`.
 */
const UNVERIFIED_TLS = /[?&;\s"']sslmode=require\b|\bPGSSLMODE["']?\s*[:=]\s*["']?require\b|\bsslmode["']?\s*:\s*["']?require\b|\btls(?:AllowInvalidCertificates|AllowInvalidHostnames|Insecure)=true\b|\binsecure_?skip_?verify["']?\s*[:=]\s*["']?true\b|\b(?:ssl_?)?verify(?:_ssl|_certs?)?["']?\s*[:=]\s*["']?false\b|\bssl_cert_reqs=(?:none|CERT_NONE)\b|\brejectUnauthorized["']?\s*[:=]\s*["']?false\b|\bNODE_TLS_REJECT_UNAUTHORIZED["']?\s*[:=]\s*["']?0\b|\btrustServerCertificate=true\b|\bsslfactory=org\.postgresql\.ssl\.NonValidatingFactory\b|\b(?:tls_)?skip_verify["']?\s*[:=]\s*["']?true\b/i;

/** The line says TLS without authenticating the server (UNVERIFIED_TLS), commented lines aside. */
export const unverifiedTlsLine = (line: string): boolean => !/^\s*#/.test(line) && UNVERIFIED_TLS.test(line);

/**
 * SQL Server's connection strings (issue #95): `Encrypt=False`/`Optional` is plaintext whatever follows; `Encrypt=True`,
 * `Mandatory`, `Strict` is TLS; a `TrustServerCertificate=True` alone is TLS too — Microsoft.Data.SqlClient encrypts by
 * default since its version 4 (`Encrypt=True`), and trusting the server's certificate only matters when encrypting
 * (unverifiedTlsLine says the certificate is not checked).
 */
const TDS_PLAIN = /(?:^|[;"'\s])encrypt\s*=\s*(?:false|no|optional)\b/i;
const TDS_TLS = /(?:^|[;"'\s])(?:encrypt\s*=\s*(?:true|yes|mandatory|strict)|trustServerCertificate\s*=\s*true)\b/i;

export function tlsOfLine(line: string): boolean | undefined {
  if (TDS_PLAIN.test(line)) return false;
  if (TLS_TEXT.test(line) || TDS_TLS.test(line)) return true;
  if (PLAIN_TEXT.test(line)) return false;
  return undefined;
}

/** A URL with a user (`postgres://app:…@db`). */
const URL_USER = /:\/\/[^/\s:@]+(:[^@\s]*)?@/;
/** A variable or key naming a credential. */
export const SECRET_NAME = /(PASSWORD|PASSWD|_PWD\b|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?\b)/i;

/** A URL whose password is empty (`redis://:@cache`, `postgres://app:@db`): no credential at all. */
const URL_EMPTY_PASSWORD = /:\/\/[^/\s:@]*:@/;

/** A URL with a product's well-known default credentials (`guest:guest`, `admin:admin`): anyone has them. */
const URL_DEFAULT_CREDENTIALS = /:\/\/(guest:guest|admin:admin|minioadmin:minioadmin)@/;

/**
 * A connection string's login (ADO.NET, ODBC, libpq's key=value: `Server=db;User Id=sa;Password=…`, `host=db user=app
 * password=…`): a user and a password that is not empty, or Windows' integrated security.
 */
const CONNECTION_USER = /(?:^|[;"'\s])(?:user ?id|uid|user ?name|user)\s*=\s*[^;\s"']/i;
/**
 * A connection string's password, the one pattern of both questions (is one set, is it a literal): `Password=`/`Pwd=`
 * after the line's start, a `;`, a quote, a blank or a `:-` default, blanks around `=` allowed (ADO.NET's), its value up
 * to the next `;`, blank, quote or `}`.
 */
const CONNECTION_PASSWORD = /(?:^|[;"'\s]|:-)(?:password|pwd)\s*=\s*([^;\s"'}]*)/i;

/** The password a connection string of the line sets (not empty), or undefined. */
function connectionPasswordOf(line: string): string | undefined {
  const password = CONNECTION_PASSWORD.exec(line)?.[1];
  return password === '' ? undefined : password;
}
const INTEGRATED_SECURITY = /(?:^|[;"'\s])(?:integrated security|trusted_connection)\s*=\s*(?:true|yes|sspi)\b/i;

export function credentialsInLine(line: string): boolean {
  if (URL_USER.test(line)) return !URL_EMPTY_PASSWORD.test(line) && !URL_DEFAULT_CREDENTIALS.test(line);
  return INTEGRATED_SECURITY.test(line) || (connectionPasswordOf(line) !== undefined && CONNECTION_USER.test(line));
}

/**
 * The variables of a block that carry a credential (issue #78): a key naming one with a value, a
 * Kubernetes `- name:` naming one (its value or its `secretKeyRef` below), a Compose `_FILE` secret;
 * `envFrom` of a whole Secret is `secretEnv` (which variable it holds is not in the files).
 */
export function credentialVariables(lines: readonly string[]): { names: string[]; secretEnv: boolean } {
  const names = new Set<string>();
  let secretEnv = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(?:-\s*)?secretRef:/.test(line)) secretEnv = true;
    const named = /^\s*-\s*name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$/.exec(line)?.[1];
    const key = named ?? /^[\s-]*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]\s*\S/.exec(line)?.[1];
    if (key !== undefined && SECRET_NAME.test(key) && !/^(secretName|secretKeyRef|secretRef|secrets?)$/i.test(key)) names.add(key.toUpperCase());
  }
  return { names: [...names].sort(), secretEnv };
}

/**
 * The token-signing Secrets a workload mounts or reads (`secretName: jwt-key`, a `secretKeyRef` named so): two
 * components holding the same one verify each other's tokens (bank-of-anthos's JWT) — the call carries a token.
 */
export function tokenSecrets(lines: readonly string[]): string[] {
  const found = new Set<string>();
  for (const line of lines) {
    const name = /^\s*(?:-\s*)?(?:secretName|name):\s*["']?([a-z0-9][a-z0-9.-]*)["']?\s*$/.exec(line)?.[1];
    if (name !== undefined && /(^|[.-])(jwt|token|oidc|signing)([.-]|$)/.test(name) && /secretName/.test(line)) found.add(name);
  }
  return [...found].sort();
}

/** The variable an address is the value of, from its line (`REDIS_ADDR: "redis:6379"`, `- REDIS_ADDR=…`) or the `- name:` above its `value:`. */
export function addressVariable(line: string, previous: string): string | undefined {
  const own = /^[\s-]*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]/.exec(line)?.[1];
  if (own !== undefined && own !== 'value') return own.toUpperCase();
  return /^\s*-\s*name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*$/.exec(previous)?.[1]?.toUpperCase();
}

/** The words a credential variable of a store of this technology starts with (`POSTGRES_PASSWORD`, `PGPASSWORD`). */
const TECHNOLOGY_STEMS: Readonly<Record<string, readonly string[]>> = {
  PostgreSQL: ['POSTGRES', 'PG', 'PSQL'], MySQL: ['MYSQL', 'MARIADB'], MariaDB: ['MARIADB', 'MYSQL'], MongoDB: ['MONGO'], Redis: ['REDIS'],
  Memcached: ['MEMCACHE'], Kafka: ['KAFKA'], RabbitMQ: ['RABBIT', 'AMQP'], Cassandra: ['CASSANDRA'], Elasticsearch: ['ELASTIC', 'ES_'],
};

/**
 * Whether the caller holds a credential for this link (issue #78): a credential variable that names the
 * same thing as the address (`SPRING_DATASOURCE_URL` and `SPRING_DATASOURCE_PASSWORD`), the target
 * (`CART_DB_PASSWORD` for `cart-db`) or its technology (`POSTGRES_PASSWORD` for PostgreSQL) — never
 * another variable of the caller (a Stripe key says nothing of its Redis).
 */
export function relatedCredential(address: string | undefined, names: readonly string[], target: { name: string; technology?: string }): boolean {
  const stems: string[] = [...(TECHNOLOGY_STEMS[target.technology ?? ''] ?? [])];
  const own = target.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  if (own.length >= 3) stems.push(own);
  if (address !== undefined && address.includes('_')) stems.push(address.slice(0, address.lastIndexOf('_') + 1));
  return names.some((name) => stems.some((stem) => name.startsWith(stem)));
}

/**
 * A container store's own authentication (issue #78), from its block: `required`, `none` (with the line
 * saying so when there is one: `POSTGRES_HOST_AUTH_METHOD: trust`, `ALLOW_EMPTY_PASSWORD`), or undefined
 * when the files cannot say (a configuration file mounted, a technology not known here).
 */
export function storeAuthentication(technology: string | undefined, lines: readonly string[], resource?: string): { required: boolean; line?: number } | undefined {
  const find = (test: RegExp) => {
    const i = lines.findIndex((l) => test.test(l) && !/^\s*#/.test(l));
    return i < 0 ? undefined : i;
  };
  // Managed stores: a SQL database always has its users' passwords; a managed Redis asks for one only when told to.
  if (resource !== undefined && /^(aws_db_instance|aws_rds_cluster|google_sql_database_instance|azurerm_(mssql|mysql|postgresql)_)|\/(sql-db\/google|rds\/aws)$/i.test(resource)) return { required: true };
  if (resource !== undefined && /^aws_elasticache_(replication_group|cluster)$/.test(resource)) return find(/^\s*(auth_token|user_group_ids)\s*=/) !== undefined ? { required: true } : { required: false };
  if (resource === 'google_redis_instance') return find(/^\s*auth_enabled\s*=\s*true/) !== undefined ? { required: true } : { required: false };
  if (resource !== undefined) return undefined;
  const said = containerAuthentication(technology, lines, find);
  // A Compose service written with neither its image nor its build overrides another file's (docker-zulip's CI overlay adding
  // a network to its Redis): what it does not restate, it does not turn off.
  if (said && !said.required && said.line === undefined && !lines.some((l) => /^\s*(?:-\s*)?(?:image|build):/.test(l))) return undefined;
  return said;
}

function containerAuthentication(technology: string | undefined, lines: readonly string[], find: (test: RegExp) => number | undefined): { required: boolean; line?: number } | undefined {
  const value = (name: string) => String.raw`\b${name}\b["']?\s*[:=]\s*["']?`;
  const open = (at: number | undefined) => (at === undefined ? { required: false } : { required: false, line: at });
  switch (technology) {
    case 'PostgreSQL': {
      const trust = find(new RegExp(value('POSTGRES_HOST_AUTH_METHOD') + 'trust\\b'));
      return trust !== undefined ? open(trust) : { required: true };
    }
    case 'MySQL':
    case 'MariaDB': {
      const empty = find(new RegExp(value('(?:MYSQL_ALLOW_EMPTY_PASSWORD|MARIADB_ALLOW_EMPTY_ROOT_PASSWORD)') + '(?:yes|true|1)\\b', 'i'));
      return empty !== undefined ? open(empty) : { required: true };
    }
    case 'Redis': {
      const empty = find(new RegExp(value('ALLOW_EMPTY_PASSWORD') + '(?:yes|true)\\b', 'i'));
      if (empty !== undefined) return open(empty);
      if (find(/--requirepass\b|^\s*requirepass\s|\bREDIS_PASSWORD\b/) !== undefined) return { required: true };
      // A configuration file handed to redis-server may set requirepass: the files do not say.
      if (find(/redis-server["',\s]+\/\S+\.conf\b/) !== undefined) return undefined;
      return { required: false };
    }
    case 'MongoDB':
      // `--auth`, or a login on the server's command line (DocumentDB Local's `--username … --password …`, issue #95).
      return find(/\bMONGO_INITDB_ROOT_(?:USERNAME|PASSWORD)\b|--auth\b|MONGODB_ROOT_PASSWORD\b/) !== undefined || commandLoginLine(lines) !== undefined ? { required: true } : { required: false };
    case 'Memcached':
      return find(/(?:^|["',\s])-S\b|--enable-sasl\b/) !== undefined ? { required: true } : { required: false };
    case 'Kafka':
      return find(/SASL|sasl\./) !== undefined ? { required: true } : { required: false };
    case 'Cassandra':
      return find(/PasswordAuthenticator/) !== undefined ? { required: true } : { required: false };
    // The image makes the user CLICKHOUSE_USER (else `default`) with CLICKHOUSE_PASSWORD (issue #95, langfuse held out);
    // without one, its `default` user's access depends on the image's version: the files do not say.
    case 'ClickHouse':
      return find(/\bCLICKHOUSE_PASSWORD["']?[ \t]*[:=][ \t]*["']?[^\s"'#]/) !== undefined ? { required: true } : undefined;
    // RabbitMQ always asks its clients for a user and a password (guest/guest when none is set: the default-credentials
    // rule says that one); SQL Server cannot start without its `sa` password. Neither takes an anonymous client.
    case 'RabbitMQ':
    case 'SQL Server':
      return { required: true };
    // A store of no technology known here started with a password on its command line asks for it.
    default:
      return commandLoginLine(lines) !== undefined ? { required: true } : undefined;
  }
}

/** Keys naming where a secret is, not the secret (`secretName`, `POSTGRES_PASSWORD_FILE`, `existingSecret`); Vault's `VAULT_DEV_ROOT_TOKEN_ID` is the token itself. */
const NOT_A_SECRET_KEY = /(name|ref|file|path|dir|(?<!ROOT_TOKEN)_id|arn|version|expiry|seconds|ttl|timeout|length|enabled|header|url|endpoint|host|port|algorithm|type|size|count)$|^(existing|use|enable)|^(name|secrets?)$/i;

/** A literal (not a variable, not a reference, not a placeholder) secret value. */
export function literalSecret(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v === '' || v.length < 4) return false;
  // A variable, a template, a placeholder (`GOOGLE_API_KEY_VAL`, `<token>`), a secret file's path.
  if (/^\$\{?|^\{\{|^<|^[[{]|^(true|false|null|changeme)$|^\/run\/secrets\//i.test(v) || /^[A-Z][A-Z0-9_]*$/.test(v)) return false;
  return !/valueFrom|secretKeyRef/.test(v);
}

/** A URL's password written in it (`amqp://guest:guest@rabbitmq`): the part between `:` and `@`. */
const URL_PASSWORD = /:\/\/[^/\s:@"']+:([^@\s/"']+)@/;

/** A URL's password that is a literal (not `${PW}`, `$(PW)`, `{{ .pw }}`, `<password>`, `****`). */
export function literalUrlPassword(line: string): boolean {
  const password = URL_PASSWORD.exec(line)?.[1];
  return password !== undefined && !/^(\$|\{\{|<|%24|\*+$)/.test(password);
}

/**
 * A connection string's password written in it (ADO.NET, ODBC, JDBC properties: `Server=db;User Id=sa;Password=Pass@word;`):
 * a literal, not `${PW}`, `$(PW)`, `{{ … }}`.
 */
export function literalConnectionPassword(line: string): boolean {
  const password = connectionPasswordOf(line);
  return password !== undefined && line.includes(';') && literalSecret(password);
}

/** The lines (0-based, in the block) where a secret is written as a literal: `PASSWORD: hunter2`, `- name: X_PASSWORD` + `value: …`, a URL's or a connection string's password. */
export function literalSecretLines(lines: readonly string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!/^\s*#/.test(line) && (literalUrlPassword(line) || literalConnectionPassword(line))) {
      found.push(i);
      continue;
    }
    const keyValue = /^[\s-]*["']?([A-Za-z0-9_.][A-Za-z0-9_.-]*)["']? *([:=]) *(\S.*)$/.exec(line);
    // HCL: only a quoted string is a literal (`random_password.x.result`, `var.password` are references); a YAML list
    // item `- KEY=value` (Compose's environment as a list, an env file's line) is the value as written.
    const listItem = /^\s*-\s/.test(line);
    const written = keyValue && (keyValue[2] === ':' || listItem || /^"/.test(keyValue[3])) ? keyValue[3] : undefined;
    const comment = written !== undefined && listItem ? written.indexOf(' #') : -1;
    const value = comment >= 0 ? written!.slice(0, comment).trimEnd() : written;
    if (keyValue && value !== undefined && SECRET_NAME.test(keyValue[1]) && !NOT_A_SECRET_KEY.test(keyValue[1]) && literalSecret(value)) found.push(i);
    const named = /^\s*-\s*name:\s*["']?([A-Za-z0-9_]+)["']?\s*$/.exec(line);
    if (named && SECRET_NAME.test(named[1]) && !NOT_A_SECRET_KEY.test(named[1])) {
      const value = /^\s*value: *(\S.*)$/.exec(lines[i + 1] ?? '');
      if (value && literalSecret(value[1])) found.push(i + 1);
    }
  }
  return found;
}

/** What lets a container escape to its host, per line of a block. */
const ESCAPE = /^\s*(privileged: *true|hostPID: *true|hostNetwork: *true|hostIPC: *true|pid: *["']?host|network_mode: *["']?host|hostPath:|allowPrivilegeEscalation: *true)|\/var\/run\/docker\.sock/;
/** A capability item: an escape only under `add:` (Kubernetes) or `cap_add:` (Compose), never under `drop:`. */
const CAPABILITY = /^\s*-\s*["']?(SYS_ADMIN|ALL|CAP_SYS_ADMIN)["']?\s*$/;

export function escapeLines(lines: readonly string[]): number[] {
  return lines.flatMap((line, i) => {
    // A commented-out line says nothing (mattermost/docker's `#      - /var/run/docker.sock:…` for its optional watchtower).
    if (/^\s*#/.test(line)) return [];
    if (ESCAPE.test(line)) return [i];
    if (!CAPABILITY.test(line)) return [];
    let j = i - 1;
    while (j >= 0 && /^\s*-\s/.test(lines[j])) j--;
    return j >= 0 && /^\s*(add|cap_add):\s*$/.test(lines[j]) ? [i] : [];
  });
}

/**
 * A Kubernetes container's `hostPort` (issue #78, threats78e): the port opened on every node's address, a published port
 * as a Compose `ports:` item is. Each with the `containerPort` of its list item when written there (0-based lines).
 */
export function hostPortLines(lines: readonly string[]): { line: number; port: number; target?: number }[] {
  const found: { line: number; port: number; target?: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const port = /^[\s-]*hostPort:\s*["']?(\d{1,5})["']?\s*$/.exec(lines[i])?.[1];
    if (port === undefined) continue;
    // The list item holding it: from its `- ` line to the next item or a shallower line.
    // Looked for a few lines up only: many `hostPort:` lines with no item above would each walk back to the block's start.
    let start = i;
    while (start > 0 && i - start < 16 && !/^\s*-\s/.test(lines[start])) start--;
    const indent = lines[start].length - lines[start].trimStart().length;
    let target: number | undefined;
    for (let j = start; j < lines.length && j < start + 16; j++) {
      if (j > start && (lines[j].length - lines[j].trimStart().length <= indent && lines[j].trim() !== '')) break;
      const container = /^[\s-]*containerPort:\s*["']?(\d{1,5})["']?\s*$/.exec(lines[j])?.[1];
      if (container !== undefined) target = Number(container);
    }
    found.push({ line: i, port: Number(port), ...(target !== undefined ? { target } : {}) });
  }
  return found;
}

/** A Terraform resource's encryption at rest: `storage_encrypted = true`, a KMS key, an encryption block. */
export function encryptedAtRest(lines: readonly string[], resource: string | undefined): boolean {
  if (lines.some((l) => /^\s*storage_encrypted\s*=\s*false/.test(l))) return false;
  if (lines.some((l) => /^\s*(storage_encrypted|encrypted|at_rest_encryption_enabled)\s*=\s*true|kms_key|^\s*(server_side_encryption_configuration|encryption_configuration|encryption_at_rest|encryption)\s*\{/.test(l))) return true;
  if (lines.some((l) => /^\s*sqs_managed_sse_enabled\s*=\s*false/.test(l))) return false;
  // Google Cloud encrypts every Cloud SQL, Memorystore and bucket at rest with its own keys; AWS every new S3 object
  // (SSE-S3, since January 2023), every new SQS queue (SSE-SQS, since October 2022) and every DynamoDB table.
  // A registry module of Google's (`GoogleCloudPlatform/sql-db/google`, the map's resource for it) makes those same resources.
  return resource !== undefined && (/^google_/.test(resource) || /^(googlecloudplatform|terraform-google-modules)\//i.test(resource) || /^aws_(s3_bucket|sqs_queue|dynamodb_table)$/.test(resource));
}

/**
 * A Terraform resource reachable from the Internet: `publicly_accessible = true`, a public IP, an open 0.0.0.0/0 rule;
 * a bucket open to anyone: an S3 `acl = "public-read"` (or `-write`), a public-access block turned off, a GCS member
 * `allUsers`/`allAuthenticatedUsers`, an S3 grant to the AllUsers or AuthenticatedUsers group, an Azure account allowing
 * public blobs or a container of `blob`/`container` access.
 */
export function publicLines(lines: readonly string[]): number[] {
  return lines.flatMap((line, i) => (/^\s*(publicly_accessible\s*=\s*true|associate_public_ip_address\s*=\s*true|ipv4_enabled\s*=\s*true|acl\s*=\s*"public-read(-write)?"|(block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets)\s*=\s*false|(allow_blob_public_access|allow_nested_items_to_be_public)\s*=\s*true|container_access_type\s*=\s*"(blob|container)")|0\.0\.0\.0\/0|::\/0|"all(Authenticated)?Users"|acs\.amazonaws\.com\/groups\/global\/(All|Authenticated)Users/.test(line) ? [i] : []));
}

/** The line of a Terraform resource that turns its encryption at rest off (`storage_encrypted = false`): the risk's own line. */
export function unencryptedLine(lines: readonly string[]): number | undefined {
  const i = lines.findIndex((l) => /^\s*(storage_encrypted|encrypted|sqs_managed_sse_enabled|at_rest_encryption_enabled)\s*=\s*false/.test(l));
  return i < 0 ? undefined : i;
}

/** A published port bound to the loopback in Compose's long syntax (`host_ip: 127.0.0.1` in the port's item): not reachable from outside. */
/**
 * Whether a port item's line publishes on the loopback address only (`- "127.0.0.1:8080:80"`, `[::1]:5432:5432`): its host
 * address, the one before `host:container`, is this machine's (isLoopbackAddress, the map's own test, system/entries.ts).
 */
export function publishedOnLoopback(line: string): boolean {
  for (const match of line.matchAll(/(?:^|["'\s-])(\[[0-9A-Fa-f:.]{2,45}\]|[0-9.]{7,15}|localhost):\d/g)) if (isLoopbackAddress(match[1])) return true;
  return false;
}

export function loopbackItem(lines: readonly string[], at: number): boolean {
  let start = at;
  while (start > 0 && !/^\s*-\s/.test(lines[start]) && lines[start - 1].trim() !== '') start--;
  const indent = (lines[start] ?? '').length - (lines[start] ?? '').trimStart().length;
  for (let i = start; i < lines.length && i < start + 12; i++) {
    if (i > start && (/^\s*-\s/.test(lines[i]) || lines[i].length - lines[i].trimStart().length < indent)) break;
    const hostIp = /^[\s-]*host_ip:\s*["']?([^"'\s]{1,64})["']?\s*$/.exec(lines[i])?.[1];
    if (hostIp !== undefined && isLoopbackAddress(hostIp)) return true;
  }
  return false;
}

/** A CI job that creates its own throwaway cluster (kind, k3d, minikube): what it deploys into dies with the job. */
const EPHEMERAL_CLUSTER = /\bkind\s+create\s+cluster\b|\bk3d\s+cluster\s+create\b|\bminikube\s+start\b|uses:\s*["']?(helm\/kind-action|engineerd\/setup-kind|AbsaOSS\/k3d-action|medyagh\/setup-minikube|nolar\/setup-k3d-k3s|container-tools\/kind-action)@/;

/** Each file's jobs already read (by its lines and the job's first line): many deploy lines of one job read it once. */
const jobsRead = new WeakMap<readonly string[], Map<number, boolean>>();

/** Whether the workflow job holding line `at` creates its own cluster (the job: from its `  <id>:` line under `jobs:` to the next). */
export function ephemeralClusterJob(lines: readonly string[], at: number): boolean {
  let start = at;
  while (start > 0 && !/^ {2}[A-Za-z0-9_-]+:\s*$/.test(lines[start])) start--;
  let read = jobsRead.get(lines);
  if (!read) jobsRead.set(lines, (read = new Map<number, boolean>()));
  const known = read.get(start);
  if (known !== undefined) return known;
  let found = false;
  for (let i = start; i < lines.length && !found; i++) {
    if (i > start && /^ {0,2}[A-Za-z0-9_-]+:/.test(lines[i])) break;
    found = EPHEMERAL_CLUSTER.test(lines[i]);
  }
  read.set(start, found);
  return found;
}

/**
 * A step that scans what a workflow ships (issue #78, unchecked-deployment): an action of a scanner (Trivy, Grype/Anchore,
 * Snyk, CodeQL's analysis, Docker Scout, SonarQube, Checkov, tfsec) or its command line.
 */
const SCAN_STEP = /uses:\s*["']?(?:aquasecurity\/trivy-action|aquasecurity\/tfsec-action|anchore\/scan-action|snyk\/actions\/[A-Za-z0-9_.-]+|github\/codeql-action\/analyze|docker\/scout-action|sonarsource\/sonarqube-scan-action|sonarsource\/sonarcloud-github-action|bridgecrewio\/checkov-action)@|\btrivy\s(?:image|fs|filesystem|repo|repository|config|k8s|rootfs|sbom)\b|\bgrype\s[\w.$/{-]|\bsnyk\s(?:test|container\stest|code\stest|iac\stest)\b|\bdocker\sscout\s(?:cves|quickview|recommendations|compare)\b|\bcodeql\sdatabase\sanalyze\b/;

/**
 * What lets a scan step pass whatever it finds (issue #95): the step's `continue-on-error: true`, an exit code of 0 on
 * findings (trivy-action's `exit-code: "0"`, `--exit-code 0`), `fail-build: false` (Anchore), `soft_fail: true`
 * (Checkov, tfsec), a command whose failure is swallowed (`|| true`, `|| exit 0`).
 */
const NEVER_FAILS = /^\s*(?:-\s+)?(?:continue-on-error:\s*["']?true\b|exit-code:\s*["']?0["']?\s*(?:#.*)?$|fail-build:\s*["']?false\b|soft_fail:\s*["']?true\b)|--exit-code[=\s]+["']?0\b|\|\|\s*(?:true|:|exit\s+0)\s*(?:["';#]|$)/;

/** The lines of the step holding line `at`: from its `- ` line to the next step or the end of the job's steps. */
function stepOf(lines: readonly string[], at: number): { first: number; last: number } {
  let first = at;
  while (first > 0 && !/^\s*-\s/.test(lines[first])) first--;
  const indent = lines[first].length - lines[first].trimStart().length;
  let last = first;
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i].trim() === '' || /^\s*#/.test(lines[i])) continue;
    if (lines[i].length - lines[i].trimStart().length <= indent) break;
    last = i;
  }
  return { first, last: Math.max(last, at) };
}

/** A Trivy step (its action or its command): Trivy exits 0 on findings unless told otherwise (trivy-action's `exit-code` has no default). */
const TRIVY_STEP = /uses:\s*["']?aquasecurity\/trivy-action@|\btrivy\s(?:image|fs|filesystem|repo|repository|config|k8s|rootfs|sbom)\b/;
/** What makes Trivy fail on a finding: a non-zero exit code (the action's input, the flag, the variable; an expression or a variable may be one), or a `trivy.yaml` the files do not show. */
const TRIVY_FAILS = /(?:^|[\s{,])exit-code:\s*["']?(?:[1-9]|\$\{\{)|--exit-code[=\s]+["']?(?:[1-9]|\$)|TRIVY_EXIT_CODE[:=]\s*["']?(?:[1-9]|\$)|(?:^|[\s{,])trivy-config:\s*\S|--config[=\s]/;

/**
 * The first line of a workflow that scans what it ships (SCAN_STEP) in a step that fails the job on a finding, commented
 * lines aside: none of NEVER_FAILS in the step, and for Trivy a non-zero exit code said (issue #95: its default is 0).
 */
export function scanStepLine(lines: readonly string[]): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (!SCAN_STEP.test(lines[i]) || /^\s*#/.test(lines[i])) continue;
    const { first, last } = stepOf(lines, i);
    let fails = !TRIVY_STEP.test(lines[i]);
    for (let j = first; j <= last && !fails; j++) fails = !/^\s*#/.test(lines[j]) && TRIVY_FAILS.test(lines[j]);
    for (let j = first; j <= last && fails; j++) fails = /^\s*#/.test(lines[j]) || !NEVER_FAILS.test(lines[j]);
    if (fails) return i;
    i = last;
  }
  return undefined;
}

/** The folder of a file's URI, with its trailing slash. */
/** `<<: *name` or `<<: [*a, *b]`, YAML's merge of anchors, on a line of its own. */
const MERGE = /^\s*<<\s*:\s*(\[[^\]]*\]|\*[\w.-]+)\s*$/;

/** The anchors a line merges (`<<: *airflow-common` → airflow-common; `<<: [*a, *b]` → a, b); none for any other line. */
export function mergedAnchors(line: string): string[] {
  const merge = MERGE.exec(line)?.[1];
  return merge === undefined ? [] : merge.split(/[\s,[\]]+/).filter((n) => n.startsWith('*')).map((n) => n.slice(1));
}

export const folderOf = (uri: string): string => uri.slice(0, uri.lastIndexOf('/') + 1);

export const sourceOfLine = (uri: string, line: number, text: string): SystemSource => ({ uri, range: { start: { line, character: 0 }, end: { line, character: text.length } } });
