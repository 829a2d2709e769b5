/**
 * A Compose service's `env_file`s and the project's `.env` read as facts (issue #78): a password, a URL's
 * credentials, an authentication setting written there is the service's as much as one in its `environment:`, and
 * the risk sits on the `.env` line. What is read: every line of an `env_file` (the container's environment), and the
 * service's lines that take a value from the project's `.env` (`${KEY}` interpolated, a `- KEY` without a value),
 * placed on the `.env` line. Each side file through the host's one bounded, confined read (`sideText`).
 * Pure: the block and the reader in.
 */
import type { SystemSource } from '../features/system/contributor';
import { SECRET_NAME, sourceOfLine, type Block } from './evidence';
import { blockValue, composeMounts, mountedFile, record, sideUri } from './sideFiles';
import { dotEnvLine } from '../compose/api';

/** A line of an env file: its text as a `KEY: value` line (what the block readers take), and its place. */
export interface EnvLine {
  text: string;
  source: SystemSource;
}

/** An env file's lines as Compose reads them (compose/interpolate.ts dotEnvLine, each value read with the file's earlier ones), with their place. */
function envFileLines(uri: string, text: string): (EnvLine & { key: string; value: string })[] {
  const vars = new Map<string, string>();
  const out: (EnvLine & { key: string; value: string })[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const read = dotEnvLine(line, (name) => vars.get(name));
    if (read?.value === undefined) return;
    vars.set(read.key, read.value);
    // `KEY=value` as `KEY: value` (what the block readers take).
    out.push({ key: read.key, value: read.value, text: `${read.key}: ${read.value}`, source: sourceOfLine(uri, i, line) });
  });
  return out;
}

