/**
 * What a container really listens on, whatever its `ports:` publish (issue #95): a published port nothing in the container
 * opens is no way in, neither on the map (the Compose family makes no entry of it) nor in the threat model
 * (threats/closedPorts.ts). Two readings say a port is not opened, here once for both:
 * - a product's ports its image no longer serves from a version on: Jaeger's all-in-one lost its embedded agent in v1.63
 *   (jaegertracing/jaeger#6081: the agent's Thrift UDP 5775, 6831, 6832 and its sampling HTTP 5778), yet compose files
 *   copied from its old documentation still publish them (harlow/go-micro-services). A tag `latest` or none pulls today's
 *   image, past the removal; a tag read as no version (a digest alone, a name) leaves the port open;
 * - Kong's listeners: `KONG_PROXY_LISTEN`, `KONG_ADMIN_LISTEN`, `KONG_ADMIN_GUI_LISTEN` and `KONG_STATUS_LISTEN` replace
 *   Kong's defaults (kong.conf.default: the proxy on 0.0.0.0:8000 and 0.0.0.0:8443 `ssl`, the Admin API on 127.0.0.1:8001
 *   and 127.0.0.1:8444 `ssl`, Kong Manager on 0.0.0.0:8002 and 0.0.0.0:8445 `ssl`, the status API on 127.0.0.1:8007), each
 *   a comma-separated list of `address:port [flags]`, or `off`. A port listed nowhere, or only on the container's loopback,
 *   is reached by nothing published to it; one listed with `ssl` speaks TLS;
 * - Traefik's (v2 on) command-line flags: its entry points are the `--entrypoints.<name>.address` it names (none named:
 *   `http` on :80), plus `traefik` on :8080 only when `--api.insecure`, `--ping`, Prometheus metrics or the REST provider's
 *   `insecure` leave it as their entry point (rocketchat's compose.traefik.yml publishes 8080 with
 *   `--api.insecure=${TRAEFIK_API_INSECURE:-false}`: nothing there). A configuration file, a flag not known, a value not
 *   known leave every port open.
 * Pure: values in (the callers read and interpolate them, each from its own files).
 */
import { imageRepository, imageTag, registryOf } from './images';
import { isLoopbackAddress } from './addresses';

interface RemovedPorts {
  /** The image's repository, its registry left out. */
  readonly repository: RegExp;
  readonly ports: readonly number[];
  /** The first version (major, minor) without them. */
  readonly since: readonly [number, number];
}

const REMOVED: readonly RemovedPorts[] = [{ repository: /^jaegertracing\/all-in-one$/, ports: [5775, 5778, 6831, 6832], since: [1, 63] }];

/** An image's repository (its registry host left out, lower case), its tag (undefined: none) and whether it pins a digest. */
export function imageParts(image: string): { repository: string; tag: string | undefined; digest: boolean } {
  const reference = image.trim().toLowerCase();
  const repository = imageRepository(reference);
  const registry = registryOf(repository);
  return { repository: registry === undefined ? repository : repository.slice(registry.length + 1), tag: imageTag(reference.split('@')[0]), digest: reference.includes('@') };
}

/** Whether the image runs a version from `since` on: `latest` or no tag (today's), `1` (the newest 1.x), `1.76.0`; undefined when unknown. */
function fromVersion(tag: string | undefined, digest: boolean, since: readonly [number, number]): boolean | undefined {
  if (tag === undefined) return digest ? undefined : true;
  if (tag === 'latest') return true;
  const m = /^v?(\d{1,6})(?:\.(\d{1,6}))?\b/.exec(tag);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major !== since[0]) return major > since[0];
  return m[2] === undefined || Number(m[2]) >= since[1];
}

/** Whether some version of the image's repository (`imageParts`' repository) no longer serves the port. */
export function portRemovedFrom(repository: string, port: number): boolean {
  return REMOVED.some((r) => r.ports.includes(port) && r.repository.test(repository));
}

/** Whether an image reference (its variables resolved) runs a version that no longer serves the port. */
export function imageServesNot(reference: string, port: number): boolean {
  const read = imageParts(reference);
  return REMOVED.some((r) => r.ports.includes(port) && r.repository.test(read.repository) && fromVersion(read.tag, read.digest, r.since) === true);
}

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

/** Kong's listener settings: each role, its variable's name after `KONG_` and before `_LISTEN`, and its default. */
export const KONG_ROLES: readonly { role: KongRole; name: string; defaults: string }[] = [
  { role: 'proxy', name: 'PROXY', defaults: '0.0.0.0:8000 reuseport backlog=16384, 0.0.0.0:8443 http2 ssl reuseport backlog=16384' },
  { role: 'admin', name: 'ADMIN', defaults: '127.0.0.1:8001 reuseport backlog=16384, 127.0.0.1:8444 http2 ssl reuseport backlog=16384' },
  { role: 'admin-gui', name: 'ADMIN_GUI', defaults: '0.0.0.0:8002, 0.0.0.0:8445 ssl' },
  { role: 'status', name: 'STATUS', defaults: '127.0.0.1:8007 reuseport backlog=16384' },
];

