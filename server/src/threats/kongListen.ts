/**
 * Kong's listeners (issue #95, Kong/docker-kong's compose file): `KONG_PROXY_LISTEN`, `KONG_ADMIN_LISTEN`,
 * `KONG_ADMIN_GUI_LISTEN` and `KONG_STATUS_LISTEN` replace Kong's defaults (kong.conf.default: the proxy on 0.0.0.0:8000 and
 * 0.0.0.0:8443 `ssl`, the Admin API on 127.0.0.1:8001 and 127.0.0.1:8444 `ssl`, Kong Manager on 0.0.0.0:8002 and 0.0.0.0:8445
 * `ssl`, the status API on 127.0.0.1:8007), each a comma-separated list of `address:port [flags]`, or `off`. A port of the
 * container listed nowhere, or only on the container's loopback, is reached by nothing published to it; one listed with `ssl`
 * speaks TLS; the Admin API's ports are Kong's whole configuration to whoever reaches them (no RBAC but Enterprise's
 * `KONG_ENFORCE_RBAC=on`). Read from the component's blocks, `${VAR:-default}` resolved as Compose does with the project's
 * `.env`; a setting whose value is not known (a variable unset with no default) leaves that listener unjudged. Pure: lines in.
 */
import { interpolate } from '../compose/api';
import { isLoopbackAddress } from '../features/system/addresses';
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { consoleFacts, consoleProducts, settingLines, type ConsoleFacts } from './consoles';
import { sourceOfLine, type FileLines } from './evidence';
import { dotEnvLookup, sideUri } from './sideFiles';

export type KongRole = 'proxy' | 'admin' | 'admin-gui' | 'status';

/** A port Kong listens on beyond the container's loopback: what serves it, whether TLS, and the setting's 0-based line (none: a default). */
export interface KongPort {
  role: KongRole;
  tls: boolean;
  line?: number;
}

/** The listeners of one Kong: its reachable ports; `complete` when every listener's setting is known (a port listed nowhere is then closed). */
export interface KongListeners {
  ports: Map<number, KongPort>;
  complete: boolean;
}

const ROLES: readonly { role: KongRole; name: string; defaults: string }[] = [
  { role: 'proxy', name: 'PROXY', defaults: '0.0.0.0:8000 reuseport backlog=16384, 0.0.0.0:8443 http2 ssl reuseport backlog=16384' },
  { role: 'admin', name: 'ADMIN', defaults: '127.0.0.1:8001 reuseport backlog=16384, 127.0.0.1:8444 http2 ssl reuseport backlog=16384' },
  { role: 'admin-gui', name: 'ADMIN_GUI', defaults: '0.0.0.0:8002, 0.0.0.0:8445 ssl' },
  { role: 'status', name: 'STATUS', defaults: '127.0.0.1:8007 reuseport backlog=16384' },
];

/** A `KONG_<ROLE>_LISTEN` setting in Compose's map and list forms (Kubernetes' `name:`/`value:` pairs joined by settingLines). */
const SETTING = /\bKONG_(PROXY|ADMIN|ADMIN_GUI|STATUS)_LISTEN["']?[ \t]{0,20}[:=](.{0,500})$/;
/** One listener: `0.0.0.0:8000`, `[::]:8443`, `*:8001`, then its flags. */
const LISTENER = /^(\[[^\]]{1,60}\]|[^\s:[\]]{1,253}):(\d{1,5})((?:\s+\S+){0,20})$/;