/** The `env_file:` entries of a Compose service's block (a string, a list, the long syntax's `path:`), relative paths. */
function envFileEntries(lines: readonly string[]): string[] {
  const at = lines.findIndex((l) => /^\s+env_file:/.test(l));
  if (at < 0) return [];
  const clean = (s: string) => s.trim().replace(/^["']|["']$/g, '');
  const inline = /env_file:\s*(\S.*)$/.exec(lines[at])?.[1];
  if (inline !== undefined) return inline.startsWith('[') ? inline.replace(/^\[|\]\s*$/g, '').split(',').map(clean).filter(Boolean) : [clean(inline)];
  const indent = /^\s*/.exec(lines[at])![0].length;
  const found: string[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    if (/^\s*/.exec(line)![0].length <= indent) break;
    const entry = /^\s*-\s*(?:path:\s*)?(\S.*)$/.exec(line)?.[1] ?? /^\s*path:\s*(\S.*)$/.exec(line)?.[1];
    if (entry !== undefined) found.push(clean(entry));
  }
  return found;
}

/** A variable reference in a Compose line: `${KEY}`, `${KEY:-default}`, `$KEY`. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?+-][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The block's lines that take a value from the project's `.env` (`vars`: its variables, their value and line): a line
 * naming `${KEY}` interpolated (`GF_AUTH_ANONYMOUS_ENABLED: ${ANON}` with `ANON=true` is an anonymous access), placed on
 * the `.env` line of its first variable (of the first naming a secret: a password interpolated into an address or a
 * connection string is written there); a `- KEY` or `KEY:` without a value, the `.env` line itself.
 */
function fromDotenv(lines: readonly string[], vars: ReadonlyMap<string, EnvLine & { value: string }>): EnvLine[] {
  const out: EnvLine[] = [];
  for (const line of lines) {
    if (/^\s*#/.test(line)) continue;
    const bare = /^\s*-\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(line)?.[1] ?? /^\s+([A-Z_][A-Z0-9_]*):\s*$/.exec(line)?.[1];
    if (bare !== undefined) {
      const known = vars.get(bare);
      if (known) out.push({ text: known.text, source: known.source });
      continue;
    }
    let first: EnvLine | undefined;
    let secret: EnvLine | undefined;
    const text = line.replace(REFERENCE, (whole, braced: string | undefined, plain: string | undefined) => {
      const known = vars.get(braced ?? plain ?? '');
      if (!known) return whole;
      first ??= known;
      // A password interpolated into an address or a connection string is written on its own variable's line.
      if (SECRET_NAME.test(braced ?? plain ?? '')) secret ??= known;
      return known.value;
    });
    if (first) out.push({ text, source: (secret ?? first).source });
  }
  return out;
}

/**
 * A settings file of `key = value` lines the service's own environment names (`RABBITMQ_CONFIG_FILE=/etc/pitstop/rabbitmq.conf`;
 * without an extension RabbitMQ adds `.conf`) or mounted where RabbitMQ reads its own, when the service puts a workspace file
 * there (`- ./rabbitmq:/etc/pitstop`, the long syntax, a config: sideFiles.ts composeMounts): its URI (issue #95: a RabbitMQ's
 * own `default_user`). `fileText`: the Compose file's.
 */
function mountedConfigFiles(uri: string, lines: readonly string[], fileText: () => string | undefined): string[] {
  if (!lines.some((l) => /^\s+(?:volumes|configs):/.test(l))) return [];
  const service = record(Object.values(record(blockValue(lines)) ?? {})[0]);
  const mounts = service ? composeMounts(service, uri, fileText) : [];
  if (mounts.length === 0) return [];
  const wanted = new Set(['/etc/rabbitmq/rabbitmq.conf']);
  for (const line of lines) {
    const named = /\b[A-Z][A-Z0-9_]*_CONFIG_FILE["']?\s*[:=]\s*["']?(\/[^"'\s$]+)/.exec(line)?.[1];
    if (named !== undefined) wanted.add(/\.[a-z]+$/.test(named) ? named : `${named}.conf`);
  }
  return [...wanted].map((file) => mountedFile(file, mounts)).filter((f): f is string => f !== undefined);
}

/**
 * A Compose project's secrets kept as files of the repository (threats78e, dockersamples' AtSea: `secrets:` →
 * `postgres_password: {file: ./devsecrets/postgres_password}`): the secret itself is written in the repository, on the
 * `file:` line that names it (0-based), when the file is there and not empty (read by the one bounded, confined read).
 */
export function committedSecretFiles(uri: string, lines: readonly string[], sideText: (uri: string) => string | undefined): number[] {
  const found: number[] = [];
  const at = lines.findIndex((l) => /^secrets:\s*$/.test(l));
  for (let i = at + 1; at >= 0 && i < lines.length && !/^\S/.test(lines[i]); i++) {
    const file = /^\s+file:\s*["']?([^"'\s#]+)["']?\s*$/.exec(lines[i])?.[1];
    const side = file === undefined ? undefined : sideUri(file, uri);
    if (side !== undefined && (sideText(side) ?? '').trim() !== '') found.push(i);
  }
  return found;
}

/** The env lines of a Compose service (`block`: its block in `uri`); `sideText`: a side file's text by URI, undefined when not read. */
export function envLinesOf(uri: string, block: Block, sideText: (uri: string) => string | undefined): EnvLine[] {
  const out: EnvLine[] = [];
  const read = (file: string) => {
    const text = sideText(file);
    if (text !== undefined) out.push(...envFileLines(file, text).map(({ text, source }) => ({ text, source })));
  };
  const resolve = (relative: string) => sideUri(relative, uri);
  const files = [...envFileEntries(block.lines).map(resolve), ...mountedConfigFiles(uri, block.lines, () => sideText(uri))].filter((f): f is string => f !== undefined);
  for (const file of new Set(files)) read(file);
  // The project's .env, read only when the block names a variable (most blocks name none).
  const dotenv = resolve('.env');
  if (dotenv === undefined || !block.lines.some((l) => l.includes('$') || /^\s*-\s*[A-Za-z_][A-Za-z0-9_]*\s*$/.test(l))) return out;
  const text = sideText(dotenv);
  if (text === undefined) return out;
  out.push(...fromDotenv(block.lines, new Map(envFileLines(dotenv, text).map((line) => [line.key, line]))));
  return out;
}
