/**
 * A server that verifies tokens (issue #95, x98b: apache/airflow's API server checks the Execution API's JWTs signed with
 * `AIRFLOW__API_AUTH__JWT_SECRET`): calls to it carry a token, so they are no missing authentication. Read from the
 * server's own configuration only, never from its callers':
 * - its environment: the Compose service's block with the anchors it merges (`<<: *airflow-common`), its env files and
 *   `.env` lines (envFiles.ts), a Kubernetes container's `- name:` with its `value:` or `valueFrom:`;
 * - the settings files its build holds (the Dockerfile's folder, or the module of a Quarkus `src/main/docker/Dockerfile.*`),
 *   tests aside: Spring's and Quarkus' `application*.properties|yml`, .NET's `appsettings*.json`.
 *
 * The rule (tokenSetting), precise rather than broad. A setting counts when its name says the server signs or checks
 * tokens:
 * - its words hold `jwk`/`jwks` (a key set: `AUTH_JWKS_URL`), or `jwt` with one of secret, key, public key, issuer,
 *   signing, verify, authority (`JWT_SECRET`, `AIRFLOW__API_AUTH__JWT_SECRET`, `JWT_PUBLIC_KEY`, `mp.jwt.verify.issuer`,
 *   `JwtBearer:Authority`);
 * - a framework's resource-server setting: Spring's `spring.security.oauth2.resourceserver.*`, MicroProfile's
 *   `mp.jwt.verify.*`, Quarkus' `quarkus.oidc.auth-server-url`/`public-key` (unless `quarkus.oidc.enabled=false`),
 *   ASP.NET's `Authentication:Schemes:Bearer:*` and a `*Bearer` section's authority or issuer; their environment forms too
 *   (`SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI`, `Authentication__Schemes__Bearer__Authority`).
 * A name that only says token (`GITHUB_TOKEN`, `SLACK_TOKEN`, `JWT_TOKEN`, `BEARER_TOKEN`: a token the server sends to
 * someone else) is the client side and never counts; nor does an OAuth client's setting (`spring.security.oauth2.client.*`,
 * `quarkus.oidc-client.*`, a Keycloak admin client's `keycloak.*`). A value that is empty or says off (`''`, `false`,
 * `none`, `null`, `disabled`, `off`, `no`, `0`) does not count; a reference (`${JWT_SECRET}`, a `secretKeyRef`) does: the
 * deployment gives it. The first such line is the evidence. Pure: the map and the host's reads in.
 */
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { buildReader, dockerfilesOf, springFilesIn, springSettings, TEST_FOLDER, type BuildHost } from './buildConsoles';
import { nameWords } from './buildTokens';
import { folderOf, mergedAnchors, sourceOfLine, type FileLines } from './evidence';
import type { EnvLine } from './envFiles';


/** What a `jwt` name must also say to be a signing or verifying setting (`publickey`, `pubkey`: MicroProfile's and others' one word). */
const JWT_PARTNER = new Set(['secret', 'key', 'publickey', 'pubkey', 'issuer', 'signing', 'verify', 'verification', 'authority']);
/** What an ASP.NET bearer section's setting is, to be its server side (`Authority`, `ValidIssuer`, `MetadataAddress`, `IssuerSigningKey`). */
const BEARER_PARTNER = new Set(['authority', 'issuer', 'issuers', 'metadata', 'signing']);

/** Whether a setting's or variable's name says the server signs or checks tokens (the module's rule). */
export function tokenSettingName(name: string): boolean {
  const words = nameWords(name);
  const joined = ` ${words.join(' ')} `;
  // An OAuth client's settings: the server calls someone else with them.
  if (/ (?:oauth2 client|oidc client|keycloak) /.test(joined)) return false;
  if (joined.includes(' oauth2 resourceserver ') || joined.includes(' mp jwt verify ')) return true;
  if (/^ quarkus oidc (?:auth server url|public key) $/.test(joined)) return true;
  if (words.includes('jwk') || words.includes('jwks')) return true;
  if (words.includes('jwt') && words.some((w) => JWT_PARTNER.has(w))) return true;
  if (joined.includes(' authentication schemes bearer ')) return true;
  return words.includes('bearer') && words.some((w) => BEARER_PARTNER.has(w));
}

