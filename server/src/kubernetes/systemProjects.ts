/**
 * Kubernetes objects of several projects in one workspace (issue #79): two repositories side by side each with a
 * Deployment `frontend` in the default namespace are two objects of two clusters, not one (the system map's ids).
 */
import { deploymentProject } from '../features/system/source';
import type { KubernetesObject } from './model/objects';

/** The project of a plain object whose kind, namespace and name another project's object has too (issue #79). */
export const projectOf = new WeakMap<KubernetesObject, string>();

/**
 * Marks the plain objects of several projects that share a kind, namespace and name (source.ts's deploymentProject:
 * microservices-demo's and bank-of-anthos's `frontend` side by side): their ids then say their project. Returns
 * whether any does: lookups of names are then made in the writer's project first.
 */
export function separateProjects(objects: readonly KubernetesObject[]): boolean {
  const projects = new Map<string, Set<string>>();
  const projectOfUri = new Map<string, string>();
  const key = (object: KubernetesObject) => `${object.kind}/${object.namespace ?? ''}/${object.name ?? ''}`;
  for (const object of objects) {
    if (object.name === undefined) continue;
    let project = projectOfUri.get(object.uri);
    if (project === undefined) projectOfUri.set(object.uri, (project = deploymentProject(object.uri)));
    const set = projects.get(key(object));
    if (set) set.add(project);
    else projects.set(key(object), new Set([project]));
  }
  let any = false;
  for (const object of objects) {
    if (object.name === undefined || (projects.get(key(object))?.size ?? 0) < 2) continue;
    projectOf.set(object, projectOfUri.get(object.uri)!);
    any = true;
  }
  return any;
}
