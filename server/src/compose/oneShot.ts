/**
 * One-shot Compose services (issue #95): a service another waits for with `condition: service_completed_successfully` runs
 * once and exits (apache/airflow's `airflow-init`: the database's migrations, the admin user). So does one the repository's
 * own scripts or Markdown start with `docker compose run` that a plain `docker compose up` does not start (taiga-docker's
 * `taiga-manage`, written in `docker-compose-inits.yml` only and run by `taiga-manage.sh`). The addresses it has only from
 * configuration it shares with the project's long-running services — a YAML anchor merged into several services, a base it
 * `extends`, an env_file several services read — are not shown to be used by it (AddressReference.oneShot).
 *
 * Only those say it: `restart: "no"` is Compose's default, which long-running servers have too, and whether a command ends
 * cannot be read from the file.
 */
import type { ComposeDocument, Json } from './model';
import { alwaysMerged, isRecord, servicesOf } from './project';
import { pairOf, type SourceNode } from '../yaml/tree';
import type { WorkspaceIndex } from '../workspace/index';
import { PerGeneration } from '../workspace/perGeneration';

type Service = { [key: string]: Json };

/**
 * The services of a project another waits to complete, each with the first condition saying it (its document's index and
 * node); and those `ran` (composeRunServices) that no file a plain `up` merges defines, with no `profiles`, and no service
 * depends on or links to, each at its name.
 */
export function oneShotServices(documents: readonly ComposeDocument[], ran: ReadonlySet<string> = new Set()): Map<string, { document: number; node: SourceNode | null }> {
  const found = new Map<string, { document: number; node: SourceNode | null }>();
  documents.forEach((document, i) => {
    const servicesNode = pairOf(document.tree, 'services')?.value ?? null;
    for (const [name, service] of Object.entries(servicesOf(document))) {
      if (!isRecord(service) || !isRecord(service.depends_on)) continue;
      const dependsNode = pairOf(pairOf(servicesNode, name)?.value, 'depends_on')?.value ?? null;
      for (const [target, spec] of Object.entries(service.depends_on)) {
        if (!isRecord(spec) || spec.condition !== 'service_completed_successfully' || found.has(target)) continue;
        found.set(target, { document: i, node: pairOf(pairOf(dependsNode, target)?.value, 'condition')?.value ?? pairOf(dependsNode, target)?.keyNode ?? null });
      }
    }
  });
  if (ran.size === 0) return found;
  const started = new Set<string>();
  for (const document of documents) {
    for (const [name, service] of Object.entries(servicesOf(document))) {
      if (!isRecord(service)) continue;
      // Started by `up`: written in a file it merges, without a profile (a profile's service is started only when named).
      if (alwaysMerged(document.uri) && service.profiles === undefined) started.add(name);
      const dependsOn = service.depends_on;
      for (const target of [...(Array.isArray(dependsOn) ? dependsOn : isRecord(dependsOn) ? Object.keys(dependsOn) : []), ...(Array.isArray(service.links) ? service.links : [])]) {
        if (typeof target === 'string') started.add(target.split(':')[0]);
      }
    }
  }
  documents.forEach((document, i) => {
    const servicesNode = pairOf(document.tree, 'services')?.value ?? null;
    for (const name of Object.keys(servicesOf(document))) {
      if (ran.has(name) && !started.has(name) && !found.has(name)) found.set(name, { document: i, node: pairOf(servicesNode, name)?.keyNode ?? null });
    }
  });
  return found;
}

/** The most of a script or a Markdown page read, and the longest line looked at. */
const MAX_SCRIPT_CHARS = 256 * 1024;
const MAX_LINE = 2_000;
/** Compose's global options taking a value (`-f docker-compose.yml`, `-p name`), and `run`'s. */
const GLOBAL_VALUES = new Set(['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--progress', '--parallel']);
const RUN_VALUES = new Set(['-e', '--env', '--entrypoint', '--name', '-u', '--user', '-w', '--workdir', '-v', '--volume', '-p', '--publish', '-l', '--label', '--env-from-file', '--cap-add', '--cap-drop', '--pull', '--network']);
const scriptFile = /\.(sh|bash|md|markdown)$/i;
const runs = new PerGeneration<WorkspaceIndex, Set<string>>();

/**
 * The services the repository's shell scripts and Markdown start with `docker compose run` (`docker-compose run`): the
 * first word after `run` and its options. Read as words, bounded; a word read is only compared with services' names.
 */
export function composeRunServices(index: WorkspaceIndex): Set<string> {
  return runs.get(index, index.generation, [], () => {
    const names = new Set<string>();
    for (const file of index.files()) {
      if (file.skipped || !scriptFile.test(file.uri) || !file.text.includes('compose')) continue;
      for (const line of file.text.slice(0, MAX_SCRIPT_CHARS).split('\n')) {
        if (line.length > MAX_LINE || !line.includes('compose')) continue;
        const name = ranService(line.split(/[\s`;&|()]+/));
        if (name !== undefined) names.add(name);
      }
    }
    return names;
  });
}

/** The service a command line's words run with `docker compose run`, if they do. */
function ranService(words: readonly string[]): string | undefined {
  let i = words.findIndex((word, at) => word === 'docker-compose' || word.endsWith('/docker-compose') || (word === 'compose' && words[at - 1] === 'docker'));
  if (i < 0) return undefined;
  const skipOptions = (values: ReadonlySet<string>) => {
    while (i < words.length && words[i].startsWith('-')) i += values.has(words[i]) ? 2 : 1;
  };
  i++;
  skipOptions(GLOBAL_VALUES);
  if (words[i] !== 'run') return undefined;
  i++;
  skipOptions(RUN_VALUES);
  const name = words[i]?.replace(/^["']|["']$/g, '');
  return name !== undefined && /^[a-zA-Z0-9][\w.-]{0,62}$/.test(name) ? name : undefined;
}

/**
 * Whether a one-shot service's variable is configuration it shares with a long-running service: not written in its own
 * `environment` (merged from an anchor, or from the base it extends) and given the same value by a service that is not
 * one-shot. `own`: the service's `environment` node; `others`: each other long-running service's environment.
 */
export function sharedVariable(key: string, value: Json | undefined, own: SourceNode | null, others: readonly Service[]): boolean {
  if (own !== null && (own.kind === 'seq' || pairOf(own, key) !== undefined)) return false;
  return others.some((environment) => Object.hasOwn(environment, key) && String(environment[key]) === String(value));
}

/**
 * Where a variable merged from an anchor is written: the `environment` (or the mapping itself) of a top-level `x-` extension,
 * else another service's `environment`, holding the key.
 */
export function anchoredValue(tree: SourceNode | null, key: string, except: string): SourceNode | null {
  const candidates: (SourceNode | null | undefined)[] = [];
  for (const pair of tree?.pairs ?? []) {
    if (pair.key?.startsWith('x-') !== true) continue;
    candidates.push(pairOf(pair.value, 'environment')?.value, pair.value);
  }
  for (const pair of pairOf(tree, 'services')?.value?.pairs ?? []) if (pair.key !== except) candidates.push(pairOf(pair.value, 'environment')?.value);
  for (const candidate of candidates) {
    const pair = pairOf(candidate, key);
    if (pair) return pair.value ?? pair.keyNode;
  }
  return null;
}
