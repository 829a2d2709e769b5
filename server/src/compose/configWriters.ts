/**
 * One-shot services that write settings for others (issue #95): frappe_docker's `configurator` runs once
 * (`bench set-config -g db_host $$DB_HOST; bench set-config -g redis_cache "redis://$$REDIS_CACHE"`) and writes the
 * addresses of its environment into `sites/common_site_config.json`, on the named volume `sites` the backend, the workers
 * and the scheduler mount and wait for it to fill (`condition: service_completed_successfully`). Those readers call what
 * it writes; the writer calls none of it. Its command says it writes settings: a tool's setter (`bench set-config`,
 * `… config set`, `occ config:system:set`), `sed -i`, or a redirection or `tee` into a file of a storage the readers
 * mount (`envsubst < app.tpl > conf/app.ini`: every variable of its environment). A writer that also migrates
 * (`migrate`, `upgrade`) connects to the databases itself: its calls stay.
 *
 * Pure: it reads the project's documents only.
 */
import type { ComposeDocument, Json } from './model';
import { mountsHolding, sharedStorage, withoutEndSlashes } from './mounts';
import { isRecord, servicesOf } from './project';
import { pairOf, type SourceNode } from '../yaml/tree';
import { addressesIn } from '../features/system/addresses';

/** A node of one of the project's documents (its index). */
export interface Place {
  document: number;
  node: SourceNode | null;
}

/** A one-shot service writing settings into storage long-running services mount. */
export interface ConfigWriter {
  /** The variables its writing statements name: the settings it writes; all of them through `envsubst`. */
  variables: ReadonlySet<string> | 'all';
  /** The hosts its writing statements name (a here-document's `url: "http://grafana:3000"`): its readers' calls too. */
  hosts: ReadonlySet<string>;
  /** Whether it migrates a database too: its own calls then stay. */
  migrates: boolean;
  /** Its command. */
  command: Place;
  /** The services waiting for it that mount what it writes into, each with that mount and, when it runs once too, where that is said. */
  readers: { name: string; mount: Place; oneShot?: Place }[];
}

/** A service as every file of the project gives it: the last `command`, `entrypoint`, `working_dir`; every volume and dependency. */
interface Merged {
  script: string;
  command: Place;
  workingDir?: string;
  /** `written`: under the service's own `volumes` (not merged from an anchor). */
  storage: { source: string; target: string; place: Place; written: boolean }[];
  dependsOn: Set<string>;
  volumesFrom: Map<string, Place>;
}

/** A command's text read at most so far (a script of a few lines; a longer value is no setting). */
const MAX_SCRIPT = 64 * 1024;

