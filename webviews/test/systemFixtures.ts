// The System Map's fixture: the example workspace mapped by the server's own model, each view as
// `archipel/systemMap` answers it (the page tests and the README's picture use it).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SystemMapResult, SystemMapView } from '../../server/src/protocol/system';
import { families } from '../../server/src/families/index';
import { systemContributors } from '../../server/src/families/descriptor';
import { repositoryIdOf } from '../../server/src/features/system/ids';
import { viewOf } from '../../server/src/system/diagram';
import { indexOptions } from '../../server/src/service';
import { defaultSettings } from '../../server/src/settings';
import { WorkspaceIndex } from '../../server/src/workspace/index';
import { PORTFOLIO } from './fixtures';

let index: WorkspaceIndex | undefined;

/** The example's files, indexed as the server reads them (once). */
function portfolioIndex(): WorkspaceIndex {
  if (index) return index;
  index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|json|md|mmd)$|Dockerfile$/.test(name)) index!.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  };
  walk(PORTFOLIO);
  return index;
}

/** A view of the example as `archipel/systemMap` answers it. */
export function exampleMap(view: SystemMapView): SystemMapResult {
  return mapOfIndex(portfolioIndex(), view);
}

/** `id`: the ids named relative to the repository, as system/register.ts answers (none: as the model has them). */
function mapOfIndex(workspace: WorkspaceIndex, view: SystemMapView, id: (id: string) => string = (x) => x): SystemMapResult {
  const graph = viewOf(workspace, systemContributors(families), [], view);
  return {
    view,
    system: graph.system,
    nodes: graph.nodes.map(({ members: _members, ...node }) => ({ ...node, id: id(node.id), ...(node.group !== undefined ? { group: id(node.group) } : {}) })),
    edges: graph.edges.map((edge) => ({ ...edge, from: id(edge.from), to: id(edge.to) })),
    groups: graph.groups.map((group) => ({ ...group, id: id(group.id), ...(group.parent !== undefined ? { parent: id(group.parent) } : {}) })),
    ms: 1,
  };
}

/** A view of the files of `root` (a repository: a copy of the example, changed) as `archipel/systemMap` answers it, its ids relative to `root`. */
export function folderMap(root: string, view: SystemMapView): SystemMapResult {
  const folder = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (name === '.git') continue;
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ya?ml|json|md|mmd)$|Dockerfile$/.test(name)) folder.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    }
  };
  walk(root);
  return mapOfIndex(folder, view, repositoryIdOf([root]));
}

/**
 * A 25-component map as a real shop's deploy files give it (a front end, a gateway, fourteen services,
 * stores, a broker, monitoring): fan-outs and fan-ins whose labels stacked on each other before (issue #69).
 */
export function shopMap(): SystemMapResult {
  const source = { uri: 'file:///ws/k8s/shop.yaml', range: { start: { line: 3, character: 2 }, end: { line: 3, character: 10 } } };
  const kinds: Record<string, [string, string | undefined]> = {
    Users: ['person', undefined],
    'web-frontend': ['service', 'Node.js'],
    'api-gateway': ['service', 'Envoy'],
    'auth-service': ['service', 'Go'],
    'user-service': ['service', 'Java'],
    'catalog-service': ['service', 'Python'],
    'search-service': ['service', 'Go'],
    'cart-service': ['service', 'C#'],
    'checkout-service': ['service', 'Go'],
    'payment-service': ['service', 'Node.js'],
    'shipping-service': ['service', 'Go'],
    'inventory-service': ['service', 'Java'],
    'order-service': ['service', 'Java'],
    'notification-service': ['service', 'Python'],
    'recommendation-service': ['service', 'Python'],
    'review-service': ['service', 'Ruby'],
    'email-worker': ['job', 'Python'],
    'image-resizer': ['job', 'Rust'],
    'orders-db': ['datastore', 'PostgreSQL'],
    'users-db': ['datastore', 'PostgreSQL'],
    'catalog-db': ['datastore', 'MongoDB'],
    'redis-cache': ['datastore', 'Redis'],
    kafka: ['broker', 'Kafka'],
    elasticsearch: ['datastore', 'Elasticsearch'],
    prometheus: ['monitor', 'Prometheus'],
  };
  const id = (name: string) => (name === 'Users' ? 'person:users' : `k8s:Deployment/shop/${name}`);
  const nodes = Object.entries(kinds).map(([name, [kind, technology]]) => ({ id: id(name), kind, name, ...(technology ? { technology } : {}), family: name === 'Users' ? 'system' : 'kubernetes', ...(name === 'Users' ? {} : { namespace: 'shop' }), sources: [source] }));
  const calls: [string, string, string, string?][] = [
    ['Users', 'web-frontend', ':443'],
    ['web-frontend', 'api-gateway', 'HTTP :8080'],
    ['api-gateway', 'auth-service', 'gRPC :50051'],
    ['api-gateway', 'user-service', 'HTTP :8081'],
    ['api-gateway', 'catalog-service', 'HTTP :8082'],
    ['api-gateway', 'search-service', 'HTTP :8083'],
    ['api-gateway', 'cart-service', 'gRPC :7070'],
    ['api-gateway', 'checkout-service', 'gRPC :5050'],
    ['api-gateway', 'review-service', 'HTTP :3000'],
    ['api-gateway', 'recommendation-service', 'gRPC :8089'],
    ['auth-service', 'users-db', 'PostgreSQL :5432'],
    ['auth-service', 'redis-cache', 'Redis :6379'],
    ['user-service', 'users-db', 'PostgreSQL :5432'],
    ['catalog-service', 'catalog-db', 'MongoDB :27017'],
    ['catalog-service', 'image-resizer', 'HTTP :9000'],
    ['search-service', 'elasticsearch', 'HTTP :9200'],
    ['cart-service', 'redis-cache', 'Redis :6379'],
    ['checkout-service', 'cart-service', 'gRPC :7070'],
    ['checkout-service', 'payment-service', 'gRPC :50051'],
    ['checkout-service', 'shipping-service', 'gRPC :50051'],
    ['checkout-service', 'order-service', 'HTTP :8085'],
    ['checkout-service', 'inventory-service', 'gRPC :50052'],
    ['order-service', 'orders-db', 'PostgreSQL :5432'],
    ['order-service', 'kafka', 'publishes order-events (Kafka :9092)'],
    ['kafka', 'notification-service', 'order-events'],
    ['kafka', 'inventory-service', 'order-events'],
    ['notification-service', 'email-worker', 'HTTP :8090'],
    ['inventory-service', 'catalog-db', 'MongoDB :27017'],
    ['recommendation-service', 'catalog-service', 'gRPC :3550'],
    ['review-service', 'catalog-db', 'MongoDB :27017'],
    ['shipping-service', 'orders-db', 'PostgreSQL :5432'],
    ['prometheus', 'api-gateway', 'scrapes /metrics', 'scrapes'],
    ['prometheus', 'checkout-service', 'scrapes /metrics', 'scrapes'],
    ['prometheus', 'order-service', 'scrapes /metrics', 'scrapes'],
    ['Users', 'prometheus', ':9090'],
  ];
  const edges = calls.map(([from, to, label, kind]) => ({ from: id(from), to: id(to), kind: kind ?? 'calls', label, sources: [source] }));
  return { view: 'containers', system: 'shop', nodes, edges, groups: [], ms: 1 };
}
