/**
 * A secret written as a literal in a program's own configuration (issue #95, asc-lab/micronaut-microservices-poc kept aside:
 * the gateway's JWT signing secret, `micronaut.security.token.jwt.signatures.secret.generator.secret:
 * pleaseChangeThisSecretForANewOne` in its application.yml): the Spring or Micronaut files (`application*.properties|yml`)
 * of the folder a component's Dockerfile builds, tests aside (buildConsoles.ts), read as full keys. A key whose last part
 * names a secret (`…password`, `…secret`, `client-secret`, `jwtSecret`, `api-key`, `private-key`, `…token`) with a literal
 * value (evidence.ts literalSecret: not empty, not a `${X}` placeholder, not a variable's name) is one. Evidence for the
 * model holding a secret (analysis.ts holdsNoSecret); the first line found. Each component read once. Pure otherwise.
 */
import type { SystemSource } from '../features/system/contributor';
import { textCopies } from '../dockerfile/api';
import { buildReader, dockerfilesOf, springFilesIn, springSettings, type BuildHost, type BuildReader } from './buildConsoles';
import { folderOf, literalSecret, sourceOfLine } from './evidence';
import { blockValue, composeMounts, mountedFile, record, sideUri } from './sideFiles';

/** The last part of a key, its separators dropped (`client-secret` → `clientsecret`), ending with a secret's name. */
const SECRET_PART = /(?:password|passwd|pwd|secret|secretkey|apikey|privatekey|accesskey|token)$/;

/** Whether a full configuration key names a secret by its last part. */
export function secretKey(key: string): boolean {
  const last = key.slice(key.lastIndexOf('.') + 1).replace(/[-_]/g, '').toLowerCase();
  return SECRET_PART.test(last);
}

/** The line of a literal secret in the Spring or Micronaut files each component's build holds, by component id. */
export function buildConfigSecrets(map: Pick<BuildReader, 'edges' | 'node'>, host: BuildHost): (id: string) => SystemSource | undefined {
  const reader = buildReader(map, host);
  const known = new Map<string, SystemSource | undefined>();
  return (id) => {
    if (known.has(id)) return known.get(id);
    const node = map.node(id);
    let found: SystemSource | undefined;
    for (const dockerfile of node ? dockerfilesOf(node, reader) : []) {
      for (const uri of springFilesIn(folderOf(dockerfile), reader)) {
        const lines = (reader.text(uri) ?? '').split(/\r?\n/);
        const setting = springSettings(lines, !uri.endsWith('.properties')).find((s) => secretKey(s.key) && !s.value.includes('${') && literalSecret(s.value));
        if (setting) {
          found = sourceOfLine(uri, setting.line, lines[setting.line]);
          break;
        }
      }
      if (found) break;
    }
    known.set(id, found);
    return found;
  };
}

/** The first line of a PEM private key, unencrypted (`-----BEGIN PRIVATE KEY-----`, `RSA`, `EC`, `OPENSSH`), followed by its body. */
const PRIVATE_KEY_BEGIN = /^-----BEGIN (?:RSA |EC |DSA |OPENSSH )?PRIVATE KEY-----\s*$/;

/** A file name that may hold a private key or a service's configuration, among the files a container is given. */
const KEY_FILE = /(?:\.(?:pem|key)|\/id_(?:rsa|ecdsa|ed25519))$/i;
const JSON_FILE = /\.json$/i;

/** A configuration read beyond this size is not looked into (keys and service configurations are a few kilobytes). */
const MAX_SIDE = 256 * 1024;

/**
 * The 0-based line of a committed private key: a PEM `BEGIN … PRIVATE KEY` line followed by a base64 body line (a file
 * whose body is empty, a placeholder or elided is none; an ENCRYPTED key needs its passphrase, not read as one).
 */
export function privateKeyLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => PRIVATE_KEY_BEGIN.test(l));
  return at >= 0 && /^[A-Za-z0-9+/=]{40,}\s*$/.test(lines[at + 1] ?? '') ? at : undefined;
}

/**
 * The literal secrets of a JSON service configuration (issue #95, DeathStarBench's socialNetwork: `"secret": "secret"`,
 * its JWT signing key, in config/service-config.json): a key whose last part names a secret, with a literal string value
 * (not a `${X}` placeholder, not a variable's name), each its 0-based line.
 */