/** One listener: `0.0.0.0:8000`, `[::]:8443`, `*:8001`, then its flags. */
const LISTENER = /^(\[[^\]]{1,60}\]|[^\s:[\]]{1,253}):(\d{1,5})((?:\s+\S+){0,20})$/;

/** Whether an image is Kong's (`kong`, `kong/kong-gateway`, any tag). */
export function isKongImage(image: string | undefined): boolean {
  const named = image?.slice(image.lastIndexOf('/') + 1).split(/[:@]/)[0].toLowerCase();
  return named !== undefined && /^kong(?:-gateway)?$/.test(named);
}

/** Whether a text names a configuration file of Kong's own (`kong.conf`, `KONG_CONF`): its listeners are then there, not read. */
export function namesKongConf(text: string): boolean {
  return /\bkong\.conf\b|\bKONG_CONF\b/.test(text);
}

/**
 * The listeners Kong's settings give: `set` holds each role's setting, its value resolved (undefined: a variable not known)
 * and its line; a role not set takes Kong's default.
 */
export function kongListenerPorts(set: ReadonlyMap<KongRole, { value: string | undefined; line?: number }>): KongListeners {
  const ports = new Map<number, KongPort>();
  let complete = true;
  for (const { role, defaults } of KONG_ROLES) {
    const own = set.get(role);
    const resolved = own === undefined ? defaults : own.value;
    if (resolved === undefined) {
      complete = false;
      continue;
    }
    if (/^\s*off\s*$/i.test(resolved)) continue;
    for (const item of resolved.split(',')) {
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
      else ports.set(port, { role, tls, ...(own?.line !== undefined ? { line: own.line } : {}) });
    }
  }
  return { ports, complete };
}

/** Whether an image is Traefik's from v2 on (`traefik`, `docker.io/traefik:v3.4`, `library/traefik`): v1's flags were others. */
export function isTraefikImage(image: string | undefined): boolean {
  if (image === undefined) return false;
  const { repository, tag } = imageParts(image);
  return /^(?:library\/)?traefik$/.test(repository) && !/^v?1(?:\.|$)/.test(tag ?? '');
}

/** Whether a text names a static configuration file of Traefik's (`--configFile`, a `traefik.yml` or `/etc/traefik` mounted): its entry points are then there. */
export function namesTraefikConf(text: string): boolean {
  return /--configfile\b|\btraefik\.(?:ya?ml|toml)\b|:\/etc\/traefik\b/i.test(text);
}

/**
 * The ports a Traefik's flags open (`args`: the container's command, each argument as written; `resolve`: a value's
 * variables resolved, undefined when not known). Undefined when they do not say: a value not known or empty on a flag that
 * places an entry point, an argument that is no `--flag[=value]` (the image name first excepted).
 */
export function traefikListenerPorts(args: readonly string[], resolve: (text: string) => string | undefined): Set<number> | undefined {
  const set = new Map<string, string | undefined>();
  for (const [i, arg] of args.entries()) {
    const m = /^--([A-Za-z][\w.-]{0,200})(?:=(.*))?$/s.exec(arg.trim());
    if (!m) {
      if (i === 0 && /^(?:\/usr\/local\/bin\/)?traefik$/.test(arg.trim())) continue;
      return undefined;
    }
    set.set(m[1].toLowerCase(), m[2]);
  }
  const value = (key: string): string | undefined => {
    const raw = set.get(key);
    const read = raw === undefined ? 'true' : resolve(raw)?.trim().replace(/^["']|["']$/g, '');
    // Empty: a variable Compose left unset.
    return read === '' ? undefined : read;
  };
  const ports = new Set<number>();
  const points = new Set<string>();
  for (const key of set.keys()) {
    const m = /^entrypoints\.([^.]{1,100})\.address$/.exec(key);
    if (!m) continue;
    const port = /^(?:\[[^\]]{0,60}\]|[^:[\]]{0,253}):(\d{1,5})(?:\/(?:tcp|udp))?$/.exec(value(key) ?? '');
    if (!port) return undefined;
    points.add(m[1]);
    ports.add(Number(port[1]));
  }
  if (points.size === 0) ports.add(80);
  // `traefik` (:8080) is made when a feature is served there and no entry point of that name is placed.
  const flag = (key: string): string | undefined => (set.has(key) ? value(key)?.toLowerCase() : 'false');
  const served = (feature: string): string | undefined => {
    const on = flag(feature);
    if (on === undefined) return undefined;
    if (on !== 'true' && ![...set.keys()].some((k) => k.startsWith(`${feature}.`))) return 'false';
    const point = set.has(`${feature}.entrypoint`) ? value(`${feature}.entrypoint`) : 'traefik';
    return point === undefined ? undefined : String(point.toLowerCase() === 'traefik');
  };
  const needs = [flag('api.insecure'), flag('providers.rest.insecure'), served('ping'), served('metrics.prometheus')];
  if (needs.includes(undefined)) return undefined;
  if (needs.includes('true') && !points.has('traefik')) ports.add(8080);
  return ports;
}
