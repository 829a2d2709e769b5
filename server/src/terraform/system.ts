/**
 * The Terraform family's part of the system map: the Kubernetes clusters and databases its modules
 * create (resources, and calls to the well-known modules: api.ts's inventory), each at the name that
 * says it. Where the files say which cluster the workloads run on, they are placed in it: an Argo CD
 * Application whose destination names a Terraform cluster deploys to it; when the Terraform nearest
 * a namespace's manifests creates one cluster only, the namespace is drawn in it.
 */
import type { SystemBuilder, SystemContributor, SystemNode } from '../features/system/contributor';
import { KubernetesGraph, locate, workloadId } from '../kubernetes/api';
import { sourceAt } from '../features/system/source';
import { terraformInventory, type Cluster, type DataStore, type TerraformLocation } from './api';
import { hclReady } from './syntax/parse';

const CLUSTER_TECHNOLOGY: Record<Cluster['provider'], string> = { google: 'GKE', aws: 'Amazon EKS', azurerm: 'AKS' };

/** What a database is built with: its service, and its engine when written. */
function databaseTechnology(store: DataStore): string {
  const service = store.type.startsWith('google_') || store.type.includes('/google') ? 'Cloud SQL' : store.type.startsWith('azurerm_') ? 'Azure Database' : store.type.includes('aurora') || store.type === 'aws_rds_cluster' ? 'Amazon Aurora' : 'Amazon RDS';
  return store.engine ? `${service} (${store.engine})` : service;
}

/** A cluster's node id: by provider and name, so that every file naming it meets on one node. */
export function clusterId(cluster: Cluster): string {
  return `terraform:cluster:${cluster.provider}:${cluster.name || `${cluster.uri}#${cluster.address}`}`;
}

function sourceOf(builder: SystemBuilder, at: TerraformLocation) {
  const file = builder.index.get(at.uri);
  return file ? [sourceAt(file, at.span.start, at.span.end)] : [];
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** Argo CD Applications whose destination names one of the clusters: each deploys to it. */
function applicationEdges(builder: SystemBuilder, clusters: ReadonlyMap<string, string>): void {
  for (const application of KubernetesGraph.of(builder.index).ofKind('Application')) {
    if (!application.apiVersion.startsWith('argoproj.io/') || application.name === undefined) continue;
    const name = record(record(application.value.spec)?.destination)?.name;
    const cluster = typeof name === 'string' ? clusters.get(name) : undefined;
    const file = builder.index.get(application.uri);
    if (!cluster || !file) continue;
    const [start, end] = locate(application, ['spec', 'destination', 'name']);
    builder.edge({ from: workloadId(application), to: cluster, kind: 'deploys', label: 'deploys to', sources: [sourceAt(file, application.offset + start, application.offset + end)] });
  }
}

/**
 * The cluster a namespace's manifests go to: going up from the folder of the file saying the
 * namespace, the first folder holding Terraform clusters decides — when it holds one only (the
 * repository's one cluster); several, and which one is not said.
 */
function nearestCluster(uri: string, clusters: readonly SystemNode[]): SystemNode | undefined {
  for (let folder = uri.slice(0, uri.lastIndexOf('/') + 1); folder.length > 0; folder = folder.slice(0, folder.lastIndexOf('/', folder.length - 2) + 1)) {
    const inside = clusters.filter((c) => c.sources[0].uri.startsWith(folder));
    if (inside.length > 0) return inside.length === 1 ? inside[0] : undefined;
  }
  return undefined;
}

export const terraformSystem: SystemContributor = {
  contribute(builder) {
    // The HCL parser loads once, asynchronously (the feature starts it; prepare awaits it): until then no module is read.
    if (!hclReady()) return;
    const inventory = terraformInventory(builder.index);
    const byName = new Map<string, string>();
    for (const cluster of inventory.clusters) {
      const id = clusterId(cluster);
      builder.node({ id, kind: 'environment', name: cluster.name || cluster.address, technology: CLUSTER_TECHNOLOGY[cluster.provider], sources: sourceOf(builder, cluster) });
      if (cluster.name) byName.set(cluster.name, id);
    }
    for (const store of inventory.dataStores) {
      if (store.kind !== 'database') continue;
      builder.node({ id: `terraform:${store.type}:${store.name || `${store.uri}#${store.address}`}`, kind: 'datastore', name: store.name || store.address, technology: databaseTechnology(store), sources: sourceOf(builder, store) });
    }
    if (byName.size > 0) applicationEdges(builder, byName);
  },
  refine(builder) {
    const clusters = [...builder.nodes()].filter((n) => n.id.startsWith('terraform:cluster:') && n.sources.length > 0);
    if (clusters.length === 0) return;
    for (const namespace of [...builder.nodes()]) {
      if (namespace.kind !== 'namespace' || namespace.parent !== undefined || !namespace.id.startsWith('k8s:') || namespace.sources.length === 0) continue;
      const cluster = nearestCluster(namespace.sources[0].uri, clusters);
      if (cluster) builder.node({ ...namespace, parent: cluster.id });
    }
  },
};
