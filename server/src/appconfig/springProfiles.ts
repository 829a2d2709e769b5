/**
 * The Spring profiles each component's deployment sets (issue #95): `SPRING_PROFILES_ACTIVE` given as a literal in a Compose
 * service's `environment` or in a Kubernetes container's `env` (spring-petclinic-cloud's Deployments: `kubernetes`), which
 * replaces its build's `ENV`. `null` where the deployment sets it but the map cannot tell to what: from a variable
 * (`${PROFILES}`), a `valueFrom`, or containers of one pod giving different values. A Compose `env_file` or a Kubernetes
 * `envFrom` is not read here (deployedEnvironment.ts knows the former sets it). Pure over the index.
 */
import { composeDocumentOf, composeProjectOf, isComposeFile, servicesOf } from '../compose/api';
import { containersOf, get, KubernetesGraph, podSpecPath, workloadId } from '../kubernetes/api';
import type { SystemBuilder, SystemNode } from '../features/system/contributor';

const VARIABLE = 'SPRING_PROFILES_ACTIVE';

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A value as the map can use it: a literal, else null (a variable, empty as Compose leaves one the shell may set, a reference, another type). */
const literal = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' && !value.includes('$') ? value : null);

/** By component id: the profiles its deployment sets (`docker`, `kubernetes,mysql`), or null when set to what the map cannot tell. */
function deployedProfiles(builder: SystemBuilder): Map<string, string | null> {
  const found = new Map<string, string | null>();
  const set = (id: string, value: string | null) => found.set(id, found.has(id) && found.get(id) !== value ? null : value);
  for (const file of builder.index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const { folder } = composeProjectOf(builder.index, file.uri);
    for (const [name, service] of Object.entries(servicesOf(composeDocumentOf(file, undefined, builder.index)))) {
      const id = `compose:${folder}:${name}`;
      const environment = isRecord(service) ? service.environment : undefined;
      if (!builder.get(id)) continue;
      if (isRecord(environment) && VARIABLE in environment) set(id, literal(environment[VARIABLE]));
      if (Array.isArray(environment)) {
        for (const entry of environment) if (typeof entry === 'string' && entry.split('=', 1)[0].trim() === VARIABLE) set(id, entry.includes('=') ? literal(entry.slice(entry.indexOf('=') + 1).trim()) : null);
      }
    }
  }
  for (const object of KubernetesGraph.of(builder.index).all()) {
    if (!podSpecPath(object.kind) || !builder.get(workloadId(object))) continue;
    for (const { container } of containersOf(object.value, object.kind)) {
      const env = get(container, ['env']);
      const given = (Array.isArray(env) ? env : []).find((entry) => isRecord(entry) && entry.name === VARIABLE);
      // `env` over `envFrom` (a ConfigMap or Secret read whole, not read here: it may set it).
      if (isRecord(given)) set(workloadId(object), given.valueFrom !== undefined ? null : literal(given.value));
      else if (Array.isArray(get(container, ['envFrom']))) set(workloadId(object), null);
    }
  }
  return found;
}

/**
 * The profiles a component runs, by `SPRING_PROFILES_ACTIVE`: its deployment's literal (deployedProfiles), else its build's
 * `ENV` (`buildEnvironment`) when nothing else of its deployment (`setElsewhere`: a Compose `env_file`) may set it; undefined when unknown.
 */
export function activeProfiles(builder: SystemBuilder, buildEnvironment: (node: SystemNode) => ReadonlyMap<string, string>, setElsewhere: (node: SystemNode) => boolean): (node: SystemNode) => string | undefined {
  let deployed: Map<string, string | null> | undefined;
  return (node) => {
    const given = (deployed ??= deployedProfiles(builder)).get(node.id);
    if (given !== undefined) return given ?? undefined;
    return setElsewhere(node) ? undefined : buildEnvironment(node).get(VARIABLE);
  };
}