export function jsonSecretLines(text: string): number[] {
  if (text.length > MAX_SIDE || !text.trimStart().startsWith('{')) return [];
  try {
    return springSettings(text.split(/\r?\n/), true).filter((s) => secretKey(s.key) && !s.value.includes('${') && literalSecret(s.value)).map((s) => s.line);
  } catch {
    return [];
  }
}

/** What the committed secrets are read with: the workspace's files (the index's), a file's text by the one bounded, confined read. */
export interface SecretFilesHost {
  files: () => Iterable<string>;
  text: (uri: string) => string | undefined;
}

/**
 * The secrets committed in files a container is given (issue #95: TeaStore's ssl/key.pem, copied into every service's base
 * image; socialNetwork's keys/server.key and config/service-config.json, bind-mounted): a private key, a literal secret of
 * a JSON configuration, in the workspace files put into containers (givenToContainers; `blocks`: the Compose services'
 * blocks). Each such file read once, by the host's bounded read; its line cited.
 */
export function committedSecrets(blocks: Iterable<{ uri: string; lines: readonly string[] }>, host: SecretFilesHost): SystemSource[] {
  const given = givenToContainers(blocks, host);
  const listed = [...host.files()];
  const candidates = new Set<string>();
  for (const source of given) {
    const root = source.replace(/\/$/, '');
    // A file as it is (a folder reads as nothing); a folder by the workspace files under it the index holds.
    candidates.add(root);
    for (const uri of listed) if (uri.startsWith(`${root}/`)) candidates.add(uri);
  }
  const found: SystemSource[] = [];
  for (const uri of [...candidates].sort()) {
    if (!KEY_FILE.test(uri) && !JSON_FILE.test(uri)) continue;
    const text = host.text(uri);
    if (text === undefined || text.length > MAX_SIDE) continue;
    const lines = text.split(/\r?\n/);
    const at = KEY_FILE.test(uri) ? [privateKeyLine(text)].filter((l): l is number => l !== undefined) : jsonSecretLines(text);
    for (const line of at) found.push(sourceOfLine(uri, line, lines[line]));
  }
  return found;
}

/** The workspace files and folders a Dockerfile copies into its image (`COPY ssl/ /usr/local/tomcat/ssl`), beside it; not from another stage. */
function dockerfileCopies(uri: string, text: string): string[] {
  return textCopies(text).flatMap((copy) => copy.sources.filter((part) => !/[*?[]/.test(part)).map((part) => sideUri(part.replace(/^\.\//, ''), uri)).filter((side): side is string => side !== undefined));
}

const DOCKERFILE = /\/(?:[^/]*\.)?Dockerfile(?:\.[^/]*)?$/i;

/** The absolute paths a text names (`/social-network-microservices/config/redis.conf`, `tls-key-file /keys/server.key`). */
function absolutePaths(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s"'=:,[])(\/[\w.@-]+(?:\/[\w.@-]+)+)/gm)].map((m) => m[1]);
}

/**
 * The workspace files put into containers: each Compose service's bind mounts of a file (`blocks`: the services' blocks),
 * the files its block names by their path in the container through those mounts (its command's `redis.conf`), and the
 * files these name in turn (redis.conf's `tls-key-file /keys/server.key`: one step, no further); each workspace
 * Dockerfile's copies of a file. A mounted or copied folder gives the files of it the index holds (its content is not
 * listed otherwise). A copy of the Dockerfile's whole folder or above (`COPY . .`) is the program's sources: left out.
 */
function givenToContainers(blocks: Iterable<{ uri: string; lines: readonly string[] }>, host: SecretFilesHost): string[] {
  const given = new Set<string>();
  for (const { uri, lines } of blocks) {
    const service = record(Object.values(record(blockValue([...lines])) ?? {})[0]);
    if (!service) continue;
    const mounts = composeMounts(service, uri, () => host.text(uri));
    for (const mount of mounts) given.add(mount.source);
    for (const path of absolutePaths(lines.join('\n'))) {
      const file = mountedFile(path, mounts);
      if (file === undefined || given.has(file)) continue;
      given.add(file);
      const text = host.text(file);
      if (text !== undefined && text.length <= MAX_SIDE) for (const named of absolutePaths(text)) {
        const next = mountedFile(named, mounts);
        if (next !== undefined) given.add(next);
      }
    }
  }
  for (const uri of host.files()) {
    if (!DOCKERFILE.test(uri)) continue;
    const folder = folderOf(uri);
    for (const copied of dockerfileCopies(uri, host.text(uri) ?? '')) if (!folder.startsWith(copied.replace(/\/?$/, '/'))) given.add(copied);
  }
  return [...given];
}
