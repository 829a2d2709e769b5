/**
 * Moleculer's calls by service name (issue #95): a service calls another's action by name (`ctx.call("users.get")`,
 * `broker.call(…)`, a populate's `action: "users.get"`), never by address; the broker finds a node running the service `users`
 * through its transporter (TCP between the nodes, or a NATS, Redis or MQTT broker). Where one image runs as several containers,
 * moleculer-runner's `SERVICES` variable (`SERVICES: users`, `SERVICES=articles,comments`, a path `services/users.service.js`)
 * says which services each loads: a service file's calls are the calls of the containers loading it, to the containers
 * loading the service called; moleculer-web's `autoAliases: true` routes to every service publishing `rest:` actions. Drawn from caller to callee (what the call does), of certainty `code`, whatever the transporter
 * carries the message; none where no container says what it loads (one process running every service calls itself).
 * Pure reading (moleculerReading); the contributor takes each container's role (roleCode.ts: the modules `SERVICES` names).
 */
import { isSingleLabel } from '../features/system/addresses';
import type { SystemBuilder, SystemNode } from '../features/system/contributor';
import { sourceAt } from '../features/system/source';
import type { IndexedFile } from '../workspace/index';
import type { Role } from './roleCode';

/** What a Moleculer service file says: the service it declares, and the actions it calls, by service. */
export interface MoleculerReading {
  /** Its `name: "users"` (the first at the schema's level), else undefined. */
  service?: string;
  calls: { service: string; start: number; end: number }[];
  /** moleculer-web's `autoAliases: true` (no `whitelist` narrowing it): a REST route to every service publishing `rest:` actions; where. */
  autoAliases?: { start: number; end: number };
  /** Its actions publish REST aliases (`rest: "GET /feed"`). */
  rest?: boolean;
}

/** `ctx.call("users.get"`, `this.broker.call('favorites.has'`, `ctx.mcall`'s items are not read (rare). */
const actionCall = /\b(?:ctx|broker)\.call\(\s{0,4}["'`]([A-Za-z][\w-]{0,62})\.[\w.-]{1,100}["'`]/g;
/** A populate's or an alias's `action: "users.get"`. */
const actionKey = /\baction:\s{0,4}["'`]([A-Za-z][\w-]{0,62})\.[\w.-]{1,100}["'`]/g;
/** The schema's name, one level in (`\tname: "users",`, `  name: 'users',`). */
const serviceName = /^[ \t]{1,8}name:\s{0,4}["'`]([A-Za-z][\w-]{0,62})["'`]/m;

/** A file's Moleculer service and calls; a file naming no `moleculer` and no call says nothing. */
export function moleculerReading(text: string): MoleculerReading {
  const reading: MoleculerReading = { calls: [] };
  if (!text.includes('.call(') && !text.includes('action:') && !text.includes('actions')) return reading;
  const aliases = /\bautoAliases:\s{0,4}true\b/.exec(text);
  // A whitelist other than `**` narrows the route to actions the map does not match.
  const whitelist = /\bwhitelist:\s{0,4}\[([^\]]{0,500})\]/.exec(text);
  if (aliases && (!whitelist || /["'`]\*\*["'`]/.test(whitelist[1]))) reading.autoAliases = { start: aliases.index, end: aliases.index + aliases[0].length };
  if (/\brest:\s{0,4}["'`{[]/.test(text)) reading.rest = true;
  for (const pattern of [actionCall, actionKey]) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index + match[0].indexOf(match[1]);
      reading.calls.push({ service: match[1].toLowerCase(), start, end: start + match[1].length });
    }
  }
  if (reading.calls.length === 0 && !reading.autoAliases && !/\bactions\s{0,4}:/.test(text)) return reading;
  const declared = serviceName.exec(text)?.[1];
  if (declared) reading.service = declared.toLowerCase();
  return reading;
}

/** `services/users.service.js` → `users`; `users` → `users`. */
function roleName(entry: string): string {
  const base = entry.slice(entry.lastIndexOf('/') + 1).toLowerCase();
  return base.replace(/(?:\.service)?\.[cm]?[jt]s$/, '');
}

const readingKey = Symbol('appconfig.moleculer');

/**
 * The calls of Moleculer services between the containers loading them (`read`: the code files with their components).
 * `scopesOf` says where a node's host names are looked up.
 */
export function contributeMoleculer(builder: SystemBuilder, read: readonly { file: IndexedFile; owners: SystemNode[] }[], scopesOf: (node: SystemNode) => string[] | undefined, roles: () => ReadonlyMap<string, Role>): void {
  const files = read.filter(({ file }) => /\.[cm]?[jt]s$/i.test(file.uri) && (file.text.includes('.call(') || file.text.includes('action:') || file.text.includes('actions')));
  if (files.length === 0) return;
  // The services each container loads: its role's modules (roleCode.ts reads moleculer-runner's `SERVICES` like any role variable).
  const loads = new Map([...roles()].filter(([id]) => builder.get(id)).map(([id, role]) => [id, new Set(role.modules.map(roleName))]));
  if (loads.size === 0) return;
  // A service is loaded by the containers whose SERVICES names it or its file.
  const loading = (service: string, fileName?: string) => [...loads].filter(([, names]) => names.has(service) || (fileName !== undefined && names.has(fileName))).map(([id]) => id);
  const declared = new Map<string, string>();
  const readings = files.map(({ file, owners }) => {
    const reading = file.model(readingKey, () => moleculerReading(file.text));
    const fileName = roleName(file.uri);
    if (reading.service) declared.set(reading.service, fileName);
    return { file, owners, reading, fileName };
  });
  const published = readings.filter(({ reading }) => reading.rest && reading.service).map(({ reading }) => reading.service!);
  for (const { file, owners, reading, fileName } of readings) {
    const calls = [...reading.calls, ...(reading.autoAliases ? published.map((service) => ({ service, ...reading.autoAliases! })) : [])];
    if (calls.length === 0) continue;
    const callers = owners.filter((owner) => loads.get(owner.id)?.has(reading.service ?? fileName) || loads.get(owner.id)?.has(fileName));
    for (const call of calls) {
      const targets = loading(call.service, declared.get(call.service)).flatMap((id) => builder.get(id) ?? []);
      for (const caller of callers) {
        const scopes = scopesOf(caller);
        if (!scopes) continue;
        for (const target of targets) {
          if (target === caller) continue;
          builder.address({
            from: caller.id, host: target.name.toLowerCase(), scopes, text: file.text.slice(call.start, call.end), source: sourceAt(file, call.start, call.end),
            internal: isSingleLabel(target.name), report: false, certainty: 'code',
          });
        }
      }
    }
  }
}
