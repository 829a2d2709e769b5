/**
 * Kong's listeners (issue #95, Kong/docker-kong's compose file), read from a component's blocks: its `KONG_*_LISTEN`
 * settings, which features/system/listeners.ts reads as Kong does (its defaults, `off`, the loopback, `ssl`). The Admin API's
 * ports are Kong's whole configuration to whoever reaches them (no RBAC but Enterprise's `KONG_ENFORCE_RBAC=on`).
 * `${VAR:-default}` is resolved as Compose does with the project's `.env`; a setting whose value is not known (a variable
 * unset with no default) leaves that listener unjudged. Pure: lines in.
 */
import { knownInterpolation } from '../compose/api';
import type { SystemNode, SystemSource } from '../features/system/contributor';
import { isKongImage, KONG_ROLES, kongListenerPorts, namesKongConf, type KongListeners, type KongPort, type KongRole } from '../features/system/listeners';
import { consoleFacts, consoleProducts, settingLines, type ConsoleFacts } from './consoles';
import { sourceOfLine, type FileLines } from './evidence';
import { dotEnvLookup, sideUri } from './sideFiles';

/** A `KONG_<ROLE>_LISTEN` setting in Compose's map and list forms (Kubernetes' `name:`/`value:` pairs joined by settingLines). */
const SETTING = /\bKONG_(PROXY|ADMIN|ADMIN_GUI|STATUS)_LISTEN["']?[ \t]{0,20}[:=](.{0,500})$/;

/** Whether a component runs Kong: its image (`kong`, `kong/kong-gateway`), or a setting only Kong reads in its blocks. */
export function isKong(image: string | undefined, lines: readonly string[]): boolean {
  return isKongImage(image) || lines.some((l) => !/^\s*#/.test(l) && SETTING.test(l));
}

/**
 * The listeners a Kong's settings give (`lines`: its block, the last setting of a role winning as in Compose's merge);
 * `lookup` resolves the project's variables. Undefined when a `kong.conf` is mounted or named: the defaults are then its.
 */
export function kongListeners(lines: readonly string[], lookup: (name: string) => string | undefined = () => undefined): KongListeners | undefined {
  const read = settingLines(lines);
  const set = new Map<KongRole, { value: string | undefined; line: number }>();
  read.forEach((text, line) => {
    if (/^\s*#/.test(text)) return;
    const m = SETTING.exec(text);
    const role = m && KONG_ROLES.find((r) => r.name === m[1])!.role;
    if (m && role) set.set(role, { value: knownInterpolation(m[2].trim().replace(/^["']|["']$/g, ''), lookup), line });
  });
  if (read.some((l) => !/^\s*#/.test(l) && namesKongConf(l))) return undefined;
  return kongListenerPorts(set);
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
