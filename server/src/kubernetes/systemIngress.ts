/**
 * An Ingress's routes as the system map draws them (issue #95): each rule's path to its Service, with the rule's host and
 * path, in both forms Kubernetes has had — `networking.k8s.io/v1`'s `backend.service.{name,port}` and the older
 * `extensions/v1beta1` / `networking.k8s.io/v1beta1` `backend.{serviceName,servicePort}` (and `spec.backend` for the
 * default backend), which eventuate-tram's manifests still use.
 */
import { get, isObject, type Json, type Path } from './model/workloads';

export interface IngressRoute {
  /** The Service routed to. */
  service: string;
  port?: number | string;
  /** What the reader sees of the rule: `shop.example.com/orders`, `/orders`; absent for the default backend. */
  rule?: string;
  /** Where the Service's name is said. */
  at: Path;
}

/** The Service a backend names, in either form, with the path of its name. */
function backendService(backend: Json | undefined, path: Path): { service: string; port?: number | string; at: Path } | undefined {
  const service = get(backend, ['service']);
  if (isObject(service) && typeof service.name === 'string') {
    const port = get(service, ['port', 'number']) ?? get(service, ['port', 'name']);
    return { service: service.name, ...(typeof port === 'number' || typeof port === 'string' ? { port } : {}), at: [...path, 'service', 'name'] };
  }
  const name = get(backend, ['serviceName']);
  if (typeof name !== 'string') return undefined;
  const port = get(backend, ['servicePort']);
  // `servicePort: "8081"` is a number written as a string; `servicePort: http` names the Service's port.
  const number = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  return { service: name, ...(typeof number === 'number' || typeof number === 'string' ? { port: number } : {}), at: [...path, 'serviceName'] };
}

/** Each backend of an Ingress: its default backend, then every rule's paths with the rule's host and path. */
export function ingressRoutes(value: Json): IngressRoute[] {
  const routes: IngressRoute[] = [];
  for (const key of ['defaultBackend', 'backend']) {
    const found = backendService(get(value, ['spec', key]), ['spec', key]);
    if (found) routes.push(found);
  }
  const rules = get(value, ['spec', 'rules']);
  if (!Array.isArray(rules)) return routes;
  rules.forEach((rule, i) => {
    const host = get(rule, ['host']);
    const paths = get(rule, ['http', 'paths']);
    if (!Array.isArray(paths)) return;
    paths.forEach((entry, j) => {
      const found = backendService(get(entry, ['backend']), ['spec', 'rules', i, 'http', 'paths', j, 'backend']);
      if (!found) return;
      const path = get(entry, ['path']);
      const rule = `${typeof host === 'string' ? host : ''}${typeof path === 'string' ? path : ''}`;
      routes.push({ ...found, ...(rule ? { rule } : {}) });
    });
  });
  return routes;
}
