/**
 * What a monitoring configuration stands for in the containers view when no component mounts it (issue #95): the
 * component whose build copies it in.
 */
import { technologyOfImage } from '../features/system/technology';
import type { SystemModel } from './model';

/**
 * The monitoring configurations no component mounts, each with the one component running what the nearest Dockerfile
 * above it builds from a monitoring product's image: that build copies it in (ewolff/microservice-consul's
 * `docker/prometheus/`: a Dockerfile `FROM prom/prometheus` beside its prometheus.yml, built by the Compose service
 * `prometheus`). Several components running that build, or none, and the file stands for none.
 */
export function builtMonitors<Node>(model: SystemModel, representative: ReadonlyMap<string, Node>, mounted: ReadonlyMap<string, string>): Map<string, Node> {
  const found = new Map<string, Node>();
  const monitors = model.nodes.filter((n) => n.kind === 'monitor' && n.id.startsWith('file:') && !mounted.has(n.id));
  if (monitors.length === 0) return found;
  // The folder of each Dockerfile building an image, and the view nodes of the components running that image.
  const imagesOf = new Map<string, string[]>();
  const runners = new Map<string, Set<Node>>();
  for (const edge of model.edges) {
    if (edge.kind === 'builds' && edge.from.startsWith('file:')) {
      // A build of a monitoring product only (`FROM prom/prometheus`): an application's context may hold a stray config.
      const base = model.node(edge.from)?.from?.[0];
      if (base === undefined || technologyOfImage(base)?.kind !== 'monitoring') continue;
      const folder = edge.from.slice('file:'.length, Math.max('file:'.length, edge.from.lastIndexOf('/')));
      imagesOf.set(folder, [...(imagesOf.get(folder) ?? []), edge.to]);
    } else if (edge.kind === 'runs') {
      const node = representative.get(edge.from);
      if (!node) continue;
      const known = runners.get(edge.to);
      if (known) known.add(node);
      else runners.set(edge.to, new Set([node]));
    }
  }
  for (const monitor of monitors) {
    const path = monitor.id.slice('file:'.length);
    // The nearest build folder holding the file.
    let folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    while (!imagesOf.has(folder) && folder !== '') folder = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
    const nodes = new Set<Node>();
    for (const image of imagesOf.get(folder) ?? []) for (const node of runners.get(image) ?? []) nodes.add(node);
    if (nodes.size === 1) found.set(monitor.id, [...nodes][0]);
  }
  return found;
}
