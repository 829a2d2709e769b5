/**
 * An ASP.NET Core reverse proxy that lets in only authenticated users (issue #95, vietnam-devs/coolstore-microservices'
 * api-gateway: YARP routes each with `"AuthorizationPolicy": "authPolicy"`, a policy `RequireAuthenticatedUser()`, cookie +
 * OpenID Connect authentication): the guard in front of the services it routes to, as an nginx or a Kong is, and a server
 * whose callers come with their login. Read from the component's own configuration, never from its callers':
 * - a YARP route asking a policy (`ReverseProxy:Routes:<route>:AuthorizationPolicy` not `anonymous`), in an `appsettings*.json`
 *   of its build's folder (tests aside) or in its environment (`ReverseProxy__Routes__<route>__AuthorizationPolicy=…`);
 * - its code in the build's folder: `MapReverseProxy(…)` with `.RequireAuthorization(` chained on it, or a proxy
 *   (`AddReverseProxy(`/`MapReverseProxy(`) beside `AddAuthentication(` and a fallback policy (`FallbackPolicy =`), every
 *   endpoint then asking for a user. The code files read are the index's (appconfig/files.ts claims a YARP setup file).
 * A policy named but never required (a route with no policy, YARP's `anonymous`) says nothing. The first line found is the
 * evidence. Pure: the map and the host's reads in.
 */
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { buildReader, dockerfilesOf, TEST_FOLDER, type BuildHost } from './buildConsoles';
import { folderOf, sourceOfLine, type FileLines } from './evidence';
import { appsettingsLeaves, mergedBlocks } from './serverTokens';

/** The files read in a build's folder: .NET's settings and C# code. */
const READ = /\/appsettings[\w.-]*\.json$|\.cs$/i;
/** At most this many files of one build are read. */
const MAX_FILES = 500;

/** A route's policy that asks nothing: YARP's `anonymous`, or none. */
const asksNothing = (value: string): boolean => /^["']?(?:anonymous)?["']?$/i.test(value.trim());

/** The 0-based line of an `appsettings*.json` where a YARP route asks an authorization policy; undefined: none. */
export function routePolicyLine(lines: readonly string[]): number | undefined {
  return appsettingsLeaves(lines).find((leaf) => {
    // The file's own braces (its outer object, an array's items) name no key.
    const keys = leaf.path.filter(Boolean);
    return keys.length === 4 && /^reverseproxy$/i.test(keys[0]) && /^routes$/i.test(keys[1]) && /^authorizationpolicy$/i.test(keys[3]) && !asksNothing(leaf.value);
  })?.line;
}

/** An environment line giving a YARP route a policy (`- ReverseProxy__Routes__api__AuthorizationPolicy=authPolicy`, `KEY: value`). */
const ENV_POLICY = /^[\s-]*["']?ReverseProxy__Routes__[\w.-]{1,100}__AuthorizationPolicy["']?\s{0,4}[:=]\s{0,4}(\S.*)?$/i;

/** The 0-based line of a C# file chaining `.RequireAuthorization(` on `MapReverseProxy(` (on its line or the next three). */
export function proxyRequiresAuthorization(lines: readonly string[]): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('MapReverseProxy(')) continue;
    for (let j = i; j < lines.length && j <= i + 3; j++) if (/\.RequireAuthorization\s?\(/.test(lines[j])) return j;
  }
  return undefined;
}

/**
 * The line that says each component is a reverse proxy letting in only authenticated users (the module's rule), read once
 * per component; undefined: none.
 */
export function authenticatingProxyReader(map: Parameters<typeof buildReader>[0], host: BuildHost & { fileLines: (uri: string) => FileLines }): (node: SystemNode) => SystemSource | undefined {
  const reader = buildReader(map, host, READ);
  const known = new Map<string, SystemSource | undefined>();
  const read = (node: SystemNode): SystemSource | undefined => {
    for (const own of node.sources) {
      if (!own.uri.startsWith('file:')) continue;
      for (const block of mergedBlocks(host.fileLines(own.uri), own.range.start.line)) {
        const at = block.lines.findIndex((line) => !asksNothing(ENV_POLICY.exec(line)?.[1] ?? ''));
        if (at >= 0) return sourceOfLine(own.uri, block.first + at, block.lines[at]);
      }
    }
    for (const dockerfile of dockerfilesOf(node, reader)) {
      const folder = folderOf(dockerfile);
      const files = [...reader.files()].filter((uri) => uri.startsWith(folder) && !TEST_FOLDER.test(uri.slice(folder.length - 1))).slice(0, MAX_FILES);
      let proxy = false;
      let authentication = false;
      let fallback: SystemSource | undefined;
      for (const uri of files) {
        const text = reader.text(uri);
        if (text === undefined) continue;
        const lines = text.split(/\r?\n/);
        if (!uri.toLowerCase().endsWith('.cs')) {
          const line = routePolicyLine(lines);
          if (line !== undefined) return sourceOfLine(uri, line, lines[line]);
          continue;
        }
        // A line's comment (`// .RequireAuthorization()` left from a try) says nothing.
        const code = lines.map((line) => (line.includes('//') ? line.slice(0, line.indexOf('//')) : line));
        const chained = proxyRequiresAuthorization(code);
        if (chained !== undefined) return sourceOfLine(uri, chained, lines[chained]);
        proxy ||= code.some((line) => /\b(?:Add|Map)ReverseProxy\s?\(/.test(line));
        authentication ||= code.some((line) => /\bAddAuthentication\s?\(/.test(line));
        const at = code.findIndex((line) => /\bFallbackPolicy\s?=/.test(line));
        if (at >= 0) fallback ??= sourceOfLine(uri, at, lines[at]);
      }
      if (proxy && authentication && fallback) return fallback;
    }
    return undefined;
  };
  return (node) => {
    if (!known.has(node.id)) known.set(node.id, read(node));
    return known.get(node.id);
  };
}
