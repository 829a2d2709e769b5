/**
 * Terraform's Kubernetes and Helm providers on the system map (issue #93): a `kubernetes_deployment_v1`, a stateful
 * set, a `helm_release`… runs in a cluster the provider configuration names — which the files rarely say in a way
 * read offline (an endpoint from the cluster module's outputs). It is placed in the one cluster its module creates (a
 * resource, or a cluster module's call), else in the one of the modules under its folder; several, and none is chosen.
 */
import type { SystemBuilder } from '../features/system/contributor';
import type { Declaration, TerraformModule } from './model/model';
import { IN_CLUSTER, type ResourceClass } from './systemResources';

/** What inClusters reads of a module instance on the map (system.ts's ModuleState). */
interface DrawnModule {
  module: TerraformModule;
  resources: ReadonlyMap<string, Declaration[]>;
  ids: { get(key: string): string | undefined };
}

/** Sets the parent of each workload node without one to its module's cluster; `summaries` are the clusters drawn, by `uri#address`. */
export function inClusters(builder: SystemBuilder, states: readonly DrawnModule[], summaries: ReadonlyMap<string, { id: string; known: ResourceClass }>): void {
  const clusters = [...summaries].filter(([, s]) => s.known.role === 'cluster').map(([at, s]) => {
    const uri = at.slice(0, at.indexOf('#'));
    return { folder: uri.slice(0, uri.lastIndexOf('/')), id: s.id };
  });
  for (const state of states) {
    const folder = state.module.folder;
    const own = new Set(clusters.filter((c) => c.folder === folder).map((c) => c.id));
    const under = own.size > 0 ? own : new Set(clusters.filter((c) => c.folder.startsWith(`${folder}/`)).map((c) => c.id));
    if (under.size !== 1) continue;
    const [cluster] = under;
    for (const [key, [d]] of state.resources) {
      const id = IN_CLUSTER.has(d.type ?? '') ? state.ids.get(key) : undefined;
      const node = id !== undefined ? builder.get(id) : undefined;
      if (node && node.parent === undefined) node.parent = cluster;
    }
  }
}