const SETTER = /\bset-config\b|\bconfig(?::\w+)?[: ]set\b|\bsed\s+-\w*i/;
const REDIRECTION = /(?:>>?[ \t]*|\btee[ \t]+(?:-a[ \t]+)?)([^\s;&|<>()"'`]+)/g;
const VARIABLE = /\$\{?([A-Za-z_]\w{0,127})/g;
const MIGRATES = /\bmigrat|\bupgrade\b/;
/** A script's last statement keeping its container up doing nothing. */
const IDLES = /\b(?:tail\s+-f\s+\/dev\/null|sleep\s+infinity)\s*$/;

const words = (value: Json | undefined): string => (typeof value === 'string' ? value : Array.isArray(value) ? value.filter((v) => typeof v === 'string').join('\n') : '');

function merged(documents: readonly ComposeDocument[]): Map<string, Merged> {
  const services = new Map<string, Merged>();
  documents.forEach((document, i) => {
    const servicesNode = pairOf(document.tree, 'services')?.value ?? null;
    for (const [name, service] of Object.entries(servicesOf(document))) {
      if (!isRecord(service)) continue;
      const pair = pairOf(servicesNode, name);
      const at = (key: string, item?: number): Place => {
        const value = pairOf(pair?.value, key)?.value;
        return { document: i, node: (item !== undefined ? value?.items?.[item] : value) ?? pair?.keyNode ?? null };
      };
      const known = services.get(name) ?? { script: '', command: at('command'), storage: [], dependsOn: new Set<string>(), volumesFrom: new Map<string, Place>() };
      if (service.command !== undefined || service.entrypoint !== undefined) {
        known.script = `${words(service.entrypoint)}\n${words(service.command)}`.slice(0, MAX_SCRIPT);
        known.command = at(service.command !== undefined ? 'command' : 'entrypoint');
      }
      if (typeof service.working_dir === 'string') known.workingDir = service.working_dir;
      const written = pairOf(pair?.value, 'volumes') !== undefined;
      for (const { source, target, index } of sharedStorage(service)) known.storage.push({ source, target, place: at('volumes', index), written });
      const dependencies = service.depends_on;
      for (const dependency of Array.isArray(dependencies) ? dependencies : isRecord(dependencies) ? Object.keys(dependencies) : []) if (typeof dependency === 'string') known.dependsOn.add(dependency);
      const from = Array.isArray(service.volumes_from) ? service.volumes_from : [];
      from.forEach((other, item) => typeof other === 'string' && known.volumesFrom.set(other.split(':')[0], at('volumes_from', item)));
      services.set(name, known);
    }
  });
  return services;
}

/** Whether a path a command writes to (absolute, or relative to its working directory) is in one of the mounts. */
function inStorage(path: string, workingDir: string | undefined, mounts: readonly { target: string }[]): boolean {
  if (path.includes('$') || path === '-') return false;
  if (path.startsWith('/')) return mountsHolding(path, mounts).length > 0;
  if (workingDir?.startsWith('/') === true) return mountsHolding(`${withoutEndSlashes(workingDir).replace(/^\/$/, '')}/${path}`, mounts).length > 0;
  // No working directory written: the image's, unknown; a path under a folder named as a mount's last segment (`sites/x`).
  const first = path.replace(/^\.\//, '').split('/')[0];
  return path.includes('/') && mounts.some((mount) => mount.target.endsWith(`/${first}`));
}

/** The variables a text names (`$NAME`, `${NAME}`, `$$NAME` as written). */
const variablesIn = (text: string): string[] => [...text.matchAll(VARIABLE)].map((match) => match[1]);

/**
 * The variables a command writes into one of the mounts: those of its statements (split at `;`, `&&`, `||`, a line's end)
 * that set a setting or redirect into the storage, all of them when such a statement runs `envsubst` (its template, not read
 * here, names them), the script's after a here-document (`cat > /conf/app.ini <<EOF`, its lines following); undefined when no
 * statement writes there. A marker written beside a call (`kafka-topics --create … $$BROKER && touch /shared/ready`) keeps it.
 */
function writtenVariables(script: string, workingDir: string | undefined, mounts: readonly { target: string }[]): { variables: ReadonlySet<string> | 'all'; hosts: ReadonlySet<string> } | undefined {
  let written: { variables: Set<string>; hosts: Set<string> } | undefined;
  for (const statement of script.split(/;|\n|&&|\|\|/)) {
    if (!SETTER.test(statement) && ![...statement.matchAll(REDIRECTION)].some((match) => inStorage(match[1], workingDir, mounts))) continue;
    if (/\benvsubst\b/.test(statement)) return { variables: 'all', hosts: written?.hosts ?? new Set<string>() };
    written ??= { variables: new Set<string>(), hosts: new Set<string>() };
    const text = statement.includes('<<') ? script : statement;
    for (const name of variablesIn(text)) written.variables.add(name);
    for (const line of text.split('\n')) for (const address of addressesIn(line)) written.hosts.add(address.host);
  }
  return written;
}

/**
 * The project's one-shot services (`oneShot`: oneShotServices), and those idling once done, writing settings into storage that services waiting for them
 * mount too (the same named volume or workspace path, or all of the writer's by `volumes_from`), by name.
 */
export function configWriters(documents: readonly ComposeDocument[], oneShot: ReadonlyMap<string, Place>): Map<string, ConfigWriter> {
  const writers = new Map<string, ConfigWriter>();
  const services = merged(documents);
  // Those running once, and those that write then idle to stay up (rocketchat-compose's traefik-init: `tail -f /dev/null`).
  const candidates = new Set([...oneShot.keys(), ...[...services].filter(([, service]) => IDLES.test(service.script)).map(([name]) => name)]);
  for (const name of candidates) {
    const writer = services.get(name);
    if (!writer || writer.script.trim() === '' || writer.storage.length === 0) continue;
    const readers: ConfigWriter['readers'] = [];
    const shared = new Set<string>();
    for (const [other, service] of services) {
      if (other === name || !service.dependsOn.has(name)) continue;
      const all = service.volumesFrom.get(name);
      const mounts = all ? [] : service.storage.filter((s) => writer.storage.some((w) => w.source === s.source));
      const mount = mounts.find((s) => s.written) ?? mounts[0];
      const place = all ?? mount?.place;
      if (place === undefined) continue;
      for (const w of writer.storage) if (all || w.source === mount?.source) shared.add(w.target);
      const once = oneShot.get(other);
      readers.push({ name: other, mount: place, ...(once ? { oneShot: once } : {}) });
    }
    const written = readers.length === 0 ? undefined : writtenVariables(writer.script, writer.workingDir, [...shared].map((target) => ({ target })));
    if (written !== undefined) writers.set(name, { ...written, migrates: MIGRATES.test(writer.script), command: writer.command, readers });
  }
  return writers;
}
