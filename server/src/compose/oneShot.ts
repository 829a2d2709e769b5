/**
 * One-shot Compose services (issue #95): a service another waits for with `condition: service_completed_successfully` runs
 * once and exits (apache/airflow's `airflow-init`: the database's migrations, the admin user). The addresses it has only from
 * configuration it shares with the project's long-running services — a YAML anchor merged into several services, a base it
 * `extends`, an env_file several services read — are not shown to be used by it (AddressReference.oneShot).
 *
 * Only that condition says it: `restart: "no"` is Compose's default, which long-running servers have too, and whether a
 * command ends cannot be read from the file.
 */
import type { ComposeDocument, Json } from './model';
import { isRecord, servicesOf } from './project';
import { pairOf, type SourceNode } from '../yaml/tree';

type Service = { [key: string]: Json };

/** The services of a project another waits to complete, each with the first condition saying it (its document's index and node). */
export function oneShotServices(documents: readonly ComposeDocument[]): Map<string, { document: number; node: SourceNode | null }> {
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
  return found;
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