/** A value that sets nothing: empty, or a switch turned off. */
const OFF = /^(?:false|none|null|nil|disabled?|off|no|0)?$/i;
/** A value as written: its comment (` # …`) and its quotes left out. */
function unquoted(value: string): string {
  const comment = value.search(/\s#/);
  return (comment >= 0 ? value.slice(0, comment) : value).trim().replace(/^["']|["']$/g, '').trim();
}

/** Whether a setting of that name and value is the module's: a token setting given a value that is not off. */
export const tokenSetting = (name: string, value: string): boolean => tokenSettingName(name) && !OFF.test(unquoted(value));

/** A Quarkus switch that turns its OIDC off (`quarkus.oidc.enabled=false`, `quarkus.oidc.tenant-enabled=false`, their environment forms). */
const oidcOff = (name: string, value: string): boolean => /^ quarkus oidc (?:tenant )?enabled $/.test(` ${nameWords(name).join(' ')} `) && /^false$/i.test(unquoted(value));

/**
 * The first line (0-based) of a block's lines that sets a token setting: `KEY: value`, `- KEY=value`, `KEY=value`, or a
 * Kubernetes `- name: KEY` with its `value:` (not off) or `valueFrom:` on the next lines. Commented lines aside.
 */
export function tokenSettingLine(lines: readonly string[]): number | undefined {
  let off = false;
  const found: { line: number; quarkus: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*#/.test(line)) continue;
    const named = /^\s*-\s*name:\s*["']?([A-Za-z_][\w.-]*)["']?\s*$/.exec(line)?.[1];
    if (named !== undefined) {
      if (!tokenSettingName(named)) continue;
      // Its value on the next lines of its item: `value: x` or `valueFrom:` (a Secret's key, a ConfigMap's).
      for (let j = i + 1; j < lines.length && j <= i + 3 && !/^\s*-\s/.test(lines[j]); j++) {
        const value = /^\s*value:(.*)$/.exec(lines[j])?.[1];
        if ((value !== undefined && !OFF.test(unquoted(value))) || /^\s*valueFrom:/.test(lines[j])) {
          found.push({ line: i, quarkus: /quarkus/i.test(named) });
          break;
        }
      }
      continue;
    }
    const setting = /^[\s-]*["']?([A-Za-z_][\w.-]*)["']?\s*[:=](.*)$/.exec(line);
    if (!setting) continue;
    if (oidcOff(setting[1], setting[2])) off = true;
    else if (tokenSetting(setting[1], setting[2])) found.push({ line: i, quarkus: /quarkus/i.test(setting[1]) });
  }
  return found.find((f) => !(off && f.quarkus))?.line;
}

/** A line defining an anchor: `key: &name`, or `&name` alone under its key. */
const ANCHOR = /(?:^|[\s:])&([\w.-]+)\s*$/;

/** Each file's anchors, by name: the line that starts the block they name. */
const anchorsRead = new WeakMap<FileLines, Map<string, number>>();

function anchorsOf(file: FileLines): Map<string, number> {
  let found = anchorsRead.get(file);
  if (found) return found;
  found = new Map();
  for (let i = 0; i < file.all.length; i++) {
    const name = ANCHOR.exec(file.all[i])?.[1];
    if (name === undefined || found.has(name) || /^\s*#/.test(file.all[i])) continue;
    // `&name` alone: the block is its key's, the line above it.
    let owner = i;
    if (/^\s*&/.test(file.all[i])) while (owner > 0 && (file.all[owner - 1].trim() === '' || /^\s*#/.test(file.all[owner - 1]) || owner === i)) owner--;
    found.set(name, owner);
  }
  anchorsRead.set(file, found);
  return found;
}

/** The blocks a block merges by its anchors (`<<: *airflow-common`), theirs too, each once: at most this many. */
const MAX_MERGED = 16;

/** A block and the blocks it merges, each with its first line. */
export function mergedBlocks(file: FileLines, line: number): { lines: readonly string[]; first: number }[] {
  const blocks = [file.block(line)];
  const seen = new Set([blocks[0].first]);
  for (let b = 0; b < blocks.length && blocks.length < MAX_MERGED; b++) {
    for (const text of blocks[b].lines) {
      for (const name of mergedAnchors(text)) {
        const at = anchorsOf(file).get(name);
        if (at === undefined || seen.has(at)) continue;
        seen.add(at);
        blocks.push(file.block(at));
      }
    }
  }
  return blocks;
}

/**
 * Each leaf of a .NET `appsettings*.json` by its path of keys (`Authentication`, `Schemes`, `Bearer`, `Authority`): read by
 * lines as the files are written (a `"Key": {` opens a section, a `}` closes one), a string, number or boolean value on the
 * key's line (a string with its quotes). 0-based lines.
 */
export function appsettingsLeaves(lines: readonly string[]): { path: string[]; value: string; line: number }[] {
  const path: string[] = [];
  const leaves: { path: string[]; value: string; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const section = /^\s*"([^"]{1,100})"\s*:\s*\{([^{}]*\})?[\s,]*$/.exec(line);
    if (section) {
      if (section[2] === undefined) path.push(section[1]);
      continue;
    }
    const leaf = /^\s*"([^"]{1,100})"\s*:\s*("(?:[^"\\]|\\.)*"|[\w.+-]+)[\s,]*$/.exec(line);
    if (leaf) leaves.push({ path: [...path, leaf[1]], value: leaf[2], line: i });
    for (const ch of line.replace(/"(?:[^"\\]|\\.)*"/g, '')) {
      if (ch === '{') path.push('');
      else if (ch === '}') path.pop();
    }
  }
  return leaves;
}

/** The first setting of a .NET `appsettings*.json` that is a token setting, by its path of keys (`Authentication:Schemes:Bearer:Authority`, `Jwt:Key`). 0-based. */
export function appsettingsTokenLine(lines: readonly string[]): number | undefined {
  return appsettingsLeaves(lines).find((leaf) => tokenSetting(leaf.path.join(':'), leaf.value))?.line;
}

/** The folder a build's settings are under: the Dockerfile's, or its module's for Quarkus' `src/main/docker/Dockerfile.jvm`. */
const buildFolder = (dockerfile: string): string => folderOf(dockerfile).replace(/src\/main\/docker\/$/, '');

/** The settings files read: Spring's and Quarkus' `application*`, .NET's `appsettings*.json`. */
const SETTINGS_FILE = /\/(?:application[\w.-]*\.(?:properties|ya?ml)|appsettings[\w.-]*\.json)$/i;

/** A JWT bearer scheme registered (`AddJwtBearer(`, `AddKeycloakJwtBearer(`, Microsoft.Identity.Web's `AddMicrosoftIdentityWebApi(`). */
const JWT_BEARER = /\b(?:Add\w{0,40}JwtBearer|AddMicrosoftIdentityWebApi)\s?\(/;
/** An endpoint asking for a user: `.RequireAuthorization(`, `[Authorize]`/`[Authorize(…)]`, a fallback policy. */
const ASKS_USER = /\.RequireAuthorization\s?\(|\[Authorize\b|\bFallbackPolicy\s?=/;
/** At most this many C# files of one build are read. */
const MAX_CODE_FILES = 500;

/**
 * An ASP.NET Core API that verifies its callers' bearer tokens (issue #95, baotoq/micro-commerce's ApiService:
 * `AddAuthentication().AddKeycloakJwtBearer(…)` and `.RequireAuthorization()` on its endpoints): both in the C# code of its
 * build's folder (tests aside), a scheme no endpoint asks for checking nothing. The scheme's line; undefined: none.
 */
function bearerApiReader(map: Parameters<typeof buildReader>[0], host: BuildHost): (node: SystemNode) => SystemSource | undefined {
  const reader = buildReader(map, host, /\.cs$/i);
  return (node) => {
    for (const dockerfile of dockerfilesOf(node, reader)) {
      const folder = folderOf(dockerfile);
      let scheme: SystemSource | undefined;
      let asks = false;
      for (const uri of [...reader.files()].filter((f) => f.startsWith(folder) && !TEST_FOLDER.test(f.slice(folder.length - 1))).slice(0, MAX_CODE_FILES)) {
        const lines = (reader.text(uri) ?? '').split(/\r?\n/);
        // A line's comment (`// .RequireAuthorization()` left from a try) says nothing.
        const code = lines.map((line) => (line.includes('//') ? line.slice(0, line.indexOf('//')) : line));
        const at = code.findIndex((line) => JWT_BEARER.test(line));
        if (at >= 0) scheme ??= sourceOfLine(uri, at, lines[at]);
        asks ||= code.some((line) => ASKS_USER.test(line));
        if (scheme && asks) return scheme;
      }
    }
    return undefined;
  };
}

/** What the reader needs beside the build reading: a file's lines (kept per version), and each component's env-file lines. */
export interface ServerTokenHost extends BuildHost {
  fileLines: (uri: string) => FileLines;
  envLines: ReadonlyMap<string, readonly EnvLine[]>;
}

/**
 * The line that says each component verifies the tokens of its callers (the module's rule), read once per component:
 * its blocks with the anchors they merge, its env files, then its build's settings files. Undefined: none.
 */
export function serverTokenReader(map: Parameters<typeof buildReader>[0], host: ServerTokenHost): (node: SystemNode) => SystemSource | undefined {
  const reader = buildReader(map, host, SETTINGS_FILE);
  const bearerOf = bearerApiReader(map, host);
  const known = new Map<string, SystemSource | undefined>();
  const read = (node: SystemNode): SystemSource | undefined => {
    for (const own of node.sources) {
      if (!own.uri.startsWith('file:')) continue;
      const file = host.fileLines(own.uri);
      for (const block of mergedBlocks(file, own.range.start.line)) {
        const at = tokenSettingLine(block.lines);
        if (at !== undefined) return sourceOfLine(own.uri, block.first + at, block.lines[at]);
      }
    }
    const env = host.envLines.get(node.id) ?? [];
    const at = tokenSettingLine(env.map((e) => e.text));
    if (at !== undefined) return env[at].source;
    for (const dockerfile of dockerfilesOf(node, reader)) {
      const folder = buildFolder(dockerfile);
      for (const uri of springFilesIn(folder, reader)) {
        const text = reader.text(uri);
        if (text === undefined) continue;
        const lines = text.split(/\r?\n/);
        const line = uri.endsWith('.json') ? appsettingsTokenLine(lines) : settingsTokenLine(lines, !/\.properties$/i.test(uri));
        if (line !== undefined) return sourceOfLine(uri, line, lines[line]);
      }
    }
    // An ASP.NET Core API registering a JWT bearer scheme that its endpoints ask for, in its code (aspnetGateway.ts).
    return bearerOf(node);
  };
  return (node) => {
    if (!known.has(node.id)) known.set(node.id, read(node));
    return known.get(node.id);
  };
}

/** A Spring or Quarkus settings file's first token setting (springSettings: properties lines, YAML keys by their path), Quarkus' OIDC switched off aside. */
export function settingsTokenLine(lines: readonly string[], yaml: boolean): number | undefined {
  const settings = springSettings(lines, yaml);
  const off = settings.some((s) => oidcOff(s.key, s.value));
  return settings.find((s) => tokenSetting(s.key, s.value) && !(off && /^quarkus\./.test(s.key)))?.line;
}