/** Whether a component runs Kong: its image (`kong`, `kong/kong-gateway`), or a setting only Kong reads in its blocks. */
export function isKong(image: string | undefined, lines: readonly string[]): boolean {
  const named = image?.slice(image.lastIndexOf('/') + 1).split(/[:@]/)[0].toLowerCase();
  return (named !== undefined && /^kong(?:-gateway)?$/.test(named)) || lines.some((l) => !/^\s*#/.test(l) && SETTING.test(l));
}

/**
 * The listeners a Kong's settings give (`lines`: its block, the last setting of a role winning as in Compose's merge);
 * `lookup` resolves the project's variables. Undefined when a `kong.conf` is mounted or named: the defaults are then its.
 */
export function kongListeners(lines: readonly string[], lookup: (name: string) => string | undefined = () => undefined): KongListeners | undefined {
  const read = settingLines(lines);
  const set = new Map<KongRole, { value: string; line: number }>();
  read.forEach((text, line) => {
    if (/^\s*#/.test(text)) return;
    const m = SETTING.exec(text);
    const role = m && ROLES.find((r) => r.name === m[1])!.role;
    if (m && role) set.set(role, { value: m[2].trim().replace(/^["']|["']$/g, ''), line });
  });
  if (read.some((l) => !/^\s*#/.test(l) && /\bkong\.conf\b|\bKONG_CONF\b/.test(l))) return undefined;
  const ports = new Map<number, KongPort>();
  let complete = true;
  for (const { role, defaults } of ROLES) {
    const own = set.get(role);
    const resolved = own === undefined ? { value: defaults, uses: [] } : interpolate(own.value, lookup);
    if (resolved.invalid || resolved.uses.some((use) => !use.hasDefault && lookup(use.name) === undefined)) {
      complete = false;
      continue;
    }
    if (/^\s*off\s*$/i.test(resolved.value)) continue;
    for (const item of resolved.value.split(',')) {
      const m = LISTENER.exec(item.trim());
      if (!m) {
        complete = false;
        continue;
      }
      const port = Number(m[2]);
      if (port < 1 || port > 65535 || isLoopbackAddress(m[1])) continue;
      const tls = /\sssl(?:\s|$)/.test(m[3]);
      const known = ports.get(port);
      // A port two listeners share: TLS only if both say so.
      if (known) known.tls &&= tls;
      else ports.set(port, { role, tls, ...(own !== undefined ? { line: own.line } : {}) });
    }
  }
  return { ports, complete };
}

/** What Kong's reading needs: a file's lines, and a side file's text (the project's `.env`) by the one bounded read. */
export interface KongHost {
  fileLines: (uri: string) => FileLines;
  sideText?: (uri: string) => string | undefined;
}

/** A Kong component's listeners with the line each was set on (its image line for a default), and its blocks' lines with their places. */
export interface KongComponent {
  ports: Map<number, KongPort & { source: SystemSource }>;
  complete: boolean;
  lines: string[];
  places: SystemSource[];
}

/** A component's blocks' lines with their places, and its project's variables (its `.env`, read on the first lookup). */
export function componentLines(node: Pick<SystemNode, 'sources'>, host: KongHost): { lines: string[]; places: SystemSource[]; lookup: (name: string) => string | undefined } {
  const lines: string[] = [];
  const places: SystemSource[] = [];
  let dotenv: string | undefined;
  for (const own of node.sources) {
    if (!own.uri.startsWith('file:')) continue;
    const block = host.fileLines(own.uri).block(own.range.start.line);
    block.lines.forEach((text, i) => {
      lines.push(text);
      places.push(sourceOfLine(own.uri, block.first + i, text));
    });
    dotenv ??= sideUri('.env', own.uri);
  }
  return { lines, places, lookup: dotEnvLookup(dotenv, host.sideText) };
}

/** A Kong component's listeners (above), or undefined when it is no Kong or its configuration is elsewhere. */
export function kongOf(node: Pick<SystemNode, 'image' | 'sources'>, host: KongHost): KongComponent | undefined {
  const { lines, places, lookup } = componentLines(node, host);
  if (!isKong(node.image, lines)) return undefined;
  const listeners = kongListeners(lines, lookup);
  if (!listeners) return undefined;
  const imageAt = lines.findIndex((l) => /^\s*image:/.test(l));
  const fallback = places[Math.max(imageAt, 0)];
  const ports = new Map<number, KongPort & { source: SystemSource }>();
  for (const [port, listener] of listeners.ports) ports.set(port, { ...listener, source: listener.line !== undefined ? places[listener.line] : fallback });
  return fallback === undefined ? undefined : { ports, complete: listeners.complete, lines, places };
}

/**
 * A Kong's Admin API as a console (consoles.ts) on the ports its listeners open beyond the loopback, the lines setting them
 * as its sources, asking no credentials unless its settings turn RBAC on; undefined when no Admin API port is open.
 */
export function kongAdminConsole(node: Pick<SystemNode, 'image' | 'sources'>, host: KongHost): { facts: ConsoleFacts; sources: SystemSource[] } | undefined {
  const kong = kongOf(node, host);
  const admin = kong === undefined ? [] : [...kong.ports].filter(([, listener]) => listener.role === 'admin');
  if (kong === undefined || admin.length === 0) return undefined;
  const facts = consoleFacts(consoleProducts.find((p) => p.name === 'Kong Admin API')!, kong.lines);
  const sources = [...new Set([...admin.map(([, listener]) => listener.source), ...facts.lines.map((i) => kong.places[i])])];
  return { facts: { ...facts, ports: admin.map(([port]) => port) }, sources };
}

/** Whether a Kong's container port is reached by nothing (listed by no listener, or only on its loopback, every setting known). */
export const kongClosed = (kong: ReturnType<typeof kongOf>, port: number | undefined): boolean => kong !== undefined && kong.complete && port !== undefined && !kong.ports.has(port);
